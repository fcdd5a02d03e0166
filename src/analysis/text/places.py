"""Where a number is printed, as a reader names it: the one section renderer and the one place renderer.

A section is transcribed as the source names it (``3.1``, ``Abstract``,
``case 1``, ``一 (before Table 1)``, ``1; 2.1`` for a claim printed in two
sections); English shows that name, Chinese follows the rules of
:func:`section_text`, or the data's own Chinese name where the rules cannot
give one (``section_zh`` of a check specification, e.g. a cell of a table
named by its city). A place is a table, a section or a row, and a column,
each given by the data in both languages (:class:`~analysis.text.catalogue.Text`).

>>> place(Text("Text", "正文"), "", Text("Value as printed", "原文数值"), "zh", section=section_text("2.3.3"))
'正文，第2.3.3节，原文数值'
>>> place(Text("Table 2", "表2"), "市", Text("增长率", "增长率"), "en")
'Table 2, row 市, column 增长率'
"""
from __future__ import annotations

import re

from analysis.text.catalogue import Join, Msg, Text, render, say

__all__ = ["section_text", "section_known", "place"]

_NAMED = {"abstract": "section.abstract", "abstract (english)": "section.abstract_en", "intro": "section.intro", "introduction": "section.intro",
          "conclusion": "section.conclusion", "summary": "section.summary", "references": "section.references"}
_BESIDE = re.compile(r"(.*?)\s*\((before|after) Table (\d+)\)")
_NUMBER = re.compile(r"[0-9.]+|[^A-Za-z]+")  # 3.1, or a name in the source's own numerals: 一(二)


def _zh(name: str) -> Msg | Join | None:
    """The Chinese of one section name by the rules, as a message; None where the rules do not name it."""
    name = name.strip()
    if ";" in name:  # a claim printed in several sections
        parts = [_zh(p) for p in name.split(";") if p.strip()]
        return None if None in parts else Join("sep.semicolon", tuple(parts))
    if " and " in name:
        parts = [_zh(p) for p in name.split(" and ") if p.strip()]
        return None if None in parts else Join("sep.and", tuple(parts))
    if name.lower() in _NAMED:
        return Msg.of(_NAMED[name.lower()])
    if re.fullmatch(r"case \d+", name):
        return Msg.of("section.case", n=name[5:])
    m = _BESIDE.fullmatch(name)
    if m:  # a passage placed by the table it stands beside
        inner = _zh(m.group(1))
        if inner is None:
            return None
        return Msg.of(f"section.{m.group(2)}_table", section=inner, table=m.group(3))
    if _NUMBER.fullmatch(name):
        return Msg.of("section.numbered", name=name)
    return None


def section_text(name: str, zh: str = "") -> Text:
    """A section of the source in both languages: the name as transcribed, and its Chinese.

    The Chinese is ``zh`` when the data gives it; otherwise, by rule: a number
    or the source's own numerals is 第N节, ``Abstract``, ``intro``,
    ``conclusion``, ``summary`` and ``references`` are named, ``case N`` is
    案例N, a passage beside a table says so, and several sections (``;`` or
    `` and ``) are each named. A name the rules do not cover keeps its
    transcription (the check specifications must give ``section_zh`` then:
    :func:`section_known`).

    >>> [section_text(s).zh for s in ("3.1", "Abstract", "case 1", "intro; 1", "一 (before Table 1)")]
    ['第3.1节', '摘要', '案例1', '引言；第1节', '第一节（表1之前）']
    >>> section_text("Table 1 (Xiamen 5)", "表1（厦门，第5项）").zh, section_text("3.1 and case 2").zh
    ('表1（厦门，第5项）', '第3.1节、案例2')
    >>> section_text("Abstract").en
    'Abstract'
    """
    if zh:
        return Text(name, zh)
    rule = _zh(name)
    return Text(name, render(rule, "zh") if rule is not None else "")


def section_known(name: str, zh: str = "") -> bool:
    """Whether a section has a Chinese name (given, or by the rules of :func:`section_text`).

    >>> section_known("3.1"), section_known("Table 1 (Xiamen 5)"), section_known("Table 1 (Xiamen 5)", "表1")
    (True, False, True)
    """
    return bool(zh) or _zh(name) is not None


def place(table: Text, row: str, column: Text, lang: str, section: Text | None = None) -> str:
    """Where a number is printed: table, then its section (a passage of the text) or its row, then its column.

    Row and column are the source's own labels; a column the data gives no
    Chinese for is left out of the Chinese (the ledger row has it).

    >>> place(Text("Text", "正文"), "", Text("subject in our words"), "zh", section=section_text("Abstract"))
    '正文，摘要'
    """
    if lang == "both":
        return place(table, row, column, "en", section) + " / " + place(table, row, column, "zh", section)
    omit = lang == "zh" and not column.zh
    if section is not None:
        if omit:
            return say("place.in_section", lang, table=table, section=section)
        return say("place.section", lang, table=table, section=section, column=column)
    if omit:
        return say("place.in_row", lang, table=table, row=str(row))
    return say("place.cell", lang, table=table, row=str(row), column=column)
