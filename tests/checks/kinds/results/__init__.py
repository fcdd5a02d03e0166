"""Reference values of the ``tests/checks/kinds`` tests: statcheck's and scrutiny's documented answers."""
