"""Findings: every flagged ledger row in exactly one finding, the committed table up to date, Zigong's problems."""
import pandas as pd
import pytest

from analysis.data import datapackage


def test_every_non_consistent_row_belongs_to_exactly_one_finding():
    from analysis.core.config import current
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False)
    found = pd.read_csv(current().findings, dtype=str, keep_default_na=False)
    flagged = led[~led.verdict.isin(["consistent", "undecidable"])]
    unflagged = led[led.verdict.isin(["consistent", "undecidable"])]  # an undecidable outcome is never a problem
    assert (flagged.finding != "").all() and (unflagged.finding == "").all() and (unflagged.category == "").all()
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
    """The flags of the Zigong ledger are a handful of problems, each with its category."""
    from analysis.core.config import current
    f = pd.read_csv(current().findings, dtype=str, keep_default_na=False).set_index("finding")
    z = "zigong_hf_alliance:"
    assert f.loc[z + "t1_tests", "severity"] == "material"  # the decision flips only at the stated n
    assert f.loc[z + "t5_tests", "category"] == "inconsistent_test"
    assert f.loc[z + "t2_inpatient_county_growth", "category"] == "typographical_error"  # 24.64 for 34.64
    assert f.loc[z + "t2_inpatient_city_growth", "severity"] == "minor"  # 27.01 for 27.03
    assert f.loc[z + "upward_share_change_label", "category"] == "labelling_error"  # 11.85 points called a % fall
    # Table 5's t statistics follow from the printed means and SDs with 17 to 27 per group, not 312 and 437
    assert "per group" in f.loc[z + "t5_tests", "summary_en"] and "312 and 437" in f.loc[z + "t5_tests", "summary_en"]


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


# ---------------------------------------------------------------- issue 17: findings a methodologist would sign
def _committed():
    from analysis.core.config import current
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False).set_index("check_id")
    found = pd.read_csv(current().findings, dtype=str, keep_default_na=False).set_index("finding")
    return led, found


def test_a_later_reference_does_not_contradict_a_search_cutoff():
    """The review searched to 31 December 2024 and cites its authors' 2025 paper: a later citation does not show
    that the search ran later, and nothing printed contradicts the cutoff. Undecidable, and not a finding."""
    led, found = _committed()
    row = led.loc["chronic_care_review:abs_search_cutoff"]
    assert row.verdict == "undecidable" and row.finding == "" and row.category == ""
    assert "chronic_care_review:abs_search_cutoff" not in found.index


def test_the_same_rise_for_two_pairs_of_years_is_a_contradiction():
    """Qingpu prints the same 29.57% rise of the contracting rate for 2024 over 2023 (2.3.2) and for 2023 over
    2022 (2.5.2): an internal contradiction, and a finding."""
    led, found = _committed()
    rows = led[led.index.str.startswith("qingpu_medical_group:") & led.label.str.contains("29.57")]
    assert len(rows) and set(rows.verdict) == {"inconsistent"}
    f = found.loc[rows.finding.iloc[0]]
    assert f.category == "internal_contradiction" and f.severity == "material"


def test_halving_a_p_below_the_floor_does_not_explain_a_statistic_far_off():
    """Table 5: a one-tailed p "fits" 0.001 trivially, but does nothing for a printed t of 3.839 against a
    recomputed 17.73; an explanation fits only if it reconciles the statistic and the p."""
    led, found = _committed()
    t5 = led[led.index.str.match(r"zigong_hf_alliance:t5_\w+_t\.")]
    assert len(t5) == 12 and not t5.note.str.contains("explanation that fits").any()
    assert t5.note.str.contains("none of").all()
    assert "none reconciles" in found.loc["zigong_hf_alliance:t5_tests", "summary_en"]


