"""What ``notebooks/cross_city.ipynb`` calls: one function per cell, one display each.

The report opens with what the comparison can defend: the headline reading of
"not reported", chosen by the criterion stated in :func:`headline` (and
applied by :func:`analysis.consensus.choose_headline`); the agreement of the
two independent codings and their adjudication come before any clustering;
the other readings follow as sensitivity analyses.

Three readings of a not-reported cell are computed every time: kept as
missing, multiply imputed (combined by consensus clustering) and read as
absent (:mod:`analysis.consensus`).

>>> ctx = open_cross_city(framework="six_elements", metric="jaccard", linkage="average",
...                       not_reported="auto", n_clusters=4, min_evidence="unattributed claims",
...                       n_imputations=5, n_boot=10, n_site_resamples=10, site_fraction=0.8,
...                       max_zero_share=0.25, min_cophenetic=0.7, min_stability=0.5, seed=1, lang="en")
>>> len(ctx.sites) == len(ctx.matrix), sorted(ctx.readings) == sorted(["missing", "imputed", "absent"])
(True, True)
"""
from __future__ import annotations

import html
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from IPython.display import HTML

from . import agreement, clustering, coding, consensus, crossfig, figures, params, paths, similarity
from .errors import InputError
from .memo import remembered
from .outputs import atomic_write
from .report import html_table, img, paragraphs

__all__ = ["Reading", "CrossCity", "open_cross_city", "headline", "agreement_section", "agreement_by_element",
           "agreement_by_mechanism", "adjudication_section", "revisions_section", "recode_agreement_section",
           "recode_adjudication_section", "five_city_table",
           "codebook_table", "matrix_section", "profiles_section", "readings", "consensus_section",
           "groupings_section", "similarity_section", "stability_section", "sensitivity_section",
           "outcomes_section", "sites_section", "write_tables"]

