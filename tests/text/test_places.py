"""The one section renderer and the one place renderer (analysis.text.places)."""
import pytest

from analysis.text.catalogue import Text
from analysis.text.places import place, section_known, section_text


@pytest.mark.parametrize("name, zh", [
    ("3.1", "第3.1节"), ("Abstract", "摘要"), ("abstract", "摘要"), ("introduction", "引言"), ("intro", "引言"),
    ("conclusion", "结论"), ("references", "参考文献"), ("case 2", "案例2"), ("1; 2.1", "第1节；第2.1节"),
    ("3.1; case 2", "第3.1节；案例2"), ("3.1 and case 2", "第3.1节、案例2"), ("一(二)", "第一(二)节"),
    ("一 (after Table 1)", "第一节（表1之后）"),
])
def test_a_section_is_named_in_chinese_by_rule(name, zh):
    s = section_text(name)
    assert (s.en, s.zh) == (name, zh)
    assert section_known(name)


def test_a_section_the_rules_cannot_name_needs_the_datas_chinese():
    """"Table 1 (Xiamen 5)" names a cell by its city: the rules do not guess a city's Chinese name; the check
    specification gives it (section_zh), and validation asks for it (analysis.data.specs)."""
    assert not section_known("Table 1 (Xiamen 5)") and section_text("Table 1 (Xiamen 5)").zh == ""
    assert section_text("Table 1 (Xiamen 5)", "表1（厦门，第5项）").zh == "表1（厦门，第5项）"


def test_a_place_is_table_then_section_or_row_then_column_in_each_language():
    table, column = Text("Text", "正文"), Text("Value as printed", "原文数值")
    sec = section_text("2.3.3")
    assert place(table, "section 2.3.3", column, "en", section=sec) == "Text, section 2.3.3, Value as printed"
    assert place(table, "", column, "zh", section=sec) == "正文，第2.3.3节，原文数值"
    assert place(table, "", Text("our words only"), "zh", section=sec) == "正文，第2.3.3节"  # no Chinese column
    cell = place(Text("Table 2", "表2"), "市", Text("增长率", "增长率"), "both")
    assert cell == "Table 2, row 市, column 增长率 / 表2，市，增长率"
