"""Generated narrative: what reproduces, what does not, in English and Chinese.

Every sentence is generated from the ledger, so the text can never say more
or less than the checks found.

>>> import pandas as pd
>>> led = pd.DataFrame([{"table": "Table 2", "verdict": "consistent", "label": "a", "column": "c",
...                      "quantity": "growth rate (%)", "reported": "8.59", "recomputed": "8.58571",
...                      "note": "", "rule": "half_up", "row": "r"}])
>>> table_paragraph(led, "Table 2", "en")
'Table 2: 1 printed number checked; all 1 reproduce.'
"""
from __future__ import annotations

import pandas as pd

__all__ = ["table_name", "table_paragraph", "study_paragraph", "coverage_paragraph", "evidence_note", "LANGS"]

LANGS = ("en", "zh", "both")

_T = {
    "en": {
        "checked": "{table}: {n} printed number{s} checked; ",
        "all": "all {n} reproduce.",
        "some": "{ok} reproduce, {bad} do not{cond}.",
        "cond": ", and for {c} of them the significance decision changes",
        "if_rule": " {n} reproduce only under {rule} rounding.",
        "item": "{label} ({column}, {quantity}): printed {reported}, recomputed {recomputed}{note}",
        "none": "{table}: no printed number of this table can be derived from the others; it is shown as transcribed.",
        "study": "{n} printed numbers were checked: {ok} reproduce, {rule} reproduce only under another rounding rule, and {bad} are inconsistent, of which {cond} change a significance decision.",
        "sep": "; ",
        "coverage": "The source prints {printed} numbers (transcribed in data/raw): {checked} can be checked against other printed numbers, {inputs_only} serve only as inputs to those checks, and {standalone} stand alone: nothing else printed determines them, so they cannot be checked here.",
        "no_checks": "No printed number of this source can be derived from another, so nothing can be checked: the report shows the transcription and our coding.",
    },
    "zh": {
        "checked": "{table}：共核查 {n} 个印刷数值；",
        "all": "全部 {n} 个均可重现。",
        "some": "{ok} 个可重现，{bad} 个不一致{cond}。",
        "cond": "，其中 {c} 个改变了显著性结论",
        "if_rule": "另有 {n} 个仅在{rule}舍入规则下可重现。",
        "item": "{label}（{column}，{quantity}）：印刷值 {reported}，重算值 {recomputed}{note}",
        "none": "{table}：本表没有可由其他印刷数值推导的数值，仅按原样转录展示。",
        "study": "共核查 {n} 个印刷数值：{ok} 个可重现，{rule} 个仅在其他舍入规则下可重现，{bad} 个不一致，其中 {cond} 个改变显著性结论。",
        "sep": "；",
        "coverage": "原文共印刷 {printed} 个数值（转录于 data/raw）：{checked} 个可用其他印刷数值核查，{inputs_only} 个仅作为核查的输入，{standalone} 个无其他印刷数值可推导，无法核查。",
        "no_checks": "本文没有可由其他印刷数值推导的数值，因此无可核查之处：报告仅展示转录与编码。",
    },
}
_EVIDENCE = {
    "primary data with inferential statistics": (
        "Primary data with inferential statistics: the authors report their own data and tests, so the tests can be recomputed.",
        "含推断统计的原始数据：作者报告自有数据与检验，检验可以重算。"),
    "programme report": (
        "Programme report: administrative indicators reported by the implementing institution, without a comparison group or tests.",
        "项目报告：实施机构报告的管理指标，无对照组，无统计检验。"),
    "review of published sources": (
        "Review of published sources: numbers are second-hand, taken from the studies the review cites; they can only be checked against each other.",
        "文献综述：数值为转引，来自综述引用的研究，只能相互核对。"),
    "unattributed claims": (
        "Unattributed claims: the source has no author, venue or references, so every value here is a claim of unknown provenance; read it as such.",
        "无出处的说法：原文无作者、刊物与参考文献，所有数值均为来源不明的说法，应据此理解。"),
}
_RULE_ZH = {"half_up": "四舍五入", "half_even": "四舍六入五成双", "truncate": "截断"}
_DIAGNOSES = ("digit", "transposed", "percentage-point", "percent change", "significance", "GRIM", "sign opposite",
              "parts add to", "reproduced only with")


def _diagnosis(note: str) -> str:
    """The parts of a ledger note that say what went wrong (the rest is in the ledger)."""
    return "; ".join(p for p in str(note).split("; ") if any(k in p for k in _DIAGNOSES))


