"""The trail of a checked number: every step from the page of the source to the report, checked against the
files it names. Expected strings are written out from the printed numbers (data/raw, data/checks), not derived
with the code under test."""
import re

import pandas as pd
import pytest

from analysis.text.catalogue import Text

from analysis.build.runs import study_parameters
from analysis.core.config import current
from analysis.data.datapackage import study_ids
from analysis.results import trail
from analysis.results.coverage import anchors
from analysis.results.study import open_study

Z = "zigong_hf_alliance"


def ctx_of(sid):
    return open_study(**study_parameters(sid))


def one(sid, check_id):
    found = trail.select(ctx_of(sid), check_id)
    assert len(found) == 1, [t.check_id for t in found]
    return found[0]


def text_of(t, lang="en"):
    return trail.render_text([t], lang)


def test_the_zigong_growth_rate_gives_the_whole_trail():
    t = one(Z, f"{Z}:t2_inpatient_county_growth")
    # the printed number: Table 2, county inpatient admissions 1331 -> 1792, growth printed 24.64 (line 7 of the CSV)
    assert (t.target.text, t.target.table, t.target.row, t.target.column) == \
        ("24.64", Text("Table 2", "表2"), "增长率(%)", Text("住院人次/县", "住院人次/县"))
    assert t.target.transcription == "data/raw/zigong_hf_alliance/t2_operational_capacity.csv:7"
    assert [(p.name, p.text, p.row, p.transcription) for p in t.inputs] == [
        ("before", "1331", "2020年", "data/raw/zigong_hf_alliance/t2_operational_capacity.csv:7"),
        ("after", "1792", "2022年", "data/raw/zigong_hf_alliance/t2_operational_capacity.csv:7")]
    assert t.spec == "data/checks/zigong_hf_alliance.csv:12"
    assert t.formula.symbolic == "100 × (after − before) / before"
    assert t.formula.values == "100 × (1792 − 1331) / 1331 = 34.64"
    assert (t.low, t.high, t.rule, t.stands_for) == ("34.6356", "34.6356", "half_up", ("24.635", "24.645"))
    assert (t.verdict.value, t.verdict.symbol) == ("inconsistent", "✗")
    assert (t.finding, t.category, t.severity) == (f"{Z}:t2_inpatient_county_growth", "typographical_error", "minor")
    assert t.report == "reports/zigong_hf_alliance.html#zigong_hf_alliance:t2_inpatient_county_growth"
    text = text_of(t)
    for expected in [
        "Trail of zigong_hf_alliance:t2_inpatient_county_growth",
        "printed                       24.64 (24.635 to 24.645), Table 2, row 增长率(%), column 住院人次/县",
        "transcribed at data/raw/zigong_hf_alliance/t2_operational_capacity.csv:7",
        "before = 1331 (a count, exact), Table 2, row 2020年, column 住院人次/县",
        "after = 1792 (a count, exact), Table 2, row 2022年, column 住院人次/县",
        "specification                 data/checks/zigong_hf_alliance.csv:12 (check t2_inpatient_county_growth, kind growth)",
        "formula                       growth rate (%): 100 × (after − before) / before",
        "with the printed values       100 × (1792 − 1331) / 1331 = 34.64",
        "range the inputs allow        34.6356 to 34.6356",
        "the printed value stands for  24.635 to 24.645 (half-up)",
        "verdict                       ✗ does not reproduce (inconsistent)",
        "note                          one digit differs (24.64 printed, 34.64 recomputed)",
        "finding                       zigong_hf_alliance:t2_inpatient_county_growth: typographical error, minor",
        "in the report                 reports/zigong_hf_alliance.html#zigong_hf_alliance:t2_inpatient_county_growth",
    ]:
        assert expected in text, expected


def test_a_t_test_without_its_part_gives_every_part():
    found = trail.select(ctx_of(Z), f"{Z}:t1_age_t")
    assert [t.check_id for t in found] == [f"{Z}:t1_age_t.statistic", f"{Z}:t1_age_t.p", f"{Z}:t1_age_t.p_implied"]
    stat, p, implied = found
    # Table 1: age 69.66 ± 5.98 (n = 312) in 2020, 68.18 ± 6.55 (n = 437) in 2022; printed t = 1.332, P = 0.185
    assert stat.formula.values == ("t = (69.66 − 68.18) / √(((312 − 1) × 5.98² + (437 − 1) × 6.55²) / "
                                   "(312 + 437 − 2) × (1/312 + 1/437)) = 3.160")
    assert p.formula.values == "p = 2 × P(T(747) > |3.160|) = 0.00164"
    assert implied.formula.values == "p = 2 × P(T(747) > |1.332|) = 0.183"
    assert [(i.name, i.text) for i in stat.inputs] == [("m1", "69.66"), ("s1", "5.98"), ("n1", "312"), ("m2", "68.18"),
                                                        ("s2", "6.55"), ("n2", "437")]
    assert [(o.name, o.text) for o in implied.others] == [("statistic", "1.332")]  # judged with the printed t
    assert stat.inputs[0].low == "69.655" and stat.inputs[0].high == "69.665" and stat.inputs[2].exact
    assert (stat.verdict.symbol, stat.finding, stat.severity) == ("✗!", f"{Z}:t1_tests", "material")
    assert all(t.spec == "data/checks/zigong_hf_alliance.csv:4" for t in found)
    assert "specification                 data/checks/zigong_hf_alliance.csv:4 (check t1_age_t, kind t_from_summaries)" \
        in text_of(p)


