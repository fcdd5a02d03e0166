"""check-paper's grouping and page: findings by the compendium's rules, each linked to its line, every sentence
from the catalogue in both languages."""
import re
from html.parser import HTMLParser

from analysis.extract.check import check, render_page
from analysis.extract.paper import extract
from analysis.extract.source import read_source
from tests.extract.conftest import FIXTURES


def _done():
    return check(extract(read_source(FIXTURES / "zh_paper.txt")))


def test_findings_group_a_test_with_its_parts_and_lead_with_the_changed_conclusion():
    done = _done()
    f = done.findings
    assert list(f["severity"]) == ["changes_conclusion", "minor"]  # 21.00 for 20.00: 4.98% off, under 5%
    assert f.loc[0, "checks"] == "L31.3.p;L31.3.p_implied"  # t = 0.808 reproduces; its p does not
    assert f.loc[0, "category"] == "inconsistent_test" and "60 and 58" in f.loc[0, "summary_en"]
    assert f.loc[1, "checks"] == "L39.2" and f.loc[1, "category"] == "typographical_error"
    assert done.verdicts["L31.3"] == "inconsistent_conclusion" and done.verdicts["L23.2"] == "consistent"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])


def test_the_page_leads_with_the_verdict_and_links_every_finding_to_its_line():
    page = render_page(_done())
    body = page[page.index("<main>"):]
    assert body.index("1 change(s) a conclusion") < body.index("Findings, most serious first")
    assert "\u6539\u53d8\u7ed3\u8bba" in body  # the Chinese beside the English
    links = _Links()
    links.feed(page)
    assert {"L31", "L39"} <= set(links.hrefs) and set(links.hrefs) <= links.ids
    assert not re.search(r"<(script|link|img)\b", page)  # self-contained
