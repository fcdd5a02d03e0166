"""Kinds recomputed by arithmetic: growth, decline, share, ratio, sum, differences, restated numbers.

Also the derived kinds (values a source implies but does not print) and the
re-analysis kind ``rate``. Each is declared once with :func:`analysis.checks.engine.kind`.

========================  =========  =========================================  ================================
kind                      targets    inputs                                     formula
========================  =========  =========================================  ================================
growth                    target     before, after                              100 (after - before) / before
decline                   target     before, after                              100 (before - after) / before
share                     target     part, whole                                100 part / whole (part <= whole)
ratio                     target     numerator, denominator                     100 numerator / denominator
sum                       target     parts                                      sum of the parts
difference                target     a, b                                       b - a (percentage points)
relative_change           target     a, b                                       100 |b - a| / a
restated                  target     value                                      the same number printed twice
implied_total             (derived)  count, rate                                100 count / rate
total                     (derived)  parts                                      sum of the parts
implied_base_rate         (derived)  rate, change                               rate / (1 + change/100); rate - change
rate                      (effect)   x1, t1, x2, t2                             (x2/t2) / (x1/t1)
========================  =========  =========================================  ================================

>>> from analysis.checks.engine import Operand, Options, evaluate
>>> o, = evaluate("growth", {"before": Operand.of("250", exact=True), "after": Operand.of("336.6", exact=True)},
...               {"target": "24.64"}, Options())
>>> o.verdict.value, o.category.value, o.note
('inconsistent', 'typographical_error', 'one digit differs (24.64 printed, 34.64 recomputed)')
>>> [m.id for m in o.notes], o.quantity.id
(['note.one_digit'], 'quantity.growth')
"""
from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction

import numpy as np

from analysis.stats import counts
from analysis.checks.columnar import Batch, Parts, judge_columns
from analysis.checks.engine import Operand, Options, Outcome, judge, kind, num, span, vectorised
from analysis.checks.notes import Mislabel, digit_slip
from analysis.core.rounding import compare
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import Msg

__all__: list[str] = []  # kinds register themselves in analysis.checks.engine.KINDS

_ONE = {
    "growth": ("quantity.growth", lambda before, after: counts.growth_rate(before, after),
               ("before", "after"), "100 (after - before) / before"),
    "decline": ("quantity.decline", lambda before, after: -counts.growth_rate(before, after),
                ("before", "after"), "100 (before - after) / before, printed as a positive fall"),
    "share": ("quantity.share", lambda part, whole: counts.share(part, whole),
              ("part", "whole"), "100 part / whole, part <= whole"),
    "ratio": ("quantity.ratio", lambda numerator, denominator: counts.ratio(numerator, denominator),
              ("numerator", "denominator"), "100 numerator / denominator (may exceed 100)"),
}


def _undefined(name: str, inputs: dict[str, Operand]) -> Msg:
    """Why a formula is undefined at the printed face values (the check that fails, as a message)."""
    if name in ("growth", "decline"):
        return Msg.of("note.base_zero")
    if name == "ratio":
        return Msg.of("note.denominator_zero")
    part, whole = inputs["part"].face, inputs["whole"].face
    if whole <= 0:
        return Msg.of("note.total_not_positive", total=num(whole))
    return Msg.of("note.part_outside", part=num(part), total=num(whole))


def _formula_runner(name: str):
    quantity_id, func, names, _ = _ONE[name]

    def run(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options) -> list[Outcome]:
        args = {k: inputs[k].box for k in names}
        quantity = Msg.of(quantity_id)
        try:
            face, lo, hi = span(func, args)
        except ValueError:  # e.g. a base of 0: the printed number cannot be derived
            return [judge(targets["target"], 0, None, None, opts, quantity=quantity,
                          notes=(_undefined(name, inputs),), category=Category.IMPOSSIBLE_VALUE)]
        return [judge(targets["target"], face, lo, hi, opts, quantity=quantity)]
    return run


