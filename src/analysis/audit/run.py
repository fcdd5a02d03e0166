"""``python -m analysis audit``: a user's table of printed results audited and written, as CSV and as a page.

The CSV and the HTML are written only when both are complete
(:func:`analysis.core.outputs.atomic_write`), so an earlier output stays intact
when a line of the input is malformed. Before anything is read, the output paths are checked: never the
input itself, never one file for both outputs, never a folder or a device (which a rename would replace
with a regular file), always in a folder that exists and can be written; each refusal names the user's path.

Cells that a spreadsheet would read as a formula (those beginning ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return, unless they are plain numbers such as ``-2.5``) are written with a leading ``'``, as
OWASP recommends against CSV injection (:func:`neutralise`); the audit reads such a cell back without it.

A long input shows a progress bar on stderr (tqdm), only when stderr is a terminal and ``--quiet`` is
not given, and only once the audit has run for a second.

>>> neutralise("=HYPERLINK(1)"), neutralise("-2.5"), neutralise("@SUM(A1)"), neutralise("p < .05")
("'=HYPERLINK(1)", '-2.5', "'@SUM(A1)", 'p < .05')
"""
from __future__ import annotations

import csv
import gc
import itertools
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from contextlib import closing, contextmanager
from functools import lru_cache
from pathlib import Path

from analysis.audit.columns import audit_chunk, audit_chunk_per_row
from analysis.audit.html import PAGE_TAIL, page_head, row_html
from analysis.audit.stream import FORMULA_START, Block, block_columns, open_table
from analysis.audit.table import OUTPUT_COLUMNS, AuditOptions, kinds_help, output_columns
from analysis.core.errors import InputError
from analysis.core.outputs import atomic_files, csv_lines
from analysis.core.rounding import DEFAULT_TOLERANCE, RULES
from analysis.core.workers import ordered_map, usable_cpus

__all__ = ["run", "command", "neutralise", "neutralised", "FORMULA_START", "CHUNK"]

_UNSIGNED_NUMBER = r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
_PLAIN_NUMBER = re.compile(rf"[+-]?{_UNSIGNED_NUMBER}")
_NOT_SIGNS = frozenset(FORMULA_START) - {"+", "-"}
_SIGNED_NOT_NUMBER = re.compile(rf"\x1f[+-](?!{_UNSIGNED_NUMBER}\x1f)")
"""In a column's cells joined and enclosed by \\x1f: a cell that begins with a sign and is not a plain number."""
CHUNK = 25_000
"""Rows read, audited and written at a time (25,000: 3% less CPU than 10,000 on the benchmark's 100,000 rows, the
per-kind and per-chunk overheads spread wider; 1,000,000 rows in under 300 MiB)."""


def neutralise(cell: str) -> str:
    """A cell a spreadsheet could run as a formula, prefixed with ``'``; a plain number (``-2.5``) as it is."""
    if cell.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _check_outputs(input_path: str, output: str, html_path: str | None) -> None:
    """Refuse, naming the user's path, an output that would overwrite the input, the other output, a folder
    or a device, or that lies in a folder that does not exist or cannot be written."""
    given = [("-o", output)] + ([("--html", html_path)] if html_path else [])
    inp = Path(input_path)
    for flag, out in given:
        path = Path(out)
        if path.exists():
            if path.is_dir():
                raise InputError(f"{flag} names a folder: name a file to write", file=out)
            if not path.is_file():
                raise InputError(f"{flag} names a device or a pipe, not a regular file: the audit would replace it "
                                 "with a file; name a file to write", file=out)
            if inp.exists() and os.path.samefile(path, inp):
                raise InputError(f"{flag} is the input file: the audit never overwrites its input; name another "
                                 "file", file=out)
        folder = path.absolute().parent
        if not folder.is_dir():
            raise InputError(f"{flag}: the folder it names does not exist", file=out)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(f"{flag}: its folder is not writable", file=out)
    if html_path and Path(html_path).absolute().resolve() == Path(output).absolute().resolve():
        raise InputError("--html and -o name the same file: the page would replace the CSV; name two files",
                         file=html_path)


def _progress(lines: int, quiet: bool):
    """A progress bar on stderr over ``lines`` rows when it is a terminal and not ``quiet`` (tqdm, after 1 s),
    advanced a chunk at a time; None otherwise."""
    if quiet or not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    return tqdm(total=max(lines - 1, 0), unit=" rows", file=sys.stderr, delay=1.0, mininterval=0.5, leave=False)


