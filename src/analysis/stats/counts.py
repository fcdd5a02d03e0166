"""Quantities derived from counts: growth rates, shares, sums, kinds of change.

All functions work in exact rational arithmetic (:class:`fractions.Fraction`)
so that a value that lies exactly on a rounding boundary is recognised as such.

>>> float(growth_rate(147, 223))
51.70068027210884
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable

from analysis.core.rounding import to_fraction

__all__ = ["CAP", "RATES", "growth_rate", "share", "ratio", "subgroup_sum", "ChangeReading", "read_change",
           "grim_candidates", "whole_numbers_near", "grim_informative", "sum_of_squares_range", "binary_sd"]

Number = int | float | Fraction


RATES = {
    "growth": (lambda before, after: 100 * (after - before) / before, lambda before, after: before != 0),
    "share": (lambda part, whole: 100 * part / whole, lambda part, whole: (whole > 0) & (part >= 0) & (part <= whole)),
    "ratio": (lambda numerator, denominator: 100 * numerator / denominator,
              lambda numerator, denominator: denominator != 0),
}
"""Each rate's formula and where it is defined, elementwise: the one definition of :func:`growth_rate`,
:func:`share` and :func:`ratio` (exact, on fractions) and of the columnar engine (on whole numbers of one
scale: the rates do not depend on the scale, and a quotient of two exact integers below 2**53 is correctly
rounded, the float of the exact rate).

