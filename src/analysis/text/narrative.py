"""Generated narrative: what reproduces, what does not, in English and Chinese.

Every sentence is generated from the ledger's facts (the columns
:data:`analysis.results.ledger.FACT_COLUMNS`: the place, the section, the
quantity and the notes as messages, the diagnoses), so the text can never say
more or less than the checks found, and no sentence is ever translated from
another or parsed: each is a message of the catalogue rendered in the page's
language.

>>> import pandas as pd
>>> from analysis.text.catalogue import Msg, Text
>>> led = pd.DataFrame([{"table": "Table 2", "verdict": "consistent", "ref": "t:a:x", "row": "r",
...                      "table_text": Text("Table 2", "表2"), "quantity_msg": Msg.of("quantity.growth"),
...                      "reported": "8.59", "recomputed": "8.58571", "rule_msg": Msg.of("rule.half_up")}])
>>> table_paragraph(led, "Table 2", "en")
'Table 2: 1 printed number checked; all 1 reproduce.'
>>> table_paragraph(led, "Table 2", "zh")
'表2：共核查 1 个印刷数值；全部 1 个均可重现。'
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.core.vocab import Verdict
from analysis.text.catalogue import Join, Msg, Text, render, render_html, say
from analysis.text.numbers import printed_or_claim, short, truth
from analysis.text.places import place

__all__ = ["LANGS", "table_paragraph", "study_paragraph", "coverage_paragraph", "claims_paragraph", "tolerance_grid", "evidence_note", "evidence_label",
           "param_word", "place_of", "notes_of", "diagnoses_of"]

LANGS = ("en", "zh", "both")


def _slug(level: str) -> str:
    return "_".join(level.split())


def evidence_label(level: str, lang: str) -> str:
    """Name of an evidence level (the data package's vocabulary).

    >>> evidence_label("programme report", "zh")
    '项目报告'
    """
    return say(f"evidence.{_slug(level)}", lang)


def evidence_note(level: str, lang: str) -> str:
    """What an evidence level means for the reader (``both``: the two paragraphs).

    >>> evidence_note("unattributed claims", "en").startswith("Unattributed claims")
    True
    """
    return say(f"evidence_note.{_slug(level)}", lang, sep="\n\n")


def param_word(name: str, value_: str, lang: str) -> str:
    """A parameter of the run in words: the t test, the rounding rule or the language.

    >>> param_word("rounding", "half_even", "zh"), param_word("t_test", "welch", "en"), param_word("lang", "both", "en")
    ('四舍六入五成双', 'Welch (unequal variances)', 'English and Chinese')
    """
    mid = {"rounding": f"rule.{value_}", "t_test": f"param.{value_}", "lang": f"param.lang_{value_}"}[name]
    return say(mid, lang)


def place_of(row: Any, lang: str) -> str:
    """Where a ledger row's number was printed, from its facts (table, section or row, column).

    >>> row = pd.Series({"table_text": Text("Table 2"), "row": "r", "column_text": Text("growth"), "section": None})
    >>> place_of(row, "en")
    'Table 2, row r, column growth'
    """
    return place(row.table_text, row.row, row.column_text, lang, section=row.section)


def notes_of(row: Any, lang: str, html: bool = False) -> str:
    """A ledger row's notes in ``lang``: the engine's messages, then the specification's note.

    In ``both`` the English, then the Chinese after `` / ``; ``html`` escapes
    the text and shows an expression (a claim's predicate) as code.

    >>> row = pd.Series({"notes": (Msg.of("note.claim_holds", predicate="a < b"),), "spec_note": None})
    >>> notes_of(row, "en"), notes_of(row, "en", html=True)
    ('a < b: holds for the printed values', '<code>a &lt; b</code>: holds for the printed values')
    """
    if lang == "both":
        en, zh = notes_of(row, "en", html), notes_of(row, "zh", html)
        return en + (" / " + zh if zh else "")
    parts = [(render_html if html else render)(m, lang) for m in row.notes]
    if row.spec_note is not None:
        parts.append(render_html(row.spec_note, lang) if html else render(row.spec_note, lang))
    return say("sep.semicolon", lang).join(p for p in parts if p)


def tolerance_grid(row: Any) -> Msg | None:
    """An "about x" row's verdict at each tolerance of the ledger's sensitivity columns, or None.

    >>> r = pd.Series({"verdict_tol05": "inconsistent", "verdict_tol10": "inconsistent",
    ...                "verdict_tol15": "inconsistent", "verdict_tol20": "consistent"})
    >>> render(tolerance_grid(r), "en")
    'verdict by the tolerance of "about": 5% ✗, 10% ✗, 15% ✗, 20% ✓'
    """
    cols = [c for c in getattr(row, "index", ()) if str(c).startswith("verdict_tol")] if isinstance(row, pd.Series) \
        else [c for c in getattr(row, "_fields", ()) if c.startswith("verdict_tol")]
    values = [(c, getattr(row, c) if not isinstance(row, pd.Series) else row[c]) for c in cols]
    if not values or any(v == "" for _, v in values):
        return None
    cells = tuple(f"{int(c[len('verdict_tol'):])}% {Verdict(v).symbol}" for c, v in values)
    return Msg.of("narrative.tolerance_grid", cells=Join("sep.comma", cells))


def diagnoses_of(rows: pd.DataFrame | Any) -> Join | None:
    """The notes that say what went wrong with a number (the ledger's ``diagnoses``), each once, or None.

    >>> d = Msg.of("note.decision_differs")
    >>> render(diagnoses_of(pd.DataFrame({"diagnoses": [(d,), (d,)]})), "en"), diagnoses_of(pd.Series({"diagnoses": ()}))
    ('the significance decision differs', None)
    """
    found = rows["diagnoses"] if isinstance(rows, pd.DataFrame) else [rows.diagnoses]
    unique = tuple(dict.fromkeys(m for ms in found for m in ms))
    return Join("sep.semicolon", unique) if unique else None


def _is_cell(refs: pd.Series) -> pd.Series:
    """Whether each ledger row judges a printed number (its ``ref`` names a cell, ``resource:key:field``).

    A claim of the text that prints no number has an empty ``ref``: it is a claim, counted apart, never a
    printed number (the one definition of :func:`analysis.results.coverage.numbers`).
    """
    return refs.astype(str).str.count(":") == 2


def _worst(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per printed number (``ref``), with the worst verdict of its checks; claims without a printed
    number are left out (see :func:`_claims`)."""
    if "ref" not in rows.columns or rows.empty:
        return rows
    rows = rows[_is_cell(rows["ref"])]
    if rows.empty:
        return rows
    worst = rows.groupby("ref", sort=False)["verdict"].agg(lambda v: Verdict.worst(v).value)
    first = rows.drop_duplicates("ref").set_index("ref")
    first["verdict"] = worst
    return first.reset_index()


def _item(r: Any, lang: str) -> Msg:
    found = diagnoses_of(r)
    note = Msg.of("narrative.item_note", notes=found) if found else ""
    if lang == "en":
        return Msg.of("narrative.item_by_label", label=r.label_text, column=r.column_text, quantity=r.quantity_msg,
                      reported=r.reported, recomputed=short(r.recomputed), note=note)
    return Msg.of("narrative.item_by_place", place=place_of(r, lang), quantity=r.quantity_msg,
                  reported=printed_or_claim(r.printed, lang),
                  recomputed=truth(r.holds, lang) if r.holds is not None else short(r.recomputed), note=note)


def _claims(rows: pd.DataFrame) -> pd.DataFrame:
    """The claims of the text among ``rows`` that print no number, one row per check."""
    if "ref" not in rows.columns or "holds" not in rows.columns or rows.empty:
        return rows.iloc[0:0]
    return rows[~_is_cell(rows["ref"]) & rows["holds"].notna()]


def _claim_item(r: Any, lang: str) -> Msg:
    reason = Msg.of("narrative.claim_reason", reason=r.spec_note) if r.spec_note is not None else ""
    return Msg.of("narrative.claim_item", claim=r.label_text, reason=reason)


def _claims_text(rows: pd.DataFrame, lang: str) -> str:
    claims = _claims(rows)
    if claims.empty:
        return ""
    false = claims[[not bool(h) for h in claims["holds"]]]
    if false.empty:
        return say("narrative.claims_all", lang, n=len(claims))
    items = Join("sep.semicolon", tuple(_claim_item(r, lang) for r in false.itertuples()))
    return say("narrative.claims_some", lang, n=len(claims), bad=len(false), items=items)


def _one(ledger: pd.DataFrame, table: str, lang: str, name: Text) -> str:
    mine = ledger[ledger["table"] == table]
    rows = _worst(mine)
    n = len(rows)
    claims = _claims_text(mine, lang)
    if n == 0:
        return say("narrative.claims_only", lang, table=name) + claims if claims else \
            say("narrative.none", lang, table=name)
    return _numbers_text(rows, lang, name) + (" " if lang == "en" and claims else "") + claims


def _numbers_text(rows: pd.DataFrame, lang: str, name: Text) -> str:
    n = len(rows)
    verdicts = [Verdict(v) for v in rows["verdict"]]
    ok = sum(v is Verdict.CONSISTENT for v in verdicts)
    if_rule = rows[[v is Verdict.CONSISTENT_IF_ROUNDING for v in verdicts]]
    bad = rows[[v.is_inconsistent for v in verdicts]]
    cond = sum(v is Verdict.INCONSISTENT_CONCLUSION for v in verdicts)
    text = say("narrative.checked_one" if n == 1 else "narrative.checked_many", lang, table=name, n=n)
    if len(bad) == 0 and len(if_rule) == 0:
        return text + say("narrative.all", lang, n=n)
    # "reproduce" counts those that reproduce under the run's rule only, as the page's count of verdicts does;
    # those that reproduce only under another rule are counted apart, after it
    text += (say("narrative.some_conclusion", lang, ok=ok, bad=len(bad), c=cond) if cond else
             say("narrative.some", lang, ok=ok, bad=len(bad)))
    for _, grp in if_rule.groupby("rule", sort=True):
        text += say("narrative.if_rule", lang, n=len(grp), rule=grp["rule_msg"].iloc[0])
    items = Join("sep.semicolon", tuple(_item(r, lang) for r in bad.itertuples()))
    return text + say("narrative.items", lang, items=items)


def table_paragraph(ledger: pd.DataFrame, table: str, lang: str, name: Text | None = None) -> str:
    """One paragraph on one printed table, from its ledger rows (counted as printed numbers).

    Parameters
    ----------
    ledger : pandas.DataFrame
        Ledger rows with their facts (at least ``table, verdict, ref, row, reported, recomputed`` and
        ``table_text, quantity_msg, rule_msg``; ``label_text, column_text, section, diagnoses`` for a
        number that does not reproduce).
    table : str
        The printed table, e.g. ``"Table 2"``.
    lang : {"en", "zh", "both"}
    name : Text, optional
        The table's name in both languages (default: that of its first row).
    """
    if name is None:
        rows = ledger[ledger["table"] == table]
        name = rows["table_text"].iloc[0] if len(rows) else Text(table)
    if lang == "both":
        return _one(ledger, table, "en", name) + "\n\n" + _one(ledger, table, "zh", name)
    return _one(ledger, table, lang, name)


def coverage_paragraph(cov: dict[str, int], lang: str) -> str:
    """How many numbers are printed, checkable and checked, and why the rest cannot be checked.

    ``cov`` is :func:`analysis.results.coverage.study_counts` (``printed, checkable, checks,
    inputs_only, standalone``); a dict from :func:`analysis.results.ledger.coverage`
    (``checked`` instead of ``checkable``) is accepted too.

    >>> coverage_paragraph({"printed": 3, "checked": 1, "inputs_only": 1, "standalone": 1}, "en")[:40]
    'The source prints 3 numbers (transcribed'
    """
    if lang == "both":
        return coverage_paragraph(cov, "en") + "\n\n" + coverage_paragraph(cov, "zh")
    c = dict(cov)
    c.setdefault("checkable", c.get("checked", 0))
    c.setdefault("checks", c["checkable"])
    if c["checkable"] == 0:
        return say("narrative.coverage_none", lang, printed=int(c["printed"]))
    return say("narrative.coverage", lang, **{k: int(c[k]) for k in ("printed", "checkable", "checks", "inputs_only",
                                                                       "standalone")})


def claims_paragraph(counts: dict[str, int], lang: str) -> str:
    """The claims of the text, counted apart from the numbers (:func:`analysis.results.coverage.claim_counts`).

    >>> claims_paragraph({"claims": 3, "claims_hold": 1, "claims_fail": 1, "claims_undecidable": 1,
    ...                   "restatements": 2, "restatements_fail": 0}, "en")[:60]
    'Claims of the text that print no number of their own are jud'
    """
    if lang == "both":
        return claims_paragraph(counts, "en") + "\n\n" + claims_paragraph(counts, "zh")
    if not counts["claims"] and not counts["restatements"]:
        return say("narrative.claims_none", lang)
    return say("narrative.claims", lang, claims=int(counts["claims"]), hold=int(counts["claims_hold"]),
               fail=int(counts["claims_fail"]), undecidable=int(counts["claims_undecidable"]),
               restated=int(counts["restatements"]), restated_fail=int(counts["restatements_fail"]))


def study_paragraph(counts: dict[str, int] | pd.DataFrame, lang: str) -> str:
    """One sentence on a study's checkable numbers by verdict.

    ``counts`` is :func:`analysis.results.coverage.study_counts`; a ledger is accepted too
    (its numbers are counted once each, with their worst verdict).

    >>> led = pd.DataFrame({"verdict": ["consistent", "inconsistent_conclusion"], "ref": ["r:a:x", "r:b:x"]})
    >>> study_paragraph(led, "en")
    'Checkable numbers by verdict: reproduce, 1; reproduce only under another rounding rule, 0; do not reproduce, 1, of which 1 flip a significance decision.'
    """
    if lang == "both":
        return study_paragraph(counts, "en") + "\n\n" + study_paragraph(counts, "zh")
    if isinstance(counts, pd.DataFrame):
        nums = _worst(counts)
        found = [Verdict(v) for v in nums["verdict"]]
        counts = {"checkable": len(nums), **{v.value: sum(x is v for x in found) for v in Verdict}}
    if not counts["checkable"]:
        return ""
    n = {v: int(counts[v.value]) for v in Verdict if v is not Verdict.INVALID}
    return say("narrative.study", lang, ok=n[Verdict.CONSISTENT], rule=n[Verdict.CONSISTENT_IF_ROUNDING],
               bad=n[Verdict.INCONSISTENT] + n[Verdict.INCONSISTENT_CONCLUSION],
               cond=n[Verdict.INCONSISTENT_CONCLUSION])