_TXT = {
    "nr_caution": (
        "Not reported is not absent. A source that does not mention a mechanism has not said the site lacks it. "
        "The matrix keeps three states, and the comparison is computed under three readings of 'not reported': "
        "kept as missing (only mechanisms both sites report are compared), multiply imputed (each not-reported "
        "cell drawn present with the probability the mechanism has among the sites whose sources describe its "
        "element; the clustering is repeated on every imputed matrix and combined as a co-clustering matrix), "
        "and read as absent.",
        "未报告不等于没有。原文未提及某机制，并不表示该地没有该机制。矩阵保留三种状态，比较在“未报告”的三种读法下"
        "分别计算：作缺失（仅比较两地均有报告的机制）、多重插补（按描述了该要素的地点中该机制出现的比例随机补齐，"
        "对每个插补矩阵重复聚类并合并为共聚类矩阵）、作没有。"),
    "criterion": (
        "Criterion for the headline reading, fixed in the parameters before the adjudicated coding was analysed "
        "(max_zero_share, min_cophenetic, min_stability): a reading is admissible if (1) its distances are "
        "informative: every pair of sites has at least one jointly reported mechanism and at most "
        "max_zero_share of the distances are 0; "
        "(2) its tree keeps the distances: cophenetic correlation at least min_cophenetic (for the imputed "
        "reading, the mean over the imputations); (3) its clusters are stable: the mean clusterwise stability "
        "(Hennig's Jaccard) under resampling of sites and of mechanisms is at least min_stability. Among "
        "admissible readings the headline is the one that assumes least about not-reported cells (missing, then "
        "imputed, then absent): stability is a condition, not a score, because reading 'not reported' as absent "
        "invents certainty and would win any contest of stability by construction. If no reading is admissible, "
        "the one meeting most conditions heads the report and this is said.",
        "主读法的判定标准（在分析裁决后编码之前即以参数确定：max_zero_share、min_cophenetic、min_stability）：一种读法须同时满足"
        "（1）距离有信息量：任意两地至少有一个共同报告的机制，且距离为0的比例不超过 max_zero_share；（2）聚类树能保留"
        "距离：共表型相关系数不低于 min_cophenetic（插补读法取各插补的均值）；（3）聚类稳定：按地点和按机制重抽样的"
        "平均类别稳定性（Hennig Jaccard）不低于 min_stability。满足条件的读法中，选对未报告单元假设最少者（依次为作缺失、"
        "插补、作没有）：稳定性只作门槛而不作评分，因为把未报告当作没有会人为制造确定性，必然在稳定性上占优。若无读法"
        "满足全部条件，则取满足条件最多者并予以说明。"),
    "agreement_method": (
        "Two coders coded every site x mechanism independently from the codebook and the sources. The second "
        "coder was a separate session given only the codebook, the elements, the site list and the plain-text "
        "sources, without the first coding or its notes; its coding is kept as delivered in "
        "data/coding/second_coding.csv. The first coding (data/coding/first_coding.csv) has no row for a cell the "
        "sources do not report; both are compared over all cells (sites x mechanisms), a missing first-coding row "
        "counting as 'not reported'. Agreement is given on two scales: present vs not (present against absent, not "
        "reported or conflict) and all values (the four categories). Cohen's kappa and its asymptotic 95% "
        "interval are computed by statsmodels (cut to [-1, 1]); with 18 sites per mechanism the per-mechanism "
        "intervals are wide.",
        "两名编码者依据编码手册与原文分别独立编码全部地点 × 机制。第二编码者为另一独立会话，只获得编码手册、要素、"
        "地点清单与原文纯文本，未见第一编码及其说明；其编码原样保存在 data/coding/second_coding.csv。第一编码"
        "（data/coding/first_coding.csv）对未报告单元不设行；两者在全部单元上逐一比较，第一编码缺行即视为“未报告”。"
        "一致性按两个尺度给出：有/非有（有 对 没有、未报告或冲突）与全部取值（四类）。Cohen kappa 及其渐近95%置信区间"
        "由 statsmodels 计算（截断于[-1, 1]）；每个机制只有18个地点，其区间较宽。"),
    "recode_method": (
        "After the revision both coders recoded the four revised mechanisms for all 18 sites under the revised "
        "rules. The second coder's recode (data/coding/second_recode.csv) was made blind, like its first coding: "
        "from the revised codebook, the elements, the site list and the sources only, and is kept as delivered. "
        "The first coder's side is what the first coder holds under the revised rules: the adjudicated matrix with "
        "the first coder's recode applied (data/coding/first_recode.csv). It is therefore not an independent "
        "recoding: it already contains the adjudication of the first round, many of whose resolutions took the "
        "second coder's value, and the revised rules were written in view of those disagreements. The kappa after "
        "the revision measures whether the second coder, applying the revised rules blind, reaches the coding the "
        "first coder now holds; it is not a fresh agreement of two independent codings and is optimistic. "
        "With 18 sites per mechanism the intervals are wide, and where kappa is 1 the asymptotic "
        "interval collapses to a point that says nothing about precision.",
        "修订后，两名编码者按修订规则对四个修订机制的全部18个地点重新编码。第二编码者的重编"
        "（data/coding/second_recode.csv）与其第一次编码一样为盲编：只依据修订后的编码手册、要素、地点清单与原文，"
        "原样保存。第一编码者一方为其按修订规则现持有的编码：裁决后矩阵加上第一编码者的重编"
        "（data/coding/first_recode.csv）。因此它并非独立重编：其中已包含第一轮裁决（不少裁决采用了第二编码者的取值），"
        "且修订规则是针对这些分歧写成的。修订后的kappa衡量第二编码者按修订规则盲编能否得到第一编码者现持有的编码，"
        "并非两次独立编码的新一致性，是偏乐观的估计。每个机制只有18个地点，区间较宽；kappa为1时渐近区间退化为一点，"
        "不反映精度。"),
    "outcome_caution": (
        "Caution: these are heterogeneous, self-reported indicators from sources of different evidence levels, "
        "measured over different periods and on different bases. They are shown side by side, values as printed; "
        "no pooled effect is computed because pooling them is not defensible. The relative change (in %, with its "
        "baseline) is a common unit only in the arithmetic sense: it makes the direction and size of each change "
        "readable, not the changes comparable.",
        "注意：这些指标异质、为自我报告，来源的证据等级不同，时期与口径各异。此处并列展示（数值按原文），"
        "不计算合并效应，因为合并缺乏依据。相对变化（%，附基线）只是算术意义上的统一单位：它使每项变化的方向与大小"
        "可读，并不使各项变化可比。"),
}


