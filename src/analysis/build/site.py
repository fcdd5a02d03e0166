"""The reviewer's site: Sphinx with MyST-NB reading the executed notebooks, in the book theme, offline.

:func:`build_site` runs after the kernels have written ``reports/*.ipynb`` and the
standalone pages (``reports/index.html``, ``reports/<study>_trails.html``) into
the build's staging folder. It lays out a Sphinx source folder outside the stage
(``build/site/src``: the executed notebooks, each with its title as front matter,
the standalone pages' bodies as MyST documents, the glossary and the style sheet),
builds it with the configuration :data:`CONF` (no notebook is executed again,
``nb_execution_mode = "off"``) into ``stage/reports/``, and removes what a
reader does not need (source maps, the theme's translation catalogues, Sphinx's
build information and inventory). The pages keep their paths
(``reports/index.html``, ``reports/<study>.html``, ``reports/cross_city.html``);
the theme's files go to ``reports/_static/``.

Reproducible: no build timestamps (``html_last_updated_fmt = None``; the
Makefile sets ``SOURCE_DATE_EPOCH``), a fresh environment every build, and
nothing fetched from the network at build or view time (no launch, repository or
download buttons, no version switcher, no fonts from a CDN: the theme's icons
are its own files).

Every run of Chinese on a page that is not already marked is then marked ``lang="zh"``
(:func:`mark_languages`), whatever wrote it: the theme's navigation, the notebooks' outputs, the
data's labels.

>>> split_cjk("Findings · " + chr(0x53d1) + chr(0x73b0))[0]
('Findings · ', '')
"""
from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

from analysis.core.config import current
from analysis.core.errors import StepFailed

__all__ = ["CONF", "build_site", "split_cjk", "mark_languages", "PRUNE", "body_of", "site_documents", "notebook_params",
           "heading_text", "page_titles", "prepare",
           "build_run_site"]

# Everything a reader needs is in the pages and _static; the rest Sphinx writes is dropped.
PRUNE = (".buildinfo", ".buildinfo.bak", "objects.inv", "_sources", "_static/locales", "genindex.html")

CONF: dict[str, Any] = {
    "project": "",  # the landing page's title, from the catalogue (build_site)
    "copyright": "the compendium authors (code MIT, data and outputs CC BY 4.0)",
    "extensions": ["myst_nb"],
    "root_doc": "index",
    "language": "en",
    "html_theme": "sphinx_book_theme",
    "html_title": "",  # likewise
    "html_last_updated_fmt": None,
    "html_copy_source": False,
    "html_show_sourcelink": False,
    "html_use_index": False,
    "html_domain_indices": False,
    "html_permalinks": False,
    "html_static_path": ["_static"],
    "html_css_files": ["compendium.css"],
    "html_js_files": ["compendium.js"],
    "html_context": {"default_mode": "light"},
    "html_sidebars": {"**": ["navbar-logo.html", "sbt-sidebar-nav.html"]},
    "html_theme_options": {
        "use_download_button": False, "use_fullscreen_button": False, "use_repository_button": False,
        "use_issues_button": False, "use_edit_page_button": False, "use_source_button": False,
        "launch_buttons": {}, "show_toc_level": 2, "home_page_in_toc": True, "navigation_with_keys": False,
        "show_navbar_depth": 1, "max_navbar_depth": 1, "secondary_sidebar_items": ["page-toc"],
        "article_header_start": ["toggle-primary-sidebar"], "footer_content_items": [], "icon_links": [],
        "pygments_light_style": "default", "pygments_dark_style": "default",
    },
    "nb_execution_mode": "off",
    "nb_remove_code_source": True,
    "nb_merge_streams": True,
    "myst_enable_extensions": ["attrs_inline", "attrs_block", "colon_fence"],
    "myst_title_to_header": True,
    "numfig": True,
    "suppress_warnings": ["myst.header", "misc.highlighting_failure", "image.not_readable", "mystnb.unknown_mime_type"],
}

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+(?:[\s·0-9A-Za-z×]*[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+)*(?:[0-9]+(?![0-9A-Za-z]))?")


def split_cjk(text: str) -> list[tuple[str, str]]:
    """``text`` as runs ``(run, lang)``: ``"zh"`` for a run of Chinese, ``""`` for the rest."""
    out, pos = [], 0
    for m in _CJK.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], ""))
        out.append((m.group(0), "zh"))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], ""))
    return out


