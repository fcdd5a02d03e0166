"""Numbers as a reader sees them: the one module of formatters for recomputed values.

Every recomputed value shown anywhere goes through one of these functions;
they differ on purpose, by where the number is read:

=======================  ============================================================================
function                 where, and how it differs
=======================  ============================================================================
:func:`format_number`    the base: to given decimals under a rounding rule; a p-value as ``<0.001``,
                         three significant digits below 0.1, else the decimals (at least three)
:func:`format_recomputed` a printed table's cell and the reproduced tables: the printed value's
                         decimals under the run's rounding rule, so the column lines up with the
                         printed values (``0.200`` beside a printed ``0.185``)
:func:`shown`            a sentence (a finding's summary): a p to three significant digits whatever
                         its size (``0.2``, not ``0.200``), an approximate claim ("about 40") to two
                         decimals, so the reader sees how far it is from the round number
:func:`short`            the narrative's list of numbers that do not reproduce: four significant
                         digits whatever the printed decimals (magnitudes are compared; the table
                         beside it has the printed decimals)
:func:`sig`              a re-analysis estimate: three significant digits, whole numbers from 100
:func:`df_text`          degrees of freedom: whole from 10 on, one decimal below
:func:`trim`             a table cell's trailing zeros beyond the printed decimals
=======================  ============================================================================

>>> format_number(34.6356, 2), format_recomputed("24.64", "34.6356", is_p=False), shown("24.64", "34.6356")
('34.64', '34.64', '34.64')
>>> format_recomputed("0.185", "0.2", is_p=True), shown("0.185", "0.2", p_value=True), short("0.2")
('0.200', '0.2', '0.2')
>>> shown_pair("24.64", "34.6356", False, "inconsistent")
'24.64 → 34.64'
"""
from __future__ import annotations

import math
import re
from typing import Any

from analysis.core.rounding import RULES, format_fixed, parse_printed
from analysis.core.vocab import Verdict
from analysis.text.catalogue import say

__all__ = ["format_number", "trim", "decimals_of", "format_recomputed", "shown", "short", "sig", "df_text",
           "shown_pair", "printed_or_claim", "truth", "UNDECIDED"]


def format_number(x: Any, decimals: int, is_p: bool = False, rule: str = "half_up") -> str:
    """A recomputed number for reading: the printed value's decimals; p-values as ``<0.001`` or 3 significant digits.

    >>> format_number(1.304e-101, 3, is_p=True), format_number(0.0561301, 3, is_p=True)
    ('<0.001', '0.0561')
    >>> format_number(34.6356, 2), format_number("", 2), format_number(float("nan"), 1), format_number("false", 0)
    ('34.64', '', '', 'false')
    """
    if x is None or x == "":
        return ""
    try:
        x = float(x)
    except ValueError:  # a claim's truth value ("true", "false") is shown as it is
        return str(x)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if is_p:
        if x < 0.001:
            return "<0.001"
        return f"{x:.3g}" if x < 0.1 else format_fixed(x, max(decimals, 3), rule)
    return format_fixed(x, decimals, rule)


def trim(text: str, decimals: int) -> str:
    """Drop trailing zeros beyond the printed value's decimals: ``312.00`` -> ``312``, ``8.5860`` -> ``8.586``.

    >>> trim("312.00", 0), trim("8.5860", 2), trim("51.7000", 2), trim("<0.001", 3)
    ('312', '8.586', '51.70', '<0.001')
    """
    if "." not in text or not re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        return text
    whole, frac = text.split(".")
    frac = frac.rstrip("0")
    frac = frac + "0" * max(0, decimals - len(frac))
    return f"{whole}.{frac}" if frac else whole


def decimals_of(printed: str) -> int:
    """The printed value's decimals (2 for a text that is not a number, such as ``(claim)``)."""
    try:
        return parse_printed(printed).decimals
    except ValueError:
        return 2


