"""A pytest plugin loaded before all others (``-p analysis.pytest_plugin`` in ``pyproject.toml``).

It skips jsonschema's optional IRI grammar, as the build does
(:func:`analysis.build.kernels.quiet_imports`): nbval imports jsonschema while
pytest loads its plugins, and building that grammar costs about 1.5 s in
every test process.

>>> import sys
>>> sys.modules["rfc3987_syntax"] is None
True
"""
from analysis.build.kernels import quiet_imports

quiet_imports()
