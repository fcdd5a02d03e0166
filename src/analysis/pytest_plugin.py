"""A pytest plugin loaded before all others (``-p analysis.pytest_plugin`` in ``pyproject.toml``).

It skips jsonschema's optional IRI grammar, as the build does
(:func:`analysis.notebooks.quiet_imports`): nbval imports jsonschema while
pytest loads its plugins, and building that grammar costs about 1.5 s in
every test process.

>>> import sys
>>> sys.modules["rfc3987_syntax"] is None
True
"""
import sys

__all__: list[str] = []

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
