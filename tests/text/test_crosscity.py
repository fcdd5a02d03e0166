"""The cross-city prose: every passage in both languages."""
import re

from analysis.text.crosscity import TXT, say

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_passage_has_english_and_chinese():
    for key, (en, zh) in TXT.items():
        assert en.strip() and not CJK.search(en), key
        assert CJK.search(zh) and len(zh) > 10, key


def test_say_joins_both_languages_as_paragraphs():
    key = next(iter(TXT))
    en, zh = TXT[key]
    assert say(key, "en") == en and say(key, "zh") == zh and say(key, "both") == en + "\n\n" + zh
