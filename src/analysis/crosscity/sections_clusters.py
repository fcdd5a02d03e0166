"""The results sections of the cross-city report: the headline, the three readings, consensus, the groups
that hold under every reading, the headline clustering, its stability and sensitivity, outcomes and sites.

Every sentence and caption is a message of the catalogue (``crosscity.*``), shown in the page's language
(:func:`analysis.crosscity.sections_coding.prose`); site names come from the coding in both languages.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import HTML

from analysis.crosscity import agreement, consensus, similarity
from analysis.crosscity import figures as crossfig
from analysis.crosscity.compute import CrossCity, held_groups, site_names, tree_order
from analysis.data import coding
from analysis.report import figures
from analysis.report.blocks import esc, img, lang_paragraphs
from analysis.text.catalogue import Join, Msg, Text, pick, render, say
from analysis.text.labels import langs
from analysis.crosscity.sections_coding import caption, prose, revision_sentence, table

__all__ = ["headline", "readings", "consensus_section", "groupings_section", "similarity_section",
           "stability_section", "sensitivity_section", "outcomes_section", "sites_section"]

def _reading(name: str) -> Msg:
    return Msg.of(f"crosscity.reading.{name}")


def _sites(ctx: CrossCity) -> tuple[dict[str, str], dict[str, str]]:
    """Site names in English and in Chinese (the coding's ``name`` and ``name_zh``)."""
    zh = dict(zip(ctx.sites["site"], ctx.sites["name_zh"])) if "name_zh" in ctx.sites else {}
    return site_names(ctx), {s: zh.get(s) or n for s, n in site_names(ctx).items()}


def _clusters(lab: pd.Series, ctx: CrossCity) -> Text:
    """The clusters with their sites, in both languages (``C1: A, B; C2: C``, as :func:`clusters_text`)."""
    def members(names: dict[str, str]) -> Join:
        return Join("sep.semicolon", tuple(
            Msg.of("crosscity.cluster_members", cluster=f"C{c}",
                   sites=Join("sep.comma", tuple(names.get(s, s) for s in lab.index[lab == c])))
            for c in sorted(lab.unique())))
    en, zh = _sites(ctx)
    return Text(render(members(en), "en"), render(members(zh), "zh"))


def _sources_and_build(ctx: CrossCity) -> str:
    """The summary's sources (the full citation of every study the coded sites draw on, as the data package
    gives it) and what the page was built from (inputs digest, data package date), as on a study's page."""
    from analysis.data.datapackage import descriptor
    from analysis.report.overview import citation, provenance
    used = {s.strip() for v in ctx.sites["sources"] for s in str(v).split(";") if s.strip()}
    items = "".join(f"<li>{citation(m, ctx.lang)}</li>" for m in descriptor()["studies"] if m["id"] in used)
    head = " · ".join(f'<span lang="{lg}">{esc(say("crosscity.sources", lg))}</span>' for lg in langs(ctx.lang))
    return f'<dl><dt>{head}</dt><dd><ul class="cites">{items}</ul></dd>{provenance(ctx.lang)}</dl>'


def headline(ctx: CrossCity) -> HTML:
    """What the comparison can defend: the headline reading, why, and what holds under every reading."""
    p, m = ctx.params, ctx.main
    row = ctx.criterion.set_index("reading").loc[ctx.headline]
    overall = agreement.agreement_table(ctx.comparison).iloc[0]
    why = (Msg.of("crosscity.why_criterion") if ctx.chosen_by == "criterion" else
           Msg.of("crosscity.why_parameter",
                  reading=_reading(ctx.criterion.loc[ctx.criterion["chosen_by_criterion"], "reading"].iloc[0])))
    admissible = ctx.criterion.loc[ctx.criterion["admissible"], "reading"]
    fails = []
    for r in ctx.criterion[~ctx.criterion["admissible"]].itertuples():
        why_not = []
        if not r.informative:
            why_not.append(Msg.of("crosscity.not_informative", pairs=f"{r.share_pairs_without_common_mechanism:.0%}",
                                  zeros=f"{r.share_zero_distances:.0%}"))
        if not r.tree_fits:
            why_not.append(Msg.of("crosscity.tree_poor", value=f"{r.cophenetic_correlation:.2f}",
                                  minimum=str(p["min_cophenetic"])))
        if not r.stable:
            why_not.append(Msg.of("crosscity.unstable", value=f"{r.stability:.2f}", minimum=str(p["min_stability"])))
        fails.append(Msg.of("crosscity.reading_fails", reading=_reading(r.reading),
                            reasons=Join("sep.semicolon", tuple(why_not))))
    alt = ctx.criterion.loc[ctx.criterion["chosen_if_stability_by_size"], "reading"].iloc[0]
    chosen = ctx.criterion.loc[ctx.criterion["chosen_by_criterion"], "reading"].iloc[0]
    weighting = (Msg.of("crosscity.weighting_same") if alt == chosen else
                 Msg.of("crosscity.weighting_differs", reading=_reading(alt)))
    en, zh = _sites(ctx)
    held = [Text(*(say("crosscity.group_members", lg, sites=Join("sep.comma", tuple(names[s] for s in grp)))
                   for lg, names in (("en", en), ("zh", zh)))) for grp in held_groups(ctx)]
    criterion = ctx.criterion.set_index("reading")
    imputed = ("" if criterion.loc["imputed", "stable"] else
               Msg.of("crosscity.imputed_unstable", value=f"{criterion.loc['imputed', 'stability']:.2f}",
                      minimum=str(p["min_stability"])))
    text = (
        prose(ctx.lang, Msg.of(
            "crosscity.headline", why=why, admissible=Join("sep.list", tuple(_reading(r) for r in admissible))
            if len(admissible) else Msg.of("crosscity.none"),
            fails=Join("sep.semicolon", tuple(fails)) if fails else Msg.of("crosscity.none"), n_sites=len(ctx.sites),
            n_clusters=int(m.clusters.nunique()), metric=Msg.of(f"crosscity.metric.{p['metric']}"),
            linkage=Msg.of(f"crosscity.linkage.{p['linkage']}"),
            clusters=_clusters(m.clusters, ctx), cophenetic=f"{row['cophenetic_correlation']:.2f}",
            stability_sites=f"{row['stability_sites']:.2f}", stability_mechanisms=f"{row['stability_mechanisms']:.2f}",
            weighting=weighting), bold=Msg.of("crosscity.headline_title", reading=_reading(ctx.headline)))
        + prose(ctx.lang, Msg.of("crosscity.groups", groups=Join("sep.semicolon", tuple(held)) if held else
                                 Msg.of("crosscity.none"), imputed=imputed), bold=Msg.of("crosscity.groups_title"))
        + prose(ctx.lang, Msg.of("crosscity.coding", kappa=f"{overall['kappa_present']:.2f}",
                                 low=f"{overall['low_present']:.2f}", high=f"{overall['high_present']:.2f}",
                                 agreement=f"{overall['agreement_present']:.1%}", n=int(overall["n"]),
                                 revision=revision_sentence(ctx)), bold=Msg.of("crosscity.coding_title")))
    names = {k: f"{float(ctx.params[k]):g}" for k in ("max_zero_share", "min_cophenetic", "min_stability")}
    return HTML('<div id="summary" class="summary">' + text + _sources_and_build(ctx) + "</div>"
                + prose(ctx.lang, Msg.of("crosscity.criterion", **names))
                + lang_paragraphs("crosscity.nr_caution", ctx.lang))


def readings(ctx: CrossCity) -> HTML:
    """The three readings of 'not reported' side by side, with the criterion's conditions."""
    t = ctx.criterion.copy()
    t["clusters"] = [pick(_clusters(ctx.readings[r].clusters, ctx), ctx.lang) for r in t["reading"]]
    cols = ["reading", "share_pairs_without_common_mechanism", "share_zero_distances", "cophenetic_correlation",
            "stability_sites", "stability_mechanisms", "stability", "informative", "tree_fits", "stable",
            "admissible", "chosen_by_criterion", "headline", "stability_sites_by_size",
            "stability_mechanisms_by_size", "chosen_if_stability_by_size", "ari_vs_headline", "n_clusters", "clusters"]
    imp = ctx.readings["imputed"]
    el = dict(zip(coding.load("codebook")["mechanism"], coding.load("codebook")["element"]))
    g6 = coding.grid("six_elements")
    prob = consensus.presence_probability(coding.numeric(g6[g6["site"].isin(ctx.sites["site"])]), el)
    text = prose(ctx.lang, Msg.of("crosscity.imputation", n=len(imp.matrices), seed=int(ctx.params["seed"])))
    # one column per reading, one row per measure: three readings side by side read down, not across 19 columns
    side = t[cols].set_index("reading").T
    side.columns = [say(f"crosscity.reading.{r}", ctx.lang, sep=" · ") for r in side.columns]
    side.insert(0, "measure", [say(f"column.{c}", ctx.lang, sep=" · ") for c in side.index])
    return HTML(text + table(side.reset_index(drop=True), "readings", ctx) + prose(ctx.lang, Msg.of("crosscity.imputation_probabilities"))
                + table(prob, "imputation-probabilities", ctx))


def consensus_section(ctx: CrossCity) -> HTML:
    """Co-clustering heatmaps, sites ordered by the consensus tree."""
    order = tree_order(ctx)
    imp, main = ctx.readings["imputed"], ctx.main
    drawn = crossfig.drawn_lang(ctx.lang)
    panels = {say("crosscity.figure.imputed_panel", drawn, n=len(imp.matrices)): imp.co_imputations,
              say("crosscity.figure.headline_panel", drawn, reading=_reading(ctx.headline),
                  n=int(ctx.params["n_site_resamples"])): main.co_sites}
    out = figures.save(crossfig.co_clustering_figure(panels, order, ctx.clusters, ctx.sites, ctx.lang),
                       "cross_city_consensus")
    # the consensus tree's leaves carry the headline clusters: one numbering in every figure
    z = crossfig.dendrogram_figure(imp.linkage, list(imp.clusters.index), ctx.clusters, ctx.sites,
                                   Msg.of("crosscity.figure.consensus_tree"),
                                   say("crosscity.figure.co_clustering", drawn), lang=ctx.lang)
    out_t = figures.save(z, "cross_city_consensus_tree")
    tabs = ["tables/cross_city_coclustering.csv", "tables/cross_city_clusters.csv"]
    return HTML(img(out["png"], caption(ctx, "cross_city_consensus", "consensus_caption", "co_clustering_figure", tabs))
                + img(out_t["png"], caption(ctx, "cross_city_consensus_tree", "consensus_tree_caption",
                                            "dendrogram_figure", tabs)))


def groupings_section(ctx: CrossCity) -> HTML:
    """Which groupings hold under every reading, and which depend on the reading."""
    rows = []
    for gid in ctx.groups.unique():
        members = list(ctx.groups.index[ctx.groups == gid])
        rows.append({"group": int(gid), "sites": "; ".join(members), "size": len(members),
                     **{f"cluster_{r}": f"C{ctx.readings[r].clusters[members[0]]}" for r in consensus.READINGS}})
    t = pd.DataFrame(rows)
    main = ctx.main.clusters
    dep = []
    for c in sorted(main.unique()):
        members = list(main.index[main == c])
        split = sorted({int(ctx.groups[s]) for s in members})
        if len(split) > 1:
            dep.append(Msg.of("crosscity.splits", cluster=f"C{c}", groups=", ".join(map(str, split))))
    return HTML(prose(ctx.lang, Msg.of("crosscity.group_definition")) + table(t, "groups", ctx)
                + prose(ctx.lang, Msg.of("crosscity.clusters_not_held", items=Join("sep.semicolon", tuple(dep))
                                         if dep else Msg.of("crosscity.none"))))


def similarity_section(ctx: CrossCity) -> HTML:
    """The headline reading: dendrogram, principal coordinates, distance matrix."""
    p, m = ctx.params, ctx.main
    coords, share = similarity.pcoa(m.distances)
    drawn = crossfig.drawn_lang(ctx.lang)
    sub = Msg.of("crosscity.figure.subtitle", metric=Msg.of(f"crosscity.metric.{p['metric']}"),
                 linkage=Msg.of(f"crosscity.linkage.{p['linkage']}"), reading=_reading(ctx.headline))
    if ctx.headline == "imputed":
        fig_d = crossfig.dendrogram_figure(m.linkage, list(m.distances.index), m.clusters, ctx.sites,
                                           Msg.of("crosscity.figure.consensus_subtitle", subtitle=sub),
                                           say("crosscity.figure.co_clustering", drawn), lang=ctx.lang)
    else:
        fig_d = crossfig.dendrogram_figure(m.linkage, list(m.distances.index), m.clusters, ctx.sites, sub,
                                           lang=ctx.lang)
    out_d = figures.save(fig_d, "cross_city_dendrogram")
    pcoa_title = say("crosscity.figure.pcoa_title", drawn, reading=_reading(ctx.headline))
    out_p = figures.save(crossfig.pcoa_figure(coords, share, m.clusters, ctx.sites, pcoa_title, ctx.lang),
                         "cross_city_pcoa")
    tri = m.distances.to_numpy()[np.triu_indices(len(m.distances), 1)]
    text = prose(ctx.lang, Msg.of(
        "crosscity.similarity", cophenetic=Msg.of("crosscity.undefined") if np.isnan(m.cophenetic) else
        f"{m.cophenetic:.3f}", empty=int(m.empty_pairs), zeros=f"{(tri == 0).mean():.2f}",
        shares=", ".join(f"{s:.0%}" for s in share)))
    dm = m.distances.reset_index(names="site")
    tabs = ["tables/cross_city_distances.csv", "tables/cross_city_clusters.csv"]
    return HTML(text + img(out_d["png"], caption(ctx, "cross_city_dendrogram", "dendrogram_caption", "dendrogram_figure",
                                                 tabs))
                + img(out_p["png"], caption(ctx, "cross_city_pcoa", "pcoa_caption", "pcoa_figure", tabs))
                + prose(ctx.lang, Msg.of("crosscity.distance_matrix")) + table(dm, "distances", ctx, "{:.2f}"))


def stability_section(ctx: CrossCity) -> HTML:
    """Clusterwise stability of the headline clusters under resampling of sites and of mechanisms."""
    m, p = ctx.main, ctx.params
    t = m.stability_sites.rename(columns={"stability": "stability_sites"}).merge(
        m.stability_mechanisms[["cluster", "stability"]].rename(columns={"stability": "stability_mechanisms"}),
        on="cluster")
    co = m.co_sites
    pairs = [(a, b, co.loc[a, b]) for i, a in enumerate(co.index) for b in co.index[i + 1:]]
    firm = sorted((x for x in pairs if x[2] >= 0.9), key=lambda x: (-x[2], x[0], x[1]))
    text = prose(ctx.lang, Msg.of("crosscity.stability", n_sites=int(p["n_site_resamples"]),
                                  fraction=f"{p['site_fraction']:.0%}", n_boot=int(p["n_boot"])))
    en, zh = _sites(ctx)
    pairs = Join("sep.semicolon", tuple(Msg.of("crosscity.firm_pair", a=Text(en[a], zh[a]), b=Text(en[b], zh[b]),
                                               share=f"{v:.0%}") for a, b, v in firm)) if firm else Msg.of("crosscity.none")
    return HTML(text + table(t, "stability", ctx) + prose(ctx.lang, Msg.of("crosscity.firm_pairs", pairs=pairs)))


def sensitivity_section(ctx: CrossCity) -> HTML:
    """How much the headline picture depends on the metric and the linkage."""
    return HTML(prose(ctx.lang, Msg.of("crosscity.sensitivity", reading=_reading(ctx.headline)))
                + table(ctx.sensitivity, "sensitivity", ctx))


def outcomes_section(ctx: CrossCity) -> HTML:
    """Reported outcomes side by side, marked by evidence level, with a relative change where computable."""
    out = coding.harmonised_outcomes()
    out = out[out["site"].isin(ctx.sites["site"])].reset_index(drop=True)
    fig = figures.save(crossfig.outcome_dotplot(out, ctx.lang), "cross_city_outcomes")
    known = out[out["favourable"] != "unclear"]
    n_rel = int(out["relative_change_pct"].notna().sum())
    tally = prose(ctx.lang, Msg.of("crosscity.outcome_tally", good=int((known["favourable"] == "yes").sum()),
                                   known=len(known), n_rel=n_rel, total=len(out)))
    show = out.drop(columns=["key"])
    return HTML(lang_paragraphs("crosscity.outcome_caution", ctx.lang) + tally
                + img(fig["png"], caption(ctx, "cross_city_outcomes", "outcomes_caption", "outcome_dotplot",
                                          ["tables/cross_city_outcomes.csv"]))
                + table(show, "outcomes", ctx, "{:.2f}"))


def sites_section(ctx: CrossCity) -> HTML:
    """Site attributes (tables/cross_city_sites.csv) with the cluster under each reading."""
    s = ctx.sites.copy()
    for r in consensus.READINGS:
        s[f"cluster_{r}"] = [f"C{ctx.readings[r].clusters[x]}" for x in s["site"]]
    s["group_all_readings"] = [int(ctx.groups[x]) for x in s["site"]]
    return HTML(prose(ctx.lang, Msg.of("crosscity.sites_note")) + table(s, "sites", ctx))
