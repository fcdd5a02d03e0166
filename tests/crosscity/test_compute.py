"""The cross-city comparison computed once per parameter set: filters, readings, the headline criterion."""
import numpy as np
import pandas as pd
import pytest

from analysis.data import coding


# ---------------------------------------------------------------- the coded data
SITES = ["xiamen", "shanghai", "langfang", "beijing_chaoyang", "foshan_nanhai", "changshu", "shishi",
         "shanghai_jingan", "ningbo_beilun", "deqing", "suzhou", "tianjin", "sanming", "shenzhen_luohu",
         "xi_county", "tianchang", "qingpu", "zigong"]


BASE = dict(framework="six_elements", metric="jaccard", linkage="average", not_reported="auto", n_clusters=2,
            n_imputations=5, n_boot=5, n_site_resamples=5, site_fraction=0.8, max_zero_share=0.25,
            min_cophenetic=0.7, min_stability=0.5, seed=1, lang="en")


def test_min_evidence_filters_sites():
    from analysis.crosscity.compute import open_cross_city
    strict = open_cross_city(**{**BASE, "min_evidence": "programme report"})
    assert set(strict.sites["site"]) == {"zigong", "qingpu"}
    everyone = open_cross_city(**{**BASE, "min_evidence": "unattributed claims"})
    assert len(everyone.sites) == len(SITES)


def test_runs_with_other_parameters_and_is_reproducible():
    from analysis.crosscity.compute import open_cross_city
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
    from analysis.crosscity import consensus
    from analysis.crosscity.compute import open_cross_city
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


def test_mean_stability_counts_clusters_once_or_by_size():
    from analysis.crosscity.compute import mean_stability
    t = pd.DataFrame({"cluster": [1, 2, 3], "size": [3, 1, 2], "stability": [1.0, 0.5, np.nan]})
    assert mean_stability(t) == pytest.approx(0.75)
    assert mean_stability(t, by_size=True) == pytest.approx((3 * 1.0 + 0.5) / 4)
    assert np.isnan(mean_stability(t.assign(stability=np.nan)))


def test_one_cluster_numbering_serves_every_reading_table_and_figure():
    """Issue 18: a label means one cluster everywhere. The headline's clusters are numbered by the consensus tree
    (C1 met first); every other reading's cluster carries the number of the headline cluster it overlaps most,
    each number at most once per reading; the committed clusters table and every figure use these numbers."""
    import pandas as pd
    from scipy.cluster import hierarchy

    from analysis.build.runs import notebook_parameters
    from analysis.core.config import current
    from analysis.crosscity.compute import open_cross_city
    ctx = open_cross_city(**notebook_parameters("cross_city", "cross_city"))
    head = ctx.main.clusters
    imp = ctx.readings["imputed"]
    order = [imp.clusters.index[i] for i in hierarchy.leaves_list(imp.linkage)]
    assert list(dict.fromkeys(head.loc[order])) == list(range(1, head.nunique() + 1))
    for name, r in ctx.readings.items():
        lab = r.clusters.loc[head.index]
        for c in lab.unique():  # a cluster inside one headline cluster carries that cluster's number
            inside = set(head[lab == c])
            if len(inside) == 1 and (lab[head == next(iter(inside))] == c).sum() == (head == next(iter(inside))).sum():
                assert c == next(iter(inside)), (name, c)
        assert set(r.stability_sites["cluster"]) == set(r.clusters)
    committed = pd.read_csv(current().tables / "cross_city_clusters.csv").set_index("site")
    assert (committed["cluster"] == head.loc[committed.index]).all()
    assert (committed[f"cluster_{ctx.headline}"] == committed["cluster"]).all()
