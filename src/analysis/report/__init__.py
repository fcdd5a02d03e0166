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
``pages``               standalone pages (the landing page, a run's page) around a body
``trails``              the page of a study's trails, one section per ledger row
``glossary``            the site's glossary and links to its terms
``style``               the site's style sheet and script
======================  ==================================================================

The notebook's entry points are loaded on first use (``report.header``...): the site's build needs only the
light modules (``glossary``, ``style``) and does not import the figures' scientific stack.
"""
__all__ = ["Context", "open_study", "header", "summary", "findings", "overview", "reproduction", "reanalysis",
           "figures_section", "ledger", "run_parameters", "page"]


def __getattr__(name: str):
    """``report.<entry point>``: the study module's function, imported on first use."""
    if name in __all__:
        from analysis.report import study
        return getattr(study, name)
    raise AttributeError(f"module 'analysis.report' has no attribute {name!r}")
