"""Generated narrative: the counts it states are the ledger's, in English and in Chinese."""
import re

import pandas as pd
import pytest

from analysis.core.config import current
from analysis.text import narrative

CJK = re.compile(r"[\u4e00-\u9fff]")
RANK = {"consistent": 0, "consistent_if_rounding": 1, "inconsistent": 2, "inconsistent_conclusion": 3}


@pytest.fixture(scope="module")
def zigong():
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False)
    return led[led.study == "zigong_hf_alliance"]


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
    assert zh.startswith(f"{narrative.table_name(table, 'zh')}：共核查 {n} 个印刷数值")
    assert narrative.table_paragraph(zigong, table, "both") == en + "\n\n" + zh


def test_a_table_that_reproduces_says_so():
    led = pd.DataFrame([{"table": "Table 2", "verdict": "consistent", "label": "a", "column": "c", "ref": "t:1:c",
                         "quantity": "growth rate (%)", "reported": "8.59", "recomputed": "8.58571", "note": "",
                         "rule": "half_up", "row": "r"}])
    assert narrative.table_paragraph(led, "Table 2", "en") == "Table 2: 1 printed number checked; all 1 reproduce."


def test_study_paragraph_counts_each_number_once_with_its_worst_verdict():
    led = pd.DataFrame({"verdict": ["consistent", "inconsistent_conclusion", "inconsistent", "consistent_if_rounding"],
                        "ref": ["a", "b", "b", "c"]})
    en = narrative.study_paragraph(led, "en")
    assert "reproduce, 1;" in en and "another rounding rule, 1;" in en and "do not reproduce, 1, of which" in en
    assert narrative.study_paragraph(led.iloc[0:0], "en") == ""
    assert CJK.search(narrative.study_paragraph(led, "zh"))


def test_table_names_in_both_languages():
    assert narrative.table_name("Table 2", "zh") == "表2" and narrative.table_name("Text", "zh") == "正文"
    assert narrative.table_name("Text", "en") == "Text"


def test_coverage_paragraph_states_the_counts():
    cov = {"printed": 7, "checkable": 3, "checks": 4, "inputs_only": 2, "standalone": 2}
    en = narrative.coverage_paragraph(cov, "en")
    assert en.startswith("The source prints 7 numbers") and "3" in en and "4" in en
    none = narrative.coverage_paragraph({"printed": 2, "checked": 0, "inputs_only": 0, "standalone": 2}, "en")
    assert none.startswith("The source prints 2 numbers (transcribed in data/raw).")
