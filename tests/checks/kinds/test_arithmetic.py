"""The arithmetic kinds: growth, decline, share, ratio, sum, difference, relative change, restated and the
derived kinds, on known answers worked out by hand (``results/results_arithmetic.py``)."""
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.checks.engine import KINDS, Operand, Options, evaluate
from tests.checks.kinds.results import results_arithmetic as ref


def exact(**values):
    return {k: Operand.of(v, exact=True) for k, v in values.items()}


@pytest.mark.parametrize("kind,case", [("growth", ref.COUNTY_GROWTH), ("growth", ref.CITY_GROWTH),
                                       ("decline", ref.TIANCHANG_DECLINE)], ids=["county", "city", "tianchang"])
def test_growth_and_decline_recompute_the_printed_rate(kind, case):
    o, = evaluate(kind, exact(before=case["before"], after=case["after"]), {"target": case["printed"]}, Options())
    assert o.recomputed == case["recomputed"]  # exact rational arithmetic
    assert o.comparison.low == o.comparison.high == pytest.approx(float(case["recomputed"]))  # exact counts
    consistent = f"{float(case['recomputed']):.{len(case['printed'].split('.')[1])}f}" == case["printed"]
    assert o.verdict.is_consistent is consistent
    if "category" in case:
        assert o.category.value == case["category"]


def test_a_base_of_zero_is_an_impossible_value_not_a_crash():
    o, = evaluate("growth", exact(before="0", after="5"), {"target": "12.5"}, Options())
    assert o.verdict.is_inconsistent and o.category.value == "impossible_value"


def test_rounded_inputs_widen_the_recomputed_range():
    # 1.5 / 2.0 printed to one decimal: 100 * [1.45, 1.55] / [1.95, 2.05] = [70.73, 79.49]; 79 is inside
    o, = evaluate("ratio", {"numerator": Operand.of("1.5"), "denominator": Operand.of("2.0")}, {"target": "79"},
                  Options())
    assert (o.comparison.low, o.comparison.high) == pytest.approx((145 / 2.05, 155 / 1.95))
    assert o.verdict.value == "consistent"
    o, = evaluate("ratio", exact(numerator="1.5", denominator="2.0"), {"target": "79"}, Options())
    assert o.verdict.is_inconsistent  # the same numbers as exact values give 75 only


def test_relative_change_is_recomputed_from_the_counts_when_they_are_printed():
    c = ref.COUNTED_CHANGE
    rounded, = evaluate("relative_change", {"a": Operand.of(c["a"]), "b": Operand.of(c["b"])},
                        {"target": c["printed"]}, Options())
    counted, = evaluate("relative_change", {"a": Operand.of(c["a"]), "b": Operand.of(c["b"]),
                                            **exact(**{k: c[k] for k in ("a_part", "a_whole", "b_part", "b_whole")})},
                        {"target": c["printed"]}, Options())
    assert rounded.verdict.value == "consistent"
    assert counted.verdict.is_inconsistent and Fraction(counted.recomputed) == c["exact"]


def test_points_and_relative_change_mislabelled_either_way():
    # 29.63 -> 17.78: 11.85 points, a relative fall of 39.99%
    as_relative, = evaluate("relative_change", {"a": Operand.of("29.63"), "b": Operand.of("17.78")},
                            {"target": "11.85"}, Options())
    as_points, = evaluate("difference", {"a": Operand.of("29.63"), "b": Operand.of("17.78")}, {"target": "39.99"},
                          Options())
    for o in (as_relative, as_points):
        assert o.verdict.is_inconsistent and o.category.value == "labelling_error"
    assert "relative change printed as a percentage-point difference" in as_points.note
    right, = evaluate("difference", {"a": Operand.of("29.63"), "b": Operand.of("17.78")}, {"target": "-11.85"},
                      Options())
    assert right.verdict.value == "consistent" and right.category is None


def test_sum_and_restated_numbers():
    o, = evaluate("sum", {"parts": Operand.of("279", "194", exact=True)}, {"target": "473"}, Options())
    assert o.verdict.value == "consistent"
    o, = evaluate("restated", exact(value="312"), {"target": "321"}, Options())
    assert o.verdict.is_inconsistent and o.category.value == "internal_contradiction"


def test_kinds_declare_their_section():
    sections = {name: k.section for name, k in KINDS.items()}
    assert {sections[k] for k in ("growth", "decline", "share", "ratio", "sum", "difference", "relative_change",
                                  "restated")} == {"ledger"}
    assert {sections[k] for k in ("implied_total", "total", "implied_base_rate")} == {"derived"}
    assert sections["rate"] == "reanalysis"


@given(st.integers(1, 10**5), st.integers(0, 10**5), st.integers(0, 3))
def test_a_growth_printed_from_its_own_counts_is_consistent(before, after, decimals):
    value = Fraction(100 * (after - before), before)
    printed = f"{float(round(value, decimals)):.{decimals}f}"  # Python rounds half to even: a rule the engine names
    o, = evaluate("growth", exact(before=str(before), after=str(after)), {"target": printed}, Options())
    assert o.verdict.is_consistent
