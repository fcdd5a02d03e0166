"""Kinds that recompute a significance test from printed summaries or counts.

==================  ==============  ======================================================
kind                targets         inputs
==================  ==============  ======================================================
t_from_summaries    statistic, p    m1, s1, n1, m2, s2, n2 (Student or Welch, option t_test)
chi2_from_counts    statistic, p    a, b, c, d (a 2x2 table, rows = groups)
==================  ==============  ======================================================

Each gives three outcomes: the printed statistic against the one recomputed
from the inputs; the printed p against the p of the recomputed statistic; and
the printed p against the p implied by the printed statistic itself (part
``p_implied``, internal consistency). A test that does not reproduce is
diagnosed (:mod:`analysis.stats.diagnosis`): the df range that reconciles the
printed statistic with its printed p (``df_low``, ``df_high``), and for t the
equal group size that reconciles it with the printed means and SDs
(``n_per_group``), compared with the stated sample sizes.

>>> from analysis.checks.engine import Operand, Options, evaluate
>>> ins = {k: Operand.of(v, exact=k.startswith("n")) for k, v in
...        dict(m1="5.0", s1="1.0", n1="10", m2="4.0", s2="1.0", n2="10").items()}
>>> [o.verdict.value for o in evaluate("t_from_summaries", ins, {"statistic": "2.236", "p": "0.038"}, Options())]
['consistent', 'consistent', 'consistent']
"""
from __future__ import annotations

import math
from functools import lru_cache
from dataclasses import replace

import numpy as np
from scipy import special

from analysis.stats import columns, diagnosis
from analysis.stats import inference
from analysis.checks.columnar import Batch, PartColumn, Parts, judge_columns, printed_decisions, render_items, said, \
    shown_num
from analysis.checks.engine import Operand, Options, Outcome, decide, judge, kind, num, significant, vectorised, \
    with_verdict
from analysis.core.columnar import compare_columns
from analysis.core.rounding import compare, parse_printed, printed_interval
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import Join, Msg, render_each

__all__ = ["judge_test", "method", "times", "t_diagnosis", "t_diagnosis_items", "df_text", "df_item"]  # the kinds register themselves in KINDS


def method(result: inference.TestResult) -> Msg:
    """The test a result comes from, as a message (``method.student``, ``method.yates``, ...)."""
    return Msg.of(f"method.{result.method}")


def df_text(rng: tuple[float, float] | None) -> Msg:
    """The df range a printed statistic and its printed p agree on, as a message."""
    mid, params = df_item(rng)
    return Msg.of(mid, **params)


def df_item(rng: tuple[float, float] | None) -> tuple[str, dict]:
    """:func:`df_text` as a message id and its parameters."""
    if rng is None:
        return "note.df_none", {}
    lo, hi = rng
    if math.isinf(hi):
        return "note.df_range_open", dict(low=f"{lo:.3g}")
    return "note.df_range", dict(low=f"{lo:.3g}", high=f"{hi:.3g}")


def _favours(rng: tuple[float, float] | None, n: float, df_stated: int) -> bool | None:
    """Whether the printed p tells a smaller n from larger SDs: True when the df of ``n`` per group fits the
    printed statistic and p and the stated df does not; False when both fit (the p cannot tell); None when
    the df of ``n`` does not fit either."""
    if rng is None or not math.isfinite(n):
        return None
    lo, hi = rng
    fits_n, fits_stated = lo <= 2 * n - 2 <= hi, lo <= df_stated <= hi
    if not fits_n:
        return None
    return not fits_stated


def times(low: float, high: float) -> Msg:
    """How many times fewer, in words that match the numbers: each ratio rounded to a whole number,
    "five to seven" (one to ten in words), "18 to 25", or one number when both round alike.

    >>> from analysis.text.catalogue import render
    >>> render(times(312 / 63.7, 437 / 63.7), "en")
    'five to seven'
    >>> render(times(312 / 17.6, 437 / 17.6), "en"), render(times(4.9, 5.2), "en")
    ('18 to 25', 'about five')
    """
    return _times(round(low), round(high))


@lru_cache(maxsize=1024)
def _times(a: int, b: int) -> Msg:
    def word(k: int) -> Msg | str:
        return Msg.of(f"number.n{k}") if 1 <= k <= 10 else str(k)
    if a == b:
        return Msg.of("times.about", n=word(a))
    return Msg.of("times.range", low=word(a), high=word(b))


