"""Every kind of check on a small synthetic study with a known answer, and the verdict policy.

Each expected value is worked out by hand (exact arithmetic): the synthetic case of each kind in
``tests/checks/results/results_engine.py``, the others beside their test. The synthetic studies are built
in memory with the same classes the five real studies use, so they go through the whole path: spec parsing,
the engine, the ledger and the findings.
"""
from fractions import Fraction

import pandas as pd
import pytest

from analysis.checks.engine import KINDS, Operand, Options, evaluate
from analysis.core.errors import InputError
from analysis.core.rounding import RULES
from analysis.core.vocab import Category, Severity, Verdict
from analysis.data.datapackage import Resource, Study
from analysis.data.specs import SPEC_COLUMNS
from analysis.results.findings import build_findings
from analysis.results.ledger import build_ledger
from analysis.results.reanalysis import derived, effects
from tests.checks.results.results_engine import CASES, ref
from tests.stats.results.results_effects import RATE_RATIO


def synthetic_study(values: dict[str, str], checks: list[dict], counts: tuple[str, ...] = (),
                    sid: str = "synthetic") -> Study:
    """One transcribed table ``t`` with one row per name (column ``value``), and a check specification.

    ``counts`` names the rows that are counts (exact, no rounding interval).
    """
    frame = pd.DataFrame({"key": list(values), "value": list(values.values()),
                          "value_type": ["count" if k in counts else "measure" for k in values]})
    desc = {"name": f"{sid}/t", "path": f"raw/{sid}/t.csv", "table": "Table 1", "kind": "test",
            "schema": {"primaryKey": ["key"], "fields": [
                {"name": "key", "type": "string", "title": "Key", "role": "label"},
                {"name": "value", "type": "string", "title": "Value", "role": "value"},
                {"name": "value_type", "type": "string", "title": "Type", "role": "label"}]}}
    spec = pd.DataFrame([{c: rec.get(c, "") for c in SPEC_COLUMNS} for rec in checks], dtype=str)
    return Study(sid, {"id": sid, "tables": ["Table 1", "Text"]}, {"t": Resource(desc["name"], "t", desc, frame)}, spec)


def one(study: Study, opts: Options | None = None) -> pd.DataFrame:
    return build_ledger(study, opts or Options())


@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_kind_on_a_synthetic_study(kind):
    values, counts, check, verdicts, category = CASES[kind]
    study = synthetic_study(values, [{"check_id": "c1", "kind": kind, **check}], counts)
    led = one(study)
    assert list(led.verdict) == verdicts
    assert led.check_id.is_unique
    cats = set(led.category) - {""}
    assert cats == ({category} if category else set())
    if category:  # every non-consistent row belongs to exactly one finding
        f = build_findings(led)
        assert len(f) == 1 and f.category[0] == category


def test_every_ledger_kind_has_a_synthetic_case():
    ledger_kinds = {k for k, v in KINDS.items() if v.section == "ledger"}
    # audit kinds with their own known-answer tests in tests/audit/test_table.py, tests/checks/kinds/test_pvalues.py and test_granularity.py
    assert ledger_kinds - set(CASES) <= {"p_from_statistic", "grimmer", "debit", "chi2_table"}


