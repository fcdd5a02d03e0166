"""The cross-city tables in words: every identifier of the coding (a site, a mechanism, an element, a study, a
reading, a coded value) shown as its name in the page's language, every header from the catalogue, and each
table numbered with its caption.

The names come from the data (``data/coding/codebook.csv``, ``elements.csv``, ``sites.csv``, the data package's
studies) and the catalogue (``crosscity.value.*``, ``crosscity.reading.*``, ``crosscity.word.*``); nothing is
translated by matching English text. A column ``x`` with its Chinese ``x_zh`` is shown as ``x`` on an English
page, ``x_zh`` on a Chinese one and both on a page in both. Prose of the coding that names a mechanism by its
identifier (an inclusion rule, an adjudication's reason) shows the mechanism's name in quotes instead.

>>> words()["specialist_outreach"].en, words()["not_reported"].en
('specialist outreach to primary care', 'not reported')
"""
from __future__ import annotations

import functools
import re

import pandas as pd

from analysis.report.blocks import html_table, numbered
from analysis.text.catalogue import Text, catalogue, pick, say

__all__ = ["words", "worded", "worded_text", "table"]

_IDENT = re.compile(r"(?<![\w/.-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w/.-])")


@functools.cache
def words() -> dict[str, Text]:
    """Every identifier a cross-city table may hold, with its name in English and Chinese."""
    from analysis.crosscity import consensus
    from analysis.data import coding
    from analysis.data.datapackage import descriptor
    out: dict[str, Text] = {r: Text(say(f"crosscity.reading.{r}", "en"), say(f"crosscity.reading.{r}", "zh"))
                            for r in consensus.READINGS}
    for group in ("value", "word"):  # a coded value before a reading of the same name ("absent")
        out.update({mid.rsplit(".", 1)[1]: Text(say(mid, "en"), say(mid, "zh"))
                    for mid in catalogue() if mid.startswith(f"crosscity.{group}.")})
    el = coding.load("elements")
    out.update({r.element: Text(r.label, r.label_zh) for r in el.itertuples()})
    cb = coding.load("codebook")
    out.update({r.mechanism: Text(r.label, r.label_zh) for r in cb.itertuples()})
    sites = coding.load("sites")
    out.update({r.site: Text(r.name, r.name_zh) for r in sites.itertuples()})
    out.update({s["id"]: Text(s.get("short_title", s["title"]), s.get("short_title_zh", s.get("title_zh", "")))
                for s in descriptor()["studies"]})
    return out


def _value(value: object, lang: str, prose_lang: str) -> object:
    """One cell in words: an identifier (or a list of them, ``a; b``) by its name; identifiers inside prose
    (in ``prose_lang``) by their name in quotes; anything else as it is."""
    if not isinstance(value, str):
        return value
    vocab = words()
    if value in vocab:
        return pick(vocab[value], lang)
    parts = [p.strip() for p in re.split(r"[;]", value)]
    if len(parts) > 1 and all(p in vocab for p in parts):
        return "; ".join(pick(vocab[p], lang) for p in parts)
    quote = "“{}”" if prose_lang == "zh" else "‘{}’"
    return _IDENT.sub(lambda m: quote.format(vocab[m.group(1)].get(prose_lang)) if m.group(1) in vocab
                      else m.group(1).replace("_", " "), value)


_COLUMN_WORDS = {"evidence": "evidence", "indicator_group": "crosscity.group", "unit": "crosscity.unit"}
"""Columns whose values are a fixed vocabulary written in words (an evidence level of the data package, an
outcome's group and unit of ``data/coding/outcome_map.csv``): each value's message is its words joined with
``_`` (as :func:`analysis.text.narrative.evidence_label` names the evidence levels)."""


def _column_word(column: str, value: object, lang: str) -> object:
    """A value of a column of :data:`_COLUMN_WORDS` in the page's language; a value without a message (``%``,
    an empty cell) as it is.

    >>> _column_word("unit", "days", "zh") == say("crosscity.unit.days", "zh"), _column_word("unit", "%", "zh")
    (True, '%')
    >>> _column_word("evidence", "programme report", "en")
    'programme report'

    """
    if not isinstance(value, str) or not value.strip():
        return value
    mid = f"{_COLUMN_WORDS[column]}.{'_'.join(value.split())}"
    if mid not in catalogue():
        return value
    return say(mid, lang)


def worded_text(text: str, lang: str) -> str:
    """Prose of the coding in ``lang`` with the identifiers it names by their names (in quotes)."""
    return str(_value(text, lang, lang))


def worded(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``df`` in words for a page in ``lang``: identifier values by name, ``_zh`` twins kept by language,
    headers that are identifiers (an element, a coded value) by name."""
    cols = list(df.columns)
    keep = []
    for c in cols:
        twin = f"{c}_zh" in cols
        if lang == "en" and str(c).endswith("_zh") and str(c)[:-3] in cols:
            continue
        if lang == "zh" and twin:
            continue
        keep.append(c)
    out = df[keep].copy()
    for c in keep:
        prose_lang = "zh" if str(c).endswith("_zh") else "en"
        if c in _COLUMN_WORDS:
            out[c] = [_column_word(c, v, lang) for v in out[c]]
        else:
            out[c] = [_value(v, lang, prose_lang) for v in out[c]]
    vocab = words()
    return out.rename(columns={c: pick(vocab[c], lang, " · ") for c in keep
                               if isinstance(c, str) and c in vocab and f"column.{c}" not in catalogue()})


def table(df: pd.DataFrame, uid: str, ctx, fmt: str = "{:.3f}") -> str:
    """A cross-city table in words, numbered, with its caption (message ``crosscity.table.<uid>``)."""
    lang = ctx.lang
    cap = numbered(ctx, "table", say(f"crosscity.table.{uid.replace('-', '_')}", lang), uid)
    return html_table(worded(df, lang), uid, fmt=fmt, lang=lang, caption=cap)