def _say(key: str, lang: str) -> str:
    en, zh = _TXT[key]
    return {"en": en, "zh": zh}.get(lang, en + "\n\n" + zh)


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
                "stability_sites": _mean_stability(self.stability_sites),
                "stability_mechanisms": _mean_stability(self.stability_mechanisms),
                "stability_sites_by_size": _mean_stability(self.stability_sites, by_size=True),
                "stability_mechanisms_by_size": _mean_stability(self.stability_mechanisms, by_size=True),
                "n_clusters": int(self.clusters.nunique())}


def _mean_stability(table: pd.DataFrame, by_size: bool = False) -> float:
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


@remembered  # once per build: the tables and the report share it (analysis.memo)
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
    crit["headline"] = crit["reading"] == head
    crit["chosen_by_criterion"] = crit["reading"] == chosen
    crit["ari_vs_headline"] = [clustering.adjusted_rand(readings_[head].clusters, readings_[r].clusters.loc[
        readings_[head].clusters.index]) for r in crit["reading"]]
    groups = consensus.meet({r: readings_[r].clusters for r in consensus.READINGS})
    return CrossCity(p, sites, g, readings_, head, how, crit, groups, _sensitivity(readings_[head], p),
                     agreement.compare(), agreement.compare_recode())


def _table(df: pd.DataFrame, uid: str, fmt: str = "{:.3f}") -> str:
    return html_table(df, uid, fmt=fmt)


def _clusters_text(lab: pd.Series, names: dict[str, str]) -> str:
    return "; ".join(f"C{c}: {', '.join(names.get(s, s) for s in lab.index[lab == c])}" for c in sorted(lab.unique()))


def _names(ctx: CrossCity) -> dict[str, str]:
    return dict(zip(ctx.sites["site"], ctx.sites["name"]))


def _held_groups(ctx: CrossCity) -> list[list[str]]:
    return [list(ctx.groups.index[ctx.groups == gid]) for gid in ctx.groups.unique() if (ctx.groups == gid).sum() > 1]


def headline(ctx: CrossCity) -> HTML:
    """What the comparison can defend: the headline reading, why, and what holds under every reading."""
    p, names, m = ctx.params, _names(ctx), ctx.main
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
    held = _held_groups(ctx)
    held_txt = "; ".join("{" + ", ".join(names[s] for s in grp) + "}" for grp in held) or "none"
    text = (
        f"<p><b>Headline reading of 'not reported': {ctx.headline}</b> ({why}). Admissible readings: {admissible}. "
        f"Not admissible: {html.escape(' | '.join(fails)) or 'none'}. "
        f"Under it, {len(ctx.sites)} sites fall into {m.clusters.nunique()} clusters ({html.escape(p['metric'])} "
        f"distance, {html.escape(p['linkage'])} linkage): {html.escape(_clusters_text(m.clusters, names))}. "
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
        f"adjudicated against the source (below). {html.escape(_revision_sentence(ctx))}</p>")
    return HTML(text + paragraphs(_say("criterion", ctx.lang)) + paragraphs(_say("nr_caution", ctx.lang)))


def agreement_section(ctx: CrossCity) -> HTML:
    """How the second coding was made, overall agreement and the confusion table."""
    overall = agreement.agreement_table(ctx.comparison)
    return HTML(paragraphs(_say("agreement_method", ctx.lang))
                + "<p>Overall agreement (all cells):</p>" + _table(overall, "agreement-overall")
                + "<p>First coder (rows) against second coder (columns), cells:</p>"
                + _table(agreement.confusion(ctx.comparison), "agreement-confusion"))


def agreement_by_element(ctx: CrossCity) -> HTML:
    """Agreement per element of integrated care."""
    return HTML(_table(agreement.agreement_table(ctx.comparison, "element"), "agreement-element"))


