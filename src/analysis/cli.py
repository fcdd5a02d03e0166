"""``python -m analysis <command>``: argument parsing, and one call per command into its layer.

==============  ========================================================================================
command         what it calls
==============  ========================================================================================
build           :func:`analysis.build.pipeline.main` (``make all``): tables, reports, figures and the
                landing page, committed together only when everything succeeded
validate        :func:`analysis.build.pipeline.validate_all` (or :func:`analysis.data.specs.validate_specs`
                for named studies): checksums, schemas, domain rules, check specifications, parameters
tables          :func:`analysis.build.tables.write_tables` under ``build/tables/`` (a preview)
notebook        :func:`analysis.build.runs.run_notebook` (``make run``): a notebook with other parameters
                under ``build/<run>/``
index           :func:`analysis.report.pages.write_index`: the landing page
screenshots     :func:`analysis.build.browser.screenshots`: every page at 1300 px, 390 px and printed
pdf             :func:`analysis.build.browser.pdfs`: each study page and the cross-city page printed on A4 into build/pdf/
manifest        :func:`analysis.data.validation.write_manifest`: ``data/raw/SHA256SUMS``
audit           :func:`analysis.audit.run.command`: a user's table of printed results
explain         :func:`analysis.build.explain.command`: the whole trail of one checked number
review-packet   :func:`analysis.build.review.command`: what a second reader of the findings is given
                (``build/review/packet.md``): sources and evidence, never our grading
new-study       :func:`analysis.data.scaffold.new_study`: the files of a new study; with ``--from-text``,
                :func:`analysis.extract.propose.propose_study`: filled with the values a text prints, proposed
extract         :func:`analysis.extract.commands.extract_command`: a paper's printed results as audit rows
check-paper     :func:`analysis.extract.commands.check_paper_command`: extract, audit, findings, one page
check-corpus    :func:`analysis.extract.corpus.command`: every source under a folder, on a Dask cluster
bench-corpus    :func:`analysis.extract.corpus.bench`: papers per second and peak memory
bench           :func:`analysis.build.bench.main` (``make bench``)
bench-audit     :func:`analysis.audit.bench.main` (``make bench-audit``)
==============  ========================================================================================

Bad input exits with status 2 and one line naming file, row and column; a
failed step with 1; an interrupt with 130.

>>> parser().parse_args(["audit", "in.csv", "-o", "out.csv"]).alpha
0.05
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

from analysis.core.config import current, use
from analysis.core.errors import InputError, StepFailed
from analysis.core.rounding import RULES

__all__ = ["parser", "main", "one_blas_thread", "BLAS_THREADS"]


def parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per command of the module docstring."""
    ap = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="the default build (make all): validate, then tables and reports, committed together")
    b.add_argument("steps", nargs="*")
    b.add_argument("--force", action="store_true", help="rebuild even if up to date")
    b.add_argument("-j", "--jobs", type=int, default=None, help="kernels at once (default: one per core)")
    v = sub.add_parser("validate", help="validate data/raw, the data package and the check specs")
    v.add_argument("studies", nargs="*")
    t = sub.add_parser("tables", help="write the ledger, the tables and the landing page under build/tables/")
    t.add_argument("--output", help="folder to write tables/ and reports/index.html into (default build/tables)")
    n = sub.add_parser("notebook", help="execute a notebook with other parameters under build/<run>/")
    n.add_argument("name")
    n.add_argument("--output")
    n.add_argument("-f", "--param-file")
    n.add_argument("-p", "--param", action="append", default=[])
    ix = sub.add_parser("index", help="write the landing page reports/index.html")
    ix.add_argument("--output")
    sc = sub.add_parser("screenshots", help="render pages with headless Chromium into build/screenshots/")
    sc.add_argument("pages", nargs="*")
    sub.add_parser("pdf", help="print each study page on A4 with headless Chromium into build/pdf/")
    sub.add_parser("manifest", help="rewrite data/raw/SHA256SUMS")
    a = sub.add_parser("audit", help="audit a table of printed results (one row per result, column 'kind')",
                       description="Audit a CSV of printed results; see README, 'Auditing your own table'.")
    a.add_argument("input", nargs="?")
    a.add_argument("-o", "--output")
    a.add_argument("--alpha", type=float, default=0.05)
    a.add_argument("--p-equal-alpha", choices=("significant", "not_significant"), default="not_significant")
    a.add_argument("--rounding", choices=RULES, default=None,
                   help="the rounding rule for every row (default half_up; up_or_down for grim, grimmer, debit)")
    a.add_argument("--tolerance", type=float, default=0.10, help="relative tolerance of 'about x' values")
    a.add_argument("--html", help="also write an HTML rendering of the output")
    a.add_argument("--kinds", action="store_true", help="list the kinds and their columns, then exit")
    a.add_argument("-q", "--quiet", action="store_true", help="no progress bar (none is shown when stderr is not a terminal)")
    a.add_argument("-j", "--jobs", type=int, default=None,
                   help="worker processes (default: one per CPU; the output is the same for any number)")
    ex = sub.add_parser("explain", help="the whole trail of one checked number (make explain ID=...)",
                        description="Where the source prints a checked number, where it was transcribed, the "
                                    "specification that checks it, the formula with the printed inputs, the verdict "
                                    "and the finding.")
    ex.add_argument("check_id", help="a check_id of tables/consistency_ledger.csv, with or without its part")
    ex.add_argument("--lang", choices=("en", "zh", "both"), default="en")
    rp = sub.add_parser("review-packet", help="write build/review/packet.md for a second reader of the findings",
                        description="For each finding: the source to read and the evidence of its checks, never "
                                    "its category, severity or reason (README, 'Findings: a second reading').")
    rp.add_argument("-o", "--output", help="where to write the packet (default build/review/packet.md)")
    ns = sub.add_parser("new-study", help="scaffold a new study (data package entries, params, checks spec)")
    ns.add_argument("id")
    ns.add_argument("--from-text", dest="from_text", help="fill the scaffold with the values SOURCE prints, proposed")
    xt = sub.add_parser("extract", help="a paper's printed results (text or PDF) as rows of the audit's input")
    xt.add_argument("source")
    xt.add_argument("-o", "--output")
    cp = sub.add_parser("check-paper", help="extract, audit and group a paper's results; one bilingual page")
    cp.add_argument("source")
    cp.add_argument("--html")
    cp.add_argument("-o", "--output", help="also write the extracted rows with the audit's columns")
    cp.add_argument("--alpha", type=float, default=0.05)
    cp.add_argument("--p-equal-alpha", choices=("significant", "not_significant"), default="not_significant")
    cc = sub.add_parser("check-corpus", help="extract and audit every source under a folder on a Dask cluster")
    cc.add_argument("folder")
    cc.add_argument("-o", "--output")
    cc.add_argument("--summary", help="also write one row per paper (default: OUTPUT with _papers before .csv)")
    cc.add_argument("--scheduler", help="address of an existing Dask scheduler (default: a local cluster)")
    cc.add_argument("--workers", type=int, default=None, help="workers of the local cluster (default: one per core)")
    bc = sub.add_parser("bench-corpus", help="time check-corpus on copies of the sources: papers per second")
    bc.add_argument("--papers", type=int, default=200)
    bc.add_argument("--workers", type=int, default=None)
    bn = sub.add_parser("bench", help="time the build against its floor on this machine")
    bn.add_argument("--repeat", type=int, default=3, help="runs of each timing (the fastest is kept)")
    bn.add_argument("--only", default="", help="comma-separated sections: floor, build_times, suite, environment")
    ba = sub.add_parser("bench-audit", help="time the audit on generated rows against its floor, and its memory")
    ba.add_argument("--rows", type=int, default=100_000)
    ba.add_argument("--seed", type=int, default=20261123)
    ba.add_argument("--repeat", type=int, default=3, help="runs of the floor and of the audit (the least counts)")
    ba.add_argument("--memory-rows", type=int, default=1_000_000, help="rows whose peak memory is measured (0: none)")
    ba.add_argument("--kind-rows", type=int, default=20_000, help="rows of each kind alone for the speed per kind")
    ba.add_argument("--equivalence", type=int, default=0, metavar="ROWS",
                    help="instead: audit ROWS fixed-seed rows by the columnar and the per-row path, compare the files")
    return ap


