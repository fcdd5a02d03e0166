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
import io
import os
import re
import sys
from pathlib import Path

from analysis.audit.html import render_html
from analysis.audit.table import OUTPUT_COLUMNS, AuditOptions, audit_row, iter_table, kinds_help
from analysis.core.errors import InputError
from analysis.core.outputs import atomic_write
from analysis.core.rounding import DEFAULT_TOLERANCE, RULES

__all__ = ["run", "command", "neutralise", "FORMULA_START"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, CSV injection)."""
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


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


def _write(path: str, text: str) -> None:
    try:
        atomic_write(path, text)
    except OSError as exc:  # named by the user's path, never by the temporary file's
        raise InputError(f"cannot be written: {exc.strerror or exc}", file=path) from None


def _progress(rows, input_path: str, quiet: bool):
    """``rows`` with a progress bar on stderr when it is a terminal and not ``quiet`` (tqdm, after 1 s)."""
    if quiet or not sys.stderr.isatty():
        return rows
    from tqdm import tqdm
    with open(input_path, "rb") as fh:
        total = sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    return tqdm(rows, total=max(total - 1, 0), unit=" rows", file=sys.stderr, delay=1.0, mininterval=0.5,
                leave=False)


def run(input_path: str, output: str, aopts: AuditOptions, html_path: str | None = None,
        quiet: bool = False) -> dict[str, int]:
    """Audit ``input_path`` and write ``output`` (and ``html_path``) atomically; return verdict counts.

    Rows are audited as they are read and written to an in-memory text
    buffer (the rows themselves are not kept unless an HTML page is asked
    for); the files are written only after the last row, so a malformed line
    anywhere leaves no output.
    """
    if aopts.rounding is not None and aopts.rounding not in RULES:
        raise InputError(f"unknown rounding rule {aopts.rounding!r}; expected one of {', '.join(RULES)}")
    _check_outputs(input_path, output, html_path)
    header, rows = iter_table(input_path)
    cols = [h for h in header if h not in OUTPUT_COLUMNS] + list(OUTPUT_COLUMNS)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    kept: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    for rec in _progress(rows, input_path, quiet):
        base = {k: v for k, v in rec.items() if k not in OUTPUT_COLUMNS}
        res = audit_row(base, aopts)
        out = {**base, **{c: res.get(c, "") for c in OUTPUT_COLUMNS}}
        writer.writerow({k: neutralise(v) for k, v in out.items()})
        counts[out["verdict"]] = counts.get(out["verdict"], 0) + 1
        if html_path:
            kept.append(out)
    page = render_html(header, kept, f"Audit of {Path(input_path).name}", aopts) if html_path else None
    _write(output, buf.getvalue())
    if page is not None:
        _write(html_path, page)
    return counts


def command(input_path: str | None, output: str | None, *, html: str | None = None, kinds: bool = False,
            alpha: float = 0.05, p_equal_alpha: str = "not_significant", rounding: str | None = None,
            tolerance: float = DEFAULT_TOLERANCE, quiet: bool = False) -> int:
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
    counts = run(input_path, output, opts, html, quiet=quiet)
    total = sum(counts.values())
    print(f"  audited {total} row{'s' if total != 1 else ''} -> {output}" + (f", {html}" if html else "") + ": "
          + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return 0
