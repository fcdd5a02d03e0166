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
from pathlib import Path
from typing import Iterator

from analysis.core.errors import InputError, open_input

__all__ = ["Table", "open_table", "scan", "unneutralised", "BLOCK", "FORMULA_START"]

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
    shown = str(path)
    lines, done, nul, carry = 0, 0, None, b""
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
            lines, done = lines + head.count(b"\n"), done + len(head)
            if not block:
                break
            block = fh.read(BLOCK)
    if nul is not None:
        raise InputError(f"line {nul}: contains NUL bytes: not a CSV table", file=shown)
    return lines


def _newlines(path, end: int) -> int:
    """Newlines among the first ``end`` bytes of the file. (A decoding error's offset counts from after a
    byte-order mark, and the lines before it were counted over the file's bytes with the mark, when the file
    was read whole: the same count, so the same line.)"""
    with open(path, "rb") as fh:
        return sum(fh.read(min(BLOCK, end - i)).count(b"\n") for i in range(0, end, BLOCK))


@dataclass
class Table:
    """An open CSV table: its header (stripped names), its number of newlines, and its reader."""

    header: list
    lines: int
    path: str
    _reader: object
    _file: object

    def chunks(self, size: int) -> Iterator[list[tuple[str, ...]]]:
        """The data rows, ``size`` at a time, as columns (one tuple of cells per header column, blank lines
        left out, short rows padded); a malformed line is an :class:`InputError` naming it. Closes the file at
        the end."""
        width, reader = len(self.header), self._reader
        try:
            while True:
                rows = []
                try:
                    for fields in reader:
                        if not (fields and (fields[0].strip() or "".join(fields).strip())):
                            continue  # a blank line
                        if len(fields) > width:
                            raise InputError(f"line {reader.line_num}: {len(fields)} fields, the header has {width}",
                                             file=self.path)
                        rows.append(fields + [""] * (width - len(fields)) if len(fields) < width else fields)
                        if len(rows) == size:
                            break
                except csv.Error as exc:
                    raise InputError(f"line {reader.line_num}: not valid CSV: {exc}", file=self.path) from None
                if not rows:
                    return
                yield [_unquote(c) for c in zip(*rows)]
        finally:
            self._file.close()


def _unquote(column: tuple[str, ...]) -> tuple[str, ...]:
    """Cells written with a leading ``'`` read back without it (a column is looked at cell by cell only when one
    of its cells holds a ``'``)."""
    if "'" not in "\x1f".join(column):
        return column
    return tuple(unneutralised(c) for c in column)


def open_table(path: Path | str) -> Table:
    """Scan a CSV file (:func:`scan`), read and check its header, and return it ready to be read in chunks."""
    shown = str(path)
    lines = scan(path)
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
    return Table(header, lines, shown, reader, fh)
