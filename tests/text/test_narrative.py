"""The narrative from the ledger's facts: every note in Chinese, nothing translated from English; the counts it
states are the ledger's."""
import re

import pandas as pd
import pytest

from analysis.build.runs import study_parameters
from analysis.data.datapackage import study_ids
from analysis.report.study import open_study
from analysis.text import narrative
from analysis.text.catalogue import Msg, Text

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def ledgers():
    return {sid: open_study(**study_parameters(sid)).ledger for sid in study_ids()}


def test_every_note_of_every_ledger_row_is_shown_in_chinese(ledgers):
    """Before, a note phrase that none of the thirty regexes matched was dropped from the Chinese pages;
    now each of a row's notes (the engine's messages and the specification's note) has its Chinese."""
    for sid, led in ledgers.items():
        for r in led.itertuples():
            parts = [*r.notes, *([r.spec_note] if r.spec_note is not None else [])]
            zh = narrative.notes_of(r, "zh")
            shown = [p for p in zh.split("；") if p]
            assert len(shown) >= len(parts), (sid, r.check_id, zh)
            for m in parts:
                text = m.zh if isinstance(m, Text) else None
                assert text is None or text in zh, (sid, r.check_id)
            assert not parts or CJK.search(zh), (sid, r.check_id, zh)


def test_the_english_note_is_the_ledgers_note_column(ledgers):
    for led in ledgers.values():
        for r in led.itertuples():
            assert narrative.notes_of(r, "en") == r.note


def test_a_claims_predicate_is_code_in_a_page():
    row = pd.Series({"notes": (Msg.of("note.claim_fails", predicate="a < b"),), "spec_note": Text("x", "乙")})
    assert narrative.notes_of(row, "zh", html=True) == "<code>a &lt; b</code>：按印刷数值不成立；乙"
    assert narrative.notes_of(row, "both") == "a < b: does not hold for the printed values; x / a < b：按印刷数值不成立；乙"


def test_the_narrative_names_numbers_by_label_in_english_and_by_place_in_chinese(ledgers):
    led = ledgers["zigong_hf_alliance"]
    en = narrative.table_paragraph(led, "Table 2", "en")
    zh = narrative.table_paragraph(led, "Table 2", "zh")
    # (1792 - 1331) / 1331 = 34.64%, printed 24.64 (Table 2, county inpatient admissions)
    assert "inpatient admissions, county hospitals (住院人次/县, growth rate (%)): printed 24.64, recomputed 34.64" in en
    assert "表2，增长率(%)，住院人次/县（增长率（%））：印刷值 24.64，重算值 34.64（有一位数字不同" in zh


# ---------------------------------------------------------------- the counts it states are the ledger's
RANK = {"consistent": 0, "consistent_if_rounding": 1, "inconsistent": 2, "inconsistent_conclusion": 3}


@pytest.fixture(scope="module")
def zigong(ledgers):
    return ledgers["zigong_hf_alliance"]


def _by_hand(led: pd.DataFrame, table: str) -> tuple[int, int, int]:
    """(printed numbers, reproduce, do not) of one table: one per ref, its worst verdict."""
    worst = led[led.table == table].groupby("ref")["verdict"].agg(lambda v: max(v, key=RANK.get))
    return len(worst), int(worst.isin(["consistent", "consistent_if_rounding"]).sum()), \
        int(worst.isin(["inconsistent", "inconsistent_conclusion"]).sum())


@pytest.mark.parametrize("table", ["Table 1", "Table 2", "Table 5"])
def test_a_table_paragraph_states_the_ledger_counts(zigong, table):
    n, _, bad = _by_hand(zigong, table)
    en, zh = (narrative.table_paragraph(zigong, table, lang) for lang in ("en", "zh"))
    assert en.startswith(f"{table}: {n} printed number") and f"{bad} do not" in en
    zh_name = {"Table 1": "表1", "Table 2": "表2", "Table 5": "表5"}[table]  # the data package's table_zh
    assert zh.startswith(f"{zh_name}：共核查 {n} 个印刷数值")
    assert narrative.table_paragraph(zigong, table, "both") == en + "\n\n" + zh


