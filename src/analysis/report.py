"""What the notebooks call: one function per cell, each returning one display.

The template ``notebooks/study.ipynb`` knows nothing of any particular study:
it opens the study named by its parameter and renders whatever tables the
data package declares for it. Each section is a :class:`Block`: HTML for the
rendered page (``reports/<study>.html``) and Markdown for readers of the
notebook on GitHub, where styles are stripped; a verdict is always carried by
a symbol and a word, never by colour alone.

Counting, one definition everywhere (report, index, README):

* *printed*: numbers the source prints that we transcribed (distinct cells);
* *checkable*: printed numbers that other printed numbers determine; every
  checkable number is checked;
* *checks*: rows of the ledger; one number can be checked more than once
  (a p-value against the recomputed statistic and against its own printed
  statistic), and a number's verdict is the worst of its checks.

>>> ctx = open_study(study="zigong_hf_alliance", alpha=0.05, t_test="student", tolerance=0.1,
...                  rounding="half_up", lang="en")
>>> sorted(ctx.recomputed())[:2]
['alliance_composition', 't1_characteristics']
>>> c = counts(ctx)
>>> c["printed"] == c["checkable"] + c["inputs_only"] + c["standalone"]
True
"""
from __future__ import annotations

import base64
import hashlib
import html
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from . import figures, findings as findings_mod, ledger as ledger_mod, narrative, params, paths
from . import reanalysis as reanalysis_mod
from .engine import Options
from .memo import remembered
from .datapackage import Resource, Study, load_study
from .rounding import RULES, format_fixed, parse_printed
from .vocab import Category, Severity, Verdict

__all__ = ["Context", "Block", "open_study", "header", "summary", "findings", "overview", "reproduction",
           "reanalysis", "figures_section", "ledger", "page", "counts", "numbers", "anchors", "recomputed_frame",
           "html_table", "img", "paragraphs", "format_number", "verdict_badge", "inputs_hash", "lock_hash",
           "SEVERITY", "LEDGER_PATH"]

SEVERITY = {v.value: v.rank for v in Verdict if v is not Verdict.INVALID}
LEDGER_PATH = "tables/consistency_ledger.csv"

