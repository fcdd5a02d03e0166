"""Adding a study, as the README's walk-through says, in a temporary copy of the inputs.

The commands run in this process (``runs.main``, as ``python -m analysis`` runs them) on the copy that
the ``tree`` fixture points :mod:`analysis.core.paths` at; ``make all`` itself is exercised end to end by
``tests/system/test_bad_input.py`` and CI.
"""
import csv
import io
import json

from analysis import cli


def run_cli(capsys, *args: str):
    """``python -m analysis ARGS`` in this process: (exit status, stdout, stderr)."""
    status = cli.main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


VALUES = """key,section,indicator,unit,value_type,value
visits_2021,Table 1,outpatient visits in 2021,visits,count,"1,250"
visits_2023,Table 1,outpatient visits in 2023,visits,count,"1,530"
visits_growth,Table 1,growth of outpatient visits,%,measure,22.40
enrolled,Table 1,patients enrolled,people,count,58
controlled_pct,Table 1,share with blood pressure controlled,%,measure,41.0
"""


CHECKS = [  # a note comes with its Chinese (note_zh, the next column)
    "visits_growth,growth,target=values:visits_growth:value,"
    "before=values:visits_2021:value;after=values:visits_2023:value,,100 * 280 / 1250 = 22.40,100 × 280 / 1250 = 22.40（增长率）",
    "controlled_grim,grim,target=values:controlled_pct:value,n=values:enrolled:value,,"
    "23/58 = 39.66 and 24/58 = 41.38: 41.0 is impossible,23/58 = 39.66，24/58 = 41.38：41.0 不可能",
]


def _fill_in(repo, study):
    (repo / "data" / "raw" / study / "values.csv").write_text(VALUES, encoding="utf-8")
    spec = repo / "data" / "checks" / f"{study}.csv"
    header = spec.read_text(encoding="utf-8").splitlines()[0]
    width = len(header.split(","))
    rows = [r + "," * (width - len(next(csv.reader([r])))) for r in CHECKS]  # any extra columns left empty
    spec.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")  # the # examples replaced


def test_walk_through_adds_a_study_end_to_end(tree, capsys):
    status, out, err = run_cli(capsys, "new-study", "demo_clinic")
    assert status == 0, err
    assert "now fill in" in out and "make manifest" in out
    desc = json.loads((tree / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert "demo_clinic" in [s["id"] for s in desc["studies"]]
    names = [res["name"] for res in desc["resources"]]
    assert "demo_clinic/values" in names and "checks/demo_clinic" in names
    assert (tree / "params" / "demo_clinic.yaml").read_text().strip().endswith("study: demo_clinic")
    spec = (tree / "data" / "checks" / "demo_clinic.csv").read_text(encoding="utf-8")
    assert spec.count("\n# ") >= 10  # one commented example per kind

    _fill_in(tree, "demo_clinic")
    assert run_cli(capsys, "manifest")[0] == 0
    status, out, err = run_cli(capsys, "validate")
    assert status == 0, err
    assert "6 studies" in out

    status, out, err = run_cli(capsys, "tables")  # outside `make all`: under build/tables/, never tables/
    assert status == 0, err
    assert not (tree / "tables" / "consistency_ledger.csv").exists()
    ledger = list(csv.DictReader(io.StringIO((tree / "build" / "tables" / "tables" / "consistency_ledger.csv").read_text())))
    ours = {row["check_id"]: row["verdict"] for row in ledger if row["study"] == "demo_clinic"}
    assert ours == {"demo_clinic:visits_growth": "consistent", "demo_clinic:controlled_grim": "inconsistent"}


def test_an_undeclared_checks_file_fails_validation(tree, capsys):
    (tree / "data" / "checks" / "forgotten.csv").write_text("check_id,kind,targets,inputs,note\n")
    status, _, err = run_cli(capsys, "validate")
    assert status == 2
    assert "data/checks/forgotten.csv" in err and "not declared" in err


def test_an_undeclared_data_file_fails_validation(tree, capsys):
    (tree / "data" / "raw" / "zigong_hf_alliance" / "t9_extra.csv").write_text("key,value\na,1\n")
    status, _, err = run_cli(capsys, "validate")
    assert status == 2
    assert "data/raw/zigong_hf_alliance/t9_extra.csv" in err and "not declared" in err


def test_a_declared_file_that_is_missing_fails_validation(tree, capsys):
    (tree / "data" / "checks" / "qingpu_medical_group.csv").unlink()
    status, _, err = run_cli(capsys, "validate")
    assert status == 2
    assert "data/checks/qingpu_medical_group.csv" in err and "missing" in err


def test_a_resource_of_an_undeclared_study_fails_validation(tree, capsys):
    path = tree / "data" / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["studies"] = [s for s in desc["studies"] if s["id"] != "five_city_chronic_care"]
    path.write_text(json.dumps(desc, ensure_ascii=False, indent=1), encoding="utf-8")
    status, _, err = run_cli(capsys, "validate")
    assert status == 2 and "five_city_chronic_care" in err


def test_new_study_refuses_bad_or_existing_ids_and_writes_nothing(tree, capsys):
    before = (tree / "data" / "datapackage.json").read_bytes()
    for bad in ("zigong_hf_alliance", "Bad-Id", "x"):
        status, _, err = run_cli(capsys, "new-study", bad)
        assert status == 2 and err.startswith("error:"), bad
    (tree / "params" / "taken_id.yaml").write_text("study: taken_id\n")
    status, _, err = run_cli(capsys, "new-study", "taken_id")
    assert status == 2 and "params/taken_id.yaml" in err
    assert (tree / "data" / "datapackage.json").read_bytes() == before
    assert not (tree / "data" / "raw" / "taken_id").exists()


def test_new_study_refuses_names_that_would_overwrite_another_page(tree, capsys):
    # issue 19: `make new-study ID=index` silently overwrote the landing page with the study's report
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    for bad, said in [("index", "'index' is reserved: reports/index.html is the landing page"),
                      ("zigong_hf_alliance_trails", "ends in '_trails', the name of a study's trails page"),
                      ("cross_city", "'cross_city' is reserved"),
                      ("abc\n", "a study id is 3 to 40 lower-case letters")]:
        status, _, err = run_cli(capsys, "new-study", bad)
        assert status == 2 and said in err and len(err.strip().splitlines()) == 1, (bad, err)
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before
