"""GRIM, GRIMMER and DEBIT: scrutiny's documented answers, exact arithmetic, and no false positives.

References pasted beside the expected values:
* scrutiny README (lhdjung/scrutiny, README.md), ``grim_map(pigs1)`` and
  ``grim_map(pigs2, percent = TRUE)``, consistency column; ``debit_map(pigs3)``;
* scrutiny's tests/testthat/test-grim-map.R: ``consistency_expected <- c(T, F, F, F, F, T, F, T, F, F, T, F)``;
* scrutiny's articles/grimmer.md: ``grimmer(x = "7.3", sd = "2.51", n = 12)`` is FALSE;
  ``flying_pigs2 %>% grimmer_map()`` flags rows 2, 5, 6 as "GRIM inconsistent", and with
  ``items = 3`` "all of them are consistent".
"""
import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.checks.engine import Operand, Options, evaluate
from analysis.core.rounding import format_fixed

UP_OR_DOWN = Options(rounding="up_or_down")  # scrutiny's default rounding


def grim(x, n, percent=False, items=None, opts=UP_OR_DOWN):
    ins = {"n": Operand.of(str(n), exact=True)}
    if items:
        ins["items"] = Operand.of(str(items), exact=True)
    o, = evaluate("grim", ins, {"target": x}, opts, {"percent": "true" if percent else "false"})
    return o


def two(kind, mean, sd, n, items=None, opts=UP_OR_DOWN):
    ins = {"n": Operand.of(str(n), exact=True)}
    if items:
        ins["items"] = Operand.of(str(items), exact=True)
    return evaluate(kind, ins, {"mean": mean, "sd": sd}, opts)


# scrutiny README, grim_map(pigs1): consistency T F F F F T F T F F T F
PIGS1 = [("7.22", 32, True), ("4.74", 25, False), ("5.23", 29, False), ("2.57", 24, False), ("6.77", 27, False),
         ("2.68", 28, True), ("7.01", 29, False), ("7.38", 26, True), ("3.14", 27, False), ("6.89", 31, False),
         ("5.00", 25, True), ("0.24", 28, False)]


# scrutiny README, grim_map(pigs2, percent = TRUE): F F T F F F
PIGS2 = [("67.4", False), ("54.2", False), ("54.0", True), ("69.8", False), ("68.1", False), ("55.4", False)]


# scrutiny README / test-debit-map.R, debit_map(pigs3): T T T F T T T (n = 1683)
PIGS3 = [("0.53", "0.50", True), ("0.44", "0.50", True), ("0.77", "0.42", True), ("0.19", "0.35", False),
         ("0.34", "0.47", True), ("0.93", "0.25", True), ("0.12", "0.33", True)]


FLYING_PIGS2 = [("5.90", "2.19"), ("5.71", "1.42"), ("3.50", "1.81"), ("3.82", "2.43"), ("4.61", "1.92"), ("5.24", "2.51")]


@pytest.mark.parametrize("x,n,expected", PIGS1)
def test_grim_means_match_scrutiny_pigs1(x, n, expected):
    # scrutiny's TRUE is our "consistent" under its rule; a FALSE may still be reproduced by another
    # rule, which we report as consistent_if_rounding (6.77 and 3.14 by truncation)
    assert (grim(x, n).verdict.value == "consistent") == expected


def test_grim_names_the_other_rule():
    o = grim("6.77", 27)  # 183/27 = 6.7778: truncation gives 6.77, rounding 6.78
    assert (o.verdict.value, o.comparison.rule) == ("consistent_if_rounding", "truncate")


@pytest.mark.parametrize("x,expected", PIGS2)
def test_grim_percentages_match_scrutiny_pigs2(x, expected):
    assert (grim(x, 150, percent=True).verdict.value == "consistent") == expected


def test_grim_items_and_applicability():
    # exact arithmetic: a 3-item mean of n = 10 is k/30; 5.10 = 153/30 exactly, 5.12 lies between 153/30 and 154/30
    assert grim("5.10", 10, items=3).verdict.value == "consistent"
    assert grim("5.12", 10, items=3).verdict.value == "inconsistent"
    assert grim("5.12", 10).verdict.value == "inconsistent"
    o = grim("5.12", 100)  # n = 100 >= 10^2: GRIM cannot flag anything
    assert o.verdict.value == "consistent" and "GRIM cannot flag this" in o.note
    assert "GRIM cannot flag" not in grim("7.22", 32).note


def test_grim_compendium_percentage_with_alternative_denominators():
    # chronic_care_review: 44.6% of 192 or of 205: 86/192 = 44.79, 85/192 = 44.27, 91/205 = 44.39, 92/205 = 44.88
    o, = evaluate("grim", {"n": Operand.of("192", "205", exact=True)}, {"target": "44.6"}, Options())
    assert o.verdict.value == "inconsistent" and o.category.value == "impossible_value"
    o, = evaluate("grim", {"n": Operand.of("192", "204", exact=True)}, {"target": "44.6"}, Options())
    assert o.verdict.value == "consistent"  # 91/204 = 44.608


