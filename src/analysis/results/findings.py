"""Findings: one per problem in a source, however many ledger rows show it.

Every ledger row that is not plainly ``consistent`` belongs to exactly one
finding (its ``finding`` column). By default a finding is one check of the
specification (a t statistic, the p recomputed from it and the p implied by
the printed statistic are one finding about one test); the specification's
``finding`` column groups several checks that show the same problem (the same
mislabelled number restated in the abstract and in a section; the four t
tests of one table that share one diagnosis).

Category: the category of the finding's most serious row (by verdict), the
engine's reading of that row (:class:`analysis.core.vocab.Category`).

Every sentence is a message of the catalogue built from the ledger's facts
(:data:`analysis.results.ledger.FACT_COLUMNS`): where the numbers were printed
(table, section, labels in both languages), which part of a test a row
judges, whether it is a p-value, which way a number was mislabelled. No
column written for reading (``Text``, ``section 3.1``, a check id's suffix,
a note's wording) is ever parsed.

Severity (:class:`analysis.core.vocab.Severity`), decided in this order:

1. ``changes_conclusion``: a row's significance decision at alpha flips
   (verdict ``inconsistent_conclusion``);
2. ``note``: the category is ``reporting_convention`` (not an error);
3. ``material``: the category is an inconsistent test, an impossible value,
   an internal contradiction or an unsupported claim, or the printed value is
   further from the recomputed range than the relative threshold
   ``material`` (default 5% of the recomputed value);
4. ``minor``: otherwise.

>>> import pandas as pd
>>> from analysis.results.ledger import LEDGER_COLUMNS
>>> from analysis.text.catalogue import Text
>>> row = dict.fromkeys(LEDGER_COLUMNS, "") | dict(study="s", finding="s:a", check_id="s:a", verdict="inconsistent",
...     category="calculation_error", reported="27.01", recomputed="27.0253", table="Table 2", label="l",
...     place="cell", section=None, table_text=Text("Table 2"), label_text=Text("l"), row="r",
...     column_text=Text("growth"), is_p=False, part="", mislabel=None, groups=())
>>> f = build_findings(pd.DataFrame([row]))
>>> [str(x) for x in f.loc[0, ["category", "severity", "changes_conclusion"]]]
['calculation_error', 'minor', 'False']
>>> f.loc[0, "summary_en"]
'Table 2 (l): the printed value does not follow from its printed inputs (printed → recomputed: 27.01 → 27.03).'
"""
from __future__ import annotations

import pandas as pd

from analysis.checks.engine import num
from analysis.checks.notes import Mislabel
from analysis.core.rounding import parse_printed
from analysis.core.vocab import Category, Severity, Verdict
from analysis.text.catalogue import LANGS, Join, Msg, Text, pick, render, say
from analysis.text.numbers import df_text, shown

__all__ = ["FINDING_COLUMNS", "build_findings", "severity", "relative_discrepancy", "where"]

FINDING_COLUMNS = ["study", "finding", "category", "severity", "changes_conclusion", "location", "checks",
                   "summary_en", "summary_zh", "location_zh"]
_ALWAYS_MATERIAL = (Category.INCONSISTENT_TEST, Category.IMPOSSIBLE_VALUE, Category.INTERNAL_CONTRADICTION,
                    Category.UNSUPPORTED_CLAIM)


def relative_discrepancy(row) -> float | None:
    """Distance of the printed value from the recomputed range, relative to the recomputed value.

    >>> relative_discrepancy({"reported": "24.64", "recomputed": "34.6356", "low": "34.6356", "high": "34.6356"})  # doctest: +ELLIPSIS
    0.2885...
    """
    try:
        p = float(parse_printed(str(row["reported"])).value)
        r = float(row["recomputed"])
    except (ValueError, TypeError):
        return None
    lo = float(row["low"]) if str(row.get("low", "")) not in ("", "nan") else r
    hi = float(row["high"]) if str(row.get("high", "")) not in ("", "nan") else r
    gap = 0.0 if lo <= p <= hi else min(abs(p - lo), abs(p - hi))
    return gap / abs(r) if r else (float("inf") if gap else 0.0)


