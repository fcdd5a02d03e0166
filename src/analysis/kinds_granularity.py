"""Granularity kinds: can any whole-number data give the printed value?

``grim``: a percentage of ``n`` people must be :math:`100k/n` for a whole
:math:`k` (GRIM, Brown and Heathers 2017). ``n`` may list alternative
denominators (``ref|ref``) when the source does not say which it used; the
printed value is consistent if any of them gives it.

>>> from analysis.engine import Operand, Options, evaluate
>>> o, = evaluate("grim", {"n": Operand.of("192", "205", exact=True)}, {"target": "44.6"}, Options())
>>> o.verdict.value, o.category.value
('inconsistent', 'impossible_value')
"""
from __future__ import annotations

from fractions import Fraction

from . import counts
from .engine import Options, Operand, judge, kind, num
from .rounding import compare, parse_printed
from .vocab import Category

__all__: list[str] = []  # kinds register themselves in analysis.engine.KINDS


@kind("grim", ("target",), ("n",), exact=("n",), alternatives=("n",),
      formula="a percentage of n whole people is 100 k / n for a whole k (GRIM)")
def _grim(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options):
    text = targets["target"]
    printed = parse_printed(text)
    found, notes, best = [], [], None
    for alt in inputs["n"].alternatives:
        n = int(alt.face)
        for cand in counts.grim_candidates(printed.value, n):
            ok = compare(printed, cand, rule=opts.rounding).verdict.startswith("consistent")
            notes.append(f"{cand * n / 100}/{n} = {num(cand)}%" + (" reproduces" if ok else ""))
            if ok:
                found.append(cand)
            if best is None or abs(cand - Fraction(printed.value)) < abs(best - Fraction(printed.value)):
                best = cand
    head = ("GRIM: a whole number of people gives the printed percentage" if found else
            "GRIM: no whole number of people out of the candidate denominators gives the printed percentage")
    return [judge(text, found[0] if found else best, None, None, opts, quantity="percentage of whole people (GRIM)",
                  category=Category.IMPOSSIBLE_VALUE, notes=(head, ", ".join(notes)))]
