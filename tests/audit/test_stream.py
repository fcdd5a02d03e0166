"""The table is read in chunks with the same refusals, lines and cells as when it was read whole.

Reference: Python's ``csv.reader`` over the whole decoded file (what the audit did before it streamed) for the
cells, and the line of the first bad byte counted by hand for the errors.
"""
import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.audit import stream
from analysis.audit.run import run
from analysis.audit.stream import open_table, scan, unneutralised
from analysis.audit.table import AuditOptions
from analysis.core.errors import InputError


def test_scan_counts_newlines_and_allows_a_byte_order_mark(tmp_path):
    p = tmp_path / "t.csv"
    p.write_bytes(b"\xef\xbb\xbfkind,p\nshare,1\n\n")
    assert scan(p) == 3


@pytest.mark.parametrize("block", [4, 7, 1 << 20])
@pytest.mark.parametrize("content,line,message", [
    (b"kind\nshare\n\xff\n", 3, "not a UTF-8 text file (line 3)"),
    (b"kind\nsh\xc3\xa9re\nx\xc3\n", 3, "not a UTF-8 text file (line 3)"),  # a character cut at the end
    (b"kind\nshare\ns\x00\n", 3, "line 3: contains NUL bytes"),
    (b"kind\n\x00\n\xff\n", 3, "not a UTF-8 text file (line 3)"),  # both: the encoding is reported
])
def test_scan_names_the_line_of_the_first_bad_byte_in_any_block_size(tmp_path, monkeypatch, block, content, line,
                                                                     message):
    monkeypatch.setattr(stream, "BLOCK", block)
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        scan(p)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "a", "1.5", "x,y", 'q"q', "'=.03", "'+1", "é", " 2 ", "a\nb"]),
                         min_size=0, max_size=4), max_size=30),
       st.integers(1, 7))
def test_chunks_are_the_rows_csv_reader_reads_padded_without_blank_lines(tmp_path_factory, rows, size):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["kind", "b", "c", "d"])
    w.writerows(rows)
    p = tmp_path_factory.mktemp("t") / "t.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    expected = [r + [""] * (4 - len(r)) for r in csv.reader(io.StringIO(buf.getvalue()))][1:]
    expected = [[unneutralised(c) for c in r] for r in expected if r and "".join(r).strip()]
    table = open_table(p)
    got = [list(r) for chunk in table.chunks(size) for r in zip(*chunk)]
    assert table.header == ["kind", "b", "c", "d"] and got == expected
    assert all(len(chunk[0]) <= size for chunk in open_table(p).chunks(size))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "a", "1.5", "'=.03", "'+1", "é", " 2 ", "  "]), min_size=0,
                         max_size=6), max_size=30),
       st.integers(1, 7), st.sampled_from(["\n", "\r\n", "\r"]), st.sampled_from(["", "\n", "x" * 200]))
def test_blocks_read_as_chunks_do_with_the_same_errors(tmp_path_factory, rows, size, end, tail):
    # issue 21: workers read their own lines (a table without a double quote): the same rows, the same refusals
    text = end.join(["kind,b,c,d"] + [",".join(r) for r in rows]) + end + tail
    p = tmp_path_factory.mktemp("t") / "t.csv"
    p.write_bytes(text.encode("utf-8"))
    by_chunks, by_blocks = [], []  # the rows, or the error that stops the audit (the rows before it are dropped)
    try:
        for chunk in open_table(p).chunks(size):
            by_chunks += list(zip(*chunk))
    except InputError as exc:
        by_chunks = [str(exc)]
    table = open_table(p)
    assert not table.quoted
    try:
        for block in table.blocks(size):
            columns = stream.block_columns(block)
            by_blocks += list(zip(*columns)) if columns else []
    except InputError as exc:
        by_blocks = [str(exc)]
    assert by_blocks == by_chunks


def test_a_table_with_a_double_quote_is_read_by_chunks_only(tmp_path):
    p = tmp_path / "q.csv"
    p.write_text('kind,b\nshare,"a\nb"\n', encoding="utf-8")
    table = open_table(p)
    assert table.quoted and stream.scan_table(p) == (3, True)
    with pytest.raises(ValueError, match="read by chunks"):
        next(table.blocks(10))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_malformed_late_line_stops_the_audit_and_leaves_the_last_outputs(tmp_path, jobs):
    import multiprocessing
    src = tmp_path / "big.csv"
    good = "share,76,147,51.70\n" * 25_000
    src.write_text("kind,part,whole,target\n" + good + "share,1,2,3,4,5\n")
    out, page = tmp_path / "out.csv", tmp_path / "out.html"
    out.write_text("last good output\n")
    page.write_text("last good page\n")
    with pytest.raises(InputError, match="line 25002: 6 fields, the header has 4"):
        run(str(src), str(out), AuditOptions(), str(page), quiet=True, chunk=10_000, jobs=jobs)
    assert out.read_text() == "last good output\n" and page.read_text() == "last good page\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "out.csv", "out.html"]
    assert not multiprocessing.active_children()  # the workers were stopped


@pytest.mark.parametrize("content,message", [
    (b"", "line 1: empty"), (b"a,b\n", "no 'kind' column"), (b"kind,x,x\n", "duplicated column(s) x"),
    (b'kind,"x\n', "line 1: not valid CSV"),
])
def test_a_bad_header_is_refused_naming_line_1(tmp_path, content, message):
    p = tmp_path / "h.csv"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        open_table(p)


def test_only_the_audits_own_prefix_is_taken_back():
    assert unneutralised("'=.03") == "=.03" and unneutralised("'-x") == "-x"
    assert unneutralised("'quoted'") == "'quoted'" and unneutralised("'") == "'"
