"""A user's CSV read in chunks of rows, so the audit's memory does not grow with the table.

:func:`open_table` first reads the file once as bytes, a block at a time (:func:`scan`): it must be UTF-8
(a byte-order mark is allowed) without NUL bytes, and a file that is not stops with one line naming the file
and the line, before anything is audited; the same pass counts the lines (for the progress bar). Then the
header is read and checked (a ``kind`` column, no duplicated name), and :meth:`Table.chunks` yields the
rows as lists of cells (as printed: a cell the audit wrote with a leading ``'`` against formula injection is
read back without it), padded to the header's width; a malformed line (more fields than the header, bad
quoting) stops the iteration with an :class:`~analysis.core.errors.InputError` naming its line, so a caller
that puts its outputs in place only after the last chunk leaves nothing half-written.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
>>> _ = p.write_bytes(b"\\xef\\xbb\\xbfkind,p\\np_from_statistic,'=.03\\n\\ngrowth\\n")
>>> t = open_table(p); t.header, t.lines, list(t.chunks(1))
(['kind', 'p'], 4, [[('p_from_statistic',), ('=.03',)], [('growth',), ('',)]])
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Iterator

from analysis.core.errors import InputError, open_input

__all__ = ["Table", "Block", "open_table", "scan", "scan_table", "block_columns", "unneutralised", "BLOCK",
           "FORMULA_START"]

BLOCK = 1 << 20
"""Bytes read at a time by :func:`scan`."""
_BOM = b"\xef\xbb\xbf"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, CSV injection): the audit writes such a cell after a
``'``, and reads it back without."""


