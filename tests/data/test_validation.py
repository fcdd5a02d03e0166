"""Validation before anything is built: the checksum manifest, declared files, schemas, domain rules."""
import json

import pytest

from analysis.core.errors import InputError
from analysis.data import validation
from analysis.data.datapackage import descriptor, study_ids


def test_the_committed_package_validates():
    assert validation.validate() == study_ids()
    validation.validate_manifest()
    validation.validate_declared_files()


def test_a_changed_byte_in_data_raw_is_caught_and_a_rewritten_manifest_accepts_it(tree):
    path = tree / "data" / "raw" / "zigong_hf_alliance" / "t1_tests.csv"
    path.write_bytes(path.read_bytes().replace(b"0.185", b"0.186"))
    with pytest.raises(InputError, match="content differs from the checksum manifest") as info:
        validation.validate_manifest()
    assert info.value.file == "data/raw/zigong_hf_alliance/t1_tests.csv"
    validation.write_manifest()
    validation.validate_manifest()


def test_an_unlisted_file_and_a_missing_one_are_named(tree):
    (tree / "data" / "raw" / "zigong_hf_alliance" / "new.csv").write_text("a\n1\n")
    with pytest.raises(InputError, match="not in the checksum manifest") as info:
        validation.validate_manifest()
    assert info.value.file == "data/raw/zigong_hf_alliance/new.csv"
    (tree / "data" / "raw" / "zigong_hf_alliance" / "new.csv").unlink()
    (tree / "data" / "raw" / "zigong_hf_alliance" / "t1_tests.csv").unlink()
    with pytest.raises(InputError, match="listed in the manifest but missing: zigong_hf_alliance/t1_tests.csv"):
        validation.validate_manifest()


def test_frictionless_errors_name_file_row_and_column(tree):
    path = tree / "data" / "raw" / "zigong_hf_alliance" / "t5_clinical_indicators.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("10.63,2.16", "10.6x,2.16", 1), encoding="utf-8")
    res = next(r for r in descriptor()["resources"] if r["path"].endswith("t5_clinical_indicators.csv"))
    errors = validation.frictionless_errors(res)
    assert errors and errors[0].file == "data/raw/zigong_hf_alliance/t5_clinical_indicators.csv"
    assert (errors[0].row, errors[0].column) == (1, "los_mean")
    assert validation.frictionless_errors(json.loads(json.dumps(res))) == errors  # pure


def test_a_resource_of_an_undeclared_study_is_named(tree):
    path = tree / "data" / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["studies"] = [s for s in desc["studies"] if s["id"] != "qingpu_medical_group"]
    path.write_text(json.dumps(desc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match="belongs to study 'qingpu_medical_group'"):
        validation.validate_declared_files()
