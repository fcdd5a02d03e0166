"""Re-analysis and derived values: separate from the reproduction.

* :func:`effects`: effect sizes with confidence intervals from the printed
  inputs of the study's tests and rates (second group versus first):
  ``t_from_summaries`` gives a Welch mean difference and Hedges' g,
  ``chi2_from_counts`` a risk difference and a risk ratio of the first
  column's share, ``rate`` a rate ratio of events per unit of exposure.
* :func:`derived`: values the printed numbers imply but the source does not
  print (kinds of section ``derived`` in :data:`analysis.checks.engine.KINDS`), with
  the range their rounding allows. They are not part of the ledger.

Each frame has the columns its table writes (:data:`EFFECT_COLUMNS`,
:data:`DERIVED_COLUMNS`) and the facts a report needs in both languages
(:data:`EFFECT_FACTS`, :data:`DERIVED_FACTS`): what is compared or derived
and the measure or quantity, as data labels and messages, never as English
to be translated.

>>> from analysis.data.datapackage import load_study
>>> e = effects(load_study("zigong_hf_alliance"))
>>> sorted(set(e["measure"]))[:2]
["Hedges' g", 'mean difference']
"""
from __future__ import annotations

import pandas as pd

from analysis.stats import effects as fx
from analysis.data.datapackage import Cell, Study
from analysis.checks.engine import Options, evaluate, num
from analysis.data.specs import Spec, load_specs, operand
from analysis.text.catalogue import Msg, Text, render

__all__ = ["EFFECT_COLUMNS", "EFFECT_FACTS", "DERIVED_COLUMNS", "DERIVED_FACTS", "effects", "derived"]

EFFECT_COLUMNS = ["study", "table", "check_id", "comparison", "measure", "first", "second", "estimate", "low", "high",
                  "note"]
EFFECT_FACTS = ["table_text", "comparison_msg", "measure_code"]
"""The table (:class:`~analysis.text.catalogue.Text`), what is compared (a message) and the measure's code."""
DERIVED_COLUMNS = ["study", "table", "check_id", "label", "quantity", "value", "low", "high", "formula", "inputs",
                   "note"]
DERIVED_FACTS = ["table_text", "label_text", "quantity_msg", "note_msg"]
"""The table and what is derived in both languages, the quantity and the note as messages."""


def _label(spec: Spec, cell: Cell) -> Text:
    """What a comparison or a derived value is about: the specification's note, else the cell's label."""
    return Text(spec.note, spec.note_zh) if spec.note else Text(cell.label, cell.label_zh)


def _v(spec: Spec, name: str) -> float:
    return float(operand(spec.inputs[name]).face)


def effects(study: Study, level: float = 0.95) -> pd.DataFrame:
    """Effect sizes with confidence intervals (second group versus first)."""
    rows = []
    for spec in load_specs(study):
        if spec.kind.name not in ("t_from_summaries", "chi2_from_counts", "rate"):
            continue
        first_cell = spec.inputs[spec.kind.inputs[0]][0]
        table = (next(iter(spec.targets.values())) if spec.targets else first_cell).table
        base = {"study": study.id, "table": table, "check_id": f"{study.id}:{spec.check_id}",
                "table_text": Text(table, study.table_zh(table))}
        if spec.kind.name == "t_from_summaries":
            v = {k: _v(spec, k) for k in spec.kind.inputs}
            second = spec.inputs["m2"][0]
            base.update(first=first_cell.row, second=second.row)
            n1, n2 = int(v["n1"]), int(v["n2"])
            what = Msg.of("effect.variable", label=Text(first_cell.label, first_cell.label_zh))
            for e in (fx.mean_difference(v["m2"], v["s2"], n2, v["m1"], v["s1"], n1, level),
                      fx.hedges_g(v["m2"], v["s2"], n2, v["m1"], v["s1"], n1, level)):
                rows.append({**base, "comparison_msg": what, "measure_code": e.code, "estimate": e.estimate,
                             "low": e.low, "high": e.high, "note": "second minus first"})
        elif spec.kind.name == "chi2_from_counts":
            a, b, c, d = (int(_v(spec, k)) for k in "abcd")
            base.update(first=first_cell.row, second=spec.inputs["c"][0].row)
            what = Msg.of("effect.share", label=Text(first_cell.label, first_cell.label_zh))
            for e in (fx.risk_difference(c, c + d, a, a + b, level), fx.risk_ratio(c, c + d, a, a + b, level)):
                rows.append({**base, "comparison_msg": what, "measure_code": e.code,
                             "estimate": e.estimate, "low": e.low, "high": e.high, "note": "second versus first"})
        else:
            v = {k: _v(spec, k) for k in spec.kind.inputs}
            base.update(first=first_cell.row, second=spec.inputs["x2"][0].row)
            e = fx.rate_ratio(int(v["x2"]), v["t2"], int(v["x1"]), v["t1"], level)
            rows.append({**base, "comparison_msg": Msg.of("effect.variable", label=_label(spec, first_cell)),
                         "measure_code": e.code, "estimate": e.estimate, "low": e.low, "high": e.high,
                         "note": f"{num(v['x1'] / v['t1'] * 100)} vs {num(v['x2'] / v['t2'] * 100)} per 100"})
    for r in rows:  # the table's words for what is compared and the measure: the English of the facts
        r.update(comparison=render(r["comparison_msg"], "en"), measure=fx.MEASURES[r["measure_code"]])
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS + EFFECT_FACTS)


def derived(study: Study, opts: Options | None = None) -> pd.DataFrame:
    """Values the printed numbers imply but the source does not print, with their ranges."""
    rows = []
    for spec in load_specs(study):
        if spec.kind.section != "derived":
            continue
        first = spec.inputs[spec.kind.inputs[0]][0]
        refs = "; ".join(f"{k}=" + "+".join(c.ref for c in v) for k, v in spec.inputs.items())
        label = _label(spec, first)
        base = {"study": study.id, "table": first.table, "check_id": f"{study.id}:{spec.check_id}",
                "label": label.en, "inputs": refs, "table_text": Text(first.table, first.table_zh),
                "label_text": label}
        for rec in evaluate(spec.kind.name, {n: operand(c) for n, c in spec.inputs.items()}, {}, opts or Options()):
            rows.append({**base, **rec, "quantity": render(rec["quantity"], "en"), "quantity_msg": rec["quantity"],
                         "note": render(rec["note"], "en"), "note_msg": rec["note"]})
    out = pd.DataFrame(rows, columns=DERIVED_COLUMNS + DERIVED_FACTS)
    for c in ("value", "low", "high"):
        out[c] = out[c].map(num)
    return out
