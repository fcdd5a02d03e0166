"""The results sections of the cross-city report: the headline, the three readings, consensus, the groups
that hold under every reading, the headline clustering, its stability and sensitivity, outcomes and sites.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
from IPython.display import HTML

from analysis.crosscity import agreement, consensus, similarity
from analysis.crosscity import figures as crossfig
from analysis.crosscity.compute import CrossCity, clusters_text, held_groups, site_names, tree_order
from analysis.data import coding
from analysis.report import figures
from analysis.report.blocks import img, paragraphs
from analysis.text.catalogue import say
from analysis.crosscity.sections_coding import revision_sentence, table

__all__ = ["headline", "readings", "consensus_section", "groupings_section", "similarity_section",
           "stability_section", "sensitivity_section", "outcomes_section", "sites_section"]

def headline(ctx: CrossCity) -> HTML:
    """What the comparison can defend: the headline reading, why, and what holds under every reading."""
    p, names, m = ctx.params, site_names(ctx), ctx.main
    row = ctx.criterion.set_index("reading").loc[ctx.headline]
    overall = agreement.agreement_table(ctx.comparison).iloc[0]
    why = ("chosen by the criterion below" if ctx.chosen_by == "criterion" else
           "set by the parameter not_reported (the criterion would choose "
           f"'{ctx.criterion.loc[ctx.criterion['chosen_by_criterion'], 'reading'].iloc[0]}')")
    admissible = ", ".join(ctx.criterion.loc[ctx.criterion["admissible"], "reading"]) or "none"
    fails = []
    for r in ctx.criterion[~ctx.criterion["admissible"]].itertuples():
        why_not = []
        if not r.informative:
            why_not.append(f"distances not informative ({r.share_pairs_without_common_mechanism:.0%} of site pairs "
                           f"share no reported mechanism, {r.share_zero_distances:.0%} of distances are 0)")
        if not r.tree_fits:
            why_not.append(f"cophenetic correlation {r.cophenetic_correlation:.2f} below {p['min_cophenetic']}")
        if not r.stable:
            why_not.append(f"mean stability {r.stability:.2f} below {p['min_stability']}")
        fails.append(f"{r.reading}: " + "; ".join(why_not))
    alt = ctx.criterion.loc[ctx.criterion["chosen_if_stability_by_size"], "reading"].iloc[0]
    chosen = ctx.criterion.loc[ctx.criterion["chosen_by_criterion"], "reading"].iloc[0]
    alt_txt = ("The choice does not change if each cluster's stability is weighted by its size."
               if alt == chosen else
               f"The choice depends on how the clusterwise stabilities are averaged: weighted by cluster size "
               f"instead of each cluster counting once, the criterion would choose '{alt}' (the stated criterion "
               "counts each cluster once, so that a site left on its own weighs as much as a large group).")
    held = held_groups(ctx)
    held_txt = "; ".join("{" + ", ".join(names[s] for s in grp) + "}" for grp in held) or "none"
    text = (
        f"<p><b>Headline reading of 'not reported': {ctx.headline}</b> ({why}). Admissible readings: {admissible}. "
        f"Not admissible: {html.escape(' | '.join(fails)) or 'none'}. "
        f"Under it, {len(ctx.sites)} sites fall into {m.clusters.nunique()} clusters ({html.escape(p['metric'])} "
        f"distance, {html.escape(p['linkage'])} linkage): {html.escape(clusters_text(m.clusters, names))}. "
        f"Cophenetic correlation {row['cophenetic_correlation']:.2f}; mean clusterwise stability "
        f"{row['stability_sites']:.2f} under resampling of sites and {row['stability_mechanisms']:.2f} under "
        f"resampling of mechanisms. {html.escape(alt_txt)}</p>"
        f"<p><b>Groups of sites that fall together under every reading</b> (missing, imputed, absent): "
        f"{html.escape(held_txt)}. Any other pairing in the clusters above depends on how 'not reported' is read."
        + ("" if ctx.criterion.set_index("reading").loc["imputed", "stable"] else
           " Under the imputed reading (not-reported cells filled in proportion to what the sources describe) the "
           f"mean clusterwise stability is {ctx.criterion.set_index('reading').loc['imputed', 'stability']:.2f}, "
           f"below {p['min_stability']}: beyond these groups, the sources do not clearly separate the models.")
        + "</p>"
        f"<p><b>The coding behind it</b> was made twice, independently: Cohen's kappa (present vs not) "
        f"{overall['kappa_present']:.2f} (95% CI {overall['low_present']:.2f} to {overall['high_present']:.2f}), raw "
        f"agreement {overall['agreement_present']:.1%} over {int(overall['n'])} cells; every disagreement was "
        f"adjudicated against the source (below). {html.escape(revision_sentence(ctx))}</p>")
    return HTML(text + paragraphs(say("crosscity.criterion", ctx.lang, sep="\n\n"))
                + paragraphs(say("crosscity.nr_caution", ctx.lang, sep="\n\n")))


def readings(ctx: CrossCity) -> HTML:
    """The three readings of 'not reported' side by side, with the criterion's conditions."""
    names = site_names(ctx)
    t = ctx.criterion.copy()
    t["clusters"] = [clusters_text(ctx.readings[r].clusters, names) for r in t["reading"]]
    cols = ["reading", "share_pairs_without_common_mechanism", "share_zero_distances", "cophenetic_correlation",
            "stability_sites", "stability_mechanisms", "stability", "informative", "tree_fits", "stable",
            "admissible", "chosen_by_criterion", "headline", "stability_sites_by_size",
            "stability_mechanisms_by_size", "chosen_if_stability_by_size", "ari_vs_headline", "n_clusters", "clusters"]
    imp = ctx.readings["imputed"]
    el = dict(zip(coding.load("codebook")["mechanism"], coding.load("codebook")["element"]))
    g6 = coding.grid("six_elements")
    prob = consensus.presence_probability(coding.numeric(g6[g6["site"].isin(ctx.sites["site"])]), el)
    text = (f"<p>The imputed reading uses {len(imp.matrices)} imputations (seed {ctx.params['seed']}); each draws a "
            "mechanism's probability from Beta(1 + x, 1 + n - x), where n sites have sources describing its element "
            "and x of them have the mechanism present, then each not-reported cell as present with that "
            "probability; coded cells never change. Its distances below are means over the imputations, its tree "
            "the consensus tree (average linkage on one minus the co-clustering), its cophenetic correlation the "
            "mean over the imputations' own trees.</p>")
    return HTML(text + table(t[cols], "readings") + "<p>Imputation probabilities per mechanism:</p>"
                + table(prob, "imputation-probabilities"))