def severity(rows: pd.DataFrame, category: Category, material: float = 0.05) -> Severity:
    """Severity of a finding from its ledger rows (rules in the module docstring)."""
    if any(Verdict(v) is Verdict.INCONSISTENT_CONCLUSION for v in rows["verdict"]):
        return Severity.CHANGES_CONCLUSION
    if category is Category.REPORTING_CONVENTION:
        return Severity.NOTE
    if category in _ALWAYS_MATERIAL:
        return Severity.MATERIAL
    gaps = [g for g in (relative_discrepancy(r) for r in rows.to_dict("records")) if g is not None]
    return Severity.MATERIAL if gaps and max(gaps) > material else Severity.MINOR


def _cell(r, lang: str) -> Msg | Text | str:
    """One place of a finding's number: our label (English; in a section, with the section) or the source's
    own row and column labels (Chinese; in a section, the section, after a claim's own Chinese words)."""
    if r.section is not None:
        if lang == "en" or r.place == "claim":
            return Msg.of("finding.in_section", label=r.label_text, section=r.section)
        return r.section
    if lang == "en":
        return r.label_text
    return Msg.of("finding.row_column", row=str(r.row), column=r.column_text) if r.column_text.zh else str(r.row)


def where(rows: pd.DataFrame, lang: str) -> str:
    """Where a finding's numbers were printed: each table (in ledger order) with its places, each once.

    Built from the ledger's facts (``table_text``, ``section``, ``label_text``,
    ``column_text``), never from the place's wording.

    >>> from analysis.text.places import section_text
    >>> rows = pd.DataFrame({"table": ["Text"], "table_text": [Text("Text")], "place": ["claim"], "row": [""],
    ...                      "section": [section_text("3.1")], "label_text": [Text("a grew most")],
    ...                      "column_text": [Text("claim")]})
    >>> where(rows, "en")
    'Text (a grew most, section 3.1)'
    """
    parts = []
    for _, grp in rows.groupby("table", sort=False):
        cells = tuple(dict.fromkeys(pick(_cell(r, lang), lang) for r in grp.itertuples()))
        parts.append(say("finding.where_table", lang, table=grp["table_text"].iloc[0],
                         cells=Join("sep.semicolon", cells)))
    return say("sep.semicolon", lang).join(parts)


def _pairs(rows: pd.DataFrame, arrow: str = "→") -> str:
    seen = []
    for r in rows.itertuples():
        item = f"{r.reported} {arrow} {shown(r.reported, r.recomputed, r.is_p)}"
        if Verdict(r.verdict).is_inconsistent and item not in seen:
            seen.append(item)
    return ", ".join(seen)


def _tests(rows: pd.DataFrame) -> Msg:
    """One clause per test of a finding: the printed and recomputed statistic and its diagnosis."""
    out = []
    for r in rows[rows["part"] == "statistic"].itertuples():
        lo, hi = r.df_low, r.df_high
        df = "" if lo == "" else (Msg.of("finding.test_df_open", low=df_text(lo)) if hi == "inf" else
                                  Msg.of("finding.test_df", low=df_text(lo), high=df_text(hi)))
        n = Msg.of("finding.test_n", n=f"{float(r.n_per_group):.0f}") if r.n_per_group not in ("", "inf") else ""
        variable = Text(r.label_text.en, r.column_text.zh)  # our label; the source's own column label in Chinese
        out.append(Msg.of("finding.test", variable=variable, reported=r.reported,
                          recomputed=shown(r.reported, r.recomputed), df=df, n=n))
    return Msg.of("finding.tests", tests=Join("sep.semicolon", tuple(out)))


def _labelling(rows: pd.DataFrame, first, place: Text) -> Msg:
    """A labelling error in its direction (the ledger's ``mislabel``), with the numbers of that reading."""
    marked = rows[rows["mislabel"].notna()]
    if marked.empty:
        return Msg.of("finding.labelling_error", where=place, reported=first.reported,
                      recomputed=shown(first.reported, first.recomputed, first.is_p))
    r = marked.iloc[0]
    if r.mislabel is Mislabel.PERCENT_AS_POINTS:  # the recomputed value is the difference in points
        return Msg.of("finding.percent_as_points", where=place, reported=r.reported,
                      points=shown(r.reported, r.recomputed), relative=shown(r.reported, num(r.relative)))
    return Msg.of("finding.points_as_percent", where=place, reported=r.reported,
                  relative=shown(r.reported, r.recomputed))


def _reason(rows: pd.DataFrame) -> Msg | str:
    """Why a claim does not hold, with the numbers: the specification's note of each row that does not
    reproduce (``506 -> 850 ...``), or nothing where the specification gives none."""
    bad = rows[rows["verdict"].map(lambda v: Verdict(v).is_inconsistent)]
    notes = tuple(dict.fromkeys(n for n in bad.get("spec_note", pd.Series(dtype=object)) if n is not None))
    return Msg.of("finding.reason", notes=Join("sep.semicolon", notes)) if notes else ""


