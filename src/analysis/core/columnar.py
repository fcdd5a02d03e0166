"""Printed numbers as columns, and :func:`~analysis.core.rounding.compare` decided in floating point where that is
provably the exact answer.

The columnar engine (:mod:`analysis.checks.columnar`) evaluates many rows of one kind at once. Every
printed text is read once per distinct text with the very functions of :mod:`analysis.core.rounding`
(:func:`printed_column`: its value, decimals, relation, the interval it stands for, its p floor), so the
reading of a printed number has one definition. The comparison of a recomputed value with it
(:func:`compare_columns`) follows the steps of :func:`~analysis.core.rounding.compare` in its order, on
floats, and leaves *undecided* every row whose float could fall on the other side of an edge than the exact
value: a row is decided in floating point only when each recomputed value it compares (value, low, high),
scaled by :math:`10^d`, lies farther than :data:`MARGIN` (relative) from every half-integer, and from the p
floor and the printed interval's ends. Undecided rows go to the per-row engine, which compares exact
rationals.

Why the margin is enough: every edge a rounding rule or an interval puts in the scaled space is a multiple
of 1/2 (``T - 1``, ``T - 1/2``, ``T``, ``T + 1/2``, ``T + 1``, T the printed digits as an integer). The
floats compared are within half a unit in the last place (ulp) of the per-row engine's exact values:
p-values and test statistics are the same bits (the same kernels, :mod:`analysis.stats.inference`; the
per-row engine reads a float at its shortest repr, within half an ulp of it, or exactly), arithmetic kinds
are correctly rounded quotients of exact integers (:func:`analysis.stats.counts.growth_rate` and its
siblings), and the ends of a printed interval are correctly rounded too. Scaling by :math:`10^d` (exact for
d <= 15, the most decided here) adds half an ulp: a scaled value is within 1.5 ulp of the exact one, a
relative error below :math:`2^{-51}`. A float on the wrong side of an edge therefore lies within
:math:`2^{-51}` of it; the margin, :math:`2^{-47}` (about 7.1e-15), is 16 times that. A value within 1e-12 of
a tie at 24.645 (4e-14 relative) is decided in floating point, one within 1e-15 is not (the property tests
build both, ``tests/core/test_columnar.py``); rows that close to an edge are rare enough that the exact
comparison costs nothing measurable.

>>> col = printed_column(["24.64", "<0.05", "0.12"], "half_up")
>>> col.decimals.tolist(), col.op.tolist()
([2, 2, 2], ['=', '<', '='])
>>> c = compare_columns(col, np.array([34.6356, 0.01, 0.125]), None, None, "half_up")
>>> [v.value for v in c.verdicts], c.rule.tolist(), c.undecided.tolist()
(['inconsistent', 'consistent', 'consistent'], ['half_up', 'upper bound (strict)', 'half_up'], [False, False, True])
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from analysis.core.rounding import ALTERNATIVES, COMPOUND, DEFAULT_TOLERANCE, RULES, Note, compare, decimal_text, \
    p_floor, parse_printed, printed_interval
from analysis.core.vocab import Verdict

__all__ = ["MARGIN", "PrintedColumn", "printed_column", "factorize", "Compared", "compare_columns", "near", "near_half",
           "round_scaled", "fixed_text", "NOTE_NONE", "NOTE_INPUT_RANGE", "NOTE_OTHER_RULE", "NOTE_P_FLOOR",
           "NOTE_P_ZERO_FLOOR", "NOTE_P_ZERO_ABOVE", "rounding_note"]

MARGIN = 2.0 ** -47
"""Relative distance from an edge within which a row is left to the exact comparison (see the module's text)."""
_SAFE = 2.0 ** 50  # scaled values at least this large are never decided in floating point

NOTE_NONE, NOTE_INPUT_RANGE, NOTE_OTHER_RULE, NOTE_P_FLOOR, NOTE_P_ZERO_FLOOR, NOTE_P_ZERO_ABOVE = range(6)
"""What :func:`compare_columns` found besides the verdict, as codes (:func:`rounding_note` gives the note)."""


@dataclass(frozen=True)
class PrintedColumn:
    """A column of printed numbers, read once per distinct text with :mod:`analysis.core.rounding`.

    Attributes
    ----------
    texts : list of str
        As printed.
    ok : ndarray of bool
        The text is a printed number (:func:`~analysis.core.rounding.parse_printed`).
    value : ndarray of float
        Its value (the float nearest the printed decimal).
    digits : ndarray of float
        The printed value times :math:`10^d` (an integer; nan where it is 2**53 or more).
    decimals : ndarray of int
    op : ndarray of str
        ``=``, ``<``, ``>`` or ``~``.
    low, high : ndarray of float
        The interval it stands for under the rule (:func:`~analysis.core.rounding.printed_interval`; nan for ``~``).
    halves_low, halves_high : ndarray of float
        The same ends exactly, in half units of the last decimal (whole numbers; nan from 2**53 on, and for
        a bound or ``~``): arithmetic on them is exact.
    floor : ndarray of float
        Its p floor (:func:`~analysis.core.rounding.p_floor`), nan where it has none.
    zero : ndarray of bool
        Printed as zero.
    """

    texts: list
    ok: np.ndarray
    value: np.ndarray
    digits: np.ndarray
    decimals: np.ndarray
    op: np.ndarray
    low: np.ndarray
    high: np.ndarray
    halves_low: np.ndarray
    halves_high: np.ndarray
    floor: np.ndarray
    zero: np.ndarray

    def take(self, rows) -> "PrintedColumn":
        """The column's rows ``rows`` (indices, repeated as often as given)."""
        rows = np.asarray(rows, dtype=np.intp)
        return PrintedColumn([self.texts[i] for i in rows.tolist()], *(getattr(self, f)[rows] for f in (
            "ok", "value", "digits", "decimals", "op", "low", "high", "halves_low", "halves_high", "floor", "zero")))


def _plain(text: str) -> tuple[int, int] | None:
    """(digits, decimals) of a plain decimal numeral (``-12.50``, ``.06``, ``007``) without calling the parser,
    else None; :func:`~analysis.core.rounding.parse_printed` reads such a text the same way (the tests
    compare them)."""
    body = text[1:] if text[:1] == "-" else text
    whole, dot, frac = body.partition(".")
    if not body.isascii() or not (whole.isdigit() and (not dot or frac.isdigit())
                                  or not whole and dot and frac.isdigit()):
        return None
    digits = int(whole + frac)
    return (-digits if body is not text else digits), len(frac)


@lru_cache(maxsize=512)
def _offsets(decimals: int, sign: int, rule: str) -> tuple[int, int]:
    """The ends of :func:`~analysis.core.rounding.printed_interval` relative to the printed value, in half
    units of its last decimal: they depend on the rule, the decimals and the sign only."""
    v = Fraction(7 * sign, 10 ** decimals)
    lo, hi = printed_interval(fixed_text(7 * sign, decimals), rule)
    return int((lo - v) * 2 * 10 ** decimals), int((hi - v) * 2 * 10 ** decimals)


_FIELDS = ("ok", "digits", "decimals", "op", "low", "high", "floor")
_BAD = (False, None, 0, "", math.nan, math.nan, math.nan)


def _read(text: str, rule: str) -> tuple:
    """What a printed text is: its digits and decimals, and what the vectorised reading cannot give (the
    interval of a bound, the p floor)."""
    plain = _plain(text)
    if plain is not None:
        digits, decimals = plain
        floor = p_floor(text) if digits in (0, 1) else None
        return True, digits, decimals, "=", math.nan, math.nan, math.nan if floor is None else float(floor)
    try:
        p = parse_printed(text)
    except ValueError:
        return _BAD
    lo = hi = math.nan
    if p.operator != "~":
        lo, hi = (float(x) for x in printed_interval(p, rule))
    floor = p_floor(p)
    return (True, int(p.value.scaleb(p.decimals)), p.decimals, p.operator, lo, hi,
            math.nan if floor is None else float(floor))


def factorize(texts) -> tuple[np.ndarray, list]:
    """Each text's position among the distinct texts (in order of first appearance), and those texts.

    >>> codes, uniques = factorize(["a", "b", "a"]); codes.tolist(), uniques
    ([0, 1, 0], ['a', 'b'])
    """
    uniques = list(dict.fromkeys(texts))
    pos = {u: i for i, u in enumerate(uniques)}
    return np.fromiter(map(pos.__getitem__, texts), dtype=np.intp, count=len(texts)), uniques


def printed_column(texts, rule: str = "half_up", coded: tuple | None = None) -> PrintedColumn:
    """Read a column of printed texts under ``rule``: each distinct text once (a plain numeral without the
    parser), the intervals as whole numbers of half units, exactly. ``coded`` is the column already
    :func:`factorize`-d (codes into some distinct texts), if the caller has it."""
    texts = list(texts)
    codes, uniques = coded if coded is not None else factorize(texts)
    cols = dict(zip(_FIELDS, zip(*(_read(t, rule) for t in uniques)))) if uniques else dict.fromkeys(_FIELDS, ())
    ok, op = np.array(cols["ok"], dtype=bool), np.array(cols["op"], dtype=object)
    decimals = np.array(cols["decimals"], dtype=np.int64)
    digits = np.array([d if d is not None and abs(d) < 2 ** 53 else math.nan for d in cols["digits"]], dtype=float)
    eq = (op == "=") & ~np.isnan(digits) & (decimals <= 15)
    scale = 10.0 ** np.where(eq, decimals, 0)
    sign = np.sign(np.nan_to_num(digits)).astype(np.int64)
    off = np.array([_offsets(int(d), int(g), rule) if e else (0, 0) for d, g, e in zip(decimals, sign, eq)],
                   dtype=float).reshape(-1, 2)
    h_lo, h_hi = np.where(eq, 2 * digits + off[:, 0], np.nan), np.where(eq, 2 * digits + off[:, 1], np.nan)
    h_lo[~(np.abs(h_lo) < 2.0 ** 53)], h_hi[~(np.abs(h_hi) < 2.0 ** 53)] = np.nan, np.nan
    value = np.where(eq, digits / scale, [float(parse_printed(t).value) if o and not e else math.nan
                                          for t, o, e in zip(uniques, ok, eq)] if (ok & ~eq).any() else np.nan)
    low = np.where(eq, h_lo / (2 * scale), np.array(cols["low"], dtype=float))
    high = np.where(eq, h_hi / (2 * scale), np.array(cols["high"], dtype=float))
    floor = np.array(cols["floor"], dtype=float)
    return PrintedColumn(texts, *(a[codes] for a in (ok, value, digits, decimals, op, low, high, h_lo, h_hi, floor,
                                                     ok & (digits == 0))))


def near(a, b) -> np.ndarray:
    """Whether ``a`` and ``b`` lie within :data:`MARGIN` of each other (relative), or either is not finite."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        close = np.abs(a - b) <= MARGIN * np.maximum(np.abs(a), np.abs(b))
    return close | ~np.isfinite(a) | ~np.isfinite(b)


def near_half(x) -> np.ndarray:
    """Whether ``x`` lies within :data:`MARGIN` of a multiple of 1/2 (every edge of a rounding rule), or is too
    large (at least 2**50) or not finite to be decided in floating point."""
    x = np.asarray(x, dtype=float)
    with np.errstate(invalid="ignore"):
        half = np.rint(2 * x) / 2
        return near(x, half) | ~(np.abs(x) < _SAFE)


def round_scaled(x: np.ndarray, rule: str) -> np.ndarray:
    """``x`` rounded to a whole number under a simple rule, for values away from every multiple of 1/2
    (:func:`near_half` is False): there the rules to nearest agree, and the directed ones are floor, ceiling
    and truncation (``analysis.core.rounding`` rounds exact rationals the same way, ties included)."""
    rule = COMPOUND.get(rule, (rule,))[0]
    if rule == "up":
        return np.ceil(x)
    if rule == "down":
        return np.floor(x)
    if rule == "truncate":
        return np.trunc(x)
    return np.rint(x)


def fixed_text(whole: int, decimals: int) -> str:
    """A whole number of units of the last decimal written with ``decimals`` decimals, as
    :func:`analysis.core.rounding.format_fixed` writes a rounded value.

    >>> fixed_text(3464, 2), fixed_text(-5, 2), fixed_text(0, 1), fixed_text(12, 0)
    ('34.64', '-0.05', '0.0', '12')
    """
    from decimal import Decimal
    return f"{Decimal(int(whole)).scaleb(-int(decimals)):f}"


@dataclass(frozen=True)
class Compared:
    """What :func:`compare_columns` decided, row by row.

    ``code`` is the verdict's rank (:attr:`analysis.core.vocab.Verdict.rank`); ``rule`` the ledger's
    ``rule`` column; ``note`` a code (``NOTE_*``) with ``other`` the other rule that reproduces it (for a row
    compared exactly, compare's note itself);
    ``low``, ``high`` the recomputed range; ``undecided`` the rows left to the exact comparison (their other
    fields mean nothing).
    """

    code: np.ndarray
    rule: np.ndarray
    note: np.ndarray
    other: np.ndarray
    low: np.ndarray
    high: np.ndarray
    undecided: np.ndarray

    @property
    def verdicts(self) -> list[Verdict]:
        members = list(Verdict)
        return [members[c] for c in self.code]


_OK, _IF_ROUNDING, _BAD_, _BAD_CONCLUSION = (Verdict.CONSISTENT.rank, Verdict.CONSISTENT_IF_ROUNDING.rank,
                                             Verdict.INCONSISTENT.rank, Verdict.INCONSISTENT_CONCLUSION.rank)


def compare_columns(printed: PrintedColumn, recomputed, low=None, high=None, rule: str = "half_up",
                    conclusion_changed=False, is_p: bool = False, exact=None,
                    tolerance: float = DEFAULT_TOLERANCE) -> Compared:
    """:func:`analysis.core.rounding.compare` for a column, in floating point where that is exact.

    The steps are :func:`~analysis.core.rounding.compare`'s, in its order: a bound (strict); a p printed as
    zero (its floor); the rule reproduces the value; the range of the rounded inputs meets the printed
    interval; another rule of :data:`~analysis.core.rounding.ALTERNATIVES` reproduces it (an inconsistency
    whose decision flips stays one for a p); a p at its floor; otherwise inconsistent.

    A row the floats cannot decide (near an edge, or an approximate value ``~x``) is compared exactly by
    :func:`~analysis.core.rounding.compare` when ``exact(i)`` gives its recomputed value and range as the
    per-row engine has them (fractions, or the floats it reads at their shortest repr); without ``exact``,
    where it gives None, or where a recomputed float is not finite (an interval too fine for floats: the
    per-row engine computes it from fractions), the row stays ``undecided``.
    """
    if rule not in RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; expected one of {RULES}")
    n = len(printed.texts)
    r = np.asarray(recomputed, dtype=float).reshape(n)
    lo0 = r if low is None else np.asarray(low, dtype=float).reshape(n)
    hi0 = r if high is None else np.asarray(high, dtype=float).reshape(n)
    lo, hi = np.minimum(np.minimum(lo0, hi0), r), np.maximum(np.maximum(lo0, hi0), r)
    changed = np.broadcast_to(np.asarray(conclusion_changed, dtype=bool), (n,))
    bad = np.where(changed, _BAD_CONCLUSION, _BAD_)
    v, op = printed.value, printed.op
    lt, gt, eq = op == "<", op == ">", op == "="
    code = np.full(n, _BAD_)
    rules = np.full(n, rule, dtype=object)
    note = np.full(n, NOTE_NONE)
    other = np.full(n, "", dtype=object)
    undecided = ~printed.ok | (op == "~")
    # bounds: strict
    code = np.where(lt, np.where(lo < v, _OK, bad), code)
    code = np.where(gt, np.where(hi > v, _OK, bad), code)
    rules[lt], rules[gt] = "upper bound (strict)", "lower bound (strict)"
    undecided |= lt & near(lo, v) | gt & near(hi, v)
    # printed values: '=' from here on
    floor = printed.floor if is_p else np.full(n, math.nan)
    has_floor = ~np.isnan(floor)
    zero = eq & has_floor & printed.zero
    below = lo <= floor
    undecided |= has_floor & eq & near(lo, floor)
    code = np.where(zero, np.where(below, _IF_ROUNDING, bad), code)
    rules[zero] = "p_floor"
    note = np.where(zero, np.where(below, NOTE_P_ZERO_FLOOR, NOTE_P_ZERO_ABOVE), note)
    rest = eq & ~zero
    scale = 10.0 ** printed.decimals
    with np.errstate(invalid="ignore", over="ignore"):
        x = r * scale
    undecided |= rest & (near_half(x) | np.isnan(printed.digits) | (printed.decimals > 15))
    target = printed.digits
    done = ~rest
    hit = ~done & (round_scaled(x, rule) == target)
    code, done = np.where(hit, _OK, code), done | hit
    degenerate = (lo == r) & (hi == r)
    undecided |= rest & ~degenerate & (near(lo, printed.high) | near(hi, printed.low))
    hit = ~done & ~degenerate & (lo <= printed.high) & (printed.low <= hi)
    code, note, done = np.where(hit, _OK, code), np.where(hit, NOTE_INPUT_RANGE, note), done | hit
    own = COMPOUND.get(rule, (rule,))
    for alt in ALTERNATIVES:
        if alt in own:
            continue
        hit = ~done & (round_scaled(x, alt) == target)
        code = np.where(hit, np.where(changed, _BAD_CONCLUSION, _IF_ROUNDING) if is_p else _IF_ROUNDING, code)
        rules[hit], other[hit] = alt, alt
        note, done = np.where(hit, NOTE_OTHER_RULE, note), done | hit
    hit = ~done & has_floor & below
    code, rules[hit], note, done = np.where(hit, _IF_ROUNDING, code), "p_floor", np.where(hit, NOTE_P_FLOOR, note), \
        done | hit
    code = np.where(~done & rest, bad, code)
    note = note.astype(object)
    finite = np.isfinite(r) & np.isfinite(lo0) & np.isfinite(hi0)  # else the floats are not the per-row engine's
    for i in np.flatnonzero(undecided & printed.ok & finite) if exact is not None else ():
        values = exact(i)
        if values is None:  # a row the caller leaves to the per-row engine anyway
            continue
        c = compare(printed.texts[i], *values, rule=rule, conclusion_changed=bool(changed[i]), tolerance=tolerance,
                    is_p=is_p)
        code[i], rules[i], note[i], lo[i], hi[i], undecided[i] = c.verdict.rank, c.rule, c.note, c.low, c.high, False
    return Compared(code, rules, note, other, lo, hi, undecided)


def rounding_note(code, printed: str, rule: str, other: str) -> Note | None:
    """The note :func:`~analysis.core.rounding.compare` gives for a code of :func:`compare_columns` (a row compared
    exactly carries compare's own note, or None, in place of its code).

    >>> rounding_note(NOTE_OTHER_RULE, "0.12", "half_up", "half_even").id
    'rounding.other_rule'
    """
    if code is None or isinstance(code, Note):
        return code
    if code == NOTE_NONE:
        return None
    if code == NOTE_INPUT_RANGE:
        return Note.of("rounding.input_range")
    if code == NOTE_OTHER_RULE:
        return Note.of("rounding.other_rule", other=Note.of(f"rule_name.{other}"), rule=Note.of(f"rule_name.{rule}"))
    p = parse_printed(printed)
    floor = decimal_text(Fraction(p_floor(p)))
    if code == NOTE_P_ZERO_ABOVE:
        return Note.of("rounding.p_zero_above", floor=floor)
    return Note.of("rounding.p_zero_floor" if code == NOTE_P_ZERO_FLOOR else "rounding.p_floor", printed=p.text,
                   floor=floor)