>>> import numpy as np
>>> RATES["growth"][0](np.array([4036]), np.array([4923])).tolist(), float(growth_rate(4036, 4923))
([21.977205153617443], 21.977205153617443)
"""


def growth_rate(before: Number, after: Number) -> Fraction:
    """Growth rate in percent.

    .. math:: g = 100 \\, (x_1 - x_0) / x_0

    Parameters
    ----------
    before, after : number
        Value in the base period (:math:`x_0`, must be non-zero) and in the
        comparison period (:math:`x_1`).

    Returns
    -------
    Fraction

    Examples
    --------
    >>> growth_rate(4036, 4923) == Fraction(88700, 4036)
    True
    >>> growth_rate(8, 8)
    Fraction(0, 1)
    """
    b, a = to_fraction(before), to_fraction(after)
    if not RATES["growth"][1](b, a):
        raise ValueError("growth rate undefined: the base value is 0")
    return RATES["growth"][0](b, a)


def share(part: Number, whole: Number) -> Fraction:
    """Share of ``part`` in ``whole``, in percent.

    .. math:: s = 100 \\, k / n

    Parameters
    ----------
    part : number
        The count :math:`k` (``0 <= k <= n``).
    whole : number
        The total :math:`n` (``> 0``).

    Returns
    -------
    Fraction

    Raises
    ------
    ValueError
        If the total is not positive or the part exceeds it (a count larger
        than its total is bad input, not a finding).

    Examples
    --------
    >>> round(float(share(8, 27)), 2)
    29.63
    """
    k, n = to_fraction(part), to_fraction(whole)
    if n <= 0:
        raise ValueError(f"share undefined: total {n} is not positive")
    if not RATES["share"][1](k, n):
        raise ValueError(f"count {k} is outside 0..{n}, its total")
    return RATES["share"][0](k, n)


def ratio(numerator: Number, denominator: Number) -> Fraction:
    """Ratio in percent, with no upper bound (e.g. a completion rate above 100%).

    .. math:: r = 100 \\, a / b

    >>> float(ratio(5719, 4000))
    142.975
    """
    a, b = to_fraction(numerator), to_fraction(denominator)
    if not RATES["ratio"][1](a, b):
        raise ValueError("ratio undefined: the denominator is 0")
    return RATES["ratio"][0](a, b)


def grim_candidates(percent: Number, n: int) -> tuple[Fraction, Fraction]:
    """The two percentages of whole numbers of people out of ``n`` nearest ``percent``.

    GRIM test (Brown and Heathers 2017) applied to percentages: a percentage
    of ``n`` people must be ``100 k / n`` for a whole ``k``.

    .. math:: k_- = \\lfloor p n / 100 \\rfloor,\\quad k_+ = k_- + 1

    >>> [float(x) for x in grim_candidates(Fraction("44.6"), 192)]
    [44.270833333333336, 44.791666666666664]
    """
    if n <= 0 or int(n) != n:
        raise ValueError(f"n must be a positive whole number, got {n!r}")
    k = (to_fraction(percent) * int(n) / 100).__floor__()
    return Fraction(100 * k, int(n)), Fraction(100 * (k + 1), int(n))


def subgroup_sum(parts: Iterable[Number]) -> Fraction:
    """Sum of subgroup counts, to be compared with a printed total.

    .. math:: T = \\sum_i x_i

    >>> subgroup_sum([279, 194])
    Fraction(473, 1)
    """
    return sum((to_fraction(p) for p in parts), Fraction(0))


@dataclass(frozen=True)
class ChangeReading:
    """The two ways to read a printed change between two percentages.

    Attributes
    ----------
    points : Fraction
        Percentage-point difference :math:`b - a`.
    relative : Fraction
        Relative change in percent :math:`100 (b - a) / a`.
    """

    points: Fraction
    relative: Fraction


def read_change(a: Number, b: Number) -> ChangeReading:
    """Percentage-point and relative readings of a change from ``a`` to ``b``.

    A change between two percentages printed as "decreased by x%" may be a
    percentage-point difference mislabelled as a relative change (or the
    reverse). Compare the printed x with both readings.

    .. math:: \\Delta_{pp} = b - a, \\qquad \\Delta_{\\%} = 100 (b - a) / a

    Examples
    --------
    >>> r = read_change(Fraction("29.63"), Fraction("17.78"))
    >>> float(r.points), round(float(r.relative), 2)
    (-11.85, -39.99)
    """
    fa, fb = to_fraction(a), to_fraction(b)
    if fa == 0:
        raise ValueError("relative change undefined: the base percentage is 0")
    return ChangeReading(fb - fa, 100 * (fb - fa) / fa)


CAP = 64
"""At most this many whole numbers are tried by :func:`whole_numbers_near` (more: the three nearest)."""


def whole_numbers_near(value: Number, unit: Number, scale: Number, cap: int = CAP) -> list[int]:
    """Whole numbers k whose ``k / scale`` lies within one ``unit`` of ``value``.

    Every rounding rule maps a value at most one unit of the last decimal away
    from the printed one, so these are all the candidates any rule can accept.
    When there would be more than ``cap`` of them, only the three nearest
    ``value`` are returned (with that many, the nearest always reproduces the
    printed value under a rounding-to-nearest rule). The two neighbours of
    ``value`` are always included, so a value no count can give still has
    candidates to show.

    .. math:: k \\in [\\lceil (v - u)\\,s \\rceil, \\lfloor (v + u)\\,s \\rfloor]

    >>> whole_numbers_near(Fraction("5.2"), Fraction(1, 10), 5)
    [26]
    >>> whole_numbers_near(Fraction("4.74"), Fraction(1, 100), 25)  # 4.72 and 4.76 are the nearest
    [118, 119]
    >>> whole_numbers_near(Fraction("5.23"), Fraction(1, 100), 10**6)
    [5229999, 5230000, 5230001]
    """
    v, u, s = to_fraction(value), to_fraction(unit), to_fraction(scale)
    lo, hi = math.ceil((v - u) * s), math.floor((v + u) * s)
    if hi - lo + 1 > cap:
        mid = round(v * s)
        return [mid - 1, mid, mid + 1]
    near = {math.floor(v * s), math.ceil(v * s)}  # the neighbours, even when none is within a unit
    return sorted(near.union(range(lo, hi + 1)))


def grim_informative(n_total: int, decimals: int, percent: bool = False) -> bool:
    """Whether GRIM can flag anything: the granularity 1/N is coarser than the printed unit.

    A mean of N whole numbers is a multiple of 1/N; when :math:`N \\ge 10^d`
    every value with d decimals is within half a unit of some multiple, so GRIM
    says nothing (Brown and Heathers 2017). A percentage has two more decimals
    as a proportion.

    >>> grim_informative(28, 2), grim_informative(100, 2), grim_informative(150, 1, percent=True)
    (True, False, True)
    >>> import numpy as np
    >>> grim_informative(np.array([28, 100, 150]), np.array([2, 2, 1]), np.array([False, False, True])).tolist()
    [True, False, True]
    """
    return n_total < 10 ** (decimals + 2 * percent)  # arrays too (the columnar GRIM's), a bool counting 0 or 1


def sum_of_squares_range(total: int, n: int, items: int, sd_low: Number, sd_high: Number) -> tuple[Fraction, Fraction]:
    """Range of the sum of squared person scores that an SD interval allows (GRIMMER).

    Person means are :math:`x_i = s_i / L` with whole :math:`s_i`; with
    :math:`K = \\sum s_i` and :math:`Q = \\sum s_i^2`,

    .. math:: S^2 = \\frac{Q/L^2 - K^2/(n L^2)}{n - 1}
              \\;\\Longrightarrow\\; Q = L^2 (n-1) S^2 + K^2 / n

    Q must be a whole number of the same parity as K (:math:`s^2 \\equiv s \\pmod 2`).

    >>> [float(q) for q in sum_of_squares_range(6, 3, 1, 1, 1)]  # data 1, 2, 3: K = 6, Q = 14, SD = 1
    [14.0, 14.0]
    """
    lo, hi = to_fraction(sd_low), to_fraction(sd_high)
    base = Fraction(total * total, n)
    return items * items * (n - 1) * lo * lo + base, items * items * (n - 1) * hi * hi + base


def binary_sd(k: int, n: int) -> float:
    """Sample SD of n binary values of which k are 1 (DEBIT).

    .. math:: s = \\sqrt{\\frac{n}{n-1}\\,\\hat p (1 - \\hat p)},\\quad \\hat p = k/n

    >>> round(binary_sd(1, 2), 6), binary_sd(0, 10)  # data 0, 1: SD = sqrt(1/2)
    (0.707107, 0.0)
    """
    if n < 2 or not 0 <= k <= n:
        raise ValueError(f"need n >= 2 and 0 <= k <= n, got k={k}, n={n}")
    p = k / n
    return math.sqrt(n / (n - 1) * p * (1 - p))
