"""Known answers for the arithmetic kinds (tests/checks/kinds/test_arithmetic.py), each worked out by hand."""
from fractions import Fraction

# Zigong Table 2, county inpatients 1331 -> 1792: 100 * 461 / 1331 = 34.6356...%, printed 24.64 (one digit).
COUNTY_GROWTH = dict(before="1331", after="1792", printed="24.64", recomputed=Fraction(46100, 1331),
                     category="typographical_error")
# Zigong Table 2, city inpatients 12381 -> 15727: 100 * 3346 / 12381 = 27.0253...%, printed 27.01.
CITY_GROWTH = dict(before="12381", after="15727", printed="27.01", recomputed=Fraction(334600, 12381))
# Tianchang cost per admission 8500 -> 7200 yuan: a fall of 100 * 1300 / 8500 = 15.294...%, printed 15.3.
TIANCHANG_DECLINE = dict(before="8500", after="7200", printed="15.3", recomputed=Fraction(130000, 8500))

# A share recomputed from counts: a = 8/27 = 29.6296...%, b = 16/90 = 17.7777...%; b / a = 27/45 = 0.6, so the
# relative change is 40% exactly and |b - a| = 11.85 points. Printed "39.99": the rounded shares 29.63 and
# 17.78 allow it (100 * 11.85 / 29.63 = 39.993), the counts do not (exactly 40.00).
COUNTED_CHANGE = dict(a="29.63", b="17.78", a_part="8", a_whole="27", b_part="16", b_whole="90", printed="39.99",
                      exact=Fraction(40))
