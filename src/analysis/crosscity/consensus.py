"""Readings of "not reported", multiple imputation, consensus clustering and resampling stability.

Three readings of a not-reported cell:

* ``missing``: left out; only mechanisms both sites report are compared;
* ``imputed``: multiple imputation (:func:`impute`): each not-reported cell is
  drawn present with the probability the mechanism has among the sites whose
  sources describe its element, the clustering is repeated on every imputed
  matrix and combined into a co-clustering (consensus) matrix
  (:func:`consensus`);
* ``absent``: read as absent.

Stability (:func:`resample_stability`) resamples sites (subsampling without
replacement, Monti et al. 2003) or mechanisms (bootstrap with replacement) and
reports how often each pair of sites stays together and each cluster's mean
best Jaccard overlap (Hennig 2007). :func:`meet` gives the groups of sites
that fall together under every reading; :func:`choose_headline` applies the
criterion stated in advance.

>>> m = pd.DataFrame([[1.0, float("nan")], [1.0, 0.0]], index=["a", "b"], columns=["x", "y"])
>>> imps = impute(m, {"x": "e", "y": "e"}, n_imputations=3, seed=1)
>>> [float(i.loc["a", "x"]) for i in imps], [float(i.loc["b", "y"]) for i in imps]
([1.0, 1.0, 1.0], [0.0, 0.0, 0.0])
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform

from analysis.crosscity.clustering import cluster, cophenetic_correlation, maxclust
from analysis.crosscity.similarity import distance_matrix, distances

__all__ = ["READINGS", "ASSUMPTION_ORDER", "element_described", "presence_probability", "impute",
           "partitions", "co_clustering", "consensus", "resample_stability", "meet", "informativeness",
           "choose_headline"]

READINGS = ("missing", "imputed", "absent")
# How much each reading assumes about a cell no source describes (weakest first).
ASSUMPTION_ORDER = {"missing": 0, "imputed": 1, "absent": 2}


def element_described(matrix: pd.DataFrame, element_of: dict[str, str]) -> pd.DataFrame:
    """Site x element: True where the site's sources code any mechanism of the element.

    >>> m = pd.DataFrame([[1.0, float("nan")], [float("nan"), float("nan")]], columns=["x", "y"])
    >>> element_described(m, {"x": "e", "y": "f"}).to_dict("list")
    {'e': [True, False], 'f': [False, False]}
    """
    elements = list(dict.fromkeys(element_of[c] for c in matrix.columns))
    seen = matrix.notna()
    return pd.DataFrame({e: seen[[c for c in matrix.columns if element_of[c] == e]].any(axis=1) for e in elements},
                        index=matrix.index)


def presence_probability(matrix: pd.DataFrame, element_of: dict[str, str]) -> pd.DataFrame:
    """The counts behind each mechanism's imputation probability.

    For mechanism *m* of element *e*, among the :math:`n_m` sites whose sources
    describe *e* (code any of its mechanisms), :math:`x_m` have *m* present.
    A source that describes an element but does not mention *m* counts as a
    site without *m*: it had the occasion to mention it. The imputation draws
    :math:`p_m \\sim \\mathrm{Beta}(1 + x_m, 1 + n_m - x_m)` (uniform prior), so
    its mean is :math:`(1 + x_m)/(2 + n_m)`.

    Returns
    -------
    DataFrame
        ``mechanism, element, described_by, present_at, mean_probability``.

    >>> m = pd.DataFrame([[1.0, float("nan")], [0.0, float("nan")]], columns=["x", "y"])
    >>> presence_probability(m, {"x": "e", "y": "e"})["mean_probability"].tolist()
    [0.5, 0.25]
    """
    described = element_described(matrix, element_of)
    rows = []
    for c in matrix.columns:
        d = described[element_of[c]]
        n = int(d.sum())
        x = int((matrix.loc[d, c] == 1).sum())
        rows.append({"mechanism": c, "element": element_of[c], "described_by": n, "present_at": x,
                     "mean_probability": (1 + x) / (2 + n)})
    return pd.DataFrame(rows)


def impute(matrix: pd.DataFrame, element_of: dict[str, str], n_imputations: int, seed: int) -> list[pd.DataFrame]:
    """Multiple imputation of the not-reported (NaN) cells; coded cells are never changed.

    Each imputation first draws every mechanism's probability from its Beta
    posterior (:func:`presence_probability`), then each not-reported cell of
    that mechanism as present with that probability. Seeded: the same seed
    gives the same imputations.
    """
    if n_imputations < 1:
        raise ValueError("n_imputations must be >= 1")
    counts = presence_probability(matrix, element_of).set_index("mechanism")
    rng = np.random.default_rng(seed)
    x = matrix.to_numpy(dtype=float)
    holes = np.isnan(x)
    a = 1 + counts.loc[matrix.columns, "present_at"].to_numpy(dtype=float)
    b = 1 + (counts.loc[matrix.columns, "described_by"] - counts.loc[matrix.columns, "present_at"]).to_numpy(float)
    out = []
    for _ in range(n_imputations):
        p = rng.beta(a, b)
        draw = (rng.random(x.shape) < p[None, :]).astype(float)
        out.append(pd.DataFrame(np.where(holes, draw, x), index=matrix.index, columns=matrix.columns))
    return out


def partitions(matrices: list[pd.DataFrame], metric: str, linkage: str, k: int) -> list[pd.Series]:
    """The k-cluster partition of each matrix (distances, tree, cut)."""
    return [cluster(distance_matrix(m, metric)[0], linkage, k)[1] for m in matrices]


def co_clustering(labels: list[pd.Series], sites: list[str] | None = None) -> pd.DataFrame:
    """Share of partitions in which each pair of sites falls in the same cluster.

    A site missing from a partition (a resample that left it out) does not
    count for its pairs: the share is over the partitions holding both sites,
    and NaN if none does.

    >>> labs = [pd.Series([1, 1, 2], index=list("abc")), pd.Series([1, 2, 2], index=list("abc"))]
    >>> float(co_clustering(labs).loc["a", "b"])
    0.5
    """
    sites = sites or list(dict.fromkeys(s for lab in labels for s in lab.index))
    pos = {s: i for i, s in enumerate(sites)}
    n = len(sites)
    together, both = np.zeros((n, n)), np.zeros((n, n))
    for lab in labels:
        idx = np.array([pos[s] for s in lab.index])
        arr = lab.to_numpy()
        same = (arr[:, None] == arr[None, :]).astype(float)
        together[np.ix_(idx, idx)] += same
        both[np.ix_(idx, idx)] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(both > 0, together / np.where(both == 0, 1, both), np.nan)
    return pd.DataFrame(share, index=sites, columns=sites)


def consensus(co: pd.DataFrame, k: int) -> tuple[np.ndarray, pd.Series, float]:
    """Consensus tree and partition from a co-clustering matrix.

    Average linkage on :math:`1 - C` (Monti et al. 2003), cut into ``k``
    clusters; the cophenetic correlation says how well the tree keeps
    :math:`1 - C`.

    Returns
    -------
    (ndarray, Series, float)
        Linkage matrix, consensus cluster of each site, cophenetic correlation.
    """
    d = 1 - co.fillna(0.0)
    d = (d + d.T) / 2
    np.fill_diagonal(d.values, 0.0)
    z, lab = cluster(d, "average", k)
    with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        coph = cophenetic_correlation(d, z)
    return z, lab, coph


def _labels(x: np.ndarray, metric: str, linkage: str, k: int) -> np.ndarray:
    """Cluster labels of the rows of a bare array (the resampling loops' fast path of :func:`cluster`)."""
    d, _ = distances(x, metric)
    z = hierarchy.linkage(squareform(d, checks=False), method=linkage)
    return maxclust(z, k)


def resample_stability(matrices: list[pd.DataFrame], reference: pd.Series, metric: str, linkage: str, k: int,
                       n_rep: int, seed: int, mode: str, fraction: float = 0.8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stability of a partition under resampling of sites or of mechanisms.

    Replicate *r* takes matrix ``r mod len(matrices)`` (one matrix per reading,
    or the imputations in turn), then

    * ``mode="sites"``: a subsample of ``round(fraction * n)`` sites without
      replacement (consensus clustering, Monti et al. 2003), clustered into
      ``min(k, size)`` clusters;
    * ``mode="mechanisms"``: as many mechanisms as there are, drawn with
      replacement.

    Returns
    -------
    (DataFrame, DataFrame)
        Co-clustering over the replicates holding both sites; for each
        reference cluster, its sites and Hennig's clusterwise stability (mean
        over replicates of the best Jaccard overlap of the cluster, restricted
        to the sampled sites, with a replicate cluster; about 0.75 or more:
        stable, below 0.5: it dissolves).
    """
    if n_rep < 1:
        raise ValueError("the number of replicates must be >= 1")
    if mode not in ("sites", "mechanisms"):
        raise ValueError(f"mode must be 'sites' or 'mechanisms', got {mode!r}")
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    rng = np.random.default_rng(seed)
    sites = list(reference.index)
    arrays = [m.loc[sites].to_numpy(dtype=float) for m in matrices]
    ref = reference.to_numpy()
    groups = {c: ref == c for c in sorted(reference.unique())}
    recovery: dict[int, list[float]] = {c: [] for c in groups}
    n, m = arrays[0].shape
    size = min(n, max(2, int(round(fraction * n))))
    together, both = np.zeros((n, n)), np.zeros((n, n))
    for r in range(n_rep):
        x = arrays[r % len(arrays)]
        if mode == "sites":
            pick = np.sort(rng.choice(n, size=size, replace=False))
            lab = np.zeros(n, dtype=int)
            lab[pick] = _labels(x[pick], metric, linkage, min(k, size))
        else:
            pick = np.arange(n)
            lab = _labels(x[:, rng.integers(0, m, m)], metric, linkage, k)
        drawn = np.zeros(n, dtype=bool)
        drawn[pick] = True
        same = (lab[:, None] == lab[None, :]) & drawn[:, None] & drawn[None, :]
        together += same
        both += drawn[:, None] & drawn[None, :]
        reps = [(lab == c) & drawn for c in np.unique(lab[drawn])]
        for c, members in groups.items():
            kept = members & drawn
            if kept.any():
                recovery[c].append(max((kept & g).sum() / (kept | g).sum() for g in reps))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(both > 0, together / np.where(both == 0, 1, both), np.nan)
    co = pd.DataFrame(share, index=sites, columns=sites)
    clusters = pd.DataFrame({
        "cluster": list(groups),
        "sites": ["; ".join(s for s, g in zip(sites, groups[c]) if g) for c in groups],
        "size": [int(groups[c].sum()) for c in groups],
        "stability": [float(np.mean(recovery[c])) if recovery[c] else float("nan") for c in groups],
    })
    return co, clusters


def meet(parts: dict[str, pd.Series]) -> pd.Series:
    """The groups of sites that share a cluster under every partition (their meet).

    Two sites are in the same group exactly when every partition puts them
    together. Groups are numbered 1, 2, ... in order of first appearance.

    >>> meet({"a": pd.Series([1, 1, 2], index=list("xyz")), "b": pd.Series([1, 2, 2], index=list("xyz"))}).tolist()
    [1, 2, 3]
    """
    names = list(parts)
    index = parts[names[0]].index
    keys = list(zip(*(parts[p].loc[index].tolist() for p in names)))
    ids: dict[tuple, int] = {}
    return pd.Series([ids.setdefault(kk, len(ids) + 1) for kk in keys], index=index, name="group")


def informativeness(distances: pd.DataFrame, empty_pairs: int) -> dict[str, float]:
    """Share of site pairs with no jointly reported mechanism and share of distances equal to 0."""
    n = len(distances)
    pairs = n * (n - 1) // 2
    tri = distances.to_numpy()[np.triu_indices(n, 1)]
    return {"share_pairs_without_common_mechanism": empty_pairs / pairs if pairs else float("nan"),
            "share_zero_distances": float((tri == 0).mean()) if pairs else float("nan")}


def choose_headline(table: pd.DataFrame, max_zero: float, min_cophenetic: float,
                    min_stability: float) -> tuple[str, pd.DataFrame]:
    """The headline reading by the criterion stated in advance.

    A reading is *admissible* when

    1. its distances are informative: every pair of sites has a jointly
       reported mechanism, and at most ``max_zero`` of the distances are 0;
    2. its tree keeps the distances: cophenetic correlation at least
       ``min_cophenetic`` (for the imputed reading, of the consensus tree
       with one minus the co-clustering);
    3. its clusters are stable: the mean of the clusterwise stabilities under
       site and under mechanism resampling is at least ``min_stability``.

    Among admissible readings the headline is the one that assumes least
    about not-reported cells (:data:`ASSUMPTION_ORDER`: missing, then imputed,
    then absent): stability is a condition, not a score, because a reading
    that invents certainty (absent) would otherwise win by construction. If
    no reading is admissible, the one meeting most conditions is chosen (ties
    by the same order) and the report says so.

    Parameters
    ----------
    table : DataFrame
        One row per reading: ``reading, share_pairs_without_common_mechanism,
        share_zero_distances, cophenetic_correlation, stability_sites,
        stability_mechanisms``.

    Returns
    -------
    (str, DataFrame)
        The chosen reading, and the table with one column per condition,
        ``admissible`` and ``headline``.

    >>> t = pd.DataFrame({"reading": ["missing", "imputed", "absent"],
    ...     "share_pairs_without_common_mechanism": [0.2, 0.0, 0.0], "share_zero_distances": [0.7, 0.0, 0.01],
    ...     "stability_sites": [0.9, 0.7, 0.74], "stability_mechanisms": [0.9, 0.7, 0.72],
    ...     "cophenetic_correlation": [0.5, 0.8, 0.9]})
    >>> choose_headline(t, 0.25, 0.7, 0.5)[0]
    'imputed'
    """
    t = table.copy()
    t["stability"] = t[["stability_sites", "stability_mechanisms"]].mean(axis=1)
    t["informative"] = (t["share_pairs_without_common_mechanism"] == 0) & (t["share_zero_distances"] <= max_zero)
    t["tree_fits"] = t["cophenetic_correlation"].fillna(-1) >= min_cophenetic
    t["stable"] = t["stability"].fillna(-1) >= min_stability
    t["admissible"] = t["informative"] & t["tree_fits"] & t["stable"]
    met = t[["informative", "tree_fits", "stable"]].sum(axis=1)
    order = t["reading"].map(ASSUMPTION_ORDER)
    rank = pd.DataFrame({"met": -met, "order": order}).sort_values(["met", "order"], kind="stable")
    choice = str(t.loc[rank.index[0], "reading"])
    t["headline"] = t["reading"] == choice
    return choice, t