def agreement_by_mechanism(ctx: CrossCity) -> HTML:
    """Agreement per mechanism; kappa below 0.6 triggers a codebook revision."""
    t = agreement.agreement_table(ctx.comparison, "mechanism")
    low = t[(t["kappa_present"] < 0.6) | (t["kappa_all"] < 0.6)]["mechanism"].tolist()
    return HTML(f"<p>Mechanisms with kappa below 0.6 on either scale (their inclusion rules were revised, see "
                f"below): {', '.join(low) or 'none'}. Kappa is undefined (shown as 'undefined') where both coders "
                "used one category for every site.</p>" + _table(t, "agreement-mechanism"))


def adjudication_section(ctx: CrossCity) -> HTML:
    """Every disagreement with its resolution, reason and pointer (data/coding/adjudication.csv)."""
    adj = agreement.load_adjudication()
    agreement.check_adjudication(ctx.comparison, adj, "initial")
    adj = adj[adj["round"] == "initial"].drop(columns="round").reset_index(drop=True)
    moved = adj.groupby(["first", "resolved"]).size().rename("cells").reset_index()
    kept_first = int((adj["resolved"] == adj["first"]).sum())
    kept_second = int((adj["resolved"] == adj["second"]).sum())
    text = (f"<p>{len(adj)} of {len(ctx.comparison)} cells differ between the two codings; each was resolved by "
            f"reading the source again (under the revised inclusion rule where the rule was revised): "
            f"{kept_first} as the first coder had it, {kept_second} as the second coder had it, "
            f"{len(adj) - kept_first - kept_second} otherwise. data/coding/matrix.csv is the first coding with "
            "these resolutions applied, then the first coder's recode under the revised rules, then the resolutions "
            "of the disagreements between the two recodes (below; a test checks that it is).</p>")
    return HTML(text + _table(adj, "adjudication") + "<p>Resolutions by first value:</p>"
                + _table(moved, "adjudication-moves"))


def revisions_section(ctx: CrossCity) -> HTML:
    """Codebook revisions of the mechanisms with kappa below 0.6 (data/coding/codebook_revisions.csv)."""
    rev = coding.load("codebook_revisions")
    if ctx.lang == "en":
        rev = rev[~rev["field"].str.endswith("_zh")]
    elif ctx.lang == "zh":
        rev = rev[rev["field"].str.endswith("_zh")]
    pending = sorted(set(rev.loc[rev["second_coder_recode"].str.startswith("pending"), "mechanism"]))
    rec = agreement.load_recode()
    text = ("<p>Both coders recoded every site for each revised mechanism under the new rule. The second "
            "coder's blind recode is " + ("pending for: " + ", ".join(pending) if pending else
                                          "done (data/coding/second_recode.csv; agreement and disagreements below)")
            + ".</p>")
    return HTML(text + _table(rev.reset_index(drop=True), "revisions")
                + f"<p>Cells the first coder's recode changed beyond the adjudication ({len(rec)}; "
                  "data/coding/first_recode.csv, applied in data/coding/matrix.csv):</p>" + _table(rec, "recode"))


_BEFORE_AFTER = {"mechanism": "mechanism", "n_after": "sites x mechanisms",
                 "kappa_present_before": "kappa before (present vs not)",
                 "low_present_before": "95% CI low before", "high_present_before": "95% CI high before",
                 "kappa_present_after": "kappa after (present vs not)",
                 "low_present_after": "95% CI low after", "high_present_after": "95% CI high after",
                 "agreement_present_before": "raw agreement before", "agreement_present_after": "raw agreement after",
                 "kappa_all_before": "kappa before (all values)", "kappa_all_after": "kappa after (all values)",
                 "low_all_after": "95% CI low after (all values)", "high_all_after": "95% CI high after (all values)"}


def _still_low(t: pd.DataFrame) -> list[str]:
    per = t[t["mechanism"] != "all revised"]
    return per.loc[(per["kappa_present_after"] < 0.6) | (per["kappa_all_after"] < 0.6), "mechanism"].tolist()


