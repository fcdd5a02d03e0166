"""Executing the reports: one job per parameter file, reproducible notebooks, quiet imports."""
import sys

from analysis.build import kernels
from analysis.core.config import current


def test_one_report_job_per_parameter_file_the_slowest_first():
    jobs = kernels.report_jobs()
    assert sorted(j.name for j in jobs) == sorted(p.stem for p in current().params.glob("*.yaml"))
    assert jobs[0].notebook == "cross_city" and {j.notebook for j in jobs[1:]} == {"study"}
    assert all(j.param_file == f"params/{j.name}.yaml" and j.call is None for j in jobs)


def test_stripped_notebooks_carry_nothing_of_the_run():
    nb = {"metadata": {"papermill": {"duration": 1.2, "start_time": "t", "environment_variables": {"A": "1"},
                                     "version": "2", "parameters": {"a": 1}, "input_path": "/tmp/x"}},
          "cells": [{"id": "random123", "metadata": {"tags": ["injected-parameters"], "execution": {"x": 1}}},
                    {"id": "c2", "metadata": {"papermill": {"start_time": "t", "end_time": "u", "duration": 2}},
                     "outputs": [{"metadata": {"shell.execute_reply": "t"}}]}]}
    out = kernels.strip_notebook(nb)
    assert out["metadata"] == {"papermill": {"parameters": {"a": 1}}}
    assert out["cells"][0] == {"id": "injected-parameters", "metadata": {"tags": ["injected-parameters"]}}
    assert out["cells"][1] == {"id": "c2", "metadata": {"papermill": {}}, "outputs": [{"metadata": {}}]}
    assert nb["metadata"]["papermill"]["duration"] == 1.2  # a copy: the input is not changed


def test_quiet_imports_skip_jsonschemas_iri_grammar():
    kernels.quiet_imports()
    assert sys.modules["rfc3987_syntax"] is None


def test_reap_kills_the_kernels_of_a_killed_build_and_spares_a_running_ones(tmp_path):
    # a record whose owner is gone: its kernel (here a sleeping process in a group of its own) is killed;
    # a record whose owner still runs (this process: a `make run` beside the build) is kept
    import json
    import subprocess
    import sys

    from analysis.build import kernels
    from analysis.core.config import current, use
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    dead_owner = subprocess.Popen([sys.executable, "-c", "pass"])
    dead_owner.wait()
    mine = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        with use(current().with_root(tmp_path)):
            recs = tmp_path / "build" / "kernels"
            recs.mkdir(parents=True)
            (recs / f"{orphan.pid}.json").write_text(json.dumps({
                "pid": orphan.pid, "start": kernels.started(orphan.pid), "owner": dead_owner.pid, "owner_start": "1"}))
            (recs / f"{mine.pid}.json").write_text(json.dumps({
                "pid": mine.pid, "start": kernels.started(mine.pid), "owner": __import__("os").getpid(),
                "owner_start": kernels.started(__import__("os").getpid())}))
            assert kernels.reap() == [orphan.pid]
            assert orphan.wait(5) == -9
            assert mine.poll() is None and (recs / f"{mine.pid}.json").exists()
            assert not (recs / f"{orphan.pid}.json").exists()
    finally:
        mine.kill()
        orphan.kill()


def test_a_pid_reused_by_another_process_is_never_killed(tmp_path):
    import json
    import subprocess
    import sys

    from analysis.build import kernels
    from analysis.core.config import current, use
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        with use(current().with_root(tmp_path)):
            recs = tmp_path / "build" / "kernels"
            recs.mkdir(parents=True)
            (recs / "x.json").write_text(json.dumps({"pid": other.pid, "start": "0", "owner": 1, "owner_start": "0"}))
            assert kernels.reap() == []
            assert other.poll() is None
    finally:
        other.kill()
