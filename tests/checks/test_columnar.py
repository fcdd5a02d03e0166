"""The columnar engine gives each row it decides exactly what the per-row engine gives it, part by part.

Reference: :func:`analysis.checks.engine.evaluate` (through :func:`analysis.audit.table.outcomes_of`, which maps a
row's columns to the kind's inputs) and :func:`~analysis.checks.engine.judge`, :func:`~analysis.checks.engine.num`,
:func:`~analysis.checks.engine.printed_decision` and :func:`~analysis.text.catalogue.render`, one row at a time.
Rows are built on and near the rounding edges (:mod:`analysis.audit.ties`).
"""
import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.audit.table import AuditOptions, outcomes_of, target_columns
from analysis.audit.ties import TIE_KINDS, tie_row
from analysis.checks import KINDS
from analysis.checks.columnar import Batch, Judged, PartColumn, each_text, evaluate_columns, has_columns, \
    judge_columns, nums, printed_decisions, render_items, shown_num
from analysis.checks.engine import Options, judge, num, printed_decision
from analysis.core.columnar import fixed_text, printed_column
from analysis.core.rounding import RULES
from analysis.core.vocab import Category
from analysis.text.catalogue import Msg, render


def _batch(kind: str, rows: list[dict]) -> Batch:
    """The rows' cells by the kind's names, as the audit hands them over (declared counts exact)."""
    k = KINDS[kind]
    texts = {}
    for inp in k.inputs:
        texts[inp] = [r.get(inp, "") or (r.get("df", "") if inp == "df1" else "") for r in rows]
    for tgt in k.targets:
        texts[tgt] = [next((r[c] for c in target_columns(kind, tgt) if r.get(c)), "") for r in rows]
    for opt in k.options:
        texts[opt] = [r.get(opt, "") for r in rows]
    return Batch.of(texts, exact=k.exact)


def _fields(j: Judged, i: int) -> tuple:
    return (j.target, j.part, j.code[i], num(j.recomputed[i]), num(j.low[i]), num(j.high[i]), j.rule[i], j.note[i],
            {k: v[i] for k, v in j.extra.items() if v[i] is not None})


@pytest.mark.parametrize("kind", TIE_KINDS)
@pytest.mark.parametrize("rule", RULES)
def test_every_decided_row_is_the_per_row_engines_part_by_part(kind, rule):
    rnd = random.Random(f"{kind}{rule}")
    aopts = AuditOptions(rounding=rule, p_equal_alpha=rnd.choice(["significant", "not_significant"]))
    rows = []
    while len(rows) < 60:  # rows the audit's checks accept (the others never reach the engine)
        row = dict(tie_row(rnd, kind), exact="", t_test="", alpha="")
        try:
            outcomes_of(row, aopts)
        except (ValueError, ArithmeticError):  # audit_row's invalid rows
            continue
        rows.append(row)
    opts = aopts.options(kind)
    decided, parts = evaluate_columns(kind, _batch(kind, rows), opts).decided()
    assert len(decided) >= 30  # most rows are decided here
    for j, i in enumerate(decided.tolist()):
        ref = [Judged.of([o]) for o in outcomes_of(rows[i], aopts)]
        assert len(ref) == len(parts)
        for r, g in zip(ref, parts):
            assert _fields(g, j) == _fields(r, 0), rows[i]


@st.composite
def near_edges(draw):
    d = draw(st.integers(0, 3))
    digits = draw(st.integers(-3000, 3000))
    edge = Fraction(digits, 10 ** d) + Fraction(draw(st.integers(-2, 2)), 2 * 10 ** d)
    off = draw(st.sampled_from([0, 1e-12, -1e-12, 1e-15, -1e-15, 0.3]))
    value = edge + Fraction(off) * (abs(edge) if abs(off) < 1e-6 and edge else Fraction(1, 10 ** d))
    return fixed_text(digits, d), value


