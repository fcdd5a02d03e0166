"""Pages a reviewer reads without running anything: each report's HTML and the landing page.

An executed notebook becomes a self-contained page: its outputs (never its
input cells), one title taken from its first heading, the compendium's style
sheet inline, and a header and footer that link to the landing page and to
every other report. Nothing is fetched from the network; every link is
relative, so the pages work offline and in an archive.

>>> doc = page("<h1>A &amp; B</h1><p>x</p>", here=current().reports / "demo.html")
>>> "<title>A &amp; B</title>" in doc and 'href="index.html"' in doc
True
"""
from __future__ import annotations

import ast
import html
import os
import re
from pathlib import Path
from typing import Any

from analysis.core.config import current
from analysis.text.catalogue import say
from analysis.text.labels import localized

__all__ = ["CSS", "EXTRA_PAGES", "nav_pages", "page", "notebook_page", "index_page", "write_index", "page_title", "page_lang",
           "screenshot", "screenshots"]

# Okabe-Ito based, distinguishable without colour vision (a symbol carries each verdict too).
CSS = """
:root{--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--bg:#fff;--accent:#0b5394}
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Sans","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",
"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg);line-height:1.5;font-size:15px}
header.site,footer.site{background:#f4f6f8;border-bottom:1px solid var(--line);padding:.5rem 1.2rem;font-size:.9rem}
footer.site{border-top:1px solid var(--line);border-bottom:0;margin-top:3rem;color:var(--muted)}
header.site nav,footer.site nav{display:flex;flex-wrap:wrap;gap:.2rem 1rem}
header.site nav a,footer.site nav a{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;max-width:16em;display:inline-block}
header.site nav a[aria-current]{font-weight:bold;color:var(--fg);text-decoration:none}
main{max-width:1180px;margin:0 auto;padding:1rem 1.2rem}
h1{font-size:1.7rem;margin:.6rem 0 .2rem}
h2{font-size:1.35rem;margin-top:2.2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1.12rem;margin-top:1.6rem} h4{font-size:1rem;margin:1.2rem 0 .3rem}
p.kicker{color:var(--muted);margin-top:0} p.src{color:var(--muted);font-size:.85rem;margin:.2rem 0}
a{color:var(--accent)} code{font-size:.85em;background:#f3f3f3;padding:0 .2em;border-radius:2px}
.scroll{overflow-x:auto;max-width:100%;margin:.4rem 0 1rem;border:1px solid #eee}
table{border-collapse:collapse;font-size:.85rem}
th,td{border-bottom:1px solid #e4e4e4;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f7f7f7;position:sticky;top:0}
table.ledger td,table.findings td{min-width:7rem} table.ledger td:nth-child(9){min-width:18rem}
table.findings td:nth-child(5){min-width:14rem} table.findings td b{white-space:nowrap}
table.findings td:nth-child(4){min-width:26rem} table.findings td:first-child b{white-space:normal;word-break:break-all}
table.findings td:last-child code{word-break:break-all}
table.findings td:first-child,table.ledger td:nth-child(2){min-width:7.5rem} .nw{white-space:nowrap}
.v{padding:0 .35em;border-radius:3px;font-weight:600;display:inline-block}
ul.legend{list-style:none;padding:0;margin:.4rem 0;font-size:.85rem} ul.legend li{display:inline-block;margin-right:1rem}
.v-consistent{background:#dcefe6} .v-consistent_if_rounding{background:#fbe7b8}
.v-inconsistent{background:#f8cfae} .v-inconsistent_conclusion{background:#5b1a3a;color:#fff}
.v-invalid{background:#ddd}
td.v-consistent_if_rounding,td.v-inconsistent,td.v-inconsistent_conclusion{font-weight:600}
td.v-inconsistent_conclusion a{color:#fff}
a.cellref{color:inherit;text-decoration:none;border-bottom:1px dotted}
tr:target{outline:3px solid var(--accent)}
figure{margin:1rem 0} figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:.85rem;color:#333} figcaption .prov{color:var(--muted)}
details.run{margin:.6rem 0} details.run summary{cursor:pointer;color:var(--muted)}
table.params td:first-child{color:var(--muted)}
pre{white-space:pre-wrap;font-size:.8rem;background:#f7f7f7;padding:.5rem}
a.trail{font-size:.8rem;white-space:nowrap} table.trail th{position:static;white-space:nowrap;width:1%}
section:target{outline:3px solid var(--accent)}
@media print{header.site,footer.site{display:none} .scroll{overflow:visible}}
"""

