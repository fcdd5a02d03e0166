"""The compendium's controlled vocabularies: verdicts, finding categories, severities.

Every module compares members of these enumerations, never display text or
note wording. Each member is a :class:`str` (its value is what the CSV
outputs hold), and carries its English and Chinese label; a verdict also
carries the symbol that makes it legible without colour.

>>> Verdict("inconsistent_conclusion").symbol, Verdict.CONSISTENT_IF_ROUNDING.is_consistent
('✗!', True)
>>> Verdict.worst(["consistent", "inconsistent"])
<Verdict.INCONSISTENT: 'inconsistent'>
>>> Category.TYPOGRAPHICAL_ERROR.label("zh")
'排印错误'
>>> Severity("material") > Severity("minor")
True
"""
from __future__ import annotations

from enum import Enum
from typing import Iterable

__all__ = ["Verdict", "Category", "Severity", "label"]


class _Labelled(str, Enum):
    """A string enumeration whose members have English and Chinese labels."""

    def __new__(cls, value: str, en: str, zh: str, *extra):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.en, obj.zh = en, zh
        obj._extra = extra
        return obj

    def __str__(self) -> str:  # the CSV value, not "Verdict.CONSISTENT"
        return self.value

    def label(self, lang: str = "en") -> str:
        """Label in ``"en"``, ``"zh"`` or ``"both"`` (``"en / zh"``)."""
        return {"en": self.en, "zh": self.zh}.get(lang, f"{self.en} / {self.zh}")

    @property
    def rank(self) -> int:
        """Position in declaration order (0 = first)."""
        return list(type(self)).index(self)


class Verdict(_Labelled):
    """Verdict on one printed number, in order of increasing seriousness.

    ``invalid`` is given only by the audit command, to an input row that
    cannot be checked (its reason in the note); the compendium's own build
    stops on bad input instead.
    """

    CONSISTENT = ("consistent", "reproduces", "可重现", "✓")
    CONSISTENT_IF_ROUNDING = ("consistent_if_rounding", "reproduces only under another rounding rule",
                              "仅在其他舍入规则下可重现", "≈")
    INCONSISTENT = ("inconsistent", "does not reproduce", "不可重现", "✗")
    INCONSISTENT_CONCLUSION = ("inconsistent_conclusion", "does not reproduce; the significance decision changes",
                               "不可重现，且显著性结论改变", "✗!")
    INVALID = ("invalid", "cannot be checked (bad input)", "无法核查（输入有误）", "?")

    @property
    def symbol(self) -> str:
        """A character that carries the verdict without colour."""
        return self._extra[0]

    @property
    def is_consistent(self) -> bool:
        """True for ``consistent`` and ``consistent_if_rounding``."""
        return self in (Verdict.CONSISTENT, Verdict.CONSISTENT_IF_ROUNDING)

    @property
    def is_inconsistent(self) -> bool:
        """True for ``inconsistent`` and ``inconsistent_conclusion``."""
        return self in (Verdict.INCONSISTENT, Verdict.INCONSISTENT_CONCLUSION)

    @classmethod
    def worst(cls, verdicts: Iterable[str]) -> "Verdict":
        """The most serious of several verdicts (``consistent`` if there are none)."""
        return max((cls(v) for v in verdicts), key=lambda v: v.rank, default=cls.CONSISTENT)


class Category(_Labelled):
    """What kind of problem a finding is (see the README for each definition)."""

    CALCULATION_ERROR = ("calculation_error", "calculation error", "计算错误")
    TYPOGRAPHICAL_ERROR = ("typographical_error", "typographical error", "排印错误")
    LABELLING_ERROR = ("labelling_error", "labelling error", "标注错误")
    INCONSISTENT_TEST = ("inconsistent_test", "inconsistent test", "检验结果不一致")
    APPROXIMATE_CLAIM = ("approximate_claim", "approximate claim not supported", "约数说法与数据不符")
    UNSUPPORTED_CLAIM = ("unsupported_claim", "unsupported claim", "说法无数据支持")
    IMPOSSIBLE_VALUE = ("impossible_value", "impossible value", "不可能的数值")
    INTERNAL_CONTRADICTION = ("internal_contradiction", "internal contradiction", "内部矛盾")
    REPORTING_CONVENTION = ("reporting_convention", "reporting convention (not an error)", "报告惯例（非错误）")


class Severity(_Labelled):
    """How much a finding matters, in order of increasing seriousness."""

    NOTE = ("note", "note", "备注")
    MINOR = ("minor", "minor", "轻微")
    MATERIAL = ("material", "material", "实质性")
    CHANGES_CONCLUSION = ("changes_conclusion", "changes a conclusion", "改变结论")

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


def label(value: str, lang: str = "en") -> str:
    """Label of any vocabulary value, whichever enumeration it belongs to.

    >>> label("changes_conclusion", "zh"), label("consistent_if_rounding")
    ('改变结论', 'reproduces only under another rounding rule')
    """
    for enum in (Verdict, Category, Severity):
        try:
            return enum(value).label(lang)
        except ValueError:
            continue
    raise ValueError(f"not a verdict, category or severity: {value!r}")
