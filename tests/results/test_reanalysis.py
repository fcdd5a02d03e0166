"""The five studies through the check engine and the ledger: known findings, verified by hand in each test."""
import pandas as pd
import pytest

from analysis.data import datapackage
from analysis.results import reanalysis


@pytest.fixture(scope="module")
def study():
    return datapackage.load_study("zigong_hf_alliance")


def test_reanalysis_effects(study):
    eff = reanalysis.effects(study)
    g = eff[(eff.check_id == "zigong_hf_alliance:t5_los_t") & (eff.measure == "Hedges' g")].iloc[0]
    assert g.estimate < 0 and g.low < g.estimate < g.high  # shorter stay in 2022
    assert set(eff.measure) == {"mean difference", "Hedges' g", "risk difference", "risk ratio", "rate ratio"}
    assert isinstance(eff, pd.DataFrame)


def test_qingpu_implied_population():
    d = reanalysis.derived(datapackage.load_study("qingpu_medical_group")).set_index(["check_id", "quantity"])
    pop = d.loc[("qingpu_medical_group:implied_population", "implied base (count / rate)")]
    assert float(pop.value) == pytest.approx(55.89 / 0.4396, rel=1e-4)  # about 127.1 (10,000 people)
    assert float(pop.low) < float(pop.value) < float(pop.high)
    prev = d.xs("qingpu_medical_group:implied_previous_contracting_rate", level="check_id")
    assert sorted(float(v) for v in prev.value) == pytest.approx(sorted([43.96 - 29.57, 43.96 / 1.2957]), rel=1e-4)
