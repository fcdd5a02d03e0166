"""Cross-city comparison: distances, clustering, stability (known answers and properties) and the coded data."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import distance as sd

from analysis.crosscity import similarity

binary = st.lists(st.integers(0, 1), min_size=1, max_size=30)


# ---------------------------------------------------------------- distances
@settings(deadline=None)
@given(st.data())
def test_distances_match_scipy_on_complete_vectors(data):
    # Reference: scipy.spatial.distance (jaccard, dice, hamming) for complete boolean vectors
    x = data.draw(binary)
    y = data.draw(st.lists(st.integers(0, 1), min_size=len(x), max_size=len(x)))
    xb, yb = np.array(x, bool), np.array(y, bool)
    if xb.any() or yb.any():
        assert similarity.jaccard(x, y) == pytest.approx(sd.jaccard(xb, yb))
        assert similarity.dice(x, y) == pytest.approx(sd.dice(xb, yb))
    else:
        assert similarity.jaccard(x, y) == 0.0 and similarity.dice(x, y) == 0.0
    assert similarity.hamming(x, y) == pytest.approx(sd.hamming(xb, yb))


@settings(deadline=None)
@given(st.data())
def test_not_reported_cells_are_left_out_not_read_as_absent(data):
    x = data.draw(st.lists(st.sampled_from([0.0, 1.0, np.nan]), min_size=2, max_size=20))
    y = data.draw(st.lists(st.sampled_from([0.0, 1.0, np.nan]), min_size=len(x), max_size=len(x)))
    keep = ~np.isnan(x) & ~np.isnan(y)
    for name, f in similarity.METRICS.items():
        expected = f(np.array(x)[keep], np.array(y)[keep]) if keep.any() else np.nan
        got = f(x, y)
        assert (np.isnan(got) and np.isnan(expected)) or got == pytest.approx(expected), name


def test_jaccard_by_hand():
    # A = {1, 2}, B = {1, 3}: |A & B| = 1, |A | B| = 3 -> 2/3; the NaN position is ignored
    assert similarity.jaccard([1, 1, 0, np.nan], [1, 0, 1, 1]) == pytest.approx(2 / 3)
    assert np.isnan(similarity.jaccard([np.nan, 1], [0, np.nan]))


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 8), st.integers(1, 10), st.integers(0, 10**6))
def test_distance_matrix_is_a_symmetric_zero_diagonal_matrix_in_unit_range(n, m, seed):
    rng = np.random.default_rng(seed)
    x = rng.choice([0.0, 1.0, np.nan], size=(n, m))
    for metric in similarity.METRICS:
        d, empty = similarity.distance_matrix(pd.DataFrame(x), metric)
        a = d.to_numpy()
        assert np.allclose(a, a.T) and np.all(np.diag(a) == 0) and a.min() >= 0 and a.max() <= 1
        assert 0 <= empty <= n * (n - 1) // 2


def test_bad_vectors_fail_clearly():
    with pytest.raises(ValueError, match="present"):
        similarity.jaccard([2, 1], [1, 1])
    with pytest.raises(ValueError, match="length"):
        similarity.hamming([1], [1, 0])
    with pytest.raises(ValueError, match="unknown metric"):
        similarity.distance_matrix(pd.DataFrame([[1.0]]), "cosine")


def test_pcoa_recovers_euclidean_distances():
    # Classical MDS of Euclidean distances reproduces the configuration up to rotation (Gower 1966)
    rng = np.random.default_rng(3)
    pts = rng.normal(size=(7, 2))
    d = pd.DataFrame(sd.squareform(sd.pdist(pts)))
    coords, share = similarity.pcoa(d, k=2)
    assert np.allclose(sd.squareform(sd.pdist(coords.to_numpy())), d.to_numpy(), atol=1e-9)
    assert share.sum() == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 8), st.integers(1, 10), st.integers(0, 10**6))
def test_vectorised_distances_equal_the_pairwise_definitions(n, m, seed):
    x = np.random.default_rng(seed).choice([0.0, 1.0, np.nan], size=(n, m))
    for name, f in similarity.METRICS.items():
        d, empty = similarity.distance_matrix(pd.DataFrame(x), name)
        count = 0
        for i in range(n):
            for j in range(i + 1, n):
                v = f(x[i], x[j])
                count += int(np.isnan(v))
                assert d.iloc[i, j] == pytest.approx(1.0 if np.isnan(v) else v), (name, i, j)
        assert empty == count
