"""Fault injection: the build never leaves stale, partial or hidden output, and deletes nothing complete.

The transaction (:mod:`analysis.build.transaction`) is exercised on a small fake project with
fast fake steps: step ``a`` writes two files from ``inputs/x.txt`` (like the
tables step, which writes the ledger and the cross-city tables), step ``b``
one file from ``inputs/y.txt``. Kills and failures are injected at each step
boundary through the transaction's checkpoints (``tests/build/fake_project.py ROOT <point>:<kill|int|term|fail>``).
"""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.build.transaction import Step
from analysis.core.config import current
from analysis.core.errors import InputError, StepFailed
from tests.build.fake_project import _step_a, fake_engine

TESTS = Path(__file__).resolve().parent


def run_fake(root: Path, fault: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TESTS / "fake_project.py"), str(root), *([fault] if fault else [])],
                          capture_output=True, text=True, timeout=60)


def staging(part: str) -> bool:
    """A hidden staging folder beside an output folder (``.out.stage``)."""
    return part.startswith(".") and part.endswith(".stage")


def snapshot(root: Path) -> dict[str, str]:
    """Every file outside build/ and the staging folders (relative path -> content)."""
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*"))
            if p.is_file() and p.relative_to(root).parts[0] != "build" and not staging(p.relative_to(root).parts[0])}


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    root = tmp_path / "proj"
    (root / "inputs").mkdir(parents=True)
    (root / "inputs" / "x.txt").write_text("x1")
    (root / "inputs" / "y.txt").write_text("y1")
    assert fake_engine(root).run() is True
    return root


def built(root: Path, x: str, y: str) -> dict[str, str]:
    return {"inputs/x.txt": x, "inputs/y.txt": y, "out/a_ledger.csv": f"ledger of {x}",
            "out/sub/a_cross.csv": f"cross of {x}", "figs/b.png": f"figure of {y}"}


def no_leftovers(root: Path) -> None:
    hidden = [p for p in root.rglob(".*") if p.relative_to(root).parts[0] != "build"]
    assert not hidden, hidden  # no temporary file, no staging folder left beside the outputs
    assert not (root / "build" / "stage").exists()
    assert not (root / "build" / "commit.json").exists()


FAULTS = [f"{p}:kill" for p in ("after-step-a", "after-step-b", "after-validate", "before-commit")] + [
    "after-step-a:fail", "after-step-b:fail", "after-step-a:int", "before-commit:int", "after-validate:term"]


def test_a_second_build_does_nothing(proj):
    assert snapshot(proj) == built(proj, "x1", "y1")
    assert fake_engine(proj).run() is False


def test_a_content_change_with_an_old_time_is_seen(proj):
    p = proj / "inputs" / "x.txt"
    st = p.stat()
    p.write_text("x2")
    os.utime(p, (st.st_atime - 86400, st.st_mtime - 86400))
    assert fake_engine(proj).dirty() == {"a": "inputs changed", "b": "inputs changed"}
    fake_engine(proj).run()
    assert snapshot(proj) == built(proj, "x2", "y1")


@pytest.mark.parametrize("rel", ["out/a_ledger.csv", "out/sub/a_cross.csv", "figs/b.png"])
def test_a_deleted_output_is_rebuilt(proj, rel):
    (proj / rel).unlink()
    assert rel in next(iter(fake_engine(proj).dirty().values()))
    fake_engine(proj).run()
    assert snapshot(proj) == built(proj, "x1", "y1")


@pytest.mark.parametrize("rel", ["out/a_ledger.csv", "out/sub/a_cross.csv", "figs/b.png"])
def test_a_corrupted_output_is_rebuilt_even_if_newer(proj, rel):
    (proj / rel).write_text("edited by hand")
    assert list(fake_engine(proj).dirty().values()) == [f"{rel} differs from the build that wrote it"]
    fake_engine(proj).run()
    assert snapshot(proj) == built(proj, "x1", "y1")


def test_a_deleted_input_changes_the_key(proj):
    (proj / "inputs" / "y.txt").unlink()
    assert set(fake_engine(proj).dirty()) == {"a", "b"}


def test_invalid_input_commits_nothing(proj):
    (proj / "inputs" / "x.txt").write_text("invalid")
    before = snapshot(proj)
    with pytest.raises(InputError, match="inputs/x.txt, row 1"):
        fake_engine(proj).run()
    assert snapshot(proj) == before
    no_leftovers(proj)


def test_a_failing_step_commits_nothing_from_the_others(proj):
    (proj / "inputs" / "x.txt").write_text("x2")
    (proj / "inputs" / "y.txt").write_text("bad")
    before = snapshot(proj)
    with pytest.raises(InputError):
        fake_engine(proj).run()
    assert snapshot(proj) == before  # step a succeeded, but its new ledger is not committed alone
    no_leftovers(proj)


