"""The second reading of the findings: ``data/review/findings_review.csv``, its agreement with the first, and the
adjudication (issue 17, item 9).

A second reader, given only the source and each finding's evidence (``python -m analysis review-packet``:
:mod:`analysis.build.review`), grades each finding's category and severity independently. The CSV keeps, per
finding (:data:`REVIEW_COLUMNS`): the first grading (ours, by :func:`analysis.results.severity.grade`), the second
reader's category and severity with their reason, whether the two agree, and the adjudicated category and
severity with the reason, as the cross-city coding keeps its two codings and their adjudication. The value
``pending`` marks what the second reader or the adjudication has not yet given.

Agreement (:func:`agreement`) is raw and Cohen's kappa (:func:`analysis.stats.agreement.kappa`), on the
category and on the severity, computed from the CSV; while any row is pending it is "pending".

>>> import pandas as pd
>>> r = pd.DataFrame({"first_category": ["a", "b"], "second_category": ["a", "pending"],
...                   "first_severity": ["minor", "note"], "second_severity": ["minor", "pending"]})
>>> agreement(r)["status"], agreement(r)["pending"]
('pending', 1)
"""
from __future__ import annotations

import math

import pandas as pd

from analysis.core.config import current
from analysis.core.errors import InputError
from analysis.core.vocab import Category, Severity
from analysis.stats.agreement import kappa
from analysis.text.catalogue import say

__all__ = ["REVIEW_COLUMNS", "PENDING", "SCALES", "review_path", "load_review", "check_published", "agreement",
           "agreement_sentence"]

REVIEW_COLUMNS = ["study", "finding", "first_category", "first_severity", "first_criterion", "second_category",
                  "second_severity", "second_reason", "agree_category", "agree_severity", "adjudicated_category",
                  "adjudicated_severity", "adjudication_reason"]
"""The columns of ``data/review/findings_review.csv``."""
PENDING = "pending"
"""What the second reader or the adjudication has not yet given."""
SCALES = ("category", "severity")
"""What the two readers grade."""
_VOCAB = {"category": Category, "severity": Severity}


def review_path():
    """``data/review/findings_review.csv``."""
    return current().data / "review" / "findings_review.csv"


def load_review() -> pd.DataFrame:
    """The CSV, checked: every column, each grading a value of its vocabulary (or ``pending`` for the second
    reading and the adjudication), ``agree_*`` saying whether the two gradings are equal. A bad cell is an
    :class:`InputError` naming file, row and column."""
    path = review_path()
    file = current().relative(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in REVIEW_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"missing column(s) {missing}", file=file)
    for i, rec in enumerate(frame.to_dict("records"), 1):
        for scale in SCALES:
            vocab = {v.value for v in _VOCAB[scale]}
            for who, pending_ok in (("first", False), ("second", True), ("adjudicated", True)):
                value = rec[f"{who}_{scale}"]
                if value not in vocab and not (pending_ok and value == PENDING):
                    raise InputError(f"{value!r} is not a {scale}" + (" or pending" if pending_ok else ""),
                                     file=file, row=i, column=f"{who}_{scale}")
            second, agree = rec[f"second_{scale}"], rec[f"agree_{scale}"]
            want = PENDING if second == PENDING else ("yes" if second == rec[f"first_{scale}"] else "no")
            if agree != want:
                raise InputError(f"agree_{scale} is {agree!r}; the two gradings say {want!r}", file=file, row=i,
                                 column=f"agree_{scale}")
    return frame


def check_published(review: pd.DataFrame, findings: pd.DataFrame) -> None:
    """The findings the compendium publishes (``tables/findings.csv``) are the ones the review graded, and each
    carries the adjudicated category and severity, or the first grading while the adjudication is pending.

    The first grading stays as it was made, before the second reading (as the cross-city first coding does):
    where the adjudication differs from it, the inputs of the one severity function (the consequences in
    ``data/checks/conclusions.csv``) were corrected, so the function now gives the adjudicated grading. A
    mismatch is an :class:`InputError` naming the finding.
    """
    file = current().relative(review_path())
    graded = {}
    for r in review.itertuples():
        cat = r.adjudicated_category if r.adjudicated_category != PENDING else r.first_category
        sev = r.adjudicated_severity if r.adjudicated_severity != PENDING else r.first_severity
        graded[f"{r.study}:{r.finding}"] = (cat, sev)
    published = {r.finding: (r.category, r.severity) for r in findings.itertuples()}
    for fid in sorted(set(graded) ^ set(published)):
        raise InputError(f"finding {fid} is in {'the review' if fid in graded else 'tables/findings.csv'} but not "
                         f"in the other", file=file)
    for fid, grading in graded.items():
        if grading != published[fid]:
            raise InputError(f"{fid} is graded {grading} in the review, tables/findings.csv says {published[fid]}",
                             file=file, column="adjudicated_severity")


def agreement(review: pd.DataFrame) -> dict:
    """Raw agreement and Cohen's kappa of the two gradings, on the category and the severity.

    Returns ``{"status": "pending", "pending": k, "n": N}`` while any second grading is pending; otherwise
    ``status`` ``"done"`` and, per scale, ``<scale>_agreement``, ``<scale>_kappa``, ``<scale>_low``,
    ``<scale>_high`` and ``<scale>_disagreements``.
    """
    n = len(review)
    pending = int(((review["second_category"] == PENDING) | (review["second_severity"] == PENDING)).sum())
    if pending or n == 0:
        return {"status": PENDING, "pending": pending, "n": n}
    out: dict = {"status": "done", "pending": 0, "n": n}
    for scale in SCALES:
        first, second = list(review[f"first_{scale}"]), list(review[f"second_{scale}"])
        k = kappa(first, second, categories=[v.value for v in _VOCAB[scale]])
        out.update({f"{scale}_agreement": k["agreement"], f"{scale}_kappa": k["kappa"], f"{scale}_low": k["low"],
                    f"{scale}_high": k["high"], f"{scale}_disagreements": sum(a != b for a, b in zip(first, second))})
    return out


def agreement_sentence(review: pd.DataFrame, lang: str = "en") -> str:
    """The agreement in one sentence, as the README states it (a test keeps the two equal)."""
    a = agreement(review)
    if a["status"] == PENDING:
        return say("review.pending", lang, pending=a["pending"], n=a["n"])

    def k(scale: str) -> str:
        value = a[f"{scale}_kappa"]
        return "undefined" if math.isnan(value) else f"{value:.2f}"
    return say("review.agreement", lang, n=a["n"], cat_raw=f"{a['category_agreement']:.0%}", cat_kappa=k("category"),
               cat_dis=a["category_disagreements"], sev_raw=f"{a['severity_agreement']:.0%}",
               sev_kappa=k("severity"), sev_dis=a["severity_disagreements"])
