"""Severity by consequence: the written criteria, each applied by hand to a small finding (issue 17, item 2)."""
import pandas as pd
import pytest

from analysis.core.vocab import Category, Criterion, Severity
from analysis.data.conclusions import Consequence
from analysis.results.severity import by_kind, grade, relative_discrepancy, tolerance_dependent
from analysis.text.catalogue import Text, render


def _rows(verdicts, reported="1.06", tol=("", "", "", "")):
    n = len(verdicts)
    return pd.DataFrame({"verdict": verdicts, "reported": [reported] * n, "recomputed": ["1"] * n, "low": [""] * n,
                         "high": [""] * n, "verdict_tol05": [tol[0]] * n, "verdict_tol10": [tol[1]] * n,
                         "verdict_tol15": [tol[2]] * n, "verdict_tol20": [tol[3]] * n})


def _c(consequence, reason="because"):
    return Consequence("s", "f", consequence, "3.1", Text(reason, "因为"))


def test_relative_discrepancy_by_hand():
    # printed 24.64, recomputed 34.6356: |24.64 - 34.6356| / 34.6356 = 9.9956 / 34.6356 = 0.288593...
    assert relative_discrepancy({"reported": "24.64", "recomputed": "34.6356", "low": "34.6356",
                                 "high": "34.6356"}) == pytest.approx(9.9956 / 34.6356, rel=1e-12)
    # inside the range the rounded inputs allow: no distance at all
    assert relative_discrepancy({"reported": "3.14", "recomputed": "3.16", "low": "3.13", "high": "3.19"}) == 0.0
    # below the range: the distance to its nearer end, 3.13 - 3.0 = 0.13, relative to 3.16
    assert relative_discrepancy({"reported": "3.0", "recomputed": "3.16", "low": "3.13", "high": "3.19"}) == \
        pytest.approx(0.13 / 3.16, rel=1e-12)
    assert relative_discrepancy({"reported": "n/a", "recomputed": "3.16"}) is None


@pytest.mark.parametrize("verdicts,category,gap,expected", [
    (["inconsistent", "inconsistent_conclusion"], "calculation_error", "0.01", "changes_conclusion"),
    (["consistent_if_rounding"], "reporting_convention", "9", "note"),
    (["inconsistent"], "inconsistent_test", "0.01", "material"),       # always material, whatever the gap
    (["inconsistent"], "calculation_error", "1.06", "material"),        # 6% off: above the 5% threshold
    (["inconsistent"], "calculation_error", "1.04", "minor"),           # 4% off
])
def test_an_unassessed_finding_is_graded_by_its_kind(verdicts, category, gap, expected):
    assert by_kind(_rows(verdicts, gap), Category(category)).value == expected
    g = grade(_rows(verdicts, gap), Category(category), None)
    if category != "reporting_convention":
        assert (g.severity.value, g.criterion) == (expected, Criterion.UNASSESSED)
        assert "no conclusion is recorded" in render(g.reason, "en")


@pytest.mark.parametrize("consequence,severity,criterion", [
    ("fails", Severity.CHANGES_CONCLUSION, Criterion.CONCLUSION_FAILS),
    ("rests", Severity.MATERIAL, Criterion.CONCLUSION_RESTS),
    ("none", Severity.MINOR, Criterion.ISOLATED),
    ("undecidable", Severity.NOTE, Criterion.UNDECIDABLE),
])
def test_the_register_gives_the_criterion_and_its_reason(consequence, severity, criterion):
    g = grade(_rows(["inconsistent"]), Category.INCONSISTENT_TEST, _c(consequence))
    assert (g.severity, g.criterion) == (severity, criterion) and criterion.severity is severity
    assert render(g.reason, "en").endswith(" because") and render(g.reason, "zh").endswith("因为")


def test_a_reporting_convention_is_a_note_whatever_the_register_says():
    g = grade(_rows(["consistent_if_rounding"]), Category.REPORTING_CONVENTION, _c("rests"))
    assert (g.severity, g.criterion) == (Severity.NOTE, Criterion.CONVENTION)


def test_a_verdict_that_turns_on_the_tolerance_is_at_most_minor():
    """47.06 against "about 40": outside 5%, 10% and 15% (40 +/- 6 = 34 to 46), inside 20% (32 to 48)."""
    tol = ("inconsistent", "inconsistent", "inconsistent", "consistent")
    rows = _rows(["inconsistent"], "~40", tol)
    assert tolerance_dependent(rows) == ((0.20,), (0.05, 0.10, 0.15))
    for consequence in ("fails", "rests", "none"):
        g = grade(rows, Category.APPROXIMATE_CLAIM, _c(consequence))
        assert (g.severity, g.criterion) == (Severity.MINOR, Criterion.TOLERANCE)
    assert "holds at 20%, not at 5%, 10%, 15%" in render(g.reason, "en")
    assert tolerance_dependent(_rows(["inconsistent"], "~40", ("inconsistent",) * 4)) is None  # no tolerance saves it


def test_every_criterion_has_its_message_and_severity():
    from analysis.text.catalogue import catalogue
    for c in Criterion:
        assert f"criterion.{c.value}" in catalogue()
        assert (c.severity is None) == (c is Criterion.UNASSESSED)
