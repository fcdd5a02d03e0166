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
    (:data:`RULES`);
``inconsistent``
    no rule and no admissible input reproduces it;
``inconsistent_conclusion``
    inconsistent, and the significance decision at ``alpha`` flips.

A comparison carries facts, never sentences: the verdict as a
:class:`~analysis.core.vocab.Verdict`, the rule, and what was found as a
:class:`Note` (a message id of the catalogue with its parameters; this layer
cannot import the catalogue, the check engine turns it into a message).

>>> compare("51.70", Fraction(76, 147) * 100).verdict.value
'consistent'
>>> compare("27.01", Fraction(3346, 12381) * 100).verdict.value
'inconsistent'
>>> c = compare("0.12", Fraction(125, 1000)); (c.verdict.value, c.rule, c.note.id)
('consistent_if_rounding', 'half_even', 'rounding.other_rule')
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from analysis.core.vocab import Verdict

__all__ = [
    "RULES", "COMPOUND", "ALTERNATIVES", "Printed", "Note", "Comparison", "parse_printed", "to_fraction",
    "round_to", "reproduces", "format_fixed", "printed_interval", "compare", "p_floor", "DEFAULT_TOLERANCE",
    "decimal_text",
]

RULES = ("half_up", "half_even", "truncate", "half_down", "up", "down", "up_or_down")
"""The rounding rules, in the order in which alternatives are tried.

=============  ==============================================  ==========================
rule           what it does (x rounded to d decimals)          scrutiny's name
=============  ==============================================  ==========================
``half_up``    nearest; a tie goes away from zero (SPSS RND,   ``"up"`` (scrutiny's default
               Excel ROUND): 2.345 -> 2.35, -2.345 -> -2.35    ``symmetric = FALSE`` rounds
                                                               -2.345 to -2.34; we are
                                                               symmetric about zero)
``half_down``  nearest; a tie goes towards zero:               ``"down"`` (same remark)
               2.345 -> 2.34, -2.345 -> -2.34
``half_even``  nearest; a tie goes to the even digit (IEEE,    ``"even"`` (R's ``round``,
               Python ``round``), on the exact value           which sees the binary double)
``up``         towards plus infinity (ceiling): 2.341 -> 2.35  ``"ceiling"``
``down``       towards minus infinity (floor): 2.349 -> 2.34   ``"floor"``
``truncate``   towards zero: 2.349 -> 2.34, -2.349 -> -2.34    ``"trunc"``
``up_or_down`` either ``half_up`` or ``half_down`` reproduces  ``"up_or_down"`` (default
               (a compound rule: no single rounded value)      of its GRIM, GRIMMER, DEBIT)
=============  ==============================================  ==========================

``up`` and ``down`` are *directed* rounding (Java's CEILING and FLOOR), not
"half up"/"half down": scrutiny's ``"up"``/``"down"`` are our ``half_up`` /
``half_down``.
"""
COMPOUND = {"up_or_down": ("half_up", "half_down")}
"""Rules that accept any of several simple rules."""
ALTERNATIVES = ("half_up", "half_even", "half_down", "truncate")
"""Rules tried, in this order, when the chosen rule does not reproduce a printed value
(``consistent_if_rounding``). The directed rules ``up`` and ``down`` apply only when
chosen: as automatic alternatives they would excuse any value up to a whole unit
away on one side (every tiny p would "print" as 0.001 under ceiling rounding)."""
DEFAULT_TOLERANCE = 0.10
"""Relative tolerance of an "about x" claim (parameter ``tolerance``): ~40 admits 36 to 44."""


