"""Rounding-aware comparison: known answers (``results/results_rounding.py``) and properties."""
import decimal
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
from tests.core.results.results_rounding import (
    P_T_5_536_DF_32,
    R_ROUND_BINARY,
    R_ROUND_EXACT_TIES,
    SIMPLE_RULES,
    TIE_GRID,
    TRUNCATED,
)

fractions = st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**6)


decimals = st.integers(min_value=0, max_value=4)


rules = st.sampled_from(RULES)


_RANK = {"consistent": 0, "consistent_if_rounding": 1, "inconsistent": 2}


@given(fractions, decimals, rules)
def test_a_value_is_consistent_with_its_own_correct_print(x, d, rule):
    assert compare(format_fixed(x, d, rule), x, rule=rule).verdict == "consistent"


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


@pytest.mark.parametrize("x,d,expected", R_ROUND_EXACT_TIES)
def test_half_even_is_r_round_on_exact_ties(x, d, expected):
    assert format_fixed(Fraction(x), d, "half_even") == expected


def test_a_float_is_read_at_its_shortest_repr_not_as_r_sees_the_double():
    r = R_ROUND_BINARY
    assert format_fixed(r["x"], r["decimals"], "half_even") == r["ours_half_even"] != r["r"]
    c = compare("2.34", Fraction(2345, 1000))  # the half-even print of 2.345 is named after its rule
    assert c.verdict == "consistent_if_rounding" and c.rule == "half_even"


def test_truncation_is_named():
    c = compare(TRUNCATED["printed"], Fraction(*TRUNCATED["value"]))
    assert (c.verdict, c.rule) == ("consistent_if_rounding", "truncate")


DECIMAL_MODES = {"half_up": decimal.ROUND_HALF_UP, "half_even": decimal.ROUND_HALF_EVEN, "truncate": decimal.ROUND_DOWN,
                 "half_down": decimal.ROUND_HALF_DOWN, "up": decimal.ROUND_CEILING, "down": decimal.ROUND_FLOOR}


@given(st.decimals(min_value=-10**6, max_value=10**6, places=6, allow_nan=False, allow_infinity=False), decimals,
       st.sampled_from(sorted(DECIMAL_MODES)))
def test_round_to_is_pythons_decimal_rounding(x, d, rule):
    """Python's decimal module is an independent implementation of the same six modes (the package rounds in
    integer arithmetic and never calls quantize)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        expected = x.quantize(Decimal(1).scaleb(-d), rounding=DECIMAL_MODES[rule])
    assert round_to(x, d, rule) == expected and format_fixed(x, d, rule) == f"{expected:f}"


@pytest.mark.parametrize("printed", ["0.000", "0.001", "<0.001"])
def test_one_p_floor_policy(printed):
    # p of t(32) = 5.536 is 4.2e-6 (R), below every floor: 0.000 and 0.001 reproduce as a floor, <0.001 as a bound
    c = compare(printed, P_T_5_536_DF_32, is_p=True)
    assert c.verdict in ("consistent", "consistent_if_rounding")
    assert (c.rule == "p_floor") == (not printed.startswith("<"))
    assert compare("0.010", P_T_5_536_DF_32, is_p=True).verdict == "inconsistent"  # not a floor of 3 decimals


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
    got = [format_fixed(Fraction(x), d, rule) for rule in SIMPLE_RULES]
    assert got == expected
    assert format_fixed(Fraction(x), d, "up_or_down") == expected[0]


@pytest.mark.parametrize("row", TIE_GRID, ids=[f"{r[0]}@{r[1]}" for r in TIE_GRID])
def test_tie_grid_verdicts(row):
    """Each rule's print is consistent under that rule; under half_up it is consistent,
    consistent_if_rounding (another nearest rule or truncation), or, for a directed rule's
    print, not excused (up/down are never automatic alternatives)."""
    x, d, *expected = row
    for rule, printed in zip(SIMPLE_RULES, expected):
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
