"""p_from_statistic against statcheck: the cases of statcheck's own tests, run through statcheck 1.4.0.

Every expected value is in ``tests/checks/kinds/results/results_statcheck.py`` beside the statcheck call
that produced it. statcheck's default is ``pEqualAlphaSig = TRUE`` (our ``p_equal_alpha="significant"``);
our default is ``not_significant`` (README: p = alpha is not below alpha).
"""
import pytest

from analysis.checks.engine import Operand, Options, evaluate
from tests.checks.kinds.results import results_statcheck as sc


def check(stat, value, p, df1=None, df2=None, tails="", **opts):
    ins = {"value": Operand.of(value)}
    if df1:
        ins["df1"] = Operand.of(str(df1), exact=True)
    if df2:
        ins["df2"] = Operand.of(str(df2), exact=True)
    o, = evaluate("p_from_statistic", ins, {"p": p}, Options(**opts), {"statistic": stat, "tails": tails})
    return o


@pytest.mark.parametrize("text,stat,value,df1,df2,p,computed_p", sc.SIMPLE, ids=[c[0].strip() for c in sc.SIMPLE])
def test_simple_decision_errors(text, stat, value, df1, df2, p, computed_p):
    for policy in ("significant", "not_significant"):
        o = check(stat, value, p, df1, df2, p_equal_alpha=policy)
        assert o.extra["error"] and o.extra["decision_error"]
        assert o.verdict.value == "inconsistent_conclusion"
        assert o.extra["computed_p"] == pytest.approx(computed_p, rel=1e-9)


@pytest.mark.parametrize("value,p,alpha", sc.OTHER_ALPHAS)
def test_decision_errors_at_other_alphas(value, p, alpha):
    assert check("t", value, p, df2=28, alpha=alpha).extra["decision_error"]


@pytest.mark.parametrize("p,alpha", sc.P_EQUAL_ALPHA)
def test_p_equal_alpha(p, alpha):
    assert not check("t", "2.20", p, df2=28, alpha=alpha, p_equal_alpha="significant").extra["decision_error"]
    assert check("t", "2.20", p, df2=28, alpha=alpha, p_equal_alpha="not_significant").extra["decision_error"]


@pytest.mark.parametrize("t,p,sig,notsig", sc.RELATIONS, ids=[f"{r[0]} p{r[1]}" for r in sc.RELATIONS])
def test_decision_errors_by_relation(t, p, sig, notsig):
    for policy, expected in (("significant", sig), ("not_significant", notsig)):
        assert check("t", sc.T[t], p, df2=28, p_equal_alpha=policy).extra["decision_error"] is expected, policy


def test_one_tailed():
    c = sc.ONE_TAILED
    two = check("t", c["value"], c["p"], df2=c["df2"])
    assert two.extra["error"] is c["two_tailed_error"] and "one-tailed" in two.note
    one = check("t", c["value"], c["p"], df2=c["df2"], tails="1")
    assert one.verdict.value == "consistent" and one.extra["error"] is c["one_tailed_error"]
    assert one.extra["computed_p"] == pytest.approx(c["one_tailed_p"], rel=1e-9)
    assert check("F", "2.20", ".130", 2, 28, tails="1").verdict.value == "consistent"  # upper tail either way


def test_relation_strictness_and_apa_forms():
    # t(28) = 2.20: p = .0362 (statcheck's computed_p), .0358 to .0366 over 2.195..2.205 (R: 2 * pt(-2.205, 28),
    # 2 * pt(-2.195, 28))
    for p in ("=.04", ".04", "0.04", "<.05", ">.03", ".036", ".037"):  # .037: .0366 rounds to it
        assert check("t", "2.20", p, df2=28).verdict.value == "consistent", p
    for p in (".02", "<.03", ">.04", ".038"):
        assert check("t", "2.20", p, df2=28).verdict.is_inconsistent, p
    # .0362 truncated is .03: named, not excused (statcheck, which assumes rounding, calls it an error)
    c = sc.TRUNCATED_P
    o = check("t", c["value"], c["p"], df2=c["df2"])
    assert (o.verdict.value, o.comparison.rule, o.extra["error"]) == ("consistent_if_rounding", "truncate", False)
    assert c["statcheck_error"] and not c["statcheck_decision_error"] and not o.extra["decision_error"]


def test_p_printed_as_zero_is_a_floor_not_a_value():
    # statcheck counts p = .000 as an error (pZeroError); we read it as p <= .001 (the compendium's policy)
    c = sc.P_ZERO
    o = check("t", c["value"], c["p"], df2=c["df2"])
    assert (o.verdict.value, o.comparison.rule) == ("consistent_if_rounding", "p_floor")
    assert not o.extra["error"]
    assert check("t", "2.20", ".000", df2=28).extra["error"]  # p = .036 cannot be printed as .000


