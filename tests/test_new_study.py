"""Adding a study, as the README's walk-through says, in a temporary copy of the repository."""
import csv
import io
import json

from conftest import analysis_cli

VALUES = """key,section,indicator,unit,value_type,value
visits_2021,Table 1,outpatient visits in 2021,visits,count,"1,250"
visits_2023,Table 1,outpatient visits in 2023,visits,count,"1,530"
visits_growth,Table 1,growth of outpatient visits,%,measure,22.40
enrolled,Table 1,patients enrolled,people,count,58
controlled_pct,Table 1,share with blood pressure controlled,%,measure,41.0
"""

CHECKS = [
    "visits_growth,growth,target=values:visits_growth:value,"
    "before=values:visits_2021:value;after=values:visits_2023:value,,100 * 280 / 1250 = 22.40",
    "controlled_grim,grim,target=values:controlled_pct:value,n=values:enrolled:value,,23/58 = 39.66 and 24/58 = 41.38: 41.0 is impossible",
]


def _fill_in(repo, study):
    (repo / "data" / "raw" / study / "values.csv").write_text(VALUES, encoding="utf-8")
    spec = repo / "data" / "checks" / f"{study}.csv"
    header = spec.read_text(encoding="utf-8").splitlines()[0]
    width = len(header.split(","))
    rows = [r + "," * (width - len(next(csv.reader([r])))) for r in CHECKS]  # any extra columns left empty
    spec.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")  # the # examples replaced


def test_walk_through_adds_a_study_end_to_end(repo_copy):
    r = analysis_cli(repo_copy, "new-study", "demo_clinic")
    assert r.returncode == 0, r.stderr
    assert "now fill in" in r.stdout and "make manifest" in r.stdout
    desc = json.loads((repo_copy / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert "demo_clinic" in [s["id"] for s in desc["studies"]]
    names = [res["name"] for res in desc["resources"]]
    assert "demo_clinic/values" in names and "checks/demo_clinic" in names
    assert (repo_copy / "params" / "demo_clinic.yaml").read_text().strip().endswith("study: demo_clinic")
    spec = (repo_copy / "data" / "checks" / "demo_clinic.csv").read_text(encoding="utf-8")
    assert spec.count("\n# ") >= 10  # one commented example per kind

    _fill_in(repo_copy, "demo_clinic")
    assert analysis_cli(repo_copy, "manifest").returncode == 0
    r = analysis_cli(repo_copy, "validate")
    assert r.returncode == 0, r.stderr
    assert "6 studies" in r.stdout

    r = analysis_cli(repo_copy, "tables")
    assert r.returncode == 0, r.stderr
    ledger = list(csv.DictReader(io.StringIO((repo_copy / "tables" / "consistency_ledger.csv").read_text())))
    ours = {row["check_id"]: row["verdict"] for row in ledger if row["study"] == "demo_clinic"}
    assert ours == {"demo_clinic:visits_growth": "consistent", "demo_clinic:controlled_grim": "inconsistent"}


def test_an_undeclared_checks_file_fails_validation(repo_copy):
    (repo_copy / "data" / "checks" / "forgotten.csv").write_text("check_id,kind,targets,inputs,note\n")
    r = analysis_cli(repo_copy, "validate")
    assert r.returncode == 2
    assert "data/checks/forgotten.csv" in r.stderr and "not declared" in r.stderr


def test_an_undeclared_data_file_fails_validation(repo_copy):
    (repo_copy / "data" / "raw" / "zigong_hf_alliance" / "t9_extra.csv").write_text("key,value\na,1\n")
    r = analysis_cli(repo_copy, "validate")
    assert r.returncode == 2
    assert "data/raw/zigong_hf_alliance/t9_extra.csv" in r.stderr and "not declared" in r.stderr


def test_a_declared_file_that_is_missing_fails_validation(repo_copy):
    (repo_copy / "data" / "checks" / "qingpu_medical_group.csv").unlink()
    r = analysis_cli(repo_copy, "validate")
    assert r.returncode == 2
    assert "data/checks/qingpu_medical_group.csv" in r.stderr and "missing" in r.stderr


def test_a_resource_of_an_undeclared_study_fails_validation(repo_copy):
    path = repo_copy / "data" / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["studies"] = [s for s in desc["studies"] if s["id"] != "five_city_chronic_care"]
    path.write_text(json.dumps(desc, ensure_ascii=False, indent=1), encoding="utf-8")
    r = analysis_cli(repo_copy, "validate")
    assert r.returncode == 2 and "five_city_chronic_care" in r.stderr


def test_new_study_refuses_bad_or_existing_ids_and_writes_nothing(repo_copy):
    before = (repo_copy / "data" / "datapackage.json").read_bytes()
    for bad in ("zigong_hf_alliance", "Bad-Id", "x"):
        r = analysis_cli(repo_copy, "new-study", bad)
        assert r.returncode == 2 and r.stderr.startswith("error:"), bad
    (repo_copy / "params" / "taken_id.yaml").write_text("study: taken_id\n")
    r = analysis_cli(repo_copy, "new-study", "taken_id")
    assert r.returncode == 2 and "params/taken_id.yaml" in r.stderr
    assert (repo_copy / "data" / "datapackage.json").read_bytes() == before
    assert not (repo_copy / "data" / "raw" / "taken_id").exists()
