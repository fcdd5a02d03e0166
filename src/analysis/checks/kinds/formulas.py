"""How each kind of check shows its formula with the printed inputs substituted.

A trail (:mod:`analysis.results.trail`) shows, for one judged number, the
formula of its kind twice: with the kind's input names, and with the printed
inputs in their place and the result at face value, e.g.
``100 × (1792 − 1331) / 1331 = 34.64``. Each kind registers its way of doing
so with :func:`analysis.checks.engine.shows`; every kind of the ledger has one
(``tests/checks/kinds/test_formulas.py``). Formulas are mathematics, the same
in every language: ``×``, ``−``, ``√``, ``∧`` (and), ``∨`` (or), ``¬`` (not);
in a claim of several comparisons each is marked ✓ where it holds for the
printed values and ✗ where it does not. A printed input is shown as printed,
without thousands separators (``94,203`` as ``94203``); a sum of printed parts
in parentheses; a bound or an approximation as printed (``(<0.001)``).

>>> from analysis.checks.engine import Operand, Options, evaluate, formula_of
>>> ins = {"before": Operand.of("1331", exact=True), "after": Operand.of("1792", exact=True)}
>>> o, = evaluate("growth", ins, {"target": "24.64"}, Options())
>>> f = formula_of("growth", ins, {"target": "24.64"}, o, Options())
>>> f.symbolic, f.values
('100 × (after − before) / before', '100 × (1792 − 1331) / 1331 = 34.64')
"""
from __future__ import annotations

import ast
import math
from fractions import Fraction
from typing import Any, Mapping

from analysis.checks.engine import Formula, Operand, Options, Outcome, num, shows
from analysis.checks.kinds.claims import evaluate_predicate
from analysis.checks.kinds.pvalues import normalise_statistic, parse_table
from analysis.core.rounding import RULES, format_fixed, parse_printed, to_fraction
from analysis.stats import counts, inference

__all__ = ["term", "operand_term", "result", "p_text", "predicate_text"]

MINUS, TIMES = "−", "×"


def _minus(text: str) -> str:
    return text.replace("-", MINUS)


def term(text: str) -> str:
    """A printed number as a term of a formula.

    >>> term("94,203"), term("-5.536"), term("<0.001"), term(".06"), term("~40")
    ('94203', '(−5.536)', '(<0.001)', '0.06', '(~40)')
    """
    p = parse_printed(text)
    body = f"{abs(p.value):f}"
    if p.operator in ("<", ">", "~"):
        return f"({p.operator}{MINUS if p.value < 0 else ''}{body})"
    return f"({MINUS}{body})" if p.value < 0 else body


def operand_term(op: Operand) -> str:
    """An input: one printed number, or a sum of printed parts in parentheses.

    >>> operand_term(Operand.of("147", "359"))
    '(147 + 359)'
    """
    if len(op.texts) == 1:
        return term(op.texts[0])
    return "(" + " + ".join(term(t) for t in op.texts) + ")"


def result(value: Any, printed: str, opts: Options) -> str:
    """A recomputed value to the printed number's decimals (two at least for an "about x"), under the run's rule.

    >>> result(Fraction(46100, 1331), "24.64", Options()), result(-11.85, "11.85", Options())
    ('34.64', '−11.85')
    """
    p = parse_printed(printed)
    decimals = max(p.decimals, 2) if p.operator == "~" else p.decimals
    rule = opts.rounding if opts.rounding in RULES else "half_up"
    return _minus(format_fixed(to_fraction(value), decimals, rule))


def p_text(p: float, decimals: int = 3) -> str:
    """A recomputed p: three significant digits below 0.1, else the printed decimals (three at least).

    >>> p_text(0.0016412), p_text(5.687e-59), p_text(0.86002), p_text(1.0, 2)
    ('0.00164', '5.69e−59', '0.860', '1.000')
    """
    p = float(p)
    return _minus(f"{p:#.3g}") if p < 0.1 else format_fixed(to_fraction(p), max(decimals, 3))


def _equals(values: str, outcome: Outcome, printed: str, opts: Options) -> str:
    if outcome.recomputed is None:
        return values
    shown = p_text(outcome.recomputed, parse_printed(printed).decimals) if outcome.target == "p" else \
        result(outcome.recomputed, printed, opts)
    return f"{values} = {shown}"


