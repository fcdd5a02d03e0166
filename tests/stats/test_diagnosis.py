"""Diagnosing a printed test that does not reproduce: the df range against R, the group size and the named
alternatives by hand (``results/results_diagnosis.py``), the p interval and its floor."""
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.stats import diagnosis, inference
from tests.stats.results import results_diagnosis as ref


# ---------------------------------------------------------------- the printed p as an interval
@pytest.mark.parametrize("printed,expected", [
    ("0.185", (0.1845, 0.1855)),   # half a unit of the last decimal either side
    ("<0.001", (0.0, 0.001)),      # a bound
    (">0.05", (0.05, 1.0)),
    ("0.001", (0.0, 0.0015)),      # the p floor: 0.001 also stands for p <= 0.001
    ("0.000", (0.0, 0.0005)),      # and 0.000 for p <= 0.0005, never below 0
])
def test_p_interval_by_hand(printed, expected):
    assert diagnosis.p_interval(printed) == pytest.approx(expected, abs=1e-15)


def test_p_interval_follows_the_rounding_rule():
    assert diagnosis.p_interval("0.18", "truncate") == pytest.approx((0.18, 0.19))


# ---------------------------------------------------------------- degrees of freedom
@pytest.mark.parametrize("case", [ref.DF_RANGE_T, ref.DF_RANGE_CHI2], ids=["t", "chi2"])
def test_df_range_matches_r_uniroot(case):
    lo, hi = diagnosis.df_range(*case["args"])
    assert lo == pytest.approx(case["low"], rel=1e-6)
    assert hi == pytest.approx(case["high"], rel=1e-6)


def test_df_range_without_a_fit_or_open_above():
    assert diagnosis.df_range("9.0", "0.50", "t") is None  # a t of 9 never has p = 0.5
    lo, hi = diagnosis.df_range("1.96", "0.050", "t")  # the normal limit: every large df fits
    assert lo > 100 and math.isinf(hi)


def test_df_range_finds_a_narrow_range_between_grid_points():
    lo, hi = diagnosis.df_range(*ref.DF_RANGE_NARROW["args"])
    assert (lo, hi) == pytest.approx((ref.DF_RANGE_NARROW["low"], ref.DF_RANGE_NARROW["high"]), rel=1e-6)


@settings(max_examples=60, deadline=None)
@given(st.floats(1.0, 4.0), st.integers(1, 400))
def test_df_range_holds_the_df_that_printed_the_pair(t, df):
    """A t and its p printed from one test (3 decimals each) are reconciled by a range holding that df.

    From df = 1: a fitting range narrower than a step of the search grid is found too."""
    p = inference.p_value("t", round(t, 3), df2=df)
    if p < 0.002:  # p floor territory: the printed p says little
        return
    found = diagnosis.df_range(f"{t:.3f}", f"{p:.3f}", "t")
    assert found is not None
    assert found[0] * (1 - 1e-6) <= df <= found[1] * (1 + 1e-6)


# ---------------------------------------------------------------- group size
def test_n_per_group_by_hand():
    c = ref.N_PER_GROUP
    f = {k: (Fraction(c[k]),) * 3 for k in ("m1", "s1", "m2", "s2")}
    face, lo, hi = diagnosis.n_per_group(tuple(Fraction(x) for x in c["t"]), f["m1"], f["s1"], f["m2"], f["s2"])
    assert (face, lo, hi) == pytest.approx((c["face"], c["low"], c["high"]), rel=1e-12)


def test_n_per_group_is_open_above_when_the_means_may_be_equal():
    face, lo, hi = diagnosis.n_per_group((2, 2), (10, Fraction("9.95"), Fraction("10.05")), (2, 2, 2),
                                         (10, Fraction("9.95"), Fraction("10.05")), (2, 2, 2))
    assert math.isinf(face) and math.isinf(hi)


# ---------------------------------------------------------------- named explanations
def _fits(*args):
    return [name for name, ok, _ in diagnosis.explain_t(*args) if ok]


def test_explanations_name_welch():
    w = ref.WELCH_ONLY
    assert f"{w['welch']:.3f}" == w["printed_t"] and abs(w["student"] - w["welch"]) > 0.5
    fits = _fits(w["printed_t"], f"{w['p']:.3f}", (5, 5, 5), (1, 1, 1), 10, (4, 4, 4), (3, 3, 3), 40)
    assert fits == ["welch"]


def test_an_explanation_that_reproduces_the_t_but_not_its_p_does_not_fit():
    """Welch's t is reproduced, but a printed p far from Welch's p (0.0864, R) is not: nothing fits."""
    w = ref.WELCH_ONLY
    assert _fits(w["printed_t"], "0.020", (5, 5, 5), (1, 1, 1), 10, (4, 4, 4), (3, 3, 3), 40) == []


def test_explanations_name_sds_read_as_standard_errors():
    s = ref.SE_FOR_SD
    assert f"{s['value']:.3f}" == s["printed_t"]
    assert _fits(s["printed_t"], f"{s['p']:.3f}", (5, 5, 5), (1, 1, 1), 10, (4, 4, 4), (1, 1, 1), 10) == \
        ["sd_as_se"]


def test_explanations_name_a_one_tailed_p():
    """Student t = sqrt(5) = 2.236 with df 18: one-tailed p 0.0191 (R), printed 0.019. Only the one-tailed p
    reconciles both numbers: Student's t reproduces the statistic, not the p."""
    o = ref.ONE_TAILED
    fits = _fits(o["printed_t"], f"{o['p_one']:.3f}", (5, 5, 5), (1, 1, 1), 10, (4, 4, 4), (1, 1, 1), 10)
    assert fits == ["one_tailed"]
    assert "one_tailed" not in _fits("2.236", "0.038", (5, 5, 5), (1, 1, 1), 10, (4, 4, 4), (1, 1, 1), 10)


def test_a_one_tailed_p_does_not_fit_a_statistic_far_off():
    """Issue 17: Table 5's printed t of 3.839 against a recomputed 17.73. Halving a p already below the floor
    fits the printed 0.001 trivially, but the statistic is not reconciled, so nothing fits."""
    z = ref.ZIGONG_T5_LOS
    box = {k: (Fraction(z[k]), Fraction(z[k]) - Fraction(1, 200), Fraction(z[k]) + Fraction(1, 200))
           for k in ("m1", "s1", "m2", "s2")}
    assert _fits(z["t"], z["p"], box["m1"], box["s1"], z["n1"], box["m2"], box["s2"], z["n2"]) == []


def test_sd_factor_and_t_at_n_by_hand():
    # Table 1, age: Student t at the stated n is 3.16005 (tests/checks/kinds: the ledger), printed 1.332
    assert diagnosis.sd_factor(1.332, 3.16005) == pytest.approx(3.16005 / 1.332, rel=1e-12)
    # drug share at n = 17: 4.14 / sqrt((4.01^2 + 2.64^2) / 17) = 4.14 / sqrt(23.0497 / 17)
    assert diagnosis.t_at_n(37.35, 4.01, 33.21, 2.64, 17) == pytest.approx(4.14 / math.sqrt(23.0497 / 17), rel=1e-12)
