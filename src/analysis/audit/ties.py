"""Rows built on and near the edges of the rounding rules, to check the columnar path against the per-row engine.

The columnar path (:mod:`analysis.checks.columnar`) decides a row in floating point only when its recomputed
values lie farther than :data:`analysis.core.columnar.MARGIN` from every edge a rule or an interval puts there;
the rows that test that claim are the ones whose exact recomputed value lies *on* such an edge (the floats may
fall on either side of it) or just beyond the margin (within about 1e-12: decided in floats, which must agree
with the exact rationals). A number printed ``T`` with ``d`` decimals has its edges at ``T + j u / 2``
(``u = 10^-d``, ``j`` in -2..2: the ends of its intervals under the rounding rules, truncation, ceiling and
floor). :func:`tie_row` builds a row of a kind whose recomputation falls there:

* ``share``, ``ratio``, ``growth``, ``decline``: the exact rate is the edge (counts chosen from its
  denominator), or within 100/W of it for a whole W near 10^13 (within 1e-12 and less);
* ``grim``: a count k over n (items) whose k/(n items) is the edge, with n from the divisors of 2 10^d, or n
  near 2^30 (the nearest candidate within about 1e-9 of an edge);
* ``t_from_summaries``: equal groups of n = 2 c^2 (c = 1, 2, 4, 5, 8, 10) and equal SDs, so t = (m1 - m2) c / s
  is a decimal: the means are chosen so that t is the edge, or 1e-13 beyond it;
* ``chi2_from_counts``: symmetric tables [[x, y], [y, x]], whose Pearson chi-square 2 (x - y)^2 / (x + y) (and
  Yates' 2 (|x - y| - 1)^2 / (x + y)) is a decimal for x + y a divisor of a power of ten: printed at its edge;
* ``p_from_statistic``: a statistic printed with 6 to 15 decimals at the inverse of an edge of the printed p
  (SciPy's inverse distribution functions), so its p lies within about 1e-12 of the edge; p floors, ``<``,
  ``>``, one tail, fractional df too.

Some rows are printed by a rule, or a unit off, from their own value (ordinary rows near no edge); the
equivalence tests (``tests/audit/test_columns.py``) and the million-row equivalence run
(:func:`analysis.audit.bench.equivalence`) mix them with the benchmark's rows (:mod:`analysis.audit.bench`).

>>> import random
>>> row = tie_row(random.Random(3), "share")
>>> row["kind"], sorted(k for k in row if k != "kind")
('share', ['exact', 'part', 'target', 'whole'])
"""
from __future__ import annotations

import math
import random
from fractions import Fraction
from typing import Iterator

from scipy import special

from analysis.core.rounding import format_fixed

__all__ = ["TIE_KINDS", "tie_row", "iter_tie_rows", "edge_of"]

TIE_KINDS = ("p_from_statistic", "t_from_summaries", "chi2_from_counts", "grim", "growth", "decline", "share", "ratio")
"""The kinds with a columnar runner, each of which :func:`tie_row` builds."""
_EDGES = (-2, -1, 0, 1, 2)
_NEAR = (10 ** 11, 3 * 10 ** 13)  # wholes of the rates near an edge: within 100/W of it
_ROUNDED = ("half_up", "half_down", "half_even", "truncate", "up", "down")


def _text(value: Fraction, decimals: int) -> str:
    """The exact decimal ``value`` (with at most ``decimals`` decimals) as printed with ``decimals`` decimals."""
    if (value * 10 ** decimals).denominator != 1:
        raise ValueError(f"{value} has more than {decimals} decimals")
    return format_fixed(value, decimals)


def edge_of(rnd: random.Random, low: Fraction, high: Fraction, decimals: int) -> tuple[str, Fraction]:
    """A printed number ``T`` with ``decimals`` decimals in [low, high] and one of its edges ``T + j u / 2``."""
    unit = Fraction(1, 10 ** decimals)
    digits = rnd.randint(math.ceil(low / unit), math.floor(high / unit))
    printed = digits * unit
    return _text(printed, decimals), printed + rnd.choice(_EDGES) * unit / 2


def _decimals_of(x: Fraction) -> int | None:
    """The number of decimals of an exact decimal (None if it has none or more than 30)."""
    for d in range(31):
        if (x * 10 ** d).denominator == 1:
            return d
    return None


def _printed_like(rnd: random.Random, exact: Fraction, decimals: int) -> str:
    """``exact`` printed with ``decimals`` decimals by a random rule, sometimes a unit off."""
    text = format_fixed(exact, decimals, rnd.choice(_ROUNDED))
    shifted = Fraction(text) + rnd.choice((-1, 1)) * Fraction(1, 10 ** decimals)
    if rnd.random() < 0.25 and (shifted >= 0 or exact < 0):  # a unit off, never below zero if the value is not
        text = format_fixed(shifted, decimals)
    return text


