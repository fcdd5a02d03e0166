"""Reference values for ``analysis.stats.diagnosis`` (tests/stats/test_diagnosis.py)."""

# df_range("2.571", "0.015", "t"): the printed t stands for [2.5705, 2.5715], the printed p for [0.0145, 0.0155].
# p falls as df grows, so the lowest df is where the largest t reaches the largest p, the highest df where the
# smallest t reaches the smallest p.
# R: uniroot(function(df) 2 * pt(-2.5715, df) - 0.0155, c(1, 1000), tol = 1e-12)$root
# R: uniroot(function(df) 2 * pt(-2.5705, df) - 0.0145, c(1, 1000), tol = 1e-12)$root
DF_RANGE_T = dict(args=("2.571", "0.015", "t"), low=29.0906239654736, high=35.510517098396)

# df_range("5.99", "0.050", "chi2"): an upper-tail chi-square p grows with df, so the lowest df is where the
# smallest statistic reaches the smallest p, the highest df where the largest statistic reaches the largest p.
# R: uniroot(function(df) pchisq(5.985, df, lower.tail = FALSE) - 0.0495, c(1, 10), tol = 1e-12)$root
# R: uniroot(function(df) pchisq(5.995, df, lower.tail = FALSE) - 0.0505, c(1, 10), tol = 1e-12)$root
DF_RANGE_CHI2 = dict(args=("5.99", "0.050", "chi2"), low=1.98631666621389, high=2.0121278187602)

# df_range("3.000", "0.058", "t"): t(3) = 3.000 has p = 0.0577, printed 0.058, so df = 3 fits; the range is narrow.
# R: uniroot(function(df) 2 * pt(-3.0005, df) - 0.0585, c(1, 100), tol = 1e-12)$root
# R: uniroot(function(df) 2 * pt(-2.9995, df) - 0.0575, c(1, 100), tol = 1e-12)$root
DF_RANGE_NARROW = dict(args=("3.000", "0.058", "t"), low=2.96547682485309, high=3.0078752824364)

# n_per_group: n = t^2 (s1^2 + s2^2) / (m1 - m2)^2 (Zigong Table 5, length of stay).
# By hand at face values: 3.839^2 (2.16^2 + 1.81^2) / (10.63 - 8.05)^2 = 14.737921 * 7.9417 / 6.6564 = 17.5836...
# and over t in [3.8385, 3.8395] (the means and SDs taken as exact): 17.5791... to 17.5883...
N_PER_GROUP = dict(t=("3.8385", "3.8395"), m1="10.63", s1="2.16", m2="8.05", s2="1.81",
                   face=17.5837009803648, low=17.5791209970592, high=17.5882815602165)

# explain_t: 5 +/- 1 (10) vs 4 +/- 3 (40).
# By hand: Welch t = 1 / sqrt(1/10 + 9/40) = 1 / sqrt(0.325) = 1.75411603861406 (R: 1 / sqrt(1/10 + 9/40));
# Student t = 1 / sqrt((9 * 1 + 39 * 9) / 48 * (1/10 + 1/40)) = 1 / sqrt(7.5 * 0.125) = 1.03279555898864
# Welch's df = (0.1 + 0.225)^2 / (0.1^2 / 9 + 0.225^2 / 39)            R: 43.8425720620843
# its two-tailed p for the printed t                                   R: 2 * pt(-1.754, 43.8425720620843) = 0.0864188100824095
WELCH_ONLY = dict(printed_t="1.754", welch=1.75411603861406, student=1.03279555898864, df=43.8425720620843,
                  p=0.0864188100824095)
# SDs read as standard errors: t = (5 - 4) / sqrt(1^2 + 1^2) = 0.7071
# read as standard errors, Welch's df = (1 + 1)^2 / (1/9 + 1/9) = 18; R: 2 * pt(-0.707, 18) = 0.488619095751382
SE_FOR_SD = dict(printed_t="0.707", value=0.707106781186548, p=0.488619095751382)
# Student t = sqrt(5) = 2.236, df 18: R: pt(-2.236, 18) = 0.0191274131001772 (one-tailed)
ONE_TAILED = dict(printed_t="2.236", p_one=0.0191274131001772)
# Zigong Table 5, length of stay: printed t 3.839, p 0.001; Student t from the summaries is 17.73 (df 747).
# One-tailed p of the printed t at df 747: R: pt(-3.839, 747) = 6.7e-05, which "fits" 0.001 read as p <= 0.0015,
# but the t it halves the p of is not the t the summaries give.
ZIGONG_T5_LOS = dict(t="3.839", p="0.001", m1="10.63", s1="2.16", n1=312, m2="8.05", s2="1.81", n2=437)
