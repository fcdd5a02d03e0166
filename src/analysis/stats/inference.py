"""Significance tests recomputed from printed summaries.

* two-group t tests (Student, Welch) from mean, SD and n;
* Pearson chi-square for 2x2 counts, with and without Yates' correction, and
  Fisher's exact test;
* the p-value of a printed t, F, r, z or chi-square with its df, one- or
  two-tailed, as statcheck computes it (:func:`p_value`): the one p-value
  function, used for the p a printed statistic implies and for the p of a
  recomputed test alike;
* Pearson chi-square of an r x c table, with and without Yates' correction
  (:func:`chi2_table`);
* the range of a p-value over a printed statistic's rounding interval.

(The range of a recomputed statistic over rounded inputs is found by
:func:`analysis.checks` evaluating these functions at the corners of the
input box.)

The distributions are :mod:`scipy.special`'s (``stdtr``, ``chdtrc``,
``fdtrc``, ``ndtr``: the functions :mod:`scipy.stats` calls underneath, without
its per-call overhead, which matters when a diagnosis evaluates thousands of
p-values); the statistics are the closed forms below, checked against
``scipy.stats`` in ``tests/stats/test_inference.py``. This module adds the
bookkeeping that rounding needs.

>>> r = ttest_from_summary(5.0, 1.0, 10, 4.0, 1.0, 10)
>>> round(r.statistic, 4), r.df
(2.2361, 18.0)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

__all__ = [
    "TestResult", "METHODS", "ttest_from_summary", "t_statistics", "chi2_2x2", "chi2_2x2_statistic", "fisher_2x2",
    "STATISTICS", "p_value", "p_values", "p_value_range", "p_value_ranges", "chi2_table", "expected_counts", "t_over_box", "RateTest",
    "rate_test",
]


METHODS = ("student", "welch", "pearson", "yates", "fisher")
"""The tests a :class:`TestResult` names (a code; its name in words is the catalogue's ``method.<code>``)."""


@dataclass(frozen=True)
class TestResult:
    """A test statistic, its degrees of freedom, two-sided p-value and the test (a code of :data:`METHODS`)."""

    __test__ = False  # a result, not a pytest test class (its name starts with "Test")
    statistic: float
    df: float
    p: float
    method: str


def _check_summary(m: float, s: float, n: float) -> None:
    if not np.isfinite(m):
        raise ValueError(f"mean {m!r} is not finite")
    if not s > 0:
        raise ValueError(f"SD {s!r} must be > 0")
    if n < 2 or int(n) != n:
        raise ValueError(f"n {n!r} must be a whole number >= 2")


def ttest_from_summary(m1: float, s1: float, n1: int, m2: float, s2: float, n2: int,
                       equal_var: bool = True) -> TestResult:
    """Independent two-sample t test from summary statistics.

    Student (``equal_var=True``):

    .. math::
        s_p^2 = \\frac{(n_1-1)s_1^2 + (n_2-1)s_2^2}{n_1+n_2-2},\\quad
        t = \\frac{\\bar x_1 - \\bar x_2}{s_p\\sqrt{1/n_1 + 1/n_2}},\\quad
        \\nu = n_1+n_2-2

    Welch (``equal_var=False``):

    .. math::
        t = \\frac{\\bar x_1 - \\bar x_2}{\\sqrt{s_1^2/n_1 + s_2^2/n_2}},\\quad
        \\nu = \\frac{(s_1^2/n_1 + s_2^2/n_2)^2}
                     {\\frac{(s_1^2/n_1)^2}{n_1-1} + \\frac{(s_2^2/n_2)^2}{n_2-1}}

    p is two-sided. Group 1 minus group 2.

    Parameters
    ----------
    m1, s1, n1, m2, s2, n2 : float
        Mean, SD and size of each group.
    equal_var : bool
        Student's pooled test if True, Welch's otherwise.

    Returns
    -------
    TestResult

    Examples
    --------
    >>> r = ttest_from_summary(5.0, 1.0, 10, 4.0, 1.0, 10)
    >>> round(r.statistic, 4), r.df, round(r.p, 4)
    (2.2361, 18.0, 0.0382)
    """
    for m, s, n in ((m1, s1, n1), (m2, s2, n2)):
        _check_summary(m, s, n)
    t, df = t_statistics(m1, s1, n1, m2, s2, n2, equal_var)
    p = float(2 * special.stdtr(df, -abs(t)))
    return TestResult(float(t), float(df), min(p, 1.0), "student" if equal_var else "welch")


def t_statistics(m1, s1, n1, m2, s2, n2, equal_var: bool = True) -> tuple:
    """The two-sample t and its df, elementwise: the one formula of :func:`ttest_from_summary`,
    :func:`t_over_box` and the columnar engine (numbers or NumPy arrays alike).

    Squares are products (``s * s``, correctly rounded), never ``s ** 2`` (a power, whose last bit differs
    between Python's ``pow`` and NumPy's), so a row gives the same bits whichever path computes it.
    """
    v1, v2 = s1 * s1 / n1, s2 * s2 / n2
    if equal_var:
        df = n1 + n2 - 2.0
        se = np.sqrt(((n1 - 1) * (s1 * s1) + (n2 - 1) * (s2 * s2)) / df * (1 / n1 + 1 / n2))
    else:
        df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1))
        se = np.sqrt(v1 + v2)
    return (m1 - m2) / se, df


