"""The evidence of a study report: every ledger row anchored, every effect listed, figures written and captioned."""
import re

from analysis.report import evidence
from analysis.results.coverage import anchors


def test_the_ledger_section_anchors_every_row_with_its_verdict(zigong):
    html = evidence.ledger(zigong).html
    ids = re.findall(r'<tr id="([^"]+)">', html)
    assert ids == list(anchors(zigong.ledger))
    for a, v in zip(ids, zigong.ledger["verdict"]):
        row = html.split(f'<tr id="{a}">', 1)[1].split("</tr>", 1)[0]
        assert f'class="v v-{v}"' in row, a


def test_the_reanalysis_lists_every_effect_with_a_link_to_its_check(zigong):
    b = evidence.reanalysis(zigong)
    rows = re.findall(r"<tr><td ", b.html)
    assert len(rows) == len(zigong.effects)
    ids = list(zigong.ledger["check_id"])  # the ledger's order numbers its rows
    for cid in set(zigong.effects["check_id"]) & {c.split(".")[0] for c in ids}:
        first = next(i for i, c in enumerate(ids) if c.split(".")[0] == cid)  # the check's first part
        assert f'href="#{ids[first]}">№ {first + 1}</a>' in b.html  # linked to its row by the row's number
        assert cid.split(":", 1)[-1] not in re.sub(r'(id|href)="[^"]*"', "", b.html)  # the id only as a target


def test_figures_are_written_and_captioned_with_their_provenance(zigong, figures_elsewhere):
    b = evidence.figures_section(zigong)
    sid = zigong.study.id
    written = sorted(p.name for p in figures_elsewhere.iterdir())
    assert f"{sid}_ledger.png" in written and f"{sid}_ledger.svg" in written and f"{sid}_effects.svg" in written
    assert b.html.count("<figure>") == len(written) // 2
    assert "analysis.report.figures.ledger_figure" in b.html and evidence.LEDGER_PATH in b.html
