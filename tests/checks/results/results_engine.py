"""Reference verdicts for the check engine (tests/checks/test_engine.py), each worked out by hand.

One synthetic study per kind: a transcribed table ``t`` with one row per name and one check. The comment
above each case gives the arithmetic (exact) that decides its verdict.
"""


def ref(name: str) -> str:
    return f"t:{name}:value"


# ---------------------------------------------------------------- one synthetic study per kind
# kind -> (values, counts, check, expected verdicts in ledger order, expected category or None)
CASES = {
    # 100 (504 - 376) / 376 = 34.0425...%; printed 34.04
    "growth": ({"a": "376", "b": "504", "g": "34.04"}, ("a", "b"),
               {"targets": f"target={ref('g')}", "inputs": f"before={ref('a')};after={ref('b')}"}, ["consistent"], None),
    # 100 (8500 - 7200) / 8500 = 15.294%; printed 15.3
    "decline": ({"a": "8500", "b": "7200", "d": "15.3"}, ("a", "b"),
                {"targets": f"target={ref('d')}", "inputs": f"before={ref('a')};after={ref('b')}"}, ["consistent"], None),
    # 100 * 8 / 27 = 29.6296%; printed 29.63
    "share": ({"k": "8", "n": "27", "s": "29.63"}, ("k", "n"),
              {"targets": f"target={ref('s')}", "inputs": f"part={ref('k')};whole={ref('n')}"}, ["consistent"], None),
    # 5719 / 4000 = 142.975% exactly: half-up 142.98, half-even 142.98 (8 is even), truncation 142.97
    "ratio": ({"x": "5719", "y": "4000", "r": "142.97"}, ("x", "y"),
              {"targets": f"target={ref('r')}", "inputs": f"numerator={ref('x')};denominator={ref('y')}"},
              ["consistent_if_rounding"], "reporting_convention"),
    # 279 + 194 = 473, printed 437: two adjacent digits transposed
    "sum": ({"m": "279", "f": "194", "n": "437"}, ("m", "f", "n"),
            {"targets": f"target={ref('n')}", "inputs": f"parts={ref('m')}+{ref('f')}"},
            ["inconsistent"], "typographical_error"),
    # 85 - 65 = 20 points
    "difference": ({"a": "65", "b": "85", "d": "20"}, (),
                   {"targets": f"target={ref('d')}", "inputs": f"a={ref('a')};b={ref('b')}"}, ["consistent"], None),
    # 29.63 -> 17.78: 11.85 points, relative 39.99%; printed "fell 11.85%" is the points, mislabelled
    "relative_change": ({"a": "29.63", "b": "17.78", "c": "11.85"}, (),
                        {"targets": f"target={ref('c')}", "inputs": f"a={ref('a')};b={ref('b')}"},
                        ["inconsistent"], "labelling_error"),
    # a sample size printed as 312 in one place and 321 in another
    "restated": ({"n1": "312", "n2": "321"}, ("n1", "n2"),
                 {"targets": f"target={ref('n2')}", "inputs": f"value={ref('n1')}"},
                 ["inconsistent"], "internal_contradiction"),
    # 44.6% of 192 or 205 whole people: 85/192 = 44.27, 86/192 = 44.79, 91/205 = 44.39, 92/205 = 44.88
    "grim": ({"p": "44.6", "n1": "192", "n2": "205"}, ("n1", "n2"),
             {"targets": f"target={ref('p')}", "inputs": f"n={ref('n1')}|{ref('n2')}"},
             ["inconsistent"], "impossible_value"),
    # 5.0 +/- 1.0 (10) vs 4.0 +/- 1.0 (10): Student t = 1 / sqrt(0.2) = 2.2361, df 18, p = 0.0382
    # (R: 2 * pt(-sqrt(5), 18) = 0.0382496; tests/stats/results/results_inference.py)
    "t_from_summaries": ({"m1": "5.0", "s1": "1.0", "n1": "10", "m2": "4.0", "s2": "1.0", "n2": "10",
                          "t": "2.236", "p": "0.038"}, ("n1", "n2"),
                         {"targets": f"statistic={ref('t')};p={ref('p')}",
                          "inputs": ";".join(f"{k}={ref(k)}" for k in ("m1", "s1", "n1", "m2", "s2", "n2"))},
                         ["consistent", "consistent", "consistent"], None),
    # [[3, 1], [1, 3]]: Pearson chi2 = 2.0 exactly (every E = 2), p = 0.1573
    "chi2_from_counts": ({"a": "3", "b": "1", "c": "1", "d": "3", "x": "2.000", "p": "0.157"}, ("a", "b", "c", "d"),
                         {"targets": f"statistic={ref('x')};p={ref('p')}",
                          "inputs": ";".join(f"{k}={ref(k)}" for k in "abcd")},
                         ["consistent", "consistent", "consistent"], None),
    # "grew the most": 21.98 > 8.59 holds; written as a predicate over the printed values
    "claim": ({"a": "21.98", "b": "8.59"}, (),
              {"inputs": f"a={ref('a')};b={ref('b')}", "options": "predicate=a == max(a, b)", "section": "3.1",
               "claim_en": "a grew the most", "claim_zh": "a 增长最多"}, ["consistent"], None),
    # 455 people over 10917 screenings (person-times): a share of people only if no one was screened twice
    "units": ({"part": "455", "whole": "10917"}, ("part", "whole"),
              {"inputs": f"part={ref('part')};whole={ref('whole')}",
               "options": "part_unit=persons;whole_unit=person_times", "section": "2.3.3",
               "claim_en": "a share of people", "claim_zh": "人数占比"}, ["inconsistent"], "mixed_units"),
    # 27 -> 45 events while the population went 312 -> 437: rate ratio (45/437)/(27/312) = 1.18993,
    # exact 95% CI 0.7225 to 1.9944 (R: poisson.test(c(45, 27), c(437, 312))): includes 1
    "per_capita": ({"x1": "27", "n1": "312", "x2": "45", "n2": "437"}, ("x1", "n1", "x2", "n2"),
                   {"inputs": ";".join(f"{k}={ref(k)}" for k in ("x1", "n1", "x2", "n2")), "section": "3.3",
                    "claim_en": "events grew", "claim_zh": "事件增加"}, ["inconsistent"], "raw_count_growth"),
}
