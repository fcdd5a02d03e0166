"""The p-value of a printed test statistic, checked as statcheck checks it.

Kind ``p_from_statistic``: a printed statistic (``t``, ``F``, ``r``, ``z``,
``chi2``) with its degrees of freedom and its printed p. The p the statistic
implies is recomputed over the statistic's rounding interval
(:func:`analysis.stats.inference.p_value_range`), and the printed p is judged
against that range with its relation (``=``, ``<``, ``>``; APA style without
the leading zero accepted: ``.06``, ``=.06``, ``<.001``).

=============  =========================================================
column         meaning
=============  =========================================================
``statistic``  ``t``, ``F``, ``r``, ``z`` or ``chi2`` (``χ2``, ``χ²``, ``x2`` accepted)
``value``      the statistic as printed (its decimals give its rounding interval)
``df1``        numerator df of F; df of chi-square
``df2``        denominator df of F; df of t and r (statcheck's ``t(df2)``, ``r(df2)``); a
               fractional df (Welch's ``t(27.8)``) is read as printed, as statcheck does
``p``          the p as printed, with its relation
``tails``      1 or 2 (default 2); F and chi-square are upper-tail tests either way. ``1`` is
               statcheck's ``OneTailedTests = TRUE`` (only the one-tailed p is tried), ``2`` its
               default; statcheck's ``OneTailedTxt`` (either reading, when the text says
               one-tailed) has no equivalent: the note of a p that only the one-tailed
               reading reproduces says so
=============  =========================================================

For t, r and chi-square the one df may be given in either column.

Verdict, as statcheck defines its flags:

* ``error`` (statcheck's *inconsistency*): no statistic in the printed value's
  rounding interval gives a p compatible with the printed p and its relation;
  verdict ``inconsistent`` (or ``inconsistent_conclusion``);
* ``decision_error`` (statcheck's *gross inconsistency*): an error, and the
  significance decision at ``alpha`` of the printed p differs from that of the
  p computed from the printed statistic at face value; verdict
  ``inconsistent_conclusion``. A printed ``p < x`` with x > alpha, or
  ``p > x`` with x < alpha, states no decision, so it is never a decision error
  (statcheck's rules for ``<`` and ``>``;
  :func:`analysis.checks.engine.printed_decision`, the one reading of a printed p).
* ``p = alpha`` counts as significant or not by the option ``p_equal_alpha``,
  for the printed and the computed p alike (statcheck's ``pEqualAlphaSig``).
* A p printed as zero (``0``, ``0.0``, ``.000``) or at the floor of its decimals (``.001``) is read as
  p <= 0.001 (:func:`analysis.core.rounding.p_floor`): ``consistent_if_rounding``
  under rule ``p_floor`` when the statistic gives such a p. statcheck counts
  ``p = .000`` as an error (``pZeroError``); we name the convention instead,
  as the compendium does for its own sources.
* A p that only another rounding rule (truncation) reproduces, and whose significance decision
  differs from the computed p's, is a decision error (``inconsistent_conclusion``), as statcheck
  (which assumes rounding) says; truncation excuses digits, never a flipped decision.
* ``p < 0`` and ``p > 1`` (or any bound no p satisfies) are ``invalid``, not judged.

>>> from analysis.checks.engine import Operand, Options, evaluate
>>> o, = evaluate("p_from_statistic", {"value": Operand.of("2.20"), "df2": Operand.of("28", exact=True)},
...               {"p": ".06"}, Options(), {"statistic": "t"})
>>> o.verdict.value, o.extra["error"], o.extra["decision_error"], round(o.extra["computed_p"], 4)
('inconsistent_conclusion', True, True, 0.0362)
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import lru_cache

import numpy as np

from analysis.stats import inference
from analysis.checks.columnar import Batch, Parts, each_text, judge_columns, printed_decisions, said, shown_num
from analysis.checks.engine import Operand, Options, Outcome, decide, judge, kind, num, printed_decision, vectorised
from analysis.core.columnar import compare_columns
from analysis.checks.kinds.significance import judge_test, method
from analysis.core.rounding import parse_printed, printed_interval
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import Msg, render_each

__all__ = ["normalise_statistic", "parse_table", "STATISTIC_NAMES"]

STATISTIC_NAMES = {"t": "t", "f": "F", "r": "r", "z": "z", "chi2": "chi2", "χ2": "chi2", "χ²": "chi2",
                   "x2": "chi2", "chisq": "chi2", "chi-square": "chi2", "chi²": "chi2"}


def normalise_statistic(name: str) -> str:
    """The statistic's canonical name, or a ValueError naming the accepted ones.

    >>> normalise_statistic("F"), normalise_statistic("χ²"), normalise_statistic(" Z ")
    ('F', 'chi2', 'z')
    """
    key = str(name).strip().lower()
    if key not in STATISTIC_NAMES:
        raise ValueError(f"unknown statistic {name!r}; expected t, F, r, z or chi2")
    return STATISTIC_NAMES[key]


def _df(inputs: dict[str, Operand], name: str) -> float | None:
    """A degree of freedom as printed: fractional ones too (Welch's ``t(27.8)``, as statcheck reads them)."""
    op = inputs.get(name)
    if op is None or not op.texts or op.texts == ("",):
        return None
    df = float(op.face)
    if not df > 0:
        raise ValueError(f"degrees of freedom must be > 0, got {op.texts[0]!r}")
    return df


def _tails(text) -> int:
    """``tails`` as written (1 or 2; empty: 2)."""
    tails_text = str(text or "2").strip()
    if tails_text not in ("1", "2", "1.0", "2.0"):
        raise ValueError(f"tails must be 1 or 2, got {tails_text!r}")
    return int(float(tails_text))


def _dfs(stat: str, df1, df2) -> tuple:
    """The df a statistic uses: t and r use ``df2``, chi-square ``df1``; either column works for a single df."""
    if stat in ("t", "r") and df2 is None:
        df1, df2 = None, df1
    if stat == "chi2" and df1 is None:
        df1, df2 = df2, None
    return df1, df2


def _check_p(p_text: str) -> None:
    """A printed p that states a p-value at all (else a ValueError: the row is invalid, not judged)."""
    printed_p = parse_printed(p_text)
    if not 0 <= printed_p.value <= 1:
        raise ValueError(f"a p-value must lie in [0, 1], got {p_text!r}")
    if (printed_p.operator == "<" and printed_p.value <= 0) or (printed_p.operator == ">" and printed_p.value >= 1):
        raise ValueError(f"no p-value satisfies {p_text!r}: a p-value lies in [0, 1]")  # invalid, not judged
    if printed_p.operator == "~":
        raise ValueError(f"a p-value is printed with =, < or >, not as an approximation: {p_text!r}")


@lru_cache(maxsize=4096)
def _test_text(stat: str, df1, df2) -> str:
    return {"t": f"t({num(df2)})", "r": f"r({num(df2)})", "F": f"F({num(df1)}, {num(df2)})",
            "chi2": f"chi2({num(df1)})", "z": "z"}[stat]


@lru_cache(maxsize=64)
def _sided(stat: str, tails: int) -> Msg:
    return Msg.of(f"sided.{'upper' if stat in ('F', 'chi2') else ('one' if tails == 1 else 'two')}")


@kind("p_from_statistic", ("p",), ("value", "df1", "df2"), exact=("df1", "df2"), optional=("df1", "df2"),
      options=("statistic", "tails"),
      formula="p of a printed t, F, r, z or chi-square with its df, over the statistic's rounding interval, "
              "against the printed p and its relation (statcheck)")
def _p_from_statistic(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options
                      ) -> list[Outcome]:
    stat = normalise_statistic(options.get("statistic", ""))
    tails = _tails(options.get("tails"))
    df1, df2 = _dfs(stat, _df(inputs, "df1"), _df(inputs, "df2"))
    p_text = targets["p"]
    _check_p(p_text)
    value_text = inputs["value"].texts[0]
    face = float(inputs["value"].face)
    lo, hi = (float(x) for x in printed_interval(value_text, opts.rounding))
    computed = inference.p_value(stat, face, df1, df2, tails)
    p_lo, p_hi = inference.p_value_range(stat, lo, hi, df1, df2, tails)
    stated = printed_decision(p_text, opts.alpha, opts.p_equal_alpha)
    changed = stated is not None and stated != decide(computed, opts.alpha, opts.p_equal_alpha)
    notes = [Msg.of("note.p_of_statistic", test=_test_text(stat, df1, df2), value=value_text,
                    sided=_sided(stat, tails), p=num(computed), low=num(p_lo), high=num(p_hi))]
    if tails == 1 and stat in ("F", "chi2"):
        notes.append(Msg.of("note.upper_tail", statistic=stat))
    out = judge(p_text, Fraction(computed), Fraction(p_lo), Fraction(p_hi), opts, target="p", is_p=True,
                conclusion_changed=changed, category=Category.INCONSISTENT_TEST,
                quantity=Msg.of("quantity.p_from_printed", statistic=stat), notes=tuple(notes))
    error = out.verdict.is_inconsistent
    if error and tails == 2 and stat in ("t", "r", "z"):
        one = judge(p_text, Fraction(computed / 2), Fraction(p_lo / 2), Fraction(p_hi / 2), opts, target="p",
                    is_p=True, quantity=Msg.of("quantity.p"), slip=False)
        if one.verdict.is_consistent:
            out = replace(out, notes=out.notes + (Msg.of("note.one_tailed"),))
    out.extra.update(computed_p=computed, error=error, decision_error=error and out.verdict is
                     Verdict.INCONSISTENT_CONCLUSION)
    return [out]


@vectorised("p_from_statistic")
def _p_from_statistic_columns(batch: Batch, opts: Options) -> Parts:
    """The same check for a batch: each row's p and its range from the statistic's interval by
    :func:`analysis.stats.inference.p_values` (the kernel of :func:`~analysis.stats.inference.p_value`), grouped
    by statistic; a row whose options, df or printed p the per-row runner would refuse is left to it."""
    n = batch.size
    stat = np.array(each_text(batch.text("statistic"), normalise_statistic), dtype=object)
    tails = np.array([t if t is not None else 0 for t in each_text(batch.text("tails"), _tails)])
    ok_p = np.array(each_text(batch.text("p"), lambda t: _check_p(t) or True), dtype=bool)
    value, p_col = batch.printed("value", opts.rounding), batch.printed("p", opts.rounding)
    left = (stat == None) | (tails == 0) | ~ok_p | ~value.ok | (value.op != "=")  # noqa: E711 - an object array
    dfs = []
    for name in ("df1", "df2"):
        given = np.array([t != "" for t in batch.text(name)])
        col = batch.printed(name, opts.rounding)
        left |= given & ~(col.ok & (col.op == "=") & (col.value > 0))  # a df is > 0 (a fractional one as printed)
        dfs.append(np.where(given & col.ok, col.value, np.nan))
    df1, df2 = dfs
    single = np.isin(stat, ("t", "r")) & np.isnan(df2)
    df1, df2 = np.where(single, np.nan, df1), np.where(single, df1, df2)
    single = (stat == "chi2") & np.isnan(df1)
    df1, df2 = np.where(single, df2, df1), np.where(single, np.nan, df2)
    need1, need2 = np.isin(stat, ("F", "chi2")), np.isin(stat, ("t", "r", "F"))
    left |= need1 & ~(df1 > 0) | need2 & ~(df2 > 0)
    left |= (stat == "r") & ~((value.value >= -1) & (value.value <= 1)) | np.isin(stat, ("F", "chi2")) & (value.value < 0)
    computed, p_lo, p_hi = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    with np.errstate(all="ignore"):
        for s in inference.STATISTICS:
            rows = (stat == s) & ~left
            if rows.any():
                args = (df1[rows], df2[rows], tails[rows])
                computed[rows] = inference.p_values(s, value.value[rows], *args)
                p_lo[rows], p_hi[rows] = inference.p_value_ranges(s, value.low[rows], value.high[rows], *args)
    stated = printed_decisions(p_col, opts.alpha, opts.p_equal_alpha)
    decided = np.array([x is not None for x in stated]) & ~left
    changed = decided & (np.array([bool(x) for x in stated]) != decide(computed, opts.alpha, opts.p_equal_alpha))
    rows = np.flatnonzero(~left)
    tests, sides = {}, {}
    keys = list(zip(stat[rows].tolist(), np.where(np.isnan(df1), 0, df1)[rows].tolist(),
                    np.where(np.isnan(df2), 0, df2)[rows].tolist(), tails[rows].tolist()))
    for key in dict.fromkeys(keys):
        tests[key], sides[key] = _test_text(*key[:3]), _sided(key[0], key[3])
    memo: dict = {}
    shown = render_each("note.p_of_statistic", "en", value=[value.texts[i] for i in rows],
                        test=[tests[k] for k in keys], sided=[sides[k] for k in keys],
                        p=shown_num(computed[rows], memo), low=shown_num(p_lo[rows], memo),
                        high=shown_num(p_hi[rows], memo))
    notes = [[] for _ in range(n)]
    for i, text in zip(rows.tolist(), shown):
        notes[i].append(text)
    for i in np.flatnonzero(~left & (tails == 1) & np.isin(stat, ("F", "chi2"))):
        notes[i].append(said(Msg.of("note.upper_tail", statistic=stat[i])))
    out = judge_columns(p_col, computed, p_lo, p_hi, opts, target="p", notes=notes, conclusion_changed=changed,
                        is_p=True, category=True, exact=lambda i: None if left[i] else (
                            Fraction(computed[i]), Fraction(p_lo[i]), Fraction(p_hi[i])))
    out.leave(left)
    error = out.bad()
    halves = compare_columns(p_col, computed / 2, p_lo / 2, p_hi / 2, rule=opts.rounding, is_p=True,
                             exact=lambda i: None if left[i] else (Fraction(computed[i] / 2), Fraction(p_lo[i] / 2),
                                                                   Fraction(p_hi[i] / 2)))
    one = error & (tails == 2) & np.isin(stat, ("t", "r", "z"))
    out.leave(one & halves.undecided)
    out.add(one & ~halves.undecided & (halves.code <= Verdict.CONSISTENT_IF_ROUNDING.rank),
            said(Msg.of("note.one_tailed")))
    out.shown = memo
    out.extra.update(computed_p=computed, error=error,
                     decision_error=error & (out.code == Verdict.INCONSISTENT_CONCLUSION.rank))
    return Parts([out], left)


def parse_table(text: str) -> list[list[int]]:
    """An r x c table of counts written as rows separated by ``;`` (``"10 20 30; 20 20 20"``).

    >>> parse_table("10 20 30; 20 20 20")
    [[10, 20, 30], [20, 20, 20]]
    """
    rows = [r.replace(",", " ").split() for r in str(text).split(";") if r.strip()]
    try:
        table = [[int(x) for x in r] for r in rows]
    except ValueError:
        raise ValueError(f"a table is whole counts, rows separated by ';', got {text!r}") from None
    if len(table) < 2 or len({len(r) for r in table}) != 1 or len(table[0]) < 2:
        raise ValueError(f"a table needs at least 2 rows of equal length >= 2, got {text!r}")
    if any(x < 0 for r in table for x in r):
        raise ValueError(f"counts cannot be negative, got {text!r}")
    return table


@kind("chi2_table", ("statistic", "p"), (), options=("table", "correction"),
      formula="Pearson chi-square of an r x c table of counts (df (r-1)(c-1)); Yates' correction for 2x2 only")
def _chi2_table(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options) -> list[Outcome]:
    table = parse_table(options.get("table", ""))
    res = inference.chi2_table(table, correction=False)
    expected = inference.expected_counts(table)
    small = int((expected < 5).sum())
    notes = [Msg.of("note.table_test", method=method(res), rows=len(table), cols=len(table[0]), df=num(res.df))]
    if small:
        notes.append(Msg.of("note.small_expected", small=small, total=int(expected.size)))
    return judge_test(targets["statistic"], targets["p"], "chi2", Msg.of("quantity.chi2", method=method(res)),
                      res.statistic, res.statistic, res.statistic, res.p, res.p, res.p, res.df, opts, tuple(notes))
