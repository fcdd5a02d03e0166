"""Bad input stops the build before any notebook runs, naming file, row and column."""
import hashlib
import re
import sys
from pathlib import Path

import pytest

from analysis import paths
from analysis.errors import InputError
from analysis.params import validate as validate_params
from conftest import analysis_cli, run_in

Z = "data/raw/zigong_hf_alliance"


def edit(repo: Path, rel: str, old: str, new: str, manifest: bool = True) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if manifest:  # a deliberate edit: the manifest is refreshed, so the deeper checks are reached
        assert analysis_cli(repo, "manifest").returncode == 0


CASES = [
    # (file, old, new, expected message pattern)
    (f"{Z}/t5_clinical_indicators.csv", "2020,2020年,312,10.63", "2020,2020年,312,10.6x",
     r"t5_clinical_indicators\.csv, row 1 \(line 2\), column 'los_mean': type-error"),
    (f"{Z}/t1_characteristics.csv", ",age_sd,", ",age_sdev,",
     r"t1_characteristics\.csv.*column 'age_sd'"),
    (f"{Z}/t3_county_hospital.csv", "inpatient,example", "outpatient,example",
     r"t3_county_hospital\.csv, row 2 \(line 3\).*(primary-key|unique)"),
    (f"{Z}/t3_county_hospital.csv", "下转,17,25", "下转,-17,25",
     r"t3_county_hospital\.csv, row 3 \(line 4\), column 'before': constraint-error"),
    (f"{Z}/t5_clinical_indicators.csv", "10.63,2.16", "10.63,0",
     r"t5_clinical_indicators\.csv, row 1 \(line 2\), column 'los_sd': an SD must be > 0"),
    (f"{Z}/t4_remote_consultation.csv", "上转人次,8,8", "上转人次,30,8",
     r"t4_remote_consultation\.csv, row 3 \(line 4\), column 'before': count 30 is larger than its total 27"),
    ("data/checks/zigong_hf_alliance.csv", "t3_county_hospital:outpatient:before", "t3_county_hospital:nowhere:before",
     r"data/checks/zigong_hf_alliance\.csv, row \d+ \(line \d+\), column 'inputs': bad reference"),
    (f"{Z}/t1_tests.csv", "0.185", "0.18.5",
     r"t1_tests\.csv, row 1 \(line 2\), column 'p': constraint-error"),
    ("data/coding/matrix.csv", "zigong,remote_consultation,", "zigong,telepathy,",
     r"data/coding/matrix\.csv, row 1 \(line 2\).*foreign-key"),
    ("data/coding/outcome_map.csv", "t5_clinical_indicators:2020:los_mean", "t5_clinical_indicators:2019:los_mean",
     r"data/coding/outcome_map\.csv, row 1 \(line 2\), column 'before_ref': reference .* does not resolve"),
]


@pytest.mark.parametrize("rel, old, new, pattern", CASES, ids=[
    "non-numeric", "missing-column", "duplicated-key", "negative-count", "sd-not-positive",
    "count-above-total", "bad-check-reference", "malformed-p", "unknown-mechanism", "unresolvable-outcome"])
def test_bad_data_is_named(repo_copy, rel, old, new, pattern):
    edit(repo_copy, rel, old, new)
    r = analysis_cli(repo_copy, "validate")
    assert r.returncode == 2, r.stdout + r.stderr
    assert re.search(pattern, r.stderr), r.stderr


def test_an_unnoticed_change_to_raw_data_is_caught(repo_copy):
    edit(repo_copy, f"{Z}/t3_county_hospital.csv", "4036", "4037", manifest=False)
    r = analysis_cli(repo_copy, "validate")
    assert r.returncode == 2 and "t3_county_hospital.csv: content differs from the checksum manifest" in r.stderr


def test_unknown_study_id(repo_copy):
    r = analysis_cli(repo_copy, "validate", "no_such_study")
    assert r.returncode == 2 and "unknown study id 'no_such_study'" in r.stderr
    with pytest.raises(InputError, match="not allowed"):
        validate_params("study", study="no_such_study", alpha=0.05, t_test="student", rounding="half_up", tolerance=0.1,
                        lang="en")


