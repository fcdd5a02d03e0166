"""The HTML a reviewer reads: parsed, and failed on anything a reviewer would trip over.

Every page of the site under ``reports/`` (and a Chinese rendering of every study built here) is checked for:
a shown code cell, a missing or duplicated title, a link, anchor, script or style sheet that does not resolve or
is fetched from elsewhere, an absolute path, a verdict without its symbol, Chinese text not marked
``lang="zh"``, program text shown as prose (a snake_case identifier or True/False outside code), a program
identifier shown anywhere, even as code (a check's id, a finding's id, a kind of check, a verdict's code, a
parameter's name: they may only be anchors and link targets), and English in a Chinese page outside proper
names, units and identifiers.
"""
from __future__ import annotations

import functools
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest

from analysis.core.config import current, use
from analysis.core.vocab import Verdict
from analysis.report import pages
from analysis.report import study as report
from analysis.results.coverage import anchors, study_counts

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
CJK = re.compile(r"[\u3400-\u9fff]")

# Words allowed in a Chinese page: proper names of tests and people, units, formats, Latin abbreviations.
PROPER = {"student", "welch", "pearson", "fisher", "yates", "grim", "hedges", "ci", "svg", "png", "csv", "sha",
          "mit", "cc", "by", "doi", "ct", "copd", "dip", "drg", "pco", "p", "t", "df", "x2", "vs", "ipynb", "html", "utf", "b", "a", "g", "n",
          "x"}  # x: the Qingpu group's own name for its structure, "1+X+12"


@functools.lru_cache(maxsize=None)
def program_ids() -> frozenset[str]:
    """The program's identifiers a reader must never see as text: every check id of the ledger (with its study,
    without it, without its part), every finding id, every kind of check, every verdict code and the cross-city
    criterion's parameters (those with an underscore: a plain word like ``growth`` may be prose)."""
    import tomllib
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False)
    ids = set()
    for cid in led["check_id"]:
        short = cid.split(":", 1)[-1]
        ids |= {cid, short, short.split(".", 1)[0]}
    fnd = current().tables / "findings.csv"
    if fnd.exists():
        ids |= set(pd.read_csv(fnd, dtype=str, keep_default_na=False)["finding"])
    trail = tomllib.loads((Path(__file__).parents[2] / "src/analysis/text/messages/trail.toml").read_text("utf-8"))
    ids |= set(trail["trail"]["kind"]) | {v.value for v in Verdict}
    ids |= {"max_zero_share", "min_cophenetic", "min_stability"}
    return frozenset(i for i in ids if "_" in i)


_TOKEN = re.compile(r"[A-Za-z0-9_]+(?:[.:][A-Za-z0-9_]+)*")


class Page(HTMLParser):
    """What the checks need from a page: titles, ids, links, resources, verdicts and visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.titles, self.h1, self.ids, self.links, self.resources = [], [], [], [], []
        self.verdicts: list[tuple[str, str]] = []  # (verdict class, text)
        self.text: list[str] = []  # visible text outside code, cite and explicitly English elements
        self.unmarked: list[str] = []  # Chinese text outside any element of lang="zh"
        self.program: list[str] = []  # snake_case identifiers and True/False shown as prose
        self.shown_ids: list[str] = []  # the program's identifiers shown as text, even as code
        self._buf: dict[int, list[str]] = {}
        self.classes: list[str] = []
        self.html_lang = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if tag not in VOID:
            self.stack.append((tag, a))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img", "iframe") and a.get("src"):
            self.resources.append((tag, a["src"]))
        if tag == "link" and "href" in a:
            self.resources.append((tag, a["href"]))
        self.classes.extend((a.get("class") or "").split())
        cls = a.get("class") or ""
        m = re.search(r"\bv-(\w+)", cls)
        if m and tag in ("span", "td"):
            self._buf[len(self.stack)] = [m.group(1)]
        if tag == "title" or (tag == "h1" and self._in_article()):
            self._buf[-len(self.stack)] = [tag]

    def _in_article(self) -> bool:
        """Inside the page's own text: the site's article, or the ``<main>`` of a page without the site's frame."""
        return any("bd-article" in (a.get("class") or "") if t == "article" else t == "main" and not a.get("class")
                   or "bd-search-container" in (a.get("class") or "") for t, a in self.stack)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        depth = len(self.stack)
        if depth in self._buf:
            v, *txt = self._buf.pop(depth)
            self.verdicts.append((v, "".join(txt).strip()))
        if -depth in self._buf:
            kind, *txt = self._buf.pop(-depth)
            (self.titles if kind == "title" else self.h1).append(" ".join("".join(txt).split()))
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for k in self._buf:
            self._buf[k].append(data)
        tags = [t for t, _ in self.stack]
        if "style" in tags or "script" in tags or "title" in tags:
            if "style" in tags and re.search(r"url\(|@import", data):
                self.resources.append(("style", data))
            return
        lang = next((a["lang"] for _, a in reversed(self.stack) if a.get("lang")), self.html_lang)
        if CJK.search(data) and not lang.startswith("zh"):
            self.unmarked.append(data.strip()[:60])
        self.shown_ids += [t for t in _TOKEN.findall(data) if t in program_ids()]
        if any(t in ("code", "cite", "pre", "kbd") for t in tags):
            return
        self.program += re.findall(r"(?<![\w./:#-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/.:-])|\b(?:True|False)\b", data)
        if lang == "en":
            return
        self.text.append(data)