def _diagnose(outcomes: list[Outcome], diag: dict, notes: tuple[Msg, ...]) -> list[Outcome]:
    """Attach the diagnosis to every outcome of a test that does not fully reproduce."""
    if all(o.verdict.is_consistent for o in outcomes):
        return outcomes
    return [replace(o, diagnosis=diag, notes=o.notes + notes) for o in outcomes]


def judge_test(stat_text: str, p_text: str, kind_: str, quantity: Msg, face_stat: float, stat_lo: float,
               stat_hi: float, face_p: float, p_lo: float, p_hi: float, df: float, opts: Options,
               notes: tuple[Msg, ...]) -> list[Outcome]:
    """Three outcomes of one printed test (``kind_`` ``"t"`` or ``"chi2"``): its statistic against the
    recomputed one, its p against the recomputed p, and its p against the p its own statistic implies."""
    printed_sig = significant(p_text, opts.alpha, opts.p_equal_alpha)
    changed = printed_sig != decide(face_p, opts.alpha, opts.p_equal_alpha)
    stat = judge(stat_text, face_stat, stat_lo, stat_hi, opts, target="statistic", part="statistic",
                 quantity=quantity, conclusion_changed=changed, category=Category.INCONSISTENT_TEST, notes=notes)
    if kind_ == "t" and stat.verdict.is_inconsistent:
        flipped = compare(stat_text, -face_stat, -stat_hi, -stat_lo, rule=opts.rounding, tolerance=opts.tolerance)
        if flipped.verdict.is_consistent:
            stat = with_verdict(stat, flipped, Msg.of("note.sign_opposite"))
    p = judge(p_text, face_p, p_lo, p_hi, opts, target="p", part="p", is_p=True, conclusion_changed=changed,
              quantity=Msg.of(f"quantity.p_recomputed_{kind_}"), category=Category.INCONSISTENT_TEST, notes=notes)
    s_lo, s_hi = (float(x) for x in printed_interval(stat_text, opts.rounding))
    s_face = float(parse_printed(stat_text).value)
    dfs = {"df2": df} if kind_ == "t" else {"df1": df}
    internal = inference.p_value(kind_, s_face, **dfs)
    i_lo, i_hi = inference.p_value_range(kind_, s_lo, s_hi, **dfs)
    implied = judge(p_text, internal, i_lo, i_hi, opts, target="p", part="p_implied", is_p=True,
                    conclusion_changed=printed_sig != decide(internal, opts.alpha, opts.p_equal_alpha),
                    quantity=Msg.of(f"quantity.p_implied_{kind_}", df=num(df)), category=Category.INCONSISTENT_TEST,
                    notes=(Msg.of("note.internal_consistency"),))
    for o in (stat, p, implied):
        o.extra.update(computed_p=face_p if o.part != "p_implied" else internal)
    return [stat, p, implied]


@kind("t_from_summaries", ("statistic", "p"), ("m1", "s1", "n1", "m2", "s2", "n2"), exact=("n1", "n2"),
      formula="Student's (pooled) or Welch's two-sample t from means, SDs and group sizes; two-sided p")
