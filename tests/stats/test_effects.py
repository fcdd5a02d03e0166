"""Known-answer tests for counts, tests and effect sizes, each with its reference."""
import math

import numpy as np
import pytest
from scipy import stats

from analysis.stats import effects


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
