"""statcheck's answers for ``p_from_statistic`` (tests/checks/kinds/test_pvalues.py).

The cases are those of statcheck's own test file (MicheleNuijten/statcheck, tests/testthat/test-decisionerror.R);
every value below was produced by running statcheck 1.4.0 on R 4.2.2 (Debian r-cran-statcheck):
``statcheck(text, messages = FALSE, ...)$error``, ``$decision_error`` and ``$computed_p``. statcheck's default
is ``pEqualAlphaSig = TRUE`` (our ``p_equal_alpha="significant"``); our default is ``not_significant``.
"""

# "simple decision errors are classified as such" (the Q tests are left out: a meta-analytic heterogeneity
# test, not one of our kinds). statcheck(text): error TRUE, decision_error TRUE for every one, at either
# pEqualAlphaSig. (text, statistic, value, df1, df2, p, statcheck's computed_p)
SIMPLE = [
    ("t(28) = 2.20, p = .06", "t", "2.20", None, 28, ".06", 0.0362254847788378),
    ("t(28) = 1.20, p = .03", "t", "1.20", None, 28, ".03", 0.240194589750221),
    ("F(2, 28) = 22.20, p = .06", "F", "22.20", 2, 28, ".06", 1.67445126552806e-06),
    ("F(2, 28) = 2.20, p = .03", "F", "2.20", 2, 28, ".03", 0.129593224474093),
    ("r(28) = .22, p = .03", "r", ".22", None, 28, ".03", 0.242738987912712),
    ("r(28) = .52, p = .06", "r", ".52", None, 28, ".06", 0.00322572523125976),
    ("chi2(28) = 2.20, p = .03", "chi2", "2.20", 28, None, ".03", 0.999999999984359),
    ("chi2(28) = 52.20, p = .06", "chi2", "52.20", 28, None, ".06", 0.00363740263443872),
    (" z = 1.20, p = .03", "z", "1.20", None, None, ".03", 0.230139340443417),
    (" z = 2.20, p = .06", "z", "2.20", None, None, ".06", 0.0278068950269972),
]

# "decision errors are correctly classified when alpha levels are changed": all are decision errors.
# statcheck(text, alpha = alpha)$decision_error: TRUE. (value, printed p, alpha), t(28)
OTHER_ALPHAS = [("2.20", ".06", .05), ("1.20", ".03", .05), ("2.20", ".11", .10),
                ("1.20", ".09", .10), ("5.20", ".02", .01), ("1.20", ".005", .01)]

# "... when argument p = alpha is changed": t(28) = 2.20 with p = alpha.
# statcheck(text, alpha = alpha)$decision_error FALSE; with pEqualAlphaSig = FALSE, TRUE.
P_EQUAL_ALPHA = [(".05", .05), (".10", .10)]

# t(28) values whose two-tailed p is .04, .05, .06, as statcheck's test makes them and pastes them into the
# text (R's 15 significant digits):
# R: paste0(qt(.04/2, 28, lower.tail = FALSE)), qt(.05/2, ...), qt(.06/2, ...), qt(.05/2, ...) + .0001, - .0001
T = {"t.04": "2.15393486769497", "t.05": "2.04840714179524", "t.06": "1.9601364678398",
     "t.05+": "2.04850714179525", "t.05-": "2.04830714179524"}

# "cases where t = ..., p = / < / > ... are correctly classified". For text paste0("t(28) = ", T[t], ", p ", p):
# (t, printed p, statcheck(text)$decision_error, statcheck(text, pEqualAlphaSig = FALSE)$decision_error).
# statcheck's test asserts some of these for one policy only; statcheck 1.4.0 was run for both.
RELATIONS = [
    ("t.04", ".04", False, False), ("t.05+", ".04", False, False), ("t.05-", ".04", True, True),
    ("t.06", ".04", True, True), ("t.04", ".05", False, True), ("t.05", ".05", False, False),
    ("t.06", ".05", True, False), ("t.04", ".06", True, True), ("t.05+", ".06", True, True),
    ("t.05-", ".06", False, False), ("t.06", ".06", False, False),
    ("t.04", "<.04", False, False), ("t.05+", "<.04", False, False), ("t.05-", "<.04", True, True),
    ("t.06", "<.04", True, True), ("t.04", "<.05", False, False), ("t.05+", "<.05", False, False),
    ("t.05-", "<.05", True, True), ("t.06", "<.05", True, True), ("t.04", "<.06", False, False),
    ("t.05+", "<.06", False, False), ("t.05-", "<.06", False, False), ("t.06", "<.06", False, False),
    ("t.04", ">.04", False, False), ("t.05+", ">.04", False, False), ("t.05-", ">.04", False, False),
    ("t.06", ">.04", False, False), ("t.04", ">.05", True, True), ("t.05+", ">.05", True, True),
    ("t.05-", ">.05", False, False), ("t.06", ">.05", False, False), ("t.04", ">.06", True, True),
    ("t.05+", ">.06", True, True), ("t.05-", ">.06", False, False), ("t.06", ">.06", False, False),
]