def _t_from_summaries(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options):
    equal_var = opts.t_test == "student"
    box = {k: tuple(float(x) for x in inputs[k].box) for k in ("m1", "s1", "m2", "s2")}
    n1, n2 = int(inputs["n1"].face), int(inputs["n2"].face)

    def res(equal, **kw):
        return inference.ttest_from_summary(kw["m1"], kw["s1"], n1, kw["m2"], kw["s2"], n2, equal)

    face = res(equal_var, **{k: v[0] for k, v in box.items()})
    corners = [box[k][1:] for k in ("m1", "s1")] + [n1] + [box[k][1:] for k in ("m2", "s2")] + [n2]
    t_lo, t_hi, p_lo, p_hi = inference.t_over_box(*corners, equal_var)
    t_lo, t_hi = min(t_lo, face.statistic), max(t_hi, face.statistic)
    p_lo, p_hi = min(p_lo, face.p), max(p_hi, face.p)
    other = res(not equal_var, **{k: v[0] for k, v in box.items()})
    notes = (Msg.of("note.test_df", method=method(face), df=num(face.df)),
             Msg.of("note.other_test", method=method(other), value=num(other.statistic)))
    outs = judge_test(targets["statistic"], targets["p"], "t", Msg.of("quantity.t", method=method(face)),
                      face.statistic, t_lo, t_hi, face.p, p_lo, p_hi, face.df, opts, notes)
    if outs[0].verdict.is_inconsistent:  # the other test may reproduce the printed t
        o_lo, o_hi, _, _ = inference.t_over_box(*corners, not equal_var)
        alt = compare(targets["statistic"], other.statistic, o_lo, o_hi, rule=opts.rounding, tolerance=opts.tolerance)
        if alt.verdict.is_consistent:
            outs[0] = with_verdict(outs[0], alt, Msg.of("note.reproduced_by", other=method(other), method=method(face)))
    if all(o.verdict.is_consistent for o in outs):
        return outs
    # Diagnosis (only for a test that does not reproduce): which df and group size reconcile it.
    rng = diagnosis.df_range(targets["statistic"], targets["p"], "t", opts.rounding)
    t_int = printed_interval(targets["statistic"], opts.rounding)
    n_face, n_lo, n_hi = diagnosis.n_per_group(t_int, *(inputs[k].box for k in ("m1", "s1", "m2", "s2")))
    fits = [name for name, ok, _ in diagnosis.explain_t(targets["statistic"], targets["p"],
                                                         *(inputs[k].box for k in ("m1", "s1")), n1,
                                                         *(inputs[k].box for k in ("m2", "s2")), n2, opts.rounding)
            if ok]
    factor = diagnosis.sd_factor(float(parse_printed(targets["statistic"]).value), face.statistic)
    note, fewer, favours = t_diagnosis(rng, n_face, n_lo, n_hi, n1, n2, fits, factor)
    diag = {"df_low": rng[0] if rng else None, "df_high": rng[1] if rng else None, "n_per_group": n_face,
            "n_low": n_lo, "n_high": n_hi, "n_stated": (n1, n2), "explanation": fits, "sd_factor": factor,
            "fewer": fewer, "p_favours_n": favours,
            "summaries": tuple(float(inputs[k].face) for k in ("m1", "s1", "m2", "s2"))}
    return _diagnose(outs, diag, (note,))


def t_diagnosis(rng, n_face: float, n_lo: float, n_hi: float, n1: int, n2: int, fits: list[str],
                factor: float) -> tuple[Msg, bool, bool | None]:
    """What the diagnosis of a t test says (the note), whether the equal n is below the stated ones, and what the
    printed p says of it (:func:`_favours`): from the df range, the equal n and its range, the explanations that
    fit and the SD factor (:func:`t_diagnosis_items`, as messages)."""
    items, fewer, favours = t_diagnosis_items(rng, n_face, n_lo, n_hi, n1, n2, fits, factor)
    said = tuple(Msg.of(mid, **params) for mid, params in items)
    return Msg.of("note.diagnosis", items=Join("sep.semicolon", said)), fewer, favours


def t_diagnosis_items(rng, n_face: float, n_lo: float, n_hi: float, n1: int, n2: int, fits: list[str],
                      factor: float) -> tuple[list[tuple[str, dict]], bool, bool | None]:
    """The sentences of a t test's diagnosis, each a message id with its parameters, in order (the columnar
    engine renders many rows' at once), whether the equal n is below the stated ones, and what the printed p
    says of it."""
    said = [df_item(rng),
            ("note.n_per_group", dict(n=f"{n_face:.0f}", low=f"{n_lo:.3g}", high=f"{n_hi:.3g}", n1=n1, n2=n2))]
    fewer = n_hi < min(n1, n2)
    if fewer:
        said.append(("note.times_fewer", dict(times=times(min(n1, n2) / n_face, max(n1, n2) / n_face),
                                               df=n1 + n2 - 2)))
    said.append(("note.sd_factor", dict(factor=f"{factor:.2g}")))
    favours = _favours(rng, round(n_face) if math.isfinite(n_face) else n_face, n1 + n2 - 2)
    if favours is not None:
        said.append(("note.p_favours_n" if favours else "note.p_neutral",
                     dict(n=f"{n_face:.0f}", df_n=str(2 * round(n_face) - 2), df=n1 + n2 - 2)))
    said.append(("note.explanation_fits", dict(names=_names(tuple(fits)))) if fits else ("note.no_explanation", {}))
    return said, fewer, favours


