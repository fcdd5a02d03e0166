"""Agreement of the two codings: the cell comparison, the adjudication, the recode (Cohen's kappa itself is
tested in tests/stats/test_agreement.py)."""
import numpy as np
import pandas as pd
import pytest

from analysis.core.config import current
from analysis.core.errors import InputError
from analysis.crosscity import agreement
from analysis.data import coding
from tests.crosscity.results import results_agreement as ref


_kappa_by_hand = ref.kappa_by_definition


# ---------------------------------------------------------------- the recode under the revised rules
def _grid():
    return list(coding.load("sites")["site"]), agreement.revised_mechanisms()


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
    agreement.check_adjudication(cmp, adj, "initial")  # raises if one is missing, doubled or misquoted
    assert (adj["round"] == "initial").sum() == int((~cmp["agree"]).sum())
    # first coding, adjudicated, recoded under the revised rules, then the recode disagreements adjudicated
    rebuilt = agreement.adjudicated_matrix()
    committed = coding.load("matrix")
    key = ["site", "mechanism", "source", "section"]
    pd.testing.assert_frame_equal(rebuilt.sort_values(key).reset_index(drop=True),
                                  committed.sort_values(key).reset_index(drop=True))
    # byte for byte, as the package writes it
    assert (current().coding / "matrix.csv").read_text(encoding="utf-8") == rebuilt.to_csv(index=False,
                                                                                        lineterminator="\n")
    after = agreement.compare(first=committed).set_index(["site", "mechanism"])["first"]
    last = adj.assign(_r=adj["round"].map(agreement.ROUNDS.index)).sort_values("_r").groupby(
        ["site", "mechanism"]).tail(1)
    for r in last.itertuples():  # the last round's resolution is what the matrix holds
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
    bad.loc[1, "round"] = "third"
    with pytest.raises(InputError, match=r"adjudication.csv, row 2.*column 'round'"):
        agreement.check_adjudication(cmp, bad)
    bad = adj.copy()
    bad.loc[2, "second"] = "absent" if bad.loc[2, "second"] != "absent" else "present"
    with pytest.raises(InputError, match=r"adjudication.csv, row 3.*column 'second'"):
        agreement.check_adjudication(cmp, bad)
    bad = adj.copy()
    bad.loc[0, "reason"] = " "
    with pytest.raises(InputError, match="reason is empty"):
        agreement.check_adjudication(cmp, bad)


def test_bad_second_coding_fails_with_file_row_and_column(tree):
    path = tree / "data" / "coding" / "second_coding.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("not_reported", "maybe", 1)  # data row 2: zigong x tiered_chronic_management
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"second_coding.csv, row 2.*column 'value'"):
        agreement.load_second()


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


def test_second_recode_has_one_row_per_site_and_revised_mechanism():
    rec = agreement.load_second_recode()
    sites, mechs = _grid()
    assert list(rec.columns) == ["site", "mechanism", "value", "source", "section", "note"]  # as delivered
    assert len(rec) == len(sites) * len(mechs) == 72
    assert set(mechs) == set(coding.load("codebook_revisions")["mechanism"])
    assert set(zip(rec["site"], rec["mechanism"])) == {(s, m) for s in sites for m in mechs}
    # a present value always carries a pointer; not reported carries none
    present = rec[rec["value"] == "present"]
    assert (present["source"] != "").all() and (present["section"] != "").all()


