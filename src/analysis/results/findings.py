"""Findings: one per problem in a source, however many ledger rows show it.

Every ledger row that is not plainly ``consistent`` belongs to exactly one
finding (its ``finding`` column). By default a finding is one check of the
specification (a t statistic, the p recomputed from it and the p implied by
the printed statistic are one finding about one test); the specification's
``finding`` column groups several checks that show the same problem (the same
mislabelled number restated in the abstract and in a section; the four t
tests of one table that share one diagnosis).

Category: the category of the finding's most serious row (by verdict), the
engine's reading of that row (:class:`analysis.core.vocab.Category`).

Severity (:class:`analysis.core.vocab.Severity`), decided in this order:

1. ``changes_conclusion``: a row's significance decision at alpha flips
   (verdict ``inconsistent_conclusion``);
2. ``note``: the category is ``reporting_convention`` (not an error);
3. ``material``: the category is an inconsistent test, an impossible value,
   an internal contradiction or an unsupported claim, or the printed value is
   further from the recomputed range than the relative threshold
   ``material`` (default 5% of the recomputed value);
4. ``minor``: otherwise.

>>> import pandas as pd
>>> from analysis.results.ledger import LEDGER_COLUMNS
>>> row = dict.fromkeys(LEDGER_COLUMNS, "") | dict(study="s", finding="s:a", check_id="s:a", verdict="inconsistent",
...     category="calculation_error", reported="27.01", recomputed="27.0253", table="Table 2", label="l")
>>> led = pd.DataFrame([row])
>>> [str(x) for x in build_findings(led).loc[0, ["category", "severity", "changes_conclusion"]]]
['calculation_error', 'minor', 'False']
"""
from __future__ import annotations

import pandas as pd

from analysis.core.vocab import Category, Severity, Verdict

__all__ = ["FINDING_COLUMNS", "build_findings", "severity", "relative_discrepancy", "shown", "is_p"]

FINDING_COLUMNS = ["study", "finding", "category", "severity", "changes_conclusion", "location", "checks",
                   "summary_en", "summary_zh", "location_zh"]
_ALWAYS_MATERIAL = (Category.INCONSISTENT_TEST, Category.IMPOSSIBLE_VALUE, Category.INTERNAL_CONTRADICTION,
                    Category.UNSUPPORTED_CLAIM)


def relative_discrepancy(row) -> float | None:
    """Distance of the printed value from the recomputed range, relative to the recomputed value.

    >>> relative_discrepancy({"reported": "24.64", "recomputed": "34.6356", "low": "34.6356", "high": "34.6356"})  # doctest: +ELLIPSIS
    0.2885...
    """
    from analysis.core.rounding import parse_printed
    try:
        p = float(parse_printed(str(row["reported"])).value)
        r = float(row["recomputed"])
    except (ValueError, TypeError):
        return None
    lo = float(row["low"]) if str(row.get("low", "")) not in ("", "nan") else r
    hi = float(row["high"]) if str(row.get("high", "")) not in ("", "nan") else r
    gap = 0.0 if lo <= p <= hi else min(abs(p - lo), abs(p - hi))
    return gap / abs(r) if r else (float("inf") if gap else 0.0)


def severity(rows: pd.DataFrame, category: Category, material: float = 0.05) -> Severity:
    """Severity of a finding from its ledger rows (rules in the module docstring)."""
    if (rows["verdict"] == Verdict.INCONSISTENT_CONCLUSION.value).any():
        return Severity.CHANGES_CONCLUSION
    if category is Category.REPORTING_CONVENTION:
        return Severity.NOTE
    if category in _ALWAYS_MATERIAL:
        return Severity.MATERIAL
    gaps = [g for g in (relative_discrepancy(r) for r in rows.to_dict("records")) if g is not None]
    return Severity.MATERIAL if gaps and max(gaps) > material else Severity.MINOR


def _where(rows: pd.DataFrame, lang: str) -> str:
    """Where a finding's numbers were printed: the table, then our label (English) or the source's own
    row and column labels (Chinese)."""
    from analysis.text.narrative import table_name
    parts = []
    for table, grp in rows.groupby("table", sort=False):
        if lang == "en":
            cells = list(dict.fromkeys(f"{r.label}" + (f", {r.row}" if r.table == "Text" else "")
                                       for r in grp.itertuples()))
            parts.append(f"{table_name(table, lang)} ({'; '.join(cells)})")
        else:
            cells = list(dict.fromkeys(
                ((r.label_zh + "，") if r.label_zh else "") + _section_zh(r.row) if r.table == "Text"
                else f"{r.row} · {r.column}" for r in grp.itertuples()))
            parts.append(f"{table_name(table, lang)}（{'；'.join(cells)}）")
    return "; ".join(parts) if lang == "en" else "；".join(parts)


