"""The narrative from the ledger's facts: every note in Chinese, nothing translated from English."""
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