def unneutralised(cell: str) -> str:
    """A cell the audit wrote with a leading ``'`` against formula injection, read back as it was."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_START else cell


def scan(path: Path | str) -> int:
    """Check that a file is UTF-8 text without NUL bytes, a block at a time; return its number of newlines.

    An error names the line: the first undecodable byte's, else the first NUL's (a file with both is
    reported for its encoding, as when it was read whole).
    """
    return scan_table(path)[0]


def scan_table(path: Path | str) -> tuple[int, bool]:
    """:func:`scan`, and whether the file holds a double quote (``"``)."""
    shown = str(path)
    lines, done, nul, carry, quoted = 0, 0, None, b"", False
    with open_input(path, "a CSV file") as fh:
        block = fh.read(BLOCK)
        if block.startswith(_BOM):
            block = block[len(_BOM):]
        while True:
            data = carry + block
            cut = data.rfind(b"\n") + 1 if block else len(data)  # a newline never falls inside a UTF-8 character
            head, carry = data[:cut], data[cut:]
            try:
                head.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = _newlines(path, done + exc.start) + 1
                raise InputError(f"not a UTF-8 text file (line {line}): not a CSV table", file=shown) from None
            if nul is None and b"\x00" in head:
                nul = lines + head[:head.index(b"\x00")].count(b"\n") + 1
            quoted = quoted or b'"' in head
            lines, done = lines + head.count(b"\n"), done + len(head)
            if not block:
                break
            block = fh.read(BLOCK)
    if nul is not None:
        raise InputError(f"line {nul}: contains NUL bytes: not a CSV table", file=shown)
    return lines, quoted


def _newlines(path, end: int) -> int:
    """Newlines among the first ``end`` bytes of the file. (A decoding error's offset counts from after a
    byte-order mark, and the lines before it were counted over the file's bytes with the mark, when the file
    was read whole: the same count, so the same line.)"""
    with open(path, "rb") as fh:
        return sum(fh.read(min(BLOCK, end - i)).count(b"\n") for i in range(0, end, BLOCK))


@dataclass
class Table:
    """An open CSV table: its header (stripped names), its number of newlines, whether it holds a double quote
    (a quoted cell may span lines), and its reader."""

    header: list
    lines: int
    path: str
    _reader: object
    _file: object
    quoted: bool = True

    def chunks(self, size: int) -> Iterator[list[tuple[str, ...]]]:
        """The data rows, ``size`` at a time, as columns (one tuple of cells per header column, blank lines
        left out, short rows padded); a malformed line is an :class:`InputError` naming it. Closes the file at
        the end."""
        try:
            while True:
                rows = _rows(self._reader, len(self.header), self.path, size)
                if not rows:
                    return
                yield _columns(rows)
        finally:
            self._file.close()

    def blocks(self, size: int) -> Iterator[Block]:
        """The data lines, ``size`` at a time, unread (:func:`block_columns` reads a block as :meth:`chunks` reads
        its rows): only for a table without a double quote, whose every line is one row. Closes the file at the
        end."""
        if self.quoted:
            raise ValueError("a table with a double quote is read by chunks: a quoted cell may span lines")
        try:
            before = self._reader.line_num
            while True:
                lines = list(islice(self._file, size))
                if not lines:
                    return
                yield Block(self.path, len(self.header), before, lines)
                before += len(lines)
        finally:
            self._file.close()


@dataclass(frozen=True)
class Block:
    """Lines of a table as read from the file (newlines kept), ``before`` lines after its start."""

    path: str
    width: int
    before: int
    lines: list


def block_columns(block: Block) -> list[tuple[str, ...]] | None:
    """A block's rows as columns, exactly as :meth:`Table.chunks` gives them (the same reading, the same error
    naming the same line), or None for a block of blank lines."""
    rows = _rows(csv.reader(block.lines, strict=True), block.width, block.path, len(block.lines) + 1, block.before)
    return _columns(rows) if rows else None


def _rows(reader, width: int, path: str, size: int, before: int = 0) -> list[list[str]]:
    """Up to ``size`` rows from a CSV reader (blank lines left out, short rows padded to ``width``); a line with
    more fields than the header, or not valid CSV, is an :class:`InputError` naming it (``before`` lines precede
    the reader's first)."""
    rows = []
    try:
        for fields in reader:
            if not (fields and (fields[0].strip() or "".join(fields).strip())):
                continue  # a blank line
            if len(fields) > width:
                raise InputError(f"line {before + reader.line_num}: {len(fields)} fields, the header has {width}",
                                 file=path)
            rows.append(fields + [""] * (width - len(fields)) if len(fields) < width else fields)
            if len(rows) == size:
                break
    except csv.Error as exc:
        raise InputError(f"line {before + reader.line_num}: not valid CSV: {exc}", file=path) from None
    return rows


def _columns(rows: list[list[str]]) -> list[tuple[str, ...]]:
    """Rows as columns, each cell the audit neutralised read back as it was (:func:`_unquote`)."""
    return [_unquote(c) for c in zip(*rows)]


def _unquote(column: tuple[str, ...]) -> tuple[str, ...]:
    """Cells written with a leading ``'`` read back without it (a column is looked at cell by cell only when one
    of its cells holds a ``'``)."""
    if "'" not in "\x1f".join(column):
        return column
    return tuple(unneutralised(c) for c in column)


def open_table(path: Path | str) -> Table:
    """Scan a CSV file (:func:`scan`), read and check its header, and return it ready to be read in chunks."""
    shown = str(path)
    lines, quoted = scan_table(path)
    fh = open(path, encoding="utf-8-sig", newline="")
    reader = csv.reader(fh, strict=True)
    try:
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise InputError(f"line {reader.line_num}: not valid CSV: {exc}", file=shown) from None
        if not header or not any(h.strip() for h in header):
            raise InputError("line 1: empty: a CSV table with a header row is expected", file=shown)
        header = [h.strip() for h in header]
        if "kind" not in header:
            raise InputError(f"line 1: no 'kind' column in the header ({', '.join(header[:8])})", file=shown)
        from collections import Counter
        dupes = sorted(h for h, n in Counter(header).items() if n > 1 and h)  # linear in the number of columns
        if dupes:
            raise InputError(f"line 1: duplicated column(s) {', '.join(dupes)}", file=shown)
    except BaseException:
        fh.close()
        raise
    return Table(header, lines, shown, reader, fh, quoted)
