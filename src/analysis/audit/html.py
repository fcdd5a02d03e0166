"""The audit's output as one self-contained HTML page (no scripts, no external resources).

>>> from analysis.audit.table import AuditOptions
>>> page = render_html(["kind"], [{"kind": "growth", "verdict": "consistent"}], "t", AuditOptions())
>>> "✓ consistent" in page
True
"""
from __future__ import annotations

import html

from analysis.audit.table import AuditOptions, output_columns
from analysis.core.vocab import Verdict

__all__ = ["render_html", "page_head", "row_html", "PAGE_TAIL"]

_CSS = {
    "consistent": "background:#e5f5e0",
    "consistent_if_rounding": "background:#fff3c4",
    "undecidable": "background:#eeeef5;font-style:italic",
    "inconsistent": "background:#fdd0a2;font-weight:bold",
    "inconsistent_conclusion": "background:#b30000;color:white;font-weight:bold",
    "invalid": "background:#e0e0e0;font-style:italic",
}


def render_html(header: list[str], rows: list[dict[str, str]], title: str, aopts: AuditOptions) -> str:
    """A self-contained HTML page of the audited table (no scripts, no external resources)."""
    cols = output_columns(header)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["verdict"]] = counts.get(r["verdict"], 0) + 1
    return page_head(header, counts, len(rows), title, aopts) + "\n".join(row_html(cols, r) for r in rows) + PAGE_TAIL


def row_html(cols: list[str], r: dict[str, str]) -> str:
    """One audited row of the page's table (the rows are joined by newlines between :func:`page_head` and
    :data:`PAGE_TAIL`, so a page can be written a row at a time)."""
    cells = []
    for c in cols:
        v = html.escape(str(r.get(c, "")))
        if c == "verdict":
            sym = Verdict(r["verdict"]).symbol
            cells.append(f'<td style="{_CSS[r["verdict"]]}">{html.escape(sym)} {v}</td>')
        else:
            cells.append(f"<td>{v}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


PAGE_TAIL = "\n</tbody></table></body></html>\n"
"""What follows the page's last row."""


def page_head(header: list[str], counts: dict[str, int], rows: int, title: str, aopts: AuditOptions) -> str:
    """The page up to its first row: title, options, the count of each verdict, the table's header."""
    shown = [v for v in Verdict if v is not Verdict.UNDECIDABLE or counts.get(v.value)]  # no audit kind gives it
    legend = "".join(f'<span style="{_CSS[v.value]};padding:2px 6px;margin-right:6px">{v.symbol} {v.value}: '
                     f'{counts.get(v.value, 0)}</span>' for v in shown)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in output_columns(header))
    rule = aopts.rounding or "half_up (up_or_down for grim, grimmer, debit)"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }}
th {{ background: #f3f3f3; position: sticky; top: 0; }}
td:nth-last-child(4) {{ max-width: 40em; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<p>Audited with <code>python -m analysis audit</code>: alpha = {aopts.alpha}, p = alpha counts as
{html.escape(aopts.p_equal_alpha.replace('_', ' '))}, rounding rule {html.escape(rule)},
tolerance of "about" values {aopts.tolerance:.0%}. {rows} rows.</p>
<p>{legend}</p>
<table><thead><tr>{head}</tr></thead><tbody>
"""