def test_a_claim_shows_its_words_its_section_and_the_comparison_that_fails():
    t = one(Z, f"{Z}:s3_1_county_referrals_grew_most")
    assert t.target is None and t.section == Text("3.1", "第3.1节") and t.spec == "data/checks/zigong_hf_alliance.csv:70"
    assert t.formula.values == ("(74 + 469) / (43 + 337) > (223 + 627) / (147 + 359) ✗ ∧ "
                                "(74 + 469) / (43 + 337) > (88 + 155) / (79 + 124) ✓")
    assert (t.verdict.value, t.category) == ("inconsistent", "unsupported_claim")
    text = text_of(t)
    assert "claim                    County hospitals had the largest growth in two-way referrals (Text, section 3.1)" in text
    assert "city_before = 147 (a count, exact), Table 2, row 2020年, column 双向转诊量/市/下转" in text
    assert "recomputed               does not hold" in text


def test_a_grim_row_lists_the_counts_that_come_nearest():
    t = one("chronic_care_review", "chronic_care_review:suzhou_glucose_control_grim")
    # 44.6% of 192 or of 205 patients: 85/192 = 44.27%, 86/192 = 44.79%, 91/205 = 44.39%, 92/205 = 44.88%
    assert t.formula.values == ("100 × 85 / 192 = 44.271, 100 × 86 / 192 = 44.792; "
                                "100 × 91 / 205 = 44.390, 100 × 92 / 205 = 44.878")
    assert [p.transcription for p in t.inputs] == ["data/raw/chronic_care_review/outcomes.csv:7",
                                                   "data/raw/chronic_care_review/outcomes.csv:6"]
    assert (t.category, t.verdict.value) == ("impossible_value", "inconsistent")


def test_the_trail_in_chinese():
    text = text_of(one(Z, f"{Z}:t2_inpatient_county_growth"), "zh")
    for expected in ["zigong_hf_alliance:t2_inpatient_county_growth 的数值溯源", "印刷值", "24.64（24.635 至 24.645），见表2",
                     "转录于 data/raw/zigong_hf_alliance/t2_operational_capacity.csv:7", "代入印刷值",
                     "100 × (1792 − 1331) / 1331 = 34.64", "✗ 不可重现", "类别为排印错误，严重程度为轻微", "报告中的位置"]:
        assert expected in text, expected
    labels = [lab for _, lab, _ in trail.lines(one(Z, f"{Z}:t1_age_t.p"), "zh") if lab]
    assert all(re.search(r"[\u4e00-\u9fff]", lab) for lab in labels), labels


def test_the_closest_ids_to_an_unknown_one():
    ids = trail.known_ids(ctx_of(Z))
    assert f"{Z}:t1_age_t" in ids and f"{Z}:t1_age_t.p" in ids
    assert trail.closest(f"{Z}:t2_inpatient_county_grwth", ids)[0] == f"{Z}:t2_inpatient_county_growth"
    assert trail.select(ctx_of(Z), f"{Z}:t1_age") == []  # a prefix of an id is not the id


@pytest.mark.parametrize("sid", study_ids())
def test_every_ledger_row_has_a_trail_that_leads_to_the_lines_that_hold_its_numbers(sid):
    ctx = ctx_of(sid)
    found = trail.trails(ctx)
    assert [t.check_id for t in found] == list(ctx.ledger["check_id"])
    assert [t.anchor for t in found] == list(anchors(ctx.ledger))
    committed = pd.read_csv(current().ledger, dtype=str, keep_default_na=False).set_index("check_id")
    root = current().root
    lines_of = {}

    def line(transcription):
        file, _, n = transcription.rpartition(":")
        if file not in lines_of:
            lines_of[file] = (root / file).read_text(encoding="utf-8").splitlines()
        return lines_of[file][int(n) - 1]

    for t in found:
        for p in ([t.target] if t.target else []) + list(t.inputs) + list(t.others):
            assert p.file.startswith(f"data/raw/{sid}/"), (t.check_id, p)
            if p.ref.startswith("rows("):  # a count of the rows of a transcription: lines 2 to N + 1
                rows = (root / p.file).read_text(encoding="utf-8").splitlines()[1:]
                assert p.transcription == f"{p.file}:2-{len(rows) + 1}" and int(p.text) == len(rows), p
                continue
            assert p.text in line(p.transcription), (t.check_id, p.name, p.transcription, p.text)
        file = t.spec.rpartition(":")[0]
        assert file == f"data/checks/{sid}.csv" and line(t.spec).startswith(t.check + ","), (t.check_id, t.spec)
        row = committed.loc[t.check_id]
        assert (t.verdict.value, t.recomputed, t.low, t.high, t.rule, t.finding) == \
            (row.verdict, row.recomputed, row.low, row.high, row.rule, row.finding)
        assert t.formula.values and t.formula.symbolic
        for lang in ("en", "zh"):
            text = trail.render_text([t], lang)
            assert t.formula.values in text and t.report in text
        if t.finding:
            assert t.category and t.severity, t.check_id
