"""``check-corpus``: many papers at once, extracted and audited in parallel on a Dask cluster.

``python -m analysis check-corpus DIR -o OUT.csv`` finds every source under
``DIR`` (:data:`analysis.extract.source.SUFFIXES`, in sorted order), checks
each in a task of its own (:func:`check_one`: :func:`analysis.extract.paper.extract`,
then :func:`analysis.extract.check.check`), and writes one row per result
with its ``file`` (relative to ``DIR``) and the audit's columns, and one row
per paper (``--summary``, by default ``OUT_papers.csv``): rows read,
checkable, unchecked, checked rows by verdict, findings and those that change
a conclusion, or the one-line reason a file could not be read. A file that
cannot be read does not stop the others.

By default the work runs on a ``distributed.LocalCluster`` of one worker
process per core (``--workers`` to change it); ``--scheduler ADDRESS`` sends
it to an existing Dask cluster instead, so a review of thousands of papers
runs on a cluster unchanged. The outputs do not depend on where a task ran:
rows come back in file order and are written once, whole, at the end.
"""
from __future__ import annotations

import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from analysis.audit.columns import audit_records
from analysis.audit.table import OUTPUT_COLUMNS, AuditOptions
from analysis.core.errors import InputError
from analysis.core.outputs import atomic_write, csv_text
from analysis.core.vocab import Severity, Verdict
from analysis.extract.rows import COLUMNS, to_record
from analysis.extract.source import SUFFIXES

__all__ = ["SUMMARY_COLUMNS", "find_sources", "check_one", "run_corpus", "command", "bench"]

SUMMARY_COLUMNS = ["file", "rows", "checkable", "unchecked", *[v.value for v in Verdict], "findings",
                   "changes_conclusion", "error"]


def find_sources(folder: Path) -> list[Path]:
    """Every source file under ``folder``, sorted by its relative path."""
    return sorted((p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES),
                  key=lambda p: p.relative_to(folder).as_posix())


def check_one(path: str, name: str, alpha: float = 0.05) -> tuple[list[dict], dict]:
    """One paper: its audited rows (each with ``file``) and its summary row (``error`` for a bad file)."""
    from analysis.extract.check import check
    from analysis.extract.paper import extract
    from analysis.extract.source import read_source
    try:
        ex = extract(read_source(path))
    except InputError as exc:
        return [], {**dict.fromkeys(SUMMARY_COLUMNS, ""), "file": name, "error": exc.message}
    aopts = AuditOptions(alpha=alpha)
    rows = [{"file": name, **r} for r in audit_records([to_record(r) for r in ex.rows], aopts)]
    done = check(ex, aopts)
    verdicts = Counter(r["verdict"] for r in rows if r["status"] == "checkable")
    changes = int((done.findings["severity"] == Severity.CHANGES_CONCLUSION.value).sum()) if len(done.findings) else 0
    summary = {"file": name, "rows": len(rows), "checkable": sum(r["status"] == "checkable" for r in rows),
               "unchecked": sum(r["status"] == "unchecked" for r in rows),
               **{v.value: verdicts.get(v.value, 0) for v in Verdict}, "findings": len(done.findings),
               "changes_conclusion": changes, "error": ""}
    return rows, summary


def run_corpus(folder: Path, scheduler: str | None = None, workers: int | None = None,
               alpha: float = 0.05) -> tuple[list[dict], list[dict]]:
    """Check every source under ``folder`` on a Dask cluster: (result rows, summary rows), in file order."""
    from distributed import Client, LocalCluster
    sources = find_sources(folder)
    names = [p.relative_to(folder).as_posix() for p in sources]
    if scheduler:
        cluster = None
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    try:
        futures = client.map(check_one, [str(p) for p in sources], names, alpha=alpha, pure=False)
        results = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    rows = [r for rs, _ in results for r in rs]
    return rows, [s for _, s in results]


def command(folder: str, output: str | None, summary: str | None = None, scheduler: str | None = None,
            workers: int | None = None) -> int:
    """``python -m analysis check-corpus``: write the rows and the summary, print one line."""
    if not output:
        raise InputError("usage: python -m analysis check-corpus DIR -o OUT.csv [--scheduler ADDRESS]")
    root = Path(folder)
    if not root.is_dir():
        raise InputError("not a folder of sources", file=folder)
    if not find_sources(root):
        raise InputError(f"no source files ({', '.join(SUFFIXES)}) under this folder", file=folder)
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    rows, papers = run_corpus(root, scheduler, workers)
    summary = summary or str(Path(output).with_name(Path(output).stem + "_papers.csv"))
    atomic_write(output, csv_text(["file", *COLUMNS, *OUTPUT_COLUMNS], rows))
    atomic_write(summary, csv_text(SUMMARY_COLUMNS, papers))
    bad = [p for p in papers if p["error"]]
    for p in bad:
        print(f"warning: {p['file']}: {p['error']}", file=sys.stderr)
    print(f"  checked {len(papers)} paper(s), {len(rows)} rows -> {output}, {summary}"
          + (f"; {len(bad)} could not be read" if bad else ""))
    return 0


def _peak_mib() -> float:
    """Peak resident memory of this process and of its finished children, the larger (MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def bench(papers: int = 200, workers: int | None = None) -> int:
    """``make bench-corpus``: ``papers`` copies of the sources found, checked on a local cluster; papers per
    second and peak memory per process. A benchmark, never a timed test."""
    from analysis.core.config import current
    found = find_sources(current().sources) if current().sources.is_dir() else []
    if not found:
        raise InputError("no sources to copy for the benchmark", file=str(current().sources))
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(papers):
            src = found[i % len(found)]
            shutil.copy(src, Path(tmp) / f"{i:05d}_{src.name}")
        start = time.perf_counter()
        rows, summary = run_corpus(Path(tmp), None, workers)
        took = time.perf_counter() - start
    n = workers or os.cpu_count() or 1
    print(f"  check-corpus: {papers} papers ({len(rows)} rows) in {took:.1f} s on {n} worker(s): "
          f"{papers / took:.1f} papers per second (cluster start included); peak memory {_peak_mib():.0f} MiB "
          f"(largest process)")
    return 0