def _section_zh(row: str) -> str:
    """``section 3.3`` -> ``第3.3节``; ``section Abstract`` -> ``摘要``."""
    sec = row.replace("section ", "", 1)
    return {"Abstract": "摘要", "abstract": "摘要", "Conclusion": "结论"}.get(sec, f"第{sec}节")


def _df(x: str) -> str:
    return f"{float(x):.0f}" if float(x) >= 10 else f"{float(x):.1f}"


def is_p(check_id: str) -> bool:
    """A ledger row judges a p-value: its check id ends with the engine's part ``.p`` or ``.p_implied``.

    >>> is_p("s:t1_age_t.p_implied"), is_p("s:t1_age_t.statistic")
    (True, False)
    """
    return check_id.endswith((".p", ".p_implied"))


def shown(reported: str, recomputed: str, p_value: bool = False) -> str:
    """A recomputed value as a reader compares it with the printed one.

    p-values: ``<0.001`` below 0.001, else 3 significant digits; other values
    to the printed number's decimals.

    >>> shown("24.64", "34.6356"), shown("0.001", "5.687e-59", p_value=True), shown("~40", "47.0588")
    ('34.64', '<0.001', '47.06')
    """
    from analysis.core.rounding import format_fixed, parse_printed
    try:
        x = float(recomputed)
        p = parse_printed(reported)
    except (ValueError, TypeError):
        return str(recomputed)
    if p_value:
        return "<0.001" if x < 0.001 else f"{x:.3g}"
    return format_fixed(x, max(p.decimals, 2 if p.operator == "~" else p.decimals))


def _pairs(rows: pd.DataFrame, arrow: str = "→") -> str:
    seen = []
    for r in rows.itertuples():
        item = f"{r.reported} {arrow} {shown(r.reported, r.recomputed, is_p(r.check_id))}"
        if Verdict(r.verdict).is_inconsistent and item not in seen:
            seen.append(item)
    return ", ".join(seen)


def _tests(rows: pd.DataFrame, lang: str) -> str:
    """One clause per test of a finding: the printed and recomputed statistic and its diagnosis."""
    out = []
    for r in rows[rows["check_id"].str.endswith(".statistic")].itertuples():
        lo, hi = r.df_low, r.df_high
        if lang == "en":
            text = f"{r.label}: t printed {r.reported}, recomputed {shown(r.reported, r.recomputed)}"
            if lo != "":
                text += f"; printed t and printed p agree for df {_df(lo)} to {'any larger' if hi == 'inf' else _df(hi)}"
            if r.n_per_group not in ("", "inf"):
                text += f"; the printed t follows from the printed means and SDs with about {float(r.n_per_group):.0f} per group"
        else:
            text = f"{r.column}：t 印刷值 {r.reported}，重算值 {shown(r.reported, r.recomputed)}"
            if lo != "":
                span = f"{_df(lo)} 及以上" if hi == "inf" else f"{_df(lo)} 至 {_df(hi)}"
                text += f"；印刷的t与P仅在自由度 {span} 时相符"
            if r.n_per_group not in ("", "inf"):
                text += f"；每组约 {float(r.n_per_group):.0f} 例时印刷的t才能由印刷的均数与标准差得到"
        out.append(text)
    return ("; ".join(out) + ".") if lang == "en" else ("；".join(out) + "。")


