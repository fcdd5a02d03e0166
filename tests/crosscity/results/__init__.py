"""Reference values of the ``tests/crosscity`` known-answer tests, each beside its source."""
