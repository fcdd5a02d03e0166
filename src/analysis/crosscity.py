"""What ``notebooks/cross_city.ipynb`` calls: one function per cell, one display each.

The comparison is computed under both readings of "not reported" (kept as
missing, and read as absent); the parameter ``not_reported`` chooses which one
heads the report, and :func:`readings` shows how much the picture changes.

>>> ctx = open_cross_city(framework="six_elements", metric="jaccard", linkage="average",
...                       not_reported="absent", n_clusters=4, min_evidence="unattributed claims",
...                       n_boot=20, seed=1, lang="en")
>>> len(ctx.sites) == len(ctx.matrix)
True
"""
from __future__ import annotations

import html
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from IPython.display import HTML

from . import clustering, coding, figures, params, paths, similarity
from .errors import InputError
from .outputs import atomic_write
from .report import html_table, img, paragraphs

__all__ = ["CrossCity", "open_cross_city", "overview", "five_city_table", "codebook_table", "matrix_section",
           "similarity_section", "stability_section", "sensitivity_section", "readings", "outcomes_section",
           "sites_section", "write_tables"]

_TXT = {
    "nr_caution": (
        "Not reported is not absent. A source that does not mention a mechanism has not said the site lacks it. "
        "The matrix keeps three states; distances are computed with 'not reported' kept as missing (only "
        "mechanisms both sites report are compared) and, separately, read as absent.",
        "未报告不等于没有。原文未提及某机制，并不表示该地没有该机制。矩阵保留三种状态；距离分别按"
        "“未报告作缺失”（仅比较两地均有报告的机制）和“未报告作没有”两种读法计算。"),
    "outcome_caution": (
        "Caution: these are heterogeneous, self-reported indicators from sources of different evidence levels, "
        "measured over different periods and on different bases. They are shown side by side, values as printed; "
        "no pooled effect is computed because pooling them is not defensible.",
        "注意：这些指标异质、为自我报告，来源的证据等级不同，时期与口径各异。此处并列展示（数值按原文），"
        "不计算合并效应，因为合并缺乏依据。"),
}


def _say(key: str, lang: str) -> str:
    en, zh = _TXT[key]
    return {"en": en, "zh": zh}.get(lang, en + "\n\n" + zh)


@dataclass
class CrossCity:
    """The comparison under one set of parameters."""

    params: dict[str, Any]
    sites: pd.DataFrame
    grid: pd.DataFrame
    matrix: pd.DataFrame            # 1 / 0 / NaN, the headline reading applied
    distances: pd.DataFrame
    empty_pairs: int
    linkage: np.ndarray
    clusters: pd.Series
    cophenetic: float
    co_clustering: pd.DataFrame
    stability: pd.DataFrame
    sensitivity: pd.DataFrame
    other: dict[str, Any]           # the other reading of "not reported"

    @property
    def lang(self) -> str:
        return self.params["lang"]


def _analyse(m: pd.DataFrame, p: dict, full: bool) -> dict[str, Any]:
    """Distances, tree and clusters; with ``full``, also the bootstrap and the sensitivity grid."""
    d, empty = similarity.distance_matrix(m, p["metric"])
    z, lab = clustering.cluster(d, p["linkage"], p["n_clusters"])
    out = {"matrix": m, "distances": d, "empty_pairs": empty, "linkage": z, "clusters": lab}
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # cophenetic correlation of all-equal distances
        out["cophenetic"] = clustering.cophenetic_correlation(d, z)
        if full:
            out["co_clustering"], out["stability"] = clustering.bootstrap_stability(
                m, p["metric"], p["linkage"], p["n_clusters"], p["n_boot"], p["seed"])
            out["sensitivity"] = clustering.sensitivity(m, sorted(similarity.METRICS), clustering.LINKAGES,
                                                        p["n_clusters"], lab)
    return out


