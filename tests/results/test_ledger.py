"""The five studies through the check engine and the ledger: known findings, worked out by hand beside their
source in ``tests/results/results/results_ledger.py``."""
import pandas as pd
import pytest

from analysis.checks.engine import Options
from analysis.core.vocab import Verdict
from analysis.data import datapackage
from analysis.results import ledger as ledger_mod
from tests.results.results import results_ledger as ref


def run(study, **kw):
    return ledger_mod.build_ledger(study, Options(**kw))


@pytest.fixture(scope="module")
def study():
    return datapackage.load_study("zigong_hf_alliance")


@pytest.fixture(scope="module")
def ledger(study):
    return run(study)


def row(ledger, check_id, quantity_prefix=""):
    spec = ledger.check_id.str.split(":").str[1].str.split(".").str[0]
    r = ledger[(spec == check_id) & ledger.quantity.str.startswith(quantity_prefix)]
    assert len(r) == 1, (check_id, quantity_prefix, r)
    return r.iloc[0]


# ---------------------------------------------------------------- the other four studies
@pytest.fixture(scope="module")
def all_ledgers():
    return {s: run(datapackage.load_study(s)) for s in datapackage.study_ids()}


def test_every_target_has_a_ledger_row(study, ledger):
    targets = {t.split("=", 1)[1] for ts in study.checks.targets if ts for t in ts.split(";")}
    assert targets == set(ledger.ref) - {""}
    assert set(ledger.verdict) <= {v.value for v in Verdict}
    assert ledger.check_id.is_unique
    assert list(ledger.columns[:13]) == ["study", "table", "row", "column", "quantity", "reported", "decimals",
                                          "recomputed", "low", "high", "rule", "verdict", "note"]


def test_every_printed_table_is_checked(ledger):
    assert {"Table 1", "Table 2", "Table 3", "Table 4", "Table 5", "Text"} <= set(ledger.table)


def test_county_inpatient_growth_is_a_digit_slip(ledger):
    r = row(ledger, "t2_inpatient_county_growth")
    assert (r.reported, float(r.recomputed)) == (ref.COUNTY_INPATIENT_GROWTH["printed"],
                                                 pytest.approx(ref.COUNTY_INPATIENT_GROWTH["recomputed"], rel=1e-5))
    assert r.verdict == "inconsistent" and "one digit differs" in r.note


def test_city_inpatient_growth_is_inconsistent(ledger):
    r = row(ledger, "t2_inpatient_city_growth")
    assert (r.reported, float(r.recomputed)) == (ref.CITY_INPATIENT_GROWTH["printed"],
                                                 pytest.approx(ref.CITY_INPATIENT_GROWTH["recomputed"], rel=1e-5))
    assert r.verdict == "inconsistent"


def test_trailing_zero_and_whole_number_prints_reproduce(ledger):
    r = row(ledger, "t2_referral_down_city_growth")  # 76/147 = 51.70%
    assert (r.reported, r.decimals, r.verdict) == ("51.70", 2, "consistent")
    r = row(ledger, "t2_referral_up_district_growth")  # 31/124 = 25% exactly
    assert (r.reported, r.decimals, r.verdict) == ("25", 0, "consistent")


def test_sex_counts_do_not_add_up_in_2022(ledger):
    r = row(ledger, "t1_total_2022")  # 279 + 194 = 473, printed 437
    assert r.verdict == "inconsistent" and "transposed" in r.note
    assert row(ledger, "t1_total_2020").verdict == "consistent"  # 186 + 126 = 312


def test_age_t_test_changes_the_conclusion(ledger):
    # Student t from 69.66 +/- 5.98 (312) vs 68.18 +/- 6.55 (437) is about 3.16, p about 0.002 < 0.05;
    # the printed t = 1.332, P = 0.185 is not significant
    r = row(ledger, "t1_age_t", "t (")
    assert float(r.recomputed) == pytest.approx(ref.AGE_T["t"], rel=1e-5)
    assert r.verdict == "inconsistent_conclusion"
    p = row(ledger, "t1_age_t", "p (two-sided)")
    assert float(p.recomputed) == pytest.approx(ref.AGE_T["p"], rel=1e-5) and p.verdict == "inconsistent_conclusion"
    assert float(row(ledger, "t1_age_t", "p implied").recomputed) == pytest.approx(ref.AGE_T["implied_p"], rel=1e-5)


def test_sex_chi_square_reproduces(ledger):
    assert row(ledger, "t1_sex_chi2", "chi-square").verdict == "consistent"


