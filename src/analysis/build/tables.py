"""The table writers the build runs on its kernels: the ledger, the findings, each study's tables, the
cross-city tables and the landing page.

Each writes where the configuration says (:func:`analysis.core.config.current`):
the build's staging folder in the build, ``build/tables/`` for a preview
(``python -m analysis tables``).
"""
from __future__ import annotations

import pandas as pd

from analysis.build.runs import notebook_parameters, study_parameters
from analysis.core.config import current
from analysis.core.outputs import atomic_write

__all__ = ["write_tables", "write_study_tables", "write_cross_city_tables", "write_licences", "OUTPUT_LICENCE"]

OUTPUT_LICENCE = """# Licence of this folder: CC BY 4.0

The generated outputs in `{folder}/` (written by `make all`) are licensed under the
[Creative Commons Attribution 4.0 International licence (CC BY 4.0)](https://creativecommons.org/licenses/by/4.0/).
They contain the sources' printed numbers with pointers, never their sentences. Cite the compendium
(`CITATION.cff`) and the sources it lists.
"""
"""The licence file of each output folder (``reports/``, ``tables/``, ``figures/``): an output of the build like
the rest, so that deleting a folder and running ``make all`` restores it."""


def write_licences() -> None:
    """Write ``LICENSE.md`` into each output folder the configuration names."""
    from analysis.core.config import OUTPUTS
    for name in OUTPUTS:
        atomic_write(getattr(current(), name) / "LICENSE.md", OUTPUT_LICENCE.format(folder=name))


def write_study_tables() -> None:
    """Write the ledger, the findings, each study's reproduced tables and re-analysis, and the page of the
    trails its report's ledger rows link to (``reports/<study>_trails.html``)."""
    from analysis.data.datapackage import study_ids
    from analysis.report import trails
    from analysis.results.ledger import LEDGER_COLUMNS
    from analysis.results.reanalysis import DERIVED_COLUMNS, EFFECT_COLUMNS
    from analysis.results.study import open_study

    ledgers, findings = [], []
    for sid in study_ids():
        ctx = open_study(**study_parameters(sid))
        ledgers.append(ctx.ledger[LEDGER_COLUMNS])  # the facts of the in-memory ledger are not written
        for short, frame in ctx.recomputed().items():
            atomic_write(current().tables / sid / f"{short}.csv", frame.to_csv(index=False, lineterminator="\n"))
        atomic_write(current().tables / sid / "reanalysis.csv",
                     ctx.effects[EFFECT_COLUMNS].to_csv(index=False, lineterminator="\n", float_format="%.6g"))
        atomic_write(current().tables / sid / "derived.csv",
                     ctx.derived[DERIVED_COLUMNS].to_csv(index=False, lineterminator="\n"))
        findings.append(ctx.findings)
        trails.write(ctx)
    led = pd.concat(ledgers, ignore_index=True)
    atomic_write(current().findings, pd.concat(findings, ignore_index=True).to_csv(index=False, lineterminator="\n"))
    atomic_write(current().ledger, led.to_csv(index=False, lineterminator="\n"))
    print(f"  wrote {current().relative(current().ledger)} ({len(led)} rows), {current().relative(current().findings)}, "
          "tables/<study>/*.csv, reports/<study>_trails.html")


def write_cross_city_tables() -> None:
    """Write ``tables/cross_city_*.csv`` with the parameters of the cross-city report."""
    from analysis.crosscity.compute import open_cross_city
    from analysis.crosscity.tables import write_tables as write_cross_city
    write_cross_city(open_cross_city(**notebook_parameters("cross_city", "cross_city")))
    print("  wrote tables/cross_city_*.csv")


def write_tables() -> None:
    """Write every table and the landing page, which reads them (:func:`write_study_tables`,
    :func:`write_cross_city_tables`, :func:`analysis.report.pages.write_index`)."""
    write_study_tables()
    write_cross_city_tables()
    from analysis.report.pages import write_index
    write_index()
