"""Known-answer tests for counts, tests and effect sizes, each with its reference."""
import math

import numpy as np
import pytest
from scipy import stats

from analysis.stats import inference


# ---------------------------------------------------------------- t tests
def test_ttest_from_summary_matches_scipy_on_raw_data():
    # Reference: scipy.stats.ttest_ind on the raw samples (a different code path)
    rng = np.random.default_rng(1)
    a, b = rng.normal(10, 2, 40), rng.normal(9, 3, 55)
    for equal_var in (True, False):
        ref = stats.ttest_ind(a, b, equal_var=equal_var)
        got = inference.ttest_from_summary(a.mean(), a.std(ddof=1), 40, b.mean(), b.std(ddof=1), 55, equal_var)
        assert got.statistic == pytest.approx(ref.statistic, rel=1e-10)
        assert got.p == pytest.approx(ref.pvalue, rel=1e-8)
        if not equal_var:
            assert got.df == pytest.approx(ref.df, rel=1e-10)


def test_student_t_by_hand():
    # sp = 1, se = sqrt(2/10), t = 1 / 0.4472 = 2.2361, df = 18; p from t tables ~ 0.038
    r = inference.ttest_from_summary(5, 1, 10, 4, 1, 10)
    assert r.statistic == pytest.approx(math.sqrt(5), rel=1e-12)
    assert r.df == 18
    assert r.p == pytest.approx(0.0382, abs=1e-4)


@pytest.mark.parametrize("args", [(1, 0, 10, 2, 1, 10), (1, -1, 10, 2, 1, 10), (1, 1, 1, 2, 1, 10),
                                  (float("nan"), 1, 10, 2, 1, 10)])
def test_ttest_bad_summaries_fail(args):
    with pytest.raises(ValueError):
        inference.ttest_from_summary(*args)


# ---------------------------------------------------------------- chi-square, Fisher
def test_chi2_by_hand():
    # [[10, 20], [30, 40]]: N=100, E = [[12, 18], [28, 42]]
    expected = [[12, 18], [28, 42]]
    obs = [[10, 20], [30, 40]]
    pearson = sum((o - e) ** 2 / e for ro, re in zip(obs, expected) for o, e in zip(ro, re))
    yates = sum((abs(o - e) - 0.5) ** 2 / e for ro, re in zip(obs, expected) for o, e in zip(ro, re))
    assert inference.chi2_2x2(10, 20, 30, 40).statistic == pytest.approx(pearson, rel=1e-12)
    assert inference.chi2_2x2(10, 20, 30, 40, correction=True).statistic == pytest.approx(yates, rel=1e-12)
    assert inference.chi2_2x2(10, 20, 30, 40).p == pytest.approx(stats.chi2.sf(pearson, 1), rel=1e-12)


def test_fisher_tea_tasting():
    # Fisher (1935), lady tasting tea; R: fisher.test(matrix(c(3,1,1,3),2))$p.value = 0.4857
    assert inference.fisher_2x2(3, 1, 1, 3).p == pytest.approx(0.485714, abs=1e-6)


def test_chi2_bad_tables_fail():
    with pytest.raises(ValueError, match=">= 0"):
        inference.chi2_2x2(-1, 2, 3, 4)
    with pytest.raises(ValueError, match="empty"):
        inference.chi2_2x2(0, 0, 3, 4)


def test_p_value_against_tables():
    # Critical values from printed t and chi-square tables: t(10) = 2.228, chi2(1) = 3.841 at 0.05
    assert inference.p_value("t", 2.228, df2=10) == pytest.approx(0.05, abs=2e-4)
    assert inference.p_value("t", -2.228, df2=10) == pytest.approx(0.05, abs=2e-4)
    assert inference.p_value("chi2", 3.841, df1=1) == pytest.approx(0.05, abs=1e-4)
    with pytest.raises(ValueError):
        inference.p_value("t", 1.0, df2=0)
    with pytest.raises(ValueError):
        inference.p_value("w", 1.0, df1=1)


def test_p_range_contains_the_point_value():
    lo, hi = inference.p_value_range("t", 1.3315, 1.3325, df2=747)
    assert lo <= inference.p_value("t", 1.332, df2=747) <= hi


import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

GRID = [t for t in itertools.product([0, 1, 3, 12], [1, 5, 40], [0, 2, 9], [1, 4, 33]) if t[0] + t[2] > 0]


@pytest.mark.parametrize("equal_var", [True, False])
@pytest.mark.parametrize("m1,s1,n1,m2,s2,n2", [(5.0, 1.0, 10, 4.0, 1.0, 10), (62.3, 11.8, 120, 58.1, 14.2, 95),
                                                (0.5, 0.2, 3, 0.9, 1.7, 41), (-3.2, 4.4, 7, 1.1, 0.3, 200)])
def test_t_from_summaries_equals_scipy(m1, s1, n1, m2, s2, n2, equal_var):
    ours = inference.ttest_from_summary(m1, s1, n1, m2, s2, n2, equal_var)
    ref = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=equal_var)
    assert ours.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert ours.p == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)


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
