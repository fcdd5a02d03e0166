"""Both table layouts turned into audit rows: the test follows the column's content, every inference is named.

Known answers: the printed numbers of the synthetic fixture; the expected statistics were computed in R 4.2.2
(pooled t from summaries, chisq.test(correct = FALSE)) and are checked by the audit in test_paper.py."""
from analysis.extract.layouts import statistic_names, table_rows, column_test
from analysis.extract.tables import find_tables
from tests.extract.conftest import FIXTURES


def _rows(n):
    lines = (FIXTURES / "zh_paper.txt").read_text(encoding="utf-8").splitlines()
    return table_rows(find_tables(lines)[n])


def test_a_mixed_statistic_row_is_read_by_each_column_content():
    t_age, chi2_sex, t_duration = [r for r in _rows(0) if r.kind != "sum"]
    assert (t_age.kind, t_age.values["value"], t_age.values["n1"], t_age.values["n2"]) == \
        ("t_from_summaries", "-0.911", "60", "58")
    assert (chi2_sex.kind, [chi2_sex.values[k] for k in "abcd"]) == ("chi2_from_counts", ["28", "32", "26", "32"])
    assert t_duration.values["p"] == "0.195"
    assert all("read as" in " ".join(m.id + str(m.params) for m in r.inferred) or r.inferred for r in (t_age, chi2_sex))


def test_levels_are_summed_against_the_sample_size():
    sums = [r for r in _rows(0) if r.kind == "sum"]
    assert [(r.values["parts"], r.values["target"]) for r in sums] == [("28+32", "60"), ("26+32", "58")]


def test_a_t_row_with_a_bound_and_the_typographic_minus():
    rows = _rows(1)
    assert [(r.values["value"], r.values["p"]) for r in rows] == [("-3.619", "<0.001"), ("-3.598", "<0.001"),
                                                                  ("0.808", "0.042")]


def test_a_growth_row_under_two_periods():
    rows = _rows(2)
    assert [(r.kind, r.values["before"], r.values["after"], r.values["target"]) for r in rows] == \
        [("growth", "1250", "1530", "22.40"), ("growth", "310", "372", "21.00")]


def test_variables_in_rows_with_n_percent_cells():
    rows = _rows(3)
    assert [(r.kind, r.values.get("part"), r.values.get("whole"), r.values.get("target")) for r in rows[:2]] == \
        [("share", "45", "60", "75.00"), ("share", "30", "58", "51.72")]
    chi = rows[2]
    assert [chi.values[k] for k in "abcd"] == ["45", "15", "30", "28"]
    assert [m.id for m in chi.inferred][-1] == "extract.inferred.counts_from_n"


def test_a_heading_that_names_the_other_test_leaves_the_column_unchecked():
    assert statistic_names("\u03c72/t") == {"\u03c72", "t"} and statistic_names("P") == set()
    test, reason, _ = column_test("msd", 2, "\u03c72")
    assert test is None and reason.id == "extract.reason.label_mismatch"
    assert column_test("counts", 2, "t")[1].id == "extract.reason.label_mismatch"
    assert column_test("msd", 3, "F")[0] == "F"


def test_m_sd_table_in_english():
    lines = (FIXTURES / "en_apa.txt").read_text(encoding="utf-8").splitlines()
    rows = table_rows(find_tables(lines)[0])
    assert [(r.kind, r.values["m1"], r.values["s1"], r.values["n1"], r.values["value"], r.values["p"]) for r in rows] \
        == [("t_from_summaries", "12.4", "3.1", "40", "-2.435", ".017"),
            ("t_from_summaries", "8.1", "2.0", "40", "-1.702", ".093")]