_TOKEN = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|[^<]+|<", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_RAW = {"script", "style", "title", "textarea"}
_LANG = re.compile(r"""\blang=["']([^"']*)["']""")


def mark_languages(page: str) -> str:
    """``page`` with every run of Chinese that is not already inside an element of ``lang="zh"`` wrapped in
    ``<span lang="zh">``: a screen reader and a browser's fonts then know the language of every text, whatever
    wrote it (the theme's navigation, the notebooks' outputs, the data's labels).

    >>> t = chr(0x8868)  # a Chinese character (the catalogue holds every Chinese word of the package)
    >>> mark_languages(f'<html lang="en"><p>Table 1 / {t}1 <span lang="zh">{t}2</span></p><title>{t}</title></html>')[16:]
    '<p>Table 1 / <span lang="zh">\u88681</span> <span lang="zh">\u88682</span></p><title>\u8868</title></html>'
    """
    out: list[str] = []
    stack: list[tuple[str, str | None]] = []
    for m in _TOKEN.finditer(page):
        tok = m.group(0)
        if m.group(2):  # a tag
            name = m.group(2).lower()
            if m.group(1):
                while stack:
                    if stack.pop()[0] == name:
                        break
            elif name not in _VOID and not tok.endswith("/>"):
                lang = _LANG.search(m.group(3) or "")
                stack.append((name, lang.group(1) if lang else None))
            out.append(tok)
            continue
        if tok.startswith("<") or any(t in _RAW for t, _ in stack) or not _CJK.search(tok):
            out.append(tok)
            continue
        lang = next((lg for _, lg in reversed(stack) if lg is not None), "")
        if lang.startswith("zh"):
            out.append(tok)
            continue
        out.append("".join(f'<span lang="zh">{run}</span>' if lg else run for run, lg in split_cjk(tok)))
    return "".join(out)


