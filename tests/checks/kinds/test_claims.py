"""Claims of the text: wording, the complete count in the README, and answers checked by hand.

A claim is a row of ``data/checks/<study>.csv`` with a section and our own wording; rows that share
the section and the English wording are one claim. Claims the printed numbers cannot decide are in
``data/checks/uncheckable_claims.csv`` (resource ``checks/uncheckable_claims``, kind
``claims_register``).
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache

import pytest

from analysis.core.config import current
from analysis.data import datapackage, validation
from analysis.data.datapackage import load_study, study_ids
from analysis.data.specs import load_specs
from analysis.results.ledger import outcomes
from tests.checks.kinds.results.results_claims import KNOWN_ANSWERS

REGISTER = current().checks / "uncheckable_claims.csv"


ENGINE_BLOCKED = "needs engine support"


def _register() -> list[dict]:
    with open(REGISTER, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=None)
def _verdicts(study: str) -> dict[str, str]:
    """check_id -> worst verdict of the check (a check may judge several printed numbers)."""
    out: dict[str, str] = {}
    for spec, o in outcomes(load_study(study)):
        if out.get(spec.check_id, "consistent") == "consistent":
            out[spec.check_id] = o.verdict.value
    return out


def _claims(study: str) -> dict[tuple[str, str], list[str]]:
    """(section, claim_en) -> check ids of the claims of the text (kinds that judge no printed number), in
    specification order. A number printed in the text (a growth restated in the abstract) is a number, counted
    with the numbers, not here."""
    claims: dict[tuple[str, str], list[str]] = {}
    for spec in load_specs(load_study(study)):
        if spec.is_claim:
            claims.setdefault((spec.section, spec.claim_en), []).append(spec.check_id)
    return claims


def _restated(study: str) -> set[tuple[str, str]]:
    """Claims every row of which restates numbers printed in the same clause (specification column restates)."""
    rows: dict[tuple[str, str], list[str]] = {}
    for spec in load_specs(load_study(study)):
        if spec.is_claim:
            rows.setdefault((spec.section, spec.claim_en), []).append(spec.restates)
    return {k for k, v in rows.items() if all(x == "same_clause" for x in v)}


def _counts(study: str) -> dict[str, object]:
    claims = _claims(study)
    reg = [r for r in _register() if r["study"] == study]
    blocked = sum(r["reason"].startswith(ENGINE_BLOCKED) for r in reg)
    verdicts = _verdicts(study)

    def outcome(ids):  # the worst verdict of a claim's checks, as the ledger orders them
        order = ["consistent", "consistent_if_rounding", "undecidable", "inconsistent", "inconsistent_conclusion"]
        return max((verdicts[i] for i in ids), key=order.index)
    restated = _restated(study)
    own = {k: v for k, v in claims.items() if k not in restated}
    false = sorted(min(ids) for ids in claims.values() if outcome(ids) in ("inconsistent", "inconsistent_conclusion"))
    return {"found": len(claims) + len(reg), "checked": len(claims) + blocked, "restatements": len(restated),
            "independent": len(own), "hold": sum(outcome(v) == "consistent" for v in own.values()),
            "fail": sum(outcome(v) in ("inconsistent", "inconsistent_conclusion") for v in own.values()),
            "undecidable": sum(outcome(v) == "undecidable" for v in own.values()),
            "uncheckable": len(reg) - blocked, "false": false}


def _readme_table() -> dict[str, dict[str, object]]:
    text = (current().root / "README.md").read_text(encoding="utf-8")
    section = text.split("## Claims in the text", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"^\| `([a-z_]+)` \|" + r" (\d+) \|" * 8 + r" (.*) \|$", line)
        if m:
            sid, *nums, false = m.groups()
            keys = ("found", "checked", "restatements", "independent", "hold", "fail", "undecidable", "uncheckable")
            rows[sid] = dict(zip(keys, map(int, nums)), false=sorted(re.findall(r"`([a-z0-9_]+)`", false)))
    return rows


def test_every_claim_row_has_its_section_and_our_words():
    for sid in study_ids():
        for spec in load_specs(load_study(sid)):
            if spec.is_claim or spec.claim_en or spec.claim_zh:
                assert spec.section and spec.claim_en and spec.claim_zh, (sid, spec.check_id)
                assert re.search(r"[\u4e00-\u9fff]", spec.claim_zh), (sid, spec.check_id)


def test_english_wording_has_no_chinese_characters():
    """claim_en becomes a figure label, and the pinned environment has no CJK font."""
    cjk = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")
    for sid in study_ids():
        for spec in load_specs(load_study(sid)):
            assert not cjk.search(spec.claim_en), (sid, spec.check_id)
    for r in _register():
        assert not cjk.search(r["claim_en"]), r["claim_id"]


def test_rows_of_one_claim_share_both_wordings():
    for sid in study_ids():
        zh: dict[tuple[str, str], str] = {}
        for spec in load_specs(load_study(sid)):
            if spec.claim_en:
                assert zh.setdefault((spec.section, spec.claim_en), spec.claim_zh) == spec.claim_zh, spec.check_id


def test_register_is_a_valid_resource_with_unique_claims():
    desc = next(r for r in datapackage.descriptor()["resources"] if r["path"] == "checks/uncheckable_claims.csv")
    assert desc["kind"] == "claims_register" and "study" not in desc  # not a study's check specification
    assert validation.frictionless_errors(desc) == []
    reg = _register()
    assert {r["study"] for r in reg} <= set(study_ids())
    keys = [(r["study"], r["claim_id"]) for r in reg]
    assert len(keys) == len(set(keys))
    for r in reg:
        assert r["section"] and r["claim_en"] and r["claim_zh"] and r["reason"], r


def test_no_claim_is_both_checked_and_in_the_register():
    for sid in study_ids():
        checked = {en for _, en in _claims(sid)}
        checked_ids = {spec.check_id for spec in load_specs(load_study(sid))}
        for r in _register():
            if r["study"] == sid:
                assert r["claim_en"] not in checked and r["claim_id"] not in checked_ids, r


def test_listed_items_are_counted_as_listed():
    """items_count is our count of the '; '-separated items; a claim compares it with the printed count."""
    paths = sorted(current().raw.glob("*/listed_items.csv"))
    assert paths  # four studies list items today; an empty glob would check nothing
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                assert int(rec["items_count"]) == len(rec["items"].split("; ")), (path.name, rec["key"])


def test_readme_table_agrees_with_the_specs_and_the_register():
    table = _readme_table()
    assert set(table) == set(study_ids())
    for sid in study_ids():
        assert table[sid] == _counts(sid), sid


def test_readme_total_is_the_sum_of_the_rows():
    text = (current().root / "README.md").read_text(encoding="utf-8").split("## Claims in the text", 1)[1]
    total = re.search(r"\| \*\*total\*\* \|" + r" \*\*(\d+)\*\* \|" * 8, text)
    assert total, "total row missing"
    counts = [_counts(s) for s in study_ids()]
    keys = ("found", "checked", "restatements", "independent", "hold", "fail", "undecidable", "uncheckable")
    assert [int(x) for x in total.groups()] == [sum(c[k] for c in counts) for k in keys]


@pytest.mark.parametrize("study, check_id, expected", KNOWN_ANSWERS)
def test_known_answers(study, check_id, expected):
    assert _verdicts(study)[check_id] == expected


def test_a_claim_turns_false_when_its_printed_count_differs(tree):
    """The count claims compare a printed count with the items listed: change one and the claim fails."""
    from analysis.data.validation import write_manifest

    path = tree / "data" / "raw" / "chronic_care_review" / "listed_items.csv"
    text = path.read_text(encoding="utf-8")
    old = "drugs and devices; information,7"
    assert old in text
    path.write_text(text.replace(old, "drugs and devices,6"), encoding="utf-8")
    write_manifest()
    verdicts = {s.check_id: o.verdict.value for s, o in outcomes(load_study("chronic_care_review"))}
    assert verdicts["s2_2_6_seven_unifications"] == "inconsistent"


def test_a_predicate_is_bounded_in_depth_and_length():
    # issue 19: a 1,200-term claim predicate ended in a RecursionError traceback
    from fractions import Fraction

    from analysis.checks.kinds.claims import MAX_PREDICATE_DEPTH, MAX_PREDICATE_LENGTH, evaluate_predicate
    with pytest.raises(ValueError, match=f"nested more than {MAX_PREDICATE_DEPTH} levels deep"):
        evaluate_predicate(" + ".join(["a"] * 1200) + " > 0", {"a": Fraction(1)})
    with pytest.raises(ValueError, match=f"more than {MAX_PREDICATE_LENGTH}"):
        evaluate_predicate("a > 0 and " * 3000 + "a > 0", {"a": Fraction(1)})
    # the same 1,200 terms as a list stay shallow and are evaluated: 1200 × 1 = 1200
    assert evaluate_predicate("sum([" + ", ".join(["a"] * 1200) + "]) == 1200", {"a": Fraction(1)}) is True
