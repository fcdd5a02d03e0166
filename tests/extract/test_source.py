"""Reading a source: UTF-8, GB18030, a PDF's text layer; every kind of bad input is one line, naming the file."""
import io

import pytest
from pypdf import PdfWriter

from analysis.core.errors import InputError
from analysis.extract.source import from_bytes, read_source
from tests.extract.conftest import FIXTURES

ZH = "\u8868 1. \u4e24\u7ec4\u6bd4\u8f83\nt=2.31, P=0.023\n"  # 表 1. 两组比较


def test_utf8_and_gb18030_read_the_same_lines():
    a, b = from_bytes(ZH.encode("utf-8"), "a.txt"), from_bytes(ZH.encode("gb18030"), "b.txt")
    assert a.lines == b.lines == ZH.splitlines()
    assert (a.encoding, b.encoding) == ("utf-8", "gb18030")


def test_crlf_and_bom_are_read_as_lines():
    assert from_bytes(b"\xef\xbb\xbfa\r\nb\r\n", "x.txt").lines == ["a", "b"]


@pytest.mark.parametrize("raw, reason", [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (b"\x00\x01\x02binary", "binary file"),
    ("t = 2.1".encode("utf-16"), "UTF-16"),
    ("R\u00e9sultats: t = 2.20, p = .03 \u00e9t\u00e9".encode("latin-1"), "neither UTF-8 nor GB18030"),
    (bytes(range(1, 32)) * 20, "binary file"),
])
def test_bad_input_is_one_line_naming_the_file(raw, reason):
    with pytest.raises(InputError) as err:
        from_bytes(raw, "paper.txt")
    text = str(err.value)
    assert text.startswith("paper.txt: ") and reason in text and "\n" not in text


def test_a_pdf_without_a_text_layer_is_refused():
    w = PdfWriter()
    w.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    w.write(buf)
    with pytest.raises(InputError, match="scan.pdf: PDF without a text layer"):
        from_bytes(buf.getvalue(), "scan.pdf")


def test_a_broken_pdf_is_refused():
    with pytest.raises(InputError, match="broken.pdf: not a readable PDF"):
        from_bytes(b"%PDF-1.4\nnot really a pdf", "broken.pdf")


def test_a_pdf_text_layer_is_read_line_by_line_with_its_chinese_repaired():
    """tables.pdf: tables_pdf.html printed by headless Chromium (Noto Sans CJK); its font maps U+6BD4 to the
    Kangxi radical U+2F50, which the reader repairs."""
    src = read_source(FIXTURES / "tables.pdf")
    assert src.kind == "pdf"
    assert src.lines[0] == "\u8868 1. \u4e24\u7ec4\u6bd4\u8f83\uff08\u5408\u6210\u793a\u4f8b\uff09"
    assert "\u7532\u7ec4 60 61.20 \u00b1 7.40" in src.lines and "t \u22120.911" in src.lines


def test_missing_and_folder_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_source(tmp_path / "none.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_source(tmp_path)
