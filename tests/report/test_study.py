"""The study report: every section in reading order, as HTML for the page and Markdown for the notebook."""
from analysis.report import study


def test_the_page_has_every_section_in_order(zigong, figures_elsewhere):
    b = study.page(zigong)
    # the summary for reviewers first, then the findings, the printed tables, the re-analysis, the figures, the ledger
    ids = ['id="summary"', 'id="table-findings"', 'id="table-counts"', 'id="cell-', 'id="table-effects"',
           'id="figure-', 'id="table-ledger"', 'id="table-run"']
    positions = [b.html.index(i) for i in ids]
    assert positions == sorted(positions)
    assert b.md.startswith("# ")  # the notebook's Markdown (on GitHub) opens with the study's title


def test_the_template_api_is_the_sections():
    for name in ("header", "summary", "findings", "overview", "reproduction", "reanalysis", "figures_section",
                 "ledger", "page", "open_study"):
        assert callable(getattr(study, name)), name