_NUMBER = re.compile(r"^(?P<op>[<>≈~=])?\s*(?P<num>[+-]?((\d+|\d{1,3}(,\d{3})+)(\.\d+)?|\.\d+))$")


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
        approximate value ("about 40", read with a relative tolerance).
    """

    text: str
    value: Decimal
    decimals: int
    operator: str = "="


@dataclass(frozen=True)
class Note:
    """A message of the catalogue (:mod:`analysis.text.catalogue`) by id, with its parameters.

    Made where the catalogue cannot be imported (this layer); a parameter may
    be another :class:`Note`. The check engine turns it into a validated
    message (:func:`analysis.checks.engine.message`).
    """

    id: str
    args: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, mid: str, **args: Any) -> "Note":
        return cls(mid, tuple(sorted(args.items())))


@dataclass(frozen=True)
class Comparison:
    """Outcome of :func:`compare`.

    Attributes
    ----------
    verdict : Verdict
    rule : str
        The rule as the ledger's ``rule`` column writes it: a rounding rule of
        :data:`RULES`, ``p_floor``, or the reading of a bound, an approximate
        value or a claim (``upper bound (strict)``).
    low, high : float or None
        The range of the recomputation.
    note : Note or None
        What was found besides the verdict (another rule reproduces it, a p floor).
    basis : Note
        The rule as a message (``rule.half_up``, ``rule.approximate`` with its
        tolerance): what a reader is shown, never parsed from ``rule``.
    """

    verdict: Verdict
    rule: str
    low: float | None
    high: float | None
    note: Note | None = None
    basis: Note | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdict", Verdict(self.verdict))
        if self.basis is None:
            object.__setattr__(self, "basis", Note.of(f"rule.{self.rule}"))


@lru_cache(maxsize=1 << 16)  # pure, and called for every input of every check
def parse_printed(text: str) -> Printed:
    """Parse a printed number, keeping its number of decimals.

    Accepts thousands separators (``94,203``), a typographic minus (``−5.536``),
    a leading ``<``, ``>``, ``=`` or ``~``/``≈``, and APA style without the
    leading zero (``.06``, ``=.06``, ``<.001``).

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
    >>> p = parse_printed("=.060"); (p.value, p.decimals, p.operator)
    (Decimal('0.060'), 3, '=')
    """
    raw = str(text).strip()
    norm = raw.replace("\u2212", "-").replace("\u2013", "-")
    m = _NUMBER.match(norm)
    if not m:
        raise ValueError(f"not a printed number: {raw!r}")
    num = m.group("num").replace(",", "")
    if num.lstrip("+-").startswith("."):
        num = num.replace(".", "0.", 1)
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

    See :data:`RULES` for each rule. The compound rule ``up_or_down`` has no
    single rounded value; ``round_to`` gives its ``half_up`` member (use
    :func:`reproduces` to test a printed value against it).

    Parameters
    ----------
    x : number
        The value; floats are taken at their shortest repr.
    decimals : int
        Number of decimals to keep (>= 0).
    rule : str
        One of :data:`RULES`.

    Returns
    -------
    Decimal

    Examples
    --------
    >>> [str(round_to(Fraction(2345, 1000), 2, r)) for r in RULES]
    ['2.35', '2.34', '2.34', '2.34', '2.35', '2.34', '2.35']
    >>> [str(round_to(Fraction(-2341, 1000), 2, r)) for r in ("up", "down", "truncate")]
    ['-2.34', '-2.35', '-2.34']
    >>> str(round_to(-2.5, 0, "half_up")), str(round_to(-2.5, 0, "half_down"))
    ('-3', '-2')
    """
    if rule not in RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; expected one of {RULES}")
    if decimals < 0:
        raise ValueError("decimals must be >= 0")
    rule = COMPOUND.get(rule, (rule,))[0]
    f = to_fraction(x)
    return Decimal(_round_int(f.numerator * 10 ** decimals, f.denominator, rule)).scaleb(-decimals)


def _round_int(num: int, den: int, rule: str) -> int:
    """``num / den`` (den > 0) rounded to a whole number under a simple rule, in integer arithmetic."""
    q, r = divmod(num, den)  # floor division: num = q den + r, 0 <= r < den
    if r == 0 or rule == "down":
        return q
    if rule == "up":
        return q + 1
    if rule == "truncate":
        return q if num >= 0 else q + 1
    twice = 2 * r
    if twice != den:  # not a tie: nearest
        return q + (twice > den)
    if rule == "half_even":
        return q + (q % 2)
    away = q + 1 if num >= 0 else q  # the neighbour farther from zero
    return away if rule == "half_up" else (q if num >= 0 else q + 1)


def _printed_int(p: "Printed") -> int:
    return int(p.value.scaleb(p.decimals))


def reproduces(x: int | float | Fraction | Decimal, printed: "Printed | str", rule: str = "half_up") -> bool:
    """Whether ``x`` rounded under ``rule`` (any member of a compound rule) prints as ``printed``.

    >>> reproduces(Fraction(2345, 1000), "2.34", "up_or_down"), reproduces(Fraction(2345, 1000), "2.34", "half_up")
    (True, False)
    """
    p = parse_printed(printed) if isinstance(printed, str) else printed
    f = to_fraction(x)
    num, den, target = f.numerator * 10 ** p.decimals, f.denominator, _printed_int(p)
    return any(_round_int(num, den, r) == target for r in COMPOUND.get(rule, (rule,)))