def _run(args: argparse.Namespace) -> int:
    c = args.command
    if c == "build":
        from analysis.build import stop
        from analysis.build.pipeline import main as build
        with stop.handled():  # SIGINT and SIGTERM stop the build at its next safe point, never swallowed
            return build(args.steps or None, force=args.force, jobs=args.jobs)
    if c == "validate":
        if args.studies:
            from analysis.data.specs import validate_specs
            done = validate_specs(args.studies)
        else:  # everything the build reads, as `make all` validates it
            from analysis.build.pipeline import validate_all
            done = validate_all()
        print(f"  data valid: manifest, schemas, rules, check specs of {len(done)} "
              f"stud{'y' if len(done) == 1 else 'ies'}, parameters and notebooks")
    elif c == "tables":
        from analysis.build.tables import write_tables
        cfg = current()
        if cfg.tables == cfg.committed["tables"]:  # never the committed tables outside `make all`
            cfg = cfg.with_outputs(Path(args.output).resolve() if args.output else cfg.build / "tables")
        with use(cfg):
            write_tables()
    elif c == "notebook":
        from analysis.build.runs import run_notebook
        run_notebook(args.name, args.output, args.param_file, args.param)
    elif c == "index":
        from analysis.report.pages import write_index
        write_index(args.output)
    elif c == "screenshots":
        from analysis.build.browser import screenshots
        for png in screenshots([Path(p) for p in args.pages] or None):
            print(f"  {current().relative(png)}")
    elif c == "pdf":
        from analysis.build.browser import pdfs
        for pdf in pdfs():
            print(f"  {current().relative(pdf)}")
    elif c == "manifest":
        from analysis.data.validation import write_manifest
        write_manifest()
    elif c == "audit":
        one_blas_thread()
        from analysis.audit.run import command
        return command(args.input, args.output, html=args.html, kinds=args.kinds, alpha=args.alpha,
                       p_equal_alpha=args.p_equal_alpha, rounding=args.rounding, tolerance=args.tolerance,
                       quiet=args.quiet, jobs=args.jobs)
    elif c == "explain":
        from analysis.build.explain import command as explain
        return explain(args.check_id, args.lang)
    elif c == "review-packet":
        from analysis.build.review import command as review_packet
        return review_packet(args.output)
    elif c == "new-study" and args.from_text:
        from analysis.extract.propose import propose_study
        print(propose_study(args.id, args.from_text))
    elif c == "new-study":
        from analysis.data.scaffold import new_study
        print(new_study(args.id))
    elif c == "extract":
        from analysis.extract.commands import extract_command
        return extract_command(args.source, args.output)
    elif c == "check-paper":
        from analysis.audit.table import AuditOptions
        from analysis.extract.commands import check_paper_command
        if not 0 < args.alpha < 1:
            raise InputError(f"--alpha must lie in (0, 1), got {args.alpha}")
        return check_paper_command(args.source, args.html, args.output,
                                   AuditOptions(alpha=args.alpha, p_equal_alpha=args.p_equal_alpha))
    elif c == "check-corpus":
        from analysis.extract.corpus import command as corpus
        return corpus(args.folder, args.output, args.summary, args.scheduler, args.workers)
    elif c == "bench-corpus":
        from analysis.extract.corpus import bench
        return bench(args.papers, args.workers)
    elif c == "bench":
        from analysis.build.bench import main as bench
        return bench(repeat=args.repeat, only=args.only)
    elif c == "bench-audit":
        from analysis.audit.bench import equivalence, main as bench_audit
        if args.equivalence:
            same, total = equivalence(args.equivalence, args.seed)
            return 0 if same == total else 1
        return bench_audit(rows=args.rows, seed=args.seed, repeat=args.repeat, memory_rows=args.memory_rows,
                           kind_rows=args.kind_rows)
    return 0


BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
"""What sets the size of NumPy's BLAS thread pool, read once when NumPy is first imported."""


def one_blas_thread() -> None:
    """Start NumPy (not yet imported) with one BLAS thread unless the user chose a number: the audit does no linear
    algebra, and the pool NumPy starts otherwise costs about 0.2 s of CPU for nothing (``make bench-audit``)."""
    if "numpy" not in sys.modules:
        for name in BLAS_THREADS:
            os.environ.setdefault(name, "1")


def _interrupt(signum, frame):  # SIGTERM as an interrupt, so cleanup code runs
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit status (2 for bad input, 1 for a failed step, 130 if interrupted)."""
    args = parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        return _run(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StepFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder or file the command must write is read-only, a disk is full...
        where = current().relative(exc.filename) if exc.filename else ""
        print(f"error: {where + ': ' if where else ''}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:  # analysis.build.stop.Interrupted says whether a commit was completed
        from analysis.build.stop import Interrupted
        print(str(exc) if isinstance(exc, Interrupted) else "interrupted: the command did not complete", file=sys.stderr)
        return 130
    except Exception as exc:  # a notebook that fails in a cell
        if type(exc).__name__ != "PapermillExecutionError":
            raise
        print(f"error: notebook cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}", file=sys.stderr)
        return 2 if exc.ename == "InputError" else 1
