"""The glossary of the site (``reports/glossary.html``) and links to its terms.

Every term is a message of the catalogue (``text/messages/glossary.toml``), in
English and Chinese; the part before the colon names the term. A page links a
word to its entry with :func:`term_link` (``glossary.html#<term>``).

>>> term_link("grim", "GRIM")
'<a class="term" href="glossary.html#grim">GRIM</a>'
>>> glossary_page()[0].startswith('Glossary · ')
True
"""
from __future__ import annotations

from analysis.report.blocks import esc
from analysis.text.catalogue import say

__all__ = ["TERMS", "term_link", "glossary_page"]

TERMS = ("printed", "checkable", "check", "claim", "inputs_only", "standalone", "rounding_interval", "verdicts",
         "finding", "severity", "p_floor", "grim", "t_test", "df_range", "hedges_g", "confidence_interval",
         "risk_difference", "kappa", "not_reported", "jaccard", "cophenetic", "consensus", "stability", "ari",
         "pcoa", "inputs_digest")
"""The glossary's entries, in the order a reader meets them; each is the message ``glossary.<term>``."""


def term_link(term: str, text: str) -> str:
    """``text`` (already plain) linked to the glossary entry of ``term``."""
    if term not in TERMS:
        raise KeyError(f"no glossary entry {term!r}")
    return f'<a class="term" href="glossary.html#{term}">{esc(text)}</a>'


def _entry(term: str) -> str:
    parts = []
    for lg in ("en", "zh"):
        name, sep, rest = say(f"glossary.{term}", lg).partition("\uff1a" if lg == "zh" else ": ")  # the full-width colon
        parts.append(f'<dt lang="{lg}">{esc(name)}</dt><dd lang="{lg}">{esc(rest)}</dd>' if sep else
                     f'<dd lang="{lg}">{esc(name)}</dd>')
    return f'<div class="term" id="{term}"><dl>{"".join(parts)}</dl></div>'


def glossary_page(lang: str = "both") -> tuple[str, str]:
    """``(title, HTML body)`` of the glossary page: the title in ``lang``, every entry in both languages (a
    reader of either finds the other's term)."""
    intro = "".join(f'<p lang="{lg}">{esc(say("glossary.intro", lg))}</p>' for lg in ("en", "zh"))
    return say("glossary.title", lang, sep=" · "), intro + "\n".join(_entry(t) for t in TERMS)
