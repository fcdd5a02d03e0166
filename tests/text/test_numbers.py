"""Numbers as a reader sees them: printed decimals, p-values, estimates, printed/recomputed pairs."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.text.numbers import format_number, format_recomputed, shown_pair, sig, trim


@pytest.mark.parametrize("x,decimals,is_p,expected", [
    (34.6356, 2, False, "34.64"),            # the printed value's decimals
    (142.975, 2, False, "142.98"),           # half-up on an exact tie
    (1.304e-101, 3, True, "<0.001"),         # a p below 0.001
    (0.0561301, 3, True, "0.0561"),          # three significant digits below 0.1
    (0.18326, 3, True, "0.183"),             # the printed decimals (at least 3) from 0.1
    ("", 2, False, ""), (float("nan"), 1, False, ""), ("false", 0, False, "false"),
    (float("inf"), 2, False, "∞"), (-float("inf"), 2, False, "-∞"),
])
def test_format_number_by_hand(x, decimals, is_p, expected):
    assert format_number(x, decimals, is_p) == expected


def test_format_recomputed_uses_the_run_rounding_rule():
    assert format_recomputed("142.97", "142.975", False) == "142.98"
    assert format_recomputed("142.97", "142.975", False, "truncate") == "142.97"
    assert format_recomputed("n/a", "1.23456", False) == "1.23"  # an unparsable print: two decimals


@given(st.floats(min_value=1e-300, max_value=1.0, allow_nan=False))
def test_p_values_are_never_in_exponent_form(x):
    s = format_number(x, 3, is_p=True)
    assert "e" not in s
    assert (s == "<0.001") == (x < 0.001)


@pytest.mark.parametrize("text,decimals,expected", [("312.00", 0, "312"), ("8.5860", 2, "8.586"),
                                                    ("51.7000", 2, "51.70"), ("<0.001", 3, "<0.001"),
                                                    ("-2.500", 1, "-2.5")])
def test_trim_keeps_the_printed_decimals(text, decimals, expected):
    assert trim(text, decimals) == expected


@pytest.mark.parametrize("x,expected", [(-1088.4, "-1088"), (0.23398, "0.234"), (0.000012, "0.000012"),
                                        (float("nan"), ""), (0.0, "0")])
def test_sig_by_hand(x, expected):
    assert sig(x) == expected


def test_shown_pair():
    assert shown_pair("24.64", "34.6356", False, "inconsistent") == "24.64 → 34.64"
    assert shown_pair("51.70", "51.7007", False, "consistent") == "51.70"
    assert shown_pair("94,203", "94203", False, "inconsistent") == "94,203"  # the same number, separator aside
    assert shown_pair("0.185", "0.00164", True, "inconsistent_conclusion") == "0.185 → 0.00164"
