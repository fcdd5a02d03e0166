"""The rows built for the equivalence tests lie where they claim: on an edge of their printed number or near it.

Reference: the exact recomputation in rationals (the textbook formula of each kind: 100 part / whole,
100 (after - before) / before, k / (n items), t = (m1 - m2) / (s sqrt(2 / n)) for equal groups and SDs, the 2x2
chi-square N (ad - bc)^2 / (row and column totals)), and for a p the p of the printed statistic; an edge of a
number printed T with d decimals is T + j 10^-d / 2, j in -2..2.
"""
import math
import random
from fractions import Fraction

import pytest
from scipy import special

from analysis.audit.ties import TIE_KINDS, edge_of, iter_tie_rows, tie_row
from analysis.core.rounding import parse_printed


def _distance(value: Fraction, printed: str) -> Fraction:
    """Distance from ``value`` to the nearest edge of ``printed``, in units of its last decimal."""
    p = parse_printed(printed)
    unit = Fraction(1, 10 ** p.decimals)
    halves = (value - Fraction(p.value)) / (unit / 2)
    return abs(halves - round(halves)) / 2


def _exact(row: dict) -> Fraction | None:
    kind = row["kind"]
    if kind == "share":
        return 100 * Fraction(int(row["part"]), int(row["whole"]))
    if kind == "ratio":
        return 100 * Fraction(row["numerator"]) / Fraction(row["denominator"])
    if kind in ("growth", "decline"):
        b, a = int(row["before"]), int(row["after"])
        return (1 if kind == "growth" else -1) * 100 * Fraction(a - b, b)
    if kind == "chi2_from_counts":
        a, b, c, d = (int(row[k]) for k in "abcd")
        n = a + b + c + d
        pearson = n * Fraction((a * d - b * c) ** 2, (a + b) * (c + d) * (a + c) * (b + d))
        yates = n * Fraction(max(abs(a * d - b * c) - Fraction(n, 2), 0) ** 2, (a + b) * (c + d) * (a + c) * (b + d))
        return min((pearson, yates), key=lambda x: _distance(x, row["value"]))
    if kind == "t_from_summaries":
        n = int(row["n1"])
        c = Fraction(math.isqrt(n // 2))
        return (Fraction(row["m1"]) - Fraction(row["m2"])) * c / Fraction(row["s1"])
    return None


@pytest.mark.parametrize("kind", ["share", "ratio", "growth", "decline", "chi2_from_counts", "t_from_summaries"])
def test_rows_are_on_an_edge_or_within_1e_12_of_one(kind):
    rnd = random.Random(kind)
    on = near = 0
    for _ in range(300):
        row = tie_row(rnd, kind)
        target = row.get("target") or row["value"]
        dist = _distance(_exact(row), target) * Fraction(1, 10 ** parse_printed(target).decimals)
        on += dist == 0
        near += 0 < dist <= Fraction(1, 10 ** 12)
    assert on >= 100  # most rows exactly on an edge
    if kind in ("share", "ratio", "growth", "decline", "t_from_summaries"):
        assert near >= 10  # and some within 1e-12 of one, not on it


def test_grim_rows_hold_a_count_on_an_edge():
    rnd = random.Random(1)
    on = 0
    for _ in range(300):
        row = tie_row(rnd, "grim")
        total = int(row["n"]) * int(row["items"] or 1)
        scale = 100 if row["percent"] == "true" else 1
        p = parse_printed(row["mean"])
        k = round(Fraction(p.value) * total / scale)
        on += any(_distance(Fraction(scale * j, total), row["mean"]) == 0 for j in (k - 1, k, k + 1))
    assert on >= 100


def test_p_rows_put_the_statistics_p_within_1e_9_of_an_edge_of_the_printed_p():
    rnd = random.Random(2)
    close = 0
    for _ in range(300):
        row = tie_row(rnd, "p_from_statistic")
        x, stat = float(row["value"]), row["statistic"]
        if not row["df2"] and stat in ("t", "r", "F") or len(row["value"].partition(".")[2]) < 9:
            continue
        df1, df2 = float(row["df1"] or 0), float(row["df2"] or 0)
        tails = 1 if row["tails"] == "1" and stat in ("t", "r", "z") else 2
        if stat == "r":
            x = x * math.sqrt(df2 / (1 - x * x))
        if stat in ("t", "r"):
            p = tails * special.stdtr(df2, -abs(x))
        elif stat == "z":
            p = tails * special.ndtr(-abs(x))
        else:
            p = special.fdtrc(df1, df2, x) if stat == "F" else special.chdtrc(df1, x)
        text = row["p"].lstrip("=<>")
        if text in (".000", "0", "0.001", ".001"):
            continue
        unit = 10.0 ** -parse_printed(text).decimals
        halves = (p - float(parse_printed(text).value)) / (unit / 2)
        close += abs(halves - round(halves)) * unit / 2 < 1e-9
    assert close >= 40


def test_edges_are_half_units_around_the_printed_number():
    rnd = random.Random(0)
    for _ in range(200):
        text, edge = edge_of(rnd, Fraction(-5), Fraction(5), 2)
        assert Fraction(text) - Fraction(1, 100) <= edge <= Fraction(text) + Fraction(1, 100)
        assert (edge * 200).denominator == 1 and len(text.partition(".")[2]) == 2


def test_the_rows_are_reproducible_and_take_every_kind_in_turn():
    a, b = list(iter_tie_rows(32, 7)), list(iter_tie_rows(32, 7))
    assert a == b and [r["kind"] for r in a[:len(TIE_KINDS)]] == list(TIE_KINDS)
