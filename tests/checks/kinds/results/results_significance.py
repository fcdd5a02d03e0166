"""R's printed output for ``t_from_summaries`` and ``chi2_from_counts`` (tests/checks/kinds/test_significance.py).

R 4.2.2, default print: what a paper would copy from the console.
"""

# R's sleep data, summaries as a table would print them.
# R: tapply(sleep$extra, sleep$group, mean); round(tapply(sleep$extra, sleep$group, sd), 3)
SLEEP_PRINTED = dict(m1="0.75", s1="1.789", n1="10", m2="2.33", s2="2.002", n2="10")
# R: t.test(extra ~ group, data = sleep, var.equal = TRUE)  ->  t = -1.8608, df = 18, p-value = 0.07919
SLEEP_STUDENT_PRINTED = dict(statistic="-1.8608", p="0.07919", t_test="student")
# R: t.test(extra ~ group, data = sleep)  ->  t = -1.8608, df = 17.776, p-value = 0.07939 (Welch)
SLEEP_WELCH_PRINTED = dict(statistic="-1.8608", p="0.07939", t_test="welch")

# matrix(c(10, 30, 20, 40), 2), i.e. [[10, 20], [30, 40]]
CHI2_TABLE = ("10", "20", "30", "40")
# R: chisq.test(matrix(c(10, 30, 20, 40), 2))  ->  X-squared = 0.44643, df = 1, p-value = 0.504 (Yates, R's default)
CHI2_YATES_PRINTED = dict(statistic="0.44643", p="0.504")
# R: chisq.test(matrix(c(10, 30, 20, 40), 2), correct = FALSE)  ->  X-squared = 0.79365, df = 1, p-value = 0.373
CHI2_PEARSON_PRINTED = dict(statistic="0.79365", p="0.373")
# R: chisq.test(matrix(c(10, 30, 20, 40), 2), correct = FALSE)$p.value  (the p of the recomputed statistic)
CHI2_PEARSON_P = 0.372998483613487
# R: pchisq(0.79365, 1, lower.tail = FALSE)  (the p the printed statistic implies)
CHI2_PEARSON_IMPLIED_P = 0.372998722606887

# Zigong Table 1, sex by year: men 186 and 279, women 126 and 194 (printed chi2 0.031, P 0.860).
# R: chisq.test(matrix(c(186, 279, 126, 194), 2), correct = FALSE)  ->  X-squared = 0.030918, p-value = 0.8604
ZIGONG_SEX = dict(table=("186", "126", "279", "194"), statistic="0.031", p="0.860")
