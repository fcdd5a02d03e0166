"""Reference values for ``analysis.stats.inference`` (tests/stats/test_inference.py).

R 4.2.2 output, pasted with ``options(digits = 15)`` beside each call, and printed statistical tables.
"""

# ---------------------------------------------------------------- two-sample t tests
# R's ``sleep`` data (Cushny and Peebles 1905, as in Student 1908): extra hours of sleep, groups 1 and 2.
# R: sleep$extra
SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
# R: tapply(sleep$extra, sleep$group, mean); tapply(sleep$extra, sleep$group, sd)
SLEEP_SUMMARIES = dict(m1=0.75, s1=1.78900965775916, n1=10, m2=2.33, s2=2.00224873579683, n2=10)

# R: t.test(extra ~ group, data = sleep, var.equal = TRUE)[c("statistic", "parameter", "p.value", "conf.int")]
SLEEP_STUDENT = dict(statistic=-1.8608134674868528, df=18.0, p=0.0791867142159382,
                     conf_low=-3.3638740322875984, conf_high=0.2038740322875986)
# R: t.test(extra ~ group, data = sleep)[c("statistic", "parameter", "p.value", "conf.int")]  (Welch)
SLEEP_WELCH = dict(statistic=-1.8608134674868531, df=17.7764735161784984, p=0.0793941401873582,
                   conf_low=-3.3654832307117104, conf_high=0.2054832307117102)

# By hand: 5.0 +/- 1.0 (10) vs 4.0 +/- 1.0 (10): pooled SD 1, SE = sqrt(2/10), t = 1 / sqrt(0.2) = sqrt(5), df 18.
# R: 2 * pt(-sqrt(5), 18)
STUDENT_BY_HAND = dict(args=(5.0, 1.0, 10, 4.0, 1.0, 10), statistic=5 ** 0.5, df=18.0, p=0.0382496145161138)

# ---------------------------------------------------------------- chi-square and Fisher
# [[10, 20], [30, 40]]: N = 100, E = [[12, 18], [28, 42]], |O - E| = 2 in every cell.
# By hand: Pearson = 4 (1/12 + 1/18 + 1/28 + 1/42) = 50/63; Yates = 1.5^2 (1/12 + 1/18 + 1/28 + 1/42) = 25/56.
# R: chisq.test(matrix(c(10, 30, 20, 40), 2), correct = FALSE)[c("statistic", "p.value")]
CHI2_PEARSON = dict(table=(10, 20, 30, 40), statistic=0.793650793650794, p=0.372998483613487, exact=(50, 63))
# R: chisq.test(matrix(c(10, 30, 20, 40), 2), correct = TRUE)[c("statistic", "p.value")]
CHI2_YATES = dict(table=(10, 20, 30, 40), statistic=0.446428571428571, p=0.504035866452505, exact=(25, 56))

# Fisher (1935), the lady tasting tea: [[3, 1], [1, 3]], two-sided p = 34/70.
# R: fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value
FISHER_TEA = dict(table=(3, 1, 1, 3), p=0.485714285714286)

# R: chisq.test(matrix(c(12, 5, 9, 3, 7, 14, 2, 10, 5, 5, 6, 8), nrow = 3, byrow = TRUE))  (warns: small E)
CHI2_3X4 = dict(table=[[12, 5, 9, 3], [7, 14, 2, 10], [5, 5, 6, 8]], statistic=15.883623799572076, df=6.0,
                p=0.014392424567726)
# By hand: E = [[15, 20, 25]] in both rows, chi2 = 2 (25/15 + 0 + 25/25) = 16/3, df 2, p = exp(-8/3).
# R: chisq.test(matrix(c(10, 20, 30, 20, 20, 20), nrow = 2, byrow = TRUE))
CHI2_2X3 = dict(table=[[10, 20, 30], [20, 20, 20]], statistic=5.3333333333333339, df=2.0, p=0.0694834512228015)

# ---------------------------------------------------------------- p-values of printed statistics
# Critical values from printed tables (NIST/SEMATECH e-Handbook of Statistical Methods, 1.3.6.7.2 "Critical
# values of the Student's t distribution", nu = 10, upper 0.025: 2.228; 1.3.6.7.4 "Critical values of the
# chi-square distribution", nu = 1, upper 0.05: 3.841). Both give p = 0.05 to the tables' three decimals.
CRITICAL_T_10 = 2.228      # R: qt(0.975, 10) = 2.22813885198627
CRITICAL_CHI2_1 = 3.841    # R: qchisq(0.95, 1) = 3.84145882069412

# statcheck 1.4.0 (R 4.2.2): statcheck(text)$computed_p, and with OneTailedTests = TRUE.
# (text, statistic, value, df1, df2, two-tailed p, one-tailed p)
STATCHECK_P = [
    ("t(28) = 2.20, p = .04", "t", 2.20, None, 28, 0.0362254847788378, 0.0181127423894189),
    ("t(7) = 0.35, p = .74", "t", 0.35, None, 7, 0.736633143565814, 0.368316571782907),
    ("t(120) = 3.90, p < .001", "t", 3.90, None, 120, 0.000159082796311054, 7.9541398155527e-05),
    ("F(2, 28) = 2.20, p = .13", "F", 2.20, 2, 28, 0.129593224474093, 0.129593224474093),
    ("F(1, 300) = 9.81, p = .002", "F", 9.81, 1, 300, 0.00190697722013664, 0.00190697722013664),
    ("F(4, 15) = 0.72, p = .59", "F", 0.72, 4, 15, 0.591476799198717, 0.591476799198717),
    ("r(28) = .22, p = .24", "r", 0.22, None, 28, 0.242738987912712, 0.121369493956356),
    ("r(148) = -.31, p < .001", "r", -0.31, None, 148, 0.000113158784230194, 5.65793921150968e-05),
    ("r(10) = .90, p < .001", "r", 0.90, None, 10, 6.64444140624999e-05, 3.322220703125e-05),
    ("chi2(28) = 52.20, p = .004", "chi2", 52.20, 28, None, 0.00363740263443872, 0.00363740263443872),
    ("chi2(1) = 3.84, p = .05", "chi2", 3.84, 1, None, 0.0500435212487052, 0.0500435212487052),
    ("chi2(3) = 0.58, p = .90", "chi2", 0.58, 3, None, 0.900995259901145, 0.900995259901145),
    (" z = 1.20, p = .23", "z", 1.20, None, None, 0.230139340443417, 0.115069670221708),
    (" z = -2.58, p = .01", "z", -2.58, None, None, 0.00988003151554129, 0.00494001575777064),
    (" z = 4.10, p < .001", "z", 4.10, None, None, 4.13150138250935e-05, 2.06575069125468e-05),
]