def parse(text: str) -> Page:
    p = Page()
    p.feed(text)
    return p


@functools.lru_cache(maxsize=None)
def _ids(page: Path) -> frozenset[str]:
    """The ids of a page a link points into (parsed once: a report links to its trails page from every row)."""
    return frozenset(parse(page.read_text(encoding="utf-8")).ids)


def _pages() -> list[Path]:
    return sorted(current().reports.glob("*.html"))


def _problems(path: Path, text: str, lang: str | None = None) -> list[str]:
    """Every problem of one page, as messages naming the page."""
    p, bad = parse(text), []
    name = current().relative(path)
    if len(p.titles) != 1 or not p.titles[0]:
        bad.append(f"{name}: {len(p.titles)} <title>")
    if len(p.h1) != 1:
        bad.append(f"{name}: {len(p.h1)} <h1> in the article")
    elif p.titles and not p.titles[0].startswith(p.h1[0]):
        bad.append(f"{name}: title {p.titles[0]!r} does not start with the page's heading {p.h1[0]!r}")
    dup = sorted({i for i in p.ids if p.ids.count(i) > 1})
    if dup:
        bad.append(f"{name}: duplicated ids {dup[:5]}")
    for cls in ("jp-InputArea", "input_area", "cell_input", "jp-CodeCell", "highlight-ipython3"):
        if cls in p.classes:
            bad.append(f"{name}: a code cell is shown ({cls})")
    if re.search(r"\breport\.open_study\(|\bfrom analysis import\b|study: str = ", text):
        bad.append(f"{name}: notebook code in the page")
    for tag, src in p.resources:
        if tag == "img" and src.startswith("data:"):
            continue
        if re.search(r"(https?:)?//", src) or tag == "style":
            bad.append(f"{name}: resource fetched from elsewhere {tag} {src[:60]!r}")
        elif not (path.parent / unquote(urlsplit(src).path)).exists():
            bad.append(f"{name}: resource {tag} {src!r} does not resolve")
    if re.search(r"(/work/|/home/|/root/|/tmp/|file://|[A-Z]:\\\\)", text):
        bad.append(f"{name}: absolute path")
    ids = set(p.ids)
    for href in p.links:
        u = urlsplit(href)
        if u.scheme in ("http", "https", "mailto"):
            continue
        if u.scheme or href.startswith("/"):
            bad.append(f"{name}: absolute link {href!r}")
            continue
        if not u.path:
            if u.fragment and unquote(u.fragment) not in ids:
                bad.append(f"{name}: anchor #{u.fragment} does not resolve")
            continue
        target = (path.parent / unquote(u.path)).resolve()
        if not target.exists():
            bad.append(f"{name}: link {href!r} does not resolve")
        elif u.fragment and target.suffix == ".html":
            if unquote(u.fragment) not in _ids(target):
                bad.append(f"{name}: anchor {href!r} does not resolve")
    for v, txt in p.verdicts:
        try:
            sym = Verdict(v).symbol
        except ValueError:
            continue
        if not txt.startswith(sym):
            bad.append(f"{name}: verdict {v} shown without its symbol {sym}: {txt[:40]!r}")
    if p.unmarked:
        bad.append(f"{name}: {len(p.unmarked)} runs of Chinese without lang=\"zh\": {p.unmarked[:3]}")
    if p.program:
        bad.append(f"{name}: program text shown as prose: {sorted(set(p.program))[:10]}")
    if p.shown_ids:
        bad.append(f"{name}: program identifiers shown: {sorted(set(p.shown_ids))[:10]}")
    if lang == "zh":
        words = set()
        for chunk in p.text:
            chunk = re.sub(r"\S*\w[/_.]\w\S*", " ", chunk)  # paths, file names and identifiers
            for w in re.findall(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]", chunk):
                if w.lower() not in PROPER:
                    words.add(w)
        if words:
            bad.append(f"{name}: English in a Chinese page: {sorted(words)[:15]}")
    return bad


