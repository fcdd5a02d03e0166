"""Known answers for the claims of the text (tests/checks/kinds/test_claims.py), each worked out by hand from the
printed numbers, with the arithmetic that decides it.

(study, check_id, verdict)
"""

KNOWN_ANSWERS = [
    # Zigong 3.1, Table 2: two-way referrals pooled, city 147+359 = 506 -> 223+627 = 850 (+67.98%),
    # county 43+337 = 380 -> 74+469 = 543 (+42.89%), district 79+124 = 203 -> 88+155 = 243 (+19.70%):
    # the county did not grow the most.
    ("zigong_hf_alliance", "s3_1_county_referrals_grew_most", "inconsistent"),
    # Zigong 3.1, Table 2: inpatient growth district 48.45 > city 27.01 and > county 24.64 (printed).
    ("zigong_hf_alliance", "s3_1_district_inpatient_growth_highest", "consistent"),
    # Zigong abstract: "two years" of running; formal start end of 2021 (2.1), evaluation 2022: 2022 - 2021 = 1;
    # two years if the one-year build cycle (2.1) counts, and the text does not say: undecidable.
    ("zigong_hf_alliance", "abs_two_years_of_operation", "undecidable"),
    # Zigong 1: one year of formal operation = 2022 - 2021.
    ("zigong_hf_alliance", "s1_one_year_after_formal_start", "consistent"),
    # Zigong abstract, Table 5: LOS 10.63 -> 8.05, drug share 37.35 -> 33.21, both P printed 0.001 < 0.05.
    ("zigong_hf_alliance", "abs_los_drug_share_fall_p", "consistent"),
    # Zigong abstract n = 437 against Table 1's printed sample size 437 (the sex counts add to 473 elsewhere).
    ("zigong_hf_alliance", "abs_n_2022_restated", "consistent"),
    # Review abstract: search up to 31 Dec 2024; reference [5] is dated 2025, 42(1), but a later paper can be
    # cited without coming from the search: undecidable.
    ("chronic_care_review", "abs_search_cutoff", "undecidable"),
    # Qingpu 2.3.2 and 2.5.2: 29.57 for 2024 over 2023 and 29.57 for 2023 over 2022: 2024 != 2023 and
    # 29.57 == 29.57, so "year_a == year_b or rise_a != rise_b" is false: a contradiction.
    ("qingpu_medical_group", "contracting_rise_two_years", "inconsistent"),
    # Qingpu 2.3.3: 455 people over 10917 person-times.
    ("qingpu_medical_group", "stroke_very_high_units", "inconsistent"),
    # Qingpu 2.3.3: 1717 people over 5719 people.
    ("qingpu_medical_group", "copd_high_risk_units", "consistent"),
    # Zigong Table 4: 27 -> 45 consultations for 312 -> 437 patients; exact CI of the rate ratio 0.72 to 1.99.
    ("zigong_hf_alliance", "remote_consultations_per_patient", "inconsistent"),
    # Overview 3.1 and case 1: 25 and 25 for two sites.
    ("consortium_overview", "same_township_visit_rise_two_sites", "undecidable"),
    # Review 2.2.6: "seven unifications" and seven fields listed (administration ... information).
    ("chronic_care_review", "s2_2_6_seven_unifications", "consistent"),
    # Overview case 1: grade-1 surgery centres 2 -> 12, at most the 16 township centres: 2 < 12 <= 16.
    ("consortium_overview", "case1_surgery_centres", "consistent"),
    # Overview 2.2: wait 3 days -> 2 hours; 2 < 24 * 3.
    ("consortium_overview", "s2_2_guangdong_wait", "consistent"),
    # Five cities, abstract: five regions and Table 1 has five city rows.
    ("five_city_chronic_care", "abs_five_regions", "consistent"),
    # Qingpu 2.3.2: first batch end of October 2023 before the second in March 2024 (2023*12+10 < 2024*12+3).
    ("qingpu_medical_group", "s2_3_2_studio_batches_order", "consistent"),
]
