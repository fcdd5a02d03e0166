"""The browser helpers: the system's Chromium with no network services, never a downloaded browser."""
from analysis.build import browser


def test_flags_turn_off_the_browsers_network_services():
    assert {"--headless", "--disable-background-networking", "--disable-component-update", "--disable-sync"} \
        <= set(browser.FLAGS)
    assert browser.WIDTHS == (1300, 390)


def test_site_pages_are_the_reports_html():
    names = {p.name for p in browser.site_pages()}
    assert {"index.html", "zigong_hf_alliance.html", "cross_city.html", "glossary.html"} <= names