def test_grimmer_matches_scrutiny_documented_examples():
    mean, sd = two("grimmer", "7.3", "2.51", 12)  # articles/grimmer.md: FALSE
    assert mean.verdict.value == "consistent" and sd.verdict.value == "inconsistent"
    assert "test 3" in sd.note


def test_grimmer_items_match_scrutiny_flying_pigs2():
    grim_fails = [two("grimmer", m, s, 40)[0].verdict.value == "inconsistent" for m, s in FLYING_PIGS2]
    assert grim_fails == [False, True, False, False, True, True]  # "GRIM inconsistent" in rows 2, 5, 6
    assert all(o.verdict.is_consistent for m, s in FLYING_PIGS2 for o in two("grimmer", m, s, 40, items=3))


def test_grimmer_tries_every_admissible_sum():
    # Deliberate difference from scrutiny (its issue 80: false positives in test 3): for 8.9, n = 25 the sums
    # 222 (8.88) and 223 (8.92) both round to 8.9; scrutiny tries only round(8.9 * 25) = 222.
    # Exact witness: Q = (n-1) S^2 + K^2/n over S in [2.805, 2.815] holds a whole Q of K's parity (odd).
    lo, hi = 24 * Fraction("2.805") ** 2 + Fraction(223 ** 2, 25), 24 * Fraction("2.815") ** 2 + Fraction(223 ** 2, 25)
    assert any(q % 2 == 1 for q in range(math.ceil(lo), math.floor(hi) + 1))


def test_grimmer_exact_small_case():
    # data 1, 2, 3: mean 2, SD 1 exactly; SD 1.1 is impossible for n = 3 with sum 6 (Q = 14 + 2*1.21 - 2 ...)
    assert all(o.verdict.value == "consistent" for o in two("grimmer", "2.00", "1.00", 3, opts=Options()))
    assert two("grimmer", "2.00", "1.10", 3, opts=Options())[1].verdict.value == "inconsistent"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 7), min_size=2, max_size=40), st.integers(1, 2), st.integers(1, 3),
       st.sampled_from(["half_up", "half_down", "half_even", "up_or_down"]))
def test_grimmer_never_flags_real_data(data, dm, items, rule):
    """No false positives: summaries of real whole-number data (person means of `items` items) pass."""
    scores = [Fraction(x * items + (i % items), items) for i, x in enumerate(data)]  # whole item sums s_i
    n = len(scores)
    m = sum(scores) / n
    var = sum((x - m) ** 2 for x in scores) / (n - 1)
    sd = Fraction(math.sqrt(var)) if var else Fraction(0)
    opts = Options(rounding=rule)
    outs = two("grimmer", format_fixed(m, dm, rule), format_fixed(sd, 2, rule), n, items=items, opts=opts)
    assert all(o.verdict.is_consistent for o in outs), [o.note for o in outs]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 9), min_size=1, max_size=60), st.integers(1, 3), st.booleans())
def test_grim_never_flags_real_data(data, d, percent):
    n = len(data)
    if percent:
        value = Fraction(100 * sum(1 for x in data if x > 4), n)
    else:
        value = Fraction(sum(data), n)
    assert grim(format_fixed(value, d, "half_up"), n, percent=percent, opts=Options()).verdict.value == "consistent"


@pytest.mark.parametrize("mean,sd,expected", PIGS3)
def test_debit_matches_scrutiny_pigs3(mean, sd, expected):
    outs = two("debit", mean, sd, 1683)
    assert all(o.verdict.is_consistent for o in outs) == expected


def test_debit_exact_small_case():
    # 3 of 10 are 1: mean 0.30, SD = sqrt(10/9 * 0.3 * 0.7) = 0.48305
    assert all(o.verdict.value == "consistent" for o in two("debit", "0.30", "0.48", 10, opts=Options()))
    assert two("debit", "0.30", "0.46", 10, opts=Options())[1].verdict.value == "inconsistent"
    assert two("debit", "0.35", "0.48", 10, opts=Options())[0].verdict.value == "inconsistent"  # not k/10


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 400), st.data())
def test_debit_never_flags_real_data(n, data):
    k = data.draw(st.integers(0, n))
    sd = statistics.stdev([1] * k + [0] * (n - k))
    outs = two("debit", format_fixed(Fraction(k, n), 2, "half_up"), format_fixed(sd, 2, "half_up"), n, opts=Options())
    assert all(o.verdict.value == "consistent" for o in outs)


@pytest.mark.parametrize("kind,targets,n,message", [
    ("debit", ("1.30", "0.4"), 10, r"\[0, 1\]"), ("debit", ("0.30", "-0.4"), 10, "negative"),
    ("grimmer", ("3.1", "-1.2"), 10, "negative"), ("grimmer", ("3.1", "1.2"), 1, ">= 2"),
])
def test_bad_granularity_input_fails(kind, targets, n, message):
    with pytest.raises(ValueError, match=message):
        two(kind, *targets, n)