def neutralised(column: tuple | list) -> tuple | list:
    """A column of output cells with :func:`neutralise` applied, looking cell by cell only at a column where
    some cell begins like a formula and is not a plain number (a column of signed numbers is looked at whole).

    A column whose non-empty cells lie, in code-point order, between two texts whose first characters enclose no
    formula character is left at once (every cell's first character lies between theirs): digits and letters,
    the usual cells, do (``min``, ``max`` and the filter run in C, the first characters of every cell in Python).
    """
    filled = list(filter(None, column))
    if not filled or _no_formula_between(min(filled)[0], max(filled)[0]):
        return column
    firsts = {c[:1] for c in column}
    if firsts.isdisjoint(FORMULA_START):
        return column
    if firsts.isdisjoint(_NOT_SIGNS):  # only signs: numbers, unless a cell is not one
        joined = "\x1f" + "\x1f".join(column) + "\x1f"
        if joined.count("\x1f") == len(column) + 1 and not _SIGNED_NOT_NUMBER.search(joined):
            return column
    return list(map(_neutralise, column))


_neutralise = lru_cache(maxsize=1 << 16)(neutralise)  # a column's cells repeat: each distinct one looked at once


@lru_cache(maxsize=1024)
def _no_formula_between(low: str, high: str) -> bool:
    """Whether no character of :data:`FORMULA_START` lies between the characters ``low`` and ``high``."""
    return not any(low <= c <= high for c in FORMULA_START)


@contextmanager
def _collected_between_chunks():
    """The cyclic garbage collector kept out of the audit's way: what exists before is frozen (never scanned
    again), automatic collections are off, and :func:`gc.collect` runs on the young objects after every tenth
    chunk (the audit makes few reference cycles: none was found in the benchmark's 100,000 rows; scanning its
    millions of short-lived objects cost a tenth of its time, and a collection after each chunk still 3%).
    Everything is as it was afterwards."""
    enabled = gc.isenabled()
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        calls = itertools.count(1)
        yield lambda: next(calls) % 10 or gc.collect(1)
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def _chunk_out(task: tuple) -> tuple[bytes, dict[str, int], str]:
    """One chunk audited and written: its CSV lines (UTF-8), its verdict counts, and its page rows (or "").

    ``task`` is ``(header, given, options, keep, cols, html, per_row)``: the chunk's cells as read (or its lines
    unread, a :class:`~analysis.audit.stream.Block`, which are read here the same way), the input columns kept
    (their indices) and the output's columns; what every worker and the one-process path run."""
    header, given, aopts, keep, cols, html, per_row = task
    if isinstance(given, Block):
        given = block_columns(given)
        if given is None:  # blank lines only
            return b"", {}, ""
    res = (audit_chunk_per_row if per_row else audit_chunk)(header, given, aopts)
    out = [given[i] for i in keep] + [res[c] for c in OUTPUT_COLUMNS]
    page = "\n".join(row_html(cols, dict(zip(cols, r))) for r in zip(*out)) if html else ""
    return csv_lines([neutralised(c) for c in out]).encode("utf-8"), dict(Counter(res["verdict"])), page


_TASKS = itertools.count(1)


def _chunk_in_worker(task: tuple) -> tuple[bytes, dict[str, int], str]:
    """:func:`_chunk_out` in a worker process, which collects its young garbage after every tenth chunk (it was
    forked with the collector off, as :func:`_collected_between_chunks` leaves this process)."""
    out = _chunk_out(task)
    if not next(_TASKS) % 10:
        gc.collect(1)
    return out


