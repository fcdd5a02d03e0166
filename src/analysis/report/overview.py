"""The opening of a study report: header (source, evidence, parameters), what was checked, the findings.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.core.provenance import inputs_digest, lock_hash
from analysis.core.vocab import Category, Severity, Verdict
from analysis.results.coverage import CLAIM_KEYS, anchors, numbers, study_counts
from analysis.results.study import Context
from analysis.report.blocks import (Block, bilingual, box_table, check_numbers, esc, ledger_link, md_table, numbered, paras,
                                    sentences, verdict_badge, verdict_md)
from analysis.text import narrative
from analysis.text.catalogue import Join, Msg, Text, pick, render, render_html, say
from analysis.text.labels import langs, term
from analysis.text.numbers import shown_pair

__all__ = ["header", "legend", "summary", "findings", "overview", "run_rule", "run_parameters", "finding_order",
           "finding_numbers", "citation", "provenance"]

def run_rule(ctx: Any) -> str:
    """The run's rounding rule (half-up for a context without parameters)."""
    return getattr(ctx, "params", {}).get("rounding", "half_up")


def _study_title(meta: dict, lang: str) -> str:
    return pick(Text(meta["title"], meta.get("title_zh", "")), lang)


def _verdict(ctx: Context, lg: str) -> list[str]:
    """The verdict in two or three sentences, with the numbers that carry it, in one language."""
    c = study_counts(ctx.study, ctx.ledger)
    out = []
    if c["checkable"]:
        out.append(say("label.verdict_numbers", lg, checkable=c["checkable"],
                       bad=c["inconsistent"] + c["inconsistent_conclusion"], cc=c["inconsistent_conclusion"],
                       rule=c["consistent_if_rounding"]))
    else:
        out.append(say("label.verdict_no_numbers", lg))
    if c["claims"]:  # the results layer's claims: restatements apart, undecidable its own outcome
        out.append(say("label.verdict_claims", lg, n=c["claims"], bad=c["claims_fail"], undecided=c["claims_undecidable"]))
    f = _findings_frame(ctx)
    if f is None or f.empty:
        out.append(say("label.verdict_none" if c["checkable"] else "label.verdict_none_claims", lg))
    else:
        n = {s: int((f["severity"] == s.value).sum()) for s in Severity}
        out.append(say("label.verdict_findings", lg, n=len(f), cc=n[Severity.CHANGES_CONCLUSION],
                       material=n[Severity.MATERIAL], minor=n[Severity.MINOR], note=n[Severity.NOTE]))
        out.append(_worst(f, lg))
        if c["inconsistent_conclusion"]:  # both meanings of "conclusion" on the page: how they relate
            out.append(say("label.verdict_relation", lg))
    return out


def _worst(f: pd.DataFrame, lg: str, most: int = 4) -> str:
    """What fails and why, in one sentence: the findings of the highest severity present, by category (what is
    wrong) with the printed tables or the text where they are (at most ``most`` categories)."""
    top = finding_order(f)
    top = top[top["sr_"] == top["sr_"].max()]
    items = []
    for cat, grp in top.groupby("category", sort=False):
        col = "location_zh" if lg == "zh" and "location_zh" in grp else "location"
        places = list(dict.fromkeys(str(x).split("\uff08" if lg == "zh" else " (", 1)[0] for x in grp[col]))
        items.append(Msg.of("label.verdict_item", category=term(Category(cat), lg),
                            places=say("sep.comma", lg).join(places)))
    return say("label.verdict_worst", lg, severity=term(Severity(top["severity"].iloc[0]), lg),
               items=Join("sep.semicolon", tuple(items[:most])))


def _changes(ctx: Context, lang: str) -> str:
    """The findings that change a conclusion, each in one sentence, linked to the finding."""
    f = _findings_frame(ctx)
    if f is None or f.empty:
        return ""
    cc = f[f["severity"] == Severity.CHANGES_CONCLUSION.value]
    if cc.empty:
        return ""
    items = []
    for r in cc.itertuples():
        text = " ".join(f'<span lang="{lg}">{esc(getattr(r, f"summary_{lg}"))}</span>' for lg in langs(lang))
        items.append(f'<li>{text} <a href="#finding-{esc(ctx.study.id)}-{esc(r.finding)}">→</a></li>')
    head = " ".join(f'<span lang="{lg}">{esc(say("label.verdict_changes", lg))}</span>' for lg in langs(lang))
    return f'<p class="verdict">{head}</p><ul>{"".join(items)}</ul>'


