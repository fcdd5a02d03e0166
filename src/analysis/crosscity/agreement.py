"""Agreement between two independent codings of the site x mechanism matrix, and their adjudication.

Two coders code every site x mechanism cell from the codebook and the sources:

* the first coding (``data/coding/first_coding.csv``, the matrix as the first
  coder made it) has one row per site x mechanism x supporting passage and no
  row for a cell the sources do not report;
* the second coding (``data/coding/second_coding.csv``, as the blind second
  coder made it) has exactly one row per cell, ``not_reported`` included.

Both are reduced to one value per cell over the full grid (sites x
mechanisms) before they are compared: a first-coding cell with no row is
``not_reported``, one whose rows all say ``present`` (``absent``) is
``present`` (``absent``), one whose rows disagree is ``conflict``. Agreement is
measured on two scales: *present vs not* (present against absent, not reported
or conflict; what the clustering mostly rests on) and *all values* (the four
categories).

Cohen's kappa and its asymptotic 95% interval come from
:func:`analysis.stats.agreement.kappa` (statsmodels'
:func:`~statsmodels.stats.inter_rater.cohens_kappa`; the findings' second
reading uses the same function):

.. math::
    \\kappa = \\frac{p_o - p_e}{1 - p_e},\\quad
    p_o = \\sum_i p_{ii},\\quad p_e = \\sum_i p_{i\\cdot}\\,p_{\\cdot i}

Kappa is undefined when both coders put every cell in one and the same
category (:math:`p_e = 1`); it is then reported as NaN with the raw agreement.

Every disagreement is resolved in ``data/coding/adjudication.csv``
(:data:`ADJUDICATION_COLUMNS`, one row per disagreement and :data:`ROUNDS`
round); :func:`adjudicate` applies it to the first coding. Where a
mechanism's inclusion rule was revised (kappa below 0.6,
``codebook_revisions.csv``), both coders recoded every site under the new
rule: the cells the first coder changed beyond the adjudication are in
``data/coding/first_recode.csv`` (:func:`apply_recode`), the second coder's
blind recode of every site x revised mechanism is
``data/coding/second_recode.csv`` (:func:`load_second_recode`). The two
recodes are compared by :func:`compare_recode` (agreement after the
revision, :func:`revision_agreement`), and their disagreements are
adjudicated in the ``post_revision`` round. The result is
``data/coding/matrix.csv`` (:func:`adjudicated_matrix`): the first coding,
adjudicated (``initial`` round), recoded by the first coder, then adjudicated
again (``post_revision`` round).

>>> r = kappa(["present", "present", "absent", "absent"], ["present", "absent", "absent", "absent"])
>>> round(r["kappa"], 3), r["agreement"]
(0.5, 0.75)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data import coding
from analysis.stats.agreement import kappa
from analysis.core.config import current
from analysis.core.errors import InputError

__all__ = ["SCALES", "ADJUDICATION_COLUMNS", "ROUNDS", "kappa", "cells", "load_first", "load_second", "compare",
           "agreement_table", "disagreements", "load_adjudication", "check_adjudication", "adjudicate",
           "confusion", "load_recode", "apply_recode", "revised_mechanisms", "load_second_recode",
           "recoded_first", "compare_recode", "revision_agreement", "adjudicated_matrix"]

SCALES = {"present vs not": lambda v: np.where(v == "present", "present", "not present"),
          "all values": lambda v: v}
ADJUDICATION_COLUMNS = ["site", "mechanism", "first", "second", "resolved", "reason", "source", "section", "round"]
ROUNDS = ("initial", "post_revision")  # first vs second coding; the two recodes under the revised rules


def cells(frame: pd.DataFrame, sites, mechanisms) -> pd.DataFrame:
    """One value per site x mechanism from a matrix-format coding (rows per passage).

    A cell with no row is ``not_reported``; rows that all say the same value
    give that value; ``present`` and ``absent`` together give ``conflict``. A
    row already valued ``not_reported`` or ``conflict`` (the second coding's
    format) is taken as it is.

    Returns
    -------
    DataFrame
        ``site, mechanism, value, pointers`` (``source §section`` joined by ``; ``).
    """
    f = frame.assign(pointer=np.where(frame["source"].astype(str) != "",
                                      frame["source"].astype(str) + " §" + frame["section"].astype(str), ""))
    groups = {k: g for k, g in f.groupby(["site", "mechanism"], sort=False)}
    rows = []
    for s in sites:
        for m in mechanisms:
            g = groups.get((s, m))
            if g is None:
                value, pointers = "not_reported", ""
            else:
                vals = set(g["value"])
                informative = vals & {"present", "absent"}
                if informative == {"present", "absent"} or "conflict" in vals:
                    value = "conflict"
                elif informative:
                    value = informative.pop()
                else:
                    value = "not_reported"
                pointers = "; ".join(sorted({p for p in g["pointer"] if p}))
            rows.append({"site": s, "mechanism": m, "value": value, "pointers": pointers})
    return pd.DataFrame(rows)


def _grid_axes() -> tuple[list[str], list[str], dict[str, str]]:
    cb = coding.load("codebook")
    return list(coding.load("sites")["site"]), list(cb["mechanism"]), dict(zip(cb["mechanism"], cb["element"]))


def load_first() -> pd.DataFrame:
    """The first coding as it was made (``first_coding.csv``)."""
    return _read_coding("first_coding")


def load_second() -> pd.DataFrame:
    """The second, blind coding as it was made (``second_coding.csv``); one row per cell."""
    sites, mechs, _ = _grid_axes()
    return _one_row_per_cell("second_coding", sites, mechs)


def _one_row_per_cell(name: str, sites: list[str], mechs: list[str]) -> pd.DataFrame:
    """A coding with exactly one valid row per site x mechanism of ``sites`` x ``mechs``."""
    frame = _read_coding(name)
    file = f"data/coding/{name}.csv"
    seen = set()
    for i, r in enumerate(frame.to_dict("records"), 1):
        if r["value"] not in coding.VALUES:
            raise InputError(f"value {r['value']!r} is not one of {list(coding.VALUES)}", file=file, row=i,
                             column="value")
        if r["site"] not in sites:
            raise InputError(f"unknown site {r['site']!r}", file=file, row=i, column="site")
        if r["mechanism"] not in mechs:
            raise InputError(f"mechanism {r['mechanism']!r} is not one of the {len(mechs)} this coding covers",
                             file=file, row=i, column="mechanism")
        key = (r["site"], r["mechanism"])
        if key in seen:
            raise InputError(f"second row for {key}", file=file, row=i, column="mechanism")
        seen.add(key)
    missing = len(sites) * len(mechs) - len(seen)
    if missing:
        raise InputError(f"{missing} site x mechanism cell(s) have no row", file=file)
    return frame


def _read_coding(name: str) -> pd.DataFrame:
    path = current().coding / f"{name}.csv"
    if not path.exists():
        raise InputError(f"{name}.csv is missing", file=current().relative(path))
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def compare(first: pd.DataFrame | None = None, second: pd.DataFrame | None = None) -> pd.DataFrame:
    """Both codings side by side, one row per site x mechanism of the full grid.

    Returns
    -------
    DataFrame
        ``site, mechanism, element, first, second, first_pointers, second_pointers, agree``.
    """
    sites, mechs, element = _grid_axes()
    return _side_by_side(cells(load_first() if first is None else first, sites, mechs),
                         cells(load_second() if second is None else second, sites, mechs), element)


def _side_by_side(a: pd.DataFrame, b: pd.DataFrame, element: dict) -> pd.DataFrame:
    """Two codings of the same cells (from :func:`cells`), one row per cell, with agreement."""
    out = a.rename(columns={"value": "first", "pointers": "first_pointers"})
    out.insert(2, "element", out["mechanism"].map(element))
    out["second"] = b["value"].to_numpy()
    out["second_pointers"] = b["pointers"].to_numpy()
    out["agree"] = out["first"] == out["second"]
    return out[["site", "mechanism", "element", "first", "second", "first_pointers", "second_pointers", "agree"]]


def confusion(cmp: pd.DataFrame) -> pd.DataFrame:
    """First coder (rows) x second coder (columns), counts over all cells."""
    t = pd.crosstab(cmp["first"], cmp["second"]).reindex(index=list(coding.VALUES), columns=list(coding.VALUES),
                                                          fill_value=0)
    t.index.name, t.columns.name = "first \\ second", None
    return t.reset_index()


def agreement_table(cmp: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Raw agreement and Cohen's kappa (95% CI) on both scales, overall or per ``element`` / ``mechanism``.

    The categories of each table are fixed (present / not present; the four
    values), so a subgroup with one category used by both coders has an
    undefined kappa rather than a misleading one.
    """
    groups = [("all cells", cmp)] if by is None else list(cmp.groupby(by, sort=False))
    rows = []
    for name, g in groups:
        row = {by or "scope": name, "n": len(g)}
        for scale, f in SCALES.items():
            cats = ["present", "not present"] if scale == "present vs not" else list(coding.VALUES)
            k = kappa(f(g["first"].to_numpy()), f(g["second"].to_numpy()), cats)
            tag = "present" if scale == "present vs not" else "all"
            row.update({f"agreement_{tag}": k["agreement"], f"kappa_{tag}": k["kappa"],
                        f"low_{tag}": k["low"], f"high_{tag}": k["high"]})
        rows.append(row)
    return pd.DataFrame(rows)


