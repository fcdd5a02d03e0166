"""The opening of a study report: header (source, evidence, parameters), what was checked, the findings.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.core.provenance import inputs_digest, lock_hash
from analysis.core.vocab import Category, Severity, Verdict
from analysis.results.coverage import CLAIM_KEYS, anchors, numbers, study_counts
from analysis.results.study import Context
from analysis.report.blocks import (Block, bilingual, box_table, esc, ledger_link, md_table, paras, sentences,
                                    verdict_badge, verdict_md)
from analysis.text import narrative
from analysis.text.catalogue import Text, pick, render, render_html, say
from analysis.text.labels import langs, term
from analysis.text.numbers import shown_pair

__all__ = ["header", "legend", "summary", "findings", "overview", "run_rule"]

def run_rule(ctx: Any) -> str:
    """The run's rounding rule (half-up for a context without parameters)."""
    return getattr(ctx, "params", {}).get("rounding", "half_up")


def _study_title(meta: dict, lang: str) -> str:
    return pick(Text(meta["title"], meta.get("title_zh", "")), lang)


def header(ctx: Context) -> Block:
    """Title (one per study), source, evidence level and the parameters of the run in a small table."""
    m, lang, p = ctx.study.meta, ctx.lang, ctx.params
    title = _study_title(m, lang)
    lvl = m["evidence_level"]
    lvl_text = narrative.evidence_label(lvl, lang)
    rows = [[say("label.p_study", lang), f"<code>{esc(p['study'])}</code>"],
            [say("label.p_alpha", lang), esc(p["alpha"])],
            [say("label.p_t_test", lang), esc(narrative.param_word("t_test", p["t_test"], lang))],
            [say("label.p_rounding", lang), esc(narrative.param_word("rounding", p["rounding"], lang))],
            [say("label.p_lang", lang), esc(narrative.param_word("lang", p["lang"], lang))],
            [say("label.p_inputs", lang), f"<code>{inputs_digest()[:16]}</code>"],
            [say("label.p_lock", lang), f"<code>{lock_hash()[:16]}</code>"]]
    note_html, note_md = paras(narrative.evidence_note(lvl, lg) for lg in langs(lang))
    h = (f'<h1 id="top" data-page-lang="{lang}">{esc(title)}</h1>'
         f'<p class="kicker">{esc(say("label.report", lang))}</p>'
         f'<p><b>{esc(say("label.source", lang))}:</b> <cite lang="en">{esc(m["citation"])}</cite></p>'
         f'<p><b>{esc(say("label.evidence", lang))}:</b> {esc(lvl_text)}</p>{note_html}'
         f'<details class="run"><summary>{esc(say("label.run", lang))}</summary>'
         + box_table([say("label.parameter", lang), say("label.value", lang)], rows, "params") + "</details>")
    md = (f"# {title}\n\n**{say('label.source', lang)}:** {m['citation']}\n\n"
          f"**{say('label.evidence', lang)}:** {lvl_text}"
          f"\n\n{note_md}\n\n**{say('label.run', lang)}**\n\n"
          + md_table([say("label.parameter", lang), say("label.value", lang)], rows))
    return Block(h, md)


def legend(lang: str) -> Block:
    items = [v for v in Verdict if v is not Verdict.INVALID]
    h = (f'<ul class="legend"><li><b>{esc(say("label.legend", lang))}:</b></li>'
         + "".join(f"<li>{verdict_badge(v.value, lang, short=False)} {esc(term(v, lang))}</li>" for v in items)
         + "</ul>")
    return Block(h, f"**{say('label.legend', lang)}:** " + "; ".join(
        f"{verdict_md(v.value, lang)}: {term(v, lang)}" for v in items))