def citation(meta: dict, lang: str) -> str:
    """A source's full citation as the data package gives it: its titles as printed (``printed_title_zh``,
    ``printed_title``), then the details; a source whose extract prints no title is named by the compendium's
    descriptive titles, said to be ours; where the source lacks details, a sentence says so rather than
    inventing them."""
    if meta.get("printed_title_zh") or meta.get("printed_title"):
        zh, en, ours = meta.get("printed_title_zh", ""), meta.get("printed_title", ""), ""
    else:
        zh, en = meta.get("title_zh", ""), meta["title"]
        ours = " ".join(f'<span lang="{lg}">{esc(say("label.descriptive_title", lg))}</span>' for lg in langs(lang))
    cite = [ours, f'<span lang="zh">{esc(zh)}</span>' if zh else "", f'<cite lang="en">{esc(en)}</cite>' if en else "",
            f'<span lang="en">{esc(meta["citation"])}</span>']
    if meta.get("details_missing"):
        cite += [f'<span lang="{lg}">{esc(say("label.no_details", lg))}</span>' for lg in langs(lang)]
    return "<br>".join(c for c in cite if c)


def provenance(lang: str) -> str:
    """The summary's line of what a page was built from: the inputs digest and the data package's date (a page
    cannot name the commit that will hold it), as a ``<dt>``/``<dd>`` pair."""
    from analysis.data.datapackage import descriptor
    from analysis.report.glossary import term_link
    date = str(descriptor().get("created", ""))[:10]
    built_msg = Msg.of("label.built_text", digest=inputs_digest()[:16], date=date)
    built = " ".join(f'<span lang="{lg}">{render_html(built_msg, lg)}</span>' for lg in langs(lang))
    return (f'<dt>{term_link("inputs_digest", say("label.built_from", lang, sep=" · "))}</dt>'
            f'<dd>{built} ({term_link("inputs_digest", "?")})</dd>')


def header(ctx: Context) -> Block:
    """The summary for reviewers (``id="summary"``): the verdict with its numbers, what changes a conclusion,
    the source's full citation as the source gives it, its evidence level, and what the page was built from
    (the inputs digest and the date of the data package: a page cannot name the commit that will hold it)."""
    m, lang, p = ctx.study.meta, ctx.lang, ctx.params
    lvl = m["evidence_level"]
    verdict = "".join(f'<p lang="{lg}" class="verdict">{esc(" ".join(_verdict(ctx, lg)))}</p>' for lg in langs(lang))
    cite = [citation(m, lang)]
    params = " ".join(f'<span lang="{lg}">{esc(say("label.parameters_text", lg, alpha=str(p["alpha"]), t_test=narrative.param_word("t_test", p["t_test"], lg), rounding=narrative.param_word("rounding", p["rounding"], lg)))}</span>'
                      for lg in langs(lang))
    lvl_text = " ".join(f'<span lang="{lg}">{esc(narrative.evidence_label(lvl, lg))}</span>' for lg in langs(lang))

    def dt(mid: str) -> str:
        return " · ".join(f'<span lang="{lg}">{esc(say(mid, lg))}</span>' for lg in langs(lang))
    h = (f'<div id="summary" class="summary" data-page-lang="{lang}">{verdict}{_changes(ctx, lang)}<dl>'
         f'<dt>{dt("label.citation")}</dt><dd>{"<br>".join(c for c in cite if c)}</dd>'
         f'<dt>{dt("label.evidence")}</dt><dd>{lvl_text}</dd>'
         + provenance(lang) +
         f'<dt>{dt("label.parameters_short")}</dt><dd>{params}</dd></dl></div>')
    title = _study_title(m, lang)
    md = (f"# {title}\n\n" + "\n\n".join(" ".join(_verdict(ctx, lg)) for lg in langs(lang))
          + f"\n\n**{say('label.source', lang)}:** {m['citation']}\n\n"
          f"**{say('label.evidence', lang)}:** {narrative.evidence_label(lvl, lang)}")
    return Block(h, md)


