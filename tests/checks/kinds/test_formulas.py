"""Every kind shows its formula with the printed inputs substituted; the expected strings are written out by
hand from the printed numbers, and the arithmetic ones are read back as arithmetic."""
import re
from fractions import Fraction

import pytest

from analysis.checks import KINDS
from analysis.checks.engine import Operand, Options, evaluate, formula_of
from analysis.checks.kinds.formulas import predicate_text
from analysis.data.datapackage import load_study, study_ids
from analysis.data.specs import load_specs, operand

LEDGER_KINDS = {"growth", "decline", "share", "ratio", "sum", "difference", "relative_change", "restated",
                "t_from_summaries", "chi2_from_counts", "chi2_table", "p_from_statistic", "grim", "grimmer", "debit",
                "claim", "units", "per_capita"}


def shown(kind, inputs, targets, options=None, opts=None):
    opts = opts or Options()
    ops = {k: v if isinstance(v, Operand) else Operand.of(v, exact=True) for k, v in inputs.items()}
    return [(o.part, formula_of(kind, ops, targets, o, opts, options))
            for o in evaluate(kind, ops, targets, opts, options)]


def test_every_kind_of_the_ledger_shows_its_formula():
    assert {k for k, v in KINDS.items() if v.section == "ledger"} == LEDGER_KINDS
    assert all(KINDS[k].show is not None for k in LEDGER_KINDS)


def test_a_kind_shows_its_formula_once():
    from analysis.checks.engine import shows
    with pytest.raises(ValueError, match="already shows"):
        shows("growth")(lambda *a: None)


def test_growth_the_zigong_example():
    (_, f), = shown("growth", {"before": "1331", "after": "1792"}, {"target": "24.64"})
    assert f.symbolic == "100 × (after − before) / before"
    assert f.values == "100 × (1792 − 1331) / 1331 = 34.64"


def test_arithmetic_kinds():
    (_, f), = shown("decline", {"before": "8500", "after": "7200"}, {"target": "15.3"})
    assert f.values == "100 × (8500 − 7200) / 8500 = 15.3"
    (_, f), = shown("share", {"part": "8", "whole": "27"}, {"target": "29.63"})
    assert (f.symbolic, f.values) == ("100 × part / whole", "100 × 8 / 27 = 29.63")
    (_, f), = shown("ratio", {"numerator": "5719", "denominator": "4000"}, {"target": "142.98"})
    assert f.values == "100 × 5719 / 4000 = 142.98"
    (_, f), = shown("sum", {"parts": Operand.of("186", "126", exact=True)}, {"target": "312"})
    assert (f.symbolic, f.values) == ("parts1 + parts2", "186 + 126 = 312")
    (_, f), = shown("difference", {"a": Operand.of("29.63"), "b": Operand.of("17.78")}, {"target": "-11.85"})
    assert f.values == "17.78 − 29.63 = −11.85"
    (_, f), = shown("restated", {"value": "312"}, {"target": "312"})
    assert (f.symbolic, f.values) == ("value", "312")
    (_, f), = shown("relative_change", {"a": Operand.of("29.63"), "b": Operand.of("17.78")}, {"target": "11.85"})
    assert f.values == "100 × |17.78 − 29.63| / 29.63 = 39.99"
    (_, f), = shown("relative_change", {"a": Operand.of("29.63"), "b": Operand.of("17.78"), "a_part": "8",
                                        "a_whole": "27", "b_part": "8", "b_whole": "45"}, {"target": "11.85"})
    assert f.values == "100 × |(100 × 8 / 45) − (100 × 8 / 27)| / (100 × 8 / 27) = 40.00"
    (_, f), = shown("growth", {"before": "94,203", "after": "102,291"}, {"target": "8.59"})
    assert f.values == "100 × (102291 − 94203) / 94203 = 8.59"  # thousands separators are not commas of a list


def test_t_test_student_and_welch():
    ins = {"m1": Operand.of("69.66"), "s1": Operand.of("5.98"), "n1": "312", "m2": Operand.of("68.18"),
           "s2": Operand.of("6.55"), "n2": "437"}
    parts = dict(shown("t_from_summaries", ins, {"statistic": "1.332", "p": "0.185"}))
    assert parts["statistic"].values == ("t = (69.66 − 68.18) / √(((312 − 1) × 5.98² + (437 − 1) × 6.55²) / "
                                         "(312 + 437 − 2) × (1/312 + 1/437)) = 3.160")
    assert parts["p"].values == "p = 2 × P(T(747) > |3.160|) = 0.00164"
    assert parts["p_implied"].values == "p = 2 × P(T(747) > |1.332|) = 0.183"
    welch = dict(shown("t_from_summaries", ins, {"statistic": "1.332", "p": "0.185"}, opts=Options(t_test="welch")))
    assert welch["statistic"].symbolic == "t = (m1 − m2) / √(s1²/n1 + s2²/n2)"
    assert welch["statistic"].values == "t = (69.66 − 68.18) / √(5.98²/312 + 6.55²/437) = 3.208"
    # Welch-Satterthwaite by hand: (5.98²/312 + 6.55²/437)² / ((5.98²/312)²/311 + (6.55²/437)²/436) = 703.7
    assert welch["p"].values == "p = 2 × P(T(703.685) > |3.208|) = 0.00140"
    assert welch["p"].symbolic.endswith("ν = (s1²/n1 + s2²/n2)² / ((s1²/n1)²/(n1 − 1) + (s2²/n2)²/(n2 − 1))")


