"""A user's table audited a chunk of rows at a time, through the engine's columnar path.

:func:`audit_chunk` gives each row exactly what :func:`analysis.audit.table.audit_row` gives it. The rows of
a kind that has a columnar runner (:func:`analysis.checks.engine.vectorised`) are checked as the per-row path
checks them, once per distinct cell (the same functions: :func:`~analysis.audit.table.parse_input`,
:func:`~analysis.audit.table.check_target`, :func:`~analysis.audit.table.read_alpha`, ...), grouped by the
options they set (``alpha``, ``t_test``, ``exact``) and evaluated as a
:class:`~analysis.checks.columnar.Batch`; their judged parts are summarised by the per-row path's own
:func:`~analysis.audit.table.summary`. Every other row (a kind without a columnar runner, a cell the
checks refuse, a sum of printed parts, a value the runner leaves) goes through
:func:`~analysis.audit.table.audit_row` itself, so a refused row is ``invalid`` with the per-row reason.

>>> header = ["kind", "before", "after", "target", "exact"]
>>> rows = [["growth", "1331", "1792", "24.64", "all"], ["growth", "0", "5", "1.0", "all"], ["anova", "", "", "", ""]]
>>> [r["verdict"] for r in audit_chunk(header, rows, AuditOptions())]
['inconsistent', 'inconsistent', 'invalid']
"""
from __future__ import annotations

from collections import defaultdict
from itertools import islice
from typing import Callable, Iterable, Mapping

from analysis.audit.table import AUDIT_KINDS, OUTPUT_COLUMNS, AuditOptions, audit_row, check_target, exact_names, \
    parse_input, read_alpha, read_t_test, summary, target_columns
from analysis.checks import KINDS
from analysis.checks.columnar import Batch, each_text, evaluate_columns, has_columns

__all__ = ["audit_chunk", "audit_records"]


def _valid(func: Callable) -> Callable:
    """``func`` of a cell, boxed so that a refusal (None from :func:`each_text`) differs from a None it returns."""
    return lambda text: (func(text),)


def _stripped(column, rows: list[int]) -> list[str]:
    if column is None:
        return [""] * len(rows)
    return [column[i].strip() for i in rows]


def _kind_rows(name: str, rows: list[int], column: Callable, aopts: AuditOptions, out: list) -> None:
    """Audit the rows ``rows`` (all of kind ``name``) through the columnar engine where the per-row checks
    accept every cell; leave the others (``out[i]`` None) to the per-row path."""
    k = KINDS[name]
    m = len(rows)
    ok = [True] * m
    if name == "chi2_from_counts":  # a table is read into a, b, c, d (or becomes chi2_table) by the per-row path
        ok = [not t for t in _stripped(column("table"), rows)]
    alpha = each_text(_stripped(column("alpha"), rows), _valid(read_alpha))
    t_test = each_text(_stripped(column("t_test"), rows), _valid(read_t_test))
    exact = each_text(_stripped(column("exact"), rows), _valid(lambda t: frozenset(exact_names(t, k.exact, k.inputs))))
    ok = [a and b is not None and c is not None and e is not None for a, b, c, e in zip(ok, alpha, t_test, exact)]
    texts: dict[str, list[str]] = {}
    for inp in k.inputs:
        col = _stripped(column(inp), rows)
        if inp == "df1":
            col = [t or d for t, d in zip(col, _stripped(column("df"), rows))]
        seen: dict = {}
        for j, text in enumerate(col):
            if not ok[j]:
                continue
            if not text:
                ok[j] = inp in k.optional
                continue
            key = (text, inp in exact[j][0])
            if key not in seen:
                seen[key] = each_text([text], lambda t: parse_input(name, inp, t, key[1], inp in k.alternatives))[0]
            ok[j] = seen[key] is not None and len(seen[key].texts) == 1  # a sum or alternatives: per row
        texts[inp] = col
    for tgt in k.targets:
        names = target_columns(name, tgt)
        cols = [_stripped(column(c), rows) for c in names]
        col = [next((t for t in ts if t), "") for ts in zip(*cols)]
        valid = each_text(col, _valid(lambda t: check_target(tgt, names[0], t)))
        ok = [a and (v is not None if t else tgt in k.optional) for a, t, v in zip(ok, col, valid)]
        texts[tgt] = col
    for opt in k.options:
        texts[opt] = _stripped(column(opt), rows)
    if name == "p_from_statistic":
        ok = [a and bool(t) for a, t in zip(ok, texts["statistic"])]
    groups = defaultdict(list)
    for j in range(m):
        if ok[j]:
            groups[(alpha[j][0], t_test[j][0], exact[j][0])].append(j)
    for (a, t, e), js in groups.items():
        try:
            opts = aopts.options(name, a, t)
        except ValueError:
            continue  # the per-row path says why
        batch = Batch.of({key: [col[j] for j in js] for key, col in texts.items()}, exact=e)
        for j, judged in zip(js, evaluate_columns(name, batch, opts).rows()):
            if judged is not None:
                out[rows[j]] = summary(judged)


def audit_chunk(header: list[str], rows: list[list[str]], aopts: AuditOptions) -> list[dict[str, str]]:
    """The output columns (:data:`~analysis.audit.table.OUTPUT_COLUMNS`) of each row of a chunk of a table
    (rows as lists of cells under ``header``), as :func:`~analysis.audit.table.audit_row` gives them."""
    index = {h: i for i, h in enumerate(header) if h not in OUTPUT_COLUMNS}
    width = len(header)
    rows = [r if len(r) == width else (r + [""] * (width - len(r)))[:width] for r in rows]
    columns = list(zip(*rows)) if rows else []

    def column(name: str):
        i = index.get(name)
        return None if i is None or not columns else columns[i]
    out: list = [None] * len(rows)
    kinds = defaultdict(list)
    for i, name in enumerate(_stripped(column("kind"), list(range(len(rows))))):
        kinds[name].append(i)
    for name, idx in kinds.items():
        if name in AUDIT_KINDS and has_columns(name):
            _kind_rows(name, idx, column, aopts, out)
    for i, res in enumerate(out):
        if res is None:
            out[i] = audit_row({h: rows[i][j] for h, j in index.items()}, aopts)
    return out


def audit_records(rows: Iterable[Mapping[str, str]], aopts: AuditOptions, chunk: int = 10_000) -> list[dict[str, str]]:
    """:func:`analysis.audit.table.audit_rows` through the columnar engine: rows (dicts of column -> text) in, each
    input row plus :data:`~analysis.audit.table.OUTPUT_COLUMNS` out, the same rows.

    >>> audit_records([{"kind": "share", "part": "76", "whole": "147", "target": "51.70"}], AuditOptions())[0]["verdict"]
    'consistent'
    """
    out = []
    rows = iter(rows)
    while True:
        block = [{k: v for k, v in rec.items() if k not in OUTPUT_COLUMNS} for rec in islice(rows, chunk)]
        if not block:
            return out
        header = list(dict.fromkeys(k for rec in block for k in rec))
        res = audit_chunk(header, [["" if rec.get(h) is None else str(rec[h]) for h in header] for rec in block], aopts)
        out.extend({**rec, **{c: r.get(c, "") for c in OUTPUT_COLUMNS}} for rec, r in zip(block, res))