def format_fixed(x: int | float | Fraction | Decimal, decimals: int, rule: str = "half_up") -> str:
    """Format ``x`` with ``decimals`` places under ``rule``.

    >>> format_fixed(Fraction(1, 3) * 100, 2)
    '33.33'
    """
    return f"{round_to(x, decimals, rule):f}"


def printed_interval(p: Printed | str, rule: str = "half_up",
                     tolerance: float = DEFAULT_TOLERANCE) -> tuple[Fraction, Fraction]:
    """Closed hull of the values that print as ``p`` under ``rule``.

    Parameters
    ----------
    p : Printed or str
        The printed number.
    rule : str
        Rounding rule.
    tolerance : float
        Relative tolerance of an approximate value: ``~x`` stands for
        :math:`[x(1-\\tau), x(1+\\tau)]`, the same width for ~40 and ~400
        relative to x (never a width that depends on how many zeros x has).

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
    [36.0, 44.0]
    >>> [float(b) for b in printed_interval("-4.2", "up")], [float(b) for b in printed_interval("-4.2", "down")]
    ([-4.3, -4.2], [-4.2, -4.1])
    """
    if isinstance(p, str):
        p = parse_printed(p)
    v = Fraction(p.value)
    unit = Fraction(1, 10 ** p.decimals)
    if p.operator == "~":
        tol = to_fraction(tolerance)
        return v - abs(v) * tol, v + abs(v) * tol
    if p.operator == "<":
        return Fraction(-10**18), v
    if p.operator == ">":
        return v, Fraction(10**18)
    if rule == "up":
        return v - unit, v
    if rule == "down":
        return v, v + unit
    if rule == "truncate":
        if v == 0:
            return -unit, unit
        return (v, v + unit) if v > 0 else (v - unit, v)
    return v - unit / 2, v + unit / 2


