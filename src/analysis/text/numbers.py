"""Numbers as a reader sees them: a recomputed value to the printed decimals, a p as ``<0.001`` or three
significant digits, a re-analysis estimate, a printed/recomputed pair.

>>> format_number(34.6356, 2), format_recomputed("24.64", "34.6356", is_p=False)
('34.64', '34.64')
>>> shown_pair("24.64", "34.6356", False, "inconsistent")
'24.64 → 34.64'
"""
from __future__ import annotations

import math
import re
from typing import Any

from analysis.core.rounding import RULES, format_fixed, parse_printed
from analysis.core.vocab import Verdict
from analysis.text import narrative

__all__ = ["format_number", "trim", "decimals_of", "format_recomputed", "shown_pair", "sig"]

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
    try:
        return parse_printed(printed).decimals
    except ValueError:
        return 2


def format_recomputed(printed: str, recomputed: str, is_p: bool, rule: str = "half_up") -> str:
    """Shown with the printed decimals, rounded under ``rule`` (the run's ``rounding`` parameter)."""
    return format_number(recomputed, decimals_of(printed), is_p, rule if rule in RULES else "half_up")


def shown_pair(printed: str, recomputed: str, is_p: bool, verdict: str, rule: str = "half_up",
               lang: str = "en") -> str:
    """``24.64 → 34.64`` where they differ; the printed value alone where they agree; a claim as holding or not."""
    if str(recomputed) in ("true", "false"):  # a claim of the text
        return narrative.value(recomputed, "zh" if lang == "zh" else "en")
    rec = format_recomputed(printed, recomputed, is_p, rule)
    if rec == "" or rec == printed.strip() or Verdict(verdict) is Verdict.CONSISTENT:
        return printed
    if rec == printed.strip().replace(",", ""):
        return printed
    return f"{printed} → {rec}"


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