def _template(tpl: str):
    """A show from a template with the input names as fields."""
    def show(inputs: Mapping[str, Operand], targets: Mapping[str, str], options: Mapping[str, str],
             outcome: Outcome, opts: Options) -> Formula:
        names = {n: n for n in inputs}
        values = tpl.format(**{n: operand_term(op) for n, op in inputs.items()})
        return Formula(tpl.format(**names), _equals(values, outcome, targets["target"], opts))
    return show


for _name, _tpl in {"growth": "100 × ({after} − {before}) / {before}",
                    "decline": "100 × ({before} − {after}) / {before}",
                    "share": "100 × {part} / {whole}",
                    "ratio": "100 × {numerator} / {denominator}",
                    "difference": "{b} − {a}"}.items():
    shows(_name)(_template(_tpl))


@shows("sum", "restated")
def _parts(inputs, targets, options, outcome, opts) -> Formula:
    name = "parts" if "parts" in inputs else "value"
    op = inputs[name]
    if len(op.texts) == 1:
        return Formula(name, term(op.texts[0]))
    symbolic = " + ".join(f"{name}{i}" for i in range(1, len(op.texts) + 1))
    return Formula(symbolic, _equals(" + ".join(term(t) for t in op.texts), outcome, targets["target"], opts))


@shows("relative_change")
def _relative_change(inputs, targets, options, outcome, opts) -> Formula:
    symbolic = "100 × |b − a| / a"
    if all(k in inputs for k in ("a_part", "a_whole", "b_part", "b_whole")):
        a, b = (f"(100 × {operand_term(inputs[x + '_part'])} / {operand_term(inputs[x + '_whole'])})" for x in "ab")
        symbolic += ", a = 100 × a_part / a_whole, b = 100 × b_part / b_whole"
    else:
        a, b = operand_term(inputs["a"]), operand_term(inputs["b"])
    return Formula(symbolic, _equals(f"100 × |{b} − {a}| / {a}", outcome, targets["target"], opts))


# ------------------------------------------------------------------ tests

_STUDENT = "({m1} − {m2}) / √((({n1} − 1) × {s1}² + ({n2} − 1) × {s2}²) / ({n1} + {n2} − 2) × (1/{n1} + 1/{n2}))"
_WELCH = "({m1} − {m2}) / √({s1}²/{n1} + {s2}²/{n2})"


def _tail(stat: str, df: str, value: str, tails: int = 2) -> str:
    """The p of a statistic: ``2 × P(T(747) > |1.332|)``."""
    if stat in ("chi2", "F"):
        dist = "χ²" if stat == "chi2" else "F"
        return f"P({dist}({df}) > {value})"
    dist = "Z" if stat == "z" else f"T({df})"
    return ("2 × " if tails == 2 else "") + f"P({dist} > |{value}|)"


@shows("t_from_summaries")
def _t(inputs, targets, options, outcome, opts) -> Formula:
    student = opts.t_test == "student"
    tpl = _STUDENT if student else _WELCH
    names = ("m1", "s1", "n1", "m2", "s2", "n2")
    face = inference.ttest_from_summary(*(float(inputs[k].face) if k[0] != "n" else int(inputs[k].face)
                                          for k in names), equal_var=student)
    df = num(face.df)
    if outcome.part == "statistic":
        values = "t = " + tpl.format(**{k: operand_term(inputs[k]) for k in names})
        return Formula("t = " + tpl.format(**{k: k for k in names}),
                       _equals(values, outcome, targets["statistic"], opts))
    df_sym = "n1 + n2 − 2" if student else "ν"
    welch = "" if student else ", ν = (s1²/n1 + s2²/n2)² / ((s1²/n1)²/(n1 − 1) + (s2²/n2)²/(n2 − 1))"
    if outcome.part == "p_implied":
        return Formula(f"p = {_tail('t', df_sym, 'statistic')}{welch}",
                       _equals(f"p = {_tail('t', df, term(targets['statistic']))}", outcome, targets["p"], opts))
    t = result(face.statistic, targets["statistic"], opts)
    return Formula(f"p = {_tail('t', df_sym, 't')}{welch}",
                   _equals(f"p = {_tail('t', df, t)}", outcome, targets["p"], opts))


