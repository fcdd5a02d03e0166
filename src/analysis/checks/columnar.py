"""The columnar engine: many rows of one kind judged at once, by the kind's own rule, exact at the edges.

A kind that declares a columnar runner (:func:`analysis.checks.engine.vectorised`, beside its per-row
runner and sharing its helpers) receives a :class:`Batch`: rows of that kind under one
:class:`~analysis.checks.engine.Options`, each input, target and option a column of printed text. It
recomputes every row with arrays (the kernels of :mod:`analysis.stats`, the ones the per-row runner calls),
judges them with :func:`judge_columns` (the columnar :func:`~analysis.checks.engine.judge`:
:func:`analysis.core.columnar.compare_columns`, then the same categories of notes) and returns
:class:`Parts`: for every row, what the audit shows of each judged part (:class:`Judged`), or nothing for a
row it leaves to the per-row engine: a row whose recomputed value lies too near an edge to be decided in
floating point, or one the runner does not handle (a sum of printed parts, alternative denominators, a
value whose formula is undefined). The caller evaluates those rows with
:func:`~analysis.checks.engine.evaluate`, so every row gets exactly the per-row engine's answer.

>>> from analysis.checks.engine import Options
>>> b = Batch.of({"before": ["1331", "4036"], "after": ["1792", "4923"], "target": ["24.64", "21.98"]},
...              exact=("before", "after"))
>>> rows, (judged,) = evaluate_columns("growth", b, Options()).decided()
>>> rows.tolist(), judged.code, judged.note[0]
([0, 1], [3, 0], 'one digit differs (24.64 printed, 34.64 recomputed)')
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping, NamedTuple

import numpy as np

from analysis.checks.engine import KINDS, Options, Outcome, decide
from analysis.checks.notes import digit_slip, message
from analysis.core.columnar import NOTE_NONE, Compared, PrintedColumn, compare_columns, fixed_text, near_half, \
    printed_column, round_scaled, rounding_note
from analysis.core.rounding import format_fixed
from analysis.core.vocab import Verdict
from analysis.text.catalogue import Msg, render, render_each

__all__ = ["Batch", "Judged", "PartColumn", "Parts", "judge_columns", "evaluate_columns", "has_columns", "said",
           "each_text", "shown_num", "nums", "render_items", "printed_decisions"]

_INCONSISTENT = (Verdict.INCONSISTENT.rank, Verdict.INCONSISTENT_CONCLUSION.rank)
_CONSISTENT = (Verdict.CONSISTENT.rank, Verdict.CONSISTENT_IF_ROUNDING.rank)


@dataclass(frozen=True)
class Batch:
    """Rows of one kind under one set of options: each input, target and option a column of text.

    Attributes
    ----------
    size : int
    texts : mapping of str to list of str
        By the names the kind declares; ``""`` where a row leaves an optional one out.
    exact : frozenset of str
        The inputs read as counts (no rounding interval).
    """

    size: int
    texts: Mapping[str, list]
    exact: frozenset = frozenset()
    coded: Mapping[str, tuple] = field(default_factory=dict, compare=False, repr=False)
    _read: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, texts: Mapping[str, list], exact=(), coded: Mapping[str, tuple] | None = None) -> "Batch":
        """A batch of columns of text; ``coded`` gives some of them already factorized
        (:func:`analysis.core.columnar.factorize`: codes into distinct texts), to be read once per text."""
        sizes = {len(v) for v in texts.values()}
        if len(sizes) > 1:
            raise ValueError(f"columns of different lengths: {sorted(sizes)}")
        return cls(sizes.pop() if sizes else 0, {k: list(v) for k, v in texts.items()}, frozenset(exact),
                   dict(coded or {}))

    def text(self, name: str) -> list:
        """The column ``name`` (empty texts where the batch has none)."""
        return self.texts.get(name) or [""] * self.size

    def printed(self, name: str, rule: str) -> PrintedColumn:
        """The column ``name`` read as printed numbers under ``rule`` (once per batch)."""
        key = (name, rule)
        if key not in self._read:
            self._read[key] = printed_column(self.text(name), rule, self.coded.get(name))
        return self._read[key]


class Judged(NamedTuple):
    """One judged part over rows, as the audit shows it: of each row, what its summary reads of an
    :class:`~analysis.checks.engine.Outcome` (the note rendered in English, as ``Outcome.note``), by column."""

    target: str
    part: str
    code: list
    """The verdict of each row, as its rank (:attr:`analysis.core.vocab.Verdict.rank`)."""
    recomputed: list
    low: list
    high: list
    rule: list
    note: list
    extra: Mapping[str, list] = {}
    recomputed_text: list | None = None
    shown: Mapping = {}
    """Numbers already formatted (value -> :func:`~analysis.checks.engine.num` text), for the summary."""

    @classmethod
    def of(cls, outcomes: list[Outcome]) -> "Judged":
        """The same part of several rows from the per-row engine's outcomes (one per row)."""
        o = outcomes[0]
        keys = set().union(*(x.extra for x in outcomes))
        return cls(o.target, o.part, [x.verdict.rank for x in outcomes], [x.recomputed for x in outcomes],
                   [x.comparison.low for x in outcomes], [x.comparison.high for x in outcomes],
                   [x.comparison.rule for x in outcomes], [x.note for x in outcomes],
                   {k: [x.extra.get(k) for x in outcomes] for k in keys},
                   [x.recomputed_text for x in outcomes] if any(x.recomputed_text for x in outcomes) else None)


