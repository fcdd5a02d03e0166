"""t_from_summaries and chi2_from_counts: tests recomputed from what R prints (``results/results_significance.py``).

Each kind judges three printed numbers: the statistic against its recomputation, the p against the p of the
recomputed statistic, and the p against the p the printed statistic implies (part ``p_implied``).
"""
import pytest

from analysis.text.catalogue import render

from analysis.checks.engine import Operand, Options, evaluate
from tests.checks.kinds.results import results_significance as ref


def t_test(statistic, p, opts=None, **summaries):
    values = {**ref.SLEEP_PRINTED, **summaries}
    ins = {k: Operand.of(v, exact=k.startswith("n")) for k, v in values.items()}
    return evaluate("t_from_summaries", ins, {"statistic": statistic, "p": p}, opts or Options())


def chi2(table, statistic, p, opts=None):
    ins = {k: Operand.of(v, exact=True) for k, v in zip("abcd", table)}
    return evaluate("chi2_from_counts", ins, {"statistic": statistic, "p": p}, opts or Options())


@pytest.mark.parametrize("printed", [ref.SLEEP_STUDENT_PRINTED, ref.SLEEP_WELCH_PRINTED], ids=["student", "welch"])
def test_r_t_test_output_reproduces_from_its_summaries(printed):
    outs = t_test(printed["statistic"], printed["p"], Options(t_test=printed["t_test"]))
    assert [o.part for o in outs] == ["statistic", "p", "p_implied"]
    assert [o.verdict.value for o in outs] == ["consistent"] * 3
    assert ("Welch" in render(outs[0].quantity, "en")) == (printed["t_test"] == "welch")


def test_a_wrong_p_is_caught_twice_and_a_wrong_t_once():
    outs = t_test(ref.SLEEP_STUDENT_PRINTED["statistic"], "0.792")  # p shifted one decimal
    assert [o.verdict.is_inconsistent for o in outs] == [False, True, True]
    outs = t_test("-2.8608", ref.SLEEP_STUDENT_PRINTED["p"])  # t with one digit changed
    assert [o.verdict.is_inconsistent for o in outs] == [True, False, True]
    assert all(o.category.value == "inconsistent_test" for o in outs if o.verdict.is_inconsistent)


def test_the_sign_of_t_may_follow_the_other_group_order():
    outs = t_test("1.861", "0.079")  # group 2 minus group 1
    assert [o.verdict.value for o in outs] == ["consistent"] * 3


def test_a_test_that_does_not_reproduce_carries_a_diagnosis():
    stat, p, implied = t_test("-1.861", "0.79")
    assert stat.verdict.value == "consistent" and p.diagnosis and implied.diagnosis
    assert all(not o.diagnosis for o in t_test(ref.SLEEP_STUDENT_PRINTED["statistic"], ref.SLEEP_STUDENT_PRINTED["p"]))


@pytest.mark.parametrize("printed,yates", [(ref.CHI2_YATES_PRINTED, True), (ref.CHI2_PEARSON_PRINTED, False)],
                         ids=["yates", "pearson"])
def test_r_chisq_test_output_reproduces_with_or_without_yates(printed, yates):
    outs = chi2(ref.CHI2_TABLE, printed["statistic"], printed["p"])
    assert [o.verdict.value for o in outs] == ["consistent"] * 3
    assert ("Yates" in render(outs[0].quantity, "en")) is yates


def test_zigong_sex_by_year_reproduces():
    c = ref.ZIGONG_SEX
    assert [o.verdict.value for o in chi2(c["table"], c["statistic"], c["p"])] == ["consistent"] * 3


def test_computed_p_is_the_p_of_each_part():
    stat, p, implied = chi2(ref.CHI2_TABLE, ref.CHI2_PEARSON_PRINTED["statistic"], ref.CHI2_PEARSON_PRINTED["p"])
    assert stat.extra["computed_p"] == p.extra["computed_p"] == pytest.approx(ref.CHI2_PEARSON_P, rel=1e-9)
    assert implied.extra["computed_p"] == pytest.approx(ref.CHI2_PEARSON_IMPLIED_P, rel=1e-9)
