"""Re-analysis and derived values: separate from the reproduction.

* :func:`effects`: effect sizes with confidence intervals from the printed
  inputs of the study's tests and rates (second group versus first):
  ``t_from_summaries`` gives a Welch mean difference and Hedges' g,
  ``chi2_from_counts`` a risk difference and a risk ratio of the first
  column's share, ``rate`` a rate ratio of events per unit of exposure.
  Beside each effect, whether the printed tests support the printed n
  (``support``, with a ``caveat`` in words): where the ledger's diagnosis says
  a printed t does not follow from its summaries with the stated groups, the
  effect is shown under each reading that reconciles it (``reading``): as
  printed, with the group size the printed t implies (``n_from_test``), and
  with the stated groups and the SDs scaled by the factor that equally
  reproduces it (``sd_from_test``). Nothing is withheld: the reader sees how
  much the effect and its interval depend on which printed number is wrong.
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

import math

import pandas as pd

from analysis.core.vocab import Verdict
from analysis.stats import effects as fx
from analysis.data.datapackage import Cell, Study
from analysis.checks.engine import Options, evaluate, num
from analysis.data.specs import Spec, load_specs, operand
from analysis.text.catalogue import Msg, Text, render

__all__ = ["EFFECT_COLUMNS", "EFFECT_FACTS", "DERIVED_COLUMNS", "DERIVED_FACTS", "READINGS", "SUPPORT", "effects",
           "derived"]

EFFECT_COLUMNS = ["study", "table", "check_id", "comparison", "measure", "first", "second", "estimate", "low", "high",
                  "note", "reading", "n_first", "n_second", "sd_scale", "support", "caveat"]
EFFECT_FACTS = ["table_text", "comparison_msg", "measure_code", "caveat_msg"]
"""The table (:class:`~analysis.text.catalogue.Text`), what is compared (a message), the measure's code and the
caveat (a message: what the effect rests on)."""
READINGS = ("as_printed", "n_from_test", "sd_from_test")
"""The readings an effect is shown under (column ``reading``)."""
SUPPORT = ("reproduces", "other_n", "no_n", "no_test")
"""Whether the printed test supports the printed n (column ``support``): it reproduces from these inputs; it
does not, and the diagnosis finds another n (or larger SDs) that reconciles it; it does not and nothing
reconciles it; no printed test bears on the inputs."""
DERIVED_COLUMNS = ["study", "table", "check_id", "label", "quantity", "value", "low", "high", "formula", "inputs",
                   "note"]
DERIVED_FACTS = ["table_text", "label_text", "quantity_msg", "note_msg"]
"""The table and what is derived in both languages, the quantity and the note as messages."""


def _label(spec: Spec, cell: Cell) -> Text:
    """What a comparison or a derived value is about: the specification's note, else the cell's label."""
    return Text(spec.note, spec.note_zh) if spec.note else Text(cell.label, cell.label_zh)


def _v(spec: Spec, name: str) -> float:
    return float(operand(spec.inputs[name]).face)


def _diagnosis(ledger: pd.DataFrame | None, check_id: str) -> tuple[str, dict]:
    """What the ledger says of a test's printed statistic: ``reproduces``, ``other_n`` (with its diagnosis),
    ``no_n``, or ``no_test`` (no ledger, or no row for it)."""
    if ledger is None or ledger.empty:
        return "no_test", {}
    rows = ledger[ledger["check_id"] == f"{check_id}.statistic"]
    if rows.empty:
        return "no_test", {}
    r = rows.iloc[0]
    if Verdict(r["verdict"]).is_consistent:
        return "reproduces", {}
    d = dict(r["diag"]) if isinstance(r["diag"], dict) else {}
    n = d.get("n_per_group", math.inf)
    return ("other_n", d) if n is not None and math.isfinite(n) and n >= 2 else ("no_n", d)


def _t_effects(base: dict, v: dict, label: Text, support: str, d: dict, level: float) -> list[dict]:
    n1, n2 = int(v["n1"]), int(v["n2"])
    readings = [("as_printed", n1, n2, 1.0)]
    if support == "other_n":
        n = round(d["n_per_group"])
        readings += [("n_from_test", n, n, 1.0), ("sd_from_test", n1, n2, d["sd_factor"])]
    out = []
    for reading, a, b, k in readings:
        if reading == "as_printed":
            caveat = {"reproduces": Msg.of("effect.caveat_reproduces"),
                      "other_n": Msg.of("effect.caveat_stated", n1=n1, n2=n2),
                      "no_n": Msg.of("effect.caveat_stated", n1=n1, n2=n2),
                      "no_test": Msg.of("effect.caveat_no_test")}[support]
            what = Msg.of("effect.variable", label=label)
        elif reading == "n_from_test":
            caveat = Msg.of("effect.caveat_n", n=a)
            what = Msg.of("effect.variable_at_n", label=label, n=a)
        else:
            caveat = Msg.of("effect.caveat_sd", factor=f"{k:.2g}")
            what = Msg.of("effect.variable_sd", label=label, factor=f"{k:.2g}")
        for e in (fx.mean_difference(v["m2"], v["s2"] * k, b, v["m1"], v["s1"] * k, a, level),
                  fx.hedges_g(v["m2"], v["s2"] * k, b, v["m1"], v["s1"] * k, a, level)):
            out.append({**base, "comparison_msg": what, "measure_code": e.code, "estimate": e.estimate,
                        "low": e.low, "high": e.high, "note": "second minus first", "reading": reading,
                        "n_first": a, "n_second": b, "sd_scale": k, "support": support, "caveat_msg": caveat})
    return out


def effects(study: Study, ledger: pd.DataFrame | None = None, level: float = 0.95) -> pd.DataFrame:
    """Effect sizes with confidence intervals (second group versus first), each with what it rests on.

    ``ledger`` (:func:`analysis.results.ledger.build_ledger`) gives the diagnosis of each printed test; without
    it every effect is shown as printed, its support unknown (``no_test``).
    """
    rows = []
    for spec in load_specs(study):
        if spec.kind.name not in ("t_from_summaries", "chi2_from_counts", "rate"):
            continue
        first_cell = spec.inputs[spec.kind.inputs[0]][0]
        table = (next(iter(spec.targets.values())) if spec.targets else first_cell).table
        cid = f"{study.id}:{spec.check_id}"
        base = {"study": study.id, "table": table, "check_id": cid, "table_text": Text(table, study.table_zh(table))}
        if spec.kind.name == "t_from_summaries":
            v = {k: _v(spec, k) for k in spec.kind.inputs}
            base.update(first=first_cell.row, second=spec.inputs["m2"][0].row)
            support, d = _diagnosis(ledger, cid)
            rows += _t_effects(base, v, Text(first_cell.label, first_cell.label_zh), support, d, level)
        elif spec.kind.name == "chi2_from_counts":
            a, b, c, d = (int(_v(spec, k)) for k in "abcd")
            base.update(first=first_cell.row, second=spec.inputs["c"][0].row)
            what = Msg.of("effect.share", label=Text(first_cell.label, first_cell.label_zh))
            support, _ = _diagnosis(ledger, cid)
            caveat = Msg.of("effect.caveat_counts" if support == "reproduces" else "effect.caveat_no_test")
            for e in (fx.risk_difference(c, c + d, a, a + b, level), fx.risk_ratio(c, c + d, a, a + b, level)):
                rows.append({**base, "comparison_msg": what, "measure_code": e.code, "estimate": e.estimate,
                             "low": e.low, "high": e.high, "note": "second versus first", "reading": "as_printed",
                             "n_first": a + b, "n_second": c + d, "sd_scale": 1.0, "support": support,
                             "caveat_msg": caveat})
        else:
            v = {k: _v(spec, k) for k in spec.kind.inputs}
            base.update(first=first_cell.row, second=spec.inputs["x2"][0].row)
            e = fx.rate_ratio(int(v["x2"]), v["t2"], int(v["x1"]), v["t1"], level)
            rows.append({**base, "comparison_msg": Msg.of("effect.variable", label=_label(spec, first_cell)),
                         "measure_code": e.code, "estimate": e.estimate, "low": e.low, "high": e.high,
                         "note": f"{num(v['x1'] / v['t1'] * 100)} vs {num(v['x2'] / v['t2'] * 100)} per 100",
                         "reading": "as_printed", "n_first": int(v["t1"]), "n_second": int(v["t2"]), "sd_scale": 1.0,
                         "support": "no_test", "caveat_msg": Msg.of("effect.caveat_no_test")})
    for r in rows:  # the table's words for what is compared, the measure and the caveat: the English of the facts
        r.update(comparison=render(r["comparison_msg"], "en"), measure=fx.MEASURES[r["measure_code"]],
                 caveat=render(r["caveat_msg"], "en"))
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
