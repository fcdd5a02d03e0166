"""Atomic writes: the whole file or none, readable by all, no temporary file left."""
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.outputs import atomic_write, csv_lines


def test_text_and_bytes_are_written_whole_with_their_folder(tmp_path):
    atomic_write(tmp_path / "a" / "b" / "t.csv", "x,y\n1,é\n")
    assert (tmp_path / "a" / "b" / "t.csv").read_bytes() == "x,y\n1,é\n".encode("utf-8")
    atomic_write(tmp_path / "p.png", b"\x89PNG")
    assert (tmp_path / "p.png").read_bytes() == b"\x89PNG"
    assert (tmp_path / "p.png").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("last good\n")
    with pytest.raises(TypeError):
        atomic_write(target, 42)  # neither text nor bytes
    assert target.read_text() == "last good\n"
    assert sorted(os.listdir(tmp_path)) == ["t.csv"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "a", "1.5", "x,y", 'q"q', "a\nb", "\r", " ", "é", "'=x", ",", '"']),
                         min_size=3, max_size=3), max_size=8), st.integers(1, 3))
def test_csv_lines_is_what_csv_writer_writes(rows, width):
    """Reference: Python's csv.writer with lineterminator "\\n" (minimal quoting)."""
    import csv
    import io
    rows = [r[:width] for r in rows]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    assert csv_lines([tuple(c) for c in zip(*rows)] if rows else [()] * width) == buf.getvalue()
