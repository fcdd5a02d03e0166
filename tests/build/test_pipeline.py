"""The compendium's build: this clone's environment, every input validated, one step committed whole."""
import pytest

from analysis.build import pipeline
from analysis.core.config import OUTPUTS, current
from analysis.core.errors import InputError
from analysis.data.datapackage import study_ids


def test_the_environment_must_be_this_clones(tmp_path):
    pipeline.check_environment(current().root)
    with pytest.raises(InputError, match="imports analysis from .*not from this clone"):
        pipeline.check_environment(tmp_path)


def test_validate_all_checks_every_study_and_parameter_file():
    assert pipeline.validate_all() == study_ids()


def test_one_step_writes_every_output_under_the_committed_folders():
    steps = pipeline.steps()
    assert [s.name for s in steps] == ["outputs"]
    tx = pipeline.transaction()
    assert list(tx.steps) == ["outputs"] and tuple(tx.output_roots) == OUTPUTS


def test_an_unknown_step_is_refused_before_anything_runs():
    with pytest.raises(InputError, match=r"unknown build step\(s\) \['tabels'\]"):
        pipeline.main(["tabels"])


# ---------------------------------------------------------------- issue 19, end to end on a copy of the repository
def _start_build(repo, *args):
    import os
    import subprocess
    import sys
    env = {**os.environ, "PYTHONPATH": str(repo / "src"), "COMPENDIUM_ROOT": str(repo), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.Popen([sys.executable, "-u", "-m", "analysis", "build", "--force"], cwd=repo, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kernels_when_running(repo, build, timeout=120.0):
    """The pids of the build's kernels, once both have started and one has begun to write; if the build
    ends first, or they do not start in time, the assertion says what the build printed."""
    import json
    import time
    end = time.monotonic() + timeout
    while time.monotonic() < end and build.poll() is None:
        recs = list((repo / "build" / "kernels").glob("*.json"))
        if len(recs) >= 2 and any(p.is_file() for p in repo.glob(".tables.stage/outputs/**/*")):
            return [json.loads(r.read_text())["pid"] for r in recs]
        time.sleep(0.05)
    ended = build.poll() is not None
    if not ended:
        build.kill()
    out, err = build.communicate(timeout=30)
    raise AssertionError(f"the build's kernels never started (build {'ended' if ended else 'still running'}, "
                         f"exit {build.returncode}):\n{out[-2000:]}\n{err[-2000:]}")


def _gone(pids, within=10.0):
    import time
    from analysis.build.kernels import started
    end = time.monotonic() + within
    while time.monotonic() < end:
        if all(started(p) is None or _zombie(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


def _zombie(pid):
    from pathlib import Path
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def _outputs(repo):
    import hashlib
    return {p.relative_to(repo).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for d in OUTPUTS for p in sorted((repo / d).rglob("*")) if p.is_file()}


def test_make_all_right_after_a_sigkill_works_and_no_kernel_survives(repo_copy):
    # issue 19: after a SIGKILL the killed build's kernels went on writing into the stage, and the next
    # `make all` failed with "tables: Directory not empty"; kernels outlived the build. And (item 6): after
    # deleting reports/, tables/ and figures/, `make all` did not restore their LICENSE.md
    import shutil
    import signal
    import sys
    from tests.helpers import run_in
    before = _outputs(repo_copy)
    licences = {d: (repo_copy / d / "LICENSE.md").read_text(encoding="utf-8") for d in OUTPUTS}
    build = _start_build(repo_copy)
    pids = _kernels_when_running(repo_copy, build)
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=30)
    assert _gone(pids), "the kernels outlived the build that started them"
    for d in OUTPUTS:  # and the output folders deleted, licences with them
        shutil.rmtree(repo_copy / d)
    r = run_in(repo_copy, sys.executable, "-m", "analysis", "build", env={"COMPENDIUM_ROOT": str(repo_copy)})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "committed" in r.stdout and set(_outputs(repo_copy)) == set(before)  # every output, rebuilt
    assert {d: (repo_copy / d / "LICENSE.md").read_text(encoding="utf-8") for d in OUTPUTS} == licences
    assert not list(repo_copy.glob(".*.stage")) and not (repo_copy / "build" / "stage").exists()
    assert not list((repo_copy / "build" / "kernels").glob("*.json"))


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_an_interrupt_mid_build_stops_it_and_its_kernels(repo_copy, sig):
    import signal
    before = _outputs(repo_copy)
    build = _start_build(repo_copy)
    pids = _kernels_when_running(repo_copy, build)
    build.send_signal(getattr(signal, sig))
    out, err = build.communicate(timeout=60)
    assert build.returncode == 130, out + err
    assert err.strip().splitlines()[-1] == (f"interrupted ({sig}): nothing was committed; the outputs of the last "
                                            "complete build are unchanged"), err
    assert "Exception ignored" not in err and "Traceback" not in err, err
    assert _gone(pids, within=2.0)
    assert _outputs(repo_copy) == before
    assert not list(repo_copy.glob(".*.stage")) and not (repo_copy / "build" / "stage").exists()