# Pages besides the studies' reports, in the order the navigation shows them (their titles: messages page.nav_<stem>).
EXTRA_PAGES = ("index", "cross_city")


def nav_pages() -> list[tuple[str, str, str]]:
    """``(file stem, English title, Chinese title)`` of every page: the index, each study (from the data package), cross-city."""
    from analysis.data.datapackage import descriptor
    studies = [(s["id"], s["title"], s.get("title_zh", s["title"])) for s in descriptor()["studies"]]
    extra = {stem: (stem, say(f"page.nav_{stem}", "en"), say(f"page.nav_{stem}", "zh")) for stem in EXTRA_PAGES}
    return [extra["index"]] + studies + [extra["cross_city"]]


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def page_title(body: str) -> str:
    """Text of the first ``<h1>`` of an HTML body.

    >>> page_title('<p>x</p><h1 id="t">Report <b>A</b></h1>')
    'Report A'
    """
    m = re.search(r"<h1[^>]*>(.*?)</h1>", body, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else ""


def page_lang(body: str, default: str = "both") -> str:
    """Language a report body declares on its title (``data-page-lang``)."""
    m = re.search(r'data-page-lang="(en|zh|both)"', body)
    return m.group(1) if m else default


def _nav(here: Path, lang: str, here_stem: str) -> str:
    links = []
    for stem, en, zh in nav_pages():
        href = _rel(current().reports / f"{stem}.html", here)
        cur = ' aria-current="page"' if stem == here_stem else ""
        shown = zh if lang == "zh" else en
        full = {"en": en, "zh": zh}.get(lang, f"{en} / {zh}")
        links.append(f'<a href="{_e(href)}" title="{_e(full)}"{cur}>{_e(shown)}</a>')
    return "<nav>" + "".join(links) + "</nav>"


def page(body: str, here: Path, lang: str | None = None, title: str | None = None) -> str:
    """A complete, self-contained HTML page around ``body``, written to ``here``.

    The title is the first ``<h1>`` of the body; the header and footer link to
    the landing page and every report, relative to ``here``.
    """
    lang = lang or page_lang(body)
    title = title or page_title(body) or here.stem
    here_stem = here.stem if here.parent.resolve() == current().reports.resolve() else ""
    html_lang = {"en": "en", "zh": "zh-Hans"}.get(lang, "en")
    foot_text = " ".join(f'<span lang="{lg}">{_e(t)}</span>' for lg, t in localized("page.footer", lang))
    return ("<!DOCTYPE html>\n"
            f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            f'<header class="site">{_nav(here, lang, here_stem)}</header>\n<main>\n{body}\n</main>\n'
            f'<footer class="site">{_nav(here, lang, here_stem)}<p>{foot_text}</p></footer>\n</body>\n</html>\n')


def _markdown(text: str) -> str:
    import mistune
    return mistune.html(text)


def _parameters(nb) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for tag in ("parameters", "injected-parameters"):
        for cell in nb.cells:
            if cell.cell_type == "code" and tag in cell.metadata.get("tags", []):
                for node in ast.parse(cell.source).body:
                    if isinstance(node, (ast.Assign, ast.AnnAssign)):
                        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                        try:
                            out[target.id] = ast.literal_eval(node.value)
                        except ValueError:
                            pass
    return out


def _output_html(out) -> str:
    data = out.get("data", {})
    if out.get("output_type") == "stream":
        return f"<pre>{_e(out.get('text', ''))}</pre>" if out.get("name") == "stdout" else ""
    if out.get("output_type") == "error":
        return f"<pre>{_e(out.get('ename', ''))}: {_e(out.get('evalue', ''))}</pre>"
    if "text/html" in data:
        return "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
    if "image/svg+xml" in data:
        return f'<figure>{data["image/svg+xml"]}</figure>'
    if "image/png" in data:
        return f'<figure><img alt="" src="data:image/png;base64,{data["image/png"].strip()}"/></figure>'
    if "text/markdown" in data:
        return _markdown(data["text/markdown"])
    if "text/plain" in data:
        return f"<pre>{_e(data['text/plain'])}</pre>"
    return ""


def notebook_page(nb, here: Path) -> str:
    """An executed notebook as a reviewer's page: outputs and reader-facing Markdown, no input cells.

    Markdown cells tagged ``notebook-only`` (text for those who run the
    notebook) are left out, as are the parameter cells.
    """
    parts = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "notebook-only" in tags or "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            parts.append(_markdown(cell.source))
        elif cell.cell_type == "code":
            parts.extend(_output_html(o) for o in cell.get("outputs", []))
    body = "\n".join(p for p in parts if p)
    lang = page_lang(body, _parameters(nb).get("lang", "both"))
    return page(body, here, lang)


# --------------------------------------------------------------------------- landing page

LANDING_SEP = " · "
"""How a label of the landing page joins its two languages in a page in both."""


def _committed(path: Path) -> Path:
    """Where a file will live once the build commits it: ``build/stage/<step>/<folder>/x`` -> ``<folder>/x``.

    >>> _committed(current().build / "stage" / "tables" / "reports" / "index.html") == current().reports / "index.html"
    True
    """
    path = Path(path).resolve()
    try:
        rel = path.relative_to((current().build / "stage").resolve())
    except ValueError:
        return path
    return current().root.joinpath(*rel.parts[1:])


def _rel(target: Path, here: Path) -> str:
    """A link from page ``here`` to ``target``, as both will stand once committed (pages are built staged)."""
    return Path(os.path.relpath(_committed(target), _committed(here).parent)).as_posix()


def index_page(lang: str = "both", here: Path | None = None) -> str:
    """The landing page: what the compendium is, one row per study, the cross-city page, downloads, citation."""
    import pandas as pd

    from analysis.data.datapackage import load_study, study_ids, study_meta
    from analysis.text.labels import term
    from analysis.text.narrative import evidence_label
    from analysis.report.blocks import verdict_badge
    from analysis.results.coverage import study_counts
    from analysis.core.vocab import Severity, Verdict

    here = here or current().reports / "index.html"
    langs = ["en", "zh"] if lang == "both" else [lang]
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False) if current().ledger.exists() else None
    fpath = current().tables / "findings.csv"
    found = pd.read_csv(fpath, dtype=str, keep_default_na=False) if fpath.exists() else None
    parts = [f'<h1 id="top" data-page-lang="{lang}">{_e(say("landing.title", lang, sep=LANDING_SEP))}</h1>']
    parts += [f'<p lang="{lg}">{_e(say(f"landing.intro_{i}", lg))}</p>' for lg in langs for i in (1, 2)]
    parts.append(f'<h2 id="studies">{_e(say("landing.studies", lang, sep=LANDING_SEP))}</h2>')
    parts += [f'<p lang="{lg}" class="src">{_e(say("landing.counting", lg))}</p>' for lg in langs]
    parts.append('<ul class="legend">' + "".join(
        f"<li>{verdict_badge(v.value, lang, short=False)} {_e(term(v, lang))}</li>"
        for v in Verdict if v is not Verdict.INVALID) + "</ul>")
    verdicts = [v for v in Verdict if v is not Verdict.INVALID]
    sevs = sorted(Severity, key=lambda s: -s.rank)
    head = [say(f"landing.{k}", lang, sep=LANDING_SEP) for k in ("study", "evidence", "printed", "checkable", "checks")]
    head += [say("landing.found" if found is not None else "landing.verdicts", lang, sep=LANDING_SEP),
             say("landing.report", lang, sep=LANDING_SEP)]
    rows = []
    for sid in study_ids():
        meta = study_meta(sid)
        title = {"en": meta["title"], "zh": meta.get("title_zh", meta["title"])}.get(
            lang, f"{meta['title']}<br>{_e(meta.get('title_zh', ''))}")
        title = title if lang == "both" else _e(title)
        if led is not None:
            sub = led[led["study"] == sid].reset_index(drop=True)
            c = study_counts(load_study(sid), sub)
        else:
            c = {k: 0 for k in ("printed", "checkable", "checks")}
        if found is not None:
            fs = found[found["study"] == sid]
            sev = "<br>".join(f"{_e(term(s, lang))}: {int((fs['severity'] == s.value).sum())}" for s in sevs)
        else:
            sev = " ".join(f'<span class="nw">{verdict_badge(v.value, lang, short=False)}&nbsp;{c.get(v.value, 0)}</span>'
                           for v in verdicts)
        href = _rel(current().reports / f"{sid}.html", here)
        rows.append([title, _e(evidence_label(meta["evidence_level"], lang)), str(c["printed"]), str(c["checkable"]),
                     str(c["checks"]), sev, f'<a href="{_e(href)}">{_e(sid)}.html</a>'])
    from analysis.report.blocks import box_table
    parts.append(box_table([_e(h) for h in head], rows, "index cards"))
    parts.append(f'<h2 id="cross-city">{_e(say("landing.cross", lang, sep=LANDING_SEP))}</h2>')
    parts += [f'<p lang="{lg}">{_e(say("landing.cross_text", lg))}</p>' for lg in langs]
    parts.append(f'<p><a href="{_e(_rel(current().reports / "cross_city.html", here))}">cross_city.html</a></p>')
    parts.append(f'<h2 id="downloads">{_e(say("landing.downloads", lang, sep=LANDING_SEP))}</h2><ul>')
    parts.append(f'<li>{_e(say("landing.ledger", lang, sep=LANDING_SEP))}: '
                 f'<a href="{_e(_rel(current().ledger, here))}">'
                 f"<code>tables/consistency_ledger.csv</code></a></li>")
    if fpath.exists():
        parts.append(f'<li>{_e(say("landing.findings_csv", lang, sep=LANDING_SEP))}: <a href="{_e(_rel(fpath, here))}">'
                     f"<code>tables/findings.csv</code></a></li>")
    for sid in study_ids():
        d = current().tables / sid
        files = sorted(p for p in d.glob("*.csv")) if d.exists() else []
        links = ", ".join(f'<a href="{_e(_rel(p, here))}"><code>{_e(p.name)}</code></a>' for p in files)
        parts.append(f"<li>{_e(say('landing.tables', lang, sep=LANDING_SEP))} <code>{_e(sid)}</code>: {links}</li>")
    cross = sorted(current().tables.glob("cross_city_*.csv"))
    if cross:
        parts.append(f"<li>{_e(say('landing.cross', lang, sep=LANDING_SEP))}: " + ", ".join(
            f'<a href="{_e(_rel(p, here))}"><code>{_e(p.name)}</code></a>' for p in cross) + "</li>")
    # The figures are drawn by the reports, which run beside the step that writes this page: link their folder.
    parts.append(f"<li>{_e(say('landing.figures', lang, sep=LANDING_SEP))}: "
                 f'<a href="{_e(_rel(current().figures, here))}/"><code>figures/</code></a> (PNG, SVG)</li>')
    parts.append("</ul>")
    parts.append(f'<h2 id="cite">{_e(say("landing.cite", lang, sep=LANDING_SEP))}</h2>')
    parts += [f'<p lang="{lg}">{_e(say("landing.cite_text", lg))}</p>' for lg in langs]
    return page("\n".join(parts), here, lang)


