"""Rounding-aware comparison: known answers and properties."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from analysis.rounding import RULES, compare, format_fixed, parse_printed, printed_interval, round_to

fractions = st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**6)
decimals = st.integers(min_value=0, max_value=4)
rules = st.sampled_from(RULES)


@given(fractions, decimals, rules)
def test_a_value_is_consistent_with_its_own_correct_print(x, d, rule):
    assert compare(format_fixed(x, d, rule), x, rule=rule).verdict == "consistent"


@given(fractions, decimals, rules)
def test_the_printed_interval_contains_the_value(x, d, rule):
    lo, hi = printed_interval(format_fixed(x, d, rule), rule)
    assert lo <= x <= hi


@given(fractions, decimals)
def test_another_rules_print_is_named(x, d):
    half_even = format_fixed(x, d, "half_even")
    c = compare(half_even, x, rule="half_up")
    if Decimal(half_even) == round_to(x, d, "half_up"):
        assert c.verdict == "consistent"
    else:
        assert (c.verdict, c.rule) == ("consistent_if_rounding", "half_even")


@given(fractions, decimals, rules)
def test_rounding_error_is_at_most_one_unit(x, d, rule):
    assert abs(Fraction(round_to(x, d, rule)) - x) <= Fraction(1, 10 ** d)


@given(fractions, decimals)
def test_a_print_two_units_away_is_inconsistent(x, d):
    wrong = round_to(x, d, "half_up") + 2 * Decimal(1).scaleb(-d)
    assert compare(f"{wrong:f}", x).verdict == "inconsistent"


def test_classic_x_xx5_case():
    # 2.345 exactly: half-up 2.35, half-even 2.34 (R's round(2.345, 2) with exact input gives 2.34)
    x = Fraction(2345, 1000)
    assert [str(round_to(x, 2, r)) for r in RULES] == ["2.35", "2.34", "2.34"]
    assert compare("2.35", x).verdict == "consistent"
    c = compare("2.34", x)
    assert c.verdict == "consistent_if_rounding" and c.rule == "half_even"


def test_truncation_is_named():
    c = compare("8.58", Fraction(808800, 94203))  # 8.5857...: half-up 8.59, truncation 8.58
    assert (c.verdict, c.rule) == ("consistent_if_rounding", "truncate")


def test_trailing_zero_is_kept():
    p = parse_printed("51.70")
    assert (p.decimals, p.text) == (2, "51.70")


def test_range_from_rounded_inputs_can_make_consistent():
    # recomputed 3.16 from face values, but the inputs allow 3.13 .. 3.19
    assert compare("3.14", 3.16, 3.13, 3.19).verdict == "consistent"
    assert compare("3.14", 3.16).verdict == "inconsistent"


def test_conclusion_flip_is_reported():
    assert compare("0.185", 0.0016, conclusion_changed=True).verdict == "inconsistent_conclusion"


def test_bounds_and_approximate_values():
    assert compare("<0.001", 0.0004).verdict == "consistent"
    assert compare("<0.001", 0.002).verdict == "inconsistent"
    assert compare("~40", Fraction(181 - 131, 131) * 100).verdict == "consistent"  # 38.17
    assert compare("~40", 47.06).verdict == "inconsistent"


@pytest.mark.parametrize("bad", ["", "abc", "1.2.3", "12,34", "--1"])
def test_malformed_numbers_fail(bad):
    with pytest.raises(ValueError, match="not a printed number"):
        parse_printed(bad)


def test_unknown_rule_fails():
    with pytest.raises(ValueError, match="unknown rounding rule"):
        compare("1.0", 1, rule="bankers")
