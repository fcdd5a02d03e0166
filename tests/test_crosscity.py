"""Cross-city comparison: distances, clustering, stability (known answers and properties) and the coded data."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from scipy.spatial import distance as sd

from analysis import clustering, coding, similarity

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


def _blocks():
    m = np.array([[1, 1, 1, 0, 0, 0]] * 3 + [[0, 0, 0, 1, 1, 1]] * 3, dtype=float)
    return pd.DataFrame(m, index=[f"s{i}" for i in range(6)])


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
    _, ref = clustering.cluster(d, "average", 2)
    s = clustering.sensitivity(_blocks(), ["jaccard", "hamming"], clustering.LINKAGES, 2, ref)
    assert len(s) == 2 * len(clustering.LINKAGES) and (s["ari_vs_reference"] == 1.0).all()


# ---------------------------------------------------------------- the coded data
SITES = ["xiamen", "shanghai", "langfang", "beijing_chaoyang", "foshan_nanhai", "changshu", "shishi",
         "shanghai_jingan", "ningbo_beilun", "deqing", "suzhou", "tianjin", "sanming", "shenzhen_luohu",
         "xi_county", "tianchang", "qingpu", "zigong"]


def test_every_named_site_is_coded_with_pointers():
    g = coding.grid("six_elements")
    assert set(g["site"]) == set(SITES)
    for site in SITES:
        coded = g[(g["site"] == site) & (g["value"] != "not_reported")]
        assert len(coded) > 0, site
        assert coded["pointers"].str.contains("§").all(), site


def test_grid_is_complete_and_frameworks_agree():
    g6, g5 = coding.grid("six_elements"), coding.grid("five_city")
    assert len(g6) == len(SITES) * len(coding.load("codebook"))
    assert len(g5) == len(SITES) * coding.load("codebook")["five_city_category"].nunique()
    present6 = g6[g6["value"] == "present"].merge(coding.load("codebook"), left_on="feature", right_on="mechanism")
    pairs6 = set(zip(present6["site"], present6["five_city_category"]))
    pairs5 = set(zip(*g5[g5["value"] == "present"][["site", "feature"]].to_numpy().T))
    assert pairs6 == pairs5


def test_sites_in_several_sources_are_one_site_with_several_pointers():
    s = coding.sites_table().set_index("site")
    for site in ("deqing", "shenzhen_luohu"):
        assert s.loc[site, "sources"] == "chronic_care_review;consortium_overview"
    g = coding.grid("six_elements").set_index(["site", "feature"])
    assert g.loc[("shenzhen_luohu", "single_legal_entity"), "n_sources"] == 2


def test_disagreement_is_kept_and_shown(tmp_path, monkeypatch):
    from analysis import paths
    for name in ("elements", "codebook", "sites", "matrix", "outcome_map"):
        (tmp_path / f"{name}.csv").write_bytes((paths.CODING / f"{name}.csv").read_bytes())
    with open(tmp_path / "matrix.csv", "a", encoding="utf-8") as fh:
        fh.write("shenzhen_luohu,single_legal_entity,absent,chronic_care_review,9.9,test row\n")
    monkeypatch.setattr(paths, "CODING", tmp_path)
    coding._read.cache_clear()
    g = coding.grid("six_elements").set_index(["site", "feature"])
    cell = g.loc[("shenzhen_luohu", "single_legal_entity")]
    assert cell["value"] == "conflict" and cell["conflict"] and "§9.9" in cell["pointers"]
    assert np.isnan(coding.numeric(g.reset_index()).loc["shenzhen_luohu", "single_legal_entity"])
    coding._read.cache_clear()


def test_not_reported_never_becomes_absent_in_the_headline_matrix():
    g = coding.grid("six_elements")
    m = coding.numeric(g)
    assert m.isna().sum().sum() == (g["value"].isin(["not_reported", "conflict"])).sum()
    assert (m == 0).sum().sum() == (g["value"] == "absent").sum()


def test_five_city_comparison_rebuilt_from_coded_table():
    t = coding.five_city_comparison()
    assert list(t["city"]) == ["xiamen", "shanghai", "langfang", "beijing", "foshan"]
    assert t.set_index("city")["n_practices"].to_dict() == {"xiamen": 5, "shanghai": 3, "langfang": 2,
                                                          "beijing": 4, "foshan": 4}


def test_harmonised_outcomes_come_from_the_printed_values():
    o = coding.harmonised_outcomes().set_index("key")
    t = o.loc["tianchang_cost"]
    assert (t["before"], t["after"], t["change_printed"]) == ("8500", "7200", "15.3")
    assert t["change_computed"] == pytest.approx(-15.294, abs=1e-3)
    assert t["evidence"] == "unattributed claims" and t["favourable"] == "yes"
    assert o.loc["zigong_los", "evidence"] == "primary data with inferential statistics"
    assert set(o["evidence"]) <= set(coding.evidence_levels())


BASE = dict(framework="six_elements", metric="jaccard", linkage="average", not_reported="auto", n_clusters=2,
            n_imputations=5, n_boot=5, n_site_resamples=5, site_fraction=0.8, max_zero_share=0.25,
            min_cophenetic=0.7, min_stability=0.5, seed=1, lang="en")


def test_min_evidence_filters_sites():
    from analysis.crosscity import open_cross_city
    strict = open_cross_city(**{**BASE, "min_evidence": "programme report"})
    assert set(strict.sites["site"]) == {"zigong", "qingpu"}
    everyone = open_cross_city(**{**BASE, "min_evidence": "unattributed claims"})
    assert len(everyone.sites) == len(SITES)


def test_runs_with_other_parameters_and_is_reproducible():
    from analysis.crosscity import open_cross_city
    p = {**BASE, "framework": "five_city", "metric": "hamming", "linkage": "complete", "not_reported": "imputed",
         "n_clusters": 3, "min_evidence": "unattributed claims", "n_imputations": 8, "seed": 7}
    a, b = open_cross_city(**p), open_cross_city(**p)
    assert a.headline == "imputed" and a.chosen_by == "parameter"
    assert a.matrix.shape[1] == coding.load("codebook")["five_city_category"].nunique()
    for imp in a.readings["imputed"].matrices:  # imputed at mechanism level, aggregated to categories
        assert set(np.unique(imp.to_numpy())) <= {0.0, 1.0}
        coded = a.matrix.notna().to_numpy()
        assert np.array_equal(imp.to_numpy()[coded] >= a.matrix.to_numpy()[coded], np.ones(coded.sum(), bool))
    pd.testing.assert_frame_equal(a.readings["imputed"].co_imputations, b.readings["imputed"].co_imputations)
    pd.testing.assert_series_equal(a.clusters, b.clusters)
    assert set(a.criterion["reading"]) == {"missing", "imputed", "absent"}


def test_headline_follows_the_stated_criterion_on_the_coded_data():
    from analysis import consensus
    from analysis.crosscity import open_cross_city
    ctx = open_cross_city(**{**BASE, "n_clusters": 4, "min_evidence": "unattributed claims"})
    choice, _ = consensus.choose_headline(ctx.criterion.drop(columns=["stability", "informative", "tree_fits",
                                                                      "stable", "admissible", "headline"]),
                                          0.25, 0.7, 0.5)
    assert ctx.headline == choice and ctx.chosen_by == "criterion"
    row = ctx.criterion.set_index("reading")
    # keeping 'not reported' as missing leaves pairs of sites with nothing to compare: never informative here
    assert row.loc["missing", "share_pairs_without_common_mechanism"] > 0 and not row.loc["missing", "informative"]
    # the groups that hold under every reading refine each reading's partition
    for r in ctx.readings.values():
        for gid in ctx.groups.unique():
            members = ctx.groups.index[ctx.groups == gid]
            assert r.clusters.loc[members].nunique() == 1


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


def test_relative_change_known_answers():
    # Tianchang cost per admission: 8500 -> 7200 yuan, printed as a 15.3% fall
    rel, base, how = coding.relative_change("8500", "7200", "15.3", "relative", "down")
    assert rel == pytest.approx(-15.294, abs=1e-3) and base == "8500" and how.startswith("computed")
    assert coding.relative_change("", "", "30", "relative", "down")[0] == -30.0
    rel, base, how = coding.relative_change("", "43.96", "29.57", "unspecified", "up")
    assert np.isnan(rel) and base == "not printed" and "percentage points" in how
    o = coding.harmonised_outcomes()
    assert o["relative_basis"].notna().all()
    assert (o["relative_change_pct"].isna() == o["relative_basis"].str.startswith("not computable")).all()


def test_profiles_count_every_cell_once():
    g = coding.grid("six_elements")
    p = coding.profiles(g)
    assert p[list(coding.VALUES)].to_numpy().sum() == len(g)
    cb = coding.load("codebook")
    per_element = cb.groupby("element").size()
    totals = p.set_index(["site", "element"])[list(coding.VALUES)].sum(axis=1)
    assert all(totals[(s, e)] == per_element[e] for s, e in totals.index)


def test_mean_stability_counts_clusters_once_or_by_size():
    from analysis.crosscity import _mean_stability
    t = pd.DataFrame({"cluster": [1, 2, 3], "size": [3, 1, 2], "stability": [1.0, 0.5, np.nan]})
    assert _mean_stability(t) == pytest.approx(0.75)
    assert _mean_stability(t, by_size=True) == pytest.approx((3 * 1.0 + 0.5) / 4)
    assert np.isnan(_mean_stability(t.assign(stability=np.nan)))


def test_report_shows_kappa_after_the_revision_and_says_when_it_is_still_low():
    from types import SimpleNamespace

    from analysis import agreement, crosscity
    before, after = agreement.compare(), agreement.compare_recode()
    ctx = SimpleNamespace(comparison=before, recode=after, lang="en")
    html = crosscity.recode_agreement_section(ctx).data
    t = agreement.revision_agreement(before, after).set_index("mechanism")
    for m in agreement.revised_mechanisms():
        assert m in html
        assert f"{t.loc[m, 'kappa_present_after']:.3f}" in html and f"{t.loc[m, 'kappa_present_before']:.3f}" in html
    assert ("No revised mechanism is below 0.6" in html) == bool((t["kappa_present_after"] >= 0.6).all()
                                                                 and (t["kappa_all_after"] >= 0.6).all())
    # a recode on which the coders split on one mechanism is reported as still below 0.6
    worse = after.copy()
    rows = worse["mechanism"] == "tiered_chronic_management"
    worse.loc[rows, "second"] = np.where(worse.loc[rows, "first"] == "present", "not_reported", "present")
    worse["agree"] = worse["first"] == worse["second"]
    low = crosscity.recode_agreement_section(SimpleNamespace(comparison=before, recode=worse, lang="en")).data
    assert "Still below 0.6 after the revision, on either scale: tiered_chronic_management" in low
    adj = crosscity.recode_adjudication_section(ctx).data
    dis = agreement.disagreements(after)
    assert f"blind recode: {len(dis)}," in adj
    for r in dis.itertuples():
        assert r.site in adj and r.mechanism in adj


def _label_overlaps(fig) -> list[tuple[str, str]]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = [t for t in fig.axes[0].texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in texts]
    return [(a.get_text(), b.get_text()) for i, (a, ba) in enumerate(zip(texts, boxes))
            for b, bb in zip(texts[i + 1:], boxes[i + 1:]) if ba.overlaps(bb)]


def _crowded_pcoa():
    from analysis import crossfig
    rng = np.random.default_rng(3)
    ids = [f"s{i}" for i in range(14)]
    xy = np.vstack([rng.normal(0, 0.03, (12, 2)), [[0.5, 0.5], [0.5, 0.5]]])  # 12 crowded, 2 coincident
    sites = pd.DataFrame({"site": ids, "name": [f"Site number {i}" for i in range(14)]})
    clusters = pd.Series([1 + i % 3 for i in range(14)], index=ids)
    return crossfig.pcoa_figure(pd.DataFrame(xy, index=ids), [0.3, 0.2], clusters, sites, "t")


def test_pcoa_labels_do_not_overlap_and_coincident_sites_share_one():
    """A crowded layout (and two sites at the same place) and the committed comparison: label boxes are
    pairwise disjoint; the two coincident sites have one label."""
    import matplotlib.pyplot as plt
    from analysis import crossfig
    from analysis.build import notebook_defaults
    from analysis.crosscity import open_cross_city
    fig = _crowded_pcoa()
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_text()]
    assert len(labels) == 13 and "Site number 12 (C1); Site number 13 (C2)" in labels
    assert _label_overlaps(fig) == []
    plt.close(fig)
    ctx = open_cross_city(**notebook_defaults("cross_city"))
    coords, share = similarity.pcoa(ctx.main.distances)
    fig = crossfig.pcoa_figure(coords, share, ctx.main.clusters, ctx.sites, "committed")
    assert _label_overlaps(fig) == []
    plt.close(fig)


def test_pcoa_labels_never_depend_on_the_clock(monkeypatch):
    """adjustText stops after a number of steps, not after a time: a clock running 1,000 times fast gives
    the same figure (its default limit, one second of wall time, did not)."""
    import itertools

    import adjustText

    from analysis import figures
    normal = figures.render(_crowded_pcoa(), "png")
    ticks = itertools.count()
    monkeypatch.setattr(adjustText, "timer", lambda: next(ticks) * 1000.0)
    assert figures.render(_crowded_pcoa(), "png") == normal