def test_df_in_either_column_for_one_df_statistics():
    assert check("t", "2.20", ".036", df1=28).verdict.value == "consistent"
    assert check("chi2", "3.84", ".050", df2=1).verdict.value == "consistent"


@pytest.mark.parametrize("stat,value,p,df1,df2,message", [
    ("q", "2.2", ".03", None, 28, "unknown statistic"), ("t", "2.2", "1.3", None, 28, r"\[0, 1\]"),
    ("t", "2.2", ".03", None, None, "df2"), ("F", "2.2", ".03", 2, None, "df2"), ("r", "1.20", ".03", None, 28, r"\[-1, 1\]"),
])
def test_bad_rows_fail_clearly(stat, value, p, df1, df2, message):
    with pytest.raises(ValueError, match=message):
        check(stat, value, p, df1, df2)


# ---------------------------------------------------------------- issue 19: each p rule beside statcheck
I19 = sc.ISSUE19


def test_a_one_tailed_statistic_printed_as_zero_caps_p_at_one_half():
    c = I19["one_tailed_zero"]  # statcheck (OneTailedTests = TRUE): error, computed_p .5
    o = check("z", c["value"], c["p"], tails=c["tails"])
    assert o.extra["error"] is c["error"] and o.extra["decision_error"] is c["decision_error"]
    assert o.extra["computed_p"] == pytest.approx(c["computed_p"], rel=1e-12)
    assert o.comparison.high == pytest.approx(0.5)  # over the interval [-0.005, 0.005], one-tailed p <= .5


def test_truncation_never_excuses_a_flipped_decision():
    c = I19["truncated_decision"]
    sig = check("z", c["value"], c["p"], p_equal_alpha="significant")  # statcheck's default
    assert sig.verdict.value == "inconsistent_conclusion"
    assert (sig.extra["error"], sig.extra["decision_error"]) == (c["error"], c["decision_error_sig"])
    assert "truncate" in sig.note and "the significance decision differs" in sig.note
    notsig = check("z", c["value"], c["p"])  # ours: p = .05 not significant, like .0574: no decision to flip
    assert (notsig.verdict.value, notsig.comparison.rule) == ("consistent_if_rounding", "truncate")
    assert notsig.extra["decision_error"] is c["decision_error_notsig"]
    # the README's documented difference: statcheck (assuming rounding) says error, we name truncation
    assert c["error"] and not notsig.extra["error"]


def test_a_fractional_df_is_read_as_printed():
    c = I19["fractional_df"]
    o = check("t", c["value"], c["p"], df2=c["df2"])
    assert o.verdict.value == "consistent" and o.extra["error"] is c["error"]
    assert o.extra["computed_p"] == pytest.approx(c["computed_p"], rel=1e-12)


@pytest.mark.parametrize("p", ["0", "0.0", "0.00"])
def test_a_p_printed_as_zero_is_never_read_as_a_wide_interval(p):
    # issue 19: p = 0 was consistent with p = .055 (0 stood for [0, 0.5)), p = 0.0 was read as p <= 0.1
    c = I19["p_zero_one_decimal"]
    o = check("t", c["value"], p, df2=c["df2"])
    assert o.verdict.value == "inconsistent_conclusion" and (o.extra["error"], o.extra["decision_error"]) == (
        c["error"], c["decision_error"])
    assert "0.001" in o.note and "/" not in o.note  # decimals, not fractions
    floor = check("t", I19["p_zero_floor"]["value"], p, df2=28)  # p = 2.8e-05: zero read as the floor .001
    assert (floor.verdict.value, floor.comparison.rule) == ("consistent_if_rounding", "p_floor")


def test_notes_print_decimals_not_fractions():
    o = check("t", "5.00", ".000", df2=28)
    assert "p <= 0.001" in o.note and "1/1000" not in o.note


@pytest.mark.parametrize("p", I19["impossible_bounds"])
def test_a_bound_no_p_can_meet_is_invalid(p):
    with pytest.raises(ValueError, match="no p-value satisfies"):
        check("t", "2.00", p, df2=28)


def test_tails_1_is_statchecks_one_tailed_tests_only():
    c = I19["one_tailed_tests"]
    one = check("z", c["value"], c["p"], tails="1")  # OneTailedTests = TRUE: error FALSE
    assert not one.extra["error"] and one.extra["computed_p"] == pytest.approx(c["one_tailed_p"], rel=1e-12)
    two = check("z", c["value"], c["p"])  # default: error TRUE, the note names the one-tailed reading
    assert two.extra["error"] and two.extra["computed_p"] == pytest.approx(c["two_tailed_p"], rel=1e-12)
    assert "one-tailed" in two.note
    only = check("z", I19["one_tailed_only"]["value"], I19["one_tailed_only"]["p"], tails="1")
    assert only.extra["error"] is I19["one_tailed_only"]["error"]  # the two-tailed reading is not tried
