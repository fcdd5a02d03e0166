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

import re

import pandas as pd

from analysis.core.vocab import Verdict

__all__ = ["table_name", "table_paragraph", "study_paragraph", "coverage_paragraph", "evidence_note",
           "evidence_label", "word", "value", "note", "diagnosis", "quantity", "place", "comparison", "measure", "LANGS"]

LANGS = ("en", "zh", "both")

# Counting follows analysis.report.study: a number's verdict is the worst of its checks, and every
# count below is of printed numbers, not of ledger rows.
_T = {
    "en": {
        "checked": "{table}: {n} printed number{s} checked; ",
        "all": "all {n} reproduce.",
        "some": "{ok} reproduce, {bad} do not{cond}.",
        "cond": ", and for {c} of them the significance decision changes",
        "if_rule": " {n} reproduce only under {rule} rounding.",
        "item": "{label} ({column}, {quantity}): printed {reported}, recomputed {recomputed}{note}",
        "none": "{table}: no printed number of this table can be derived from the others; it is shown as transcribed.",
        "study": "Checkable numbers by verdict: reproduce, {ok}; reproduce only under another rounding rule, {rule}; do not reproduce, {bad}, of which the significance decision changes for {cond}.",
        "sep": "; ",
        "coverage": "The source prints {printed} numbers (transcribed in data/raw). Checkable: {checkable}, that is, other printed numbers determine them; all are checked, in {checks} checks (a number can be checked more than once, for example a p-value against the recomputed statistic and against its own printed statistic). Used only as inputs to those checks: {inputs_only}. Standalone: {standalone}; nothing else printed determines them, so they cannot be checked here.",
        "no_checks": "No printed number of this source can be derived from another, so they cannot be checked: the report shows the transcription and our coding.",
    },
    "zh": {
        "checked": "{table}：共核查 {n} 个印刷数值；",
        "all": "全部 {n} 个均可重现。",
        "some": "{ok} 个可重现，{bad} 个不可重现{cond}。",
        "cond": "，其中 {c} 个改变了显著性结论",
        "if_rule": "另有 {n} 个仅在{rule}舍入规则下可重现。",
        "item": "{label}（{column}，{quantity}）：印刷值 {reported}，重算值 {recomputed}{note}",
        "none": "{table}：本表没有可由其他印刷数值推导的数值，仅按原样转录展示。",
        "study": "在 {checkable} 个可核查数值中，{ok} 个可重现，{rule} 个仅在其他舍入规则下可重现，{bad} 个不可重现，其中 {cond} 个改变显著性结论。",
        "sep": "；",
        "coverage": "原文共印刷 {printed} 个数值（转录于 data/raw）。其中 {checkable} 个可核查，即可由其他印刷数值推出，且均已核查，共核查 {checks} 次（一个数值可被核查不止一次，例如 P 值既与重算的统计量对照，也与其自身印刷的统计量对照）。{inputs_only} 个仅作为核查的输入，{standalone} 个无其他印刷数值可推导，无法核查。",
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
_RULE_ZH = {"half_up": "四舍五入", "half_even": "四舍六入五成双", "truncate": "截断", "half_down": "五舍六入",
            "up": "向上取整", "down": "向下取整", "up_or_down": "四舍五入或五舍六入", "p_floor": "P值下限"}
_WORDS = {
    "half_up": ("half-up", "四舍五入"), "half_even": ("half-even", "四舍六入五成双"), "truncate": ("truncation", "截断"),
    "student": ("Student (equal variances)", "Student t 检验（方差齐）"),
    "welch": ("Welch (unequal variances)", "Welch t 检验（方差不齐）"),
    "upper bound": ("upper bound (printed with <)", "上限（印刷为 <）"),
    "lower bound": ("lower bound (printed with >)", "下限（印刷为 >）"),
    "upper bound (strict)": ("upper bound (printed with <, strict)", "上限（印刷为 <，严格）"),
    "lower bound (strict)": ("lower bound (printed with >, strict)", "下限（印刷为 >，严格）"),
    "half_down": ("half-down", "五舍六入"), "up": ("ceiling", "向上取整"), "down": ("floor", "向下取整"),
    "up_or_down": ("half-up or half-down", "四舍五入或五舍六入"),
    "p_floor": ("p floor (0.001 or 0.000 read as p <= 0.001)", "P值下限（0.001 或 0.000 读作 P ≤ 0.001）"),
    "claim, as printed": ("claim, on the printed values", "说法，按印刷值判断"),
    "approximate (unit of last non-zero digit)": ("approximate (to the unit of the last non-zero digit)",
                                                  "约数（以末位非零数字为单位）"),
    "en": ("English", "英文"), "zh": ("Chinese", "中文"), "both": ("English and Chinese", "中英文"),
    "": ("", ""),
}
_EVIDENCE_LABEL = {
    "primary data with inferential statistics": "含推断统计的原始数据",
    "programme report": "项目报告",
    "review of published sources": "文献综述",
    "unattributed claims": "无出处的说法",
}
_DIAGNOSES = ("digit", "transposed", "percentage-point", "percent change", "significance", "GRIM", "sign opposite",
              "parts add to", "reproduced only with")

# Ledger notes are generated in English from fixed phrases; each phrase has a Chinese pattern.
# A phrase without one is not shown in a Chinese page (the English ledger keeps it), so no
# sentence mixes the two languages.
_N = r"(-?[0-9][0-9.,eE+-]*%?)"
_NOTE_ZH = [
    (r"Student t, df=(\d+)", r"Student t 检验，自由度 \1"),
    (rf"Welch t = {_N}", r"Welch t = \1"),
    (r"internal consistency of the printed statistic and its printed p", "印刷统计量与其印刷 P 值的内部一致性"),
    (r"the printed x2/t row does not say which statistic is which", "原表 x2/t 行未说明各值是何种统计量"),
    (r"the significance decision differs", "显著性结论不同"),
    (r"continuous variables are read as t", "连续变量按 t 检验理解"),
    (rf"parts add to {_N}, printed total {_N}", r"各部分之和为 \1，印刷合计为 \2"),
    (rf"Pearson chi-square \(Yates\) = {_N}", r"Pearson 卡方（Yates 校正）= \1"),
    (r"Pearson chi-square", "Pearson 卡方"),
    (rf"Fisher exact p = {_N}", r"Fisher 精确检验 P = \1"),
    (r"2x2 table year x sex, counts as printed", "年份 × 性别 2×2 表，计数按印刷值"),
    (r"male \+ female against the printed sample size", "男 + 女与印刷的样本量对照"),
    (r"Table (\d+) prints counts", r"表\1 印刷的是计数"),
    (rf"one digit differs \({_N} printed, {_N} recomputed\)", r"有一位数字不同（印刷 \1，重算 \2）"),
    (rf"two adjacent digits transposed \({_N} printed, {_N} recomputed\)", r"相邻两位数字颠倒（印刷 \1，重算 \2）"),
    (rf"percentage-point difference printed as a percent change: \|b - a\| = {_N} points, relative change {_N}",
     r"把百分点差印成了百分比变化：|b − a| = \1 个百分点，相对变化为 \2"),
    (rf"relative change printed as a percentage-point difference(.*)", r"把相对变化印成了百分点差\1"),
    (r"two-way referrals pooled \(downward \+ upward\)", "双向转诊合计（下转 + 上转）"),
    (rf"the text calls it a year-on-year decrease of {_N}, i\.e\. a relative change", r"正文称其同比下降 \1，即相对变化"),
    (rf"the text calls it a decrease of {_N}, i\.e\. a relative change", r"正文称其下降 \1，即相对变化"),
    (r"the text calls it a rise of the downward-referral rate", "正文称其为下转率上升"),
    (r"the text calls it a rise of the upward-referral rate", "正文称其为上转率上升"),
    (rf"{_N} / {_N} = {_N} exactly, a rounding tie", r"\1 / \2 恰为 \3，舍入处于中点"),
    (r"GRIM: no whole number of people out of the candidate denominators gives the printed percentage",
     "GRIM 检验：在各候选分母下，没有整数人数能得到印刷的百分比"),
    (rf"the review does not say whether {_N} is of the {_N} followed up or of the {_N} enrolled",
     r"综述未说明 \1 是以随访的 \2 人还是入组的 \3 人为分母"),
    (rf"printed as a fall of {_N}", r"印刷为下降 \1"),
    (rf"printed as a gap of {_N} percentage points", r"印刷为相差 \1 个百分点"),
    (r"the sign is opposite(.*)", r"符号相反\1"),
    (r"reproduced only with (.*) rounding", r"仅在\1舍入下可重现"),
    (r"([0-9./=%, ]+)", r"\1"),
]
_QUANTITY_ZH = [
    (r"growth rate \(%\)", "增长率（%）"), (r"decline \(%\)", "下降率（%）"), (r"share \(%\)", "构成比（%）"),
    (r"ratio \(%\)", "比率（%）"), (r"relative change \(%\)", "相对变化（%）"), (r"sum of subgroups", "各亚组之和"),
    (r"difference \(b - a\)", "差值（b − a）"), (r"implied base \(count / rate\)", "推得的基数（计数 / 率）"),
    (r"total of the parts", "各部分合计"), (r"earlier rate if the change is relative", "若变化为相对变化，前一期的率"),
    (r"earlier rate if the change is in percentage points", "若变化以百分点计，前一期的率"), (r"percentage of whole people \(GRIM\)", "整数人数的百分比（GRIM 检验）"),
    (r"t \(Student t\)", "t 值（Student t 检验）"), (r"t \(Welch t\)", "t 值（Welch t 检验）"),
    (r"chi-square \(Pearson chi-square\)", "卡方值（Pearson 卡方）"),
    (r"p \(two-sided\) from the recomputed t", "由重算 t 值得到的双侧 P 值"),
    (r"p \(two-sided\) from the recomputed chi2", "由重算卡方值得到的双侧 P 值"),
    (r"p implied by the printed t \(df=(\d+)\)", r"由印刷 t 值推得的 P 值（自由度 \1）"),
    (r"p implied by the printed chi2 \(df=(\d+)\)", r"由印刷卡方值推得的 P 值（自由度 \1）"),
    (r"claim in the text", "文中说法"), (r"restated number", "复述的数值"),
    (r"percentage of whole numbers \(GRIM\)", "整数计数的百分比（GRIM 检验）"),
    (r"mean of whole numbers \(GRIM\)", "整数数据的均数（GRIM 检验）"),
]
_MEASURE_ZH = {"mean difference": "均值差", "Hedges' g": "Hedges g", "risk difference": "率差",
               "risk ratio": "率比", "rate ratio": "人均发生数之比"}
_COMPARISON_ZH = {
    "Age (years)": "年龄（岁）", "Disease duration (years)": "病程（年）", "share Male": "男性占比",
    "Mean length of stay per admission (days)": "次均住院天数（天）",
    "Mean cost per admission (yuan)": "次均住院费用（元）", "Drug share of cost (%)": "药占比（%）",
    "Patient satisfaction (%)": "患者满意度（%）",
    "remote consultations per heart-failure inpatient": "每名心衰住院患者的远程会诊数",
    "upward referrals per heart-failure inpatient": "每名心衰住院患者的上转数",
}
_COLUMN_ZH = {"Value as printed": "印刷值", "After (or level)": "之后（或水平）", "Before": "之前",
              "Change as printed": "印刷的变化幅度"}


_VALUE_WORDS = {"(claim)": ("(claim)", "（说法）"), "true": ("holds", "成立"), "false": ("does not hold", "不成立")}


def value(text: str, lang: str) -> str:
    """A printed or recomputed value as shown: a claim's truth value in words, numbers as they are.

    >>> value("false", "zh"), value("(claim)", "zh"), value("24.64", "zh")
    ('不成立', '（说法）', '24.64')
    """
    en, zh = _VALUE_WORDS.get(str(text), (str(text), str(text)))
    return {"en": en, "zh": zh}.get(lang, en if en == zh else f"{en} / {zh}")


def word(value: str, lang: str) -> str:
    """A parameter value in words.

    >>> word("half_even", "zh"), word("welch", "en")
    ('四舍六入五成双', 'Welch (unequal variances)')
    """
    m = re.fullmatch(r"approximate \(within (\d+%)\)", str(value))
    if m:  # the relative tolerance of an "about x" claim
        en, zh = f"approximate (within {m.group(1)} of x)", f"约数（相对容差 {m.group(1)}）"
    else:
        en, zh = _WORDS.get(str(value), (str(value), str(value)))
    return {"en": en, "zh": zh}.get(lang, f"{en} / {zh}")


def evidence_label(level: str, lang: str) -> str:
    """Name of an evidence level.

    >>> evidence_label("programme report", "zh")
    '项目报告'
    """
    return {"en": level, "zh": _EVIDENCE_LABEL.get(level, level)}.get(lang, f"{level} / {_EVIDENCE_LABEL.get(level, level)}")


def _sub(patterns, text: str) -> str | None:
    for pat, rep in patterns:
        m = re.fullmatch(pat, text)
        if m:
            return m.expand(rep)
    return None


def note(text: str, lang: str) -> str:
    """A ledger note in ``lang``: English as generated, or each phrase in Chinese.

    Phrases without a Chinese pattern are left out of a Chinese note.

    >>> note("Student t, df=747; the significance decision differs", "zh")
    'Student t 检验，自由度 747；显著性结论不同'
    >>> note("two adjacent digits transposed (437 printed, 473 recomputed)", "zh")
    '相邻两位数字颠倒（印刷 437，重算 473）'
    """
    text = str(text)
    if lang == "en" or not text:
        return text
    if lang == "both":
        zh = note(text, "zh")
        return text + (" / " + zh if zh else "")
    parts = [_sub(_NOTE_ZH, p.strip()) for p in text.split("; ")]
    return "；".join(p for p in parts if p)


def diagnosis(text: str) -> str:
    """The parts of a ledger note that say what went wrong (the rest is in the ledger).

    >>> diagnosis("Student t, df=747; one digit differs (1 printed, 2 recomputed)")
    'one digit differs (1 printed, 2 recomputed)'
    """
    seen: list[str] = []
    for p in re.split(r" ?; ", str(text)):
        if any(k in p for k in _DIAGNOSES) and p not in seen:
            seen.append(p)
    return "; ".join(seen)


_diagnosis = diagnosis


def quantity(text: str, lang: str) -> str:
    """What a checked number is, in ``lang``.

    >>> quantity("p implied by the printed t (df=747)", "zh")
    '由印刷 t 值推得的 P 值（自由度 747）'
    """
    if lang == "en":
        return str(text)
    zh = _sub(_QUANTITY_ZH, str(text)) or str(text)
    return zh if lang == "zh" else f"{text} / {zh}"


def place(table: str, row: str, column: str, lang: str) -> str:
    """Where a number is printed: table, row and column (row and column use the source's own labels).

    >>> place("Text", "section 2.3.3", "Value as printed", "zh")
    '正文，第2.3.3节，印刷值'
    >>> place("Table 2", "市", "增长率", "en")
    'Table 2, row 市, column 增长率'
    """
    if lang == "both":
        return place(table, row, column, "en") + " / " + place(table, row, column, "zh")
    t = table_name(table, lang)
    row, column = str(row), str(column)
    if lang == "zh":
        r = _section_zh(row[len("section "):]) if row.startswith("section ") else row
        col = _COLUMN_ZH.get(column, column)
        if re.search(r"[A-Za-z]{3}", col):  # a description we have only in English: the ledger row has it
            return f"{t}，{r}"
        return f"{t}，{r}，{col}"
    if row.startswith("section "):
        return f"{t}, {row}, {column}"
    return f"{t}, row {row}, column {column}"


def _section_zh(name: str) -> str:
    """A section of the source in Chinese: 摘要, 第3.1节, 案例1.

    >>> _section_zh("Abstract"), _section_zh("3.1"), _section_zh("case 1"), _section_zh("intro; 1")
    ('摘要', '第3.1节', '案例1', '引言；第1节')
    >>> _section_zh("一 (before Table 1)"), _section_zh("Table 1 (Xiamen 5)")
    ('第一节（表1之前）', '表1（厦门，第5项）')
    """
    if ";" in name:  # a claim printed in several sections
        return "；".join(_section_zh(part.strip()) for part in name.split(";") if part.strip())
    named = {"abstract": "摘要", "intro": "引言", "introduction": "引言", "conclusion": "结论", "summary": "小结",
             "references": "参考文献"}
    if name.lower() in named:
        return named[name.lower()]
    if name.startswith("case "):
        return "案例" + name[5:]
    m = re.fullmatch(r"(.*?)\s*\((before|after) Table (\d+)\)", name)
    if m:  # a passage placed by the table it stands beside
        return f"{_section_zh(m.group(1))}（表{m.group(3)}{'之前' if m.group(2) == 'before' else '之后'}）"
    m = re.fullmatch(r"Table (\d+)(?: \((\w+) (\d+)\))?", name)
    if m:  # a cell of a table: 表1（厦门，第5项）
        cities = {"Xiamen": "厦门", "Shanghai": "上海", "Langfang": "廊坊", "Beijing": "北京", "Foshan": "佛山"}
        return f"表{m.group(1)}" + (f"（{cities.get(m.group(2), m.group(2))}，第{m.group(3)}项）" if m.group(2) else "")
    return f"第{name}节"


def comparison(text: str, lang: str) -> str:
    """A re-analysis comparison label in ``lang`` (English where no Chinese label is known)."""
    zh = _COMPARISON_ZH.get(str(text), str(text))
    return {"en": str(text), "zh": zh}.get(lang, f"{text} / {zh}")


def measure(text: str, lang: str) -> str:
    """An effect measure in ``lang``."""
    zh = _MEASURE_ZH.get(str(text), str(text))
    return {"en": str(text), "zh": zh}.get(lang, f"{text} / {zh}")


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


def _worst(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per printed number (``ref``), with the worst verdict of its checks."""
    if "ref" not in rows.columns or rows.empty:
        return rows
    worst = rows.groupby("ref", sort=False)["verdict"].agg(lambda v: Verdict.worst(v).value)
    first = rows.drop_duplicates("ref").set_index("ref")
    first["verdict"] = worst
    return first.reset_index()


def _one(ledger: pd.DataFrame, table: str, lang: str) -> str:
    t = _T[lang]
    name = table_name(table, lang)
    rows = _worst(ledger[ledger["table"] == table])
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
        text += t["if_rule"].format(n=len(grp), rule=word(rule, lang))
    if lang == "zh":
        items = [f"{place(table, r.row, r.column, 'zh')}（{quantity(r.quantity, 'zh')}）：印刷值 {value(r.reported, 'zh')}"
                 + (f"（{note(diagnosis(r.note), 'zh')}）" if note(diagnosis(r.note), "zh") else "")
                 for r in bad.itertuples()]
    else:
        items = [t["item"].format(label=r.label, column=r.column, quantity=r.quantity, reported=r.reported,
                                  recomputed=_short(r.recomputed),
                                  note=f" ({diagnosis(r.note)})" if diagnosis(r.note) else "")
                 for r in bad.itertuples()]
    return text + (" " if lang == "en" else "") + t["sep"].join(items) + ("." if lang == "en" else "。")


def _short(x) -> str:
    try:
        v = float(x)
    except (TypeError, ValueError):
        return str(x)
    if v != 0 and abs(v) < 0.001:
        return "<0.001"
    return f"{v:.4g}"


def table_paragraph(ledger: pd.DataFrame, table: str, lang: str) -> str:
    """One paragraph on one printed table, from its ledger rows (counted as printed numbers).

    Parameters
    ----------
    ledger : pandas.DataFrame
        Ledger rows (at least ``table, verdict, label, column, quantity,
        reported, recomputed, note, rule``; ``ref`` to count a number checked
        twice once).
    table : str
        The printed table, e.g. ``"Table 2"``.
    lang : {"en", "zh", "both"}
    """
    if lang == "both":
        return _one(ledger, table, "en") + "\n\n" + _one(ledger, table, "zh")
    return _one(ledger, table, lang)


def coverage_paragraph(cov: dict[str, int], lang: str) -> str:
    """How many numbers are printed, checkable and checked, and why the rest cannot be checked.

    ``cov`` is :func:`analysis.report.study.counts` (``printed, checkable, checks,
    inputs_only, standalone``); a dict from :func:`analysis.checks.coverage`
    (``checked`` instead of ``checkable``) is accepted too.

    >>> coverage_paragraph({"printed": 3, "checked": 1, "inputs_only": 1, "standalone": 1}, "en")[:40]
    'The source prints 3 numbers (transcribed'
    """
    if lang == "both":
        return coverage_paragraph(cov, "en") + "\n\n" + coverage_paragraph(cov, "zh")
    c = dict(cov)
    c.setdefault("checkable", c.get("checked", 0))
    c.setdefault("checks", c["checkable"])
    if c["checkable"] == 0:
        head = {"en": "The source prints {printed} numbers (transcribed in data/raw).",
                "zh": "原文共印刷 {printed} 个数值（转录于 data/raw）。"}[lang].format(**c)
        return head + (" " if lang == "en" else "") + _T[lang]["no_checks"]
    return _T[lang]["coverage"].format(**c)


def evidence_note(level: str, lang: str) -> str:
    """What an evidence level means for the reader.

    >>> evidence_note("unattributed claims", "en").startswith("Unattributed claims")
    True
    """
    en, zh = _EVIDENCE[level]
    return {"en": en, "zh": zh}.get(lang, en + "\n\n" + zh)


def study_paragraph(counts: dict[str, int] | pd.DataFrame, lang: str) -> str:
    """One sentence on a study's checkable numbers by verdict.

    ``counts`` is :func:`analysis.report.study.counts`; a ledger is accepted too
    (its numbers are counted once each, with their worst verdict).

    >>> led = pd.DataFrame({"verdict": ["consistent", "inconsistent_conclusion"], "ref": ["a", "b"]})
    >>> study_paragraph(led, "en")
    'Checkable numbers by verdict: reproduce, 1; reproduce only under another rounding rule, 0; do not reproduce, 1, of which the significance decision changes for 1.'
    """
    if lang == "both":
        return study_paragraph(counts, "en") + "\n\n" + study_paragraph(counts, "zh")
    if isinstance(counts, pd.DataFrame):
        nums = _worst(counts)
        counts = {"checkable": len(nums), **{v.value: int((nums["verdict"] == v.value).sum()) for v in Verdict}}
    if not counts["checkable"]:
        return ""
    bad = counts["inconsistent"] + counts["inconsistent_conclusion"]
    return _T[lang]["study"].format(checkable=counts["checkable"], ok=counts["consistent"],
                                    rule=counts["consistent_if_rounding"], bad=bad,
                                    cond=counts["inconsistent_conclusion"])