def disagreements(cmp: pd.DataFrame) -> pd.DataFrame:
    """Every cell on which the two codings differ (four-valued)."""
    return cmp[~cmp["agree"]].drop(columns="agree").reset_index(drop=True)


def load_adjudication() -> pd.DataFrame:
    """``adjudication.csv``: one row per disagreement, with its resolution and pointer."""
    return _read_coding("adjudication")


def check_adjudication(cmp: pd.DataFrame, adj: pd.DataFrame, round_: str = "initial") -> None:
    """Every disagreement of ``cmp`` is adjudicated once in round ``round_``, with the coders' values as they are.

    Only the rows of ``adj`` whose ``round`` is ``round_`` are matched against
    ``cmp`` (``initial``: :func:`compare`; ``post_revision``:
    :func:`compare_recode`); rows are numbered as in the file.

    Raises
    ------
    InputError
        Naming the row of ``adjudication.csv`` that does not match.
    """
    file = "data/coding/adjudication.csv"
    if list(adj.columns) != ADJUDICATION_COLUMNS:
        raise InputError(f"columns must be {ADJUDICATION_COLUMNS}, got {list(adj.columns)}", file=file)
    if round_ not in ROUNDS:
        raise ValueError(f"round must be one of {list(ROUNDS)}, got {round_!r}")
    dis = disagreements(cmp).set_index(["site", "mechanism"])
    seen = set()
    for i, r in enumerate(adj.to_dict("records"), 1):
        if r["round"] not in ROUNDS:
            raise InputError(f"round {r['round']!r} is not one of {list(ROUNDS)}", file=file, row=i, column="round")
        if r["round"] != round_:
            continue
        key = (r["site"], r["mechanism"])
        if key not in dis.index:
            raise InputError(f"{key} is not a disagreement of the {round_} round", file=file, row=i, column="site")
        if key in seen:
            raise InputError(f"{key} adjudicated twice in the {round_} round", file=file, row=i, column="mechanism")
        seen.add(key)
        for col in ("first", "second"):
            if r[col] != dis.loc[key, col]:
                raise InputError(f"{col} is {r[col]!r} but the {col} coding says {dis.loc[key, col]!r}", file=file,
                                 row=i, column=col)
        if r["resolved"] not in coding.VALUES:
            raise InputError(f"resolved value {r['resolved']!r} is not one of {list(coding.VALUES)}", file=file,
                             row=i, column="resolved")
        for col in ("reason", "source", "section"):
            if not r[col].strip():
                raise InputError(f"{col} is empty", file=file, row=i, column=col)
    left = [k for k in dis.index if k not in seen]
    if left:
        raise InputError(f"{len(left)} disagreement(s) of the {round_} round not adjudicated, first {left[0]}",
                         file=file)