@pytest.mark.parametrize("fault", FAULTS)
def test_an_interrupt_before_the_commit_keeps_the_previous_outputs(proj, fault):
    point, how = fault.rsplit(":", 1)
    (proj / "inputs" / "x.txt").write_text("x2")
    before = snapshot(proj)
    r = run_fake(proj, f"{point}:{how}")
    assert r.returncode != 0, r.stderr
    assert snapshot(proj) == before
    if how != "kill":
        no_leftovers(proj)
    assert run_fake(proj).returncode == 0  # the next build completes, and cleans any stage a kill left
    assert snapshot(proj) == built(proj, "x2", "y1")
    no_leftovers(proj)
    assert fake_engine(proj).dirty() == {}


@pytest.mark.parametrize("how", ["kill", "int", "term"])
def test_an_interrupt_during_the_commit_never_leaves_a_mixture(proj, how):
    (proj / "inputs" / "x.txt").write_text("x2")
    (proj / "inputs" / "y.txt").write_text("y2")
    r = run_fake(proj, f"commit-move:{how}")
    after = snapshot(proj)
    if how == "kill":  # killed after the first rename: the journal completes it next time
        assert r.returncode == -signal.SIGKILL
        assert (proj / "build" / "commit.json").exists()
        assert run_fake(proj).returncode == 0
    else:  # SIGINT/SIGTERM are held until the commit is complete, then honoured
        assert r.returncode == 130, r.stderr
        assert after == built(proj, "x2", "y2")
    assert snapshot(proj) == built(proj, "x2", "y2")
    assert fake_engine(proj).dirty() == {}
    no_leftovers(proj)


def test_an_output_no_longer_produced_is_removed(proj):
    eng = fake_engine(proj)
    eng.steps["a"] = Step("a", lambda stage: (stage / "out").mkdir(parents=True, exist_ok=True) or
                          (stage / "out" / "a_ledger.csv").write_text("only"))
    eng.run(force=True)
    assert not (proj / "out" / "sub" / "a_cross.csv").exists()
    assert (proj / "out" / "a_ledger.csv").read_text() == "only"


def test_two_steps_writing_one_file_is_an_error(proj):
    eng = fake_engine(proj)
    eng.steps["b"] = Step("b", _step_a(proj))
    with pytest.raises(StepFailed, match="written by both"):
        eng.run(force=True)


def test_a_read_only_output_folder_stops_before_building(proj, monkeypatch):
    (proj / "inputs" / "x.txt").write_text("x2")
    before = snapshot(proj)
    os.chmod(proj / "out", 0o555)
    try:
        if os.access(proj / "out", os.W_OK):  # root writes anywhere: the folder is read-only as os.access says
            import analysis.build.transaction as transaction
            real = os.access
            monkeypatch.setattr(transaction.os, "access", lambda p, mode: real(p, mode) and Path(p) != proj / "out")
        with pytest.raises(InputError, match=r"^out/ is not writable"):
            fake_engine(proj).run()
    finally:
        os.chmod(proj / "out", 0o755)
    assert snapshot(proj) == before


def test_concurrent_builds_wait_for_each_other(proj):
    (proj / "inputs" / "x.txt").write_text("x3")
    procs = [subprocess.Popen([sys.executable, str(TESTS / "fake_project.py"), str(proj)]) for _ in range(3)]
    assert [p.wait(60) for p in procs] == [0, 0, 0]
    assert snapshot(proj) == built(proj, "x3", "y1")
    no_leftovers(proj)


