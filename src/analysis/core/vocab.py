"""The compendium's controlled vocabularies: verdicts, finding categories, severities and the criteria of severity.

Every module compares members of these enumerations, never display text or
note wording. Each member is a :class:`str` (its value is what the CSV
outputs hold); a verdict also carries the symbol that makes it legible
without colour. Their words, in English and Chinese, are messages of the
catalogue (``verdict.<value>``, ``category.<value>``, ``severity.<value>``:
:func:`analysis.text.labels.term`), so this layer holds no display text.

>>> Verdict("inconsistent_conclusion").symbol, Verdict.CONSISTENT_IF_ROUNDING.is_consistent
('✗!', True)
>>> Verdict.worst(["consistent", "inconsistent"])
<Verdict.INCONSISTENT: 'inconsistent'>
>>> Severity("material") > Severity("minor")
True
>>> Verdict.UNDECIDABLE.is_flagged, Verdict.CONSISTENT_IF_ROUNDING.is_flagged
(False, True)
>>> Criterion("conclusion_rests").severity
<Severity.MATERIAL: 'material'>
"""
from __future__ import annotations

from enum import Enum
from functools import cache
from typing import Iterable

__all__ = ["Verdict", "Category", "Severity", "Criterion"]


class _Ranked(str, Enum):
    """A string enumeration ordered by declaration."""

    def __str__(self) -> str:  # the CSV value, not "Verdict.CONSISTENT"
        return self.value

    @property
    def rank(self) -> int:
        """Position in declaration order (0 = first)."""
        return _order(type(self))[self._name_]


@cache
def _order(cls: type) -> dict[str, int]:
    return {m._name_: i for i, m in enumerate(cls)}


class Verdict(_Ranked):
    """Verdict on one printed number, in order of increasing seriousness.

    ``undecidable`` is an outcome of its own: the printed material neither
    supports nor contradicts what is checked (a search cutoff that a later
    reference cannot contradict; the same round figure given for two sites).
    It is shown as such and never counted as a problem: it belongs to no
    finding. Only claims of the text can be undecidable, so the audit, whose
    kinds are all computations, never gives it.

    ``invalid`` is given only by the audit command, to an input row that
    cannot be checked (its reason in the note); the compendium's own build
    stops on bad input instead.
    """

    CONSISTENT = "consistent"
    CONSISTENT_IF_ROUNDING = "consistent_if_rounding"
    UNDECIDABLE = "undecidable"
    INCONSISTENT = "inconsistent"
    INCONSISTENT_CONCLUSION = "inconsistent_conclusion"
    INVALID = "invalid"

    @property
    def symbol(self) -> str:
        """A character that carries the verdict without colour."""
        return _SYMBOLS[self.value]

    @property
    def is_consistent(self) -> bool:
        """True for ``consistent`` and ``consistent_if_rounding``."""
        return self in (Verdict.CONSISTENT, Verdict.CONSISTENT_IF_ROUNDING)

    @property
    def is_inconsistent(self) -> bool:
        """True for ``inconsistent`` and ``inconsistent_conclusion``."""
        return self in (Verdict.INCONSISTENT, Verdict.INCONSISTENT_CONCLUSION)

    @property
    def is_flagged(self) -> bool:
        """The verdict belongs to a finding: anything but ``consistent``, ``undecidable`` and ``invalid``."""
        return self not in (Verdict.CONSISTENT, Verdict.UNDECIDABLE, Verdict.INVALID)

    @classmethod
    def worst(cls, verdicts: Iterable[str]) -> "Verdict":
        """The most serious of several verdicts (``consistent`` if there are none)."""
        return max((cls(v) for v in verdicts), key=lambda v: v.rank, default=cls.CONSISTENT)


_SYMBOLS = {"consistent": "✓", "consistent_if_rounding": "≈", "undecidable": "○", "inconsistent": "✗",
            "inconsistent_conclusion": "✗!", "invalid": "?"}


class Category(_Ranked):
    """What kind of problem a finding is (see the README for each definition)."""

    CALCULATION_ERROR = "calculation_error"
    TYPOGRAPHICAL_ERROR = "typographical_error"
    LABELLING_ERROR = "labelling_error"
    INCONSISTENT_TEST = "inconsistent_test"
    APPROXIMATE_CLAIM = "approximate_claim"
    UNSUPPORTED_CLAIM = "unsupported_claim"
    IMPOSSIBLE_VALUE = "impossible_value"
    INTERNAL_CONTRADICTION = "internal_contradiction"
    MIXED_UNITS = "mixed_units"
    RAW_COUNT_GROWTH = "raw_count_growth"
    REPORTING_CONVENTION = "reporting_convention"


class Severity(_Ranked):
    """How much a finding matters, in order of increasing seriousness."""

    NOTE = "note"
    MINOR = "minor"
    MATERIAL = "material"
    CHANGES_CONCLUSION = "changes_conclusion"

    def __lt__(self, other):  # order by seriousness, not alphabetically
        if isinstance(other, Severity):
            return self.rank < other.rank
        return NotImplemented

    def __gt__(self, other):
        if isinstance(other, Severity):
            return self.rank > other.rank
        return NotImplemented

    def __le__(self, other):
        return self == other or self < other

    def __ge__(self, other):
        return self == other or self > other


class Criterion(_Ranked):
    """Which written criterion of severity a finding was graded by (README, "Severity by consequence").

    Applied in one place (:func:`analysis.results.severity.grade`); each gives
    one severity:

    ====================  ======================  ==========================================================
    criterion             severity                when
    ====================  ======================  ==========================================================
    ``convention``        ``note``                a reporting convention, not an error
    ``undecidable``       ``note``                whether the printed number is wrong cannot be decided
                                                  from what is printed
    ``tolerance``         ``minor``               the verdict turns on the tolerance of "about x" alone
    ``conclusion_fails``  ``changes_conclusion``  a conclusion the paper draws no longer follows, under
                                                  every reading that reconciles the printed numbers
    ``conclusion_rests``  ``material``            a number or statement a conclusion rests on is wrong or
                                                  unsupported (the conclusion may still follow)
    ``isolated``          ``minor``               an isolated slip that changes no conclusion
    ``unassessed``        by the kind of problem  no conclusion has been recorded for the finding (a new
                                                  study): graded by its category and size alone
    ====================  ======================  ==========================================================
    """

    CONVENTION = "convention"
    UNDECIDABLE = "undecidable"
    TOLERANCE = "tolerance"
    CONCLUSION_FAILS = "conclusion_fails"
    CONCLUSION_RESTS = "conclusion_rests"
    ISOLATED = "isolated"
    UNASSESSED = "unassessed"

    @property
    def severity(self) -> Severity | None:
        """The severity the criterion gives (None for ``unassessed``: by the kind of problem)."""
        return _CRITERION_SEVERITY[self.value]


_CRITERION_SEVERITY = {"convention": Severity.NOTE, "undecidable": Severity.NOTE, "tolerance": Severity.MINOR,
                       "conclusion_fails": Severity.CHANGES_CONCLUSION, "conclusion_rests": Severity.MATERIAL,
                       "isolated": Severity.MINOR, "unassessed": None}