@shows("chi2_from_counts")
def _chi2_counts(inputs, targets, options, outcome, opts) -> Formula:
    a, b, c, d = (int(inputs[k].face) for k in "abcd")
    pearson, yates = inference.chi2_2x2(a, b, c, d), inference.chi2_2x2(a, b, c, d, correction=True)
    value = float(outcome.recomputed) if outcome.recomputed is not None else math.nan
    chosen = yates if value in (yates.statistic, yates.p) and value not in (pearson.statistic, pearson.p) else pearson
    if outcome.part == "statistic":
        dev = "(|a × d − b × c| − N/2)²" if chosen is yates else "(a × d − b × c)²"
        symbolic = f"χ² = N × {dev} / ((a + b) × (c + d) × (a + c) × (b + d)), N = a + b + c + d"
        dev_v = (f"(|{a} × {d} − {b} × {c}| − {a + b + c + d}/2)²" if chosen is yates
                 else f"({a} × {d} − {b} × {c})²")
        values = f"χ² = {a + b + c + d} × {dev_v} / (({a} + {b}) × ({c} + {d}) × ({a} + {c}) × ({b} + {d}))"
        return Formula(symbolic, _equals(values, outcome, targets["statistic"], opts))
    if outcome.part == "p_implied":
        return Formula(f"p = {_tail('chi2', '1', 'statistic')}",
                       _equals(f"p = {_tail('chi2', '1', term(targets['statistic']))}", outcome, targets["p"], opts))
    stat = result(chosen.statistic, targets["statistic"], opts)
    return Formula(f"p = {_tail('chi2', '1', 'χ²')}", _equals(f"p = {_tail('chi2', '1', stat)}", outcome, targets["p"], opts))


@shows("chi2_table")
def _chi2_table(inputs, targets, options, outcome, opts) -> Formula:
    table = parse_table(options.get("table", ""))
    res = inference.chi2_table(table, correction=False)
    shape, df = f"({len(table)} − 1) × ({len(table[0])} − 1)", num(res.df)
    if outcome.part == "statistic":
        rows = "; ".join(" ".join(str(x) for x in r) for r in table)
        stat = result(outcome.recomputed, targets["statistic"], opts)
        return Formula("χ² = Σ (O − E)² / E, E = R_i × C_j / N, df = (r − 1) × (c − 1)",
                       f"χ² = Σ (O − E)² / E over [{rows}] = {stat}, df = {shape} = {df}")
    shown = term(targets["statistic"]) if outcome.part == "p_implied" else result(res.statistic, targets["statistic"], opts)
    sym = "statistic" if outcome.part == "p_implied" else "χ²"
    return Formula(f"p = {_tail('chi2', '(r − 1) × (c − 1)', sym)}",
                   _equals(f"p = {_tail('chi2', df, shown)}", outcome, targets["p"], opts))


@shows("p_from_statistic")
def _p_from_statistic(inputs, targets, options, outcome, opts) -> Formula:
    stat = normalise_statistic(options.get("statistic", ""))
    tails = int(float(str(options.get("tails") or "2").strip()))
    df1, df2 = (inputs[k].texts[0] if k in inputs and inputs[k].texts != ("",) else None for k in ("df1", "df2"))
    if stat in ("t", "r") and df2 is None:
        df1, df2 = None, df1
    if stat == "chi2" and df1 is None:
        df1, df2 = df2, None
    value = term(inputs["value"].texts[0])
    df_sym = {"t": "df2", "r": "df2", "F": "df1, df2", "chi2": "df1", "z": ""}[stat]
    df_val = {"t": df2, "r": df2, "F": f"{df1}, {df2}", "chi2": df1, "z": ""}[stat]
    if stat == "r":
        sym = _tail("t", df_sym, f"r × √({df_sym} / (1 − r²))", tails)
        val = _tail("t", df_val, f"{value} × √({df_val} / (1 − {value}²))", tails)
    else:
        name = {"t": "t", "F": "F", "chi2": "χ²", "z": "z"}[stat]
        sym, val = _tail(stat, df_sym, name, tails), _tail(stat, df_val, value, tails)
    return Formula(f"p = {sym}", _equals(f"p = {val}", outcome, targets["p"], opts))


# ------------------------------------------------------------------ granularity