def run(input_path: str, output: str, aopts: AuditOptions, html_path: str | None = None,
        quiet: bool = False, chunk: int = CHUNK, per_row: bool = False, jobs: int | None = None) -> dict[str, int]:
    """Audit ``input_path`` and write ``output`` (and ``html_path``); return verdict counts.

    The table is read, audited (:func:`analysis.audit.columns.audit_chunk`) and written ``chunk`` rows at a
    time, so memory does not grow with the number of rows: the CSV goes to a temporary file beside
    ``output``, the page's rows to a temporary file until its counts are known. Both are put in place only
    after the last row (:func:`analysis.core.outputs.atomic_files`), so a malformed line anywhere leaves the
    earlier outputs as they were and nothing half-written. ``per_row`` audits every row through the per-row engine
    (:func:`analysis.audit.columns.audit_chunk_per_row`), the reference of the equivalence run
    (:func:`analysis.audit.bench.equivalence`).

    ``jobs`` worker processes (default: one per usable CPU, :func:`~analysis.core.workers.usable_cpus`; never more
    than the table has chunks) audit the chunks while the next ones are read
    (:func:`~analysis.core.workers.ordered_map`); the outputs are the same bytes for any ``jobs``.
    """
    if aopts.rounding is not None and aopts.rounding not in RULES:
        raise InputError(f"unknown rounding rule {aopts.rounding!r}; expected one of {', '.join(RULES)}")
    if jobs is not None and jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {jobs}")
    _check_outputs(input_path, output, html_path)
    table = open_table(input_path)
    header = table.header
    last = {h: i for i, h in enumerate(header)}  # a name given twice (only an empty one can be) keeps its last cell
    keep = [last[h] for h in header if h not in OUTPUT_COLUMNS]
    cols = output_columns(header)
    jobs = max(1, min(jobs or usable_cpus(), -(-max(table.lines - 1, 0) // chunk)))  # a chunk per worker at least
    # workers read their own lines where each line is a row (no double quote): the reading is shared out too
    read = table.blocks(chunk) if jobs > 1 and not table.quoted else table.chunks(chunk)
    tasks = ((header, given, aopts, keep, cols, bool(html_path), per_row) for given in read)
    counts: dict[str, int] = {}
    paths = [output] + ([html_path] if html_path else [])
    bar = None
    try:
        with _collected_between_chunks() as collect, \
                closing(ordered_map(_chunk_in_worker if jobs > 1 else _chunk_out, tasks, jobs)) as done:
            # the workers are forked by the first step, before any output is open: they hold none of its buffers
            first = next(done, None)
            bar = _progress(table.lines, quiet)
            with atomic_files(*paths) as handles, \
                    tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as body:
                writer = csv.writer(handles[0], lineterminator="\n")
                writer.writerow(cols)
                handles[0].flush()
                for text, said, page in itertools.chain([first] if first else [], done):
                    handles[0].buffer.write(text)
                    for verdict, n in said.items():
                        counts[verdict] = counts.get(verdict, 0) + n
                    if html_path and page:  # a block of blank lines has no row
                        body.write(("\n" if body.tell() else "") + page)
                    if bar is not None:
                        bar.update(sum(said.values()))
                    collect()
                if html_path:
                    handles[1].write(page_head(header, counts, sum(counts.values()),
                                               f"Audit of {Path(input_path).name}", aopts))
                    body.seek(0)
                    shutil.copyfileobj(body, handles[1])
                    handles[1].write(PAGE_TAIL)
    except OSError as exc:  # named by the user's path, never by the temporary file's
        raise InputError(f"cannot be written: {exc.strerror or exc}", file=exc.filename or output) from None
    finally:
        if bar is not None:
            bar.close()
    return counts


def command(input_path: str | None, output: str | None, *, html: str | None = None, kinds: bool = False,
            alpha: float = 0.05, p_equal_alpha: str = "not_significant", rounding: str | None = None,
            tolerance: float = DEFAULT_TOLERANCE, quiet: bool = False, jobs: int | None = None) -> int:
    """``python -m analysis audit``: check the options, audit, print one line of counts; the exit status."""
    if kinds:
        print(kinds_help())
        return 0
    if not input_path or not output:
        raise InputError("usage: python -m analysis audit INPUT.csv -o OUTPUT.csv [options]")
    if not 0 < alpha < 1:
        raise InputError(f"--alpha must lie in (0, 1), got {alpha}")
    if not 0 <= tolerance < 1:
        raise InputError(f"--tolerance must lie in [0, 1), got {tolerance}")
    opts = AuditOptions(alpha=alpha, p_equal_alpha=p_equal_alpha, rounding=rounding, tolerance=tolerance)
    counts = run(input_path, output, opts, html, quiet=quiet, jobs=jobs)
    total = sum(counts.values())
    print(f"  audited {total} row{'s' if total != 1 else ''} -> {output}" + (f", {html}" if html else "") + ": "
          + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return 0
