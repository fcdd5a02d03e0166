"""The coded data of the cross-city comparison: sites, grid, pointers, conflicts and harmonised outcomes."""
import numpy as np
import pytest

from analysis.data import coding

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


def test_disagreement_is_kept_and_shown(tree):
    with open(tree / "data" / "coding" / "matrix.csv", "a", encoding="utf-8") as fh:
        fh.write("shenzhen_luohu,single_legal_entity,absent,chronic_care_review,9.9,test row\n")
    g = coding.grid("six_elements").set_index(["site", "feature"])
    cell = g.loc[("shenzhen_luohu", "single_legal_entity")]
    assert cell["value"] == "conflict" and cell["conflict"] and "§9.9" in cell["pointers"]
    assert np.isnan(coding.numeric(g.reset_index()).loc["shenzhen_luohu", "single_legal_entity"])


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


def test_relative_change_known_answers():
    # Tianchang cost per admission: 8500 -> 7200 yuan, printed as a 15.3% fall
    rel, base, how = coding.relative_change("8500", "7200", "15.3", "relative", "down")
    assert rel == pytest.approx(-15.294, abs=1e-3) and base == "8500" and how == "computed"
    assert coding.relative_change("", "", "30", "relative", "down")[0] == -30.0
    rel, base, how = coding.relative_change("", "43.96", "29.57", "unspecified", "up")
    assert np.isnan(rel) and base == "not_printed" and how == "unspecified_change"  # relative or points: not said
    o = coding.harmonised_outcomes()
    assert o["relative_basis"].notna().all()
    assert (o["relative_change_pct"].isna() == o["relative_basis"].isin(["unspecified_change", "no_baseline"])).all()


def test_profiles_count_every_cell_once():
    g = coding.grid("six_elements")
    p = coding.profiles(g)
    assert p[list(coding.VALUES)].to_numpy().sum() == len(g)
    cb = coding.load("codebook")
    per_element = cb.groupby("element").size()
    totals = p.set_index(["site", "element"])[list(coding.VALUES)].sum(axis=1)
    assert all(totals[(s, e)] == per_element[e] for s, e in totals.index)


def test_not_reported_never_becomes_absent_in_the_headline_matrix():
    g = coding.grid("six_elements")
    m = coding.numeric(g)
    assert m.isna().sum().sum() == (g["value"].isin(["not_reported", "conflict"])).sum()
    assert (m == 0).sum().sum() == (g["value"] == "absent").sum()
    assert (m == 1).sum().sum() == (g["value"] == "present").sum()
