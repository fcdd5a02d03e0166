"""Running the audit on a file: outputs written whole or not at all, verdict counts, the command's options."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.audit.run import command, neutralise, neutralised, run
from analysis.audit.table import OUTPUT_COLUMNS, AuditOptions
from analysis.core.config import current
from analysis.core.errors import InputError

EXAMPLE = current().root / "examples" / "audit_example.csv"


def test_reauditing_an_output_replaces_its_output_columns(tmp_path):
    once, twice = tmp_path / "once.csv", tmp_path / "twice.csv"
    run(str(EXAMPLE), str(once), AuditOptions())
    run(str(once), str(twice), AuditOptions())
    assert once.read_text() == twice.read_text()


def test_bad_rows_do_not_stop_the_rest(tmp_path):
    src = tmp_path / "mixed.csv"
    src.write_text("kind,statistic,value,df2,p\np_from_statistic,t,2.20,28,.06\nbogus,,,,\n"
                   "p_from_statistic,t,x,28,.06\np_from_statistic,t,2.20,28,.036\n", encoding="utf-8")
    counts = run(str(src), str(tmp_path / "out.csv"), AuditOptions())
    assert counts == {"inconsistent_conclusion": 1, "invalid": 2, "consistent": 1}
    header = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == ["kind", "statistic", "value", "df2", "p", *OUTPUT_COLUMNS]


def test_the_page_is_written_only_when_asked_for(tmp_path):
    run(str(EXAMPLE), str(tmp_path / "out.csv"), AuditOptions())
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    run(str(EXAMPLE), str(tmp_path / "out2.csv"), AuditOptions(), str(tmp_path / "out.html"))
    assert (tmp_path / "out.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_unknown_rounding_rule_writes_nothing(tmp_path):
    with pytest.raises(InputError, match="unknown rounding rule 'bankers'"):
        run(str(EXAMPLE), str(tmp_path / "out.csv"), AuditOptions(rounding="bankers"))
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kwargs,message", [({"alpha": 1.0}, "--alpha must lie in"), ({"alpha": 0}, "--alpha"),
                                            ({"tolerance": 1.0}, "--tolerance must lie in"),
                                            ({"input_path": None}, "usage")])
def test_command_refuses_bad_options(tmp_path, kwargs, message):
    args = {"input_path": str(EXAMPLE), "output": str(tmp_path / "o.csv"), **kwargs}
    with pytest.raises(InputError, match=message):
        command(args.pop("input_path"), args.pop("output"), **args)
    assert not (tmp_path / "o.csv").exists()


def test_command_prints_one_line_of_counts(tmp_path, capsys):
    assert command(str(EXAMPLE), str(tmp_path / "o.csv")) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "audited 21 rows" in out[0] and "2 invalid" in out[0]


def test_command_lists_the_kinds(capsys):
    assert command(None, None, kinds=True) == 0
    text = capsys.readouterr().out
    assert "p_from_statistic" in text and "grimmer" in text


# ---------------------------------------------------------------- issue 19: the audit safe and careful
def test_cells_a_spreadsheet_would_run_are_neutralised_and_read_back(tmp_path):
    # OWASP (CSV injection): a cell beginning = + - @ (or a tab, a carriage return) is written with a leading '
    src = tmp_path / "in.csv"
    src.write_text('label,kind,before,after,target\n=HYPERLINK("http://x"),growth,100,110,10.00\n'
                   "+1+cmd,growth,100,110,10.00\n@SUM(A1),growth,100,110,10.00\n-2+3,growth,100,90,-10.00\n"
                   "\tTAB,growth,100,110,10.00\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    run(str(src), str(out), AuditOptions())
    import csv
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["label"] for r in rows] == ["'=HYPERLINK(\"http://x\")", "'+1+cmd", "'@SUM(A1)", "'-2+3", "'\tTAB"]
    assert rows[3]["target"] == "-10.00" and rows[3]["low"].startswith("-")  # plain numbers, ours and theirs, as they are
    again = tmp_path / "again.csv"
    run(str(out), str(again), AuditOptions())  # the audit reads its own output back without the '
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", "-2.5", "+3", "-.5", "1e5", "-1E-3", "-", "+", "-x", "=1", "@a", "\t1", "\r",
                                 "-2.5\x1f-x", "-2\n", "-inf", "nan", "a-b", "'=x", "٣", "-٣", "0.5", "<.001", "~3",
                                 ">9", "?", "A", "z = 1", "-2.5e+3", "+-5", "--1", "-1.", "\x1f", ",", "<", "@"]),
                max_size=12))
def test_a_column_is_neutralised_as_each_of_its_cells(column):
    assert list(neutralised(column)) == [neutralise(c) for c in column]


@pytest.mark.parametrize("case", ["output-is-input", "html-is-output", "html-is-input", "output-is-a-folder",
                                  "output-is-a-device", "no-such-folder", "output-links-to-input"])
def test_outputs_that_would_destroy_something_are_refused_naming_the_users_path(tmp_path, case):
    src = tmp_path / "in.csv"
    src.write_bytes(EXAMPLE.read_bytes())
    before = src.read_bytes()
    out, html = str(tmp_path / "out.csv"), None
    said = {"output-is-input": "-o is the input file: the audit never overwrites its input",
            "html-is-output": "--html and -o name the same file",
            "html-is-input": "--html is the input file", "output-is-a-folder": "-o names a folder",
            "output-is-a-device": "-o names a device or a pipe, not a regular file",
            "no-such-folder": "-o: the folder it names does not exist",
            "output-links-to-input": "-o is the input file"}[case]
    if case == "output-is-input":
        out = str(src)
    elif case == "html-is-output":
        html = out
    elif case == "html-is-input":
        html = str(src)
    elif case == "output-is-a-folder":
        out = str(tmp_path)
    elif case == "output-is-a-device":
        out = "/dev/null"
    elif case == "no-such-folder":
        out = str(tmp_path / "nowhere" / "out.csv")
    elif case == "output-links-to-input":
        (tmp_path / "link.csv").symlink_to(src)
        out = str(tmp_path / "link.csv")
    with pytest.raises(InputError) as caught:
        run(str(src), out, AuditOptions(), html)
    message = str(caught.value)
    assert message.startswith((html if case.startswith("html") else out) + ": ") and said in message, message
    assert ".tmp" not in message
    assert src.read_bytes() == before
    import stat
    assert stat.S_ISCHR(__import__("os").stat("/dev/null").st_mode)  # the device is still a device


@pytest.mark.parametrize("failing", ["mkstemp", "replace"])
def test_an_unwritable_folder_is_named_by_the_users_path(tmp_path, monkeypatch, failing):
    # the temporary file cannot be made, or cannot be renamed into place: the error names the user's path
    import analysis.core.outputs as outputs

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / ".out.csv.x1y2.tmp"))
    monkeypatch.setattr(outputs.tempfile if failing == "mkstemp" else outputs.os, failing, refuse)
    with pytest.raises(InputError, match=r"out\.csv: cannot be written: Permission denied$") as caught:
        run(str(EXAMPLE), str(tmp_path / "out.csv"), AuditOptions())
    assert ".tmp" not in str(caught.value)
    assert not list(tmp_path.iterdir())  # nothing left behind


def test_the_time_is_linear_in_the_number_of_columns(tmp_path, monkeypatch):
    # issue 19: a 100,000-column header took 67 s (a quadratic check for duplicated names, header.count per
    # column). Counted, not timed: the check counts the header once (collections.Counter), whatever its width
    import collections

    from analysis.audit import table
    seen = []
    real = collections.Counter

    def counter(items):
        seen.append(len(items))
        return real(items)
    monkeypatch.setattr(collections, "Counter", counter)
    wide = ["kind", *[f"c{i}" for i in range(20_000)]]
    src = tmp_path / "wide.csv"
    src.write_text(",".join(wide) + "\n" + ",".join(["growth"] + [""] * 20_000) + "\n", encoding="utf-8")
    header, rows = table.iter_table(src)
    assert seen == [20_001] and len(header) == 20_001 and len(list(rows)) == 1
    dup = tmp_path / "dup.csv"
    dup.write_text("kind,a,b,a\ngrowth,1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"duplicated column\(s\) a"):
        table.iter_table(dup)


def test_progress_is_shown_on_a_terminal_only_and_never_with_quiet(tmp_path, monkeypatch):
    import io

    import analysis.audit.run as audit_run

    class Tty(io.StringIO):
        def isatty(self):
            return True
    from analysis.audit.stream import scan
    lines = scan(EXAMPLE)
    monkeypatch.setattr(audit_run.sys, "stderr", Tty())
    shown = audit_run._progress(lines, quiet=False)
    assert type(shown).__name__ == "tqdm" and shown.total == 21  # the example's rows
    assert audit_run._progress(lines, quiet=True) is None
    monkeypatch.setattr(audit_run.sys, "stderr", io.StringIO())  # a pipe or a file: silent
    assert audit_run._progress(lines, quiet=False) is None


def test_a_5000_digit_value_is_refused_in_words(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("kind,statistic,value,df2,p\np_from_statistic,t," + "9" * 5000 + ",28,.05\n"
                   "p_from_statistic,t,2.20,1" + "0" * 5000 + ",.05\n", encoding="utf-8")
    run(str(src), str(tmp_path / "out.csv"), AuditOptions())
    import csv
    notes = [r["note"] for r in csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8"))]
    assert notes == ["column 'value': a printed number of 5000 characters; at most 60 are read",
                     "column 'df2': a printed number of 5001 characters; at most 60 are read"]


def test_computed_p_has_full_precision(tmp_path):
    # statcheck("We found t(28) = 8.00, p < .001 in the data.")$computed_p: 1.03356743816995e-08 (R's 15 digits);
    # see tests/checks/kinds/results/results_statcheck.py, ISSUE19["tiny_p"]
    from tests.checks.kinds.results.results_statcheck import ISSUE19
    src = tmp_path / "in.csv"
    src.write_text("kind,statistic,value,df2,p\np_from_statistic,t,8.00,28,<.001\n", encoding="utf-8")
    run(str(src), str(tmp_path / "out.csv"), AuditOptions())
    import csv
    row, = csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8"))
    assert float(row["computed_p"]) == pytest.approx(ISSUE19["tiny_p"]["computed_p"], rel=1e-13)
    assert len(row["computed_p"].split("e")[0].replace(".", "")) >= 15


@pytest.mark.parametrize("chunk", [1, 4, 25_000])
def test_the_outputs_are_the_same_bytes_for_any_number_of_workers(tmp_path, chunk):
    # issue 21: chunks audited by worker processes (analysis.core.workers.ordered_map) come back in order
    import multiprocessing
    outs = []
    for jobs in (1, 2, 3):
        out, page = tmp_path / f"out{jobs}.csv", tmp_path / f"out{jobs}.html"
        counts = run(str(EXAMPLE), str(out), AuditOptions(), str(page), quiet=True, chunk=chunk, jobs=jobs)
        outs.append((out.read_bytes(), page.read_bytes(), counts))
    assert outs[0] == outs[1] == outs[2]
    assert outs[0][0] == (current().root / "examples" / "audit_example_out.csv").read_bytes()
    assert not multiprocessing.active_children()


def test_jobs_below_one_are_refused(tmp_path):
    with pytest.raises(InputError, match="--jobs must be at least 1, got 0"):
        run(str(EXAMPLE), str(tmp_path / "out.csv"), AuditOptions(), jobs=0)
    assert not list(tmp_path.iterdir())


def test_workers_reading_their_own_lines_write_the_same_bytes(tmp_path):
    # a table without a double quote is read by the workers themselves (analysis.audit.stream.Table.blocks),
    # blocks of blank lines included (in the middle and at the end: the review found an extra line in the page)
    from analysis.audit.bench import iter_rows, write_rows
    src = tmp_path / "mix.csv"
    write_rows(iter_rows(3_000, seed=11), src)
    lines = src.read_bytes().split(b"\n")
    src.write_bytes(b"\n".join(lines[:1201] + [b""] * 800 + lines[1201:]) + b"\n" * 900)
    assert b'"' not in src.read_bytes()
    outs = []
    for jobs in (1, 2):
        out, page = tmp_path / f"out{jobs}.csv", tmp_path / f"out{jobs}.html"
        run(str(src), str(out), AuditOptions(), str(page), quiet=True, chunk=400, jobs=jobs)
        outs.append((out.read_bytes(), page.read_bytes()))
    assert outs[0] == outs[1] and outs[0][0].count(b"\n") == 3_001
