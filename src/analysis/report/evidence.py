"""The evidence of a study report: the re-analysis, the figures and the study's ledger rows.
"""
from __future__ import annotations

from typing import Any

from analysis.report import figures, trails
from analysis.report.blocks import figure_caption, img
from analysis.core.config import current
from analysis.results.coverage import anchors
from analysis.results.study import Context
from analysis.report.blocks import (Block, bilingual, box_table, check_numbers, esc, ledger_link, link_ids, md_table, numbered,
                                    sentences, verdict_badge, verdict_md)
from analysis.text import narrative
from analysis.text import catalogue
from analysis.text.catalogue import Text, pick, render, say
from analysis.text.labels import langs, localized
from analysis.text.numbers import decimals_of, format_number, sig, trim, truth

__all__ = ["reanalysis", "design", "figures_section", "ledger", "trail_link", "LEDGER_PATH"]

LEDGER_PATH = "tables/consistency_ledger.csv"


def reanalysis(ctx: Context) -> Block:
    """Effect sizes with 95% CIs, clearly separate from the reproduction."""
    lang = ctx.lang
    head = design(ctx)  # the section's heading is the notebook's (the site shows it in the page's language)
    if ctx.effects.empty:
        return head + sentences("label.no_effects", lang)
    hdr = [say(f"label.{k}", lang) for k in ("c_table", "c_comparison", "c_measure", "c_groups", "c_estimate",
                                              "c_rests_on", "c_check_id")]
    number = check_numbers(anchors(ctx.ledger)) if not ctx.ledger.empty else {}
    anchor_of: dict[str, str] = {}  # a check (with or without its part) -> its first row
    for cid, a in zip(ctx.ledger["check_id"], number):
        anchor_of.setdefault(cid, a)
        anchor_of.setdefault(cid.rsplit(".", 1)[0] if "." in cid.split(":", 1)[-1] else cid, a)
    rows, rows_md = [], []
    for r in ctx.effects.itertuples():
        bounds = dict(estimate=sig(r.estimate), low=sig(r.low), high=sig(r.high))
        est = say("effect.estimate", lang, **bounds) if lang != "both" else say("effect.estimate_both", "en", **bounds)
        a = anchor_of.get(r.check_id)
        groups = dict(second=str(r.second), first=str(r.first))
        cells = [pick(r.table_text, lang), pick(r.comparison_msg, lang), say(f"measure.{r.measure_code}", lang),
                 say("effect.groups", lang, **groups) if lang != "both" else say("effect.groups", "en", **groups),
                 est, pick(r.caveat_msg, lang)]
        rows.append([esc(c) for c in cells] + [ledger_link(a, number[a]) if a else "–"])  # its row, by number
        rows_md.append(cells + [say("label.check_n", "en", n=number[a]) if a else "–"])
    cap = numbered(ctx, "table", say("label.effects_caption", lang), "effects")
    return head + sentences("label.reanalysis_note", lang) + Block(box_table(hdr, rows, "effects cards", caption=cap),
                                                                   md_table(hdr, rows_md))


def design(ctx: Context) -> Block:
    """The study's design in a paragraph per language (cohorts, control, baseline year): what every effect and
    every before/after figure of the source rests on (the data package's ``design``, ``design_zh``)."""
    m, lang = ctx.study.meta, ctx.lang
    texts = {"en": m.get("design", ""), "zh": m.get("design_zh", "")}
    shown = [(lg, texts[lg]) for lg in langs(lang) if texts[lg]]
    if not shown:
        return Block("", "")
    h = (f'<h3 id="design">{esc(say("label.design", lang))}</h3>'
         + "".join(f'<p lang="{lg}">{esc(t)}</p>' for lg, t in shown))
    return Block(h, f"### {say('label.design', lang)}\n\n" + "\n\n".join(t for _, t in shown))


def _figure(ctx: Context, out: dict, name: str, key: str, func: str, tables: list[str]) -> Block:
    lang = ctx.lang
    rel = current().relative(current().figures)
    cap = figure_caption(ctx, name, f"label.{key}", f"analysis.report.figures.{func}", tables)
    md_what = " ".join(t for _, t in localized(f"label.{key}", lang))
    md = (f"![{md_what}](../{rel}/{name}.png)\n\n*{md_what}* {say('label.drawn_by', lang)} "
          f"`analysis.report.figures.{func}` {say('label.from_tables', lang)} {', '.join(tables)}.")
    return Block(img(out["png"], cap, md_what), md)


