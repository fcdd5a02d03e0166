"""The coding sections of the cross-city report: the two codings, their agreement, the adjudication, the
codebook and its revisions, the coded matrix and the profiles.
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd
from IPython.display import HTML

from analysis.crosscity import agreement
from analysis.crosscity import figures as crossfig
from analysis.crosscity.compute import CrossCity, tree_order
from analysis.data import coding
from analysis.report import figures
from analysis.report.blocks import html_table, img, paragraphs
from analysis.text.catalogue import say

__all__ = ["table", "agreement_section", "agreement_by_element", "agreement_by_mechanism", "adjudication_section",
           "revisions_section", "still_low", "revision_sentence", "recode_agreement_section",
           "recode_adjudication_section", "five_city_table", "codebook_table", "matrix_section", "profiles_section"]

def table(df: pd.DataFrame, uid: str, fmt: str = "{:.3f}") -> str:
    return html_table(df, uid, fmt=fmt)


def agreement_section(ctx: CrossCity) -> HTML:
    """How the second coding was made, overall agreement and the confusion table."""
    overall = agreement.agreement_table(ctx.comparison)
    return HTML(paragraphs(say("crosscity.agreement_method", ctx.lang, sep="\n\n"))
                + "<p>Overall agreement (all cells):</p>" + table(overall, "agreement-overall")
                + "<p>First coder (rows) against second coder (columns), cells:</p>"
                + table(agreement.confusion(ctx.comparison), "agreement-confusion"))


def agreement_by_element(ctx: CrossCity) -> HTML:
    """Agreement per element of integrated care."""
    return HTML(table(agreement.agreement_table(ctx.comparison, "element"), "agreement-element"))


def agreement_by_mechanism(ctx: CrossCity) -> HTML:
    """Agreement per mechanism; kappa below 0.6 triggers a codebook revision."""
    t = agreement.agreement_table(ctx.comparison, "mechanism")
    low = t[(t["kappa_present"] < 0.6) | (t["kappa_all"] < 0.6)]["mechanism"].tolist()
    return HTML(f"<p>Mechanisms with kappa below 0.6 on either scale (their inclusion rules were revised, see "
                f"below): {', '.join(low) or 'none'}. Kappa is undefined (shown as 'undefined') where both coders "
                "used one category for every site.</p>" + table(t, "agreement-mechanism"))


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
    return HTML(text + table(adj, "adjudication") + "<p>Resolutions by first value:</p>"
                + table(moved, "adjudication-moves"))


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
    return HTML(text + table(rev.reset_index(drop=True), "revisions")
                + f"<p>Cells the first coder's recode changed beyond the adjudication ({len(rec)}; "
                  "data/coding/first_recode.csv, applied in data/coding/matrix.csv):</p>" + table(rec, "recode"))


_BEFORE_AFTER = {"mechanism": "mechanism", "n_after": "sites x mechanisms",
                 "kappa_present_before": "kappa before (present vs not)",
                 "low_present_before": "95% CI low before", "high_present_before": "95% CI high before",
                 "kappa_present_after": "kappa after (present vs not)",
                 "low_present_after": "95% CI low after", "high_present_after": "95% CI high after",
                 "agreement_present_before": "raw agreement before", "agreement_present_after": "raw agreement after",
                 "kappa_all_before": "kappa before (all values)", "kappa_all_after": "kappa after (all values)",
                 "low_all_after": "95% CI low after (all values)", "high_all_after": "95% CI high after (all values)"}


def still_low(t: pd.DataFrame) -> list[str]:
    per = t[t["mechanism"] != "all revised"]
    return per.loc[(per["kappa_present_after"] < 0.6) | (per["kappa_all_after"] < 0.6), "mechanism"].tolist()


def revision_sentence(ctx: CrossCity) -> str:
    t = agreement.revision_agreement(ctx.comparison, ctx.recode).set_index("mechanism")
    low = still_low(t.reset_index())
    pooled = t.loc["all revised"]
    return (f"The {len(t) - 1} mechanisms whose kappa was below 0.6 were revised and recoded by both coders: on "
            f"them kappa (present vs not) went from {pooled['kappa_present_before']:.2f} to "
            f"{pooled['kappa_present_after']:.2f} (an optimistic figure: the first coder's side already holds the "
            f"adjudication, see the agreement section); "
            + (f"still below 0.6: {', '.join(low)}." if low else "none is still below 0.6."))


def recode_agreement_section(ctx: CrossCity) -> HTML:
    """Agreement on the revised mechanisms before and after the revision (data/coding/second_recode.csv)."""
    t = agreement.revision_agreement(ctx.comparison, ctx.recode)
    low = still_low(t)
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
    return HTML(paragraphs(say("crosscity.recode_method", ctx.lang, sep="\n\n")) + text
                + table(shown, "recode-agreement"))


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
    return HTML(text + table(adj, "recode-adjudication"))


def five_city_table(ctx: CrossCity) -> HTML:
    """The five-city comparison (Table 1 of five_city_chronic_care) rebuilt from the coded data."""
    return HTML(table(coding.five_city_comparison(), "five-city"))


def codebook_table(ctx: CrossCity) -> HTML:
    """The codebook (as revised): mechanisms by element, with definitions and inclusion rules."""
    cb = coding.load("codebook")
    if ctx.lang == "en":
        cb = cb.drop(columns=["label_zh", "definition_zh", "inclusion_rule_zh"])
    elif ctx.lang == "zh":
        cb = cb.drop(columns=["label", "definition", "inclusion_rule"])
    return HTML(table(cb, "codebook"))


def matrix_section(ctx: CrossCity) -> HTML:
    """Heatmap of sites x features (adjudicated), and conflicts between sources."""
    name = f"cross_city_matrix_{ctx.params['framework']}"
    out = figures.save(crossfig.matrix_figure(ctx.grid, ctx.sites), name)
    conflicts = ctx.grid[ctx.grid["conflict"]]
    counts = ctx.grid["value"].value_counts()
    note = (f"<p>Cells: " + ", ".join(f"{k} {int(counts.get(k, 0))}" for k in coding.VALUES)
            + f". Sources disagree on {len(conflicts)} site x mechanism cell(s)"
            + (": " + "; ".join(f"{r.site} / {r.feature} ({html.escape(r.pointers)})" for r in conflicts.itertuples())
               if len(conflicts) else "") + ". Each cell's pointers are in tables/cross_city_matrix.csv.</p>")
    return HTML(img(out["png"], f"figures/{name}.png|svg: present / absent / not reported / conflict, by element")
                + note)


def profiles_section(ctx: CrossCity) -> HTML:
    """Per site: mechanisms present / absent / not reported by element, sites in consensus-tree order."""
    g6 = coding.grid("six_elements")
    prof = coding.profiles(g6[g6["site"].isin(ctx.sites["site"])])
    order = tree_order(ctx)
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
                + table(wide, "profiles"))
