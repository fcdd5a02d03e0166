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

Severity by consequence (:func:`analysis.results.severity.grade`, the written
criteria of the README): each finding says which criterion applied and why
(``criterion``, ``reason_en``, ``reason_zh``), from the ledger's facts and our
register of what the finding means for the paper's conclusions
(:mod:`analysis.data.conclusions`).

A diagnosis is stated only where it discriminates: for the tests of a
finding, whether one group size reconciles every printed t with its means and
SDs (and how many times fewer than stated it is, in words that match the
numbers), that larger SDs with the stated groups are the equivalent reading,
whether the printed p tells the two apart, and which of the explanations tried
reconciles both the statistic and the p ("none" when none does). A total that
its parts contradict while it is printed in several places, and the parts
are supported by a test that reproduces from them, is a contradiction whose
culprit cannot be told: the finding says so, and names a digit slip only as
one possible explanation.

>>> import pandas as pd
>>> from analysis.results.ledger import LEDGER_COLUMNS
>>> from analysis.text.catalogue import Text
>>> row = dict.fromkeys(LEDGER_COLUMNS, "") | dict(study="s", finding="s:a", check_id="s:a", verdict="inconsistent",
...     category="calculation_error", reported="27.01", recomputed="27.0253", table="Table 2", label="l",
...     place="cell", section=None, table_text=Text("Table 2"), label_text=Text("l"), row="r",
...     column_text=Text("growth"), is_p=False, part="", mislabel=None, groups=(), diag={}, input_refs=(),
...     spec_check="a", notes=())
>>> f = build_findings(pd.DataFrame([row]))
>>> [str(x) for x in f.loc[0, ["category", "severity", "criterion", "changes_conclusion"]]]
['calculation_error', 'minor', 'unassessed', 'False']
>>> f.loc[0, "summary_en"]
'Table 2 (l): the printed value does not follow from its printed inputs (printed → recomputed: 27.01 → 27.03).'
"""
from __future__ import annotations

import pandas as pd

import math
import statistics

from analysis.checks.engine import num
from analysis.checks.kinds.significance import times
from analysis.checks.notes import Mislabel
from analysis.core.rounding import parse_printed
from analysis.core.vocab import Category, Severity, Verdict
from analysis.data.conclusions import Consequence, load_conclusions
from analysis.results.severity import grade
from analysis.stats.diagnosis import EXPLANATIONS, t_at_n
from analysis.text.catalogue import LANGS, Join, Msg, Text, pick, render, say
from analysis.text.numbers import df_text, shown

__all__ = ["FINDING_COLUMNS", "build_findings", "where"]

FINDING_COLUMNS = ["study", "finding", "category", "severity", "criterion", "changes_conclusion", "location",
                   "checks", "summary_en", "summary_zh", "location_zh", "reason_en", "reason_zh"]
"""The columns of ``tables/findings.csv``: ``criterion`` is the written criterion that graded the finding
(:class:`analysis.core.vocab.Criterion`), ``reason_en``/``reason_zh`` why, in both languages."""


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


def _statistics(rows: pd.DataFrame) -> list:
    """The statistic rows of a finding's tests (one per test), in ledger order."""
    return list(rows[rows["part"] == "statistic"].itertuples())


def _variable(r) -> Text:
    return Text(r.label_text.en, r.column_text.zh)  # our label; the source's own column label in Chinese


def _tests(rows: pd.DataFrame) -> Msg:
    """One clause per test: printed and recomputed statistic, the df that reconcile it with its p, and the two
    equivalent readings that reconcile it with its means and SDs (a smaller n, or larger SDs)."""
    out = []
    for r in _statistics(rows):
        lo, hi = r.df_low, r.df_high
        df = "" if lo == "" else (Msg.of("finding.test_df_open", low=df_text(lo)) if hi == "inf" else
                                  Msg.of("finding.test_df", low=df_text(lo), high=df_text(hi)))
        d = r.diag or {}
        n = ""
        if r.n_per_group not in ("", "inf"):
            n = Msg.of("finding.test_n", n=f"{float(r.n_per_group):.0f}", factor=f"{d.get('sd_factor', math.nan):.2g}")
        out.append(Msg.of("finding.test", variable=_variable(r), reported=r.reported,
                          recomputed=shown(r.reported, r.recomputed), df=df, n=n))
    return Msg.of("finding.tests", tests=Join("sep.semicolon", tuple(out)))