def template_body(ctx) -> str:
    """A study page's body as the site shows it, without a kernel: the template's cells in order, each heading
    from the catalogue in the page's language (:func:`analysis.build.site.heading_text`), each section's HTML."""
    import json
    from analysis.build.site import heading_text, page_titles
    nb = json.loads((current().notebooks / "study.ipynb").read_text(encoding="utf-8"))
    parts = [f"<h1>{page_titles()[ctx.study.id][ctx.lang]}</h1>"]
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["metadata"].get("message"):
            parts.append(f"<h2>{heading_text(cell['metadata']['message'], ctx.lang)}</h2>")
        m = re.fullmatch(r"report\.(\w+)\(ctx\)", src.strip())
        if m:
            parts.append(getattr(report, m.group(1))(ctx).html)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def zh_pages(tmp_path_factory):
    """Every study rendered in Chinese, figures written to a temporary folder."""
    from analysis.build.runs import study_parameters
    from analysis.build.site import mark_languages
    from analysis.data.datapackage import study_ids
    out = {}
    figures = tmp_path_factory.mktemp("figures")
    with use(replace(current(), figures=figures)):
        for sid in study_ids():
            ctx = report.open_study(**{**study_parameters(sid), "lang": "zh"})
            here = current().reports / f"{sid}.html"
            out[sid] = (here, mark_languages(pages.page(template_body(ctx), here, "zh")))
    return out


def _ctx(findings: pd.DataFrame | None, lang: str = "en"):
    from analysis.text.catalogue import Msg, Text
    decision = Msg.of("note.decision_differs")
    ledger = pd.DataFrame({
        "study": ["s"] * 3, "check_id": ["s:a.statistic", "s:a.p", "s:b"], "ref": ["t:1:x", "t:1:p", "t:2:x"],
        "verdict": ["inconsistent_conclusion", "inconsistent", "consistent"], "table": ["Table 1"] * 3,
        "row": ["r1", "r1", "r2"], "column": ["c", "p", "c"], "quantity": ["t (Student t)", "p implied by the printed t (df=9)",
                                                                              "share (%)"],
        "reported": ["1.33", "0.185", "5.0"], "recomputed": ["3.16", "0.00164", "5.0"], "note": ["", "", ""],
        "label": ["age", "age", "x"],
        # the facts the report reads (analysis.results.ledger.FACT_COLUMNS)
        "table_text": [Text("Table 1", "表1")] * 3, "column_text": [Text(c, c) for c in ("年龄", "P", "年龄")],
        "label_text": [Text(x) for x in ("age", "age", "x")], "section": [None] * 3, "place": ["cell"] * 3,
        "quantity_msg": [Msg.of("quantity.t", method=Msg.of("method.student")), Msg.of("quantity.p_implied_t", df="9"),
                         Msg.of("quantity.share")],
        "diagnoses": [(decision,), (), ()], "is_p": [False, True, False], "part": ["statistic", "p_implied", ""],
        "printed": ["1.33", "0.185", "5.0"], "holds": [None] * 3})
    return SimpleNamespace(study=SimpleNamespace(id="s"), lang=lang, ledger=ledger, findings=findings)


FINDINGS = pd.DataFrame({
    "study": ["s", "s", "s"], "finding": ["F2", "F1", "F3"],
    "category": ["typographical_error", "inconsistent_test", "reporting_convention"],
    "severity": ["minor", "changes_conclusion", "note"], "changes_conclusion": ["false", "true", "false"],
    "location": ["Table 1, r2", "Table 1, r1", "Table 1"], "checks": ["s:b", "s:a.statistic;s:a.p", ""],
    "summary_en": ["a digit slip", "the t test does not follow from the means", "p printed as <0.001"],
    "summary_zh": ["数字笔误", "t 检验与均数不符", "P 值印为 <0.001"]})