def _formula_columns(name: str):
    """The columnar runner of a kind of :data:`_ONE`: the rate of :data:`analysis.stats.counts.RATES` on the
    inputs as whole numbers of one scale (half units of the finest printed decimal), so each value and each
    corner of the input box is the float of the exact rational the per-row runner computes."""
    names = _ONE[name][2]
    formula, defined = counts.RATES["growth" if name == "decline" else name]
    sign = -1 if name == "decline" else 1

    def run(batch: Batch, opts: Options) -> Parts:
        cols = [batch.printed(k, opts.rounding) for k in names]
        top = np.max([c.decimals for c in cols], axis=0)
        left = np.zeros(batch.size, dtype=bool)
        boxes = []
        for k, c in zip(names, cols):
            scale = 10.0 ** (top - c.decimals)
            face = 2 * c.digits * scale
            box = (face, face, face) if k in batch.exact else (face, c.halves_low * scale, c.halves_high * scale)
            for end in box:  # whole numbers small enough that 100 (a - b) is exact
                left |= ~(np.abs(end) < 2.0 ** 46)
            left |= ~c.ok | (c.op != "=")
            boxes.append(box)
        with np.errstate(all="ignore"):
            face = sign * formula(*(b[0] for b in boxes)) + 0.0  # + 0.0: no negative zero, as a Fraction has none
            left |= ~defined(*(b[0] for b in boxes))  # undefined at face value: the per-row runner says why
            lo, hi = face.copy(), face.copy()
            for corner in itertools.product(*((b[1], b[2]) for b in boxes)):
                value, ok = sign * formula(*corner) + 0.0, defined(*corner)
                lo, hi = np.where(ok, np.minimum(lo, value), lo), np.where(ok, np.maximum(hi, value), hi)
        def rate(**args):
            values = [args[k] for k in names]
            if not defined(*values):
                raise ValueError("undefined")  # a corner the per-row runner leaves out
            return sign * formula(*values)

        def exact(i: int) -> tuple | None:  # the per-row runner's fractions (the rates do not depend on the scale)
            if left[i]:
                return None
            return span(rate, {k: tuple(Fraction(int(e[i])) for e in b) for k, b in zip(names, boxes)})
        part = judge_columns(batch.printed("target", opts.rounding), face, lo, hi, opts, exact=exact)
        part.leave(left)
        return Parts([part], left)
    return run


for _name, (_q, _f, _names, _formula) in _ONE.items():
    kind(_name, ("target",), _names, formula=_formula,
         exact=_names if _name in ("share",) else ())(_formula_runner(_name))
    vectorised(_name)(_formula_columns(_name))


@kind("sum", ("target",), ("parts",), formula="sum of the parts against the printed total", exact=("parts",),
      options=("on_false",))
def _sum(inputs, targets, options, opts):
    """Option ``on_false=internal_contradiction``: a total printed elsewhere too, whose parts are supported by
    other checks, so a mismatch is a contradiction whose culprit cannot be told; a digit slip between the two
    is noted as one possible explanation, not as the diagnosis."""
    total, lo, hi = inputs["parts"].box
    notes = (Msg.of("note.parts_add_to", total=num(total), printed=targets["target"]),)
    quantity = Msg.of("quantity.sum")
    if options.get("on_false"):
        out = judge(targets["target"], total, lo, hi, opts, quantity=quantity, notes=notes,
                    category=Category(options["on_false"]))
        if not out.verdict.is_inconsistent:
            return [out]
        slip = digit_slip(targets["target"], num(total))
        extra = (Msg.of("note.possible_explanation", explanation=slip.note),) if slip else ()
        return [replace(out, notes=out.notes + (Msg.of("note.which_unknown"),) + extra)]
    return [judge(targets["target"], total, lo, hi, opts, quantity=quantity, notes=notes)]


@kind("difference", ("target",), ("a", "b"), formula="b - a (e.g. a percentage-point difference)")
def _difference(inputs, targets, options, opts):
    a, b = inputs["a"].box, inputs["b"].box
    face, lo, hi = span(lambda a, b: b - a, {"a": a, "b": b})
    target = targets["target"]
    first = compare(target, face, lo, hi, rule=opts.rounding, tolerance=opts.tolerance)
    quantity = Msg.of("quantity.difference")
    if first.verdict.is_inconsistent and a[0] != 0:
        rel = span(lambda a, b: abs(counts.read_change(a, b).relative), {"a": a, "b": b})
        if compare(target, *rel, rule=opts.rounding, tolerance=opts.tolerance).verdict is Verdict.CONSISTENT:
            return [judge(target, face, lo, hi, opts, quantity=quantity, category=Category.LABELLING_ERROR,
                          notes=(Msg.of("note.relative_as_points", relative=num(rel[0]), points=num(face)),),
                          mislabel=Mislabel.PERCENT_AS_POINTS, extra={"points": face, "relative": rel[0]})]
    return [judge(target, face, lo, hi, opts, quantity=quantity)]


