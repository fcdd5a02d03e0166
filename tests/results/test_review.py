"""The second reading of the findings: the CSV, its agreement with the first grading, and the README's sentence
(issue 17, item 9)."""
import math

import pandas as pd
import pytest

from analysis.core.config import current
from analysis.core.errors import InputError
from analysis.results import review


def test_the_published_findings_carry_the_adjudicated_grading():
    r = review.load_review()
    assert list(r.columns) == review.REVIEW_COLUMNS
    review.check_published(r, pd.read_csv(current().findings, dtype=str, keep_default_na=False))


def test_a_finding_graded_otherwise_than_published_is_named():
    r = review.load_review().copy()
    f = pd.read_csv(current().findings, dtype=str, keep_default_na=False)
    r.loc[0, "adjudicated_severity"] = "note" if r.loc[0, "adjudicated_severity"] != "note" else "minor"
    with pytest.raises(InputError, match=f"{r.loc[0, 'study']}:{r.loc[0, 'finding']} is graded"):
        review.check_published(r, f)


def test_every_finding_was_read_twice_and_every_disagreement_adjudicated_with_a_reason():
    r = review.load_review()
    assert (r[["second_category", "second_severity", "adjudicated_category", "adjudicated_severity"]] != "pending"
            ).all().all()
    split = r[(r.agree_category == "no") | (r.agree_severity == "no")]
    assert len(split) and (split.adjudication_reason.str.len() > 80).all()


def test_agreement_is_pending_while_any_second_grading_is():
    r = review.load_review()
    a = review.agreement(r)
    pending = ((r.second_category == "pending") | (r.second_severity == "pending")).sum()
    assert a["status"] == ("pending" if pending else "done") and a["pending"] == pending


def test_the_readme_states_the_agreement_computed_from_the_csv():
    text = (current().root / "README.md").read_text(encoding="utf-8")
    assert review.agreement_sentence(review.load_review(), "en") in text


def _graded(first_cat, second_cat, first_sev, second_sev):
    n = len(first_cat)
    return pd.DataFrame({"first_category": first_cat, "second_category": second_cat,
                         "first_severity": first_sev, "second_severity": second_sev,
                         "study": ["s"] * n, "finding": [f"f{i}" for i in range(n)]})


def test_agreement_by_hand():
    """Four findings, categories agree on 3 (a, a, b, b against a, a, b, a): p_o = 3/4; margins 1/2, 1/2 against
    3/4, 1/4: p_e = 1/2 * 3/4 + 1/2 * 1/4 = 1/2; kappa = (3/4 - 1/2) / (1 - 1/2) = 0.5. Severities all agree but
    use two values: kappa 1."""
    cats = ["calculation_error", "calculation_error", "impossible_value", "impossible_value"]
    seconds = ["calculation_error", "calculation_error", "impossible_value", "calculation_error"]
    sevs = ["minor", "minor", "material", "material"]
    a = review.agreement(_graded(cats, seconds, sevs, sevs))
    assert a["status"] == "done" and a["category_agreement"] == 0.75 and a["category_disagreements"] == 1
    assert a["category_kappa"] == pytest.approx(0.5) and a["severity_kappa"] == pytest.approx(1.0)
    assert "category 75% raw, Cohen's kappa 0.50 (1 disagreements)" in review.agreement_sentence(
        _graded(cats, seconds, sevs, sevs), "en")
    one = review.agreement(_graded(["impossible_value"] * 2, ["impossible_value"] * 2, ["minor"] * 2, ["minor"] * 2))
    assert math.isnan(one["category_kappa"]) and one["category_agreement"] == 1.0


def test_a_bad_grading_names_file_row_and_column(tmp_path):
    from analysis.core.config import use
    root = tmp_path / "repo"
    (root / "data" / "review").mkdir(parents=True)
    bad = review.load_review().copy()
    bad.loc[0, "second_severity"] = "grave"
    bad.to_csv(root / "data" / "review" / "findings_review.csv", index=False)
    with use(current().with_root(root)):
        with pytest.raises(InputError, match=r"findings_review.csv, row 1 .*column 'second_severity'"):
            review.load_review()
    # a valid severity that differs from the first while agree_severity still says they agree
    bad.loc[0, "second_severity"] = "note" if bad.loc[0, "first_severity"] != "note" else "minor"
    bad.loc[0, "agree_severity"] = "yes"
    bad.to_csv(root / "data" / "review" / "findings_review.csv", index=False)
    with use(current().with_root(root)):
        with pytest.raises(InputError, match=r"column 'agree_severity'"):
            review.load_review()
