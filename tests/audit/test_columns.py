"""The columnar audit gives every row the per-row engine's output, byte for byte.

Reference: :func:`analysis.audit.table.audit_rows`, the per-row engine (one :func:`~analysis.audit.table.audit_row`
per row, compare() over exact rationals). The rows are built on and near the edges of the rounding rules
(:mod:`analysis.audit.ties`: recomputed values exactly on a tie or an interval's end, and within 1e-12 of one),
mixed with the benchmark's ordinary rows and rows that are not valid, for every kind with a columnar runner and
every rounding rule; the outputs are compared row by row as the CSV writes them.
"""
import random
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis.audit.columns as columns
import analysis.core.columnar as core_columnar
from analysis.audit.bench import KINDS as BENCH_KINDS
from analysis.audit.bench import make_rows
from analysis.audit.columns import audit_chunk, audit_records
from analysis.audit.table import OUTPUT_COLUMNS, AuditOptions, audit_row, audit_rows, write_csv
from analysis.audit.ties import TIE_KINDS, tie_row
from analysis.checks.columnar import has_columns
from analysis.core.rounding import RULES

OPTIONS = st.builds(AuditOptions, alpha=st.sampled_from([0.05, 0.01, 0.1]),
                    p_equal_alpha=st.sampled_from(["not_significant", "significant"]),
                    rounding=st.sampled_from((None,) + RULES), tolerance=st.sampled_from([0.10, 0.0, 0.05]))
BAD = [{"kind": "p_from_statistic", "statistic": "t", "value": "x", "df2": "10", "p": ".03"},
       {"kind": "growth", "before": "0", "after": "5", "target": "1.0", "exact": "all"},
       {"kind": "share", "part": "5", "whole": "4", "target": "125"},
       {"kind": "grim", "mean": "3.5", "n": "0"},
       {"kind": "t_from_summaries", "m1": "1", "s1": "-1", "n1": "5", "m2": "2", "s2": "1", "n2": "5", "value": "1",
        "p": ".3"},
       {"kind": "chi2_from_counts", "table": "1 2; 3 4", "value": "0.1", "p": ".7"},
       {"kind": "p_from_statistic", "statistic": "F", "value": "2.5", "df1": "2", "df2": "30", "p": "1.5"},
       {"kind": "p_from_statistic", "statistic": "t", "value": "2.5", "df2": "30", "p": ".03", "alpha": "2"},
       {"kind": "nonsense"}, {"kind": ""}]


def _csv(rows) -> list[str]:
    header = list(dict.fromkeys(k for r in rows for k in r))
    return write_csv(header, rows).splitlines()


def _same(rows, aopts, chunk=10_000) -> int:
    """Compare the columnar and the per-row outputs line by line; return how many rows went to the per-row path."""
    ref = audit_rows(rows, aopts)
    with mock.patch.object(columns, "audit_row", wraps=audit_row) as fallback:
        got = audit_records(rows, aopts, chunk=chunk)
    for i, (a, b) in enumerate(zip(_csv(ref), _csv(got))):
        assert a == b, (i, rows[i - 1] if i else "header")
    assert len(got) == len(ref) == len(rows)
    return fallback.call_count


def _ties(rnd: random.Random, kind: str, count: int) -> list[dict[str, str]]:
    rows = [tie_row(rnd, kind) for _ in range(count)]
    if kind in BENCH_KINDS:
        rows += make_rows(count // 3, seed=rnd.randrange(2 ** 32), kinds=(kind,))
    return rows


@pytest.mark.parametrize("kind", TIE_KINDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rnd=st.randoms(use_true_random=False), count=st.integers(1, 24), aopts=OPTIONS)
def test_every_vectorised_kind_gives_the_per_row_output_on_and_near_ties(kind, rnd, count, aopts):
    assert has_columns(kind)
    _same(_ties(rnd, kind, count), aopts)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rnd=st.randoms(use_true_random=False), aopts=OPTIONS, chunk=st.sampled_from([1, 7, 10_000]))
def test_a_table_of_every_kind_and_bad_rows_gives_the_per_row_output_in_any_chunks(rnd, aopts, chunk):
    rows = [r for kind in TIE_KINDS for r in _ties(rnd, kind, 4)] + make_rows(30, rnd.randrange(2 ** 32), BENCH_KINDS)
    rows += [dict(r, alpha=rnd.choice(["", "0.01", "0.1"])) for r in rows[:10]] + BAD
    rnd.shuffle(rows)
    _same(rows, aopts, chunk)


@pytest.mark.parametrize("rule", RULES)
def test_the_columnar_path_decides_most_tie_rows_itself_and_each_as_the_per_row_engine(rule):
    """Not a vacuous equality: most rows are decided by the columnar path (the per-row path is called for the
    rest), including rows within 1e-12 of an edge that only the margin separates from the exact comparison."""
    rnd = random.Random(rule)
    rows = [tie_row(rnd, TIE_KINDS[i % len(TIE_KINDS)]) for i in range(800)]
    fell = _same(rows, AuditOptions(rounding=rule))
    assert fell < 0.1 * len(rows)


def test_without_the_margin_the_floats_would_decide_tie_rows_wrongly(monkeypatch):
    """The tie rows reach the margin: with it set to 0, some rows decided in floating point differ from the exact
    comparison (so the equivalence above is owed to the margin, not to rows far from every edge)."""
    rnd = random.Random(5)
    rows = [tie_row(rnd, TIE_KINDS[i % len(TIE_KINDS)]) for i in range(1600)]
    aopts = AuditOptions(rounding="up")
    ref = _csv(audit_rows(rows, aopts))
    monkeypatch.setattr(core_columnar, "MARGIN", 0.0)
    got = _csv(audit_records(rows, aopts))
    assert sum(a != b for a, b in zip(ref, got)) > 0


def test_audit_chunk_takes_columns_and_keeps_the_rows_order():
    header = ["kind", "part", "whole", "target", "label"]
    rows = [["share", "76", "147", "51.70", "a"], ["anova", "", "", "", "b"], ["share", "1", "3", "33.3", "c"]]
    out = audit_chunk(header, list(zip(*rows)), AuditOptions())
    assert list(out) == list(OUTPUT_COLUMNS)
    assert out["verdict"] == ["consistent", "invalid", "consistent"]
    assert out["note"][1].startswith("unknown kind 'anova'")


def test_audit_records_drops_earlier_output_columns_and_audits_afresh():
    rec = {"kind": "share", "part": "76", "whole": "147", "target": "51.70", "verdict": "inconsistent", "note": "x"}
    out, = audit_records([rec], AuditOptions())
    assert out["verdict"] == "consistent" and out["note"] != "x"
    assert audit_records([], AuditOptions()) == []
