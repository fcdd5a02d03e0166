"""Known-answer tests for counts, tests and effect sizes, each with its reference."""
import math
from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from analysis import counts, effects, inference


# ---------------------------------------------------------------- counts
def test_growth_rate_by_hand():
    # Table 3, outpatient visits: (4923 - 4036) / 4036 = 887 / 4036 = 21.9772...%
    assert counts.growth_rate(4036, 4923) == Fraction(887 * 100, 4036)
    assert round(float(counts.growth_rate(4036, 4923)), 4) == 21.9772


def test_share_by_hand():
    assert counts.share(8, 27) == Fraction(800, 27)  # 29.6296...%


def test_percentage_points_versus_relative_change():
    r = counts.read_change(Fraction("29.63"), Fraction("17.78"))
    assert r.points == Fraction("-11.85")
    assert r.relative == Fraction("-11.85") / Fraction("29.63") * 100  # -39.99%


@pytest.mark.parametrize("call, message", [
    (lambda: counts.growth_rate(0, 5), "base value is 0"),
    (lambda: counts.share(30, 27), "outside 0..27"),
    (lambda: counts.share(-1, 27), "outside"),
    (lambda: counts.share(1, 0), "not positive"),
    (lambda: counts.read_change(0, 5), "base percentage is 0"),
])
def test_bad_counts_fail_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


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


def test_p_from_statistic_against_tables():
    # Critical values from printed t and chi-square tables: t(10) = 2.228, chi2(1) = 3.841 at 0.05
    assert inference.p_from_statistic(2.228, 10, "t") == pytest.approx(0.05, abs=2e-4)
    assert inference.p_from_statistic(-2.228, 10, "t") == pytest.approx(0.05, abs=2e-4)
    assert inference.p_from_statistic(3.841, 1, "chi2") == pytest.approx(0.05, abs=1e-4)
    with pytest.raises(ValueError):
        inference.p_from_statistic(1.0, 0, "t")
    with pytest.raises(ValueError):
        inference.p_from_statistic(1.0, 1, "z")


def test_p_range_contains_the_point_value():
    lo, hi = inference.p_range_from_statistic(1.3315, 1.3325, 747, "t")
    assert lo <= inference.p_from_statistic(1.332, 747, "t") <= hi


# ---------------------------------------------------------------- effect sizes
def test_hedges_g_borenstein_worked_example():
    # Borenstein, Hedges, Higgins, Rothstein (2009), Introduction to Meta-Analysis, section 4.2:
    # d = 0.5970, Vd = 0.0418, J = 0.9923, g = 0.5924, Vg = 0.0411
    e = effects.hedges_g(103, 5.5, 50, 100, 4.5, 50)
    assert e.estimate == pytest.approx(0.5924, abs=1e-4)
    assert e.se ** 2 == pytest.approx(0.0411, abs=1e-4)
    assert e.low == pytest.approx(0.5924 - 1.959964 * math.sqrt(0.0411), abs=1e-3)


def test_risk_ratio_matches_statsmodels():
    # Reference: statsmodels Table2x2.riskratio and riskratio_confint (log method)
    from statsmodels.stats.contingency_tables import Table2x2
    t = Table2x2(np.array([[30, 70], [20, 80]]))
    e = effects.risk_ratio(30, 100, 20, 100)
    assert e.estimate == pytest.approx(t.riskratio, rel=1e-12)
    lo, hi = t.riskratio_confint()
    assert (e.low, e.high) == (pytest.approx(lo, rel=1e-9), pytest.approx(hi, rel=1e-9))


def test_risk_difference_matches_statsmodels_wald():
    from statsmodels.stats.proportion import confint_proportions_2indep
    lo, hi = confint_proportions_2indep(30, 100, 20, 100, method="wald", compare="diff")
    e = effects.risk_difference(30, 100, 20, 100)
    assert (e.low, e.high) == (pytest.approx(lo, rel=1e-9), pytest.approx(hi, rel=1e-9))


def test_mean_difference_matches_scipy_welch_interval():
    rng = np.random.default_rng(2)
    a, b = rng.normal(1, 1, 30), rng.normal(0, 2, 25)
    ref = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    e = effects.mean_difference(a.mean(), a.std(ddof=1), 30, b.mean(), b.std(ddof=1), 25)
    assert (e.low, e.high) == (pytest.approx(ref.low, rel=1e-9), pytest.approx(ref.high, rel=1e-9))


def test_rate_ratio_by_hand():
    e = effects.rate_ratio(45, 437, 27, 312)
    se = math.sqrt(1 / 45 + 1 / 27)
    assert e.estimate == pytest.approx((45 / 437) / (27 / 312))
    assert e.high == pytest.approx(e.estimate * math.exp(1.959964 * se), rel=1e-6)


@pytest.mark.parametrize("call", [
    lambda: effects.hedges_g(1, 0, 10, 1, 1, 10),
    lambda: effects.risk_difference(11, 10, 1, 10),
    lambda: effects.risk_ratio(0, 10, 1, 10),
    lambda: effects.rate_ratio(0, 10, 1, 10),
    lambda: effects.hedges_g(1, 1, 10, 1, 1, 10, level=1.5),
])
def test_effects_bad_input_fails(call):
    with pytest.raises(ValueError):
        call()


def test_ratio_allows_more_than_100_percent():
    assert counts.ratio(5719, 4000) == Fraction(142975, 1000)
    with pytest.raises(ValueError, match="denominator is 0"):
        counts.ratio(1, 0)


def test_grim_candidates_bracket_the_percentage():
    lo, hi = counts.grim_candidates(Fraction("44.6"), 192)
    assert lo == Fraction(8500, 192) and hi == Fraction(8600, 192)
    with pytest.raises(ValueError):
        counts.grim_candidates(50, 0)
