"""The tests and diagnoses of :mod:`analysis.stats.inference` and :mod:`analysis.stats.diagnosis` for many rows at
once, with the same answers to the last bit.

Each function here evaluates the same formulas (the shared kernels :func:`~analysis.stats.inference.t_statistics`,
:func:`~analysis.stats.inference.p_values`, :func:`~analysis.stats.diagnosis.n_at_t`, SciPy's special functions
elementwise) on arrays of rows, in the same order of operations, so each row gets the float its one-row
counterpart gives; ``tests/stats/test_columns.py`` checks them against each other.

:func:`df_ranges` is the one that needs more than arrays. :func:`~analysis.stats.diagnosis.df_range` evaluates two
conditions on 600 degrees of freedom per test (1,200 p-values) before refining; here each condition is evaluated
at the grid's ends and then by bisection over the grid: a condition holds between two df where it holds at both
(each p is monotone in df: a t's two-sided p falls as df grows, a chi-square's upper tail rises), unless the
computed p-values lie too near the printed p's end for their float error to be ruled out (:data:`SURE`, far
above the functions' error; such a row is evaluated on the whole grid). Where the condition changes, and how
many times, are then the one-row function's, and the bisections that refine the end are the same operations on
the same floats (stopped early, on request, once what is shown of the end is settled).
"""
from __future__ import annotations

import itertools
import math

import numpy as np
from scipy import special

from analysis.core.columnar import PrintedColumn
from analysis.stats import diagnosis, inference

__all__ = ["t_over_boxes", "fisher_2x2_ps", "df_ranges", "n_per_groups", "explain_ts", "p_intervals", "SURE"]

SURE = 1e-6
"""Relative distance from the printed p's end beyond which a computed p is on its side whatever its float error
(SciPy's ``stdtr`` and ``chdtrc`` are accurate to about 1e-14 relative)."""


def t_over_boxes(m1, s1, n1, m2, s2, n2, equal_var: bool = True, p: bool = True) -> tuple[np.ndarray, ...]:
    """:func:`~analysis.stats.inference.t_over_box` for many rows: ``m1``, ``s1``, ``m2``, ``s2`` are each
    ``(low, high)`` arrays, ``n1``, ``n2`` arrays; every SD corner must be > 0 (the caller checks). Without ``p``,
    only the range of t.

    >>> [x.round(4).tolist() for x in t_over_boxes(([5.0], [5.0]), ([1.0], [1.0]), np.array([10]), ([4.0], [4.0]),
    ...                                           ([1.0], [1.0]), np.array([10]))]
    [[2.2361], [2.2361], [0.0382], [0.0382]]
    """
    corners = [np.array(c, dtype=float) for c in zip(*itertools.product(m1, s1, m2, s2))]
    t, df = inference.t_statistics(corners[0], corners[1], np.asarray(n1), corners[2], corners[3], np.asarray(n2),
                                   equal_var)
    t_lo, t_hi = t.min(axis=0), t.max(axis=0)
    if not p:
        return t_lo, t_hi
    ps = np.minimum(2 * special.stdtr(df, -np.abs(t)), 1.0)
    p_lo, p_hi = ps.min(axis=0), ps.max(axis=0)
    if not equal_var:  # t_over_box's bounds of Welch's p inside the box, row by row (the same operations)
        n1, n2 = np.asarray(n1), np.asarray(n2)
        ratio = (corners[1] * corners[1] / n1) / (corners[3] * corners[3] / n2)
        peak = (n1 - 1) / (n2 - 1)
        inside = (ratio.min(axis=0) <= peak) & (peak <= ratio.max(axis=0))
        abs_t = np.abs(t)
        p_lo = np.where(inside, np.minimum(p_lo, 2 * special.stdtr((n1 + n2 - 2).astype(float), -abs_t.max(axis=0))),
                        p_lo)
        p_hi = np.maximum(p_hi, np.minimum(2 * special.stdtr(df.min(axis=0), -abs_t.min(axis=0)), 1.0))
    return t_lo, t_hi, p_lo, np.where((t_lo <= 0) & (0 <= t_hi), 1.0, p_hi)