def consensus_section(ctx: CrossCity) -> HTML:
    """Co-clustering heatmaps, sites ordered by the consensus tree."""
    order = tree_order(ctx)
    imp, main = ctx.readings["imputed"], ctx.main
    panels = {f"imputed reading: {len(imp.matrices)} imputations": imp.co_imputations,
              f"headline ({ctx.headline}): {ctx.params['n_site_resamples']} site resamples": main.co_sites}
    out = figures.save(crossfig.co_clustering_figure(panels, order, ctx.clusters, ctx.sites), "cross_city_consensus")
    z = crossfig.dendrogram_figure(imp.linkage, list(imp.clusters.index), imp.clusters, ctx.sites,
                                   "consensus tree over the imputations", "1 - co-clustering")
    out_t = figures.save(z, "cross_city_consensus_tree")
    return HTML(img(out["png"], "figures/cross_city_consensus.png|svg: share of replicates in which two sites fall "
                                "in the same cluster; left: over the imputations, right: over site subsamples of "
                                "the headline reading; sites in consensus-tree order, headline cluster by marker "
                                "and label")
                + img(out_t["png"], "figures/cross_city_consensus_tree.png|svg: consensus tree of the imputed "
                                    "reading, consensus clusters by marker and label"))


def groupings_section(ctx: CrossCity) -> HTML:
    """Which groupings hold under every reading, and which depend on the reading."""
    names = site_names(ctx)
    rows = []
    for gid in ctx.groups.unique():
        members = list(ctx.groups.index[ctx.groups == gid])
        rows.append({"group": int(gid), "sites": ", ".join(names[s] for s in members), "size": len(members),
                     **{f"cluster ({r})": f"C{ctx.readings[r].clusters[members[0]]}" for r in consensus.READINGS}})
    t = pd.DataFrame(rows)
    main = ctx.main.clusters
    dep = []
    for c in sorted(main.unique()):
        members = list(main.index[main == c])
        split = sorted({int(ctx.groups[s]) for s in members})
        if len(split) > 1:
            dep.append(f"C{c} splits into groups {', '.join(map(str, split))}")
    return HTML("<p>A group is a set of sites that every reading puts in the same cluster (the meet of the three "
                "partitions). A group of one site is a site that no other site accompanies under every reading.</p>"
                + table(t, "groups") + "<p>Headline clusters that do not hold under every reading: "
                + ("; ".join(dep) if dep else "none") + ".</p>")