def test_every_page_exists_and_the_index_links_every_report():
    from analysis.build.site import site_documents
    names = {p.stem for p in _pages()}
    assert {"index", "cross_city", "glossary", "search"} <= names
    index = parse((current().reports / "index.html").read_text(encoding="utf-8"))
    for stem, _ in site_documents():
        assert f"{stem}.html" in index.links, stem


@pytest.mark.parametrize("path", _pages(), ids=lambda p: p.name)
def test_committed_page_has_no_problem(path):
    text = path.read_text(encoding="utf-8")
    assert _problems(path, text) == []
    links = parse(text).links
    for other in {"index", "glossary"} - {path.stem}:
        assert f"{other}.html" in links, f"every page links to the index and the glossary: {other}"


def test_titles_are_distinct():
    titles = [parse(p.read_text(encoding="utf-8")).titles[0] for p in _pages()]
    assert len(set(titles)) == len(titles), titles


def test_every_checked_number_is_anchored_in_its_report():
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False)
    for sid, rows in led.groupby("study"):
        page = parse((current().reports / f"{sid}.html").read_text(encoding="utf-8"))
        missing = set(anchors(rows.reset_index(drop=True))) - set(page.ids)
        assert not missing, (sid, sorted(missing)[:5])


def test_executed_notebooks_read_on_github():
    """Every displayed section of a study notebook carries Markdown, not only HTML."""
    import nbformat
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False)
    for sid in sorted(set(led["study"])):
        nb = nbformat.read(current().reports / f"{sid}.ipynb", as_version=4)
        shown = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
                 if o.get("output_type") in ("execute_result", "display_data")]
        assert shown, sid
        for o in shown:
            assert "text/markdown" in o["data"], (sid, list(o["data"]))
            assert "IPython.core.display" not in o["data"].get("text/plain", "")


def test_chinese_pages_are_chinese(zh_pages):
    problems = []
    for here, text in zh_pages.values():
        problems += [m for m in _problems(here, text, "zh") if "does not resolve" not in m or "#" in m]
    assert problems == []


def test_chinese_page_is_declared_chinese(zh_pages):
    here, text = zh_pages["zigong_hf_alliance"]
    assert '<html lang="zh-Hans">' in text and "<h2>核查台账：全部核查</h2>" in text and "<h2>发现</h2>" in text


