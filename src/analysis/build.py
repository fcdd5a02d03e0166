"""Command-line entry points used by the Makefile: ``python -m analysis <command>``.

Commands
--------
build [--force] [-j N]
    The default build (``make all``): see :mod:`analysis.pipeline`. Tables,
    reports, figures and the landing page are committed together, only when
    all succeeded.
validate [STUDY ...]
    Checksum manifest, Frictionless schemas, domain rules, check specs.
tables [--output DIR]
    The ledger, the findings and, per study, the reproduced tables and the
    re-analysis, with the parameters each study's report uses, and the landing
    page; under ``build/tables/`` (a preview: the committed ones are written by
    ``build``, where the build's kernels compute them).
notebook NAME [--output PATH] [-f PARAMS.yaml] [-p NAME=VALUE ...]
    Execute ``notebooks/NAME.ipynb`` with papermill after validating the
    parameters (``make run``); strip run-dependent metadata; write
    ``build/<run>/<run>.ipynb`` and ``.html``, the run named after its
    parameters, and its figures beside them. Never writes under
    ``reports/``, ``tables/`` or ``figures/``: only ``build`` does.
html NOTEBOOK OUTPUT
    Render an executed notebook to a self-contained HTML page, atomically.
index [--output PATH]
    Write the landing page ``reports/index.html``.
screenshots [PAGE.html ...]
    Render pages (default: every ``reports/*.html``) with headless Chromium
    into ``build/screenshots/``.
manifest
    Rewrite ``data/raw/SHA256SUMS`` (after a deliberate change to data/raw).
audit INPUT.csv -o OUTPUT.csv [--alpha A] [--p-equal-alpha P] [--rounding R] [--tolerance T] [--html OUT.html]
    Audit a user's table of printed results with the check engine (:mod:`analysis.audit`).
new-study ID
    Scaffold a new study: data package entries, params file, checks spec (:mod:`analysis.scaffold`).
bench
    Time the build on this machine against its floor (``make bench``).

Bad input exits with status 2 and one line naming file, row and column.
"""
from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import paths
from .errors import InputError
from .outputs import atomic_write

__all__ = ["main", "notebook_defaults", "notebook_parameters", "study_parameters", "write_tables", "write_study_tables",
           "write_cross_city_tables", "run_name"]


