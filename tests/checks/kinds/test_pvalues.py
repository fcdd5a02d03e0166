"""p_from_statistic against statcheck's documented behaviour.

Every expected value below is taken from statcheck's own test file
(MicheleNuijten/statcheck, tests/testthat/test-decisionerror.R), whose cases are quoted beside each
table. statcheck's default is ``pEqualAlphaSig = TRUE`` (our ``p_equal_alpha="significant"``);
our default is ``not_significant`` (README: p = alpha is not below alpha).
"""
import pytest
from scipy import stats

from analysis.checks.engine import Operand, Options, evaluate


def check(stat, value, p, df1=None, df2=None, tails="", **opts):
    ins = {"value": Operand.of(value)}
    if df1:
        ins["df1"] = Operand.of(str(df1), exact=True)
    if df2:
        ins["df2"] = Operand.of(str(df2), exact=True)
    o, = evaluate("p_from_statistic", ins, {"p": p}, Options(**opts), {"statistic": stat, "tails": tails})
    return o


# test-decisionerror.R, "simple decision errors are classified as such": all twelve are decision errors
# (Q tests are out of scope: a meta-analytic heterogeneity test, not in our table kinds).
SIMPLE = [("t", "2.20", ".06", None, 28), ("t", "1.20", ".03", None, 28), ("F", "22.20", ".06", 2, 28),
          ("F", "2.20", ".03", 2, 28), ("r", ".22", ".03", None, 28), ("r", ".52", ".06", None, 28),
          ("chi2", "2.20", ".03", 28, None), ("chi2", "52.20", ".06", 28, None), ("z", "1.20", ".03", None, None),
          ("z", "2.20", ".06", None, None)]


def _t(p):
    return stats.t.isf(p / 2, 28)  # statcheck: qt(p/2, 28, lower.tail = FALSE)


T = {"t.04": _t(.04), "t.05+": _t(.05) + .0001, "t.05-": _t(.05) - .0001, "t.05": _t(.05), "t.06": _t(.06)}


# (statistic, printed p, decision error with pEqualAlphaSig = TRUE, with FALSE); None: not tested there.
# From test-decisionerror.R: "cases where t = ..., p = ...", "... p < ...", "... p > ..." (txt1 .. txt9).
EQUAL = [("t.04", ".04", False, False), ("t.05+", ".04", False, None), ("t.05-", ".04", None, True),
         ("t.06", ".04", True, True), ("t.04", ".05", False, True), ("t.05", ".05", False, False),
         ("t.06", ".05", True, False), ("t.04", ".06", True, True), ("t.05+", ".06", True, None),
         ("t.05-", ".06", None, False), ("t.06", ".06", False, False)]


LESS = [("t.04", "<.04", False, False), ("t.05+", "<.04", False, None), ("t.05-", "<.04", None, True),
        ("t.06", "<.04", True, True), ("t.04", "<.05", False, False), ("t.05+", "<.05", False, None),
        ("t.05-", "<.05", None, True), ("t.06", "<.05", True, True), ("t.04", "<.06", False, False),
        ("t.05+", "<.06", False, None), ("t.05-", "<.06", None, False), ("t.06", "<.06", False, False)]


GREATER = [("t.04", ">.04", False, False), ("t.05+", ">.04", False, None), ("t.05-", ">.04", None, False),
           ("t.06", ">.04", False, False), ("t.04", ">.05", True, True), ("t.05+", ">.05", True, None),
           ("t.05-", ">.05", None, False), ("t.06", ">.05", False, False), ("t.04", ">.06", True, True),
           ("t.05+", ">.06", True, None), ("t.05-", ">.06", None, False), ("t.06", ">.06", False, False)]


@pytest.mark.parametrize("stat,value,p,df1,df2", SIMPLE)
def test_simple_decision_errors(stat, value, p, df1, df2):
    for policy in ("significant", "not_significant"):
        o = check(stat, value, p, df1, df2, p_equal_alpha=policy)
        assert o.extra["error"] and o.extra["decision_error"]
        assert o.verdict.value == "inconsistent_conclusion"


# "decision errors are correctly classified when alpha levels are changed": all are decision errors
@pytest.mark.parametrize("value,p,alpha", [("2.20", ".06", .05), ("1.20", ".03", .05), ("2.20", ".11", .10),
                                           ("1.20", ".09", .10), ("5.20", ".02", .01), ("1.20", ".005", .01)])
def test_decision_errors_at_other_alphas(value, p, alpha):
    assert check("t", value, p, df2=28, alpha=alpha).extra["decision_error"]


# "... when argument p = alpha is changed": t(28) = 2.20, p = .05 is a decision error only when p = alpha is
# not significant; the same for p = .10 at alpha = .10
@pytest.mark.parametrize("p,alpha", [(".05", .05), (".10", .10)])
def test_p_equal_alpha(p, alpha):
    assert not check("t", "2.20", p, df2=28, alpha=alpha, p_equal_alpha="significant").extra["decision_error"]
    assert check("t", "2.20", p, df2=28, alpha=alpha, p_equal_alpha="not_significant").extra["decision_error"]


@pytest.mark.parametrize("t,p,sig,notsig", EQUAL + LESS + GREATER)
def test_decision_errors_by_relation(t, p, sig, notsig):
    value = f"{T[t]:.15g}"  # statcheck's test pastes the t value with R's 15 significant digits
    for policy, expected in (("significant", sig), ("not_significant", notsig)):
        if expected is not None:
            assert check("t", value, p, df2=28, p_equal_alpha=policy).extra["decision_error"] is expected, policy


def test_one_tailed():
    # t(28) = 2.20 gives two-tailed p = .0362, one-tailed .0181 (statcheck's OneTailedTests / OneTailedTxt)
    two = check("t", "2.20", ".018", df2=28)
    assert two.extra["error"] and "one-tailed" in two.note
    one = check("t", "2.20", ".018", df2=28, tails="1")
    assert one.verdict.value == "consistent" and not one.extra["error"]
    assert check("F", "2.20", ".130", 2, 28, tails="1").verdict.value == "consistent"  # upper tail either way


def test_relation_strictness_and_apa_forms():
    # t(28) = 2.20: p = .0362 (range .0358 to .0366 over 2.195..2.205)
    for p in ("=.04", ".04", "0.04", "<.05", ">.03", ".036", ".037"):  # .037: .0366 rounds to it
        assert check("t", "2.20", p, df2=28).verdict.value == "consistent", p
    for p in (".02", "<.03", ">.04", ".038"):
        assert check("t", "2.20", p, df2=28).verdict.is_inconsistent, p
    # .0362 truncated is .03: named, not excused (statcheck, which assumes rounding, calls it an error)
    o = check("t", "2.20", ".03", df2=28)
    assert (o.verdict.value, o.comparison.rule, o.extra["error"]) == ("consistent_if_rounding", "truncate", False)


def test_p_printed_as_zero_is_a_floor_not_a_value():
    # statcheck counts p = .000 as an error (pZeroError); we read it as p <= .001 (the compendium's policy)
    o = check("t", "8.20", ".000", df2=28)
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
