r"""Granularity kinds: can any whole-number data give the printed summaries?

``grim`` (Brown and Heathers 2017)
    A mean of ``n`` people's whole-number scores on a scale of ``items``
    items is :math:`k / (n L)` for a whole k; a percentage of ``n`` people is
    :math:`100 k / n`. Option ``percent``: ``true`` reads the target as a
    percentage, ``false`` as a mean; left empty it is a percentage unless
    ``items`` is given (the compendium's use). ``n`` may list alternative
    denominators (``ref|ref``) when the source does not say which it used; the
    printed value is consistent if any of them gives it. GRIM says nothing when
    :math:`n L \ge 10^d` (d printed decimals, two more for a percentage): the
    note says so.
``grimmer`` (Anaya 2016; the analytic form of Allard 2018)
    Mean and SD of whole-number data: the mean must pass GRIM, and for some
    whole sum K it allows, the sum of squares
    :math:`Q = L^2 (n-1) S^2 + K^2 / n` must be a whole number (test 1) whose
    SD rounds to the printed SD (test 2) and has the parity of K (test 3).
``debit`` (Heathers and Brown 2019)
    Mean and SD of a binary (0/1) variable: the mean is a proportion
    :math:`k / n` and the SD is :math:`\sqrt{n/(n-1)\, \hat p (1-\hat p)}`;
    some whole k must reproduce both.

Every candidate is judged with :func:`analysis.core.rounding.compare` under the
options' rounding rule (the audit's default for these kinds is
``up_or_down``, as in scrutiny), so a value another rule reproduces is
``consistent_if_rounding``.

Where we differ from scrutiny on purpose: GRIMMER tries every whole sum K the
printed mean allows, not only the one nearest ``mean * n`` (scrutiny's
``grimmer()`` documents false positives in its test 3, its issue 80); DEBIT
tries whole counts k (the mean of binary data is k/n), where scrutiny evaluates
the SD formula at the two ends of the mean's rounding interval.

>>> from analysis.checks.engine import Operand, Options, evaluate
>>> o, = evaluate("grim", {"n": Operand.of("192", "205", exact=True)}, {"target": "44.6"}, Options())
>>> o.verdict.value, o.category.value
('inconsistent', 'impossible_value')
>>> o, = evaluate("grim", {"n": Operand.of("32", exact=True)}, {"target": "7.22"}, Options(), {"percent": "false"})
>>> o.verdict.value  # scrutiny's pigs1, row 1: consistent
'consistent'
"""
from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from analysis.stats import counts
from analysis.checks.columnar import Batch, PartColumn, Parts, each_text, said, shown_num
from analysis.checks.engine import Operand, Options, Outcome, judge, kind, num, vectorised
from analysis.core.columnar import Compared, compare_columns
from analysis.core.rounding import Comparison, compare, parse_printed, to_fraction
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import Join, Msg, render_each

__all__ = ["parse_flag"]


def _rank(c: Comparison) -> int:
    return c.verdict.rank


def _fraction(k: int, total: int, value, percent: bool = False) -> Msg:
    return Msg.of("grim.fraction_percent" if percent else "grim.fraction", k=k, total=total, value=num(value))


def parse_flag(text: str | None, default: bool) -> bool:
    """A true/false option as written in a table.

    >>> parse_flag("TRUE", False), parse_flag("0", True), parse_flag("", True)
    (True, False, True)
    """
    t = str(text if text is not None else "").strip().lower()
    if t == "":
        return default
    if t in ("true", "t", "yes", "y", "1"):
        return True
    if t in ("false", "f", "no", "n", "0"):
        return False
    raise ValueError(f"expected true or false, got {text!r}")


def _whole(op: Operand, name: str, minimum: int) -> int:
    v = op.face
    if v != int(v) or v < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {'+'.join(op.texts)}")
    return int(v)


def _unit(printed) -> Fraction:
    return Fraction(1, 10 ** printed.decimals)


def _cmp(printed, value, opts: Options) -> Comparison:
    return compare(printed, value, rule=opts.rounding)


