"""Findings: every flagged ledger row in exactly one finding, the committed table up to date, Zigong's problems."""
import pandas as pd
import pytest

from analysis.data import datapackage


def test_every_non_consistent_row_belongs_to_exactly_one_finding():
    from analysis.core.config import current
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False)
    found = pd.read_csv(current().findings, dtype=str, keep_default_na=False)
    flagged = led[led.verdict != "consistent"]
    assert (flagged.finding != "").all() and (led[led.verdict == "consistent"].finding == "").all()
    listed = [c for checks in found.checks for c in checks.split(";")]
    assert sorted(listed) == sorted(flagged.check_id)  # each flagged row in exactly one finding
    assert set(flagged.finding) == set(found.finding)
    assert found.finding.is_unique and led.check_id.is_unique


def test_committed_findings_are_up_to_date():
    from analysis.build.runs import study_parameters
    from analysis.core.config import current
    from analysis.report.study import open_study
    committed = pd.read_csv(current().findings, dtype=str, keep_default_na=False)
    fresh = pd.concat([open_study(**study_parameters(s)).findings for s in datapackage.study_ids()],
                      ignore_index=True).astype(str)
    pd.testing.assert_frame_equal(committed, fresh, check_dtype=False)


def test_zigong_findings_as_a_methodologist_would_state_them():
    """The twelve-odd flags of the Zigong ledger are seven problems, each with its category."""
    from analysis.core.config import current
    f = pd.read_csv(current().findings, dtype=str, keep_default_na=False).set_index("finding")
    z = "zigong_hf_alliance:"
    assert f.loc[z + "t1_tests", "severity"] == "changes_conclusion"
    assert f.loc[z + "t5_tests", "category"] == "inconsistent_test"
    assert f.loc[z + "t2_inpatient_county_growth", "category"] == "typographical_error"  # 24.64 for 34.64
    assert f.loc[z + "t2_inpatient_city_growth", "severity"] == "minor"  # 27.01 for 27.03
    assert f.loc[z + "upward_share_change_label", "category"] == "labelling_error"  # 11.85 points called a % fall
    # Table 5's t statistics follow from the printed means and SDs with 17 to 27 per group, not 312 and 437
    assert "per group" in f.loc[z + "t5_tests", "summary_en"] and "312 and 437" in f.loc[z + "t5_tests", "summary_en"]


# ---------------------------------------------------------------- severity rules, by hand
def test_relative_discrepancy_by_hand():
    from analysis.results.findings import relative_discrepancy
    # printed 24.64, recomputed 34.6356: |24.64 - 34.6356| / 34.6356 = 9.9956 / 34.6356 = 0.288593...
    assert relative_discrepancy({"reported": "24.64", "recomputed": "34.6356", "low": "34.6356",
                                 "high": "34.6356"}) == pytest.approx(9.9956 / 34.6356, rel=1e-12)
    # inside the range the rounded inputs allow: no distance at all
    assert relative_discrepancy({"reported": "3.14", "recomputed": "3.16", "low": "3.13", "high": "3.19"}) == 0.0
    # below the range: the distance to its nearer end, 3.13 - 3.0 = 0.13, relative to 3.16
    assert relative_discrepancy({"reported": "3.0", "recomputed": "3.16", "low": "3.13", "high": "3.19"}) == \
        pytest.approx(0.13 / 3.16, rel=1e-12)
    assert relative_discrepancy({"reported": "n/a", "recomputed": "3.16"}) is None


@pytest.mark.parametrize("verdicts,category,gap,expected", [
    (["inconsistent", "inconsistent_conclusion"], "calculation_error", "0.01", "changes_conclusion"),
    (["consistent_if_rounding"], "reporting_convention", "9", "note"),
    (["inconsistent"], "inconsistent_test", "0.01", "material"),       # always material, whatever the gap
    (["inconsistent"], "calculation_error", "1.06", "material"),        # 6% off: above the 5% threshold
    (["inconsistent"], "calculation_error", "1.04", "minor"),           # 4% off
])
def test_severity_rules(verdicts, category, gap, expected):
    from analysis.core.vocab import Category
    from analysis.results.findings import severity
    rows = pd.DataFrame({"verdict": verdicts, "reported": [gap] * len(verdicts), "recomputed": ["1"] * len(verdicts),
                         "low": [""] * len(verdicts), "high": [""] * len(verdicts)})
    assert severity(rows, Category(category)).value == expected
