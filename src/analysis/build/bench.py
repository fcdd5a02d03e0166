"""``make bench``: the build's times on this machine, as seconds and as ratios to its floor.

Measured in a throw-away copy of the working tree (under ``build/bench/``), with
this clone's environment, so the committed outputs are never touched:

- the *floor*: a fresh process importing everything the build imports, and a
  bare papermill run of an empty notebook (kernel start included);
- ``make all`` cold (no build state), no-op (nothing changed), and after one
  data file changed (the note of a check in ``data/checks/``);
- ``make test``;
- environment creation from ``requirements.lock`` with pip and, when it can be
  installed, with uv.

Peak memory is the largest resident set of the command and the processes it
waited for (``wait4``). The machine may be shared: each timing is the minimum
of ``--repeat`` runs, and the spread is shown.

Other sections (for example the audit's) are one function each, appended to
:data:`SECTIONS`; each gets the :class:`Bench` and calls :meth:`Bench.time`.

>>> Bench.ratio(30.0, 3.0)
'10.0x'
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from analysis.core.config import current

__all__ = ["Bench", "SECTIONS", "TARGETS", "main"]

IMPORTS = ("import analysis.build.kernels; analysis.build.kernels.quiet_imports(); "  # as the build imports them
           "import pandas, numpy, scipy.stats, matplotlib.pyplot, frictionless, papermill, nbconvert; "
           "import analysis.report.study, analysis.crosscity.compute")
TARGETS = {"make all, cold (no build state)": 20.0}
"""Wall-time targets on the reference machine (two cores), in seconds: the report gives each measure's ratio to its
target (issue 18: the site's build keeps a cold ``make all`` at most 20 s)."""
EMPTY_NOTEBOOK = ('{"cells": [{"cell_type": "code", "execution_count": null, "id": "c1", "metadata": {}, '
                  '"outputs": [], "source": ["pass"]}], "metadata": {"kernelspec": {"name": "python3", '
                  '"display_name": "Python 3", "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}')


@dataclass
class Row:
    name: str
    times: list[float]
    peak_mb: float
    note: str = ""
    cpu: list[float] = field(default_factory=list)


@dataclass
class Bench:
    """A scratch copy of the tree and the measurements made in it."""

    work: Path
    python: str
    repeat: int = 3
    rows: list[Row] = field(default_factory=list)
    floor: float | None = None
    floor_cpu: float | None = None

    @staticmethod
    def ratio(t: float, floor: float | None) -> str:
        return f"{t / floor:.1f}x" if floor else "-"

    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.work / "src"), "COMPENDIUM_ROOT": str(self.work)}

    def run(self, cmd: list[str], cwd: Path | None = None, check: bool = True) -> tuple[float, float, float]:
        """Run ``cmd``; return (seconds, peak resident MB of one process, CPU seconds), over it and
        the descendants it waited for."""
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd or self.work, env=self.env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err = p.stderr.read().decode(errors="replace") if p.stderr else ""
        if check and p.returncode:
            raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{err[-2000:]}")
        return dt, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime

    def time(self, name: str, cmd: list[str], before: Callable[[], None] | None = None, repeat: int | None = None,
             note: str = "") -> Row:
        """Measure ``cmd`` ``repeat`` times (``before`` runs untimed before each)."""
        times, cpu, peak = [], [], 0.0
        for _ in range(repeat or self.repeat):
            if before:
                before()
            dt, mb, c = self.run(cmd)
            times.append(dt)
            cpu.append(c)
            peak = max(peak, mb)
        row = Row(name, times, peak, note, cpu)
        self.rows.append(row)
        print(f"  {name:<38} {min(times):7.1f} s wall {min(cpu):7.1f} s CPU", flush=True)
        return row

    def make(self, *targets: str) -> list[str]:
        return ["make", "-s", "-C", str(self.work), *targets, f"PY={self.python}", "ENV=", "ENVCHECK="]

    def report(self) -> str:
        lines = [f"{'measure':<40} {'wall s':>7} {'spread':>7} {'x floor':>8} {'CPU s':>7} {'x floor':>8} "
                 f"{'peak MB':>8}  note"]
        for r in self.rows:
            spread = max(r.times) - min(r.times)
            target = TARGETS.get(r.name)
            note = r.note or f"{len(r.times)} run(s)"
            if target:
                note += f"; target {target:.0f} s: {min(r.times) / target:.2f} of it, worst run {max(r.times) / target:.2f}"
            lines.append(f"{r.name:<40} {min(r.times):7.1f} {spread:7.1f} {self.ratio(min(r.times), self.floor):>8} "
                         f"{min(r.cpu):7.1f} {self.ratio(min(r.cpu), self.floor_cpu):>8} "
                         f"{r.peak_mb:8.0f}  {note}")
        return "\n".join(lines)


def _copy_tree(dst: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=current().root,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = current().root / rel
        if src.is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst / rel)


