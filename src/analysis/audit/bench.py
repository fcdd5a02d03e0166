"""Benchmark of the audit against the speed of its arithmetic (``make bench-audit``).

``python -m analysis bench-audit`` generates tables from a fixed seed and measures, in the same run:

* **the floor**: a process that imports pandas and SciPy, reads the table with pandas and computes every
  row's value and p vectorised (:data:`FLOOR`: the t, F, r, z and chi-square p-values, Student's t and its p
  from the summaries, the 2x2 chi-square and its p, GRIM's nearest k/(n items), the growth rate and the
  share) and nothing else: no rounding rule, no interval, no verdict, no note, no output;
* **the audit** of the same table: ``python -m analysis audit TABLE -o OUT -q``, a process too, with its default
  workers (one per usable CPU: :func:`analysis.core.workers.usable_cpus`), and again with ``--jobs 1``;
* their **ratio** (target: at most 3, on elapsed time, as the issue's own measurements are: 33.4 s against
  1.24 s), from the least of ``--repeat`` alternated runs of each, in wall-clock and, beside it, in CPU seconds
  (the process's and its workers', from ``os.wait4``: the work done, whatever the cores); and the same again
  with both processes' BLAS limited to one thread (:data:`ONE_THREAD`: the thread pool NumPy starts costs both
  about 0.2 s of CPU for no work, which flatters the CPU ratio);
* the **speed of each kind** (rows per CPU second of :func:`analysis.audit.run.run` in this process, on a table
  of that kind alone), GRIMMER and DEBIT included though they are not in the mix;
* the **peak memory** of auditing ``--memory-rows`` rows (target: at most 1.5 GB): the resident memory of the
  audit process and its workers, summed and sampled every 50 ms (:func:`tree_memory`; pages the workers share
  with the parent count in each, an upper bound), or the largest maximum resident set (``os.wait4``) if larger.

The mix (:data:`MIX`) is the issue's "every common kind": p from t, F, chi-square, r, z (40%), t from summaries,
2x2 chi-square from counts, GRIM, growth and share, and half a percent of rows that are not valid. It is a
benchmark, not a test: nothing fails when it is slow; it says whether each target is met and under what load.
"""
from __future__ import annotations

import csv
import itertools
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from analysis.audit.run import run
from analysis.audit.table import AuditOptions
from analysis.core.workers import usable_cpus

__all__ = ["make_rows", "iter_rows", "write_rows", "main", "equivalence", "equivalence_rows", "MIX", "KINDS", "WEIGHTS",
           "FLOOR", "TARGET_RATIO", "TARGET_MEMORY", "ONE_THREAD", "tree_memory"]

COLUMNS = ["kind", "statistic", "value", "df1", "df2", "p", "tails", "m1", "s1", "n1", "m2", "s2", "n2",
           "a", "b", "c", "d", "before", "after", "part", "whole", "target", "mean", "sd", "n", "items", "percent",
           "exact"]
WEIGHTS = {"p_from_statistic": 40, "t_from_summaries": 10, "chi2_from_counts": 8, "grim": 12, "grimmer": 8,
           "debit": 6, "growth": 8, "share": 7.5, "bad": 0.5}
"""Share of each kind (percent) in a table of every kind; a table of some kinds keeps their proportions."""
MIX = ("p_from_statistic", "t_from_summaries", "chi2_from_counts", "grim", "growth", "share", "bad")
"""The benchmark's table: the issue's common kinds, and a few rows that are not valid."""
KINDS = tuple(WEIGHTS)
"""Every kind the generator writes (GRIMMER and DEBIT too, for the per-row equivalence run)."""
TARGET_RATIO = 3.0
TARGET_MEMORY = 1.5e9
"""Targets: the audit of the mix in at most 3 times the floor; a million rows within 1.5 GB."""


