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
>>> audit_chunk(header, list(zip(*rows)), AuditOptions())["verdict"]
['inconsistent', 'inconsistent', 'invalid']
"""
from __future__ import annotations

from functools import lru_cache
from itertools import islice
from operator import itemgetter
from typing import Callable, Iterable, Mapping

import numpy as np

from analysis.audit.table import AUDIT_KINDS, OUTPUT_COLUMNS, AuditOptions, audit_row, check_target, exact_names, \
    parse_input, read_alpha, read_t_test, summaries, target_columns
from analysis.checks import KINDS
from analysis.checks.columnar import Batch, evaluate_columns, has_columns
from analysis.core.columnar import factorize

__all__ = ["audit_chunk", "audit_chunk_per_row", "audit_records"]


@lru_cache(maxsize=1 << 16)
def _input_refused(kind: str, name: str, text: str, exact: bool, alternatives: bool) -> bool:
    """Whether the per-row checks refuse an input cell, or it holds several parts (which the per-row path sums or
    tries in turn)."""
    try:
        return len(parse_input(kind, name, text, exact, alternatives).texts) != 1
    except ValueError:
        return True


@lru_cache(maxsize=1 << 16)
def _target_refused(target: str, column: str, text: str) -> bool:
    """Whether the per-row checks refuse a target cell."""
    try:
        check_target(target, column, text)
    except ValueError:
        return True
    return False


class _Rows:
    """The rows of one kind in a chunk: each column's cells stripped (as the per-row path reads them), as object
    arrays, each distinct cell stripped once."""

    def __init__(self, column: Callable, rows: np.ndarray):
        self.column, self.rows, self.read = column, rows, {}

    def __call__(self, name: str) -> np.ndarray:
        return self.coded(name)[0]

    def coded(self, name: str) -> tuple[np.ndarray, np.ndarray, list]:
        """The column's stripped cells, their codes and their distinct texts (:func:`factorize`)."""
        if name not in self.read:
            full = self.column(name)
            if full is None:
                self.read[name] = (np.full(len(self.rows), "", dtype=object), np.zeros(len(self.rows), np.intp), [""])
            else:
                whole = len(self.rows) == len(full)  # every row of the chunk: no need to pick
                codes, uniques = factorize(full if whole else itemgetter(*self.rows)(full) if len(self.rows) > 1
                                           else [full[self.rows[0]]])
                stripped = [u.strip() for u in uniques]
                if stripped != uniques:  # distinct texts may strip alike
                    codes, uniques = np.array(factorize(stripped)[0], dtype=np.intp)[codes], list(dict.fromkeys(stripped))
                self.read[name] = (np.array(uniques + [""], dtype=object)[codes], codes, uniques)
        return self.read[name]


def _accepted(coded: tuple, check: Callable, optional: bool) -> np.ndarray:
    """Which cells the per-row checks accept: ``check`` once per distinct cell, an empty one only if optional."""
    _, codes, uniques = coded
    good = np.array([optional if not u else not check(u) for u in uniques] + [False], dtype=bool)
    return good[codes]


def _merged(cell: "_Rows", names: tuple[str, ...]) -> tuple:
    """The first non-empty of several columns, row by row (``df`` for ``df1``; a target's aliases)."""
    if len(names) == 1 or all(cell.column(n) is None for n in names[1:]):
        return cell.coded(names[0])
    cells = cell(names[0])
    for other in names[1:]:
        cells = np.where(cells != "", cells, cell(other))
    codes, uniques = factorize(cells.tolist())
    return cells, codes, uniques


