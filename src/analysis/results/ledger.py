"""The consistency ledger: one row per checked printed number.

Every check of a study's specification (:mod:`analysis.data.specs`) is evaluated by
the engine (:func:`analysis.checks.engine.evaluate`) and each outcome becomes a
ledger row that says where the number was printed (``table, row, column``),
what was printed and recomputed, the verdict, the problem's category, the
finding it belongs to, and where it was transcribed (``source``: file and
line). ``check_id`` is unique across the ledger: ``<study>:<check>`` or
``<study>:<check>.<part>`` when one check judges several numbers.

The template notebook and ``python -m analysis tables`` both call
:func:`build_ledger`, so the rendered report and
``tables/consistency_ledger.csv`` cannot disagree. The CSV has the columns
:data:`LEDGER_COLUMNS`; the frame :func:`build_ledger` returns also carries
the facts later layers need (:data:`FACT_COLUMNS`), so findings, the narrative
and the report never parse a column written for reading (``Text``,
``section 3.1``, a check id's suffix, a note's wording).

>>> from analysis.data.datapackage import load_study
>>> led = build_ledger(load_study("zigong_hf_alliance"))
>>> led.loc[led.check_id == "zigong_hf_alliance:t2_inpatient_county_growth", ["reported", "recomputed", "category"]].values.tolist()
[['24.64', '34.6356', 'typographical_error']]
>>> led["check_id"].is_unique
True
>>> r = led[led.check_id == "zigong_hf_alliance:text_s3_3_upward_share_change"].iloc[0]
>>> r.place, r.section.en, r.mislabel.value, [m.id for m in r.notes]
('cell', '3.3', 'points_as_percent', ['note.points_as_percent', 'note.from_counts'])
"""
from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from analysis.data.datapackage import Study
from analysis.checks.engine import Options, Outcome, evaluate, num
from analysis.checks.notes import DIAGNOSES
from analysis.core.rounding import parse_printed
from analysis.data.specs import Spec, load_specs, operand
from analysis.core.vocab import Verdict
from analysis.text.catalogue import Msg, Text, render
from analysis.text.numbers import UNDECIDED
from analysis.text.places import section_text

__all__ = ["LEDGER_COLUMNS", "FACT_COLUMNS", "TOLERANCES", "TOLERANCE_COLUMNS", "build_ledger", "outcomes", "coverage",
           "sensitivity"]

TOLERANCES = (0.05, 0.10, 0.15, 0.20)
"""The relative tolerances under which every approximate claim ("about x") is judged besides the run's own."""
TOLERANCE_COLUMNS = [f"verdict_tol{round(t * 100):02d}" for t in TOLERANCES]
"""The ledger's columns of the verdict of an approximate claim at each of :data:`TOLERANCES` (empty for any
other row)."""
LEDGER_COLUMNS = ["study", "table", "row", "column", "quantity", "reported", "decimals", "recomputed", "low", "high",
                  "rule", "verdict", "note", "check_id", "kind", "label", "label_zh", "ref", "source", "finding",
                  "category", "df_low", "df_high", "n_per_group", "n_stated", "restates", *TOLERANCE_COLUMNS]
"""The columns of ``tables/consistency_ledger.csv``, in order."""
FACT_COLUMNS = ["place", "section", "table_text", "column_text", "label_text", "printed", "holds", "quantity_msg",
                "notes", "diagnoses", "spec_note", "rule_msg", "part", "is_p", "mislabel", "points", "relative",
                "groups", "diag", "input_refs", "spec_check"]
"""Facts the in-memory ledger carries besides :data:`LEDGER_COLUMNS` (never written to the CSV):

==================  =======================================================================================
``place``           ``"cell"`` (a printed table or passage) or ``"claim"`` (a claim of the text)
``section``         the section (:class:`~analysis.text.catalogue.Text`, :func:`analysis.text.places.section_text`)
                    where the number or claim is printed; None for a row of a printed table
``table_text``      the table, ``column_text`` the column, ``label_text`` what the number is, in both languages
``printed``         the number as printed (empty for a claim that prints none; ``reported`` says ``(claim)``)
``holds``           for a claim of the text, whether it holds for the printed values (True, False, or
                    :data:`analysis.text.numbers.UNDECIDED` when they neither support nor contradict it); else None
``quantity_msg``    what was recomputed, a message; ``rule_msg`` the rule of the verdict, a message
``notes``           the engine's notes, messages (the rounding note first); ``diagnoses`` those of them
                    that say what went wrong (:data:`analysis.checks.notes.DIAGNOSES`); ``spec_note`` the
                    specification's note in both languages, or None
``part``            what of a test the row judges (``statistic``, ``p``, ``p_implied``; empty for one number)
``is_p``            the number is a p-value
``mislabel``        which way a number was printed under the wrong unit
                    (:class:`analysis.checks.notes.Mislabel`), or None; ``points`` and ``relative`` the two readings
``groups``          the group sizes a test states, ``(n1, n2)``, where a test was diagnosed; else ``()``
``diag``            the diagnosis of a test that does not reproduce (a dict: df range, n per group and its
                    range, the SD factor, whether the printed p favours the smaller n, the printed summaries);
                    else an empty dict
``input_refs``      the references of the check's inputs (``resource:key:field``)
``spec_check``      the check's id in the specification (without study and part)
==================  =======================================================================================
"""