def t_over_box(m1: tuple, s1: tuple, n1: int, m2: tuple, s2: tuple, n2: int,
               equal_var: bool = True) -> tuple[float, float, float, float]:
    """Range of a two-sample t and of its two-sided p over the rounding box of the summaries.

    Each of ``m1, s1, m2, s2`` is ``(low, high)``; the t of
    :func:`ttest_from_summary` is evaluated at the 16 corners at once (it is
    monotone in each summary) and p follows from each corner's t and df; for Welch's test, whose df peaks
    inside the box, the smallest p is bounded with that peak df.
    When the range of t contains 0 the largest p is 1.

    Returns
    -------
    (t_low, t_high, p_low, p_high)

    Examples
    --------
    >>> t_lo, t_hi, p_lo, p_hi = t_over_box((5, 5), (1, 1), 10, (4, 4), (1, 1), 10)
    >>> round(t_lo, 4), round(p_hi, 4)
    (2.2361, 0.0382)
    """
    grid = np.array(np.meshgrid(m1, s1, m2, s2, indexing="ij"), dtype=float).reshape(4, -1)
    a1, b1, a2, b2 = grid
    if (b1 <= 0).any() or (b2 <= 0).any():
        raise ValueError("an SD must be > 0")
    t, df = t_statistics(a1, b1, n1, a2, b2, n2, equal_var)
    p = np.minimum(2 * special.stdtr(df, -np.abs(t)), 1.0)
    p_lo = float(p.min())
    v1, v2 = b1 * b1 / n1, b2 * b2 / n2
    if not equal_var:
        # Welch's df depends on v1 / v2 only and peaks inside the box where v1 / v2 = (n1 - 1) / (n2 - 1)
        # (df = n1 + n2 - 2 there): the smallest p may lie inside the box, not at a corner. Bound it by the
        # largest |t| at that df, so that the range holds every p of the box.
        ratio, peak = v1 / v2, (n1 - 1) / (n2 - 1)
        if ratio.min() <= peak <= ratio.max():
            p_lo = min(p_lo, float(2 * special.stdtr(float(n1 + n2 - 2), -np.abs(t).max())))
    p_hi = float(p.max())
    if not equal_var:  # likewise the largest p: the smallest |t| at the smallest df (an end of the ratio's range)
        p_hi = max(p_hi, float(min(2 * special.stdtr(df.min(), -np.abs(t).min()), 1.0)))
    p_hi = 1.0 if t.min() <= 0 <= t.max() else p_hi
    return float(t.min()), float(t.max()), p_lo, p_hi


def _table(a: int, b: int, c: int, d: int) -> np.ndarray:
    t = np.array([[a, b], [c, d]], dtype=float)
    if (t < 0).any():
        raise ValueError("counts must be >= 0")
    if (t.sum(axis=1) == 0).any() or (t.sum(axis=0) == 0).any():
        raise ValueError("a row or column of the 2x2 table is empty")
    return t


def chi2_2x2(a: int, b: int, c: int, d: int, correction: bool = False) -> TestResult:
    """Pearson chi-square test of a 2x2 table ``[[a, b], [c, d]]``.

    .. math::
        \\chi^2 = \\sum_{ij} \\frac{(|O_{ij} - E_{ij}| - \\delta)^2}{E_{ij}},\\quad
        E_{ij} = \\frac{R_i C_j}{N},\\quad \\nu = 1

    with :math:`\\delta = 0` (Pearson) or :math:`\\delta = 1/2` (Yates),
    capped so the corrected difference is not negative.

    Examples
    --------
    By hand for [[3, 1], [1, 3]]: every E = 2, so chi2 = 4 * 1/2 = 2 and, with
    Yates, 4 * (1/2)**2 / 2 = 0.5:

    >>> chi2_2x2(3, 1, 1, 3).statistic, chi2_2x2(3, 1, 1, 3, correction=True).statistic
    (2.0, 0.5)
    """
    _table(a, b, c, d)
    stat = float(chi2_2x2_statistic(a, b, c, d, correction))
    return TestResult(stat, 1.0, float(special.chdtrc(1, stat)), "yates" if correction else "pearson")


