"""Executing the report notebooks: papermill on a few long-lived kernels, HTML in one process.

Starting a kernel and importing the scientific stack costs seconds per
notebook; the build therefore runs its notebooks on two kernels (one lane of
jobs each, :func:`run_lanes`), each kernel executing several notebooks in
turn after the table writer whose results they reuse. Every notebook starts
from its own parameters cell (then papermill's injected cell), so a reused
kernel gives the same outputs as a fresh one; execution counts are
renumbered from 1, as in a fresh kernel (``make test`` re-executes every
report in a fresh kernel with nbval and compares).

>>> [j.name for j in report_jobs()][:1]
['cross_city']
"""
from __future__ import annotations

import json
import os
import queue
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.core.config import current
from analysis.core.outputs import atomic_write
from analysis.core.errors import InputError, StepFailed

__all__ = ["Job", "Kernel", "report_jobs", "run_lanes", "execute", "call", "cancel_all", "reset", "quiet_imports",
           "strip_notebook", "VOLATILE_KEYS", "reap", "watch_parent", "started"]

_LIVE: set = set()  # kernel managers and processes to stop if the build is interrupted
_LIVE_LOCK = threading.Lock()


def quiet_imports() -> None:
    """Skip jsonschema's optional IRI checker, whose grammar takes ~2.5 s to build on import.

    nbformat validates notebooks against a schema that has no IRI field, so
    nothing is lost.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def register(obj: Any) -> None:
    with _LIVE_LOCK:
        _LIVE.add(obj)


def unregister(obj: Any) -> None:
    with _LIVE_LOCK:
        _LIVE.discard(obj)


_CANCELLED = threading.Event()  # set by cancel_all: no kernel starts until reset()


def reset() -> None:
    """Allow kernels to start again (at the start of a build or a run)."""
    _CANCELLED.clear()


def cancel_all() -> None:
    """Stop every kernel and child process still running (on failure or interrupt); start no new one."""
    _CANCELLED.set()
    with _LIVE_LOCK:
        live = list(_LIVE)
        _LIVE.clear()
    for obj in live:
        try:
            if hasattr(obj, "signal_kernel"):
                # kill the process only: the thread that owns the kernel sees it die and shuts its manager
                # down itself (shutting it down from here would destroy a ZMQ context in use there)
                obj.signal_kernel(signal.SIGKILL)
            else:
                obj.kill()
        except Exception:  # noqa: BLE001 - best effort while stopping
            pass


@dataclass
class Job:
    """One report: ``reports/<name>.ipynb`` from ``notebooks/<notebook>.ipynb`` with ``parameters``;
    or, with ``call`` set, one Python statement run on the kernel (the build's table writers)."""

    name: str
    notebook: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    param_file: str | None = None
    call: str | None = None


def report_jobs() -> list[Job]:
    """The committed reports, one per ``params/*.yaml``; the slowest (cross_city) first."""
    from analysis.data.params import load_yaml
    jobs = []
    for p in sorted(current().params.glob("*.yaml")):
        nb = "cross_city" if p.stem == "cross_city" else "study"
        jobs.append(Job(p.stem, nb, load_yaml(p), current().relative(p)))
    return sorted(jobs, key=lambda j: j.notebook != "cross_city")


# ------------------------------------------------------------------ kernels never outlive their build

def started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from ``/proc``), or None if it is gone.

    A pid and its start time name one process: a pid reused by another process has another start time.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[19]


def _records() -> Path:
    return current().build / "kernels"


def _record(km: Any) -> Path | None:
    """Note a kernel's process (and its owner, this process) under ``build/kernels/``, for :func:`reap`."""
    pid = getattr(getattr(km, "provisioner", None), "pid", None)
    if not pid:
        return None
    me = os.getpid()
    rec = _records() / f"{pid}.json"
    atomic_write(rec, json.dumps({"pid": pid, "start": started(pid), "owner": me, "owner_start": started(me)}))
    return rec