def open_cross_city(**values: Any) -> CrossCity:
    """Validate the parameters and compute the comparison under both readings."""
    p = params.validate("cross_city", **values)
    sites = coding.sites_table()
    rank = coding.evidence_rank(p["min_evidence"])
    sites = sites[sites["evidence"].map(coding.evidence_rank) <= rank].reset_index(drop=True)
    g = coding.grid(p["framework"])
    g = g[g["site"].isin(sites["site"])].reset_index(drop=True)
    base = coding.numeric(g)
    if p["n_clusters"] > len(base):
        raise InputError(f"parameter 'n_clusters': {p['n_clusters']} exceeds the {len(base)} sites "
                                f"at evidence level {p['min_evidence']!r} or stronger")
    readings_ = {"missing": base, "absent": similarity.fill_not_reported(base)}
    main = _analyse(readings_[p["not_reported"]], p, full=True)
    other_name = "absent" if p["not_reported"] == "missing" else "missing"
    other = _analyse(readings_[other_name], p, full=False)
    other["name"] = other_name
    return CrossCity(p, sites, g, main["matrix"], main["distances"], main["empty_pairs"], main["linkage"],
                     main["clusters"], main["cophenetic"], main["co_clustering"], main["stability"],
                     main["sensitivity"], other)


def _table(df: pd.DataFrame, uid: str, fmt: str = "{:.3f}") -> str:
    return html_table(df, uid, fmt=fmt)


def overview(ctx: CrossCity) -> HTML:
    """What is compared, under which parameters, and the caution on 'not reported'."""
    p, lang = ctx.params, ctx.lang
    counts = ctx.grid["value"].value_counts()
    text = (f"<p><b>Sites:</b> {len(ctx.sites)} (evidence level {html.escape(p['min_evidence'])} or stronger); "
            f"<b>features:</b> {ctx.matrix.shape[1]} ({p['framework']}); <b>coded cells:</b> "
            + ", ".join(f"{k} {int(counts.get(k, 0))}" for k in coding.VALUES)
            + f". <b>Headline reading of 'not reported':</b> {p['not_reported']}; metric {p['metric']}, "
            f"linkage {p['linkage']}, {p['n_clusters']} clusters, {p['n_boot']} bootstrap replicates (seed {p['seed']}).</p>")
    return HTML(text + paragraphs(_say("nr_caution", lang)))


def five_city_table(ctx: CrossCity) -> HTML:
    """The five-city comparison (Table 1 of five_city_chronic_care) rebuilt from the coded data."""
    return HTML(_table(coding.five_city_comparison(), "five-city"))


def codebook_table(ctx: CrossCity) -> HTML:
    """The codebook: mechanisms by element, with definitions and inclusion rules."""
    cb = coding.load("codebook")
    if ctx.lang == "en":
        cb = cb.drop(columns=["label_zh", "definition_zh", "inclusion_rule_zh"])
    elif ctx.lang == "zh":
        cb = cb.drop(columns=["label", "definition", "inclusion_rule"])
    return HTML(_table(cb, "codebook"))


def matrix_section(ctx: CrossCity) -> HTML:
    """Heatmap of sites x features, and element coverage per site."""
    name = f"cross_city_matrix_{ctx.params['framework']}"
    out = figures.save(figures.matrix_figure(ctx.grid, ctx.sites), name)
    cov = ctx.grid.assign(reported=ctx.grid["value"].isin(["present", "absent", "conflict"]),
                          present=ctx.grid["value"] == "present")
    by = "element" if ctx.params["framework"] == "six_elements" else "feature"
    table = (cov.groupby(["site", by], sort=False)["present"].sum().unstack(by).astype(int)
             .assign(reported=cov.groupby("site", sort=False)["reported"].sum())
             .assign(not_reported=cov.groupby("site", sort=False)["value"].apply(lambda v: int((v == "not_reported").sum())))
             .reset_index())
    conflicts = ctx.grid[ctx.grid["conflict"]]
    note = (f"<p>Sources disagree on {len(conflicts)} site x mechanism cell(s)"
            + (": " + "; ".join(f"{r.site} / {r.feature} ({html.escape(r.pointers)})" for r in conflicts.itertuples())
               if len(conflicts) else "") + ". Each cell's pointers are in tables/cross_city_matrix.csv.</p>")
    return HTML(img(out["png"], f"figures/{name}.png|svg: present / absent / not reported / conflict, by element")
                + "<p>Mechanisms present per element, and cells reported / not reported, per site:</p>"
                + _table(table, "coverage") + note)


