"""Report: what ``notebooks/study.ipynb`` calls (one function per cell), figures and the pages.

======================  ==================================================================
module                  what it holds
======================  ==================================================================
``study``               the notebook's entry points (re-exported here)
``overview``            header, what was checked, findings
``tables``              the printed tables, checked in place; derived values
``evidence``            re-analysis, figures section, the study's ledger rows
``blocks``              :class:`~analysis.report.blocks.Block` (HTML + Markdown), tables, badges
``figures``             the study figures, rendered reproducibly (PNG and SVG)
``pages``               executed notebooks as pages; the landing page; screenshots
``trails``              the page of a study's trails, one section per ledger row
======================  ==================================================================
"""
from analysis.report.study import (Context, figures_section, findings, header, ledger, open_study, overview, page,
                                   reanalysis, reproduction, run_parameters, summary)

__all__ = ["Context", "open_study", "header", "summary", "findings", "overview", "reproduction", "reanalysis",
           "figures_section", "ledger", "run_parameters", "page"]
