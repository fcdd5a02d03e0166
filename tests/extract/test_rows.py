"""An extracted row in the audit's columns, its reason and inferences rendered from the catalogue."""
import csv
import io

from analysis.extract.rows import COLUMNS, Row, rows_csv, to_record
from analysis.text.catalogue import Msg


def test_a_row_as_csv_cells():
    r = Row("growth", {"target": "40"}, 13, "Abstract", "", "about 40%").unchecked(Msg.of("extract.reason.no_base"))
    rec = to_record(r)
    assert rec["status"] == "unchecked" and rec["reason"] == "the base of the change is not printed"
    assert to_record(r, "zh")["reason"] == "\u672a\u5370\u5237\u53d8\u5316\u7684\u57fa\u6570"
    back = list(csv.DictReader(io.StringIO(rows_csv([r]))))
    assert list(back[0]) == list(COLUMNS) and back[0]["source_line"] == "13" and back[0]["kind"] == "growth"
    assert Row("sum").status == "checkable"
