"""The building blocks of a report: a :class:`Block` (HTML for the page, Markdown for the notebook),
tables, figures and verdict badges.

A verdict is always carried by a symbol and a word, never by colour alone.

>>> Block("<p>x</p>", "x") + Block("<p>y</p>", "y")
x
<BLANKLINE>
y
>>> verdict_badge("inconsistent_conclusion", "en")
'<span class="v v-inconsistent_conclusion">✗! changes a conclusion</span>'
"""
from __future__ import annotations

import base64
import html
import re
from typing import Any, Iterable

import pandas as pd

from analysis.core.vocab import Verdict
from analysis.text.labels import localized, short_term, term

__all__ = ["Block", "esc", "md_table", "box_table", "paras", "sentences", "html_table", "img", "paragraphs",
           "verdict_badge", "verdict_md", "bilingual", "ledger_link"]

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


def box_table(header: list[str], rows: list[list[str]], cls: str = "", row_ids: list[str] | None = None,
           cell_cls: list[list[str]] | None = None) -> str:
    """An HTML table (cells already escaped) in a scrolling box."""
    head = "".join(f"<th>{h}</th>" for h in header)
    body = []
    for i, r in enumerate(rows):
        rid = f' id="{esc(row_ids[i])}"' if row_ids and row_ids[i] else ""
        tds = "".join(f'<td class="{cell_cls[i][j]}">{c}</td>' if cell_cls and cell_cls[i][j] else f"<td>{c}</td>"
                      for j, c in enumerate(r))
        body.append(f"<tr{rid}>{tds}</tr>")
    return (f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def paras(texts: Iterable[str]) -> tuple[str, str]:
    texts = [t for t in texts if t]
    return "".join(f"<p>{esc(t)}</p>" for t in texts), "\n\n".join(texts)


def sentences(mid: str, lang: str) -> Block:
    """A message of the catalogue as one paragraph per language shown (each marked with its language)."""
    items = localized(mid, lang)
    return Block("".join(f'<p lang="{lg}">{esc(t)}</p>' for lg, t in items), "\n\n".join(t for _, t in items))


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


def img(png: bytes, caption: str, alt: str = "") -> str:
    """A PNG embedded in HTML (self-contained), with a caption (HTML already escaped by the caller if needed)."""
    return (f'<figure><img alt="{esc(alt or re.sub("<[^>]+>", "", caption)[:200])}" '
            f'src="data:image/png;base64,{base64.b64encode(png).decode()}"/>'
            f"<figcaption>{caption if '<' in caption else esc(caption)}</figcaption></figure>")


def paragraphs(text: str) -> str:
    """Plain text (paragraphs separated by a blank line) as HTML paragraphs."""
    return "".join(f"<p>{html.escape(par)}</p>" for par in text.split("\n\n"))


def verdict_badge(verdict: str, lang: str, short: bool = True, full: bool = False) -> str:
    """A verdict as HTML: symbol and (short) word beside the colour; ``full`` gives the legend's wording.

    >>> verdict_badge("inconsistent_conclusion", "en")
    '<span class="v v-inconsistent_conclusion">✗! changes a conclusion</span>'
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
    return f'{as_html("en")}<br><span lang="zh">{as_html("zh")}</span>', f"{en} / {zh}"


def ledger_link(anchor: str, text: str | None = None) -> str:
    return f'<a href="#{esc(anchor)}"><code>{esc(text or anchor)}</code></a>'
