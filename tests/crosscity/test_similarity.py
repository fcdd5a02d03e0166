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
    # coordinates are rounded to PCOA_DECIMALS (6): distances agree to a few units of 1e-6
    assert np.allclose(sd.squareform(sd.pdist(coords.to_numpy())), d.to_numpy(), rtol=0, atol=5e-6)
    assert share.sum() == pytest.approx(1.0, abs=1e-5)


def _eigh_as_another_kernel(flip, rotate, noise):
    """np.linalg.eigh as another BLAS kernel might return it: signs flipped, a degenerate eigenspace
    rotated, every value moved by a few units in the last place."""
    real = np.linalg.eigh

    def eigh(b):
        vals, vecs = real(b)
        rng = np.random.default_rng(flip)
        vecs = vecs * np.where(rng.random(vecs.shape[1]) < 0.5, -1.0, 1.0)
        if rotate:  # rotate the top two eigenvectors within their plane (only meaningful when degenerate)
            c, s = np.cos(rotate), np.sin(rotate)
            top = vecs[:, -2:].copy()
            vecs[:, -2], vecs[:, -1] = c * top[:, 0] - s * top[:, 1], s * top[:, 0] + c * top[:, 1]
        return vals * (1 + noise * rng.standard_normal(vals.shape)), vecs * (1 + noise * rng.standard_normal(vecs.shape))
    return eigh


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_pcoa_is_the_same_whatever_signs_and_last_bits_lapack_returns(seed, flip):
    # issue 19: OPENBLAS_CORETYPE changed the eigenvectors' last bits and (by a near-tie of the largest
    # loadings) their signs, so the figure changed from machine to machine
    x = np.random.default_rng(seed).choice([0.0, 1.0], size=(9, 12))
    d, _ = similarity.distance_matrix(pd.DataFrame(x), "hamming")
    expected = similarity.pcoa(d)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(np.linalg, "eigh", _eigh_as_another_kernel(flip, 0.0, 1e-14))
        got = similarity.pcoa(d)
    assert got[0].equals(expected[0])
    assert np.array_equal(got[1], expected[1])


@pytest.mark.parametrize("angle", [0.3, 1.1, 2.5])
def test_pcoa_of_a_degenerate_configuration_does_not_depend_on_the_basis_lapack_chose(angle):
    # four corners of a square: the two top eigenvalues are equal, any rotation of the axes is an eigenbasis
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    d = pd.DataFrame(sd.squareform(sd.pdist(square)))
    expected = similarity.pcoa(d)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(np.linalg, "eigh", _eigh_as_another_kernel(7, angle, 1e-14))
        got = similarity.pcoa(d)
    assert got[0].equals(expected[0])
    assert list(expected[1]) == [0.5, 0.5]  # by hand: eigenvalues of B are 0.5, 0.5, 0, 0
    # the configuration is still recovered (up to rotation)
    assert np.allclose(sd.squareform(sd.pdist(got[0].to_numpy())), d.to_numpy(), atol=5e-6)


def test_pcoa_axes_follow_the_stated_sign_convention_and_precision():
    rng = np.random.default_rng(11)
    d = pd.DataFrame(sd.squareform(sd.pdist(rng.normal(size=(6, 3)))))
    coords, _ = similarity.pcoa(d, k=3)
    for col in coords:
        first = next(v for v in coords[col] if abs(v) > 1e-4)
        assert first > 0
    assert (coords.to_numpy() == np.round(coords.to_numpy(), similarity.PCOA_DECIMALS)).all()


def test_pcoa_with_fewer_positive_eigenvalues_than_axes_gives_fewer_axes():
    d = pd.DataFrame([[0.0, 1.0], [1.0, 0.0]])  # two points: one positive eigenvalue (0.5), one zero
    coords, share = similarity.pcoa(d, k=2)
    assert list(coords.columns) == ["PCo1"] and list(share) == [1.0]
    assert sorted(coords["PCo1"]) == [-0.5, 0.5]  # by hand: the points sit at ±d/2


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
