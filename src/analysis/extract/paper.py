"""One paper extracted: every reader applied to a source, numbers restated, statements resolved to their tests.

:func:`extract` reads the tables (:mod:`analysis.extract.tables`,
:mod:`analysis.extract.layouts`), then the running text around them
(:mod:`analysis.extract.stream`): tests printed in sentences
(:mod:`analysis.extract.inline`), growth, decline and share statements
(:mod:`analysis.extract.prose`). Then:

* *restated numbers*: a change printed without its base that equals a
  table's printed result (``21.98%`` in the abstract, ``21.98`` in Table 3), or
  a group size in the text equal to a table's (``n = 312``), is a ``restated``
  row referring to that table row; a change that equals none is unchecked;
* *claims*: a significance statement (``(P < 0.05)``, "all P < 0.05", "the difference is statistically
  significant", ``significantly``; the cues ``significance``, ``significance_words``, ``significance_adverbs``) is checked against each test whose
  variable the clause before it names (a ``p_from_statistic`` row with the
  test's statistic and df and the statement's bound as the printed p, role
  ``claim``); several tests are taken only when the clause lists them or the
  statement says "all"; a statement with a bound that names no test, or
  several where one was meant, is unchecked; significance adverbs that name
  no test are not results and give no row;
* the methods' alpha (``P < 0.05`` "means a significant difference", cue ``threshold``) goes into the
  ``alpha`` column of every test and claim.

Rows are ordered by line; each gets an id ``L<line>.<k>``.

>>> from analysis.extract.source import from_bytes
>>> ex = extract(from_bytes(b"Results\\nScores differed, t(58) = 2.14, p = .037.\\n", "demo.txt"))
>>> [(r.id, r.kind, r.values["p"]) for r in ex.rows]
[('L2.1', 'p_from_statistic', '.037')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from analysis.extract.inline import inline_rows
from analysis.extract.layouts import table_rows
from analysis.extract.normal import cue, is_cjk
from analysis.extract.prose import change_rows, percentages_without_base, share_rows, statements, threshold
from analysis.extract.rows import Row
from analysis.extract.source import Source
from analysis.extract.stream import prose_stream
from analysis.extract.tables import find_tables
from analysis.text.catalogue import Msg

__all__ = ["Extraction", "extract", "TEST_KINDS"]

TEST_KINDS = ("t_from_summaries", "chi2_from_counts", "p_from_statistic")
"""Kinds that are significance tests (a claim refers to one of them)."""


@dataclass(frozen=True)
class Extraction:
    """What :func:`extract` read from one source: its rows (in line order) and the methods' alpha."""

    source: Source
    rows: tuple[Row, ...]
    alpha: str = ""
    alpha_line: int = 0


def _core(label: str) -> str:
    return re.sub(r"\([^)]*\)", "", label).strip()


def _names(label: str, text: str) -> str | None:
    """``full`` if ``text`` names the variable ``label`` in full, ``suffix`` by its last three characters
    (the head of a Chinese noun: a variable printed with a qualifier in the text), else None."""
    core = _core(label)
    if len(core) < 2 or core.startswith("#"):
        return None
    if is_cjk(core[-1]):
        if core in text:
            return "full"
        return "suffix" if len(core) >= 3 and core[-3:] in text else None
    return "full" if re.search(r"\b" + re.escape(core.lower()) + r"\b", text.lower()) else None


def _named(tests: list[Row], text: str) -> list[Row]:
    hits = [(t, _names(t.label, text)) for t in tests]
    full = [t for t, h in hits if h == "full"]
    return full or [t for t, h in hits if h == "suffix"]


def _claim_values(test: Row, p: str) -> tuple[dict, tuple]:
    v = test.values
    out = {"p": p, "value": v.get("value", ""), "tails": "2"}
    inferred: tuple = ()
    if test.kind == "t_from_summaries":
        df = int(v["n1"]) + int(v["n2"]) - 2
        out.update(statistic="t", df2=str(df))
        inferred = (Msg.of("extract.inferred.df_groups", df=str(df), sizes=f"{v['n1']} + {v['n2']}"),)
    elif test.kind == "chi2_from_counts":
        shape = [r.split() for r in v["table"].split(";")] if v.get("table") else [[0, 0], [0, 0]]
        out.update(statistic="chi2", df1=str((len(shape) - 1) * (len(shape[0]) - 1)))
    else:
        out.update({k: v[k] for k in ("statistic", "df1", "df2", "tails") if v.get(k)})
    return out, inferred


