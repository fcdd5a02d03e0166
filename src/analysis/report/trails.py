"""The trails page of a study: ``reports/<study>_trails.html``, one section per ledger row.

Each ledger row of a study report links to its trail here
(``<study>_trails.html#<check_id>``), and each trail links back to its row. A
trail (:mod:`analysis.results.trail`) says where the source prints the number,
where it was transcribed, the specification line that checks it, the formula
with the printed inputs substituted, the range the rounding allows, the
verdict and the finding: the same lines that ``python -m analysis explain``
prints, in the report's language (``both``: each line in English, then in
Chinese). The page is static and self-contained, so the reports stay light and
work offline; the build writes it with the tables (:mod:`analysis.build.tables`).

>>> name("zigong_hf_alliance"), href("zigong_hf_alliance", "zigong_hf_alliance:t1_age_t.p")
('zigong_hf_alliance_trails.html', 'zigong_hf_alliance_trails.html#zigong_hf_alliance:t1_age_t.p')
"""
from __future__ import annotations

import re
from pathlib import Path

from analysis.core.config import current
from analysis.core.outputs import atomic_write
from analysis.report import pages
from analysis.report.overview import finding_numbers
from analysis.report.blocks import check_numbers, code_identifiers, esc, link_ids, verdict_badge
from analysis.results.coverage import anchors
from analysis.results import trail as trail_mod
from analysis.results.study import Context
from analysis.text.catalogue import render, say
from analysis.text.labels import langs, term

__all__ = ["name", "href", "body", "page", "write", "with_values", "PREDICATE_NOTES"]

_PATH = re.compile(r"(data|reports)/[\w./-]+?\.(csv|html)([:#][\w.:-]*[\w])?")
_PAGE_SKIPS = {"summary", "report"}  # the finding links to its summary in the report; the section to its row


def name(study: str) -> str:
    """File name of a study's trails page, beside its report."""
    return f"{study}_trails.html"


def href(study: str, anchor: str) -> str:
    """Link from a study report to the trail of one ledger row."""
    return f"{name(study)}#{anchor}"


def _link(path: str, report: str) -> str:
    """``data/raw/x.csv:7`` (a link to the file), ``reports/x.html#id`` (a link to the report beside the page)."""
    file, sep, where = path.partition("#") if path.startswith("reports/") else path.rpartition(":")
    target = f"{report}#{where}" if path.startswith("reports/") else "../" + (file if sep else path)
    return f'<a href="{esc(target)}"><code>{esc(path)}</code></a>'


def _cell(key: str, values: list[tuple[str, str]], t: trail_mod.Trail, report: str, finding_no: int | None,
          refs: tuple[dict[str, str], dict[str, int]]) -> str:
    """The values of one line in each language shown (each in its own span), paths and the finding linked (by its
    number on the study's page, never its id)."""
    out = []
    for lg, value in values:
        m = _PATH.search(value)
        if key == "finding" and t.finding and value.startswith(t.finding):
            anchor = f"finding-{t.study}-{t.finding}"
            words = say("label.finding_n", lg, n=finding_no) if finding_no else say("trail.label.finding", lg)
            shown = f'<a href="{esc(report)}#{esc(anchor)}">{esc(words)}</a>' + esc(value[len(t.finding):])
        elif m:
            shown = esc(value[:m.start()]) + _link(m.group(0), report) + esc(value[m.end():])
        else:
            shown = esc(value)
        out.append(f'<span lang="{lg}">{code_identifiers(link_ids(shown, *refs))}</span>')  # checks by number
    return "<br>".join(out)


PREDICATE_NOTES = ("note.claim_holds", "note.claim_fails")
"""Notes that name a claim's predicate: shown with the comparisons of the printed values instead."""


def with_values(notes: tuple, t: trail_mod.Trail | None) -> tuple:
    """``notes`` with a claim's predicate (``all([a > b, ...])``, program text) replaced by its comparisons with
    the printed values (``102291 > 94203 ✓ ∧ ...``), from the trail's formula."""
    from analysis.text.catalogue import Msg
    if t is None or not t.formula.values:
        return tuple(notes)
    return tuple(Msg.of(m.id, predicate=t.formula.values) if getattr(m, "id", "") in PREDICATE_NOTES else m
                 for m in notes)


def _page_lines(t: trail_mod.Trail, lg: str) -> list[tuple[str, str, str]]:
    """The trail's lines as the page shows them: the specification as its file and line, the verdict in words
    (the kind is in words on the formula's line; check ids, kinds and verdict codes only in the command's
    output, ``python -m analysis explain``)."""
    out = []
    for k, lab, v in trail_mod.lines(t, lg):
        if k == "specification":
            v = t.spec
        elif k == "verdict":
            v = say("trail.value.verdict_words", lg, symbol=t.verdict.symbol, words=term(t.verdict, lg))
        out.append((k, lab, v))
    return out