@lru_cache(maxsize=64)
def _names(fits: tuple[str, ...]) -> Join:
    return Join("sep.comma", tuple(Msg.of(f"explanation.{f}") for f in fits))


@kind("chi2_from_counts", ("statistic", "p"), ("a", "b", "c", "d"), exact=("a", "b", "c", "d"),
      formula="Pearson chi-square of the 2x2 table [[a, b], [c, d]], with or without Yates' correction; "
              "Fisher's exact p beside it")
def _chi2_from_counts(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options):
    a, b, c, d = (int(inputs[k].face) for k in "abcd")
    pearson = inference.chi2_2x2(a, b, c, d, correction=False)
    yates = inference.chi2_2x2(a, b, c, d, correction=True)
    stat_text = targets["statistic"]
    chosen = pearson
    if compare(stat_text, pearson.statistic, rule=opts.rounding).verdict is not Verdict.CONSISTENT and \
            compare(stat_text, yates.statistic, rule=opts.rounding).verdict is Verdict.CONSISTENT:
        chosen = yates
    fisher = inference.fisher_2x2(a, b, c, d)
    other = yates if chosen is pearson else pearson
    notes = (Msg.of("note.test_used", method=method(chosen)),
             Msg.of("note.other_test", method=method(other), value=num(other.statistic)),
             Msg.of("note.fisher_p", p=num(fisher.p)))
    outs = judge_test(stat_text, targets["p"], "chi2", Msg.of("quantity.chi2", method=method(chosen)),
                      chosen.statistic, chosen.statistic, chosen.statistic, chosen.p, chosen.p, chosen.p, 1.0, opts,
                      notes)
    small = min(inference.expected_counts([[a, b], [c, d]]).ravel()) < 5
    if small and outs[1].verdict.is_inconsistent:  # with small expected counts the printed p may be Fisher's
        alt = compare(targets["p"], fisher.p, rule=opts.rounding, tolerance=opts.tolerance, is_p=True)
        if alt.verdict.is_consistent:
            outs[1] = with_verdict(outs[1], alt, Msg.of("note.fisher_printed"))
    if all(o.verdict.is_consistent for o in outs):
        return outs
    rng = diagnosis.df_range(stat_text, targets["p"], "chi2", opts.rounding)
    diag = {"df_low": rng[0] if rng else None, "df_high": rng[1] if rng else None, "n_per_group": None}
    return _diagnose(outs, diag, (Msg.of("note.diagnosis_2x2", df=df_text(rng)),))


# ------------------------------------------------------------------ the same kinds over a batch of rows

def _floats(*arrays):
    """Row i's values as the per-row engine passes them to judge: floats (read at their shortest repr)."""
    lists = [a.tolist() for a in arrays]
    return lambda i: tuple(x[i] for x in lists)


def _judge_test_columns(batch: Batch, opts: Options, kind_: str, face_stat, stat_lo, stat_hi, face_p, p_lo, p_hi,
                        df, notes: list, left: np.ndarray) -> list[PartColumn]:
    """:func:`judge_test` for a batch: the statistic, the p and the p its own printed statistic implies."""
    stat_col, p_col = batch.printed("statistic", opts.rounding), batch.printed("p", opts.rounding)
    sig = np.array([x is True for x in printed_decisions(p_col, opts.alpha, opts.p_equal_alpha)])
    changed = sig != decide(face_p, opts.alpha, opts.p_equal_alpha)
    stat = judge_columns(stat_col, face_stat, stat_lo, stat_hi, opts, target="statistic", part="statistic",
                         notes=notes, conclusion_changed=changed, category=True,
                         exact=_floats(face_stat, stat_lo, stat_hi))
    if kind_ == "t":
        flipped = compare_columns(stat_col, -face_stat, -stat_hi, -stat_lo, rule=opts.rounding,
                                  tolerance=opts.tolerance, exact=_floats(-face_stat, -stat_hi, -stat_lo))
        stat.rescue(stat.bad(), flipped, said(Msg.of("note.sign_opposite")))
    p = judge_columns(p_col, face_p, p_lo, p_hi, opts, target="p", part="p", notes=notes, is_p=True,
                      conclusion_changed=changed, category=True, exact=_floats(face_p, p_lo, p_hi))
    dfs = {"df2": df} if kind_ == "t" else {"df1": df}
    with np.errstate(all="ignore"):
        internal = inference.p_values(kind_, stat_col.value, **dfs)
        i_lo, i_hi = inference.p_value_ranges(kind_, stat_col.low, stat_col.high, **dfs)
    left |= ~stat_col.ok | (stat_col.op != "=") | ~np.isfinite(internal) | (kind_ == "chi2") & (stat_col.value < 0)
    internal_note = said(Msg.of("note.internal_consistency"))
    implied = judge_columns(p_col, internal, i_lo, i_hi, opts, target="p", part="p_implied", is_p=True,
                            conclusion_changed=sig != decide(internal, opts.alpha, opts.p_equal_alpha), category=True,
                            notes=[[internal_note] for _ in range(batch.size)],
                            exact=_floats(internal, i_lo, i_hi))
    stat.extra["computed_p"] = p.extra["computed_p"] = face_p
    implied.extra["computed_p"] = internal
    return [stat, p, implied]