def table_name(table: str, lang: str) -> str:
    """Name of a printed table in the chosen language.

    >>> table_name("Table 2", "zh"), table_name("Section 2.1", "zh"), table_name("Text", "both")
    ('表2', '第2.1节', 'Text / 正文')
    """
    if lang == "both":
        return f"{table} / {table_name(table, 'zh')}"
    if lang == "en":
        return table
    if table.startswith("Table "):
        return "表" + table.split(" ", 1)[1]
    if table.startswith("Section "):
        return "第" + table.split(" ", 1)[1] + "节"
    return {"Text": "正文"}.get(table, table)


def _one(ledger: pd.DataFrame, table: str, lang: str) -> str:
    t = _T[lang]
    name = table_name(table, lang)
    rows = ledger[ledger["table"] == table]
    n = len(rows)
    if n == 0:
        return t["none"].format(table=name)
    ok = int((rows["verdict"] == "consistent").sum())
    if_rule = rows[rows["verdict"] == "consistent_if_rounding"]
    bad = rows[rows["verdict"].str.startswith("inconsistent")]
    cond = int((rows["verdict"] == "inconsistent_conclusion").sum())
    text = t["checked"].format(table=name, n=n, s="" if n == 1 else "s")
    if len(bad) == 0 and len(if_rule) == 0:
        return text + t["all"].format(n=n)
    text += t["some"].format(ok=ok + len(if_rule), bad=len(bad), cond=t["cond"].format(c=cond) if cond else "")
    for rule, grp in if_rule.groupby("rule", sort=True):
        text += t["if_rule"].format(n=len(grp), rule=_RULE_ZH.get(rule, rule) if lang == "zh" else rule.replace("_", "-"))
    items = [t["item"].format(label=r.label, column=r.column, quantity=r.quantity, reported=r.reported,
                              recomputed=r.recomputed, note=f" ({_diagnosis(r.note)})" if _diagnosis(r.note) else "")
             for r in bad.itertuples()]
    return text + (" " if lang == "en" else "") + t["sep"].join(items) + ("." if lang == "en" else "。")


def table_paragraph(ledger: pd.DataFrame, table: str, lang: str) -> str:
    """One paragraph on one printed table, from its ledger rows.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Ledger rows (at least ``table, verdict, label, column, quantity,
        reported, recomputed, note, rule``).
    table : str
        The printed table, e.g. ``"Table 2"``.
    lang : {"en", "zh", "both"}
    """
    if lang == "both":
        return _one(ledger, table, "en") + "\n\n" + _one(ledger, table, "zh")
    return _one(ledger, table, lang)


def coverage_paragraph(cov: dict[str, int], lang: str) -> str:
    """What share of the printed numbers can be checked, and why the rest cannot.

    >>> coverage_paragraph({"printed": 3, "checked": 1, "inputs_only": 1, "standalone": 1}, "en")[:40]
    'The source prints 3 numbers (transcribed'
    """
    if lang == "both":
        return coverage_paragraph(cov, "en") + "\n\n" + coverage_paragraph(cov, "zh")
    text = _T[lang]["coverage"].format(**cov)
    return text + (" " + _T[lang]["no_checks"] if cov["checked"] == 0 else "")


def evidence_note(level: str, lang: str) -> str:
    """What an evidence level means for the reader.

    >>> evidence_note("unattributed claims", "en").startswith("Unattributed claims")
    True
    """
    en, zh = _EVIDENCE[level]
    return {"en": en, "zh": zh}.get(lang, en + "\n\n" + zh)


def study_paragraph(ledger: pd.DataFrame, lang: str) -> str:
    """One sentence summarising a study's ledger.

    >>> led = pd.DataFrame({"verdict": ["consistent", "inconsistent_conclusion"]})
    >>> study_paragraph(led, "en")
    '2 printed numbers were checked: 1 reproduce, 0 reproduce only under another rounding rule, and 1 are inconsistent, of which 1 change a significance decision.'
    """
    if lang == "both":
        return study_paragraph(ledger, "en") + "\n\n" + study_paragraph(ledger, "zh")
    if ledger.empty:
        return ""
    v = ledger["verdict"]
    return _T[lang]["study"].format(
        n=len(v), ok=int((v == "consistent").sum()), rule=int((v == "consistent_if_rounding").sum()),
        bad=int(v.str.startswith("inconsistent").sum()), cond=int((v == "inconsistent_conclusion").sum()))