def test_derived_and_reanalysis_kinds_on_a_synthetic_study():
    # 55.89 (10,000 people) contracted at 43.96% -> a population of 55.89 / 0.4396 = 127.14
    study = synthetic_study({"k": "55.89", "r": "43.96", "x1": "27", "t1": "312", "x2": "45", "t2": "437",
                             "a": "3", "b": "4"}, [
        {"check_id": "pop", "kind": "implied_total", "inputs": f"count={ref('k')};rate={ref('r')}"},
        {"check_id": "tot", "kind": "total", "inputs": f"parts={ref('a')}+{ref('b')}"},
        {"check_id": "base", "kind": "implied_base_rate", "inputs": f"rate={ref('r')};change={ref('a')}"},
        {"check_id": "rr", "kind": "rate", "inputs": f"x1={ref('x1')};t1={ref('t1')};x2={ref('x2')};t2={ref('t2')}"},
    ], counts=("x1", "x2", "a", "b"))
    d = derived(study).set_index("check_id")
    assert float(d.loc["synthetic:pop", "value"]) == pytest.approx(5589 / 43.96, rel=1e-5)
    assert d.loc["synthetic:tot", "value"] == "7"
    assert sorted(float(v) for v in d.loc["synthetic:base", "value"]) == pytest.approx([40.96, 43.96 / 1.03], rel=1e-5)
    e = effects(study)
    assert e.estimate[0] == pytest.approx(RATE_RATIO["estimate"], rel=1e-12)  # (45 / 437) / (27 / 312), R
    assert (e.low[0], e.high[0]) == pytest.approx((RATE_RATIO["low"], RATE_RATIO["high"]), rel=1e-10)
    assert build_ledger(study).empty


# ---------------------------------------------------------------- the verdict policy
def test_bounds_are_strict():
    assert evaluate("claim", {"p": Operand.of("0.05")}, {}, Options(), {"predicate": "p < 0.05"})[0].verdict \
        is Verdict.INCONSISTENT
    # a growth printed as ">90": 90 exactly does not satisfy it, 90.1 does
    grow = {"before": Operand.of("100", exact=True), "after": Operand.of("190", exact=True)}
    assert evaluate("growth", grow, {"target": ">90"}, Options())[0].verdict is Verdict.INCONSISTENT
    grow["after"] = Operand.of("190.1", exact=True)
    assert evaluate("growth", grow, {"target": ">90"}, Options())[0].verdict is Verdict.CONSISTENT


@pytest.mark.parametrize("x", ["40", "400", "4000"])
def test_about_x_uses_one_relative_tolerance_whatever_the_zeros(x):
    base = Fraction(100)
    for rel, verdict in ((Fraction(109, 100), Verdict.CONSISTENT), (Fraction(111, 100), Verdict.INCONSISTENT)):
        after = base + base * Fraction(x) / 100 * rel  # growth of x * rel percent
        o, = evaluate("growth", {"before": Operand.of("100", exact=True), "after": Operand.of(str(float(after)), exact=True)},
                      {"target": f"~{x}"}, Options(tolerance=0.10))
        assert o.verdict is verdict, (x, rel)


def test_tolerance_is_a_parameter():
    ins = {"before": Operand.of("17", exact=True), "after": Operand.of("25", exact=True)}  # 47.06%
    assert evaluate("growth", ins, {"target": "~40"}, Options(tolerance=0.10))[0].verdict is Verdict.INCONSISTENT
    assert evaluate("growth", ins, {"target": "~40"}, Options(tolerance=0.20))[0].verdict is Verdict.CONSISTENT


def test_consistent_only_under_another_rule_is_never_plain_consistent():
    # 142.975 printed 142.97: half-down, truncation or floor, never half-up
    o, = evaluate("ratio", {"numerator": Operand.of("5719", exact=True), "denominator": Operand.of("4000", exact=True)},
                  {"target": "142.97"}, Options())
    assert o.verdict is Verdict.CONSISTENT_IF_ROUNDING and o.comparison.rule in ("half_down", "truncate", "down")


@pytest.mark.parametrize("rule", RULES)
def test_the_rounding_rule_reaches_the_input_intervals(rule):
    # 1.5 / 2.0 as rounded measures: under a half rule [1.45, 1.55] / [1.95, 2.05]; truncation and floor
    # [1.5, 1.6] / [2.0, 2.1]; ceiling [1.4, 1.5] / [1.9, 2.0]
    o, = evaluate("ratio", {"numerator": Operand.of("1.5"), "denominator": Operand.of("2.0")}, {"target": "75"},
                  Options(rounding=rule))
    lo, hi = o.comparison.low, o.comparison.high
    expected = {"truncate": (150 / 2.1, 160 / 2.0), "down": (150 / 2.1, 160 / 2.0), "up": (140 / 2.0, 150 / 1.9)}
    assert (lo, hi) == pytest.approx(expected.get(rule, (145 / 2.05, 155 / 1.95)))


