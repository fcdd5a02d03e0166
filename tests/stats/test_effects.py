"""Effect sizes with confidence intervals: a textbook example, R output and bad input.

Reference values are in ``tests/stats/results/results_effects.py`` beside their source. The package's
effects call scipy only for normal and t quantiles; statsmodels is an independent reference for the
risk ratio (the package never calls it).
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.stats import effects
from tests.stats.results import results_effects as ref


def test_hedges_g_borenstein_worked_example():
    b = ref.BORENSTEIN
    e = effects.hedges_g(*b["args"])
    assert e.estimate == pytest.approx(b["g"], abs=5e-5)
    assert e.se ** 2 == pytest.approx(b["var_g"], abs=5e-5)
    # the interval is g -/+ z SE with the book's g and V_g (four decimals: a tolerance of 1e-3)
    z = 1.959963984540054  # R: qnorm(0.975)
    assert (e.low, e.high) == (pytest.approx(b["g"] - z * b["var_g"] ** 0.5, abs=1e-3),
                               pytest.approx(b["g"] + z * b["var_g"] ** 0.5, abs=1e-3))


def test_mean_difference_matches_r_welch_interval():
    r = ref.SLEEP_MEAN_DIFFERENCE
    e = effects.mean_difference(*r["args"])
    assert e.estimate == pytest.approx(r["estimate"], rel=1e-12)
    assert (e.low, e.high) == (pytest.approx(r["low"], rel=1e-10), pytest.approx(r["high"], rel=1e-10))


@pytest.mark.parametrize("name,expected", [("risk_difference", ref.RISK_DIFFERENCE), ("risk_ratio", ref.RISK_RATIO),
                                           ("rate_ratio", ref.RATE_RATIO)])
def test_count_effects_match_r(name, expected):
    e = getattr(effects, name)(*expected["args"])
    assert e.estimate == pytest.approx(expected["estimate"], rel=1e-12)
    assert (e.low, e.high) == (pytest.approx(expected["low"], rel=1e-10), pytest.approx(expected["high"], rel=1e-10))


def test_risk_ratio_matches_statsmodels():
    from statsmodels.stats.contingency_tables import Table2x2
    t = Table2x2(np.array([[30, 70], [20, 80]]))
    e = effects.risk_ratio(30, 100, 20, 100)
    lo, hi = t.riskratio_confint()
    assert (e.estimate, e.low, e.high) == pytest.approx((t.riskratio, lo, hi), rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.floats(-20, 20), st.floats(0.5, 10), st.integers(2, 200), st.floats(-20, 20), st.floats(0.5, 10),
       st.integers(2, 200), st.floats(0.5, 0.99))
def test_intervals_hold_their_estimate_and_widen_with_the_level(m1, s1, n1, m2, s2, n2, level):
    for f in (effects.hedges_g, effects.mean_difference):
        narrow, wide = f(m1, s1, n1, m2, s2, n2, level=level * 0.9), f(m1, s1, n1, m2, s2, n2, level=level)
        assert wide.low <= narrow.low <= narrow.estimate <= narrow.high <= wide.high
    g, swapped = effects.hedges_g(m1, s1, n1, m2, s2, n2), effects.hedges_g(m2, s2, n2, m1, s1, n1)
    assert swapped.estimate == pytest.approx(-g.estimate) and swapped.se == pytest.approx(g.se)


@pytest.mark.parametrize("call", [
    lambda: effects.hedges_g(1, 0, 10, 1, 1, 10),
    lambda: effects.hedges_g(1, 1, 1, 1, 1, 10),
    lambda: effects.risk_difference(11, 10, 1, 10),
    lambda: effects.risk_ratio(0, 10, 1, 10),
    lambda: effects.rate_ratio(0, 10, 1, 10),
    lambda: effects.hedges_g(1, 1, 10, 1, 1, 10, level=1.5),
])
def test_effects_bad_input_fails(call):
    with pytest.raises(ValueError):
        call()
