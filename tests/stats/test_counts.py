"""Known-answer tests for counts, tests and effect sizes, each with its reference."""
from fractions import Fraction

import pytest

from analysis.stats import counts


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


def test_ratio_allows_more_than_100_percent():
    assert counts.ratio(5719, 4000) == Fraction(142975, 1000)
    with pytest.raises(ValueError, match="denominator is 0"):
        counts.ratio(1, 0)


def test_grim_candidates_bracket_the_percentage():
    lo, hi = counts.grim_candidates(Fraction("44.6"), 192)
    assert lo == Fraction(8500, 192) and hi == Fraction(8600, 192)
    with pytest.raises(ValueError):
        counts.grim_candidates(50, 0)
