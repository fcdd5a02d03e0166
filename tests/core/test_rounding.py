"""Rounding-aware comparison: known answers and properties."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.core.rounding import (
    RULES,
    compare,
    format_fixed,
    parse_printed,
    printed_interval,
    round_to,
)

fractions = st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**6)


decimals = st.integers(min_value=0, max_value=4)


rules = st.sampled_from(RULES)


# ------------------------------------------------------------------ tie grids, every rule
# Expected values by exact decimal arithmetic (the definitions in analysis.core.rounding.RULES):
# half_up = ties away from zero, half_even = ties to even, truncate = towards zero,
# half_down = ties towards zero, up = ceiling, down = floor; up_or_down rounds as half_up.
TIE_GRID = [
    # x,        d,  half_up, half_even, truncate, half_down, up,      down
    ("2.345",   2, "2.35",  "2.34",   "2.34",   "2.34",   "2.35",  "2.34"),
    ("-2.345",  2, "-2.35", "-2.34",  "-2.34",  "-2.34",  "-2.34", "-2.35"),
    ("2.355",   2, "2.36",  "2.36",   "2.35",   "2.35",   "2.36",  "2.35"),
    ("-2.355",  2, "-2.36", "-2.36",  "-2.35",  "-2.35",  "-2.35", "-2.36"),
    ("0.125",   2, "0.13",  "0.12",   "0.12",   "0.12",   "0.13",  "0.12"),
    ("2.5",     0, "3",     "2",      "2",      "2",      "3",     "2"),
    ("-2.5",    0, "-3",    "-2",     "-2",     "-2",     "-2",    "-3"),
    ("0.5",     0, "1",     "0",      "0",      "0",      "1",     "0"),
    ("-0.5",    0, "-1",    "0",      "0",      "0",      "0",     "-1"),
    ("1.095",   2, "1.10",  "1.10",   "1.09",   "1.09",   "1.10",  "1.09"),   # trailing zero kept
    ("-1.095",  2, "-1.10", "-1.10",  "-1.09",  "-1.09",  "-1.09", "-1.10"),
    ("9.995",   2, "10.00", "10.00",  "9.99",   "9.99",   "10.00", "9.99"),
    ("2.341",   2, "2.34",  "2.34",   "2.34",   "2.34",   "2.35",  "2.34"),   # not a tie
    ("-2.341",  2, "-2.34", "-2.34",  "-2.34",  "-2.34",  "-2.34", "-2.35"),
    ("0.0500",  3, "0.050", "0.050",  "0.050",  "0.050",  "0.050", "0.050"),  # exact: every rule
]


SIMPLE = ("half_up", "half_even", "truncate", "half_down", "up", "down")


_RANK = {"consistent": 0, "consistent_if_rounding": 1, "inconsistent": 2}


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
    assert [str(round_to(x, 2, r)) for r in ("half_up", "half_even", "truncate")] == ["2.35", "2.34", "2.34"]
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


@pytest.mark.parametrize("row", TIE_GRID, ids=[f"{r[0]}@{r[1]}" for r in TIE_GRID])
def test_tie_grid(row):
    x, d, *expected = row
    got = [format_fixed(Fraction(x), d, rule) for rule in SIMPLE]
    assert got == expected
    assert format_fixed(Fraction(x), d, "up_or_down") == expected[0]


@pytest.mark.parametrize("row", TIE_GRID, ids=[f"{r[0]}@{r[1]}" for r in TIE_GRID])
def test_tie_grid_verdicts(row):
    """Each rule's print is consistent under that rule; under half_up it is consistent,
    consistent_if_rounding (another nearest rule or truncation), or, for a directed rule's
    print, not excused (up/down are never automatic alternatives)."""
    x, d, *expected = row
    for rule, printed in zip(SIMPLE, expected):
        assert compare(printed, Fraction(x), rule=rule).verdict == "consistent"
        c = compare(printed, Fraction(x), rule="half_up")
        nearest = {r: format_fixed(Fraction(x), d, r) for r in ("half_up", "half_even", "half_down", "truncate")}
        if printed == nearest["half_up"]:
            assert c.verdict == "consistent"
        elif printed in nearest.values():
            assert c.verdict == "consistent_if_rounding"
            assert nearest[c.rule] == printed
        else:
            assert c.verdict == "inconsistent"
    # up_or_down accepts both half-up's and half-down's print, as scrutiny's default does
    for printed in (expected[0], expected[3]):
        assert compare(printed, Fraction(x), rule="up_or_down").verdict == "consistent"


def test_directed_rules_are_ceiling_and_floor():
    assert compare("2.35", Fraction("2.341"), rule="up").verdict == "consistent"
    assert compare("2.35", Fraction("2.341")).verdict == "inconsistent"
    assert [float(b) for b in printed_interval("2.35", "up")] == [2.34, 2.35]
    assert [float(b) for b in printed_interval("2.35", "down")] == [2.35, 2.36]
    assert [float(b) for b in printed_interval("0.0", "truncate")] == [-0.1, 0.1]


def test_apa_style_without_leading_zero():
    assert parse_printed(".06").value == Decimal("0.06")
    assert parse_printed("=.06").operator == "="
    assert parse_printed("<.001").value == Decimal("0.001")
    assert parse_printed("-.22").value == Decimal("-0.22")


@given(fractions, decimals, st.sampled_from(RULES))
def test_interval_of_the_print_contains_the_value(x, d, rule):
    for member in ("half_up", "half_down") if rule == "up_or_down" else (rule,):
        lo, hi = printed_interval(format_fixed(x, d, member), rule)
        assert lo <= x <= hi


@given(fractions, fractions, fractions, st.fractions(0, 1), st.fractions(0, 1), decimals, rules)
def test_verdict_never_improves_when_the_input_range_shrinks(x, a, b, s, t, d, rule):
    """A narrower recomputed range (inputs printed with more decimals) can only worsen the verdict."""
    lo, hi = min(x, a), max(x, b)
    lo2, hi2 = x - (x - lo) * s, x + (hi - x) * t          # a sub-interval that still holds x
    printed = format_fixed(a, d, "half_up")
    wide = compare(printed, x, lo, hi, rule=rule).verdict
    narrow = compare(printed, x, lo2, hi2, rule=rule).verdict
    assert _RANK[narrow] >= _RANK[wide]