def floor(b: Bench) -> None:
    """The floor: bare imports in a fresh process; a bare papermill run of an empty notebook."""
    nb = b.work / "build" / "empty.ipynb"
    nb.parent.mkdir(parents=True, exist_ok=True)
    nb.write_text(EMPTY_NOTEBOOK)
    row = b.time("floor: bare imports (one process)", [b.python, "-c", IMPORTS])
    b.floor, b.floor_cpu = min(row.times), min(row.cpu)
    b.time("floor: papermill, empty notebook", [b.python, "-m", "papermill", "-k", "python3", "--no-progress-bar",
                                                str(nb), str(nb.with_name("empty-out.ipynb"))])


def build_times(b: Bench) -> None:
    """make all cold, no-op and after one data file changed."""
    state = b.work / "build" / "state.json"
    b.time("make all, cold (no build state)", b.make("all"), before=lambda: state.unlink(missing_ok=True))
    b.time("make all, no-op", b.make("all"))
    spec = sorted((b.work / "data" / "checks").glob("*.csv"))[0]  # a check specification: not under the manifest
    original = spec.read_text(encoding="utf-8")
    count = iter(range(1, 1000))

    def change() -> None:  # a valid edit: the free-text note of the first check, which the ledger carries
        import csv
        import io
        rows = list(csv.reader(io.StringIO(original)))
        col = rows[0].index("note")
        rows[1][col] = f"{rows[1][col]} (bench edit {next(count)})".strip()
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        spec.write_text(out.getvalue(), encoding="utf-8")
    b.time("make all, one data file changed", b.make("all"), before=change)


def suite(b: Bench) -> None:
    """make test (after make all; includes nbval re-executing every report)."""
    b.time("make test", b.make("test"), repeat=2)  # the first run also compiles the copy's bytecode


def environment(b: Bench) -> None:
    """Creating the environment from requirements.lock: pip, then uv if it can be installed."""
    lock = current().root / "requirements.lock"
    with tempfile.TemporaryDirectory(dir=b.work / "build") as tmp:
        venv = Path(tmp) / "venv"
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]

        def fresh() -> None:
            shutil.rmtree(venv, ignore_errors=True)
            b.run(["python3", "-m", "venv", str(venv)])
        script = (f"{' '.join(pip)} --require-hashes --no-deps -r {lock} && "
                  f"{' '.join(pip)} --no-deps --no-build-isolation -e {b.work}")
        b.time("environment: pip install of the lock", ["bash", "-c", script], before=fresh, repeat=1,
               note="venv + pip --require-hashes + editable package")
        uv = shutil.which("uv")
        if uv is None:
            tool = Path(tmp) / "uvtool"
            r = subprocess.run(["python3", "-m", "pip", "install", "--quiet", "--target", str(tool), "uv==0.9.5"],
                               capture_output=True)
            uv = str(tool / "bin" / "uv") if r.returncode == 0 and (tool / "bin" / "uv").exists() else None
        if uv is None:
            print("  environment: uv not installable here (offline?); skipped")
            return

        def fresh_uv() -> None:
            shutil.rmtree(venv, ignore_errors=True)
            b.run([uv, "venv", "--quiet", "--python", "python3", str(venv)])
        script = (f"{uv} pip install --quiet --compile-bytecode --python {venv}/bin/python --require-hashes --no-deps "
                  f"-r {lock} && "
                  f"{uv} pip install --quiet --python {venv}/bin/python --no-deps -e {b.work}")
        b.time("environment: uv pip install of the lock", ["bash", "-c", script], before=fresh_uv, repeat=1,
               note="uv venv + uv pip --require-hashes --compile-bytecode + editable package")


SECTIONS: list[Callable[[Bench], None]] = [floor, build_times, suite, environment]


def main(repeat: int = 3, only: str = "") -> int:
    """Time each section (``only``: comma-separated names of :data:`SECTIONS`; default all), ``repeat`` runs each."""
    work = current().build / "bench" / "tree"
    shutil.rmtree(work.parent, ignore_errors=True)
    work.mkdir(parents=True)
    _copy_tree(work)
    b = Bench(work, sys.executable, repeat=repeat)
    print(f"==> benchmarking a copy of this tree in {current().relative(work)} "
          f"({os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f})", flush=True)
    wanted = set(filter(None, only.split(",")))
    try:
        for section in SECTIONS:
            if not wanted or section.__name__ in wanted or section is floor:
                section(b)
    finally:
        print()
        print(b.report())
        print(f"\nfloor = bare imports ({b.floor or 0:.1f} s wall, {b.floor_cpu or 0:.1f} s CPU); times are the "
              f"minimum of the runs, spread = max - min of the wall times; CPU = user + system of the command and "
              f"its children; peak MB = the largest process; load average now {os.getloadavg()[0]:.1f}")
        shutil.rmtree(work.parent, ignore_errors=True)
    return 0