def _row(rnd: random.Random, kind: str) -> dict[str, str]:
    row = dict.fromkeys(COLUMNS, "")
    if kind == "p_from_statistic":
        stat = rnd.choice(["t", "t", "F", "r", "z", "chi2"])
        value = {"t": rnd.uniform(0.2, 5), "F": rnd.uniform(0.5, 20), "r": rnd.uniform(-0.6, 0.6),
                 "z": rnd.uniform(0.2, 4), "chi2": rnd.uniform(0.5, 20)}[stat]
        row.update(kind=kind, statistic=stat, value=f"{value:.2f}",
                   df1=str(rnd.randint(1, 4)) if stat in ("F", "chi2") else "",
                   df2=str(rnd.randint(10, 200)) if stat in ("t", "F", "r") else "",
                   p=rnd.choice([f"{rnd.uniform(0.001, 0.5):.3f}", "<.05", "<.001", f"={rnd.uniform(0.01, 0.2):.2f}"]),
                   tails=rnd.choice(["", "", "", "1"]))
    elif kind == "t_from_summaries":
        row.update(kind=kind, m1=f"{rnd.uniform(10, 60):.1f}", s1=f"{rnd.uniform(2, 15):.1f}",
                   n1=str(rnd.randint(10, 300)), m2=f"{rnd.uniform(10, 60):.1f}", s2=f"{rnd.uniform(2, 15):.1f}",
                   n2=str(rnd.randint(10, 300)), value=f"{rnd.uniform(-4, 4):.2f}", p=f"{rnd.uniform(0.001, 0.9):.3f}")
    elif kind == "chi2_from_counts":
        row.update(kind=kind, a=str(rnd.randint(1, 90)), b=str(rnd.randint(1, 90)), c=str(rnd.randint(1, 90)),
                   d=str(rnd.randint(1, 90)), value=f"{rnd.uniform(0, 12):.2f}", p=f"{rnd.uniform(0.001, 0.9):.3f}")
    elif kind == "grim":
        row.update(kind=kind, mean=f"{rnd.uniform(1, 7):.2f}", n=str(rnd.randint(5, 120)),
                   items=rnd.choice(["", "", "3"]), percent="false")
    elif kind == "grimmer":
        row.update(kind=kind, mean=f"{rnd.uniform(1, 7):.2f}", sd=f"{rnd.uniform(0.5, 2.5):.2f}",
                   n=str(rnd.randint(5, 80)))
    elif kind == "debit":
        row.update(kind=kind, mean=f"{rnd.uniform(0.05, 0.95):.2f}", sd=f"{rnd.uniform(0.2, 0.5):.2f}",
                   n=str(rnd.randint(20, 3000)))
    elif kind == "growth":
        b = rnd.randint(100, 20000)
        a = int(b * rnd.uniform(0.5, 1.8))
        row.update(kind=kind, before=str(b), after=str(a),
                   target=f"{100 * (a - b) / b + rnd.choice([0, 0, 0.01, 1]):.2f}", exact="all")
    elif kind == "share":
        w = rnd.randint(10, 5000)
        k = rnd.randint(0, w)
        row.update(kind=kind, part=str(k), whole=str(w), target=f"{100 * k / w:.1f}")
    else:  # a row that is not valid: an unknown kind, or a statistic that is not a number
        row.update(kind=rnd.choice(["nonsense", "p_from_statistic"]), value="x", p="1.5")
    return row


def iter_rows(count: int, seed: int = 20261123, kinds: tuple[str, ...] = MIX):
    """``count`` rows of ``kinds`` in the proportions of :data:`WEIGHTS`, reproducible from ``seed``."""
    rnd = random.Random(seed)
    total = sum(WEIGHTS[k] for k in kinds)
    for _ in range(count):
        r, acc = rnd.random() * total, 0.0
        for k in kinds:
            acc += WEIGHTS[k]
            if r < acc:
                break
        yield _row(rnd, k)


