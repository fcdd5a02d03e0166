"""Counts, shares and granularity: known answers by hand (``results/results_counts.py``) and properties."""
import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.stats import counts
from tests.stats.results import results_counts as ref


# ---------------------------------------------------------------- known answers
def test_growth_rate_by_hand():
    g = counts.growth_rate(*ref.GROWTH["args"])
    assert g == ref.GROWTH["exact"] and round(float(g), 4) == ref.GROWTH["rounded"]


def test_share_and_ratio_by_hand():
    assert counts.share(*ref.SHARE["args"]) == ref.SHARE["exact"]
    assert counts.ratio(*ref.RATIO["args"]) == ref.RATIO["exact"]  # a ratio may pass 100%


def test_percentage_points_versus_relative_change():
    r = counts.read_change(*ref.CHANGE["args"])
    assert (r.points, r.relative) == (ref.CHANGE["points"], ref.CHANGE["relative"])


@pytest.mark.parametrize("case", [ref.GRIM_44_6, ref.GRIM_29_63], ids=["44.6 of 192", "29.63 of 27"])
def test_grim_candidates_bracket_the_percentage(case):
    assert counts.grim_candidates(*case["args"]) == (case["low"], case["high"])


def test_subgroup_sum_and_sum_of_squares_by_hand():
    assert counts.subgroup_sum(ref.SUBGROUPS["args"]) == ref.SUBGROUPS["total"]
    assert counts.sum_of_squares_range(*ref.SUM_OF_SQUARES["args"]) == (ref.SUM_OF_SQUARES["low"],
                                                                         ref.SUM_OF_SQUARES["high"])
    assert counts.binary_sd(*ref.BINARY["args"]) == pytest.approx(ref.BINARY["sd"], rel=1e-15)


def test_grim_informative_threshold():
    # GRIM can flag a mean of N whole numbers printed with d decimals only when N < 10^d (Brown and Heathers 2017)
    assert counts.grim_informative(99, 2) and not counts.grim_informative(100, 2)
    assert counts.grim_informative(9999, 2, percent=True) and not counts.grim_informative(10000, 2, percent=True)


@pytest.mark.parametrize("call, message", [
    (lambda: counts.growth_rate(0, 5), "base value is 0"),
    (lambda: counts.share(30, 27), "outside 0..27"),
    (lambda: counts.share(-1, 27), "outside"),
    (lambda: counts.share(1, 0), "not positive"),
    (lambda: counts.ratio(1, 0), "denominator is 0"),
    (lambda: counts.read_change(0, 5), "base percentage is 0"),
    (lambda: counts.grim_candidates(50, 0), "positive whole number"),
    (lambda: counts.binary_sd(3, 2), "0 <= k <= n"),
])
def test_bad_counts_fail_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------- properties
@given(st.lists(st.integers(0, 1), min_size=2, max_size=200))
def test_binary_sd_is_the_sample_sd_of_the_data(data):
    assert counts.binary_sd(sum(data), len(data)) == pytest.approx(statistics.stdev(data), abs=1e-12)


@given(st.lists(st.integers(0, 20), min_size=2, max_size=30), st.integers(1, 3))
def test_sum_of_squares_range_holds_the_data_sum_of_squares(data, items):
    """Person scores s_i / L from whole item sums s_i: Q = sum s_i^2 lies in the range the exact SD gives."""
    n, k, q = len(data), sum(data), sum(x * x for x in data)
    assert counts.sum_of_squares_range(k, n, items, 0, 0) == (Fraction(k * k, n),) * 2  # SD 0: Q = K^2 / n
    variance = statistics.variance([Fraction(x, items) for x in data])  # exact, of the person means
    root = Fraction(math.sqrt(variance))
    lo, hi = counts.sum_of_squares_range(k, n, items, root * Fraction(999, 1000), root * Fraction(1001, 1000))
    assert lo <= q <= hi


@given(st.fractions(min_value=0, max_value=100, max_denominator=1000), st.integers(0, 3), st.integers(1, 400))
def test_whole_numbers_near_holds_every_count_within_one_unit(value, decimals, scale):
    unit = Fraction(1, 10 ** decimals)
    ks = counts.whole_numbers_near(value, unit, scale)
    assert ks == sorted(set(ks))
    within = [k for k in range(math.floor((value - unit) * scale) - 1, math.ceil((value + unit) * scale) + 2)
              if abs(Fraction(k, scale) - value) <= unit]
    if len(within) <= 64:
        assert set(within) <= set(ks)
        assert {math.floor(value * scale), math.ceil(value * scale)} <= set(ks)  # the two neighbours
    else:
        assert len(ks) == 3 and round(value * scale) in ks


@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_growth_is_the_ratio_less_100_exactly(before, after):
    g = counts.growth_rate(before, after)
    assert isinstance(g, Fraction) and counts.ratio(after, before) - 100 == g
    assert counts.share(min(before, after), max(before, after)) == counts.ratio(min(before, after), max(before, after))
