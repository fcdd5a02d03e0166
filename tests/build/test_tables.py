"""The build's table writers: the ledger, the findings and each study's tables, byte for byte the committed ones."""
from dataclasses import replace

import pytest

from analysis.build import tables
from analysis.core.config import current, use
from analysis.data.datapackage import study_ids


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    with use(replace(current(), tables=out)):
        tables.write_study_tables()
    return out


def test_the_ledger_and_the_findings_equal_the_committed_ones(written):
    for name in ("consistency_ledger.csv", "findings.csv"):
        assert (written / name).read_bytes() == (current().tables / name).read_bytes(), name


@pytest.mark.parametrize("sid", study_ids())
def test_each_study_table_equals_the_committed_one(written, sid):
    files = sorted(p.name for p in (written / sid).iterdir())
    assert files == sorted(p.name for p in (current().tables / sid).iterdir())
    assert {"reanalysis.csv", "derived.csv"} <= set(files)
    for name in files:
        assert (written / sid / name).read_bytes() == (current().tables / sid / name).read_bytes(), (sid, name)


def test_the_output_folders_licences_are_outputs_of_the_build(tmp_path):
    # issue 19: after deleting reports/, tables/ and figures/, `make all` did not restore their LICENSE.md
    from analysis.build.tables import write_licences
    from analysis.core.config import current, use
    with use(current().with_outputs(tmp_path)):
        write_licences()
    for name in ("reports", "tables", "figures"):
        written = (tmp_path / name / "LICENSE.md").read_text(encoding="utf-8")
        assert written == (current().root / name / "LICENSE.md").read_text(encoding="utf-8")  # the committed one
        assert f"The generated outputs in `{name}/`" in written and "CC BY 4.0" in written