def summary(ctx: Context) -> Block:
    """What was checked, what reproduces, what does not: the counts, in one definition."""
    lang, c = ctx.lang, study_counts(ctx.study, ctx.ledger)
    texts = [narrative.coverage_paragraph(c, lg) for lg in langs(lang)]
    texts += [narrative.study_paragraph(c, lg) for lg in langs(lang)]
    texts += [narrative.claims_paragraph(c, lg) for lg in langs(lang)]
    ph, pm = paras(texts)
    verdicts = [v for v in Verdict if v not in (Verdict.INVALID, Verdict.UNDECIDABLE)]  # no number is undecidable
    header_ = [say("label.printed_n", lang), say("label.checkable_n", lang), say("label.checks_n", lang)]
    header_ += [verdict_badge(v.value, lang) for v in verdicts]
    row = [str(c["printed"]), str(c["checkable"]), str(c["checks"])] + [str(c[v.value]) for v in verdicts]
    claim_keys = ("claims_n", "claims_hold", "claims_fail", "claims_undecidable", "restatements_n")
    claim_head = [say(f"label.{k}", lang) for k in claim_keys]
    claim_row = [str(c[k]) for k in CLAIM_KEYS[:5]]
    h = (f'<h2 id="summary">{esc(say("label.summary", lang))}</h2>'
         f'<h3>{esc(say("label.numbers_head", lang))}</h3>' + box_table(header_, [row], "counts")
         + f'<h3>{esc(say("label.claims_head", lang))}</h3>' + box_table(claim_head, [claim_row], "counts") + ph)
    md = (f"## {say('label.summary', lang)}\n\n### {say('label.numbers_head', lang)}\n\n"
          + md_table(header_[:3] + [verdict_md(v.value, lang) for v in verdicts], [row])
          + f"\n\n### {say('label.claims_head', lang)}\n\n" + md_table(claim_head, [claim_row]) + "\n\n" + pm)
    return Block(h, md)


def _findings_frame(ctx: Context) -> pd.DataFrame | None:
    f = getattr(ctx, "findings", None)
    if f is None or not isinstance(f, pd.DataFrame):
        return None
    return f[f["study"] == ctx.study.id] if "study" in f.columns else f


def findings(ctx: Context) -> Block:
    """The findings: counts by category and severity, those that change a conclusion first, each linked to its ledger rows.

    Uses ``ctx.findings`` (columns ``study, finding, category, severity,
    changes_conclusion, location, checks, summary_en, summary_zh``; ``checks``
    is a ``;``-separated list of ledger ``check_id``). Without a findings table,
    the numbers that do not reproduce are listed from the ledger.
    """
    lang = ctx.lang
    f = _findings_frame(ctx)
    head = f'<h2 id="findings">{esc(say("label.findings", lang))}</h2>'
    md_head = f"## {say('label.findings', lang)}"
    if ctx.ledger.empty and (f is None or f.empty):
        return Block(head, md_head) + sentences("label.nothing_checked", lang)
    if f is None:
        return Block(head, md_head) + sentences("label.no_findings_table", lang) + _not_reproduced(ctx)
    if f.empty:
        return Block(head, md_head) + sentences("label.none_bad", lang)
    anchor_of = dict(zip(ctx.ledger["check_id"], anchors(ctx.ledger))) if not ctx.ledger.empty else {}
    sev = [s for s in sorted(Severity, key=lambda s: -s.rank)]
    cats = [c for c in Category if c.value in set(f["category"])]
    grid = []
    for c in cats:
        sub = f[f["category"] == c.value]
        grid.append([esc(term(c, lang))] + [str(int((sub["severity"] == s.value).sum()) or "") for s in sev]
                    + [str(len(sub))])
    grid.append([f"<b>{esc(say('label.total', lang))}</b>"] + [str(int((f["severity"] == s.value).sum()))
                                                          for s in sev] + [str(len(f))])
    hdr = [say("label.category", lang)] + [term(s, lang) for s in sev] + [say("label.total", lang)]
    order = f.assign(cc_=f["changes_conclusion"].astype(str).str.lower().isin(["true", "1"]),
                     sr_=f["severity"].map(lambda s: Severity(s).rank))
    order = order.sort_values(["cc_", "sr_", "finding"], ascending=[False, False, True], kind="stable")
    rows, rows_md, ids = [], [], []
    for r in order.itertuples():
        links = []
        for cid in [c.strip() for c in str(r.checks).split(";") if c.strip()]:
            a = anchor_of.get(cid, cid if ":" in cid else f"{ctx.study.id}:{cid}")
            links.append(ledger_link(a))
        text = " / ".join(str(getattr(r, f"summary_{lg}")) for lg in langs(lang))
        where = " / ".join(str(getattr(r, "location_zh" if lg == "zh" else "location", "") or r.location)
                           for lg in langs(lang))
        sev_l = term(Severity(r.severity), lang)
        mark = Verdict.INCONSISTENT_CONCLUSION.symbol + " " if r.cc_ else ""
        why = " / ".join(str(getattr(r, f"reason_{lg}", "")) for lg in langs(lang))
        rows.append([f"<b>{esc(r.finding)}</b>", esc(mark + sev_l), esc(term(Category(r.category), lang)),
                     esc(text), esc(why), esc(where), " ".join(links)])
        rows_md.append([str(r.finding), mark + sev_l, term(Category(r.category), lang), text, why, where,
                        ", ".join(c.strip() for c in str(r.checks).split(";") if c.strip())])
        ids.append(f"finding-{ctx.study.id}-{r.finding}")
    hdr2 = [say("label.finding", lang), say("label.severity", lang), say("label.category", lang),
            say("label.summary_column", lang), say("label.c_criterion", lang), say("label.location", lang),
            say("label.checks", lang)]
    first = sentences("label.conclusion_first", lang)
    h = head + box_table(hdr, grid, "counts") + first.html + box_table(hdr2, rows, "findings", ids)
    md = md_head + "\n\n" + md_table(hdr, grid) + "\n\n" + first.md + "\n\n" + md_table(hdr2, rows_md)
    return Block(h, md)


