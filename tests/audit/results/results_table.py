"""The verdicts of the README's audit example (examples/audit_example.csv), each with the call or the arithmetic
that decides it (tests/audit/test_table.py).

statcheck 1.4.0 on R 4.2.2: statcheck(text, messages = FALSE)$error, $decision_error, $computed_p. scrutiny:
its README and GRIMMER vignette (tests/checks/kinds/results/results_scrutiny.py). The output prints computed_p
with six significant digits.
"""

# label -> (verdict, statcheck's computed_p or None); the comment gives the source.
EXAMPLE = {
    # statcheck("t(28) = 2.20, p = .06"): error TRUE, decision_error TRUE, computed_p 0.0362254847788378
    "statcheck's example: a decision error": ("inconsistent_conclusion", 0.0362254847788378),
    # statcheck("t(28) = 2.20, p = .036"): error FALSE
    "the same t with its correct p": ("consistent", 0.0362254847788378),
    # statcheck("F(2, 57) = 3.45, p < .05"): error FALSE, computed_p 0.0385175743143335
    "an F test reported as p < .05": ("consistent", 0.0385175743143335),
    # statcheck("r(48) = .31, p = .03"): error FALSE, computed_p 0.0284609453720508
    "a correlation in APA style": ("consistent", 0.0284609453720508),
    # statcheck("chi2(1) = 4.12, p = .04"): error FALSE, computed_p 0.0423790783509724
    "a chi-square with its df": ("consistent", 0.0423790783509724),
    # statcheck(" z = 1.75, p = .04", OneTailedTests = TRUE): error FALSE, computed_p 0.0400591568638171
    "a one-tailed z test": ("consistent", 0.0400591568638171),
    # statcheck("t(28) = 8.20, p = .000"): error TRUE (pZeroError), computed_p 6.32376400113549e-09;
    # the compendium reads .000 as a p floor (README): consistent_if_rounding, rule p_floor
    "p printed as .000": ("consistent_if_rounding", 6.32376400113549e-09),
    # statcheck("t(28) = 2.20, p = .06", alpha = .10): error TRUE, decision_error FALSE (.06 and .036 both < .10)
    "an error that keeps its decision at alpha = .10": ("inconsistent", 0.0362254847788378),
    # 5.0 +/- 1.0 (10) vs 4.0 +/- 1.0 (10): Student t = sqrt(5) = 2.2361 (by hand), printed 2.236; computed_p is
    # statcheck's question, the p the printed t implies. R: 2 * pt(-2.236, 18)  ->  0.0382548262003544
    "t test from means and SDs": ("consistent", 0.0382548262003544),
    # R: chisq.test(matrix(c(186, 279, 126, 194), 2), correct = FALSE): X-squared = 0.030918, p-value = 0.8604
    "Zigong Table 1: sex by year (2x2)": ("consistent", None),
    # R: chisq.test(matrix(c(10, 20, 30, 20, 20, 20), nrow = 2, byrow = TRUE)): X-squared = 5.3333, p = 0.06948
    "a 2x3 table": ("consistent", None),
    # scrutiny README, grim_map(pigs1): row 3 (5.23, n = 29) FALSE
    "GRIM: scrutiny's pigs1 row 3": ("inconsistent", None),
    # scrutiny README, grim_map(pigs2, percent = TRUE): row 3 (54.0, n = 150) TRUE
    "GRIM: a percentage of 150 (pigs2 row 3)": ("consistent", None),
    # scrutiny's GRIMMER vignette: grimmer(x = "7.3", sd = "2.51", n = 12) FALSE
    "GRIMMER: scrutiny's documented example": ("inconsistent", None),
    # scrutiny README, debit_map(pigs3): row 4 (0.19, 0.35, n = 1683) FALSE
    "DEBIT: scrutiny's pigs3 row 4": ("inconsistent", None),
    # by hand: 100 * (1792 - 1331) / 1331 = 34.64, printed 24.64
    "Zigong Table 2: county inpatients": ("inconsistent", None),
    # by hand: 100 * 76 / 147 = 51.7007, printed 51.70 (the trailing zero is a decimal)
    "a share with a trailing zero": ("consistent", None),
    # by hand: 17.78 - 29.63 = -11.85 points
    "a fall in percentage points": ("consistent", None),
    # by hand: 279 + 194 = 473
    "a total of two subgroups": ("consistent", None),
    "a value that is not a number": ("invalid", None),
    "an unknown kind": ("invalid", None),
}
