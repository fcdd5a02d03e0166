"""The commands of this layer: ``extract``, ``check-paper`` (``cli`` parses their arguments and calls these).

``python -m analysis extract SOURCE -o ROWS.csv`` writes the extracted rows
(:data:`analysis.extract.rows.COLUMNS`); ``python -m analysis audit ROWS.csv
-o OUT.csv`` then audits them like any user's table. ``python -m analysis
check-paper SOURCE --html REPORT.html [-o AUDITED.csv]`` does both and
renders the page. Bad input is one line naming the file and the reason (exit
status 2), and nothing is written: every output is written whole, after the
last row is done (:func:`analysis.core.outputs.atomic_write`).
"""
from __future__ import annotations

from collections import Counter

from analysis.audit.columns import audit_records
from analysis.audit.table import AuditOptions
from analysis.core.errors import InputError
from analysis.core.outputs import atomic_write, csv_text
from analysis.extract.check import check, render_page
from analysis.extract.paper import extract
from analysis.extract.rows import COLUMNS, rows_csv, to_record
from analysis.extract.source import read_source

__all__ = ["extract_command", "check_paper_command", "audited_csv"]


def audited_csv(rows, aopts: AuditOptions) -> str:
    """The extracted rows audited (the audit's output columns after :data:`COLUMNS`), as CSV text."""
    from analysis.audit.table import OUTPUT_COLUMNS
    return csv_text(list(COLUMNS) + list(OUTPUT_COLUMNS), audit_records([to_record(r) for r in rows], aopts))


def extract_command(source: str, output: str | None) -> int:
    """``python -m analysis extract``: write the rows, print one line of counts."""
    if not output:
        raise InputError("usage: python -m analysis extract SOURCE -o ROWS.csv")
    ex = extract(read_source(source))
    atomic_write(output, rows_csv(ex.rows))
    status = Counter(r.status for r in ex.rows)
    print(f"  extracted {len(ex.rows)} row{'s' if len(ex.rows) != 1 else ''} from {source} -> {output}: "
          f"{status.get('checkable', 0)} checkable, {status.get('unchecked', 0)} unchecked")
    return 0


def check_paper_command(source: str, html: str | None, output: str | None = None,
                        aopts: AuditOptions | None = None) -> int:
    """``python -m analysis check-paper``: extract, audit, findings; write the page (and the audited rows)."""
    if not html and not output:
        raise InputError("usage: python -m analysis check-paper SOURCE --html REPORT.html [-o AUDITED.csv]")
    aopts = aopts or AuditOptions()
    ex = extract(read_source(source))
    done = check(ex, aopts)
    page = render_page(done) if html else None
    table = audited_csv(ex.rows, aopts) if output else None
    if table is not None:
        atomic_write(output, table)
    if page is not None:
        atomic_write(html, page)
    print(f"  checked {source}: {len(ex.rows)} rows, {len(done.findings)} finding(s)"
          + "".join(f" -> {p}" for p in (html, output) if p))
    return 0