_L = {
    "report": ("Reproduction report", "复现报告"),
    "source": ("Source", "来源"), "evidence": ("Evidence level", "证据等级"),
    "run": ("Parameters of this run", "本次运行的参数"),
    "parameter": ("Parameter", "参数"), "value": ("Value", "取值"),
    "p_study": ("Study", "研究"), "p_alpha": ("Significance level (alpha)", "显著性水平（α）"),
    "p_t_test": ("t test compared with the printed t", "与印刷 t 值对照的 t 检验"),
    "p_rounding": ("Rounding rule tried first", "优先采用的舍入规则"),
    "p_lang": ("Language", "语言"),
    "p_inputs": ("Inputs (SHA-256 of src, data, notebooks, params)", "输入文件（源代码、数据、笔记本与参数）的 SHA-256"),
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


def _say(key: str, lang: str) -> str:
    """A label in ``lang``; in ``both`` the two labels joined (labels only, never sentences)."""
    en, zh = _L[key]
    return {"en": en, "zh": zh}.get(lang, f"{en} / {zh}")


def _langs(lang: str) -> list[str]:
    return ["en", "zh"] if lang == "both" else [lang]


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


class Block:
    """A displayed section: ``text/html`` for the page, ``text/markdown`` for the notebook.

    >>> b = Block("<p>x</p>", "x")
    >>> b._repr_html_(), b._repr_markdown_(), repr(b)
    ('<p>x</p>', 'x', 'x')
    """

    def __init__(self, html_text: str, md: str):
        self.html, self.md = html_text, md

    def _repr_html_(self) -> str:
        return self.html

    def _repr_markdown_(self) -> str:
        return self.md

    def __repr__(self) -> str:
        return self.md

    def __add__(self, other: "Block") -> "Block":
        return Block(self.html + "\n" + other.html, self.md + "\n\n" + other.md)


def _md_cell(text: Any) -> str:
    return re.sub(r"<[^>]+>", "", str(text)).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(_md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _table(header: list[str], rows: list[list[str]], cls: str = "", row_ids: list[str] | None = None,
           cell_cls: list[list[str]] | None = None) -> str:
    """An HTML table (cells already escaped) in a scrolling box."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = []
    for i, r in enumerate(rows):
        rid = f' id="{_e(row_ids[i])}"' if row_ids and row_ids[i] else ""
        tds = "".join(f'<td class="{cell_cls[i][j]}">{c}</td>' if cell_cls and cell_cls[i][j] else f"<td>{c}</td>"
                      for j, c in enumerate(r))
        body.append(f"<tr{rid}>{tds}</tr>")
    return (f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def _paras(texts: Iterable[str]) -> tuple[str, str]:
    texts = [t for t in texts if t]
    return "".join(f"<p>{_e(t)}</p>" for t in texts), "\n\n".join(texts)


def _localized(key: str, lang: str) -> list[tuple[str, str]]:
    """``[(lang, text)]`` for a sentence key, one entry per language shown."""
    return [(lg, _L[key][0 if lg == "en" else 1]) for lg in _langs(lang)]


def _sentences(key: str, lang: str) -> Block:
    items = _localized(key, lang)
    return Block("".join(f'<p lang="{lg}">{_e(t)}</p>' for lg, t in items), "\n\n".join(t for _, t in items))


@dataclass
class Context:
    """A study opened for reporting, with its ledger, findings and re-analysis."""

    params: dict[str, Any]
    study: Study
    ledger: pd.DataFrame
    effects: pd.DataFrame = field(repr=False)
    derived: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    findings: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    @property
    def lang(self) -> str:
        return self.params["lang"]

    def recomputed(self) -> dict[str, pd.DataFrame]:
        """Each resource in its printed shape, derivable cells recomputed."""
        return {k: recomputed_frame(r, self.ledger, self.params["rounding"]) for k, r in self.study.resources.items()}


@remembered  # once per build: the tables and the report share it (analysis.memo)
def open_study(**values: Any) -> Context:
    """Validate the parameters, load and check the study.

    Raises :class:`analysis.errors.InputError` on an unknown or ill-typed
    parameter or an unknown study id.
    """
    p = params.validate("study", **values)
    study = load_study(p["study"])
    opts = Options(alpha=p["alpha"], rounding=p["rounding"], t_test=p["t_test"], tolerance=p["tolerance"])
    led = ledger_mod.build_ledger(study, opts)
    return Context(p, study, led, reanalysis_mod.effects(study), reanalysis_mod.derived(study, opts),
                   findings_mod.build_findings(led, opts.material))


# --------------------------------------------------------------------------- counting

def anchors(ledger: pd.DataFrame) -> pd.Series:
    """A unique HTML anchor per ledger row: its ``check_id``, made unique if it is not.

    >>> anchors(pd.DataFrame({"study": ["s", "s"], "check_id": ["a", "a"]})).tolist()
    ['s:a', 's:a.2']
    """
    base = [cid if ":" in str(cid) else f"{s}:{cid}" for s, cid in zip(ledger["study"], ledger["check_id"])]
    seen: dict[str, int] = {}
    out = []
    for b in base:
        seen[b] = seen.get(b, 0) + 1
        out.append(b if seen[b] == 1 else f"{b}.{seen[b]}")
    return pd.Series(out, index=ledger.index, dtype=object)


def numbers(ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per checked printed number (``ref``): its first check and its worst verdict.

    >>> led = pd.DataFrame({"study": ["s"] * 3, "check_id": ["a", "a", "b"], "ref": ["r:1:p", "r:1:p", "r:2:p"],
    ...                     "verdict": ["consistent", "inconsistent", "consistent"]})
    >>> numbers(led)[["ref", "verdict", "anchor"]].values.tolist()
    [['r:1:p', 'inconsistent', 's:a'], ['r:2:p', 'consistent', 's:b']]
    """
    if ledger.empty:
        return ledger.assign(anchor=pd.Series(dtype=object))
    led = ledger.assign(anchor=anchors(ledger))
    led = led[led["ref"].str.count(":") == 2]  # a printed number has a cell; claims of the text are counted apart
    worst = led.groupby("ref", sort=False)["verdict"].agg(lambda v: Verdict.worst(v).value)
    first = led.drop_duplicates("ref").set_index("ref")
    first["verdict"] = worst
    return first.reset_index()


def counts(ctx: Context) -> dict[str, int]:
    """Printed, checkable and checked numbers of a study, and checkable numbers by verdict.

    See the module docstring for the definitions. ``printed = checkable +
    inputs_only + standalone``.
    """
    return _counts(ctx.study, ctx.ledger)


def _counts(study: Study, ledger: pd.DataFrame) -> dict[str, int]:
    """:func:`analysis.ledger.coverage` (the one definition), the number of checks, and numbers by verdict."""
    out = {**ledger_mod.coverage(study, ledger), "checks": len(ledger)}
    nums = numbers(ledger)
    for v in Verdict:
        out[v.value] = int((nums["verdict"] == v.value).sum()) if len(nums) else 0
    return out


# --------------------------------------------------------------------------- formatting

def format_number(x: Any, decimals: int, is_p: bool = False, rule: str = "half_up") -> str:
    """A recomputed number for reading: the printed value's decimals; p-values as ``<0.001`` or 3 significant digits.

    >>> format_number(1.304e-101, 3, is_p=True), format_number(0.0561301, 3, is_p=True)
    ('<0.001', '0.0561')
    >>> format_number(34.6356, 2), format_number("", 2), format_number(float("nan"), 1), format_number("false", 0)
    ('34.64', '', '', 'false')
    """
    if x is None or x == "":
        return ""
    try:
        x = float(x)
    except ValueError:  # a claim's truth value ("true", "false") is shown as it is
        return str(x)
    if math.isnan(x):
        return ""
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if is_p:
        if x < 0.001:
            return "<0.001"
        return f"{x:.3g}" if x < 0.1 else format_fixed(x, max(decimals, 3), rule)
    return format_fixed(x, decimals, rule)


def _trim(text: str, decimals: int) -> str:
    """Drop trailing zeros beyond the printed value's decimals: ``312.00`` -> ``312``, ``8.5860`` -> ``8.586``.

    >>> _trim("312.00", 0), _trim("8.5860", 2), _trim("51.7000", 2), _trim("<0.001", 3)
    ('312', '8.586', '51.70', '<0.001')
    """
    if "." not in text or not re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        return text
    whole, frac = text.split(".")
    frac = frac.rstrip("0")
    frac = frac + "0" * max(0, decimals - len(frac))
    return f"{whole}.{frac}" if frac else whole


def _is_p(check_id: str) -> bool:
    return findings_mod.is_p(str(check_id))


def _decimals(printed: str) -> int:
    try:
        return parse_printed(printed).decimals
    except ValueError:
        return 2


def _format_recomputed(printed: str, recomputed: str, check_id: str, rule: str = "half_up") -> str:
    """Shown with the printed decimals, rounded under ``rule`` (the run's ``rounding`` parameter)."""
    return format_number(recomputed, _decimals(printed), _is_p(check_id), rule if rule in RULES else "half_up")


_SHORT = {"consistent": ("reproduces", "可重现"), "consistent_if_rounding": ("other rounding rule", "其他舍入规则"),
          "inconsistent": ("does not reproduce", "不可重现"), "inconsistent_conclusion": ("changes a conclusion", "改变结论"),
          "invalid": ("cannot be checked", "无法核查")}


def _short_label(verdict: str, lang: str) -> str:
    en, zh = _SHORT[verdict]
    return {"en": en, "zh": zh}.get(lang, f"{en} / {zh}")


def verdict_badge(verdict: str, lang: str, short: bool = True, full: bool = False) -> str:
    """A verdict as HTML: symbol and (short) word beside the colour; ``full`` gives the legend's wording.

    >>> verdict_badge("inconsistent_conclusion", "en")
    '<span class="v v-inconsistent_conclusion">✗! changes a conclusion</span>'
    """
    v = Verdict(verdict)
    word = _e(v.label(lang)) if full else _e(_short_label(v.value, lang)) if short else ""
    return f'<span class="v v-{v.value}">{v.symbol} {word}</span>' if word else \
        f'<span class="v v-{v.value}">{v.symbol}</span>'


def _verdict_md(verdict: str, lang: str) -> str:
    v = Verdict(verdict)
    return f"{v.symbol} {_short_label(v.value, lang)}"


def _rule(ctx: Any) -> str:
    """The run's rounding rule (half-up for a context without parameters)."""
    return getattr(ctx, "params", {}).get("rounding", "half_up")


def _shown_pair(printed: str, recomputed: str, check_id: str, verdict: str, rule: str = "half_up",
                lang: str = "en") -> str:
    """``24.64 → 34.64`` where they differ; the printed value alone where they agree; a claim as holding or not."""
    if str(recomputed) in ("true", "false"):  # a claim of the text
        return narrative.value(recomputed, "zh" if lang == "zh" else "en")
    rec = _format_recomputed(printed, recomputed, check_id, rule)
    if rec == "" or rec == printed.strip() or Verdict(verdict) is Verdict.CONSISTENT:
        return printed
    if rec == printed.strip().replace(",", ""):
        return printed
    return f"{printed} → {rec}"


# --------------------------------------------------------------------------- provenance

_INPUT_DIRS = ("src", "data", "notebooks", "params")


def inputs_hash() -> str:
    """SHA-256 over the files that determine a report (``src``, ``data``, ``notebooks``, ``params``).

    A content hash rather than a commit id: a report cannot name the commit
    that will contain it, and a rebuild on a fresh clone must be byte-identical.
    Paths are hashed relative to the repository root, in sorted order.
    """
    h = hashlib.sha256()
    for d in _INPUT_DIRS:
        for p in sorted((paths.ROOT / d).rglob("*")):
            if not p.is_file() or "__pycache__" in p.parts or p.suffix in (".pyc", ".stamp") or ".egg-info" in str(p):
                continue
            if p.name.startswith(".") or ".ipynb_checkpoints" in p.parts:
                continue
            h.update(paths.relative(p).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def lock_hash() -> str:
    """SHA-256 of ``requirements.lock`` (the pinned, hashed environment); ``"none"`` in a copy without it."""
    lock = paths.ROOT / "requirements.lock"
    return hashlib.sha256(lock.read_bytes()).hexdigest() if lock.exists() else "none"


# --------------------------------------------------------------------------- sections

def _study_title(meta: dict, lang: str) -> str:
    return {"en": meta["title"], "zh": meta.get("title_zh", meta["title"])}.get(
        lang, f"{meta['title']} / {meta.get('title_zh', '')}")


def header(ctx: Context) -> Block:
    """Title (one per study), source, evidence level and the parameters of the run in a small table."""
    m, lang, p = ctx.study.meta, ctx.lang, ctx.params
    title = _study_title(m, lang)
    lvl = m["evidence_level"]
    lvl_text = " / ".join(narrative.evidence_label(lvl, lg) for lg in _langs(lang))
    rows = [[_say("p_study", lang), f"<code>{_e(p['study'])}</code>"],
            [_say("p_alpha", lang), _e(p["alpha"])],
            [_say("p_t_test", lang), _e(narrative.word(p["t_test"], lang))],
            [_say("p_rounding", lang), _e(narrative.word(p["rounding"], lang))],
            [_say("p_lang", lang), _e(narrative.word(p["lang"], lang))],
            [_say("p_inputs", lang), f"<code>{inputs_hash()[:16]}</code>"],
            [_say("p_lock", lang), f"<code>{lock_hash()[:16]}</code>"]]
    note_html, note_md = _paras(narrative.evidence_note(lvl, lg) for lg in _langs(lang))
    h = (f'<h1 id="top" data-page-lang="{lang}">{_e(title)}</h1>'
         f'<p class="kicker">{_e(_say("report", lang))}</p>'
         f'<p><b>{_e(_say("source", lang))}:</b> <cite lang="en">{_e(m["citation"])}</cite></p>'
         f'<p><b>{_e(_say("evidence", lang))}:</b> {_e(lvl_text)}</p>{note_html}'
         f'<details class="run"><summary>{_e(_say("run", lang))}</summary>'
         + _table([_say("parameter", lang), _say("value", lang)], rows, "params") + "</details>")
    md = (f"# {title}\n\n**{_say('source', lang)}:** {m['citation']}\n\n**{_say('evidence', lang)}:** {lvl_text}"
          f"\n\n{note_md}\n\n**{_say('run', lang)}**\n\n"
          + _md_table([_say("parameter", lang), _say("value", lang)], rows))
    return Block(h, md)


def _legend(lang: str) -> Block:
    items = [v for v in Verdict if v is not Verdict.INVALID]
    h = (f'<ul class="legend"><li><b>{_e(_say("legend", lang))}:</b></li>'
         + "".join(f"<li>{verdict_badge(v.value, lang, short=False)} {_e(v.label(lang))}</li>" for v in items)
         + "</ul>")
    return Block(h, f"**{_say('legend', lang)}:** " + "; ".join(
        f"{_verdict_md(v.value, lang)}: {v.label(lang)}" for v in items))


def summary(ctx: Context) -> Block:
    """What was checked, what reproduces, what does not: the counts, in one definition."""
    lang, c = ctx.lang, counts(ctx)
    texts = [narrative.coverage_paragraph(c, lg) for lg in _langs(lang)]
    texts += [narrative.study_paragraph(c, lg) for lg in _langs(lang)]
    ph, pm = _paras(texts)
    verdicts = [v for v in Verdict if v is not Verdict.INVALID]
    header_ = [_say("printed_n", lang), _say("checkable_n", lang), _say("checks_n", lang)]
    header_ += [verdict_badge(v.value, lang) for v in verdicts]
    row = [str(c["printed"]), str(c["checkable"]), str(c["checks"])] + [str(c[v.value]) for v in verdicts]
    h = f'<h2 id="summary">{_e(_say("summary", lang))}</h2>' + _table(header_, [row], "counts") + ph
    md = (f"## {_say('summary', lang)}\n\n"
          + _md_table(header_[:3] + [_verdict_md(v.value, lang) for v in verdicts], [row]) + "\n\n" + pm)
    return Block(h, md)


def _bi(fn, *args, lang: str) -> tuple[str, str]:
    """``fn(*args, lang)`` as (HTML, Markdown); in ``both`` the Chinese on its own line."""
    if lang != "both":
        t = fn(*args, lang)
        return _e(t), t
    en, zh = fn(*args, "en"), fn(*args, "zh")
    if not zh or zh == en:
        return _e(en), en
    return f'{_e(en)}<br><span lang="zh">{_e(zh)}</span>', f"{en} / {zh}"


def _ledger_link(anchor: str, text: str | None = None) -> str:
    return f'<a href="#{_e(anchor)}"><code>{_e(text or anchor)}</code></a>'


def _findings_frame(ctx: Context) -> pd.DataFrame | None:
    f = getattr(ctx, "findings", None)
    if f is None or not isinstance(f, pd.DataFrame):
        return None
    return f[f["study"] == ctx.study.id] if "study" in f.columns else f


def findings(ctx: Context) -> Block:
    """The findings: counts by category and severity, those that change a conclusion first, each linked to its ledger rows.

    Uses ``ctx.findings`` (columns ``study, finding, category, severity,
    changes_conclusion, location, checks, summary_en, summary_zh``; ``checks``
    is a ``;``-separated list of ledger ``check_id``). Without a findings table,
    the numbers that do not reproduce are listed from the ledger.
    """
    lang = ctx.lang
    f = _findings_frame(ctx)
    head = f'<h2 id="findings">{_e(_say("findings", lang))}</h2>'
    md_head = f"## {_say('findings', lang)}"
    if ctx.ledger.empty and (f is None or f.empty):
        return Block(head, md_head) + _sentences("nothing_checked", lang)
    if f is None:
        return Block(head, md_head) + _sentences("no_findings_table", lang) + _not_reproduced(ctx)
    if f.empty:
        return Block(head, md_head) + _sentences("none_bad", lang)
    anchor_of = dict(zip(ctx.ledger["check_id"], anchors(ctx.ledger))) if not ctx.ledger.empty else {}
    sev = [s for s in sorted(Severity, key=lambda s: -s.rank)]
    cats = [c for c in Category if c.value in set(f["category"])]
    grid = []
    for c in cats:
        sub = f[f["category"] == c.value]
        grid.append([_e(c.label(lang))] + [str(int((sub["severity"] == s.value).sum()) or "") for s in sev]
                    + [str(len(sub))])
    grid.append([f"<b>{_e(_say('total', lang))}</b>"] + [str(int((f["severity"] == s.value).sum()))
                                                          for s in sev] + [str(len(f))])
    hdr = [_say("category", lang)] + [s.label(lang) for s in sev] + [_say("total", lang)]
    order = f.assign(cc_=f["changes_conclusion"].astype(str).str.lower().isin(["true", "1"]),
                     sr_=f["severity"].map(lambda s: Severity(s).rank))
    order = order.sort_values(["cc_", "sr_", "finding"], ascending=[False, False, True], kind="stable")
    rows, rows_md, ids = [], [], []
    for r in order.itertuples():
        links = []
        for cid in [c.strip() for c in str(r.checks).split(";") if c.strip()]:
            a = anchor_of.get(cid, cid if ":" in cid else f"{ctx.study.id}:{cid}")
            links.append(_ledger_link(a))
        text = " / ".join(str(getattr(r, f"summary_{lg}")) for lg in _langs(lang))
        where = " / ".join(str(getattr(r, "location_zh" if lg == "zh" else "location", "") or r.location)
                           for lg in _langs(lang))
        sev_l = Severity(r.severity).label(lang)
        mark = "✗! " if r.cc_ else ""
        rows.append([f"<b>{_e(r.finding)}</b>", _e(mark + sev_l), _e(Category(r.category).label(lang)),
                     _e(text), _e(where), " ".join(links)])
        rows_md.append([str(r.finding), mark + sev_l, Category(r.category).label(lang), text, where,
                        ", ".join(c.strip() for c in str(r.checks).split(";") if c.strip())])
        ids.append(f"finding-{ctx.study.id}-{r.finding}")
    hdr2 = [_say("finding", lang), _say("severity", lang), _say("category", lang), _say("finding", lang),
            _say("location", lang), _say("checks", lang)]
    hdr2[3] = {"en": "Summary", "zh": "摘要"}.get(lang, "Summary / 摘要")
    first = _sentences("conclusion_first", lang)
    h = head + _table(hdr, grid, "counts") + first.html + _table(hdr2, rows, "findings", ids)
    md = md_head + "\n\n" + _md_table(hdr, grid) + "\n\n" + first.md + "\n\n" + _md_table(hdr2, rows_md)
    return Block(h, md)


def _not_reproduced(ctx: Context) -> Block:
    lang = ctx.lang
    nums = numbers(ctx.ledger)
    if nums.empty:
        return _sentences("none_bad", lang)
    bad = nums[nums["verdict"].map(lambda v: Verdict(v).is_inconsistent or v == "consistent_if_rounding")]
    if bad.empty:
        return _sentences("none_bad", lang)
    bad = bad.assign(_r=bad["verdict"].map(lambda v: -Verdict(v).rank)).sort_values("_r", kind="stable")
    hdr = [_say("c_verdict", lang), _say("c_place", lang), _say("c_quantity", lang), _say("c_number", lang),
           _say("c_note", lang), _say("c_check_id", lang)]
    rows, rows_md = [], []
    for r in bad.itertuples():
        led_rows = ctx.ledger[ctx.ledger["ref"] == r.ref]
        pair = _shown_pair(r.reported, r.recomputed, r.check_id, r.verdict, _rule(ctx), lang)
        diag = narrative.diagnosis(" ; ".join(led_rows["note"]))
        note_h, note_m = _bi(narrative.note, diag, lang=lang)
        place_h, place_m = _bi(narrative.place, r.table, r.row, r.column, lang=lang)
        q_h, q_m = _bi(narrative.quantity, r.quantity, lang=lang)
        rows.append([verdict_badge(r.verdict, lang), place_h, q_h, f"<b>{_e(pair)}</b>", note_h,
                     _ledger_link(r.anchor)])
        rows_md.append([_verdict_md(r.verdict, lang), place_m, q_m, pair, note_m, r.anchor])
    cond = _sentences("conclusion_first", lang)
    return Block(f'<h3>{_e(_say("not_reproduced", lang))}</h3>' + cond.html + _table(hdr, rows, "findings"),
                 f"### {_say('not_reproduced', lang)}\n\n{cond.md}\n\n" + _md_table(hdr, rows_md))


def overview(ctx: Context) -> Block:
    """Header, summary and findings: what a reviewer reads first."""
    return header(ctx) + summary(ctx) + findings(ctx)


def _cell_verdicts(res: Resource, led: pd.DataFrame) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for ref, verdict in zip(led["ref"], led["verdict"]):
        if ref.count(":") != 2:  # a claim of the text, or a count of rows: no single cell
            continue
        short, key, name = ref.split(":")
        if short == res.short and SEVERITY[verdict] >= SEVERITY.get(out.get((key, name), "consistent"), 0):
            out[(key, name)] = verdict
    return out


def recomputed_frame(res: Resource, led: pd.DataFrame, rule: str = "half_up") -> pd.DataFrame:
    """The resource in its printed shape with each derivable cell recomputed, rounded under ``rule``
    (the ``rounding`` parameter of the run).

    A cell checked more than once shows its first check (the one from the
    table's own inputs); cells that are not derivable keep their printed text.
    """
    frame = res.frame.copy()
    rows = led[led["ref"].str.startswith(res.short + ":")]
    seen: set[str] = set()
    for r in rows.itertuples():
        if r.ref in seen or r.recomputed == "":
            continue
        seen.add(r.ref)
        _, key, name = r.ref.split(":")
        i = frame.index[frame[res.key] == key][0]
        frame.loc[i, name] = _format_recomputed(r.reported, r.recomputed, r.check_id, rule)
    return frame


def html_table(df: pd.DataFrame, uid: str, css: pd.DataFrame | None = None, fmt: str | None = None) -> str:
    """A data frame as a left-aligned table with a fixed id (deterministic HTML), in a scrolling box.

    ``css`` gives a style per cell (same shape as ``df``); ``fmt`` formats the float columns.
    """
    sty = (df.style.hide(axis="index").set_uuid(uid).set_properties(**{"text-align": "left"})
           .set_table_styles([{"selector": "th", "props": [("text-align", "left")]}]))
    if css is not None:
        sty = sty.apply(lambda _: css, axis=None)
    floats = [c for c in df.columns if pd.api.types.is_float_dtype(df[c])]
    if fmt and floats:
        sty = sty.format({c: fmt for c in floats}, na_rep="undefined")
    return f'<div class="scroll">{sty.to_html()}</div>'


def _columns(res: Resource, lang: str) -> list[tuple[str, str, str]]:
    """``(column shown, header, lang of the values)`` for a resource in ``lang``.

    A column ``x`` with a Chinese counterpart ``x_zh`` shows ``x_zh`` in a
    Chinese page and ``x`` in an English one; in ``both`` each is shown.
    """
    names = list(res.frame.columns)
    titles = {f["name"]: f for f in res.fields}
    out = []
    for c in names:
        if c.endswith("_zh") and c[:-3] in names:
            if lang == "zh":
                continue
            if lang == "en":
                continue
        if lang == "zh" and f"{c}_zh" in names:
            out.append((f"{c}_zh", titles[c].get("title_zh", c) if c in titles else c, "zh"))
            continue
        f = titles.get(c, {"title": c})
        head = {"en": f.get("title", c), "zh": f.get("title_zh", f.get("title", c))}.get(
            lang, f"{f.get('title', c)} / {f.get('title_zh', '')}".rstrip(" /"))
        out.append((c, head, "zh" if c.endswith("_zh") else "en"))
    return out


_VALUE_ZH = {"up": "上升", "down": "下降", "lead": "牵头单位", "member": "成员单位", "yes": "是", "no": "否"}


def _sig(x: float) -> str:
    """A re-analysis estimate for reading: 3 significant digits, whole numbers from 100 on, never an exponent.

    >>> _sig(-1088.4), _sig(0.23398), _sig(0.000012)
    ('-1088', '0.234', '0.000012')
    """
    if x != x:
        return ""
    if abs(x) >= 100:
        return f"{x:.0f}"
    if x != 0 and abs(x) < 0.001:
        return f"{x:.8f}".rstrip("0")
    return f"{x:.3g}"


def _resource_table(ctx: Context, res: Resource) -> Block:
    lang, led = ctx.lang, ctx.ledger
    nums = numbers(led[led["ref"].str.startswith(res.short + ":")]) if not led.empty else led
    by_cell = {tuple(r.ref.split(":")[1:]): r for r in nums.itertuples()} if not nums.empty else {}
    cols = _columns(res, lang)
    numeric = {f["name"] for f in res.fields if f.get("type") in ("number", "integer") or f.get("role") == "value"}
    rows, rows_md, cls = [], [], []
    for _, rec in res.frame.iterrows():
        key = rec[res.key]
        cells, cells_md, cc = [], [], []
        for c, _, vlang in cols:
            text = str(rec[c])
            r = by_cell.get((key, c))
            if r is not None:
                pair = _shown_pair(r.reported, r.recomputed, r.check_id, r.verdict, _rule(ctx))
                sym = Verdict(r.verdict).symbol
                cells.append(f'<a class="cellref" href="#{_e(r.anchor)}" title="{_e(Verdict(r.verdict).label(lang))}">'
                             f"{sym} {_e(pair)}</a>")
                cells_md.append(f"{sym} {pair}")
                cc.append(f"v-{r.verdict}")
            else:
                if lang == "zh" and text in _VALUE_ZH:
                    text = _VALUE_ZH[text]
                lang_attr = ' lang="en"' if (lang == "zh" and vlang == "en" and c not in numeric
                                             and re.search(r"[A-Za-z]{2}", text)) else ""
                cells.append(f"<span{lang_attr}>{_e(text)}</span>" if lang_attr else _e(text))
                cells_md.append(text)
                cc.append("")
        rows.append(cells)
        rows_md.append(cells_md)
        cls.append(cc)
    hdr = [h for _, h, _ in cols]
    return Block(_table([_e(h) for h in hdr], rows, "data", cell_cls=cls), _md_table(hdr, rows_md))


def reproduction(ctx: Context) -> Block:
    """Every printed table, checked numbers marked in place (symbol, printed → recomputed), and a paragraph each."""
    lang = ctx.lang
    out = Block(f'<h2 id="tables">{_e(_say("tables", lang))}</h2>', f"## {_say('tables', lang)}") + _legend(lang)
    by_table: dict[str, list[Resource]] = {}
    for res in ctx.study.resources.values():
        by_table.setdefault(res.table, []).append(res)
    for table in ctx.study.tables:
        name = narrative.table_name(table, lang)
        tid = "table-" + re.sub(r"[^A-Za-z0-9]+", "-", table).strip("-").lower()
        out += Block(f'<h3 id="{tid}">{_e(name)}</h3>', f"### {name}")
        for res in by_table.get(table, []):
            cap = {"en": res.descriptor["title"], "zh": res.descriptor.get("title_zh", res.descriptor["title"])}.get(
                lang, f"{res.descriptor['title']} / {res.descriptor.get('title_zh', '')}")
            rel = paths.relative(paths.DATA / res.descriptor["path"])
            out += Block(f'<h4>{_e(cap)}</h4><p class="src">{_e(_say("transcribed", lang))}: '
                         f'<a href="../{_e(rel)}"><code>{_e(rel)}</code></a></p>',
                         f"#### {cap}\n\n{_say('transcribed', lang)}: `{rel}`")
            out += _resource_table(ctx, res)
        ph, pm = _paras(narrative.table_paragraph(ctx.ledger, table, lg) for lg in _langs(lang))
        out += Block(ph, pm)
    if not ctx.derived.empty:
        out += Block(f'<h3 id="derived">{_e(_say("derived", lang))}</h3>', f"### {_say('derived', lang)}")
        out += _sentences("derived_note", lang)
        out += _derived_table(ctx)
    return out


_DERIVED_COLS = [("table", "c_table"), ("label", "c_label"), ("quantity", "c_quantity"), ("value", "c_value"),
                 ("low", "c_low"), ("high", "c_high"), ("formula", "c_formula"), ("inputs", "c_inputs"),
                 ("note", "c_note")]


def _derived_table(ctx: Context) -> Block:
    """Derived values: headers in the page's language; formulas and inputs as code; generated English marked."""
    lang = ctx.lang
    cols = [(c, k) for c, k in _DERIVED_COLS if c in ctx.derived.columns]
    hdr = [_say(k, lang) for _, k in cols]
    rows, rows_md = [], []
    for _, r in ctx.derived.iterrows():
        cells, md = [], []
        for c, _ in cols:
            v = str(r[c])
            if c == "table":
                h = _e(narrative.table_name(v, lang))
            elif c in ("formula", "inputs"):
                h = f"<code>{_e(v)}</code>"
            elif c in ("value", "low", "high"):
                try:
                    h = _e(_sig(float(v)))
                except ValueError:
                    h = _e(v)
            elif c == "quantity":
                h, _m = _bi(narrative.quantity, v, lang=lang)
            else:
                h = f'<span lang="en">{_e(v)}</span>' if lang == "zh" and re.search(r"[A-Za-z]{2}", v) else _e(v)
            cells.append(h)
            md.append(v)
        rows.append(cells)
        rows_md.append(md)
    return Block(_table(hdr, rows, "derived"), _md_table(hdr, rows_md))


def reanalysis(ctx: Context) -> Block:
    """Effect sizes with 95% CIs, clearly separate from the reproduction."""
    lang = ctx.lang
    head = Block(f'<h2 id="reanalysis">{_e(_say("reanalysis", lang))}</h2>', f"## {_say('reanalysis', lang)}")
    if ctx.effects.empty:
        return head + _sentences("no_effects", lang)
    hdr = [_say("c_table", lang), _say("c_comparison", lang), _say("c_measure", lang), _say("c_groups", lang),
           _say("c_estimate", lang), _say("c_check_id", lang)]
    anchor_of = dict(zip(ctx.ledger["check_id"], anchors(ctx.ledger))) if not ctx.ledger.empty else {}
    rows, rows_md = [], []
    for r in ctx.effects.itertuples():
        est = f"{_sig(r.estimate)} ({_sig(r.low)} to {_sig(r.high)})" if lang == "en" else \
            f"{_sig(r.estimate)}（{_sig(r.low)} 至 {_sig(r.high)}）" if lang == "zh" else \
            f"{_sig(r.estimate)} ({_sig(r.low)}, {_sig(r.high)})"
        a = anchor_of.get(r.check_id)
        cells = [narrative.table_name(r.table, lang), narrative.comparison(r.comparison, lang),
                 narrative.measure(r.measure, lang), f"{r.second} vs {r.first}" if lang != "zh" else f"{r.second} 对 {r.first}",
                 est]
        rows.append([_e(c) for c in cells] + [_ledger_link(a, r.check_id) if a else f"<code>{_e(r.check_id)}</code>"])
        rows_md.append(cells + [str(r.check_id)])
    return head + _sentences("reanalysis_note", lang) + Block(_table(hdr, rows, "effects"), _md_table(hdr, rows_md))


def img(png: bytes, caption: str, alt: str = "") -> str:
    """A PNG embedded in HTML (self-contained), with a caption (HTML already escaped by the caller if needed)."""
    return (f'<figure><img alt="{_e(alt or re.sub("<[^>]+>", "", caption)[:200])}" '
            f'src="data:image/png;base64,{base64.b64encode(png).decode()}"/>'
            f"<figcaption>{caption if '<' in caption else _e(caption)}</figcaption></figure>")


def _figure(ctx: Context, out: dict, name: str, key: str, func: str, tables: list[str]) -> Block:
    lang = ctx.lang
    rel = paths.relative(paths.FIGURES)
    what = "".join(f'<span lang="{lg}">{_e(t)}</span> ' for lg, t in _localized(key, lang))
    prov = (f'{_e(_say("drawn_by", lang))} <code>analysis.figures.{func}</code> '
            f'{_e(_say("from_tables", lang))} ' + ", ".join(f"<code>{_e(t)}</code>" for t in tables)
            + f'; {_e(_say("files", lang))}: <a href="../{rel}/{name}.svg">SVG</a>, '
              f'<a href="../{rel}/{name}.png">PNG</a>.')
    cap = f'<span class="what">{what.strip()}</span><br><span class="prov">{prov}</span>'
    md_what = " ".join(t for _, t in _localized(key, lang))
    md = (f"![{md_what}](../{rel}/{name}.png)\n\n*{md_what}* {_say('drawn_by', lang)} "
          f"`analysis.figures.{func}` {_say('from_tables', lang)} {', '.join(tables)}.")
    return Block(f'<div id="figure-{_e(name)}">' + img(out["png"], cap, md_what) + "</div>", md)


def _fig_lang(lang: str) -> str:
    """Figures are drawn in Chinese for a Chinese page, in English otherwise (``both`` keeps one figure)."""
    return "zh" if lang == "zh" else "en"


def figures_section(ctx: Context) -> Block:
    """Write the study's figures (PNG and SVG) and show them with captions that state their provenance."""
    sid, lang = ctx.study.id, ctx.lang
    out = Block(f'<h2 id="figures">{_e(_say("figures", lang))}</h2>', f"## {_say('figures', lang)}")
    shown = False
    if (ctx.ledger["kind"] != "claim").any():  # claims of the text are true or false: no ratio to draw
        f = figures.save(figures.ledger_figure(ctx.ledger, sid, lang=_fig_lang(lang)), f"{sid}_ledger")
        out += _figure(ctx, f, f"{sid}_ledger", "fig_ledger", "ledger_figure", [LEDGER_PATH])
        shown = True
    for res in ctx.study.resources.values():
        if res.kind == "outcomes":
            name = f"{sid}_{res.short}"
            f = figures.save(figures.outcomes_figure(res.frame, sid), name)
            out += _figure(ctx, f, name, "fig_outcomes", "outcomes_figure", [res.descriptor["path"]])
            shown = True
    if not ctx.effects.empty:
        f = figures.save(figures.effects_figure(ctx.effects, sid, lang=_fig_lang(lang)), f"{sid}_effects")
        out += _figure(ctx, f, f"{sid}_effects", "fig_effects", "effects_figure", [f"tables/{sid}/reanalysis.csv"])
        shown = True
    if not shown:
        out += _sentences("no_figures", lang)
    return out


def _source_link(source: str) -> str:
    file, _, line = str(source).rpartition(":")
    if not file:
        return _e(source)
    return f'<a href="../{_e(file)}"><code>{_e(file)}</code></a>:{_e(line)}'


def ledger(ctx: Context) -> Block:
    """The study's rows of the consistency ledger, each with its anchor (``check_id``) and its transcription."""
    lang = ctx.lang
    head = Block(f'<h2 id="ledger">{_e(_say("ledger", lang))}</h2>', f"## {_say('ledger', lang)}")
    intro = Block(f'<p>{_e(_say("ledger_note", lang))} <a href="../{LEDGER_PATH}"><code>{LEDGER_PATH}</code></a>.</p>',
                 f"{_say('ledger_note', lang)} `{LEDGER_PATH}`.")
    if ctx.ledger.empty:
        return head + intro
    keys = ["c_check_id", "c_verdict", "c_place", "c_quantity", "c_printed", "c_recomputed", "c_range", "c_rule",
            "c_note", "c_source"]
    hdr = [_say(k, lang) for k in keys]
    rows, rows_md, ids, cls = [], [], [], []
    for a, r in zip(anchors(ctx.ledger), ctx.ledger.itertuples()):
        d = _decimals(r.reported)
        is_p = _is_p(r.check_id)
        rec = _trim(format_number(r.recomputed, d + (0 if is_p else 2), is_p), d)
        lo, hi = _trim(format_number(r.low, d + 2, is_p), d), _trim(format_number(r.high, d + 2, is_p), d)
        rng = "" if lo == hi else f"{lo} – {hi}"
        place_h, place_m = _bi(narrative.place, r.table, r.row, r.column, lang=lang)
        q_h, q_m = _bi(narrative.quantity, r.quantity, lang=lang)
        note_h, note_m = _bi(narrative.note, r.note, lang=lang)
        rule_h, rule_m = _bi(narrative.word, r.rule, lang=lang)
        rows.append([f'<a href="#{_e(a)}"><code>{_e(a)}</code></a>', verdict_badge(r.verdict, lang), place_h,
                     q_h, _e(narrative.value(r.reported, lang)), _e(narrative.value(rec, lang)), _e(rng), rule_h,
                     note_h, _source_link(r.source)])
        rows_md.append([a, _verdict_md(r.verdict, lang), place_m, q_m, narrative.value(r.reported, lang),
                        narrative.value(rec, lang), rng, rule_m, note_m, r.source])
        ids.append(a)
        cls.append([""] * 10)
    return head + intro + Block(_table(hdr, rows, "ledger", ids, cls), _md_table(hdr, rows_md))


def page(ctx: Context) -> Block:
    """Every section of a study report, in reading order (what the notebook shows, cell by cell)."""
    return (overview(ctx) + reproduction(ctx) + reanalysis(ctx) + figures_section(ctx) + ledger(ctx))


def paragraphs(text: str) -> str:
    """Plain text (paragraphs separated by a blank line) as HTML paragraphs."""
    return "".join(f"<p>{html.escape(par)}</p>" for par in text.split("\n\n"))
