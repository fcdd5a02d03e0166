"""The building blocks of a report: a :class:`Block` (HTML for the page, Markdown for the notebook),
tables, figures and verdict badges.

A verdict is always carried by a symbol and a word, never by colour alone.

>>> Block("<p>x</p>", "x") + Block("<p>y</p>", "y")
x
<BLANKLINE>
y
>>> verdict_badge("inconsistent_conclusion", "en")
'<span class="v v-inconsistent_conclusion">✗! flips a significance decision</span>'
"""
from __future__ import annotations

import base64
import html
import re
from typing import Any, Iterable

import pandas as pd

from analysis.core.vocab import Verdict
from analysis.text.catalogue import say
from analysis.text.labels import localized, short_term, term

__all__ = ["Block", "esc", "md_table", "box_table", "numbered", "ref", "bilingual_html", "paras", "sentences", "html_table", "img", "paragraphs", "lang_paragraphs",
           "verdict_badge", "verdict_md", "bilingual", "ledger_link", "link_ids", "check_numbers",
           "code_identifiers", "figure_caption"]

def esc(text: Any) -> str:
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


def md_table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(_md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _plain(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", str(html_text))).strip()


def box_table(header: list[str], rows: list[list[str]], cls: str = "", row_ids: list[str] | None = None,
              cell_cls: list[list[str]] | None = None, caption: str | None = None,
              cell_ids: list[list[str]] | None = None) -> str:
    """An HTML table (cells already escaped): a caption (HTML) if given, column headers with their scope, each
    cell labelled with its column (``data-label``: a card on a phone shows it), wrapped text, no scroll.

    >>> box_table(["a"], [["1"]], "t", caption="Table 1. x")
    '<div class="scroll"><table class="t"><caption>Table 1. x</caption><thead><tr><th scope="col">a</th></tr></thead><tbody><tr><td data-label="a">1</td></tr></tbody></table></div>'
    """
    labels = [esc(_plain(h)) for h in header]
    head = "".join(f'<th scope="col">{h}</th>' for h in header)
    body = []
    for i, r in enumerate(rows):
        rid = f' id="{esc(row_ids[i])}"' if row_ids and row_ids[i] else ""
        tds = []
        for j, c in enumerate(r):
            attrs = f' data-label="{labels[j]}"' if j < len(labels) and labels[j] else ""
            if cell_cls and cell_cls[i][j]:
                attrs += f' class="{cell_cls[i][j]}"'
            if cell_ids and cell_ids[i][j]:
                attrs += f' id="{esc(cell_ids[i][j])}"'
            tds.append(f"<td{attrs}>{c}</td>")
        body.append(f"<tr{rid}>{''.join(tds)}</tr>")
    cap = f"<caption>{caption}</caption>" if caption else ""
    return (f'<div class="scroll"><table class="{cls}">{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def numbered(ctx: Any, kind: str, text: str, key: str) -> str:
    """A numbered caption (HTML) for the next table or figure of the page ``ctx`` reports: ``Table 3.`` (or
    ``Figure 2.``, in each language shown) with the anchor ``<kind>-<key>``, then ``text``.

    Numbers count per page, in the order the sections are shown; :func:`ref` links to one already numbered.
    """
    reg = ctx.__dict__.setdefault("_numbering", {"table": 0, "figure": 0, "keys": {}})
    reg[kind] += 1
    reg["keys"][(kind, key)] = reg[kind]
    lang = ctx.lang if hasattr(ctx, "lang") else ctx.params["lang"]
    label = " · ".join(f'<span lang="{lg}">{esc(t)}</span>' for lg, t in localized(f"label.{kind}_n", lang, n=reg[kind]))
    return f'<span class="num" id="{esc(kind)}-{esc(key)}">{label}.</span> {text if "<" in text else esc(text)}'


def ref(ctx: Any, kind: str, key: str) -> str:
    """A link to a table or figure already numbered on the page (``Table 3``), or "" if there is none yet."""
    n = ctx.__dict__.get("_numbering", {"keys": {}})["keys"].get((kind, key))
    if n is None:
        return ""
    lang = ctx.lang if hasattr(ctx, "lang") else ctx.params["lang"]
    label = " · ".join(t for _, t in localized(f"label.{kind}_n", lang, n=n))
    return f'<a href="#{esc(kind)}-{esc(key)}">{esc(label)}</a>'


def bilingual_html(mid: str, lang: str, **params: Any) -> str:
    """A message as HTML spans, one per language shown, each marked with its language."""
    return " ".join(f'<span lang="{lg}">{esc(t)}</span>' for lg, t in localized(mid, lang, **params))


def paras(texts: Iterable[str]) -> tuple[str, str]:
    texts = [t for t in texts if t]
    return "".join(f"<p>{esc(t)}</p>" for t in texts), "\n\n".join(texts)


def sentences(mid: str, lang: str) -> Block:
    """A message of the catalogue as one paragraph per language shown (each marked with its language)."""
    items = localized(mid, lang)
    return Block("".join(f'<p lang="{lg}">{esc(t)}</p>' for lg, t in items), "\n\n".join(t for _, t in items))


def _header(name: Any, lang: str) -> str:
    """A column's header in words: the message ``column.<name>`` where the catalogue has one (in each language
    shown), else the name with its underscores as spaces (never a snake_case id).

    >>> _header("share_zero_distances", "en"), _header("no_such_column", "en")
    ('share of zero distances', 'no such column')
    """
    from analysis.text.catalogue import catalogue
    text = str(name)
    if f"column.{text}" in catalogue():
        return " · ".join(t for _, t in localized(f"column.{text}", lang))
    return text.replace("_", " ")


def _cell(value: Any, fmt: str | None, lang: str) -> str:
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return esc(" · ".join(t for _, t in localized("value.yes" if value else "value.no", lang)))
    if isinstance(value, float):
        if value != value:
            return "—"
        return esc(fmt.format(value) if fmt else f"{value:g}")
    text = str(value)
    return "—" if text in ("nan", "None", "") else esc(text)


def html_table(df: pd.DataFrame, uid: str, css: pd.DataFrame | None = None, fmt: str | None = None,
               lang: str = "both", caption: str | None = None) -> str:
    """A data frame as a worded table (deterministic HTML): headers in words, yes/no for booleans, a dash for
    a missing value, the float columns formatted with ``fmt``; cards on a phone. ``css`` is ignored (kept for
    callers of the earlier styler)."""
    hdr = [esc(_header(c, lang)) for c in df.columns]
    rows = [[_cell(v, fmt, lang) for v in rec] for rec in df.itertuples(index=False)]
    return box_table(hdr, rows, f"frame cards frame-{esc(uid)}", caption=caption)


def img(png: bytes, caption: str, alt: str = "") -> str:
    """A PNG embedded in HTML (self-contained), with a caption (HTML already escaped by the caller if needed)."""
    return (f'<figure><img alt="{esc(alt or re.sub("<[^>]+>", "", caption)[:200])}" '
            f'src="data:image/png;base64,{base64.b64encode(png).decode()}"/>'
            f"<figcaption>{caption if '<' in caption else esc(caption)}</figcaption></figure>")


def figure_caption(ctx: Any, name: str, what: str, func: str, tables: list[str]) -> str:
    """A figure's numbered caption (HTML): what it shows first (the message ``what``, in each language shown),
    then the function that drew it, the tables it drew from and its files (``figures/<name>.svg``, ``.png``).

    The figure's number is its anchor (``figure-<name>``, :func:`numbered`).
    """
    from analysis.core.config import current
    from analysis.text.catalogue import say
    lang = ctx.lang if hasattr(ctx, "lang") else ctx.params["lang"]
    import os
    from pathlib import Path
    reports, figs = Path(current().reports).resolve(), Path(current().figures).resolve()
    # the build's pages and figures (committed, or staged to be) stand as reports/ and figures/: ../figures; a run
    # under build/ keeps its figures beside its page
    build = Path(current().build).resolve()
    rel = (Path(os.path.relpath(figs, reports)).as_posix() if reports.is_relative_to(build)
           else "../" + current().committed["figures"].name)
    shown = "".join(f'<span lang="{lg}">{esc(t)}</span> ' for lg, t in localized(what, lang)).strip()
    prov = (f'{esc(say("label.drawn_by", lang))} <code>{esc(func)}</code> '
            f'{esc(say("label.from_tables", lang))} ' + ", ".join(f"<code>{esc(t)}</code>" for t in tables)
            + f'; {esc(say("label.files", lang))}: <a href="{rel}/{name}.svg">SVG</a>, '
              f'<a href="{rel}/{name}.png">PNG</a>.')
    return numbered(ctx, "figure", f'<span class="what">{shown}</span><br><span class="prov">{prov}</span>', name)


def lang_paragraphs(mid: str, lang: str, **params: Any) -> str:
    """A message as HTML paragraphs (a blank line in it starts another), each marked with its language."""
    return "".join(f'<p lang="{lg}">{html.escape(par)}</p>' for lg, t in localized(mid, lang, **params)
                   for par in t.split("\n\n"))


def paragraphs(text: str) -> str:
    """Plain text (paragraphs separated by a blank line) as HTML paragraphs."""
    return "".join(f"<p>{html.escape(par)}</p>" for par in text.split("\n\n"))


def verdict_badge(verdict: str, lang: str, short: bool = True, full: bool = False) -> str:
    """A verdict as HTML: symbol and (short) word beside the colour; ``full`` gives the legend's wording.

    >>> verdict_badge("inconsistent_conclusion", "en")
    '<span class="v v-inconsistent_conclusion">✗! flips a significance decision</span>'
    """
    v = Verdict(verdict)
    word = esc(term(v, lang)) if full else esc(short_term(v.value, lang)) if short else ""
    return f'<span class="v v-{v.value}">{v.symbol} {word}</span>' if word else \
        f'<span class="v v-{v.value}">{v.symbol}</span>'


def verdict_md(verdict: str, lang: str) -> str:
    v = Verdict(verdict)
    return f"{v.symbol} {short_term(v.value, lang)}"


def bilingual(fn, *args, lang: str, html_fn=None) -> tuple[str, str]:
    """``fn(*args, lang)`` as (HTML, Markdown); in ``both`` the Chinese on its own line.

    ``html_fn(*args, lang)``, if given, renders the HTML itself (already escaped, e.g. with an
    expression as code); otherwise the HTML is ``fn``'s text escaped.
    """
    def as_html(lg: str) -> str:
        return html_fn(*args, lg) if html_fn else esc(fn(*args, lg))
    if lang != "both":
        return as_html(lang), fn(*args, lang)
    en, zh = fn(*args, "en"), fn(*args, "zh")
    if not zh or zh == en:
        return as_html("en"), en
    return f'<span lang="en">{as_html("en")}</span><br><span lang="zh">{as_html("zh")}</span>', f"{en} / {zh}"


def link_ids(html_text: str, targets: dict[str, str], numbers: dict[str, int]) -> str:
    """``html_text`` with each identifier of ``targets`` that stands in its prose or as code shown as a link to
    its ledger row by the row's number (``numbers``: anchor -> number): a specification's note that names
    another check links to its row, and the check's id is never shown as text.

    >>> link_ids('a (check t5_los_t) <code>t5_los_t</code>', {"t5_los_t": "s:t5_los_t.statistic"},
    ...          {"s:t5_los_t.statistic": 4})
    'a (check <a class="checkref" href="#s:t5_los_t.statistic">№ 4</a>) <a class="checkref" href="#s:t5_los_t.statistic">№ 4</a>'
    """
    if not targets:
        return html_text
    names = "|".join(re.escape(k) for k in sorted(targets, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w.:])(" + names + r")(?![\w])")
    as_code = re.compile(r"<code>(" + names + r")</code>")
    parts = re.split(r"(<code>.*?</code>|<[^>]+>)", html_text, flags=re.S)

    def link(m: re.Match) -> str:
        return ledger_link(targets[m.group(1)], numbers[targets[m.group(1)]])
    return "".join(as_code.sub(link, p) if p.startswith("<code>") else p if p.startswith("<")
                   else pattern.sub(link, p) for p in parts)


_IDENT = re.compile(r"(?<![\w./:#-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w/.:-])")


def code_identifiers(html_text: str) -> str:
    """``html_text`` with each snake_case identifier in its prose shown as code (an input's name in a formula, a
    check's id): program text is never shown as if it were words.

    >>> code_identifiers('adm_2020 = 186 <a href="#x_y">x</a> (check t1_total)')
    '<code>adm_2020</code> = 186 <a href="#x_y">x</a> (check <code>t1_total</code>)'
    """
    parts = re.split(r"(<code>.*?</code>|<[^>]+>)", html_text, flags=re.S)
    return "".join(p if p.startswith("<") else _IDENT.sub(r"<code>\1</code>", p) for p in parts)


def check_numbers(anchors: Iterable[str]) -> dict[str, int]:
    """Each ledger row's number on its page (1, 2, ...), in the ledger's order: what a reader sees and cites
    (``№ 12``); the check's id stays the row's anchor, never shown as text.

    >>> check_numbers(["s:a", "s:b.p"])
    {'s:a': 1, 's:b.p': 2}
    """
    return {a: i for i, a in enumerate(anchors, start=1)}


def ledger_link(anchor: str, number: int) -> str:
    """A link to a ledger row, shown by its number on the page (``№ 12``), never by the check's id.

    >>> ledger_link("s:a.p", 3)
    '<a class="checkref" href="#s:a.p">№ 3</a>'
    """
    return f'<a class="checkref" href="#{esc(anchor)}">{esc(say("label.check_n", "en", n=number))}</a>'