def outcomes(study: Study, opts: Options | None = None) -> list[tuple[Spec, Outcome]]:
    """Evaluate every ledger check of a study; pairs of (spec, outcome) in specification order."""
    opts = opts or Options()
    out = []
    for spec in load_specs(study):
        if spec.kind.section != "ledger":
            continue
        inputs = {n: operand(cells) for n, cells in spec.inputs.items()}
        targets = {n: c.text for n, c in spec.targets.items()}
        try:
            results = evaluate(spec.kind.name, inputs, targets, opts, spec.options)
        except ValueError as exc:  # e.g. an SD of 0 reaching a test: name the check
            from analysis.core.errors import InputError
            raise InputError(f"{spec.check_id}: {exc}", file=spec.file, row=spec.row, column="inputs") from None
        out.extend((spec, o) for o in results)
    return out


def sensitivity(spec: Spec, opts: Options) -> dict[tuple[str, str], tuple[str, ...]]:
    """The verdict of each outcome of an approximate claim under each of :data:`TOLERANCES`, keyed by
    (target, part); empty for a check that judges no "about x".

    >>> from analysis.data.datapackage import load_study
    >>> from analysis.data.specs import load_specs
    >>> spec = next(s for s in load_specs(load_study("zigong_hf_alliance"))
    ...             if s.check_id == "text_s3_2_referral_down_growth")
    >>> sensitivity(spec, Options())  # 47.06 against "about 40": only 20% admits it
    {('target', ''): ('inconsistent', 'inconsistent', 'inconsistent', 'consistent')}
    """
    if not any(c.text and parse_printed(c.text).operator == "~" for c in spec.targets.values()):
        return {}
    inputs = {n: operand(cells) for n, cells in spec.inputs.items()}
    targets = {n: c.text for n, c in spec.targets.items()}
    out: dict[tuple[str, str], list[str]] = {}
    for tol in TOLERANCES:
        for o in evaluate(spec.kind.name, inputs, targets, replace(opts, tolerance=tol), spec.options):
            out.setdefault((o.target, o.part), []).append(o.verdict.value)
    return {k: tuple(v) for k, v in out.items()}


def _float(x) -> str:
    if x is None:
        return ""
    if isinstance(x, float) and math.isinf(x):
        return "inf"
    return num(x)


def _facts(spec: Spec, o: Outcome) -> dict:
    cell = spec.targets.get(o.target)
    if spec.is_claim:
        where = {"place": "claim", "section": section_text(spec.section, spec.section_zh),
                 "table_text": Text(render(Msg.of("place.text"), "en"), render(Msg.of("place.text"), "zh")),
                 "column_text": Text(render(Msg.of("place.claim"), "en"), render(Msg.of("place.claim"), "zh")),
                 "label_text": Text(spec.claim_en, spec.claim_zh)}
    else:
        where = {"place": "cell", "section": section_text(cell.section) if cell.section else None,
                 "table_text": Text(cell.table, cell.table_zh), "column_text": Text(cell.column, cell.column_zh),
                 "label_text": Text(cell.label, cell.label_zh)}
    holds = (UNDECIDED if o.verdict is Verdict.UNDECIDABLE else o.verdict.is_consistent) if spec.is_claim else None
    return {**where, "printed": o.printed, "holds": holds,
            "quantity_msg": o.quantity, "notes": o.messages,
            "diagnoses": tuple(m for m in o.messages if m.id in DIAGNOSES),
            "spec_note": Text(spec.note, spec.note_zh) if spec.note else None, "rule_msg": o.rule, "part": o.part,
            "is_p": o.is_p,
            "mislabel": o.mislabel, "points": o.extra.get("points"), "relative": o.extra.get("relative"),
            "groups": tuple(o.diagnosis.get("n_stated", ())), "diag": dict(o.diagnosis),
            "input_refs": tuple(c.ref for cells in spec.inputs.values() for c in cells), "spec_check": spec.check_id}


