"""The printed tables of a study, checked: each checked number marked in place, and the derived values.

Headers, table names and coded values are shown in the page's language from the data package
(``title_zh`` of a field, ``table_zh`` of a resource, ``values`` and ``values_zh`` of a coded field); a table's
paragraph comes from :func:`analysis.text.narrative.table_paragraph`.
"""
from __future__ import annotations

import re


from analysis.data.datapackage import Resource
from analysis.core.config import current
from analysis.core.vocab import Verdict
from analysis.results.coverage import numbers
from analysis.results.study import Context
from analysis.report.blocks import (Block, bilingual, box_table, esc, md_table, numbered, paras, sentences)
from analysis.text import narrative
from analysis.text.catalogue import Text, pick, render, say
from analysis.text.labels import langs, term
from analysis.text.numbers import shown_pair, sig
from analysis.report.overview import legend, run_rule

__all__ = ["reproduction"]

def _columns(res: Resource, lang: str) -> list[tuple[str, str, str]]:
    """``(column shown, header, lang of the values)`` for a resource in ``lang``.

    A column ``x`` with a Chinese counterpart ``x_zh`` shows ``x_zh`` in a
    Chinese page and ``x`` in an English one; in ``both`` each is shown. The key column (our identifier of a
    row, e.g. ``outpatient_city``) is shown only where its values are plain words (a year, ``age``): the
    source's own row labels are.
    """
    # the key is our row id, not the source's label: shown only where it is a plain word (a year, "age")
    plain = not res.frame[res.key].astype(str).str.contains("_").any()
    names = [c for c in res.frame.columns if c != res.key or plain]
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


def _caption(mid: str, lang: str, **params) -> str:
    """A caption (HTML) in each language shown, each sentence marked with its language and naming things in it."""
    from analysis.text.labels import localized
    return " ".join(f'<span lang="{lg}">{esc(t)}</span>' for lg, t in localized(mid, lang, **params))


def _resource_table(ctx: Context, res: Resource) -> Block:
    lang, led = ctx.lang, ctx.ledger
    nums = numbers(led[led["ref"].str.startswith(res.short + ":")]) if not led.empty else led
    by_cell = {tuple(r.ref.split(":")[1:]): r for r in nums.itertuples()} if not nums.empty else {}
    cols = _columns(res, lang)
    numeric = {f["name"] for f in res.fields if f.get("type") in ("number", "integer") or f.get("role") == "value"}
    # a coded value in words (``values``) and in Chinese (``values_zh``), from the data package
    coded = {f["name"]: {"en": f.get("values", {}), "zh": f.get("values_zh", {})} for f in res.fields}
    rows, rows_md, cls, ids = [], [], [], []
    for _, rec in res.frame.iterrows():
        key = rec[res.key]
        cells, cells_md, cc, ci = [], [], [], []
        for c, _, vlang in cols:
            text = str(rec[c])
            r = by_cell.get((key, c))
            if r is not None:
                pair = shown_pair(r.reported, r.recomputed, r.is_p, r.verdict, run_rule(ctx), holds=r.holds)
                sym = Verdict(r.verdict).symbol
                title = esc(term(Verdict(r.verdict), lang))
                cells.append(f'<a class="cellref" href="#{esc(r.anchor)}" title="{title}">'
                             f"{sym} {esc(pair)}</a>")
                cells_md.append(f"{sym} {pair}")
                cc.append(f"v-{r.verdict}")
                ci.append(f"cell-{r.anchor}")
            else:
                words = coded.get(c, {"en": {}, "zh": {}})
                if text in words["en"] or text in words["zh"]:
                    text = {lg: words[lg].get(text, text) for lg in ("en", "zh")}.get(lang) or \
                        f'{words["en"].get(text, text)} / {words["zh"].get(text, text)}'
                    vlang = "" if lang == "both" else lang
                lang_attr = ' lang="en"' if (lang == "zh" and vlang == "en" and c not in numeric
                                             and re.search(r"[A-Za-z]{2}", text)) else ""
                cells.append(f"<span{lang_attr}>{esc(text)}</span>" if lang_attr else esc(text))
                cells_md.append(text)
                cc.append("")
                ci.append("")
        rows.append(cells)
        rows_md.append(cells_md)
        cls.append(cc)
        ids.append(ci)
    hdr = [h for _, h, _ in cols]
    table = Text(res.table, ctx.study.table_zh(res.table))
    part = Text(res.descriptor["title"], res.descriptor.get("title_zh", ""))
    cap = numbered(ctx, "table", _caption("label.printed_caption", lang, table=table, part=part), res.short)
    return Block(box_table([esc(h) for h in hdr], rows, "data cards", cell_cls=cls, caption=cap, cell_ids=ids),
                 md_table(hdr, rows_md))