def _section(t: trail_mod.Trail, lang: str, report: str, finding_no: int | None,
             refs: tuple[dict[str, str], dict[str, int]]) -> str:
    """One trail as a table: a line per key, each language's label and value; a transcription joins the line of
    the number it transcribes (once, as a link), the finding links to the finding in the report. The heading is
    the row's number in the study's ledger (``№ 12``), as the ledger shows it; the check's id is the anchor."""
    shown = {lg: {k: (lab, v) for k, lab, v in _page_lines(t, lg) if k not in _PAGE_SKIPS} for lg in langs(lang)}
    keys = list(dict.fromkeys(k for rows in shown.values() for k in rows))
    trs = []
    for key in keys:
        if key.endswith("_file"):
            continue
        labs = list(dict.fromkeys(shown[lg][key][0] for lg in shown if key in shown[lg] and shown[lg][key][0]))
        vals, seen = [], set()
        for lg in shown:
            value = shown[lg].get(key, ("", ""))[1]
            if value and value not in seen:
                seen.add(value)
                vals.append((lg, value))
        if not vals:
            continue
        cell = _cell(key, vals, t, report, finding_no, refs)
        file = next((shown[lg][key + "_file"][1] for lg in shown if key + "_file" in shown[lg]), "")
        m = _PATH.search(file)
        if m:
            cell += " " + _link(m.group(0), report)
        th = "<br>".join(f'<span lang="{lg}">{esc(lab)}</span>' for lg, lab in zip(shown, labs)) if labs else ""
        trs.append(f'<tr><th scope="row">{th}</th><td>{cell}</td></tr>')
    what = " · ".join(f'<span lang="{lg}">{esc(render(t.quantity, lg))}</span>' for lg in langs(lang))
    head = f'<h2>{esc(say("label.check_n", "en", n=refs[1][t.anchor]))} {verdict_badge(t.verdict.value, lang)} {what}</h2>'
    back = " ".join(f'<span lang="{lg}">{esc(say("trail.back", lg))}</span>' for lg in langs(lang))
    cap = " / ".join(say("trail.caption", lg, n=refs[1][t.anchor]) for lg in langs(lang))
    return (f'<section id="{esc(t.anchor)}">{head}<div class="scroll"><table class="trail">'
            f'<caption>{esc(cap)}</caption><tbody>{"".join(trs)}'
            f'</tbody></table></div><p><a href="{esc(report)}#{esc(t.anchor)}">{back}</a></p></section>')


def body(ctx: Context, report: str | None = None) -> str:
    """The page's body: a title, what a trail is, and every trail of the study's ledger.

    ``report`` is the file name of the study's report beside the page (default ``<study>.html``).
    """
    lang, sid = ctx.lang, ctx.study.id
    report = report or f"{sid}.html"
    titles = {"en": ctx.study.meta.get("title", sid)}
    titles["zh"] = ctx.study.meta.get("title_zh", titles["en"])
    head = " / ".join(say("trail.page_title", lg, study=titles[lg]) for lg in langs(lang))
    intro = "".join(f'<p lang="{lg}">{esc(say("trail.page_intro", lg))}</p>' for lg in langs(lang))
    from dataclasses import replace
    number = check_numbers(anchors(ctx.ledger)) if not ctx.ledger.empty else {}
    targets: dict[str, str] = {}  # a check's id as a note names it (without its study and part) -> its first row
    for a in number:
        targets.setdefault(a.split(":", 1)[-1].split(".", 1)[0], a)
    finding_no = finding_numbers(ctx)
    sections = "\n".join(_section(replace(t, notes=with_values(t.notes, t)), lang, report,
                                   finding_no.get(t.finding), (targets, number))
                          for t in trail_mod.trails(ctx))
    return f'<h1 id="top" data-page-lang="{lang}">{esc(head)}</h1>\n{intro}\n{sections}'


def page(ctx: Context, here: Path, report: str | None = None) -> str:
    """The whole page, as written to ``here`` (its navigation links are relative to it)."""
    return pages.page(body(ctx, report), here, ctx.lang)


def write(ctx: Context, folder: Path | None = None, report: str | None = None) -> Path:
    """Write ``<folder>/<study>_trails.html`` (default folder: the configured reports) and return its path."""
    path = Path(folder or current().reports) / name(ctx.study.id)
    atomic_write(path, page(ctx, path, report))
    return path
