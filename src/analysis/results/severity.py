"""Severity by consequence: one function, :func:`grade`, applies the written criteria (README, "Severity by
consequence") to a finding and says which criterion applied and why.

The criteria, in the order they are applied (:class:`analysis.core.vocab.Criterion`):

1. ``convention`` -> ``note``: a reporting convention, not an error (a p floor, another rounding rule);
2. ``undecidable`` -> ``note``: whether the printed number is wrong cannot be decided from what is printed
   (the register says so: a share of people over person-times, wrong only if someone was counted twice);
3. ``tolerance`` -> ``minor``: the verdict of an "about x" turns on the tolerance alone (it differs between
   5%, 10%, 15% and 20%), whatever the register says, since the tolerance is a convention of ours;
4. ``conclusion_fails`` -> ``changes_conclusion``: a conclusion the paper draws no longer follows, under
   every reading that reconciles the printed numbers;
5. ``conclusion_rests`` -> ``material``: a number or statement a conclusion rests on is wrong or
   unsupported, the conclusion still following or which reading holds not being decidable;
6. ``isolated`` -> ``minor``: an isolated slip that changes no conclusion;
7. ``unassessed``: no row in the register (a new study): graded by the kind of problem alone, as before the
   register existed (:func:`by_kind`), and said so.

Whether a conclusion rests on a number and still follows is a reading of the paper: it comes from our
register (:mod:`analysis.data.conclusions`, with its reason); everything else is computed from the ledger.

>>> import pandas as pd
>>> from analysis.core.vocab import Category
>>> rows = pd.DataFrame({"verdict": ["inconsistent"], "reported": ["~40"], "recomputed": ["47.06"], "low": [""],
...                      "high": [""], "verdict_tol05": ["inconsistent"], "verdict_tol10": ["inconsistent"],
...                      "verdict_tol15": ["inconsistent"], "verdict_tol20": ["consistent"]})
>>> g = grade(rows, Category.APPROXIMATE_CLAIM, None)
>>> g.severity.value, g.criterion.value
('minor', 'tolerance')
>>> from analysis.text.catalogue import render
>>> render(g.reason, "en")
'Minor: the verdict turns on the tolerance of "about" alone (it holds at 20%, not at 5%, 10%, 15%).'
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core.rounding import parse_printed
from analysis.core.vocab import Category, Criterion, Severity, Verdict
from analysis.data.conclusions import Consequence
from analysis.results.ledger import TOLERANCE_COLUMNS, TOLERANCES
from analysis.text.catalogue import Join, Msg

__all__ = ["Grade", "grade", "by_kind", "tolerance_dependent", "relative_discrepancy"]

_ALWAYS_MATERIAL = (Category.INCONSISTENT_TEST, Category.IMPOSSIBLE_VALUE, Category.INTERNAL_CONTRADICTION,
                    Category.UNSUPPORTED_CLAIM)
_BY_CONSEQUENCE = {"undecidable": Criterion.UNDECIDABLE, "fails": Criterion.CONCLUSION_FAILS,
                   "rests": Criterion.CONCLUSION_RESTS, "none": Criterion.ISOLATED}


@dataclass(frozen=True)
class Grade:
    """A finding's severity, the criterion that gave it and why (a message: the criterion, then the reason)."""

    severity: Severity
    criterion: Criterion
    reason: Msg


def relative_discrepancy(row) -> float | None:
    """Distance of the printed value from the recomputed range, relative to the recomputed value.

    >>> relative_discrepancy({"reported": "24.64", "recomputed": "34.6356", "low": "34.6356", "high": "34.6356"})  # doctest: +ELLIPSIS
    0.2885...
    """
    try:
        p = float(parse_printed(str(row["reported"])).value)
        r = float(row["recomputed"])
    except (ValueError, TypeError):
        return None
    lo = float(row["low"]) if str(row.get("low", "")) not in ("", "nan") else r
    hi = float(row["high"]) if str(row.get("high", "")) not in ("", "nan") else r
    gap = 0.0 if lo <= p <= hi else min(abs(p - lo), abs(p - hi))
    return gap / abs(r) if r else (float("inf") if gap else 0.0)