def make_rows(count: int, seed: int = 20261123, kinds: tuple[str, ...] = MIX) -> list[dict[str, str]]:
    """A reproducible table of ``count`` rows (:func:`iter_rows`)."""
    return list(iter_rows(count, seed, kinds))


def write_rows(rows, path: Path, columns: list[str] = COLUMNS) -> None:
    """Rows (dicts of ``columns``) written as a CSV table, one at a time."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


FLOOR = r'''
import sys
import numpy as np
import pandas as pd
from scipy import special

frame = pd.read_csv(sys.argv[1])
kind = frame["kind"].to_numpy()


def col(name, rows):
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float)[rows]


value, p = np.full(len(frame), np.nan), np.full(len(frame), np.nan)
with np.errstate(all="ignore"):
    rows = kind == "p_from_statistic"
    stat, x = frame["statistic"].to_numpy()[rows], col("value", rows)
    df1, df2 = col("df1", rows), col("df2", rows)
    k = np.where(col("tails", rows) == 1, 1, 2)
    two = k * special.stdtr(df2, -np.abs(x))
    r = k * special.stdtr(df2, -np.abs(x) * np.sqrt(df2 / (1 - x * x)))
    z = k * special.ndtr(-np.abs(x))
    value[rows] = x
    p[rows] = np.select([stat == "t", stat == "r", stat == "z", stat == "F", stat == "chi2"],
                        [two, r, z, special.fdtrc(df1, df2, x), special.chdtrc(df1, x)], np.nan)
    rows = kind == "t_from_summaries"
    m1, s1, n1, m2, s2, n2 = (col(c, rows) for c in ("m1", "s1", "n1", "m2", "s2", "n2"))
    dof = n1 + n2 - 2
    t = (m1 - m2) / np.sqrt(((n1 - 1) * s1 * s1 + (n2 - 1) * s2 * s2) / dof * (1 / n1 + 1 / n2))
    value[rows], p[rows] = t, 2 * special.stdtr(dof, -np.abs(t))
    rows = kind == "chi2_from_counts"
    a, b, c, d = (col(x, rows) for x in "abcd")
    n = a + b + c + d
    chi2 = n * (a * d - b * c) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    value[rows], p[rows] = chi2, special.chdtrc(1, chi2)
    rows = kind == "grim"
    total = col("n", rows) * np.nan_to_num(col("items", rows), nan=1.0)
    value[rows] = np.round(col("mean", rows) * total) / total
    rows = kind == "growth"
    value[rows] = 100 * (col("after", rows) - col("before", rows)) / col("before", rows)
    rows = kind == "share"
    value[rows] = 100 * col("part", rows) / col("whole", rows)
print(int(np.isfinite(value).sum()), int(np.isfinite(p).sum()))
'''
"""The floor's program: read the table with pandas, every row's value and p with NumPy and SciPy, nothing else."""


ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""The environment of the second measurement: NumPy's BLAS without its thread pool. Neither program calls BLAS,
but its threads start and wait when NumPy is imported, about 0.2 s of CPU in each process on this 2-core machine
(measured): the same for both, it brings their CPU ratio nearer 1 than their work is."""


