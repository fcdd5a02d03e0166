"""new-study --from-text: proposed rows are refused by validation; once confirmed, the study builds (in a copy of
the inputs, as tests/data/test_scaffold.py does)."""
import csv
import io
import json

from analysis import cli
from analysis.extract.paper import extract
from analysis.extract.propose import proposal
from analysis.extract.source import read_source
from tests.extract.conftest import FIXTURES


def run(capsys, *args):
    status = cli.main(list(args))
    out = capsys.readouterr()
    return status, out.out, out.err


def test_the_proposal_points_every_check_at_its_values():
    values, checks = proposal(extract(read_source(FIXTURES / "en_apa.txt")).rows)
    keys = {v["key"] for v in values}
    assert len(checks) == 12 and all(v["status"] == "proposed" for v in values + checks)
    for c in checks:
        for pair in filter(None, (c["targets"] + ";" + c["inputs"]).split(";")):
            assert all(ref.split(":")[1] in keys for ref in pair.split("=", 1)[1].split("+"))
    t = next(v for v in values if v["key"] == "l5_1_value")
    assert (t["value"], t["value_type"], t["section"]) == ("2.14", "measure", "Results, line 5")


def test_proposed_is_refused_confirmed_builds(tree, capsys):
    status, out, err = run(capsys, "new-study", "demo_text", "--from-text", str(FIXTURES / "zh_paper.txt"))
    assert status == 0, err
    assert "24 checks they imply, proposed" in out
    desc = json.loads((tree / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert [s["source"] for s in desc["studies"] if s["id"] == "demo_text"] == [str(FIXTURES / "zh_paper.txt")]
    assert run(capsys, "manifest")[0] == 0
    status, _, err = run(capsys, "validate")
    assert status == 2 and err.count("\n") == 1
    assert "data/raw/demo_text/values.csv, row 1 (line 2), column 'status'" in err and "not yet confirmed" in err
    for f in (tree / "data" / "raw" / "demo_text" / "values.csv", tree / "data" / "checks" / "demo_text.csv"):
        f.write_text(f.read_text(encoding="utf-8").replace(",proposed\n", ",confirmed\n"), encoding="utf-8")
    assert run(capsys, "manifest")[0] == 0
    status, _, err = run(capsys, "validate")
    assert status == 0, err
    status, _, err = run(capsys, "tables")
    assert status == 0, err
    ledger = list(csv.DictReader(io.StringIO(
        (tree / "build" / "tables" / "tables" / "consistency_ledger.csv").read_text(encoding="utf-8"))))
    ours = {r["check_id"]: r["verdict"] for r in ledger if r["study"] == "demo_text"}
    assert ours["demo_text:l31_3.p"] == "inconsistent_conclusion" and ours["demo_text:l39_2"] == "inconsistent"
    assert ours["demo_text:l23_2.statistic"] == "consistent"