@settings(max_examples=150, deadline=None)
@given(st.lists(near_edges(), min_size=1, max_size=10), st.sampled_from(RULES), st.booleans())
def test_judge_columns_is_judge_row_by_row(rows, rule, category):
    opts = Options(rounding=rule)
    texts = [t for t, _ in rows]
    values = [float(v) for _, v in rows]
    part = judge_columns(printed_column(texts, rule), values, None, None, opts, category=category,
                         exact=lambda i: (Fraction(values[i]),))
    assert not part.undecided.any()
    got = part.judged(list(range(len(rows))))
    for i, text in enumerate(texts):
        ref = judge(text, Fraction(values[i]), None, None, opts, quantity=Msg.of("quantity.share"),
                    category=Category.INCONSISTENT_TEST if category else None)
        assert (got.code[i], got.low[i], got.high[i], got.rule[i], got.note[i]) == (
            ref.verdict.rank, ref.comparison.low, ref.comparison.high, ref.comparison.rule, ref.note), text


@given(st.lists(st.floats(allow_nan=True, allow_infinity=False) | st.sampled_from([0.0, -0.0, 1e-4, 9.99999e-5,
                                                                                    -1e-4, 123456.5]),
                min_size=1, max_size=20))
def test_nums_and_shown_num_are_num(values):
    assert nums(values) == [num(x) for x in values]
    memo = {}
    assert shown_num(values, memo) == [num(x) for x in values]
    assert shown_num(values[::-1], memo) == [num(x) for x in values[::-1]]


@given(st.lists(st.sampled_from(["=.03", "<.05", ">.05", ".05", "0.050", "<.10", ">.01", "0.2", "x", "~.04", "0"]),
                min_size=1, max_size=12), st.sampled_from([0.05, 0.01, 0.1]),
       st.sampled_from(["significant", "not_significant"]))
def test_printed_decisions_are_printed_decision(texts, alpha, policy):
    got = printed_decisions(printed_column(texts), alpha, policy)
    for text, g in zip(texts, got):
        try:
            ref = printed_decision(text, alpha, policy)
        except ValueError:
            ref = None
        assert g == ref, text


def test_render_items_renders_each_sentence_as_render_does():
    items = [[("note.fisher_p", {"p": "0.03"}), ("note.one_tailed", {})], [], [("note.fisher_p", {"p": "0.5"})]]
    assert render_items(items) == [[render(Msg.of(m, **p), "en") for m, p in row] for row in items]


def test_each_text_calls_once_per_distinct_text_and_gives_none_for_a_refused_one():
    calls = []

    def f(t):
        calls.append(t)
        return int(t)
    assert each_text(["1", "x", "1", "2"], f) == [1, None, 1, 2] and calls == ["1", "x", "2"]


def test_a_batch_checks_its_columns_and_a_part_its_masks():
    with pytest.raises(ValueError, match="different lengths"):
        Batch.of({"a": ["1"], "b": ["1", "2"]})
    b = Batch.of({"target": ["1.5", "2"]})
    assert b.size == 2 and b.text("missing") == ["", ""] and b.printed("target", "half_up") is \
        b.printed("target", "half_up")
    part = judge_columns(b.printed("target", "half_up"), [1.52, 2.2], None, None, Options())
    assert isinstance(part, PartColumn)
    with pytest.raises(ValueError, match="boolean mask"):
        part.leave([1, 0])
    part.leave_row(1)
    assert part.undecided.tolist() == [False, True]


def test_kinds_without_a_columnar_runner_are_refused_and_an_empty_batch_is_empty():
    assert not has_columns("sum") and has_columns("growth")
    with pytest.raises(LookupError, match="no columnar runner"):
        evaluate_columns("sum", Batch.of({"parts": ["1+2"], "target": ["3"]}), Options())
    rows, parts = evaluate_columns("growth", Batch.of({"before": [], "after": [], "target": []}), Options()).decided()
    assert len(rows) == 0 and parts == []
    assert all(has_columns(k) for k in TIE_KINDS)
