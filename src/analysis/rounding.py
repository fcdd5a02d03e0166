"""Rounding-aware comparison of printed numbers with recomputed ones.

A number printed with ``d`` decimals does not state a value, it states an
interval: under half-up rounding ``51.70`` means any x with
``51.695 <= x < 51.705``. A recomputed value is judged against that interval,
and against the interval the recomputation itself spans when its inputs were
rounded too.

Verdicts (in order of preference):

``consistent``
    the recomputed value rounds to the printed one under the chosen rule, or the
    range of values the rounded inputs allow overlaps the printed interval;
``consistent_if_rounding``
    it rounds to the printed value only under another named rule
    (``half_up``, ``half_even`` or ``truncate``);
``inconsistent``
    no rule and no admissible input reproduces it;
``inconsistent_conclusion``
    inconsistent, and the significance decision at ``alpha`` flips.

>>> compare("51.70", Fraction(76, 147) * 100).verdict
'consistent'
>>> compare("27.01", Fraction(3346, 12381) * 100).verdict
'inconsistent'
>>> c = compare("0.12", Fraction(125, 1000)); (c.verdict, c.rule)
('consistent_if_rounding', 'half_even')
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

__all__ = [
    "RULES", "VERDICTS", "Printed", "Comparison", "parse_printed", "to_fraction",
    "round_to", "format_fixed", "printed_interval", "compare",
]

RULES = ("half_up", "half_even", "truncate")
VERDICTS = ("consistent", "consistent_if_rounding", "inconsistent", "inconsistent_conclusion")
_NUMBER = re.compile(r"^(?P<op>[<>≈~])?\s*(?P<num>[+-]?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?)$")


@dataclass(frozen=True)
class Printed:
    """A number as printed.

    Attributes
    ----------
    text : str
        The printed text, e.g. ``"51.70"`` or ``"<0.001"``.
    value : Decimal
        Its value, exactly.
    decimals : int
        Number of decimals printed (trailing zeros count: ``51.70`` has 2).
    operator : str
        ``"="`` for a plain value, ``"<"``/``">"`` for a bound, ``"~"`` for an
        approximate value ("about 40").
    """

    text: str
    value: Decimal
    decimals: int
    operator: str = "="


@dataclass(frozen=True)
class Comparison:
    """Outcome of :func:`compare`."""

    verdict: str
    rule: str
    low: float | None
    high: float | None
    note: str = ""


def parse_printed(text: str) -> Printed:
    """Parse a printed number, keeping its number of decimals.

    Accepts thousands separators (``94,203``), a typographic minus (``−5.536``)
    and a leading ``<``, ``>`` or ``~``/``≈``.

    Parameters
    ----------
    text : str
        The printed number.

    Returns
    -------
    Printed

    Raises
    ------
    ValueError
        If ``text`` is not a number.

    Examples
    --------
    >>> parse_printed("51.70")
    Printed(text='51.70', value=Decimal('51.70'), decimals=2, operator='=')
    >>> parse_printed("<0.001").operator, parse_printed("−5.536").value
    ('<', Decimal('-5.536'))
    >>> parse_printed("94,203").value
    Decimal('94203')
    """
    raw = str(text).strip()
    norm = raw.replace("\u2212", "-").replace("\u2013", "-")
    m = _NUMBER.match(norm)
    if not m:
        raise ValueError(f"not a printed number: {raw!r}")
    num = m.group("num").replace(",", "")
    op = m.group("op") or "="
    op = "~" if op == "≈" else op
    decimals = len(num.split(".")[1]) if "." in num else 0
    return Printed(raw, Decimal(num), decimals, op)


def to_fraction(x: int | float | Fraction | Decimal | str) -> Fraction:
    """Convert a number (or printed text) exactly to a :class:`Fraction`.

    >>> to_fraction("0.1") == Fraction(1, 10)
    True
    """
    if isinstance(x, str):
        return Fraction(parse_printed(x).value)
    if isinstance(x, float):
        if not math.isfinite(x):
            raise ValueError(f"not a finite number: {x!r}")
        return Fraction(Decimal(repr(x)))
    return Fraction(x)


def round_to(x: int | float | Fraction | Decimal, decimals: int, rule: str = "half_up") -> Decimal:
    """Round ``x`` to ``decimals`` places under a named rule, exactly.

    ``half_up`` rounds halves away from zero (SPSS, Excel ``ROUND``);
    ``half_even`` rounds halves to the even digit (IEEE, R ``round``, Python
    ``round``); ``truncate`` drops the digits (towards zero).

    Parameters
    ----------
    x : number
        The value; floats are taken at their shortest repr.
    decimals : int
        Number of decimals to keep (>= 0).
    rule : {"half_up", "half_even", "truncate"}

    Returns
    -------
    Decimal

    Examples
    --------
    >>> [str(round_to(Fraction(2345, 1000), 2, r)) for r in RULES]
    ['2.35', '2.34', '2.34']
    >>> str(round_to(-2.5, 0, "half_up"))
    '-3'
    """
    if rule not in RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; expected one of {RULES}")
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    scaled = to_fraction(x) * 10 ** decimals
    if rule == "half_even":
        q = round(scaled)  # Fraction.__round__ rounds exact halves to even
    else:
        magnitude = abs(scaled) + (Fraction(1, 2) if rule == "half_up" else 0)
        q = math.floor(magnitude) * (1 if scaled >= 0 else -1)
    return Decimal(q).scaleb(-decimals)


def format_fixed(x: int | float | Fraction | Decimal, decimals: int, rule: str = "half_up") -> str:
    """Format ``x`` with ``decimals`` places under ``rule``.

    >>> format_fixed(Fraction(1, 3) * 100, 2)
    '33.33'
    """
    return f"{round_to(x, decimals, rule):f}"


def printed_interval(p: Printed | str, rule: str = "half_up") -> tuple[Fraction, Fraction]:
    """Closed hull of the values that print as ``p`` under ``rule``.

    Parameters
    ----------
    p : Printed or str
        The printed number.
    rule : str
        Rounding rule; ``~`` (approximate) values use the unit of their last
        non-zero digit ("about 40" -> [35, 45]).

    Returns
    -------
    (Fraction, Fraction)

    Examples
    --------
    >>> [float(b) for b in printed_interval("51.70")]
    [51.695, 51.705]
    >>> [float(b) for b in printed_interval("4.2", "truncate")]
    [4.2, 4.3]
    >>> [float(b) for b in printed_interval("~40")]
    [35.0, 45.0]
    """
    if isinstance(p, str):
        p = parse_printed(p)
    v = Fraction(p.value)
    unit = Fraction(1, 10 ** p.decimals)
    if p.operator == "~" and p.decimals == 0 and p.value != 0:
        digits = str(abs(int(p.value)))
        unit = Fraction(10) ** (len(digits) - len(digits.rstrip("0")))
    if p.operator == "~":
        return v - unit / 2, v + unit / 2
    if p.operator == "<":
        return Fraction(-10**18), v
    if p.operator == ">":
        return v, Fraction(10**18)
    if rule == "truncate":
        return (v, v + unit) if v >= 0 else (v - unit, v)
    return v - unit / 2, v + unit / 2


def _overlaps(a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def compare(printed: str | Printed, recomputed: int | float | Fraction | Decimal,
            low: float | Fraction | None = None, high: float | Fraction | None = None,
            *, rule: str = "half_up", conclusion_changed: bool = False) -> Comparison:
    """Judge a printed number against its recomputation.

    Parameters
    ----------
    printed : str or Printed
        The number as printed.
    recomputed : number
        The value recomputed from the printed inputs taken at face value.
    low, high : number, optional
        The range the recomputation spans when each rounded input varies over
        its own rounding interval (omit for exact inputs such as counts).
    rule : str
        The rounding rule assumed by default (parameter ``rounding``).
    conclusion_changed : bool
        Whether the significance decision at alpha differs between the printed
        and the recomputed result; turns ``inconsistent`` into
        ``inconsistent_conclusion``.

    Returns
    -------
    Comparison
        verdict, the rule that reproduces it, the recomputed range and a note.

    Notes
    -----
    Order of the tests: (1) ``round(recomputed, d, rule) == printed``;
    (2) the range [low, high] overlaps the printed interval; (3) another rule
    reproduces it (``consistent_if_rounding``); otherwise inconsistent.
    Bounds (``<0.001``) are consistent when the recomputed range reaches below
    the bound. Approximate values (``~40``) use the unit of their last
    non-zero digit.

    Examples
    --------
    >>> compare("25", Fraction(31, 124) * 100).verdict
    'consistent'
    >>> compare("<0.001", 2.3e-7).verdict
    'consistent'
    >>> compare("0.185", 0.0014, conclusion_changed=True).verdict
    'inconsistent_conclusion'
    """
    if rule not in RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; expected one of {RULES}")
    p = parse_printed(printed) if isinstance(printed, str) else printed
    r = to_fraction(recomputed)
    lo = to_fraction(low) if low is not None else r
    hi = to_fraction(high) if high is not None else r
    lo, hi = min(lo, hi, r), max(lo, hi, r)
    flo, fhi = float(lo), float(hi)
    bad = "inconsistent_conclusion" if conclusion_changed else "inconsistent"

    if p.operator in "<>~":
        ok = _overlaps((lo, hi), printed_interval(p, rule))
        label = {"<": "upper bound", ">": "lower bound", "~": "approximate (unit of last non-zero digit)"}[p.operator]
        return Comparison("consistent" if ok else bad, label, flo, fhi)
    if round_to(r, p.decimals, rule) == p.value:
        return Comparison("consistent", rule, flo, fhi)
    if (lo, hi) != (r, r) and _overlaps((lo, hi), printed_interval(p, rule)):
        return Comparison("consistent", rule, flo, fhi,
                          "reproduced within the range allowed by the rounded inputs")
    for other in RULES:
        if other != rule and round_to(r, p.decimals, other) == p.value:
            return Comparison("consistent_if_rounding", other, flo, fhi,
                              f"reproduced only with {other.replace('_', '-')} rounding, not {rule.replace('_', '-')}")
    return Comparison(bad, rule, flo, fhi)
