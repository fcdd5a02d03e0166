"""The trails page of each study: written by the build, one section per ledger row, linked both ways."""
import re

import pandas as pd
import pytest

from analysis.build.runs import study_parameters
from analysis.core.config import current
from analysis.data.datapackage import study_ids
from analysis.report import pages, trails
from analysis.report.evidence import ledger
from analysis.results.coverage import anchors
from analysis.results.study import open_study


def _sections(text: str) -> list[str]:
    return re.findall(r'<section id="([^"]+:[^"]+)">', text)


@pytest.mark.parametrize("sid", study_ids())
def test_the_committed_trails_page_holds_every_trail_the_build_writes(sid):
    """The site's page (reports/<study>_trails.html) holds the trails of today's code and data, in order."""
    ctx = open_study(**study_parameters(sid))
    committed = (current().reports / trails.name(sid)).read_text(encoding="utf-8")
    fresh = trails.body(ctx)
    assert _sections(committed) == _sections(fresh)
    for section in re.findall(r"<section .*?</section>", fresh, re.S)[:3]:
        assert re.sub(r"<[^>]+>", "", section)[:400] in re.sub(r"<[^>]+>", "", committed)


@pytest.mark.parametrize("sid", study_ids())
def test_every_ledger_row_links_to_its_trail_and_back(sid):
    led = pd.read_csv(current().ledger, dtype=str, keep_default_na=False)
    ids = list(anchors(led[led["study"] == sid].reset_index(drop=True)))
    report = (current().reports / f"{sid}.html").read_text(encoding="utf-8")
    page = (current().reports / f"{sid}_trails.html").read_text(encoding="utf-8")
    assert _sections(page) == ids
    for a in ids:
        assert f'href="{sid}_trails.html#{a}"' in report, a
        assert f'<a href="{sid}.html#{a}">' in page, a


def test_a_trail_on_the_page_links_its_files_and_its_finding():
    ctx = open_study(**study_parameters("zigong_hf_alliance"))
    body = trails.body(ctx)
    start = body.index('<section id="zigong_hf_alliance:t2_inpatient_county_growth">')
    section = body[start:body.index("</section>", start)]
    assert '<a href="../data/raw/zigong_hf_alliance/t2_operational_capacity.csv"><code>' \
           'data/raw/zigong_hf_alliance/t2_operational_capacity.csv:7</code></a>' in section
    assert '<a href="../data/checks/zigong_hf_alliance.csv"><code>data/checks/zigong_hf_alliance.csv:12</code></a>' \
        in section
    assert "100 × (1792 − 1331) / 1331 = 34.64" in section
    assert ('<a href="zigong_hf_alliance.html#finding-zigong_hf_alliance-zigong_hf_alliance:t2_inpatient_county_growth">'
            in section)
    assert '<span lang="zh">增长率（%），即 100 × (after − before) / before</span>' in section


def test_the_ledger_section_links_each_row_in_the_pages_language():
    ctx = open_study(**{**study_parameters("qingpu_medical_group"), "lang": "zh"})
    html = ledger(ctx).html
    assert 'class="trail" href="qingpu_medical_group_trails.html#qingpu_medical_group:copd_completion">⤷ 溯源</a>' in html
    n = list(ctx.ledger["check_id"]).index("qingpu_medical_group:copd_completion") + 1
    assert f"[№ {n}](qingpu_medical_group_trails.html#qingpu_medical_group:copd_completion)" in ledger(ctx).md


def test_a_run_writes_its_trails_beside_its_report(tmp_path):
    ctx = open_study(**{**study_parameters("qingpu_medical_group"), "lang": "en"})
    path = trails.write(ctx, tmp_path, "study-qingpu_medical_group-lang=en.html")
    text = path.read_text(encoding="utf-8")
    assert '<a href="study-qingpu_medical_group-lang=en.html#qingpu_medical_group:copd_completion">' in text
    assert pages.page_title(text) == "Trails of the checked numbers: " + ctx.study.meta["title"]
