"""The audit command: the README's example (verdicts and their sources in ``results/results_table.py``), one row
in and one out, bad rows, malformed files, same engine."""
import csv
import io
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.audit.table import OUTPUT_COLUMNS, AuditOptions, audit_row, audit_rows, read_table
from analysis.checks.engine import Operand, Options, evaluate
from analysis.core.config import current
from tests.audit.results import results_table as ref

EXAMPLE = current().root / "examples" / "audit_example.csv"


EXPECTED = current().root / "examples" / "audit_example_out.csv"


def process(*args):
    """``python -m analysis audit ARGS`` as a process of its own."""
    return subprocess.run([sys.executable, "-m", "analysis", "audit", *map(str, args)], cwd=current().root,
                          capture_output=True, text=True, timeout=300)


def cli(*args):
    """``python -m analysis audit ARGS`` in this process (the same ``main``; the README example runs as a
    process of its own in the first test)."""
    import contextlib

    from analysis import cli as command_line
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = command_line.main(["audit", *map(str, args)])
        except SystemExit as exc:  # argparse rejecting an option exits, as the process would
            status = exc.code
    return subprocess.CompletedProcess(args, status, out.getvalue(), err.getvalue())


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


BAD = [
    ({"kind": "nonsense"}, "unknown kind 'nonsense'"),
    ({"kind": ""}, "column 'kind' is empty"),
    ({"kind": "growth", "before": "10"}, "growth needs column(s) after, target"),
    ({"kind": "p_from_statistic", "value": "2.2", "df2": "28", "p": ".03"}, "needs column(s) statistic"),
    ({"kind": "p_from_statistic", "statistic": "t", "value": "two", "df2": "28", "p": ".03"}, "column 'value'"),
    ({"kind": "p_from_statistic", "statistic": "t", "value": "2.2", "df2": "28", "p": "1.2"}, "column 'p': a p-value must lie in [0, 1]"),
    ({"kind": "p_from_statistic", "statistic": "t", "value": "2.2", "df2": "28", "p": "-.2"}, "column 'p'"),
    ({"kind": "grim", "mean": "3.1", "n": "0", "percent": "false"}, "column 'n': n must be > 0"),
    ({"kind": "grim", "mean": "3.1", "n": "-4", "percent": "false"}, "column 'n'"),
    ({"kind": "grimmer", "mean": "3.1", "sd": "-1.1", "n": "20"}, "column 'sd': an SD cannot be negative"),
    ({"kind": "t_from_summaries", "m1": "5", "s1": "-1", "n1": "10", "m2": "4", "s2": "1", "n2": "10",
      "value": "2.2", "p": ".04"}, "column 's1': an SD cannot be negative"),
    ({"kind": "t_from_summaries", "m1": "5", "s1": "1", "n1": "0", "m2": "4", "s2": "1", "n2": "10",
      "value": "2.2", "p": ".04"}, "column 'n1': n1 must be > 0"),
    ({"kind": "chi2_from_counts", "table": "1 2; 3", "value": "2.2", "p": ".04"}, "column 'table'"),
    ({"kind": "p_from_statistic", "statistic": "t", "value": "2.2", "df2": "28", "p": ".03", "alpha": "1.5"}, "column 'alpha'"),
    ({"kind": "p_from_statistic", "statistic": "t", "value": "2.2", "df2": "28", "p": ".03", "tails": "3"}, "tails must be 1 or 2"),
    ({"kind": "growth", "before": "10", "after": "12", "target": "20", "exact": "before nonsense"}, "column 'exact'"),
]


