"""Hierarchical clustering of models, its fit and its stability.

* :func:`cluster`: agglomerative clustering (scipy) cut into k groups;
* :func:`maxclust`: the cut of a tree into at most k groups (scipy's ``fcluster``
  with ``criterion="maxclust"``, without its per-call validation);
* :func:`cophenetic_correlation`: how well the tree keeps the distances;
* :func:`adjusted_rand`: agreement of two partitions (Hubert and Arabie 1985);
* :func:`bootstrap_stability`: resample mechanisms with replacement, recluster,
  and report how often each pair of sites stays together and each cluster's
  mean Jaccard recovery (Hennig 2007).

>>> adjusted_rand([0, 0, 1, 1], [0, 0, 1, 2])
0.5714285714285715
"""
from __future__ import annotations

from math import comb

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform

from analysis.crosscity.similarity import distance_matrix

__all__ = ["LINKAGES", "cluster", "maxclust", "cophenetic_correlation", "adjusted_rand", "bootstrap_stability",
           "sensitivity"]

LINKAGES = ("average", "complete", "single", "weighted")


def _condensed(distances: pd.DataFrame) -> np.ndarray:
    return squareform(distances.to_numpy(dtype=float), checks=False)


def cluster(distances: pd.DataFrame, linkage: str, k: int) -> tuple[np.ndarray, pd.Series]:
    """Agglomerative clustering cut into at most ``k`` clusters.

    Cluster labels are renumbered 1, 2, ... in order of first appearance, so
    equal partitions get equal labels.

    Returns
    -------
    (ndarray, Series)
        The scipy linkage matrix and the cluster of each site.
    """
    if linkage not in LINKAGES:
        raise ValueError(f"unknown linkage {linkage!r}; expected one of {LINKAGES}")
    if not 1 <= k <= len(distances):
        raise ValueError(f"k must be between 1 and the number of sites ({len(distances)}), got {k}")
    z = hierarchy.linkage(_condensed(distances), method=linkage)
    return z, pd.Series(maxclust(z, k), index=distances.index, name="cluster")


def maxclust(z: np.ndarray, k: int) -> np.ndarray:
    r"""Cut a linkage tree into at most ``k`` clusters, labelled 1, 2, ... in order of first appearance.

    The partition of ``scipy.cluster.hierarchy.fcluster(z, t=k, criterion="maxclust")``
    (tests compare them): with :math:`h_v` the largest merge height in the subtree
    of node :math:`v`, the threshold is the smallest :math:`h^*` among the
    :math:`h_v` with :math:`n - \#\{v : h_v \le h^*\} \le k`, and every
    node with :math:`h_v \le h^*` becomes one cluster. Tied heights are merged
    together, so a tie can give fewer than ``k`` clusters. The resampling loops
    call this about a thousand times per reading: scipy's validation of ``z`` on
    each call cost more than the cut.

    >>> z = hierarchy.linkage([1.0, 4.0, 4.0], method="average")  # sites 0 and 1 close, 2 apart
    >>> maxclust(z, 2).tolist(), maxclust(z, 1).tolist(), maxclust(z, 3).tolist()
    ([1, 1, 2], [1, 1, 1], [1, 2, 3])
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a whole number >= 1, got {k!r}")
    n = len(z) + 1
    if k >= n:
        return np.arange(1, n + 1)
    children = z[:, :2].astype(int)
    height = np.empty(n - 1)
    for i, (a, b) in enumerate(children):
        height[i] = max(z[i, 2], height[a - n] if a >= n else -np.inf, height[b - n] if b >= n else -np.inf)
    threshold = np.sort(height)[n - 1 - k]
    owner = np.arange(2 * n - 1)
    for i in range(n - 2, -1, -1):  # from the root down: a merged node's leaves share its owner
        if height[i] <= threshold:
            owner[children[i]] = owner[n + i]
    relabel: dict[int, int] = {}
    return np.array([relabel.setdefault(o, len(relabel) + 1) for o in owner[:n]])


def cophenetic_correlation(distances: pd.DataFrame, z: np.ndarray) -> float:
    """Pearson correlation between the distances and the tree's cophenetic distances.

    >>> d = pd.DataFrame([[0, 1, 4], [1, 0, 4], [4, 4, 0]], dtype=float)
    >>> round(cophenetic_correlation(d, cluster(d, "average", 2)[0]), 6)
    1.0
    """
    c, _ = hierarchy.cophenet(z, _condensed(distances))
    return float(c)


def adjusted_rand(a, b) -> float:
    """Adjusted Rand index of two partitions.

    .. math::
        ARI = \\frac{\\sum_{ij}\\binom{n_{ij}}{2} - E}{\\tfrac12\\left[\\sum_i\\binom{a_i}{2}
              + \\sum_j\\binom{b_j}{2}\\right] - E},\\quad
        E = \\frac{\\sum_i\\binom{a_i}{2}\\sum_j\\binom{b_j}{2}}{\\binom{n}{2}}

    Example from the scikit-learn documentation: ``[0, 0, 1, 1]`` vs
    ``[0, 0, 1, 2]`` gives 0.5714.
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError("partitions differ in length")
    n = len(a)
    ca: dict = {}
    cb: dict = {}
    ia = [ca.setdefault(x, len(ca)) for x in a]
    ib = [cb.setdefault(x, len(cb)) for x in b]
    table = np.zeros((len(ca), len(cb)), dtype=int)  # the contingency table of the two partitions
    np.add.at(table, (ia, ib), 1)
    sum_ij = sum(comb(int(x), 2) for x in table.ravel())
    sum_a = sum(comb(int(x), 2) for x in table.sum(axis=1))
    sum_b = sum(comb(int(x), 2) for x in table.sum(axis=0))
    total = comb(n, 2)
    expected = sum_a * sum_b / total if total else 0.0
    top = 0.5 * (sum_a + sum_b) - expected
    return 1.0 if top == 0 else float((sum_ij - expected) / top)