def chi2_2x2_statistic(a, b, c, d, correction: bool = False):
    """Pearson's (or Yates') chi-square of 2x2 tables, elementwise: the one formula of :func:`chi2_2x2` and the
    columnar engine (Python integers, exact, or NumPy int64 arrays, exact while every product stays below 2**53).
    """
    n = a + b + c + d
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    dev = abs(a * d - b * c) / n                   # |O - E|, the same in every cell of a 2x2 table
    if correction:
        dev = dev - 0.5
        dev = dev * (dev > 0)                      # Yates, never past zero (as scipy, gh-13875)
    return dev * dev * n ** 3 / margins            # sum over cells of dev^2 / E_ij


def fisher_2x2(a: int, b: int, c: int, d: int) -> TestResult:
    """Fisher's exact test (two-sided) of a 2x2 table; statistic is the odds ratio.

    .. math:: P(X = a) = \\binom{a+b}{a}\\binom{c+d}{c} / \\binom{N}{a+c}

    Examples
    --------
    >>> round(fisher_2x2(3, 1, 1, 3).p, 4)  # Fisher's tea-tasting: 34/70
    0.4857
    """
    _table(a, b, c, d)
    r1, c1, n = a + b, a + c, a + b + c + d
    lo, hi = max(0, c1 - (n - r1)), min(r1, c1)

    def logp(x: int) -> float:  # hypergeometric log-probability of x in the top-left cell
        return (math.lgamma(r1 + 1) - math.lgamma(x + 1) - math.lgamma(r1 - x + 1)
                + math.lgamma(n - r1 + 1) - math.lgamma(c1 - x + 1) - math.lgamma(n - r1 - c1 + x + 1)
                - math.lgamma(n + 1) + math.lgamma(c1 + 1) + math.lgamma(n - c1 + 1))

    observed = logp(a)
    # two-sided: every table at most as probable as the observed one (relative tolerance 1e-7, as R and scipy)
    p = sum(math.exp(lp) for lp in (logp(x) for x in range(lo, hi + 1)) if lp <= observed + math.log1p(1e-7))
    odds = a * d / (b * c) if b * c > 0 else float("inf")
    return TestResult(float(odds), float("nan"), min(float(p), 1.0), "fisher")


STATISTICS = ("t", "F", "r", "z", "chi2")
"""Statistics whose p-value :func:`p_value` computes."""


def _check_df(statistic: str, df1: float | None, df2: float | None) -> None:
    need = {"t": ("df2",), "r": ("df2",), "F": ("df1", "df2"), "chi2": ("df1",), "z": ()}[statistic]
    for name in need:
        v = {"df1": df1, "df2": df2}[name]
        if v is None or not np.isfinite(v) or not v > 0:
            raise ValueError(f"{statistic} needs {name} > 0, got {v!r}")


def p_value(statistic: str, value: float, df1: float | None = None, df2: float | None = None,
            tails: int = 2) -> float:
    """p-value of a printed test statistic, as statcheck computes it.

    .. math::
        p_t = k\\,P(T_{\\nu_2} > |t|),\\quad
        p_r = k\\,P(T_{\\nu_2} > |r|\\sqrt{\\nu_2 / (1 - r^2)}),\\quad
        p_z = k\\,P(Z > |z|),\\quad
        p_F = P(F_{\\nu_1,\\nu_2} > F),\\quad
        p_{\\chi^2} = P(\\chi^2_{\\nu_1} > x)

    with :math:`k = 2` for a two-tailed test and 1 for a one-tailed one. F and
    chi-square are upper-tail tests already: ``tails`` does not change them.
    Degrees of freedom follow statcheck: ``t(df2)``, ``r(df2)``, ``F(df1, df2)``,
    ``chi2(df1)``, ``z`` none.

    Parameters
    ----------
    statistic : {"t", "F", "r", "z", "chi2"}
    value : float
        The statistic.
    df1, df2 : float, optional
    tails : {1, 2}

    Returns
    -------
    float

    Examples
    --------
    Textbook critical values: z = 1.96 and chi-square(1) = 3.841459 give p = 0.05;
    a one-tailed p is half the two-tailed one; chi-square(2) has
    :math:`p = e^{-x/2}` exactly:

    >>> round(p_value("z", 1.96), 4), round(p_value("chi2", 3.841459, 1), 4), round(p_value("z", 1.96, tails=1), 4)
    (0.05, 0.05, 0.025)
    >>> abs(p_value("chi2", 6.0, 2) - math.exp(-3)) < 1e-15
    True
    >>> round(p_value("t", 2.20, df2=28), 4), round(p_value("t", 2.20, df2=28, tails=1), 4)
    (0.0362, 0.0181)
    >>> round(p_value("r", 0.22, df2=28), 4)  # t = 0.22 sqrt(28 / (1 - 0.0484)) = 1.1934
    0.2427
    """
    if statistic not in STATISTICS:
        raise ValueError(f"unknown statistic {statistic!r}; expected one of {STATISTICS}")
    if tails not in (1, 2):
        raise ValueError(f"tails must be 1 or 2, got {tails!r}")
    if not np.isfinite(value):
        raise ValueError(f"statistic {value!r} is not finite")
    _check_df(statistic, df1, df2)
    if statistic == "r" and not -1 <= value <= 1:
        raise ValueError(f"a correlation must lie in [-1, 1], got {value!r}")
    if statistic in ("F", "chi2") and value < 0:
        raise ValueError(f"{statistic} cannot be negative, got {value!r}")
    return float(p_values(statistic, value, df1, df2, tails))