def adjudicate(first: pd.DataFrame, adj: pd.DataFrame) -> pd.DataFrame:
    """The adjudicated matrix: the first coding with every adjudicated cell replaced.

    For an adjudicated cell the first coder's rows are kept when the resolved
    value is the first coder's value; otherwise they are dropped and, if the
    resolved value is ``present`` or ``absent``, one row with the
    adjudication's pointer is added (``not_reported`` leaves no row). A
    resolved ``conflict`` keeps the first coder's rows and adds the pointer of
    the other value. The first coding's rows keep their order; added rows
    follow the rows of their site.
    """
    out = first.copy()
    keyed = out.set_index(["site", "mechanism"]).index
    added = []
    for r in adj.to_dict("records"):
        key = (r["site"], r["mechanism"])
        if r["resolved"] == r["first"]:
            continue
        label = "adjudicated after the recode: " if r.get("round") == "post_revision" else "adjudicated: "
        mine = keyed.isin([key])
        if r["resolved"] == "conflict":
            other = "absent" if r["first"] == "present" else "present"
            added.append({"site": key[0], "mechanism": key[1], "value": other, "source": r["source"],
                          "section": r["section"], "note": label + r["reason"]})
            continue
        out, keyed = out[~mine], keyed[~mine]
        if r["resolved"] in ("present", "absent"):
            added.append({"site": key[0], "mechanism": key[1], "value": r["resolved"], "source": r["source"],
                          "section": r["section"], "note": label + r["reason"]})
    out = pd.concat([out, pd.DataFrame(added, columns=out.columns)], ignore_index=True)
    site_order = {s: i for i, s in enumerate(dict.fromkeys(first["site"]))}
    out = out.assign(_o=out["site"].map(lambda s: site_order.get(s, len(site_order))))
    return out.sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def load_recode() -> pd.DataFrame:
    """``first_recode.csv``: cells the first coder changed when recoding under a revised rule."""
    return _read_coding("first_recode")