def fisher_2x2_ps(a, b, c, d) -> np.ndarray:
    """The p of :func:`~analysis.stats.inference.fisher_2x2` for many tables: the log-probability of every table
    of each row at once (from one table of ``math.lgamma``, the function the one-row test calls, in the same
    order of operations), then each row's sum as there (``math.exp`` of each term, added in order).

    >>> fisher_2x2_ps([3, 1], [1, 1], [1, 1], [3, 1]).round(4).tolist()
    [0.4857, 1.0]
    """
    a, b, c, d = (np.asarray(x, dtype=np.int64) for x in (a, b, c, d))
    r1, c1, n = a + b, a + c, a + b + c + d
    lg = np.array([math.lgamma(k + 1) for k in range(int(n.max(initial=0)) + 2)])  # lg[k] = lgamma(k + 1)
    lo, hi = np.maximum(0, c1 - (n - r1)), np.minimum(r1, c1)
    width = hi - lo + 1
    row = np.repeat(np.arange(len(a)), width)  # every table of every row, one after another
    starts = np.cumsum(width) - width
    x = lo[row] + np.arange(len(row)) - starts[row]
    R, C, N = r1[row], c1[row], n[row]
    lp = lg[R] - lg[x] - lg[R - x] + lg[N - R] - lg[C - x] - lg[N - R - C + x] - lg[N] + lg[C] + lg[N - C]
    observed = lp[starts + a - lo]
    keep = lp <= (observed + math.log1p(1e-7))[row]
    terms = list(map(math.exp, lp[keep].tolist()))  # row by row, each row's tables in order
    ends = np.cumsum(np.bincount(row[keep], minlength=len(a))).tolist()
    return np.array([min(float(sum(terms[s:e])), 1.0) for s, e in zip([0] + ends[:-1], ends)])