def reap(wait: float = 5.0) -> list[int]:
    """Kill the kernels of builds and runs that were killed themselves (SIGKILL, a power cut); return their pids.

    A kernel is started in a process group of its own, so a signal sent to the build does not reach it; a
    build killed outright cannot stop it. Each kernel is recorded with its owner when it starts; a record
    whose owner is gone and whose kernel is still the same process gets that process group killed, and
    the next build waits for it to die before it removes the stage the kernel may still be writing into.
    """
    import signal as _signal
    import time
    killed = []
    for rec in sorted(_records().glob("*.json")):
        try:
            r = json.loads(rec.read_text())
        except (OSError, ValueError):
            rec.unlink(missing_ok=True)
            continue
        if r.get("owner_start") is not None and started(r["owner"]) == r["owner_start"]:
            continue  # its build or run is still running
        if r.get("start") is not None and started(r["pid"]) == r["start"]:
            try:
                os.killpg(r["pid"], _signal.SIGKILL)  # the kernel leads its own process group
            except OSError:
                try:
                    os.kill(r["pid"], _signal.SIGKILL)
                except OSError:
                    pass
            killed.append(r["pid"])
        rec.unlink(missing_ok=True)
    deadline = time.monotonic() + wait
    while any(_alive(pid) for pid in killed) and time.monotonic() < deadline:
        time.sleep(0.05)
    return killed


def _alive(pid: int) -> bool:
    """Still running (a zombie, dead but not yet reaped by its new parent, counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def watch_parent(poll: float = 0.5) -> None:
    """Run in a kernel: exit at once when the process that started it is gone (its build was killed).

    ipykernel's own check waits for the parent to become pid 1, which a container's reaper never is.
    """
    import time
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(1)
    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


class Kernel:
    """A started kernel with its client, in the notebooks folder, with the given environment.

    Recorded under ``build/kernels/`` while it runs (:func:`reap`), and watching its parent
    (:func:`watch_parent`): it never outlives the build that started it.
    """

    def __init__(self, env: dict[str, str] | None = None) -> None:
        from jupyter_client.manager import KernelManager
        if _CANCELLED.is_set():
            raise KeyboardInterrupt("the build was stopped")
        self.km = KernelManager(kernel_name="python3")
        register(self.km)
        self.record: Path | None = None
        self.km.start_kernel(cwd=str(current().notebooks), env=env or dict(os.environ))
        self.kc = self.km.client()
        self.kc.start_channels()
        try:
            self.record = _record(self.km)
            if _CANCELLED.is_set():  # cancelled while it started
                raise KeyboardInterrupt("the build was stopped")
            self.kc.wait_for_ready(timeout=120)
            self.kc.execute_interactive("from analysis.build.kernels import watch_parent; watch_parent()",
                                        silent=True, store_history=False, timeout=60)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        finally:
            unregister(self.km)
            if self.record is not None:
                self.record.unlink(missing_ok=True)


def _renumber(nb: dict) -> dict:
    n = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code" and cell.get("execution_count") is not None:
            n += 1
            cell["execution_count"] = n
            for out in cell.get("outputs", []):
                if "execution_count" in out:
                    out["execution_count"] = n
    return nb


def execute(job: Job, kernel: Kernel) -> str:
    """Execute ``job`` on ``kernel``; return the stripped notebook as text (JSON)."""
    quiet_imports()
    import papermill as pm

    nb = pm.execute_notebook(str(current().notebooks / f"{job.notebook}.ipynb"), None, parameters=job.parameters,
                             progress_bar=False, log_output=False, cwd=str(current().notebooks),
                             kernel_name="python3", km=kernel.km)
    import nbformat
    nb = _renumber(strip_notebook(json.loads(nbformat.writes(nb))))  # sources as lists of lines, as on disk
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def call(job: Job, kernel: Kernel) -> None:
    """Run ``job.call`` on ``kernel``, printing what it prints; an exception there is raised here (an
    ``InputError`` as one). Stops at once if the build is cancelled or the kernel dies."""
    kc = kernel.km.client()  # a client of its own: papermill's runs leave the kernel's first client unanswered
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        msg_id = kc.execute(job.call, store_history=False)
        while True:
            if _CANCELLED.is_set() or not kernel.km.is_alive():
                raise KeyboardInterrupt(f"{job.name}: stopped")
            try:
                reply = kc.get_shell_msg(timeout=0.2)
            except queue.Empty:
                _print_streams(kc, msg_id)
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        _print_streams(kc, msg_id)
    finally:
        kc.stop_channels()
    content = reply["content"]
    if content["status"] != "ok":
        if content.get("ename") == "InputError":
            raise InputError(content.get("evalue", ""))
        raise StepFailed(f"{job.name}: {content.get('ename')}: {content.get('evalue')}")


def _print_streams(kc: Any, msg_id: str) -> None:
    """Print the kernel's stdout and stderr for ``msg_id`` received so far."""
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=0)
        except queue.Empty:
            return
        if msg["parent_header"].get("msg_id") == msg_id and msg["header"]["msg_type"] == "stream":
            sys.stdout.write(msg["content"]["text"])
            sys.stdout.flush()