def _not_reproduced(ctx: Context) -> Block:
    lang = ctx.lang
    nums = numbers(ctx.ledger)
    if nums.empty:
        return sentences("label.none_bad", lang)
    bad = nums[nums["verdict"].map(lambda v: Verdict(v) is not Verdict.CONSISTENT)]
    if bad.empty:
        return sentences("label.none_bad", lang)
    bad = bad.assign(_r=bad["verdict"].map(lambda v: -Verdict(v).rank)).sort_values("_r", kind="stable")
    hdr = [say(f"label.{k}", lang) for k in ("c_verdict", "c_place", "c_quantity", "c_number", "c_note", "c_check_id")]
    rows, rows_md = [], []
    for r in bad.itertuples():
        found = narrative.diagnoses_of(ctx.ledger[ctx.ledger["ref"] == r.ref])
        pair = shown_pair(r.reported, r.recomputed, r.is_p, r.verdict, run_rule(ctx), lang, holds=r.holds)
        note_h, note_m = bilingual(lambda lg: render(found, lg) if found else "", lang=lang,
                                   html_fn=lambda lg: render_html(found, lg) if found else "")
        place_h, place_m = bilingual(narrative.place_of, r, lang=lang)
        q_h, q_m = bilingual(render, r.quantity_msg, lang=lang)
        rows.append([verdict_badge(r.verdict, lang), place_h, q_h, f"<b>{esc(pair)}</b>", note_h,
                     ledger_link(r.anchor)])
        rows_md.append([verdict_md(r.verdict, lang), place_m, q_m, pair, note_m, r.anchor])
    cond = sentences("label.conclusion_first", lang)
    return Block(f'<h3>{esc(say("label.not_reproduced", lang))}</h3>' + cond.html + box_table(hdr, rows, "findings"),
                 f"### {say('label.not_reproduced', lang)}\n\n{cond.md}\n\n" + md_table(hdr, rows_md))


def overview(ctx: Context) -> Block:
    """Header, summary and findings: what a reviewer reads first."""
    return header(ctx) + summary(ctx) + findings(ctx)
