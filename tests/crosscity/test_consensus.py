"""Readings of 'not reported': imputation, consensus clustering, resampling stability, meet and the criterion."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.crosscity import consensus, similarity

NAN = np.nan


def _blocks(with_holes=False):
    m = np.array([[1, 1, 1, 0, 0, 0]] * 3 + [[0, 0, 0, 1, 1, 1]] * 3, dtype=float)
    if with_holes:
        m[0, 1] = m[4, 4] = NAN
    return pd.DataFrame(m, index=[f"s{i}" for i in range(6)], columns=list("abcdef"))


ELEMENTS = {"a": "e1", "b": "e1", "c": "e1", "d": "e2", "e": "e2", "f": "e2"}


def _criterion_table(**over):
    t = pd.DataFrame({"reading": ["missing", "imputed", "absent"],
                      "share_pairs_without_common_mechanism": [0.2, 0.0, 0.0],
                      "share_zero_distances": [0.7, 0.05, 0.0], "cophenetic_correlation": [0.6, 0.8, 0.9],
                      "stability_sites": [0.9, 0.6, 0.9], "stability_mechanisms": [0.9, 0.6, 0.9]})
    for k, v in over.items():
        t[k] = v
    return t


# ---------------------------------------------------------------- imputation
def test_presence_probability_known_answer():
    # element e: sites 0-3 describe it (site 4 codes nothing); mechanism x present at 3 of 4 -> (1 + 3)/(2 + 4)
    m = pd.DataFrame({"x": [1, 1, 1, NAN, NAN], "y": [NAN, NAN, NAN, 0, NAN], "z": [NAN] * 5})
    p = consensus.presence_probability(m, {"x": "e", "y": "e", "z": "f"}).set_index("mechanism")
    assert (p.loc["x", "described_by"], p.loc["x", "present_at"]) == (4, 3)
    assert p.loc["x", "mean_probability"] == pytest.approx(4 / 6)
    assert p.loc["y", "mean_probability"] == pytest.approx(1 / 6)
    assert p.loc["z", "mean_probability"] == 0.5  # no site describes element f: the uniform prior


def test_imputed_cells_have_the_posterior_mean_on_average():
    # law of large numbers: over many imputations a not-reported cell is present with probability (1+x)/(2+n)
    m = pd.DataFrame({"x": [1.0] * 7 + [0.0] * 3 + [NAN], "y": [0.0] * 10 + [NAN]})
    imps = consensus.impute(m, {"x": "e", "y": "e"}, n_imputations=4000, seed=3)
    share_x = np.mean([i.iloc[-1]["x"] for i in imps])
    share_y = np.mean([i.iloc[-1]["y"] for i in imps])
    assert share_x == pytest.approx(8 / 12, abs=0.03)
    assert share_y == pytest.approx(1 / 12, abs=0.02)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 7), st.integers(2, 8), st.integers(0, 10**6))
def test_imputation_never_changes_a_coded_cell(n, k, seed):
    rng = np.random.default_rng(seed)
    m = pd.DataFrame(rng.choice([0.0, 1.0, NAN], size=(n, k)), columns=[f"m{j}" for j in range(k)])
    elements = {c: f"e{j % 3}" for j, c in enumerate(m.columns)}
    imps = consensus.impute(m, elements, n_imputations=5, seed=seed)
    coded = m.notna().to_numpy()
    for imp in imps:
        x = imp.to_numpy()
        assert np.array_equal(x[coded], m.to_numpy()[coded])
        assert np.isin(x, (0.0, 1.0)).all()
    again = consensus.impute(m, elements, n_imputations=5, seed=seed)
    assert all(a.equals(b) for a, b in zip(imps, again))


def test_imputation_bad_input():
    with pytest.raises(ValueError, match="n_imputations"):
        consensus.impute(_blocks(), ELEMENTS, 0, 1)


# ---------------------------------------------------------------- consensus
def test_co_clustering_known_answer_and_properties():
    labs = [pd.Series([1, 1, 2], index=list("abc")), pd.Series([1, 2, 2], index=list("abc")),
            pd.Series([1, 1], index=list("ab"))]
    co = consensus.co_clustering(labs)
    assert co.loc["a", "b"] == pytest.approx(2 / 3)  # together in 2 of the 3 partitions that hold both
    assert co.loc["a", "c"] == 0 and co.loc["b", "c"] == 0.5  # c is held by two partitions only
    assert np.allclose(co.to_numpy(), co.to_numpy().T) and (np.diag(co) == 1).all()


def test_consensus_recovers_two_blocks_despite_holes():
    m = _blocks(with_holes=True)
    imps = consensus.impute(m, ELEMENTS, 30, 5)
    parts = consensus.partitions(imps, "jaccard", "average", 2)
    co = consensus.co_clustering(parts)
    z, lab, coph = consensus.consensus(co, 2)
    assert lab.tolist() == [1, 1, 1, 2, 2, 2]
    assert co.loc["s0", "s1"] == 1.0 and co.loc["s0", "s3"] == 0.0
    assert coph == pytest.approx(1.0)


@settings(max_examples=25, deadline=None)
@given(st.integers(4, 9), st.integers(3, 8), st.integers(1, 3), st.integers(0, 10**6))
def test_consensus_matrix_is_a_share(n, k_mech, k, seed):
    rng = np.random.default_rng(seed)
    m = pd.DataFrame(rng.choice([0.0, 1.0, NAN], size=(n, k_mech)), columns=[f"m{j}" for j in range(k_mech)])
    imps = consensus.impute(m, {c: "e" for c in m.columns}, 7, seed)
    co = consensus.co_clustering(consensus.partitions(imps, "hamming", "average", k))
    a = co.to_numpy()
    assert np.allclose(a, a.T) and (np.diag(a) == 1).all() and ((a >= 0) & (a <= 1)).all()
    assert np.allclose(a * 7, np.round(a * 7))  # multiples of 1/7
    _, lab, _ = consensus.consensus(co, k)
    assert lab.nunique() <= k


# ---------------------------------------------------------------- resampling
@pytest.mark.parametrize("mode", ["sites", "mechanisms"])
def test_resampling_keeps_clear_blocks(mode):
    ref = pd.Series([1, 1, 1, 2, 2, 2], index=[f"s{i}" for i in range(6)])
    co, clusters = consensus.resample_stability([_blocks()], ref, "jaccard", "average", 2, 60, 4, mode)
    assert (clusters["stability"] == 1.0).all()
    assert co.loc["s0", "s2"] == 1.0 and co.loc["s0", "s5"] == 0.0


def test_site_resampling_is_seeded_and_counts_only_pairs_drawn_together():
    rng = np.random.default_rng(8)
    m = pd.DataFrame(rng.integers(0, 2, size=(10, 12)).astype(float), index=[f"s{i}" for i in range(10)])
    d, _ = similarity.distance_matrix(m, "jaccard")
    from analysis.crosscity.clustering import cluster
    _, ref = cluster(d, "average", 3)
    a = consensus.resample_stability([m], ref, "jaccard", "average", 3, 40, 2, "sites", 0.6)
    b = consensus.resample_stability([m], ref, "jaccard", "average", 3, 40, 2, "sites", 0.6)
    pd.testing.assert_frame_equal(a[0], b[0])
    pd.testing.assert_frame_equal(a[1], b[1])
    v = a[0].to_numpy()
    assert np.nanmin(v) >= 0 and np.nanmax(v) <= 1
    assert ((a[1]["stability"] >= 0) & (a[1]["stability"] <= 1)).all()


def test_resampling_bad_input():
    ref = pd.Series([1, 1, 1, 2, 2, 2], index=[f"s{i}" for i in range(6)])
    with pytest.raises(ValueError, match="replicates"):
        consensus.resample_stability([_blocks()], ref, "jaccard", "average", 2, 0, 1, "sites")
    with pytest.raises(ValueError, match="mode"):
        consensus.resample_stability([_blocks()], ref, "jaccard", "average", 2, 5, 1, "columns")
    with pytest.raises(ValueError, match="fraction"):
        consensus.resample_stability([_blocks()], ref, "jaccard", "average", 2, 5, 1, "sites", 1.5)


# ---------------------------------------------------------------- meet and criterion
@settings(deadline=None)
@given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 2)), min_size=1, max_size=12))
def test_meet_refines_every_partition(labels):
    idx = [f"s{i}" for i in range(len(labels))]
    parts = {name: pd.Series([t[j] for t in labels], index=idx) for j, name in enumerate("abc")}
    g = consensus.meet(parts)
    for x in idx:
        for y in idx:
            together_all = all(p[x] == p[y] for p in parts.values())
            assert (g[x] == g[y]) == together_all


def test_criterion_prefers_the_weakest_admissible_assumption():
    choice, t = consensus.choose_headline(_criterion_table(), 0.25, 0.7, 0.5)
    assert choice == "imputed"  # admissible, and assumes less than 'absent' despite its lower stability
    assert t.set_index("reading")["admissible"].to_dict() == {"missing": False, "imputed": True, "absent": True}


def test_criterion_excludes_unstable_or_uninformative_readings():
    choice, _ = consensus.choose_headline(_criterion_table(stability_sites=[0.9, 0.4, 0.9],
                                                           stability_mechanisms=[0.9, 0.4, 0.9]), 0.25, 0.7, 0.5)
    assert choice == "absent"
    choice, _ = consensus.choose_headline(_criterion_table(share_pairs_without_common_mechanism=[0.0, 0.0, 0.0],
                                                           share_zero_distances=[0.1, 0.1, 0.1],
                                                           cophenetic_correlation=[0.8, 0.8, 0.8]), 0.25, 0.7, 0.5)
    assert choice == "missing"


def test_criterion_falls_back_when_nothing_is_admissible():
    choice, t = consensus.choose_headline(_criterion_table(stability_sites=[0.1] * 3, stability_mechanisms=[0.1] * 3),
                                          0.25, 0.7, 0.5)
    assert not t["admissible"].any() and choice == "imputed"  # meets two conditions, assumes less than absent