def test_readme_example_runs_and_its_output_is_as_documented(tmp_path):
    out, page = tmp_path / "out.csv", tmp_path / "out.html"
    r = process(EXAMPLE, "-o", out, "--html", page)
    assert r.returncode == 0, r.stderr
    assert out.read_text(encoding="utf-8") == EXPECTED.read_text(encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html and "https://" not in html  # self-contained
    assert "✗!" in html and "✓" in html and "?" in html  # Verdict.symbol: legible without colour
    assert str(tmp_path) not in html


def test_example_verdicts_with_their_references():
    got = {r["label"]: r for r in rows_of(EXPECTED.read_text(encoding="utf-8"))}
    assert set(got) == set(ref.EXAMPLE)
    for label, (verdict, computed_p) in ref.EXAMPLE.items():
        assert got[label]["verdict"] == verdict, label
        if computed_p is not None:
            assert float(got[label]["computed_p"]) == pytest.approx(computed_p, rel=1e-5), label
    assert got["statcheck's example: a decision error"]["decision_error"] == "true"
    assert got["an error that keeps its decision at alpha = .10"]["decision_error"] == "false"
    assert got["a value that is not a number"]["note"] == "column 'value': not a printed number: '2.2O'"
    assert list(got["an unknown kind"])[:2] == ["label", "kind"]  # input columns first, as given


def test_one_row_in_one_row_out_in_order():
    header, rows = read_table(EXAMPLE)
    out = audit_rows(rows, AuditOptions())
    assert [r["label"] for r in out] == [r["label"] for r in rows]
    assert all(set(OUTPUT_COLUMNS) <= set(r) for r in out)
    for before, after in zip(rows, out):
        assert all(after[k] == v for k, v in before.items())  # printed values untouched (trailing zeros too)


@pytest.mark.parametrize("rec,reason", BAD, ids=[b[1][:30] for b in BAD])
def test_bad_rows_are_invalid_with_their_reason(rec, reason):
    res = audit_row(rec, AuditOptions())
    assert res["verdict"] == "invalid"
    assert reason in res["note"]


@pytest.mark.parametrize("content,message", [
    (b"a,b\n1,2\n", "line 1: no 'kind' column"),
    (b"", "line 1: empty"),
    (b"kind,p\np_from_statistic,.03,extra\n", "line 2: 3 fields, the header has 2"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe", "not a UTF-8 text file"),
    (b"kind,p\n\"p_from_statistic,.03\n", "not valid CSV"),
    (b"kind,kind\ngrowth,growth\n", "duplicated column"),
])
def test_malformed_file_stops_naming_file_and_line_and_writes_nothing(tmp_path, content, message):
    src = tmp_path / "bad.csv"
    src.write_bytes(content)
    out = tmp_path / "out.csv"
    out.write_text("last good output\n")
    r = cli(src, "-o", out, "--html", tmp_path / "out.html")
    assert r.returncode == 2
    assert message in r.stderr and "bad.csv" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert out.read_text() == "last good output\n"  # the last good output is intact
    assert not (tmp_path / "out.html").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left


def test_missing_file_and_bad_options_exit_2(tmp_path):
    assert "file not found" in cli(tmp_path / "none.csv", "-o", tmp_path / "o.csv").stderr
    assert cli(EXAMPLE, "-o", tmp_path / "o.csv", "--alpha", "1.5").returncode == 2
    assert cli(EXAMPLE, "-o", tmp_path / "o.csv", "--rounding", "bankers").returncode == 2


def test_options_change_verdicts_as_documented():
    t = {"kind": "p_from_statistic", "statistic": "t", "value": "2.20", "df2": "28", "p": ".05"}
    assert audit_row(t, AuditOptions())["decision_error"] == "true"  # p = .05 not significant, .036 is
    assert audit_row(t, AuditOptions(p_equal_alpha="significant"))["decision_error"] == "false"
    assert audit_row({**t, "p": ".06", "alpha": "0.01"}, AuditOptions())["decision_error"] == "false"
    # --rounding names the rule: 2.341 printed 2.35 reproduces only under ceiling rounding ("up")
    g = {"kind": "restated", "value": "2.341", "target": "2.35", "exact": "all"}
    assert audit_row(g, AuditOptions())["verdict"] == "inconsistent"
    assert audit_row(g, AuditOptions(rounding="up"))["verdict"] == "consistent"
    # GRIM-type kinds default to up_or_down; a rule on the command line replaces it
    grim = {"kind": "grim", "mean": "6.77", "n": "27", "percent": "false"}
    assert audit_row(grim, AuditOptions())["rule"] == "truncate"
    assert audit_row(grim, AuditOptions(rounding="truncate"))["verdict"] == "consistent"


def test_every_auditable_kind_is_covered_by_the_example_or_a_test():
    example_kinds = {r["kind"] for r in rows_of(EXPECTED.read_text(encoding="utf-8"))}
    tested_here = {"restated", "decline", "ratio", "relative_change", "chi2_table"}
    from analysis.audit.table import AUDIT_KINDS
    assert set(AUDIT_KINDS) <= example_kinds | tested_here


@pytest.mark.parametrize("rec,verdict", [
    ({"kind": "decline", "before": "100", "after": "84.7", "target": "15.3", "exact": "all"}, "consistent"),
    ({"kind": "ratio", "numerator": "5719", "denominator": "4000", "target": "142.98"}, "consistent"),
    ({"kind": "relative_change", "a": "29.63", "b": "17.78", "target": "40.0"}, "consistent"),  # 39.99
    ({"kind": "chi2_table", "table": "10 20 30; 20 20 20", "value": "5.33", "p": ".069"}, "consistent"),  # 16/3
])
def test_other_kinds(rec, verdict):
    assert audit_row(rec, AuditOptions())["verdict"] == verdict


def test_audit_and_ledger_share_the_engine():
    """A few of the compendium's own printed numbers, audited as a user's table, get the engine's verdicts
    (the verdicts the compendium's ledger gives them: Zigong Table 2 growth 24.64 inconsistent, a digit slip;
    Table 1 chi-square 0.031 / 0.860 consistent; Table 1 age t 1.332 / 0.185 changes the conclusion)."""
    opts = Options()
    cases = [
        ({"kind": "growth", "before": "1331", "after": "1792", "target": "24.64", "exact": "all"},
         evaluate("growth", {"before": Operand.of("1331", exact=True), "after": Operand.of("1792", exact=True)},
                  {"target": "24.64"}, opts), "inconsistent"),
        ({"kind": "chi2_from_counts", "a": "186", "b": "126", "c": "279", "d": "194", "value": "0.031", "p": "0.860"},
         evaluate("chi2_from_counts", {k: Operand.of(v, exact=True) for k, v in zip("abcd", ["186", "126", "279", "194"])},
                  {"statistic": "0.031", "p": "0.860"}, opts), "consistent"),
        ({"kind": "t_from_summaries", "m1": "69.66", "s1": "5.98", "n1": "312", "m2": "68.18", "s2": "6.55",
          "n2": "437", "value": "1.332", "p": "0.185"},
         evaluate("t_from_summaries", {"m1": Operand.of("69.66"), "s1": Operand.of("5.98"), "n1": Operand.of("312", exact=True),
                                       "m2": Operand.of("68.18"), "s2": Operand.of("6.55"), "n2": Operand.of("437", exact=True)},
                  {"statistic": "1.332", "p": "0.185"}, opts), "inconsistent_conclusion"),
    ]
    from analysis.core.vocab import Verdict
    for rec, outs, ledger_verdict in cases:
        row = audit_row(rec, AuditOptions())
        assert row["verdict"] == Verdict.worst(o.verdict for o in outs).value == ledger_verdict
        assert [p.split(" ")[0] for p in row["note"].split(" | ")][: len(outs)] == \
            ([o.part or o.target for o in outs] if len(outs) > 1 else [row["note"].split(" ")[0]])


@settings(max_examples=200, deadline=None)
@given(st.integers(100, 99999), st.integers(100, 99999), st.integers(0, 2), st.integers(-3, 3),
       st.sampled_from(["growth", "ratio"]))
def test_verdict_never_improves_when_an_input_interval_shrinks(before, after, d, slip, kind):
    """Printing an input with one more decimal (a trailing zero: same value, narrower interval) can only
    keep or worsen the verdict; exact inputs (counts) are the narrowest of all. (``share`` is left out: its
    inputs are counts by declaration, and with rounded inputs a part's interval can pass its whole's, which
    the kind reports as an impossible value.)"""
    names = {"growth": ("before", "after"), "share": ("whole", "part"), "ratio": ("denominator", "numerator")}[kind]
    b, a = Decimal(before).scaleb(-d), Decimal(after).scaleb(-d)
    value = {"growth": 100 * (a - b) / b, "share": 100 * a / b, "ratio": 100 * a / b}[kind]
    target = f"{value.quantize(Decimal('0.01')) + Decimal(slip) / 100:f}"
    rank = {"consistent": 0, "consistent_if_rounding": 1, "inconsistent": 2, "inconsistent_conclusion": 3}
    wide = audit_row({"kind": kind, names[0]: f"{b:f}", names[1]: f"{a:f}", "target": target, "exact": "none"},
                     AuditOptions())
    narrow = audit_row({"kind": kind, names[0]: f"{b:f}" + ("0" if d else ".0"), names[1]: f"{a:f}" + ("0" if d else ".0"),
                        "target": target, "exact": "none"}, AuditOptions())
    exact = audit_row({"kind": kind, names[0]: f"{b:f}", names[1]: f"{a:f}", "target": target, "exact": "all"},
                      AuditOptions())
    assert rank[narrow["verdict"]] >= rank[wide["verdict"]]
    assert rank[exact["verdict"]] >= rank[narrow["verdict"]]


@settings(max_examples=100, deadline=None)
@given(st.floats(0.3, 4.0), st.integers(5, 200), st.floats(0.001, 0.6), st.integers(1, 3))
def test_p_verdict_never_improves_when_the_statistic_has_more_decimals(t, df, p, dp):
    rank = {"consistent": 0, "consistent_if_rounding": 1, "inconsistent": 2, "inconsistent_conclusion": 3}
    rec = {"kind": "p_from_statistic", "statistic": "t", "df2": str(df), "p": f"{p:.{dp}f}"}
    wide = audit_row({**rec, "value": f"{t:.2f}"}, AuditOptions())
    narrow = audit_row({**rec, "value": f"{t:.2f}0"}, AuditOptions())
    assert rank[narrow["verdict"]] >= rank[wide["verdict"]]
