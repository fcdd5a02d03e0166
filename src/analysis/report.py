"""What the notebooks call: one function per cell, each returning one display.

The template ``notebooks/study.ipynb`` knows nothing of any particular study:
it opens the study named by its parameter and renders whatever tables the
data package declares for it.

>>> ctx = open_study(study="zigong_hf_alliance", alpha=0.05, t_test="student", tolerance=0.1,
...                  rounding="half_up", lang="en")
>>> sorted(ctx.recomputed())[:2]
['alliance_composition', 't1_characteristics']
"""
from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from IPython.display import HTML

from . import figures, findings, ledger as ledger_mod, narrative, params, reanalysis as reanalysis_mod
from .engine import Options
from .datapackage import Resource, Study, load_study
from .rounding import format_fixed, parse_printed

__all__ = ["Context", "open_study", "overview", "reproduction", "reanalysis", "figures_section",
           "ledger", "recomputed_frame", "html_table", "img", "paragraphs", "SEVERITY"]

SEVERITY = {"consistent": 0, "consistent_if_rounding": 1, "inconsistent": 2, "inconsistent_conclusion": 3}
_CSS = {
    "consistent": "background-color:#e5f5e0",
    "consistent_if_rounding": "background-color:#fff3c4",
    "inconsistent": "background-color:#fdd0a2;font-weight:bold",
    "inconsistent_conclusion": "background-color:#b30000;color:white;font-weight:bold",
}
_LEGEND = {
    "en": {"consistent": "reproduces", "consistent_if_rounding": "reproduces only under another rounding rule",
           "inconsistent": "does not reproduce", "inconsistent_conclusion": "does not reproduce; significance flips"},
    "zh": {"consistent": "可重现", "consistent_if_rounding": "仅在其他舍入规则下可重现",
           "inconsistent": "不一致", "inconsistent_conclusion": "不一致且显著性结论改变"},
}
_H = {
    "printed": ("As printed", "原文"), "recomputed": ("Recomputed", "重算"),
    "evidence": ("Evidence level", "证据等级"), "source": ("Source", "来源"),
    "reanalysis_note": (
        "Re-analysis, separate from the reproduction: effect sizes with 95% confidence intervals computed from "
        "the printed summaries (second group versus first). They take the printed inputs at face value, "
        "including any the reproduction found inconsistent.",
        "再分析（与复现分开）：依据印刷的汇总数据计算效应量及其95%置信区间（后一组相对前一组）。"
        "计算按原样采用印刷数值，包括复现中发现不一致的数值。"),
    "no_effects": ("This study prints no summaries from which an effect size can be computed.",
                   "本研究未印刷可用于计算效应量的汇总数据。"),
    "figure_ledger": ("Each checked number: log10(recomputed / printed), coloured by verdict.",
                      "每个核查数值：log10(重算值/印刷值)，颜色表示核查结论。"),
    "derived": ("Derived values (implied, not printed)", "推导值（由印刷数值推出，原文未印刷）"),
    "derived_note": (
        "Values the printed numbers imply but the source does not print, with the range their rounding allows. "
        "They are labelled as derived and are not part of the ledger.",
        "由印刷数值推出而原文未印刷的数值，并给出舍入允许的范围；均标为推导值，不计入核查台账。"),
    "figure_outcomes": ("Reported before/after values and printed changes, by site; every value as printed, "
                        "with its evidence level.",
                        "各地点报告的改革前后数值与印刷的变化幅度；数值均按原文，并标明证据等级。"),
    "no_figures": ("No figure: this source has no checkable numbers and no before/after outcomes; its coded tables "
                   "are above.", "无图：本文没有可核查的数值和改革前后结果；编码表见上。"),
    "figure_effects": ("Re-analysis: effect sizes with 95% confidence intervals.",
                       "再分析：效应量及其95%置信区间。"),
}


def _say(key: str, lang: str) -> str:
    en, zh = _H[key]
    return {"en": en, "zh": zh}.get(lang, f"{en} / {zh}")


@dataclass
class Context:
    """A study opened for reporting, with its ledger and re-analysis."""

    params: dict[str, Any]
    study: Study
    ledger: pd.DataFrame
    effects: pd.DataFrame = field(repr=False)
    derived: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    findings: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    @property
    def lang(self) -> str:
        return self.params["lang"]

    def recomputed(self) -> dict[str, pd.DataFrame]:
        """Each resource in its printed shape, derivable cells recomputed."""
        return {k: recomputed_frame(r, self.ledger) for k, r in self.study.resources.items()}


