"""The cross-city report's coding sections: kappa before and after the revision, said plainly."""
import numpy as np


def test_report_shows_kappa_after_the_revision_and_says_when_it_is_still_low():
    from types import SimpleNamespace

    from analysis.crosscity import agreement
    from analysis.crosscity import sections_coding as crosscity
    before, after = agreement.compare(), agreement.compare_recode()
    ctx = SimpleNamespace(comparison=before, recode=after, lang="en")
    html = crosscity.recode_agreement_section(ctx).data
    t = agreement.revision_agreement(before, after).set_index("mechanism")
    from analysis.crosscity.words import words
    for m in agreement.revised_mechanisms():
        assert words()[m].en in html and m not in html  # a mechanism by its name, never by its identifier
        assert f"{t.loc[m, 'kappa_present_after']:.3f}" in html and f"{t.loc[m, 'kappa_present_before']:.3f}" in html
    assert ("No revised mechanism is below 0.6" in html) == bool((t["kappa_present_after"] >= 0.6).all()
                                                                 and (t["kappa_all_after"] >= 0.6).all())
    # a recode on which the coders split on one mechanism is reported as still below 0.6
    worse = after.copy()
    rows = worse["mechanism"] == "tiered_chronic_management"
    worse.loc[rows, "second"] = np.where(worse.loc[rows, "first"] == "present", "not_reported", "present")
    worse["agree"] = worse["first"] == worse["second"]
    low = crosscity.recode_agreement_section(SimpleNamespace(comparison=before, recode=worse, lang="en")).data
    import html
    assert "Still below 0.6 after the revision, on either scale: tiered chronic-disease management" in low
    adj = crosscity.recode_adjudication_section(ctx).data
    dis = agreement.disagreements(after)
    assert f"blind recode: {len(dis)}," in adj
    for r in dis.itertuples():  # each disagreement's site and mechanism, by name
        assert html.escape(words()[r.site].en) in adj and words()[r.mechanism].en in adj