def test_bad_second_recode_fails_with_file_row_and_column(tree):
    path = tree / "data" / "coding" / "second_recode.csv"
    original = path.read_text(encoding="utf-8").splitlines()
    cases = [(3, "not_reported", "maybe", r"second_recode.csv, row 3.*column 'value'"),
             (1, "tiered_chronic_management", "two_way_referral", r"second_recode.csv, row 1.*column 'mechanism'")]
    for row, old, new, message in cases:
        lines = list(original)
        assert old in lines[row]
        lines[row] = lines[row].replace(old, new, 1)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(InputError, match=message):
            agreement.load_second_recode()
    path.write_text("\n".join(original[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="1 site x mechanism cell"):
        agreement.load_second_recode()


def test_first_side_of_the_recode_is_the_matrix_before_the_post_revision_round():
    sites, mechs = _grid()
    held = agreement.cells(agreement.recoded_first(), sites, mechs)
    rc = agreement.compare_recode()
    assert list(rc["first"]) == list(held["value"])
    # built by hand: the first coding, the initial round applied, then first_recode.csv
    adj = agreement.load_adjudication()
    by_hand = agreement.cells(agreement.load_first(), sites, mechs).set_index(["site", "mechanism"])["value"]
    for r in adj[adj["round"] == "initial"].itertuples():
        if r.mechanism in mechs:
            by_hand[(r.site, r.mechanism)] = r.resolved
    for r in agreement.load_recode().itertuples():
        by_hand[(r.site, r.mechanism)] = r.after
    assert list(by_hand) == list(held["value"])
    second = agreement.cells(agreement.load_second_recode(), sites, mechs)
    assert list(rc["second"]) == list(second["value"]) and len(rc) == 72


def test_post_revision_agreement_from_the_committed_files():
    before, after = agreement.compare(), agreement.compare_recode()
    t = agreement.revision_agreement(before, after).set_index("mechanism")
    mechs = agreement.revised_mechanisms()
    assert list(t.index) == mechs + ["all revised"]
    for m in mechs + ["all revised"]:
        for tag, cmp in (("before", before[before["mechanism"].isin(mechs)]), ("after", after)):
            g = cmp if m == "all revised" else cmp[cmp["mechanism"] == m]
            a, b = g["first"].to_numpy(), g["second"].to_numpy()
            pa, pb = a == "present", b == "present"
            assert t.loc[m, f"kappa_present_{tag}"] == pytest.approx(_kappa_by_hand(pa, pb), nan_ok=True)
            assert t.loc[m, f"kappa_all_{tag}"] == pytest.approx(_kappa_by_hand(a, b), nan_ok=True)
            assert t.loc[m, f"agreement_all_{tag}"] == pytest.approx(np.mean(a == b))
            assert t.loc[m, f"n_{tag}"] == len(g)
            k = t.loc[m, f"kappa_present_{tag}"]
            assert t.loc[m, f"low_present_{tag}"] <= k + 1e-12 <= t.loc[m, f"high_present_{tag}"] + 2e-12
    # the codebook revisions record exactly these kappas, before and after
    rev = coding.load("codebook_revisions")
    for r in rev.itertuples():
        assert float(r.kappa_present_before) == pytest.approx(t.loc[r.mechanism, "kappa_present_before"], abs=5e-4)
        assert float(r.kappa_present_after) == pytest.approx(t.loc[r.mechanism, "kappa_present_after"], abs=5e-4)
        assert float(r.kappa_all_after) == pytest.approx(t.loc[r.mechanism, "kappa_all_after"], abs=5e-4)
        assert r.second_coder_recode.startswith("done")
        assert f"kappa after {t.loc[r.mechanism, 'kappa_present_after']:.2f}" in r.second_coder_recode


def test_every_recode_disagreement_is_adjudicated_exactly_once():
    rc, adj = agreement.compare_recode(), agreement.load_adjudication()
    agreement.check_adjudication(rc, adj, "post_revision")
    post = adj[adj["round"] == "post_revision"]
    dis = agreement.disagreements(rc)
    assert sorted(zip(post["site"], post["mechanism"])) == sorted(zip(dis["site"], dis["mechanism"]))
    assert not post.duplicated(["site", "mechanism"]).any()
    assert set(post["mechanism"]) <= set(agreement.revised_mechanisms())
    # a doubled row, a missing row and a row that is not a disagreement of the recode all fail
    with pytest.raises(InputError, match="adjudicated twice in the post_revision round"):
        agreement.check_adjudication(rc, pd.concat([adj, post], ignore_index=True), "post_revision")
    with pytest.raises(InputError, match="post_revision round not adjudicated"):
        agreement.check_adjudication(rc, adj[adj["round"] == "initial"], "post_revision")
    agreed = rc[rc["agree"]].iloc[0]
    extra = post.iloc[[0]].assign(site=agreed["site"], mechanism=agreed["mechanism"])
    with pytest.raises(InputError, match=rf"row {len(adj) + 1}.*column 'site'"):
        agreement.check_adjudication(rc, pd.concat([adj, extra], ignore_index=True), "post_revision")


def test_post_revision_round_changes_the_matrix_only_where_it_resolves():
    sites, _, _ = agreement._grid_axes()
    mechs = list(coding.load("codebook")["mechanism"])
    before = agreement.cells(agreement.recoded_first(), sites, mechs).set_index(["site", "mechanism"])["value"]
    after = agreement.cells(agreement.adjudicated_matrix(), sites, mechs).set_index(["site", "mechanism"])["value"]
    adj = agreement.load_adjudication()
    post = {(r.site, r.mechanism): r.resolved for r in adj[adj["round"] == "post_revision"].itertuples()}
    changed = {k for k in before.index if before[k] != after[k]}
    assert changed == {k for k, v in post.items() if v != before[k]}
    for k in changed:
        assert after[k] == post[k]