def test_the_rounding_rule_reaches_the_pearson_yates_choice():
    # [[10, 20], [20, 10]]: Pearson 6.6667, Yates 5.4; printed 5.4 is Yates under every rule,
    # printed 6.66 is Pearson only under truncation (6.6667 -> 6.66), and under half-up it is not Pearson (6.67)
    ins = {k: Operand.of(v, exact=True) for k, v in zip("abcd", ("10", "20", "20", "10"))}
    for rule in RULES:
        first = evaluate("chi2_from_counts", ins, {"statistic": "5.40", "p": "0.020"}, Options(rounding=rule))[0]
        assert first.quantity.values["method"].id == "method.yates", rule
    trunc = evaluate("chi2_from_counts", ins, {"statistic": "6.66", "p": "0.010"}, Options(rounding="truncate"))[0]
    half = evaluate("chi2_from_counts", ins, {"statistic": "6.66", "p": "0.010"}, Options(rounding="half_up"))[0]
    assert trunc.verdict is Verdict.CONSISTENT and trunc.quantity.values["method"].id == "method.pearson"
    assert half.verdict is Verdict.CONSISTENT_IF_ROUNDING and half.comparison.rule == "truncate"


def test_alpha_and_the_p_equal_alpha_policy_reach_the_conclusion():
    # 5.000 +/- 1.000 (10) vs 4.000 +/- 1.000 (10): t = sqrt(5) = 2.236, p = 0.0382 (R), printed p 0.050
    ins = {k: Operand.of(v, exact=k.startswith("n")) for k, v in
           dict(m1="5.000", s1="1.000", n1="10", m2="4.000", s2="1.000", n2="10").items()}
    at_05 = evaluate("t_from_summaries", ins, {"statistic": "2.236", "p": "0.050"}, Options(alpha=0.05))
    at_01 = evaluate("t_from_summaries", ins, {"statistic": "2.236", "p": "0.050"}, Options(alpha=0.01))
    # recomputed p = 0.038: significant at 0.05, printed 0.050 is not (p = alpha is not significant by default)
    assert at_05[1].verdict is Verdict.INCONSISTENT_CONCLUSION
    assert at_01[1].verdict is Verdict.INCONSISTENT  # neither is significant at 0.01
    sig = evaluate("t_from_summaries", ins, {"statistic": "2.236", "p": "0.050"},
                   Options(alpha=0.05, p_equal_alpha="significant"))
    assert sig[1].verdict is Verdict.INCONSISTENT  # now both are significant


# ---------------------------------------------------------------- diagnosis in the ledger (functions: tests/stats)
def test_a_test_that_does_not_reproduce_carries_its_diagnosis():
    values, counts, check, _, _ = CASES["t_from_summaries"]
    study = synthetic_study({**values, "t": "0.707", "p": "0.488"}, [{"check_id": "c1", "kind": "t_from_summaries",
                                                                      **check}], counts)
    led = one(study)
    assert (led.df_low != "").all() and (led.n_per_group != "").all()
    assert "SDs read as standard errors" in led.note[0]
    f = build_findings(led)
    # printed p 0.488 is not significant, the recomputed 0.038 is: the conclusion changes
    assert f.category[0] == "inconsistent_test" and f.severity[0] == "changes_conclusion"


