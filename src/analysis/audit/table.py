"""Audit anyone's table of printed results with the compendium's check engine.

``python -m analysis audit INPUT.csv -o OUTPUT.csv`` reads one printed result
per row: a column ``kind`` says what it is (a key of
:data:`analysis.checks.engine.KINDS`, e.g. ``p_from_statistic``, ``grim``,
``growth``), the other columns hold the printed values exactly as printed
(text: trailing zeros matter). Each row is handed to
:func:`analysis.checks.engine.evaluate`, the function that also produces the
compendium's own ledger, so a rule can never differ between the two.

The output is the input plus ``verdict``, ``recomputed``, ``low``, ``high``,
``rule``, ``note``, ``computed_p``, ``error`` and ``decision_error``. One row
in, one row out: when a kind judges several printed numbers (a test's
statistic and its p, GRIMMER's mean and SD), the row's verdict is the worst of
them, ``recomputed``/``low``/``high``/``rule`` come from the part that gave it
(the first such part), and the note lists every part with its symbol.

Columns, by kind: the names the kind declares (``python -m analysis audit
--kinds`` lists them), with these conveniences:

* the printed statistic of ``t_from_summaries`` and ``chi2_from_counts`` is in
  ``value`` (as for ``p_from_statistic``);
* ``grim`` reads its target from ``target``, ``mean`` or ``percentage``;
* ``df`` stands for ``df1``;
* several printed parts of one input are written ``a+b`` (``sum``), several
  alternative denominators ``n1|n2`` (``grim``);
* an r x c table for ``chi2_from_counts`` is written in ``table`` as rows
  separated by ``;`` and counts by spaces (``10 20 30; 20 20 20``);
* an input is a count (exact, no rounding interval) if the kind declares it
  so, or if it is named in an optional ``exact`` column (names separated by
  spaces; ``all`` or ``none``);
* an optional ``alpha`` column overrides ``--alpha`` for its row; ``t_test``
  (``student``/``welch``), ``tails``, ``statistic``, ``percent`` and
  ``correction`` are per-row options.

A bad row (unknown kind, missing column, non-numeric value, n <= 0, SD < 0, p
outside [0, 1]) gets the verdict ``invalid`` with the reason in ``note``; the
rest of the file is still audited. A malformed file (not UTF-8 CSV, no
``kind`` column, a row with more fields than the header) stops with an
:class:`~analysis.core.errors.InputError` naming the file and line, and nothing is
written.

>>> rows = [{"kind": "growth", "before": "4036", "after": "4923", "target": "21.98", "exact": "all"}]
>>> out = audit_rows(rows, AuditOptions())
>>> out[0]["verdict"], out[0]["rule"]
('consistent', 'half_up')
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

import numpy as np

from analysis.checks import KINDS, Operand, Options, Outcome, evaluate
from analysis.checks.columnar import Judged, shown_num
from analysis.checks.engine import num
from analysis.checks.kinds.pvalues import parse_table
from analysis.audit.stream import open_table
from analysis.core.rounding import DEFAULT_TOLERANCE, parse_printed
from analysis.core.vocab import Verdict

__all__ = ["OUTPUT_COLUMNS", "AUDIT_KINDS", "GRANULARITY_KINDS", "AuditOptions", "RowError", "audit_row", "audit_rows",
           "outcomes_of", "summary", "summaries", "parse_input", "check_target", "target_columns", "read_alpha", "read_t_test",
           "exact_names", "iter_table", "read_table", "output_columns", "write_csv", "kinds_help"]

OUTPUT_COLUMNS = ("verdict", "recomputed", "low", "high", "rule", "note", "computed_p", "error", "decision_error")
GRANULARITY_KINDS = ("grim", "grimmer", "debit")
"""Kinds whose default rounding rule is ``up_or_down`` (scrutiny's default) unless ``--rounding`` names one."""
AUDIT_KINDS = tuple(sorted(name for name, k in KINDS.items() if k.section == "ledger" and k.targets))
"""The kinds a user's table may use: every ledger kind that judges a printed number (not the claims of a text:
``claim``, ``units``, ``per_capita``, whose verdicts, ``undecidable`` among them, need a source's wording)."""

_ROW_OPTIONS = ("alpha", "t_test", "exact", "table", "correction")
_STAT_VALUE_KINDS = ("t_from_summaries", "chi2_from_counts", "chi2_table")
_ALIASES = {"grim": {"target": ("target", "mean", "percentage")}}
_WHOLE = {"n", "n1", "n2", "items", "a", "b", "c", "d"}  # df may be fractional (Welch): the engine checks > 0
MAX_DIGITS = 60
"""Longest printed number the audit reads (characters): a 5,000-digit value is refused in words, never
passed on to an arithmetic whose error message names Python's own limits."""
_POSITIVE = {"n", "n1", "n2", "items"}
_NONNEGATIVE_SD = {"s1", "s2", "sd"}


@dataclass(frozen=True)
class AuditOptions:
    """Command-line options of an audit.

    Attributes
    ----------
    alpha : float
    p_equal_alpha : {"not_significant", "significant"}
    rounding : str or None
        The rule, for every kind; None: ``half_up``, and ``up_or_down`` for
        :data:`GRANULARITY_KINDS`.
    tolerance : float
    """

    alpha: float = 0.05
    p_equal_alpha: str = "not_significant"
    rounding: str | None = None
    tolerance: float = DEFAULT_TOLERANCE

    def options(self, kind: str, alpha: float | None = None, t_test: str = "student") -> Options:
        """Engine options for one row."""
        rule = self.rounding or ("up_or_down" if kind in GRANULARITY_KINDS else "half_up")
        return Options(alpha=self.alpha if alpha is None else alpha, rounding=rule, t_test=t_test,
                       tolerance=self.tolerance, p_equal_alpha=self.p_equal_alpha)


class RowError(ValueError):
    """A row that cannot be audited (its verdict is ``invalid``)."""


def _cell(rec: Mapping[str, str], name: str) -> str:
    v = rec.get(name)
    return "" if v is None else str(v).strip()


def _length(name: str, text: str) -> None:
    if len(text) > MAX_DIGITS:
        raise RowError(f"column {name!r}: a printed number of {len(text)} characters; at most {MAX_DIGITS} are read")


def parse_input(kind: str, name: str, text: str, exact: bool, alternatives: bool) -> Operand:
    """A printed input as the audit accepts it (a :class:`RowError` naming its column otherwise)."""
    if len(text) <= MAX_DIGITS and text.isascii() and text.isdigit() and (name not in _POSITIVE or int(text) > 0):
        return Operand((text,), exact)  # a plain count: every check below passes
    parts = text.split("|") if alternatives else re.split(r"(?<=[\d.])\s*\+\s*(?=[\d.(−-])", text)
    parts = [p.strip() for p in parts]
    for p in parts:
        _length(name, p)
        try:
            v = parse_printed(p)
        except ValueError:
            raise RowError(f"column {name!r}: not a printed number: {p!r}") from None
        if v.operator not in ("=",):
            raise RowError(f"column {name!r}: an input is a plain number, got {p!r}")
        if name in _WHOLE and (exact or name in _POSITIVE) and v.value != v.value.to_integral_value():
            raise RowError(f"column {name!r}: {name} must be a whole number, got {p!r}")
        if name in _POSITIVE and v.value <= 0:
            raise RowError(f"column {name!r}: {name} must be > 0, got {p!r}")
        if name in _WHOLE and v.value < 0:
            raise RowError(f"column {name!r}: {name} cannot be negative, got {p!r}")
        if name in _NONNEGATIVE_SD and v.value < 0:
            raise RowError(f"column {name!r}: an SD cannot be negative, got {p!r}")
    return Operand(tuple(parts), exact)


def exact_names(text: str, declared: frozenset[str], inputs: Iterable[str]) -> set[str]:
    """The inputs a row reads as counts: the kind's counts, or those its ``exact`` column names."""
    given = text.replace(",", " ").replace(";", " ").split()
    if not given:
        return set(declared)
    if given == ["all"]:
        return set(inputs)
    if given == ["none"]:
        return set()
    unknown = sorted(set(given) - set(inputs))
    if unknown:
        raise RowError(f"column 'exact': {', '.join(unknown)} is not an input of this kind "
                       f"({', '.join(inputs)})")
    return set(given) | (set(declared) & _WHOLE)


def _table(text: str) -> list[list[int]]:
    try:
        return parse_table(text)
    except ValueError as exc:
        raise RowError(f"column 'table': {exc}") from None


def _check_p(text: str) -> None:
    _length("p", text)
    try:
        p = parse_printed(text)
    except ValueError:
        raise RowError(f"column 'p': not a printed p-value: {text!r}") from None
    if not 0 <= p.value <= 1:
        raise RowError(f"column 'p': a p-value must lie in [0, 1], got {text!r}")


def read_alpha(text: str) -> float | None:
    """A row's ``alpha`` column (None when empty)."""
    if not text:
        return None
    try:
        alpha = float(text)
    except ValueError:
        raise RowError(f"column 'alpha': not a number: {text!r}") from None
    if not 0 < alpha < 1:
        raise RowError(f"column 'alpha': must lie in (0, 1), got {text!r}")
    return alpha


def read_t_test(text: str) -> str:
    """A row's ``t_test`` column (``student`` when empty)."""
    t_test = text.lower() or "student"
    if t_test not in ("student", "welch"):
        raise RowError(f"column 't_test': student or welch, got {t_test!r}")
    return t_test


def target_columns(name: str, target: str) -> tuple[str, ...]:
    """The columns a kind's target may be read from, in order (``value`` holds a test's statistic)."""
    if target == "statistic" and name in _STAT_VALUE_KINDS:
        return ("value", "statistic")
    return _ALIASES.get(name, {}).get(target, (target,))


def check_target(target: str, column: str, text: str) -> None:
    """A printed target as the audit accepts it (a :class:`RowError` naming ``column`` otherwise)."""
    if target == "p":
        _check_p(text)
        return
    _length(column, text)
    try:
        parse_printed(text)
    except ValueError:
        raise RowError(f"column {column!r}: not a printed number: {text!r}") from None
    if target == "sd" and parse_printed(text).value < 0:
        raise RowError(f"column 'sd': an SD cannot be negative, got {text!r}")


def _prepare(rec: Mapping[str, str], aopts: AuditOptions) -> tuple[str, dict, dict, dict, Options]:
    """Map a row's columns to the kind's inputs, targets, options and engine options."""
    name = _cell(rec, "kind")
    if not name:
        raise RowError("column 'kind' is empty")
    if name not in AUDIT_KINDS:
        raise RowError(f"unknown kind {name!r}; expected one of {', '.join(AUDIT_KINDS)}")
    table_text = _cell(rec, "table")
    if name == "chi2_from_counts" and table_text:
        table = _table(table_text)
        if len(table) == 2 and len(table[0]) == 2:
            rec = {**rec, "a": str(table[0][0]), "b": str(table[0][1]), "c": str(table[1][0]), "d": str(table[1][1])}
        else:
            name = "chi2_table"
    k = KINDS[name]
    alpha = read_alpha(_cell(rec, "alpha"))
    t_test = read_t_test(_cell(rec, "t_test"))
    exact = exact_names(_cell(rec, "exact"), k.exact, k.inputs)
    inputs: dict[str, Operand] = {}
    targets: dict[str, str] = {}
    options: dict[str, str] = {}
    missing = []
    for inp in k.inputs:
        text = _cell(rec, inp) or (_cell(rec, "df") if inp == "df1" else "")
        if not text:
            if inp not in k.optional:
                missing.append(inp)
            continue
        inputs[inp] = parse_input(name, inp, text, inp in exact, inp in k.alternatives)
    for tgt in k.targets:
        names = target_columns(name, tgt)
        text = next((_cell(rec, c) for c in names if _cell(rec, c)), "")
        if not text:
            if tgt not in k.optional:
                missing.append(names[0])
            continue
        check_target(tgt, names[0], text)
        targets[tgt] = text
    for opt in k.options:
        if _cell(rec, opt):
            options[opt] = _cell(rec, opt)
    if name == "p_from_statistic" and "statistic" not in options:
        missing.append("statistic")
    if missing:
        raise RowError(f"{name} needs column(s) {', '.join(missing)}")
    try:
        opts = aopts.options(name, alpha, t_test)
    except ValueError as exc:
        raise RowError(str(exc)) from None
    return name, inputs, targets, options, opts


_VERDICTS = list(Verdict)
_VALUES = [v.value for v in _VERDICTS]  # by rank, read once (an enum's value is a property)
_INCONSISTENT = [v.is_inconsistent for v in _VERDICTS]
_FLAGS = {True: "true", False: "false"}


def summaries(parts: list[Judged]) -> dict[str, list[str]]:
    """The output columns of rows from their judged parts (each part over the same rows, in the kind's order).

    One row in, one row out: the row's verdict is the worst of its parts'; ``recomputed``, ``low``, ``high`` and
    ``rule`` come from the first part with that verdict; the note is that part's note, or, for several parts,
    every part with its symbol and verdict (and its note where it is not consistent, and the lead's);
    ``computed_p``, ``error`` and ``decision_error`` describe the ``p_implied`` part (the printed p against the
    printed statistic), or the part that records an error.
    """
    rows = len(parts[0].code)
    codes = np.array([p.code for p in parts], dtype=np.int64).reshape(len(parts), rows)
    worst = codes.max(axis=0)
    lead = (codes == worst).argmax(axis=0).tolist()
    worst = worst.tolist()
    def shown(field: str) -> list[str]:  # num() of the lead part's values, once per distinct value
        if len(parts) == 1:
            values = getattr(parts[0], field)
        else:
            each = [getattr(p, field) for p in parts]
            values = [each[k][i] for i, k in enumerate(lead)]
        if set(map(type, values)) <= {float}:
            return shown_num(values, memo)
        return [num(x) for x in values]
    memo = {k: v for p in parts for k, v in p.shown.items()} if len(parts) > 1 else dict(parts[0].shown)
    out = {"verdict": list(map(_VALUES.__getitem__, worst)), "recomputed": shown("recomputed"), "low": shown("low"),
           "high": shown("high"),
           "rule": list(parts[0].rule) if len(parts) == 1 else [parts[k].rule[i] for i, k in enumerate(lead)]}
    texts = [p.recomputed_text for p in parts]
    if any(texts):
        out["recomputed"] = [texts[k][i] if texts[k] and texts[k][i] else r
                             for (i, k), r in zip(enumerate(lead), out["recomputed"])]
    if len(parts) == 1:
        out["note"] = list(parts[0].note)
    else:
        heads = [{c: f"{p.part or p.target} {_VERDICTS[c].symbol} {_VERDICTS[c].value}" for c in set(p.code)}
                 for p in parts]
        shown_always = [[not _VERDICTS[c].is_consistent for c in range(len(_VERDICTS))] for _ in parts]
        said = []
        for j, p in enumerate(parts):
            head, always = heads[j], shown_always[j]
            said.append([head[c] + (": " + note if note and (always[c] or k == j) else "")
                         for c, note, k in zip(p.code, p.note, lead)])
        out["note"] = [" | ".join(x) for x in zip(*said)]
    pout = next((p for p in parts if p.part == "p_implied"), None) or next((p for p in parts if "error" in p.extra),
                                                                            None)
    if pout is not None:
        errors = pout.extra.get("error") or [None] * rows
        computed = pout.extra.get("computed_p") or [None] * rows
        error = [bool(e) if e is not None else _INCONSISTENT[c] for e, c in zip(errors, pout.code)]
        out["computed_p"] = list(map(repr, computed)) if set(map(type, computed)) <= {float} else \
            ["" if x is None else repr(float(x)) for x in computed]
        out["error"] = [_FLAGS[e] for e in error]
        conclusion = Verdict.INCONSISTENT_CONCLUSION.rank
        out["decision_error"] = [_FLAGS[e and c == conclusion] for e, c in zip(error, pout.code)]
    return out


def summary(outs: list[Outcome]) -> dict[str, str]:
    """One row's output columns from the per-row engine's outcomes (:func:`summaries` of one row)."""
    if not outs:
        return {"verdict": Verdict.CONSISTENT.value, "note": "nothing to judge"}
    return {k: v[0] for k, v in summaries([Judged.of([o]) for o in outs]).items()}


def outcomes_of(rec: Mapping[str, str], aopts: AuditOptions) -> list[Outcome]:
    """The engine's outcomes for one input row (what :func:`audit_row` summarises); a :class:`RowError` or
    ``ValueError`` for a row that cannot be audited."""
    name, inputs, targets, options, opts = _prepare(rec, aopts)
    return evaluate(name, inputs, targets, opts, options)


def audit_row(rec: Mapping[str, str], aopts: AuditOptions) -> dict[str, str]:
    """The output columns for one input row (``invalid`` with the reason for a bad row)."""
    try:
        outs = outcomes_of(rec, aopts)
    except (RowError, ValueError, KeyError, ZeroDivisionError, ArithmeticError) as exc:
        reason = (exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)) or type(exc).__name__
        return {"verdict": Verdict.INVALID.value, "note": reason}
    return summary(outs)


