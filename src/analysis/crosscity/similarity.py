"""Distances between consortium models coded as present / absent / not reported.

A model is a vector over mechanisms with 1 (present), 0 (absent) or NaN (not
reported). Not reported is not absent: by default a distance uses only the
mechanisms both sites report (pairwise-complete); reading NaN as 0 is a
separate, explicit choice (:func:`fill_not_reported`).

>>> jaccard([1, 1, 0, float("nan")], [1, 0, 0, 1])
0.5
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["METRICS", "jaccard", "dice", "hamming", "distance_matrix", "distances", "fill_not_reported", "pcoa", "PCOA_DECIMALS",
           "DEGENERATE_TOLERANCE"]


def _pair(x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"vectors differ in length: {x.shape} vs {y.shape}")
    bad = ~np.isin(x[~np.isnan(x)], (0, 1)).all() or ~np.isin(y[~np.isnan(y)], (0, 1)).all()
    if bad:
        raise ValueError("values must be 1 (present), 0 (absent) or NaN (not reported)")
    both = ~np.isnan(x) & ~np.isnan(y)
    return x[both].astype(bool), y[both].astype(bool)


def jaccard(x, y) -> float:
    """Jaccard distance over jointly reported mechanisms.

    .. math:: d_J = 1 - \\frac{|A \\cap B|}{|A \\cup B|}

    where A, B are the mechanisms present at each site among those both report.
    NaN if nothing is jointly reported; 0 if neither has any present.

    >>> jaccard([1, 1, 0, 0], [1, 0, 1, 0])
    0.6666666666666667
    """
    a, b = _pair(x, y)
    if a.size == 0:
        return float("nan")
    union = np.sum(a | b)
    return 0.0 if union == 0 else float(1 - np.sum(a & b) / union)


def dice(x, y) -> float:
    """Dice (Sørensen) distance over jointly reported mechanisms.

    .. math:: d_D = 1 - \\frac{2|A \\cap B|}{|A| + |B|}

    >>> dice([1, 1, 0, 0], [1, 0, 1, 0])
    0.5
    """
    a, b = _pair(x, y)
    if a.size == 0:
        return float("nan")
    total = a.sum() + b.sum()
    return 0.0 if total == 0 else float(1 - 2 * np.sum(a & b) / total)


def hamming(x, y) -> float:
    """Share of jointly reported mechanisms on which two sites differ.

    .. math:: d_H = \\frac{1}{m}\\sum_{k} [x_k \\ne y_k]

    over the m mechanisms both report.

    >>> hamming([1, 1, 0, 0], [1, 0, 1, 0])
    0.5
    """
    a, b = _pair(x, y)
    return float("nan") if a.size == 0 else float(np.mean(a != b))


METRICS = {"jaccard": jaccard, "dice": dice, "hamming": hamming}


def fill_not_reported(matrix: pd.DataFrame) -> pd.DataFrame:
    """Read every not-reported cell as absent (the sensitivity reading).

    >>> fill_not_reported(pd.DataFrame({"m": [1.0, float("nan")]})).m.tolist()
    [1.0, 0.0]
    """
    return matrix.fillna(0.0)


def distance_matrix(matrix: pd.DataFrame, metric: str) -> tuple[pd.DataFrame, int]:
    """Square distance matrix between the rows of a site x mechanism matrix.

    Computed for all pairs at once from counts over the jointly reported
    mechanisms (the same values as :func:`jaccard`, :func:`dice` and
    :func:`hamming` pair by pair; a test checks this). With ``P`` the
    present-indicator matrix, ``Q`` the absent-indicator matrix and ``R`` the
    reported-indicator matrix (sites x mechanisms):

    .. math::
        |A\\cap B| = P P^T,\\quad |A| = P R^T,\\quad |B| = R P^T,\\quad
        m = R R^T,\\quad \\text{differences} = P Q^T + Q P^T

    Pairs with nothing jointly reported get the largest distance, 1, and are
    counted so the report can say so.

    Returns
    -------
    (DataFrame, int)
        Distances, and the number of pairs that had no jointly reported mechanism.

    >>> m = pd.DataFrame([[1, 1, 0], [1, 0, float("nan")]], index=["a", "b"])
    >>> float(distance_matrix(m, "jaccard")[0].loc["a", "b"])
    0.5
    """
    d, empty = distances(matrix.to_numpy(dtype=float), metric)
    return pd.DataFrame(d, index=matrix.index, columns=matrix.index), empty


def distances(x: np.ndarray, metric: str) -> tuple[np.ndarray, int]:
    """:func:`distance_matrix` on a bare array (sites x mechanisms; 1, 0 or NaN), for resampling loops."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {sorted(METRICS)}")
    seen = ~np.isnan(x)
    if not np.isin(x[seen], (0, 1)).all():
        raise ValueError("values must be 1 (present), 0 (absent) or NaN (not reported)")
    p = (x == 1).astype(float)
    q = (x == 0).astype(float)
    r = seen.astype(float)
    both = r @ r.T
    inter = p @ p.T
    size_a, size_b = p @ r.T, r @ p.T
    with np.errstate(invalid="ignore", divide="ignore"):
        if metric == "jaccard":
            union = size_a + size_b - inter
            d = np.where(union == 0, 0.0, 1 - inter / np.where(union == 0, 1, union))
        elif metric == "dice":
            total = size_a + size_b
            d = np.where(total == 0, 0.0, 1 - 2 * inter / np.where(total == 0, 1, total))
        else:
            d = (p @ q.T + q @ p.T) / np.where(both == 0, 1, both)
    empty_mask = both == 0
    d = np.where(empty_mask, 1.0, d)
    np.fill_diagonal(d, 0.0)
    d = np.clip((d + d.T) / 2, 0.0, 1.0)
    n = len(x)
    return d, int(empty_mask[np.triu_indices(n, 1)].sum())


