"""Claims about what a printed number counts: the units of a share, and growth against its population.

Two problems that arithmetic alone does not see (issue 17, item 7). Both are
claims of the text (they judge what a number means, not a printed value),
so their ledger rows are placed in a section, like :mod:`analysis.checks.kinds.claims`.

==========  =========================  =================================================================
kind        inputs                     what holds
==========  =========================  =================================================================
units       part, whole                a share's numerator and denominator count the same unit (options
                                       ``part_unit``, ``whole_unit``: ``persons`` or ``person_times``,
                                       as printed)
per_capita  x1, n1, x2, n2             a growth of raw counts of events (x1 -> x2) is also a growth per
                                       person of the population it applies to (n1 -> n2): the exact 95%
                                       interval of the rate ratio (x2/n2)/(x1/n1) lies above 1 (below 1
                                       for a fall); R's ``poisson.test``
==========  =========================  =================================================================

A share of persons over person-times (455 people among 10917 screenings) is
a share of people only if no one was counted twice; what is printed does
not say, so the finding it gives is graded as undecidable in consequence.

>>> from analysis.checks.engine import Operand, Options, evaluate
>>> o, = evaluate("units", {"part": Operand.of("455", exact=True), "whole": Operand.of("10917", exact=True)}, {},
...               Options(), {"part_unit": "persons", "whole_unit": "person_times"})
>>> o.verdict.value, o.category.value
('inconsistent', 'mixed_units')
>>> ins = {k: Operand.of(v, exact=True) for k, v in dict(x1="27", n1="312", x2="45", n2="437").items()}
>>> o, = evaluate("per_capita", ins, {}, Options())
>>> o.verdict.value, o.category.value, round(float(o.recomputed), 2)
('inconsistent', 'raw_count_growth', 18.99)
"""
from __future__ import annotations

from fractions import Fraction

from analysis.stats import inference
from analysis.checks.engine import Operand, Options, Outcome, kind, num
from analysis.core.rounding import Comparison, Note
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import Msg

__all__ = ["UNITS"]

UNITS = ("persons", "person_times")
"""What a count counts: persons or person-times (visits, screenings, admissions); in words the catalogue's
``unit.<code>``."""


def _claim_outcome(holds: bool, note: Msg, category: Category, recomputed=None) -> Outcome:
    cmp = Comparison(Verdict.CONSISTENT if holds else Verdict.INCONSISTENT, "claim, as printed", None, None,
                     basis=Note.of("rule.claim"))
    return Outcome("target", "", "", Msg.of("quantity.claim"), recomputed if recomputed is not None else holds, cmp,
                   (note,), None if holds else category, recomputed_text="true" if holds else "false")


@kind("units", (), ("part", "whole"), exact=("part", "whole"), options=("part_unit", "whole_unit"),
      formula="a share's numerator and denominator count the same unit (persons or person-times)")
def _units(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options) -> list[Outcome]:
    units = {k: options.get(k, "") for k in ("part_unit", "whole_unit")}
    for name, unit in units.items():
        if unit not in UNITS:
            raise ValueError(f"{name} must be one of {', '.join(UNITS)}, got {unit!r}")
    part, whole = (num(inputs[k].face) for k in ("part", "whole"))
    said = {"part": part, "whole": whole, "part_unit": Msg.of(f"unit.{units['part_unit']}"),
            "whole_unit": Msg.of(f"unit.{units['whole_unit']}")}
    if units["part_unit"] == units["whole_unit"]:
        said.pop("whole_unit")
        return [_claim_outcome(True, Msg.of("note.units_same", **said), Category.MIXED_UNITS)]
    mid = "note.persons_over_times" if units["part_unit"] == "persons" else "note.times_over_persons"
    return [_claim_outcome(False, Msg.of(mid, **said), Category.MIXED_UNITS)]


def _pct(x: float) -> str:
    return f"{x:+.1f}"


@kind("per_capita", (), ("x1", "n1", "x2", "n2"), exact=("x1", "n1", "x2", "n2"),
      formula="events per person before and after: rate ratio (x2/n2)/(x1/n1), exact 95% interval and p "
              "(conditional binomial test, R's poisson.test); the raw growth holds per person when the "
              "interval excludes 1 in its direction")
def _per_capita(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options) -> list[Outcome]:
    x1, n1, x2, n2 = (int(inputs[k].face) for k in ("x1", "n1", "x2", "n2"))
    if min(n1, n2) <= 0 or min(x1, x2) < 0 or x1 == 0:
        raise ValueError("per_capita needs positive populations and some events before")
    test = inference.rate_test(x1, n1, x2, n2)
    raw = 100 * (Fraction(x2) - x1) / x1
    per_person = 100 * (test.ratio - 1)
    rising = x2 > x1
    holds = test.low > 1 if rising else test.high < 1
    times = float(raw) / per_person if per_person and (per_person > 0) == rising else None
    said = dict(x1=x1, x2=x2, raw=_pct(float(raw)), n1=n1, n2=n2, population=_pct(100 * (n2 - n1) / n1),
                r1=f"{100 * x1 / n1:.2f}", r2=f"{100 * x2 / n2:.2f}", ratio=f"{test.ratio:.2f}", low=f"{test.low:.2f}",
                high=f"{test.high:.2f}", p=f"{test.p:.2g}", per_person=_pct(per_person))
    notes = Msg.of("note.per_capita", **said)
    if not holds:
        extra = Msg.of("note.per_capita_times", times=f"{times:.1f}") if times and times > 1 else ""
        notes = Msg.of("note.per_capita_fails", detail=notes, times=extra)
    return [_claim_outcome(holds, notes, Category.RAW_COUNT_GROWTH, per_person)]
