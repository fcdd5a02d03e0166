"""Reading a source: plain text in UTF-8 or GB18030, or the text layer of a PDF.

A source is read whole into :class:`Source`: its name as given, what it was
(``text`` or ``pdf``), and its lines (1-based ``source_line`` of an extracted
row counts these lines; for a PDF, the lines of the text layer, pages in
order, each page starting on a new line).

Bad input stops with one :class:`~analysis.core.errors.InputError` naming the
file and the reason, before anything is written:

* an empty file, or one with nothing but white space;
* a binary file (NUL bytes, or mostly control characters);
* a PDF that cannot be read, is encrypted, or has no text layer (a scan);
* text in an encoding that is neither UTF-8 nor GB18030 (UTF-16, Latin-1...).

GB18030 decodes many byte strings that are not Chinese at all (``é`` followed
by a letter in Latin-1 is a valid two-byte GB18030 character), so a text that
is not UTF-8 is accepted as GB18030 only if at least 95% of its multi-byte
characters are in the GB2312 block of common characters (lead and trail bytes
0xA1 to 0xFE), as Chinese text is.

>>> text = "\\u7ed3\\u679c t=2.31, P=0.023\\n"
>>> src = from_bytes(text.encode("gb18030"), "a.txt")
>>> src.kind, src.encoding, src.lines == [text.strip()]
('text', 'gb18030', True)
>>> from_bytes(b"", "empty.txt")
Traceback (most recent call last):
...
analysis.core.errors.InputError: empty.txt: empty file: no text to extract from
"""
from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from analysis.core.errors import InputError, read_input

__all__ = ["Source", "read_source", "from_bytes", "SUFFIXES"]

SUFFIXES = (".txt", ".text", ".md", ".pdf")
"""The file names :func:`analysis.extract.corpus` looks for under a folder."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Source:
    """A source as read.

    Attributes
    ----------
    name : str
        The file as named on the command line (never made absolute).
    kind : {"text", "pdf"}
    encoding : str
        ``utf-8`` or ``gb18030`` for text; ``pdf`` for a PDF's text layer.
    lines : list of str
        The text, one line per item, without line ends.
    """

    name: str
    kind: str
    encoding: str
    lines: list[str]

    @property
    def text(self) -> str:
        """The whole text, lines joined by ``\\n``."""
        return "\n".join(self.lines)


def _gb2312_share(raw: bytes) -> float:
    """Share of the multi-byte characters of ``raw`` (read as GB18030) that lie in the GB2312 block."""
    multi = common = 0
    i, n = 0, len(raw)
    while i < n:
        b = raw[i]
        if b < 0x80:
            i += 1
            continue
        if i + 1 < n and 0x30 <= raw[i + 1] <= 0x39:  # a four-byte sequence
            multi += 1
            i += 4
            continue
        multi += 1
        if 0xA1 <= b <= 0xFE and i + 1 < n and 0xA1 <= raw[i + 1] <= 0xFE:
            common += 1
        i += 2
    return 1.0 if not multi else common / multi


def _decode(raw: bytes, shown: str) -> tuple[str, str]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("encoding is UTF-16, not UTF-8 or GB18030: save the text as UTF-8", file=shown)
    if b"\x00" in raw:
        raise InputError("binary file (contains NUL bytes): not a text or PDF source", file=shown)
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is None or _gb2312_share(raw) < 0.95:
        raise InputError("encoding is neither UTF-8 nor GB18030: save the text as UTF-8", file=shown)
    return text, "gb18030"


def _radicals(text: str) -> str:
    """A PDF's Kangxi radicals and CJK compatibility ideographs as the characters they stand for (a font's
    glyph names map some common characters to them: U+2F50 for U+6BD4)."""
    return "".join(unicodedata.normalize("NFKC", c) if "\u2e80" <= c <= "\u2fdf" or "\uf900" <= c <= "\ufaff"
                   else c for c in text)


def _pdf_lines(raw: bytes, shown: str) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise InputError("encrypted PDF: no text layer can be read", file=shown)
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise InputError(f"not a readable PDF ({type(exc).__name__})", file=shown) from None
    lines = [_radicals(line.rstrip()) for page in pages for line in page.splitlines()]
    if not any(line.strip() for line in lines):
        raise InputError("PDF without a text layer (a scanned image?): nothing to extract; "
                         "run OCR on it first", file=shown)
    return lines


def from_bytes(raw: bytes, shown: str) -> Source:
    """A source from its bytes; ``shown`` names it in messages."""
    if not raw.strip():
        raise InputError("empty file: no text to extract from", file=shown)
    if raw.startswith(b"%PDF-"):
        return Source(shown, "pdf", "pdf", _pdf_lines(raw, shown))
    text, encoding = _decode(raw, shown)
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(_CONTROL.findall(body))
    if controls > max(8, len(body) // 100):
        raise InputError("binary file (mostly control characters): not a text or PDF source", file=shown)
    if not body.strip():
        raise InputError("empty file: no text to extract from", file=shown)
    lines = body.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Source(shown, "text", encoding, lines)


def read_source(path: Path | str) -> Source:
    """Read a source file (text or PDF); an :class:`InputError` naming it for bad input."""
    return from_bytes(read_input(path, "a source file"), str(path))
