"""``new-study ID --from-text SOURCE``: the scaffold of a new study, filled with what the text prints.

Every checkable row of the extraction becomes, in the scaffold of README
"Adding or correcting data" (:func:`analysis.data.scaffold.new_study`):

* one row of ``data/raw/<ID>/values.csv`` per printed number it uses (key
  ``l<line>_<k>_<column>``; ``section``: where it is printed and its line, the
  pointer; ``indicator``: the source's own label and the column; ``value_type``
  ``count`` for the counts the kind declares exact, else ``measure``; the
  value exactly as read);
* one row of ``data/checks/<ID>.csv``: the kind, its targets and inputs
  pointing at those values, the options, and what was inferred as the note
  (English and Chinese, from the catalogue);

each with ``status`` ``proposed``. ``make validate`` refuses a study with a
proposed row (one line naming the file, row and column); a person checks each
row against the source, sets it to ``confirmed``, runs ``make manifest`` and
builds. Rows the extractor could not complete are not proposed (the command
says how many).
"""
from __future__ import annotations

import re

from analysis.checks.engine import KINDS
from analysis.data.scaffold import new_study
from analysis.extract.paper import extract
from analysis.extract.rows import Row
from analysis.extract.source import read_source
from analysis.text.catalogue import render

__all__ = ["propose_study", "proposal"]

_COUNTS = {"n", "n1", "n2", "a", "b", "c", "d", "part", "whole", "parts", "df1", "df2"}
_TARGET_COLUMN = {("t_from_summaries", "statistic"): "value", ("chi2_from_counts", "statistic"): "value"}


def _key(row: Row, column: str, k: int | None = None) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", f"l{row.id[1:]}_{column}".lower())
    return f"{base}_{k}" if k else base


def _exact(row: Row, column: str) -> bool:
    given = row.values.get("exact", "")
    kind = KINDS[row.kind]
    return column in _COUNTS or column in kind.exact or given == "all" or column in given.split()


def _value(row: Row, column: str, text: str, values: list[dict], k: int | None = None) -> str:
    key = _key(row, column, k)
    values.append({"key": key, "section": f"{row.location}, line {row.line}" if row.location else f"line {row.line}",
                   "indicator": f"{row.label or row.kind}: {column}", "unit": "",
                   "value_type": "count" if _exact(row, column) else "measure",
                   "value": text.replace(",", "") if _exact(row, column) else text, "status": "proposed"})
    return f"values:{key}:value"


def proposal(rows: tuple[Row, ...]) -> tuple[list[dict], list[dict]]:
    """The values and checks a list of extracted rows proposes (only checkable rows of a ledger kind)."""
    values: list[dict] = []
    checks: list[dict] = []
    for row in rows:
        if row.status != "checkable" or row.kind not in KINDS:
            continue
        kind = KINDS[row.kind]
        targets, inputs = [], []
        for t in kind.targets:
            column = _TARGET_COLUMN.get((row.kind, t), t)
            if row.values.get(column):
                targets.append(f"{t}={_value(row, column, row.values[column], values)}")
        for i in kind.inputs:
            text = row.values.get(i, "")
            if not text:
                continue
            if i == "parts":
                refs = [_value(row, i, p, values, n) for n, p in enumerate(text.split("+"), 1)]
                inputs.append(f"{i}={'+'.join(refs)}")
            else:
                inputs.append(f"{i}={_value(row, i, text, values)}")
        options = ";".join(f"{o}={row.values[o]}" for o in kind.options if row.values.get(o))
        checks.append({"check_id": re.sub(r"[^a-z0-9]+", "_", f"l{row.id[1:]}".lower()), "kind": row.kind,
                       "targets": ";".join(targets), "inputs": ";".join(inputs), "options": options,
                       "note": "; ".join(render(m, "en") for m in row.inferred),
                       "note_zh": "\uff1b".join(render(m, "zh") for m in row.inferred), "status": "proposed"})
    return values, checks


def propose_study(study_id: str, source: str) -> str:
    """Scaffold ``study_id`` filled with what ``source`` prints, every row proposed; the instructions to print."""
    ex = extract(read_source(source))
    values, checks = proposal(ex.rows)
    left = sum(r.status != "checkable" for r in ex.rows)
    out = new_study(study_id, values=values, checks=checks, source=source)
    return out + f"\n  ({len(checks)} checks proposed; {left} result(s) the extractor could not complete are not)"
