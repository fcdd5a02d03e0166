"""A table's cells as rows of the audit, in either of the two layouts :mod:`analysis.extract.tables` finds.

*Groups in rows*: which test a column holds follows from its content (means
± SDs make it a t for two groups, an F for more; counts make it a
chi-square), whatever the statistic row's heading says (``χ2/t``); a heading
that names one test and a column that holds the other is left unchecked. The
group sizes come from the sample-size column; a growth row under the rows of
two periods is a growth check per column; a percentage column is the share of
the two count columns before it; the levels of a categorical variable are
summed against the sample size.

*Variables in rows*: the groups' sizes come from the header (``(n = 40)``),
means ± SDs (or ``M (SD)`` where the header says so) make a t or an F, ``n
(%)`` cells a 2 x 2 chi-square (k and n - k of each group) and a share per
cell.

Every inference is named on the row (``inferred``); a result that cannot be
completed is a row with its reason.

>>> from analysis.extract.tables import find_tables
>>> lines = ["Table 3. Scores", "Group n Score", "A 20 5.1 \\u00b1 1.0", "B 20 4.4 \\u00b1 1.1", "t 2.106", "P 0.042"]
>>> [(r.kind, r.values["value"], r.values["n2"]) for r in table_rows(find_tables(lines)[0])]
[('t_from_summaries', '2.106', '20')]
"""
from __future__ import annotations

import re

from analysis.extract.cells import is_count, is_p_like, msd, par
from analysis.extract.normal import cue, normalise
from analysis.extract.rows import Row
from analysis.extract.tables import Table, TableLine, leaf_labels, top
from analysis.text.catalogue import Msg

__all__ = ["table_rows", "statistic_names", "column_test"]

_SPECIAL = ("stat_label", "p_label", "growth_label", "decline_label")


def _special(label: str) -> str | None:
    norm = normalise(label).strip()
    for name in _SPECIAL:
        if norm and (cue(name).match(norm) if name in ("stat_label", "p_label") else cue(name).search(norm)):
            return name
    return None


def statistic_names(label: str) -> set[str]:
    """The tests a statistic heading names (``χ2/t`` -> {χ2, t}); empty for a generic heading."""
    return {s.strip() for s in re.split(r"/", re.sub(r"[^\x00-\x7fχ]", "", normalise(label)).strip())
            if s.strip() in ("t", "F", "χ2", "Z", "z")}


def _num(cell: str) -> str:
    return cell.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", cell) else cell


def column_test(content: str, groups: int, heading: str) -> tuple[str | None, Msg | None, tuple]:
    """The test a column holds: (statistic, reason if unchecked, inferences)."""
    names = statistic_names(heading)
    test = ("t" if groups == 2 else "F") if content == "msd" else "χ2"
    what = Msg.of(f"extract.content.{'msd' if content == 'msd' else 'counts'}")
    if names and test not in names and not (test == "t" and "z" in {n.lower() for n in names}):
        return None, Msg.of("extract.reason.label_mismatch", label=heading, content=what), ()
    inferred = (Msg.of("extract.inferred.test_from_column", label=heading, test=test, content=what),) \
        if len(names) != 1 else ()
    return test, None, inferred


def _variables(labels: list[str], kinds: list[str], skip: set[int]) -> list[list[int]]:
    """Columns grouped into variables: a ``mean ± SD`` column alone; count columns under one top-level label
    (``sex/male``, ``sex/female``) together; with no such labels, a run of counts together."""
    out: list[list[int]] = []
    structured = any("/" in lab for lab in labels)
    for j, k in enumerate(kinds):
        if j in skip:
            continue
        if k in ("int", "par") and out and out[-1][-1] == j - 1 and kinds[out[-1][-1]] in ("int", "par") and (
                (structured and "/" in labels[j] and top(labels[j]) == top(labels[out[-1][-1]]))
                or (not structured)):
            out[-1].append(j)
        else:
            out.append([j])
    return out


