"""``check-paper``: a paper's text extracted, audited by the engine, grouped into findings, shown on one page.

Each checkable row goes through :func:`analysis.audit.table.outcomes_of` (the
audit's own path to :func:`analysis.checks.engine.evaluate`), so every rule is
the compendium's. Its outcomes become rows of a ledger with the facts
:func:`analysis.results.findings.build_findings` reads, and the findings are
grouped by that same function: one finding per test (its statistic, its p
and the p of the printed statistic), with the claims and restated numbers
that refer to a row joining that row's finding.

The page (:func:`render_page`) is self-contained and bilingual, every
sentence from the message catalogue: the verdict first (how many results
were read and checked, how many findings, how many change a conclusion),
then the findings, most serious first, each linked to the line of the text
it comes from, then every checked row, the rows left unchecked with their
reasons, and the text itself with numbered lines.
"""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from analysis.audit.table import AuditOptions, RowError, outcomes_of
from analysis.checks.engine import num
from analysis.core.vocab import Severity, Verdict
from analysis.extract.paper import Extraction
from analysis.extract.rows import Row, to_record
from analysis.report.pages import CSS
from analysis.results.findings import build_findings
from analysis.results.ledger import FACT_COLUMNS, LEDGER_COLUMNS, TOLERANCE_COLUMNS
from analysis.text.catalogue import Msg, Text, render
from analysis.text.places import section_text

__all__ = ["Checked", "check", "render_page"]


class Checked:
    """A paper checked: its extraction, the ledger of its checkable rows, its findings, and the rows the engine
    could not take (``invalid``: row and reason)."""

    def __init__(self, ex: Extraction, ledger: pd.DataFrame, findings: pd.DataFrame, invalid: list):
        self.extraction, self.ledger, self.findings, self.invalid = ex, ledger, findings, invalid

    @property
    def verdicts(self) -> dict[str, str]:
        """Each checked row's worst verdict, by row id."""
        out: dict[str, str] = {}
        for rid, grp in self.ledger.groupby("row_id", sort=False):
            out[rid] = Verdict.worst(grp["verdict"]).value
        return out


def _is_table(location: str) -> bool:
    return location.split(" ")[0] in ("Table",) or (location[:1] and not location[:1].isascii()
                                                     and location[1:2] == " " and location[2:].isdigit())


def _ledger_rows(row: Row, outs, study: str) -> list[dict]:
    finding = f"{study}:{row.refers_to or row.id}"
    table = _is_table(row.location)
    out = []
    for o in outs:
        c = o.comparison
        verdict = o.verdict
        out.append({
            "study": study, "table": row.location if table else "Text", "row": row.label, "column": o.part,
            "quantity": render(o.quantity, "en"), "reported": o.printed, "decimals": "",
            "recomputed": o.recomputed_text if o.recomputed_text is not None else num(o.recomputed),
            "low": num(c.low), "high": num(c.high), "rule": c.rule, "verdict": verdict.value, "note": o.note,
            "check_id": row.id + (f".{o.part}" if o.part else ""), "kind": row.kind, "label": row.label,
            "label_zh": "", "ref": row.id, "source": f"{row.line}",
            "finding": finding if verdict.is_flagged else "",
            "category": o.category.value if o.category and verdict.is_flagged else "",
            "df_low": num(o.diagnosis.get("df_low")), "df_high": num(o.diagnosis.get("df_high")),
            "n_per_group": num(o.diagnosis.get("n_per_group")),
            "n_stated": "/".join(str(n) for n in o.diagnosis.get("n_stated", ())),
            "place": "cell", "section": None if table else section_text(row.location or "?"),
            "table_text": Text(row.location) if table else Text(render(Msg.of("place.text"), "en"), render(Msg.of("place.text"), "zh")), "column_text": Text(row.label),
            "label_text": Text(row.label or row.kind), "printed": o.printed, "holds": None, "quantity_msg": o.quantity,
            "notes": o.messages, "diagnoses": (), "spec_note": None, "rule_msg": o.rule, "part": o.part,
            "is_p": o.is_p, "mislabel": o.mislabel, "points": o.extra.get("points"),
            "relative": o.extra.get("relative"), "groups": tuple(o.diagnosis.get("n_stated", ())),
            "restates": "", **dict.fromkeys(TOLERANCE_COLUMNS, ""), "diag": dict(o.diagnosis), "input_refs": (),
            "spec_check": row.id, "row_id": row.id, "line": row.line})
    return out


def check(ex: Extraction, aopts: AuditOptions | None = None) -> Checked:
    """Audit every checkable row of an extraction and group the problems into findings."""
    aopts = aopts or AuditOptions()
    study = Path(ex.source.name).name
    rows, invalid = [], []
    for row in ex.rows:
        if row.status != "checkable":
            continue
        try:
            outs = outcomes_of(to_record(row), aopts)
        except (RowError, ValueError, KeyError, ZeroDivisionError, ArithmeticError) as exc:
            invalid.append((row, str(exc)))
            continue
        rows += _ledger_rows(row, outs, study)
    ledger = pd.DataFrame(rows, columns=LEDGER_COLUMNS + FACT_COLUMNS + ["row_id", "line"])
    findings = build_findings(ledger) if len(ledger) else pd.DataFrame()
    return Checked(ex, ledger, findings, invalid)


