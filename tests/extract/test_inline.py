"""Tests printed in sentences, APA and Chinese; side by side with statcheck 1.4.0 on an English text.

The statcheck comparison runs ``Rscript`` with Debian's r-cran-statcheck when both are installed, and is skipped
with one line otherwise. Every result statcheck extracts from ``fixtures/en_apa.txt`` must be extracted too, with
the same ``error`` and ``decision_error``, except where the README documents a difference ("From a paper's
text to its checks", beside those of "Auditing your own table"):
a sentence that says the test was one-tailed makes its results one-tailed (``tails`` 1); statcheck's
``OneTailedTxt`` is off by default and, when on, applies to the whole text.
"""
import csv
import io
import shutil
import subprocess

import pytest

from analysis.audit.table import AuditOptions, audit_rows
from analysis.extract.inline import group_sizes, inline_rows
from analysis.extract.paper import extract
from analysis.extract.rows import to_record
from analysis.extract.source import read_source
from analysis.extract.stream import prose_stream
from tests.extract.conftest import FIXTURES


def _rows(*lines):
    return inline_rows(prose_stream(list(lines), []))


@pytest.mark.parametrize("text, expected", [
    ("t(58) = 2.14, p = .037", {"statistic": "t", "df2": "58", "value": "2.14", "p": ".037"}),
    ("F(2, 87) = 4.31, p = .016", {"statistic": "F", "df1": "2", "df2": "87", "value": "4.31", "p": ".016"}),
    ("\u03c72(1, N = 200) = 3.84, p = .050", {"statistic": "chi2", "df1": "1", "value": "3.84", "p": ".050"}),
    ("r(98) = .21, p = .036", {"statistic": "r", "df2": "98", "value": ".21", "p": ".036"}),
    ("z = 2.50, p = .012", {"statistic": "z", "value": "2.50", "p": ".012"}),
    ("\u4e24\u7ec4(n=40, n=40)\u6bd4\u8f83\uff0ct=4.498\uff0cP\uff1c0.001", {"statistic": "t", "df2": "78", "p": "<0.001"}),
    ("\u4e24\u7ec4(n=40, n=40)\uff0c\u03c7\u00b2=6.02\uff0cP=0.014", {"statistic": "chi2", "df1": "1", "p": "0.014"}),
    ("\u4e24\u7ec4(n=40, n=40)\uff0cx2=3.10\uff0cP=0.078", {"statistic": "chi2", "value": "3.10"}),
    ("\u4e24\u7ec4(n=40, n=40)\uff0ct\u503c\u4e3a2.31\uff0cP\u503c\u4e3a0.023", {"value": "2.31", "p": "0.023"}),
    ("\u4e09\u7ec4(n=40, n=40, n=40)\uff0cF=5.12\uff0cP=0.007", {"statistic": "F", "df1": "2", "df2": "117"}),
])
def test_every_printed_form(text, expected):
    [row] = _rows(text)
    assert row.status == "checkable"
    assert {k: row.values.get(k) for k in expected} == expected


def test_a_df_that_cannot_be_inferred_or_a_missing_p_is_unchecked():
    [row] = _rows("t=2.05, P=0.04")
    assert row.reason.id == "extract.reason.no_df"
    [row] = _rows("t(20) = 2.05")
    assert row.reason.id == "extract.reason.no_p"
    assert group_sizes("(n = 40) and 38 \u4f8b") == ["40", "38"]


def test_one_tailed_in_the_sentence():
    [row] = _rows("As predicted, t(40) = 1.80, p = .040 (one-tailed).")
    assert row.values["tails"] == "1" and [m.id for m in row.inferred] == ["extract.inferred.one_tailed"]


def _statcheck(path):
    if not shutil.which("Rscript"):
        pytest.skip("Rscript is not installed: the statcheck comparison needs R and r-cran-statcheck")
    script = ('suppressMessages(library(statcheck)); txt <- paste(readLines(commandArgs(TRUE)[1], encoding = "UTF-8"),'
              ' collapse = " "); res <- statcheck(txt, messages = FALSE); write.csv(res[, c("test_type", "df1", '
              '"df2", "test_value", "reported_p", "error", "decision_error")], stdout(), row.names = FALSE)')
    done = subprocess.run(["Rscript", "-e", script, str(path)], capture_output=True, text=True, timeout=120)
    if done.returncode != 0 and "statcheck" in done.stderr:
        pytest.skip("R package statcheck is not installed (apt-get install r-cran-statcheck)")
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_every_result_statcheck_finds_is_extracted_with_its_error_and_decision_error():
    path = FIXTURES / "en_apa.txt"
    theirs = _statcheck(path)
    assert len(theirs) == 8
    ours = audit_rows([to_record(r) for r in extract(read_source(path)).rows if r.kind == "p_from_statistic"],
                      AuditOptions(p_equal_alpha="significant"))  # statcheck's pEqualAlphaSig = TRUE
    kinds = {"t": "t", "F": "F", "Chi2": "chi2", "r": "r", "Z": "z"}
    unmatched = list(ours)
    agree = differ = 0
    for s in theirs:
        match = next(o for o in unmatched if o["statistic"] == kinds[s["test_type"]]
                     and float(o["value"]) == float(s["test_value"]) and float(o["p"]) == float(s["reported_p"]))
        unmatched.remove(match)
        same = (match["error"], match["decision_error"]) == (s["error"].lower(), s["decision_error"].lower())
        if match["tails"] == "1":  # documented: one-tailed per sentence; statcheck's OneTailedTxt is off
            assert not same and match["error"] == "false"
            differ += 1
        else:
            assert same, (s, match)
            agree += 1
    assert (agree, differ) == (7, 1)


from hypothesis import given, strategies as st  # noqa: E402


@given(df=st.integers(1, 999), value=st.decimals("0.01", "99.99", places=2), p=st.decimals("0.001", "0.999", places=3),
       form=st.sampled_from(["t({df}) = {v}, p = {p}", "t({df})={v}, P={p}", "t = {v} (df = {df}); p = {p}"]))
def test_any_printed_t_is_read_back_as_printed(df, value, p, form):
    text = "Scores differed, " + form.format(df=df, v=value, p=p) + "."
    rows = _rows(text)
    if "(df" in form:  # a df printed after the value is not APA: the df is not read, and the row says why
        assert rows[0].reason is not None
        return
    [row] = rows
    assert (row.values["value"], row.values["df2"], row.values["p"]) == (str(value), str(df), str(p))