def _fig_lang(lang: str) -> str:
    """Figures are drawn in the page's language; a page in both keeps one figure with every word in both."""
    return lang


def figures_section(ctx: Context) -> Block:
    """Write the study's figures (PNG and SVG) and show them with captions that state their provenance."""
    sid, lang = ctx.study.id, ctx.lang
    out = Block("", "")
    shown = False
    if (ctx.ledger["place"] != "claim").any():  # claims of the text are true or false: no ratio to draw
        f = figures.save(figures.ledger_figure(ctx.ledger, sid, lang=_fig_lang(lang)), f"{sid}_ledger")
        out += _figure(ctx, f, f"{sid}_ledger", "fig_ledger", "ledger_figure", [LEDGER_PATH])
        shown = True
    for res in ctx.study.resources.values():
        if res.kind == "outcomes":
            name = f"{sid}_{res.short}"
            f = figures.save(figures.outcomes_figure(res.frame, sid, lang=_fig_lang(lang)), name)
            out += _figure(ctx, f, name, "fig_outcomes", "outcomes_figure", [f'data/{res.descriptor["path"]}'])
            shown = True
    if not ctx.effects.empty:
        f = figures.save(figures.effects_figure(ctx.effects, sid, lang=_fig_lang(lang)), f"{sid}_effects")
        out += _figure(ctx, f, f"{sid}_effects", "fig_effects", "effects_figure", [f"tables/{sid}/reanalysis.csv"])
        shown = True
    if not shown:
        out += sentences("label.no_figures", lang)
    return out


def _source_link(source: str) -> str:
    file, _, line = str(source).rpartition(":")
    if not file:
        return esc(source)
    return f'<a href="../{esc(file)}" title="{esc(file)}"><code>{esc(file.rsplit("/", 1)[-1])}:{esc(line)}</code></a>'


def trail_link(study: str, anchor: str, lang: str) -> str:
    """The link from a ledger row to its trail (``<study>_trails.html#<check_id>``)."""
    words = " · ".join(catalogue.say("trail.link", lg) for lg in langs(lang))
    return f' <a class="trail" href="{esc(trails.href(study, anchor))}">⤷ {esc(words)}</a>'


def _calc(t: Any, lang: str) -> str:
    """A row's recomputation in words, with the printed inputs: ``100 × (1792 − 1331) / 1331 = 34.64``; for a
    claim, nothing (its reason is in the note)."""
    if t is None or t.is_claim or not t.formula.values:
        return ""
    return f'<span class="calc">{esc(t.formula.values)}</span>'


def _new_notes(r: Any, t: Any, anchor: str, shown: dict[str, tuple[str, set]]) -> tuple[Any, str]:
    """Row ``r`` with only the notes an earlier part of the same check has not shown (a t test's statistic, p and
    implied p share one diagnosis: it is shown once, on the first), and a claim's predicate replaced by its
    comparisons with the printed values (``102291 > 94203 ✓ ∧ ...``: numbers, not program text). Returns the row
    and the anchor of the earlier part whose notes it shares ("" if none)."""
    notes = trails.with_values(r.notes, t)
    base = r.check_id.rsplit(".", 1)[0] if "." in r.check_id.split(":", 1)[-1] else r.check_id
    first, seen = shown.setdefault(base, (anchor, set()))
    keys = [render(m, "en") for m in notes] + ([render(r.spec_note, "en")] if r.spec_note else [])
    kept = tuple(m for m, k in zip(notes, keys) if k not in seen)
    spec = r.spec_note if r.spec_note and keys[-1] not in seen else None
    again = first if first != anchor and (len(kept) < len(notes) or (r.spec_note and spec is None)) else ""
    seen.update(keys)
    return r._replace(notes=kept, spec_note=spec), again


