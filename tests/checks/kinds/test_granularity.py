"""GRIM, GRIMMER and DEBIT: scrutiny's documented answers, exact arithmetic, and no false positives.

scrutiny's answers are in ``tests/checks/kinds/results/results_scrutiny.py`` beside the scrutiny call and
the page that shows them (README, test-grim-map.R, the GRIMMER vignette).
"""
import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.checks.engine import Operand, Options, evaluate
from analysis.core.rounding import format_fixed
from tests.checks.kinds.results import results_scrutiny as sc

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


@pytest.mark.parametrize("x,n,expected", sc.PIGS1)
def test_grim_means_match_scrutiny_pigs1(x, n, expected):
    # scrutiny's TRUE is our "consistent" under its rule; a FALSE may still be reproduced by another
    # rule, which we report as consistent_if_rounding (6.77 and 3.14 by truncation)
    assert (grim(x, n).verdict.value == "consistent") == expected


def test_grim_names_the_other_rule():
    o = grim("6.77", 27)  # 183/27 = 6.7778: truncation gives 6.77, rounding 6.78
    assert (o.verdict.value, o.comparison.rule) == ("consistent_if_rounding", "truncate")


@pytest.mark.parametrize("x,expected", sc.PIGS2)
def test_grim_percentages_match_scrutiny_pigs2(x, expected):
    assert (grim(x, sc.PIGS2_N, percent=True).verdict.value == "consistent") == expected


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
    c = sc.GRIMMER_FALSE
    mean, sd = two("grimmer", c["mean"], c["sd"], c["n"])
    assert mean.verdict.value == "consistent" and sd.verdict.value == "inconsistent"
    assert "test 3" in sd.note


def test_grimmer_items_match_scrutiny_scale_items():
    grim_fails = [two("grimmer", m, s, sc.SCALE_ITEMS_N)[0].verdict.value == "inconsistent" for m, s in sc.SCALE_ITEMS]
    assert grim_fails == sc.SCALE_ITEMS_GRIM_FAILS
    for m, s in sc.SCALE_ITEMS:
        assert all(o.verdict.is_consistent for o in two("grimmer", m, s, sc.SCALE_ITEMS_N, items=3)), (m, s)


def test_grimmer_tries_every_admissible_sum():
    """A deliberate difference from scrutiny (its issue 80): every sum K the printed mean allows is tried."""
    c = sc.FLYING_PIGS1_ROW1
    outs = two("grimmer", c["mean"], c["sd"], c["n"])
    assert all(o.verdict.value == c["ours"] for o in outs) and not c["scrutiny"]
    # the witness of results_scrutiny: K = 223 prints as 8.9, Q = 2179 has its parity and prints SD 2.81
    k, q, n = c["witness_k"], c["witness_q"], c["n"]
    assert format_fixed(Fraction(k, n), 1) == c["mean"] and q % 2 == k % 2
    assert format_fixed(Fraction(math.sqrt((q - k * k / n) / (n - 1))), 2) == c["sd"]


def test_grimmer_exact_small_case():
    # data 1, 2, 3: K = 6, Q = 14, mean 2, SD 1 exactly. SD 1.10 with K = 6: Q = 2 S^2 + 12 over S in
    # [1.095, 1.105] is [14.398, 14.442], which holds no whole number (GRIMMER's test 1)
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


@pytest.mark.parametrize("mean,sd,expected", sc.PIGS3)
def test_debit_matches_scrutiny_pigs3(mean, sd, expected):
    outs = two("debit", mean, sd, sc.PIGS3_N)
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
