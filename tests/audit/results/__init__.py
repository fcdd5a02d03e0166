"""Reference values of the ``tests/audit`` known-answer tests, each beside its source."""
