"""The columnar comparison decides in floating point only what the exact comparison decides the same way.

The reference is :func:`analysis.core.rounding.compare` over exact rationals; every row the columnar
comparison decides must have its verdict, rule, note and range, and the values are built on and near the
edges of every rounding rule (ties, interval ends, p floors), exactly and within 1e-12 and 1e-15.
"""
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.core.columnar import MARGIN, compare_columns, fixed_text, near_half, printed_column, round_scaled, \
    rounding_note
from analysis.core.rounding import RULES, compare, format_fixed, round_to

OFFSETS = (0, 1e-12, -1e-12, 1e-15, -1e-15, 2e-16, -2e-16, 1e-9, -1e-9, 0.3, -0.3, 0.7)
"""Distances from an edge, in units of the last printed decimal (relative to the value for the tiny ones)."""


@st.composite
def cases(draw):
    """A printed number and a recomputed value (with a range) on or near one of its edges."""
    d = draw(st.integers(0, 4))
    digits = draw(st.integers(-20000, 20000) | st.sampled_from([0, 1, 5, -1, 10, 25]))
    op = draw(st.sampled_from(["", "", "", "<", ">", "="]))
    body = fixed_text(digits, d)
    text = op + body
    unit = Fraction(1, 10 ** d)
    edge = Fraction(digits, 10 ** d) + unit * Fraction(draw(st.integers(-4, 4)), 2)
    if draw(st.booleans()):  # a p floor: 0.001 or 1/1000
        edge = Fraction(1, 1000)
    off = draw(st.sampled_from(OFFSETS))
    if abs(off) < 1e-6:
        exact = edge + (abs(edge) if edge else unit) * Fraction(off)
    else:
        exact = edge + unit * Fraction(off)
    width = draw(st.sampled_from([0, 0, Fraction(1, 10 ** (d + 1)), unit, unit * Fraction(draw(st.sampled_from(
        OFFSETS)))]))
    lo = exact - abs(width) * Fraction(draw(st.integers(0, 2)), 2)
    hi = exact + abs(width) * Fraction(draw(st.integers(0, 2)), 2)
    return text, exact, lo, hi


@settings(max_examples=600, deadline=None)
@given(st.lists(cases(), min_size=1, max_size=12), st.sampled_from(RULES), st.booleans(), st.booleans(),
       st.booleans())
def test_every_decided_row_is_the_exact_comparison(rows, rule, is_p, changed, exact_inputs):
    """Reference: compare() over the exact rationals (or over the floats, as the per-row engine reads a
    float recomputed value: its shortest repr). Decided rows must agree in every field."""
    texts = [r[0] for r in rows]
    floats = [tuple(float(x) for x in r[1:]) for r in rows]
    col = printed_column(texts, rule)
    got = compare_columns(col, [f[0] for f in floats], [f[1] for f in floats], [f[2] for f in floats], rule,
                          changed, is_p)
    decided = 0
    for i, (text, exact, lo, hi) in enumerate(rows):
        ref = compare(text, *((exact, lo, hi) if exact_inputs else floats[i]), rule=rule,
                      conclusion_changed=changed, is_p=is_p) if col.op[i] != "~" else None
        if got.undecided[i]:
            continue
        decided += 1
        assert got.verdicts[i] is ref.verdict, (text, exact, lo, hi)
        assert got.rule[i] == ref.rule
        assert rounding_note(got.note[i], text, rule, got.other[i]) == ref.note
        assert (got.low[i], got.high[i]) == (ref.low, ref.high)
    assert decided <= len(rows)
    exact = [(r[1], r[2], r[3]) if exact_inputs else floats[i] for i, r in enumerate(rows)]
    both = compare_columns(col, [f[0] for f in floats], [f[1] for f in floats], [f[2] for f in floats], rule,
                           changed, is_p, exact=exact.__getitem__)
    assert not both.undecided.any()  # given the exact values, the undecided rows are compared exactly
    for i, text in enumerate(texts):
        ref = compare(text, *exact[i], rule=rule, conclusion_changed=changed, is_p=is_p)
        assert (both.verdicts[i], both.rule[i], both.low[i], both.high[i]) == (ref.verdict, ref.rule, ref.low,
                                                                               ref.high)
        assert rounding_note(both.note[i], text, rule, both.other[i]) == ref.note