def test_chi_square_of_counts_and_of_a_table():
    counts = {"a": "186", "b": "126", "c": "279", "d": "194"}
    parts = dict(shown("chi2_from_counts", counts, {"statistic": "0.031", "p": "0.860"}))
    assert parts["statistic"].values == ("χ² = 785 × (186 × 194 − 126 × 279)² / ((186 + 126) × (279 + 194) × "
                                         "(186 + 279) × (126 + 194)) = 0.031")
    assert parts["p"].values == "p = P(χ²(1) > 0.031) = 0.860"
    yates = dict(shown("chi2_from_counts", {"a": "10", "b": "20", "c": "30", "d": "40"},
                       {"statistic": "0.45", "p": "0.50"}))  # only Yates' correction gives 0.45
    assert yates["statistic"].values.startswith("χ² = 100 × (|10 × 40 − 20 × 30| − 100/2)² /")
    table = dict(shown("chi2_table", {}, {"statistic": "5.33", "p": "0.069"}, {"table": "10 20 30; 20 20 20"}))
    assert table["statistic"].values == "χ² = Σ (O − E)² / E over [10 20 30; 20 20 20] = 5.33, df = (2 − 1) × (3 − 1) = 2"
    assert table["p"].values == "p = P(χ²(2) > 5.33) = 0.0695"


@pytest.mark.parametrize("statistic, inputs, p, tails, expected", [
    ("t", {"value": Operand.of("2.20"), "df2": "28"}, ".06", "2", "p = 2 × P(T(28) > |2.20|) = 0.0362"),
    ("t", {"value": Operand.of("2.20"), "df1": "28"}, ".02", "1", "p = P(T(28) > |2.20|) = 0.0181"),
    ("F", {"value": Operand.of("4.5"), "df1": "2", "df2": "30"}, "<.05", "2", "p = P(F(2, 30) > 4.5) = 0.0195"),
    ("r", {"value": Operand.of(".35"), "df2": "40"}, ".02", "2",
     "p = 2 × P(T(40) > |0.35 × √(40 / (1 − 0.35²))|) = 0.0231"),
    ("z", {"value": Operand.of("1.96")}, ".05", "2", "p = 2 × P(Z > |1.96|) = 0.0500"),
    ("chi2", {"value": Operand.of("3.84"), "df1": "1"}, ".05", "2", "p = P(χ²(1) > 3.84) = 0.0500"),
])
def test_p_from_a_printed_statistic(statistic, inputs, p, tails, expected):
    (_, f), = shown("p_from_statistic", inputs, {"p": p}, {"statistic": statistic, "tails": tails})
    assert f.values == expected


def test_granularity_kinds():
    (_, f), = shown("grim", {"n": Operand.of("192", "205", exact=True)}, {"target": "44.6"})
    assert f.symbolic == "100 × k / n, k ∈ ℕ"
    assert f.values == "100 × 85 / 192 = 44.271, 100 × 86 / 192 = 44.792; 100 × 91 / 205 = 44.390, 100 × 92 / 205 = 44.878"
    (_, f), = shown("grim", {"n": "32", "items": "2"}, {"target": "7.22"})
    assert f.values == "462 / (32 × 2) = 7.2188, 463 / (32 × 2) = 7.2344"
    opts = Options(rounding="up_or_down")
    parts = dict(shown("grimmer", {"n": "20"}, {"mean": "2.60", "sd": "1.23"}, opts=opts))
    assert parts["mean"].values == "52 / 20 = 2.60"  # 52 / 20 = 2.6 and the squares 164: 164 - 52^2/20 = 28.8, /19
    assert parts["sd"].values == "SD = √((164 − 52²/20) / (20 − 1)) = 1.23"
    parts = dict(shown("grimmer", {"n": "20"}, {"mean": "2.61", "sd": "1.23"}, opts=opts))  # 2.61 x 20 is not whole
    assert parts["sd"].values == "SD = √((Q − K²/20) / (20 − 1))"
    parts = dict(shown("debit", {"n": "20"}, {"mean": "0.60", "sd": "0.50"}, opts=opts))
    assert parts["mean"].values == "12 / 20 = 0.60"
    assert parts["sd"].values == "SD = √(20 / (20 − 1) × 12/20 × (1 − 12/20)) = 0.50"