def _group(rows: pd.DataFrame) -> Msg | str:
    """What the tests of a finding say together: one group size for all, or none; how many times fewer than
    stated; whether the printed p tell a smaller n from larger SDs; which explanations reconcile both numbers."""
    stats = [r for r in _statistics(rows) if r.diag and math.isfinite(r.diag.get("n_per_group", math.inf))]
    parts: list[Msg | str] = []
    if stats:
        n1, n2 = stats[0].diag["n_stated"]
        lo = max(r.diag["n_low"] for r in stats)
        hi = min(r.diag["n_high"] for r in stats)
        faces = [r.diag["n_per_group"] for r in stats]
        k = len(stats)
        if lo <= hi:  # one group size reconciles every printed t with its means and SDs
            n = statistics.fmean(faces)
            favours = [r.diag.get("p_favours_n") for r in stats]
            p = ("finding.group_p_favours" if all(f is True for f in favours) else "finding.group_p_neutral")
            fewer = Msg.of("finding.group_fewer", times=times(min(n1, n2) / n, max(n1, n2) / n), n1=n1, n2=n2) \
                if hi < min(n1, n2) else ""
            mid = {1: "finding.group_single", 2: "finding.group_both"}.get(k, "finding.group_one")
            more = {"k": k} if mid == "finding.group_one" else {}
            parts.append(Msg.of(mid, n=f"{n:.0f}", fewer=fewer, p=Msg.of(p), **more))
        else:  # no one n: show the test furthest from the others at the n that fits most
            mid = round(statistics.median(faces))
            odd = max(stats, key=lambda r: abs(r.diag["n_per_group"] - mid))
            m1, s1, m2, s2 = odd.diag["summaries"]
            at = t_at_n(m1, s1, m2, s2, mid)
            parts.append(Msg.of("finding.group_none", k=k, low=f"{min(faces):.0f}", high=f"{max(faces):.0f}",
                                n=mid, variable=_variable(odd), t=f"{abs(at):.3g}",
                                printed=odd.reported.lstrip("-−")))
    if not parts:
        parts.append("")
    tested = [r for r in _statistics(rows) if r.diag and "explanation" in r.diag]
    if tested:
        fits = sorted({f for r in tested for f in r.diag["explanation"]}, key=EXPLANATIONS.index)
        tried = Join("sep.comma", tuple(Msg.of(f"explanation.{e}") for e in EXPLANATIONS))
        parts.append(Msg.of("finding.tried_fits", tried=tried,
                            fits=Join("sep.comma", tuple(Msg.of(f"explanation.{f}") for f in fits)))
                     if fits else Msg.of("finding.tried_none", tried=tried))
    return Msg.of("finding.group", size=parts[0], tried=parts[1]) if len(parts) > 1 else parts[0]


def _sum_contradiction(rows: pd.DataFrame, ledger: pd.DataFrame, first) -> Msg:
    """A total that its parts contradict: where else the total is printed, which checks reproduce from the
    parts, that the culprit cannot be told, and a digit slip as one possible explanation."""
    restating = ledger[(ledger["kind"] == "restated") & ledger["verdict"].map(lambda v: Verdict(v).is_consistent)
                       & ledger["input_refs"].map(lambda refs: first.ref in refs)]
    places = [first.table_text] + [r.section if r.section is not None else r.table_text
                                   for r in restating.itertuples()]
    parts = set(first.input_refs)
    support = ledger[(ledger["check_id"] != first.check_id) & (ledger["kind"] != "sum")
                     & ledger["verdict"].map(lambda v: Verdict(v).is_consistent)
                     & ledger["input_refs"].map(lambda refs: bool(parts & set(refs)))]
    backers = tuple(Msg.of("finding.check_in", table=r.table_text, quantity=r.quantity_msg)
                    for r in support.drop_duplicates("spec_check").itertuples())
    slip = next((m.values["explanation"] for m in first.notes if m.id == "note.possible_explanation"), None)
    return Msg.of("finding.sum_contradiction", where=Text(where(rows, "en"), where(rows, "zh")),
                  total=first.reported, sum=shown(first.reported, first.recomputed), k=len(places),
                  places=Join("sep.semicolon", tuple(dict.fromkeys(places))),
                  support=Msg.of("finding.parts_supported", checks=Join("sep.semicolon", backers)) if backers else "",
                  slip=Msg.of("finding.one_explanation", explanation=slip) if slip else "")


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