# One-tailed tests. statcheck("t(28) = 2.20, p = .018")$error: TRUE (computed_p 0.0362254847788378);
# statcheck("t(28) = 2.20, p = .018", OneTailedTests = TRUE)$error: FALSE (computed_p 0.0181127423894189).
ONE_TAILED = dict(value="2.20", df2=28, p=".018", two_tailed_error=True, one_tailed_error=False,
                  one_tailed_p=0.0181127423894189)

# Where we differ on purpose (README, "Where we match statcheck and scrutiny"):
# statcheck("t(28) = 8.20, p = .000")$error: TRUE (pZeroError); we read .000 as a p floor.
P_ZERO = dict(value="8.20", df2=28, p=".000", statcheck_error=True)
# statcheck("t(28) = 2.20, p = .03"): error TRUE, decision_error FALSE; .0362 truncates to .03, which we name.
TRUNCATED_P = dict(value="2.20", df2=28, p=".03", statcheck_error=True, statcheck_decision_error=False)


# ---------------------------------------------------------------- issue 19: the p rules, side by side with statcheck
# Each text was run as statcheck(paste("We found", text, "in the data."), messages = FALSE, ...) with statcheck 1.4.0
# on R 4.2.2 (Debian r-cran-statcheck); the options named are those passed in "...".
ISSUE19 = {
    # statcheck(..., OneTailedTests = TRUE): a one-tailed p of a z printed as 0 is at most .5 (two-tailed p / 2)
    "one_tailed_zero": dict(text="z = 0.00, p = .90", value="0.00", p=".90", tails="1",
                            computed_p=0.5, error=True, decision_error=False),
    # statcheck(...) (pEqualAlphaSig = TRUE): error TRUE, decision_error TRUE; with pEqualAlphaSig = FALSE:
    # error TRUE, decision_error FALSE. p = .0574 truncates to .05: truncation excuses digits, not the decision
    "truncated_decision": dict(text="z = 1.90, p = .05", value="1.90", p=".05",
                               computed_p=0.0574331196320036, error=True, decision_error_sig=True,
                               decision_error_notsig=False),
    # statcheck(...): a fractional df is read as printed; error FALSE
    "fractional_df": dict(text="t(27.8) = 2.00, p = .056", value="2.00", df2="27.8", p=".056",
                          computed_p=0.0553565392630653, error=False),
    # statcheck(...): "p = 0.0" is an error and a decision error (pZeroError); "p = 0" is not extracted at all
    "p_zero_one_decimal": dict(text="t(28) = 2.00, p = 0.0", value="2.00", df2="28", p="0.0",
                               computed_p=0.0552852376419569, error=True, decision_error=True),
    # statcheck(...): p = .000 is an error (pZeroError) though the p is below .001; we read it as p <= .001
    "p_zero_floor": dict(text="t(28) = 5.00, p = .000", value="5.00", df2="28", p=".000",
                         computed_p=2.77334149978126e-05, error=True, decision_error=False),
    # statcheck(...): computed_p at full precision, far below 1e-4
    "tiny_p": dict(text="t(28) = 8.00, p < .001", value="8.00", df2="28", p="<.001",
                   computed_p=1.03356743816995e-08, error=False),
    # statcheck(..., OneTailedTests = TRUE): computed_p 0.054799291699558, error FALSE (only the one-tailed p);
    # statcheck(...) and statcheck(..., OneTailedTxt = TRUE) without "one-tailed" in the text: error TRUE;
    # statcheck("... z = 1.60, p = .05, one-tailed ...", OneTailedTxt = TRUE): error FALSE (either reading)
    "one_tailed_tests": dict(text="z = 1.60, p = .05", value="1.60", p=".05", one_tailed_p=0.054799291699558,
                             two_tailed_p=0.109598583399116),
    # statcheck(..., OneTailedTests = TRUE) for "z = 1.60, p = .11": error TRUE: the two-tailed reading is not tried
    "one_tailed_only": dict(text="z = 1.60, p = .11", value="1.60", p=".11", error=True),
    # statcheck(...) does not extract "p < 0" or "p > 1" (no result): we call such a row invalid
    "impossible_bounds": ("<0", ">1", "<0.000", ">1.00"),
}
