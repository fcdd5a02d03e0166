"""The cross-city coding: codebook, coded matrix, sites and harmonised outcomes.

``data/coding/`` holds our coding of the sources (not transcriptions):

* ``elements.csv`` and ``codebook.csv``: the six elements of integrated care,
  each broken into mechanisms with definitions and inclusion rules (English
  and Chinese), and the five-city practice category of each mechanism;
* ``matrix.csv``: one row per site x mechanism x supporting passage, value
  ``present`` or ``absent``; a site x mechanism with no row is *not reported*.
  It is the adjudicated coding: ``first_coding.csv`` (the first coder's matrix
  as made), ``second_coding.csv`` (the blind second coding), ``adjudication.csv``
  and ``codebook_revisions.csv`` record how it came about (:mod:`analysis.crosscity.agreement`);
* ``sites.csv``: site attributes;
* ``outcome_map.csv``: which printed outcome values describe which site, by
  reference into the studies' resources (values are never retyped).

>>> g = grid("six_elements")
>>> sorted(set(g["value"])) == sorted(VALUES)
True
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from analysis.core.config import current
from analysis.data.datapackage import descriptor, load_study, read_csv, study_ids
from analysis.core.errors import InputError
from analysis.core.rounding import parse_printed

__all__ = ["FRAMEWORKS", "VALUES", "evidence_levels", "load", "grid", "numeric", "sites_table",
           "harmonised_outcomes", "relative_change", "five_city_comparison", "evidence_rank", "profiles"]

FRAMEWORKS = {"six_elements": "mechanism", "five_city": "five_city_category"}
VALUES = ("present", "absent", "not_reported", "conflict")


def load(name: str) -> pd.DataFrame:
    """One coding table (``elements``, ``codebook``, ``matrix``, ``sites``, ``outcome_map``)."""
    return read_csv(current().coding / f"{name}.csv")


def evidence_levels() -> list[str]:
    """Evidence levels, strongest first, as the data package declares them."""
    return list(descriptor()["evidence_levels"])


def evidence_rank(level: str) -> int:
    """0 for the strongest level.

    >>> evidence_rank("unattributed claims")
    3
    """
    return evidence_levels().index(level)


def _study_levels() -> dict[str, str]:
    return {s["id"]: s["evidence_level"] for s in descriptor()["studies"]}


def grid(framework: str) -> pd.DataFrame:
    """The complete site x feature grid with value and pointers.

    Under ``six_elements`` a feature is a mechanism; under ``five_city`` it is
    the five-city practice category, present if any of its mechanisms is
    present, absent if one is reported absent and none present. Where sources
    disagree on a site x mechanism, the value is ``conflict`` and both pointers
    are kept.

    Returns
    -------
    DataFrame
        ``site, feature, element, value, n_sources, pointers, conflict``.
    """
    if framework not in FRAMEWORKS:
        raise InputError(f"unknown framework {framework!r}; expected one of {sorted(FRAMEWORKS)}")
    codebook, matrix, sites = load("codebook"), load("matrix"), load("sites")
    col = FRAMEWORKS[framework]
    m = matrix.merge(codebook[["mechanism", "element", "five_city_category"]], on="mechanism", how="left")
    m["feature"] = m[col]
    m["pointer"] = m["source"] + " §" + m["section"]
    feats = codebook.drop_duplicates(col)[[col, "element"]].rename(columns={col: "feature"})
    if framework == "five_city":
        feats["element"] = ""
    rows = []
    empty = m.iloc[0:0]
    by_cell = dict(iter(m.groupby(["site", "feature"], sort=False)))
    for site in sites["site"]:
        for feat, element in zip(feats["feature"], feats["element"]):
            sel = by_cell.get((site, feat), empty)
            vals = set(sel["value"])
            if framework == "five_city":
                value = "present" if "present" in vals else ("absent" if vals else "not_reported")
                conflict = False
            else:
                conflict = vals == {"present", "absent"}
                value = "conflict" if conflict else (next(iter(vals)) if vals else "not_reported")
            rows.append({"site": site, "feature": feat, "element": element, "value": value,
                         "n_sources": sel["source"].nunique(),
                         "pointers": "; ".join(sorted(set(sel["pointer"]))), "conflict": conflict})
    return pd.DataFrame(rows)


def numeric(g: pd.DataFrame, sites: list[str] | None = None) -> pd.DataFrame:
    """Site x feature matrix: 1 present, 0 absent, NaN not reported or in conflict."""
    code = {"present": 1.0, "absent": 0.0, "not_reported": np.nan, "conflict": np.nan}
    wide = g.assign(x=g["value"].map(code)).pivot(index="site", columns="feature", values="x")
    order = list(dict.fromkeys(g["feature"]))
    wide = wide[order]
    site_order = list(dict.fromkeys(g["site"]))
    wide = wide.loc[[s for s in site_order if sites is None or s in sites]]
    wide.columns.name, wide.index.name = None, None
    return wide


def sites_table() -> pd.DataFrame:
    """One row per site: attributes, the sources that name it, its evidence level.

    The evidence level is the strongest level among the sources that support
    the site's coding or its outcomes.
    """
    sites, matrix, omap = load("sites"), load("matrix"), load("outcome_map")
    levels = _study_levels()
    src = {s: set(matrix.loc[matrix["site"] == s, "source"]) for s in sites["site"]}
    for site, refs in zip(omap["site"], omap[["before_ref", "after_ref", "change_ref"]].agg(";".join, axis=1)):
        src[site].update(r.split(":")[0] for r in refs.split(";") if r)
    out = sites.copy()
    out["sources"] = [";".join(sorted(src[s])) for s in sites["site"]]
    out["evidence"] = [min((levels[x] for x in src[s]), key=evidence_rank) if src[s] else "" for s in sites["site"]]
    return out[["site", "name", "name_zh", "province", "consortium_type", "disease_focus", "sources", "evidence"]]


def _resolve(ref: str) -> str:
    study, resource, key, field = ref.split(":")
    return load_study(study).resources[resource].cell(key, field).text


def _num(text: str) -> float:
    try:
        return float(parse_printed(text).value)
    except ValueError:
        return float("nan")


def relative_change(before: str, after: str, change: str, change_type: str, direction: str) -> tuple[float, str, str]:
    """Relative change in %, its baseline, and how it was obtained (or why it cannot be), as codes a page words
    from the catalogue (``crosscity.word.*``): ``not_printed`` for a baseline the source does not print, and
    ``computed``, ``printed_signed``, ``unspecified_change`` or ``no_baseline`` for how.

    * before and after printed: :math:`100\\,(a - b)/b`, baseline ``before``;
    * otherwise a printed change stated as relative: that change, signed by
      its printed direction;
    * otherwise not computable, with the reason.

    >>> relative_change("8500", "7200", "15.3", "relative", "down")[:2]
    (-15.294117647058824, '8500')
    >>> relative_change("", "", "25", "relative", "up")
    (25.0, 'not_printed', 'printed_signed')
    >>> relative_change("", "45", "", "none", "none")[2]
    'no_baseline'
    """
    b, a, c = _num(before) if before else np.nan, _num(after) if after else np.nan, _num(change) if change else np.nan
    if not np.isnan(b) and not np.isnan(a) and b != 0:
        return 100 * (a - b) / b, before, "computed"
    if change_type == "relative" and not np.isnan(c) and direction in ("up", "down"):
        return (c if direction == "up" else -c), before or "not_printed", "printed_signed"
    if change_type == "unspecified" and not np.isnan(c):
        return np.nan, before or "not_printed", "unspecified_change"
    return np.nan, before or "not_printed", "no_baseline"


def harmonised_outcomes() -> pd.DataFrame:
    """Reported outcomes per site on common terms, values exactly as printed.

    Adds ``change_computed`` (relative change in %, where before and after are
    printed), ``change_points`` (percentage points, where the unit is %),
    ``relative_change_pct``, ``baseline`` and ``relative_basis`` (the change in
    the common unit, a relative change with its baseline, where the indicator
    allows it, and otherwise why not: :func:`relative_change`),
    ``favourable`` (whether the printed direction is the beneficial one) and
    the study's evidence level. Nothing is pooled.
    """
    omap = load("outcome_map")
    levels = _study_levels()
    rows = []
    for r in omap.to_dict("records"):
        before = _resolve(r["before_ref"]) if r["before_ref"] else ""
        after = _resolve(r["after_ref"]) if r["after_ref"] else ""
        change = _resolve(r["change_ref"]) if r["change_ref"] else ""
        b, a = _num(before), _num(after)
        rel = 100 * (a - b) / b if before and after and b else np.nan
        pts = a - b if before and after and r["unit"] == "%" else np.nan
        direction = r["direction"]
        fav = ("yes" if (direction == "up") == (r["benefit"] == "higher") else "no") if direction in ("up", "down") \
            else "unclear"
        common, baseline, basis = relative_change(before, after, change, r["change_type"], direction)
        study = next(x for x in (r["before_ref"], r["after_ref"], r["change_ref"]) if x).split(":")[0]
        rows.append({**{k: r[k] for k in ("key", "site", "indicator", "indicator_zh", "indicator_group", "unit")},
                     "before": before, "after": after, "change_printed": change, "change_type": r["change_type"],
                     "change_computed": rel, "change_points": pts, "relative_change_pct": common,
                     "baseline": baseline, "relative_basis": basis, "direction": direction,
                     "benefit": r["benefit"], "favourable": fav, "source": study, "evidence": levels[study]})
    return pd.DataFrame(rows)


def five_city_comparison() -> pd.DataFrame:
    """The five-city comparison of Table 1, rebuilt from the coded data.

    One row per city: model, structural actors, the number of numbered
    practices, the elements they fall under, and the shortcomings by element.
    """
    sid = next(s for s in study_ids() if {"t1_cities", "t1_practices"} <= set(load_study(s).resources))
    st = load_study(sid)
    cities = st.resources["t1_cities"].frame
    practices = st.resources["t1_practices"].frame
    shortcomings = st.resources["shortcomings"].frame if "shortcomings" in st.resources else pd.DataFrame(
        columns=["city", "category"])
    rows = []
    for c in cities.to_dict("records"):
        p = practices[practices["city"] == c["city"]]
        s = shortcomings[shortcomings["city"] == c["city"]]
        rows.append({"city": c["city"], "city_zh": c["city_zh"], "model": c["model"], "model_zh": c["model_zh"],
                     "structural_actors": c["structural_actors"], "n_practices": len(p),
                     "practices": "; ".join(p["practice"]),
                     "practice_elements": "; ".join(sorted(set(p["category"]))),
                     "shortcoming_elements": "; ".join(sorted(set(s["category"]))),
                     "pointer": f"{sid} Table 1 ({c['printed_row']})"})
    return pd.DataFrame(rows)


def profiles(g: pd.DataFrame) -> pd.DataFrame:
    """Per site and element: how many mechanisms are present, absent, not reported (conflict counted apart).

    >>> p = profiles(grid("six_elements"))
    >>> sorted(p.columns)[:3]
    ['absent', 'conflict', 'element']
    """
    elements = list(dict.fromkeys(g["element"]))
    counts = (g.assign(n=1).pivot_table(index=["site", "element"], columns="value", values="n", aggfunc="sum",
                                        fill_value=0)
              .reindex(columns=list(VALUES), fill_value=0).reset_index())
    counts.columns.name = None
    order = {s: i for i, s in enumerate(dict.fromkeys(g["site"]))}
    counts = counts.assign(_s=counts["site"].map(order), _e=counts["element"].map(elements.index))
    return counts.sort_values(["_s", "_e"]).drop(columns=["_s", "_e"]).reset_index(drop=True)[
        ["site", "element", *VALUES]]