def apply_recode(matrix: pd.DataFrame, rec: pd.DataFrame) -> pd.DataFrame:
    """The matrix with each recoded cell replaced by its new value and pointer.

    The cell's rows are dropped and, if the new value is ``present`` or
    ``absent``, one row with the recode's pointer is added after its site's
    rows; the ``before`` value must be what the matrix holds.

    Raises
    ------
    InputError
        If a ``before`` value is not the matrix's value of that cell.
    """
    out = matrix.copy()
    sites = list(dict.fromkeys(out["site"]))
    now = cells(out, sites, sorted(set(out["mechanism"]) | set(rec["mechanism"])))
    now = now.set_index(["site", "mechanism"])["value"]
    for i, r in enumerate(rec.to_dict("records"), 1):
        key = (r["site"], r["mechanism"])
        held = now.get(key, "not_reported")
        if held != r["before"]:
            raise InputError(f"before is {r['before']!r} but the adjudicated matrix says {held!r}",
                             file="data/coding/first_recode.csv", row=i, column="before")
        out = out[~((out["site"] == key[0]) & (out["mechanism"] == key[1]))]
        if r["after"] in ("present", "absent"):
            out = pd.concat([out, pd.DataFrame([{"site": key[0], "mechanism": key[1], "value": r["after"],
                                                 "source": r["source"], "section": r["section"],
                                                 "note": "recoded under the revised rule: " + r["reason"]}])],
                            ignore_index=True)
    order = {s: k for k, s in enumerate(sites)}
    out = out.assign(_o=out["site"].map(lambda s: order.get(s, len(order))))
    return out.sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def revised_mechanisms() -> list[str]:
    """The mechanisms whose inclusion rule was revised (``codebook_revisions.csv``), in codebook order."""
    revised = set(coding.load("codebook_revisions")["mechanism"])
    return [m for m in coding.load("codebook")["mechanism"] if m in revised]