def test_437_against_473_is_a_contradiction_whose_culprit_cannot_be_told():
    """Zigong's 2022 men and women add to 473 and the chi-square reproduces from 279 and 194, while 437 is printed
    five times (the abstract in both languages, Tables 1, 4 and 5): which number is wrong cannot be told."""
    led, found = _committed()
    f = found.loc["zigong_hf_alliance:t1_total_2022"]
    assert f.category == "internal_contradiction"
    en = f.summary_en
    assert "473" in en and "printed 5 times" in en and "chi-square" in en and "cannot be told" in en
    assert "one possible explanation" in en and "typographical" not in en
    assert "无法判断" in f.summary_zh and "5 处" in f.summary_zh


def test_table_1_says_both_readings_and_the_ratio_in_words():
    """About 64 per group reconciles the printed t with its means and SDs, but so do SDs about 2.4 times larger;
    64 against 312 and 437 is five to seven times fewer, not an order of magnitude."""
    led, found = _committed()
    en = found.loc["zigong_hf_alliance:t1_tests", "summary_en"]
    assert "about 64 per group" in en and "about 2.4 times larger" in en
    assert "five to seven times fewer" in en and "order of magnitude" not in en
    assert not led.note.str.contains("order of magnitude").any()
    assert "五到七倍" in found.loc["zigong_hf_alliance:t1_tests", "summary_zh"]


def test_table_5_says_no_single_group_size_fits_all_four_tests():
    """At n = 17 per group the drug-share t would be 3.55, not the printed 4.516 (by hand:
    4.14 / sqrt((4.01^2 + 2.64^2) / 17) = 4.14 / sqrt(23.0497 / 17) = 3.555)."""
    _, found = _committed()
    en = found.loc["zigong_hf_alliance:t5_tests", "summary_en"]
    assert "No single group size fits all 4 tests" in en
    assert "at 17 per group the t of drug share would be 3.56, not 4.516" in en


def test_findings_state_their_criterion_and_why_in_both_languages():
    _, found = _committed()
    assert {"criterion", "reason_en", "reason_zh"} <= set(found.columns)
    assert (found.reason_en != "").all() and (found.reason_zh != "").all()
    assert not (found.criterion == "unassessed").any()  # every finding of the five studies is assessed


@pytest.mark.parametrize("finding,severity,criterion", [
    ("zigong_hf_alliance:text_s3_2_referral_down_growth", "minor", "tolerance"),  # turns on the 10% alone
    ("chronic_care_review:suzhou_glucose_control_grim", "minor", "isolated"),     # quoted from [11]; nothing rests
    ("zigong_hf_alliance:t2_inpatient_county_growth", "minor", "isolated"),       # district highest either way
    ("zigong_hf_alliance:t1_tests", "material", "conclusion_rests"),            # decision flips only at stated n
    ("zigong_hf_alliance:t1_total_2022", "material", "conclusion_rests"),       # a wrong sample size
])
def test_severity_by_consequence(finding, severity, criterion):
    _, found = _committed()
    assert (found.loc[finding, "severity"], found.loc[finding, "criterion"]) == (severity, criterion)


def test_two_years_of_running_is_undecidable_wording():
    """The abstract's "two years" holds if the one-year build cycle counts and not otherwise; no number depends
    on it and the text does not say: undecidable, not a finding."""
    led, found = _committed()
    assert led.loc["zigong_hf_alliance:abs_two_years_of_operation", "verdict"] == "undecidable"
    assert "zigong_hf_alliance:operation_span" not in found.index


def test_the_readme_states_the_diagnoses_the_findings_give():
    """The README's worked diagnosis (Findings) quotes the committed findings, not numbers typed by hand."""
    from analysis.core.config import current
    _, found = _committed()
    text = (current().root / "README.md").read_text(encoding="utf-8")
    t1, t5 = (found.loc[f"zigong_hf_alliance:{k}", "summary_en"] for k in ("t1_tests", "t5_tests"))
    for phrase in ("about 64 per group", "five to seven times fewer", "SDs about 2.4 times larger"):
        assert phrase in t1
    assert "64\nper group, five to seven times fewer" in text and "SDs about 2.4 times larger" in text
    assert "(about 17 to 27 per group; at 17 per group the t of drug share would be 3.56, not 4.516)" in t5
    assert "about 17 to 27 per group; at 17 per group the t of drug share would be\n3.56, not 4.516" in text