def bootstrap_stability(matrix: pd.DataFrame, metric: str, linkage: str, k: int, n_boot: int,
                        seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stability of the clusters under bootstrap resampling of mechanisms.

    Each replicate draws as many mechanisms as there are, with replacement,
    recomputes the distances and the clustering, and cuts it into ``k``.

    Returns
    -------
    (DataFrame, DataFrame)
        Co-clustering: share of replicates in which each pair of sites falls in
        the same cluster. Clusters: for each original cluster, its sites and the
        mean over replicates of the best Jaccard overlap with a replicate
        cluster (Hennig's clusterwise stability; above 0.75 is usually read as
        stable, below 0.5 as dissolved).
    """
    if n_boot < 1:
        raise ValueError("n_boot must be >= 1")
    rng = np.random.default_rng(seed)
    d0, _ = distance_matrix(matrix, metric)
    _, ref = cluster(d0, linkage, k)
    sites = list(matrix.index)
    together = np.zeros((len(sites), len(sites)))
    groups = {c: set(ref.index[ref == c]) for c in sorted(ref.unique())}
    recovery = {c: [] for c in groups}
    cols = matrix.columns.to_numpy()
    for _ in range(n_boot):
        pick = rng.integers(0, len(cols), len(cols))
        sample = matrix.iloc[:, pick]
        d, _ = distance_matrix(sample, metric)
        _, lab = cluster(d, linkage, k)
        arr = lab.to_numpy()
        together += arr[:, None] == arr[None, :]
        boot_groups = [set(lab.index[lab == c]) for c in lab.unique()]
        for c, members in groups.items():
            recovery[c].append(max(len(members & g) / len(members | g) for g in boot_groups))
    co = pd.DataFrame(together / n_boot, index=sites, columns=sites)
    clusters = pd.DataFrame({
        "cluster": list(groups),
        "sites": ["; ".join(sorted(map(str, groups[c]))) for c in groups],
        "size": [len(groups[c]) for c in groups],
        "stability": [float(np.mean(recovery[c])) for c in groups],
    })
    return co, clusters


def sensitivity(matrix: pd.DataFrame, metrics, linkages, k: int, reference: pd.Series) -> pd.DataFrame:
    """Cophenetic correlation and agreement with the reference partition, per setting.

    One row per metric x linkage: the tree's cophenetic correlation and the
    adjusted Rand index of its k-cluster cut against ``reference``.
    """
    rows = []
    for m in metrics:
        d, empty = distance_matrix(matrix, m)
        for lk in linkages:
            z, lab = cluster(d, lk, k)
            rows.append({"metric": m, "linkage": lk, "cophenetic_correlation": cophenetic_correlation(d, z),
                         "ari_vs_reference": adjusted_rand(reference.loc[lab.index], lab),
                         "pairs_without_common_mechanism": empty})
    return pd.DataFrame(rows)
