"""Significance tests from printed summaries: known answers from R and statcheck, properties, and bad input.

Reference values are in ``tests/stats/results/results_inference.py`` beside the R or statcheck call that
produced them. scipy is used below only where the code under test does not call the same function: its
two-sample t test, ``chi2_contingency`` and ``fisher_exact`` compute the statistic in code of their own
(the p-values of both go through ``scipy.special``, as ours do, so the known answers come from R).
"""
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis.stats import inference
from tests.stats.results import results_inference as ref


# ---------------------------------------------------------------- t tests
@pytest.mark.parametrize("equal_var,expected", [(True, ref.SLEEP_STUDENT), (False, ref.SLEEP_WELCH)],
                         ids=["student", "welch"])
def test_t_from_summaries_matches_r_t_test_on_the_sleep_data(equal_var, expected):
    s = ref.SLEEP_SUMMARIES
    got = inference.ttest_from_summary(s["m1"], s["s1"], s["n1"], s["m2"], s["s2"], s["n2"], equal_var)
    assert got.statistic == pytest.approx(expected["statistic"], rel=1e-12)
    assert got.df == pytest.approx(expected["df"], rel=1e-12)
    assert got.p == pytest.approx(expected["p"], rel=1e-10)


def test_student_t_by_hand():
    r = inference.ttest_from_summary(*ref.STUDENT_BY_HAND["args"])
    assert r.statistic == pytest.approx(ref.STUDENT_BY_HAND["statistic"], rel=1e-12)
    assert r.df == ref.STUDENT_BY_HAND["df"]
    assert r.p == pytest.approx(ref.STUDENT_BY_HAND["p"], rel=1e-10)


@pytest.mark.parametrize("equal_var", [True, False])
@pytest.mark.parametrize("m1,s1,n1,m2,s2,n2", [(5.0, 1.0, 10, 4.0, 1.0, 10), (62.3, 11.8, 120, 58.1, 14.2, 95),
                                                (0.5, 0.2, 3, 0.9, 1.7, 41), (-3.2, 4.4, 7, 1.1, 0.3, 200)])
def test_t_from_summaries_equals_scipy(m1, s1, n1, m2, s2, n2, equal_var):
    # scipy.stats.ttest_ind_from_stats computes t and df in code of its own (the package never calls it)
    ours = inference.ttest_from_summary(m1, s1, n1, m2, s2, n2, equal_var)
    theirs = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=equal_var)
    assert ours.statistic == pytest.approx(theirs.statistic, rel=1e-12)
    assert ours.p == pytest.approx(theirs.pvalue, rel=1e-9, abs=1e-300)


@settings(max_examples=100, deadline=None)
@given(st.floats(-50, 50), st.floats(0.1, 20), st.integers(2, 60), st.floats(-50, 50), st.floats(0.1, 20),
       st.integers(2, 60), st.booleans(), st.data())
def test_t_over_box_contains_every_t_of_the_box(m1, s1, n1, m2, s2, n2, equal_var, data):
    """Any summaries inside the rounding box give a t (and p) inside the range t_over_box reports."""
    box = [(m1, m1 + 0.05), (s1, s1 + 0.05), (m2, m2 + 0.05), (s2, s2 + 0.05)]
    t_lo, t_hi, p_lo, p_hi = inference.t_over_box(box[0], box[1], n1, box[2], box[3], n2, equal_var)
    point = [data.draw(st.floats(lo, hi)) for lo, hi in box]
    r = inference.ttest_from_summary(point[0], point[1], n1, point[2], point[3], n2, equal_var)
    assert t_lo - 1e-9 * abs(t_lo) - 1e-12 <= r.statistic <= t_hi + 1e-9 * abs(t_hi) + 1e-12
    if equal_var:  # Welch's df moves with the SDs, so its p need not be extreme at a corner (found by hypothesis:
        # m1 = 3.0, s1 = 0.5, n1 = 46, m2 = 0.0, s2 = 0.125 inside [0.1015625, 0.1515625], n2 = 14: p 1.297e-41
        # against the corners' least 1.536e-41); only Student's p, at a fixed df, is monotone in t
        assert p_lo * (1 - 1e-9) <= r.p <= p_hi * (1 + 1e-9)


@pytest.mark.parametrize("args", [(1, 0, 10, 2, 1, 10), (1, -1, 10, 2, 1, 10), (1, 1, 1, 2, 1, 10),
                                  (float("nan"), 1, 10, 2, 1, 10)])
