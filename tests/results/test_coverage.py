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
    assert c["checks"] == (led.ref != "").sum()  # checks of numbers; claims are counted apart
    assert sum(c[v.value] for v in Verdict) == len(coverage.numbers(led)) == c["checkable"]
    cl = coverage.claims(led)
    assert c["claims"] + c["restatements"] == len(cl) == len(set(zip(led[led.ref == ""].row, led[led.ref == ""].label)))
    assert c["claims_hold"] + c["claims_fail"] + c["claims_undecidable"] == c["claims"]


def test_restatements_are_counted_apart_and_undecidable_is_no_failure():
    """Issue 17, item 8: "rose from 78% to 95%" restates the clause's own numbers: a restatement, not an
    independent check; an undecidable claim is neither a hold nor a failure."""
    led = pd.DataFrame({"study": ["s"] * 5, "check_id": ["a", "b", "c", "d", "n"], "ref": ["", "", "", "", "t:1:x"],
                        "row": ["section 1", "section 2", "section 3", "case 3", "1"],
                        "label": ["x", "y", "z", "rose from 78% to 95%", "n"],
                        "verdict": ["consistent", "inconsistent", "undecidable", "consistent", "consistent"],
                        "restates": ["", "", "", "same_clause", ""]})
    c = coverage.claim_counts(led)
    assert c == {"claims": 3, "claims_hold": 1, "claims_fail": 1, "claims_undecidable": 1, "restatements": 1,
                 "restatements_fail": 0}


def test_the_overview_counts_its_restatements_apart():
    """The overview's "31 of 31 consistent" said nothing about where its numbers come from: most of its claims
    restate the numbers of their own clause."""
    study = datapackage.load_study("consortium_overview")
    c = coverage.study_counts(study, build_ledger(study))
    assert c["restatements"] >= 20 and c["claims"] < c["restatements"]