@pytest.mark.parametrize("notebook, params_file, param, message", [
    ("study", "zigong_hf_alliance", "alpha=high", "parameter 'alpha': expected float, got str 'high'"),
    ("study", "zigong_hf_alliance", "alpha=1", "parameter 'alpha': expected float, got int 1"),
    ("study", "zigong_hf_alliance", "alpha=1.5", "parameter 'alpha': 1.5 is not allowed"),
    ("study", "zigong_hf_alliance", "t_test=paired", "parameter 't_test': 'paired' is not allowed"),
    ("study", "zigong_hf_alliance", "lang=fr", "parameter 'lang': 'fr' is not allowed"),
    ("study", "zigong_hf_alliance", "colour=red", "unknown parameter(s) ['colour']"),
    ("study", "zigong_hf_alliance", "study=no_such_study", "parameter 'study': 'no_such_study' is not allowed"),
    ("cross_city", "cross_city", "n_boot=many", "parameter 'n_boot': expected int, got str 'many'"),
    ("cross_city", "cross_city", "n_clusters=2.5", "parameter 'n_clusters': expected int, got float 2.5"),
    ("cross_city", "cross_city", "metric=cosine", "parameter 'metric': 'cosine' is not allowed"),
    ("cross_city", "cross_city", "not_reported=zero", "parameter 'not_reported': 'zero' is not allowed"),
    ("cross_city", "cross_city", "min_evidence=anecdote", "parameter 'min_evidence': 'anecdote' is not allowed"),
])
def test_ill_typed_or_unknown_parameters_stop_before_the_kernel(repo_copy, notebook, params_file, param, message):
    out = repo_copy / "reports" / "x.ipynb"
    r = analysis_cli(repo_copy, "notebook", notebook, "--output", str(out), "-f", f"params/{params_file}.yaml",
                     "-p", param)
    assert r.returncode == 2 and message in r.stderr, r.stderr
    assert "Executing" not in r.stderr and not out.exists()


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_make_stops_before_notebooks_and_keeps_last_good_outputs(repo_copy):
    before = {d: _digest(repo_copy / d) for d in ("reports", "tables", "figures")}
    edit(repo_copy, f"{Z}/t5_clinical_indicators.csv", "10.63,2.16", "10.63,-2.16")
    r = run_in(repo_copy, "make", "all", f"PY={sys.executable}", "ENV=")
    assert r.returncode != 0
    assert "t5_clinical_indicators.csv, row 1 (line 2), column 'los_sd'" in r.stderr
    assert "executing notebooks" not in r.stdout
    after = {d: _digest(repo_copy / d) for d in ("reports", "tables", "figures")}
    assert after == before  # last good outputs intact, nothing half-written left


def test_cross_city_runs_with_other_parameters(repo_copy):
    """The README's example: another metric, linkage, reading of 'not reported' and framework."""
    out = repo_copy / "build" / "custom.ipynb"
    r = analysis_cli(repo_copy, "notebook", "cross_city", "--output", str(out), "-f", "params/cross_city.yaml",
                     "-p", "metric=hamming", "-p", "linkage=complete", "-p", "not_reported=absent",
                     "-p", "framework=five_city", "-p", "n_boot=20", "-p", "n_clusters=3", "-p", "lang=en")
    assert r.returncode == 0, r.stderr[-2000:]
    assert (repo_copy / "build" / "figures" / "cross_city_pcoa.png").exists()
    for name in ("cross_city_pcoa.png", "cross_city_dendrogram.svg"):  # committed figures untouched
        assert (repo_copy / "figures" / name).read_bytes() == (paths.FIGURES / name).read_bytes()
    import nbformat
    nb = nbformat.read(out, as_version=4)
    assert nb.metadata.papermill.parameters.metric == "hamming"
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))
