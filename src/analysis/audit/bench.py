"""Benchmark of the audit: N rows of a realistic mix of kinds, on one core.

``python -m analysis bench-audit --rows 100000`` (``make bench-audit``)
generates a table from a fixed seed (p-values from t, F, r, z and chi-square,
t tests from summaries, 2x2 chi-square tables, GRIM, GRIMMER, DEBIT, growth
rates and shares, a few bad rows), audits it through
:func:`analysis.audit.run.run` exactly as the command does (reading the CSV,
writing the CSV), and reports rows per second and the peak memory of the
process (``resource.getrusage``, max resident set size). Rows per second are
given per CPU second (``time.process_time``: one core, independent of what
else the machine runs) and per wall-clock second. It is a benchmark, not a
test: nothing fails when it is slow.
"""
from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from analysis.audit.run import run
from analysis.audit.table import AuditOptions

__all__ = ["make_rows", "main"]

COLUMNS = ["kind", "statistic", "value", "df1", "df2", "p", "tails", "m1", "s1", "n1", "m2", "s2", "n2",
           "a", "b", "c", "d", "before", "after", "part", "whole", "target", "mean", "sd", "n", "items", "percent",
           "exact"]


def make_rows(count: int, seed: int = 20261123) -> list[dict[str, str]]:
    """A reproducible mix of rows (about 40% p-values, as in a results section)."""
    rnd = random.Random(seed)
    rows = []
    for i in range(count):
        r = rnd.random()
        row = dict.fromkeys(COLUMNS, "")
        if r < 0.40:
            stat = rnd.choice(["t", "t", "F", "r", "z", "chi2"])
            value = {"t": rnd.uniform(0.2, 5), "F": rnd.uniform(0.5, 20), "r": rnd.uniform(-0.6, 0.6),
                     "z": rnd.uniform(0.2, 4), "chi2": rnd.uniform(0.5, 20)}[stat]
            row.update(kind="p_from_statistic", statistic=stat, value=f"{value:.2f}",
                       df1=str(rnd.randint(1, 4)) if stat in ("F", "chi2") else "",
                       df2=str(rnd.randint(10, 200)) if stat in ("t", "F", "r") else "",
                       p=rnd.choice([f"{rnd.uniform(0.001, 0.5):.3f}", "<.05", "<.001", f"={rnd.uniform(0.01, 0.2):.2f}"]),
                       tails=rnd.choice(["", "", "", "1"]))
        elif r < 0.50:
            n1, n2 = rnd.randint(10, 300), rnd.randint(10, 300)
            row.update(kind="t_from_summaries", m1=f"{rnd.uniform(10, 60):.1f}", s1=f"{rnd.uniform(2, 15):.1f}",
                       n1=str(n1), m2=f"{rnd.uniform(10, 60):.1f}", s2=f"{rnd.uniform(2, 15):.1f}", n2=str(n2),
                       value=f"{rnd.uniform(-4, 4):.2f}", p=f"{rnd.uniform(0.001, 0.9):.3f}")
        elif r < 0.58:
            row.update(kind="chi2_from_counts", a=str(rnd.randint(1, 90)), b=str(rnd.randint(1, 90)),
                       c=str(rnd.randint(1, 90)), d=str(rnd.randint(1, 90)), value=f"{rnd.uniform(0, 12):.2f}",
                       p=f"{rnd.uniform(0.001, 0.9):.3f}")
        elif r < 0.70:
            row.update(kind="grim", mean=f"{rnd.uniform(1, 7):.2f}", n=str(rnd.randint(5, 120)),
                       items=rnd.choice(["", "", "3"]), percent="false")
        elif r < 0.78:
            row.update(kind="grimmer", mean=f"{rnd.uniform(1, 7):.2f}", sd=f"{rnd.uniform(0.5, 2.5):.2f}",
                       n=str(rnd.randint(5, 80)))
        elif r < 0.84:
            p = rnd.uniform(0.05, 0.95)
            row.update(kind="debit", mean=f"{p:.2f}", sd=f"{rnd.uniform(0.2, 0.5):.2f}", n=str(rnd.randint(20, 3000)))
        elif r < 0.92:
            b = rnd.randint(100, 20000)
            a = int(b * rnd.uniform(0.5, 1.8))
            row.update(kind="growth", before=str(b), after=str(a), target=f"{100 * (a - b) / b + rnd.choice([0, 0, 0.01, 1]):.2f}",
                       exact="all")
        elif r < 0.995:
            w = rnd.randint(10, 5000)
            k = rnd.randint(0, w)
            row.update(kind="share", part=str(k), whole=str(w), target=f"{100 * k / w:.1f}")
        else:
            row.update(kind=rnd.choice(["nonsense", "p_from_statistic"]), value="x", p="1.5")
        rows.append(row)
    return rows


def _write(rows: list[dict[str, str]], path: Path) -> None:
    import csv
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(rows: int = 100_000, seed: int = 20261123) -> int:
    """Generate ``rows`` rows from ``seed``, audit them, report the speed and the peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "bench.csv", Path(tmp) / "bench_out.csv"
        _write(make_rows(rows, seed), src)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0, c0 = time.perf_counter(), time.process_time()
        counts = run(str(src), str(out), AuditOptions())
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    print(f"audit benchmark: {rows} rows in {elapsed:.1f} s wall, {cpu:.1f} s CPU = "
          f"{rows / cpu:,.0f} rows per CPU second on one core ({rows / elapsed:,.0f} rows/s wall); "
          f"peak memory {peak * scale / 2**20:,.0f} MiB (before the audit {before * scale / 2**20:,.0f} MiB)")
    print("  verdicts: " + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return 0