@kind("grim", ("target",), ("n", "items"), exact=("n", "items"), alternatives=("n",), optional=("items",),
      options=("percent",),
      formula="a mean of n whole-number scores on `items` items is k / (n items); a percentage of n people is "
              "100 k / n (GRIM)")
def _grim(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options) -> list[Outcome]:
    text = targets["target"]
    printed = parse_printed(text)
    has_items = "items" in inputs
    items = _whole(inputs["items"], "items", 1) if has_items else 1
    percent = parse_flag(options.get("percent"), default=not has_items)
    scale = 100 if percent else 1
    if percent and not 0 <= printed.value <= 100:
        raise ValueError(f"a percentage must lie in [0, 100], got {text!r}")
    best, listed, found = None, [], False
    uninformative = []
    for alt in inputs["n"].alternatives:
        n = _whole(alt, "n", 1)
        total = n * items
        if not counts.grim_informative(total, printed.decimals, percent):
            uninformative.append(total)
        for k in counts.whole_numbers_near(printed.value, _unit(printed), Fraction(total, scale)):
            if k < 0 or (percent and k > total):
                continue
            value = Fraction(scale * k, total)
            c = _cmp(printed, value, opts)
            ok = c.verdict.is_consistent
            found |= ok
            if len(listed) < 8:
                item = _fraction(k, total, value, percent)
                listed.append(Msg.of("grim.reproduces", candidate=item) if ok else item)
            key = (_rank(c), abs(value - Fraction(printed.value)))
            if best is None or key < best[0]:
                best = (key, value)
    reading = (Msg.of("grim.reading_percent") if percent else
               Msg.of("grim.reading_items", items=items) if items > 1 else Msg.of("grim.reading_mean"))
    notes = [Msg.of("note.grim_passes" if found else "note.grim_fails", reading=reading)]
    if listed:
        notes.append(Msg.of("note.grim_candidates", items=Join("sep.list", tuple(listed))))
    if uninformative:
        notes.append(Msg.of("note.grim_uninformative", total=uninformative[0],
                            power=printed.decimals + (2 if percent else 0), decimals=printed.decimals))
    value = best[1] if best else Fraction(printed.value)
    quantity = Msg.of("quantity.grim_percentage" if percent else "quantity.grim_mean")
    return [judge(text, value, None, None, opts, quantity=quantity, category=Category.IMPOSSIBLE_VALUE,
                  notes=tuple(notes), slip=False)]