def open_study(**values: Any) -> Context:
    """Validate the parameters, load and check the study.

    Raises :class:`analysis.errors.InputError` on an unknown or ill-typed
    parameter or an unknown study id.
    """
    p = params.validate("study", **values)
    study = load_study(p["study"])
    opts = Options(alpha=p["alpha"], rounding=p["rounding"], t_test=p["t_test"], tolerance=p["tolerance"])
    led = ledger_mod.build_ledger(study, opts)
    return Context(p, study, led, reanalysis_mod.effects(study), reanalysis_mod.derived(study, opts),
                   findings.build_findings(led, opts.material))


def _title(f: dict, lang: str) -> str:
    return {"en": f["title"], "zh": f.get("title_zh", f["title"])}.get(lang, f"{f['title']} / {f.get('title_zh', '')}")


def _cell_verdicts(res: Resource, led: pd.DataFrame) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for ref, verdict in zip(led["ref"], led["verdict"]):
        if ref.count(":") != 2:  # a claim of the text, or a count of rows: no single cell
            continue
        short, key, name = ref.split(":")
        if short == res.short and SEVERITY[verdict] >= SEVERITY.get(out.get((key, name), "consistent"), 0):
            out[(key, name)] = verdict
    return out


def _format_recomputed(printed: str, recomputed: str, quantity: str) -> str:
    p = parse_printed(printed)
    x = float(recomputed)
    if quantity.startswith("p ") and abs(x) < 10 ** -max(p.decimals, 3):
        return f"<{10 ** -max(p.decimals, 3):.{max(p.decimals, 3)}f}"
    return format_fixed(x, p.decimals)


def recomputed_frame(res: Resource, led: pd.DataFrame) -> pd.DataFrame:
    """The resource in its printed shape with each derivable cell recomputed.

    A cell checked more than once shows its first check (the one from the
    table's own inputs); cells that are not derivable keep their printed text.
    """
    frame = res.frame.copy()
    rows = led[led["ref"].str.startswith(res.short + ":")]
    seen: set[str] = set()
    for r in rows.itertuples():
        if r.ref in seen or r.recomputed == "":
            continue
        seen.add(r.ref)
        _, key, name = r.ref.split(":")
        i = frame.index[frame[res.key] == key][0]
        frame.loc[i, name] = _format_recomputed(r.reported, r.recomputed, r.quantity)
    return frame


def html_table(df: pd.DataFrame, uid: str, css: pd.DataFrame | None = None, fmt: str | None = None) -> str:
    """The one way reports render a table: left-aligned, no index, a fixed id (deterministic HTML).

    ``css`` gives a style per cell (same shape as ``df``); ``fmt`` formats the float columns.
    """
    sty = (df.style.hide(axis="index").set_uuid(uid).set_properties(**{"text-align": "left"})
           .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}]))
    if css is not None:
        sty = sty.apply(lambda _: css, axis=None)
    floats = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
    if fmt and floats:
        sty = sty.format({c: fmt for c in floats}, na_rep="undefined")
    return sty.to_html()


def _styled(frame: pd.DataFrame, res: Resource, verdicts: dict, lang: str, uid: str) -> str:
    shown = frame.copy()
    css = pd.DataFrame("", index=shown.index, columns=shown.columns)
    for (key, name), v in verdicts.items():
        i = shown.index[shown[res.key] == key][0]
        css.loc[i, name] = _CSS[v]
    titles = {f["name"]: _title(f, lang) for f in res.fields}
    shown.columns = [titles.get(c, c) for c in shown.columns]
    css.columns = shown.columns
    return html_table(shown, uid, css)


def _legend(lang: str) -> str:
    langs = ["en", "zh"] if lang == "both" else [lang]
    items = "".join(
        f'<span style="{_CSS[v]};padding:2px 6px;margin-right:6px">'
        f'{" / ".join(_LEGEND[lg][v] for lg in langs)}</span>' for v in SEVERITY)
    return f"<p>{items}</p>"


def paragraphs(text: str) -> str:
    """Plain text (paragraphs separated by a blank line) as HTML paragraphs."""
    return "".join(f"<p>{html.escape(par)}</p>" for par in text.split("\n\n"))


