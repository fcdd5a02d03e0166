"""Running a notebook outside the build: its declared parameters, checked values, a run folder of its own.

``make run`` (``python -m analysis notebook``) executes ``notebooks/NAME.ipynb``
with other parameters under ``build/<run>/``, the run named after its
parameters; it never writes under ``reports/``, ``tables/`` or ``figures/``
(only the build does). The committed reports take their parameters from
``params/<report>.yaml`` over the notebook's defaults
(:func:`notebook_parameters`).
"""
from __future__ import annotations

import ast
import hashlib
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from analysis.core.config import current
from analysis.core.errors import InputError
from analysis.core.outputs import atomic_write
from analysis.data.params import SPECS, load_yaml, parse_cli_value, validate

__all__ = ["notebook_defaults", "notebook_parameters", "study_parameters", "run_name", "run_notebook"]


def notebook_defaults(name: str) -> dict[str, Any]:
    """Default values declared in a notebook's ``parameters`` cell.

    >>> notebook_defaults("study")["alpha"]
    0.05
    """
    file = f"notebooks/{name}.ipynb"
    try:
        nb = json.loads((current().notebooks / f"{name}.ipynb").read_text(encoding="utf-8"))
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


def notebook_parameters(name: str, params_file: str) -> dict[str, Any]:
    """Parameters of a committed report: notebook defaults, then ``params/<params_file>.yaml``."""
    path = current().params / f"{params_file}.yaml"
    given = load_yaml(path)
    defaults = notebook_defaults(name)
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        raise InputError(f"unknown parameter(s) {unknown} for notebooks/{name}.ipynb; declared: {sorted(defaults)}",
                         file=current().relative(path))
    try:
        return validate(name, **{**defaults, **given})
    except InputError as exc:
        if exc.file is None and any(f"parameter {k!r}" in exc.message for k in given):
            raise InputError(exc.message, file=current().relative(path)) from None
        raise


def study_parameters(study: str) -> dict[str, Any]:
    """Parameters of a study's report: ``notebooks/study.ipynb`` defaults, then ``params/<study>.yaml``."""
    return notebook_parameters("study", study)


def run_name(name: str, given: dict[str, Any]) -> str:
    """A run's folder name under ``build/``: the notebook and its parameters, so runs do not collide.

    >>> run_name("study", {"study": "zigong_hf_alliance", "alpha": 0.01, "t_test": "welch"})
    'study-zigong_hf_alliance-alpha=0.01-t_test=welch'
    """
    parts = [str(given["study"])] if "study" in given else []
    parts += [f"{k}={v}" for k, v in sorted(given.items()) if k != "study"]
    safe = "-".join([name, *parts]).replace("/", "_").replace(" ", "_")
    return safe if len(safe) <= 120 else f"{name}-{hashlib.sha256(safe.encode()).hexdigest()[:12]}"


def run_notebook(name: str, output: str | None, param_file: str | None, overrides: list[str]) -> Path:
    """``make run``: execute a notebook with other parameters under ``build/<run>/``."""
    from analysis.build.kernels import Job, Kernel, execute, reset
    reset()

    if name not in SPECS or not (current().notebooks / f"{name}.ipynb").exists():
        raise InputError(f"unknown notebook {name!r}; expected one of {sorted(SPECS)}")
    values = notebook_defaults(name)
    declared = set(values)
    given: dict[str, Any] = {}
    if param_file:
        from_file = load_yaml(Path(param_file))
        unknown = sorted(set(from_file) - declared)
        if unknown:
            raise InputError(f"unknown parameter(s) {unknown} for notebooks/{name}.ipynb; declared: {sorted(declared)}",
                             file=current().relative(param_file))
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
    out = Path(output).resolve() if output else current().build / run / f"{run}.ipynb"
    for committed in current().committed.values():
        if out.is_relative_to(committed.resolve()):
            raise InputError(f"{current().relative(out)}: committed outputs are written only by `make all`; "
                             "write other runs under build/ (the default)")
    figures = out.parent / "figures"
    run_cfg = replace(current(), reports=out.parent, tables=out.parent / "tables", figures=figures)
    env = {**os.environ, **run_cfg.environment()}
    print(f"==> executing notebooks/{name}.ipynb -> {current().relative(out)} (figures in {current().relative(figures)}/)",
          flush=True)
    kernel = Kernel(env)
    try:
        text = execute(Job(out.stem, name, given), kernel)
    finally:
        kernel.close()
    atomic_write(out, text)
    if name == "study":  # the trails its ledger rows link to, beside it and under the run's parameters
        from analysis.report import trails
        from analysis.results.study import open_study
        trails.write(open_study(**validate(name, **values)), out.parent, out.with_suffix(".html").name)
    from analysis.build.site import build_run_site
    page = build_run_site(out, str(values.get("lang", "both")))
    print(f"  wrote {current().relative(out)} and the site beside it: {current().relative(page)}"
          + (f", {current().relative(out.parent / trails.name(values['study']))}" if name == "study" else ""))
    return out