_MAIN = re.compile(r"<main>\n(.*)\n</main>", re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>\s*", re.S)


def body_of(page: str) -> tuple[str, str]:
    """``(title, body)`` of a standalone page (:func:`analysis.report.pages.page`): its first heading's text and
    the rest of its ``<main>``.

    >>> body_of('<html><main>\\n<h1 id="top">A &amp; B</h1><p>x</p>\\n</main></html>')
    ('A & B', '<p>x</p>')
    """
    import html as html_mod
    m = _MAIN.search(page)
    if not m:
        raise StepFailed("a standalone page without its <main> body")
    body = m.group(1)
    h = _H1.search(body)
    title = html_mod.unescape(re.sub(r"<[^>]+>", "", h.group(1))).strip() if h else ""
    return title, (body[:h.start()] + body[h.end():]).strip() if h else body.strip()


def _md_page(title: str, body: str, extra: str = "", orphan: bool = False, search: bool = True) -> str:
    meta = (["orphan: true"] if orphan else []) + ([] if search else ["nosearch: true"])
    front = "---\n" + "\n".join(meta) + "\n---\n\n" if meta else ""
    return f"{front}# {title}\n\n{extra}```{{raw}} html\n{body}\n```\n"


def site_documents() -> list[tuple[str, str]]:
    """``(docname, title in the navigation)`` of the pages in the sidebar, in order: the overview, each study,
    the cross-city comparison, the glossary (titles from the data package and the catalogue)."""
    from analysis.data.datapackage import descriptor
    from analysis.text.catalogue import say
    docs = [(s["id"], f'{s.get("short_title", s["title"])} · {s.get("short_title_zh", s.get("title_zh", ""))}')
            for s in descriptor()["studies"]]
    return docs + [("cross_city", say("page.nav_cross_city", "both", sep=" · ")),
                   ("glossary", say("page.nav_glossary", "both", sep=" · "))]


def notebook_params(nb: dict) -> dict[str, Any]:
    """The parameters a report notebook was run with: its parameters cell, then papermill's injected cell.

    >>> notebook_params({"cells": [{"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": 'lang: str = "zh"'}]})
    {'lang': 'zh'}
    """
    import ast
    out: dict[str, Any] = {}
    for tag in ("parameters", "injected-parameters"):
        for cell in nb.get("cells", []):
            if cell.get("cell_type") == "code" and tag in cell.get("metadata", {}).get("tags", []):
                src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                for node in ast.parse(src).body:
                    target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
                    if getattr(target, "id", None) and getattr(node, "value", None) is not None:
                        try:
                            out[target.id] = ast.literal_eval(node.value)
                        except ValueError:
                            pass
    return out


def heading_text(message: str, lang: str) -> str:
    """A section heading in the page's language (both: English · Chinese), from the catalogue.

    >>> heading_text("heading.findings", "en"), heading_text("heading.findings", "both").startswith("Findings · ")
    ('Findings', True)
    """
    from analysis.text.catalogue import say
    return say(message, lang, sep=" · ")


def page_titles() -> dict[str, dict[str, str]]:
    """Each report's title by language (``en``, ``zh``, ``both``), by study id (and ``cross_city``)."""
    from analysis.data.datapackage import descriptor
    from analysis.text.catalogue import say
    titles = {s["id"]: {"en": s["title"], "zh": s.get("title_zh", s["title"]),
                        "both": f'{s["title"]} · {s.get("title_zh", "")}'} for s in descriptor()["studies"]}
    titles["cross_city"] = {lg: say("page.title_cross_city", lg, sep=" · ") for lg in ("en", "zh", "both")}
    return titles


def _notebook(src: Path, dst: Path) -> None:
    """The executed notebook ``src`` as a document of the site: its title (front matter) and its headings (cells
    whose metadata names a message) in the language it was run in; its first heading dropped (the title replaces it)
    and the introduction after it (the cell's ``intro`` message) in that language."""
    from analysis.text.catalogue import say
    nb = json.loads(src.read_text(encoding="utf-8"))
    params = notebook_params(nb)
    lang = params.get("lang", "both")
    keep = {k: v for k, v in nb.get("metadata", {}).items() if k in ("kernelspec", "language_info")}
    nb["metadata"] = {**keep, "title": page_titles()[params.get("study", "cross_city")][lang]}
    for k, cell in enumerate(nb["cells"]):
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if k == 0 and cell["cell_type"] == "markdown" and text.startswith("# "):
            cell["source"] = text.split("\n", 1)[1] if "\n" in text else ""
            intro = cell.get("metadata", {}).get("intro")  # the page's introduction: its message, in the page's language
            if intro:
                cell["source"] = "\n\n".join(say(intro, lg) for lg in (("en", "zh") if lang == "both" else (lang,)))
        elif cell["cell_type"] == "markdown" and cell.get("metadata", {}).get("message"):
            level = text.split(" ", 1)[0]
            cell["source"] = f"{level} {heading_text(cell['metadata']['message'], lang)}"
    dst.write_text(json.dumps(nb, ensure_ascii=False), encoding="utf-8")


def _standalone(html_page: Path, src: Path, extra: str = "") -> None:
    """The standalone page ``html_page`` as a MyST document of ``src`` (removed from where it was written).
    Every page but the landing page is an orphan (not in the navigation); a trails page repeats its study's
    ledger row by row, so it is left out of the search index (the ledger is in it)."""
    title, body = body_of(html_page.read_text(encoding="utf-8"))
    landing = html_page.stem == "index"
    (src / f"{html_page.stem}.md").write_text(
        _md_page(title, body, extra, orphan=not landing, search=not html_page.stem.endswith("_trails")),
        encoding="utf-8")
    html_page.unlink()


def _glossary(src: Path, lang: str = "both") -> None:
    """The glossary page as a document of ``src``, its title in ``lang``."""
    from analysis.report.glossary import glossary_page
    title, body = glossary_page(lang)
    (src / "glossary").with_suffix(".md").write_text(_md_page(title, body), encoding="utf-8")


def _sources(stage: Path, src: Path) -> None:
    """Lay out the Sphinx sources for the staged reports in ``src``."""
    reports = stage / "reports"
    for nb in sorted(reports.glob("*.ipynb")):
        _notebook(nb, src / nb.name)
    _static(src)
    toc = "\n".join(f"{title} <{doc}>" for doc, title in site_documents())
    tree = f"```{{toctree}}\n:hidden:\n:titlesonly:\n\n{toc}\n```\n\n"
    for html_page in sorted(reports.glob("*.html")):
        _standalone(html_page, src, tree if html_page.stem == "index" else "")
    _glossary(src)


def prepare() -> None:
    """Import Sphinx, MyST-NB and the theme (about a second): the build calls it on a thread while the kernels
    execute the notebooks, so the site's step starts with them loaded."""
    from analysis.build.kernels import quiet_imports
    quiet_imports()
    import myst_nb  # noqa: F401
    import sphinx.application  # noqa: F401
    import sphinx.builders.html  # noqa: F401
    import sphinx_book_theme  # noqa: F401
    import analysis.report.glossary  # noqa: F401
    import analysis.report.style  # noqa: F401


def _sphinx(src: Path, work: Path, dest: Path, title: str, jobs: int = 1, language: str = "en",
            root: str = "index") -> None:
    """Run Sphinx on ``src`` (working under ``work``), prune what a reader does not need, mark the Chinese and
    copy the pages and ``_static/`` into ``dest``. Any Sphinx warning fails the step: a broken reference or a
    page left out of the navigation is a defect."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils
    out = work / "html"  # MyST-NB writes beside the output folder (jupyter_execute): keep both out of ``dest``
    warnings = io.StringIO()
    conf = {**CONF, "project": title, "html_title": title, "language": language, "root_doc": root}
    with patch_docutils(str(src)), docutils_namespace():
        app = Sphinx(str(src), None, str(out), str(work / "doctrees"), "html", confoverrides=conf,
                     status=None, warning=warnings, freshenv=True, parallel=jobs, keep_going=True)
        app.build(force_all=True)
    for name in PRUNE:
        p = out / name
        shutil.rmtree(p) if p.is_dir() else p.unlink(missing_ok=True)
    for p in sorted(out.glob("_static/**/*.map")):
        p.unlink()
    for p in sorted(out.glob("*.html")):
        p.write_text(mark_languages(p.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(out, dest, dirs_exist_ok=True)
    shutil.rmtree(work, ignore_errors=True)
    text = warnings.getvalue().strip()
    if text:
        raise StepFailed("the site has warnings:\n" + text)


def _static(src: Path) -> None:
    from analysis.report.style import SITE_CSS, SITE_JS
    (src / "_static").mkdir()
    (src / "_static" / "compendium.css").write_text(SITE_CSS, encoding="utf-8")
    (src / "_static" / "compendium.js").write_text(SITE_JS, encoding="utf-8")


def build_site(stage: Path, jobs: int = 1) -> None:
    """Build the site from the staged notebooks and pages into ``stage/reports`` (see the module's docstring)."""
    from analysis.text.catalogue import say
    work = current().build / "site"
    shutil.rmtree(work, ignore_errors=True)
    src = work / "src"
    src.mkdir(parents=True)
    _sources(Path(stage), src)
    _sphinx(src, work, Path(stage) / "reports", say("landing.title", "both", sep=" · "), jobs)


def build_run_site(notebook: Path, lang: str) -> Path:
    """``make run``: the executed ``notebook`` as the site shows it, in the run's folder beside it: its page
    (``<run>.html``), the trails page beside it if there is one, the glossary, the search, and an ``index.html``
    listing them; Sphinx's interface in the run's language (Chinese for ``lang=zh``). Returns the page."""
    from analysis.text.catalogue import say
    folder = Path(notebook).parent
    work = folder / ".site"
    shutil.rmtree(work, ignore_errors=True)
    src = work / "src"
    src.mkdir(parents=True)
    _static(src)
    _notebook(Path(notebook), src / Path(notebook).name)
    docs = [Path(notebook).stem]
    for html_page in sorted(folder.glob("*_trails.html")):
        _standalone(html_page, src)
    shown = "zh" if lang == "zh" else "en" if lang == "en" else "both"
    _glossary(src, shown)
    docs.append("glossary")
    site_title = say("landing.title", shown, sep=" · ")
    toc = "\n".join(docs)
    (src / "index.md").write_text(f"# {site_title}\n\n```{{toctree}}\n:titlesonly:\n\n{toc}\n```\n", encoding="utf-8")
    _sphinx(src, work, folder, site_title, language="zh_CN" if lang == "zh" else "en")
    return folder / f"{Path(notebook).stem}.html"