def reproduction(ctx: Context) -> Block:
    """Every printed table, checked numbers marked in place (symbol, printed → recomputed), and a paragraph each."""
    lang = ctx.lang
    out = legend(lang)
    by_table: dict[str, list[Resource]] = {}
    for res in ctx.study.resources.values():
        by_table.setdefault(res.table, []).append(res)
    for table in ctx.study.tables:
        table_text = Text(table, ctx.study.table_zh(table))
        name = pick(table_text, lang)
        tid = "table-" + re.sub(r"[^A-Za-z0-9]+", "-", table).strip("-").lower()
        out += Block(f'<h3 id="{tid}">{esc(name)}</h3>', f"### {name}")
        for res in by_table.get(table, []):
            cap = pick(Text(res.descriptor["title"], res.descriptor.get("title_zh", "")), lang)
            rel = current().relative(current().data / res.descriptor["path"])
            out += Block(f'<h4>{esc(cap)}</h4><p class="src">{esc(say("label.transcribed", lang))}: '
                         f'<a href="../{esc(rel)}"><code>{esc(rel)}</code></a></p>',
                         f"#### {cap}\n\n{say('label.transcribed', lang)}: `{rel}`")
            out += _resource_table(ctx, res)
        ph, pm = paras(narrative.table_paragraph(ctx.ledger, table, lg, table_text) for lg in langs(lang))
        out += Block(ph, pm)
    if not ctx.derived.empty:
        out += Block(f'<h3 id="derived">{esc(say("label.derived", lang))}</h3>', f"### {say('label.derived', lang)}")
        out += sentences("label.derived_note", lang)
        out += _derived_table(ctx)
    return out


_DERIVED_COLS = [("table", "c_table"), ("label", "c_label"), ("quantity", "c_quantity"), ("value", "c_value"),
                 ("low", "c_low"), ("high", "c_high"), ("formula", "c_formula"), ("inputs", "c_inputs"),
                 ("note", "c_note")]
_DERIVED_FACTS = {"table": "table_text", "label": "label_text", "quantity": "quantity_msg", "note": "note_msg"}


def _inputs(ctx: Context, refs: str, lang: str, html: bool = False) -> str:
    """A derived value's inputs in words: ``count = 6,667 (contracted residents)`` for each
    ``name=resource:key:field`` of the derived table (the printed value and our label, in ``lang``; ``html``:
    escaped, the input's name, a name in the formula, as code).

    A reference the study cannot resolve is shown as it is (it would be a bug of the derived table)."""
    out = []
    for part in [p.strip() for p in str(refs).split(";") if p.strip()]:
        name, _, refs_ = part.partition("=")
        shown = []
        for ref in refs_.split("+"):  # several cells summed into one input: each shown
            try:
                cell = ctx.study.cell(ref.strip())
            except KeyError:
                shown.append(esc(ref) if html else ref)
                continue
            label = (cell.label_zh or cell.label) if lang == "zh" else cell.label
            shown.append(f"{esc(cell.text)} ({esc(label)})" if html else f"{cell.text} ({label})")
        out.append((f"<code>{esc(name.strip())}</code>" if html else name.strip()) + " = " + " + ".join(shown))
    return say("sep.semicolon", lang).join(out)


def _derived_table(ctx: Context) -> Block:
    """Derived values: headers in the page's language; formulas and inputs as code; generated English marked."""
    lang = ctx.lang
    cols = [(c, k) for c, k in _DERIVED_COLS if c in ctx.derived.columns]
    hdr = [say(f"label.{k}", lang) for _, k in cols]
    rows, rows_md = [], []
    for _, r in ctx.derived.iterrows():
        cells, md = [], []
        for c, _ in cols:
            v = str(r[c])
            if c in _DERIVED_FACTS:  # the table, the label, the quantity and the note, in the page's language
                fact = r[_DERIVED_FACTS[c]]
                h, v = bilingual(lambda lg: render(fact, lg), lang=lang)
            elif c == "inputs":  # each input by its printed value and what it is, never its cell reference
                h, v = bilingual(lambda lg, refs=v: _inputs(ctx, refs, lg), lang=lang,
                                 html_fn=lambda lg, refs=v: _inputs(ctx, refs, lg, html=True))
            elif c == "formula":
                h = f"<code>{esc(v)}</code>"
            elif c in ("value", "low", "high"):
                try:
                    h = esc(sig(float(v)))
                except ValueError:
                    h = esc(v)
            else:
                h = esc(v)
            cells.append(h)
            md.append(v)
        rows.append(cells)
        rows_md.append(md)
    return Block(box_table(hdr, rows, "derived cards", caption=numbered(ctx, "table", say("label.derived_caption", lang), "derived")),
                 md_table(hdr, rows_md))