def test_table5_t_statistics_do_not_reproduce(ledger):
    for var in ("los", "cost", "drug_share", "satisfaction"):
        assert row(ledger, f"t5_{var}_t", "t (").verdict == "inconsistent"


def test_upward_share_change_is_a_percentage_point_difference(ledger):
    r = row(ledger, "text_abstract_upward_share_change")
    assert r.verdict == "inconsistent" and "percentage-point difference printed as a percent change" in r.note


def test_welch_parameter_changes_the_statistic(study):
    student = run(study, t_test="student")
    welch = run(study, t_test="welch")
    s, w = (row(x, "t1_age_t", "t (") for x in (student, welch))
    assert "Student" in s.quantity and "Welch" in w.quantity and s.recomputed != w.recomputed


def test_alpha_moves_the_conclusion(study):
    # At alpha = 0.001 neither the printed p (0.185) nor the recomputed (0.0016) is significant
    strict = run(study, alpha=0.001)
    assert row(strict, "t1_age_t", "t (").verdict == "inconsistent"


def test_committed_ledger_is_up_to_date():
    from analysis.build.runs import study_parameters
    from analysis.core.config import current
    from analysis.report.study import open_study
    committed = pd.read_csv(current().ledger, dtype=str, keep_default_na=False)
    for sid in committed.study.unique():
        fresh = open_study(**study_parameters(sid)).ledger[ledger_mod.LEDGER_COLUMNS].astype(str)
        mine = committed[committed.study == sid].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, fresh.reset_index(drop=True), check_dtype=False)


def test_grim_suzhou_glucose_control(all_ledgers):
    r = row(all_ledgers["chronic_care_review"], "suzhou_glucose_control_grim")
    assert (r.reported, float(r.recomputed)) == (ref.SUZHOU_GRIM["printed"],
                                                 pytest.approx(ref.SUZHOU_GRIM["nearest"], rel=1e-5))
    assert r.verdict == "inconsistent" and "GRIM" in r.note


def test_tianchang_cost_fall(all_ledgers):
    r = row(all_ledgers["consortium_overview"], "tianchang_cost_fall")
    assert (r.reported, float(r.recomputed)) == (ref.TIANCHANG_FALL["printed"],
                                                 pytest.approx(ref.TIANCHANG_FALL["recomputed"], rel=1e-5))
    assert r.verdict == "consistent"


def test_reimbursement_gap_in_points(all_ledgers):
    r = row(all_ledgers["consortium_overview"], "reimbursement_gap")  # 85 - 65 = 20
    assert (r.recomputed, r.verdict) == ("20", "consistent")


def test_qingpu_rates(all_ledgers):
    led = all_ledgers["qingpu_medical_group"]
    for cid in ref.QINGPU_CONSISTENT:
        assert row(led, cid).verdict == "consistent", cid
    r = row(led, "copd_completion")
    assert (r.reported, r.recomputed) == (ref.QINGPU_COMPLETION["printed"], ref.QINGPU_COMPLETION["recomputed"])


def test_five_city_has_only_claims_to_check(all_ledgers):
    """No printed number of the five-city paper derives from another; what can be checked are its text's claims."""
    st = datapackage.load_study("five_city_chronic_care")
    led = all_ledgers["five_city_chronic_care"]
    assert len(led) and set(led.kind) <= {"claim", "restated"}
    cov = ledger_mod.coverage(st, led)
    assert cov["checkable"] == (led.ref != "").sum() and (led.kind == "claim").sum() > 0
    assert "claims" not in cov  # claims are counted apart (analysis.results.coverage.claim_counts)


def test_every_approximate_claim_carries_its_verdict_at_each_tolerance():
    """Issue 17, item 5: an "about x" row has its verdict at 5%, 10%, 15% and 20%; no other row has any.
    Zigong's downward referrals: 47.06 against "about 40" is outside 40 +/- 2, 4 and 6, inside 40 +/- 8."""
    import pandas as pd

    from analysis.core.config import current
    from analysis.results.ledger import TOLERANCE_COLUMNS
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False).set_index("check_id")
    about = led.reported.str.startswith("~")
    assert about.sum() == 3 and (led.loc[about, TOLERANCE_COLUMNS] != "").all().all()  # Zigong's three "about 40"
    assert (led.loc[~about, TOLERANCE_COLUMNS] == "").all().all()
    assert list(led.loc["zigong_hf_alliance:text_s3_2_referral_down_growth", TOLERANCE_COLUMNS]) == \
        ["inconsistent", "inconsistent", "inconsistent", "consistent"]
    # the run's own tolerance (10%) gives the ledger's verdict
    assert (led.loc[about, "verdict"] == led.loc[about, "verdict_tol10"]).all()