def _groups_in_rows(table: Table) -> list[Row]:
    rows = table.rows
    groups: list[TableLine] = []
    for r in rows:
        if _special(r.label):
            break
        groups.append(r)
    special = rows[len(groups):]
    if len(groups) < 2 or len({len(g.cells) for g in groups}) != 1:
        return []
    width = len(groups[0].cells)
    kinds = groups[0].kinds
    labels = leaf_labels(table, width, kinds)
    n_col = next((j for j, lab in enumerate(labels) if cue("sample_size").match(top(lab))
                  and all(g.kinds[j] == "int" for g in groups)), None)
    out: list[Row] = []
    stat = next((r for r in special if _special(r.label) == "stat_label"), None)
    prow = next((r for r in special if _special(r.label) == "p_label"), None)
    variables = _variables(labels, kinds, {n_col} if n_col is not None else set())
    sizes = [_num(g.cells[n_col]) for g in groups] if n_col is not None else []
    if stat or prow:
        out += _tests(table, groups, labels, variables, stat, prow, sizes)
    for r in special:
        if _special(r.label) in ("growth_label", "decline_label"):
            out += _growth(table, groups, labels, r, n_col)
    out += _sums(table, groups, labels, variables, n_col)
    out += _shares(table, groups, labels, n_col)
    return out


def _tests(table, groups, labels, variables, stat, prow, sizes) -> list[Row]:
    out = []
    k = len((stat or prow).cells)
    if stat and prow and len(stat.cells) != len(prow.cells):
        k = -1
    if k != len(variables):
        line = (stat or prow)
        return [Row("p_from_statistic", {}, line.no, table.location, line.label, line.raw,
                    reason=Msg.of("extract.reason.stat_count", k=len(line.cells), width=len(variables)))]
    heading = stat.label if stat else ""
    for i, cols in enumerate(variables):
        first = cols[0]
        content = "msd" if groups[0].kinds[first] == "msd" else (
            "counts" if all(is_count(g.kinds[j], g.cells[j]) for g in groups for j in cols) else None)
        label = labels[first] if len(cols) == 1 else top(labels[first])
        line = stat or prow
        raw = " | ".join(x for x in (stat.raw if stat else "", prow.raw if prow else "") if x)
        base = Row("", {}, line.no, table.location, label, raw)
        values = {}
        if stat:
            values["value"] = stat.cells[i]
        if prow:
            values["p"] = prow.cells[i]
        if content is None:
            out.append(_with(base, "p_from_statistic", values).unchecked(Msg.of("extract.reason.too_many_levels")))
            continue
        test, reason, inferred = column_test(content, len(groups), heading)
        if reason:
            out.append(_with(base, "p_from_statistic", values).unchecked(reason))
            continue
        if content == "msd" and test == "t":
            row = _t_row(base, groups, cols[0], sizes, values, inferred)
        elif content == "msd":
            row = _f_row(base, groups, sizes, values, inferred)
        else:
            row = _chi2_row(base, groups, cols, sizes, values, inferred)
        if "value" not in values:
            row = row.unchecked(Msg.of("extract.reason.no_statistic"))
        elif "p" not in values:
            row = row.unchecked(Msg.of("extract.reason.no_p"))
        out.append(row)
    return out


def _with(row: Row, kind: str, values: dict, inferred: tuple = ()) -> Row:
    from dataclasses import replace
    return replace(row, kind=kind, values=values, inferred=row.inferred + tuple(inferred))


def _t_row(base, groups, j, sizes, values, inferred) -> Row:
    (m1, s1), (m2, s2) = msd(groups[0].cells[j]), msd(groups[1].cells[j])
    vals = {**values, "m1": m1, "s1": s1, "m2": m2, "s2": s2}
    if not sizes:
        return _with(base, "t_from_summaries", vals, inferred).unchecked(Msg.of("extract.reason.no_group_sizes"))
    return _with(base, "t_from_summaries", {**vals, "n1": sizes[0], "n2": sizes[1]}, inferred)


def _f_row(base, groups, sizes, values, inferred) -> Row:
    vals = {**values, "statistic": "F"}
    if not sizes:
        return _with(base, "p_from_statistic", vals, inferred).unchecked(Msg.of("extract.reason.no_group_sizes"))
    g, total = len(groups), sum(int(s) for s in sizes)
    df = Msg.of("extract.inferred.df_groups", df=f"{g - 1}, {total - g}", sizes=" + ".join(sizes))
    return _with(base, "p_from_statistic", {**vals, "df1": str(g - 1), "df2": str(total - g)}, inferred + (df,))


def _count(cell: str, kind: str) -> str:
    return _num(par(cell)[0] if kind == "par" else cell)


