"""What ``notebooks/cross_city.ipynb`` calls: one function per cell, one display each.

The report opens with what the comparison can defend: the headline reading of
"not reported", chosen by the criterion stated in :func:`headline` (and
applied by :func:`analysis.crosscity.consensus.choose_headline`); the agreement of the
two independent codings and their adjudication come before any clustering;
the other readings follow as sensitivity analyses.

Three readings of a not-reported cell are computed every time: kept as
missing, multiply imputed (combined by consensus clustering) and read as
absent (:mod:`analysis.crosscity.consensus`).

>>> ctx = open_cross_city(framework="six_elements", metric="jaccard", linkage="average",
...                       not_reported="auto", n_clusters=4, min_evidence="unattributed claims",
...                       n_imputations=5, n_boot=10, n_site_resamples=10, site_fraction=0.8,
...                       max_zero_share=0.25, min_cophenetic=0.7, min_stability=0.5, seed=1, lang="en")
>>> len(ctx.sites) == len(ctx.matrix), sorted(ctx.readings) == sorted(["missing", "imputed", "absent"])
(True, True)
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from analysis.core.errors import InputError
from analysis.core.memo import remembered
from analysis.crosscity import agreement, clustering, consensus, similarity
from analysis.data import coding, params

__all__ = ["Reading", "CrossCity", "open_cross_city", "mean_stability", "site_names", "clusters_text",
           "held_groups", "tree_order", "canonical_labels", "relabel"]

@dataclass
class Reading:
    """The comparison under one reading of "not reported"."""

    name: str
    matrices: list[pd.DataFrame]        # one matrix, or the imputations
    distances: pd.DataFrame             # mean over the imputations for the imputed reading
    empty_pairs: int
    linkage: np.ndarray                 # the consensus tree for the imputed reading
    clusters: pd.Series
    cophenetic: float                   # mean over the imputations for the imputed reading
    informative: dict[str, float]
    co_imputations: pd.DataFrame | None  # co-clustering over the imputations
    co_sites: pd.DataFrame
    stability_sites: pd.DataFrame
    co_mechanisms: pd.DataFrame
    stability_mechanisms: pd.DataFrame

    def summary(self) -> dict[str, Any]:
        """One row of the readings table."""
        return {"reading": self.name, **self.informative, "cophenetic_correlation": self.cophenetic,
                "stability_sites": mean_stability(self.stability_sites),
                "stability_mechanisms": mean_stability(self.stability_mechanisms),
                "stability_sites_by_size": mean_stability(self.stability_sites, by_size=True),
                "stability_mechanisms_by_size": mean_stability(self.stability_mechanisms, by_size=True),
                "n_clusters": int(self.clusters.nunique())}


def mean_stability(table: pd.DataFrame, by_size: bool = False) -> float:
    """Mean clusterwise stability, each cluster counting once (or, ``by_size``, by its number of sites)."""
    t = table.dropna(subset=["stability"])
    if t.empty:
        return float("nan")
    w = t["size"].to_numpy(dtype=float) if by_size else np.ones(len(t))
    return float(np.average(t["stability"].to_numpy(dtype=float), weights=w))


@dataclass
class CrossCity:
    """The comparison under one set of parameters, all three readings computed."""

    params: dict[str, Any]
    sites: pd.DataFrame
    grid: pd.DataFrame
    readings: dict[str, Reading]
    headline: str
    chosen_by: str                      # "criterion" or "parameter"
    criterion: pd.DataFrame             # the readings table with the conditions met
    groups: pd.Series                   # groups of sites together under every reading
    sensitivity: pd.DataFrame
    comparison: pd.DataFrame            # the two codings side by side
    recode: pd.DataFrame                # the two recodes of the revised mechanisms side by side

    @property
    def lang(self) -> str:
        return self.params["lang"]

    @property
    def main(self) -> Reading:
        return self.readings[self.headline]

    @property
    def matrix(self) -> pd.DataFrame:
        """The coded matrix (1 / 0 / NaN) before any reading is applied."""
        return self.readings["missing"].matrices[0]

    @property
    def clusters(self) -> pd.Series:
        return self.main.clusters


def _cophenetic(d: pd.DataFrame, z: np.ndarray) -> float:
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-equal distances
        return clustering.cophenetic_correlation(d, z)


def _nanmean(values) -> float:
    v = np.asarray(values, dtype=float)
    return float(v[~np.isnan(v)].mean()) if (~np.isnan(v)).any() else float("nan")


def _matrices(p: dict, site_ids: list[str]) -> tuple[pd.DataFrame, dict[str, list[pd.DataFrame]]]:
    """The grid of the framework and the matrices of each reading (imputation at mechanism level)."""
    g = coding.grid(p["framework"])
    g = g[g["site"].isin(site_ids)].reset_index(drop=True)
    base = coding.numeric(g)
    cb = coding.load("codebook")
    g6 = coding.grid("six_elements")
    base6 = coding.numeric(g6[g6["site"].isin(site_ids)])
    imps = consensus.impute(base6, dict(zip(cb["mechanism"], cb["element"])), p["n_imputations"], p["seed"])
    if p["framework"] == "five_city":
        category = dict(zip(cb["mechanism"], cb["five_city_category"]))
        imps = [m.T.groupby(m.columns.map(category)).max().T[base.columns] for m in imps]
    return g, {"missing": [base], "imputed": imps, "absent": [similarity.fill_not_reported(base)]}


def _reading(name: str, mats: list[pd.DataFrame], p: dict) -> Reading:
    k, metric, link = p["n_clusters"], p["metric"], p["linkage"]
    sites = list(mats[0].index)
    if len(mats) == 1:
        d, empty = similarity.distance_matrix(mats[0], metric)
        z, lab = clustering.cluster(d, link, k)
        coph, info, co_imp = _cophenetic(d, z), consensus.informativeness(d, empty), None
    else:
        fits = [similarity.distance_matrix(m, metric) for m in mats]
        trees = [clustering.cluster(d, link, k) for d, _ in fits]
        co_imp = consensus.co_clustering([lab for _, lab in trees], sites)
        z, lab, _ = consensus.consensus(co_imp, k)
        coph = _nanmean([_cophenetic(d, t) for (d, _), (t, _) in zip(fits, trees)])
        d = sum(x for x, _ in fits) / len(fits)
        empty = max(e for _, e in fits)
        infos = [consensus.informativeness(x, e) for x, e in fits]
        info = {key: float(np.mean([i[key] for i in infos])) for key in infos[0]}
    co_s, st_s = consensus.resample_stability(mats, lab, metric, link, k, p["n_site_resamples"], p["seed"], "sites",
                                              p["site_fraction"])
    co_m, st_m = consensus.resample_stability(mats, lab, metric, link, k, p["n_boot"], p["seed"] + 1, "mechanisms")
    return Reading(name, mats, d, empty, z, lab, coph, info, co_imp, co_s, st_s, co_m, st_m)


def _sensitivity(r: Reading, p: dict) -> pd.DataFrame:
    """Every metric x linkage on the headline reading: cophenetic correlation and ARI against its partition."""
    rows = []
    for metric in sorted(similarity.METRICS):
        fits = [similarity.distance_matrix(m, metric) for m in r.matrices]
        for link in clustering.LINKAGES:
            trees = [clustering.cluster(d, link, p["n_clusters"]) for d, _ in fits]
            if len(trees) == 1:
                lab = trees[0][1]
            else:
                _, lab, _ = consensus.consensus(consensus.co_clustering([t[1] for t in trees]), p["n_clusters"])
            rows.append({"metric": metric, "linkage": link,
                         "cophenetic_correlation": _nanmean([_cophenetic(d, t[0]) for (d, _), t in zip(fits, trees)]),
                         "ari_vs_headline": clustering.adjusted_rand(r.clusters.loc[lab.index], lab),
                         "pairs_without_common_mechanism": max(e for _, e in fits)})
    return pd.DataFrame(rows)


def relabel(r: Reading, mapping: dict[int, int]) -> Reading:
    """``r`` with its clusters renumbered by ``mapping`` (the partition, its stability tables)."""
    from dataclasses import replace

    def table(t: pd.DataFrame) -> pd.DataFrame:
        return t.assign(cluster=t["cluster"].map(mapping)).sort_values("cluster", kind="stable").reset_index(drop=True)
    return replace(r, clusters=r.clusters.map(mapping).astype(int), stability_sites=table(r.stability_sites),
                   stability_mechanisms=table(r.stability_mechanisms))


def canonical_labels(readings: dict[str, Reading], head: str) -> dict[str, dict[int, int]]:
    """One numbering of the clusters for every reading, table and figure, computed once.

    The headline reading's clusters are numbered in the order their first site appears in the consensus tree
    (leaves of the imputed reading's tree, top first): C1 is the cluster met first. Each other reading's
    clusters take the number of the headline cluster they share most sites with (an optimal one-to-one
    matching of the overlaps, so a number never means two clusters of one reading); a cluster that matches
    none is numbered after the headline's. A site marked C2 is then in the headline's cluster C2, or in the
    cluster of another reading that best corresponds to it, in every figure.

    >>> r = lambda lab: Reading("x", [], None, 0, None, pd.Series(lab, index=list("abcd")), 0, {}, None, None,
    ...                         pd.DataFrame({"cluster": []}), None, pd.DataFrame({"cluster": []}))
    >>> import numpy as np; from scipy.cluster import hierarchy
    >>> imp = r([1, 1, 2, 2]); imp.linkage = np.array([[2, 3, 0.1, 2], [0, 1, 0.2, 2], [4, 5, 0.9, 4.]])
    >>> canonical_labels({"imputed": imp, "missing": r([5, 5, 7, 7])}, "imputed")
    {'imputed': {2: 1, 1: 2}, 'missing': {5: 2, 7: 1}}
    """
    from scipy.cluster import hierarchy
    from scipy.optimize import linear_sum_assignment
    imp = readings["imputed"]
    order = [imp.clusters.index[i] for i in hierarchy.leaves_list(imp.linkage)]
    h = readings[head].clusters
    first = {int(c): k + 1 for k, c in enumerate(dict.fromkeys(h.loc[order]))}
    canon = h.map(first)
    out = {}
    for name, r in readings.items():
        if name == head:
            out[name] = first
            continue
        lab = r.clusters.loc[canon.index]
        mine, theirs = sorted(int(c) for c in lab.unique()), sorted(first.values())
        overlap = np.array([[int(((lab == c) & (canon == k)).sum()) for k in theirs] for c in mine])
        rows, cols = linear_sum_assignment(-overlap)
        mapping = {mine[i]: theirs[j] for i, j in zip(rows, cols) if overlap[i, j] > 0}
        nxt = max(theirs) + 1
        for c in mine:
            if c not in mapping:
                mapping[c], nxt = nxt, nxt + 1
        out[name] = mapping
    return out


@remembered  # once per build: the tables and the report share it (analysis.core.memo)
def open_cross_city(**values: Any) -> CrossCity:
    """Validate the parameters and compute the comparison under the three readings."""
    p = params.validate("cross_city", **values)
    sites = coding.sites_table()
    rank = coding.evidence_rank(p["min_evidence"])
    sites = sites[sites["evidence"].map(coding.evidence_rank) <= rank].reset_index(drop=True)
    if p["n_clusters"] > len(sites):
        raise InputError(f"parameter 'n_clusters': {p['n_clusters']} exceeds the {len(sites)} sites "
                         f"at evidence level {p['min_evidence']!r} or stronger")
    g, mats = _matrices(p, list(sites["site"]))
    readings_ = {name: _reading(name, mats[name], p) for name in consensus.READINGS}
    table = pd.DataFrame([r.summary() for r in readings_.values()])
    chosen, crit = consensus.choose_headline(table, p["max_zero_share"], p["min_cophenetic"], p["min_stability"])
    by_size = table.assign(stability_sites=table["stability_sites_by_size"],
                           stability_mechanisms=table["stability_mechanisms_by_size"])
    crit["chosen_if_stability_by_size"] = consensus.choose_headline(
        by_size, p["max_zero_share"], p["min_cophenetic"], p["min_stability"])[1]["headline"].to_numpy()
    head, how = (chosen, "criterion") if p["not_reported"] == "auto" else (p["not_reported"], "parameter")
    labels = canonical_labels(readings_, head)
    readings_ = {name: relabel(r, labels[name]) for name, r in readings_.items()}
    crit["headline"] = crit["reading"] == head
    crit["chosen_by_criterion"] = crit["reading"] == chosen
    crit["ari_vs_headline"] = [clustering.adjusted_rand(readings_[head].clusters, readings_[r].clusters.loc[
        readings_[head].clusters.index]) for r in crit["reading"]]
    groups = consensus.meet({r: readings_[r].clusters for r in consensus.READINGS})
    return CrossCity(p, sites, g, readings_, head, how, crit, groups, _sensitivity(readings_[head], p),
                     agreement.compare(), agreement.compare_recode())


def clusters_text(lab: pd.Series, names: dict[str, str]) -> str:
    return "; ".join(f"C{c}: {', '.join(names.get(s, s) for s in lab.index[lab == c])}" for c in sorted(lab.unique()))


def site_names(ctx: CrossCity) -> dict[str, str]:
    return dict(zip(ctx.sites["site"], ctx.sites["name"]))


def held_groups(ctx: CrossCity) -> list[list[str]]:
    return [list(ctx.groups.index[ctx.groups == gid]) for gid in ctx.groups.unique() if (ctx.groups == gid).sum() > 1]


def tree_order(ctx: CrossCity) -> list[str]:
    """Sites in the leaf order of the consensus tree (imputed reading)."""
    from scipy.cluster import hierarchy
    r = ctx.readings["imputed"]
    leaves = hierarchy.leaves_list(r.linkage)
    return [r.clusters.index[i] for i in leaves]
