"""The vocabularies in words, and the languages a page shows.

Every label and sentence comes from the catalogue (:func:`analysis.text.catalogue.say`,
the one helper for ``en``, ``zh`` and ``both``); this module adds the words
of the controlled vocabularies (:mod:`analysis.core.vocab`: message
``verdict.<value>``, ``verdict_short.<value>``, ``category.<value>``,
``severity.<value>``) and the languages of a page.

>>> term(Verdict.INCONSISTENT_CONCLUSION, "en"), short_term("inconsistent_conclusion", "en")
('does not reproduce; the significance decision changes', 'flips a significance decision')
>>> term(Category.TYPOGRAPHICAL_ERROR, "zh"), langs("both")
('排印错误', ['en', 'zh'])
"""
from __future__ import annotations

from analysis.core.vocab import Category, Severity, Verdict
from analysis.text.catalogue import BOTH_SEP, say

__all__ = ["langs", "localized", "term", "short_term"]

_FAMILY = {Verdict: "verdict.", Category: "category.", Severity: "severity."}  # message id: prefix + value


def langs(lang: str) -> list[str]:
    """The languages a page in ``lang`` shows, in order."""
    return ["en", "zh"] if lang == "both" else [lang]


def localized(mid: str, lang: str, **params) -> list[tuple[str, str]]:
    """``[(lang, text)]`` for a message, one entry per language shown (a sentence in each, never mixed).

    >>> localized("label.none_bad", "both")[1]
    ('zh', '所有核查的数值均可重现。')
    """
    return [(lg, say(mid, lg, **params)) for lg in langs(lang)]


def term(member: Verdict | Category | Severity, lang: str, sep: str = BOTH_SEP) -> str:
    """A verdict, category or severity in words (the legend's wording of a verdict)."""
    return say(_FAMILY[type(member)] + member.value, lang, sep)


def short_term(verdict: str, lang: str) -> str:
    """A verdict in a word or two, as a badge shows it."""
    return say(f"verdict_short.{Verdict(verdict).value}", lang)