def audit_rows(rows: Iterable[Mapping[str, str]], aopts: AuditOptions) -> list[dict[str, str]]:
    """Audit rows (dicts of column -> text) one at a time, the reference the columnar path is checked against
    (:func:`analysis.audit.columns.audit_records` gives the same rows); each output row is the input row plus
    :data:`OUTPUT_COLUMNS`."""
    out = []
    for rec in rows:
        base = {k: v for k, v in rec.items() if k not in OUTPUT_COLUMNS}
        res = audit_row(base, aopts)
        out.append({**base, **{c: res.get(c, "") for c in OUTPUT_COLUMNS}})
    return out


def iter_table(path: Path | str) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The header and a lazy iterator over the rows of a user's CSV (text, as printed), read in chunks
    (:func:`analysis.audit.stream.open_table`).

    A malformed file is an :class:`InputError` naming the file and line: at
    once for its encoding and its header, while iterating for a later line (so a caller that
    writes only after the last row writes nothing for a malformed file).
    """
    table = open_table(path)

    def rows() -> Iterator[dict[str, str]]:
        for columns in table.chunks(1000):
            for fields in zip(*columns):
                yield dict(zip(table.header, fields))
    return table.header, rows()


def read_table(path: Path | str) -> tuple[list[str], list[dict[str, str]]]:
    """Read a user's CSV as text; a malformed file is an :class:`InputError` naming file and line."""
    header, rows = iter_table(path)
    return header, list(rows)


def output_columns(header: list[str]) -> list[str]:
    """The output's columns: the input's (an output column it already has is replaced), then :data:`OUTPUT_COLUMNS`.

    >>> output_columns(["kind", "verdict", "t"])[:3]
    ['kind', 't', 'verdict']
    """
    return [h for h in header if h not in OUTPUT_COLUMNS] + list(OUTPUT_COLUMNS)


def write_csv(header: list[str], rows: list[dict[str, str]]) -> str:
    """The output table as CSV text (:func:`output_columns`), by :class:`csv.DictWriter`."""
    cols = output_columns(header)
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def kinds_help() -> str:
    """One line per auditable kind: its columns and formula."""
    lines = []
    for name in AUDIT_KINDS:
        k = KINDS[name]
        cols = [("value" if t == "statistic" and name in _STAT_VALUE_KINDS else t) for t in k.targets]
        cols += [i + ("?" if i in k.optional else "") for i in k.inputs] + [o + "?" for o in k.options]
        lines.append(f"  {name:<18} {', '.join(cols)}\n  {'':<18} {k.formula}")
    return "\n".join(lines)
