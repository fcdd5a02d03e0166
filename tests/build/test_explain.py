"""``python -m analysis explain``: the trail with the committed report's parameters; ids with or without their
part or study; an unknown id names the closest ones."""
import subprocess
import sys

import pytest

from analysis import cli
from analysis.build.explain import explain
from analysis.core.config import current
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


# ---- the command line: stdout, exit status, make explain
def test_explain_prints_the_whole_trail(capsys):
    assert cli.main(["explain", f"{Z}:t2_inpatient_county_growth"]) == 0
    out = capsys.readouterr().out
    for expected in ["Trail of zigong_hf_alliance:t2_inpatient_county_growth",
                     "24.64 (24.635 to 24.645), Table 2, row 增长率(%), column 住院人次/县",
                     "transcribed at data/raw/zigong_hf_alliance/t2_operational_capacity.csv:7",
                     "data/checks/zigong_hf_alliance.csv:12", "100 × (1792 − 1331) / 1331 = 34.64",
                     "✗ does not reproduce (inconsistent)", "typographical error, material",
                     "reports/zigong_hf_alliance.html#zigong_hf_alliance:t2_inpatient_county_growth"]:
        assert expected in out, expected


def test_explain_in_chinese(capsys):
    assert cli.main(["explain", f"{Z}:t2_inpatient_county_growth", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{Z}:t2_inpatient_county_growth 的数值溯源") and "代入印刷值" in out and "Trail of" not in out


def test_an_unknown_id_is_one_line_and_status_2(capsys):
    assert cli.main(["explain", f"{Z}:t2_inpatient_county_grwth"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err == (f"error: unknown check id {Z}:t2_inpatient_county_grwth; closest known: "
                            f"{Z}:t2_inpatient_county_growth, {Z}:t2_inpatient_city_growth, "
                            f"{Z}:t2_outpatient_county_growth\n")


def test_python_m_analysis_explain_in_a_process():
    r = subprocess.run([sys.executable, "-m", "analysis", "explain", "nonsense_id"], cwd=current().root,
                       capture_output=True, text=True, check=False)
    assert r.returncode == 2 and r.stdout == "" and len(r.stderr.splitlines()) == 1
    assert r.stderr.startswith("error: unknown check id nonsense_id")


def test_make_explain_passes_the_id_as_data(tmp_path):
    make = ["make", "-s", "explain", f"PY={sys.executable}", "ENV=", "ENVCHECK="]
    r = subprocess.run(make + [f"ID={Z}:t1_age_t.p", "P=--lang zh"], cwd=current().root, capture_output=True,
                       text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"{Z}:t1_age_t.p 的数值溯源")
    marker = tmp_path / "ran"
    r = subprocess.run(make + [f'ID=x"; touch {marker}; "'], cwd=current().root, capture_output=True, text=True, check=False)
    assert r.returncode == 2 and not marker.exists()
    assert r.stderr.startswith('error: unknown check id x"; touch ')
    r = subprocess.run(make, cwd=current().root, capture_output=True, text=True, check=False)
    assert r.returncode == 2 and "usage: make explain ID=<check_id>" in r.stderr


def test_the_readme_shows_the_commands_output(capsys):
    """README, "Following a number": the example is the command's output, pasted."""
    readme = (current().root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Following a number"):]
    example = section[section.index("```\nTrail of") + 4:]
    example = example[:example.index("```")]
    assert cli.main(["explain", f"{Z}:t2_inpatient_county_growth"]) == 0
    assert capsys.readouterr().out == example