def p_values(statistic: str, values, df1=None, df2=None, tails=2) -> np.ndarray:
    """:func:`p_value` elementwise, without its checks: the one p-value formula of the per-row and the columnar
    engine (``values``, ``df1``, ``df2`` and ``tails`` numbers or NumPy arrays). A correlation of exactly
    -1 or 1 has p = 0; a correlation is squared as ``r * r`` (see :func:`t_statistics`).

    >>> p_values("z", np.array([1.96, 0.0]), tails=np.array([2, 1])).round(4).tolist()
    [0.05, 0.5]
    """
    v = np.asarray(values, dtype=float)
    k = np.where(np.asarray(tails) == 1, 1, 2)
    if statistic == "t":
        return np.minimum(1.0, k * special.stdtr(df2, -np.abs(v)))
    if statistic == "r":
        one = np.abs(v) == 1
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.abs(v) * np.sqrt(df2 / (1 - v * v))
        return np.where(one, 0.0, np.minimum(1.0, k * special.stdtr(df2, -np.where(one, 0.0, t))))
    if statistic == "z":
        return np.minimum(1.0, k * special.ndtr(-np.abs(v)))
    if statistic == "F":
        return special.fdtrc(df1, df2, v)
    return special.chdtrc(df1, v)


def p_value_range(statistic: str, low: float, high: float, df1: float | None = None, df2: float | None = None,
                  tails: int = 2) -> tuple[float, float]:
    """Range of :func:`p_value` over a statistic's interval [low, high].

    p falls with :math:`|x|`, so the range is reached at the ends, or at 0 when the interval straddles it:
    p = 1 for a two-tailed t, r or z there, and 0.5 for a one-tailed one (a one-tailed p is at most 0.5,
    statcheck's two-tailed p halved; a printed z = 0.00 never makes a one-tailed p = .90 consistent).

    >>> lo, hi = p_value_range("t", 2.195, 2.205, df2=28)
    >>> lo < p_value("t", 2.20, df2=28) < hi, p_value_range("z", -0.1, 0.1)[1], p_value_range("z", -0.1, 0.1, tails=1)[1]
    (True, 1.0, 0.5)
    """
    for x in _clamped(statistic, low, high):
        p_value(statistic, float(x), df1, df2, tails)  # its checks: a ValueError for what has no p
    return tuple(float(x) for x in p_value_ranges(statistic, low, high, df1, df2, tails))


def _clamped(statistic: str, low, high) -> tuple:
    if statistic == "r":
        low, high = np.maximum(low, -1.0), np.minimum(high, 1.0)
    if statistic in ("F", "chi2"):
        low = np.maximum(low, 0.0)
    return low, high


def p_value_ranges(statistic: str, low, high, df1=None, df2=None, tails=2) -> tuple[np.ndarray, np.ndarray]:
    """:func:`p_value_range` elementwise, without its checks (numbers or NumPy arrays).

    >>> [x.round(4).tolist() for x in p_value_ranges("z", np.array([1.955, -0.005]), np.array([1.965, 0.005]))]
    [[0.0494, 0.996], [0.0506, 1.0]]
    """
    low, high = _clamped(statistic, np.asarray(low, dtype=float), np.asarray(high, dtype=float))
    a, b = p_values(statistic, low, df1, df2, tails), p_values(statistic, high, df1, df2, tails)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    if statistic in ("t", "r", "z"):
        hi = np.where((low <= 0) & (0 <= high), np.where(np.asarray(tails) == 1, 0.5, 1.0), hi)
    return lo, hi


