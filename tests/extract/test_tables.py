"""Tables found by their caption, with their header lines broken anywhere by the text extraction."""
from analysis.extract.tables import Table, find_tables, leaf_labels, top
from tests.extract.conftest import FIXTURES


def test_tables_of_the_chinese_fixture_with_their_rows():
    lines = (FIXTURES / "zh_paper.txt").read_text(encoding="utf-8").splitlines()
    tables = find_tables(lines)
    assert [(t.location, t.caption_line, len(t.rows)) for t in tables] == \
        [("\u8868 1", 14, 4), ("\u8868 2", 27, 4), ("\u8868 3", 35, 3), ("\u8868 4", 41, 1)]


def test_a_two_level_header_broken_over_lines():
    """Zigong's Table 1 form: "年份 样本量 年龄" / "性别" / "病程" / "男 女" over n, mean ± SD, two counts, mean ± SD."""
    t = Table("T1", 1, [(2, ["year", "n", "age"]), (3, ["sex"]), (4, ["duration"]), (5, ["male", "female"])])
    assert leaf_labels(t, 5, ["int", "msd", "int", "int", "msd"]) == ["n", "age", "sex/male", "sex/female", "duration"]
    t3 = Table("T3", 1, [(2, ["year", "visits", "admissions"]), (3, ["referrals"]), (4, ["down", "up"])])
    assert leaf_labels(t3, 4, ["int"] * 4) == ["visits", "admissions", "referrals/down", "referrals/up"]
    assert leaf_labels(Table("T", 1, [(2, ["a", "b", "c"])]), 7, ["int"] * 7)[0] == "#1"
    assert top("sex/male") == "sex"


def test_the_english_caption_and_the_chinese_one_are_one_table():
    lines = ["Table 1. Ages", "\u8868 1. \u5e74\u9f84", "Group n Age", "A 10 5.0 \u00b1 1.0", "B 10 4.0 \u00b1 1.0",
             "t 2.236", "P 0.038", "2. Discussion"]
    [t] = find_tables(lines)
    assert t.location == "Table 1" and len(t.rows) == 4 and t.last_line == 7


def test_a_three_level_header_printed_line_by_line():
    """Zigong's Table 2 form (our words): visits, admissions and referrals over city/district/county, the
    referrals' levels over down/up, one line per level as the text extraction prints them."""
    t = Table("T2", 1, [(2, ["year"]), (3, ["visits", "admissions", "referrals"]),
                        (4, ["city", "district", "county", "city", "district", "county"]),
                        (5, ["city", "district", "county"]), (6, ["down", "up"] * 3)])
    labels = leaf_labels(t, 12, ["int"] * 12)
    assert labels[:4] == ["visits/city", "visits/district", "visits/county", "admissions/city"]
    assert labels[6:8] == ["referrals/city/down", "referrals/city/up"] and labels[-1] == "referrals/county/up"
