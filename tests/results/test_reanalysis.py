"""The re-analysis of the printed data: effects and derived values against R (``results/results_reanalysis.py``)."""
import pytest

from analysis.data import datapackage
from analysis.results import reanalysis
from tests.results.results import results_reanalysis as ref


@pytest.fixture(scope="module")
def study():
    return datapackage.load_study("zigong_hf_alliance")


@pytest.mark.parametrize("measure,expected", [("Hedges' g", ref.LOS_HEDGES_G),
                                              ("mean difference", ref.LOS_MEAN_DIFFERENCE)])
def test_length_of_stay_effects_match_r(study, measure, expected):
    eff = reanalysis.effects(study)
    e = eff[(eff.check_id == "zigong_hf_alliance:t5_los_t") & (eff.measure == measure)].iloc[0]
    assert (e.estimate, e.low, e.high) == pytest.approx((expected["estimate"], expected["low"], expected["high"]),
                                                        rel=1e-10)
    assert (e["first"], e["second"], e.note) == ("2020年", "2022年", "second minus first")


def test_every_effect_measure_is_used(study):
    assert set(reanalysis.effects(study).measure) == {"mean difference", "Hedges' g", "risk difference",
                                                      "risk ratio", "rate ratio"}


def test_qingpu_implied_population():
    d = reanalysis.derived(datapackage.load_study("qingpu_medical_group")).set_index(["check_id", "quantity"])
    pop = d.loc[("qingpu_medical_group:implied_population", "implied base (count / rate)")]
    assert float(pop.value) == pytest.approx(ref.QINGPU_POPULATION, rel=1e-5)
    assert float(pop.low) < float(pop.value) < float(pop.high)
    prev = d.xs("qingpu_medical_group:implied_previous_contracting_rate", level="check_id")
    assert sorted(float(v) for v in prev.value) == pytest.approx(sorted(ref.QINGPU_PREVIOUS_RATE), rel=1e-5)
