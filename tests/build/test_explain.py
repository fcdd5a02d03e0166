"""``python -m analysis explain``: the trail with the committed report's parameters; ids with or without their
part or study; an unknown id names the closest ones."""
import pytest

from analysis.build.explain import explain
from analysis.core.errors import InputError

Z = "zigong_hf_alliance"


def test_the_committed_reports_trail():
    text = explain(f"{Z}:t2_inpatient_county_growth")
    assert text.startswith(f"Trail of {Z}:t2_inpatient_county_growth\n")
    assert "100 × (1792 − 1331) / 1331 = 34.64" in text
    assert f"reports/{Z}.html#{Z}:t2_inpatient_county_growth" in text


def test_an_id_without_its_part_or_its_study():
    text = explain(f"{Z}:t1_age_t")
    assert [line for line in text.splitlines() if line.startswith("Trail of")] == [
        f"Trail of {Z}:t1_age_t.statistic", f"Trail of {Z}:t1_age_t.p", f"Trail of {Z}:t1_age_t.p_implied"]
    assert explain(f"{Z}:t1_age_t.p").count("Trail of") == 1
    assert explain("t2_inpatient_county_growth") == explain(f"{Z}:t2_inpatient_county_growth")


def test_both_languages_english_first():
    text = explain(f"{Z}:t2_inpatient_county_growth", "both")
    assert text.index("Trail of") < text.index("的数值溯源")


@pytest.mark.parametrize("check_id, closest", [
    (f"{Z}:t2_inpatient_county_grwth", f"{Z}:t2_inpatient_county_growth"),
    ("t2_inpatient_county_grwth", "t2_inpatient_county_growth"),
    ("no_such_study:t2_inpatient_county_growth", f"{Z}:t2_inpatient_county_growth"),
])
def test_an_unknown_id_names_the_closest_known_ones(check_id, closest):
    with pytest.raises(InputError) as info:
        explain(check_id)
    message = str(info.value)
    assert message.startswith(f"unknown check id {check_id}; closest known: {closest}") and "\n" not in message


def test_an_id_like_nothing_known():
    with pytest.raises(InputError, match="the ids are the column check_id of tables/consistency_ledger.csv"):
        explain("qqqqqqqq")
