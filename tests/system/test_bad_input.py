"""Bad input stops with exit status 2 and one line naming file, row and column; outputs stay intact.

The table :data:`CASES` lists each bad input and its expected message. Most
cases run the validator in this process on a copy of the inputs (fast); a
few go end to end through ``make all`` on a copy of the repository.
"""
import hashlib
import os
import re
import sys
from pathlib import Path

import pytest

from analysis import cli
from analysis.core.config import current, use
from analysis.core.errors import InputError
from analysis.data.params import validate as validate_params
from analysis.data.validation import write_manifest
from tests.helpers import run_in

Z = "data/raw/zigong_hf_alliance"


def _replace(old: str, new: str):
    def edit(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


def _append_line(line: str):
    def edit(path: Path) -> None:
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + line + "\n", encoding="utf-8")
    return edit


def _add_column(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",remark"] + [ln + ",x" for ln in lines[1:]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _duplicate_row(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[2]]) + "\n", encoding="utf-8")


def _delete(path: Path) -> None:
    path.unlink()


def _write(text: str):
    return lambda path: path.write_text(text, encoding="utf-8")


def _write_bytes(data: bytes):
    return lambda path: path.write_bytes(data)


P = "params/zigong_hf_alliance.yaml"


def _remove_column(name: str):
    def edit(path: Path) -> None:
        import csv
        import io
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        i = rows[0].index(name)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])
        path.write_text(buf.getvalue(), encoding="utf-8")
    return edit


def _symlink_to(target: str):
    return lambda path: path.symlink_to(target)


# a YAML alias bomb: 450 bytes that a plain safe_load expands to 9**9 strings (issue 19: 800 MB of error, 3.2 GB)
ALIAS_BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


