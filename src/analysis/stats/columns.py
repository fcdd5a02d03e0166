"""The tests and diagnoses of :mod:`analysis.stats.inference` and :mod:`analysis.stats.diagnosis` for many rows at
once, with the same answers to the last bit.

Each function here evaluates the same formulas (the shared kernels :func:`~analysis.stats.inference.t_statistics`,
:func:`~analysis.stats.inference.p_values`, :func:`~analysis.stats.diagnosis.n_at_t`, SciPy's special functions
elementwise) on arrays of rows, in the same order of operations, so each row gets the float its one-row
counterpart gives; ``tests/stats/test_columns.py`` checks them against each other.

:func:`df_ranges` is the one that needs more than arrays. :func:`~analysis.stats.diagnosis.df_range` evaluates two
conditions on 600 degrees of freedom per test (1,200 p-values) before refining; here each condition is evaluated
on every 25th df first, and the df between two of them only where it can differ from theirs: a condition holds
between two df where it holds at both (each p is monotone in df: a t's two-sided p falls as df grows, a
chi-square's upper tail rises), unless the computed p-values lie too near the printed p's end for their float
error to be ruled out (:data:`SURE`, far above the functions' error). The grid and its answer (where the
condition changes, how many times) are then the same as the one-row function's, and the 40 bisections that
follow are the same operations on the same floats.
"""
from __future__ import annotations

import itertools
import math

import numpy as np
from scipy import special

from analysis.core.columnar import PrintedColumn
from analysis.stats import diagnosis, inference

__all__ = ["t_over_boxes", "fisher_2x2_ps", "df_ranges", "n_per_groups", "explain_ts", "p_intervals", "COARSE",
           "SURE"]

COARSE = 25
"""Step, in grid points, of the first pass of :func:`df_ranges`."""
SURE = 1e-6
"""Relative distance from the printed p's end beyond which a computed p is on its side whatever its float error
(SciPy's ``stdtr`` and ``chdtrc`` are accurate to about 1e-14 relative)."""
_EDGES = np.unique(np.r_[np.arange(0, len(diagnosis.DF_GRID), COARSE), len(diagnosis.DF_GRID) - 1])


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
    return t_lo, t_hi, ps.min(axis=0), np.where((t_lo <= 0) & (0 <= t_hi), 1.0, ps.max(axis=0))


def fisher_2x2_ps(a, b, c, d) -> np.ndarray:
    """The p of :func:`~analysis.stats.inference.fisher_2x2` for many tables: the log-probabilities of all the
    tables of each row at once (from one table of ``math.lgamma``, the function the one-row test calls), then
    the same sum in the same order (``math.exp`` of each, as there).

    >>> fisher_2x2_ps([3, 1], [1, 1], [1, 1], [3, 1]).round(4).tolist()
    [0.4857, 1.0]
    """
    a, b, c, d = (np.asarray(x, dtype=np.int64) for x in (a, b, c, d))
    r1, c1, n = a + b, a + c, a + b + c + d
    lg = np.array([math.lgamma(k + 1) for k in range(int(n.max(initial=0)) + 2)])  # lg[k] = lgamma(k + 1)
    out = np.empty(len(a))
    tol = math.log1p(1e-7)
    for i in range(len(a)):
        R, C, N = int(r1[i]), int(c1[i]), int(n[i])
        x = np.arange(max(0, C - (N - R)), min(R, C) + 1)
        lp = (lg[R] - lg[x] - lg[R - x] + lg[N - R] - lg[C - x] - lg[N - R - C + x] - lg[N] + lg[C] + lg[N - C])
        observed = lp[int(a[i]) - x[0]]
        out[i] = min(float(sum(map(math.exp, lp[lp <= observed + tol].tolist()))), 1.0)
    return out


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


def _grid(kind: str, x: np.ndarray, q: np.ndarray, upper: bool) -> np.ndarray:
    """The condition on the whole df grid for each row, evaluated between the coarse points only where needed."""
    grid = diagnosis.DF_GRID
    xs, qs = x[:, None], q[:, None]
    p = _p_of(kind, xs, grid[_EDGES][None, :])
    at = p <= qs if upper else qs <= p
    sure = np.abs(p - qs) > SURE * np.maximum(p, qs)
    full = np.empty((len(x), len(grid)), dtype=bool)
    full[:, _EDGES] = at
    for j, (lo, hi) in enumerate(zip(_EDGES[:-1], _EDGES[1:])):
        if hi - lo < 2:
            continue
        full[:, lo + 1:hi] = at[:, j:j + 1]
        doubt = np.flatnonzero((at[:, j] != at[:, j + 1]) | ~sure[:, j] | ~sure[:, j + 1])
        if len(doubt):
            full[doubt, lo + 1:hi] = _holds(kind, xs[doubt], qs[doubt], upper, grid[lo + 1:hi][None, :])
    return full


def df_ranges(kind: str, s_lo, s_hi, q_lo, q_hi) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """:func:`~analysis.stats.diagnosis.df_range` for many rows, from the printed statistic's interval
    (``s_lo``, ``s_hi``) and the printed p's (``q_lo``, ``q_hi``, :func:`~analysis.stats.diagnosis.p_interval`).

    Returns ``(low, high, found, broken)``: the df range where ``found`` (``df_range`` gives None elsewhere),
    and the rows on which ``df_range`` raises its ArithmeticError (a condition that changes more than once).

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
    stopped, broken = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    for x, q, upper in ((s_hi, q_hi, True), (s_lo, q_lo, False)):
        live = np.flatnonzero(~stopped)
        if not len(live):
            break
        ok = _grid(kind, x[live], q[live], upper)
        change = ok[:, 1:] != ok[:, :-1]
        changes = change.sum(axis=1)
        none, twice = ~ok.any(axis=1), changes > 1
        broken[live[~none & twice]] = True
        stopped[live[none | twice]] = True
        once = np.flatnonzero(~none & (changes == 1))
        if not len(once):
            continue
        k = change[once].argmax(axis=1)
        ends = ok[once, k]  # holds up to a df: the ray's upper end; else from a df on: its lower end
        bad, good = np.where(ends, grid[k + 1], grid[k]), np.where(ends, grid[k], grid[k + 1])
        rows = live[once]
        for _ in range(diagnosis.REFINE_STEPS):
            mid = np.sqrt(bad * good)
            holds = _holds(kind, x[rows], q[rows], upper, mid)
            bad, good = np.where(holds, bad, mid), np.where(holds, mid, good)
        high[rows[ends]] = np.minimum(high[rows[ends]], good[ends])
        low[rows[~ends]] = np.maximum(low[rows[~ends]], good[~ends])
    return low, high, ~stopped & (low <= high), broken


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
