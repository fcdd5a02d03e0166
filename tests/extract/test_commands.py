"""The commands: extract then audit (the issue's path), check-paper's page, and bad input that writes nothing."""
import csv

import pytest

from analysis import cli
from tests.extract.conftest import FIXTURES


def run(capsys, *args):
    status = cli.main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_extract_then_audit(tmp_path, capsys):
    rows, audited = tmp_path / "rows.csv", tmp_path / "out.csv"
    status, out, _ = run(capsys, "extract", str(FIXTURES / "en_apa.txt"), "-o", str(rows))
    assert status == 0 and "12 rows" in out
    assert run(capsys, "audit", str(rows), "-o", str(audited))[0] == 0
    got = {r["id"]: r["verdict"] for r in csv.DictReader(open(audited, encoding="utf-8"))}
    assert got["L9.1"] == "inconsistent_conclusion" and got["L5.1"] == "consistent"


def test_check_paper_writes_the_page_and_the_audited_rows(tmp_path, capsys):
    page, table = tmp_path / "r.html", tmp_path / "r.csv"
    status, out, _ = run(capsys, "check-paper", str(FIXTURES / "zh_paper.txt"), "--html", str(page), "-o", str(table))
    assert status == 0 and "2 finding(s)" in out
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "verdict" in next(csv.reader(open(table, encoding="utf-8")))


@pytest.mark.parametrize("content, reason", [(b"", "empty file"), (b"\x00\x00", "binary file"),
                                             ("caf\u00e9 r".encode("latin-1"), "neither UTF-8 nor GB18030")])
def test_bad_input_is_one_line_exit_2_and_leaves_earlier_outputs(tmp_path, capsys, content, reason):
    src, rows, page = tmp_path / "paper.txt", tmp_path / "rows.csv", tmp_path / "page.html"
    src.write_bytes(content)
    rows.write_text("earlier\n")
    page.write_text("earlier\n")
    for args in (["extract", str(src), "-o", str(rows)], ["check-paper", str(src), "--html", str(page)]):
        status, _, err = run(capsys, *args)
        assert status == 2 and err.count("\n") == 1 and err.startswith(f"error: {src}: ") and reason in err
    assert rows.read_text() == "earlier\n" and page.read_text() == "earlier\n"
