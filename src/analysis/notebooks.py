"""Executing the report notebooks: papermill on a few long-lived kernels, HTML in one process.

Starting a kernel and importing the scientific stack costs seconds per
notebook; the build therefore runs its notebooks on at most one kernel per
core, each kernel executing several notebooks in turn. Every notebook starts
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
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .errors import InputError

__all__ = ["Job", "report_jobs", "run_jobs", "execute", "cancel_all", "quiet_imports"]

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


def cancel_all() -> None:
    """Stop every kernel and child process still running (on failure or interrupt)."""
    with _LIVE_LOCK:
        live = list(_LIVE)
        _LIVE.clear()
    for obj in live:
        try:
            if hasattr(obj, "shutdown_kernel"):
                obj.shutdown_kernel(now=True)
            else:
                obj.kill()
        except Exception:  # noqa: BLE001 - best effort while stopping
            pass


@dataclass
class Job:
    """One report: ``reports/<name>.ipynb`` from ``notebooks/<notebook>.ipynb`` with ``parameters``."""

    name: str
    notebook: str
    parameters: dict[str, Any] = field(default_factory=dict)
    param_file: str | None = None


def report_jobs() -> list[Job]:
    """The committed reports, one per ``params/*.yaml``; the slowest (cross_city) first."""
    from .build import _load_yaml
    jobs = []
    for p in sorted(paths.PARAMS.glob("*.yaml")):
        nb = "cross_city" if p.stem == "cross_city" else "study"
        jobs.append(Job(p.stem, nb, _load_yaml(p), paths.relative(p)))
    return sorted(jobs, key=lambda j: j.notebook != "cross_city")


class Kernel:
    """A started kernel with its client, in the notebooks folder, with the given environment."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        from jupyter_client.manager import KernelManager
        self.km = KernelManager(kernel_name="python3")
        register(self.km)
        self.km.start_kernel(cwd=str(paths.NOTEBOOKS), env=env or dict(os.environ))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def close(self) -> None:
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        finally:
            unregister(self.km)


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

    from .outputs import strip_notebook
    nb = pm.execute_notebook(str(paths.NOTEBOOKS / f"{job.notebook}.ipynb"), None, parameters=job.parameters,
                             progress_bar=False, log_output=False, cwd=str(paths.NOTEBOOKS),
                             kernel_name="python3", km=kernel.km)
    import nbformat
    nb = _renumber(strip_notebook(json.loads(nbformat.writes(nb))))  # sources as lists of lines, as on disk
    return json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


_HTML_LOCK = threading.Lock()


def render_html(notebook: Path, output: Path) -> None:
    """Render one executed notebook to HTML (one at a time: nbconvert shares state)."""
    quiet_imports()
    from .build import _html
    with _HTML_LOCK:
        _html(str(notebook), str(output))


def run_jobs(jobs: list[Job], stage: Path, *, workers: int | None = None, env: dict[str, str] | None = None,
             html: bool = True) -> None:
    """Execute ``jobs`` on up to ``workers`` kernels (default: one per core), writing
    ``stage/reports/<name>.ipynb`` and ``.html``."""
    from .outputs import atomic_write
    n = max(1, min(len(jobs), workers or os.cpu_count() or 2))
    todo: queue.Queue = queue.Queue()
    for j in jobs:
        todo.put(j)
    errors: list[BaseException] = []

    def worker() -> None:
        kernel = None
        try:
            while not errors:
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                if kernel is None:
                    kernel = Kernel(env)
                print(f"==> executing notebooks/{job.notebook}.ipynb for {job.name}", flush=True)
                text = execute(job, kernel)
                out = stage / "reports" / f"{job.name}.ipynb"
                atomic_write(out, text)
                if html:
                    render_html(out, out.with_suffix(".html"))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            errors.append(exc)
        finally:
            if kernel is not None:
                kernel.close()

    threads = [threading.Thread(target=worker, daemon=True, name=f"kernel-{i}") for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        while t.is_alive():
            t.join(0.2)
    if errors:
        exc = errors[0]
        if type(exc).__name__ == "PapermillExecutionError":
            msg = f"notebook cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}"
            if exc.ename == "InputError":
                raise InputError(exc.evalue)
            from .pipeline import StepFailed
            raise StepFailed(msg)
        raise exc