def similarity_section(ctx: CrossCity) -> HTML:
    """Distance matrix summary, dendrogram, principal coordinates, cophenetic correlation."""
    p = ctx.params
    coords, share = similarity.pcoa(ctx.distances)
    out_d = figures.save(figures.dendrogram_figure(ctx.linkage, list(ctx.distances.index), ctx.sites,
                                                   f"{p['metric']}, {p['linkage']} linkage, not reported = {p['not_reported']}",
                                                   clusters=ctx.clusters),
                         "cross_city_dendrogram")
    out_p = figures.save(figures.pcoa_figure(coords, share, ctx.clusters, ctx.sites), "cross_city_pcoa")
    coph = "undefined (all distances equal)" if np.isnan(ctx.cophenetic) else f"{ctx.cophenetic:.3f}"
    text = (f"<p>Cophenetic correlation of the tree: {coph}. Pairs of sites with no jointly reported mechanism "
            f"(given the largest distance, 1): {ctx.empty_pairs}. Share of distances equal to 0: "
            f"{(ctx.distances.to_numpy()[np.triu_indices(len(ctx.distances), 1)] == 0).mean():.2f}. "
            f"PCoA axes 1-2 carry {', '.join(f'{s:.0%}' for s in share)} of the positive eigenvalues.</p>")
    names = dict(zip(ctx.sites["site"], ctx.sites["name"]))
    dm = ctx.distances.rename(index=names, columns=names).reset_index(names="site")
    return HTML(text + "<p>Distance matrix (tables/cross_city_distances.csv):</p>" + _table(dm, "distances", "{:.2f}")
                + img(out_d["png"], "figures/cross_city_dendrogram.png|svg")
                + img(out_p["png"], "figures/cross_city_pcoa.png|svg"))


def stability_section(ctx: CrossCity) -> HTML:
    """Clusters with their bootstrap stability (resampling mechanisms)."""
    co = ctx.co_clustering
    pairs = [(a, b, co.loc[a, b]) for i, a in enumerate(co.index) for b in co.index[i + 1:]]
    firm = sorted((x for x in pairs if x[2] >= 0.9), key=lambda x: -x[2])[:10]
    text = ("<p>Clusters (cut of the tree) with Hennig's clusterwise stability: the mean Jaccard overlap of each "
            "cluster with its best match over bootstrap replicates (about 0.75 or more: stable; below 0.5: it "
            "dissolves).</p>")
    firm_txt = "<p>Pairs together in at least 90% of replicates: " + (
        "; ".join(f"{a}-{b} ({v:.0%})" for a, b, v in firm) if firm else "none") + ".</p>"
    return HTML(text + _table(ctx.stability, "stability") + firm_txt)


def sensitivity_section(ctx: CrossCity) -> HTML:
    """How much the picture depends on the metric and the linkage."""
    return HTML("<p>Each metric x linkage: the tree's cophenetic correlation and the adjusted Rand index of its cut "
                "against the headline partition (1: same clusters; about 0: no better than chance).</p>"
                + _table(ctx.sensitivity, "sensitivity"))