def write_index(output: Path | str | None = None, lang: str = "both") -> Path:
    """Write the landing page (``reports/index.html`` by default), atomically."""
    from analysis.core.outputs import atomic_write
    out = Path(output) if output else current().reports / "index.html"
    atomic_write(out, index_page(lang, out.resolve()))
    return out



def screenshot(page_path: Path, png: Path, width: int = 1280, height: int = 32000) -> Path:
    """Render one page with headless Chromium (Debian package ``chromium``), trimmed to its content.

    The window is tall enough for a whole report; the blank space below the
    footer is cut off (Pillow, a matplotlib dependency).
    """
    import shutil
    import subprocess
    import tempfile

    from PIL import Image, ImageChops

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        from analysis.core.errors import InputError
        raise InputError("screenshots need Chromium: apt-get install -y chromium fonts-noto-cjk")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--hide-scrollbars", f"--user-data-dir={profile}", f"--screenshot={png}",
                        f"--window-size={width},{height}", Path(page_path).resolve().as_uri()],
                       check=True, capture_output=True, timeout=180)
    img = Image.open(png).convert("RGB")
    box = ImageChops.difference(img, Image.new("RGB", img.size, (255, 255, 255))).getbbox()
    if box:
        img.crop((0, 0, img.width, min(img.height, box[3] + 20))).save(png)
    return png


def screenshots(pages: list[str] | None = None) -> list[Path]:
    """Screenshots of the given pages (default: every ``reports/*.html``) into ``build/screenshots/``."""
    targets = [Path(p) for p in pages] if pages else sorted(current().reports.glob("*.html"))
    out_dir = current().root / "build" / "screenshots"
    names = [p.stem if p.resolve().parent == current().reports.resolve() else f"{p.resolve().parent.name}-{p.stem}"
             for p in targets]
    return [screenshot(p, out_dir / f"{n}.png") for p, n in zip(targets, names)]
