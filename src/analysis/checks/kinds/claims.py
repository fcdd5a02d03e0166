"""Claims made in the text, checked as predicates over printed values.

A sentence of a source often makes a checkable claim: an ordering ("grew the
most"), a significance summary ("all P < 0.05"), a count that stands for an
enumeration, a number restated from a table. The check specification records
each in our own words with a pointer to its section, and states it as a
predicate over named printed values (kind ``claim``, any input names; option
``predicate``). The predicate is evaluated on the numbers *as printed* (a
bound such as ``<0.001`` at its bound): a claim is about what the source
printed. Comparisons are strict: ``p < 0.05`` is false for a printed 0.05.

Allowed in a predicate: numbers, the input names, ``+ - * /``, comparisons
(chains too), ``and or not``, and ``abs max min sum all any`` over names.

Option ``on_false`` names what a false predicate shows: a category of
:class:`~analysis.core.vocab.Category` (default ``unsupported_claim``), or
``undecidable`` where the predicate's failing neither supports nor
contradicts the claim (a reference dated after a search cutoff: a later paper
can be cited without coming from the search). An undecidable claim has the
verdict ``undecidable``, no category and no finding.

>>> from analysis.checks.engine import Operand, Options, evaluate
>>> ins = {"county": Operand.of("21.98"), "city": Operand.of("8.59")}
>>> o, = evaluate("claim", ins, {}, Options(), {"predicate": "county == max(county, city)"})
>>> o.verdict.value, o.recomputed_text
('consistent', 'true')
>>> o, = evaluate("claim", {"p": Operand.of("0.05")}, {}, Options(), {"predicate": "p < 0.05"})
>>> o.verdict.value, o.category.value
('inconsistent', 'unsupported_claim')
>>> o, = evaluate("claim", {"ref": Operand.of("2025"), "cutoff": Operand.of("2024")}, {}, Options(),
...               {"predicate": "ref <= cutoff", "on_false": "undecidable"})
>>> o.verdict.value, o.category, o.recomputed_text
('undecidable', None, 'undecided')
"""
from __future__ import annotations

import ast
import operator
from fractions import Fraction
from typing import Any, Mapping

from analysis.checks.engine import Operand, Options, Outcome, kind
from analysis.core.rounding import Comparison, Note, parse_printed
from analysis.core.vocab import Category, Verdict
from analysis.text.catalogue import Msg

__all__ = ["evaluate_predicate", "predicate_names", "UNDECIDABLE", "MAX_PREDICATE_LENGTH", "MAX_PREDICATE_DEPTH"]

UNDECIDABLE = "undecidable"
"""The ``on_false`` value of a claim whose false predicate decides nothing."""
MAX_PREDICATE_LENGTH = 20_000
"""Characters a predicate may have (the longest of the five sources' claims has about 900)."""
MAX_PREDICATE_DEPTH = 60
"""How deeply a predicate may nest: ``a + a + ... + a`` with 1,200 terms is 1,200 levels deep and ended in a
RecursionError; ``all([...])`` or ``sum([...])`` of many terms stays shallow."""

_BIN = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_CMP = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge,
        ast.Eq: operator.eq, ast.NotEq: operator.ne}
_FUNCS = {"abs": abs, "max": max, "min": min, "sum": sum, "all": all, "any": any}


def _eval(node: ast.AST, env: Mapping[str, Fraction]) -> Any:
    if isinstance(node, ast.Expression):
        return _eval(node.body, env)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return Fraction(str(node.value))
    if isinstance(node, ast.Name):
        if node.id not in env:
            raise ValueError(f"unknown name {node.id!r} in the predicate")
        return env[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BIN:
        return _BIN[type(node.op)](_eval(node.left, env), _eval(node.right, env))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        v = _eval(node.operand, env)
        return -v if isinstance(node.op, ast.USub) else not v
    if isinstance(node, ast.BoolOp):
        vals = [_eval(v, env) for v in node.values]
        return all(vals) if isinstance(node.op, ast.And) else any(vals)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, env)
        for op, comp in zip(node.ops, node.comparators):
            if type(op) not in _CMP:
                raise ValueError("only < <= > >= == != compare")
            right = _eval(comp, env)
            if not _CMP[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, (ast.Tuple, ast.List)):
        return [_eval(e, env) for e in node.elts]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS and not node.keywords:
        args = [_eval(a, env) for a in node.args]
        if len(args) == 1 and isinstance(args[0], list):  # max([a, b]) as well as max(a, b)
            args = args[0]
        if not args:
            raise ValueError(f"{node.func.id}() of nothing")
        return _FUNCS[node.func.id](*args) if node.func.id == "abs" else _FUNCS[node.func.id](args)
    raise ValueError(f"not allowed in a predicate: {ast.dump(node)[:60]}")