def _row(spec: Spec, o: Outcome, sens: dict[tuple[str, str], tuple[str, ...]]) -> dict:
    cell = spec.targets.get(o.target)
    verdict = o.verdict
    tolerance = dict(zip(TOLERANCE_COLUMNS, sens.get((o.target, o.part), ("",) * len(TOLERANCES))))
    base = {"study": spec.study, "quantity": render(o.quantity, "en"), "reported": o.printed,
            "decimals": parse_printed(o.printed).decimals if o.printed else "",
            "recomputed": o.recomputed_text if o.recomputed_text is not None else num(o.recomputed),
            "low": num(o.comparison.low), "high": num(o.comparison.high), "rule": o.comparison.rule,
            "verdict": verdict.value, "note": "; ".join(filter(None, [o.note, spec.note])),
            "check_id": f"{spec.study}:{spec.check_id}" + (f".{o.part}" if o.part else ""),
            "kind": spec.kind.name,
            "finding": f"{spec.study}:{spec.finding}" if verdict.is_flagged else "",
            "category": o.category.value if o.category and verdict.is_flagged else "",
            "df_low": _float(o.diagnosis.get("df_low")), "df_high": _float(o.diagnosis.get("df_high")),
            "n_per_group": _float(o.diagnosis.get("n_per_group")),
            "n_stated": "/".join(str(n) for n in o.diagnosis.get("n_stated", ())), "restates": spec.restates,
            **tolerance, **_facts(spec, o)}
    if spec.is_claim:  # the CSV's words for a claim's place; the report reads the facts, never these
        return {**base, "table": render(Msg.of("place.text"), "en"), "row": f"section {spec.section}",
                "column": render(Msg.of("place.claim"), "en"), "reported": o.printed or "(claim)",
                "decimals": base["decimals"], "label": spec.claim_en, "label_zh": spec.claim_zh,
                "ref": cell.ref if cell else "", "source": f"{spec.file}:{spec.row + 1}"}
    return {**base, "table": cell.table, "row": cell.row, "column": cell.column, "label": cell.label,
            "label_zh": "", "ref": cell.ref, "source": f"{cell.file}:{cell.line}"}


def build_ledger(study: Study, opts: Options | None = None) -> pd.DataFrame:
    """Run every check of a study's specification; one ledger row per printed number judged.

    Parameters
    ----------
    study : Study
        A loaded study (:func:`analysis.data.datapackage.load_study`).
    opts : Options, optional
        Alpha, rounding rule, t test, tolerance, p = alpha policy (defaults if omitted).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LEDGER_COLUMNS` (what the CSV holds), then :data:`FACT_COLUMNS`, in specification order.
    """
    opts = opts or Options()
    sens: dict[str, dict] = {}
    rows = []
    for spec, o in outcomes(study, opts):
        if spec.check_id not in sens:
            sens[spec.check_id] = sensitivity(spec, opts)
        rows.append(_row(spec, o, sens[spec.check_id]))
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS + FACT_COLUMNS)


def coverage(study: Study, ledger: pd.DataFrame) -> dict[str, int]:
    """How many numbers the source prints, and how many are checkable and checked.

    The one definition used by every report, the index and the README:

    * *printed*: every number transcribed from the source (a non-empty numeric
      cell of a transcribed table; keys and labels excluded);
    * *checkable*: printed numbers that some check judges (a target of a
      ledger check);
    * *checked*: checkable numbers the ledger actually judged (equal to
      checkable after a complete build);
    * *inputs only*: printed numbers used only as inputs of checks;
    * *standalone*: printed numbers nothing else printed determines.

    Claims of the text without a printed number are counted apart
    (:func:`analysis.results.coverage.claim_counts`).
    """
    printed, used, checkable = set(), set(), set()
    for res in study.resources.values():
        for f in res.fields:
            numeric = f.get("type") in ("number", "integer") or f.get("role") == "value"
            if f["name"] == res.key or not numeric or f.get("role") == "label":
                continue
            for key, text in zip(res.frame[res.key], res.frame[f["name"]]):
                if text.strip():
                    printed.add(f"{res.short}:{key}:{f['name']}")
    for spec in load_specs(study):
        used.update(c.ref for cells in spec.inputs.values() for c in cells)
        if spec.kind.section == "ledger":
            checkable.update(c.ref for c in spec.targets.values())
    judged = set(ledger["ref"]) - {""} if len(ledger) else set()
    printed |= {r for r in judged if r.count(":") == 2}  # a judged target is a printed number, whatever its field
    checked = judged
    return {"printed": len(printed), "checkable": len(printed & checkable), "checked": len(printed & checked),
            "inputs_only": len((printed & used) - checkable), "standalone": len(printed - used - checkable)}
