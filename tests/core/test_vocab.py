"""The vocabularies: verdicts ordered by seriousness with a symbol each, severities ordered; their words are the
catalogue's (tests/text/test_labels.py)."""
import pytest

from analysis.core.vocab import Category, Criterion, Severity, Verdict


def test_worst_verdict_is_the_most_serious():
    assert Verdict.worst(["consistent", "inconsistent_conclusion", "inconsistent"]) is Verdict.INCONSISTENT_CONCLUSION
    assert Verdict.worst(["consistent_if_rounding", "consistent"]) is Verdict.CONSISTENT_IF_ROUNDING
    assert Verdict.worst([]) is Verdict.CONSISTENT
    assert Verdict.worst(["invalid", "inconsistent_conclusion"]) is Verdict.INVALID


def test_symbols_are_distinct_and_carry_the_verdict_without_colour():
    assert [v.symbol for v in Verdict] == ["✓", "≈", "○", "✗", "✗!", "?"]
    assert [v for v in Verdict if v.is_consistent] == [Verdict.CONSISTENT, Verdict.CONSISTENT_IF_ROUNDING]
    assert [v for v in Verdict if v.is_inconsistent] == [Verdict.INCONSISTENT, Verdict.INCONSISTENT_CONCLUSION]


def test_undecidable_is_an_outcome_never_a_problem():
    """Issue 17, item 3: neither consistent nor inconsistent, and never flagged (no finding belongs to it)."""
    u = Verdict.UNDECIDABLE
    assert not u.is_consistent and not u.is_inconsistent and not u.is_flagged
    assert [v for v in Verdict if v.is_flagged] == [Verdict.CONSISTENT_IF_ROUNDING, Verdict.INCONSISTENT,
                                                   Verdict.INCONSISTENT_CONCLUSION]
    assert Verdict.worst(["consistent", "undecidable"]) is u  # a claim's outcome is shown as undecidable
    assert Verdict.worst(["undecidable", "inconsistent"]) is Verdict.INCONSISTENT


@pytest.mark.parametrize("enum", [Verdict, Category, Severity, Criterion])
def test_every_value_is_its_csv_value(enum):
    for v in enum:
        assert str(v) == v.value and enum(v.value) is v


def test_severities_are_ordered_by_seriousness_not_alphabetically():
    assert sorted([Severity.MATERIAL, Severity.NOTE, Severity.CHANGES_CONCLUSION, Severity.MINOR]) == list(Severity)
    assert Severity.MINOR < Severity.MATERIAL and Severity.CHANGES_CONCLUSION >= Severity.MATERIAL
