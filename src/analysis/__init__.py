"""Reproduction and re-analysis of five Chinese publications on medical consortia.

Modules, one per concern:

- :mod:`analysis.paths` - every path the project reads or writes;
- :mod:`analysis.errors` - the bad-input exception;
- :mod:`analysis.rounding` - printed numbers as intervals, verdicts;
- :mod:`analysis.counts` - growth rates, shares, sums, kinds of change;
- :mod:`analysis.inference` - t, chi-square, Fisher, p from a statistic;
- :mod:`analysis.effects` - effect sizes with confidence intervals;
- :mod:`analysis.datapackage` - loading and validating the data package;
- :mod:`analysis.checks` - the check specifications and the ledger;
- :mod:`analysis.narrative` - generated text in English and Chinese;
- :mod:`analysis.figures` - one deterministic figure style;
- :mod:`analysis.params` - notebook parameters and their validation;
- :mod:`analysis.report` - what the notebooks call;
- :mod:`analysis.build` - command-line entry points used by the Makefile.
"""
__all__: list[str] = []