def _overlaps(a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def p_floor(p: Printed | str) -> Fraction | None:
    """The bound a printed p stands for when it sits at the floor of its decimals.

    A p printed as the smallest positive value its decimals show (``0.001``,
    ``0.01``) is read as "p at most one unit of the last decimal" (as ``<0.001``);
    a p printed as zero (``0``, ``0.0``, ``.000``) as p <= 0.001, or one unit of
    its last decimal if smaller; never as p < 0.5 or p <= 0.1. Else ``None``.

    >>> p_floor("0.000"), p_floor("0.001"), p_floor("0.015"), p_floor("0"), p_floor("0.0"), p_floor("0.0000")
    (Fraction(1, 1000), Fraction(1, 1000), None, Fraction(1, 1000), Fraction(1, 1000), Fraction(1, 10000))
    """
    if isinstance(p, str):
        p = parse_printed(p)
    unit = Fraction(1, 10 ** p.decimals)
    if p.operator != "=":
        return None
    if Fraction(p.value) == 0:
        return min(unit, Fraction(1, 1000))
    if p.decimals == 0 or Fraction(p.value) != unit:
        return None
    return unit


def decimal_text(x: Fraction) -> str:
    """A bound as a reader writes it: a decimal, never a fraction.

    >>> decimal_text(Fraction(1, 1000)), decimal_text(Fraction(1, 20))
    ('0.001', '0.05')
    """
    return format(Decimal(x.numerator) / Decimal(x.denominator), "f")


def compare(printed: str | Printed, recomputed: int | float | Fraction | Decimal,
            low: float | Fraction | None = None, high: float | Fraction | None = None,
            *, rule: str = "half_up", conclusion_changed: bool = False,
            tolerance: float = DEFAULT_TOLERANCE, is_p: bool = False) -> Comparison:
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
    tolerance : float
        Relative tolerance of an approximate value (``~40``): it is consistent
        when the recomputed range meets :math:`[x(1-\\tau), x(1+\\tau)]`.
    is_p : bool
        The number is a p-value: a p at the floor of its decimals
        (:func:`p_floor`) is also read as an upper bound, under the rule
        ``p_floor``.

    Returns
    -------
    Comparison
        verdict, the rule that reproduces it, the recomputed range and a note
        (a :class:`Note`: which other rule reproduces it, a p floor).

    Notes
    -----
    Order of the tests: (1) ``round(recomputed, d, rule) == printed``;
    (2) the range [low, high] overlaps the printed interval; (3) another rule
    of :data:`ALTERNATIVES` reproduces it (``consistent_if_rounding``); (4) for a p at its floor, the
    recomputed range reaches below the floor (``consistent_if_rounding`` under
    ``p_floor``); otherwise inconsistent. Bounds are strict: ``<0.05`` needs a
    recomputed value below 0.05 and ``>90`` one above 90 (0.05 and 90 do not
    satisfy them).

    Examples
    --------
    >>> compare("25", Fraction(31, 124) * 100).verdict.value
    'consistent'
    >>> compare("<0.001", 2.3e-7).verdict.value, compare("<0.05", 0.05).verdict.value
    ('consistent', 'inconsistent')
    >>> compare("0.185", 0.0014, conclusion_changed=True).verdict.value
    'inconsistent_conclusion'
    >>> compare("~40", 38.17).verdict.value, compare("~40", 47.06).verdict.value
    ('consistent', 'inconsistent')
    >>> c = compare("0.001", 1.3e-4, is_p=True); (c.verdict.value, c.rule, c.note.id)
    ('consistent_if_rounding', 'p_floor', 'rounding.p_floor')
    >>> c = compare("0.000", 1.3e-9, is_p=True); (c.verdict.value, c.rule, c.note.id)
    ('consistent_if_rounding', 'p_floor', 'rounding.p_zero_floor')
    """
    if rule not in RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; expected one of {RULES}")
    if not 0 <= tolerance < 1:
        raise ValueError(f"tolerance must be in [0, 1), got {tolerance!r}")
    p = parse_printed(printed) if isinstance(printed, str) else printed
    r = to_fraction(recomputed)
    lo = to_fraction(low) if low is not None else r
    hi = to_fraction(high) if high is not None else r
    lo, hi = min(lo, hi, r), max(lo, hi, r)
    flo, fhi = float(lo), float(hi)
    bad = Verdict.INCONSISTENT_CONCLUSION if conclusion_changed else Verdict.INCONSISTENT
    ok, if_rounding = Verdict.CONSISTENT, Verdict.CONSISTENT_IF_ROUNDING
    v = Fraction(p.value)

    if p.operator == "<":
        return Comparison(ok if lo < v else bad, "upper bound (strict)", flo, fhi, basis=Note.of("rule.upper_bound"))
    if p.operator == ">":
        return Comparison(ok if hi > v else bad, "lower bound (strict)", flo, fhi, basis=Note.of("rule.lower_bound"))
    if p.operator == "~":
        band = printed_interval(p, rule, tolerance)
        within = f"{float(tolerance):.0%}"
        return Comparison(ok if _overlaps((lo, hi), band) else bad, f"approximate (within {within})", flo, fhi,
                          basis=Note.of("rule.approximate", tolerance=within))
    floor = p_floor(p) if is_p else None
    if floor is not None and v == 0:  # a p cannot be zero: 0.000 is only ever a floor
        if lo <= floor:
            return Comparison(if_rounding, "p_floor", flo, fhi,
                              Note.of("rounding.p_zero_floor", printed=p.text, floor=decimal_text(floor)))
        return Comparison(bad, "p_floor", flo, fhi, Note.of("rounding.p_zero_above", floor=decimal_text(floor)))
    if reproduces(r, p, rule):
        return Comparison(ok, rule, flo, fhi)
    if (lo, hi) != (r, r) and _overlaps((lo, hi), printed_interval(p, rule)):
        return Comparison(ok, rule, flo, fhi, Note.of("rounding.input_range"))
    num, den, target = r.numerator * 10 ** p.decimals, r.denominator, _printed_int(p)
    for other in ALTERNATIVES:
        if other in COMPOUND.get(rule, (rule,)):
            continue
        if _round_int(num, den, other) == target:
            # another rule excuses digits, never a flipped decision (p = .05 for .056 by truncation: statcheck)
            return Comparison(bad if is_p and conclusion_changed else if_rounding, other, flo, fhi,
                              Note.of("rounding.other_rule", other=Note.of(f"rule_name.{other}"),
                                      rule=Note.of(f"rule_name.{rule}")))
    if floor is not None and lo <= floor:
        return Comparison(if_rounding, "p_floor", flo, fhi,
                          Note.of("rounding.p_floor", printed=p.text, floor=decimal_text(floor)))
    return Comparison(bad, rule, flo, fhi)
