"""Effect sizes with 95% confidence intervals, for the re-analysis.

These are not checks of printed numbers: they re-express the printed data on
scales that a reader can compare across studies.

>>> e = hedges_g(103, 5.5, 50, 100, 4.5, 50)
>>> round(e.estimate, 4)
0.5924
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

__all__ = ["Effect", "MEASURES", "RATIOS", "hedges_g", "mean_difference", "risk_difference", "risk_ratio",
           "rate_ratio"]

MEASURES = {"mean_difference": "mean difference", "hedges_g": "Hedges' g", "risk_difference": "risk difference",
            "risk_ratio": "risk ratio", "rate_ratio": "rate ratio"}
"""Each measure's code and the name the re-analysis table (``tables/<study>/reanalysis.csv``, column
``measure``) gives it, in the order the report shows them; a reader's name is the catalogue's
``measure.<code>``."""
RATIOS = frozenset({"risk_ratio", "rate_ratio"})
"""Measures on a ratio scale (1 is no effect; drawn on a log scale)."""


@dataclass(frozen=True)
class Effect:
    """An effect estimate with its confidence interval; ``code`` is a key of :data:`MEASURES`."""

    code: str
    estimate: float
    low: float
    high: float
    se: float

    @property
    def measure(self) -> str:
        """The measure's name in the re-analysis table."""
        return MEASURES[self.code]


def _z(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"confidence level must be in (0, 1), got {level!r}")
    return float(stats.norm.ppf(0.5 + level / 2))


def hedges_g(m1: float, s1: float, n1: int, m2: float, s2: float, n2: int,
             level: float = 0.95) -> Effect:
    """Hedges' g (bias-corrected standardised mean difference), group 1 minus 2.

    .. math::
        s_p = \\sqrt{\\frac{(n_1-1)s_1^2+(n_2-1)s_2^2}{n_1+n_2-2}},\\;
        d = \\frac{\\bar x_1-\\bar x_2}{s_p},\\;
        J = 1 - \\frac{3}{4(n_1+n_2)-9},\\; g = J d

    .. math::
        V_g = J^2\\left(\\frac{n_1+n_2}{n_1 n_2} + \\frac{d^2}{2(n_1+n_2)}\\right),\\quad
        g \\pm z_{1-\\alpha/2}\\sqrt{V_g}

    (Borenstein et al., *Introduction to Meta-Analysis*, 2009, ch. 4.)

    Examples
    --------
    Borenstein et al.'s worked example (g = 0.5924, V = 0.0411):

    >>> e = hedges_g(103, 5.5, 50, 100, 4.5, 50)
    >>> round(e.estimate, 4), round(e.se ** 2, 4)
    (0.5924, 0.0411)
    """
    if not (s1 > 0 and s2 > 0):
        raise ValueError("SDs must be > 0")
    if n1 < 2 or n2 < 2:
        raise ValueError("each group needs n >= 2")
    sp = math.sqrt(((n1 - 1) * s1 ** 2 + (n2 - 1) * s2 ** 2) / (n1 + n2 - 2))
    d = (m1 - m2) / sp
    j = 1 - 3 / (4 * (n1 + n2) - 9)
    g = j * d
    se = j * math.sqrt((n1 + n2) / (n1 * n2) + d ** 2 / (2 * (n1 + n2)))
    z = _z(level)
    return Effect("hedges_g", g, g - z * se, g + z * se, se)


