"""The vocabularies in words: every verdict, category and severity in English and Chinese (from the catalogue),
joined for a bilingual page; the languages a page shows."""
import re

import pytest

from analysis.core.vocab import Category, Severity, Verdict
from analysis.text import labels

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("member", [*Verdict, *Category, *Severity], ids=str)
def test_every_member_has_english_and_chinese_words(member):
    en, zh = labels.term(member, "en"), labels.term(member, "zh")
    assert en.strip() and not CJK.search(en) and CJK.search(zh)
    assert labels.term(member, "both") == f"{en} / {zh}"


def test_the_words_are_the_ones_a_reader_knows():
    # the README's legend and the glossary's renderings
    assert labels.term(Verdict.INCONSISTENT_CONCLUSION, "en") == "does not reproduce; the significance decision changes"
    assert labels.term(Category.TYPOGRAPHICAL_ERROR, "zh") == "排印错误"
    assert labels.term(Severity.MATERIAL, "both") == "material / 实质性"


def test_short_words_for_badges():
    assert labels.short_term("inconsistent_conclusion", "en") == "flips a significance decision"  # a number's verdict, not a severity
    assert labels.short_term("consistent", "both") == "reproduces / 可重现"
    assert {labels.short_term(v.value, "en") for v in Verdict} == {
        "reproduces", "other rounding rule", "does not reproduce", "flips a significance decision", "cannot be checked",
        "cannot be decided"}


def test_langs_and_localized():
    assert labels.langs("both") == ["en", "zh"] and labels.langs("zh") == ["zh"] and labels.langs("en") == ["en"]
    assert labels.localized("label.findings", "both") == [("en", "Findings"), ("zh", "发现")]
    assert labels.localized("label.findings", "zh") == [("zh", "发现")]