def _summary(rows: pd.DataFrame, category: Category) -> Msg:
    """The finding in one sentence (a message of the catalogue), from the numbers and facts only."""
    bad = rows["verdict"].map(lambda v: Verdict(v).is_inconsistent)
    first = rows[bad].iloc[0] if bad.any() else rows.iloc[0]
    place = Text(where(rows, "en"), where(rows, "zh"))
    rec = shown(first.reported, first.recomputed, first.is_p)
    claims = Join("sep.semicolon", tuple(dict.fromkeys(rows["label_text"])))
    if (rows["place"] == "claim").all():  # a finding shown by claims of the text (true or false, no number)
        mid = ("finding.contradicting_claims" if category is Category.INTERNAL_CONTRADICTION
               else "finding.unsupported_claim")
        return Msg.of(mid, where=place, claims=claims, reason=_reason(rows))
    if category is Category.INCONSISTENT_TEST:
        stated = sorted({g for g in rows["groups"] if g})
        return Msg.of("finding.inconsistent_test", where=place, tests=_tests(rows),
                      stated=Msg.of("finding.stated", n1=stated[0][0], n2=stated[0][1]) if stated else "")
    if category is Category.LABELLING_ERROR:
        return _labelling(rows, first, place)
    if category is Category.APPROXIMATE_CLAIM:
        return Msg.of("finding.approximate_claim", where=place, approx=str(parse_printed(first.reported).value),
                      recomputed=rec)
    if category is Category.IMPOSSIBLE_VALUE:
        return Msg.of("finding.impossible_value", where=place, reported=first.reported, recomputed=rec)
    if category is Category.UNSUPPORTED_CLAIM:
        return Msg.of("finding.unsupported_claim", where=place, claims=claims, reason=_reason(rows))
    if category is Category.REPORTING_CONVENTION:
        return Msg.of("finding.reporting_convention", where=place, rules=", ".join(dict.fromkeys(rows["rule"])))
    mid = {Category.TYPOGRAPHICAL_ERROR: "finding.typographical_error",
           Category.INTERNAL_CONTRADICTION: "finding.internal_contradiction"}.get(category, "finding.calculation_error")
    return Msg.of(mid, where=place, pairs=_pairs(rows))


def _summaries(rows: pd.DataFrame, category: Category, sev: Severity) -> tuple[str, str]:
    """One sentence in English and one in Chinese (with the conclusion's sentence where it changes)."""
    msg = _summary(rows, category)
    out = []
    for lang in LANGS:
        text = render(msg, lang)
        out.append(text + (render(Msg.of("finding.conclusion"), lang) if sev is Severity.CHANGES_CONCLUSION else ""))
    return out[0], out[1]


def build_findings(ledger: pd.DataFrame, material: float = 0.05) -> pd.DataFrame:
    """One row per finding, from the ledger's ``finding`` column.

    Sorted with the findings that change a conclusion first, then by
    severity and in ledger order.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Ledger rows with their facts (:data:`analysis.results.ledger.LEDGER_COLUMNS` and
        :data:`~analysis.results.ledger.FACT_COLUMNS`, as :func:`analysis.results.ledger.build_ledger` returns).
    material : float
        Relative discrepancy above which a finding is material.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`.
    """
    out = []
    flagged = ledger[ledger["finding"].astype(str) != ""]
    for order, (fid, rows) in enumerate(flagged.groupby("finding", sort=False)):
        worst = Verdict.worst(rows["verdict"])
        lead = rows[[Verdict(v) is worst for v in rows["verdict"]]].iloc[0]
        category = Category(lead["category"])
        sev = severity(rows, category, material)
        en, zh = _summaries(rows, category, sev)
        out.append({"study": lead["study"], "finding": fid, "category": category.value, "severity": sev.value,
                    "changes_conclusion": sev is Severity.CHANGES_CONCLUSION, "location": where(rows, "en"),
                    "checks": ";".join(rows["check_id"]), "summary_en": en, "summary_zh": zh,
                    "location_zh": where(rows, "zh"),
                    "_rank": (-sev.rank, order)})
    frame = pd.DataFrame(out, columns=[*FINDING_COLUMNS, "_rank"])
    return frame.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)
