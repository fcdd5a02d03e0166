"""Reference values of the ``tests/checks`` known-answer tests, each beside its source."""