def run_lanes(lanes: list[list[Job]], stage: Path, *, env: dict[str, str] | None = None,
              final: list[Job] | None = None) -> None:
    """Run each lane's jobs in order on its own kernel, the lanes in parallel; then ``final`` on the first
    kernel once every lane is done.

    A lane keeps related jobs on one kernel: the job that writes a study's tables and the notebook that
    reports it share what :func:`analysis.core.memo.remembered` keeps. Notebooks are written to
    ``stage/reports/<name>.ipynb`` (the site renders them, :mod:`analysis.build.site`). The first error stops
    every lane.
    """
    errors: list[BaseException] = []
    kernels: list[Kernel | None] = [None] * len(lanes)

    def run(i: int, jobs: list[Job]) -> None:
        try:
            for job in jobs:
                if errors or _CANCELLED.is_set():
                    return
                if kernels[i] is None:
                    kernels[i] = Kernel(env)
                if job.call:
                    print(f"==> {job.name}", flush=True)
                    call(job, kernels[i])
                    continue
                print(f"==> executing notebooks/{job.notebook}.ipynb for {job.name}", flush=True)
                text = execute(job, kernels[i])
                if _CANCELLED.is_set():  # stopped meanwhile: write nothing more into a stage being removed
                    return
                out = stage / "reports" / f"{job.name}.ipynb"
                atomic_write(out, text)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            errors.append(exc)

    try:
        threads = [threading.Thread(target=run, args=(i, jobs), daemon=True, name=f"kernel-{i}")
                   for i, jobs in enumerate(lanes)]
        for t in threads:
            t.start()
        for t in threads:
            while t.is_alive():
                t.join(0.2)
        if final and not errors:
            run(0, final)
        if _CANCELLED.is_set() and not errors:
            errors.append(KeyboardInterrupt("the build was stopped"))
    finally:
        for k in kernels:
            if k is not None:
                k.close()
    if errors:
        exc = errors[0]
        if type(exc).__name__ == "PapermillExecutionError":
            msg = f"notebook cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}"
            if exc.ename == "InputError":
                raise InputError(exc.evalue)
            raise StepFailed(msg)
        raise exc


# ------------------------------------------------------------------ reproducible notebooks

VOLATILE_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path", "iopub.execute_input",
                 "iopub.status.busy", "iopub.status.idle", "shell.execute_reply", "shell.execute_reply.started")


def _scrub(obj):
    if isinstance(obj, dict):
        return {k: _scrub(v) for k, v in obj.items() if k not in VOLATILE_KEYS and k != "execution"}
    if isinstance(obj, list):
        return [_scrub(v) for v in obj]
    return obj


def strip_notebook(nb: dict) -> dict:
    """Remove run-dependent metadata from an executed notebook (in a copy).

    Drops papermill's timestamps, durations and paths, nbclient's execution
    timings and the environment name, and gives the injected-parameters cell a
    fixed id instead of papermill's random one.

    >>> nb = {"metadata": {"papermill": {"duration": 1.2, "parameters": {"a": 1}}},
    ...       "cells": [{"metadata": {"execution": {"x": 1}, "papermill": {"start_time": "t"}}}]}
    >>> strip_notebook(nb)
    {'metadata': {'papermill': {'parameters': {'a': 1}}}, 'cells': [{'metadata': {'papermill': {}}}]}
    """
    out = _scrub(json.loads(json.dumps(nb)))
    for cell in out.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id
    pm = out.get("metadata", {}).get("papermill", {})
    pm.pop("environment_variables", None)
    pm.pop("version", None)
    return out