def notebook_defaults(name: str) -> dict[str, Any]:
    """Default values declared in a notebook's ``parameters`` cell.

    >>> notebook_defaults("study")["alpha"]
    0.05
    """
    file = f"notebooks/{name}.ipynb"
    try:
        nb = json.loads((paths.NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
        cells = nb["cells"]
    except FileNotFoundError:
        raise InputError("notebook not found", file=file) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", file=file) from None
    except (KeyError, TypeError):
        raise InputError("not a notebook (no cells)", file=file) from None
    for cell in cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = "".join(cell["source"])
            out = {}
            try:
                for node in ast.parse(src).body:
                    if isinstance(node, (ast.Assign, ast.AnnAssign)):
                        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                        out[target.id] = ast.literal_eval(node.value)
            except (SyntaxError, ValueError) as exc:
                raise InputError(f"parameters cell: each line is `name: type = literal` ({exc})", file=file) from None
            return out
    raise InputError("no cell tagged 'parameters'", file=file)


def _load_yaml(path: Path) -> dict[str, Any]:
    from .params import load_yaml
    return load_yaml(path)


def notebook_parameters(name: str, params_file: str) -> dict[str, Any]:
    """Parameters of a committed report: notebook defaults, then ``params/<params_file>.yaml``."""
    from .params import validate
    path = paths.PARAMS / f"{params_file}.yaml"
    given = _load_yaml(path)
    defaults = notebook_defaults(name)
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise InputError(f"unknown parameter(s) {unknown} for notebooks/{name}.ipynb; declared: {sorted(defaults)}",
                         file=paths.relative(path))
    try:
        return validate(name, **{**defaults, **given})
    except InputError as exc:
        if exc.file is None and any(f"parameter {k!r}" in exc.message for k in given):
            raise InputError(exc.message, file=paths.relative(path)) from None
        raise


def study_parameters(study: str) -> dict[str, Any]:
    """Parameters of a study's report: ``notebooks/study.ipynb`` defaults, then ``params/<study>.yaml``."""
    return notebook_parameters("study", study)


def write_study_tables() -> None:
    """Write the ledger, the findings, and each study's reproduced tables and re-analysis."""
    import pandas as pd

    from .datapackage import study_ids
    from .report import open_study

    ledgers, findings = [], []
    for sid in study_ids():
        ctx = open_study(**study_parameters(sid))
        ledgers.append(ctx.ledger)
        for short, frame in ctx.recomputed().items():
            atomic_write(paths.TABLES / sid / f"{short}.csv", frame.to_csv(index=False, lineterminator="\n"))
        atomic_write(paths.TABLES / sid / "reanalysis.csv",
                     ctx.effects.to_csv(index=False, lineterminator="\n", float_format="%.6g"))
        atomic_write(paths.TABLES / sid / "derived.csv", ctx.derived.to_csv(index=False, lineterminator="\n"))
        findings.append(ctx.findings)
    led = pd.concat(ledgers, ignore_index=True)
    atomic_write(paths.FINDINGS, pd.concat(findings, ignore_index=True).to_csv(index=False, lineterminator="\n"))
    atomic_write(paths.LEDGER, led.to_csv(index=False, lineterminator="\n"))
    print(f"  wrote {paths.relative(paths.LEDGER)} ({len(led)} rows), {paths.relative(paths.FINDINGS)}, "
          "tables/<study>/*.csv")


def write_cross_city_tables() -> None:
    """Write ``tables/cross_city_*.csv`` with the parameters of the cross-city report."""
    from .crosscity import open_cross_city
    from .crosscity import write_tables as write_cross_city
    write_cross_city(open_cross_city(**notebook_parameters("cross_city", "cross_city")))
    print("  wrote tables/cross_city_*.csv")


def write_tables() -> None:
    """Write every table and the landing page, which reads them (:func:`write_study_tables`,
    :func:`write_cross_city_tables`, :func:`analysis.pages.write_index`)."""
    write_study_tables()
    write_cross_city_tables()
    from .pages import write_index
    write_index()


def run_name(name: str, given: dict[str, Any]) -> str:
    """A run's folder name under ``build/``: the notebook and its parameters, so runs do not collide.

    >>> run_name("study", {"study": "zigong_hf_alliance", "alpha": 0.01, "t_test": "welch"})
    'study-zigong_hf_alliance-alpha=0.01-t_test=welch'
    """
    parts = [str(given["study"])] if "study" in given else []
    parts += [f"{k}={v}" for k, v in sorted(given.items()) if k != "study"]
    safe = "-".join([name, *parts]).replace("/", "_").replace(" ", "_")
    return safe if len(safe) <= 120 else f"{name}-{hashlib.sha256(safe.encode()).hexdigest()[:12]}"


def _run_notebook(name: str, output: str | None, param_file: str | None, overrides: list[str]) -> Path:
    """``make run``: execute a notebook with other parameters under ``build/<run>/``."""
    from .notebooks import Job, Kernel, execute, render_html, reset
    reset()
    from .params import SPECS, parse_cli_value, validate

    if name not in SPECS or not (paths.NOTEBOOKS / f"{name}.ipynb").exists():
        raise InputError(f"unknown notebook {name!r}; expected one of {sorted(SPECS)}")
    values = notebook_defaults(name)
    declared = set(values)
    given: dict[str, Any] = {}
    if param_file:
        from_file = _load_yaml(Path(param_file))
        unknown = sorted(set(from_file) - declared)
        if unknown:
            raise InputError(f"unknown parameter(s) {unknown} for notebooks/{name}.ipynb; declared: {sorted(declared)}",
                             file=paths.relative(param_file))
        given.update(from_file)
    for item in overrides:
        k, sep, v = item.partition("=")
        if not sep or not k.strip():
            raise InputError(f"-p expects NAME=VALUE, got {item!r}")
        if k.strip() not in declared:
            raise InputError(f"unknown parameter {k.strip()!r} given with -p (P=) for notebooks/{name}.ipynb; "
                             f"declared: {sorted(declared)}")
        given[k.strip()] = parse_cli_value(v)
    values.update(given)
    validate(name, **values)
    run = run_name(name, given)
    out = Path(output).resolve() if output else paths.BUILD / run / f"{run}.ipynb"
    for committed in paths.COMMITTED.values():
        if out.is_relative_to(committed.resolve()):
            raise InputError(f"{paths.relative(out)}: committed outputs are written only by `make all`; "
                             "write other runs under build/ (the default)")
    figures = out.parent / "figures"
    env = {**os.environ, "ANALYSIS_FIGURES_DIR": str(figures), "ANALYSIS_TABLES_DIR": str(out.parent / "tables"),
           "ANALYSIS_REPORTS_DIR": str(out.parent)}
    print(f"==> executing notebooks/{name}.ipynb -> {paths.relative(out)} (figures in {paths.relative(figures)}/)",
          flush=True)
    kernel = Kernel(env)
    try:
        text = execute(Job(out.stem, name, given), kernel)
    finally:
        kernel.close()
    atomic_write(out, text)
    render_html(out, out.with_suffix(".html"))
    print(f"  wrote {paths.relative(out)} and {paths.relative(out.with_suffix('.html'))}")
    return out


def _html(notebook: str, output: str) -> None:
    """Render an executed notebook as a reviewer's page (no input cells, self-contained, site navigation)."""
    import nbformat

    from .pages import notebook_page

    nb = nbformat.read(notebook, as_version=4)
    atomic_write(output, notebook_page(nb, Path(output).resolve()))


def _add_audit_commands(sub) -> None:
    """The ``audit`` and ``new-study`` subcommands (self-contained; see analysis.audit, analysis.scaffold)."""
    from .rounding import RULES
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
    n = sub.add_parser("new-study", help="scaffold a new study (data package entries, params, checks spec)")
    n.add_argument("id")


def _run_audit_commands(args) -> int:
    if args.command == "new-study":
        from .scaffold import new_study
        print(new_study(args.id))
        return 0
    from .audit import AuditOptions, kinds_help, run
    if args.kinds:
        print(kinds_help())
        return 0
    if not args.input or not args.output:
        raise InputError("usage: python -m analysis audit INPUT.csv -o OUTPUT.csv [options]")
    if not 0 < args.alpha < 1:
        raise InputError(f"--alpha must lie in (0, 1), got {args.alpha}")
    if not 0 <= args.tolerance < 1:
        raise InputError(f"--tolerance must lie in [0, 1), got {args.tolerance}")
    opts = AuditOptions(alpha=args.alpha, p_equal_alpha=args.p_equal_alpha, rounding=args.rounding,
                        tolerance=args.tolerance)
    counts = run(args.input, args.output, opts, args.html)
    total = sum(counts.values())
    print(f"  audited {total} row{'s' if total != 1 else ''} -> {args.output}"
          + (f", {args.html}" if args.html else "") + ": "
          + ", ".join(f"{v} {k}" for k, v in sorted(counts.items())))
    return 0


def _interrupt(signum, frame):  # SIGTERM as an interrupt, so cleanup code runs
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit status (2 for bad input, 1 for a failed step, 130 if interrupted)."""
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
    h = sub.add_parser("html", help="render an executed notebook to HTML")
    h.add_argument("notebook")
    h.add_argument("output")
    ix = sub.add_parser("index", help="write the landing page reports/index.html")
    ix.add_argument("--output")
    sc = sub.add_parser("screenshots", help="render pages with headless Chromium into build/screenshots/")
    sc.add_argument("pages", nargs="*")
    sub.add_parser("manifest", help="rewrite data/raw/SHA256SUMS")
    _add_audit_commands(sub)
    sub.add_parser("bench", help="time the build against its floor on this machine")
    args = ap.parse_args(argv)
    import signal
    if threading_main():
        signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.command == "build":
            from .pipeline import main as build
            return build(args.steps or None, force=args.force, jobs=args.jobs)
        if args.command == "validate":
            if args.studies:
                from .specs import validate_specs
                done = validate_specs(args.studies)
            else:  # everything the build reads, as `make all` validates it
                from .pipeline import validate_all
                done = validate_all()
            print(f"  data valid: manifest, schemas, rules, check specs of {len(done)} "
                  f"stud{'y' if len(done) == 1 else 'ies'}, parameters and notebooks")
        elif args.command == "tables":
            if not os.environ.get("ANALYSIS_TABLES_DIR"):  # never the committed tables outside `make all`
                paths.redirect(Path(args.output).resolve() if args.output else paths.BUILD / "tables")
            write_tables()
        elif args.command == "notebook":
            _run_notebook(args.name, args.output, args.param_file, args.param)
        elif args.command == "html":
            from .notebooks import quiet_imports
            quiet_imports()
            _html(args.notebook, args.output)
        elif args.command == "index":
            from .pages import write_index
            write_index(args.output)
        elif args.command == "screenshots":
            from .pages import screenshots
            for png in screenshots(args.pages or None):
                print(f"  {paths.relative(png)}")
        elif args.command == "manifest":
            from .datapackage import write_manifest
            write_manifest()
        elif args.command in ("audit", "new-study"):
            return _run_audit_commands(args)
        elif args.command == "bench":
            from .bench import main as bench
            return bench([])
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a folder or file the command must write is read-only, a disk is full...
        where = paths.relative(exc.filename) if exc.filename else ""
        print(f"error: {where + ': ' if where else ''}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: the outputs of the last complete build are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # a failed step or a notebook that fails in a cell
        from .pipeline import StepFailed
        if isinstance(exc, StepFailed):
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if type(exc).__name__ != "PapermillExecutionError":
            raise
        print(f"error: notebook cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}", file=sys.stderr)
        return 2 if exc.ename == "InputError" else 1
    return 0


def threading_main() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()
