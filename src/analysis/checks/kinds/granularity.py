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

from analysis.stats import counts
from analysis.checks.engine import Operand, Options, Outcome, judge, kind, num
from analysis.core.rounding import Comparison, compare, parse_printed, to_fraction
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import Join, Msg

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