@vectorised("grim")
def _grim_columns(batch: Batch, opts: Options) -> Parts:
    """GRIM for a batch: each row's candidate counts k (those of :func:`analysis.stats.counts.whole_numbers_near`,
    in whole-number arithmetic), each k/(n items) judged at once, the best kept as the per-row runner keeps it
    (least verdict, then nearest the printed value, then the first)."""
    rule = opts.rounding
    target, n_col = batch.printed("target", rule), batch.printed("n", rule)
    has_items = np.array([t != "" for t in batch.text("items")])
    items_col = batch.printed("items", rule)
    flags = each_text(list(zip(batch.text("percent"), has_items.tolist())),
                      lambda key: parse_flag(key[0], default=not key[1]))
    left = ~target.ok | (target.op != "=") | np.isnan(target.digits) | ~n_col.ok | (n_col.op != "=") \
        | np.array([f is None for f in flags])
    n = np.where(n_col.ok, n_col.value, 0)
    items = np.where(has_items, np.where(items_col.ok, items_col.value, 0), 1)
    left |= ~((n >= 1) & (n == np.floor(n)) & (items >= 1) & (items == np.floor(items)) & (n < 2 ** 31) & (items < 2 ** 20))
    percent = np.array([bool(f) for f in flags])
    left |= percent & ~((target.value >= 0) & (target.value <= 100))
    scale = np.where(percent, 100, 1)
    den = np.where(left, 1, 10.0 ** target.decimals * scale)
    digits = np.where(left, 0, target.digits)
    total = np.where(left, 1, n * items)
    left |= ~(np.abs(digits) * total < 2 ** 53) | ~(den * scale < 2 ** 53) | (target.decimals > 12)
    digits, total, den = (np.where(left, 1, x).astype(np.int64) for x in (digits, total, den))
    lo, hi = -((-(digits - 1) * total) // den), ((digits + 1) * total) // den  # ceil and floor of (v -+ u) s
    fl, ce = (digits * total) // den, -((-digits * total) // den)
    many = hi - lo + 1 > counts.CAP  # whole_numbers_near's three nearest
    mid = _round_half_even(digits * total, den)
    start = np.where(many, mid - 1, np.minimum(lo, fl))
    size = np.where(many, 3, np.maximum(hi, ce) - np.minimum(lo, fl) + 1)
    width = int(size.max(initial=1))
    k = start[:, None] + np.arange(width)[None, :]
    use = (np.arange(width)[None, :] < size[:, None]) & (k >= 0) & ~(percent[:, None] & (k > total[:, None]))
    left |= ~use.any(axis=1)
    rows, cols = np.nonzero(use & ~left[:, None])
    kk, tt, ss = k[rows, cols], total[rows], scale[rows]
    values = (ss * kk) / tt  # the float of the exact k / (n items), as a percentage when it is one
    flat = target.take(rows)
    judged = compare_columns(flat, values, rule=rule, exact=lambda j: (Fraction(int(ss[j] * kk[j]), int(tt[j])),))
    gap = np.abs(ss * kk * (den[rows] // ss) - digits[rows] * tt)  # |value - printed| times (n items) 10^d
    order = np.lexsort((cols, gap, judged.code, rows))  # per row: least verdict, then nearest, then first
    first = np.r_[True, rows[order][1:] != rows[order][:-1]]
    best = order[first]
    out_rows = rows[best]
    code = np.full(batch.size, Verdict.CONSISTENT.rank)
    value = np.full(batch.size, np.nan)
    code[out_rows], value[out_rows] = judged.code[best], values[best]
    cmp = Compared(code, np.full(batch.size, rule, dtype=object), np.full(batch.size, 0, dtype=object),
                   np.full(batch.size, "", dtype=object), value, value, left.copy())
    for f in ("rule", "note", "other"):
        getattr(cmp, f)[out_rows] = getattr(judged, f)[best]
    notes = _grim_notes(batch, rows, cols, kk, tt, values, judged, percent, items, has_items, target, total, left)
    part = PartColumn("target", "", target, value, cmp, rule, notes)
    part.leave(left)
    return Parts([part], left)


def _round_half_even(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` (den > 0) rounded to a whole number, ties to even (Python's ``round`` of a fraction)."""
    q, r = num // den, num % den
    return q + ((2 * r > den) | (2 * r == den) & (q % 2 == 1))


def _grim_notes(batch: Batch, rows, cols, kk, tt, values, judged, percent, items, has_items, target, total,
                left) -> list:
    """The per-row runner's notes of each row: whether any k passes, the first 8 candidates (those that reproduce
    marked), and whether GRIM can tell anything at these decimals."""
    notes = [[] for _ in range(batch.size)]
    rank = np.zeros(len(rows), dtype=np.int64)  # a candidate's place among its row's (the skipped ones excluded)
    if len(rows):
        starts = np.r_[0, np.flatnonzero(rows[1:] != rows[:-1]) + 1]
        rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    listed = rank < 8
    ok = np.isin(judged.code, (Verdict.CONSISTENT.rank, Verdict.CONSISTENT_IF_ROUNDING.rank))
    where = np.flatnonzero(listed)
    shown: list = [""] * len(where)
    as_percent = percent[rows[where]]
    for flag, mid in ((False, "grim.fraction"), (True, "grim.fraction_percent")):  # each candidate rendered once
        sel = np.flatnonzero(as_percent == flag)
        if len(sel):
            at = where[sel]
            for j, text in zip(sel.tolist(), render_each(mid, "en", k=kk[at].tolist(), total=tt[at].tolist(),
                                                         value=shown_num(values[at]))):
                shown[j] = text
    good = np.flatnonzero(ok[listed])  # a candidate that reproduces is shown inside grim.reproduces
    for j, text in zip(good.tolist(), render_each("grim.reproduces", "en", candidate=[
            Join("sep.list", (shown[j],)) for j in good.tolist()])):
        shown[j] = text
    items_of: dict = {}
    for j, i in enumerate(rows[listed].tolist()):
        items_of.setdefault(i, []).append(shown[j])
    found = np.zeros(batch.size, dtype=bool)
    np.logical_or.at(found, rows, ok)
    readings = {}
    for i in np.flatnonzero(~left).tolist():
        key = (bool(percent[i]), int(items[i]) if has_items[i] else 1)
        if key not in readings:
            reading = (Msg.of("grim.reading_percent") if key[0] else
                       Msg.of("grim.reading_items", items=key[1]) if key[1] > 1 else Msg.of("grim.reading_mean"))
            readings[key] = tuple(said(Msg.of(m, reading=reading)) for m in ("note.grim_fails", "note.grim_passes"))
        notes[i].append(readings[key][int(found[i])])
    rendered = render_each("note.grim_candidates", "en",
                           items=[Join("sep.list", tuple(items_of[i])) for i in items_of]) if items_of else []
    for i, text in zip(items_of, rendered):
        notes[i].append(text)
    power = target.decimals + np.where(percent, 2, 0)
    rows = np.flatnonzero(~left & ~counts.grim_informative(total, np.where(left, 0, target.decimals), percent))
    for i, text in zip(rows.tolist(), render_each("note.grim_uninformative", "en", total=total[rows].tolist(),
                                                  power=power[rows].tolist(), decimals=target.decimals[rows].tolist())):
        notes[i].append(text)
    return notes


def _sd_candidates(total: int, n: int, items: int, sd, opts: Options) -> list[int]:
    """Whole sums of squares Q whose SD is within one unit of the printed SD."""
    s = Fraction(sd.value)
    u = _unit(sd)
    q_lo, q_hi = counts.sum_of_squares_range(total, n, items, max(s - u, Fraction(0)), s + u)
    lo, hi = math.ceil(q_lo), math.floor(q_hi)
    if hi - lo + 1 <= 256:
        return list(range(lo, hi + 1))
    q0 = round(counts.sum_of_squares_range(total, n, items, s, s)[0])
    return [q for q in range(q0 - 3, q0 + 4) if lo <= q <= hi]


@kind("grimmer", ("mean", "sd"), ("n", "items"), exact=("n", "items"), optional=("items",),
      formula="mean and SD of n whole-number scores (items per person): GRIM for the mean, then a whole sum of "
              "squares Q = items^2 (n-1) SD^2 + K^2/n of K's parity that reproduces the SD (GRIMMER)")
def _grimmer(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options) -> list[Outcome]:
    mean_text, sd_text = targets["mean"], targets["sd"]
    mean, sd = parse_printed(mean_text), parse_printed(sd_text)
    if sd.value < 0:
        raise ValueError(f"an SD cannot be negative, got {sd_text!r}")
    n = _whole(inputs["n"], "n", 2)
    items = _whole(inputs["items"], "items", 1) if "items" in inputs else 1
    total_n = n * items
    sums = [k for k in counts.whole_numbers_near(mean.value, _unit(mean), total_n)]
    grim = {k: _cmp(mean, Fraction(k, total_n), opts) for k in sums}
    passing = [k for k in sums if grim[k].verdict.is_consistent]
    best_mean = min(sums, key=lambda k: (_rank(grim[k]), abs(Fraction(k, total_n) - Fraction(mean.value))))
    any_q = any_sd = False
    best = None  # ((joint rank, sd rank, distance), K, sd value)
    for k in passing:
        for q in _sd_candidates(k, n, items, sd, opts):
            var = (q - Fraction(k * k, n)) / (items * items * (n - 1))
            if var < 0:
                continue
            any_q = True
            sd_value = to_fraction(math.sqrt(var))
            c = _cmp(sd, sd_value, opts)
            if not c.verdict.is_consistent:
                continue
            any_sd = True
            if q % 2 != k % 2:
                continue
            key = (max(_rank(c), _rank(grim[k])), _rank(c), abs(sd_value - Fraction(sd.value)))
            if best is None or key < best[0]:
                best = (key, k, sd_value)
    reading = Msg.of("grim.n_items", n=n, items=items) if items > 1 else Msg.of("grim.n", n=n)
    if passing:
        mean_note = Msg.of("note.grimmer_mean_passes", reading=reading)
    else:
        tried = Join("sep.list", tuple(_fraction(k, total_n, Fraction(k, total_n)) for k in sums[:4]))
        mean_note = Msg.of("note.grimmer_mean_fails", reading=reading, sums=tried)
    mean_out = judge(mean_text, Fraction(best[1] if best else best_mean, total_n), None, None, opts, target="mean",
                     part="mean", quantity=Msg.of("quantity.grim_mean"), category=Category.IMPOSSIBLE_VALUE,
                     slip=False, notes=(mean_note,))
    if best is not None:
        why = Msg.of("note.grimmer_passes", reading=reading, k=best[1])
    else:
        why = Msg.of("note.grimmer_fails_grim" if not passing else "note.grimmer_test1" if not any_q else
                     "note.grimmer_test2" if not any_sd else "note.grimmer_test3")
    notes = (why, Msg.of("note.grimmer_assumes"))
    quantity = Msg.of("quantity.grimmer_sd")
    if best is None:
        cmp = Comparison(Verdict.INCONSISTENT, opts.rounding, None, None)
        sd_out = Outcome("sd", "sd", sd_text, quantity, None, cmp, notes, Category.IMPOSSIBLE_VALUE)
    else:
        sd_out = judge(sd_text, best[2], None, None, opts, target="sd", part="sd", quantity=quantity,
                       category=Category.IMPOSSIBLE_VALUE, slip=False, notes=notes)
    return [mean_out, sd_out]


@kind("debit", ("mean", "sd"), ("n",), exact=("n",),
      formula="mean and SD of n binary (0/1) values: the mean is k/n and the SD sqrt(n/(n-1) p(1-p)) (DEBIT)")
def _debit(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options) -> list[Outcome]:
    mean_text, sd_text = targets["mean"], targets["sd"]
    mean, sd = parse_printed(mean_text), parse_printed(sd_text)
    if not 0 <= mean.value <= 1:
        raise ValueError(f"the mean of a binary variable lies in [0, 1], got {mean_text!r}")
    if sd.value < 0:
        raise ValueError(f"an SD cannot be negative, got {sd_text!r}")
    n = _whole(inputs["n"], "n", 2)
    ks = [k for k in counts.whole_numbers_near(mean.value, _unit(mean), n, cap=4001) if 0 <= k <= n]
    notes = [Msg.of("note.debit_assumes")]
    # Any rule moves a value at most one unit: a k whose SD is farther than that from the printed SD
    # cannot reproduce it, so only the others are judged exactly (the nearest one stands in when none is left).
    s_val, s_unit = float(sd.value), float(_unit(sd))
    near = {k for k in ks if abs(counts.binary_sd(k, n) - s_val) <= s_unit}
    nearest_mean = min(ks, key=lambda k: abs(Fraction(k, n) - Fraction(mean.value)))
    ks = sorted(near | {nearest_mean})
    best = None
    for k in ks:
        cm = _cmp(mean, Fraction(k, n), opts)
        cs = _cmp(sd, counts.binary_sd(k, n), opts)
        key = (max(_rank(cm), _rank(cs)), _rank(cs) + _rank(cm), abs(counts.binary_sd(k, n) - float(sd.value)))
        if best is None or key < best[0]:
            best = (key, k)
    if best is None:
        raise ValueError(f"no proportion k/{n} lies near the printed mean {mean_text!r}")
    k = best[1]
    sd_value = counts.binary_sd(k, n)
    notes.insert(0, Msg.of("note.debit", k=k, n=n, mean=num(Fraction(k, n)), sd=num(sd_value)))
    mean_out = judge(mean_text, Fraction(k, n), None, None, opts, target="mean", part="mean",
                     quantity=Msg.of("quantity.debit_mean"), category=Category.IMPOSSIBLE_VALUE, slip=False,
                     notes=(_fraction(k, n, Fraction(k, n)),))
    sd_out = judge(sd_text, to_fraction(sd_value), None, None, opts, target="sd", part="sd",
                   quantity=Msg.of("quantity.debit_sd"), category=Category.IMPOSSIBLE_VALUE, slip=False,
                   notes=tuple(notes))
    return [mean_out, sd_out]