def similarity_section(ctx: CrossCity) -> HTML:
    """The headline reading: dendrogram, principal coordinates, distance matrix."""
    p, m = ctx.params, ctx.main
    coords, share = similarity.pcoa(m.distances)
    sub = f"{p['metric']}, {p['linkage']} linkage, not reported = {ctx.headline}"
    if ctx.headline == "imputed":
        fig_d = crossfig.dendrogram_figure(m.linkage, list(m.distances.index), m.clusters, ctx.sites,
                                           sub + " (consensus tree)", "1 - co-clustering")
    else:
        fig_d = crossfig.dendrogram_figure(m.linkage, list(m.distances.index), m.clusters, ctx.sites, sub)
    out_d = figures.save(fig_d, "cross_city_dendrogram")
    out_p = figures.save(crossfig.pcoa_figure(coords, share, m.clusters, ctx.sites,
                                              f"principal coordinates, not reported = {ctx.headline}"),
                         "cross_city_pcoa")
    tri = m.distances.to_numpy()[np.triu_indices(len(m.distances), 1)]
    text = (f"<p>Cophenetic correlation: {'undefined' if np.isnan(m.cophenetic) else f'{m.cophenetic:.3f}'}. "
            f"Pairs with no jointly reported mechanism: {m.empty_pairs}. Share of distances equal to 0: "
            f"{(tri == 0).mean():.2f}. PCoA axes 1-2 carry {', '.join(f'{s:.0%}' for s in share)} of the positive "
            "eigenvalues.</p>")
    names = site_names(ctx)
    dm = m.distances.rename(index=names, columns=names).reset_index(names="site")
    return HTML(text + img(out_d["png"], "figures/cross_city_dendrogram.png|svg: headline clusters by marker and label")
                + img(out_p["png"], "figures/cross_city_pcoa.png|svg: clusters by colour, marker and label")
                + "<p>Distance matrix (tables/cross_city_distances.csv):</p>" + table(dm, "distances", "{:.2f}"))


def stability_section(ctx: CrossCity) -> HTML:
    """Clusterwise stability of the headline clusters under resampling of sites and of mechanisms."""
    m, p = ctx.main, ctx.params
    t = m.stability_sites.rename(columns={"stability": "stability_sites"}).merge(
        m.stability_mechanisms[["cluster", "stability"]].rename(columns={"stability": "stability_mechanisms"}),
        on="cluster")
    co = m.co_sites
    pairs = [(a, b, co.loc[a, b]) for i, a in enumerate(co.index) for b in co.index[i + 1:]]
    firm = sorted((x for x in pairs if x[2] >= 0.9), key=lambda x: (-x[2], x[0], x[1]))
    text = (f"<p>Hennig's clusterwise stability: the mean Jaccard overlap of each headline cluster (restricted to the "
            f"sites drawn) with its best match, over {p['n_site_resamples']} subsamples of "
            f"{p['site_fraction']:.0%} of the sites and over {p['n_boot']} bootstrap samples of the mechanisms "
            "(about 0.75 or more: stable; below 0.5: it dissolves). For the imputed reading each replicate uses "
            "the imputations in turn.</p>")
    firm_txt = "<p>Pairs together in at least 90% of the site subsamples that hold both: " + (
        "; ".join(f"{a}-{b} ({v:.0%})" for a, b, v in firm) if firm else "none") + ".</p>"
    return HTML(text + table(t, "stability") + firm_txt)


def sensitivity_section(ctx: CrossCity) -> HTML:
    """How much the headline picture depends on the metric and the linkage."""
    return HTML(f"<p>Headline reading ({ctx.headline}), each metric x linkage: the cophenetic correlation and the "
                "adjusted Rand index of its cut against the headline partition (1: same clusters; about 0: no "
                "better than chance).</p>" + table(ctx.sensitivity, "sensitivity"))


def outcomes_section(ctx: CrossCity) -> HTML:
    """Reported outcomes side by side, marked by evidence level, with a relative change where computable."""
    out = coding.harmonised_outcomes()
    out = out[out["site"].isin(ctx.sites["site"])].reset_index(drop=True)
    fig = figures.save(crossfig.outcome_dotplot(out), "cross_city_outcomes")
    known = out[out["favourable"] != "unclear"]
    n_rel = int(out["relative_change_pct"].notna().sum())
    tally = (f"<p>{int((known['favourable'] == 'yes').sum())} of {len(known)} reported changes with a stated "
             "direction point the beneficial way: sources report successes, so this is no evidence of effect. "
             f"A relative change with its baseline can be given for {n_rel} of {len(out)} indicators; the others "
             "are marked with the reason.</p>")
    show = out.drop(columns=["indicator_zh"] if ctx.lang == "en" else [])
    return HTML(paragraphs(say("crosscity.outcome_caution", ctx.lang, sep="\n\n")) + tally
                + img(fig["png"], "figures/cross_city_outcomes.png|svg: change as printed, or computed from printed "
                                   "before/after values (relative change, %); marker: evidence level; colour: "
                                   "whether the direction is the beneficial one")
                + table(show, "outcomes", "{:.2f}"))


def sites_section(ctx: CrossCity) -> HTML:
    """Site attributes (tables/cross_city_sites.csv) with the cluster under each reading."""
    s = ctx.sites.copy()
    for r in consensus.READINGS:
        s[f"cluster ({r})"] = [f"C{ctx.readings[r].clusters[x]}" for x in s["site"]]
    s["group (all readings)"] = [int(ctx.groups[x]) for x in s["site"]]
    return HTML(table(s, "sites"))
