"""Reference values for ``analysis.stats.counts`` (tests/stats/test_counts.py), each computed by hand."""
from fractions import Fraction

# Zigong Table 3, outpatient visits 4036 -> 4923: 100 (4923 - 4036) / 4036 = 88700 / 4036 = 21.9772...%
GROWTH = dict(args=(4036, 4923), exact=Fraction(88700, 4036), rounded=21.9772)

# 8 of 27: 800 / 27 = 29.6296...%
SHARE = dict(args=(8, 27), exact=Fraction(800, 27))

# Qingpu, follow-up completion 5719 of a target of 4000: 100 * 5719 / 4000 = 142.975% exactly
RATIO = dict(args=(5719, 4000), exact=Fraction(142975, 1000))

# Zigong abstract, upward referral share 29.63% -> 17.78%: b - a = -11.85 points;
# 100 (b - a) / a = -1185 / 29.63 = -118500 / 2963 = -39.993...%
CHANGE = dict(args=(Fraction("29.63"), Fraction("17.78")), points=Fraction("-11.85"), relative=Fraction(-118500, 2963))

# chronic_care_review, 44.6% of 192 people: 44.6 * 192 / 100 = 85.632, so k = 85 or 86: 8500/192 and 8600/192
GRIM_44_6 = dict(args=(Fraction("44.6"), 192), low=Fraction(8500, 192), high=Fraction(8600, 192))

# 29.63% of 27: 29.63 * 27 / 100 = 8.0001, so k = 8 or 9: 800/27 = 29.6296 (prints 29.63) and 900/27
GRIM_29_63 = dict(args=(Fraction("29.63"), 27), low=Fraction(800, 27), high=Fraction(900, 27))

# Zigong Table 1, men and women of 2022: 279 + 194 = 473
SUBGROUPS = dict(args=[279, 194], total=Fraction(473))

# Binary data 0, 0, 0, 1, 1 (n = 5, k = 2): mean 0.4, sample variance (3 * 0.16 + 2 * 0.36) / 4 = 0.3
BINARY = dict(args=(2, 5), sd=0.3 ** 0.5)

# GRIMMER, data 1, 2, 3: K = 6, Q = 1 + 4 + 9 = 14, SD exactly 1: Q = L^2 (n - 1) S^2 + K^2 / n = 2 + 12
SUM_OF_SQUARES = dict(args=(6, 3, 1, 1, 1), low=Fraction(14), high=Fraction(14))