def mean_difference(m1: float, s1: float, n1: int, m2: float, s2: float, n2: int,
                    level: float = 0.95) -> Effect:
    """Raw mean difference with a Welch confidence interval.

    .. math::
        \\Delta = \\bar x_1 - \\bar x_2,\\quad SE = \\sqrt{s_1^2/n_1 + s_2^2/n_2},\\quad
        \\Delta \\pm t_{\\nu, 1-\\alpha/2} SE

    with Welch-Satterthwaite :math:`\\nu`.

    >>> e = mean_difference(5, 1, 10, 4, 1, 10)
    >>> round(e.low, 3), round(e.high, 3)
    (0.06, 1.94)
    """
    v1, v2 = s1 ** 2 / n1, s2 ** 2 / n2
    se = math.sqrt(v1 + v2)
    df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
    q = float(stats.t.ppf(0.5 + level / 2, df))
    diff = m1 - m2
    return Effect("mean_difference", diff, diff - q * se, diff + q * se, se)


def _check_counts(x: int, n: int) -> None:
    if n <= 0 or x < 0 or x > n:
        raise ValueError(f"count {x} must lie in 0..{n} (its total)")


def risk_difference(x1: int, n1: int, x2: int, n2: int, level: float = 0.95) -> Effect:
    """Risk difference :math:`p_1 - p_2` with a Wald interval, in proportion units.

    .. math:: SE = \\sqrt{p_1(1-p_1)/n_1 + p_2(1-p_2)/n_2}

    By hand: SE = sqrt(.3*.7/100 + .2*.8/100) = 0.060828, 0.1 -/+ 1.95996*SE:

    >>> e = risk_difference(30, 100, 20, 100)
    >>> round(e.estimate, 2), round(e.low, 4), round(e.high, 4)
    (0.1, -0.0192, 0.2192)
    """
    _check_counts(x1, n1)
    _check_counts(x2, n2)
    p1, p2 = x1 / n1, x2 / n2
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    z = _z(level)
    return Effect("risk_difference", p1 - p2, p1 - p2 - z * se, p1 - p2 + z * se, se)


def risk_ratio(x1: int, n1: int, x2: int, n2: int, level: float = 0.95) -> Effect:
    """Risk ratio :math:`p_1 / p_2` with a log-scale (Katz) interval.

    .. math:: SE(\\ln RR) = \\sqrt{1/x_1 - 1/n_1 + 1/x_2 - 1/n_2}

    By hand: SE = sqrt(1/30 - 1/100 + 1/20 - 1/100) = 0.251661, 1.5 exp(-/+1.95996 SE):

    >>> e = risk_ratio(30, 100, 20, 100)
    >>> round(e.estimate, 2), round(e.low, 4), round(e.high, 4)
    (1.5, 0.916, 2.4564)
    """
    _check_counts(x1, n1)
    _check_counts(x2, n2)
    if x1 == 0 or x2 == 0:
        raise ValueError("risk ratio needs non-zero counts in both groups")
    rr = (x1 / n1) / (x2 / n2)
    se = math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2)
    z = _z(level)
    return Effect("risk_ratio", rr, rr * math.exp(-z * se), rr * math.exp(z * se), se)


def rate_ratio(x1: int, t1: float, x2: int, t2: float, level: float = 0.95) -> Effect:
    """Ratio of event rates :math:`(x_1/t_1)/(x_2/t_2)`, Poisson log-scale interval.

    Events may exceed the exposure (several consultations per patient), so this
    is the measure for counts per admission rather than a risk ratio.

    .. math:: SE(\\ln IRR) = \\sqrt{1/x_1 + 1/x_2}

    By hand: SE = sqrt(1/20 + 1/10) = 0.387298, 2 exp(-/+1.95996 SE):

    >>> e = rate_ratio(20, 100, 10, 100)
    >>> round(e.estimate, 2), round(e.low, 4), round(e.high, 4)
    (2.0, 0.9362, 4.2727)
    """
    if x1 <= 0 or x2 <= 0 or t1 <= 0 or t2 <= 0:
        raise ValueError("rate ratio needs positive counts and exposures")
    irr = (x1 / t1) / (x2 / t2)
    se = math.sqrt(1 / x1 + 1 / x2)
    z = _z(level)
    return Effect("rate_ratio", irr, irr * math.exp(-z * se), irr * math.exp(z * se), se)