def format_recomputed(printed: str, recomputed: str, is_p: bool, rule: str = "half_up") -> str:
    """Shown with the printed decimals, rounded under ``rule`` (the run's ``rounding`` parameter)."""
    return format_number(recomputed, decimals_of(printed), is_p, rule if rule in RULES else "half_up")


def shown(reported: str, recomputed: str, p_value: bool = False) -> str:
    """A recomputed value as a sentence gives it beside the printed one.

    p-values: ``<0.001`` below 0.001, else 3 significant digits; other values
    to the printed number's decimals (an approximate claim, ``~40``, to two).

    >>> shown("24.64", "34.6356"), shown("0.001", "5.687e-59", p_value=True), shown("~40", "47.0588")
    ('34.64', '<0.001', '47.06')
    """
    try:
        x = float(recomputed)
        p = parse_printed(reported)
    except (ValueError, TypeError):
        return str(recomputed)
    if p_value:
        return "<0.001" if x < 0.001 else f"{x:.3g}"
    return format_fixed(x, max(p.decimals, 2 if p.operator == "~" else p.decimals))


def short(x: Any) -> str:
    """A recomputed value in the narrative: ``<0.001`` for a tiny one, else four significant digits.

    >>> short("34.6356"), short("1.3e-05"), short("false")
    ('34.64', '<0.001', 'false')
    """
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if v != 0 and abs(v) < 0.001:
        return "<0.001"
    return f"{v:.4g}"


def sig(x: float) -> str:
    """A re-analysis estimate for reading: 3 significant digits, whole numbers from 100 on, never an exponent.

    >>> sig(-1088.4), sig(0.23398), sig(0.000012)
    ('-1088', '0.234', '0.000012')
    """
    if x != x:
        return ""
    if abs(x) >= 100:
        return f"{x:.0f}"
    if x != 0 and abs(x) < 0.001:
        return f"{x:.8f}".rstrip("0")
    return f"{x:.3g}"


def df_text(x: str | float) -> str:
    """Degrees of freedom for reading: whole from 10 on, one decimal below.

    >>> df_text("101.555"), df_text(6.72)
    ('102', '6.7')
    """
    return f"{float(x):.0f}" if float(x) >= 10 else f"{float(x):.1f}"


def printed_or_claim(printed: str, lang: str) -> str:
    """A printed value as shown, or, for a claim of the text that prints no number, the word for a claim.

    >>> printed_or_claim("24.64", "zh"), printed_or_claim("", "en")
    ('24.64', '(claim)')
    """
    return printed if printed else say("value.claim", lang)


UNDECIDED = "undecided"
"""A claim's truth value when the printed material neither supports nor contradicts it (the ledger's
``holds`` fact and a claim's ``recomputed`` column)."""


def truth(holds: bool | str, lang: str) -> str:
    """Whether a claim holds for the printed values, in words (``holds``: True, False or :data:`UNDECIDED`).

    >>> truth(True, "en"), truth(False, "both"), truth(UNDECIDED, "en")
    ('holds', 'does not hold / 不成立', 'cannot be decided')
    """
    if holds == UNDECIDED:
        return say("value.undecided", lang)
    return say("value.true" if holds else "value.false", lang)


def shown_pair(printed: str, recomputed: str, is_p: bool, verdict: str, rule: str = "half_up",
               lang: str = "en", holds: bool | str | None = None) -> str:
    """``24.64 → 34.64`` where they differ; the printed value alone where they agree; a claim (``holds``
    given) as holding or not."""
    if holds is not None:  # a claim of the text
        return truth(holds, "zh" if lang == "zh" else "en")
    rec = format_recomputed(printed, recomputed, is_p, rule)
    if rec == "" or rec == printed.strip() or Verdict(verdict) is Verdict.CONSISTENT:
        return printed
    if rec == printed.strip().replace(",", ""):
        return printed
    return f"{printed} → {rec}"
