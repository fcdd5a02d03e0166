"""Diagnosing a printed test that does not reproduce: what a statistician would try.

* the degrees of freedom that reconcile a printed statistic with its own
  printed p (a range, since both are rounded): :func:`df_range`;
* the group size that reconciles a printed t with the printed means and SDs,
  assuming equal groups: :func:`n_per_group`,

  .. math:: t = \\frac{\\bar x_1 - \\bar x_2}{\\sqrt{(s_1^2 + s_2^2)/n}}
            \\;\\Longrightarrow\\; n = t^2 \\, \\frac{s_1^2 + s_2^2}{(\\bar x_1 - \\bar x_2)^2};

* named alternatives: Student or Welch, SDs that are really standard errors,
  the two group sizes swapped, a one-tailed p: :func:`explain_t`; each fits
  only if it reconciles both the printed t and its printed p;
* the equivalent readings of a t that follows from its means and SDs only
  with another scale of the standard error: a smaller n per group, or SDs
  larger by :func:`sd_factor` with the stated n (both scale the standard
  error; only the printed p, through the df, can tell them apart).

>>> lo, hi = df_range("2.571", "0.015", "t")
>>> 20 < lo < hi < 40
True
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
from scipy import special

from analysis.stats import inference
from analysis.core.rounding import p_floor, parse_printed, printed_interval

__all__ = ["p_interval", "df_range", "n_per_group", "n_at_t", "sd_factor", "t_at_n", "explain_t", "se_welch_df",
           "EXPLANATIONS", "MAX_DF", "DF_GRID", "REFINE_STEPS"]

EXPLANATIONS = ("student", "welch", "sd_as_se", "swapped", "one_tailed")
"""What :func:`explain_t` tries, in order (codes; in words: the catalogue's ``explanation.<code>``)."""

MAX_DF = 1e6
"""Largest df searched; a range reaching it is open above (any larger df fits too)."""
DF_GRID = np.geomspace(1, MAX_DF, 600)
"""The df on which :func:`df_range` brackets the end of each ray before refining it (40 bisections)."""
REFINE_STEPS = 40
"""Bisections (on the geometric mean) that refine an end of a ray of df."""


def p_interval(p_text: str, rule: str = "half_up") -> tuple[float, float]:
    """Values a printed p stands for, with the p-floor policy (``0.001`` -> (0, 0.0015]).

    >>> p_interval("0.185"), p_interval("<0.001"), p_interval("0.001")
    ((0.1845, 0.1855), (0.0, 0.001), (0.0, 0.0015))
    """
    p = parse_printed(p_text)
    if p.operator == "<":
        return 0.0, float(p.value)
    if p.operator == ">":
        return float(p.value), 1.0
    lo, hi = (float(x) for x in printed_interval(p, rule))
    if p_floor(p) is not None:
        lo = 0.0
    return max(lo, 0.0), min(hi, 1.0)


def df_range(stat_text: str, p_text: str, kind: str, rule: str = "half_up") -> tuple[float, float] | None:
    """Degrees of freedom for which the printed statistic and the printed p agree.

    For each df the printed statistic's rounding interval gives a range of
    two-sided p; the df for which that range meets the printed p's interval
    form the answer. It takes two conditions: the largest statistic's p is at
    most the printed p's upper end, and the smallest statistic's p at least
    its lower end. Each is monotone in df (a t's two-sided p falls as df
    grows, a chi-square's upper-tail p rises), so each holds on a ray of df
    whose end is bracketed on a log grid of df from 1 to :data:`MAX_DF` and
    refined by bisection; the answer is the intersection of the two rays,
    however narrow (a fitting range narrower than a step of the grid is found
    too).

    Parameters
    ----------
    stat_text, p_text : str
        The statistic and the p as printed.
    kind : {"t", "chi2"}
    rule : str
        Rounding rule the printed numbers are read under.

    Returns
    -------
    (float, float) or None
        Lowest and highest df that fit (``inf`` if every larger df fits), or
        None if no df does.

    Examples
    --------
    A t of 1.96 with p = 0.05 fits large df only:

    >>> lo, hi = df_range("1.96", "0.050", "t"); lo > 100 and math.isinf(hi)
    True
    >>> df_range("3.839", "0.001", "t")[0] < 30
    True
    """
    s_lo, s_hi = (float(x) for x in printed_interval(stat_text, rule))
    if kind == "t":
        s_lo, s_hi = sorted((abs(s_lo), abs(s_hi)))
    q_lo, q_hi = p_interval(p_text, rule)

    def p_of(x: float, df: np.ndarray) -> np.ndarray:  # two-sided p of a t, upper tail of a chi-square
        if kind == "t":
            return 2 * special.stdtr(df, -abs(x))
        return special.chdtrc(df, x)

    conditions = (lambda df: p_of(s_hi, df) <= q_hi, lambda df: q_lo <= p_of(s_lo, df))
    grid = DF_GRID

    def refine(cond, bad: float, good: float) -> float:
        for _ in range(REFINE_STEPS):
            mid = math.sqrt(bad * good)
            bad, good = (bad, mid) if cond(np.array([mid]))[0] else (mid, good)
        return good

    low, high = float(grid[0]), math.inf
    for cond in conditions:
        ok = cond(grid)
        if not ok.any():
            return None
        changes = int(np.count_nonzero(ok[1:] != ok[:-1]))
        if changes > 1:  # not monotone in floating point: a wider fitting range is what a reader needs
            raise ArithmeticError(f"df_range: the condition changes {changes} times over the df grid")
        if changes == 0:
            continue
        k = int(np.argmax(ok[1:] != ok[:-1]))  # ok changes between grid[k] and grid[k + 1]
        if ok[k]:  # holds up to a df: the ray's upper end
            high = min(high, refine(cond, float(grid[k + 1]), float(grid[k])))
        else:  # holds from a df on: the ray's lower end
            low = max(low, refine(cond, float(grid[k]), float(grid[k + 1])))
    return (low, high) if low <= high else None


def n_per_group(t: tuple[Fraction, Fraction], m1: tuple, s1: tuple, m2: tuple, s2: tuple) -> tuple[float, float, float]:
    """Equal group size that reconciles a printed t with the printed means and SDs.

    Parameters
    ----------
    t : (low, high)
        The printed t's rounding interval.
    m1, s1, m2, s2 : (face, low, high)
        The printed means and SDs with their intervals.

    Returns
    -------
    (face, low, high)
        n at face values and its range over the rounding box (``inf`` when the
        means may be equal).

    Examples
    --------
    By hand: means 10 and 8, SDs 2 and 2, t = 2: n = 4 * 8 / 4 = 8.

    >>> n_per_group((2, 2), (10, 10, 10), (2, 2, 2), (8, 8, 8), (2, 2, 2))[0]
    8.0
    """
    t_face = (float(t[0]) + float(t[1])) / 2
    face = float(n_at_t(t_face, *(float(v[0]) for v in (m1, s1, m2, s2))))
    values = [float(n_at_t(float(tt), float(a1), float(b1), float(a2), float(b2)))
              for tt in t for a1 in m1[1:] for b1 in s1[1:] for a2 in m2[1:] for b2 in s2[1:]]
    lo, hi = min(values), max(values)
    if (m1[1] - m2[2]) * (m1[2] - m2[1]) <= 0:  # the means' intervals overlap: any n
        hi = math.inf
    return face, lo, hi


def n_at_t(t, m1, s1, m2, s2):
    """The equal group size at which means and SDs give ``t`` (inf where the means are equal), elementwise
    (numbers or NumPy arrays): the one formula of :func:`n_per_group` and the columnar engine; squares are
    products, as in :func:`analysis.stats.inference.t_statistics`.

    >>> float(n_at_t(2.0, 10.0, 2.0, 8.0, 2.0)), float(n_at_t(2.0, 8.0, 2.0, 8.0, 2.0))
    (8.0, inf)
    """
    d = np.subtract(m1, m2)
    with np.errstate(divide="ignore", invalid="ignore"):
        n = t * t * (s1 * s1 + s2 * s2) / (d * d)
    return np.where(d == 0, math.inf, n)


def sd_factor(printed_t: float, recomputed_t: float) -> float:
    """How many times larger the SDs would have to be, with the stated group sizes, for the printed t.

    t is inversely proportional to the SDs (both groups scaled alike), so the factor is the recomputed t over
    the printed t. By hand (Zigong Table 1, age): 3.16005 / 1.332 = 2.372...

    >>> round(sd_factor(1.332, 3.16005), 3)
    2.372
    """
    return abs(recomputed_t) / abs(printed_t)


def t_at_n(m1: float, s1: float, m2: float, s2: float, n: float) -> float:
    """The t of two equal groups of ``n`` from means and SDs: (m1 - m2) / sqrt((s1^2 + s2^2) / n).

    By hand (Zigong Table 5, drug share, n = 17): 4.14 / sqrt(23.0497 / 17) = 3.5554...

    >>> round(t_at_n(37.35, 4.01, 33.21, 2.64, 17), 4)
    3.5554
    """
    return (m1 - m2) / math.sqrt((s1 * s1 + s2 * s2) / n)


def _welch_df(s1: float, n1: int, s2: float, n2: int) -> float:
    """Welch-Satterthwaite df from SDs and group sizes."""
    return inference.t_statistics(0.0, s1, n1, 0.0, s2, n2, equal_var=False)[1]


def se_welch_df(s1, n1, s2, n2):
    """Welch's df when the printed dispersions are standard errors (elementwise, numbers or arrays):
    :math:`(s_1^2 + s_2^2)^2 / (s_1^4/(n_1-1) + s_2^4/(n_2-1))`, powers as products."""
    a, b = s1 * s1, s2 * s2
    return (a + b) * (a + b) / (a * a / (n1 - 1) + b * b / (n2 - 1))


def explain_t(stat_text: str, p_text: str, m1: tuple, s1: tuple, n1: int, m2: tuple, s2: tuple,
              n2: int, rule: str = "half_up") -> list[tuple[str, bool, tuple[float, ...]]]:
    """Try the usual explanations of a printed t that does not follow from its summaries.

    An explanation *fits* only if it reconciles every printed number of the test: the t it gives from the
    printed means and SDs meets the printed t's rounding interval, **and** the p it gives for the printed t
    (at its df, with its sidedness) meets the printed p's interval. Halving a p already below a floor
    ("0.001") while the statistic is far off explains nothing, so a one-tailed p fits only where Student's or
    Welch's t with the stated groups reproduces the printed t.

    Returns
    -------
    list of (name, fits, values)
        For Student's and Welch's t with the stated n (``student``, ``welch``), the SDs read as standard
        errors (``sd_as_se``, Welch's df), the group sizes swapped (``swapped``), and a one-tailed p
        (``one_tailed``): the name is a code of :data:`EXPLANATIONS` (in words: the catalogue's
        ``explanation.<name>``); ``values`` is the range of t the explanation gives, then the range of p it
        gives for the printed t.

    Examples
    --------
    Student t = sqrt(5) = 2.236, df 18, two-tailed p 0.0382 (R: ``2 * pt(-2.236, 18)``):

    >>> rows = explain_t("2.236", "0.038", (5, 5, 5), (1, 1, 1), 10, (4, 4, 4), (1, 1, 1), 10)
    >>> [name for name, fits, _ in rows if fits]
    ['student', 'welch', 'swapped']
    """
    t_lo, t_hi = (float(x) for x in printed_interval(stat_text, rule))
    q_lo, q_hi = p_interval(p_text, rule)
    out = []

    def covers(lo: float, hi: float) -> bool:
        return lo <= t_hi and t_lo <= hi or -hi <= t_hi and t_lo <= -lo

    def p_of(df: float, tails: int) -> tuple[float, float]:
        return inference.p_value_range("t", t_lo, t_hi, df2=df, tails=tails)

    def p_fits(rng: tuple[float, float]) -> bool:
        return rng[0] <= q_hi and q_lo <= rng[1]

    box = [tuple(float(x) for x in v[1:]) for v in (m1, s1, m2, s2)]
    sd1, sd2 = float(s1[0]), float(s2[0])
    se_df = se_welch_df(sd1, n1, sd2, n2)
    dfs = {"student": n1 + n2 - 2, "welch": _welch_df(sd1, n1, sd2, n2), "sd_as_se": se_df, "swapped": n1 + n2 - 2}
    candidates = (("student", (n1, n2), True), ("welch", (n1, n2), False),
                  ("sd_as_se", (1, 1), None), ("swapped", (n2, n1), True))
    ranges = {}
    for name, (na, nb), equal in candidates:
        if equal is None:  # t = (m1 - m2) / sqrt(s1^2 + s2^2): the printed dispersions used as standard errors
            grid = np.array(np.meshgrid(*box, indexing="ij"), dtype=float).reshape(4, -1)
            vals = (grid[0] - grid[2]) / np.sqrt(grid[1] ** 2 + grid[3] ** 2)
            lo, hi = float(vals.min()), float(vals.max())
        else:
            lo, hi, _, _ = inference.t_over_box(box[0], box[1], na, box[2], box[3], nb, equal)
        ranges[name] = (lo, hi)
        p_rng = p_of(dfs[name], 2)
        out.append((name, covers(lo, hi) and p_fits(p_rng), (lo, hi, *p_rng)))
    reproduced = [name for name in ("student", "welch") if covers(*ranges[name])]
    one = [p_of(dfs[name], 1) for name in reproduced]
    fits = any(p_fits(r) for r in one)
    shown = one[0] if one else p_of(dfs["student"], 1)
    out.append(("one_tailed", fits, (*ranges[reproduced[0] if reproduced else "student"], *shown)))
    return out