@pytest.mark.parametrize("rule", RULES)
def test_ties_are_left_to_the_exact_comparison_and_values_1e12_away_are_not(rule):
    # 24.645 is a tie at 2 decimals; 1e-12 away (4e-14 relative, more than MARGIN) is decided in floats
    col = printed_column(["24.64", "24.64", "24.64"], rule)
    got = compare_columns(col, [24.645, 24.645 + 1e-12, 24.645 - 1e-12], None, None, rule)
    assert got.undecided.tolist() == [True, False, False]
    for value, verdict in zip([24.645 + 1e-12, 24.645 - 1e-12], got.verdicts[1:]):
        assert verdict is compare("24.64", Fraction(value), rule=rule).verdict
    assert 1e-12 / 24.645 > MARGIN > 8 * 2.0 ** -51  # the margin: 16 times a float's error, below 1e-12


@given(st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**5), st.integers(0, 4),
       st.sampled_from(RULES))
def test_round_scaled_is_round_to_away_from_ties(x, d, rule):
    scaled = float(x * 10 ** d)
    if near_half(scaled):
        return
    whole = int(round_scaled(np.array([scaled]), rule)[0])
    assert fixed_text(whole, d) == format_fixed(x, d, rule) == f"{round_to(x, d, rule):f}"


def test_a_column_reads_each_text_as_the_rounding_module_does():
    col = printed_column(["51.70", "<.001", "~40", "x", "-0.0", "0.000"], "truncate")
    assert col.ok.tolist() == [True, True, True, False, True, True]
    assert col.decimals[:3].tolist() == [2, 3, 0] and col.digits[0] == 5170
    assert (col.low[0], col.high[0]) == (51.7, 51.71)
    assert math.isnan(col.low[2]) and col.zero.tolist() == [False, False, False, False, True, True]
    assert col.floor[5] == 0.001 and math.isnan(col.floor[0])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "", "-", "<", ">", "=", "~", "−", "+"]), st.integers(0, 10**7),
                          st.integers(0, 5), st.sampled_from(["", "", ".", " ", ","])), min_size=1, max_size=20),
       st.sampled_from(RULES))
def test_a_column_is_read_as_parse_printed_reads_each_text(cells, rule):
    """Reference: parse_printed, printed_interval and p_floor, text by text (plain numerals take a shortcut)."""
    from analysis.core.rounding import p_floor, parse_printed, printed_interval
    texts = []
    for prefix, digits, d, odd in cells:
        body = fixed_text(digits, d)
        texts.append(prefix + (body.replace(".", odd) if odd == "," else body if odd != "." else "." + body[-1:])
                     + (" " if odd == " " else ""))
    col = printed_column(texts, rule)
    for i, text in enumerate(texts):
        try:
            p = parse_printed(text)
        except ValueError:
            assert not col.ok[i]
            continue
        assert col.ok[i] and col.op[i] == p.operator and col.decimals[i] == p.decimals
        assert col.value[i] == float(p.value) and col.zero[i] == (p.value == 0)
        if p.operator != "~":
            assert (col.low[i], col.high[i]) == tuple(float(x) for x in printed_interval(p, rule))
        if p.operator == "=":
            lo, hi = printed_interval(p, rule)
            assert (col.halves_low[i], col.halves_high[i]) == (lo * 2 * 10 ** p.decimals, hi * 2 * 10 ** p.decimals)
        floor = p_floor(p)
        assert (math.isnan(col.floor[i]) if floor is None else col.floor[i] == float(floor))
