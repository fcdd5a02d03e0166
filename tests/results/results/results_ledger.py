"""Known findings of the five studies (tests/results/test_ledger.py): the printed numbers and what they recompute to.

Each value is worked out by hand from the transcribed tables (data/raw/) and checked in R 4.2.2 where said;
the ledger prints recomputed values with six significant digits.
"""

# Zigong Table 2, inpatients. County 1331 -> 1792: 100 * 461 / 1331; city 12381 -> 15727: 100 * 3346 / 12381.
# R: c(100 * 461 / 1331, 100 * 3346 / 12381)  ->  34.63561232156273 27.02528067199741
COUNTY_INPATIENT_GROWTH = dict(printed="24.64", recomputed=34.63561232156273)  # one digit differs
CITY_INPATIENT_GROWTH = dict(printed="27.01", recomputed=27.02528067199741)

# Zigong Table 1, age: 69.66 +/- 5.98 (312) vs 68.18 +/- 6.55 (437), printed t = 1.332, P = 0.185.
# R: sp <- sqrt((311 * 5.98^2 + 436 * 6.55^2) / 747); t <- 1.48 / (sp * sqrt(1/312 + 1/437)); 2 * pt(-t, 747)
#    ->  t = 3.16005413221634, p = 0.00164101602391027; the printed t implies 2 * pt(-1.332, 747) = 0.183266433
AGE_T = dict(t=3.16005413221634, p=0.00164101602391027, implied_p=0.183266433058907)

# chronic_care_review, Suzhou: 44.6% of 192 (or 205) people. 85/192 = 44.27%, 86/192 = 44.79%, 91/205 = 44.39%,
# 92/205 = 44.88%: no whole number of people prints as 44.6. The ledger shows the candidate nearest the print.
# R: 100 * 86 / 192  ->  44.79166666666666
SUZHOU_GRIM = dict(printed="44.6", nearest=44.79166666666666)

# consortium_overview, Tianchang cost per admission 8500 -> 7200: a fall of 100 * 1300 / 8500 = 15.294%, printed 15.3.
# R: 100 * 1300 / 8500  ->  15.29411764705882
TIANCHANG_FALL = dict(printed="15.3", recomputed=15.29411764705882)

# qingpu_medical_group: 455 / 10917 = 4.168%, 3831 / 10917 = 35.092%, 1717 / 5719 = 30.023%, and follow-up
# completion 5719 / 4000 = 142.975% exactly, a tie that half-up prints as the printed 142.98.
QINGPU_CONSISTENT = ("stroke_very_high_share", "stroke_high_share", "copd_high_risk_rate", "copd_completion")
QINGPU_COMPLETION = dict(printed="142.98", recomputed="142.975")
