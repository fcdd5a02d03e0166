"""Growth, decline and share statements, significance statements, and the methods' alpha, in running text.

* ``from a to b, up x%`` (cues ``growth_statement``, ``decline_statement``) is
  a ``growth`` or ``decline`` row; a change whose base is not printed
  (``change_without_base``) is a candidate for a number restated from a table
  (:mod:`analysis.extract.paper`), else unchecked;
* ``k people, a share of x%`` (``share_statement``) is a ``share`` whose
  whole is the total the sentence names (``total``, cue ``total``) or else the
  count printed before the part; ``a rate of x%`` (``rate_statement``) is the
  nearer of the two counts printed before it over the farther (a ``ratio``,
  which may exceed 100); each says what it inferred;
* ``(P < 0.05)``, ``(both P < 0.05)`` (and "all P" in Chinese) and significance in
  words are :class:`Statement` s, resolved into claims by the paper;
* ``p < .05 was considered significant`` (and its Chinese, cue ``threshold``)
  sets alpha (:func:`threshold`).

>>> from analysis.extract.stream import prose_stream
>>> s = prose_stream(["Visits rose from 1,250 to 1,530, up 22.40% (Table 1)."], [])
>>> [(r.kind, r.values["before"], r.values["after"], r.values["target"]) for r in change_rows(s)]
[('growth', '1250', '1530', '22.40')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.extract.normal import NUMBER, cue
from analysis.extract.rows import Row
from analysis.extract.stream import Stream, sentences
from analysis.text.catalogue import Msg

__all__ = ["Statement", "change_rows", "share_rows", "statements", "threshold", "percentages_without_base"]


@dataclass(frozen=True)
class Statement:
    """A significance statement: where it is, its relation and bound (``<``, ``0.05``; empty for words),
    whether it says "all", and the clause and sentence it closes (normalised text)."""

    start: int
    end: int
    rel: str
    bound: str
    all: bool
    clause: str
    sentence: str
    raw: str
    words: bool


def _plain(n: str) -> str:
    return n.replace(",", "")


def _exact(*texts: str) -> str:
    return "before after" if all("." not in t for t in texts) else "none"


def change_rows(stream: Stream) -> list[Row]:
    """Growth and decline statements with both their counts printed."""
    out = []
    for name, kind in (("growth_statement", "growth"), ("decline_statement", "decline")):
        for m in cue(name).finditer(stream.text):
            before, after = _plain(m.group("before")), _plain(m.group("after"))
            out.append(Row(kind, {"before": before, "after": after, "target": m.group("target"),
                                  "exact": _exact(before, after)},
                           stream.line_at(m.start()), stream.section_at(m.start()), "", m.group(0)))
    return sorted(out, key=lambda r: r.line)


def _taken(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    return any(x < b and a < y for x, y in spans)


def percentages_without_base(stream: Stream, taken: list[tuple[int, int]]) -> list[tuple[int, int, str, str]]:
    """(start, end, number, raw) of each change printed without its base, outside the spans ``taken``."""
    return [(m.start(), m.end(), m.group("target"), m.group(0)) for m in cue("change_without_base").finditer(stream.text)
            if not _taken(taken, m.start(), m.end())]


def share_rows(stream: Stream) -> list[Row]:
    """Shares and rates whose part and whole are printed in the same sentence."""
    out = []
    text = stream.text
    for a, b in sentences(text):
        sent = text[a:b]
        for m in cue("share_statement").finditer(sent):
            before = sent[:m.start()]
            counts = [c for c in cue("count_before").finditer(before)]
            total = next((c for c in reversed(counts) if cue("total").search(before[:c.start()])), None)
            row = Row("share", {"part": _plain(m.group("part")), "target": m.group("target")},
                      stream.line_at(a + m.start()), stream.section_at(a + m.start()), "", m.group(0))
            if total is not None:
                out.append(Row(row.kind, {**row.values, "whole": _plain(total.group("n"))}, row.line, row.location,
                               "", sent[total.start():m.end()].strip(),
                               inferred=(Msg.of("extract.inferred.whole_total"),)))
            elif counts:
                out.append(Row(row.kind, {**row.values, "whole": _plain(counts[-1].group("n"))}, row.line,
                               row.location, "", sent[counts[-1].start():m.end()].strip(),
                               inferred=(Msg.of("extract.inferred.whole_nearest"),)))
            else:
                out.append(row.unchecked(Msg.of("extract.reason.no_whole")))
        for m in cue("rate_statement").finditer(sent):
            counts = [c for c in cue("count_before").finditer(sent[:m.start()])
                      if "." not in c.group("n")]
            line, where = stream.line_at(a + m.start()), stream.section_at(a + m.start())
            if len(counts) < 2:
                continue
            num, den = counts[-1], counts[-2]
            out.append(Row("ratio", {"numerator": _plain(num.group("n")), "denominator": _plain(den.group("n")),
                                     "target": m.group("target")}, line, where, "",
                           sent[den.start():m.end()].strip(), inferred=(Msg.of("extract.inferred.rate_counts"),)))
    return out


def _clause_start(text: str, pos: int, floor: int) -> int:
    cut = max(text.rfind(c, floor, pos) for c in (",", "\uff0c", ";", "\uff1b"))
    return max(cut + 1, floor)


def statements(stream: Stream, skip: list[tuple[int, int]]) -> list[Statement]:
    """Significance statements (bare p bounds and words), outside the spans ``skip`` (tests, the methods' alpha).

    A statement's ``clause`` is the text from the last comma before it (within its sentence, after the previous
    statement) to the statement; ``sentence`` the text since the previous statement of the sentence."""
    text = stream.text
    bounds = sentences(text)
    found = []
    for m in cue("significance").finditer(text):
        if not _taken(skip, m.start(), m.end()):
            found.append((m.start(), m.end(), m.group("rel"), m.group("p"), bool(m.group("all")), False))
    for name in ("significance_words", "significance_adverbs"):
        for m in cue(name).finditer(text):
            if not _taken(skip, m.start(), m.end()) and not any(a <= m.start() < b for a, b, *_ in found):
                found.append((m.start(), m.end(), "", "", False, name == "significance_adverbs"))
    found.sort()
    out: list[Statement] = []
    previous = 0
    for start, end, rel, bound, every, adverb in found:
        a, b = next(((x, y) for x, y in bounds if x <= start < y), (0, len(text)))
        if bound and out and out[-1].words and out[-1].end >= start - 3:  # "fell significantly (P < 0.05)": one
            words = out.pop()
            every = every or bool(cue("all_words").search(text[max(words.end, start - 3):start]))
            out.append(Statement(words.start, end, rel, bound, every, words.clause, words.sentence,
                                 text[words.start:end], False))
            previous = end
            continue
        floor = max(a, previous)
        stop = end if adverb else start
        clause = text[_clause_start(text, start, floor):stop].strip().rstrip("(").strip()
        every = every or bool(cue("all_words").search(text[max(floor, start - 3):start]))
        out.append(Statement(start, end, rel, bound, every, clause, text[floor:stop], text[start:end], adverb))
        previous = end
    return out


def threshold(stream: Stream) -> tuple[str, int, tuple[int, int]] | None:
    """The methods' alpha as printed, its line and its span in the stream; None if the text gives none."""
    m = cue("threshold").search(stream.text)
    if not m:
        return None
    value = next(g for g in m.groups() if g and re.fullmatch(NUMBER.pattern, g) and "." in g)
    return value, stream.line_at(m.start()), (m.start(), m.end())