def by_kind(rows: pd.DataFrame, category: Category, material: float = 0.05) -> Severity:
    """The severity of an unassessed finding, by the kind of problem alone: ``changes_conclusion`` when a
    significance decision flips at alpha, ``note`` for a reporting convention, ``material`` for an
    inconsistent test, an impossible value, an internal contradiction, an unsupported claim or a printed value
    further than ``material`` (relative) from the recomputed range, ``minor`` otherwise."""
    if any(Verdict(v) is Verdict.INCONSISTENT_CONCLUSION for v in rows["verdict"]):
        return Severity.CHANGES_CONCLUSION
    if category is Category.REPORTING_CONVENTION:
        return Severity.NOTE
    if category in _ALWAYS_MATERIAL:
        return Severity.MATERIAL
    gaps = [g for g in (relative_discrepancy(r) for r in rows.to_dict("records")) if g is not None]
    return Severity.MATERIAL if gaps and max(gaps) > material else Severity.MINOR


def tolerance_dependent(rows: pd.DataFrame) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """For a finding that exists at some of the tolerances of :data:`analysis.results.ledger.TOLERANCES` and
    not at others (its only problems are "about x" claims whose verdict changes with the tolerance): the
    tolerances at which it disappears (every claim holds) and those at which it stands; None otherwise (a row
    whose verdict does not depend on the tolerance is flagged, or no verdict changes)."""
    if not set(TOLERANCE_COLUMNS) <= set(rows.columns):
        return None
    fixed = rows[rows[TOLERANCE_COLUMNS[0]] == ""]
    if any(Verdict(v).is_flagged for v in fixed["verdict"]):
        return None
    tol = rows[rows[TOLERANCE_COLUMNS[0]] != ""]
    if tol.empty:
        return None
    holds = tuple(t for t, c in zip(TOLERANCES, TOLERANCE_COLUMNS)
                  if all(Verdict(v).is_consistent for v in tol[c]))
    if not holds or len(holds) == len(TOLERANCES):
        return None
    return holds, tuple(t for t in TOLERANCES if t not in holds)


def _pcts(values: tuple[float, ...]) -> Join:
    return Join("sep.comma", tuple(f"{round(v * 100)}%" for v in values))


def grade(rows: pd.DataFrame, category: Category, consequence: Consequence | None, material: float = 0.05) -> Grade:
    """The severity of one finding by the written criteria (module docstring), its criterion and why.

    Parameters
    ----------
    rows : pandas.DataFrame
        The finding's ledger rows (``verdict``, ``reported``, ``recomputed``, ``low``, ``high`` and the
        tolerance columns :data:`analysis.results.ledger.TOLERANCE_COLUMNS`).
    category : Category
        The finding's category.
    consequence : Consequence or None
        The register's row for the finding (:func:`analysis.data.conclusions.load_conclusions`), or None.
    material : float
        For an unassessed finding only: the relative discrepancy above which it is material.
    """
    reason = Msg.of("criterion.then", reason=consequence.reason) if consequence else ""
    if category is Category.REPORTING_CONVENTION:
        return Grade(Severity.NOTE, Criterion.CONVENTION, Msg.of("criterion.convention", reason=reason))
    if consequence is not None and consequence.consequence == "undecidable":
        return Grade(Severity.NOTE, Criterion.UNDECIDABLE, Msg.of("criterion.undecidable", reason=reason))
    tol = tolerance_dependent(rows)
    if tol is not None:
        return Grade(Severity.MINOR, Criterion.TOLERANCE,
                     Msg.of("criterion.tolerance", holds=_pcts(tol[0]), fails=_pcts(tol[1]), reason=reason))
    if consequence is None:
        sev = by_kind(rows, category, material)
        return Grade(sev, Criterion.UNASSESSED, Msg.of("criterion.unassessed", severity=Msg.of(f"severity.{sev.value}")))
    criterion = _BY_CONSEQUENCE[consequence.consequence]
    return Grade(criterion.severity, criterion, Msg.of(f"criterion.{criterion.value}", reason=reason))
