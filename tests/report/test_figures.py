"""Report figures: byte-identical renders, Chinese drawn with its font, labels wrapped at words, ratios by hand."""
import warnings

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.report import figures
from analysis.text.catalogue import Msg, Text


def test_figures_draw_chinese_without_missing_glyphs():
    """Row labels printed in Chinese (2020年) are drawn with the bundled Noto Sans CJK, not as empty boxes."""
    eff = pd.DataFrame({"table": ["Table 1"], "comparison": ["年龄（岁）"], "measure": ["risk ratio"],
                        "first": ["2020年"], "second": ["2022年"], "estimate": [0.9], "low": [0.8], "high": [1.1],
                        "table_text": [Text("Table 1", "表1")], "measure_code": ["risk_ratio"],
                        "comparison_msg": [Msg.of("effect.variable", label=Text("年龄（岁）", "年龄（岁）"))]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = figures.render(figures.effects_figure(eff), "png")
    assert png == figures.render(figures.effects_figure(eff), "png")
    svg = figures.render(figures.effects_figure(eff), "svg").decode()
    assert "2022年" in svg and "Noto Sans CJK SC" in svg  # text kept as text, with its font named


def test_ledger_figure_draws_a_reproduced_bound_at_one():
    """A p-value printed as <0.001 and reproduced is not drawn as an extreme discrepancy."""
    assert figures._ratio("<0.001", "1.3e-101", "consistent") == 1.0
    assert figures._ratio("24.64", "34.6356", "inconsistent") == pytest.approx(34.6356 / 24.64)


def test_labels_are_wrapped_not_cut():
    label = "Table 5: growth of downward referrals of the example county hospital (%)"
    for line in figures.wrap(label, 30, 3).split("\n"):
        assert line.replace(" …", "") in label and not line.endswith(("-", "gr"))


@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=1, max_size=15),
       st.integers(10, 40))
def test_wrap_keeps_whole_words_and_the_line_limit(words, width):
    text = " ".join(words)
    lines = figures.wrap(text, width, 99).split("\n")
    assert " ".join(lines) == text  # nothing cut or lost when the lines suffice
    assert all(len(ln) <= width or " " not in ln for ln in lines)


@pytest.mark.parametrize("text,value", [("24.64", 24.64), ("<0.001", 0.001), ("~40", 40.0), ("-5.5", -5.5)])
def test_as_float_reads_printed_numbers(text, value):
    assert figures.as_float(text) == value
    assert figures.as_float("n/a") != figures.as_float("n/a")  # NaN: not drawn


@pytest.mark.parametrize("text,value", [("94,203", 94203.0), ("−5.5", -5.5)])
def test_as_float_reads_what_parse_printed_reads(text, value):
    assert figures.as_float(text) == value


def test_no_axis_of_the_effects_figure_mixes_units(zigong):
    """Issue 18: a mean difference is in the unit of its variable (days, yuan, %, years): each has a panel of its
    own; the unitless measures (Hedges' g, risk difference and ratio, rate ratio) keep one panel each."""
    from analysis.report.figures import UNIT_MEASURES, effects_figure
    panels = figures.effect_panels(zigong.effects)
    for d in panels:
        if d["measure_code"].iloc[0] in UNIT_MEASURES:
            assert d["comparison"].nunique() == 1, list(d["comparison"])
        assert d["measure_code"].nunique() == 1
    means = zigong.effects[zigong.effects["measure_code"] == "mean_difference"]["comparison"].nunique()
    fig = effects_figure(zigong.effects, lang="en")
    assert len(fig.get_axes()) == len(panels) >= means + 1