def test_ttest_bad_summaries_fail(args):
    with pytest.raises(ValueError):
        inference.ttest_from_summary(*args)


# ---------------------------------------------------------------- chi-square, Fisher
@pytest.mark.parametrize("expected,correction", [(ref.CHI2_PEARSON, False), (ref.CHI2_YATES, True)],
                         ids=["pearson", "yates"])
def test_chi2_2x2_matches_r_chisq_test(expected, correction):
    r = inference.chi2_2x2(*expected["table"], correction=correction)
    num, den = expected["exact"]
    assert r.statistic == pytest.approx(num / den, rel=1e-12) == pytest.approx(expected["statistic"], rel=1e-12)
    assert r.p == pytest.approx(expected["p"], rel=1e-10)
    assert r.df == 1.0


GRID = [t for t in itertools.product([0, 1, 3, 12], [1, 5, 40], [0, 2, 9], [1, 4, 33]) if t[0] + t[2] > 0]


@pytest.mark.parametrize("correction", [False, True])
def test_chi2_2x2_equals_scipy_on_a_grid(correction):
    # scipy.stats.chi2_contingency sums over the cells (the package uses the closed form |ad - bc|)
    for a, b, c, d in GRID:
        ours = inference.chi2_2x2(a, b, c, d, correction=correction)
        stat, p, dof, _ = stats.chi2_contingency([[a, b], [c, d]], correction=correction)
        assert (ours.statistic, ours.p, ours.df) == pytest.approx((stat, p, dof), rel=1e-9, abs=1e-12)


def test_fisher_tea_tasting():
    assert inference.fisher_2x2(*ref.FISHER_TEA["table"]).p == pytest.approx(ref.FISHER_TEA["p"], rel=1e-12)


def test_fisher_equals_scipy_on_a_grid():
    # scipy.stats.fisher_exact sums hypergeometric probabilities in code of its own
    for a, b, c, d in GRID:
        assert inference.fisher_2x2(a, b, c, d).p == pytest.approx(stats.fisher_exact([[a, b], [c, d]]).pvalue,
                                                                    rel=1e-9)


@pytest.mark.parametrize("expected", [ref.CHI2_3X4, ref.CHI2_2X3], ids=["3x4", "2x3"])
def test_chi2_table_matches_r_chisq_test(expected):
    r = inference.chi2_table(expected["table"])
    assert (r.statistic, r.df, r.p) == pytest.approx((expected["statistic"], expected["df"], expected["p"]),
                                                     rel=1e-10)


def test_chi2_table_of_a_2x2_is_the_2x2_test_with_its_correction():
    r = inference.chi2_table([[10, 20], [30, 40]], correction=True)
    assert r.statistic == pytest.approx(ref.CHI2_YATES["statistic"], rel=1e-12)


def test_expected_counts_by_hand():
    # margins (30, 70) and (40, 60) of 100: E = R_i C_j / N
    assert inference.expected_counts([[10, 20], [30, 40]]).tolist() == [[12.0, 18.0], [28.0, 42.0]]


@pytest.mark.parametrize("table,message", [((-1, 2, 3, 4), ">= 0"), ((0, 0, 3, 4), "empty"), ((0, 3, 0, 4), "empty")],
                         ids=["negative", "empty row", "empty column"])
def test_chi2_bad_tables_fail(table, message):
    with pytest.raises(ValueError, match=message):
        inference.chi2_2x2(*table)


@pytest.mark.parametrize("table,message", [([[1, 2, 3]], "at least 2 rows"), ([[1, 2], [3, 4.5]], "whole numbers"),
                                           ([[0, 0, 0], [1, 2, 3]], "empty")])
def test_chi2_table_bad_tables_fail(table, message):
    with pytest.raises(ValueError, match=message):
        inference.chi2_table(table)


# ---------------------------------------------------------------- p-values of printed statistics
def test_p_from_statistic_against_printed_tables():
    assert inference.p_value("t", ref.CRITICAL_T_10, df2=10) == pytest.approx(0.05, abs=2e-4)
    assert inference.p_value("t", -ref.CRITICAL_T_10, df2=10) == pytest.approx(0.05, abs=2e-4)
    assert inference.p_value("chi2", ref.CRITICAL_CHI2_1, df1=1) == pytest.approx(0.05, abs=1e-4)
    with pytest.raises(ValueError):
        inference.p_value("t", 1.0, df2=0)
    with pytest.raises(ValueError):
        inference.p_value("w", 1.0, df2=1)


