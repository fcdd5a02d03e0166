"""Growth, decline, share and rate statements, significance statements and the methods' alpha in running text."""
from analysis.extract.prose import change_rows, percentages_without_base, share_rows, statements, threshold
from analysis.extract.stream import prose_stream


def _s(*lines):
    return prose_stream(list(lines), [])


def test_growth_and_decline_with_both_counts():
    s = _s("\u95e8\u8bca\u4eba\u6b21\u7531 1250 \u589e\u81f3 1530\uff0c\u589e\u957f\u4e86 22.40%\u3002",
           "\u8d39\u7528\u4ece8500\u5143\u964d\u81f37200\u5143,\u4e0b\u964d15.3%\u3002")
    assert [(r.kind, r.values["before"], r.values["after"], r.values["target"]) for r in change_rows(s)] == \
        [("growth", "1250", "1530", "22.40"), ("decline", "8500", "7200", "15.3")]


def test_a_change_without_its_base():
    s = _s("\u95e8\u8bca\u91cf\u589e\u957f\u4e86 25.49%\u3002")
    assert [n for _, _, n, _ in percentages_without_base(s, [])] == ["25.49"]


def test_shares_take_the_named_total_or_the_count_before():
    s = _s("\u5171\u8ba1\u7b5b\u67e5 1000 \u4eba\u6b21\uff0c\u9ad8\u5371 120 \u4eba\uff0c\u5360\u6bd4 12.00%\uff0c"
           "\u4e2d\u5371 300 \u4eba\uff0c\u5360\u6bd4 30.00%\u3002\u4efb\u52a1 400 \u4eba\uff0c\u5b8c\u6210 500 \u4eba\uff0c"
           "\u5b8c\u6210\u7387\u4e3a 125.00%\u3002")
    rows = share_rows(s)
    assert [(r.kind, r.values.get("part") or r.values.get("numerator"), r.values.get("whole") or
             r.values.get("denominator")) for r in rows] == [("share", "120", "1000"), ("share", "300", "1000"),
                                                              ("ratio", "500", "400")]


def test_significance_statements_and_the_alpha():
    s = _s("\u6536\u7f29\u538b\u548c\u8212\u5f20\u538b\u5747\u663e\u8457\u4e0b\u964d(\u5747P < 0.05)\uff0c"
           "\u8d39\u7528\u660e\u663e\u51cf\u5c11(P < 0.05)\u3002",
           "Both scores fell (both P < 0.05).",
           "P < 0.05 \u4e3a\u5dee\u5f02\u6709\u7edf\u8ba1\u5b66\u610f\u4e49\u3002")
    alpha, line, span = threshold(s)
    assert (alpha, line) == ("0.05", 3)
    found = statements(s, [span])
    assert [(st.rel, st.bound, st.all) for st in found] == [("<", "0.05", True), ("<", "0.05", False),
                                                            ("<", "0.05", True)]
    assert found[0].clause.endswith("\u663e\u8457\u4e0b\u964d") and found[1].clause.startswith("\u8d39\u7528")