def expected_counts(table) -> np.ndarray:
    """Expected counts :math:`E_{ij} = R_i C_j / N` of a contingency table.

    >>> expected_counts([[3, 1], [1, 3]]).tolist()
    [[2.0, 2.0], [2.0, 2.0]]
    """
    t = np.asarray(table, dtype=float)
    return np.outer(t.sum(axis=1), t.sum(axis=0)) / t.sum()


def chi2_table(table, correction: bool = False) -> TestResult:
    """Pearson chi-square test of independence of an r x c table of counts.

    .. math::
        \\chi^2 = \\sum_{ij} (O_{ij} - E_{ij})^2 / E_{ij},\\quad \\nu = (r-1)(c-1)

    Yates' correction (``correction=True``) applies to a 2x2 table only (df 1),
    as in R's ``chisq.test``; for larger tables it is ignored.

    Examples
    --------
    By hand for [[10, 20, 30], [20, 20, 20]]: E = [[15, 20, 25]] twice, so
    chi2 = 2 (25/15 + 0 + 25/25) = 16/3 with df 2, and p = exp(-8/3):

    >>> r = chi2_table([[10, 20, 30], [20, 20, 20]])
    >>> abs(r.statistic - 16 / 3) < 1e-12, r.df, abs(r.p - math.exp(-8 / 3)) < 1e-12
    (True, 2.0, True)
    """
    t = np.asarray(table, dtype=float)
    if t.ndim != 2 or min(t.shape) < 2:
        raise ValueError(f"a contingency table needs at least 2 rows and 2 columns, got shape {t.shape}")
    if (t < 0).any() or (t != np.round(t)).any():
        raise ValueError("counts must be whole numbers >= 0")
    if (t.sum(axis=1) == 0).any() or (t.sum(axis=0) == 0).any():
        raise ValueError("a row or column of the table is empty")
    if t.shape == (2, 2):
        return chi2_2x2(*(int(x) for x in t.ravel()), correction=correction)
    e = expected_counts(t)
    stat = float(((t - e) ** 2 / e).sum())
    dof = (t.shape[0] - 1) * (t.shape[1] - 1)
    return TestResult(stat, float(dof), float(special.chdtrc(dof, stat)), "pearson")


@dataclass(frozen=True)
class RateTest:
    """Two event rates compared: the ratio (x2/t2)/(x1/t1), its exact interval and the exact two-sided p."""

    ratio: float
    low: float
    high: float
    p: float


def _binom_p_two_sided(x: int, n: int, prob: float) -> float:
    """R's ``binom.test(x, n, prob)$p.value``: the probability of outcomes no more likely than ``x``."""
    k = np.arange(n + 1)
    pmf = np.exp(special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)
                 + special.xlogy(k, prob) + special.xlog1py(n - k, -prob))
    return float(min(1.0, pmf[pmf <= pmf[x] * (1 + 1e-7)].sum()))


def rate_test(x1: int, t1: float, x2: int, t2: float, level: float = 0.95) -> RateTest:
    """Exact comparison of two Poisson rates, conditional on the total (R's ``poisson.test``).

    Given x1 + x2 = n events, x2 is binomial with probability t2 / (t1 + t2) when the rates are equal; the
    interval of the ratio comes from the Clopper-Pearson interval of that probability.

    Reference (``tests/stats/results/results_inference.py``): R ``poisson.test(c(45, 27), c(437, 312))``.

    >>> r = rate_test(27, 312, 45, 437)
    >>> round(r.ratio, 4), round(r.low, 4), round(r.high, 4), round(r.p, 4)
    (1.1899, 0.7225, 1.9944, 0.5504)
    """
    if min(x1, x2) < 0 or t1 <= 0 or t2 <= 0 or x1 + x2 == 0:
        raise ValueError("a rate test needs non-negative counts, some events and positive exposures")
    n = x1 + x2
    alpha = 1 - level
    lo = 0.0 if x2 == 0 else float(special.betaincinv(x2, n - x2 + 1, alpha / 2))
    hi = 1.0 if x2 == n else float(special.betaincinv(x2 + 1, n - x2, 1 - alpha / 2))
    scale = t1 / t2

    def to_ratio(q: float) -> float:
        return math.inf if q >= 1 else q / (1 - q) * scale

    ratio = math.inf if x1 == 0 else (x2 / t2) / (x1 / t1)
    return RateTest(ratio, to_ratio(lo), to_ratio(hi), _binom_p_two_sided(x2, n, t2 / (t1 + t2)))
