"""Report labels: every label in English and Chinese, joined for a bilingual page."""
import re

import pytest

from analysis.text import labels

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("table", [labels.LABELS, labels.SHORT], ids=["labels", "short"])
def test_every_label_has_english_and_chinese(table):
    for key, (en, zh) in table.items():
        assert en.strip() and not CJK.search(en), key
        assert CJK.search(zh), key


def test_say_and_short_label_in_each_language():
    assert labels.say("findings", "zh") == "发现" and labels.say("printed", "both") == "printed / 印刷值"
    assert labels.short_label("inconsistent_conclusion", "en") == "changes a conclusion"
    assert labels.short_label("consistent", "both") == "reproduces / 可重现"
    assert set(labels.SHORT) == {"consistent", "consistent_if_rounding", "inconsistent", "inconsistent_conclusion",
                                 "invalid"}


def test_langs_and_localized():
    assert labels.langs("both") == ["en", "zh"] and labels.langs("zh") == ["zh"]
    key = next(iter(labels.LABELS))
    assert labels.localized(key, "both") == [("en", labels.LABELS[key][0]), ("zh", labels.LABELS[key][1])]
