"""Tests printed in a sentence, APA and Chinese, as ``p_from_statistic`` rows.

Read (cue ``inline_result``): ``t(58) = 2.14, p = .037``, ``F(2, 87) =
4.31``, ``χ2(1, N = 200) = 3.84``, ``r(98) = .21``, ``z = 2.50``, and the
Chinese forms (``t=4.498, P<0.001`` with full-width signs, ``χ²=6.02``, ``x2=``, "the t value is ..., the P
value is ..." in words, ``F=``; the words are the cue ``inline_result``). A df the text does not print is inferred from the group sizes printed
shortly before the result (``n = 40``, or 40 "cases" in Chinese; two sizes give a t's df
n1 + n2 - 2, a chi-square of two groups df 1, k sizes an F's k - 1 and N -
k), and the row says so; with no sizes nearby the row is unchecked. A
sentence that says the test was one-tailed (``one-tailed``, ``one-sided``,
``directional``) makes its results one-tailed (``tails`` 1).

>>> from analysis.extract.stream import prose_stream
>>> s = prose_stream(["Scores differed, t(58) = 2.14, p = .037 (one-tailed)."], [])
>>> [(r.values["statistic"], r.values["df2"], r.values["p"], r.values["tails"]) for r in inline_rows(s)]
[('t', '58', '.037', '1')]
"""
from __future__ import annotations

import re

from analysis.extract.normal import cue
from analysis.extract.rows import Row
from analysis.extract.stream import Stream, sentences
from analysis.text.catalogue import Msg

__all__ = ["inline_rows", "group_sizes", "WINDOW"]

WINDOW = 300
"""How far back (characters) the sentences before a result are searched for the group sizes it was computed on,
when its own sentence prints none (the nearest sentence that prints some is taken)."""
_STAT = {"t": "t", "F": "F", "r": "r", "z": "z", "Z": "z", "χ2": "chi2"}


def group_sizes(text: str) -> list[str]:
    """The group sizes printed in ``text`` (``n = 40``, or a count of cases: cue ``group_n``), in order."""
    return [a or b for a, b in cue("group_n").findall(text)]


def _df(stat: str, sizes: list[str]) -> tuple[dict, tuple, Msg | None]:
    if stat == "t" and len(sizes) == 2:
        df = int(sizes[0]) + int(sizes[1]) - 2
        return {"df2": str(df)}, (Msg.of("extract.inferred.df_groups", df=str(df), sizes=" + ".join(sizes)),), None
    if stat == "chi2" and len(sizes) == 2:
        return {"df1": "1"}, (Msg.of("extract.inferred.chi2_df_two_groups"),), None
    if stat == "F" and len(sizes) >= 2:
        g, total = len(sizes), sum(int(s) for s in sizes)
        df = Msg.of("extract.inferred.df_groups", df=f"{g - 1}, {total - g}", sizes=" + ".join(sizes))
        return {"df1": str(g - 1), "df2": str(total - g)}, (df,), None
    if stat == "r" and len(sizes) == 1:
        df = int(sizes[0]) - 2
        return {"df2": str(df)}, (Msg.of("extract.inferred.df_groups", df=str(df), sizes=sizes[0]),), None
    return {}, (), Msg.of("extract.reason.no_df")


def inline_rows(stream: Stream) -> list[Row]:
    """One row per test printed in the running text."""
    out = []
    text = stream.text
    bounds = sentences(text)
    for m in cue("inline_result").finditer(text):
        if m.group("rel") in ("<", ">"):  # t < 1: a bound on a statistic is not checkable
            continue
        stat = _STAT[m.group("stat")]
        value = re.sub(r"\s", "", m.group("value"))
        values = {"statistic": stat, "value": value}
        df1, df2 = m.group("df1"), m.group("df2")
        inferred: tuple = ()
        reason = None
        if df2 is not None:
            values.update(df1=df1, df2=df2)
        elif df1 is not None:
            values["df1" if stat == "chi2" else "df2"] = df1
        sentence_start = next((a for a, b in bounds if a <= m.start() < b), m.start())
        sentence = next((text[a:b] for a, b in bounds if a <= m.start() < b), "")
        if df1 is None and df2 is None and stat != "z":
            sizes = group_sizes(text[sentence_start:m.start()])
            for a, b in reversed([(a, b) for a, b in bounds if b <= sentence_start and b > m.start() - WINDOW]):
                if sizes:
                    break
                sizes = group_sizes(text[a:b])  # the nearest sentence before that prints group sizes
            extra, inferred, reason = _df(stat, sizes)
            values.update(extra)
        if stat in ("t", "r", "z"):
            one = cue("one_tailed").search(sentence)
            values["tails"] = "1" if one else "2"
            if one:
                inferred += (Msg.of("extract.inferred.one_tailed"),)
        if m.group("p"):
            rel = m.group("prel") if m.group("prel") in ("<", ">", "≤", "≥") else "="
            values["p"] = ("" if rel == "=" else rel) + m.group("p")
        elif reason is None:
            reason = Msg.of("extract.reason.no_p")
        row = Row("p_from_statistic", values, stream.line_at(m.start()), stream.section_at(m.start()),
                  m.group(0)[:m.group(0).find(m.group("rel"))].strip(), m.group(0), inferred=inferred, reason=reason)
        out.append(row)
    return out
