"""What ``notebooks/study.ipynb`` calls: one function per cell, each returning one :class:`Block`.

The template knows nothing of any particular study: it opens the study named
by its parameter (:func:`analysis.results.study.open_study`) and renders
whatever tables the data package declares for it. Each section is a
:class:`~analysis.report.blocks.Block`: HTML for the rendered page
(``reports/<study>.html``) and Markdown for readers of the notebook on GitHub.

>>> ctx = open_study(study="consortium_overview", alpha=0.05, t_test="student", tolerance=0.1,
...                  rounding="half_up", lang="en")
>>> header(ctx).html.startswith('<div id="summary"')  # (page() would also draw the figures)
True
"""
from __future__ import annotations

from analysis.report.blocks import Block
from analysis.report.evidence import figures_section, ledger, reanalysis
from analysis.report.overview import findings, header, overview, run_parameters, summary
from analysis.report.tables import reproduction
from analysis.results.study import Context, open_study

__all__ = ["Context", "open_study", "header", "summary", "findings", "overview", "reproduction", "reanalysis",
           "figures_section", "ledger", "run_parameters", "page"]

def page(ctx: Context) -> Block:
    """Every section of a study report, in reading order (what the notebook shows, cell by cell)."""
    return (header(ctx) + findings(ctx) + summary(ctx) + reproduction(ctx) + reanalysis(ctx) + figures_section(ctx)
            + ledger(ctx) + run_parameters(ctx))
