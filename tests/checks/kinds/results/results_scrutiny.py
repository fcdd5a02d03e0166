"""scrutiny's documented answers for ``grim``, ``grimmer`` and ``debit`` (tests/checks/kinds/test_granularity.py).

Sources (lhdjung/scrutiny): README.md, the outputs of ``grim_map(pigs1)``, ``grim_map(pigs2, percent = TRUE)``
and ``debit_map(pigs3)``; tests/testthat/test-grim-map.R,
``consistency_expected <- c(T, F, F, F, F, T, F, T, F, F, T, F)`` for pigs1; the GRIMMER vignette
(vignettes/grimmer.Rmd, "Basic GRIMMER testing" and "Scale items"). scrutiny's default rounding is
``"up_or_down"`` (our ``up_or_down``). scrutiny's TRUE is our ``consistent``.
"""

# README: grim_map(pigs1), columns x, n, consistency
PIGS1 = [("7.22", 32, True), ("4.74", 25, False), ("5.23", 29, False), ("2.57", 24, False), ("6.77", 27, False),
         ("2.68", 28, True), ("7.01", 29, False), ("7.38", 26, True), ("3.14", 27, False), ("6.89", 31, False),
         ("5.00", 25, True), ("0.24", 28, False)]

# README: grim_map(pigs2, percent = TRUE), n = 150 for every row, columns x, consistency
PIGS2_N = 150
PIGS2 = [("67.4", False), ("54.2", False), ("54.0", True), ("69.8", False), ("68.1", False), ("55.4", False)]

# README: debit_map(pigs3), n = 1683 for every row, columns x, sd, consistency
PIGS3_N = 1683
PIGS3 = [("0.53", "0.50", True), ("0.44", "0.50", True), ("0.77", "0.42", True), ("0.19", "0.35", False),
         ("0.34", "0.47", True), ("0.93", "0.25", True), ("0.12", "0.33", True)]

# GRIMMER vignette: grimmer(x = "7.3", sd = "2.51", n = 12) is FALSE. By hand: the sums K of 12 whole scores
# with a mean printing as 7.3 are 87 (7.25) and 88 (7.333). For K = 87, Q = 11 S^2 + 87^2 / 12 over
# S in [2.505, 2.515] is [699.78, 700.33]: Q = 700 is even but K is odd (s^2 has the parity of s), so GRIMMER's
# test 3 fails; for K = 88, Q in [714.36, 714.91] holds no whole number (test 1).
GRIMMER_FALSE = dict(mean="7.3", sd="2.51", n=12)

# GRIMMER vignette, "Scale items": means of a three-item scale, n = 40 (data frame jpap_1, flying_pigs2 in
# earlier versions). "With the single-item default, half of these are wrongly flagged as inconsistent"; "all
# of them are consistent if the correct number of items is stated" (grimmer_map(items = 3)).
# By hand, GRIM with n = 40: 5.71 * 40 = 228.4, 4.61 * 40 = 184.4, 5.24 * 40 = 209.6; their neighbours 228/40,
# 229/40, 184/40, 185/40, 209/40, 210/40 print as 5.70, 5.72/5.73, 4.60, 4.62/4.63, 5.22/5.23, 5.25: rows 2, 5
# and 6 fail GRIM; 5.90 (236), 3.50 (140) and 3.82 (152.8 -> 153/40 = 3.825, down 3.82) pass.
SCALE_ITEMS_N = 40
SCALE_ITEMS = [("5.90", "2.19"), ("5.71", "1.42"), ("3.50", "1.81"), ("3.82", "2.43"), ("4.61", "1.92"),
               ("5.24", "2.51")]
SCALE_ITEMS_GRIM_FAILS = [False, True, False, False, True, True]

# GRIMMER vignette, flying_pigs1 row 1: grimmer_map() gives FALSE for x = "8.9", sd = "2.81", n = 25 (test 3).
# A deliberate difference (scrutiny's issue 80, false positives of its test 3): scrutiny tries only
# K = round(8.9 * 25) = 222. K = 223 (8.92) prints as 8.9 too; by hand Q = 24 S^2 + 223^2 / 25 over
# S in [2.805, 2.815] is [2177.99, 2179.34], holding Q = 2179, odd like K: SD sqrt((2179 - 1989.16) / 24) =
# 2.8125, which prints as 2.81. So no test excludes the values, and we say consistent.
FLYING_PIGS1_ROW1 = dict(mean="8.9", sd="2.81", n=25, scrutiny=False, ours="consistent", witness_k=223,
                         witness_q=2179)
