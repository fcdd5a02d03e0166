"""What an outcome records besides its verdict: structured slips, mislabels, diagnoses (analysis.checks.notes)."""
from fractions import Fraction

import pytest

from analysis.checks.engine import Operand, Options, evaluate
from analysis.checks.notes import DIAGNOSES, Mislabel, Slip, digit_slip, message, slip_category
from analysis.core.rounding import compare
from analysis.core.vocab import Category
from analysis.text.catalogue import catalogue, render


@pytest.mark.parametrize("printed, recomputed, kind, last, category", [
    ("24.64", "34.64", Slip.ONE_DIGIT, False, Category.TYPOGRAPHICAL_ERROR),  # Zigong Table 2: (1792-1331)/1331
    ("27.01", "27.03", Slip.ONE_DIGIT, True, Category.CALCULATION_ERROR),  # the last digit: a calculation slip
    ("437", "473", Slip.TRANSPOSITION, False, Category.TYPOGRAPHICAL_ERROR),  # Zigong Table 1: 279 + 194 = 473
])
def test_a_digit_slip_is_a_structure_not_a_sentence(printed, recomputed, kind, last, category):
    s = digit_slip(printed, recomputed)
    assert (s.kind, s.last) == (kind, last) and slip_category(printed, recomputed) is category
    assert s.note.id == kind.value and render(s.note, "zh")  # its words are the catalogue's
    assert digit_slip("1.913", "4.545") is None and slip_category("1.913", "4.545") is Category.CALCULATION_ERROR


def test_both_directions_of_a_mislabel_are_recorded_with_both_readings():
    # 29.63 -> 17.78: b - a = -11.85 points; |b - a| / a = 39.99% (by hand)
    ins = {"a": Operand.of("29.63"), "b": Operand.of("17.78")}
    as_percent, = evaluate("relative_change", ins, {"target": "11.85"}, Options())
    as_points, = evaluate("difference", ins, {"target": "39.99"}, Options())
    assert as_percent.mislabel is Mislabel.POINTS_AS_PERCENT and as_points.mislabel is Mislabel.PERCENT_AS_POINTS
    assert float(as_percent.extra["points"]) == pytest.approx(11.85, abs=0.005)  # |b - a|, what was printed
    assert float(as_points.extra["points"]) == pytest.approx(-11.85, abs=0.005)  # b - a, the kind's recomputation
    for o in (as_percent, as_points):
        assert float(o.extra["relative"]) == pytest.approx(39.99, abs=0.005)
    consistent, = evaluate("difference", ins, {"target": "-11.85"}, Options())
    assert consistent.mislabel is None


def test_notes_and_quantities_are_messages_and_the_diagnoses_exist():
    o, = evaluate("sum", {"parts": Operand.of("279", "194", exact=True)}, {"target": "437"}, Options())
    assert [m.id for m in o.notes] == ["note.parts_add_to", "note.transposition"] and o.quantity.id == "quantity.sum"
    assert o.note == "parts add to 473, printed total 437; two adjacent digits transposed (437 printed, 473 recomputed)"
    assert DIAGNOSES <= set(catalogue())
    n = message(compare("0.12", Fraction(125, 1000)).note)  # a rounding note, made below the catalogue
    assert render(n, "zh") == "仅在四舍六入五成双舍入下可重现，在四舍五入舍入下不可重现"