PCOA_DECIMALS = 6
"""Decimals to which principal coordinates and their shares are rounded before anything draws or writes them.

Eigenvectors from LAPACK differ in the last bits from one BLAS kernel to another (``OPENBLAS_CORETYPE``);
rounded to 1e-6 (far below what a figure can show, far above 1e-15) every machine gets the same numbers."""

DEGENERATE_TOLERANCE = 1e-8
"""Two eigenvalues closer than this fraction of the largest are one (degenerate) eigenvalue."""


def _centred(d: np.ndarray) -> np.ndarray:
    """Gower's double centring of the squared distances, ``-1/2 J D² J``, by means instead of matrix products.

    The same matrix as the product with ``J``, but computed without BLAS, whose kernels sum in different
    orders (and with or without fused multiply-add): every machine gets the same bits.
    """
    d2 = d ** 2
    b = -0.5 * (d2 - d2.mean(axis=0, keepdims=True) - d2.mean(axis=1, keepdims=True) + d2.mean())
    return (b + b.T) / 2


def _canonical_basis(vecs: np.ndarray) -> np.ndarray:
    """An orthonormal basis of the span of ``vecs`` that does not depend on which basis LAPACK returned.

    The projector ``P = V Vᵀ`` is unique; Gram-Schmidt on its columns in site order (skipping columns
    already spanned) gives the same basis for any rotation of ``V``.
    """
    proj = np.sum(vecs[:, None, :] * vecs[None, :, :], axis=2)  # V Vᵀ without BLAS
    basis: list[np.ndarray] = []
    for col in proj.T:
        v = col - sum(np.sum(b * col) * b for b in basis) if basis else col.copy()
        norm = float(np.sqrt(np.sum(v * v)))
        if norm > 1e-6:
            basis.append(v / norm)
        if len(basis) == vecs.shape[1]:
            break
    return np.column_stack(basis)


def _signed(column: np.ndarray) -> np.ndarray:
    """The axis with the sign that makes its first clearly non-zero coordinate (site order) positive.

    A sign chosen by the largest absolute coordinate flips when two coordinates of opposite signs are
    nearly as large as each other; the first coordinate above the rounding precision does not move
    with the last bits of the eigenvector.
    """
    for value in column:
        if abs(value) > 10.0 ** -(PCOA_DECIMALS - 2):
            return column if value > 0 else -column
    return column


def pcoa(distances: pd.DataFrame, k: int = 2) -> tuple[pd.DataFrame, np.ndarray]:
    """Principal coordinates (classical multidimensional scaling), the same on every machine.

    .. math::
        B = -\\tfrac12 J D^{(2)} J,\\quad J = I - \\tfrac1n \\mathbf{1}\\mathbf{1}^T,\\quad
        X = V_k \\Lambda_k^{1/2}

    Made independent of the BLAS kernel: ``B`` is centred by means (no matrix product); an axis whose
    eigenvalue is degenerate (equal to a neighbour's within :data:`DEGENERATE_TOLERANCE` of the largest)
    has no unique direction, so its eigenspace is given a canonical basis (:func:`_canonical_basis`)
    instead of whichever LAPACK returned; each axis is signed so that its first clearly non-zero
    coordinate, in site order, is positive; coordinates and shares are rounded to
    :data:`PCOA_DECIMALS` decimals before anything draws or writes them.

    Returns
    -------
    (DataFrame, ndarray)
        Coordinates (one row per site, columns PCo1..PCok) and the share of
        the positive eigenvalues each axis carries.

    >>> d = pd.DataFrame([[0, 1, 1], [1, 0, 1], [1, 1, 0]], index=list("abc"), columns=list("abc"))
    >>> coords, share = pcoa(d)
    >>> [round(float(s), 6) for s in share]   # an equilateral triangle: two equal eigenvalues
    [0.5, 0.5]
    >>> pcoa(d)[0].equals(coords)
    True
    """
    d = distances.to_numpy(dtype=float)
    vals, vecs = np.linalg.eigh(_centred(d))
    order = np.argsort(-vals, kind="stable")
    vals, vecs = vals[order], vecs[:, order]
    scale = max(float(np.max(np.abs(vals))), 1e-300) if len(vals) else 1.0
    positive = vals > DEGENERATE_TOLERANCE * scale
    k = min(k, int(positive.sum()))
    axes = vecs.copy()
    start = 0
    while start < len(vals):  # each run of equal eigenvalues (a degenerate eigenspace) gets a canonical basis
        stop = start + 1
        while stop < len(vals) and vals[stop - 1] - vals[stop] <= DEGENERATE_TOLERANCE * scale:
            stop += 1
        if stop - start > 1 and start < k:
            axes[:, start:stop] = _canonical_basis(vecs[:, start:stop])
            vals[start:stop] = vals[start:stop].mean()
        start = stop
    coords = np.column_stack([_signed(axes[:, c]) * np.sqrt(vals[c]) for c in range(k)]) if k else np.zeros((len(d), 0))
    total = vals[positive].sum()
    share = vals[:k] / total if k else np.zeros(0)
    coords = np.round(coords, PCOA_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    return (pd.DataFrame(coords, index=distances.index, columns=[f"PCo{i + 1}" for i in range(k)]),
            np.round(share, PCOA_DECIMALS) + 0.0)
