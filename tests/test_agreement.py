"""Agreement of the two codings: Cohen's kappa against published output, the cell comparison, the adjudication."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from analysis import agreement, coding, paths
from analysis.errors import InputError


def _expand(table):
    """Two label vectors from a contingency table (rows: first rater, columns: second rater)."""
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


def test_kappa_against_sas_proc_freq_example():
    # SAS PROC FREQ, AGREE option, 3x3 table [[0, 4, 1], [0, 8, 0], [0, 1, 5]] (the printout pasted in
    # statsmodels/stats/tests/test_inter_rater.py, TestUnweightedCohens):
    #   Simple Kappa Coefficient: Kappa 0.4842, ASE 0.1380, 95% Lower Conf Limit 0.2137, Upper 0.7547
    a, b = _expand([[0, 4, 1], [0, 8, 0], [0, 1, 5]])
    r = agreement.kappa(a, b, categories=[0, 1, 2])
    assert r["kappa"] == pytest.approx(0.4842, abs=5e-5)
    assert r["se"] == pytest.approx(0.1380, abs=5e-5)
    assert (r["low"], r["high"]) == (pytest.approx(0.2137, abs=5e-5), pytest.approx(0.7547, abs=5e-5))
    assert r["agreement"] == pytest.approx(13 / 19)


# irr package (Gamer, Lemon, Fellows & Singh), data set `anxiety`: 20 subjects rated by 3 raters.
ANXIETY = np.array([3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3,
                    3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4,
                    2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2]).reshape(20, 3, order="F")


def test_kappa_against_r_irr_kappa2():
    # R: irr::kappa2(anxiety[, 2:3])
    #  Cohen's Kappa for 2 Raters (Weights: unweighted)
    #  Subjects = 20, Raters = 2, Kappa = -0.00629, z = -0.0604, p-value = 0.952
    #  (full precision as pasted in statsmodels' test suite: -0.006289308)
    r = agreement.kappa(ANXIETY[:, 1], ANXIETY[:, 2])
    assert r["kappa"] == pytest.approx(-0.006289308, abs=1e-9)
    assert r["n"] == 20


def test_kappa_by_hand_two_categories():
    # p_o = 3/4; marginals first (2, 2), second (1, 3) out of 4: p_e = (2*1 + 2*3)/16 = 1/2 -> kappa = 0.5
    r = agreement.kappa(["p", "p", "n", "n"], ["p", "n", "n", "n"])
    assert r["kappa"] == pytest.approx(0.5) and r["agreement"] == 0.75


def test_kappa_undefined_when_one_category_only():
    r = agreement.kappa(["x"] * 5, ["x"] * 5, categories=["x", "y"])
    assert np.isnan(r["kappa"]) and r["agreement"] == 1.0


codes = st.lists(st.sampled_from(coding.VALUES), min_size=2, max_size=40)


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


def test_kappa_bad_input():
    with pytest.raises(ValueError, match="differ in length"):
        agreement.kappa(["a"], ["a", "b"])
    with pytest.raises(ValueError, match="no items"):
        agreement.kappa([], [])


def test_cells_reduce_rows_to_one_value_per_cell():
    f = pd.DataFrame({"site": ["s", "s", "t"], "mechanism": ["m", "m", "m"], "value": ["present", "absent", "absent"],
                      "source": ["a", "b", "a"], "section": ["1", "2", "3"], "note": ["", "", ""]})
    c = agreement.cells(f, ["s", "t", "u"], ["m"]).set_index("site")
    assert c.loc["s", "value"] == "conflict" and c.loc["s", "pointers"] == "a §1; b §2"
    assert c.loc["t", "value"] == "absent" and c.loc["u", "value"] == "not_reported"


# ---------------------------------------------------------------- the committed codings
def test_both_codings_cover_every_cell():
    cmp = agreement.compare()
    n_sites, n_mech = len(coding.load("sites")), len(coding.load("codebook"))
    assert len(cmp) == n_sites * n_mech == len(agreement.load_second())
    assert set(cmp["first"]) <= set(coding.VALUES) and set(cmp["second"]) <= set(coding.VALUES)
    # a first-coding cell without a row is compared as not reported
    first_rows = set(zip(agreement.load_first()["site"], agreement.load_first()["mechanism"]))
    missing = cmp[[(s, m) not in first_rows for s, m in zip(cmp["site"], cmp["mechanism"])]]
    assert (missing["first"] == "not_reported").all()


def test_every_disagreement_is_adjudicated_and_the_matrix_is_the_result():
    cmp, adj = agreement.compare(), agreement.load_adjudication()
    agreement.check_adjudication(cmp, adj)  # raises if one is missing, doubled or misquoted
    assert len(adj) == int((~cmp["agree"]).sum())
    rebuilt = agreement.adjudicated_matrix()  # first coding, adjudicated, then recoded under the revised rules
    committed = coding.load("matrix")
    key = ["site", "mechanism", "source", "section"]
    pd.testing.assert_frame_equal(rebuilt.sort_values(key).reset_index(drop=True),
                                  committed.sort_values(key).reset_index(drop=True))
    after = agreement.compare(first=committed).set_index(["site", "mechanism"])["first"]
    for r in adj.itertuples():
        assert after[(r.site, r.mechanism)] == r.resolved, (r.site, r.mechanism)


def test_adjudicate_known_answer():
    first = pd.DataFrame({"site": ["s", "s"], "mechanism": ["a", "b"], "value": ["present", "absent"],
                          "source": ["x", "x"], "section": ["1", "2"], "note": ["", ""]})
    adj = pd.DataFrame([
        {"site": "s", "mechanism": "a", "first": "present", "second": "not_reported", "resolved": "not_reported",
         "reason": "r", "source": "x", "section": "1"},
        {"site": "s", "mechanism": "b", "first": "absent", "second": "conflict", "resolved": "conflict",
         "reason": "r", "source": "y", "section": "9"},
        {"site": "s", "mechanism": "c", "first": "not_reported", "second": "present", "resolved": "present",
         "reason": "r", "source": "y", "section": "3"}])
    out = agreement.adjudicate(first, adj)
    cells = agreement.cells(out, ["s"], ["a", "b", "c"]).set_index("mechanism")["value"].to_dict()
    assert cells == {"a": "not_reported", "b": "conflict", "c": "present"}


def test_adjudication_that_misses_a_disagreement_fails_clearly():
    cmp, adj = agreement.compare(), agreement.load_adjudication()
    with pytest.raises(InputError, match="not adjudicated"):
        agreement.check_adjudication(cmp, adj.iloc[1:])
    bad = adj.copy()
    bad.loc[2, "second"] = "absent" if bad.loc[2, "second"] != "absent" else "present"
    with pytest.raises(InputError, match=r"adjudication.csv, row 3.*column 'second'"):
        agreement.check_adjudication(cmp, bad)
    bad = adj.copy()
    bad.loc[0, "reason"] = " "
    with pytest.raises(InputError, match="reason is empty"):
        agreement.check_adjudication(cmp, bad)


def test_bad_second_coding_fails_with_file_row_and_column(tmp_path, monkeypatch):
    for p in paths.CODING.glob("*.csv"):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    lines = (tmp_path / "second_coding.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("not_reported", "maybe", 1)  # data row 2: zigong x tiered_chronic_management
    (tmp_path / "second_coding.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(paths, "CODING", tmp_path)
    coding._read.cache_clear()
    try:
        with pytest.raises(InputError, match=r"second_coding.csv, row 2.*column 'value'"):
            agreement.load_second()
    finally:
        coding._read.cache_clear()


def test_mechanisms_below_0_6_have_a_recorded_revision():
    t = agreement.agreement_table(agreement.compare(), "mechanism")
    low = set(t.loc[(t["kappa_present"] < 0.6) | (t["kappa_all"] < 0.6), "mechanism"])
    rev = coding.load("codebook_revisions")
    assert low and low == set(rev["mechanism"])
    cb = coding.load("codebook").set_index("mechanism")
    for r in rev.itertuples():
        assert cb.loc[r.mechanism, r.field] == r.after and r.before != r.after
        assert float(r.kappa_all_before) == pytest.approx(t.set_index("mechanism").loc[r.mechanism, "kappa_all"],
                                                          abs=5e-4)


def test_recode_under_revised_rules_is_recorded_and_checked():
    rec = agreement.load_recode()
    rev = coding.load("codebook_revisions")
    assert set(rec["mechanism"]) <= set(rev["mechanism"])  # only revised mechanisms are recoded
    for r in rec.itertuples():
        assert set(rev.loc[rev["revision"] == str(r.revision), "mechanism"]) == {r.mechanism}
    adj = agreement.adjudicate(agreement.load_first(), agreement.load_adjudication())
    bad = rec.copy()
    bad.loc[0, "before"] = "absent"
    with pytest.raises(InputError, match=r"first_recode.csv, row 1.*column 'before'"):
        agreement.apply_recode(adj, bad)
    out = agreement.cells(agreement.apply_recode(adj, rec), list(coding.load("sites")["site"]),
                          list(coding.load("codebook")["mechanism"])).set_index(["site", "mechanism"])["value"]
    for r in rec.itertuples():
        assert out[(r.site, r.mechanism)] == r.after
