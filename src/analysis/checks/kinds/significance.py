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
from dataclasses import replace

from analysis.stats import diagnosis
from analysis.stats import inference
from analysis.checks.engine import Operand, Options, Outcome, decide, judge, kind, num, significant, with_verdict
from analysis.core.rounding import compare, parse_printed, printed_interval
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import Join, Msg

__all__ = ["judge_test", "method", "times"]  # the kinds register themselves in analysis.checks.engine.KINDS


def method(result: inference.TestResult) -> Msg:
    """The test a result comes from, as a message (``method.student``, ``method.yates``, ...)."""
    return Msg.of(f"method.{result.method}")


def _df_text(rng: tuple[float, float] | None) -> Msg:
    if rng is None:
        return Msg.of("note.df_none")
    lo, hi = rng
    if math.isinf(hi):
        return Msg.of("note.df_range_open", low=f"{lo:.3g}")
    return Msg.of("note.df_range", low=f"{lo:.3g}", high=f"{hi:.3g}")


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
    a, b = round(low), round(high)

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
    said = [_df_text(rng),
            Msg.of("note.n_per_group", n=f"{n_face:.0f}", low=f"{n_lo:.3g}", high=f"{n_hi:.3g}", n1=n1, n2=n2)]
    fewer = n_hi < min(n1, n2)
    if fewer:
        said.append(Msg.of("note.times_fewer", times=times(min(n1, n2) / n_face, max(n1, n2) / n_face),
                           df=n1 + n2 - 2))
    said.append(Msg.of("note.sd_factor", factor=f"{factor:.2g}"))
    favours = _favours(rng, round(n_face) if math.isfinite(n_face) else n_face, n1 + n2 - 2)
    if favours is not None:
        said.append(Msg.of("note.p_favours_n" if favours else "note.p_neutral", n=f"{n_face:.0f}",
                           df_n=str(2 * round(n_face) - 2), df=n1 + n2 - 2))
    said.append(Msg.of("note.explanation_fits",
                       names=Join("sep.comma", tuple(Msg.of(f"explanation.{f}") for f in fits))) if fits else
                Msg.of("note.no_explanation"))
    diag = {"df_low": rng[0] if rng else None, "df_high": rng[1] if rng else None, "n_per_group": n_face,
            "n_low": n_lo, "n_high": n_hi, "n_stated": (n1, n2), "explanation": fits, "sd_factor": factor,
            "fewer": fewer, "p_favours_n": favours,
            "summaries": tuple(float(inputs[k].face) for k in ("m1", "s1", "m2", "s2"))}
    return _diagnose(outs, diag, (Msg.of("note.diagnosis", items=Join("sep.semicolon", tuple(said))),))


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
    return _diagnose(outs, diag, (Msg.of("note.diagnosis_2x2", df=_df_text(rng)),))