def _kind_rows(name: str, rows: list[int], column: Callable, aopts: AuditOptions, result: dict) -> np.ndarray:
    """Audit the rows ``rows`` (all of kind ``name``) through the columnar engine where the per-row checks
    accept every cell, writing their output columns into ``result``; return the rows it wrote."""
    k = KINDS[name]
    rows = np.asarray(rows, dtype=np.intp)
    cell = _Rows(column, rows)
    ok = np.ones(len(rows), dtype=bool)
    if name == "chi2_from_counts":  # a table is read into a, b, c, d (or becomes chi2_table) by the per-row path
        ok &= cell("table") == ""
    if name == "p_from_statistic":
        ok &= cell("statistic") != ""
    settings = [cell.coded(c)[1:] for c in ("alpha", "t_test", "exact")]  # codes and distinct texts, as factorize
    key = (settings[0][0] * len(settings[1][1]) + settings[1][0]) * len(settings[2][1]) + settings[2][0]
    done = []
    for group in np.unique(key):
        member = key == group
        a, t, e = (u[c[member][0]] for c, u in settings)
        try:
            alpha, t_test = read_alpha(a), read_t_test(t)
            exact = frozenset(exact_names(e, k.exact, k.inputs))
            opts = aopts.options(name, alpha, t_test)
        except ValueError:
            continue  # the per-row path says why
        take = ok & member
        texts: dict[str, tuple] = {}
        for inp in k.inputs:
            coded = _merged(cell, (inp, "df") if inp == "df1" else (inp,))
            take &= _accepted(coded, lambda t: _input_refused(name, inp, t, inp in exact, inp in k.alternatives),
                              inp in k.optional)
            texts[inp] = coded
        for tgt in k.targets:
            names = target_columns(name, tgt)
            coded = _merged(cell, names)
            take &= _accepted(coded, lambda t: _target_refused(tgt, names[0], t), tgt in k.optional)
            texts[tgt] = coded
        for opt in k.options:
            texts[opt] = cell.coded(opt)
        chosen = np.flatnonzero(take)
        if not len(chosen):
            continue
        batch = Batch.of({n: v[0][chosen].tolist() for n, v in texts.items()}, exact=exact,
                         coded={n: (v[1][chosen], v[2]) for n, v in texts.items()})
        decided, parts = evaluate_columns(name, batch, opts).decided()
        if len(decided):
            where = rows[chosen[decided]]
            for c, values in summaries(parts).items():
                result[c][where] = values
            done.append(where)
    return np.concatenate(done) if done else np.zeros(0, dtype=np.intp)


def audit_chunk(header: list[str], columns: list[tuple[str, ...]], aopts: AuditOptions) -> dict[str, list[str]]:
    """The output columns (:data:`~analysis.audit.table.OUTPUT_COLUMNS`) of a chunk of a table (its columns, one
    tuple of cells per name of ``header``), each row as :func:`~analysis.audit.table.audit_row` gives it."""
    index = {h: i for i, h in enumerate(header) if h not in OUTPUT_COLUMNS}
    n = len(columns[0]) if columns else 0

    def column(name: str):
        i = index.get(name)
        return None if i is None else columns[i]
    result = {c: np.full(n, "", dtype=object) for c in OUTPUT_COLUMNS}
    written = np.zeros(n, dtype=bool)
    kinds = _Rows(column, np.arange(n))("kind") if n else np.zeros(0, dtype=object)
    codes, names = factorize(kinds.tolist())
    for code, name in enumerate(names):
        if name in AUDIT_KINDS and has_columns(name):
            written[_kind_rows(name, np.flatnonzero(codes == code), column, aopts, result)] = True
    for i in np.flatnonzero(~written):
        for c, v in audit_row({h: columns[j][i] for h, j in index.items()}, aopts).items():
            result[c][i] = v
    return {c: v.tolist() for c, v in result.items()}


def audit_chunk_per_row(header: list[str], columns: list[tuple[str, ...]], aopts: AuditOptions) -> dict[str, list[str]]:
    """:func:`audit_chunk` through the per-row engine alone (:func:`~analysis.audit.table.audit_row` for every row):
    the reference the columnar path is compared with, in the same chunks and the same output.

    >>> audit_chunk_per_row(["kind", "part", "whole", "target"], [("share",), ("76",), ("147",), ("51.70",)],
    ...                     AuditOptions())["verdict"]
    ['consistent']
    """
    index = {h: i for i, h in enumerate(header) if h not in OUTPUT_COLUMNS}
    outs = [audit_row({h: cells[i] for h, i in index.items()}, aopts) for cells in zip(*columns)]
    return {c: [o.get(c, "") for o in outs] for c in OUTPUT_COLUMNS}


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
        cells = [tuple("" if rec.get(h) is None else str(rec[h]) for rec in block) for h in header]
        res = audit_chunk(header, cells, aopts)
        out.extend({**rec, **dict(zip(OUTPUT_COLUMNS, r))} for rec, r in zip(block, zip(*res.values())))