def _chi2_row(base, groups, cols, sizes, values, inferred) -> Row:
    counts = [[_count(g.cells[j], g.kinds[j]) for j in cols] for g in groups]
    if len(cols) == 1:  # one level printed: k and n - k of each group
        if not sizes:
            return _with(base, "chi2_from_counts", values, inferred).unchecked(Msg.of("extract.reason.no_group_sizes"))
        counts = [[c[0], str(int(n) - int(c[0]))] for c, n in zip(counts, sizes)]
        inferred = inferred + (Msg.of("extract.inferred.counts_from_n"),)
    if len(counts) == 2 and len(counts[0]) == 2:
        (a, b), (c, d) = counts
        return _with(base, "chi2_from_counts", {**values, "a": a, "b": b, "c": c, "d": d}, inferred)
    return _with(base, "chi2_from_counts", {**values, "table": "; ".join(" ".join(r) for r in counts)}, inferred)


def _growth(table, groups, labels, r: TableLine, n_col) -> list[Row]:
    kind = "decline" if _special(r.label) == "decline_label" else "growth"
    base = Row(kind, {}, r.no, table.location, r.label, r.raw)
    if len(groups) != 2:
        return [base.unchecked(Msg.of("extract.reason.periods", k=len(groups)))]
    width = len(labels)
    cols = list(range(width))
    inferred: tuple = ()
    if len(r.cells) != width:
        cols = [j for j in cols if j != n_col and not cue("percent_column").search(labels[j])
                and groups[0].kinds[j] == "int"]
        if len(cols) != len(r.cells):
            return [base.unchecked(Msg.of("extract.reason.growth_alignment", k=len(r.cells), width=width))]
        inferred = (Msg.of("extract.inferred.growth_alignment", k=len(r.cells), width=width),)
    out = []
    for j, target in zip(cols, r.cells):
        before, after = groups[0].cells[j], groups[1].cells[j]
        if groups[0].kinds[j] not in ("int", "dec") or groups[1].kinds[j] not in ("int", "dec"):
            continue
        exact = "before after" if groups[0].kinds[j] == groups[1].kinds[j] == "int" else "none"
        out.append(Row(kind, {"before": _num(before), "after": _num(after), "target": target, "exact": exact},
                       r.no, table.location, labels[j], r.raw, inferred=inferred))
    return out


def _sums(table, groups, labels, variables, n_col) -> list[Row]:
    out = []
    if n_col is None:
        return out
    for cols in variables:
        if len(cols) < 2 or not all("/" in labels[j] for j in cols):
            continue
        if not all(is_count(g.kinds[j], g.cells[j]) for g in groups for j in cols):
            continue
        for g in groups:
            parts = "+".join(_count(g.cells[j], g.kinds[j]) for j in cols)
            out.append(Row("sum", {"parts": parts, "target": _num(g.cells[n_col])}, g.no, table.location,
                           f"{g.label}: {top(labels[cols[0]])}", g.raw,
                           inferred=(Msg.of("extract.inferred.levels_exhaustive", label=top(labels[cols[0]])),)))
    return out


def _shares(table, groups, labels, n_col) -> list[Row]:
    out = []
    for j, lab in enumerate(labels):
        if not cue("percent_column").search(lab) or j < 1 or cue("sample_size").match(top(lab)):
            continue
        if not all(g.kinds[j] == "dec" for g in groups):
            continue
        p, w = j - 1, j - 2
        if w < 0 or not all(g.kinds[p] == "int" and g.kinds[w] == "int" for g in groups):
            continue
        inferred = (Msg.of("extract.inferred.share_columns", part=labels[p], whole=labels[w]),)
        for g in groups:
            out.append(Row("share", {"part": _num(g.cells[p]), "whole": _num(g.cells[w]), "target": g.cells[j]},
                           g.no, table.location, f"{g.label}: {lab}", g.raw, inferred=inferred))
    return out


def _group_sizes(table: Table) -> list[str]:
    return [a or b for a, b in cue("group_n").findall(table.header_text)]


def _variables_in_rows(table: Table) -> list[Row]:
    sizes = _group_sizes(table)
    heading = next((t for t in reversed([t for _, toks in table.header for t in toks])
                    if cue("stat_label").match(t)), "")
    msd_header = bool(cue("msd_header").search(table.caption + " " + table.header_text))
    out: list[Row] = []
    pending: TableLine | None = None
    levels: list[TableLine] = []

    def flush():
        if pending is not None and levels:
            out.append(_levels_row(table, pending, levels, sizes, heading))

    for r in table.rows:
        tail_ok = len(r.cells) >= 2 and is_p_like(r.kinds[-1], r.cells[-1]) and r.kinds[-2] in ("dec", "int")
        groups = r.cells[:-2] if tail_ok else r.cells
        if tail_ok and not groups:  # a parent row: its statistic and p, levels below
            flush()
            pending, levels = r, []
            continue
        if not tail_ok:
            if pending is not None:
                levels.append(r)
            continue
        flush()
        pending, levels = None, []
        out += _variable_row(table, r, sizes, heading, msd_header)
    flush()
    return out