def overview(ctx: Context) -> HTML:
    """Title, source, evidence level and the one-sentence summary."""
    m, lang = ctx.study.meta, ctx.lang
    title = {"en": m["title"], "zh": m.get("title_zh", m["title"])}.get(lang, f"{m['title']}<br>{m.get('title_zh', '')}")
    body = (f"<h2>{title}</h2>"
            f"<p><b>{_say('source', lang)}:</b> {html.escape(m['citation'])} ({html.escape(m['source'])})</p>"
            f"<p><b>{_say('evidence', lang)}:</b> {html.escape(m['evidence_level'])}</p>"
            + paragraphs(narrative.evidence_note(m["evidence_level"], lang))
            + paragraphs(narrative.coverage_paragraph(ledger_mod.coverage(ctx.study, ctx.ledger), lang))
            + paragraphs(narrative.study_paragraph(ctx.ledger, lang)))
    return HTML(body)


def reproduction(ctx: Context) -> HTML:
    """Every printed table: as printed, recomputed, differences highlighted, narrative."""
    lang, parts = ctx.lang, [_legend(ctx.lang)]
    by_table: dict[str, list[Resource]] = {}
    for res in ctx.study.resources.values():
        by_table.setdefault(res.table, []).append(res)
    for table in ctx.study.tables:
        parts.append(f"<h3>{html.escape(narrative.table_name(table, lang))}</h3>")
        for res in by_table.get(table, []):
            cap = {"en": res.descriptor["title"], "zh": res.descriptor.get("title_zh", "")}.get(
                lang, f"{res.descriptor['title']} / {res.descriptor.get('title_zh', '')}")
            verdicts = _cell_verdicts(res, ctx.ledger)
            uid = res.name.replace("/", "-")
            parts.append(f"<h4>{html.escape(cap)}</h4><p><i>{_say('printed', lang)}</i> "
                         f"<code>{html.escape(res.path)}</code></p>")
            parts.append(_styled(res.frame, res, verdicts, lang, uid + "-printed"))
            if verdicts:
                parts.append(f"<p><i>{_say('recomputed', lang)}</i></p>")
                parts.append(_styled(recomputed_frame(res, ctx.ledger), res, verdicts, lang, uid + "-recomputed"))
        parts.append(paragraphs(narrative.table_paragraph(ctx.ledger, table, lang)))
    if not ctx.derived.empty:
        parts.append(f"<h3>{_say('derived', lang)}</h3>")
        parts.append(paragraphs(_say("derived_note", lang)))
        parts.append(html_table(ctx.derived.drop(columns=["study"]), "derived-" + ctx.study.id))
    return HTML("\n".join(parts))


def reanalysis(ctx: Context) -> HTML:
    """Effect sizes with 95% CIs, clearly separate from the reproduction."""
    lang = ctx.lang
    if ctx.effects.empty:
        return HTML(paragraphs(_say("no_effects", lang)))
    table = html_table(ctx.effects.drop(columns=["study"]), "reanalysis-" + ctx.study.id, fmt="{:.3f}")
    return HTML(paragraphs(_say("reanalysis_note", lang)) + table)


def img(png: bytes, caption: str) -> str:
    """A PNG embedded in HTML, with a caption."""
    return (f'<figure><img src="data:image/png;base64,{base64.b64encode(png).decode()}" style="max-width:100%"/>'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def figures_section(ctx: Context) -> HTML:
    """Write the study's figures (PNG and SVG) and show them with captions."""
    sid, lang, parts = ctx.study.id, ctx.lang, []
    if not ctx.ledger.empty:
        out = figures.save(figures.ledger_figure(ctx.ledger, sid), f"{sid}_ledger")
        parts.append(img(out["png"], f"figures/{sid}_ledger.png|svg: " + _say("figure_ledger", lang)))
    for res in ctx.study.resources.values():
        if res.kind == "outcomes":
            name = f"{sid}_{res.short}"
            out = figures.save(figures.outcomes_figure(res.frame, sid), name)
            parts.append(img(out["png"], f"figures/{name}.png|svg: " + _say("figure_outcomes", lang)))
    if not parts and ctx.effects.empty:
        parts.append(paragraphs(_say("no_figures", lang)))
    if not ctx.effects.empty:
        out = figures.save(figures.effects_figure(ctx.effects, sid), f"{sid}_effects")
        parts.append(img(out["png"], f"figures/{sid}_effects.png|svg: " + _say("figure_effects", lang)))
    return HTML("\n".join(parts))


def ledger(ctx: Context) -> HTML:
    """The study's rows of the consistency ledger."""
    cols = ["table", "row", "column", "quantity", "reported", "recomputed", "low", "high", "rule", "verdict", "note"]
    shown = ctx.ledger[cols]
    css = pd.DataFrame("", index=shown.index, columns=cols)
    css["verdict"] = shown["verdict"].map(_CSS)
    return HTML(html_table(shown, "ledger-" + ctx.study.id, css))
