"""Cross-city comparison: distances, clustering, stability (known answers and properties) and the coded data."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import distance as sd

from analysis.crosscity import clustering


# ---------------------------------------------------------------- clustering
def _two_groups():
    d = np.array([[0, 1, 5, 5], [1, 0, 5, 5], [5, 5, 0, 1], [5, 5, 1, 0]], dtype=float)
    return pd.DataFrame(d, index=list("abcd"), columns=list("abcd"))


def test_two_separated_groups_are_found():
    z, lab = clustering.cluster(_two_groups(), "average", 2)
    assert lab.tolist() == [1, 1, 2, 2]
    assert clustering.cophenetic_correlation(_two_groups(), z) == pytest.approx(1.0)  # ultrametric input


def test_cophenetic_correlation_matches_scipy():
    from scipy.cluster import hierarchy
    rng = np.random.default_rng(4)
    d = pd.DataFrame(sd.squareform(sd.pdist(rng.normal(size=(9, 3)))))
    z, _ = clustering.cluster(d, "complete", 3)
    ref, _ = hierarchy.cophenet(hierarchy.linkage(sd.squareform(d.to_numpy()), "complete"), sd.squareform(d.to_numpy()))
    assert clustering.cophenetic_correlation(d, z) == pytest.approx(ref)


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


def test_adjusted_rand_known_answers():
    # scikit-learn documentation: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714...
    assert clustering.adjusted_rand([0, 0, 1, 1], [0, 0, 1, 2]) == pytest.approx(0.5714285714285715)
    assert clustering.adjusted_rand([0, 0, 1, 1], [1, 1, 0, 0]) == 1.0
    # Hubert & Arabie: independent-looking partitions give a negative value here
    assert clustering.adjusted_rand([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)


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