@shows("grim")
def _grim(inputs, targets, options, outcome, opts) -> Formula:
    printed = parse_printed(targets["target"])
    items = int(inputs["items"].face) if "items" in inputs else 1
    flag = str(options.get("percent") or "").strip().lower()
    percent = flag in ("true", "t", "yes", "y", "1") if flag else "items" not in inputs
    scale = 100 if percent else 1
    symbolic = "100 × k / n" if percent else ("k / (n × items)" if items > 1 else "k / n")
    shown = []
    for alt in inputs["n"].alternatives:
        n = int(alt.face)
        total = n * items
        v = Fraction(printed.value) * Fraction(total, scale)
        ks = sorted({math.floor(v), math.ceil(v)})
        den = f"({n} × {items})" if items > 1 else str(n)
        shown.append(", ".join(f"{'100 × ' if percent else ''}{k} / {den} = "
                               f"{format_fixed(Fraction(scale * k, total), printed.decimals + 2)}" for k in ks))
    return Formula(symbolic + ", k ∈ ℕ", "; ".join(shown))


def _whole_n(inputs: Mapping[str, Operand]) -> tuple[int, int]:
    return int(inputs["n"].face), int(inputs["items"].face) if "items" in inputs else 1


@shows("grimmer")
def _grimmer(inputs, targets, options, outcome, opts) -> Formula:
    n, items = _whole_n(inputs)
    den = f"({n} × {items})" if items > 1 else str(n)
    if outcome.part == "mean":
        k = round(Fraction(outcome.recomputed) * n * items)
        return Formula("K / (n × items), K ∈ ℕ" if items > 1 else "K / n, K ∈ ℕ",
                       _equals(f"{k} / {den}", outcome, targets["mean"], opts))
    scale = f"({items}² × ({n} − 1))" if items > 1 else f"({n} − 1)"
    symbolic = f"SD = √((Q − K²/n) / {'(items² × (n − 1))' if items > 1 else '(n − 1)'}), K, Q ∈ ℕ"
    if outcome.recomputed is None:
        return Formula(symbolic, f"SD = √((Q − K²/{n}) / {scale})")
    mean = parse_printed(targets["mean"])
    sd = float(outcome.recomputed)
    best = None
    for k in counts.whole_numbers_near(mean.value, Fraction(1, 10 ** mean.decimals), n * items):
        q = items * items * (n - 1) * sd * sd + k * k / n
        gap = (abs(q - round(q)), round(q) % 2 != k % 2)
        if best is None or gap < best[0]:
            best = (gap, k, round(q))
    _, k, q = best
    return Formula(symbolic, _equals(f"SD = √(({q} − {k}²/{n}) / {scale})", outcome, targets["sd"], opts))


@shows("debit")
def _debit(inputs, targets, options, outcome, opts) -> Formula:
    n = int(inputs["n"].face)
    if outcome.part == "mean":
        k = round(Fraction(outcome.recomputed) * n)
        return Formula("k / n, k ∈ ℕ", _equals(f"{k} / {n}", outcome, targets["mean"], opts))
    mean = float(parse_printed(targets["mean"]).value)
    sd = float(outcome.recomputed)
    k = min(range(n + 1), key=lambda k: (abs(counts.binary_sd(k, n) - sd), abs(k / n - mean)))
    values = f"SD = √({n} / ({n} − 1) × {k}/{n} × (1 − {k}/{n}))"
    return Formula("SD = √(n / (n − 1) × k/n × (1 − k/n)), k ∈ ℕ", _equals(values, outcome, targets["sd"], opts))


# ------------------------------------------------------------------ claims

_CMP = {ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">", ast.GtE: "≥", ast.Eq: "=", ast.NotEq: "≠"}
_BIN = {ast.Add: ("+", 1), ast.Sub: (MINUS, 1), ast.Mult: (TIMES, 2), ast.Div: ("/", 2)}