@lru_cache(maxsize=4096)
def _rounding_text(code, printed: str, rule: str, other: str) -> str:
    note = rounding_note(code, printed, rule, other)
    return render(message(note), "en") if note is not None else ""


@lru_cache(maxsize=256)
def said(msg: Msg) -> str:
    """A message in English, rendered once (for the notes a column shares)."""
    return render(msg, "en")


class PartColumn:
    """One judged part (``target``, ``part``) of every row of a batch: the comparison and the notes, by row."""

    def __init__(self, target: str, part: str, printed: PrintedColumn, recomputed, cmp: Compared, rule: str,
                 notes: list):
        self.target, self.part, self.printed, self.rule = target, part, printed, rule
        self.recomputed = np.asarray(recomputed, dtype=float)
        self.cmp = cmp
        self.notes = notes  # per row: the notes after the rounding note, in order
        self.extra: dict[str, Any] = {}
        self.left = np.zeros(len(notes), dtype=bool)
        self.shown: dict = {}  # value -> text, of the numbers its notes show (shown_num's memo)

    @property
    def code(self) -> np.ndarray:
        return self.cmp.code

    @property
    def undecided(self) -> np.ndarray:
        """Rows the comparison could not decide, or that the runner leaves (:meth:`leave`)."""
        return self.cmp.undecided | self.left

    def bad(self) -> np.ndarray:
        """Rows decided inconsistent."""
        return np.isin(self.cmp.code, _INCONSISTENT) & ~self.undecided

    def leave(self, mask) -> None:
        """Leave the rows in ``mask`` (booleans, one per row) to the per-row engine."""
        mask = np.asarray(mask)
        if mask.dtype != bool or mask.shape != self.left.shape:
            raise ValueError("leave takes a boolean mask of the batch's rows")
        self.left = self.left | mask

    def leave_row(self, i: int) -> None:
        """Leave row ``i`` to the per-row engine."""
        self.left[i] = True

    def add(self, mask, note) -> None:
        """Append ``note`` (one text, or a text per row) to the notes of the rows in ``mask``."""
        for i in np.flatnonzero(mask):
            self.notes[i].append(note if isinstance(note, str) else note[i])

    def rescue(self, candidates, other: Compared, note: str) -> np.ndarray:
        """:func:`~analysis.checks.engine.with_verdict` where another reading reproduces the printed value: each
        row of ``candidates`` whose comparison ``other`` is consistent takes it, and ``note`` follows its notes
        (a candidate ``other`` cannot decide is left to the per-row engine). Returns the rows rescued."""
        cand = np.asarray(candidates, dtype=bool)
        self.leave(cand & other.undecided)
        mask = cand & ~other.undecided & np.isin(other.code, _CONSISTENT)
        self.cmp = Compared(*(np.where(mask, getattr(other, f), getattr(self.cmp, f)) for f in (
            "code", "rule", "note", "other", "low", "high")), self.cmp.undecided)
        self.add(mask, note)
        return mask

    def judged(self, rows: list[int]) -> Judged:
        """This part of the rows ``rows`` (indices), as :class:`Judged`."""
        c = self.cmp
        at = np.asarray(rows, dtype=np.intp)
        index, mine = at.tolist(), self.notes
        note = list(map("; ".join, map(mine.__getitem__, index)))  # the kind's notes; a rounding note goes first
        if c.note.dtype.kind in "iu":  # codes only: the rows with one
            noted = np.flatnonzero(c.note[at] != NOTE_NONE).tolist()
            codes = c.note.tolist() if noted else []
        else:
            codes = c.note.tolist()
            noted = [j for j, i in enumerate(index) if not (codes[i] is None or codes[i].__class__ is int and
                                                              codes[i] == NOTE_NONE)]
        other, texts = c.other.tolist() if noted else [], self.printed.texts
        for j in noted:
            i = index[j]
            first = _rounding_text(codes[i], texts[i], self.rule, other[i])
            if first:
                note[j] = "; ".join([first] + mine[i])
        return Judged(self.target, self.part, c.code[rows].tolist(), self.recomputed[rows].tolist(),
                      c.low[rows].tolist(), c.high[rows].tolist(), c.rule[rows].tolist(), note,
                      {k: np.asarray(v)[rows].tolist() for k, v in self.extra.items()}, shown=self.shown)