def _diagnosed(parts: list[PartColumn]) -> np.ndarray:
    """Rows of a test whose parts do not all reproduce (each gets a diagnosis)."""
    out = np.zeros(len(parts[0].code), dtype=bool)
    for part in parts:
        out |= ~np.isin(part.code, (Verdict.CONSISTENT.rank, Verdict.CONSISTENT_IF_ROUNDING.rank))
    return out


@vectorised("t_from_summaries")
def _t_from_summaries_columns(batch: Batch, opts: Options) -> Parts:
    """The same check for a batch: t and p over the rounding box (:func:`analysis.stats.columns.t_over_boxes`),
    the other test, and the diagnosis of each test that does not reproduce (df range, equal n, explanations)."""
    rule, equal_var = opts.rounding, opts.t_test == "student"
    cols = {k: batch.printed(k, rule) for k in ("m1", "s1", "m2", "s2", "n1", "n2")}
    box = {k: (c.value, c.value, c.value) if k in batch.exact else (c.value, c.low, c.high) for k, c in cols.items()}
    n1, n2 = cols["n1"].value, cols["n2"].value
    left = np.zeros(batch.size, dtype=bool)
    for c in cols.values():
        left |= ~c.ok | (c.op != "=") | np.isnan(c.digits) | (c.decimals > 15)
    left |= ~((n1 >= 2) & (n1 == np.floor(n1)) & (n2 >= 2) & (n2 == np.floor(n2)))  # n whole and >= 2
    left |= ~((box["s1"][0] > 0) & (box["s2"][0] > 0) & (box["s1"][1] > 0) & (box["s2"][1] > 0))  # SDs > 0
    n1, n2 = np.where(left, 2, n1).astype(np.int64), np.where(left, 2, n2).astype(np.int64)
    faces = [box[k][0] for k in ("m1", "s1", "m2", "s2")]
    corners = [(box[k][1], box[k][2]) for k in ("m1", "s1", "m2", "s2")]
    with np.errstate(all="ignore"):
        face_t, face_df = inference.t_statistics(faces[0], faces[1], n1, faces[2], faces[3], n2, equal_var)
        face_df = np.broadcast_to(face_df, face_t.shape).astype(float)
        face_p = np.minimum(2 * special.stdtr(face_df, -np.abs(face_t)), 1.0)
        other_t = inference.t_statistics(faces[0], faces[1], n1, faces[2], faces[3], n2, not equal_var)[0]
        t_lo, t_hi, p_lo, p_hi = columns.t_over_boxes(corners[0], corners[1], n1, corners[2], corners[3], n2,
                                                      equal_var)
    t_lo, t_hi = np.minimum(t_lo, face_t), np.maximum(t_hi, face_t)
    p_lo, p_hi = np.minimum(p_lo, face_p), np.maximum(p_hi, face_p)
    mine, theirs = Msg.of(f"method.{opts.t_test}"), Msg.of(f"method.{'welch' if equal_var else 'student'}")
    rows = np.flatnonzero(~left)
    notes = [[] for _ in range(batch.size)]
    firsts = render_each("note.test_df", "en", method=mine, df=shown_num(face_df[rows]))
    seconds = render_each("note.other_test", "en", method=theirs, value=shown_num(other_t[rows]))
    for i, a, b in zip(rows.tolist(), firsts, seconds):
        notes[i] += [a, b]
    parts = _judge_test_columns(batch, opts, "t", face_t, t_lo, t_hi, face_p, p_lo, p_hi, face_df, notes, left)
    with np.errstate(all="ignore"):
        o_lo, o_hi = columns.t_over_boxes(corners[0], corners[1], n1, corners[2], corners[3], n2, not equal_var,
                                          p=False)
    alt = compare_columns(parts[0].printed, other_t, o_lo, o_hi, rule=rule, tolerance=opts.tolerance,
                          exact=_floats(other_t, o_lo, o_hi))
    parts[0].rescue(parts[0].bad(), alt, said(Msg.of("note.reproduced_by", other=theirs, method=mine)))
    for part in parts:
        part.leave(left)
    ill = _diagnosed(parts) & ~left & ~np.any([p.undecided for p in parts], axis=0)
    if ill.any():
        _t_diagnoses(batch, opts, parts, np.flatnonzero(ill), box, n1, n2, face_t)
    return Parts(parts, left)


