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


def test_each_effect_says_whether_the_printed_tests_support_the_printed_n(study):
    """Issue 17, item 6: Hedges' g at 312/437 rests on summaries the printed tests were not computed from; the
    effect is shown as printed and under each reading that reconciles the printed t, each with its caveat."""
    from analysis.results.ledger import build_ledger
    eff = reanalysis.effects(study, build_ledger(study))
    los = eff[(eff.check_id == "zigong_hf_alliance:t5_los_t") & (eff.measure == "Hedges' g")].set_index("reading")
    assert list(los.index) == ["as_printed", "n_from_test", "sd_from_test"] and set(los.support) == {"other_n"}
    assert (los.loc["as_printed", "n_first"], los.loc["as_printed", "n_second"]) == (312, 437)
    assert los.loc["n_from_test", "n_first"] == los.loc["n_from_test", "n_second"] == 18  # 17.58 per group
    assert "does not follow" in los.loc["as_printed", "caveat"]
    # the same t with SDs 17.73 / 3.839 = 4.62 times larger: g shrinks by that factor (J barely moves at n = 749)
    g = los.loc["as_printed", "estimate"] / los.loc["sd_from_test", "estimate"]
    assert g == pytest.approx(los.loc["sd_from_test", "sd_scale"], rel=1e-3)
    assert 4.5 < los.loc["sd_from_test", "sd_scale"] < 4.7
    # the as-printed row is the one checked against R above
    assert (los.loc["as_printed", "estimate"], los.loc["as_printed", "low"]) == \
        pytest.approx((ref.LOS_HEDGES_G["estimate"], ref.LOS_HEDGES_G["low"]), rel=1e-10)
    sex = eff[eff.check_id == "zigong_hf_alliance:t1_sex_chi2"]
    assert set(sex.support) == {"reproduces"} and set(sex.n_second) == {473}  # 279 + 194, the counts the test used
    rate = eff[eff.check_id == "zigong_hf_alliance:reanalysis_remote_rate"]
    assert set(rate.support) == {"no_test"}


def test_without_a_ledger_every_effect_is_shown_as_printed(study):
    assert set(reanalysis.effects(study).reading) == {"as_printed"}


def test_every_study_has_its_design_in_both_languages():
    import re
    for sid in datapackage.study_ids():
        meta = datapackage.study_meta(sid)
        assert meta["design"] and re.search(r"[\u4e00-\u9fff]", meta["design_zh"]), sid
    z = datapackage.study_meta("zigong_hf_alliance")["design"]
    assert all(w in z for w in ("two different cohorts", "no control group", "2020", "2021"))


def test_the_readme_quotes_the_three_readings_of_length_of_stay(study):
    from analysis.core.config import current
    from analysis.results.ledger import build_ledger
    eff = reanalysis.effects(study, build_ledger(study))
    g = eff[(eff.check_id == "zigong_hf_alliance:t5_los_t") & (eff.measure == "Hedges' g")].set_index("reading")
    n, k = g.loc["n_from_test", "n_first"], g.loc["sd_from_test", "sd_scale"]
    said = (f"Hedges' g is −{-g.loc['as_printed', 'estimate']:.2f} as printed, −{-g.loc['n_from_test', 'estimate']:.2f} "
            f"at {n} per group\n   and −{-g.loc['sd_from_test', 'estimate']:.2f} with SDs {k:.1f} times larger")
    assert said in (current().root / "README.md").read_text(encoding="utf-8")