@dataclass
class Parts:
    """The judged parts of a batch, in the kind's order, and the rows left to the per-row engine."""

    parts: list
    left: np.ndarray

    @property
    def undecided(self) -> np.ndarray:
        out = self.left.copy()
        for p in self.parts:
            out |= p.undecided
        return out

    def decided(self) -> tuple[np.ndarray, list[Judged]]:
        """The rows decided (indices) and their judged parts, in the kind's order; the other rows are the per-row
        engine's to evaluate."""
        rows = np.flatnonzero(~self.undecided)
        return rows, [p.judged(rows) for p in self.parts]


def judge_columns(printed: PrintedColumn, recomputed, low, high, opts: Options, *, target: str = "target",
                  part: str = "", notes: list | None = None, conclusion_changed=False, is_p: bool = False,
                  category: bool = False, slip: bool = True, exact=None) -> PartColumn:
    """:func:`analysis.checks.engine.judge` for a column: the comparison, then its notes in the same order (the
    rounding note, the kind's notes, a digit slip where no ``category`` is given, a flipped decision).

    ``exact(i)`` gives row i's recomputed value and range as the per-row engine has them, for the rows the
    floats cannot decide (:func:`analysis.core.columnar.compare_columns`). The category itself is not kept (the
    audit does not show it); ``category`` says whether the kind names one, which is what decides whether a
    digit slip is looked for. An approximate value (``~x``) is left to the per-row engine.
    """
    n = len(printed.texts)
    cmp = compare_columns(printed, recomputed, low, high, rule=opts.rounding, conclusion_changed=conclusion_changed,
                          is_p=is_p, exact=exact, tolerance=opts.tolerance)
    rows = [list(x) for x in notes] if notes is not None else [[] for _ in range(n)]
    out = PartColumn(target, part, printed, recomputed, cmp, opts.rounding, rows)
    out.leave(printed.op == "~")
    bad = out.bad()
    if slip and not category:  # only the rows that do not reproduce are scaled and rounded for a digit slip
        idx = np.flatnonzero(bad & (printed.op == "="))
        x = np.asarray(recomputed, dtype=float)[idx] * 10.0 ** printed.decimals[idx]
        whole, tie = round_scaled(x, opts.rounding), near_half(x)
        for k, i in enumerate(idx):
            d = int(printed.decimals[i])
            shown = format_fixed(exact(i)[0], d, opts.rounding) if tie[k] else fixed_text(int(whole[k]), d)
            found = digit_slip(printed.texts[i], shown)
            if found:
                rows[i].append(said(found.note))
    out.add(bad & (cmp.code == Verdict.INCONSISTENT_CONCLUSION.rank), said(Msg.of("note.decision_differs")))
    return out


