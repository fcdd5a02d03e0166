"""The evidence of a study report: the re-analysis, the figures and the study's ledger rows.
"""
from __future__ import annotations

from analysis.report import figures, trails
from analysis.report.blocks import img
from analysis.core.config import current
from analysis.results.coverage import anchors
from analysis.results.study import Context
from analysis.report.blocks import (Block, bilingual, box_table, esc, ledger_link, md_table, sentences,
                                    verdict_badge, verdict_md)
from analysis.text import narrative
from analysis.text import catalogue
from analysis.text.catalogue import pick, render, say
from analysis.text.labels import langs, localized
from analysis.text.numbers import decimals_of, format_number, printed_or_claim, sig, trim, truth

__all__ = ["reanalysis", "design", "figures_section", "ledger", "trail_link", "LEDGER_PATH"]

LEDGER_PATH = "tables/consistency_ledger.csv"


def reanalysis(ctx: Context) -> Block:
    """Effect sizes with 95% CIs, clearly separate from the reproduction."""
    lang = ctx.lang
    head = Block(f'<h2 id="reanalysis">{esc(say("label.reanalysis", lang))}</h2>',
                 f"## {say('label.reanalysis', lang)}") + design(ctx)
    if ctx.effects.empty:
        return head + sentences("label.no_effects", lang)
    hdr = [say(f"label.{k}", lang) for k in ("c_table", "c_comparison", "c_measure", "c_groups", "c_estimate",
                                              "c_rests_on", "c_check_id")]
    anchor_of = dict(zip(ctx.ledger["check_id"], anchors(ctx.ledger))) if not ctx.ledger.empty else {}
    rows, rows_md = [], []
    for r in ctx.effects.itertuples():
        bounds = dict(estimate=sig(r.estimate), low=sig(r.low), high=sig(r.high))
        est = say("effect.estimate", lang, **bounds) if lang != "both" else say("effect.estimate_both", "en", **bounds)
        a = anchor_of.get(r.check_id)
        groups = dict(second=str(r.second), first=str(r.first))
        cells = [pick(r.table_text, lang), pick(r.comparison_msg, lang), say(f"measure.{r.measure_code}", lang),
                 say("effect.groups", lang, **groups) if lang != "both" else say("effect.groups", "en", **groups),
                 est, pick(r.caveat_msg, lang)]
        rows.append([esc(c) for c in cells] + [ledger_link(a, r.check_id) if a else f"<code>{esc(r.check_id)}</code>"])
        rows_md.append(cells + [str(r.check_id)])
    return head + sentences("label.reanalysis_note", lang) + Block(box_table(hdr, rows, "effects"),
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
    what = "".join(f'<span lang="{lg}">{esc(t)}</span> ' for lg, t in localized(f"label.{key}", lang))
    prov = (f'{esc(say("label.drawn_by", lang))} <code>analysis.report.figures.{func}</code> '
            f'{esc(say("label.from_tables", lang))} ' + ", ".join(f"<code>{esc(t)}</code>" for t in tables)
            + f'; {esc(say("label.files", lang))}: <a href="../{rel}/{name}.svg">SVG</a>, '
              f'<a href="../{rel}/{name}.png">PNG</a>.')
    cap = f'<span class="what">{what.strip()}</span><br><span class="prov">{prov}</span>'
    md_what = " ".join(t for _, t in localized(f"label.{key}", lang))
    md = (f"![{md_what}](../{rel}/{name}.png)\n\n*{md_what}* {say('label.drawn_by', lang)} "
          f"`analysis.report.figures.{func}` {say('label.from_tables', lang)} {', '.join(tables)}.")
    return Block(f'<div id="figure-{esc(name)}">' + img(out["png"], cap, md_what) + "</div>", md)


def _fig_lang(lang: str) -> str:
    """Figures are drawn in Chinese for a Chinese page, in English otherwise (``both`` keeps one figure)."""
    return "zh" if lang == "zh" else "en"


def figures_section(ctx: Context) -> Block:
    """Write the study's figures (PNG and SVG) and show them with captions that state their provenance."""
    sid, lang = ctx.study.id, ctx.lang
    out = Block(f'<h2 id="figures">{esc(say("label.figures", lang))}</h2>', f"## {say('label.figures', lang)}")
    shown = False
    if (ctx.ledger["place"] != "claim").any():  # claims of the text are true or false: no ratio to draw
        f = figures.save(figures.ledger_figure(ctx.ledger, sid, lang=_fig_lang(lang)), f"{sid}_ledger")
        out += _figure(ctx, f, f"{sid}_ledger", "fig_ledger", "ledger_figure", [LEDGER_PATH])
        shown = True
    for res in ctx.study.resources.values():
        if res.kind == "outcomes":
            name = f"{sid}_{res.short}"
            f = figures.save(figures.outcomes_figure(res.frame, sid, lang=_fig_lang(lang)), name)
            out += _figure(ctx, f, name, "fig_outcomes", "outcomes_figure", [res.descriptor["path"]])
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
    return f'<a href="../{esc(file)}"><code>{esc(file)}</code></a>:{esc(line)}'


def trail_link(study: str, anchor: str, lang: str) -> str:
    """The link from a ledger row to its trail (``<study>_trails.html#<check_id>``)."""
    words = " · ".join(catalogue.say("trail.link", lg) for lg in langs(lang))
    return f' <a class="trail" href="{esc(trails.href(study, anchor))}">⤷ {esc(words)}</a>'


def ledger(ctx: Context) -> Block:
    """The study's rows of the consistency ledger, each with its anchor (``check_id``), a link to its trail
    (:mod:`analysis.report.trails`) and its transcription."""
    lang = ctx.lang
    head = Block(f'<h2 id="ledger">{esc(say("label.ledger", lang))}</h2>', f"## {say('label.ledger', lang)}")
    intro = Block(f'<p>{esc(say("label.ledger_note", lang))} '
                  f'<a href="../{LEDGER_PATH}"><code>{LEDGER_PATH}</code></a>.</p>',
                 f"{say('label.ledger_note', lang)} `{LEDGER_PATH}`.")
    if ctx.ledger.empty:
        return head + intro
    keys = ["c_check_id", "c_verdict", "c_place", "c_quantity", "c_printed", "c_recomputed", "c_range", "c_rule",
            "c_note", "c_source"]
    hdr = [say(f"label.{k}", lang) for k in keys]
    rows, rows_md, ids, cls = [], [], [], []
    for a, r in zip(anchors(ctx.ledger), ctx.ledger.itertuples()):
        d = decimals_of(r.reported)
        p_value = r.is_p
        rec = trim(format_number(r.recomputed, d + (0 if p_value else 2), p_value), d)
        lo, hi = trim(format_number(r.low, d + 2, p_value), d), trim(format_number(r.high, d + 2, p_value), d)
        rng = "" if lo == hi else f"{lo} – {hi}"
        place_h, place_m = bilingual(narrative.place_of, r, lang=lang)
        q_h, q_m = bilingual(render, r.quantity_msg, lang=lang)
        note_h, note_m = bilingual(narrative.notes_of, r, lang=lang,
                                   html_fn=lambda row, lg: narrative.notes_of(row, lg, html=True))
        grid = narrative.tolerance_grid(r)  # an "about x": its verdict at each tolerance of the ledger
        if grid is not None:
            grid_h, grid_m = bilingual(render, grid, lang=lang)
            note_h, note_m = f"{note_h}<br>{grid_h}", f"{note_m}; {grid_m}"
        rule_h, rule_m = bilingual(render, r.rule_msg, lang=lang)
        printed = printed_or_claim(r.printed, lang)
        rec = truth(r.holds, lang) if r.holds is not None else rec  # a claim: whether it holds
        rows.append([f'<a href="#{esc(a)}"><code>{esc(a)}</code></a>{trail_link(ctx.study.id, a, lang)}',
                     verdict_badge(r.verdict, lang), place_h,
                     q_h, esc(printed), esc(rec), esc(rng), rule_h, note_h, _source_link(r.source)])
        rows_md.append([f"[{a}]({trails.href(ctx.study.id, a)})", verdict_md(r.verdict, lang), place_m, q_m, printed, rec, rng, rule_m, note_m, r.source])
        ids.append(a)
        cls.append([""] * 10)
    return head + intro + Block(box_table(hdr, rows, "ledger", ids, cls), md_table(hdr, rows_md))