def _counts_at(rnd: random.Random, rate: Fraction, base: int = 100) -> tuple[int, int]:
    """(num, den) with ``base * num / den`` equal to ``rate``, or within ``base / den`` of it for a large den."""
    if rnd.random() < 0.5:
        q = rate / base
        scale = rnd.randint(1, max(1, min(50, 10 ** 12 // max(q.denominator, 1))))
        return q.numerator * scale, q.denominator * scale
    den = rnd.randint(*_NEAR)
    return round(rate * den / base) + rnd.choice((0, 0, 0, 1, -1)), den


def _rate_row(rnd: random.Random, kind: str) -> dict[str, str]:
    d = rnd.randint(0, 3)
    if kind == "share":
        target, edge = edge_of(rnd, Fraction(0), Fraction(100), d)
        edge = min(max(edge, Fraction(0)), Fraction(100))
        part, whole = _counts_at(rnd, edge)
        part = min(max(part, 0), whole)
        return {"kind": kind, "part": str(part), "whole": str(whole), "target": target,
                "exact": rnd.choice(["", "", "none"])}
    if kind == "ratio":
        target, edge = edge_of(rnd, Fraction(0), Fraction(300), d)
        num, den = _counts_at(rnd, edge)
        k = rnd.choice((0, 0, 1, 2))
        shown = (lambda x: _text(Fraction(x, 10 ** k), k)) if den < 10 ** 9 else str
        return {"kind": kind, "numerator": shown(max(num, 0)), "denominator": shown(den), "target": target,
                "exact": rnd.choice(["", "all"])}
    target, edge = edge_of(rnd, Fraction(-99) if kind == "growth" else Fraction(-50), Fraction(200), d)
    change, before = _counts_at(rnd, edge)
    after = before + change if kind == "growth" else before - change
    return {"kind": kind, "before": str(before), "after": str(max(after, 0)), "target": target,
            "exact": rnd.choice(["all", "all", "", "before"])}


_GRIM_N = (2, 4, 5, 8, 10, 16, 20, 25, 40, 50, 80, 125, 200, 250, 400, 1000)


def _grim_row(rnd: random.Random) -> dict[str, str]:
    d = rnd.randint(1, 3)
    percent = rnd.random() < 0.25
    items = rnd.choice([1, 1, 1, 2, 3, 5])
    near = rnd.random() < 0.3
    n = rnd.randint(2 ** 29, 2 ** 30) if near else rnd.choice(_GRIM_N + (rnd.randint(3, 300),))
    total = n * items
    scale = 100 if percent else 1
    target, edge = edge_of(rnd, Fraction(0), Fraction(100) if percent else Fraction(7), d)
    k = min(max(round(edge * total / scale), 0), total if percent else 7 * total)
    if not near and rnd.random() < 0.3:  # an ordinary row: printed from its own k
        target = _printed_like(rnd, Fraction(scale * k, total), d)
    return {"kind": "grim", "mean": target, "n": str(n), "items": str(items) if items > 1 or rnd.random() < 0.2
            else "", "percent": "true" if percent else rnd.choice(["", "false"])}


_T_GROUPS = ((2, 1), (8, 2), (32, 4), (50, 5), (128, 8), (200, 10))  # n = 2 c^2: sqrt(n / 2) = c
_T_SDS = ("0.2", "0.4", "0.5", "0.8", "1.0", "1.6", "2.0", "2.5", "4.0", "5.0", "8.0", "10.0", "12.5")


def _t_row(rnd: random.Random) -> dict[str, str]:
    n, c = rnd.choice(_T_GROUPS)
    sd = rnd.choice(_T_SDS)
    d = rnd.randint(1, 3)
    target, edge = edge_of(rnd, Fraction(-6), Fraction(6), d)
    delta = edge * Fraction(sd) / c  # t = (m1 - m2) c / s
    if rnd.random() < 0.3:
        delta += rnd.choice((1, -1)) * Fraction(1, 10 ** 13)
    places = _decimals_of(delta) or 0
    m2 = Fraction(rnd.randint(100, 6000), 100)
    m1 = m2 + delta
    places = max(places, 2)
    row = {"kind": "t_from_summaries", "m1": _text(m1, places), "s1": sd, "n1": str(n), "m2": _text(m2, places),
           "s2": sd, "n2": str(n), "value": target, "t_test": rnd.choice(["", "", "welch"]),
           "exact": rnd.choice(["", "", "all"])}
    t = float(edge)
    p = 2 * special.stdtr(2 * n - 2, -abs(t))
    row["p"] = rnd.choice([_printed_like(rnd, Fraction(p), 3), "<.001", "<.05", f"{p:.2f}"])
    return row


_CHI2_SUMS = (2, 4, 8, 10, 16, 20, 32, 40, 50, 64, 80, 100, 128, 160, 200)


def _chi2_row(rnd: random.Random) -> dict[str, str]:
    total = rnd.choice(_CHI2_SUMS)  # x + y
    diff = rnd.randrange(total % 2, total + 1, 2)  # x - y, of the parity of x + y
    x, y = (total + diff) // 2, (total - diff) // 2
    if rnd.random() < 0.5:
        x, y = y, x
    yates = rnd.random() < 0.3
    d_ = max(abs(x - y) - 1, 0) if yates else abs(x - y)
    stat = Fraction(2 * d_ * d_, total)
    places = _decimals_of(stat) or 0
    d = rnd.randint(max(places - 1, 0), places + 1)
    unit = Fraction(1, 10 ** d)
    twice = stat / unit * 2  # the edge T + j u / 2 is the statistic: j of the parity of 2 stat 10^d
    js = [j for j in _EDGES if twice.denominator == 1 and (twice.numerator - j) % 2 == 0]
    if js:
        value = _text((twice - rnd.choice(js)) / 2 * unit, d)
    else:
        value = _printed_like(rnd, stat, d)
    p = special.chdtrc(1, float(stat))
    return {"kind": "chi2_from_counts", "a": str(x), "b": str(y), "c": str(y), "d": str(x), "value": value,
            "p": rnd.choice([_printed_like(rnd, Fraction(p), 3), "<.001", f"{p:.2f}", "<.05"])}


def _p_row(rnd: random.Random) -> dict[str, str]:
    stat = rnd.choice(["t", "t", "F", "r", "z", "chi2"])
    tails = rnd.choice(["", "", "1", "2"])
    d = rnd.choice([2, 3, 3, 4])
    p_text, edge = edge_of(rnd, Fraction(0), Fraction(1, 2) if tails == "1" else Fraction(1), d)
    edge = min(max(edge, Fraction(1, 10 ** 6)), Fraction(1) - Fraction(1, 10 ** 6))
    q = float(edge)
    df1 = rnd.randint(1, 5)
    df2 = rnd.choice([rnd.randint(2, 300), round(rnd.uniform(2, 80), 1)])
    sides = 1 if tails == "1" and stat in ("t", "r", "z") else 2
    if stat in ("t", "r"):
        x = -special.stdtrit(df2, q / sides)
        if stat == "r":
            x = x / math.sqrt(df2 + x * x)
    elif stat == "z":
        x = -special.ndtri(q / sides)
    elif stat == "F":
        x = special.fdtri(df1, df2, 1 - q)
    else:
        x = special.chdtri(df1, q)
    if stat in ("t", "r", "z") and rnd.random() < 0.3:
        x = -x
    places = rnd.choice([2, 6, 9, 12, 15])
    op = rnd.choice(["", "", "", "=", "<", ">"])
    if rnd.random() < 0.1:
        p_text, op = rnd.choice([".000", "0", "0.001", ".001"]), rnd.choice(["", "<"])
    return {"kind": "p_from_statistic", "statistic": stat, "value": f"{x:.{places}f}",
            "df1": str(df1) if stat in ("F", "chi2") else "",
            "df2": (str(df2) if stat in ("t", "r", "F") else "") if rnd.random() < 0.9 else "",
            "p": op + (p_text[1:] if p_text.startswith("0.") and rnd.random() < 0.3 else p_text), "tails": tails}


def tie_row(rnd: random.Random, kind: str) -> dict[str, str]:
    """A row of ``kind`` (one of :data:`TIE_KINDS`) whose recomputed value lies on or near an edge of its printed
    number (see the module's text); the columns it does not use are left out."""
    if kind in ("share", "ratio", "growth", "decline"):
        return _rate_row(rnd, kind)
    return {"grim": _grim_row, "t_from_summaries": _t_row, "chi2_from_counts": _chi2_row,
            "p_from_statistic": _p_row}[kind](rnd)


def iter_tie_rows(count: int, seed: int, kinds: tuple[str, ...] = TIE_KINDS) -> Iterator[dict[str, str]]:
    """``count`` rows of ``kinds`` in turn, reproducible from ``seed`` (:func:`tie_row`)."""
    rnd = random.Random(seed)
    for i in range(count):
        yield tie_row(rnd, kinds[i % len(kinds)])

