"""The Zigong study through the check engine: known findings, verified by hand in each test."""
from fractions import Fraction

import pandas as pd
import pytest

from analysis import checks, datapackage
from analysis.rounding import VERDICTS


@pytest.fixture(scope="module")
def study():
    return datapackage.load_study("zigong_hf_alliance")


@pytest.fixture(scope="module")
def ledger(study):
    return checks.run_checks(study)


def row(ledger, check_id, quantity_prefix=""):
    r = ledger[(ledger.check_id == check_id) & ledger.quantity.str.startswith(quantity_prefix)]
    assert len(r) == 1, (check_id, quantity_prefix, r)
    return r.iloc[0]


def test_every_target_has_a_ledger_row(study, ledger):
    targets = {t.split("=", 1)[1] for ts in study.checks.targets if ts for t in ts.split(";")}
    assert targets == set(ledger.ref)
    assert set(ledger.verdict) <= set(VERDICTS)
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
    student = checks.run_checks(study, t_test="student")
    welch = checks.run_checks(study, t_test="welch")
    s, w = (row(x, "t1_age_t", "t (") for x in (student, welch))
    assert "Student" in s.quantity and "Welch" in w.quantity and s.recomputed != w.recomputed


def test_alpha_moves_the_conclusion(study):
    # At alpha = 0.001 neither the printed p (0.185) nor the recomputed (0.0016) is significant
    strict = checks.run_checks(study, alpha=0.001)
    assert row(strict, "t1_age_t", "t (").verdict == "inconsistent"


def test_reanalysis_effects(study):
    eff = checks.reanalysis(study)
    g = eff[(eff.check_id == "t5_los_t") & (eff.measure == "Hedges' g")].iloc[0]
    assert g.estimate < 0 and g.low < g.estimate < g.high  # shorter stay in 2022
    assert set(eff.measure) == {"mean difference", "Hedges' g", "risk difference", "risk ratio", "rate ratio"}
    assert isinstance(eff, pd.DataFrame)


def test_committed_ledger_is_up_to_date():
    from analysis import paths
    from analysis.build import study_parameters
    from analysis.report import open_study
    committed = pd.read_csv(paths.LEDGER, dtype=str, keep_default_na=False)
    for sid in committed.study.unique():
        fresh = open_study(**study_parameters(sid)).ledger.astype(str)
        mine = committed[committed.study == sid].reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, fresh.reset_index(drop=True), check_dtype=False)