def _revision_sentence(ctx: CrossCity) -> str:
    t = agreement.revision_agreement(ctx.comparison, ctx.recode).set_index("mechanism")
    low = _still_low(t.reset_index())
    pooled = t.loc["all revised"]
    return (f"The {len(t) - 1} mechanisms whose kappa was below 0.6 were revised and recoded by both coders: on "
            f"them kappa (present vs not) went from {pooled['kappa_present_before']:.2f} to "
            f"{pooled['kappa_present_after']:.2f} (an optimistic figure: the first coder's side already holds the "
            f"adjudication, see the agreement section); "
            + (f"still below 0.6: {', '.join(low)}." if low else "none is still below 0.6."))


def recode_agreement_section(ctx: CrossCity) -> HTML:
    """Agreement on the revised mechanisms before and after the revision (data/coding/second_recode.csv)."""
    t = agreement.revision_agreement(ctx.comparison, ctx.recode)
    low = _still_low(t)
    first0 = agreement.cells(agreement.load_first(), list(ctx.recode["site"].unique()),
                             list(ctx.recode["mechanism"].unique()))
    moved = int((first0["value"].to_numpy() != ctx.recode["first"].to_numpy()).sum())
    n_dis = int((~ctx.recode["agree"]).sum())
    text = (f"<p>{n_dis} of {len(ctx.recode)} recoded cells differ between the two coders. "
            f"Of the first coder's {len(ctx.recode)} cells, {moved} differ from the first coding as made (changed "
            "by the adjudication or by the first coder's recode). "
            + (f"Still below 0.6 after the revision, on either scale: {', '.join(low)}; the rule is not revised "
               "again, and the mechanism should be read with that uncertainty." if low else
               "No revised mechanism is below 0.6 after the revision.") + "</p>")
    shown = t[list(_BEFORE_AFTER)].rename(columns=_BEFORE_AFTER)
    return HTML(paragraphs(_say("recode_method", ctx.lang)) + text + _table(shown, "recode-agreement"))


def recode_adjudication_section(ctx: CrossCity) -> HTML:
    """Every disagreement of the two recodes with its resolution (round post_revision of adjudication.csv)."""
    adj = agreement.load_adjudication()
    agreement.check_adjudication(ctx.recode, adj, "post_revision")
    adj = adj[adj["round"] == "post_revision"].drop(columns="round").reset_index(drop=True)
    kept_first = int((adj["resolved"] == adj["first"]).sum())
    kept_second = int((adj["resolved"] == adj["second"]).sum())
    text = (f"<p>Disagreements between the first coder's coding under the revised rules and the "
            f"second coder's blind recode: {len(adj)}, each resolved by reading the source again under the "
            f"revised rule: "
            f"{kept_first} as the first coder had it, {kept_second} as the second coder had it, "
            f"{len(adj) - kept_first - kept_second} otherwise. The resolutions are the last step of "
            "data/coding/matrix.csv.</p>")
    return HTML(text + _table(adj, "recode-adjudication"))


def five_city_table(ctx: CrossCity) -> HTML:
    """The five-city comparison (Table 1 of five_city_chronic_care) rebuilt from the coded data."""
    return HTML(_table(coding.five_city_comparison(), "five-city"))


def codebook_table(ctx: CrossCity) -> HTML:
    """The codebook (as revised): mechanisms by element, with definitions and inclusion rules."""
    cb = coding.load("codebook")
    if ctx.lang == "en":
        cb = cb.drop(columns=["label_zh", "definition_zh", "inclusion_rule_zh"])
    elif ctx.lang == "zh":
        cb = cb.drop(columns=["label", "definition", "inclusion_rule"])
    return HTML(_table(cb, "codebook"))


def matrix_section(ctx: CrossCity) -> HTML:
    """Heatmap of sites x features (adjudicated), and conflicts between sources."""
    name = f"cross_city_matrix_{ctx.params['framework']}"
    out = figures.save(figures.matrix_figure(ctx.grid, ctx.sites), name)
    conflicts = ctx.grid[ctx.grid["conflict"]]
    counts = ctx.grid["value"].value_counts()
    note = (f"<p>Cells: " + ", ".join(f"{k} {int(counts.get(k, 0))}" for k in coding.VALUES)
            + f". Sources disagree on {len(conflicts)} site x mechanism cell(s)"
            + (": " + "; ".join(f"{r.site} / {r.feature} ({html.escape(r.pointers)})" for r in conflicts.itertuples())
               if len(conflicts) else "") + ". Each cell's pointers are in tables/cross_city_matrix.csv.</p>")
    return HTML(img(out["png"], f"figures/{name}.png|svg: present / absent / not reported / conflict, by element")
                + note)