def _t_diagnoses(batch: Batch, opts: Options, parts: list[PartColumn], rows: np.ndarray, box: dict, n1, n2,
                 face_t) -> None:
    """The diagnosis note of each row in ``rows`` (:func:`t_diagnosis`, from the columnar df range, equal n and
    explanations), after every note of each of its parts; a row the per-row runner would refuse is left to it."""
    stat = parts[0].printed
    q = _p_intervals(batch, opts)
    sub = {k: tuple(v[rows] for v in b) for k, b in box.items()}
    t_lo, t_hi, m1, s1, m2, s2 = stat.low[rows], stat.high[rows], sub["m1"], sub["s1"], sub["m2"], sub["s2"]
    with np.errstate(all="ignore"):
        n_face, n_lo, n_hi = columns.n_per_groups(t_lo, t_hi, m1, s1, m2, s2)
        marks = np.c_[2 * np.rint(n_face) - 2, n1[rows] + n2[rows] - 2]  # the df _favours compares the range with
        low, high, found, broken = columns.df_ranges("t", t_lo, t_hi, q[rows, 0], q[rows, 1], marks)
        fits = columns.explain_ts(t_lo, t_hi, q[rows, 0], q[rows, 1], m1, s1, n1[rows], m2, s2, n2[rows])
        factor = np.abs(face_t[rows]) / np.abs(stat.value[rows])
    names = [name for name in diagnosis.EXPLANATIONS if name in fits]
    fitting = [[f for f, ok in zip(names, row) if ok] for row in zip(*(fits[f].tolist() for f in names))]
    zero = (stat.value[rows] == 0).tolist()
    values = zip(rows.tolist(), broken.tolist(), zero, low.tolist(), high.tolist(), found.tolist(), n_face.tolist(),
                 n_lo.tolist(), n_hi.tolist(), n1[rows].tolist(), n2[rows].tolist(), fitting, factor.tolist())
    done, items = [], []
    for i, bad, nought, lo, hi, ok, nf, nl, nh, a, b, fit, fac in values:
        if bad or nought:  # ArithmeticError, ZeroDivisionError: the per-row runner says so
            parts[0].leave_row(i)
            continue
        try:
            items.append(t_diagnosis_items((lo, hi) if ok else None, nf, nl, nh, a, b, fit, fac)[0])
        except (ArithmeticError, ValueError):  # e.g. an equal n of 0 to divide by: the per-row runner says so
            parts[0].leave_row(i)
            continue
        done.append(i)
    texts = render_each("note.diagnosis", "en", items=[Join("sep.semicolon", tuple(x)) for x in render_items(items)])
    for i, text in zip(done, texts):
        for part in parts:
            part.notes[i].append(text)


def _p_intervals(batch: Batch, opts: Options) -> np.ndarray:
    """:func:`analysis.stats.diagnosis.p_interval` of each row's printed p."""
    return np.stack(columns.p_intervals(batch.printed("p", opts.rounding), opts.rounding), axis=1)


_LARGEST_2X2 = 65_536
"""Largest total of a 2x2 table judged in columns: every product of its margins is exact in int64 below it."""


