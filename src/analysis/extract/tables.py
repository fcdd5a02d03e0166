"""Tables: where they are, their header, and how their cells become rows of the audit.

A table starts at its caption (``Table 1`` or its Chinese form, :data:`cue`
``caption``) and runs over its header lines and data rows
(:func:`analysis.extract.cells.split_line`) until a heading, another caption
or a line of prose. Its column labels come from the header lines, which a
text extraction breaks at any place: the labels of a two-level header are
put together by :func:`leaf_labels`.

Two layouts are read (:mod:`analysis.extract.layouts` turns them into rows):

* *groups in rows* (the layout of the Zigong source): rows of groups or
  periods, with the sample size and ``mean ± SD``, counts or ``n (%)`` in
  their columns, over a row of statistics (``t``, ``χ2``, a mixed ``χ2/t``), a
  row of p-values and rows of growth rates;
* *variables in rows*: one row per variable, the groups in the columns (their
  size in the header, ``(n = 40)``), the statistic and the p in the last two
  columns.

>>> lines = ["Table 3. Scores", "Group n Score", "A 20 5.1 \\u00b1 1.0", "B 20 4.4 \\u00b1 1.1",
...          "t 2.106", "P 0.042"]
>>> [t.location for t in find_tables(lines)], [r.label for r in find_tables(lines)[0].rows]
(['Table 3'], ['A', 'B', 't', 'P'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from analysis.extract.cells import split_line
from analysis.extract.normal import cjk_share, cue, normalise

__all__ = ["TableLine", "Table", "find_tables", "leaf_labels", "top"]

_MAX_LINES = 60


@dataclass
class TableLine:
    """A data row of a table: its 1-based line, label, cells and their kinds."""

    no: int
    raw: str
    label: str
    cells: list[str]
    kinds: list[str]


@dataclass
class Table:
    """A table as found: its name, caption line, header lines ``(line, tokens)`` and data rows."""

    location: str
    caption_line: int
    header: list[tuple[int, list[str]]] = field(default_factory=list)
    rows: list[TableLine] = field(default_factory=list)
    last_line: int = 0
    caption: str = ""

    @property
    def header_text(self) -> str:
        return " ".join(" ".join(t) for _, t in self.header)


def _is_prose(text: str) -> bool:
    """A line of running text, not a header: long, with a long unbroken run of words or sentence punctuation."""
    norm = normalise(text).strip()
    if len(norm) <= 40:
        return False
    longest = max(len(t) for t in norm.split())
    return bool(re.search(r"[\u3001\u3002\uff0c\uff1b]|[.;,]\s", norm)) or (cjk_share(norm) > 0.5 and longest > 15) \
        or len(norm.split()) > 12


def find_tables(lines: list[str]) -> list[Table]:
    """Every table of the text that has a caption and at least one data row."""
    out: list[Table] = []
    i, n = 0, len(lines)
    while i < n:
        m = cue("caption").match(normalise(lines[i]))
        if not m:
            i += 1
            continue
        word = lines[i].strip().split()[0] if lines[i].strip() else ""
        location = f"{'Table' if word[:1].isascii() else word[:1]} {m.group(1)}"
        table = Table(location, i + 1, caption=normalise(lines[i]).strip())
        j = i + 1
        while j < n and j - i < _MAX_LINES:
            text = lines[j]
            norm = normalise(text).strip()
            if not norm:
                j += 1
                continue
            if cue("caption").match(norm):
                if table.rows:
                    break
                table.caption += " " + norm  # the caption again, in the other language
                j += 1
                continue
            if cue("heading").match(norm) and not split_line(text)[1]:
                break
            label, cells, kinds = split_line(text)
            if cells:
                table.rows.append(TableLine(j + 1, text.strip(), label, cells, kinds))
            elif _is_prose(text) or (table.rows and len(table.rows) >= 2):
                break
            else:
                table.header.append((j + 1, _header_tokens(text)))
            j += 1
        table.last_line = j
        if table.rows:
            out.append(table)
        i = max(j, i + 1)
    return out


def _header_tokens(text: str) -> list[str]:
    """A header line's labels: tokens, with ``(n = 40)`` and ``M (SD)`` kept with the word before them."""
    norm = normalise(text).strip()
    norm = re.sub(r"\s*\(\s*([nN])\s*=\s*(\d+)\s*\)", r"(\1=\2)", norm)
    norm = re.sub(r"\s+\(\s*(SD|%|n|s)\s*\)", r"(\1)", norm)
    return norm.split()


