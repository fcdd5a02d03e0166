"""Reference values of the ``tests/results`` known-answer tests (the five studies' ledger), each beside its source."""