def run_parameters(ctx: Context) -> Block:
    """The parameters of the run and the digests of its inputs (the page's last section, printed whole)."""
    lang, p = ctx.lang, ctx.params
    rows = [[say("label.p_study", lang), f"<code>{esc(p['study'])}</code>"],
            [say("label.p_alpha", lang), esc(p["alpha"])],
            [say("label.p_t_test", lang), esc(narrative.param_word("t_test", p["t_test"], lang))],
            [say("label.p_rounding", lang), esc(narrative.param_word("rounding", p["rounding"], lang))],
            [say("label.p_lang", lang), esc(narrative.param_word("lang", p["lang"], lang))],
            [say("label.p_inputs", lang), f"<code>{inputs_digest()}</code>"],
            [say("label.p_lock", lang), f"<code>{lock_hash()}</code>"]]
    note_html, note_md = paras(narrative.evidence_note(ctx.study.meta["evidence_level"], lg) for lg in langs(lang))
    hdr = [say("label.parameter", lang), say("label.value", lang)]
    return Block(note_html + box_table(hdr, rows, "params", caption=numbered(ctx, "table", say("label.params_caption", lang), "run")),
                 note_md + "\n\n" + md_table(hdr, rows))


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
    labels = [esc(say("label.printed_n", lang)), esc(say("label.checkable_n", lang)), esc(say("label.checks_n", lang))]
    labels += [verdict_badge(v.value, lang, short=False) + " " + esc(term(v, lang)) for v in verdicts]
    values = [str(c["printed"]), str(c["checkable"]), str(c["checks"])] + [str(c[v.value]) for v in verdicts]
    claim_keys = ("claims_n", "claims_hold", "claims_fail", "claims_undecidable", "restatements_n")
    claim_labels = [esc(say(f"label.{k}", lang)) for k in claim_keys]
    claim_values = [str(c[k]) for k in CLAIM_KEYS[:5]]
    hdr = [say("label.what_counted", lang), say("label.how_many", lang)]
    h = (box_table(hdr, [[lab, val] for lab, val in zip(labels, values)], "counts",
                   caption=numbered(ctx, "table", say("label.counts_caption", lang), "counts"))
         + box_table(hdr, [[lab, val] for lab, val in zip(claim_labels, claim_values)], "counts",
                     caption=numbered(ctx, "table", say("label.claims_head", lang), "claims")) + ph)
    row = values
    md = (f"### {say('label.numbers_head', lang)}\n\n"
          + md_table(labels[:3] + [verdict_md(v.value, lang) for v in verdicts], [row])
          + f"\n\n### {say('label.claims_head', lang)}\n\n" + md_table(claim_labels, [claim_values]) + "\n\n" + pm)
    return Block(h, md)


def finding_order(f: pd.DataFrame) -> pd.DataFrame:
    """The findings in the order a page numbers them (Finding 1, 2, ...): those that change a conclusion
    first, then by severity, then by id; with the columns ``cc_`` (changes a conclusion) and ``sr_`` (rank)."""
    order = f.assign(cc_=f["changes_conclusion"].astype(str).str.lower().isin(["true", "1"]),
                     sr_=f["severity"].map(lambda s: Severity(s).rank))
    return order.sort_values(["cc_", "sr_", "finding"], ascending=[False, False, True], kind="stable")


