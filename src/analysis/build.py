"""Command-line entry points used by the Makefile: ``python -m analysis <command>``.

Commands
--------
validate [STUDY ...]
    Checksum manifest, Frictionless schemas, domain rules, check specs.
tables
    ``tables/consistency_ledger.csv`` and, per study, the reproduced tables and
    the re-analysis, with the parameters each study's report uses.
notebook NAME --output PATH [-f PARAMS.yaml] [-p NAME=VALUE ...]
    Execute ``notebooks/NAME.ipynb`` with papermill after validating the
    parameters; strip run-dependent metadata; replace PATH atomically.
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

Bad input exits with status 2 and one line naming file, row and column.
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import sys
from pathlib import Path
from typing import Any

from . import paths
from .errors import InputError
from .outputs import atomic_write, strip_notebook

__all__ = ["main", "notebook_defaults", "notebook_parameters", "study_parameters", "write_tables"]


def notebook_defaults(name: str) -> dict[str, Any]:
    """Default values declared in a notebook's ``parameters`` cell.

    >>> notebook_defaults("study")["alpha"]
    0.05
    """
    nb = json.loads((paths.NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = "".join(cell["source"])
            out = {}
            for node in ast.parse(src).body:
                if isinstance(node, (ast.Assign, ast.AnnAssign)):
                    target = node.targets[0] if isinstance(node, ast.Assign) else node.target
                    out[target.id] = ast.literal_eval(node.value)
            return out
    raise InputError("no cell tagged 'parameters'", file=f"notebooks/{name}.ipynb")


def _load_yaml(path: Path) -> dict[str, Any]:
    import yaml
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise InputError("parameter file not found", file=paths.relative(path)) from None
    if not isinstance(data, dict):
        raise InputError("a parameter file is a mapping name: value", file=paths.relative(path))
    return data


def notebook_parameters(name: str, params_file: str) -> dict[str, Any]:
    """Parameters of a committed report: notebook defaults, then ``params/<params_file>.yaml``."""
    from .params import validate
    values = {**notebook_defaults(name), **_load_yaml(paths.PARAMS / f"{params_file}.yaml")}
    return validate(name, **values)


def study_parameters(study: str) -> dict[str, Any]:
    """Parameters of a study's report: ``notebooks/study.ipynb`` defaults, then ``params/<study>.yaml``."""
    return notebook_parameters("study", study)


def write_tables() -> None:
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
    from .crosscity import open_cross_city
    from .crosscity import write_tables as write_cross_city
    write_cross_city(open_cross_city(**notebook_parameters("cross_city", "cross_city")))
    print(f"  wrote {paths.relative(paths.LEDGER)} ({len(led)} rows), {paths.relative(paths.FINDINGS)}, "
          "tables/<study>/*.csv, tables/cross_city_*.csv")


def _run_notebook(name: str, output: str, param_file: str | None, overrides: list[str]) -> None:
    import papermill as pm

    from .params import SPECS, parse_cli_value, validate

    source = paths.NOTEBOOKS / f"{name}.ipynb"
    if not source.exists() or name not in SPECS:
        raise InputError(f"unknown notebook {name!r}; expected one of {sorted(SPECS)}")
    values = notebook_defaults(name)
    declared = set(values)
    given: dict[str, Any] = {}
    if param_file:
        given.update(_load_yaml(Path(param_file)))
    for item in overrides:
        k, sep, v = item.partition("=")
        if not sep:
            raise InputError(f"-p expects NAME=VALUE, got {item!r}")
        given[k.strip()] = parse_cli_value(v)
    unknown = sorted(set(given) - declared)
    if unknown:
        raise InputError(f"unknown parameter(s) {unknown} for notebooks/{name}.ipynb; declared: {sorted(declared)}",
                         file=param_file)
    values.update(given)
    validate(name, **values)
    out = Path(output).resolve()
    tmp = out.with_name(f".{out.stem}.running.ipynb")
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.parent != paths.REPORTS.resolve():  # not a committed report: keep its figures beside it
        os.environ["ANALYSIS_FIGURES_DIR"] = str(out.parent / "figures")
    try:
        pm.execute_notebook(str(source), str(tmp), parameters=given, progress_bar=True, log_output=False,
                            cwd=str(paths.NOTEBOOKS), kernel_name="python3", report_mode=False)
        nb = strip_notebook(json.loads(tmp.read_text(encoding="utf-8")))
        atomic_write(out, json.dumps(nb, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    finally:
        tmp.unlink(missing_ok=True)


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


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the exit status."""
    ap = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate data/raw, the data package and the check specs")
    v.add_argument("studies", nargs="*")
    sub.add_parser("tables", help="write the ledger and reproduced tables")
    n = sub.add_parser("notebook", help="execute a notebook with papermill")
    n.add_argument("name")
    n.add_argument("--output", required=True)
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
    args = ap.parse_args(argv)
    try:
        if args.command == "validate":
            from .specs import validate_specs
            done = validate_specs(args.studies or None)
            print(f"  data valid: manifest, schemas, rules and check specs of {len(done)} stud{'y' if len(done) == 1 else 'ies'}")
        elif args.command == "tables":
            write_tables()
        elif args.command == "notebook":
            _run_notebook(args.name, args.output, args.param_file, args.param)
        elif args.command == "html":
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
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a notebook that fails in a cell
        if type(exc).__name__ != "PapermillExecutionError":
            raise
        print(f"error: notebook cell {exc.exec_count} failed: {exc.ename}: {exc.evalue}", file=sys.stderr)
        return 2 if exc.ename == "InputError" else 1
    return 0
