"""Normalised printed forms keep their length (positions map back) and read every spelling the sources use."""
from hypothesis import given, strategies as st

from analysis.extract.normal import NUMBER, cjk_share, cue, normalise


@given(st.text())
def test_normalising_keeps_the_length(text):
    assert len(normalise(text)) == len(text)


def test_full_width_signs_minus_and_chi_square():
    assert normalise("P\uff1c0.001\uff0ct\uff1d2.1") == "P<0.001\uff0ct=2.1"
    assert [normalise(s) for s in ("\u03c7\u00b2=6.02", "x2=6.02", "X2=6.02", "\u03c7^2=6.02")] == \
        ["\u03c72=6.02", "\u03c72=6.02", "\u03c72=6.02", "\u03c72 =6.02"]
    assert normalise("\u22125.536") == "-5.536" and normalise("2x2 table") == "2x2 table"


def test_numbers_and_cues():
    assert NUMBER.findall("1,250 to 1,530 (22.40%), r = .21, t = -2.14") == ["1,250", "1,530", "22.40", ".21", "-2.14"]
    assert cue("sample_size").match("n") and not cue("sample_size").match("mean")
    assert cjk_share("abc") == 0 and cjk_share("\u6837\u672c") == 1