def _claims(stream, tests: list[Row], skip, alpha: str) -> list[Row]:
    out = []
    for st in statements(stream, skip):
        line, where = stream.line_at(st.start), stream.section_at(st.start)
        p = f"{st.rel}{st.bound}" if st.bound else f"<{alpha or '0.05'}"
        chosen = _named(tests, st.clause)
        wide = False
        if not chosen:
            chosen, wide = _named(tests, st.sentence), True
        base = Row("p_from_statistic", {"p": p}, line, where, st.clause, st.raw, role="claim")
        if not chosen:
            if not st.words:
                out.append(base.unchecked(Msg.of("extract.reason.claim_unresolved")))
            continue
        if len(chosen) > 1 and wide and not st.all:
            refs = ", ".join(t.id for t in chosen)
            out.append(base.unchecked(Msg.of("extract.reason.claim_ambiguous", refs=refs)))
            continue
        for t in chosen:
            values, inferred = _claim_values(t, p)
            out.append(replace(base, values=values, label=t.label, refers_to=t.id, reason=t.reason,
                               inferred=(Msg.of("extract.inferred.claim_of", ref=t.id, label=t.label),) + inferred))
    return out


def _restated(stream, tabled: list[Row], taken) -> list[Row]:
    """Numbers of the text restated from a table's results (``tabled``: the rows read from tables)."""
    out = []
    results = [r for r in tabled if r.kind in ("growth", "decline", "share", "ratio") and r.reason is None]
    found = []
    for start, end, number, raw in percentages_without_base(stream, taken):
        found.append((start + raw.rindex(number), number, raw))
        pos = end
        while (m := cue("list_more").match(stream.text[pos:])):
            found.append((pos + m.start("target"), m.group("target"), m.group(0)))
            pos += m.end()
    seen = {start for start, _, _ in found}
    loose = [(m.start(), m.group("target"), m.group(0)) for m in cue("percent").finditer(stream.text)
             if "." in m.group("target") and m.start() not in seen and not any(a <= m.start() < b for a, b in taken)]
    for start, number, raw in found + loose:
        line, where = stream.line_at(start), stream.section_at(start)
        same = [r for r in results if r.values.get("target") == number]
        if start not in seen and len(same) != 1:
            continue
        if len(same) == 1:
            t = same[0]
            out.append(Row("restated", {"value": t.values["target"], "target": number}, line, where, t.label, raw,
                           role="restated", refers_to=t.id,
                           inferred=(Msg.of("extract.inferred.restated_of", ref=t.id, label=t.label),)))
        else:
            out.append(Row("growth", {"target": number}, line, where, "", raw).unchecked(
                Msg.of("extract.reason.no_base")))
    sizes = {}
    for r in tabled:
        if r.kind == "t_from_summaries" and r.reason is None:
            sizes.setdefault(r.values["n1"], r)
            sizes.setdefault(r.values["n2"], r)
    for m in cue("restated_n").finditer(stream.text):
        t = sizes.get(m.group("n"))
        if t is not None and not any(a <= m.start() < b for a, b in taken):
            out.append(Row("restated", {"value": m.group("n"), "target": m.group("n"), "exact": "value"},
                           stream.line_at(m.start()), stream.section_at(m.start()), "n", m.group(0),
                           role="restated", refers_to=t.id,
                           inferred=(Msg.of("extract.inferred.restated_of", ref=t.id, label=t.label),)))
    return out


def _numbered(rows: list[Row], used: dict[int, int]) -> list[Row]:
    out = []
    for r in sorted(rows, key=lambda r: r.line):
        used[r.line] = used.get(r.line, 0) + 1
        out.append(replace(r, id=f"L{r.line}.{used[r.line]}"))
    return out


def extract(source: Source) -> Extraction:
    """Every printed result of ``source`` that the engine can check, or that it cannot and why."""
    lines = source.lines
    tables = find_tables(lines)
    stream = prose_stream(lines, [(t.caption_line, t.last_line) for t in tables])
    th = threshold(stream)
    alpha, alpha_line = (th[0], th[1]) if th else ("", 0)
    inline = inline_rows(stream)
    spans = [(m.start(), m.end()) for m in cue("inline_result").finditer(stream.text)]
    changes = change_rows(stream)
    spans += [(m.start(), m.end()) for name in ("growth_statement", "decline_statement")
              for m in cue(name).finditer(stream.text)]
    used: dict[int, int] = {}
    base = _numbered([r for t in tables for r in table_rows(t)] + inline + changes + share_rows(stream), used)
    tests = [r for r in base if r.kind in TEST_KINDS and r.location and r.role == "result" and r.label]
    extra = _claims(stream, tests, spans + ([th[2]] if th else []), alpha)
    in_tables = {n for t in tables for n in range(t.caption_line, t.last_line + 1)}
    extra += _restated(stream, [r for r in base if r.line in in_tables], spans)
    rows = base + _numbered(extra, used)
    if alpha:
        rows = [replace(r, values={**r.values, "alpha": alpha}) if r.kind in TEST_KINDS else r for r in rows]
    rows.sort(key=lambda r: (r.line, int(r.id.split(".")[1])))
    return Extraction(source, tuple(rows), alpha, alpha_line)
