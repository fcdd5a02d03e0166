"""A study opened for reporting: its parameters, data, ledger, findings, effects and derived values, computed once.

The build's table writer (:mod:`analysis.build.tables`) and the study report
(:mod:`analysis.report.study`) both call :func:`open_study`; in a build's
kernel the result is remembered (:mod:`analysis.core.memo`), so the tables and
the page come from one computation.

>>> ctx = open_study(study="zigong_hf_alliance", alpha=0.05, t_test="student", tolerance=0.1,
...                  rounding="half_up", lang="en")
>>> sorted(ctx.recomputed())[:2]
['alliance_composition', 't1_characteristics']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.checks.engine import Options
from analysis.core.memo import remembered
from analysis.data import params
from analysis.data.datapackage import Resource, Study, load_study
from analysis.results import findings as findings_mod
from analysis.results import ledger as ledger_mod
from analysis.results import reanalysis as reanalysis_mod
from analysis.text.numbers import format_recomputed

__all__ = ["Context", "open_study", "recomputed_frame"]

@dataclass
class Context:
    """A study opened for reporting, with its ledger, findings and re-analysis."""

    params: dict[str, Any]
    study: Study
    ledger: pd.DataFrame
    effects: pd.DataFrame = field(repr=False)
    derived: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)
    findings: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    @property
    def lang(self) -> str:
        return self.params["lang"]

    @property
    def options(self) -> Options:
        """The engine's options of this run (alpha, rounding rule, t test, tolerance)."""
        p = self.params
        return Options(alpha=p["alpha"], rounding=p["rounding"], t_test=p["t_test"], tolerance=p["tolerance"])

    def recomputed(self) -> dict[str, pd.DataFrame]:
        """Each resource in its printed shape, derivable cells recomputed."""
        return {k: recomputed_frame(r, self.ledger, self.params["rounding"]) for k, r in self.study.resources.items()}


@remembered  # once per build: the tables and the report share it (analysis.core.memo)
def open_study(**values: Any) -> Context:
    """Validate the parameters, load and check the study.

    Raises :class:`analysis.core.errors.InputError` on an unknown or ill-typed
    parameter or an unknown study id.
    """
    p = params.validate("study", **values)
    study = load_study(p["study"])
    opts = Options(alpha=p["alpha"], rounding=p["rounding"], t_test=p["t_test"], tolerance=p["tolerance"])
    led = ledger_mod.build_ledger(study, opts)
    return Context(p, study, led, reanalysis_mod.effects(study, led), reanalysis_mod.derived(study, opts),
                   findings_mod.build_findings(led, opts.material))


def recomputed_frame(res: Resource, led: pd.DataFrame, rule: str = "half_up") -> pd.DataFrame:
    """The resource in its printed shape with each derivable cell recomputed, rounded under ``rule``
    (the ``rounding`` parameter of the run).

    A cell checked more than once shows its first check (the one from the
    table's own inputs); cells that are not derivable keep their printed text.
    """
    frame = res.frame.copy()
    rows = led[led["ref"].str.startswith(res.short + ":")]
    seen: set[str] = set()
    for r in rows.itertuples():
        if r.ref in seen or r.recomputed == "":
            continue
        seen.add(r.ref)
        _, key, name = r.ref.split(":")
        i = frame.index[frame[res.key] == key][0]
        frame.loc[i, name] = format_recomputed(r.reported, r.recomputed, r.is_p, rule)
    return frame