def nums(values) -> list[str]:
    """:func:`~analysis.checks.engine.num` of each float: 6 significant digits, or 3 decimals in scientific
    notation below 1e-4 (0, and the nan of a missing value, as ``num`` prints them)."""
    x = np.asarray(values, dtype=float).reshape(-1)
    floats = x.tolist()
    out = list(map("{:.6g}".format, floats))
    for i in np.flatnonzero(~((np.abs(x) >= 1e-4) | (x == 0))).tolist():
        out[i] = "{:.3e}".format(floats[i])
    return out


def shown_num(values, memo: dict | None = None) -> list[str]:
    """:func:`nums`, and with ``memo`` (value -> text) the values formatted before taken from it and the new ones
    added (zeros never: 0.0 and -0.0 are one key but print differently)."""
    if memo is None:
        return nums(values)
    floats = np.asarray(values, dtype=float).reshape(-1).tolist()
    out = list(map(memo.get, floats))
    todo = [i for i, t in enumerate(out) if t is None]
    for i, text in zip(todo, nums([floats[i] for i in todo])):
        out[i] = text
    memo.update((floats[i], out[i]) for i in todo if floats[i] != 0)
    return out


def render_items(rows: list[list[tuple[str, dict]]]) -> list[list[str]]:
    """Each row's sentences (message ids with their parameters, in order) rendered in English, every message
    id's sentences of all rows at once (:func:`~analysis.text.catalogue.render_each`)."""
    by_id: dict[str, tuple[list, list]] = {}
    out = []
    for items in rows:
        place = [""] * len(items)
        out.append(place)
        for j, (mid, params) in enumerate(items):
            found = by_id.get(mid)
            if found is None:
                found = by_id[mid] = ([], [])
            found[0].append((place, j))
            found[1].append(params)
    for mid, (places, params) in by_id.items():
        names = list(params[0])
        texts = render_each(mid, "en", **{k: [p[k] for p in params] for k in names}) if names else \
            [render(Msg.of(mid), "en")] * len(params)
        for (place, j), text in zip(places, texts):
            place[j] = text
    return out


def printed_decisions(col: PrintedColumn, alpha: float, p_equal_alpha: str) -> list:
    """:func:`~analysis.checks.engine.printed_decision` of each printed p of a column (True, False or None; None
    too where the text is no number), from the same floats."""
    v, op = col.value, col.op
    eq = decide(v, alpha, p_equal_alpha)
    out = np.where(op == "<", np.where(v <= alpha, True, None), np.where(op == ">", np.where(v >= alpha, False, None),
                                                                          eq))
    return np.where(col.ok, out, None).tolist()


def each_text(texts: list, func) -> list:
    """``func`` of each text, called once per distinct text; None where it raises a ValueError (a row the
    per-row engine refuses, in its own words)."""
    seen: dict = {}
    for t in dict.fromkeys(texts):
        try:
            seen[t] = func(t)
        except ValueError:
            seen[t] = None
    return [seen[t] for t in texts]


def has_columns(name: str) -> bool:
    """Whether the kind ``name`` has a columnar runner."""
    return name in KINDS and KINDS[name].columns is not None


def evaluate_columns(name: str, batch: Batch, opts: Options) -> Parts:
    """Evaluate a batch of rows of kind ``name`` with its columnar runner (rows it leaves are marked, never
    guessed: :attr:`Parts.undecided`)."""
    run = KINDS[name].columns
    if run is None:
        raise LookupError(f"kind {name!r} has no columnar runner")
    if batch.size == 0:
        return Parts([], np.zeros(0, dtype=bool))
    return run(batch, opts)
