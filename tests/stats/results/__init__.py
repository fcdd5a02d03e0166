"""Reference values of the ``tests/stats`` known-answer tests, each beside the call that produced it.

As in statsmodels' ``results/`` folders: R output pasted with its call (R 4.2.2 unless said otherwise),
a textbook page, or a value computed by hand with its formula. The tests import these modules; a value
here is never computed with the package under test.
"""