@kind("relative_change", ("target",), ("a", "b", "a_part", "a_whole", "b_part", "b_whole"),
      optional=("a_part", "a_whole", "b_part", "b_whole"), exact=("a_part", "a_whole", "b_part", "b_whole"),
      formula="100 |b - a| / a, a relative change of two percentages (from the counts behind them when printed)")
def _relative_change(inputs, targets, options, opts):
    counted = all(k in inputs for k in ("a_part", "a_whole", "b_part", "b_whole"))
    if counted:  # where exact counts exist, recompute from the counts rather than from rounded shares
        a, b = (100 * inputs[f"{x}_part"].face / inputs[f"{x}_whole"].face for x in "ab")
        a, b = (a, a, a), (b, b, b)
    else:
        a, b = inputs["a"].box, inputs["b"].box
    rel = span(lambda a, b: abs(counts.read_change(a, b).relative), {"a": a, "b": b})
    pts = span(lambda a, b: abs(counts.read_change(a, b).points), {"a": a, "b": b})
    target = targets["target"]
    basis = (Msg.of("note.from_counts"),) if counted else ()
    quantity = Msg.of("quantity.relative_change")
    as_points = compare(target, *pts, rule=opts.rounding, tolerance=opts.tolerance).verdict is Verdict.CONSISTENT
    if as_points:
        return [judge(target, *rel, opts, quantity=quantity, category=Category.LABELLING_ERROR,
                      notes=(Msg.of("note.points_as_percent", points=num(pts[0]), relative=num(rel[0])),) + basis,
                      mislabel=Mislabel.POINTS_AS_PERCENT, extra={"points": pts[0], "relative": rel[0]})]
    return [judge(target, *rel, opts, quantity=quantity,
                  notes=(Msg.of("note.points_difference", points=num(pts[0])),) + basis)]


@kind("restated", ("target",), ("value",), formula="a number printed in one place and restated in another")
def _restated(inputs, targets, options, opts):
    face, lo, hi = inputs["value"].box
    return [judge(targets["target"], face, lo, hi, opts, quantity=Msg.of("quantity.restated"),
                  category=Category.INTERNAL_CONTRADICTION,
                  notes=(Msg.of("note.printed_elsewhere", value="+".join(inputs["value"].texts)),))]


# ------------------------------------------------------------------ derived values (not in the ledger)

def _derived(quantity: str, formula: str, value, note: str = "note.derived") -> dict:
    """A derived value: what it is and its note as messages (ids of the catalogue), its value and range."""
    face, lo, hi = value
    return {"quantity": Msg.of(quantity), "value": face, "low": lo, "high": hi, "formula": formula,
            "note": Msg.of(note)}


@kind("implied_total", (), ("count", "rate"), section="derived", formula="100 count / rate", exact=("count",))
def _implied_total(inputs, targets, options, opts):
    v = span(lambda count, rate: 100 * count / rate, {"count": inputs["count"].box, "rate": inputs["rate"].box})
    return [_derived("quantity.implied_base", "100 * count / rate", v)]


@kind("total", (), ("parts",), section="derived", formula="sum of the parts", exact=("parts",))
def _total(inputs, targets, options, opts):
    return [_derived("quantity.total", "sum of parts", inputs["parts"].box)]


@kind("implied_base_rate", (), ("rate", "change"), section="derived",
      formula="rate / (1 + change / 100) if relative; rate - change if in percentage points")
def _implied_base_rate(inputs, targets, options, opts):
    args = {"rate": inputs["rate"].box, "change": inputs["change"].box}
    note = "note.derived_reading_unsaid"
    return [_derived("quantity.earlier_rate_relative", "rate / (1 + change / 100)",
                     span(lambda rate, change: rate / (1 + change / 100), args), note),
            _derived("quantity.earlier_rate_points", "rate - change",
                     span(lambda rate, change: rate - change, args), note)]


@kind("rate", (), ("x1", "t1", "x2", "t2"), section="reanalysis", exact=("x1", "x2"),
      formula="rate ratio (x2 / t2) / (x1 / t1) with a 95% CI (re-analysis)")
def _rate(inputs, targets, options, opts):
    return []  # effect sizes are computed by analysis.results.reanalysis from the same inputs

