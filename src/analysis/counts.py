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

__all__ = ["growth_rate", "share", "subgroup_sum", "ChangeReading", "read_change"]

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