def test_make_refuses_an_active_environment_from_another_clone(tmp_path):
    """VIRTUAL_ENV set, and its `python` imports analysis from elsewhere: make stops and says so."""
    other = tmp_path / "other_clone" / "src" / "analysis"
    other.mkdir(parents=True)
    (other / "__init__.py").write_text("")
    for m in ("papermill", "nbval", "frictionless", "hypothesis"):
        (other.parent / m).mkdir()
        (other.parent / m / "__init__.py").write_text("")
    bindir = tmp_path / "venv" / "bin"
    bindir.mkdir(parents=True)
    (bindir / "python").write_text(f"#!/bin/sh\nPYTHONPATH={other.parent} exec {sys.executable} \"$@\"\n")
    (bindir / "python").chmod(0o755)
    env = {**os.environ, "VIRTUAL_ENV": str(tmp_path / "venv"), "PATH": f"{bindir}:{os.environ['PATH']}"}
    for name in ("CONDA_PREFIX", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"):  # no overrides from an outer make
        env.pop(name, None)
    t = time.time()
    r = subprocess.run(["make", "-C", str(current().root), "all"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "imports analysis from" in r.stderr and str(other) in r.stderr
    assert time.time() - t < 30


def test_the_state_lists_every_committed_output():
    """After `make all`, build/state.json lists each file under reports/, tables/ and figures/ with its hash."""
    state_file = current().build / "state.json"
    if not state_file.exists():
        pytest.skip("no build in this tree yet")
    state = json.loads(state_file.read_text())
    listed = {rel for rec in state["steps"].values() for rel in rec["outputs"]}
    on_disk = {p.relative_to(current().root).as_posix() for d in current().committed.values() for p in d.rglob("*")
               if p.is_file() and not p.name.startswith(".")}  # LICENSE.md too: an output of the build (issue 19)
    assert on_disk <= listed, sorted(on_disk - listed)


# ---------------------------------------------------------------- issue 19: all or nothing, interrupts
def _chattr(path: Path, flag: str) -> bool:
    """Set or clear an attribute (+i, -i); False where chattr is missing or not permitted."""
    try:
        return subprocess.run(["chattr", flag, str(path)], capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


def test_an_unreplaceable_output_stops_before_the_first_rename(proj):
    # issue 19: with one output immutable (chattr +i) the commit renamed 6 of 10 outputs, then stopped
    (proj / "inputs" / "x.txt").write_text("x2")
    (proj / "inputs" / "y.txt").write_text("y2")
    before = snapshot(proj)
    if not _chattr(proj / "out" / "sub" / "a_cross.csv", "+i"):
        pytest.skip("chattr +i is not available here")
    try:
        r = run_fake(proj)
    finally:
        _chattr(proj / "out" / "sub" / "a_cross.csv", "-i")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines == ["error: out/sub/a_cross.csv cannot be replaced (it is immutable or append-only (chattr)): "
                     "nothing was committed; the outputs of the last build are unchanged"], r.stderr
    assert snapshot(proj) == before  # not one output renamed
    no_leftovers(proj)
    assert run_fake(proj).returncode == 0  # once it can be replaced, the next build commits everything
    assert snapshot(proj) == built(proj, "x2", "y2")


def test_an_output_that_is_a_folder_stops_before_the_first_rename(proj):
    (proj / "inputs" / "y.txt").write_text("y2")
    (proj / "figs" / "b.png").unlink()
    (proj / "figs" / "b.png").mkdir()
    r = run_fake(proj)
    assert r.returncode == 1 and "error: figs/b.png cannot be replaced (it is a folder)" in r.stderr, r.stderr
    no_leftovers(proj)


@pytest.mark.parametrize("failing", ["out/a_ledger.csv", "out/sub/a_cross.csv", "figs/b.png"])
def test_a_rename_that_fails_during_the_commit_is_undone(proj, failing):
    # a rename fails although every pre-check passed (EPERM from the filesystem): every output moved so far
    # goes back, the message names the output, and nothing of the stage or the journal is left
    (proj / "inputs" / "x.txt").write_text("x2")
    (proj / "inputs" / "y.txt").write_text("y2")
    before = snapshot(proj)
    r = run_fake(proj, f"replace:{failing}:eperm")
    assert r.returncode == 1
    assert r.stderr.strip() == (f"error: {failing}: Operation not permitted: it could not be replaced, so nothing "
                                "was committed; the outputs of the last build are unchanged"), r.stderr
    assert "committed" not in r.stdout
    assert snapshot(proj) == before
    assert fake_engine(proj).dirty() == {"a": "inputs changed", "b": "inputs changed"}  # the old state, kept
    no_leftovers(proj)


@pytest.mark.parametrize("point", ["replace:out/sub/a_cross.csv", "commit-move", "commit-done"])
def test_a_kill_anywhere_in_the_commit_is_rolled_forward(proj, point):
    (proj / "inputs" / "x.txt").write_text("x2")
    (proj / "inputs" / "y.txt").write_text("y2")
    r = run_fake(proj, f"{point}:kill")
    assert r.returncode == -signal.SIGKILL
    assert (proj / "build" / "commit.json").exists()
    assert any(p.is_dir() for p in proj.glob(".*.stage"))  # the stage is kept while the journal needs it
    r = run_fake(proj)
    assert r.returncode == 0 and "completing the commit of an interrupted build" in r.stdout
    assert snapshot(proj) == built(proj, "x2", "y2")
    assert fake_engine(proj).dirty() == {}
    no_leftovers(proj)


def test_a_killed_commit_that_cannot_be_completed_is_rolled_back(proj):
    (proj / "inputs" / "x.txt").write_text("x2")
    (proj / "inputs" / "y.txt").write_text("y2")
    before = snapshot(proj)
    assert run_fake(proj, "commit-move:kill").returncode == -signal.SIGKILL  # killed after the first rename
    assert snapshot(proj) != before  # a mixture on disk, and the journal to repair it
    if not _chattr(proj / "figs" / "b.png", "+i"):  # the last output cannot be replaced any more
        pytest.skip("chattr +i is not available here")
    try:
        r = run_fake(proj)
    finally:
        _chattr(proj / "figs" / "b.png", "-i")
    assert "it could not be completed (figs/b.png: Operation not permitted): the outputs before it are back" in r.stdout
    assert r.returncode == 1 and "figs/b.png cannot be replaced" in r.stderr  # and the new build stops before its commit
    assert snapshot(proj) == before
    no_leftovers(proj)


@pytest.fixture
def elsewhere(tmp_path: Path):
    """A folder on another filesystem (tmpfs), removed after the test."""
    import shutil
    import tempfile
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second filesystem here")
    d = Path(tempfile.mkdtemp(dir=shm))
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.mark.parametrize("moved", ["build", "figs"])
def test_build_or_an_output_folder_on_another_filesystem(proj, elsewhere, moved):
    # issue 19: build/ as a link to another filesystem made every commit fail with "Invalid cross-device link";
    # an output folder linked elsewhere is staged beside the folder it links to
    import shutil
    shutil.move(str(proj / moved), str(elsewhere / moved))
    (proj / moved).symlink_to(elsewhere / moved)
    (proj / "inputs" / "x.txt").write_text("x2")
    (proj / "inputs" / "y.txt").write_text("y2")
    r = run_fake(proj)
    assert r.returncode == 0, r.stderr
    expected = built(proj, "x2", "y2")
    assert (proj / "figs" / "b.png").read_text() == expected.pop("figs/b.png")  # (not seen through a link by rglob)
    assert {k: v for k, v in snapshot(proj).items() if k != "figs/b.png"} == expected
    assert fake_engine(proj).dirty() == {}
    no_leftovers(proj)
    assert not list(elsewhere.glob(".*.stage"))  # staged beside the real folder, and removed


def test_an_output_folder_that_is_a_mount_point_is_refused_in_one_line(proj, monkeypatch):
    import analysis.build.transaction as transaction
    real = os.stat

    class Stat:  # figs/ on a device of its own, as a mount point is
        def __init__(self, st):
            self.st = st

        def __getattr__(self, name):
            return self.st.st_dev + 1 if name == "st_dev" else getattr(self.st, name)
    monkeypatch.setattr(transaction.os, "stat", lambda p, *a, **k: Stat(real(p, *a, **k))
                        if Path(p) == proj / "figs" else real(p, *a, **k))
    (proj / "inputs" / "y.txt").write_text("y2")
    before = snapshot(proj)
    with pytest.raises(InputError, match=r"^figs/ is a mount point \(another filesystem than the folder that holds it\)"):
        fake_engine(proj).run()
    assert snapshot(proj) == before


@pytest.mark.parametrize("how", ["int", "term"])
def test_an_interrupt_during_the_commit_is_reported_truthfully(proj, how):
    # issue 19: an interrupt during the commit printed "committed 91 files" and then "outputs unchanged"
    (proj / "inputs" / "x.txt").write_text("x2")
    r = run_fake(proj, f"commit-move:{how}")
    assert r.returncode == 130
    name = {"int": "SIGINT", "term": "SIGTERM"}[how]
    assert r.stderr.strip() == (f"interrupted ({name}) during the commit, which was completed first: the outputs "
                                "are those of this build (3 files committed)"), r.stderr
    assert "unchanged" not in r.stdout + r.stderr
    assert snapshot(proj) == built(proj, "x2", "y1")


@pytest.mark.parametrize("delay", [0.05, 0.25, 0.5, 0.8])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_is_never_swallowed(proj, delay, sig):
    # issue 19: 2 of 44 signals were swallowed ("Exception ignored in: WeakSet ... KeyboardInterrupt") and the
    # build committed; here the main thread spends its time in finalisers and weak sets while the steps run
    (proj / "inputs" / "x.txt").write_text("x2")
    (proj / "inputs" / "slow.txt").write_text("3")
    before = snapshot(proj)
    p = subprocess.Popen([sys.executable, "-u", str(TESTS / "fake_project.py"), str(proj)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    assert p.stdout.readline().startswith("==> a:")  # the build has begun
    time.sleep(delay)
    p.send_signal(sig)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, out + err
    assert "Exception ignored" not in err and "Traceback" not in err, err
    assert err.strip().startswith("interrupted (SIG") and "nothing was committed" in err, err
    assert snapshot(proj) == before
    no_leftovers(proj)
