"""Each function over many rows gives every row the float its one-row counterpart gives, to the last bit.

Reference: the one-row functions of :mod:`analysis.stats.inference` and :mod:`analysis.stats.diagnosis`
(``t_over_box``, ``fisher_2x2``, ``df_range``, ``n_per_group``, ``explain_t``, ``p_interval``), whose own values are
tested against R in ``tests/stats/test_inference.py`` and ``tests/stats/test_diagnosis.py``.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.columnar import printed_column
from analysis.core.rounding import RULES, printed_interval
from analysis.stats import columns, diagnosis, inference


def _same(a, b) -> bool:
    """Equal floats, nan equal to nan."""
    return all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in zip(np.ravel(a).tolist(), np.ravel(b).tolist()))


means = st.integers(0, 9000).map(lambda x: x / 100)
sds = st.integers(10, 3000).map(lambda x: x / 100)
summary = st.tuples(means, sds, st.integers(2, 300))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(summary, summary, st.sampled_from([0.005, 0.05, 0.0])), min_size=1, max_size=8),
       st.booleans())
def test_t_over_boxes_is_t_over_box_row_by_row(rows, equal_var):
    boxes = [((m1 - h, m1 + h), (s1 - h, s1 + h), n1, (m2 - h, m2 + h), (s2 - h, s2 + h), n2)
             for (m1, s1, n1), (m2, s2, n2), h in rows]
    cols = [(np.array([b[k][0] for b in boxes]), np.array([b[k][1] for b in boxes])) if k in (0, 1, 3, 4)
            else np.array([b[k] for b in boxes]) for k in range(6)]
    got = columns.t_over_boxes(*cols, equal_var=equal_var)
    for i, b in enumerate(boxes):
        assert _same([g[i] for g in got], inference.t_over_box(*b, equal_var=equal_var))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 40)] * 4).filter(lambda t: (t[0] + t[1]) * (t[2] + t[3]) * (t[0] + t[2])
                                                             * (t[1] + t[3]) > 0), min_size=1, max_size=10))
def test_fisher_2x2_ps_is_fisher_2x2_row_by_row(tables):
    got = columns.fisher_2x2_ps(*zip(*tables))
    assert got.tolist() == [inference.fisher_2x2(*t).p for t in tables]


P_TEXTS = st.sampled_from(["0.038", ".05", "<.001", "<0.05", ">.05", "0.001", "0.000", "0.5", "0.20", "=.013", "1",
                           "0.0001", "~.04", "x"])


@settings(max_examples=100, deadline=None)
@given(st.lists(P_TEXTS, min_size=1, max_size=10), st.sampled_from(RULES))
def test_p_intervals_is_p_interval_text_by_text(texts, rule):
    lo, hi = columns.p_intervals(printed_column(texts, rule), rule)
    for i, text in enumerate(texts):
        try:
            ref = diagnosis.p_interval(text, rule)
        except ValueError:
            assert math.isnan(lo[i]) and math.isnan(hi[i])
            continue
        assert (lo[i], hi[i]) == ref


STATS = st.tuples(st.integers(1, 900), st.integers(1, 3)).map(lambda x: f"{x[0] / 10 ** x[1]:.{x[1]}f}")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(STATS, P_TEXTS.filter(lambda t: t not in ("~.04", "x"))), min_size=1, max_size=6),
       st.sampled_from(["t", "chi2"]), st.sampled_from(["half_up", "truncate", "up_or_down"]))
def test_df_ranges_is_df_range_row_by_row(rows, kind, rule):
    s = [tuple(float(x) for x in printed_interval(stat, rule)) for stat, _ in rows]
    q = [diagnosis.p_interval(p, rule) for _, p in rows]
    low, high, found, broken = columns.df_ranges(kind, *zip(*s), *zip(*q))
    for i, (stat, p) in enumerate(rows):
        try:
            ref = diagnosis.df_range(stat, p, kind, rule)
        except ArithmeticError:
            assert broken[i]
            continue
        assert not broken[i] and bool(found[i]) == (ref is not None)
        if ref is not None:
            assert (low[i], high[i]) == ref


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(STATS, summary, summary, st.sampled_from([0.005, 0.05])), min_size=1, max_size=6))
def test_n_per_groups_is_n_per_group_row_by_row(rows):
    ts = [tuple(float(x) for x in printed_interval(t)) for t, *_ in rows]
    boxes = [[(v, v - h, v + h) for v in (m1, s1, m2, s2)] for _, (m1, s1, _n1), (m2, s2, _n2), h in rows]
    arrays = [tuple(np.array([b[k][j] for b in boxes]) for j in range(3)) for k in range(4)]
    with np.errstate(all="ignore"):
        got = columns.n_per_groups(np.array([t[0] for t in ts]), np.array([t[1] for t in ts]), *arrays)
    for i, b in enumerate(boxes):
        try:
            ref = diagnosis.n_per_group(ts[i], *b)
        except (ArithmeticError, ValueError):
            continue
        assert _same([g[i] for g in got], ref)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(STATS, P_TEXTS.filter(lambda t: t not in ("~.04", "x")), summary, summary,
                          st.sampled_from([0.005, 0.05])), min_size=1, max_size=6))
def test_explain_ts_is_explain_t_row_by_row(rows):
    ts = [tuple(float(x) for x in printed_interval(t)) for t, *_ in rows]
    qs = [diagnosis.p_interval(p) for _, p, *_ in rows]
    boxes = [[(v, v - h, v + h) for v in (m1, s1, m2, s2)] for *_, (m1, s1, _n1), (m2, s2, _n2), h in rows]
    arrays = [tuple(np.array([b[k][j] for b in boxes]) for j in range(3)) for k in range(4)]
    n1 = np.array([r[2][2] for r in rows])
    n2 = np.array([r[3][2] for r in rows])
    with np.errstate(all="ignore"):
        got = columns.explain_ts(*(np.array(x) for x in zip(*ts)), *(np.array(x) for x in zip(*qs)), arrays[0],
                                 arrays[1], n1, arrays[2], arrays[3], n2)
    for i, (t, p, *_) in enumerate(rows):
        ref = diagnosis.explain_t(t, p, *boxes[i][:2], int(n1[i]), *boxes[i][2:], int(n2[i]))
        assert {name: bool(got[name][i]) for name, *_ in ref} == {name: fits for name, fits, _ in ref}


def test_sure_is_far_above_the_error_of_the_p_functions():
    assert columns.SURE >= 1e6 * 2.0 ** -52
    with pytest.raises(TypeError):
        columns.df_ranges("t")
