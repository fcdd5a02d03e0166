"""Checks: the engine that judges a printed number, and every kind of check.

:mod:`analysis.checks.engine` declares what a kind is and evaluates one check;
it imports no kind. Each module of :mod:`analysis.checks.kinds` declares its
kinds with :func:`analysis.checks.engine.kind`; importing this package
imports them all, so :data:`KINDS` is complete whenever ``analysis.checks``
(or any module below it) has been imported.

>>> from analysis.checks import KINDS
>>> {"growth", "t_from_summaries", "grim", "claim", "p_from_statistic"} <= set(KINDS)
True
"""
from analysis.checks import kinds  # noqa: F401 - registers every kind
from analysis.checks.engine import KINDS, Kind, Operand, Options, Outcome, evaluate

__all__ = ["KINDS", "Kind", "Operand", "Options", "Outcome", "evaluate", "kinds"]
