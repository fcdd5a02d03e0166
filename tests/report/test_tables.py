"""The printed tables of a study report: each checked number marked in place with its verdict and anchor."""
import re

from analysis.report import tables
from analysis.results.coverage import numbers


def test_every_checked_cell_is_marked_with_its_worst_verdict_and_linked(zigong):
    html = tables.reproduction(zigong).html
    marked = re.findall(r'<td data-label="[^"]*" class="v-([a-z_]+)" id="cell-([^"]+)"><a class="cellref" href="#\2"', html)
    nums = numbers(zigong.ledger)
    in_tables = nums[nums["ref"].str.split(":").str[0].isin([r.short for r in zigong.study.resources.values()])]
    assert sorted(marked) == sorted(zip(in_tables["verdict"], in_tables["anchor"]))


def test_every_printed_table_has_its_heading_and_transcription_link(zigong):
    html = tables.reproduction(zigong).html
    for t in zigong.study.tables:
        assert f'id="table-{re.sub(r"[^A-Za-z0-9]+", "-", t).strip("-").lower()}"' in html, t
    for res in zigong.study.resources.values():
        assert f'<code>data/{res.descriptor["path"]}</code>' in html, res.name