def top(label: str) -> str:
    """The top level of a two-level label (``sex/male`` -> ``sex``)."""
    return label.split("/")[0]


def leaf_labels(table: Table, width: int, kinds: list[str], row_label: bool = True) -> list[str]:
    """A label per column (``width`` columns), from header lines broken anywhere by the text extraction.

    In order: the header's tokens one per column; one header line with a token per column; a last line of
    sub-levels (``male female``) under one top-level label (over the one run of counts among single cells,
    else the last); otherwise ``#1``, ``#2``...

    >>> t = Table("T", 1, [(2, ["year", "n", "age"]), (3, ["sex"]), (4, ["duration"]), (5, ["m", "f"])])
    >>> leaf_labels(t, 5, ["int", "msd", "int", "int", "msd"])
    ['n', 'age', 'sex/m', 'sex/f', 'duration']
    """
    lines = [toks for _, toks in table.header if toks]
    flat = [t for toks in lines for t in toks]
    if row_label and flat and len(flat) > width:
        flat = flat[1:]
    if len(flat) == width:
        return flat
    for toks in lines:
        if len(toks) == width:
            return toks
    if len(lines) >= 2:
        subs = lines[-1]
        tops = [t for toks in lines[:-1] for t in toks]
        if row_label and tops and len(tops) - 1 + len(subs) > width:
            tops = tops[1:]
        if tops and len(tops) - 1 + len(subs) == width and len(subs) >= 2:
            span = len(tops) - 1
            runs = [i for i in range(width - len(subs) + 1)
                    if all(k in ("int", "par") for k in kinds[i:i + len(subs)])]
            if len(runs) == 1:
                span = runs[0]
            if span < len(tops):
                return tops[:span] + [f"{tops[span]}/{s}" for s in subs] + tops[span + 1:]
    nested = _nested(lines, width, row_label)
    return nested or [f"#{i + 1}" for i in range(width)]


def _period(names: list[str]) -> int:
    return next(p for p in range(1, len(names) + 1) if len(names) % p == 0
                and all(names[i] == names[i % p] for i in range(len(names))))


def _nested(lines: list[list[str]], width: int, row_label: bool) -> list[str] | None:
    """Labels of a header of three levels printed line by line (Zigong's Table 2: outpatient, inpatient, referrals
    over city, district, county, the referrals' levels over down and up): the top line's labels, then lines that
    are each either a block of leaves or a middle level over the next line's leaves (k leaves a label). Each top
    label spans one repetition of its block's pattern. None if the header does not fit that shape."""
    if len(lines) < 3:
        return None
    tops = lines[0][1:] if row_label and len(lines[0]) > 1 else lines[0]
    rest = lines[1:] if len(tops) > 0 else []
    if row_label and len(lines[0]) == 1:  # the row label alone on the first line
        tops, rest = lines[1], lines[2:]
    blocks: list[list[str]] = []
    i = 0
    while i < len(rest):
        line, nxt = rest[i], rest[i + 1] if i + 1 < len(rest) else None
        if nxt and len(nxt) > len(line) and len(nxt) % len(line) == 0:
            k = len(nxt) // len(line)
            blocks.append([f"{m}/{leaf}" for j, m in enumerate(line) for leaf in nxt[j * k:(j + 1) * k]])
            i += 2
        else:
            blocks.append(list(line))
            i += 1
    if sum(len(b) for b in blocks) != width:
        return None
    reps = [len(b) // _period([x.split("/")[0] for x in b]) for b in blocks]
    if sum(reps) != len(tops):
        return None
    out, t = [], 0
    for block, r in zip(blocks, reps):
        size = len(block) // r
        for j in range(r):
            out += [f"{tops[t]}/{x}" for x in block[j * size:(j + 1) * size]]
            t += 1
    return out
