"""Cohen's kappa against published output (SAS PROC FREQ, R irr::kappa2; the values beside their call in
``tests/crosscity/results/results_agreement.py``), by hand and by its properties."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.data import coding
from analysis.stats import agreement
from tests.crosscity.results import results_agreement as ref


def _expand(table):
    """Two label vectors from a contingency table (rows: first rater, columns: second rater)."""
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


ANXIETY = np.array(ref.ANXIETY).reshape(20, 3, order="F")
codes = st.lists(st.sampled_from(coding.VALUES), min_size=2, max_size=40)


_kappa_by_hand = ref.kappa_by_definition


def test_kappa_against_sas_proc_freq_example():
    a, b = _expand(ref.SAS_TABLE)
    r = agreement.kappa(a, b, categories=[0, 1, 2])
    sas = ref.SAS_KAPPA
    assert (r["kappa"], r["se"], r["low"], r["high"]) == pytest.approx((sas["kappa"], sas["se"], sas["low"],
                                                                        sas["high"]), abs=5e-5)
    assert r["agreement"] == pytest.approx(sas["agreement"])


def test_kappa_against_r_irr_kappa2():
    r = agreement.kappa(ANXIETY[:, 1], ANXIETY[:, 2])
    assert r["kappa"] == pytest.approx(ref.IRR_KAPPA2_RATERS_2_3["kappa"], abs=1e-9)
    assert r["n"] == ref.IRR_KAPPA2_RATERS_2_3["n"]


def test_kappa_by_hand_two_categories():
    h = ref.BY_HAND
    r = agreement.kappa(h["first"], h["second"])
    assert r["kappa"] == pytest.approx(h["kappa"]) and r["agreement"] == h["agreement"]


def test_kappa_undefined_when_one_category_only():
    r = agreement.kappa(["x"] * 5, ["x"] * 5, categories=["x", "y"])
    assert np.isnan(r["kappa"]) and r["agreement"] == 1.0


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_kappa_properties(data):
    a = data.draw(codes)
    b = data.draw(st.lists(st.sampled_from(coding.VALUES), min_size=len(a), max_size=len(a)))
    r, s = agreement.kappa(a, b), agreement.kappa(b, a)
    assert 0 <= r["agreement"] <= 1
    if not np.isnan(r["kappa"]):
        assert r["kappa"] <= 1 + 1e-12 and r["kappa"] == pytest.approx(s["kappa"])  # symmetric in the coders
        assert -1 <= r["low"] <= r["kappa"] + 1e-12 and r["kappa"] - 1e-12 <= r["high"] <= 1
    if len(set(a)) > 1:
        assert agreement.kappa(a, a)["kappa"] == pytest.approx(1.0)
    renamed = {v: f"z{i}" for i, v in enumerate(coding.VALUES)}
    t = agreement.kappa([renamed[x] for x in a], [renamed[x] for x in b])
    assert (np.isnan(t["kappa"]) and np.isnan(r["kappa"])) or t["kappa"] == pytest.approx(r["kappa"])
