"""Standalone pages around a body: the landing page and the trails pages, before the site takes them in.

:func:`page` wraps a body (the first ``<h1>`` is its title) in a complete page with a header and footer
that link to the landing page and every report; the site (:mod:`analysis.build.site`) takes its ``<main>``
and the title into a document of its own. Every link is relative, so the pages work offline.

>>> doc = page("<h1>A &amp; B</h1><p>x</p>", here=current().reports / "demo.html")
>>> "<title>A &amp; B</title>" in doc and 'href="index.html"' in doc
True
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Any

from analysis.core.config import current
from analysis.text.catalogue import say
from analysis.text.labels import localized

__all__ = ["CSS", "EXTRA_PAGES", "nav_pages", "page", "index_page", "write_index", "page_title", "page_lang"]

# The style of a standalone page outside the site (a paper checked by `python -m analysis check-paper`, the pages
# before the site takes them in): Okabe-Ito based, distinguishable without colour vision (a symbol carries each verdict
# too).
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
.v-consistent{background:#dcefe6} .v-consistent_if_rounding{background:#fbe7b8} .v-undecidable{background:#e8e9f2}
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
            f"<title>{_e(title)}</title>\n</head>\n<body>\n"
            f'<header class="site">{_nav(here, lang, here_stem)}</header>\n<main>\n{body}\n</main>\n'
            f'<footer class="site">{_nav(here, lang, here_stem)}<p>{foot_text}</p></footer>\n</body>\n</html>\n')


# --------------------------------------------------------------------------- landing page

LANDING_SEP = " · "
"""How a label of the landing page joins its two languages in a page in both."""


def _committed(path: Path) -> Path:
    """Where a file will live once the build commits it: a staged ``reports/x`` is committed as ``reports/x``.

    >>> from analysis.core.config import use
    >>> with use(current().with_outputs(current().build / "stage" / "outputs")):
    ...     _committed(current().reports / "index.html") == current().committed["reports"] / "index.html"
    True
    """
    path = Path(path).resolve()
    cfg = current()
    for name, committed in cfg.committed.items():
        where = Path(getattr(cfg, name)).resolve()
        if where != committed.resolve() and path.is_relative_to(where):
            return committed / path.relative_to(where)
    return path


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
    head = [say(f"landing.{k}", lang, sep=LANDING_SEP)
            for k in ("study", "evidence", "printed", "checkable", "checks", "claims")]
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
            c = {k: 0 for k in ("printed", "checkable", "checks", "claims", "restatements")}
        if found is not None:
            fs = found[found["study"] == sid]
            sev = "<br>".join(f"{_e(term(s, lang))}: {int((fs['severity'] == s.value).sum())}" for s in sevs)
        else:
            sev = " ".join(f'<span class="nw">{verdict_badge(v.value, lang, short=False)}&nbsp;{c.get(v.value, 0)}</span>'
                           for v in verdicts)
        href = _rel(current().reports / f"{sid}.html", here)
        rows.append([title, _e(evidence_label(meta["evidence_level"], lang)), str(c["printed"]), str(c["checkable"]),
                     str(c["checks"]),
                     _e(say("landing.claims_cell", lang, sep=LANDING_SEP, claims=c["claims"], restated=c["restatements"])),
                     sev, f'<a href="{_e(href)}">{_e(say("landing.read_report", lang, sep=LANDING_SEP))}</a>'])
    from types import SimpleNamespace

    from analysis.report.blocks import box_table, numbered
    cap = numbered(SimpleNamespace(lang=lang), "table", say("landing.studies_caption", lang), "studies")
    parts.append(box_table([_e(h) for h in head], rows, "index cards", caption=cap))
    parts.append(f'<h2 id="cross-city">{_e(say("landing.cross", lang, sep=LANDING_SEP))}</h2>')
    parts += [f'<p lang="{lg}">{_e(say("landing.cross_text", lg))}</p>' for lg in langs]
    parts.append(f'<p><a href="{_e(_rel(current().reports / "cross_city.html", here))}">'
                 f'{_e(say("landing.read_cross", lang, sep=LANDING_SEP))}</a></p>')
    parts.append(f'<h2 id="downloads">{_e(say("landing.downloads", lang, sep=LANDING_SEP))}</h2><ul>')
    parts.append(f'<li>{_e(say("landing.ledger", lang, sep=LANDING_SEP))}: '
                 f'<a href="{_e(_rel(current().ledger, here))}">'
                 f"<code>tables/consistency_ledger.csv</code></a></li>")
    if fpath.exists():
        parts.append(f'<li>{_e(say("landing.findings_csv", lang, sep=LANDING_SEP))}: <a href="{_e(_rel(fpath, here))}">'
                     f"<code>tables/findings.csv</code></a></li>")
    from analysis.data.datapackage import descriptor
    meta_of = {st["id"]: st for st in descriptor()["studies"]}
    for sid in study_ids():
        d = current().tables / sid
        files = sorted(p for p in d.glob("*.csv")) if d.exists() else []
        links = ", ".join(f'<a href="{_e(_rel(p, here))}"><code>{_e(p.name)}</code></a>' for p in files)
        short = {"en": meta_of[sid].get("short_title", sid), "zh": meta_of[sid].get("short_title_zh", sid)}
        name = _e(short[lang]) if lang in short else f'{_e(short["en"])} · <span lang="zh">{_e(short["zh"])}</span>'
        parts.append(f"<li>{_e(say('landing.tables', lang, sep=LANDING_SEP))} {name}: {links}</li>")
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
