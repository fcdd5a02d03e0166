"""The running text of a source as one stream, with every position mapped back to its line and section.

A text extraction breaks sentences at the end of every printed line (and
the sources put a blank line between them). :func:`prose_stream` joins the
lines that are not tables, captions or headings into one normalised text
(:func:`analysis.extract.normal.normalise`): Chinese lines are joined
directly, English ones with a space, a word hyphenated at a line's end is
joined again; a heading, a caption or a table ends a sentence. Positions in
the stream map back to the 1-based line (:meth:`Stream.line_at`) and to the
section it is printed in (:meth:`Stream.section_at`, as the source names it:
``3.4``, ``Abstract``).

>>> s = prose_stream(["1. Results", "The groups differed, t(58) = 2.14, p = .037, as ex-", "pected."], [])
>>> s.text[s.text.index("t(58)"):]
't(58) = 2.14, p = .037, as expected.'
>>> s.line_at(s.text.index("t(58)")), s.line_at(s.text.index("pected")), s.section_at(s.text.index("t(58)"))
(2, 3, '1')
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from analysis.extract.normal import cue, normalise

__all__ = ["Stream", "prose_stream", "sentences"]


@dataclass
class Stream:
    """The running text (normalised) and, for each piece, the offset where it starts and its line and section."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    def _piece(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def line_at(self, pos: int) -> int:
        """The 1-based source line of the character at ``pos``."""
        return self.lines[self._piece(pos)] if self.lines else 0

    def section_at(self, pos: int) -> str:
        """The section (as the source numbers or names it) of the character at ``pos``."""
        return self.sections[self._piece(pos)] if self.sections else ""


def _section(match: re.Match) -> str:
    if match.group(1):
        return match.group(1)
    return re.sub(r"\s+", "", match.group(3))


def prose_stream(lines: list[str], skip: list[tuple[int, int]]) -> Stream:
    """The running text of ``lines``, leaving out the 1-based line ranges ``skip`` (tables, inclusive)."""
    stream = Stream()
    section = ""
    parts: list[str] = []
    length = 0
    skipped = set()
    for a, b in skip:
        skipped.update(range(a, b + 1))
    for no, raw in enumerate(lines, 1):
        text = normalise(raw).strip()
        if not text:
            continue
        heading = cue("heading").match(text)
        if no in skipped or cue("caption").match(text) or (heading and len(text) < 50 and not re.search(r"[,\uff0c\u3002]", text)):
            if heading and no not in skipped:
                section = _section(heading)
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
                length += 1
            continue
        prev = parts[-1] if parts else "\n"
        joiner = ""
        if prev.endswith("-") and prev[-2:-1].isalpha() and text[:1].islower():
            parts[-1] = prev[:-1]
            length -= 1
        elif not prev.endswith("\n") and (prev[-1:].isascii() or text[:1].isascii()):
            joiner = " "
        piece = joiner + text
        stream.starts.append(length + len(joiner))
        stream.lines.append(no)
        stream.sections.append(section)
        parts.append(piece)
        length += len(piece)
    stream.text = "".join(parts)
    return stream


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (ends at sentence punctuation or a line break)."""
    out, start = [], 0
    for m in re.finditer(cue("sentence_end").pattern + r"|\n", text):
        end = m.end()
        if text[start:end].strip():
            out.append((start, end))
        start = end
    if text[start:].strip():
        out.append((start, len(text)))
    return out
