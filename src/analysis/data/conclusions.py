"""What each finding's numbers mean for the conclusions a source draws: our register, ``data/checks/conclusions.csv``.

Whether a conclusion of a paper rests on a number is a reading of the paper, not
arithmetic, so it is recorded, with the reason in our own words (English and
Chinese), one row per finding, as the cross-city coding records its readings.
:func:`analysis.results.severity.grade` turns it into a severity by the written
criteria (README, "Severity by consequence"):

===============  ==================================================================================
consequence      meaning
===============  ==================================================================================
``fails``        a conclusion the paper draws no longer follows, under every reading that
                 reconciles the printed numbers
``rests``        a conclusion (or a statement of the results) rests on the number, which is wrong or
                 unsupported; the conclusion may still follow, or which reading holds cannot be told
``none``         no conclusion rests on it: an isolated slip
``undecidable``  whether the printed number is wrong at all cannot be decided from what is printed
===============  ==================================================================================

A finding without a row is *unassessed* (a new study): graded by its kind alone.

>>> c = load_conclusions()["zigong_hf_alliance:t2_inpatient_county_growth"]
>>> c.consequence, c.section
('none', '3.1')
"""
from __future__ import annotations

from dataclasses import dataclass

from analysis.core.config import current
from analysis.core.errors import InputError
from analysis.data.datapackage import read_csv, study_ids
from analysis.text.catalogue import Text

__all__ = ["CONSEQUENCES", "CONCLUSION_COLUMNS", "Consequence", "load_conclusions"]

CONSEQUENCES = ("fails", "rests", "none", "undecidable")
"""The values of the register's ``consequence`` column."""
CONCLUSION_COLUMNS = ["study", "finding", "consequence", "section", "reason_en", "reason_zh"]
"""The register's columns."""


@dataclass(frozen=True)
class Consequence:
    """One row of the register: a finding's consequence for the paper's conclusions, and why."""

    study: str
    finding: str
    consequence: str
    section: str
    reason: Text

    @property
    def key(self) -> str:
        """``<study>:<finding>``, the finding's id in ``tables/findings.csv``."""
        return f"{self.study}:{self.finding}"


def load_conclusions() -> dict[str, Consequence]:
    """The register, by finding id; a bad row is an :class:`InputError` naming file, row and column."""
    path = current().checks / "conclusions.csv"
    file = current().relative(path)
    if not path.exists():
        return {}
    frame = read_csv(path)
    missing = [c for c in CONCLUSION_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"missing column(s) {missing}", file=file)
    known = set(study_ids())
    out: dict[str, Consequence] = {}
    for i, rec in enumerate(frame.to_dict("records"), 1):
        where = {"file": file, "row": i}
        if rec["study"] not in known:
            raise InputError(f"unknown study {rec['study']!r}", column="study", **where)
        if rec["consequence"] not in CONSEQUENCES:
            raise InputError(f"consequence is one of {', '.join(CONSEQUENCES)}, got {rec['consequence']!r}",
                             column="consequence", **where)
        for column in ("finding", "reason_en", "reason_zh"):
            if not rec[column].strip():
                raise InputError(f"{column} is required", column=column, **where)
        c = Consequence(rec["study"], rec["finding"].strip(), rec["consequence"], rec["section"].strip(),
                        Text(rec["reason_en"].strip(), rec["reason_zh"].strip()))
        if c.key in out:
            raise InputError(f"finding {c.key} is listed twice", column="finding", **where)
        out[c.key] = c
    return out