_TEMPLATES = {
    Category.INCONSISTENT_TEST: (
        "{where}: the printed test statistics do not follow from the printed means, SDs and group sizes. {tests}{stated}",
        "{where}：印刷的检验统计量不能由印刷的均数、标准差与样本量重算得到。{tests}{stated}"),
    Category.TYPOGRAPHICAL_ERROR: (
        "{where}: printed {pairs}; the printed number differs from the recomputed one by a digit slip or a transposition.",
        "{where}：印刷值 → 重算值 {pairs}；两者只差一位数字或相邻数字颠倒，属排印错误。"),
    Category.LABELLING_ERROR: (
        "{where}: the printed {reported} is a percentage-point difference presented as a percent change "
        "(relative change {rec}%).",
        "{where}：印刷的 {reported} 是百分点差，却写成百分比变化（相对变化为 {rec}%）。"),
    Category.APPROXIMATE_CLAIM: (
        "{where}: printed as approximately {approx}; the printed inputs give {rec}, outside the relative tolerance.",
        "{where}：文中称约 {approx}，按印刷数值计算为 {rec}，超出相对容许误差。"),
    Category.IMPOSSIBLE_VALUE: (
        "{where}: {reported} cannot arise from whole numbers of people with the stated denominators "
        "(nearest possible: {rec}).",
        "{where}：{reported} 不可能由所述分母下的整数人数得到（最接近的可能值为 {rec}）。"),
    Category.UNSUPPORTED_CLAIM: (
        "{where}: the claim does not hold for the printed numbers ({claims}).",
        "{where}：该说法与印刷数值不符（{claims}）。"),
    Category.INTERNAL_CONTRADICTION: (
        "{where}: two printed values that should be the same differ ({pairs}).",
        "{where}：本应相同的两个印刷数值不一致（{pairs}）。"),
    Category.REPORTING_CONVENTION: (
        "{where}: reproduces only under a reporting convention ({rules}); not an error.",
        "{where}：仅在报告惯例（{rules}）下可重现，不属错误。"),
    Category.CALCULATION_ERROR: (
        "{where}: the printed value does not follow from its printed inputs (printed → recomputed: {pairs}).",
        "{where}：印刷值不能由其印刷的输入算得（印刷值 → 重算值：{pairs}）。"),
}
_CLAIM_TEMPLATES = {  # a finding shown by claims of the text (true or false, no number to pair)
    Category.INTERNAL_CONTRADICTION: (
        "{where}: two printed statements cannot both hold ({claims}).",
        "{where}：两处印刷内容不能同时成立（{claims}）。"),
}
_CONCLUSION = (" Recomputed from the printed inputs, the significance decision changes.", "按印刷输入重算后，显著性结论改变。")


def _summaries(rows: pd.DataFrame, category: Category, sev: Severity) -> tuple[str, str]:
    """One sentence in English and one in Chinese, from the numbers only (templates in :data:`_TEMPLATES`)."""
    bad = rows["verdict"].map(lambda v: Verdict(v).is_inconsistent)
    first = rows[bad].iloc[0] if bad.any() else rows.iloc[0]
    stated = sorted(set(rows["n_stated"]) - {""})
    claims_en = "; ".join(dict.fromkeys(rows["label"]))
    common = {"pairs": _pairs(rows), "reported": first.reported, "approx": first.reported.lstrip("~≈"),
              "rec": shown(first.reported, first.recomputed, is_p(first.check_id)),
              "rules": ", ".join(dict.fromkeys(rows["rule"]))}
    by_lang = {
        "en": {"where": _where(rows, "en"), "tests": _tests(rows, "en"), "claims": claims_en,
               "stated": f" The stated groups are {stated[0].replace('/', ' and ')}." if stated else ""},
        "zh": {"where": _where(rows, "zh"), "tests": _tests(rows, "zh"),
               "claims": "；".join(dict.fromkeys(x for x in rows["label_zh"] if x)) or claims_en,
               "stated": f"文中所述两组样本量为 {stated[0].replace('/', ' 与 ')}。" if stated else ""},
    }
    out = []
    for i, lang in enumerate(("en", "zh")):
        claims_only = (rows["kind"] == "claim").all() if "kind" in rows else False
        templates = _CLAIM_TEMPLATES.get(category, _TEMPLATES[Category.UNSUPPORTED_CLAIM]) if claims_only \
            else _TEMPLATES[category]
        text = templates[i].format(**common, **by_lang[lang])
        out.append(text + (_CONCLUSION[i] if sev is Severity.CHANGES_CONCLUSION else ""))
    return out[0], out[1]


def build_findings(ledger: pd.DataFrame, material: float = 0.05) -> pd.DataFrame:
    """One row per finding, from the ledger's ``finding`` column.

    Sorted with the findings that change a conclusion first, then by
    severity and in ledger order.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Ledger rows (:data:`analysis.results.ledger.LEDGER_COLUMNS`).
    material : float
        Relative discrepancy above which a finding is material.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`.
    """
    out = []
    flagged = ledger[ledger["finding"].astype(str) != ""]
    for order, (fid, rows) in enumerate(flagged.groupby("finding", sort=False)):
        worst = Verdict.worst(rows["verdict"])
        lead = rows[rows["verdict"] == worst.value].iloc[0]
        category = Category(lead["category"])
        sev = severity(rows, category, material)
        en, zh = _summaries(rows, category, sev)
        out.append({"study": lead["study"], "finding": fid, "category": category.value, "severity": sev.value,
                    "changes_conclusion": sev is Severity.CHANGES_CONCLUSION, "location": _where(rows, "en"),
                    "checks": ";".join(rows["check_id"]), "summary_en": en, "summary_zh": zh,
                    "location_zh": _where(rows, "zh"),
                    "_rank": (-sev.rank, order)})
    frame = pd.DataFrame(out, columns=[*FINDING_COLUMNS, "_rank"])
    return frame.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)
