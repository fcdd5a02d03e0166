"""``python -m analysis``: one subcommand per command, and the exit status of each way a command stops."""
import pytest

from analysis import cli
from analysis.core.errors import InputError, StepFailed

COMMANDS = ["build", "validate", "tables", "notebook", "index", "screenshots", "pdf", "manifest", "audit",
            "explain", "review-packet", "new-study", "extract", "check-paper", "check-corpus", "bench-corpus",
            "bench", "bench-audit"]


def test_every_documented_command_is_a_subcommand():
    sub = next(a for a in cli.parser()._actions if a.dest == "command")
    assert list(sub.choices) == COMMANDS
    for name in COMMANDS:  # the module docstring's table names each
        assert f"\n{name} " in cli.__doc__, name


def test_an_unknown_command_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["compile"])
    assert info.value.code == 2 and "invalid choice" in capsys.readouterr().err


@pytest.mark.parametrize("error,status,message", [
    (InputError("bad value", file="data/raw/x.csv", row=2, column="n"), 2,
     "error: data/raw/x.csv, row 2 (line 3), column 'n': bad value"),
    (StepFailed("step outputs failed"), 1, "error: step outputs failed"),
    (PermissionError(13, "Permission denied", "/nowhere/tables/x.csv"), 2, "error: x.csv: Permission denied"),
    (KeyboardInterrupt(), 130, "interrupted: the command did not complete"),
    (__import__("analysis.build.stop", fromlist=["Interrupted"]).Interrupted(2), 130,
     "interrupted (SIGINT): nothing was committed; the outputs of the last complete build are unchanged"),
])
def test_each_way_of_stopping_has_its_status_and_one_line(monkeypatch, capsys, error, status, message):
    def fail(args):
        raise error
    monkeypatch.setattr(cli, "_run", fail)
    assert cli.main(["manifest"]) == status
    assert capsys.readouterr().err.strip() == message


def test_validate_named_studies(capsys):
    assert cli.main(["validate", "qingpu_medical_group"]) == 0
    assert "check specs of 1 study" in capsys.readouterr().out
    assert cli.main(["validate", "atlantis"]) == 2 and "atlantis" in capsys.readouterr().err


@pytest.mark.parametrize("given,expected", [(None, "1"), ("3", "3")])
def test_the_audit_starts_numpy_with_one_blas_thread_unless_the_user_chose(tmp_path, given, expected):
    # issue 21: the audit does no linear algebra; an idle BLAS pool cost it about 0.2 s of CPU (make bench-audit).
    # The command itself runs, in a fresh process: the variables must be set before NumPy is imported
    import os
    import subprocess
    import sys

    from analysis.core.config import current
    env = {k: v for k, v in os.environ.items() if k not in cli.BLAS_THREADS}
    if given:
        env["OPENBLAS_NUM_THREADS"] = given
    code = ("import os, sys; from analysis import cli; real = cli.one_blas_thread\n"
            "def spy():\n    print('numpy' in sys.modules); real()\n"
            "cli.one_blas_thread = spy\n"
            f"cli.main(['audit', {str(current().root / 'examples' / 'audit_example.csv')!r}, '-o', "
            f"{str(tmp_path / 'out.csv')!r}, '-q'])\n"
            "print(os.environ['OPENBLAS_NUM_THREADS'], os.environ['OMP_NUM_THREADS'], 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split()[:1] == ["False"] and out.split()[-3:] == [expected, "1", "True"]
