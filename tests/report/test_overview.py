"""The opening of a study report: the summary for reviewers (verdict, citation, what the page was built from), the
counts in one definition, the legend, and the run's parameters with the exact inputs."""
import re

from analysis.core.provenance import inputs_digest, lock_hash
from analysis.core.vocab import Verdict
from analysis.data.datapackage import descriptor
from analysis.report.overview import header, legend, run_parameters, run_rule, summary
from analysis.results.coverage import study_counts


def test_the_summary_for_reviewers_gives_the_verdict_the_citation_and_the_inputs(zigong):
    h = header(zigong).html
    assert h.startswith('<div id="summary"') and "<h1" not in h  # the page's one title is the site's
    c = study_counts(zigong.study, zigong.ledger)
    verdict = re.search(r'<p lang="en" class="verdict">(.*?)</p>', h).group(1)
    assert f"Of the {c['checkable']} printed numbers" in verdict
    assert f"{c['inconsistent'] + c['inconsistent_conclusion']} do not reproduce" in verdict
    assert '<p lang="zh" class="verdict">' in h
    assert zigong.study.meta["citation"][:30] in h and zigong.study.meta["title_zh"] in h
    # the source's extract gives no authors or journal: said plainly, in both languages
    assert zigong.study.meta.get("details_missing") and "gives no authors" in h and "原文摘录未给出作者" in h
    assert inputs_digest()[:16] in h and str(descriptor()["created"])[:10] in h


def test_the_run_section_states_the_parameters_and_the_exact_inputs(zigong):
    h = run_parameters(zigong).html
    assert f"<code>{inputs_digest()}</code>" in h and f"<code>{lock_hash()}</code>" in h
    assert "<code>zigong_hf_alliance</code>" in h


def test_the_summary_table_is_the_study_counts(zigong):
    c = study_counts(zigong.study, zigong.ledger)
    h = summary(zigong).html
    numbers, claims = re.findall(r'<table class="counts">.*?</table>', h, re.S)[:2]
    cells = re.findall(r'<td data-label="How many[^"]*">(\d+)</td>', numbers)
    expected = [c["printed"], c["checkable"], c["checks"]] + [c[v.value] for v in Verdict
                                                             if v not in (Verdict.INVALID, Verdict.UNDECIDABLE)]
    claim_cells = [int(x) for x in re.findall(r'<td data-label="How many[^"]*">(\d+)</td>', claims)]
    assert claim_cells == [c["claims"], c["claims_hold"], c["claims_fail"], c["claims_undecidable"],
                           c["restatements"]]
    assert [int(x) for x in cells] == expected


def test_claims_are_counted_apart_from_the_numbers(zigong):
    """Issue 17, item 8: a second table, the claims by outcome and the restatements apart."""
    c = study_counts(zigong.study, zigong.ledger)
    claims = re.findall(r'<table class="counts">.*?</table>', summary(zigong).html, re.S)[1]
    cells = [int(x) for x in re.findall(r'<td data-label="How many[^"]*">(\d+)</td>', claims)]
    assert cells == [c["claims"], c["claims_hold"], c["claims_fail"], c["claims_undecidable"], c["restatements"]]
    assert c["claims_undecidable"] == 1 and c["restatements"] == 1  # the two years; the years of 2.1


def test_the_legend_shows_every_verdict_but_invalid():
    for lang in ("en", "zh", "both"):
        b = legend(lang)
        for v in Verdict:
            assert (f"v-{v.value}\"" in b.html) is (v is not Verdict.INVALID)
            assert (f"{v.symbol} " in b.md) is (v is not Verdict.INVALID)


def test_run_rule():
    class NoParams:
        pass
    assert run_rule(NoParams()) == "half_up"
