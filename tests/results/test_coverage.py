"""Counting, one definition everywhere: anchors, one row per printed number, and the study counts."""
import pandas as pd
import pytest

from analysis.core.vocab import Verdict
from analysis.data import datapackage
from analysis.results import coverage
from analysis.results.ledger import build_ledger


def test_anchors_are_unique_and_keep_the_check_id():
    led = pd.DataFrame({"study": ["s", "s", "s", "t"], "check_id": ["a", "a", "t:b", "a"]})
    assert coverage.anchors(led).tolist() == ["s:a", "s:a.2", "t:b", "t:a"]


def test_numbers_take_the_worst_verdict_and_leave_claims_out():
    led = pd.DataFrame({"study": ["s"] * 4, "check_id": ["a.statistic", "a.p", "b", "claim"],
                        "ref": ["t:1:x", "t:1:x", "t:2:x", "text:claim"],
                        "verdict": ["consistent", "inconsistent_conclusion", "consistent_if_rounding", "inconsistent"]})
    n = coverage.numbers(led)
    assert n[["ref", "verdict", "anchor"]].values.tolist() == [["t:1:x", "inconsistent_conclusion", "s:a.statistic"],
                                                               ["t:2:x", "consistent_if_rounding", "s:b"]]
    assert coverage.numbers(led.iloc[0:0]).empty


@pytest.mark.parametrize("sid", datapackage.study_ids())
def test_study_counts_add_up(sid):
    study = datapackage.load_study(sid)
    led = build_ledger(study)
    c = coverage.study_counts(study, led)
    assert c["printed"] == c["checkable"] + c["inputs_only"] + c["standalone"]
    assert c["checks"] == len(led)
    assert sum(c[v.value] for v in Verdict) == len(coverage.numbers(led)) == c["checkable"]