def ledger(ctx: Context) -> Block:
    """The study's rows of the consistency ledger: each row's anchor (its ``check_id``), verdict, what and
    where, printed and recomputed values with the recomputation in words, the note and the transcription
    beside them; a link to its trail (:mod:`analysis.report.trails`) and back to its cell in the printed table.

    Six columns that wrap: nothing is hidden behind a scroll at 1300 px, and on a phone each row is a card.
    """
    from analysis.results import trail as trail_mod
    lang = ctx.lang
    intro = Block(f'<p>{esc(say("label.ledger_note", lang))} '
                  f'<a href="../{LEDGER_PATH}"><code>{LEDGER_PATH}</code></a>.</p>',
                  f"{say('label.ledger_note', lang)} `{LEDGER_PATH}`.")
    if ctx.ledger.empty:
        return intro
    by_id = {t.check_id: t for t in trail_mod.trails(ctx)}
    from analysis.results.coverage import numbers
    nums = numbers(ctx.ledger)
    cell_of = dict(zip(nums["ref"], nums["anchor"])) if not nums.empty else {}  # a number's cell: its first check
    keys = ["c_check_id", "c_verdict", "c_what_where", "c_values", "c_note", "c_source"]
    hdr = [say(f"label.{k}", lang) for k in keys]
    rows, rows_md, ids = [], [], []
    targets: dict[str, str] = {}  # a check's id as a note names it (without its study and part) -> its first row
    number = check_numbers(anchors(ctx.ledger))
    for a in anchors(ctx.ledger):
        targets.setdefault(a.split(":", 1)[-1].split(".", 1)[0], a)
    shown: dict[str, tuple[str, set]] = {}  # a check (without its part) -> its first row and the notes shown
    for a, r in zip(anchors(ctx.ledger), ctx.ledger.itertuples()):
        t = by_id.get(r.check_id)
        r, again = _new_notes(r, t, a, shown)
        d = decimals_of(r.reported)
        p_value = r.is_p
        rec = trim(format_number(r.recomputed, d + (0 if p_value else 2), p_value), d)
        lo, hi = trim(format_number(r.low, d + 2, p_value), d), trim(format_number(r.high, d + 2, p_value), d)
        place_h, place_m = bilingual(narrative.place_of, r, lang=lang)
        q_h, q_m = bilingual(render, r.quantity_msg, lang=lang)
        note_h, note_m = bilingual(narrative.notes_of, r, lang=lang,
                                   html_fn=lambda row, lg: link_ids(narrative.notes_of(row, lg, html=True), targets, number))
        if again:  # the notes this row shares with an earlier part of its check: a link to that row
            first = say("label.check_n", "en", n=number[again])
            see = " ".join(f'<span lang="{lg}">{esc(say("label.note_as_for", lg))}</span>' for lg in langs(lang))
            note_h = (note_h + "<br>" if note_h else "") + f'{see} {ledger_link(again, number[again])}'
            note_m = (note_m + " " if note_m else "") + f"{say('label.note_as_for', lang)} {first}"
        grid = narrative.tolerance_grid(r)  # an "about x": its verdict at each tolerance of the ledger
        if grid is not None:
            grid_h, grid_m = bilingual(render, grid, lang=lang)
            note_h, note_m = f"{note_h}<br>{grid_h}", f"{note_m}; {grid_m}"
        rule_h, rule_m = bilingual(render, r.rule_msg, lang=lang)
        if r.holds is not None:  # a claim of the text: its words, and whether it holds
            claim_h, claim_m = bilingual(render, r.label_text, lang=lang)
            held_h, held_m = bilingual(truth, r.holds, lang=lang)
            values_h, values_m = f"“{claim_h}” → <b>{held_h}</b>", f"“{claim_m}” → {held_m}"
        else:
            rng = "" if lo == hi else f" ({lo} – {hi})"
            back = (f' <a class="cellref" href="#cell-{esc(cell_of[r.ref])}" title="{esc(say("label.in_table", lang))}">↑</a>'
                    if r.ref in cell_of and r.place != "claim" else "")
            values_h = (f"<b>{esc(r.printed)}</b> → {esc(rec)}{esc(rng)}{back}<br>{_calc(t, lang)}"
                        f'<br><span class="muted">{rule_h}</span>')
            values_m = f"{r.printed} → {rec}{rng}; {rule_m}"
        rows.append([f'<b>{esc(say("label.check_n", "en", n=number[a]))}</b>{trail_link(ctx.study.id, a, lang)}', verdict_badge(r.verdict, lang),
                     f"{q_h}<br>{place_h}", values_h, note_h, _source_link(r.source)])
        rows_md.append([f"[{say('label.check_n', 'en', n=number[a])}]({trails.href(ctx.study.id, a)})",
                        verdict_md(r.verdict, lang), f"{q_m}; {place_m}",
                        values_m, note_m, r.source])
        ids.append(a)
    cap = " ".join(f'<span lang="{lg}">{esc(t)}</span>' for lg, t in localized(
        "label.ledger_caption", lang, study=Text(ctx.study.meta["title"], ctx.study.meta.get("title_zh", ""))))
    return intro + Block(box_table(hdr, rows, "ledger cards", ids, caption=numbered(ctx, "table", cap, "ledger")),
                         md_table(hdr, rows_md))