# ---------------------------------------------------------------- findings and severity
def test_findings_group_checks_and_order_by_severity():
    study = synthetic_study({"a": "376", "b": "504", "g1": "24.04", "g2": "34.05", "x": "~40"}, [
        {"check_id": "typo", "kind": "growth", "targets": f"target={ref('g1')}", "inputs": f"before={ref('a')};after={ref('b')}"},
        {"check_id": "slip", "kind": "growth", "targets": f"target={ref('g2')}", "inputs": f"before={ref('a')};after={ref('b')}"},
        {"check_id": "about", "kind": "growth", "targets": f"target={ref('x')}", "inputs": f"before={ref('a')};after={ref('b')}",
         "finding": "typo"},
    ], counts=("a", "b"))
    led = one(study)
    f = build_findings(led)
    # 34.04 printed 24.04 (material, 29% off) absorbs the "about 40" check by the finding column; 34.05 is minor
    assert list(f.finding) == ["synthetic:typo", "synthetic:slip"]
    assert list(f.severity) == ["material", "minor"] and list(f.category) == ["typographical_error", "calculation_error"]
    assert set(led.finding[led.verdict != "consistent"]) == set(f.finding)
    assert "34.04" in f.summary_en[0] and "34.04" in f.summary_zh[0]


def test_vocabularies_cover_what_the_outputs_use():
    assert {c.value for c in Category} >= {"calculation_error", "typographical_error", "labelling_error",
                                           "inconsistent_test", "approximate_claim", "unsupported_claim",
                                           "impossible_value", "internal_contradiction", "reporting_convention"}
    assert [s.value for s in sorted(Severity)] == ["note", "minor", "material", "changes_conclusion"]


# ---------------------------------------------------------------- bad specification rows
@pytest.mark.parametrize("check, message", [
    ({"kind": "growht", "targets": "target=t:g:value", "inputs": "before=t:a:value;after=t:b:value"}, "unknown check kind"),
    ({"kind": "growth", "targets": "target=t:g:value", "inputs": "before=t:a:value"}, "needs inputs"),
    ({"kind": "growth", "targets": "target=t:g:value", "inputs": "before=t:a:value;after=t:zz:value"}, "bad reference"),
    ({"kind": "share", "targets": "target=t:g:value", "inputs": "part=t:b:value;whole=t:a:value"},
     "data/raw/synthetic/t.csv, row 2 .*larger than its total"),
    ({"kind": "claim", "inputs": "a=t:a:value", "options": "predicate=a >"}, "needs section"),
    ({"kind": "claim", "inputs": "a=t:a:value", "options": "predicate=a > b", "section": "1", "claim_en": "x",
      "claim_zh": "x"}, "not inputs"),
    ({"kind": "growth", "targets": "target=t:g:value", "inputs": "before=t:a:value|t:b:value;after=t:b:value"},
     "alternatives"),
])
def test_bad_spec_rows_name_file_row_and_column(check, message):
    study = synthetic_study({"a": "376", "b": "504", "g": "34.04"}, [{"check_id": "c1", **check}], ("a", "b"))
    with pytest.raises(InputError, match=message) as exc:
        one(study)
    assert "row 1" in str(exc.value) or "data/raw" in str(exc.value)


@pytest.mark.parametrize("rule", RULES)
def test_the_rounding_rule_reaches_the_recomputed_tables(rule):
    """A study run with each rule: the ledger's rows carry it and the report's recomputed table rounds with it."""
    from analysis.results.study import recomputed_frame
    # 5719 / 4000 = 142.975 exactly: 142.98 under half-up and half-even, 142.97 under truncation
    study = synthetic_study({"x": "5719", "y": "4000", "r": "142.97"},
                            [{"check_id": "c1", "kind": "ratio", "targets": f"target={ref('r')}",
                              "inputs": f"numerator={ref('x')};denominator={ref('y')}"}], ("x", "y"))
    led = one(study, Options(rounding=rule))
    shown = recomputed_frame(study.resources["t"], led, rule).set_index("key").loc["r", "value"]
    down = rule in ("truncate", "half_down", "down")  # 142.975 -> 142.97; every other rule gives 142.98
    assert shown == ("142.97" if down else "142.98")
    # up_or_down: either half-up or half-down reproduces (scrutiny's default), so 142.97 is consistent under it
    assert led.verdict[0] == ("consistent" if down or rule == "up_or_down" else "consistent_if_rounding")