def p_intervals(col: PrintedColumn, rule: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~analysis.stats.diagnosis.p_interval` of each printed p of a column (read under ``rule``)."""
    lo = np.where(col.op == "<", 0.0, np.where(col.op == ">", col.value, np.where(np.isnan(col.floor), col.low,
                                                                                    0.0)))
    hi = np.where(col.op == "<", col.value, np.where(col.op == ">", 1.0, col.high))
    lo, hi = np.maximum(lo, 0.0), np.minimum(hi, 1.0)
    for i in np.flatnonzero(~col.ok | (col.op == "~")).tolist():  # a text the reading leaves: p_interval says
        try:
            lo[i], hi[i] = diagnosis.p_interval(col.texts[i], rule)
        except ValueError:
            lo[i] = hi[i] = np.nan
    return lo, hi


def _p_of(kind: str, x, df):
    """Two-sided p of a t, upper tail of a chi-square (:func:`~analysis.stats.diagnosis.df_range`'s)."""
    return 2 * special.stdtr(df, -np.abs(x)) if kind == "t" else special.chdtrc(df, x)


def _holds(kind: str, x, q, upper: bool, df) -> np.ndarray:
    p = _p_of(kind, x, df)
    return p <= q if upper else q <= p


def _side(kind: str, x, q, upper: bool, df) -> tuple[np.ndarray, np.ndarray]:
    """Whether the condition holds at ``df``, and whether that is sure: the computed p lies farther from the
    printed p's end than its float error could carry it (:data:`SURE`)."""
    p = _p_of(kind, x, df)
    return (p <= q if upper else q <= p), np.abs(p - q) > SURE * np.maximum(p, q)


def _changes(kind: str, x: np.ndarray, q: np.ndarray, upper: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each row, as :func:`~analysis.stats.diagnosis.df_range` finds them on its grid: whether the condition
    holds anywhere, how many times it changes (2 standing for more than one) and where (between ``grid[k]`` and
    ``grid[k + 1]``).

    The p-values are monotone in df, so the condition holds on all the grid between two df where it surely
    holds (or surely fails): the grid's ends are evaluated, then a bisection over the grid's indices finds the
    change. A row with an unsure evaluation is evaluated on the whole grid, as ``df_range`` does.
    """
    grid = diagnosis.DF_GRID
    n, last = len(x), len(grid) - 1
    first_ok, first_sure = _side(kind, x, q, upper, grid[0])
    last_ok, last_sure = _side(kind, x, q, upper, grid[last])
    whole = ~(first_sure & last_sure)
    anyok, changes, k = first_ok | last_ok, np.where(first_ok != last_ok, 1, 0), np.zeros(n, dtype=np.intp)
    rows = np.flatnonzero(~whole & (first_ok != last_ok))
    lo, hi = np.zeros(len(rows), dtype=np.intp), np.full(len(rows), last, dtype=np.intp)
    while len(rows) and (hi - lo > 1).any():
        mid = (lo + hi) // 2
        ok, sure = _side(kind, x[rows], q[rows], upper, grid[mid])
        doubt = ~sure & (hi - lo > 1)
        whole[rows[doubt]] = True
        same = ok == first_ok[rows]
        lo, hi = np.where(same & (hi - lo > 1), mid, lo), np.where(~same & (hi - lo > 1), mid, hi)
    k[rows] = lo
    full = np.flatnonzero(whole)
    if len(full):
        ok = _holds(kind, x[full][:, None], q[full][:, None], upper, grid[None, :])
        change = ok[:, 1:] != ok[:, :-1]
        anyok[full], changes[full], k[full] = ok.any(axis=1), np.minimum(change.sum(axis=1), 2), change.argmax(axis=1)
    return anyok, changes, k


def _settled(bad: np.ndarray, good: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """Whether every value between ``bad`` and ``good`` prints alike to 3 significant digits and lies on the
    same side of each of ``marks`` (rows by columns)."""
    a, b = np.minimum(bad, good), np.maximum(bad, good)
    same = np.array([f"{x:.3g}" == f"{y:.3g}" for x, y in zip(a.tolist(), b.tolist())], dtype=bool)
    return same & ~((a[:, None] <= marks) & (marks <= b[:, None])).any(axis=1)


def df_ranges(kind: str, s_lo, s_hi, q_lo, q_hi, marks=None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`~analysis.stats.diagnosis.df_range` for many rows, from the printed statistic's interval
    (``s_lo``, ``s_hi``) and the printed p's (``q_lo``, ``q_hi``, :func:`~analysis.stats.diagnosis.p_interval`).

    Returns ``(low, high, found, broken)``: the df range where ``found`` (``df_range`` gives None elsewhere),
    and the rows on which ``df_range`` raises its ArithmeticError (a condition that changes more than once).

    Each end is refined by ``df_range``'s bisections (:data:`~analysis.stats.diagnosis.REFINE_STEPS`), and is its
    float to the last bit; with ``marks`` (numbers per row, rows by columns), a row stops refining once what a
    reader is shown of its ends is settled: their 3 significant digits, their order, and their order relative
    to each mark (the bisection keeps inside its bracket, so the remaining steps cannot change these).

    >>> low, high, found, _ = df_ranges("t", np.array([1.955]), np.array([1.965]), np.array([0.0495]),
    ...                                 np.array([0.0505]))
    >>> bool(found[0]), bool(low[0] > 100), bool(np.isinf(high[0]))
    (True, True, True)
    """
    s_lo, s_hi, q_lo, q_hi = (np.asarray(v, dtype=float) for v in (s_lo, s_hi, q_lo, q_hi))
    if kind == "t":
        s_lo, s_hi = np.minimum(np.abs(s_lo), np.abs(s_hi)), np.maximum(np.abs(s_lo), np.abs(s_hi))
    grid = diagnosis.DF_GRID
    n = len(s_lo)
    low, high = np.full(n, float(grid[0])), np.full(n, math.inf)
    bracket = np.full((n, 2, 2), np.nan)  # per row, per end (low, high): the bracket still to refine
    stopped, broken = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    tasks = []
    for x, q, upper in ((s_hi, q_hi, True), (s_lo, q_lo, False)):
        live = np.flatnonzero(~stopped)
        if not len(live):
            break
        anyok, changes, k = _changes(kind, x[live], q[live], upper)
        none, twice = ~anyok, changes > 1
        broken[live[~none & twice]] = True
        stopped[live[none | twice]] = True
        once = np.flatnonzero(~none & (changes == 1))
        k = k[once]
        ends = _holds(kind, x[live[once]], q[live[once]], upper, grid[k])  # holds up to a df: the ray's upper end
        tasks.append((x, q, upper, live[once], ends, np.where(ends, grid[k + 1], grid[k]),
                      np.where(ends, grid[k], grid[k + 1])))
    steps = diagnosis.REFINE_STEPS if marks is None else 16
    for x, q, upper, rows, ends, bad, good in tasks:
        bad, good = _bisect(kind, x[rows], q[rows], upper, bad, good, steps)
        bracket[rows[ends], 1], bracket[rows[~ends], 0] = np.c_[bad, good][ends], np.c_[bad, good][~ends]
        high[rows[ends]] = np.minimum(high[rows[ends]], good[ends])
        low[rows[~ends]] = np.maximum(low[rows[~ends]], good[~ends])
    if marks is not None and tasks:
        low, high = _finish(kind, tasks, bracket, low, high, np.asarray(marks, dtype=float).reshape(n, -1), steps)
    return low, high, ~stopped & (low <= high), broken


def _bisect(kind, x, q, upper, bad, good, steps):
    for _ in range(steps):
        mid = np.sqrt(bad * good)
        holds = _holds(kind, x, q, upper, mid)
        bad, good = np.where(holds, bad, mid), np.where(holds, mid, good)
    return bad, good


def _finish(kind, tasks, bracket, low, high, marks, done):
    """Refine to the last of the bisections the rows whose shown ends are not settled yet."""
    lo_a, lo_b = np.fmin(bracket[:, 0, 0], bracket[:, 0, 1]), np.fmax(bracket[:, 0, 0], bracket[:, 0, 1])
    hi_a, hi_b = np.fmin(bracket[:, 1, 0], bracket[:, 1, 1]), np.fmax(bracket[:, 1, 0], bracket[:, 1, 1])
    refined_lo, refined_hi = ~np.isnan(lo_a), ~np.isnan(hi_a)
    settled = np.ones(len(low), dtype=bool)
    settled[refined_lo] &= _settled(lo_a[refined_lo], lo_b[refined_lo], marks[refined_lo])
    settled[refined_hi] &= _settled(hi_a[refined_hi], hi_b[refined_hi], marks[refined_hi])
    lo_top, hi_bottom = np.where(refined_lo, lo_b, low), np.where(refined_hi, hi_a, high)
    lo_bottom, hi_top = np.where(refined_lo, lo_a, low), np.where(refined_hi, hi_b, high)
    settled &= (lo_top <= hi_bottom) | (lo_bottom > hi_top)  # low <= high either way
    for x, q, upper, rows, ends, bad, good in tasks:
        todo = np.flatnonzero(~settled[rows])
        if not len(todo):
            continue
        r, e = rows[todo], ends[todo]
        b, g = bracket[r, e.astype(int), 0], bracket[r, e.astype(int), 1]
        g = _bisect(kind, x[r], q[r], upper, b, g, diagnosis.REFINE_STEPS - done)[1]
        high[r[e]] = g[e]  # each condition refines one end (the p-values are monotone in df)
        low[r[~e]] = g[~e]
    return low, high


def n_per_groups(t_lo, t_hi, m1, s1, m2, s2) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`~analysis.stats.diagnosis.n_per_group` for many rows: the printed t's interval, and each summary
    as ``(face, low, high)`` arrays (the floats of the exact values)."""
    face = diagnosis.n_at_t((t_lo + t_hi) / 2, m1[0], s1[0], m2[0], s2[0])
    values = np.array([diagnosis.n_at_t(*corner) for corner in itertools.product((t_lo, t_hi), m1[1:], s1[1:],
                                                                                   m2[1:], s2[1:])])
    overlap = np.sign(m1[1] - m2[2]) * np.sign(m1[2] - m2[1]) <= 0  # the means' intervals meet: any n
    return face, values.min(axis=0), np.where(overlap, math.inf, values.max(axis=0))


def explain_ts(t_lo, t_hi, q_lo, q_hi, m1, s1, n1, m2, s2, n2) -> dict[str, np.ndarray]:
    """Which explanations of :func:`~analysis.stats.diagnosis.explain_t` fit, for many rows: the printed t's and
    p's intervals, each summary as ``(face, low, high)`` arrays, the group sizes; by explanation, a boolean array.
    """
    n1, n2 = np.asarray(n1), np.asarray(n2)

    def covers(lo, hi):
        return (lo <= t_hi) & (t_lo <= hi) | (-hi <= t_hi) & (t_lo <= -lo)

    def p_fits(df, tails):
        lo, hi = inference.p_value_ranges("t", t_lo, t_hi, df2=df, tails=tails)
        return (lo <= q_hi) & (q_lo <= hi)
    box = [(v[1], v[2]) for v in (m1, s1, m2, s2)]
    dfs = {"student": n1 + n2 - 2, "welch": inference.t_statistics(0.0, s1[0], n1, 0.0, s2[0], n2, False)[1],
           "sd_as_se": diagnosis.se_welch_df(s1[0], n1, s2[0], n2), "swapped": n1 + n2 - 2}
    grid = [np.array(c, dtype=float) for c in zip(*itertools.product(*box))]
    se = (grid[0] - grid[2]) / np.sqrt(grid[1] ** 2 + grid[3] ** 2)
    ranges = {"student": t_over_boxes(box[0], box[1], n1, box[2], box[3], n2, True, p=False),
              "welch": t_over_boxes(box[0], box[1], n1, box[2], box[3], n2, False, p=False),
              "sd_as_se": (se.min(axis=0), se.max(axis=0)),
              "swapped": t_over_boxes(box[0], box[1], n2, box[2], box[3], n1, True, p=False)}
    fits = {name: covers(*ranges[name]) & p_fits(dfs[name], 2) for name in ranges}
    one = np.zeros(len(n1), dtype=bool)
    for name in ("student", "welch"):
        one |= covers(*ranges[name]) & p_fits(dfs[name], 1)
    fits["one_tailed"] = one
    return fits
