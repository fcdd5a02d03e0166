"""The register of consequences (data/checks/conclusions.csv): read, validated, one row per finding."""
import pandas as pd
import pytest

from analysis.core.errors import InputError


def test_every_finding_of_the_five_studies_is_in_the_register_and_nothing_else_is():
    from analysis.core.config import current
    from analysis.data.conclusions import load_conclusions
    found = pd.read_csv(current().findings, dtype=str, keep_default_na=False)
    assert set(load_conclusions()) == set(found.finding)


def test_a_bad_consequence_names_file_row_and_column(tmp_path):
    from analysis.core.config import current, use
    from analysis.data.conclusions import load_conclusions
    root = tmp_path / "repo"
    (root / "data" / "checks").mkdir(parents=True)
    import shutil
    shutil.copy(current().datapackage, root / "data" / "datapackage.json")
    (root / "data" / "checks" / "conclusions.csv").write_text(
        "study,finding,consequence,section,reason_en,reason_zh\n"
        "zigong_hf_alliance,t1_tests,grave,Table 1,why,为何\n", encoding="utf-8")
    with use(current().with_root(root)):
        with pytest.raises(InputError, match=r"conclusions.csv, row 1 .*column 'consequence'.*grave"):
            load_conclusions()