def finding_numbers(ctx: Context) -> dict[str, int]:
    """Each finding's number on the study's page (``Finding 3``), by its id."""
    f = _findings_frame(ctx)
    if f is None or f.empty:
        return {}
    return {fid: i for i, fid in enumerate(finding_order(f)["finding"], start=1)}


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
    head, md_head = "", ""
    if ctx.ledger.empty and (f is None or f.empty):
        return Block(head, md_head) + sentences("label.nothing_checked", lang)
    if f is None:
        return Block(head, md_head) + sentences("label.no_findings_table", lang) + _not_reproduced(ctx)
    if f.empty:
        none = "label.none_bad" if not numbers(ctx.ledger).empty else "label.none_bad_claims"  # numbers checked?
        return Block(head, md_head) + sentences(none, lang)
    anchor_of = dict(zip(ctx.ledger["check_id"], anchors(ctx.ledger))) if not ctx.ledger.empty else {}
    row_no = check_numbers(anchors(ctx.ledger)) if not ctx.ledger.empty else {}
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
    order = finding_order(f)
    rows, rows_md, ids = [], [], []
    for r in order.itertuples():
        links = []
        shown_md = []
        for cid in [c.strip() for c in str(r.checks).split(";") if c.strip()]:
            a = anchor_of.get(cid, cid if ":" in cid else f"{ctx.study.id}:{cid}")
            links.append(_row_link(ctx, a, row_no, lang))
            shown_md.append(say("label.check_n", "en", n=row_no[a]))
        text = " / ".join(str(getattr(r, f"summary_{lg}")) for lg in langs(lang))
        text_h = "<br>".join(f'<span lang="{lg}">{esc(getattr(r, f"summary_{lg}"))}</span>' for lg in langs(lang))
        sev_l = term(Severity(r.severity), lang)
        mark = Verdict.INCONSISTENT_CONCLUSION.symbol + " " if r.cc_ else ""
        number = " · ".join(say("label.finding_n", lg, n=len(rows) + 1) for lg in langs(lang))
        why = " / ".join(str(getattr(r, f"reason_{lg}", "")) for lg in langs(lang))
        why_h = "<br>".join(f'<span lang="{lg}">{esc(getattr(r, f"reason_{lg}", ""))}</span>' for lg in langs(lang))
        rows.append([f"<b>{esc(number)}</b>", esc(mark + sev_l), esc(term(Category(r.category), lang)),
                     text_h, why_h, "<br>".join(links)])  # the summary opens with where the finding is
        rows_md.append([number, mark + sev_l, term(Category(r.category), lang), text, why,
                        ", ".join(shown_md)])
        ids.append(f"finding-{ctx.study.id}-{r.finding}")
    hdr2 = [say("label.finding", lang), say("label.severity", lang), say("label.category", lang),
            say("label.summary_column", lang), say("label.c_criterion", lang), say("label.checks", lang)]
    first = sentences("label.conclusion_first", lang)
    h = (box_table(hdr, grid, "counts cards", caption=numbered(ctx, "table", say("label.findings_grid_caption", lang), "findings-grid"))
         + first.html + box_table(hdr2, rows, "findings cards", ids,
                                  caption=numbered(ctx, "table", say("label.findings_caption", lang), "findings")))
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
    number = check_numbers(anchors(ctx.ledger))
    for r in bad.itertuples():
        found = narrative.diagnoses_of(ctx.ledger[ctx.ledger["ref"] == r.ref])
        pair = shown_pair(r.reported, r.recomputed, r.is_p, r.verdict, run_rule(ctx), lang, holds=r.holds)
        note_h, note_m = bilingual(lambda lg: render(found, lg) if found else "", lang=lang,
                                   html_fn=lambda lg: render_html(found, lg) if found else "")
        place_h, place_m = bilingual(narrative.place_of, r, lang=lang)
        q_h, q_m = bilingual(render, r.quantity_msg, lang=lang)
        rows.append([verdict_badge(r.verdict, lang), place_h, q_h, f"<b>{esc(pair)}</b>", note_h,
                     ledger_link(r.anchor, number[r.anchor])])
        rows_md.append([verdict_md(r.verdict, lang), place_m, q_m, pair, note_m,
                        say("label.check_n", "en", n=number[r.anchor])])
    cond = sentences("label.conclusion_first", lang)
    return Block(f'<h3>{esc(say("label.not_reproduced", lang))}</h3>' + cond.html + box_table(hdr, rows, "findings"),
                 f"### {say('label.not_reproduced', lang)}\n\n{cond.md}\n\n" + md_table(hdr, rows_md))


def overview(ctx: Context) -> Block:
    """The summary for reviewers, the findings and the counts: what a reviewer reads first, in the page's order."""
    return header(ctx) + findings(ctx) + summary(ctx)


def _row_link(ctx: Context, anchor: str, number: dict[str, int], lang: str) -> str:
    """A finding's ledger row: its number on the page, linked, and what that row checks in words."""
    r = ctx.ledger.iloc[number[anchor] - 1]
    what = "".join(f'<span lang="{lg}"> {esc(render(r.quantity_msg, lg))}</span>' for lg in langs(lang)
                   if lg == langs(lang)[0] or render(r.quantity_msg, lg) != render(r.quantity_msg, "en"))
    return f'{ledger_link(anchor, number[anchor])}<span class="muted">{what}</span>'