@vectorised("chi2_from_counts")
def _chi2_from_counts_columns(batch: Batch, opts: Options) -> Parts:
    """The same check for a batch: Pearson's and Yates' chi-square and Fisher's p of every table
    (:func:`analysis.stats.inference.chi2_2x2_statistic`, :func:`analysis.stats.columns.fisher_2x2_ps`), the
    printed p read as Fisher's where expected counts are small, and the df range of each that does not reproduce."""
    rule = opts.rounding
    cols = [batch.printed(k, rule) for k in "abcd"]
    left = np.zeros(batch.size, dtype=bool)
    for c in cols:
        left |= ~c.ok | (c.op != "=") | np.isnan(c.digits) | (c.value < 0) | (c.value != np.floor(c.value))
    a, b, c, d = (np.where(left, 1, col.value).astype(np.int64) for col in cols)
    n = a + b + c + d
    left |= (a + b == 0) | (c + d == 0) | (a + c == 0) | (b + d == 0) | (n > _LARGEST_2X2)  # an empty row or column
    a, b, c, d = (np.where(left, 1, x) for x in (a, b, c, d))
    with np.errstate(all="ignore"):
        stats = [inference.chi2_2x2_statistic(a, b, c, d, correction) for correction in (False, True)]
        ps = [special.chdtrc(1, x) for x in stats]
    stat_col = batch.printed("statistic", rule)
    fits = [compare_columns(stat_col, x, rule=rule, exact=_floats(x, x, x)) for x in stats]
    undecided = fits[0].undecided | fits[1].undecided
    yates = (fits[0].code != Verdict.CONSISTENT.rank) & (fits[1].code == Verdict.CONSISTENT.rank)
    chosen, chosen_p, other = (np.where(yates, stats[1], stats[0]), np.where(yates, ps[1], ps[0]),
                               np.where(yates, stats[0], stats[1]))
    fisher = columns.fisher_2x2_ps(a, b, c, d)
    notes = [[] for _ in range(batch.size)]
    methods = {False: (Msg.of("method.pearson"), Msg.of("method.yates")), True: (Msg.of("method.yates"),
                                                                                   Msg.of("method.pearson"))}
    rows = np.flatnonzero(~left)
    used = {k: said(Msg.of("note.test_used", method=m[0])) for k, m in methods.items()}
    others = render_each("note.other_test", "en", method=[methods[bool(y)][1] for y in yates[rows]],
                         value=shown_num(other[rows]))
    fishers = render_each("note.fisher_p", "en", p=shown_num(fisher[rows]))
    for i, o, f in zip(rows.tolist(), others, fishers):
        notes[i] += [used[bool(yates[i])], o, f]
    ones = np.ones(batch.size)
    parts = _judge_test_columns(batch, opts, "chi2", chosen, chosen, chosen, chosen_p, chosen_p, chosen_p, ones, notes,
                                left)
    small = np.minimum.reduce([x * y / n for x in (a + b, c + d) for y in (a + c, b + d)]) < 5
    alt = compare_columns(batch.printed("p", rule), fisher, rule=rule, tolerance=opts.tolerance, is_p=True,
                          exact=_floats(fisher, fisher, fisher))
    parts[1].rescue(small & parts[1].bad(), alt, said(Msg.of("note.fisher_printed")))
    left |= undecided
    for part in parts:
        part.leave(left)
    ill = np.flatnonzero(_diagnosed(parts) & ~left & ~np.any([p.undecided for p in parts], axis=0))
    if len(ill):
        q = _p_intervals(batch, opts)
        low, high, found, broken = columns.df_ranges("chi2", stat_col.low[ill], stat_col.high[ill], q[ill, 0],
                                                     q[ill, 1], np.zeros((len(ill), 0)))
        rows = [(i, (lo, hi) if ok else None) for i, bad, lo, hi, ok in zip(ill.tolist(), broken.tolist(), low.tolist(),
                                                                         high.tolist(), found.tolist()) if not bad]
        for i in ill[broken].tolist():
            parts[0].leave_row(i)
        said_df = render_items([[df_item(rng)] for _, rng in rows])
        texts = render_each("note.diagnosis_2x2", "en", df=[Join("sep.semicolon", tuple(t)) for t in said_df])
        for (i, _), text in zip(rows, texts):
            for part in parts:
                part.notes[i].append(text)
    return Parts(parts, left)
