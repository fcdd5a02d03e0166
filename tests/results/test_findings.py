"""The five studies through the check engine and the ledger: known findings, verified by hand in each test."""
import pandas as pd
import pytest

from analysis.checks.engine import Options
from analysis.data import datapackage
from analysis.results import ledger as ledger_mod


def run(study, **kw):
    return ledger_mod.build_ledger(study, Options(**kw))


@pytest.fixture(scope="module")
def study():
    return datapackage.load_study("zigong_hf_alliance")


@pytest.fixture(scope="module")
def ledger(study):
    return run(study)


def row(ledger, check_id, quantity_prefix=""):
    spec = ledger.check_id.str.split(":").str[1].str.split(".").str[0]
    r = ledger[(spec == check_id) & ledger.quantity.str.startswith(quantity_prefix)]
    assert len(r) == 1, (check_id, quantity_prefix, r)
    return r.iloc[0]


def test_every_non_consistent_row_belongs_to_exactly_one_finding():
    from analysis.core.config import current
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False)
    found = pd.read_csv(current().findings, dtype=str, keep_default_na=False)
    flagged = led[led.verdict != "consistent"]
    assert (flagged.finding != "").all() and (led[led.verdict == "consistent"].finding == "").all()
    listed = [c for checks in found.checks for c in checks.split(";")]
    assert sorted(listed) == sorted(flagged.check_id)  # each flagged row in exactly one finding
    assert set(flagged.finding) == set(found.finding)
    assert found.finding.is_unique and led.check_id.is_unique


def test_committed_findings_are_up_to_date():
    from analysis.build.runs import study_parameters
    from analysis.core.config import current
    from analysis.report.study import open_study
    committed = pd.read_csv(current().findings, dtype=str, keep_default_na=False)
    fresh = pd.concat([open_study(**study_parameters(s)).findings for s in datapackage.study_ids()],
                      ignore_index=True).astype(str)
    pd.testing.assert_frame_equal(committed, fresh, check_dtype=False)


def test_zigong_findings_as_a_methodologist_would_state_them():
    """The twelve-odd flags of the Zigong ledger are seven problems, each with its category."""
    from analysis.core.config import current
    f = pd.read_csv(current().findings, dtype=str, keep_default_na=False).set_index("finding")
    z = "zigong_hf_alliance:"
    assert f.loc[z + "t1_tests", "severity"] == "changes_conclusion"
    assert f.loc[z + "t5_tests", "category"] == "inconsistent_test"
    assert f.loc[z + "t2_inpatient_county_growth", "category"] == "typographical_error"  # 24.64 for 34.64
    assert f.loc[z + "t2_inpatient_city_growth", "severity"] == "minor"  # 27.01 for 27.03
    assert f.loc[z + "upward_share_change_label", "category"] == "labelling_error"  # 11.85 points called a % fall
    # Table 5's t statistics follow from the printed means and SDs with 17 to 27 per group, not 312 and 437
    assert "per group" in f.loc[z + "t5_tests", "summary_en"] and "312 and 437" in f.loc[z + "t5_tests", "summary_en"]
