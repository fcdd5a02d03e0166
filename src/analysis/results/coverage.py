"""Counting, one definition everywhere (report, index, README): numbers, claims and findings are counted apart.

Numbers (printed values, each a cell of a transcription):

* *printed*: numbers the source prints that we transcribed (distinct cells);
* *checkable*: printed numbers that other printed numbers determine; every
  checkable number is checked;
* *checks*: ledger rows that judge a printed number; one number can be checked
  more than once (a p-value against the recomputed statistic and against its
  own printed statistic), and a number's verdict is the worst of its checks.

``printed = checkable + inputs_only + standalone`` (:func:`analysis.results.ledger.coverage`).

Claims (statements of the text that print no number of their own, judged as
statements: ledger rows without a ``ref``), one per section and wording
(:func:`claims`):

* *claims*: independent claims checked, by outcome: *hold*, *do not hold*,
  *cannot be decided* (undecidable: never counted as a problem);
* *restatements*: claims that only restate numbers printed in the same clause
  (specification column ``restates``, ``same_clause``): recorded and shown,
  never counted as independent checks.

Findings (problems of a source, :mod:`analysis.results.findings`) are counted
by severity, from ``tables/findings.csv``.

>>> from analysis.data.datapackage import load_study
>>> from analysis.results.ledger import build_ledger
>>> study = load_study("zigong_hf_alliance")
>>> c = study_counts(study, build_ledger(study))
>>> c["printed"] == c["checkable"] + c["inputs_only"] + c["standalone"]
True
"""
from __future__ import annotations

import pandas as pd

from analysis.core.vocab import Verdict
from analysis.data.datapackage import Study
from analysis.results import ledger as ledger_mod

__all__ = ["anchors", "numbers", "claims", "claim_counts", "study_counts", "CLAIM_KEYS"]

CLAIM_KEYS = ("claims", "claims_hold", "claims_fail", "claims_undecidable", "restatements", "restatements_fail")
"""The claim counts of :func:`claim_counts`, in the order pages show them."""

def anchors(ledger: pd.DataFrame) -> pd.Series:
    """A unique HTML anchor per ledger row: its ``check_id``, made unique if it is not.

    >>> anchors(pd.DataFrame({"study": ["s", "s"], "check_id": ["a", "a"]})).tolist()
    ['s:a', 's:a.2']
    """
    base = [cid if ":" in str(cid) else f"{s}:{cid}" for s, cid in zip(ledger["study"], ledger["check_id"])]
    seen: dict[str, int] = {}
    out = []
    for b in base:
        seen[b] = seen.get(b, 0) + 1
        out.append(b if seen[b] == 1 else f"{b}.{seen[b]}")
    return pd.Series(out, index=ledger.index, dtype=object)


def numbers(ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per checked printed number (``ref``): its first check and its worst verdict.

    >>> led = pd.DataFrame({"study": ["s"] * 3, "check_id": ["a", "a", "b"], "ref": ["r:1:p", "r:1:p", "r:2:p"],
    ...                     "verdict": ["consistent", "inconsistent", "consistent"]})
    >>> numbers(led)[["ref", "verdict", "anchor"]].values.tolist()
    [['r:1:p', 'inconsistent', 's:a'], ['r:2:p', 'consistent', 's:b']]
    """
    if ledger.empty:
        return ledger.assign(anchor=pd.Series(dtype=object))
    led = ledger.assign(anchor=anchors(ledger))
    led = led[led["ref"].str.count(":") == 2]  # a printed number has a cell; claims of the text are counted apart
    worst = led.groupby("ref", sort=False)["verdict"].agg(lambda v: Verdict.worst(v).value)
    first = led.drop_duplicates("ref").set_index("ref")
    first["verdict"] = worst
    return first.reset_index()


def claims(ledger: pd.DataFrame) -> pd.DataFrame:
    """One row per claim of the text (ledger rows without a ``ref``, grouped by section and wording): its
    worst verdict and whether it only restates numbers printed in the same clause.

    >>> led = pd.DataFrame({"study": ["s"] * 3, "check_id": ["a", "b", "c"], "ref": ["", "", "r:1:p"],
    ...                     "row": ["section 1", "section 1", "1"], "label": ["x", "x", "n"],
    ...                     "verdict": ["consistent", "undecidable", "consistent"], "restates": ["", "", ""]})
    >>> claims(led)[["label", "verdict", "restated"]].values.tolist()
    [['x', 'undecidable', False]]
    """
    rows = ledger[ledger["ref"] == ""] if len(ledger) else ledger
    if rows.empty:
        return pd.DataFrame(columns=["study", "row", "label", "verdict", "restated", "check_id"])
    keys = ["study", "row", "label"]
    grouped = rows.groupby(keys, sort=False)
    return pd.DataFrame({"verdict": grouped["verdict"].agg(lambda v: Verdict.worst(v).value),
                         "restated": grouped["restates"].agg(lambda r: all(x == "same_clause" for x in r)),
                         "check_id": grouped["check_id"].first()}).reset_index()


def claim_counts(ledger: pd.DataFrame) -> dict[str, int]:
    """Independent claims by outcome, and restatements apart (:data:`CLAIM_KEYS`)."""
    c = claims(ledger)
    own, again = c[~c["restated"].astype(bool)], c[c["restated"].astype(bool)]
    outcome = own["verdict"].map(Verdict)
    return {"claims": len(own), "claims_hold": int(outcome.map(lambda v: v.is_consistent).sum()),
            "claims_fail": int(outcome.map(lambda v: v.is_inconsistent).sum()),
            "claims_undecidable": int((outcome == Verdict.UNDECIDABLE).sum()), "restatements": len(again),
            "restatements_fail": int(again["verdict"].map(lambda v: not Verdict(v).is_consistent).sum())}


def study_counts(study: Study, ledger: pd.DataFrame) -> dict[str, int]:
    """:func:`analysis.results.ledger.coverage` (the one definition of the numbers), the checks of numbers,
    numbers by verdict, and the claims (:func:`claim_counts`), counted apart."""
    judged = ledger[ledger["ref"] != ""] if len(ledger) else ledger
    out = {**ledger_mod.coverage(study, ledger), "checks": len(judged)}
    nums = numbers(ledger)
    for v in Verdict:
        out[v.value] = int((nums["verdict"] == v.value).sum()) if len(nums) else 0
    return {**out, **claim_counts(ledger)}