# (id, file, edit, refresh the manifest?, expected message (regex), options)
CASES = [
    ("non-numeric", f"{Z}/t5_clinical_indicators.csv", _replace("2020,2020年,312,10.63", "2020,2020年,312,10.6x"), True,
     r"t5_clinical_indicators\.csv, row 1 \(line 2\), column 'los_mean': type-error", {}),
    ("missing-column", f"{Z}/t1_characteristics.csv", _replace(",age_sd,", ",age_sdev,"), True,
     r"t1_characteristics\.csv.*column 'age_sd'", {}),
    ("duplicated-key", f"{Z}/t3_county_hospital.csv", _replace("inpatient,example", "outpatient,example"), True,
     r"t3_county_hospital\.csv, row 2 \(line 3\).*(primary-key|unique)", {}),
    ("duplicated-row", f"{Z}/t3_county_hospital.csv", _duplicate_row, True,
     r"t3_county_hospital\.csv, row \d+ \(line \d+\), column 'key': unique-error: the same as in row 2 \(line 3\)", {}),
    ("negative-count", f"{Z}/t3_county_hospital.csv", _replace("下转,17,25", "下转,-17,25"), True,
     r"t3_county_hospital\.csv, row 3 \(line 4\), column 'before': constraint-error", {}),
    ("sd-not-positive", f"{Z}/t5_clinical_indicators.csv", _replace("10.63,2.16", "10.63,0"), True,
     r"t5_clinical_indicators\.csv, row 1 \(line 2\), column 'los_sd': an SD must be > 0", {}),
    ("count-above-total-in-a-share-check", f"{Z}/t4_remote_consultation.csv", _replace("上转人次,8,8", "上转人次,30,8"), True,
     r"t4_remote_consultation\.csv, row 3 \(line 4\), column 'before': count 30 is larger than its total 27", {}),
    ("subgroup-above-total", f"{Z}/t1_characteristics.csv", _replace("312,69.66,5.98,186,126", "312,69.66,5.98,400,126"),
     True, r"t1_characteristics\.csv, row 1 \(line 2\), column 'male': count 400 is larger than its total 312 "
           r"\(column 'sample_size'\)", {}),
    ("part-of-unknown-field", "data/datapackage.json", _replace('"part_of": "sample_size"', '"part_of": "n"'), False,
     r"^data/datapackage\.json: resource 'zigong_hf_alliance/t1_characteristics', field 'male': part_of names 'n', "
     r"which is not a field of the resource", {}),
    ("share-above-100", f"{Z}/t4_upward_share.csv", _replace("29.63", "150.00"), True,
     r"t4_upward_share\.csv, row 1 \(line 2\), column 'before': constraint-error: constraint \"maximum\" is \"100\"", {}),
    ("309-digit-number", f"{Z}/t3_county_hospital.csv", _replace("4036", "4" * 309), True,
     r"t3_county_hospital\.csv, row 1 \(line 2\), column 'before': number too large", {}),
    ("extra-column", f"{Z}/t3_county_hospital.csv", _add_column, True,
     r"t3_county_hospital\.csv, column 'remark': extra-label: column 8 is not in the schema", {}),
    ("malformed-p", f"{Z}/t1_tests.csv", _replace("0.185", "0.18.5"), True,
     r"t1_tests\.csv, row 1 \(line 2\), column 'p': constraint-error", {}),
    ("bad-check-reference", "data/checks/zigong_hf_alliance.csv",
     _replace("t3_county_hospital:outpatient:before", "t3_county_hospital:nowhere:before"), False,
     r"data/checks/zigong_hf_alliance\.csv, row \d+ \(line \d+\), column 'inputs': bad reference", {}),
    ("unknown-mechanism", "data/coding/matrix.csv", _replace("zigong,remote_consultation,", "zigong,telepathy,"), False,
     r"data/coding/matrix\.csv, row 1 \(line 2\).*foreign-key", {}),
    ("unresolvable-outcome", "data/coding/outcome_map.csv",
     _replace("t5_clinical_indicators:2020:los_mean", "t5_clinical_indicators:2019:los_mean"), False,
     r"data/coding/outcome_map\.csv, row 1 \(line 2\), column 'before_ref': reference .* does not resolve", {}),
    ("raw-changed-unnoticed", f"{Z}/t3_county_hospital.csv", _replace("4036", "4037"), False,
     r"^data/raw/zigong_hf_alliance/t3_county_hospital\.csv: content differs from the checksum manifest", {}),
    ("raw-deleted", f"{Z}/t1_tests.csv", _delete, False,
     r"^data/raw/SHA256SUMS, row \d+ \(line \d+\): listed in the manifest but missing: zigong_hf_alliance/t1_tests\.csv", {}),
    ("raw-deleted-and-manifest-refreshed", f"{Z}/t1_tests.csv", _delete, True,
     r"^data/raw/zigong_hf_alliance/t1_tests\.csv: declared as resource 'zigong_hf_alliance/t1_tests' in "
     r"data/datapackage\.json but missing on disk$", {}),
    ("csv-not-declared", f"{Z}/t9_extra.csv", _write("key,value\na,1\n"), True,
     r"^data/raw/zigong_hf_alliance/t9_extra\.csv: not declared as a resource in data/datapackage\.json", {}),
    ("manifest-missing", "data/raw/SHA256SUMS", _delete, False,
     r"^data/raw/SHA256SUMS: checksum manifest missing", {}),
    ("datapackage-malformed", "data/datapackage.json", _replace('"resources"', "resources"), False,
     r"^data/datapackage\.json: not valid JSON at line \d+, column \d+: ", {}),
    ("datapackage-not-an-object", "data/datapackage.json", _write("[]\n"), False,
     r"^data/datapackage\.json: a data package is an object", {}),
    ("datapackage-missing", "data/datapackage.json", _delete, False,
     r"^data/datapackage\.json: the data package descriptor is missing", {}),
    ("params-malformed-yaml", P, _append_line("alpha: [0.1"), False,
     r"^params/zigong_hf_alliance\.yaml: not valid YAML at line \d+, column \d+: ", {}),
    ("params-not-a-mapping", P, _write("- zigong_hf_alliance\n"), False,
     r"^params/zigong_hf_alliance\.yaml: a parameter file is a mapping name: value", {}),
    ("params-unknown-name", P, _append_line("colour: red"), False,
     r"^params/zigong_hf_alliance\.yaml: unknown parameter\(s\) \['colour'\]", {}),
    ("params-ill-typed", P, _append_line("alpha: high"), False,
     r"^params/zigong_hf_alliance\.yaml: parameter 'alpha': expected float, got str 'high'", {}),
    ("params-unknown-study", P, _write("study: atlantis\n"), False,
     r"^params/zigong_hf_alliance\.yaml: parameter 'study': 'atlantis' is not allowed", {}),
    ("params-not-utf8", P, _write_bytes(b"study: \xff\xfe\n"), False,
     r"^params/zigong_hf_alliance\.yaml: not UTF-8 text", {}),
    # issue 19: a removed age_sd column was reported as 'duration_sd' (frictionless compares positions)
    ("removed-column", f"{Z}/t1_characteristics.csv", _remove_column("age_sd"), True,
     r"^data/raw/zigong_hf_alliance/t1_characteristics\.csv, column 'age_sd': missing-label: the header has no column "
     r"'age_sd'", {}),
    # issue 19: a symlink in data/raw/ to a file outside the repository was accepted
    ("symlink-out-of-the-repository", f"{Z}/t9_outside.csv", _symlink_to("/etc/hostname"), False,
     r"^data/raw/zigong_hf_alliance/t9_outside\.csv: a symbolic link to a file outside the repository", {}),
    # issue 19: a file name containing a newline broke the manifest
    ("file-name-with-a-newline", f"{Z}/t1\nextra.csv", _write("key,value\n"), False,
     r"^data/raw/zigong_hf_alliance/: a file name with a control character or a backslash: rename "
     r"'data/raw/zigong_hf_alliance/t1\\nextra\.csv'", {}),
    ("file-name-with-a-newline-refreshed", f"{Z}/t1\nextra.csv", _write("key,value\n"), "manifest",
     r"^data/raw/zigong_hf_alliance/: a file name with a control character", {}),
    # issue 19: a 1,200-term claim predicate ended in a RecursionError traceback
    ("claim-predicate-1200-terms", "data/checks/zigong_hf_alliance.csv",
     _replace("predicate=cost_2022 < cost_2020 and p_cost < 0.05",
              "predicate=" + " + ".join(["cost_2022"] * 1200) + " > 0"), False,
     r"^data/checks/zigong_hf_alliance\.csv, row \d+ \(line \d+\), column 'options': .*nested more than 60 levels", {}),
    ("claim-predicate-too-long", "data/checks/zigong_hf_alliance.csv",
     _replace("predicate=cost_2022 < cost_2020 and p_cost < 0.05",
              "predicate=" + " and ".join(["cost_2022 < cost_2020"] * 1000)), False,
     r"^data/checks/zigong_hf_alliance\.csv, row \d+ \(line \d+\), column 'options': .*more than 20000", {}),
    # issue 19: a deeply nested params YAML ended in a RecursionError traceback
    ("params-deeply-nested", P, _write("study: " + "[" * 5000 + "]" * 5000 + "\n"), False,
     r"^params/zigong_hf_alliance\.yaml: not valid YAML at line 1, column \d+: nested deeper than 20 levels", {}),
    # issue 19: a 450-byte YAML alias bomb gave an 800 MB one-line error and took 3.2 GB of memory
    ("params-yaml-alias-bomb", P, _write(ALIAS_BOMB), False,
     r"^params/zigong_hf_alliance\.yaml: not valid YAML at line 2, column \d+: an alias \(\*a\) is not allowed", {}),
    # issue 19: params/index.yaml silently overwrote the landing page with a study's report
    ("params-index", "params/index.yaml", _write("study: zigong_hf_alliance\n"), False,
     r"^params/index\.yaml: 'index' is reserved: reports/index\.html is the landing page", {}),
    ("params-trails-page", "params/zigong_hf_alliance_trails.yaml", _write("study: zigong_hf_alliance\n"), False,
     r"^params/zigong_hf_alliance_trails\.yaml: 'zigong_hf_alliance_trails' ends in '_trails'", {}),
    ("params-bad-name", "params/Zigong copy.yaml", _write("study: zigong_hf_alliance\n"), False,
     r"^params/Zigong copy\.yaml: a report name is 3 to 40 lower-case letters", {}),
    ("notebook-malformed", "notebooks/study.ipynb", _replace('"cells"', "cells"), False,
     r"^notebooks/study\.ipynb: not valid JSON", {}),
    ("notebook-without-parameters", "notebooks/study.ipynb", _replace('"parameters"', '"params"'), False,
     r"^notebooks/study\.ipynb: no cell tagged 'parameters'", {}),
]


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", [pytest.param(c, id=c[0], marks=[pytest.mark.xfail(reason=c[5]["xfail"], strict=True)]
                                               if c[5].get("xfail") else []) for c in CASES])