def _summary(rows: pd.DataFrame, category: Category, ledger: pd.DataFrame) -> Msg:
    """The finding in one sentence (a message of the catalogue), from the numbers and facts only."""
    bad = rows["verdict"].map(lambda v: Verdict(v).is_inconsistent)
    first = rows[bad].iloc[0] if bad.any() else rows.iloc[0]
    place = Text(where(rows, "en"), where(rows, "zh"))
    rec = shown(first.reported, first.recomputed, first.is_p)
    claims = Join("sep.semicolon", tuple(dict.fromkeys(rows["label_text"])))
    if (rows["place"] == "claim").all():  # a finding shown by claims of the text (true or false, no number)
        notes = Join("sep.semicolon", tuple(m for r in rows.itertuples() for m in r.notes[:1]))
        if category in (Category.MIXED_UNITS, Category.RAW_COUNT_GROWTH):
            return Msg.of(f"finding.{category.value}", where=place, notes=notes)
        why = Join("sep.semicolon", tuple(dict.fromkeys(r.spec_note for r in rows.itertuples() if r.spec_note)))
        mid = ("finding.contradicting_claims" if category is Category.INTERNAL_CONTRADICTION
               else "finding.unsupported_claim")
        return Msg.of(mid, where=place, claims=why if why.items else claims)
    if category is Category.INCONSISTENT_TEST:
        stated = sorted({g for g in rows["groups"] if g})
        return Msg.of("finding.inconsistent_test", where=place, tests=_tests(rows), group=_group(rows),
                      stated=Msg.of("finding.stated", n1=stated[0][0], n2=stated[0][1]) if stated else "")
    if category is Category.INTERNAL_CONTRADICTION and first.kind == "sum":
        return _sum_contradiction(rows, ledger, first)
    if category is Category.LABELLING_ERROR:
        return _labelling(rows, first, place)
    if category is Category.APPROXIMATE_CLAIM:
        return Msg.of("finding.approximate_claim", where=place, approx=str(parse_printed(first.reported).value),
                      recomputed=rec)
    if category is Category.IMPOSSIBLE_VALUE:
        return Msg.of("finding.impossible_value", where=place, reported=first.reported, recomputed=rec)
    if category is Category.UNSUPPORTED_CLAIM:
        return Msg.of("finding.unsupported_claim", where=place, claims=claims)
    if category is Category.REPORTING_CONVENTION:
        return Msg.of("finding.reporting_convention", where=place, rules=", ".join(dict.fromkeys(rows["rule"])))
    mid = {Category.TYPOGRAPHICAL_ERROR: "finding.typographical_error",
           Category.INTERNAL_CONTRADICTION: "finding.internal_contradiction"}.get(category, "finding.calculation_error")
    return Msg.of(mid, where=place, pairs=_pairs(rows))


def build_findings(ledger: pd.DataFrame, material: float = 0.05,
                   conclusions: dict[str, Consequence] | None = None) -> pd.DataFrame:
    """One row per finding, from the ledger's ``finding`` column, graded by :func:`analysis.results.severity.grade`.

    Sorted with the findings that change a conclusion first, then by
    severity and in ledger order.

    Parameters
    ----------
    ledger : pandas.DataFrame
        Ledger rows with their facts (:data:`analysis.results.ledger.LEDGER_COLUMNS` and
        :data:`~analysis.results.ledger.FACT_COLUMNS`, as :func:`analysis.results.ledger.build_ledger` returns).
    material : float
        For a finding the register does not assess: the relative discrepancy above which it is material.
    conclusions : dict, optional
        The register of consequences (default: :func:`analysis.data.conclusions.load_conclusions`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`.
    """
    register = load_conclusions() if conclusions is None else conclusions
    out = []
    flagged = ledger[ledger["finding"].astype(str) != ""]
    for order, (fid, rows) in enumerate(flagged.groupby("finding", sort=False)):
        worst = Verdict.worst(rows["verdict"])
        lead = rows[[Verdict(v) is worst for v in rows["verdict"]]].iloc[0]
        category = Category(lead["category"])
        g = grade(rows, category, register.get(fid), material)
        msg = _summary(rows, category, ledger)
        summary = [render(msg, lang) + (render(Msg.of("finding.conclusion"), lang)
                                        if any(Verdict(v) is Verdict.INCONSISTENT_CONCLUSION for v in rows["verdict"])
                                        else "") for lang in LANGS]
        out.append({"study": lead["study"], "finding": fid, "category": category.value,
                    "severity": g.severity.value, "criterion": g.criterion.value,
                    "changes_conclusion": g.severity is Severity.CHANGES_CONCLUSION, "location": where(rows, "en"),
                    "checks": ";".join(rows["check_id"]), "summary_en": summary[0], "summary_zh": summary[1],
                    "location_zh": where(rows, "zh"), "reason_en": render(g.reason, "en"),
                    "reason_zh": render(g.reason, "zh"), "_rank": (-g.severity.rank, order)})
    frame = pd.DataFrame(out, columns=[*FINDING_COLUMNS, "_rank"])
    return frame.sort_values("_rank", kind="stable").drop(columns="_rank").reset_index(drop=True)
