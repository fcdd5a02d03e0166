"""Labels of the study report (headings, column headers, short verdict words) in English and Chinese.

Labels only, never sentences built from results (those are in :mod:`analysis.text.narrative`).

>>> say("findings", "zh"), say("printed", "both")
('发现', 'printed / 印刷值')
>>> short_label("inconsistent_conclusion", "en")
'changes a conclusion'
"""
from __future__ import annotations

__all__ = ["LABELS", "SHORT", "say", "langs", "localized", "short_label"]

LABELS = {
    "report": ("Reproduction report", "复现报告"),
    "source": ("Source", "来源"), "evidence": ("Evidence level", "证据等级"),
    "run": ("Parameters of this run", "本次运行的参数"),
    "parameter": ("Parameter", "参数"), "value": ("Value", "取值"),
    "p_study": ("Study", "研究"), "p_alpha": ("Significance level (alpha)", "显著性水平（α）"),
    "p_t_test": ("t test compared with the printed t", "与印刷 t 值对照的 t 检验"),
    "p_rounding": ("Rounding rule tried first", "优先采用的舍入规则"),
    "p_lang": ("Language", "语言"),
    "p_inputs": ("Inputs (SHA-256 of data, params, notebooks, the package, pyproject.toml and requirements.lock)",
                 "输入（数据、参数、笔记本、程序包、pyproject.toml 与 requirements.lock）的 SHA-256"),
    "p_lock": ("Environment lock (SHA-256 of requirements.lock)", "环境锁定文件的 SHA-256"),
    "summary": ("What was checked, and what reproduces", "核查了什么，哪些可重现"),
    "printed_n": ("printed", "印刷数值"), "checkable_n": ("checkable (all checked)", "可核查（均已核查）"),
    "checks_n": ("checks (ledger rows)", "核查次数（台账行数）"),
    "findings": ("Findings", "发现"),
    "not_reproduced": ("Numbers that do not reproduce", "不可重现的数值"),
    "tables": ("The printed tables, checked", "印刷表格及核查结果"),
    "reanalysis": ("Re-analysis", "再分析"),
    "figures": ("Figures", "图"),
    "ledger": ("Ledger rows of this study", "本研究的核查台账"),
    "legend": ("Legend", "图例"),
    "category": ("Category", "类别"), "severity": ("Severity", "严重程度"), "total": ("Total", "合计"),
    "finding": ("Finding", "发现"), "location": ("Where", "位置"), "checks": ("Ledger rows", "台账行"),
    "printed": ("printed", "印刷值"), "recomputed": ("recomputed", "重算值"),
    "c_check_id": ("Check", "核查编号"), "c_table": ("Table", "表"), "c_row": ("Row", "行"),
    "c_column": ("Column", "列"), "c_quantity": ("Quantity", "量"), "c_printed": ("Printed", "印刷值"),
    "c_recomputed": ("Recomputed", "重算值"), "c_range": ("Range allowed by rounding", "舍入允许的范围"),
    "c_rule": ("Rounding rule", "舍入规则"), "c_verdict": ("Verdict", "结论"), "c_note": ("Note", "说明"),
    "c_source": ("Transcription (file:line)", "转录（文件:行）"), "c_place": ("Place in the source", "原文位置"),
    "c_number": ("Number", "数值"), "c_label": ("What", "内容"), "c_value": ("Value", "推导值"),
    "c_low": ("Low", "下限"), "c_high": ("High", "上限"), "c_formula": ("Formula", "公式"), "c_inputs": ("Inputs", "输入"),
    "ledger_note": ("The same rows, with every column, are in", "全部列的同样内容见"),
    "no_findings_table": ("The findings table is not built yet; the numbers that do not reproduce are listed from "
                          "the ledger instead.",
                          "发现汇总表尚未生成；以下按台账列出不可重现的数值。"),
    "none_bad": ("Every checked number reproduces.", "所有核查的数值均可重现。"),
    "nothing_checked": ("No printed number of this source can be checked, so there is no finding; the tables are "
                        "shown as transcribed.", "本文没有可核查的印刷数值，因此没有发现；表格按转录原样展示。"),
    "conclusion_first": ("Those that change a conclusion come first.", "改变结论的排在最前。"),
    "transcribed": ("Transcription", "转录文件"),
    "reanalysis_note": (
        "Separate from the reproduction: effect sizes with 95% confidence intervals computed from the printed "
        "summaries (second group versus first). They take the printed inputs at face value, including any the "
        "reproduction found inconsistent.",
        "与复现分开：依据印刷的汇总数据计算效应量及其95%置信区间（后一组相对前一组）。计算按原样采用印刷数值，"
        "包括复现中发现不一致的数值。"),
    "no_effects": ("This study prints no summaries from which an effect size can be computed.",
                   "本研究未印刷可用于计算效应量的汇总数据。"),
    "derived": ("Derived values (implied, not printed)", "推导值（由印刷数值推出，原文未印刷）"),
    "derived_note": (
        "Values the printed numbers imply but the source does not print, with the range their rounding allows. "
        "They are labelled as derived and are not part of the ledger.",
        "由印刷数值推出而原文未印刷的数值，并给出舍入允许的范围；均标为推导值，不计入核查台账。"),
    "no_figures": ("No figure: this source has no checkable numbers and no before/after outcomes; its coded "
                   "tables are above.", "无图：本文没有可核查的数值和改革前后结果；编码表见上。"),
    "fig_ledger": ("Each checked number of this study: how far the recomputed value lies from the printed one "
                   "(ratio on a log scale; 1 = reproduces), by verdict.",
                   "本研究每个核查数值：重算值与印刷值之比（对数刻度，1 表示可重现），按核查结论区分。"),
    "fig_outcomes": ("Reported values before and after, and the printed changes, by site; every value as "
                     "printed, marked by evidence level; nothing pooled.",
                     "各地点报告的改革前后数值与印刷的变化幅度；数值均按原文，按证据等级标记，不作合并。"),
    "fig_effects": ("Re-analysis: effect sizes with 95% confidence intervals, one panel per measure.",
                    "再分析：效应量及其95%置信区间，每种效应量一栏。"),
    "drawn_by": ("Drawn by", "绘图函数"), "from_tables": ("from", "数据来自"), "files": ("files", "文件"),
    "c_measure": ("Measure", "效应量"), "c_comparison": ("Comparison", "比较"), "c_groups": ("Groups", "组别"),
    "c_estimate": ("Estimate (95% CI)", "估计值（95% CI）"),
}


def say(key: str, lang: str) -> str:
    """A label in ``lang``; in ``both`` the two labels joined (labels only, never sentences)."""
    en, zh = LABELS[key]
    return {"en": en, "zh": zh}.get(lang, f"{en} / {zh}")


def langs(lang: str) -> list[str]:
    return ["en", "zh"] if lang == "both" else [lang]


def localized(key: str, lang: str) -> list[tuple[str, str]]:
    """``[(lang, text)]`` for a sentence key, one entry per language shown."""
    return [(lg, LABELS[key][0 if lg == "en" else 1]) for lg in langs(lang)]


SHORT = {"consistent": ("reproduces", "可重现"), "consistent_if_rounding": ("other rounding rule", "其他舍入规则"),
          "inconsistent": ("does not reproduce", "不可重现"), "inconsistent_conclusion": ("changes a conclusion", "改变结论"),
          "invalid": ("cannot be checked", "无法核查")}


def short_label(verdict: str, lang: str) -> str:
    en, zh = SHORT[verdict]
    return {"en": en, "zh": zh}.get(lang, f"{en} / {zh}")