def readings(ctx: CrossCity) -> HTML:
    """What changes if 'not reported' is read the other way."""
    o = ctx.other
    ari = clustering.adjusted_rand(ctx.clusters.loc[o["clusters"].index], o["clusters"])
    tri = np.triu_indices(len(ctx.distances), 1)
    r = np.corrcoef(ctx.distances.to_numpy()[tri], o["distances"].to_numpy()[tri])[0, 1] \
        if ctx.distances.to_numpy()[tri].std() > 0 and o["distances"].to_numpy()[tri].std() > 0 else float("nan")
    rows = pd.DataFrame([
        {"reading of 'not reported'": ctx.params["not_reported"] + " (headline)", "pairs without common mechanism":
         ctx.empty_pairs, "share of zero distances": float((ctx.distances.to_numpy()[tri] == 0).mean()),
         "cophenetic correlation": ctx.cophenetic,
         "clusters": "; ".join(f"{c}: {', '.join(ctx.clusters.index[ctx.clusters == c])}" for c in sorted(ctx.clusters.unique()))},
        {"reading of 'not reported'": o["name"], "pairs without common mechanism": o["empty_pairs"],
         "share of zero distances": float((o["distances"].to_numpy()[tri] == 0).mean()),
         "cophenetic correlation": o["cophenetic"],
         "clusters": "; ".join(f"{c}: {', '.join(o['clusters'].index[o['clusters'] == c])}" for c in sorted(o["clusters"].unique()))},
    ])
    text = (f"<p>Adjusted Rand index between the two partitions: {ari:.3f}; correlation of the two distance "
            f"matrices: {'undefined' if np.isnan(r) else f'{r:.3f}'}. With 'not reported' kept as missing, two "
            "sites are compared only on mechanisms both sources mention, which are almost always shared presences "
            "(sources rarely state an absence), so most distances are 0 and the clustering cannot separate the "
            "models. The structure that appears when 'not reported' is read as absent reflects what each source "
            "chose to describe as much as the models themselves.</p>")
    return HTML(text + _table(rows, "readings"))


def outcomes_section(ctx: CrossCity) -> HTML:
    """Reported outcomes side by side, marked by evidence level; no pooling."""
    out = coding.harmonised_outcomes()
    out = out[out["site"].isin(ctx.sites["site"])].reset_index(drop=True)
    fig = figures.save(figures.outcome_dotplot(out), "cross_city_outcomes")
    known = out[out["favourable"] != "unclear"]
    tally = (f"<p>{int((known['favourable'] == 'yes').sum())} of {len(known)} reported changes with a stated "
             "direction point the beneficial way: sources report successes, so this is no evidence of effect.</p>")
    return HTML(paragraphs(_say("outcome_caution", ctx.lang)) + tally
                + img(fig["png"], "figures/cross_city_outcomes.png|svg: change as printed, or computed from printed "
                                   "before/after values (relative change, %); marker: evidence level; colour: "
                                   "whether the direction is the beneficial one")
                + _table(out.drop(columns=["indicator_zh"] if ctx.lang == "en" else []), "outcomes", "{:.2f}"))


def sites_section(ctx: CrossCity) -> HTML:
    """Site attributes (tables/cross_city_sites.csv) with cluster membership."""
    s = ctx.sites.merge(ctx.clusters.rename("cluster").reset_index().rename(columns={"index": "site"}), on="site")
    return HTML(_table(s, "sites"))


def write_tables(ctx: CrossCity) -> None:
    """Write the cross-city tables under tables/ (atomically)."""
    def csv(df: pd.DataFrame) -> str:
        return df.to_csv(index=False, lineterminator="\n", float_format="%.6g")
    atomic_write(paths.TABLES / "cross_city_sites.csv",
                 csv(coding.sites_table()[["site", "province", "consortium_type", "sources", "evidence"]]))
    both = pd.concat([coding.grid(f).assign(framework=f) for f in coding.FRAMEWORKS], ignore_index=True)
    atomic_write(paths.TABLES / "cross_city_matrix.csv", csv(both))
    atomic_write(paths.TABLES / "cross_city_outcomes.csv", csv(coding.harmonised_outcomes()))
    atomic_write(paths.TABLES / "cross_city_five_city.csv", csv(coding.five_city_comparison()))
    atomic_write(paths.TABLES / "cross_city_clusters.csv",
                 csv(ctx.clusters.rename("cluster").reset_index().rename(columns={"index": "site"})
                     .merge(ctx.other["clusters"].rename(f"cluster_if_not_reported_{ctx.other['name']}")
                            .reset_index().rename(columns={"index": "site"}), on="site")))
    atomic_write(paths.TABLES / "cross_city_stability.csv", csv(ctx.stability))
    atomic_write(paths.TABLES / "cross_city_distances.csv", csv(ctx.distances.reset_index(names="site")))
    atomic_write(paths.TABLES / "cross_city_sensitivity.csv", csv(ctx.sensitivity))