def _child(args: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Run a process (with ``env`` added to the environment); its wall-clock seconds, its CPU seconds (its own and
    its workers', ``os.wait4``) and its peak memory in bytes: the largest of its and its workers' maximum resident
    sets, or of their sum sampled every 50 ms (:func:`tree_memory`), whichever is larger."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **env} if env else None)
    sampled = [0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.05):
            sampled[0] = max(sampled[0], tree_memory(proc.pid))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"{' '.join(args[:4])} ... exited with {proc.returncode}")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return wall, usage.ru_utime + usage.ru_stime, max(usage.ru_maxrss * scale, sampled[0])


def tree_memory(pid: int) -> int:
    """The resident memory of a process and of its descendants, summed, in bytes (Linux's ``/proc``; 0 elsewhere).

    Formula: the sum of ``VmRSS`` over the process tree. Pages the forked workers share with their parent are
    counted in each, so the sum is an upper bound of the memory the tree holds.

    >>> tree_memory(os.getpid()) >= 0
    True
    """
    total, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                total += next((int(line.split()[1]) * 1024 for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo += [int(x) for x in fh.read().split()]
        except (OSError, ValueError):  # gone meanwhile, or no /proc
            continue
    return total


def _audit(src: Path, out: Path, jobs: int | None = None) -> list[str]:
    return [sys.executable, "-m", "analysis", "audit", str(src), "-o", str(out), "-q"] + \
        (["--jobs", str(jobs)] if jobs else [])


def _per_kind(tmp: Path, rows: int, seed: int) -> list[tuple[str, int, float]]:
    """(kind, rows, rows per CPU second) of :func:`analysis.audit.run.run` on a table of each kind alone."""
    out = []
    for kind in [k for k in KINDS if k != "bad"]:
        src = tmp / f"{kind}.csv"
        write_rows(iter_rows(rows, seed, (kind,)), src)
        write_rows(iter_rows(200, seed + 1, (kind,)), tmp / "warm.csv")
        run(str(tmp / "warm.csv"), str(tmp / "warm_out.csv"), AuditOptions(), jobs=1)
        best = min(_timed(src, tmp / f"{kind}_out.csv") for _ in range(2))
        out.append((kind, rows, rows / best))
    return out


def _timed(src: Path, out: Path) -> float:
    c0 = time.process_time()
    run(str(src), str(out), AuditOptions(), jobs=1)
    return time.process_time() - c0


EQUIVALENCE_COLUMNS = COLUMNS + ["numerator", "denominator", "t_test"]


def equivalence_rows(count: int, seed: int = 20261123):
    """``count`` rows for the equivalence run: the benchmark's rows of every kind (:data:`KINDS`, GRIMMER, DEBIT and
    rows that are not valid included) alternating with rows on and near the rounding edges
    (:func:`analysis.audit.ties.iter_tie_rows`), reproducible from ``seed``."""
    from analysis.audit.ties import iter_tie_rows
    ordinary, ties = iter_rows((count + 1) // 2, seed, KINDS), iter_tie_rows(count // 2, seed + 1)
    for i in range(count):
        yield next(ordinary) if i % 2 == 0 else next(ties)


def equivalence(rows: int = 1_000_000, seed: int = 20261123) -> tuple[int, int]:
    """Audit ``rows`` fixed-seed rows (:func:`equivalence_rows`) through the columnar path and through the per-row
    engine alone (:func:`analysis.audit.run.run` with ``per_row``), each to a CSV file, and compare the files line
    by line; print and return (identical rows, rows)."""
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src, a, b = tmp / "rows.csv", tmp / "columnar.csv", tmp / "per_row.csv"
        write_rows(equivalence_rows(rows, seed), src, EQUIVALENCE_COLUMNS)
        times = []
        for out, per_row in ((a, False), (b, True)):
            c0 = time.process_time()
            run(str(src), str(out), AuditOptions(), quiet=True, per_row=per_row, jobs=1)
            times.append(time.process_time() - c0)
        with open(a, "rb") as fa, open(b, "rb") as fb:  # read once: files are equal when their lines all are
            headers = next(fa, None) == next(fb, None)
            same = total = 0
            for x, y in itertools.zip_longest(fa, fb):
                total += 1
                same += x == y
        identical = headers and same == total
    print(f"audit equivalence: {rows:,} rows (seed {seed}; the benchmark's rows of every kind alternating with rows on "
          f"and near the rounding edges), load average {load[0]:.2f} at the start")
    print(f"  columnar path {times[0]:.1f} s CPU, per-row engine {times[1]:.1f} s CPU")
    print(f"  rows identical: {same:,}/{total:,}; output files {'identical' if identical else 'DIFFER'}")
    return same, total


def main(rows: int = 100_000, seed: int = 20261123, repeat: int = 3, memory_rows: int = 1_000_000,
         kind_rows: int = 20_000) -> int:
    """Measure the floor, the audit, their ratio, the speed per kind and the peak memory; print them."""
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "mix.csv"
        write_rows(iter_rows(rows, seed), src)
        floor, audit, floor1, audit1, single = [], [], [], [], []
        for _ in range(repeat):  # alternated, so all see the same load
            floor.append(_child([sys.executable, "-c", FLOOR, str(src)]))
            audit.append(_child(_audit(src, tmp / "mix_out.csv")))
            floor1.append(_child([sys.executable, "-c", FLOOR, str(src)], ONE_THREAD))
            audit1.append(_child(_audit(src, tmp / "mix_out.csv"), ONE_THREAD))
            single.append(_child(_audit(src, tmp / "mix_out.csv", jobs=1)))
        f_wall, f_cpu = min(x[0] for x in floor), min(x[1] for x in floor)
        a_wall, a_cpu = min(x[0] for x in audit), min(x[1] for x in audit)
        s_wall, s_cpu = min(x[0] for x in single), min(x[1] for x in single)
        print(f"audit benchmark: {rows:,} rows of the mix ({', '.join(k for k in MIX if k != 'bad')}; 0.5% not "
              f"valid), least of {repeat} runs each; load average {load[0]:.2f} at the start; {usable_cpus()} CPUs")
        print(f"  floor (pandas + SciPy, every row's value and p): {f_wall:.2f} s wall, {f_cpu:.2f} s CPU")
        print(f"  audit (python -m analysis audit, {usable_cpus()} workers): {a_wall:.2f} s wall, {a_cpu:.2f} s CPU "
              f"({rows / a_wall:,.0f} rows/s)")
        ratio, ratio_cpu = a_wall / f_wall, a_cpu / f_cpu
        print(f"  ratio: {ratio:.2f} wall (target <= {TARGET_RATIO:g}: {'met' if ratio <= TARGET_RATIO else 'NOT met'}), "
              f"{ratio_cpu:.2f} CPU")
        print(f"  one process (--jobs 1): {s_wall:.2f} s wall, {s_cpu:.2f} s CPU; ratio {s_wall / f_wall:.2f} wall, "
              f"{s_cpu / f_cpu:.2f} CPU")
        one = [min(x[k] for x in runs) for runs in (floor1, audit1) for k in (0, 1)]  # floor wall, CPU; audit's
        print(f"  both with one BLAS thread: floor {one[0]:.2f} s wall, {one[1]:.2f} s CPU; audit {one[2]:.2f} s "
              f"wall, {one[3]:.2f} s CPU; ratio {one[2] / one[0]:.2f} wall, {one[3] / one[1]:.2f} CPU")
        print(f"  speed per kind (rows per CPU second, {kind_rows:,} rows of the kind alone, in one process):")
        for kind, n, speed in _per_kind(tmp, kind_rows, seed):
            print(f"    {kind:<18} {speed:>10,.0f}" + ("   (not in the mix)" if kind not in MIX else ""))
        if memory_rows:
            big = tmp / "big.csv"
            write_rows(iter_rows(memory_rows, seed + 1), big)
            src.unlink()
            wall, cpu, peak = _child(_audit(big, tmp / "big_out.csv"))
            print(f"  {memory_rows:,} rows: {wall:.1f} s wall, {cpu:.1f} s CPU, peak memory {peak / 2**20:,.0f} MiB "
                  "(the process and its workers, summed) "
                  f"(target <= {TARGET_MEMORY / 1e9:g} GB: {'met' if peak <= TARGET_MEMORY else 'NOT met'})")
    print(f"  load average {os.getloadavg()[0]:.2f} at the end ({os.cpu_count()} CPUs)")
    return 0
