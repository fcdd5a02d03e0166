"""Quantities derived from counts: growth rates, shares, sums, kinds of change.

All functions work in exact rational arithmetic (:class:`fractions.Fraction`)
so that a value that lies exactly on a rounding boundary is recognised as such.

>>> float(growth_rate(147, 223))
51.70068027210884
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Iterable

from .rounding import to_fraction

__all__ = ["growth_rate", "share", "ratio", "subgroup_sum", "ChangeReading", "read_change", "grim_candidates"]

Number = int | float | Fraction


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
    if b == 0:
        raise ValueError("growth rate undefined: the base value is 0")
    return 100 * (a - b) / b


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
    if k < 0 or k > n:
        raise ValueError(f"count {k} is outside 0..{n}, its total")
    return 100 * k / n


def ratio(numerator: Number, denominator: Number) -> Fraction:
    """Ratio in percent, with no upper bound (e.g. a completion rate above 100%).

    .. math:: r = 100 \\, a / b

    >>> float(ratio(5719, 4000))
    142.975
    """
    a, b = to_fraction(numerator), to_fraction(denominator)
    if b == 0:
        raise ValueError("ratio undefined: the denominator is 0")
    return 100 * a / b


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
