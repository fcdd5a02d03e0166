"""What a count counts: a share's units, and a growth of raw counts against its population (issue 17, item 7).
Expected values by hand or from R, beside each."""
import pytest

from analysis.checks.engine import Operand, Options, evaluate
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import render


def _units(part_unit, whole_unit, part="455", whole="10917"):
    o, = evaluate("units", {"part": Operand.of(part, exact=True), "whole": Operand.of(whole, exact=True)}, {},
                  Options(), {"part_unit": part_unit, "whole_unit": whole_unit})
    return o


def test_persons_over_person_times_is_mixed_and_says_which_way_the_share_would_move():
    o = _units("persons", "person_times")
    assert (o.verdict, o.category, o.recomputed_text) == (Verdict.INCONSISTENT, Category.MIXED_UNITS, "false")
    assert "higher than printed" in render(o.notes[0], "en")
    o = _units("person_times", "persons", "58592", "20948")  # visits over people: a ratio, not a share
    assert o.verdict is Verdict.INCONSISTENT and "counted once" in render(o.notes[0], "en")


def test_like_over_like_holds():
    o = _units("persons", "persons", "1717", "5719")
    assert o.verdict is Verdict.CONSISTENT and o.category is None


def test_an_unknown_unit_is_bad_input():
    with pytest.raises(ValueError, match="part_unit must be one of persons, person_times"):
        _units("people", "persons")


def _per_capita(x1, n1, x2, n2):
    ins = {k: Operand.of(v, exact=True) for k, v in dict(x1=x1, n1=n1, x2=x2, n2=n2).items()}
    o, = evaluate("per_capita", ins, {}, Options())
    return o


def test_zigong_remote_consultations_do_not_grow_per_patient():
    """27 -> 45 consultations (+66.7%) for 312 -> 437 patients (+40.1%): per patient (45/437)/(27/312) = 1.18993,
    exact 95% CI 0.7225 to 1.9944, p = 0.5504 (R: poisson.test(c(45, 27), c(437, 312)))."""
    o = _per_capita("27", "312", "45", "437")
    assert (o.verdict, o.category) == (Verdict.INCONSISTENT, Category.RAW_COUNT_GROWTH)
    assert float(o.recomputed) == pytest.approx(100 * (1.18993135011442 - 1), rel=1e-9)
    text = render(o.notes[0], "en")
    assert "rate ratio 1.19 (95% CI 0.72 to 1.99, exact p = 0.55)" in text
    assert "3.5 times the growth per person" in text  # 66.67 / 18.99 = 3.51


def test_a_growth_that_holds_per_person():
    """20 -> 60 events for 100 -> 100 persons: rate ratio 3, exact CI 1.78 to 5.25 (R: poisson.test(c(60, 20),
    c(100, 100))$conf.int), above 1: the growth holds per person."""
    o = _per_capita("20", "100", "60", "100")
    assert o.verdict is Verdict.CONSISTENT and o.category is None


def test_a_fall_is_judged_in_its_own_direction():
    """60 -> 20 events for 100 -> 100 persons: rate ratio 1/3, CI below 1: the fall holds per person."""
    assert _per_capita("60", "100", "20", "100").verdict is Verdict.CONSISTENT
