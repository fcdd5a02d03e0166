"""The closed forms of analysis.inference against scipy.stats (the reference), and statcheck's p."""
import itertools
import math

import pytest
from hypothesis import given, settings, strategies as st
from scipy import stats

from analysis import inference


@pytest.mark.parametrize("equal_var", [True, False])
@pytest.mark.parametrize("m1,s1,n1,m2,s2,n2", [(5.0, 1.0, 10, 4.0, 1.0, 10), (62.3, 11.8, 120, 58.1, 14.2, 95),
                                                (0.5, 0.2, 3, 0.9, 1.7, 41), (-3.2, 4.4, 7, 1.1, 0.3, 200)])
def test_t_from_summaries_equals_scipy(m1, s1, n1, m2, s2, n2, equal_var):
    ours = inference.ttest_from_summary(m1, s1, n1, m2, s2, n2, equal_var)
    ref = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=equal_var)
    assert ours.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert ours.p == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)


GRID = [t for t in itertools.product([0, 1, 3, 12], [1, 5, 40], [0, 2, 9], [1, 4, 33]) if t[0] + t[2] > 0]


def test_empty_margin_fails():
    with pytest.raises(ValueError, match="empty"):
        inference.chi2_2x2(0, 3, 0, 4)


@pytest.mark.parametrize("correction", [False, True])
def test_chi2_2x2_equals_scipy_on_a_grid(correction):
    for a, b, c, d in GRID:
        ours = inference.chi2_2x2(a, b, c, d, correction=correction)
        stat, p, dof, _ = stats.chi2_contingency([[a, b], [c, d]], correction=correction)
        assert (ours.statistic, ours.p, ours.df) == pytest.approx((stat, p, dof), rel=1e-9, abs=1e-12)


def test_fisher_equals_scipy_on_a_grid():
    for a, b, c, d in GRID:
        assert inference.fisher_2x2(a, b, c, d).p == pytest.approx(stats.fisher_exact([[a, b], [c, d]]).pvalue,
                                                                    rel=1e-9)


def test_fisher_tea_tasting():
    # Fisher (1935): 3 of 4 cups right each way: P = 34/70 two-sided... by hand, 1 + 16 + 16 + 1 of 70 tables
    assert inference.fisher_2x2(3, 1, 1, 3).p == pytest.approx(34 / 70)


def test_chi2_table_rxc_equals_scipy():
    t = [[12, 5, 9, 3], [7, 14, 2, 10], [5, 5, 6, 8]]
    ours = inference.chi2_table(t)
    stat, p, dof, _ = stats.chi2_contingency(t)
    assert (ours.statistic, ours.p, ours.df) == pytest.approx((stat, p, dof), rel=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(inference.STATISTICS), st.floats(0.01, 0.95), st.integers(1, 6), st.integers(3, 500),
       st.sampled_from([1, 2]))
def test_p_value_equals_scipy(stat, x, df1, df2, tails):
    value = {"t": 8 * x, "F": 30 * x, "r": x, "z": 6 * x, "chi2": 40 * x}[stat]
    k = 2 if tails == 2 else 1
    ref = {"t": lambda: min(1, k * stats.t.sf(value, df2)), "z": lambda: min(1, k * stats.norm.sf(value)),
           "r": lambda: min(1, k * stats.t.sf(value * math.sqrt(df2 / (1 - value ** 2)), df2)),
           "F": lambda: stats.f.sf(value, df1, df2), "chi2": lambda: stats.chi2.sf(value, df1)}[stat]()
    assert inference.p_value(stat, value, df1, df2, tails) == pytest.approx(ref, rel=1e-9, abs=1e-300)


def test_one_tailed_is_half_for_symmetric_statistics_only():
    for stat in ("t", "r", "z"):
        assert inference.p_value(stat, 0.3, 1, 30, 1) == pytest.approx(inference.p_value(stat, 0.3, 1, 30, 2) / 2)
    for stat in ("F", "chi2"):
        assert inference.p_value(stat, 3.3, 2, 30, 1) == inference.p_value(stat, 3.3, 2, 30, 2)


@pytest.mark.parametrize("args,message", [(("t", 2.0, None, None), "df2"), (("F", 2.0, 1, None), "df2"),
                                          (("chi2", -1.0, 1, None), "negative"), (("r", 1.2, None, 10), r"\[-1, 1\]"),
                                          (("q", 1.0, 1, 1), "unknown statistic"), (("t", 1.0, None, 10, 3), "tails")])
def test_bad_p_value_arguments_fail(args, message):
    with pytest.raises(ValueError, match=message):
        inference.p_value(*args)
