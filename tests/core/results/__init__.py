"""Reference values of the ``tests/core`` known-answer tests, each beside its source."""
