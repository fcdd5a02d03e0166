"""The cross-city tables in words: identifiers of the coding by name in the page's language, never as ids."""
import pandas as pd

from analysis.crosscity.words import table, worded, worded_text, words
from analysis.data import coding


def test_every_identifier_of_the_coding_has_a_name_in_both_languages():
    vocab = words()
    ids = (set(coding.load("codebook")["mechanism"]) | set(coding.load("elements")["element"])
           | set(coding.load("sites")["site"]) | set(coding.VALUES))
    assert ids <= set(vocab)
    assert all(vocab[i].en and vocab[i].zh and "_" not in vocab[i].en for i in ids)


def test_a_frame_in_words_shows_names_keeps_the_language_of_its_twins_and_lists():
    df = pd.DataFrame({"site": ["zigong"], "name": ["Zigong"], "name_zh": ["自贡"],
                       "mechanisms": ["two_way_referral; remote_consultation"], "value": ["not_reported"]})
    en, zh = worded(df, "en"), worded(df, "zh")
    assert list(en.columns) == ["site", "name", "mechanisms", "value"] and list(zh.columns) == ["site", "name_zh",
                                                                                                "mechanisms", "value"]
    assert en.loc[0, "site"] == "Zigong" and zh.loc[0, "site"] == "自贡"
    assert en.loc[0, "mechanisms"] == "two-way referral channel; remote consultation"
    assert en.loc[0, "value"] == "not reported" and zh.loc[0, "value"] == "未报告"
    assert worded(df, "both").loc[0, "site"] == "Zigong / 自贡"


def test_prose_naming_a_mechanism_shows_its_name_in_quotes():
    assert worded_text("that is training_support", "en") == "that is ‘training of primary-care staff’"  # codebook.csv
    assert worded_text("that is training_support", "zh").startswith("that is “")


def test_a_table_is_numbered_with_its_caption():
    class Ctx:
        lang = "en"
    h = table(pd.DataFrame({"site": ["zigong"]}), "sites", Ctx())
    assert '<span class="num" id="table-sites">' in h and "The sites compared" in h and ">Zigong<" in h
