"""Diagnosing a printed test that does not reproduce: what a statistician would try.

* the degrees of freedom that reconcile a printed statistic with its own
  printed p (a range, since both are rounded): :func:`df_range`;
* the group size that reconciles a printed t with the printed means and SDs,
  assuming equal groups: :func:`n_per_group`,

  .. math:: t = \\frac{\\bar x_1 - \\bar x_2}{\\sqrt{(s_1^2 + s_2^2)/n}}
            \\;\\Longrightarrow\\; n = t^2 \\, \\frac{s_1^2 + s_2^2}{(\\bar x_1 - \\bar x_2)^2};

* named alternatives: Student or Welch, SDs that are really standard errors,
  the two group sizes swapped, a one-tailed p: :func:`explain_t`.

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

__all__ = ["p_interval", "df_range", "n_per_group", "explain_t", "EXPLANATIONS", "MAX_DF"]

EXPLANATIONS = ("student", "welch", "sd_as_se", "swapped", "one_tailed")
"""What :func:`explain_t` tries, in order (codes; in words: the catalogue's ``explanation.<code>``)."""

MAX_DF = 1e6
"""Largest df searched; a range reaching it is open above (any larger df fits too)."""


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
    grid = np.geomspace(1, MAX_DF, 600)

    def refine(cond, bad: float, good: float) -> float:
        for _ in range(40):
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
    def n_of(tt, a1, b1, a2, b2):
        d = float(a1) - float(a2)
        if d == 0:
            return math.inf
        return float(tt) ** 2 * (float(b1) ** 2 + float(b2) ** 2) / d ** 2

    t_face = (float(t[0]) + float(t[1])) / 2
    face = n_of(t_face, m1[0], s1[0], m2[0], s2[0])
    values = [n_of(tt, a1, b1, a2, b2) for tt in t for a1 in m1[1:] for b1 in s1[1:] for a2 in m2[1:] for b2 in s2[1:]]
    lo, hi = min(values), max(values)
    if (m1[1] - m2[2]) * (m1[2] - m2[1]) <= 0:  # the means' intervals overlap: any n
        hi = math.inf
    return face, lo, hi


def explain_t(stat_text: str, p_text: str, m1: tuple, s1: tuple, n1: int, m2: tuple, s2: tuple,
              n2: int, rule: str = "half_up") -> list[tuple[str, bool, tuple[float, ...]]]:
    """Try the usual explanations of a printed t that does not follow from its summaries.

    Returns
    -------
    list of (name, fits, values)
        For Student's and Welch's t with the stated n (``student``,
        ``welch``), the SDs read as standard errors (``sd_as_se``), the group
        sizes swapped (``swapped``), and a one-tailed p (``one_tailed``): the
        name is a code of :data:`EXPLANATIONS` (in words: the catalogue's
        ``explanation.<name>``); ``values`` is the range of t the explanation
        gives, or the one-tailed p of the printed t.

    Examples
    --------
    >>> rows = explain_t("2.236", "0.038", (5, 5, 5), (1, 1, 1), 10, (4, 4, 4), (1, 1, 1), 10)
    >>> [name for name, fits, _ in rows if fits]
    ['student', 'welch', 'swapped']
    """
    t_lo, t_hi = (float(x) for x in printed_interval(stat_text, rule))
    q_lo, q_hi = p_interval(p_text, rule)
    out = []

    def covers(lo: float, hi: float) -> bool:
        return lo <= t_hi and t_lo <= hi or -hi <= t_hi and t_lo <= -lo

    box = [tuple(float(x) for x in v[1:]) for v in (m1, s1, m2, s2)]
    candidates = (("student", (n1, n2), True), ("welch", (n1, n2), False),
                  ("sd_as_se", (1, 1), None), ("swapped", (n2, n1), True))
    for name, (na, nb), equal in candidates:
        if equal is None:  # t = (m1 - m2) / sqrt(s1^2 + s2^2): the printed dispersions used as standard errors
            grid = np.array(np.meshgrid(*box, indexing="ij"), dtype=float).reshape(4, -1)
            vals = (grid[0] - grid[2]) / np.sqrt(grid[1] ** 2 + grid[3] ** 2)
            lo, hi = float(vals.min()), float(vals.max())
        else:
            lo, hi, _, _ = inference.t_over_box(box[0], box[1], na, box[2], box[3], nb, equal)
        out.append((name, covers(lo, hi), (lo, hi)))
    df = n1 + n2 - 2
    one = inference.p_value("t", float(parse_printed(stat_text).value), df2=df, tails=1)
    out.append(("one_tailed", q_lo <= one <= q_hi, (one,)))
    return out
