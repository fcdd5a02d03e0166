"""Check specifications: every row of every study parsed against its kind; bad rows name file, row and column."""
import pandas as pd
import pytest

from analysis.checks.engine import KINDS
from analysis.core.errors import InputError
from analysis.data.datapackage import load_study, study_ids
from analysis.data.specs import SPEC_COLUMNS, load_specs, operand, parse_spec_row, validate_specs


@pytest.fixture(scope="module")
def zigong():
    return load_study("zigong_hf_alliance")


@pytest.mark.parametrize("sid", study_ids())
def test_every_committed_specification_parses(sid):
    specs = load_specs(load_study(sid))
    assert specs and len({s.check_id for s in specs}) == len(specs)
    assert all(s.kind.name in KINDS and s.study == sid for s in specs)
    assert [s.row for s in specs] == list(range(1, len(specs) + 1))
    assert all(s.file == f"data/checks/{sid}.csv" for s in specs)


def test_summed_references_are_one_exact_operand(zigong):
    spec = next(s for s in load_specs(zigong) if s.check_id == "t1_total_2022")
    op = operand(spec.inputs["parts"])
    assert op.texts == ("279", "194") and op.exact  # men + women of 2022, counts


def test_validate_specs_returns_the_studies():
    assert validate_specs() == study_ids()


def _row(**over):
    rec = {c: "" for c in SPEC_COLUMNS}
    rec.update(check_id="c1", kind="sum", targets="target=t1_characteristics:2022:sample_size",
               inputs="parts=t1_characteristics:2022:male+t1_characteristics:2022:female")
    rec.update(over)
    return rec


def test_a_good_row_parses(zigong):
    spec = parse_spec_row(zigong, _row(), file="f.csv", row=7)
    assert spec.targets["target"].text == "437" and spec.finding == "c1" and spec.row == 7


@pytest.mark.parametrize("over,column", [
    ({"check_id": "Bad-Id"}, "check_id"),
    ({"kind": "sums"}, "kind"),
    ({"options": "colour=red"}, "options"),
    ({"targets": "target=t1_characteristics:2022:nope"}, "targets"),
    ({"inputs": "parts=a|b"}, "inputs"),
    ({"inputs": "parts"}, "inputs"),
])
def test_a_bad_row_names_file_row_and_column(zigong, over, column):
    with pytest.raises(InputError) as info:
        parse_spec_row(zigong, _row(**over), file="data/checks/x.csv", row=4)
    assert (info.value.file, info.value.row, info.value.column) == ("data/checks/x.csv", 4, column)


def test_a_specification_without_its_columns_fails():
    st = load_study("zigong_hf_alliance")
    broken = type(st)(st.id, st.meta, st.resources, pd.DataFrame({"check_id": ["x"]}))
    with pytest.raises(InputError, match=r"missing column\(s\)"):
        load_specs(broken)
