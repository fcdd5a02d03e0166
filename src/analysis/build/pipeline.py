"""The compendium's build (``make all``): validate every input, write every output, commit them together.

:func:`main` (``python -m analysis build``)

1. checks that the ``analysis`` package imported is this clone's;
2. hashes every input (:mod:`analysis.core.provenance`: data, check
   specifications, coding, parameters, notebooks, the package, the lock) and
   every output recorded in ``build/state.json``; if the input digest changed,
   or an output is missing or differs from its recorded hash, the one step
   ``outputs`` is out of date;
3. runs it as one transaction (:class:`analysis.build.transaction.Transaction`):
   two kernels write the tables and execute the reports into the staging
   folders (``.reports.stage/outputs/`` beside ``reports/``, and so on) while :func:`validate_all` checks every input, and
   everything is committed only if both succeeded.

>>> [s.name for s in steps()]
['outputs']
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from analysis.build.transaction import Step, Transaction
from analysis.core.config import OUTPUTS, current, use
from analysis.core.errors import InputError
from analysis.core.provenance import hash_files, input_files, inputs_digest

__all__ = ["check_environment", "steps", "validate_all", "transaction", "main"]


def check_environment(root: Path) -> None:
    """Stop unless the imported ``analysis`` package is the one in ``root/src``.

    An active environment from another clone (its editable install points
    there) would otherwise build that clone.
    """
    here = Path(__file__).resolve().parents[1]  # the analysis package this module belongs to
    want = (Path(root).resolve() / "src" / "analysis")
    if here != want:
        raise InputError(f"the Python environment in use ({sys.prefix}) imports analysis from {here.parent}, "
                         f"not from this clone ({want.parent}); deactivate it (or `pip install -e .` here) "
                         "and run make again")


def _outputs(stage: Path, jobs: int | None = None) -> None:
    """Write every table, execute and render every report, then the landing page: on two kernels.

    One kernel writes the cross-city tables, then executes the cross-city report; the other writes the
    ledger, the findings and the studies' tables, then executes the study reports. A report's context is
    the one its tables were written from (:func:`analysis.core.memo.remembered`, keyed by the digest of the
    inputs), so each study and the comparison are computed once per build. With one core (``-j 1``) the
    two lanes run in turn on one kernel.
    """
    from analysis.build.kernels import Job, report_jobs, run_lanes
    reports = report_jobs()
    lanes = [
        [Job("writing tables/cross_city_*.csv",
             call="from analysis.build.tables import write_cross_city_tables; write_cross_city_tables()"),
         *[j for j in reports if j.notebook == "cross_city"]],
        [Job("writing tables/consistency_ledger.csv, tables/findings.csv, tables/<study>/*.csv",
             call="from analysis.build.tables import write_study_tables; write_study_tables()"),
         *[j for j in reports if j.notebook != "cross_city"]],
    ]
    if (jobs or os.cpu_count() or 2) < 2:
        lanes = [lanes[0] + lanes[1]]
    final = [Job("writing reports/index.html", call="from analysis.report.pages import write_index; write_index()")]
    # each output folder of the stage links to its staging folder beside the committed one: the kernels are
    # given the real folders, so that every path they print or link resolves to one name
    kernel = replace(current(), build_inputs=inputs_digest(), **{name: (stage / name).resolve() for name in OUTPUTS})
    import threading

    from analysis.build.site import build_site, prepare
    loading = threading.Thread(target=prepare, name="site-imports", daemon=True)  # Sphinx loads beside the kernels
    loading.start()
    with use(kernel):  # the pages rendered here link as the kernels' pages do
        run_lanes(lanes, stage, env={**os.environ, **kernel.environment()}, final=final)
        from analysis.build.tables import write_licences
        write_licences()
        loading.join()
        from analysis.build import stop
        if stop.requested() is not None:  # interrupted meanwhile: the stage is being removed
            return
        print("==> building the site (Sphinx, MyST-NB): reports/*.html", flush=True)
        build_site(stage, jobs=min(2, jobs or os.cpu_count() or 1))


def steps(jobs: int | None = None) -> list[Step]:
    """The build's one step: tables, reports, figures and the landing page, committed together."""
    return [Step("outputs", lambda stage: _outputs(stage, jobs),
                 "tables/*.csv, tables/<study>/*.csv, reports/*.ipynb, reports/*.html, reports/index.html, figures/*")]


def validate_all() -> list[str]:
    """Every input, before anything is committed: data package, check specifications, parameters,
    notebooks. Returns the studies validated."""
    from analysis.build.runs import notebook_defaults, notebook_parameters
    from analysis.data.params import SPECS
    from analysis.data.specs import validate_specs
    done = validate_specs()
    for name in SPECS:
        notebook_defaults(name)
    from analysis.data.params import check_report_name
    for p in sorted(current().params.glob("*.yaml")):  # each is a page reports/<stem>.html: no name may collide
        check_report_name(p.stem, file=current().relative(p), study=p.stem != "cross_city")
        notebook_parameters("cross_city" if p.stem == "cross_city" else "study", p.stem)
    return done


def transaction(jobs: int | None = None, checkpoint=None) -> Transaction:
    """The compendium's build as a :class:`~analysis.build.transaction.Transaction` over the configured root."""
    from analysis.build.kernels import cancel_all, reap
    root = current().root
    tx = Transaction(root, steps(jobs), lambda: hash_files(root, input_files(root)), validate_all,
                     abort=cancel_all, checkpoint=checkpoint, output_roots=OUTPUTS)
    tx.before_recovery = reap  # a killed build's kernels die before its stage is removed
    return tx


def main(names: list[str] | None = None, force: bool = False, jobs: int | None = None) -> int:
    """``python -m analysis build [STEP ...]``; returns the exit status."""
    t0 = time.time()
    if current().clone is not None:  # the Makefile says which clone make runs in
        check_environment(current().clone)
    from analysis.build.kernels import quiet_imports, reset
    quiet_imports()  # before validation (frictionless) and the site (nbformat) import jsonschema on two threads
    reset()
    tx = transaction(jobs)
    unknown = sorted(set(names or ()) - set(tx.steps))
    if unknown:
        raise InputError(f"unknown build step(s) {unknown}; steps: {sorted(tx.steps)}")
    if tx.run(names, force=force):
        print(f"==> done in {time.time() - t0:.1f} s: reports/*.html, tables/consistency_ledger.csv, figures/")
    return 0