@pytest.mark.parametrize("text,stat,value,df1,df2,two,one", ref.STATCHECK_P,
                         ids=[r[0].strip() for r in ref.STATCHECK_P])
def test_p_value_matches_statcheck_computed_p(text, stat, value, df1, df2, two, one):
    assert inference.p_value(stat, value, df1, df2, tails=2) == pytest.approx(two, rel=1e-9)
    assert inference.p_value(stat, value, df1, df2, tails=1) == pytest.approx(one, rel=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(inference.STATISTICS), st.floats(0.01, 0.9), st.floats(0.001, 0.09), st.integers(1, 6),
       st.integers(3, 500), st.sampled_from([1, 2]))
def test_p_value_falls_as_the_statistic_grows(stat, x, step, df1, df2, tails):
    """p lies in [0, 1], falls as |statistic| grows, and does not depend on the sign of t, r and z."""
    scale = {"t": 8, "F": 30, "r": 1, "z": 6, "chi2": 40}[stat]
    small, large = scale * x, scale * (x + step)
    p_small, p_large = (inference.p_value(stat, v, df1, df2, tails) for v in (small, large))
    assert 0 <= p_large <= p_small <= 1
    if stat in ("t", "r", "z"):
        assert inference.p_value(stat, -small, df1, df2, tails) == p_small


def test_one_tailed_is_half_for_symmetric_statistics_only():
    for stat in ("t", "r", "z"):
        assert inference.p_value(stat, 0.3, 1, 30, 1) == pytest.approx(inference.p_value(stat, 0.3, 1, 30, 2) / 2)
    for stat in ("F", "chi2"):
        assert inference.p_value(stat, 3.3, 2, 30, 1) == inference.p_value(stat, 3.3, 2, 30, 2)


def test_a_perfect_correlation_has_p_zero():
    assert inference.p_value("r", 1.0, df2=10) == 0.0 and inference.p_value("r", -1.0, df2=10) == 0.0


@pytest.mark.parametrize("args,message", [(("t", 2.0, None, None), "df2"), (("F", 2.0, 1, None), "df2"),
                                          (("chi2", -1.0, 1, None), "negative"), (("r", 1.2, None, 10), r"\[-1, 1\]"),
                                          (("q", 1.0, 1, 1), "unknown statistic"), (("t", 1.0, None, 10, 3), "tails"),
                                          (("z", math.inf), "not finite")])
def test_bad_p_value_arguments_fail(args, message):
    with pytest.raises(ValueError, match=message):
        inference.p_value(*args)


def test_p_range_contains_the_point_value():
    lo, hi = inference.p_value_range("t", 1.3315, 1.3325, df2=747)
    assert lo < inference.p_value("t", 1.332, df2=747) < hi
    lo, hi = inference.p_value_range("chi2", 3.8, 3.9, df1=2)
    assert lo < inference.p_value("chi2", 3.85, df1=2) < hi


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(inference.STATISTICS), st.floats(-0.9, 0.9), st.floats(0.0, 0.09), st.floats(0, 1),
       st.integers(1, 6), st.integers(3, 300))
def test_p_value_range_holds_the_p_of_every_statistic_in_the_interval(stat, x, width, u, df1, df2):
    scale = {"t": 8, "F": 30, "r": 1, "z": 6, "chi2": 40}[stat]
    low, high = scale * x, scale * (x + width)
    if stat in ("F", "chi2"):
        low, high = abs(low), abs(low) + scale * width
    lo, hi = inference.p_value_range(stat, low, high, df1, df2)
    inside = low + u * (high - low)
    assert lo * (1 - 1e-12) <= inference.p_value(stat, inside, df1, df2) <= hi * (1 + 1e-12)
    if stat in ("t", "r", "z") and low <= 0 <= high:
        assert hi == 1.0


def test_p_value_range_of_a_straddling_interval_reaches_one():
    assert inference.p_value_range("z", -0.1, 0.1)[1] == 1.0
    assert inference.p_value_range("t", -0.1, 0.2, df2=20)[1] == 1.0
    assert np.isclose(inference.p_value_range("t", -0.1, 0.2, df2=20)[0], inference.p_value("t", 0.2, df2=20))