def test_a_claim_shows_its_predicate_with_the_printed_values_and_which_comparison_fails():
    ins = {"county_after": Operand.of("74", "469"), "county_before": Operand.of("43", "337"),
           "city_after": Operand.of("223", "627"), "city_before": Operand.of("147", "359"),
           "district_after": Operand.of("88", "155"), "district_before": Operand.of("79", "124")}
    pred = ("county_after / county_before > city_after / city_before and "
            "county_after / county_before > district_after / district_before")
    (_, f), = shown("claim", ins, {}, {"predicate": pred})
    assert f.symbolic == ("county_after / county_before > city_after / city_before ∧ "
                          "county_after / county_before > district_after / district_before")
    assert f.values == ("(74 + 469) / (43 + 337) > (223 + 627) / (147 + 359) ✗ ∧ "
                        "(74 + 469) / (43 + 337) > (88 + 155) / (79 + 124) ✓")
    (_, f), = shown("claim", {"p": Operand.of("<0.001"), "a": Operand.of("95.37")}, {},
                    {"predicate": "a > 90 and p < 0.05"})
    assert f.values == "95.37 > 90 ✓ ∧ (<0.001) < 0.05 ✓"
    (_, f), = shown("claim", {"printed": Operand.of("6"), "listed": Operand.of("6")}, {}, {"predicate": "printed == listed"})
    assert f.values == "6 = 6"  # one comparison: its verdict says whether it holds


def test_predicates_read_as_mathematics():
    assert predicate_text("not (a < b or c >= 2)") == "¬(a < b ∨ c ≥ 2)"
    assert predicate_text("a - (b - c) == a - b + c") == "a − (b − c) = a − b + c"
    assert predicate_text("(a + b) * c / (d * e) != 1") == "(a + b) × c / (d × e) ≠ 1"
    assert predicate_text("any([a < 1, all([b < 2, c < 3])])") == "a < 1 ∨ (b < 2 ∧ c < 3)"
    assert predicate_text("max(a, b, c) <= cutoff") == "max(a, b, c) ≤ cutoff"
    assert predicate_text("abs(b - a) > -1") == "|b − a| > −1"


def _arithmetic(values: str) -> tuple[Fraction, str]:
    """A shown formula read back: its left side evaluated exactly, and the result it shows."""
    expr, _, result = values.rpartition(" = ")
    expr = re.sub(r"\|([^|]+)\|", r"abs(\1)", expr.replace("×", "*").replace("−", "-"))
    expr = re.sub(r"(\d+(\.\d+)?)", r"F('\1')", expr)
    return eval(expr, {"__builtins__": {}}, {"F": Fraction, "abs": abs}), result.replace("−", "-")


@pytest.mark.parametrize("sid", study_ids())
def test_every_arithmetic_formula_of_the_ledger_reads_back_to_its_result(sid):
    """The substitution is checked independently of the engine: the shown formula, evaluated, rounds to the
    value it shows (to the printed decimals)."""
    opts = Options()
    checked = 0
    for spec in load_specs(load_study(sid)):
        if spec.kind.name not in ("growth", "decline", "share", "ratio", "sum", "difference", "relative_change"):
            continue
        inputs = {n: operand(c) for n, c in spec.inputs.items()}
        targets = {n: c.text for n, c in spec.targets.items()}
        for o in evaluate(spec.kind.name, inputs, targets, opts, spec.options):
            value, result = _arithmetic(formula_of(spec.kind.name, inputs, targets, o, opts, spec.options).values)
            decimals = len(result.partition(".")[2])
            assert abs(value - Fraction(result)) <= Fraction(1, 2 * 10 ** decimals), (spec.check_id, value, result)
            checked += 1
    assert checked or sid not in ("zigong_hf_alliance", "qingpu_medical_group", "consortium_overview")


def test_units_the_qingpu_example():
    (_, f), = shown("units", {"part": "455", "whole": "10917"}, {},
                    {"part_unit": "persons", "whole_unit": "person_times"})
    assert f.symbolic == "unit(part) = unit(whole)"
    assert f.values == "persons (455) ≠ person-times (10917)"


def test_per_capita_the_zigong_example():
    # (45 / 437) / (27 / 312) = 1.18993; exact 95% CI 0.7225 to 1.9944 (R: poisson.test(c(45, 27), c(437, 312)))
    (_, f), = shown("per_capita", {"x1": "27", "n1": "312", "x2": "45", "n2": "437"}, {})
    assert f.symbolic == "(x2 / n2) / (x1 / n1) > 1"
    assert f.values == "(45 / 437) / (27 / 312) = 1.19 [95% CI 0.72, 1.99]"
