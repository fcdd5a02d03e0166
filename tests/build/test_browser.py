"""The browser helpers: the system's Chromium with no network services, never a downloaded browser."""
from analysis.build import browser


def test_flags_turn_off_the_browsers_network_services():
    assert {"--headless", "--disable-background-networking", "--disable-component-update", "--disable-sync"} \
        <= set(browser.FLAGS)
    assert browser.WIDTHS == (1300, 390)


def test_site_pages_are_the_reports_html():
    names = {p.name for p in browser.site_pages()}
    assert {"index.html", "zigong_hf_alliance.html", "cross_city.html", "glossary.html"} <= names


def test_make_pdf_prints_the_study_pages_and_the_cross_city_page(tmp_path):
    """Issue 18 (second reader): make pdf printed the study pages only."""
    import pytest
    if not browser.available():
        pytest.skip(f"needs Chromium: {browser.INSTALL}")
    from pypdf import PdfReader
    done = browser.pdfs(["cross_city"], tmp_path)
    assert [p.name for p in done] == ["cross_city.pdf"]
    assert round(float(PdfReader(str(done[0])).pages[0].mediabox.width) / 72 * 25.4) == 210  # A4
    from analysis.data.datapackage import study_ids
    assert browser.pdf_pages() == [*study_ids(), "cross_city"]  # what make pdf prints by default
