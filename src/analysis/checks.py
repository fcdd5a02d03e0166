"""Check specifications and the consistency ledger.

A study's check specification (``data/checks/<study>.csv``) says, one row per
derivation, which printed number can be recomputed from which other printed
numbers. This module runs them and writes one ledger row per checked printed
number. The template notebook and the Makefile both call :func:`run_checks`,
so the rendered report and ``tables/consistency_ledger.csv`` cannot disagree.

Kinds and their named targets and inputs:

=================  ===================  ===============================
kind               targets              inputs
=================  ===================  ===============================
growth             target               before, after
decline            target               before, after (printed as a positive fall)
share              target               part, whole (part <= whole)
ratio              target               numerator, denominator (any size)
sum                target               parts
difference         target               a, b (b - a, e.g. percentage points)
relative_change    target               a, b (two printed percentages)
grim               target               n (candidate denominators, ``|``)
ttest              statistic, p         m1, s1, n1, m2, s2, n2
chi2               statistic, p         a, b, c, d (2x2, rows = groups)
rate               (none: re-analysis)  x1, t1, x2, t2
implied_total      (none: derived)      count, rate
total              (none: derived)      parts
implied_base_rate  (none: derived)      rate, change
=================  ===================  ===============================

An input may sum several references (``ref+ref``); ``grim`` takes
alternatives (``ref|ref``). Counts are exact; every other printed input is an
interval of half a unit of its last decimal, and a recomputation spans the
range its inputs allow. Derived kinds produce values the source implies but
does not print; they are reported apart from the ledger.

>>> sorted(KINDS)[:6]
['chi2', 'decline', 'difference', 'grim', 'growth', 'implied_base_rate']
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import pandas as pd

from . import counts, effects, inference
from .datapackage import Cell, Study
from .errors import InputError
from .rounding import compare, format_fixed, parse_printed

__all__ = [
    "KINDS", "DERIVED_KINDS", "LEDGER_COLUMNS", "EFFECT_COLUMNS", "DERIVED_COLUMNS", "Spec", "parse_spec_row",
    "run_checks", "reanalysis", "derived", "coverage", "digit_slip", "significant",
]

KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "growth": (("target",), ("before", "after")),
    "share": (("target",), ("part", "whole")),
    "sum": (("target",), ("parts",)),
    "relative_change": (("target",), ("a", "b")),
    "ttest": (("statistic", "p"), ("m1", "s1", "n1", "m2", "s2", "n2")),
    "chi2": (("statistic", "p"), ("a", "b", "c", "d")),
    "rate": ((), ("x1", "t1", "x2", "t2")),
    "ratio": (("target",), ("numerator", "denominator")),
    "decline": (("target",), ("before", "after")),
    "difference": (("target",), ("a", "b")),
    "grim": (("target",), ("n",)),
    "implied_total": ((), ("count", "rate")),
    "total": ((), ("parts",)),
    "implied_base_rate": ((), ("rate", "change")),
}
DERIVED_KINDS = ("implied_total", "total", "implied_base_rate")
REANALYSIS_KINDS = ("rate",)
LEDGER_COLUMNS = ["study", "table", "row", "column", "quantity", "reported", "decimals", "recomputed",
                  "low", "high", "rule", "verdict", "note", "check_id", "kind", "label", "ref", "source"]
DERIVED_COLUMNS = ["study", "table", "check_id", "label", "quantity", "value", "low", "high", "formula", "inputs",
                   "note"]
EFFECT_COLUMNS = ["study", "table", "check_id", "comparison", "measure", "first", "second",
                  "estimate", "low", "high", "note"]


@dataclass(frozen=True)
class Spec:
    """A parsed row of a check specification."""

    check_id: str
    kind: str
    targets: dict[str, Cell]
    inputs: dict[str, tuple[Cell, ...]]
    note: str


def _pairs(text: str, *, file: str, row: int, column: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        name, sep, refs = part.partition("=")
        if not sep or not refs.strip():
            raise InputError(f"expected name=ref, got {part!r}", file=file, row=row, column=column)
        out[name.strip()] = [r.strip() for r in refs.replace("|", "+").split("+")]
    return out


def parse_spec_row(study: Study, rec: dict, *, file: str, row: int) -> Spec:
    """Parse and check one specification row; bad references are an InputError.

    Parameters
    ----------
    study : Study
        The study whose cells the references point into.
    rec : dict
        The row (``check_id, kind, targets, inputs, note``).
    file : str
        Specification file, for messages.
    row : int
        1-based data row, for messages.
    """
    kind = rec.get("kind", "")
    if kind not in KINDS:
        raise InputError(f"unknown check kind {kind!r}; expected one of {sorted(KINDS)}",
                         file=file, row=row, column="kind")
    want_t, want_i = KINDS[kind]
    resolved: dict[str, dict] = {}
    for column, want in (("targets", want_t), ("inputs", want_i)):
        pairs = _pairs(rec.get(column, ""), file=file, row=row, column=column)
        if set(pairs) != set(want):
            raise InputError(f"{kind} needs {column} {sorted(want)}, got {sorted(pairs)}",
                             file=file, row=row, column=column)
        cells = {}
        for name, refs in pairs.items():
            try:
                cells[name] = tuple(study.cell(r) for r in refs)
            except KeyError as exc:
                raise InputError(f"bad reference: {exc.args[0]}", file=file, row=row, column=column) from None
            for c in cells[name]:
                if column == "inputs" and c.text == "":
                    raise InputError(f"input {c.ref} is empty", file=file, row=row, column=column)
                if c.text:
                    c.value  # noqa: B018 - raises InputError naming the data cell if not a number
        if column == "targets" and any(len(v) != 1 for v in cells.values()):
            raise InputError("a target is a single reference", file=file, row=row, column=column)
        resolved[column] = cells
    targets = {k: v[0] for k, v in resolved["targets"].items()}
    spec = Spec(rec["check_id"], kind, targets, resolved["inputs"], rec.get("note", "") or "")
    if kind == "share":
        part, whole = _value(spec, "part"), _value(spec, "whole")
        if part[0] > whole[0]:
            c = spec.inputs["part"][0]
            raise InputError(f"count {c.text} is larger than its total {whole[0]} ({spec.check_id})",
                             file=c.file, row=c.line - 1, column=c.field)
    return spec


def _value(spec: Spec, name: str) -> tuple[Fraction, Fraction, Fraction]:
    """Face value and interval of a (possibly summed) input."""
    cells = spec.inputs[name]
    v = sum((c.value for c in cells), Fraction(0))
    lo = sum((c.interval()[0] for c in cells), Fraction(0))
    hi = sum((c.interval()[1] for c in cells), Fraction(0))
    return v, lo, hi


def _span(func: Callable[..., float | Fraction], args: dict[str, tuple]) -> tuple:
    """Value of ``func`` at face values and its range over the corners of the input box.

    Exact for functions monotone in each argument (all the derivations here).
    """
    face = func(**{k: v[0] for k, v in args.items()})
    names = list(args)
    options = [sorted({args[k][1], args[k][2]}) for k in names]
    values = [func(**dict(zip(names, combo))) for combo in itertools.product(*options)]
    return face, min(values), max(values)


def significant(p_text: str, alpha: float) -> bool:
    """Decision at ``alpha`` from a printed p (``"<0.001"`` counts as below its bound).

    >>> significant("<0.001", 0.05), significant("0.058", 0.05), significant("0.05", 0.05)
    (True, False, False)
    """
    p = parse_printed(p_text)
    if p.operator == "<":
        return float(p.value) <= alpha
    return float(p.value) < alpha


def digit_slip(printed: str, recomputed: str) -> str:
    """Name a typesetting slip between two numbers printed alike, if there is one.

    >>> digit_slip("24.64", "34.64")
    'one digit differs (24.64 printed, 34.64 recomputed)'
    >>> digit_slip("437", "473")
    'two adjacent digits transposed (437 printed, 473 recomputed)'
    >>> digit_slip("1.913", "4.545")
    ''
    """
    a, b = printed.lstrip("-"), recomputed.lstrip("-")
    if len(a) != len(b) or a == b:
        return ""
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    if len(diff) == 1:
        return f"one digit differs ({printed} printed, {recomputed} recomputed)"
    if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
        return f"two adjacent digits transposed ({printed} printed, {recomputed} recomputed)"
    return ""


def _num(x: float | Fraction | None) -> str:
    if x is None:
        return ""
    x = float(x)
    return f"{x:.6g}" if abs(x) >= 1e-4 or x == 0 else f"{x:.3e}"


def _row(study: Study, cell: Cell, spec: Spec, quantity: str, recomputed, low, high, rule: str,
         conclusion_changed: bool = False, note: str = "", recomputed_text: str | None = None) -> dict:
    p = parse_printed(cell.text)
    cmp = compare(p, recomputed, low, high, rule=rule, conclusion_changed=conclusion_changed)
    notes = [n for n in (cmp.note, note) if n]
    if cmp.verdict.startswith("inconsistent") and p.operator == "=" and not quantity.startswith("p ") \
            and "GRIM" not in quantity:
        slip = digit_slip(cell.text, format_fixed(recomputed, p.decimals, rule))
        if slip:
            notes.append(slip)
    if cmp.verdict == "inconsistent_conclusion":
        notes.append("the significance decision differs")
    return {
        "study": study.id, "table": cell.table, "row": cell.row, "column": cell.column,
        "quantity": quantity, "reported": cell.text, "decimals": p.decimals,
        "recomputed": recomputed_text or _num(recomputed), "low": _num(cmp.low), "high": _num(cmp.high),
        "rule": cmp.rule, "verdict": cmp.verdict, "note": "; ".join(notes),
        "check_id": spec.check_id, "kind": spec.kind, "label": cell.label, "ref": cell.ref,
        "source": f"{cell.file}:{cell.line}",
    }


_FORMULAS = {
    "growth": ("growth rate (%)", lambda before, after: counts.growth_rate(before, after)),
    "decline": ("decline (%)", lambda before, after: -counts.growth_rate(before, after)),
    "share": ("share (%)", lambda part, whole: counts.share(part, whole)),
    "ratio": ("ratio (%)", lambda numerator, denominator: counts.ratio(numerator, denominator)),
}


def _check_formula(study, spec, rule, alpha, t_test):
    """Kinds that are one formula of their inputs: growth, decline, share, ratio."""
    quantity, func = _FORMULAS[spec.kind]
    args = {k: _value(spec, k) for k in KINDS[spec.kind][1]}
    try:
        face, lo, hi = _span(func, args)
    except ValueError as exc:  # e.g. a base of 0: the printed number cannot be derived
        return [_note_only(study, spec, str(exc))]
    return [_row(study, spec.targets["target"], spec, quantity, face, lo, hi, rule, note=spec.note)]


def _check_difference(study, spec, rule, alpha, t_test):
    a, b = _value(spec, "a"), _value(spec, "b")
    face, lo, hi = _span(lambda a, b: b - a, {"a": a, "b": b})
    target = spec.targets["target"]
    note = spec.note
    if compare(target.text, face, lo, hi, rule=rule).verdict.startswith("inconsistent") and a[0] != 0:
        rel = _span(lambda a, b: abs(counts.read_change(a, b).relative), {"a": a, "b": b})
        if compare(target.text, *rel, rule=rule).verdict == "consistent":
            note = "; ".join(filter(None, [f"relative change printed as a percentage-point difference: "
                                           f"relative {_num(rel[0])}%, points {_num(face)}", note]))
    return [_row(study, target, spec, "difference (b - a)", face, lo, hi, rule, note=note)]


def _check_grim(study, spec, rule, alpha, t_test):
    target = spec.targets["target"]
    printed = parse_printed(target.text)
    found, notes, best = [], [], None
    for cell in spec.inputs["n"]:
        n = int(cell.value)
        for cand in counts.grim_candidates(printed.value, n):
            ok = compare(printed, cand, rule=rule).verdict.startswith("consistent")
            k = cand * n / 100
            notes.append(f"{k}/{n} = {_num(cand)}%" + (" reproduces" if ok else ""))
            if ok:
                found.append(cand)
            if best is None or abs(cand - Fraction(printed.value)) < abs(best - Fraction(printed.value)):
                best = cand
    value = found[0] if found else best
    note = "GRIM: no whole number of people out of the candidate denominators gives the printed percentage" \
        if not found else "GRIM: a whole number of people gives the printed percentage"
    return [_row(study, target, spec, "percentage of whole people (GRIM)", value, None, None, rule,
                 note="; ".join(filter(None, [note, ", ".join(notes), spec.note])))]


def _check_sum(study, spec, rule, alpha, t_test):
    total, lo, hi = _value(spec, "parts")
    target = spec.targets["target"]
    note = f"parts add to {_num(total)}, printed total {target.text}"
    return [_row(study, target, spec, "sum of subgroups", total, lo, hi, rule,
                 note="; ".join(filter(None, [note, spec.note])))]


def _check_relative_change(study, spec, rule, alpha, t_test):
    a, b = _value(spec, "a"), _value(spec, "b")
    rel = _span(lambda a, b: abs(counts.read_change(a, b).relative), {"a": a, "b": b})
    pts = _span(lambda a, b: abs(counts.read_change(a, b).points), {"a": a, "b": b})
    target = spec.targets["target"]
    as_points = compare(target.text, *pts, rule=rule).verdict == "consistent"
    note = (f"percentage-point difference printed as a percent change: |b - a| = {_num(pts[0])} points, "
            f"relative change {_num(rel[0])}%") if as_points else f"percentage-point difference {_num(pts[0])}"
    return [_row(study, target, spec, "relative change (%)", rel[0], rel[1], rel[2], rule,
                 note="; ".join(filter(None, [note, spec.note])))]


def _test_rows(study, spec, rule, alpha, quantity, stat_face, stat_lo, stat_hi, p_face, p_lo, p_hi,
               df, stat_kind, note):
    stat_cell, p_cell = spec.targets["statistic"], spec.targets["p"]
    printed_sig = significant(p_cell.text, alpha)
    changed = printed_sig != (p_face < alpha)
    rows = []
    stat_row = _row(study, stat_cell, spec, quantity, stat_face, stat_lo, stat_hi, rule,
                    conclusion_changed=changed, note=note)
    if stat_row["verdict"].startswith("inconsistent") and stat_kind == "t":
        flipped = compare(stat_cell.text, -stat_face, -stat_hi, -stat_lo, rule=rule)
        if flipped.verdict.startswith("consistent"):
            stat_row.update(verdict=flipped.verdict, rule=flipped.rule,
                            note=stat_row["note"] + "; sign opposite to the group order")
    rows.append(stat_row)
    rows.append(_row(study, p_cell, spec, f"p (two-sided) from the recomputed {stat_kind}", p_face, p_lo, p_hi,
                     rule, conclusion_changed=changed, note=note))
    printed = parse_printed(stat_cell.text)
    s_lo, s_hi = [float(x) for x in (stat_cell.interval())]
    internal = inference.p_from_statistic(float(printed.value), df, stat_kind)
    i_lo, i_hi = inference.p_range_from_statistic(s_lo, s_hi, df, stat_kind)
    rows.append(_row(study, p_cell, spec, f"p implied by the printed {stat_kind} (df={_num(df)})", internal, i_lo,
                     i_hi, rule, conclusion_changed=printed_sig != (internal < alpha),
                     note="internal consistency of the printed statistic and its printed p"))
    return rows


def _check_ttest(study, spec, rule, alpha, t_test):
    equal_var = t_test == "student"
    args = {k: tuple(float(x) for x in _value(spec, k)) for k in KINDS["ttest"][1]}
    n1, n2 = int(args["n1"][0]), int(args["n2"][0])
    rounded = {k: v for k, v in args.items() if not k.startswith("n")}

    def t_of(**kw):
        return inference.ttest_from_summary(kw["m1"], kw["s1"], n1, kw["m2"], kw["s2"], n2, equal_var).statistic

    def p_of(**kw):
        return inference.ttest_from_summary(kw["m1"], kw["s1"], n1, kw["m2"], kw["s2"], n2, equal_var).p

    face = inference.ttest_from_summary(args["m1"][0], args["s1"][0], n1, args["m2"][0], args["s2"][0], n2, equal_var)
    _, t_lo, t_hi = _span(t_of, rounded)
    _, p_lo, p_hi = _span(p_of, rounded)
    if t_lo <= 0 <= t_hi:
        p_hi = 1.0
    other = inference.ttest_from_summary(args["m1"][0], args["s1"][0], n1, args["m2"][0], args["s2"][0], n2,
                                         not equal_var)
    note = f"{face.method}, df={_num(face.df)}; {other.method} = {_num(other.statistic)}"
    return _test_rows(study, spec, rule, alpha, f"t ({face.method})", face.statistic, t_lo, t_hi,
                      face.p, p_lo, p_hi, face.df, "t", "; ".join(filter(None, [note, spec.note])))


def _check_chi2(study, spec, rule, alpha, t_test):
    a, b, c, d = (int(_value(spec, k)[0]) for k in "abcd")
    pearson = inference.chi2_2x2(a, b, c, d, correction=False)
    yates = inference.chi2_2x2(a, b, c, d, correction=True)
    stat_cell = spec.targets["statistic"]
    chosen = pearson
    if compare(stat_cell.text, pearson.statistic).verdict != "consistent" and \
            compare(stat_cell.text, yates.statistic).verdict == "consistent":
        chosen = yates
    fisher = inference.fisher_2x2(a, b, c, d)
    other = yates if chosen is pearson else pearson
    note = f"{chosen.method}; {other.method} = {_num(other.statistic)}; Fisher exact p = {_num(fisher.p)}"
    return _test_rows(study, spec, rule, alpha, f"chi-square ({chosen.method})", chosen.statistic,
                      chosen.statistic, chosen.statistic, chosen.p, chosen.p, chosen.p, 1.0, "chi2",
                      "; ".join(filter(None, [note, spec.note])))


def _note_only(study, spec, note):
    target = next(iter(spec.targets.values()))
    return {"study": study.id, "table": target.table, "row": target.row, "column": target.column,
            "quantity": spec.kind, "reported": target.text, "decimals": "", "recomputed": "", "low": "",
            "high": "", "rule": "", "verdict": "inconsistent", "note": note, "check_id": spec.check_id,
            "kind": spec.kind, "label": target.label, "ref": target.ref,
            "source": f"{target.file}:{target.line}"}


_RUNNERS = {**dict.fromkeys(_FORMULAS, _check_formula),
            "difference": _check_difference, "grim": _check_grim, "sum": _check_sum,
            "relative_change": _check_relative_change, "ttest": _check_ttest, "chi2": _check_chi2}


def _specs(study: Study) -> list[Spec]:
    if study.checks is None:
        return []
    file = f"data/checks/{study.id}.csv"
    return [parse_spec_row(study, rec, file=file, row=i) for i, rec in enumerate(study.checks.to_dict("records"), 1)]


def run_checks(study: Study, *, alpha: float = 0.05, rounding: str = "half_up",
               t_test: str = "student") -> pd.DataFrame:
    """Run every check of a study's specification; one ledger row per printed number.

    Parameters
    ----------
    study : Study
        A loaded study (:func:`analysis.datapackage.load_study`).
    alpha : float
        Significance level for the conclusion check.
    rounding : {"half_up", "half_even", "truncate"}
        Rounding rule assumed first.
    t_test : {"student", "welch"}
        Which two-sample t test the printed t is compared with.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`LEDGER_COLUMNS`, in specification order.
    """
    rows = []
    for spec in _specs(study):
        if spec.kind in _RUNNERS:
            rows.extend(_RUNNERS[spec.kind](study, spec, rounding, alpha, t_test))
    return pd.DataFrame(rows, columns=LEDGER_COLUMNS)


def reanalysis(study: Study, level: float = 0.95) -> pd.DataFrame:
    """Effect sizes with confidence intervals, second group versus first.

    ``ttest`` specifications give a Welch mean difference and Hedges' g,
    ``chi2`` a risk difference and ratio of the first column's share, and
    ``rate`` a rate ratio of events per unit of exposure.
    """
    rows = []
    for spec in _specs(study):
        if spec.kind not in ("ttest", "chi2", "rate"):
            continue
        v = {k: float(_value(spec, k)[0]) for k in KINDS[spec.kind][1]}
        first, second, found = _group_labels(spec)
        table = (next(iter(spec.targets.values())) if spec.targets else spec.inputs[KINDS[spec.kind][1][0]][0]).table
        base = {"study": study.id, "table": table, "check_id": spec.check_id, "first": first, "second": second}
        if spec.kind == "ttest":
            label = found
            for e in (effects.mean_difference(v["m2"], v["s2"], int(v["n2"]), v["m1"], v["s1"], int(v["n1"]), level),
                      effects.hedges_g(v["m2"], v["s2"], int(v["n2"]), v["m1"], v["s1"], int(v["n1"]), level)):
                rows.append({**base, "comparison": label, "measure": e.measure, "estimate": e.estimate,
                             "low": e.low, "high": e.high, "note": "second minus first"})
        elif spec.kind == "chi2":
            a, b, c, d = (int(v[k]) for k in "abcd")
            label = f"share {found}"
            for e in (effects.risk_difference(c, c + d, a, a + b, level), effects.risk_ratio(c, c + d, a, a + b, level)):
                rows.append({**base, "comparison": label, "measure": e.measure, "estimate": e.estimate,
                             "low": e.low, "high": e.high, "note": "second versus first"})
        elif spec.kind == "rate":
            e = effects.rate_ratio(int(v["x2"]), v["t2"], int(v["x1"]), v["t1"], level)
            label = spec.note or found
            rows.append({**base, "comparison": label, "measure": e.measure, "estimate": e.estimate,
                         "low": e.low, "high": e.high,
                         "note": f"{_num(v['x1'] / v['t1'] * 100)} vs {_num(v['x2'] / v['t2'] * 100)} per 100"})
    return pd.DataFrame(rows, columns=EFFECT_COLUMNS)


def derived(study: Study) -> pd.DataFrame:
    """Values the printed numbers imply but the source does not print.

    ``implied_total``: a count and the rate it is of imply the base,
    :math:`N = 100\\,x / r`; ``total``: counts add up to a total;
    ``implied_base_rate``: a rate and its printed change imply the earlier rate,
    read both ways, :math:`r / (1 + c/100)` (relative) and :math:`r - c`
    (percentage points). Ranges come from the rounding of the inputs.
    """
    rows = []
    for spec in _specs(study):
        if spec.kind not in DERIVED_KINDS:
            continue
        first = spec.inputs[KINDS[spec.kind][1][0]][0]
        refs = "; ".join(f"{k}=" + "+".join(c.ref for c in v) for k, v in spec.inputs.items())
        base = {"study": study.id, "table": first.table, "check_id": spec.check_id, "label": spec.note or first.label,
                "inputs": refs}
        if spec.kind == "implied_total":
            v, lo, hi = _span(lambda count, rate: 100 * count / rate,
                              {"count": _value(spec, "count"), "rate": _value(spec, "rate")})
            rows.append({**base, "quantity": "implied base (count / rate)", "value": v, "low": lo, "high": hi,
                         "formula": "100 * count / rate", "note": "derived, not printed"})
        elif spec.kind == "total":
            v, lo, hi = _value(spec, "parts")
            rows.append({**base, "quantity": "total of the parts", "value": v, "low": lo, "high": hi,
                         "formula": "sum of parts", "note": "derived, not printed"})
        else:
            args = {"rate": _value(spec, "rate"), "change": _value(spec, "change")}
            for q, f, formula in (
                    ("earlier rate if the change is relative", lambda rate, change: rate / (1 + change / 100),
                     "rate / (1 + change / 100)"),
                    ("earlier rate if the change is in percentage points", lambda rate, change: rate - change,
                     "rate - change")):
                v, lo, hi = _span(f, args)
                rows.append({**base, "quantity": q, "value": v, "low": lo, "high": hi, "formula": formula,
                             "note": "derived, not printed; the source does not say which reading it means"})
    out = pd.DataFrame(rows, columns=DERIVED_COLUMNS)
    for c in ("value", "low", "high"):
        out[c] = out[c].map(_num)
    return out


def coverage(study: Study, ledger: pd.DataFrame) -> dict[str, int]:
    """How many printed numbers the study has, how many are checked, used as inputs, or stand alone."""
    printed, used = set(), set()
    for res in study.resources.values():
        for f in res.fields:
            numeric = f.get("type") in ("number", "integer") or f.get("role") == "value"
            if f["name"] == res.key or not numeric or f.get("role") == "label":
                continue
            for key, text in zip(res.frame[res.key], res.frame[f["name"]]):
                if text.strip():
                    printed.add(f"{res.short}:{key}:{f['name']}")
    for spec in _specs(study):
        used.update(c.ref for cells in spec.inputs.values() for c in cells)
    checked = set(ledger["ref"])
    return {"printed": len(printed), "checked": len(printed & checked),
            "inputs_only": len((printed & used) - checked), "standalone": len(printed - used - checked)}


def _group_labels(spec: Spec) -> tuple[str, str, str]:
    """Labels of the two groups and of the variable, from the input cells."""
    names = KINDS[spec.kind][1]
    first = spec.inputs[names[0]][0]
    second = spec.inputs[names[-1 if spec.kind != "ttest" else 3]][0]
    if spec.kind == "chi2":
        second = spec.inputs["c"][0]
    if spec.kind == "rate":
        second = spec.inputs["x2"][0]
    return first.row, second.row, first.label
