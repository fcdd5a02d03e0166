"""Counting, one definition everywhere (report, index, README).

* *printed*: numbers the source prints that we transcribed (distinct cells);
* *checkable*: printed numbers that other printed numbers determine; every
  checkable number is checked;
* *checks*: rows of the ledger; one number can be checked more than once
  (a p-value against the recomputed statistic and against its own printed
  statistic), and a number's verdict is the worst of its checks.

``printed = checkable + inputs_only + standalone`` (:func:`analysis.results.ledger.coverage`).

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

__all__ = ["anchors", "numbers", "study_counts"]

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


def study_counts(study: Study, ledger: pd.DataFrame) -> dict[str, int]:
    """:func:`analysis.results.ledger.coverage` (the one definition), the number of checks, and numbers by verdict."""
    out = {**ledger_mod.coverage(study, ledger), "checks": len(ledger)}
    nums = numbers(ledger)
    for v in Verdict:
        out[v.value] = int((nums["verdict"] == v.value).sum()) if len(nums) else 0
    return out