def _variable_row(table, r: TableLine, sizes, heading, msd_header) -> list[Row]:
    cells, kinds = r.cells[:-2], r.kinds[:-2]
    values = {"value": r.cells[-2], "p": r.cells[-1]}
    base = Row("", {}, r.no, table.location, r.label, r.raw)
    g = len(cells)
    if g < 2 or len(set(kinds)) != 1:
        return []
    kind = kinds[0]
    if kind == "par" and not msd_header and not cue("percent_column").search(table.caption + " " + table.header_text):
        integral = all(is_count("par", c) for c in cells)
        if integral:
            return [_with(base, "p_from_statistic", values).unchecked(Msg.of("extract.reason.ambiguous_cells"))]
        kind = "msd_par"
    elif kind == "par" and msd_header:
        kind = "msd_par"
    if kind in ("msd", "msd_par"):
        pairs = [msd(c) if kind == "msd" else par(c) for c in cells]
        test, reason, inferred = column_test("msd", g, heading)
        if reason:
            return [_with(base, "p_from_statistic", values).unchecked(reason)]
        if len(sizes) != g:
            return [_with(base, "t_from_summaries" if g == 2 else "p_from_statistic", values, inferred)
                    .unchecked(Msg.of("extract.reason.no_group_sizes"))]
        if g == 2:
            (m1, s1), (m2, s2) = pairs
            return [_with(base, "t_from_summaries", {**values, "m1": m1, "s1": s1, "n1": sizes[0], "m2": m2,
                                                      "s2": s2, "n2": sizes[1]}, inferred)]
        total = sum(int(s) for s in sizes)
        df = Msg.of("extract.inferred.df_groups", df=f"{g - 1}, {total - g}", sizes=" + ".join(sizes))
        return [_with(base, "p_from_statistic", {**values, "statistic": "F", "df1": str(g - 1),
                                                 "df2": str(total - g)}, inferred + (df,))]
    if kind == "par":
        test, reason, inferred = column_test("counts", g, heading)
        ks = [par(c)[0] for c in cells]
        out = [Row("share", {"part": k, "whole": n, "target": par(c)[1]}, r.no, table.location,
                   f"{r.label}: {n}", r.raw) for k, n, c in zip(ks, sizes, cells)] if len(sizes) == g else []
        if reason:
            return out + [_with(base, "p_from_statistic", values).unchecked(reason)]
        if len(sizes) != g:
            return out + [_with(base, "chi2_from_counts", values, inferred)
                          .unchecked(Msg.of("extract.reason.no_group_sizes"))]
        counts = [[k, str(int(n) - int(k))] for k, n in zip(ks, sizes)]
        inferred = inferred + (Msg.of("extract.inferred.counts_from_n"),)
        if g == 2:
            (a, b), (c, d) = counts
            return out + [_with(base, "chi2_from_counts", {**values, "a": a, "b": b, "c": c, "d": d}, inferred)]
        return out + [_with(base, "chi2_from_counts", {**values, "table": "; ".join(" ".join(x) for x in counts)},
                            inferred)]
    return []


def _levels_row(table, parent: TableLine, levels: list[TableLine], sizes, heading) -> Row:
    values = {"value": parent.cells[-2], "p": parent.cells[-1]}
    base = Row("", {}, parent.no, table.location, parent.label, parent.raw)
    test, reason, inferred = column_test("counts", 2, heading)
    if reason:
        return _with(base, "p_from_statistic", values).unchecked(reason)
    width = {len(r.cells) for r in levels}
    if len(width) != 1 or not all(is_count(k, c) for r in levels for k, c in zip(r.kinds, r.cells)):
        return _with(base, "chi2_from_counts", values).unchecked(Msg.of("extract.reason.too_many_levels"))
    g = width.pop()
    counts = [[_count(r.cells[j], r.kinds[j]) for r in levels] for j in range(g)]  # rows = groups
    return _with(base, "chi2_from_counts", {**values, "table": "; ".join(" ".join(x) for x in counts)}, inferred)


def table_rows(table: Table) -> list[Row]:
    """The rows of the audit one table prints (groups in rows, else variables in rows)."""
    if any(_special(r.label) for r in table.rows):
        return _groups_in_rows(table)
    return _variables_in_rows(table)
