"""A study opened for reporting: parameters validated, its ledger and tables computed once, printed shapes kept."""
import pytest

from analysis.build.runs import study_parameters
from analysis.core.errors import InputError
from analysis.results.study import open_study, recomputed_frame
from tests.results.results import results_ledger as ref


@pytest.fixture(scope="module")
def zigong():
    return open_study(**study_parameters("zigong_hf_alliance"))


def test_recomputed_tables_keep_the_printed_shape(zigong):
    tables = zigong.recomputed()
    assert set(tables) == set(zigong.study.resources)
    for name, res in zigong.study.resources.items():
        assert list(tables[name].columns) == list(res.frame.columns) and len(tables[name]) == len(res.frame)


def test_a_derivable_cell_shows_its_recomputation_and_the_rest_their_print(zigong):
    res = zigong.study.resources["t2_operational_capacity"]
    shown = recomputed_frame(res, zigong.ledger).set_index("key")
    printed = res.frame.set_index("key")
    # 100 * 461 / 1331 = 34.6356 (tests/results/results/results_ledger.py), to the printed 24.64's two decimals
    assert printed.loc["inpatient_county", "change_pct"] == ref.COUNTY_INPATIENT_GROWTH["printed"]
    assert shown.loc["inpatient_county", "change_pct"] == f"{ref.COUNTY_INPATIENT_GROWTH['recomputed']:.2f}"
    assert shown.loc["inpatient_county", "before"] == printed.loc["inpatient_county", "before"]  # an input


def test_the_context_carries_ledger_findings_and_effects(zigong):
    assert zigong.lang == zigong.params["lang"] and zigong.study.id == "zigong_hf_alliance"
    assert len(zigong.ledger) and len(zigong.findings) and len(zigong.effects)
    assert set(zigong.findings["finding"]) == set(zigong.ledger["finding"]) - {""}


@pytest.mark.parametrize("change,message", [({"study": "no_such_study"}, "no_such_study"),
                                            ({"alpha": "high"}, "alpha")])
def test_bad_parameters_stop_with_an_input_error(change, message):
    with pytest.raises(InputError, match=message):
        open_study(**{**study_parameters("zigong_hf_alliance"), **change})