def test_a_table_that_reproduces_says_so():
    led = pd.DataFrame([{"table": "Table 2", "verdict": "consistent", "ref": "t:1:c", "row": "r", "reported": "8.59",
                         "recomputed": "8.58571", "rule": "half_up", "table_text": Text("Table 2", "表2"),
                         "quantity_msg": Msg.of("quantity.growth"), "rule_msg": Msg.of("rule.half_up")}])
    assert narrative.table_paragraph(led, "Table 2", "en") == "Table 2: 1 printed number checked; all 1 reproduce."


def test_study_paragraph_counts_each_number_once_with_its_worst_verdict():
    led = pd.DataFrame({"verdict": ["consistent", "inconsistent_conclusion", "inconsistent", "consistent_if_rounding"],
                        "ref": ["r:a:x", "r:b:x", "r:b:x", "r:c:x"]})
    en = narrative.study_paragraph(led, "en")
    assert "reproduce, 1;" in en and "another rounding rule, 1;" in en and "do not reproduce, 1, of which" in en
    assert narrative.study_paragraph(led.iloc[0:0], "en") == ""
    assert CJK.search(narrative.study_paragraph(led, "zh"))


def test_coverage_paragraph_states_the_counts():
    cov = {"printed": 7, "checkable": 3, "checks": 4, "inputs_only": 2, "standalone": 2}
    en = narrative.coverage_paragraph(cov, "en")
    assert en.startswith("The source prints 7 numbers") and "3" in en and "4" in en
    none = narrative.coverage_paragraph({"printed": 2, "checked": 0, "inputs_only": 0, "standalone": 2}, "en")
    assert none.startswith("The source prints 2 numbers (transcribed in data/raw).")


def _claim_row(cid, holds, note=None):
    return {"table": "Text", "verdict": "consistent" if holds else "inconsistent", "ref": "", "row": "",
            "check_id": cid, "holds": holds, "printed": "", "label_text": Text(f"claim {cid}", f"说法 {cid}"),
            "table_text": Text("Text", "正文"), "spec_note": Text(note, f"{note}（中）") if note else None,
            "diagnoses": (), "quantity_msg": Msg.of("quantity.claim"), "reported": "(claim)", "recomputed": ""}


def test_claims_without_a_printed_number_are_counted_apart_from_printed_numbers():
    """Issue 18: the claims of the text that print no number were grouped as one 'printed number' (empty ref),
    so every page counted one number more than it could check, and the worst claim's first row (a true one)
    was listed among the numbers that do not reproduce while the false claims were left out."""
    number = {"table": "Text", "verdict": "consistent", "ref": "text:a:value", "row": "a", "check_id": "n",
              "holds": None, "printed": "8.59", "label_text": Text("a"), "table_text": Text("Text", "正文"),
              "spec_note": None, "diagnoses": (), "quantity_msg": Msg.of("quantity.growth"),
              "reported": "8.59", "recomputed": "8.58571"}
    led = pd.DataFrame([number, _claim_row("true_one", True), _claim_row("false_one", False, "506 -> 850"),
                        _claim_row("false_two", False)])
    en = narrative.table_paragraph(led, "Text", "en")
    # 1 printed number (the cell text:a:value), 3 claims of which 2 do not hold: counted by hand from the rows
    assert en.startswith("Text: 1 printed number checked; all 1 reproduce. 3 claims of the text checked")
    assert "2 do not hold" in en and "claim false_one" in en and "506 -> 850" in en and "claim false_two" in en
    assert "claim true_one" not in en and "(claim)" not in en
    zh = narrative.table_paragraph(led, "Text", "zh")
    assert "共核查 1 个印刷数值" in zh and "其中 2 条不成立" in zh and "说法 false_one" in zh and "506 -> 850（中）" in zh
    assert "说法 true_one" not in zh and "（说法）" not in zh


def test_a_table_of_claims_only_counts_no_printed_number():
    led = pd.DataFrame([_claim_row("c1", True), _claim_row("c2", True)])
    assert narrative.table_paragraph(led, "Text", "en") == \
        "Text: 2 claims of the text checked against the printed numbers; all hold."