def test_counts_agree_between_report_and_index():
    """One definition: the numbers the index prints are those the report prints."""
    from analysis.build.runs import study_parameters
    ctx = report.open_study(**study_parameters("zigong_hf_alliance"))
    c = study_counts(ctx.study, ctx.ledger)
    assert c["printed"] == c["checkable"] + c["inputs_only"] + c["standalone"]
    cells = ctx.ledger["ref"][ctx.ledger["ref"].str.count(":") == 2]  # claims of the text have no cell
    assert c["checkable"] == cells.nunique() <= c["checks"] == len(cells)  # checks of numbers; claims apart
    assert sum(c[v.value] for v in Verdict) == c["checkable"]
    index = (current().reports / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<tr><td[^>]*>[^<]*Zigong.*?</tr>", index, re.S).group(0)
    shown = [int(n) for n in re.findall(r'<td data-label="[^"]*">(\d+)</td>', row)]
    assert shown == [c["printed"], c["checkable"], c["checks"]]
    assert f">{c['claims']} (+{c['restatements']} restatements) · " in row
    page = (current().reports / "zigong_hf_alliance.html").read_text(encoding="utf-8")
    assert f"Of the {c['checkable']} printed numbers" in page


def test_input_cells_and_notebook_only_text_never_reach_the_page():
    """The site hides every code cell (a test above fails on one) and drops the template's text for those who
    run the notebook (its first cell, tagged notebook-only and remove-cell)."""
    import json
    first = json.loads((current().notebooks / "study.ipynb").read_text(encoding="utf-8"))["cells"][0]
    assert {"notebook-only", "remove-cell"} <= set(first["metadata"]["tags"])
    text = "".join(first["source"]).split("\n")[2][:40]
    for p in _pages():
        assert text not in p.read_text(encoding="utf-8"), p.name


def test_a_bad_page_is_caught(tmp_path):
    """The checks themselves fail on what they are meant to catch."""
    here = tmp_path / "bad.html"
    bad = ('<html><head><title>A</title><script src="https://cdn.example/x.js"></script></head><body>'
           '<h1>B</h1><a href="#nowhere">x</a><a href="missing.html">y</a><span class="v v-inconsistent">'
           'does not reproduce</span><div class="jp-InputArea"></div><p>/work/x</p></body></html>')
    bad = bad.replace("<h1>B</h1>", "<main><h1>B</h1></main><p>数字 check_id True</p>"
                      "<p><code>zigong_hf_alliance:t1_age_t.p</code> <code>t_from_summaries</code></p>")
    msgs = " | ".join(_problems(here, bad, "zh"))
    for expected in ("does not start with the page's heading", "elsewhere", "#nowhere", "missing.html",
                     "without its symbol", "code cell", "absolute path", "English in a Chinese page",
                     "without lang=", "program text shown as prose: ['True', 'check_id']",
                     "program identifiers shown: ['t_from_summaries', 'zigong_hf_alliance:t1_age_t.p']"):
        assert expected in msgs, expected


def test_findings_lead_with_those_that_change_a_conclusion():
    b = report.findings(_ctx(FINDINGS))
    h = b.html
    assert h.index("F1") < h.index("F2") < h.index("F3")
    assert 'href="#s:a.statistic"' in h and 'href="#s:a.p"' in h and 'href="#s:b"' in h
    assert "inconsistent test" in h and "changes a conclusion" in h
    counts = re.search(r"<table class=\"counts cards\">.*?</table>", h, re.S).group(0)
    assert counts.count("<tr>") == 1 + 3 + 1  # header, three categories, total
    assert b.md.index("| Finding 1 |") < b.md.index("| Finding 2 |") and "<" not in b.md.split("\n")[2]


def test_findings_in_chinese_and_without_a_findings_table():
    zh = report.findings(_ctx(FINDINGS, "zh")).html
    assert "检验结果不一致" in zh and "改变结论" in zh and "the t test" not in zh
    fallback = report.findings(_ctx(None)).html
    assert "not built yet" in fallback and 'href="#s:a.statistic"' in fallback
    assert "✗!" in fallback and "1.33 → 3.16" in fallback
    assert "Every checked number reproduces." in report.findings(_ctx(FINDINGS.iloc[0:0])).html


def test_a_study_with_nothing_to_check_says_so_rather_than_that_all_reproduces():
    ctx = _ctx(None)
    ctx.ledger = ctx.ledger.iloc[0:0]
    h = report.findings(ctx).html
    assert "no finding" in h and "Every checked number reproduces" not in h


@pytest.mark.parametrize("path", [p for p in _pages() if p.stem not in ("search",)], ids=lambda p: p.name)
def test_every_table_and_figure_is_numbered_and_captioned_and_every_header_has_its_scope(path):
    """Issue 18, accessibility and figures: a caption on every table of the article, ``scope`` on every column
    header, every figure numbered with a caption that names the function that drew it and the table it used; a
    skip link to the page's text; no predicate or cell reference shown anywhere, not even as code."""
    text = path.read_text(encoding="utf-8")
    article = text[text.index('<article class="bd-article">'):text.index("</article>")]
    tables = re.findall(r"<table\b.*?</table>", article, re.S)
    for t in tables:
        assert all(" scope=" in h for h in re.findall(r"<th\b[^>]*>", t)), (path.name, t[:120])  # every header
        if "trail" in t[:40]:  # a trail's table of label and value: captioned with its row, rows headed by label
            assert "<caption>" in t and t.count('<th scope="row">') == t.count("<tr>"), (path.name, t[:120])
            continue
        assert "<caption>" in t and '<span class="num"' in t, (path.name, t[:120])
        heads = re.findall(r"<th\b[^>]*>", t.split("</thead>")[0]) if "<thead>" in t else []
        assert all('scope="col"' in h for h in heads), (path.name, heads[:3])
    for cap in re.findall(r"<figcaption>(.*?)</figcaption>", article, re.S):
        assert cap.startswith('<span class="num" id="figure-') and "<code>analysis." in cap and ".csv</code>" in cap, \
            cap[:200]
    assert 'href="#main-content"' in text and 'id="main-content"' in text  # the theme's skip link
    assert "all([" not in text and not re.search(r"\b[a-z0-9_]+:[a-z0-9_]+:printed_value\b", text)