def test_bad_input_is_one_line_naming_the_place(tree, capsys, case):
    name, rel, edit, refresh, pattern, _ = case
    edit(tree / rel)
    if refresh == "manifest":  # `make manifest` itself refuses
        assert cli.main(["manifest"]) == 2
        err = capsys.readouterr().err
        assert re.search(pattern, err.strip()[len("error: "):]) and len(err.strip().splitlines()) == 1, err
    elif refresh:  # a deliberate edit: the manifest is refreshed, so the deeper checks are reached
        write_manifest()
    before = {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    status = cli.main(["validate"])
    err = capsys.readouterr().err
    assert status == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert re.search(pattern, lines[0][len("error: "):]), lines[0]
    assert str(tree) not in lines[0] and "/tmp/" not in lines[0], "no absolute path in messages"
    assert {p: p.read_bytes() for p in tree.rglob("*") if p.is_file()} == before


def test_unknown_study_id(tree, capsys):
    assert cli.main(["validate", "no_such_study"]) == 2
    assert "unknown study id 'no_such_study'" in capsys.readouterr().err
    with pytest.raises(InputError, match="not allowed"):
        validate_params("study", study="no_such_study", alpha=0.05, t_test="student", rounding="half_up", tolerance=0.1,
                        lang="en")


@pytest.mark.parametrize("notebook, params_file, param, message", [
    ("study", "zigong_hf_alliance", "alpha=high", "error: parameter 'alpha': expected float, got str 'high'"),
    ("study", "zigong_hf_alliance", "alpha=1", "error: parameter 'alpha': expected float, got int 1"),
    ("study", "zigong_hf_alliance", "alpha=1.5", "error: parameter 'alpha': 1.5 is not allowed"),
    ("study", "zigong_hf_alliance", "alpha=" + "9" * 309, "error: parameter 'alpha': expected float, got int"),
    ("study", "zigong_hf_alliance", "t_test=paired", "error: parameter 't_test': 'paired' is not allowed"),
    ("study", "zigong_hf_alliance", "lang=fr", "error: parameter 'lang': 'fr' is not allowed"),
    ("study", "zigong_hf_alliance", "colour=red",
     "error: unknown parameter 'colour' given with -p (P=) for notebooks/study.ipynb"),
    ("study", "zigong_hf_alliance", "alpha", "error: -p expects NAME=VALUE, got 'alpha'"),
    ("study", "zigong_hf_alliance", "alpha=[0.1", "error: -p value '[0.1' is not a YAML scalar"),
    ("study", "zigong_hf_alliance", "study=no_such_study", "error: parameter 'study': 'no_such_study' is not allowed"),
    ("cross_city", "cross_city", "n_boot=many", "error: parameter 'n_boot': expected int, got str 'many'"),
    ("cross_city", "cross_city", "n_boot=" + "9" * 309, "error: parameter 'n_boot': " + "9" * 309 + " is not allowed"),
    ("cross_city", "cross_city", "n_clusters=2.5", "error: parameter 'n_clusters': expected int, got float 2.5"),
    ("cross_city", "cross_city", "metric=cosine", "error: parameter 'metric': 'cosine' is not allowed"),
    ("cross_city", "cross_city", "not_reported=zero", "error: parameter 'not_reported': 'zero' is not allowed"),
    ("cross_city", "cross_city", "min_evidence=anecdote", "error: parameter 'min_evidence': 'anecdote' is not allowed"),
])
def test_ill_typed_or_unknown_parameters_stop_before_the_kernel(tree, capsys, notebook, params_file, param, message):
    status = cli.main(["notebook", notebook, "-f", f"params/{params_file}.yaml", "-p", param])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith(message) and len(err.strip().splitlines()) == 1, err
    assert not (tree / "build").exists()  # nothing written, no kernel started


def test_a_run_may_not_write_committed_outputs(tree, capsys):
    status = cli.main(["notebook", "study", "-f", "params/zigong_hf_alliance.yaml", "--output", str(tree / "reports" / "x.ipynb")])
    assert status == 2
    assert "reports/x.ipynb: committed outputs are written only by `make all`" in capsys.readouterr().err


def test_manifest_on_a_read_only_folder(tree, capsys, monkeypatch):
    os.chmod(tree / "data" / "raw", 0o555)
    os.chmod(tree / "data" / "raw" / "SHA256SUMS", 0o444)
    try:
        manifest = tree / "data" / "raw" / "SHA256SUMS"
        if os.access(manifest, os.W_OK):  # root writes anywhere: the write fails as it would for anyone else
            real = Path.write_text

            def refuse(self, *args, **kwargs):
                if self == manifest:
                    raise PermissionError(13, "Permission denied", str(self))
                return real(self, *args, **kwargs)
            monkeypatch.setattr(Path, "write_text", refuse)
        assert cli.main(["manifest"]) == 2
        assert capsys.readouterr().err.strip() == "error: data/raw/SHA256SUMS: Permission denied"
    finally:
        os.chmod(tree / "data" / "raw", 0o755)
        os.chmod(tree / "data" / "raw" / "SHA256SUMS", 0o644)


@pytest.mark.parametrize("rel, old, new, message", [
    (f"{Z}/t5_clinical_indicators.csv", "10.63,2.16", "10.63,-2.16",
     "error: data/raw/zigong_hf_alliance/t5_clinical_indicators.csv, row 1 (line 2), column 'los_sd'"),
], ids=["bad-data"])  # the other cases of the table stop at the same validation (in process above)
def test_make_all_stops_and_keeps_the_last_good_outputs(repo_copy, rel, old, new, message):
    """End to end: `make all` exits 2 with the one-line message; reports, tables and figures are untouched."""
    before = {d: _digest(repo_copy / d) for d in ("reports", "tables", "figures")}
    path = repo_copy / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    if rel.startswith("data/raw"):  # a deliberate edit: the copy's checksums rewritten by `make manifest`'s code
        with use(current().with_root(repo_copy)):
            write_manifest()
    r = run_in(repo_copy, "make", "all", f"PY={sys.executable}", "ENV=", "ENVCHECK=")
    assert r.returncode == 2, r.stdout + r.stderr
    assert message in r.stderr, r.stderr
    after = {d: _digest(repo_copy / d) for d in ("reports", "tables", "figures")}
    assert after == before  # last good outputs intact, nothing half-written or hidden left
    assert not (repo_copy / "build" / "stage").exists()


# ---------------------------------------------------------------- make variables are data, never shell (issue 19)
def _make(repo: Path, *args: str, **env) -> "subprocess.CompletedProcess":
    import subprocess
    base = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "COMPENDIUM_ROOT")}
    return subprocess.run(["make", "-s", *args, f"PY={sys.executable}", "ENV=", "ENVCHECK="], cwd=repo,
                          env={**base, "PYTHONPATH": str(repo / "src"), **env}, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("target, variables", [
    ("audit", {"IN": "x;touch {pwned}", "OUT": "o.csv"}),
    ("audit", {"IN": "examples/audit_example.csv", "OUT": "o`touch {pwned}`.csv"}),
    ("audit", {"IN": "examples/audit_example.csv", "OUT": "o.csv", "P": "--alpha 0.05 ; touch {pwned}"}),
    ("run", {"STUDY": "x`touch {pwned}`"}),
    ("run", {"STUDY": "zigong_hf_alliance", "P": "alpha=0.01|touch {pwned}"}),
    ("run", {"STUDY": "zigong_hf_alliance", "OUT": "o.ipynb && touch {pwned}", "P": "alpha=x"}),
    ("run-cross", {"P": "metric=$$(touch {pwned})"}),
    ("explain", {"ID": "x'; touch {pwned}; '"}),
    ("explain", {"ID": "x", "P": "--lang \"$$(touch {pwned})\""}),
    ("new-study", {"ID": "a;touch {pwned}"}),
], ids=["audit-IN", "audit-OUT", "audit-P", "run-STUDY", "run-P", "run-OUT", "run-cross-P", "explain-ID",
        "explain-P", "new-study-ID"])
def test_make_variables_are_arguments_never_shell(repo_copy, tmp_path, target, variables):
    # issue 19: shell metacharacters in make variables (STUDY=, OUT=) ran commands
    pwned = tmp_path / "pwned"
    r = _make(repo_copy, target, *(f"{k}={v.format(pwned=pwned)}" for k, v in variables.items()))
    assert not pwned.exists(), (r.stdout, r.stderr)
    assert r.returncode != 0 or target == "audit", r.stdout + r.stderr  # refused as a bad value, never run


def test_make_audit_takes_a_file_name_with_spaces(repo_copy):
    # issue 19: `make audit IN="my table.csv"` failed on the space
    import shutil
    shutil.copy(repo_copy / "examples" / "audit_example.csv", repo_copy / "my table.csv")
    r = _make(repo_copy, "audit", "IN=my table.csv", "OUT=my out.csv", "P=--html my page.html")
    assert r.returncode == 2 and "unrecognized arguments: page.html" in r.stderr  # P is split at spaces, as documented
    r = _make(repo_copy, "audit", "IN=my table.csv", "OUT=my out.csv")
    assert r.returncode == 0, r.stderr
    assert (repo_copy / "my out.csv").read_bytes() == (repo_copy / "examples" / "audit_example_out.csv").read_bytes()


def test_the_test_phase_runs_under_the_build_lock(tmp_path):
    # issue 19: `make test` running while an input changed and `make all` ran gave spurious nbval failures: the
    # tests ran outside the build lock. A stand-in for python answers the build and, as pytest, reports whether
    # it could take build/lock itself (it must not: make holds it for the tests)
    import shutil
    import subprocess
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(current().root / "Makefile", repo)
    stub = tmp_path / "py"
    stub.write_text(f"""#!/bin/sh
case "$1 $2" in
  "-m analysis") exit 0 ;;
  "-m pytest") exec {sys.executable} -c 'import fcntl
try:
    fcntl.flock(open("build/lock", "w"), fcntl.LOCK_EX | fcntl.LOCK_NB); print("lock free")
except BlockingIOError:
    print("lock held")' ;;
  *) exec {sys.executable} "$@" ;;
esac
""")
    stub.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    r = subprocess.run(["make", "test", f"PY={stub}", "ENV=", "ENVCHECK="], cwd=repo, env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("lock held") == 2 and "lock free" not in r.stdout, r.stdout
