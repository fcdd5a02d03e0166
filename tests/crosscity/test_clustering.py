"""Hierarchical clustering of the sites: the cut, the cophenetic correlation, the adjusted Rand index, bootstrap
stability and the sensitivity table (known answers in ``results/results_clustering.py``, and properties)."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.crosscity import clustering, similarity
from tests.crosscity.results import results_clustering as ref


# ---------------------------------------------------------------- clustering
def _two_groups():
    d = np.array([[0, 1, 5, 5], [1, 0, 5, 5], [5, 5, 0, 1], [5, 5, 1, 0]], dtype=float)
    return pd.DataFrame(d, index=list("abcd"), columns=list("abcd"))


def test_two_separated_groups_are_found():
    z, lab = clustering.cluster(_two_groups(), "average", 2)
    assert lab.tolist() == [1, 1, 2, 2]
    assert clustering.cophenetic_correlation(_two_groups(), z) == pytest.approx(1.0)  # ultrametric input


def test_cophenetic_correlation_matches_r_by_hand():
    # (the package calls scipy's cophenet, so scipy cannot be the reference: R's hclust and cophenetic are)
    d = pd.DataFrame(ref.FOUR_SITES, dtype=float, index=list("abcd"), columns=list("abcd"))
    z, lab = clustering.cluster(d, "average", 2)
    assert clustering.cophenetic_correlation(d, z) == pytest.approx(ref.FOUR_SITES_COPHENETIC, rel=1e-12)
    assert lab.tolist() == ref.FOUR_SITES_TWO_GROUPS


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 10).flatmap(lambda n: st.tuples(
    st.lists(st.integers(0, 3), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2),  # small integers: many ties
    st.integers(1, n + 1))), st.sampled_from(clustering.LINKAGES))
def test_maxclust_is_scipys_fcluster_maxclust(drawn, linkage):
    # Reference: scipy.cluster.hierarchy.fcluster(z, t=k, criterion="maxclust"), partitions compared
    from scipy.cluster import hierarchy
    d, k = drawn
    z = hierarchy.linkage(np.array(d, dtype=float), method=linkage)
    ours = clustering.maxclust(z, k)
    theirs = hierarchy.fcluster(z, t=k, criterion="maxclust")
    assert len(set(ours)) <= k
    assert (ours[:, None] == ours[None, :]).tolist() == (theirs[:, None] == theirs[None, :]).tolist()


@pytest.mark.parametrize("partitions,expected", ref.ARI)
def test_adjusted_rand_known_answers(partitions, expected):
    assert clustering.adjusted_rand(*partitions) == pytest.approx(expected, rel=1e-12)


@settings(deadline=None)
@given(st.lists(st.integers(0, 3), min_size=2, max_size=15), st.permutations(range(4)))
def test_adjusted_rand_ignores_label_names(a, perm):
    renamed = [perm[x] for x in a]
    assert clustering.adjusted_rand(a, renamed) == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 12).flatmap(lambda n: st.tuples(st.lists(st.integers(0, 3), min_size=n, max_size=n),
                                                       st.lists(st.sampled_from("xyz"), min_size=n, max_size=n))))
def test_adjusted_rand_is_the_pair_counting_definition(ab):
    # Reference: Hubert & Arabie (1985) from the four pair counts (same/different cluster in a and in b)
    from itertools import combinations
    a, b = ab
    pairs = list(combinations(range(len(a)), 2))
    both = sum(a[i] == a[j] and b[i] == b[j] for i, j in pairs)
    in_a = sum(a[i] == a[j] for i, j in pairs)
    in_b = sum(b[i] == b[j] for i, j in pairs)
    expected = in_a * in_b / len(pairs)
    top = (in_a + in_b) / 2 - expected
    assert clustering.adjusted_rand(a, b) == (1.0 if top == 0 else pytest.approx((both - expected) / top))


def test_bad_clustering_input_fails():
    with pytest.raises(ValueError, match="linkage"):
        clustering.cluster(_two_groups(), "ward-ish", 2)
    with pytest.raises(ValueError, match="k must be"):
        clustering.cluster(_two_groups(), "average", 9)
    from scipy.cluster import hierarchy
    z = hierarchy.linkage([1.0, 4.0, 4.0])
    for k in (0, -1, 2.0, True):
        with pytest.raises(ValueError, match="k must be a whole number"):
            clustering.maxclust(z, k)
    with pytest.raises(ValueError, match="n_boot"):
        clustering.bootstrap_stability(pd.DataFrame(np.ones((3, 3))), "jaccard", "average", 2, 0, 1)


# ---------------------------------------------------------------- stability and sensitivity
def _blocks():
    m = np.array([[1, 1, 1, 0, 0, 0]] * 3 + [[0, 0, 0, 1, 1, 1]] * 3, dtype=float)
    return pd.DataFrame(m, index=[f"s{i}" for i in range(6)], columns=list("abcdef"))


def test_bootstrap_stability_of_clear_clusters():
    co, clusters = clustering.bootstrap_stability(_blocks(), "jaccard", "average", 2, 100, 7)
    # identical sites always end up together; clearly separated blocks are stable
    assert co.loc["s0", "s1"] == 1.0 and co.loc["s3", "s5"] == 1.0
    assert (clusters["stability"] > 0.9).all()
    assert np.allclose(np.diag(co), 1.0)


def test_bootstrap_is_reproducible_with_its_seed():
    m = pd.DataFrame(np.random.default_rng(5).integers(0, 2, size=(8, 10)).astype(float))
    a = clustering.bootstrap_stability(m, "hamming", "average", 3, 50, 11)
    b = clustering.bootstrap_stability(m, "hamming", "average", 3, 50, 11)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    assert ((a[0].to_numpy() >= 0) & (a[0].to_numpy() <= 1)).all()


def test_sensitivity_covers_every_setting():
    d, _ = similarity.distance_matrix(_blocks(), "jaccard")
    _, reference = clustering.cluster(d, "average", 2)
    s = clustering.sensitivity(_blocks(), ["jaccard", "hamming"], clustering.LINKAGES, 2, reference)
    assert len(s) == 2 * len(clustering.LINKAGES) and (s["ari_vs_reference"] == 1.0).all()
