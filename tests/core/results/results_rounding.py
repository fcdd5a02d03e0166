"""Reference values for ``analysis.core.rounding`` (tests/core/test_rounding.py).

TIE_GRID is worked out by hand from the definitions of the rules (``analysis.core.rounding.RULES``):
half_up = ties away from zero (SPSS RND, Excel ROUND), half_even = ties to the even digit (IEEE 754
roundTiesToEven), truncate = towards zero, half_down = ties towards zero, up = towards +infinity (ceiling),
down = towards -infinity (floor); up_or_down rounds as half_up. The same modes are Python's
``decimal.ROUND_HALF_UP``, ``ROUND_HALF_EVEN``, ``ROUND_DOWN``, ``ROUND_HALF_DOWN``, ``ROUND_CEILING`` and
``ROUND_FLOOR`` (the Python documentation, ``decimal`` module, "Rounding modes"), which the property test
of the rounding module compares with.
"""

# x, decimals, then the print under half_up, half_even, truncate, half_down, up, down
TIE_GRID = [
    ("2.345",   2, "2.35",  "2.34",   "2.34",   "2.34",   "2.35",  "2.34"),
    ("-2.345",  2, "-2.35", "-2.34",  "-2.34",  "-2.34",  "-2.34", "-2.35"),
    ("2.355",   2, "2.36",  "2.36",   "2.35",   "2.35",   "2.36",  "2.35"),
    ("-2.355",  2, "-2.36", "-2.36",  "-2.35",  "-2.35",  "-2.35", "-2.36"),
    ("0.125",   2, "0.13",  "0.12",   "0.12",   "0.12",   "0.13",  "0.12"),
    ("2.5",     0, "3",     "2",      "2",      "2",      "3",     "2"),
    ("-2.5",    0, "-3",    "-2",     "-2",     "-2",     "-2",    "-3"),
    ("0.5",     0, "1",     "0",      "0",      "0",      "1",     "0"),
    ("-0.5",    0, "-1",    "0",      "0",      "0",      "0",     "-1"),
    ("1.095",   2, "1.10",  "1.10",   "1.09",   "1.09",   "1.10",  "1.09"),   # trailing zero kept
    ("-1.095",  2, "-1.10", "-1.10",  "-1.09",  "-1.09",  "-1.09", "-1.10"),
    ("9.995",   2, "10.00", "10.00",  "9.99",   "9.99",   "10.00", "9.99"),
    ("2.341",   2, "2.34",  "2.34",   "2.34",   "2.34",   "2.35",  "2.34"),   # not a tie
    ("-2.341",  2, "-2.34", "-2.34",  "-2.34",  "-2.34",  "-2.34", "-2.35"),
    ("0.0500",  3, "0.050", "0.050",  "0.050",  "0.050",  "0.050", "0.050"),  # exact: every rule
]
SIMPLE_RULES = ("half_up", "half_even", "truncate", "half_down", "up", "down")

# R 4.2.2's round() rounds a tie that the double represents exactly to the even digit:
# R: c(round(0.125, 2), round(2.5), round(-2.5), round(0.5))  ->  0.12  2  -2  0
R_ROUND_EXACT_TIES = [("0.125", 2, "0.12"), ("2.5", 0, "2"), ("-2.5", 0, "-2"), ("0.5", 0, "0")]
# ... but sees the binary double, so a decimal tie that is not exact in binary is no tie to it:
# R: sprintf("%.20f", 2.345)  ->  "2.34500000000000019540";  round(2.345, 2)  ->  2.35
# The package reads a float at its shortest repr (2.345 exactly), where half-even gives 2.34.
R_ROUND_BINARY = dict(x=2.345, decimals=2, r="2.35", ours_half_even="2.34")

# A p of a t of 5.536 with 17 per group (df 32), below every p floor.
# R: 2 * pt(-5.536, 32)
P_T_5_536_DF_32 = 4.17541918255842e-06

# Zigong Table 2, city outpatient visits 94,203 -> 102,291: 100 * 8088 / 94203 = 808800 / 94203 = 8.5857...
# (printed 8.59); a print of 8.58 is truncation: half-up gives 8.59 (by hand)
TRUNCATED = dict(printed="8.58", value=(808800, 94203))