def predicate_text(predicate: str, name_of: Mapping[str, str] | None = None,
                   env: Mapping[str, Fraction] | None = None) -> str:
    """A claim's predicate in readable form, names replaced by ``name_of``; with ``env`` (the printed values)
    each comparison of a predicate of several is marked ✓ (holds) or ✗ (does not).

    >>> predicate_text("all([a > b, p < 0.05])")
    'a > b ∧ p < 0.05'
    >>> predicate_text("a > b and not c <= 2", {"a": "5", "b": "(1 + 2)", "c": "3"},
    ...                {"a": Fraction(5), "b": Fraction(3), "c": Fraction(3)})
    '5 > (1 + 2) ✓ ∧ ¬(3 ≤ 2 ✗)'
    >>> predicate_text("abs(b - a) / a >= 0.1")
    '|b − a| / a ≥ 0.1'
    """
    tree = ast.parse(predicate, mode="eval")
    several = sum(isinstance(n, ast.Compare) for n in ast.walk(tree)) > 1
    names = dict(name_of or {})

    def show(node: ast.AST, parent_prec: int = 0, right: bool = False) -> str:
        if isinstance(node, ast.Constant):
            return _minus(str(node.value))
        if isinstance(node, ast.Name):
            return names.get(node.id, node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
            sym, prec = _BIN[type(node.op)]
            text = f"{show(node.left, prec)} {sym} {show(node.right, prec, True)}"
            return f"({text})" if prec < parent_prec or (right and prec == parent_prec) else text
        if isinstance(node, ast.UnaryOp):
            inner = show(node.operand, 3)
            return f"{MINUS}{inner}" if isinstance(node.op, ast.USub) else f"¬({show(node.operand)})"
        if isinstance(node, ast.BoolOp):
            join = " ∧ " if isinstance(node.op, ast.And) else " ∨ "
            return join.join(_group(v) for v in node.values)
        if isinstance(node, ast.Compare):
            parts = [show(node.left)] + [f"{_CMP[type(op)]} {show(c)}" for op, c in zip(node.ops, node.comparators)]
            text = " ".join(parts)
            if env is not None and several:
                text += " ✓" if evaluate_predicate(ast.unparse(node), env) else " ✗"
            return text
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = node.args[0].elts if len(node.args) == 1 and isinstance(node.args[0], (ast.List, ast.Tuple)) \
                else node.args
            if node.func.id in ("all", "any"):
                return (" ∧ " if node.func.id == "all" else " ∨ ").join(_group(a) for a in args)
            if node.func.id == "abs":
                return f"|{show(args[0])}|"
            return f"{node.func.id}({', '.join(show(a) for a in args)})"
        if isinstance(node, (ast.List, ast.Tuple)):
            return "[" + ", ".join(show(e) for e in node.elts) + "]"
        return ast.unparse(node)

    def _group(node: ast.AST) -> str:
        text = show(node)
        nested = isinstance(node, ast.BoolOp) or (isinstance(node, ast.Call) and getattr(node.func, "id", "")
                                                   in ("all", "any"))
        return f"({text})" if nested else text

    return show(tree.body)


@shows("claim")
def _claim(inputs, targets, options, outcome, opts) -> Formula:
    predicate = options.get("predicate", "")
    env = {name: Fraction(parse_printed(op.texts[0]).value) if len(op.texts) == 1 else op.face
           for name, op in inputs.items()}
    name_of = {name: operand_term(op) for name, op in inputs.items()}
    if targets.get("target"):
        env.setdefault("target", Fraction(parse_printed(targets["target"]).value))
        name_of.setdefault("target", term(targets["target"]))
    return Formula(predicate_text(predicate), predicate_text(predicate, name_of, env))


@shows("units")
def _units(inputs, targets, options, outcome, opts) -> Formula:
    pu, wu = (options.get(k, "").replace("_", "-") for k in ("part_unit", "whole_unit"))
    sign = "=" if pu == wu else "≠"
    return Formula("unit(part) = unit(whole)",
                   f"{pu} ({operand_term(inputs['part'])}) {sign} {wu} ({operand_term(inputs['whole'])})")


@shows("per_capita")
def _per_capita(inputs, targets, options, outcome, opts) -> Formula:
    x1, n1, x2, n2 = (int(inputs[k].face) for k in ("x1", "n1", "x2", "n2"))
    r = inference.rate_test(x1, n1, x2, n2)
    t = {k: operand_term(inputs[k]) for k in ("x1", "n1", "x2", "n2")}
    return Formula("(x2 / n2) / (x1 / n1) > 1",
                   f"({t['x2']} / {t['n2']}) / ({t['x1']} / {t['n1']}) = {r.ratio:.2f} "
                   f"[95% CI {r.low:.2f}, {r.high:.2f}]")