def predicate_names(predicate: str) -> set[str]:
    """The names a predicate uses (a SyntaxError is a ValueError).

    >>> sorted(predicate_names("max(a, b) == a and c < 0.05"))
    ['a', 'b', 'c']
    """
    return {n.id for n in ast.walk(_parse(predicate)) if isinstance(n, ast.Name) and n.id not in _FUNCS}


def _parse(predicate: str) -> ast.Expression:
    """The predicate's tree, bounded in length and depth (measured without recursion)."""
    if len(predicate) > MAX_PREDICATE_LENGTH:
        raise ValueError(f"the predicate has {len(predicate)} characters, more than {MAX_PREDICATE_LENGTH}: "
                         "split the claim, or list its terms with all([...]) or sum([...])")
    try:
        tree = ast.parse(predicate, mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"predicate is not an expression: {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise ValueError(f"the predicate is nested more than {MAX_PREDICATE_DEPTH} levels deep") from None
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_PREDICATE_DEPTH:
            raise ValueError(f"the predicate is nested more than {MAX_PREDICATE_DEPTH} levels deep (a chain of "
                             "many + or 'and' terms nests one level each): list its terms with all([...]), any([...]) "
                             "or sum([...])")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return tree


def evaluate_predicate(predicate: str, values: Mapping[str, Fraction]) -> bool:
    """Evaluate a predicate over named values, exactly (no Python ``eval``).

    >>> evaluate_predicate("all([a < 0.05, b < 0.05])", {"a": Fraction(1, 1000), "b": Fraction(1, 20)})
    False
    >>> evaluate_predicate("2022 - 2020 == 2", {})
    True
    >>> evaluate_predicate("max([a, b]) == b", {"a": Fraction(1), "b": Fraction(2)})
    True
    """
    tree = _parse(predicate)
    try:
        result = _eval(tree, values)
    except (TypeError, ZeroDivisionError) as exc:
        raise ValueError(f"the predicate cannot be evaluated: {exc}") from None
    if not isinstance(result, bool):
        raise ValueError("a predicate must be true or false, not a number")
    return result


@kind("claim", (), ("*",), optional=("target",), options=("predicate", "on_false"),
      formula="a claim of the text, stated as a predicate over printed values (evaluated as printed)")
def _claim(inputs: dict[str, Operand], targets: dict[str, str], options: dict, opts: Options) -> list[Outcome]:
    predicate = options.get("predicate", "")
    if not predicate:
        raise ValueError("a claim needs a predicate")
    env = {name: Fraction(parse_printed(op.texts[0]).value) if len(op.texts) == 1 else op.face
           for name, op in inputs.items()}
    if "target" in targets and targets["target"]:
        env.setdefault("target", Fraction(parse_printed(targets["target"]).value))
    missing = predicate_names(predicate) - set(env)
    if missing:
        raise ValueError(f"the predicate uses {sorted(missing)}, which are not inputs")
    holds = evaluate_predicate(predicate, env)
    if not holds and options.get("on_false") == UNDECIDABLE:
        cmp = Comparison(Verdict.UNDECIDABLE, "claim, as printed", None, None, basis=Note.of("rule.claim"))
        return [Outcome("target", "", targets.get("target", ""), Msg.of("quantity.claim"), None, cmp,
                        (Msg.of("note.claim_undecided", predicate=predicate),), None, recomputed_text="undecided")]
    on_false = Category(options.get("on_false") or Category.UNSUPPORTED_CLAIM.value)
    cmp = Comparison(Verdict.CONSISTENT if holds else Verdict.INCONSISTENT, "claim, as printed", None, None,
                     basis=Note.of("rule.claim"))
    return [Outcome("target", "", targets.get("target", ""), Msg.of("quantity.claim"), holds, cmp,
                    (Msg.of("note.claim_holds" if holds else "note.claim_fails", predicate=predicate),),
                    None if holds else on_false, recomputed_text="true" if holds else "false")]


