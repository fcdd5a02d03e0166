"""Agreement of two independent readings of the same items: Cohen's kappa with its 95% interval.

One function for every pair of readings the compendium compares: the two
codings of the cross-city matrix (:mod:`analysis.crosscity.agreement`) and the
two gradings of the findings (:mod:`analysis.results.review`). Kappa and its
asymptotic interval come from :func:`statsmodels.stats.inter_rater.cohens_kappa`:

.. math::
    \\kappa = \\frac{p_o - p_e}{1 - p_e},\\quad
    p_o = \\sum_i p_{ii},\\quad p_e = \\sum_i p_{i\\cdot}\\,p_{\\cdot i}

Kappa is undefined when both readers put every item in one and the same
category (:math:`p_e = 1`); it is then NaN, with the raw agreement.

>>> r = kappa(["present", "present", "absent", "absent"], ["present", "absent", "absent", "absent"])
>>> round(r["kappa"], 3), r["agreement"]
(0.5, 0.75)
"""
from __future__ import annotations

import warnings

import numpy as np
from statsmodels.stats.inter_rater import cohens_kappa

__all__ = ["kappa"]


def kappa(first, second, categories=None) -> dict:
    """Cohen's kappa of two codings of the same items, with its 95% confidence interval.

    Parameters
    ----------
    first, second : sequence of str
        The two coders' values, item by item.
    categories : sequence of str, optional
        The categories of the contingency table (default: every value seen).

    Returns
    -------
    dict
        ``n, agreement`` (raw proportion of agreement), ``kappa, se, low, high``
        (statsmodels; the asymptotic interval is cut to [-1, 1]; NaN when kappa
        is undefined because both coders used a single category).

    >>> kappa(["a", "a"], ["a", "a"])["kappa"]
    nan
    """
    a, b = np.asarray(first, dtype=object), np.asarray(second, dtype=object)
    if a.shape != b.shape:
        raise ValueError(f"the two codings differ in length: {a.shape} vs {b.shape}")
    if a.size == 0:
        raise ValueError("no items to compare")
    cats = list(categories) if categories is not None else sorted(set(a) | set(b))
    index = {c: i for i, c in enumerate(cats)}
    table = np.zeros((len(cats), len(cats)))
    for x, y in zip(a, b):
        table[index[x], index[y]] += 1
    n = table.sum()
    po = float(np.trace(table) / n)
    pe = float(np.sum(table.sum(axis=1) / n * (table.sum(axis=0) / n)))  # no BLAS dot: the same bits on every kernel
    out = {"n": int(n), "agreement": po, "kappa": np.nan, "se": np.nan, "low": np.nan, "high": np.nan}
    if pe < 1 - 1e-12:
        with np.errstate(invalid="ignore", divide="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # a variance estimate below 0 in tiny tables
            res = cohens_kappa(table)
        out.update(kappa=float(res.kappa), se=float(res.std_kappa), low=max(-1.0, float(res.kappa_low)),
                   high=min(1.0, float(res.kappa_upp)))
    return out
