"""The five studies through the check engine and the ledger: known findings, verified by hand in each test."""
from fractions import Fraction

import pandas as pd
import pytest

from analysis.checks.engine import Options
from analysis.core.vocab import Verdict
from analysis.data import datapackage
from analysis.results import ledger as ledger_mod


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
    # (1792 - 1331) / 1331 = 34.64%, printed 24.64
    assert round(float(Fraction(1792 - 1331, 1331) * 100), 2) == 34.64
    r = row(ledger, "t2_inpatient_county_growth")
    assert r.verdict == "inconsistent" and "one digit differs" in r.note


def test_city_inpatient_growth_is_inconsistent(ledger):
    # (15727 - 12381) / 12381 = 27.03%, printed 27.01
    assert round(float(Fraction(15727 - 12381, 12381) * 100), 2) == 27.03
    assert row(ledger, "t2_inpatient_city_growth").verdict == "inconsistent"


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
    assert float(r.recomputed) == pytest.approx(3.16, abs=0.01)
    assert r.verdict == "inconsistent_conclusion"
    assert row(ledger, "t1_age_t", "p (two-sided)").verdict == "inconsistent_conclusion"


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
    # 44.6% of 192: 85/192 = 44.27%, 86/192 = 44.79%; of 205: 91/205 = 44.39%, 92/205 = 44.88%: none prints 44.6
    assert not any(round(100 * k / n, 1) == 44.6 for n in (192, 205) for k in range(n + 1))
    r = row(all_ledgers["chronic_care_review"], "suzhou_glucose_control_grim")
    assert r.verdict == "inconsistent" and "GRIM" in r.note


def test_grim_finds_a_whole_number_when_there_is_one(study):
    from analysis.stats.counts import grim_candidates
    assert float(grim_candidates(Fraction("29.63"), 27)[0]) == pytest.approx(800 / 27)  # 8/27 = 29.63%


def test_tianchang_cost_fall(all_ledgers):
    # (8500 - 7200) / 8500 = 15.29% -> printed 15.3
    assert round((8500 - 7200) / 8500 * 100, 1) == 15.3
    assert row(all_ledgers["consortium_overview"], "tianchang_cost_fall").verdict == "consistent"


def test_reimbursement_gap_in_points(all_ledgers):
    r = row(all_ledgers["consortium_overview"], "reimbursement_gap")  # 85 - 65 = 20
    assert (r.recomputed, r.verdict) == ("20", "consistent")


def test_qingpu_rates(all_ledgers):
    led = all_ledgers["qingpu_medical_group"]
    # 455/10917 = 4.168%, 3831/10917 = 35.092%, 1717/5719 = 30.023%, 5719/4000 = 142.975% (an exact tie)
    for cid in ("stroke_very_high_share", "stroke_high_share", "copd_high_risk_rate", "copd_completion"):
        assert row(led, cid).verdict == "consistent"
    assert Fraction(5719, 4000) * 100 == Fraction(142975, 1000)


def test_five_city_has_only_claims_to_check(all_ledgers):
    """No printed number of the five-city paper derives from another; what can be checked are its text's claims."""
    st = datapackage.load_study("five_city_chronic_care")
    led = all_ledgers["five_city_chronic_care"]
    assert len(led) and set(led.kind) <= {"claim", "restated"}
    cov = ledger_mod.coverage(st, led)
    assert cov["claims"] == (led.kind == "claim").sum() > 0


def test_relative_change_printed_as_points_is_named():
    """The reverse slip: a relative change printed as a percentage-point difference."""
    from analysis.checks.engine import Operand, evaluate
    # |17.78 - 29.63| / 29.63 = 39.99%, printed as a difference of 39.99 points
    o, = evaluate("difference", {"a": Operand.of("29.63"), "b": Operand.of("17.78")}, {"target": "39.99"}, Options())
    assert o.verdict is Verdict.INCONSISTENT and o.category.value == "labelling_error"
    assert "relative change printed as a percentage-point difference" in o.note