def _order(ctx: CrossCity) -> list[str]:
    """Sites in the leaf order of the consensus tree (imputed reading)."""
    from scipy.cluster import hierarchy
    r = ctx.readings["imputed"]
    leaves = hierarchy.leaves_list(r.linkage)
    return [r.clusters.index[i] for i in leaves]


def profiles_section(ctx: CrossCity) -> HTML:
    """Per site: mechanisms present / absent / not reported by element, sites in consensus-tree order."""
    g6 = coding.grid("six_elements")
    prof = coding.profiles(g6[g6["site"].isin(ctx.sites["site"])])
    order = _order(ctx)
    fig_in = prof.assign(not_reported=prof["not_reported"] + prof["conflict"])
    out = figures.save(crossfig.profile_figure(fig_in, order, ctx.clusters, ctx.sites), "cross_city_profiles")
    cell = prof.assign(profile=prof["present"].astype(str) + " / " + prof["absent"].astype(str) + " / "
                       + prof["not_reported"].astype(str) + np.where(prof["conflict"] > 0, " (+" +
                                                                     prof["conflict"].astype(str) + " conflict)", ""))
    wide = cell.pivot(index="site", columns="element", values="profile")[list(dict.fromkeys(prof["element"]))]
    wide = wide.loc[order].reset_index()
    wide.columns.name = None
    wide.insert(1, "cluster", [f"C{ctx.clusters[s]}" for s in wide["site"]])
    wide.insert(2, "group (all readings)", [int(ctx.groups[s]) for s in wide["site"]])
    return HTML("<p>Each cell: mechanisms present / absent / not reported in that element. Sites are in the order "
                "of the consensus tree; 'cluster' is the headline cluster, 'group' the group of sites that fall "
                "together under every reading. Sites whose sources describe few elements are compared on little: "
                "under the imputed reading their missing elements are filled by chance, under the absent reading "
                "by zeros, which is why they move between readings.</p>"
                + img(out["png"], "figures/cross_city_profiles.png|svg: mechanisms per element, present / absent "
                                  "(hatched) / not reported, sites in consensus-tree order; cluster label in brackets")
                + _table(wide, "profiles"))


def readings(ctx: CrossCity) -> HTML:
    """The three readings of 'not reported' side by side, with the criterion's conditions."""
    names = _names(ctx)
    t = ctx.criterion.copy()
    t["clusters"] = [_clusters_text(ctx.readings[r].clusters, names) for r in t["reading"]]
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
    return HTML(text + _table(t[cols], "readings") + "<p>Imputation probabilities per mechanism:</p>"
                + _table(prob, "imputation-probabilities"))


def consensus_section(ctx: CrossCity) -> HTML:
    """Co-clustering heatmaps, sites ordered by the consensus tree."""
    order = _order(ctx)
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
    names = _names(ctx)
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
                + _table(t, "groups") + "<p>Headline clusters that do not hold under every reading: "
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
    names = _names(ctx)
    dm = m.distances.rename(index=names, columns=names).reset_index(names="site")
    return HTML(text + img(out_d["png"], "figures/cross_city_dendrogram.png|svg: headline clusters by marker and label")
                + img(out_p["png"], "figures/cross_city_pcoa.png|svg: clusters by colour, marker and label")
                + "<p>Distance matrix (tables/cross_city_distances.csv):</p>" + _table(dm, "distances", "{:.2f}"))


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
    return HTML(text + _table(t, "stability") + firm_txt)