def load_second_recode() -> pd.DataFrame:
    """The second coder's blind recode under the revised rules (``second_recode.csv``), as made.

    One row per site x revised mechanism (:func:`revised_mechanisms`), in the
    format of ``second_coding.csv``.

    Raises
    ------
    InputError
        Naming file, row and column of a bad value, an unknown site, a
        mechanism that was not revised, a doubled cell; or the count of
        cells without a row.
    """
    sites, _, _ = _grid_axes()
    return _one_row_per_cell("second_recode", sites, revised_mechanisms())


def recoded_first() -> pd.DataFrame:
    """What the first coder holds under the revised rules: the first coding, adjudicated, then recoded.

    This is the matrix before the post-revision round of adjudication: the
    ``initial`` round applied to ``first_coding.csv``, then
    ``first_recode.csv``.
    """
    adj = load_adjudication()
    return apply_recode(adjudicate(load_first(), adj[adj["round"] == "initial"]), load_recode())


def compare_recode(first: pd.DataFrame | None = None, second: pd.DataFrame | None = None) -> pd.DataFrame:
    """The two recodes side by side: every site x revised mechanism, as :func:`compare` lays it out.

    ``first`` defaults to :func:`recoded_first` (the first coder's coding
    under the revised rules), ``second`` to :func:`load_second_recode`.
    """
    sites, _, element = _grid_axes()
    mechs = revised_mechanisms()
    return _side_by_side(cells(recoded_first() if first is None else first, sites, mechs),
                         cells(load_second_recode() if second is None else second, sites, mechs), element)


def revision_agreement(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Agreement on the revised mechanisms before and after the revision, per mechanism and together.

    ``before`` is :func:`compare` (the two first codings), ``after`` is
    :func:`compare_recode`; both are restricted to the mechanisms of
    ``after``. Every statistic of :func:`agreement_table` is given twice,
    suffixed ``_before`` and ``_after``; the last row (``mechanism`` = ``all
    revised``) pools the cells of the revised mechanisms.

    >>> b = pd.DataFrame({"mechanism": ["m"] * 4, "first": ["present", "present", "absent", "absent"],
    ...                   "second": ["present", "absent", "absent", "absent"]})
    >>> a = b.assign(second=b["first"])
    >>> t = revision_agreement(b, a)
    >>> round(float(t.loc[0, "kappa_present_before"]), 3), round(float(t.loc[0, "kappa_present_after"]), 3)
    (0.5, 1.0)
    >>> list(t["mechanism"])
    ['m', 'all revised']
    """
    mechs = list(dict.fromkeys(after["mechanism"]))
    before = before[before["mechanism"].isin(mechs)]
    tables = {}
    for tag, cmp in (("before", before), ("after", after)):
        per = agreement_table(cmp, "mechanism").set_index("mechanism").reindex(mechs)
        pooled = agreement_table(cmp).rename(columns={"scope": "mechanism"}).set_index("mechanism")
        pooled.index = ["all revised"]
        tables[tag] = pd.concat([per, pooled]).add_suffix("_" + tag)
    out = tables["before"].join(tables["after"])
    out.index.name = "mechanism"
    return out.reset_index()


def adjudicated_matrix() -> pd.DataFrame:
    """What ``matrix.csv`` must hold: the first coding, adjudicated, recoded under the revised rules, adjudicated again.

    The ``post_revision`` round of ``adjudication.csv`` resolves the
    disagreements between :func:`recoded_first` and the second coder's recode.
    """
    adj = load_adjudication()
    return adjudicate(recoded_first(), adj[adj["round"] == "post_revision"])
