"""``python -m analysis audit``: a user's table of printed results audited and written, as CSV and as a page.

The CSV and the HTML are written only when both are complete
(:func:`analysis.core.outputs.atomic_write`), so an earlier output stays intact
when a line of the input is malformed.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from analysis.audit.html import render_html
from analysis.audit.table import OUTPUT_COLUMNS, AuditOptions, audit_row, iter_table, kinds_help
from analysis.core.errors import InputError
from analysis.core.outputs import atomic_write
from analysis.core.rounding import DEFAULT_TOLERANCE, RULES

__all__ = ["run", "command"]


def run(input_path: str, output: str, aopts: AuditOptions, html_path: str | None = None) -> dict[str, int]:
    """Audit ``input_path`` and write ``output`` (and ``html_path``) atomically; return verdict counts.

    Rows are audited as they are read and written to an in-memory text
    buffer (the rows themselves are not kept unless an HTML page is asked
    for); the files are written only after the last row, so a malformed line
    anywhere leaves no output.
    """
    if aopts.rounding is not None and aopts.rounding not in RULES:
        raise InputError(f"unknown rounding rule {aopts.rounding!r}; expected one of {', '.join(RULES)}")
    header, rows = iter_table(input_path)
    cols = [h for h in header if h not in OUTPUT_COLUMNS] + list(OUTPUT_COLUMNS)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    kept: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    for rec in rows:
        base = {k: v for k, v in rec.items() if k not in OUTPUT_COLUMNS}
        res = audit_row(base, aopts)
        out = {**base, **{c: res.get(c, "") for c in OUTPUT_COLUMNS}}
        writer.writerow(out)
        counts[out["verdict"]] = counts.get(out["verdict"], 0) + 1
        if html_path:
            kept.append(out)
    page = render_html(header, kept, f"Audit of {Path(input_path).name}", aopts) if html_path else None
    atomic_write(output, buf.getvalue())
    if page is not None:
        atomic_write(html_path, page)
    return counts


def command(input_path: str | None, output: str | None, *, html: str | None = None, kinds: bool = False,
            alpha: float = 0.05, p_equal_alpha: str = "not_significant", rounding: str | None = None,
            tolerance: float = DEFAULT_TOLERANCE) -> int:
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
    counts = run(input_path, output, opts, html)
    total = sum(counts.values())
    print(f"  audited {total} row{'s' if total != 1 else ''} -> {output}" + (f", {html}" if html else "") + ": "
          + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return 0
