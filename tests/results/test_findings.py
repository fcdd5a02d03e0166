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


# ---------------------------------------------------------------- findings read the ledger's facts, never its wording
def _one_finding(values, check, counts=()):
    from tests.checks.test_engine import synthetic_study

    from analysis.checks.engine import Options
    from analysis.results.findings import build_findings
    from analysis.results.ledger import build_ledger
    led = build_ledger(synthetic_study(values, [{"check_id": "c1", **check}], counts), Options())
    return led, build_findings(led)


def test_a_relative_change_printed_as_points_is_summarised_in_its_own_direction():
    """The reverse labelling error: 29.63 -> 17.78 is b - a = -11.85 points and a relative change of
    |17.78 - 29.63| / 29.63 = 39.99% (by hand); the source prints 39.99 as a difference in points. The summary
    says that, with both numbers; the one template of before called it "a percentage-point difference presented
    as a percent change (relative change -11.85%)": the wrong direction and the wrong number."""
    led, f = _one_finding({"a": "29.63", "b": "17.78", "d": "39.99"},
                          {"kind": "difference", "targets": "target=t:d:value", "inputs": "a=t:a:value;b=t:b:value"})
    assert led.mislabel[0].value == "percent_as_points" and float(led.relative[0]) == pytest.approx(39.993, abs=1e-3)
    assert f.category[0] == "labelling_error"
    en, zh = f.summary_en[0], f.summary_zh[0]
    assert "the printed 39.99 is a relative change presented as a percentage-point difference" in en
    assert "b - a is -11.85 percentage points" in en and "|b - a| / a is 39.99%" in en
    assert "percentage-point difference presented as a percent change" not in en
    assert "印刷的 39.99 是相对变化，却写成百分点差" in zh and "-11.85 个百分点" in zh and "39.99%" in zh


def test_a_points_difference_printed_as_a_percent_change_keeps_its_summary():
    """The usual direction (Zigong's 11.85): 29.63 -> 17.78 printed as "fell 11.85%" is the difference in
    points; the relative change is 39.99% (by hand)."""
    led, f = _one_finding({"a": "29.63", "b": "17.78", "c": "11.85"},
                          {"kind": "relative_change", "targets": "target=t:c:value",
                           "inputs": "a=t:a:value;b=t:b:value"})
    assert led.mislabel[0].value == "points_as_percent"
    assert f.summary_en[0] == ("Table 1 (Value): the printed 11.85 is a percentage-point difference presented as a "
                               "percent change (relative change 39.99%).")


def test_sections_are_named_from_the_ledgers_facts():
    """A claim's section is a fact of the ledger: "3.1" is 第3.1节 and "Abstract" 摘要, by the one section
    renderer (analysis.text.places.section_text), whatever the row column says."""
    from analysis.text.places import section_text
    check = {"kind": "claim", "inputs": "a=t:a:value;b=t:b:value", "options": "predicate=a > b",
             "claim_en": "a is larger", "claim_zh": "a 较大"}
    for section, zh in (("3.1", "第3.1节"), ("Abstract", "摘要"), ("intro; 1", "引言；第1节")):
        led, f = _one_finding({"a": "1", "b": "2"}, {**check, "section": section})
        assert led.place[0] == "claim" and led.section[0] == section_text(section)
        assert f.location_zh[0] == f"正文（a 较大，{zh}）", f.location_zh[0]
        assert f.location[0] == f"Text (a is larger, section {section})"
        led.loc[0, "row"] = "anything else"  # the CSV's row is for reading: nothing parses it
        from analysis.results.findings import build_findings
        assert build_findings(led).location_zh[0] == f"正文（a 较大，{zh}）"


def test_p_values_are_told_by_the_fact_not_by_the_check_id():
    """A p judged on its own (p_from_statistic: no ".p" suffix on its check id) is still a p-value."""
    led, _ = _one_finding({"t": "2.20", "df": "28", "p": ".06"},
                          {"kind": "p_from_statistic", "targets": "p=t:p:value",
                           "inputs": "value=t:t:value;df2=t:df:value", "options": "statistic=t"}, counts=("df",))
    assert not led.check_id[0].endswith((".p", ".p_implied")) and bool(led.is_p[0])


def test_a_false_claim_is_summarised_with_its_numbers_and_reason():
    """Issue 18: a claim finding said only 'the claim does not hold'; it now gives the specification's reason,
    with the printed numbers that contradict it (data/checks/zigong_hf_alliance.csv:62, pooled referrals
    506 -> 850 for the city against 380 -> 543 for the county, as Table 2 prints them)."""
    from analysis.results.findings import build_findings
    from analysis.results.ledger import build_ledger
    f = build_findings(build_ledger(datapackage.load_study("zigong_hf_alliance")))
    row = f[f["finding"] == "zigong_hf_alliance:s3_1_county_referrals_grew_most"].iloc[0]
    assert "city 506 -> 850 (+67.98%), county 380 -> 543 (+42.89%)" in row["summary_en"]
    assert "市级 506 → 850（+67.98%），县级 380 → 543（+42.89%）" in row["summary_zh"]
    span = f[f["finding"] == "zigong_hf_alliance:operation_span"].iloc[0]
    assert "give one year, as section 1 says" in span["summary_en"] and "只有一年" in span["summary_zh"]
