"""Running the audit on a file: outputs written whole or not at all, verdict counts, the command's options."""
import pytest

from analysis.audit.run import command, run
from analysis.audit.table import OUTPUT_COLUMNS, AuditOptions
from analysis.core.config import current
from analysis.core.errors import InputError

EXAMPLE = current().root / "examples" / "audit_example.csv"


def test_reauditing_an_output_replaces_its_output_columns(tmp_path):
    once, twice = tmp_path / "once.csv", tmp_path / "twice.csv"
    run(str(EXAMPLE), str(once), AuditOptions())
    run(str(once), str(twice), AuditOptions())
    assert once.read_text() == twice.read_text()


def test_bad_rows_do_not_stop_the_rest(tmp_path):
    src = tmp_path / "mixed.csv"
    src.write_text("kind,statistic,value,df2,p\np_from_statistic,t,2.20,28,.06\nbogus,,,,\n"
                   "p_from_statistic,t,x,28,.06\np_from_statistic,t,2.20,28,.036\n", encoding="utf-8")
    counts = run(str(src), str(tmp_path / "out.csv"), AuditOptions())
    assert counts == {"inconsistent_conclusion": 1, "invalid": 2, "consistent": 1}
    header = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == ["kind", "statistic", "value", "df2", "p", *OUTPUT_COLUMNS]


def test_the_page_is_written_only_when_asked_for(tmp_path):
    run(str(EXAMPLE), str(tmp_path / "out.csv"), AuditOptions())
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    run(str(EXAMPLE), str(tmp_path / "out2.csv"), AuditOptions(), str(tmp_path / "out.html"))
    assert (tmp_path / "out.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_unknown_rounding_rule_writes_nothing(tmp_path):
    with pytest.raises(InputError, match="unknown rounding rule 'bankers'"):
        run(str(EXAMPLE), str(tmp_path / "out.csv"), AuditOptions(rounding="bankers"))
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("kwargs,message", [({"alpha": 1.0}, "--alpha must lie in"), ({"alpha": 0}, "--alpha"),
                                            ({"tolerance": 1.0}, "--tolerance must lie in"),
                                            ({"input_path": None}, "usage")])
def test_command_refuses_bad_options(tmp_path, kwargs, message):
    args = {"input_path": str(EXAMPLE), "output": str(tmp_path / "o.csv"), **kwargs}
    with pytest.raises(InputError, match=message):
        command(args.pop("input_path"), args.pop("output"), **args)
    assert not (tmp_path / "o.csv").exists()


def test_command_prints_one_line_of_counts(tmp_path, capsys):
    assert command(str(EXAMPLE), str(tmp_path / "o.csv")) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "audited 21 rows" in out[0] and "2 invalid" in out[0]


def test_command_lists_the_kinds(capsys):
    assert command(None, None, kinds=True) == 0
    text = capsys.readouterr().out
    assert "p_from_statistic" in text and "grimmer" in text