def sensitivity_section(ctx: CrossCity) -> HTML:
    """How much the headline picture depends on the metric and the linkage."""
    return HTML(f"<p>Headline reading ({ctx.headline}), each metric x linkage: the cophenetic correlation and the "
                "adjusted Rand index of its cut against the headline partition (1: same clusters; about 0: no "
                "better than chance).</p>" + _table(ctx.sensitivity, "sensitivity"))


def outcomes_section(ctx: CrossCity) -> HTML:
    """Reported outcomes side by side, marked by evidence level, with a relative change where computable."""
    out = coding.harmonised_outcomes()
    out = out[out["site"].isin(ctx.sites["site"])].reset_index(drop=True)
    fig = figures.save(figures.outcome_dotplot(out), "cross_city_outcomes")
    known = out[out["favourable"] != "unclear"]
    n_rel = int(out["relative_change_pct"].notna().sum())
    tally = (f"<p>{int((known['favourable'] == 'yes').sum())} of {len(known)} reported changes with a stated "
             "direction point the beneficial way: sources report successes, so this is no evidence of effect. "
             f"A relative change with its baseline can be given for {n_rel} of {len(out)} indicators; the others "
             "are marked with the reason.</p>")
    show = out.drop(columns=["indicator_zh"] if ctx.lang == "en" else [])
    return HTML(paragraphs(_say("outcome_caution", ctx.lang)) + tally
                + img(fig["png"], "figures/cross_city_outcomes.png|svg: change as printed, or computed from printed "
                                   "before/after values (relative change, %); marker: evidence level; colour: "
                                   "whether the direction is the beneficial one")
                + _table(show, "outcomes", "{:.2f}"))


def sites_section(ctx: CrossCity) -> HTML:
    """Site attributes (tables/cross_city_sites.csv) with the cluster under each reading."""
    s = ctx.sites.copy()
    for r in consensus.READINGS:
        s[f"cluster ({r})"] = [f"C{ctx.readings[r].clusters[x]}" for x in s["site"]]
    s["group (all readings)"] = [int(ctx.groups[x]) for x in s["site"]]
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
    clusters = pd.DataFrame({"site": ctx.clusters.index, "cluster": ctx.clusters.to_numpy()})
    for r in consensus.READINGS:
        clusters[f"cluster_{r}"] = ctx.readings[r].clusters.loc[clusters["site"]].to_numpy()
    clusters["group_all_readings"] = ctx.groups.loc[clusters["site"]].to_numpy()
    atomic_write(paths.TABLES / "cross_city_clusters.csv", csv(clusters))
    m = ctx.main
    stab = m.stability_sites.rename(columns={"stability": "stability_sites"}).merge(
        m.stability_mechanisms[["cluster", "stability"]].rename(columns={"stability": "stability_mechanisms"}),
        on="cluster")
    atomic_write(paths.TABLES / "cross_city_stability.csv", csv(stab.assign(reading=ctx.headline)))
    atomic_write(paths.TABLES / "cross_city_distances.csv", csv(m.distances.reset_index(names="site")))
    atomic_write(paths.TABLES / "cross_city_sensitivity.csv", csv(ctx.sensitivity.assign(reading=ctx.headline)))
    atomic_write(paths.TABLES / "cross_city_readings.csv", csv(ctx.criterion))
    atomic_write(paths.TABLES / "cross_city_coclustering.csv",
                 csv(ctx.readings["imputed"].co_imputations.reset_index(names="site")))
    agree = pd.concat([agreement.agreement_table(ctx.comparison).assign(level="overall"),
                       agreement.agreement_table(ctx.comparison, "element").rename(columns={"element": "scope"})
                       .assign(level="element"),
                       agreement.agreement_table(ctx.comparison, "mechanism").rename(columns={"mechanism": "scope"})
                       .assign(level="mechanism")], ignore_index=True)
    atomic_write(paths.TABLES / "cross_city_agreement.csv", csv(agree[["level", *agree.columns[:-1]]]))
    atomic_write(paths.TABLES / "cross_city_recode_agreement.csv",
                 csv(agreement.revision_agreement(ctx.comparison, ctx.recode)))
    g6 = coding.grid("six_elements")
    atomic_write(paths.TABLES / "cross_city_profiles.csv", csv(coding.profiles(g6)))
