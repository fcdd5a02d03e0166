"""The coding sections of the cross-city report: the two codings, their agreement, the adjudication, the
codebook and its revisions, the coded matrix and the profiles.

Every sentence is a message of the catalogue (``crosscity.*``) shown in the
page's language by :func:`prose` (a page in both languages: the English
paragraph, then the Chinese); the tables show the coding's own columns.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import HTML

from analysis.crosscity import agreement
from analysis.crosscity import figures as crossfig
from analysis.crosscity.compute import CrossCity, tree_order
from analysis.data import coding
from analysis.report import figures
from analysis.crosscity.words import table, worded_text, words
from analysis.report.blocks import figure_caption, img, lang_paragraphs
from analysis.text.catalogue import Join, Msg, Text, render_html
from analysis.text.labels import langs

__all__ = ["prose", "caption", "listing", "agreement_section", "agreement_by_element",
           "agreement_by_mechanism", "adjudication_section",
           "revisions_section", "still_low", "revision_sentence", "recode_agreement_section",
           "recode_adjudication_section", "five_city_table", "codebook_table", "matrix_section", "profiles_section"]

def prose(lang: str, msg: Msg, bold: Msg | None = None) -> str:
    """A message as one HTML paragraph per language shown (``bold``: a title in bold before it).

    >>> prose("en", Msg.of("crosscity.overall_agreement"))
    '<p lang="en">Overall agreement (all cells):</p>'
    """
    out = []
    for lg in langs(lang):
        attr = f' lang="{lg}"'
        head = f"<b>{render_html(bold, lg)}</b> " if bold is not None else ""
        out.append(f"<p{attr}>{head}{render_html(msg, lg)}</p>")
    return "".join(out)


def caption(ctx: CrossCity, name: str, what: str, func: str, tables: list[str]) -> str:
    """A cross-city figure's numbered caption: what it shows (message ``crosscity.<what>``), then the function
    that drew it and the tables it drew from (:func:`analysis.report.blocks.figure_caption`)."""
    return figure_caption(ctx, name, f"crosscity.{what}", f"analysis.crosscity.figures.{func}", tables)


def listing(items: list[str]) -> Msg | Join:
    """Identifiers (mechanisms, readings) listed by their names in each language, or the word for none.

    >>> from analysis.text.catalogue import render
    >>> render(listing(["a", "b"]), "en"), render(listing([]), "en")
    ('a, b', 'none')
    """
    from analysis.crosscity.words import words
    return Join("sep.list", tuple(words().get(i, i) for i in items)) if items else Msg.of("crosscity.none")


def agreement_section(ctx: CrossCity) -> HTML:
    """How the second coding was made, overall agreement and the confusion table."""
    overall = agreement.agreement_table(ctx.comparison)
    confusion = agreement.confusion(ctx.comparison).rename(columns={"first \\ second": "coder_values"})
    return HTML(lang_paragraphs("crosscity.agreement_method", ctx.lang)
                + prose(ctx.lang, Msg.of("crosscity.overall_agreement")) + table(overall, "agreement-overall", ctx)
                + prose(ctx.lang, Msg.of("crosscity.confusion")) + table(confusion, "agreement-confusion", ctx))


def agreement_by_element(ctx: CrossCity) -> HTML:
    """Agreement per element of integrated care."""
    return HTML(table(agreement.agreement_table(ctx.comparison, "element"), "agreement-element", ctx))


def agreement_by_mechanism(ctx: CrossCity) -> HTML:
    """Agreement per mechanism; kappa below 0.6 triggers a codebook revision."""
    t = agreement.agreement_table(ctx.comparison, "mechanism")
    low = t[(t["kappa_present"] < 0.6) | (t["kappa_all"] < 0.6)]["mechanism"].tolist()
    return HTML(prose(ctx.lang, Msg.of("crosscity.low_kappa", mechanisms=listing(low)))
                + table(t, "agreement-mechanism", ctx))


def adjudication_section(ctx: CrossCity) -> HTML:
    """Every disagreement with its resolution, reason and pointer (data/coding/adjudication.csv)."""
    adj = agreement.load_adjudication()
    agreement.check_adjudication(ctx.comparison, adj, "initial")
    adj = adj[adj["round"] == "initial"].drop(columns="round").reset_index(drop=True)
    moved = adj.groupby(["first", "resolved"]).size().rename("cells").reset_index()
    kept_first = int((adj["resolved"] == adj["first"]).sum())
    kept_second = int((adj["resolved"] == adj["second"]).sum())
    text = prose(ctx.lang, Msg.of("crosscity.adjudication", n=len(adj), total=len(ctx.comparison), first=kept_first,
                                  second=kept_second, other=len(adj) - kept_first - kept_second))
    return HTML(text + table(adj, "adjudication", ctx) + prose(ctx.lang, Msg.of("crosscity.resolutions_by_first"))
                + table(moved, "adjudication-moves", ctx))


def revisions_section(ctx: CrossCity) -> HTML:
    """Codebook revisions of the mechanisms with kappa below 0.6 (data/coding/codebook_revisions.csv)."""
    rev = coding.load("codebook_revisions")
    if ctx.lang == "en":
        rev = rev[~rev["field"].str.endswith("_zh")]
    elif ctx.lang == "zh":
        rev = rev[rev["field"].str.endswith("_zh")]
    pending = sorted(set(rev.loc[rev["second_coder_recode"].str.startswith("pending"), "mechanism"]))
    rec = agreement.load_recode()
    text = prose(ctx.lang, Msg.of("crosscity.recode_pending", mechanisms=listing(pending)) if pending else
                 Msg.of("crosscity.recode_done"))
    return HTML(text + table(rev.reset_index(drop=True), "revisions", ctx)
                + prose(ctx.lang, Msg.of("crosscity.first_recode", n=len(rec))) + table(rec, "recode", ctx))


_BEFORE_AFTER = ["mechanism", "n_after", "kappa_present_before", "low_present_before", "high_present_before",
                 "kappa_present_after", "low_present_after", "high_present_after", "agreement_present_before",
                 "agreement_present_after", "kappa_all_before", "kappa_all_after", "low_all_after", "high_all_after"]
"""The columns of the agreement before and after the revision, in order (titles: ``column.<name>``)."""


def still_low(t: pd.DataFrame) -> list[str]:
    per = t[t["mechanism"] != "all revised"]
    return per.loc[(per["kappa_present_after"] < 0.6) | (per["kappa_all_after"] < 0.6), "mechanism"].tolist()


def revision_sentence(ctx: CrossCity) -> Msg:
    """What the revision of the codebook changed in the agreement, as a message."""
    t = agreement.revision_agreement(ctx.comparison, ctx.recode).set_index("mechanism")
    low = still_low(t.reset_index())
    pooled = t.loc["all revised"]
    rest = (Msg.of("crosscity.revision_still_low", mechanisms=listing(low)) if low else
            Msg.of("crosscity.revision_none_low"))
    return Msg.of("crosscity.revision", n=len(t) - 1, before=f"{pooled['kappa_present_before']:.2f}",
                  after=f"{pooled['kappa_present_after']:.2f}", rest=rest)


def recode_agreement_section(ctx: CrossCity) -> HTML:
    """Agreement on the revised mechanisms before and after the revision (data/coding/second_recode.csv)."""
    t = agreement.revision_agreement(ctx.comparison, ctx.recode)
    low = still_low(t)
    first0 = agreement.cells(agreement.load_first(), list(ctx.recode["site"].unique()),
                             list(ctx.recode["mechanism"].unique()))
    moved = int((first0["value"].to_numpy() != ctx.recode["first"].to_numpy()).sum())
    n_dis = int((~ctx.recode["agree"]).sum())
    rest = (Msg.of("crosscity.recode_still_low", mechanisms=listing(low)) if low else
            Msg.of("crosscity.recode_none_low"))
    text = prose(ctx.lang, Msg.of("crosscity.recode_differences", n=n_dis, total=len(ctx.recode), moved=moved,
                                  rest=rest))
    shown = t[_BEFORE_AFTER]
    return HTML(lang_paragraphs("crosscity.recode_method", ctx.lang) + text
                + table(shown, "recode-agreement", ctx))


def recode_adjudication_section(ctx: CrossCity) -> HTML:
    """Every disagreement of the two recodes with its resolution (round post_revision of adjudication.csv)."""
    adj = agreement.load_adjudication()
    agreement.check_adjudication(ctx.recode, adj, "post_revision")
    adj = adj[adj["round"] == "post_revision"].drop(columns="round").reset_index(drop=True)
    kept_first = int((adj["resolved"] == adj["first"]).sum())
    kept_second = int((adj["resolved"] == adj["second"]).sum())
    text = prose(ctx.lang, Msg.of("crosscity.recode_adjudication", n=len(adj), first=kept_first, second=kept_second,
                                  other=len(adj) - kept_first - kept_second))
    return HTML(text + table(adj, "recode-adjudication", ctx))


def five_city_table(ctx: CrossCity) -> HTML:
    """The five-city comparison (Table 1 of five_city_chronic_care) rebuilt from the coded data."""
    return HTML(table(coding.five_city_comparison(), "five-city", ctx))


def codebook_table(ctx: CrossCity) -> HTML:
    """The codebook (as revised): mechanisms by element, with definitions and inclusion rules."""
    cb = coding.load("codebook")
    if ctx.lang == "en":
        cb = cb.drop(columns=["label_zh", "definition_zh", "inclusion_rule_zh"])
    elif ctx.lang == "zh":
        cb = cb.drop(columns=["label", "definition", "inclusion_rule"])
    return HTML(table(cb, "codebook", ctx))


def matrix_section(ctx: CrossCity) -> HTML:
    """Heatmap of sites x features (adjudicated), and conflicts between sources."""
    name = f"cross_city_matrix_{ctx.params['framework']}"
    out = figures.save(crossfig.matrix_figure(ctx.grid, ctx.sites, ctx.lang), name)
    conflicts = ctx.grid[ctx.grid["conflict"]]
    counts = ctx.grid["value"].value_counts()
    cells = Join("sep.list", tuple(Msg.of("crosscity.cell_count", value=Msg.of(f"crosscity.value.{k}"),
                                          n=int(counts.get(k, 0))) for k in coding.VALUES))
    where = Join("sep.semicolon", tuple(Text(*(f"{words()[r.site].get(lg)} / {words()[r.feature].get(lg)} "
                                               f"({worded_text(r.pointers, lg)})" for lg in ("en", "zh")))
                                        for r in conflicts.itertuples()))
    note = prose(ctx.lang, Msg.of("crosscity.matrix_cells", cells=cells, n=len(conflicts),
                                  conflicts=Msg.of("crosscity.conflicts", items=where) if len(conflicts) else ""))
    return HTML(img(out["png"], caption(ctx, name, "matrix_caption", "matrix_figure", ["tables/cross_city_matrix.csv"]))
                + note)


def profiles_section(ctx: CrossCity) -> HTML:
    """Per site: mechanisms present / absent / not reported by element, sites in consensus-tree order."""
    g6 = coding.grid("six_elements")
    prof = coding.profiles(g6[g6["site"].isin(ctx.sites["site"])])
    order = tree_order(ctx)
    fig_in = prof.assign(not_reported=prof["not_reported"] + prof["conflict"])
    out = figures.save(crossfig.profile_figure(fig_in, order, ctx.clusters, ctx.sites, ctx.lang), "cross_city_profiles")
    cell = prof.assign(profile=prof["present"].astype(str) + " / " + prof["absent"].astype(str) + " / "
                       + prof["not_reported"].astype(str) + np.where(prof["conflict"] > 0, " (+" +
                                                                     prof["conflict"].astype(str) + " conflict)", ""))
    wide = cell.pivot(index="site", columns="element", values="profile")[list(dict.fromkeys(prof["element"]))]
    wide = wide.loc[order].reset_index()
    wide.columns.name = None
    wide.insert(1, "cluster", [f"C{ctx.clusters[s]}" for s in wide["site"]])
    wide.insert(2, "group_all_readings", [int(ctx.groups[s]) for s in wide["site"]])
    return HTML(prose(ctx.lang, Msg.of("crosscity.profiles_note"))
                + img(out["png"], caption(ctx, "cross_city_profiles", "profiles_caption", "profile_figure",
                                          ["tables/cross_city_profiles.csv", "tables/cross_city_clusters.csv"]))
                + table(wide, "profiles", ctx))