def _say(mid: str, **params) -> str:
    msg = Msg.of(mid, **params)
    return (f'<span lang="en">{html.escape(render(msg, "en"))}</span> / '
            f'<span lang="zh">{html.escape(render(msg, "zh"))}</span>')


def _badge(verdict: str) -> str:
    v = Verdict(verdict)
    return f'<span class="v v-{v.value}">{html.escape(v.symbol)} {_say(f"verdict_short.{v.value}")}</span>'


def _line_link(line: int) -> str:
    return f'<a href="#L{line}">{line}</a>'


def render_page(done: Checked) -> str:
    """The bilingual page of a checked paper (one self-contained HTML document)."""
    ex, led, fnd = done.extraction, done.ledger, done.findings
    rows = ex.rows
    checkable = [r for r in rows if r.status == "checkable"]
    by_id = {r.id: r for r in rows}
    changes = int((fnd["severity"] == Severity.CHANGES_CONCLUSION.value).sum()) if len(fnd) else 0
    parts = [f"<h1>{_say('extract.page.title', name=Path(ex.source.name).name)}</h1>"]
    lead = (_say("extract.page.verdict_none") if not len(fnd) else
            _say("extract.page.verdict_conclusion", findings=len(fnd), changes=changes) if changes else
            _say("extract.page.verdict_findings", findings=len(fnd)))
    parts.append(f'<p class="verdict"><b>{lead}</b></p>')
    parts.append(f"<p>{_say('extract.page.counts', read=len(rows), checked=len(checkable) - len(done.invalid), unchecked=len(rows) - len(checkable) + len(done.invalid))}</p>")
    if ex.alpha:
        parts.append(f"<p>{_say('extract.inferred.alpha', alpha=ex.alpha, line=ex.alpha_line)}</p>")
    parts.append(f"<h2>{_say('extract.page.findings')}</h2>")
    if len(fnd):
        items = []
        for f in fnd.itertuples():
            ids = [c.split(".")[0] + "." + c.split(".")[1] for c in f.checks.split(";")]
            lines = sorted({by_id[i].line for i in ids if i in by_id})
            links = ", ".join(_line_link(n) for n in lines)
            items.append(f'<li id="finding-{html.escape(f.finding.split(":")[-1])}"><b>{_say(f"severity.{f.severity}")}'
                         f'</b> · {_say(f"category.{f.category}")} · {_say("extract.page.lines")} {links}<br>'
                         f'<span lang="en">{html.escape(f.summary_en)}</span><br>'
                         f'<span lang="zh">{html.escape(f.summary_zh)}</span></li>')
        parts.append("<ol class=\"findings\">" + "".join(items) + "</ol>")
    else:
        parts.append(f"<p>{_say('extract.page.no_findings')}</p>")
    verdicts = done.verdicts
    parts.append(f"<h2>{_say('extract.page.checked')}</h2>")
    head = "".join(f"<th>{_say(f'extract.page.c_{c}')}</th>" for c in ("line", "location", "label", "kind", "raw",
                                                                       "verdict", "note"))
    body = []
    for r in checkable:
        if r.id not in verdicts:
            continue
        notes = led[led["row_id"] == r.id]["note"]
        body.append(f"<tr><td>{_line_link(r.line)}</td><td>{html.escape(r.location)}</td>"
                    f"<td>{html.escape(r.label)}</td><td><code>{r.kind}</code></td><td>{html.escape(r.raw)}</td>"
                    f"<td>{_badge(verdicts[r.id])}</td><td>{html.escape(' | '.join(n for n in notes if n))}</td></tr>")
    parts.append(f'<div class="scroll"><table class="ledger"><thead><tr>{head}</tr></thead><tbody>'
                 + "".join(body) + "</tbody></table></div>")
    parts.append(f"<h2>{_say('extract.page.unchecked')}</h2>")
    left = [(r, r.reason) for r in rows if r.reason is not None] + [(r, None) for r, _ in done.invalid]
    if left:
        parts.append("<ul>" + "".join(
            f"<li>{_line_link(r.line)} {html.escape(r.location)}: {html.escape(r.raw)} — "
            + (_say("extract.page.reason", reason=why) if why else _say("extract.page.invalid")) + "</li>"
            for r, why in left) + "</ul>")
    else:
        parts.append(f"<p>{_say('extract.page.none_unchecked')}</p>")
    parts.append(f"<h2>{_say('extract.page.text')}</h2>")
    marked = {r.line for r in rows}
    text = "".join(f'<div id="L{n}" class="ln{" hit" if n in marked else ""}"><span class="no">{n}</span>'
                   f"{html.escape(line)}</div>" for n, line in enumerate(ex.source.lines, 1))
    parts.append(f'<div class="source">{text}</div>')
    style = CSS + ("\n.source{font-family:monospace;font-size:.8rem;white-space:pre-wrap;border:1px solid #eee}"
                   "\n.ln .no{display:inline-block;width:3.5em;color:#888;text-align:right;margin-right:.8em}"
                   "\n.ln.hit{background:#fff8e0} .ln:target{background:#ffe08a}"
                   "\np.verdict{font-size:1.15rem}")
    title = html.escape(render(Msg.of("extract.page.title", name=Path(ex.source.name).name), "en"))
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{style}</style></head><body><main>\n" + "\n".join(parts) + "\n</main></body></html>\n")
