"""Release metadata: CITATION.cff valid against the official schema, licences per folder, Binder files."""
import json

import yaml

from analysis.core.config import current
from analysis.data.datapackage import study_ids, study_meta


def test_citation_cff_is_valid_cff_1_2_0():
    """Validated with jsonschema (maintained) against the official CFF 1.2.0 schema.

    The schema is tests/data/cff-1.2.0.schema.json, copied unchanged from the cffconvert 2.0.0 wheel
    (citation-file-format/citation-file-format, CC BY 4.0); cffconvert itself pins jsonschema < 4,
    which nbformat cannot use, so the schema is applied with the jsonschema already in the lock.
    """
    from jsonschema import Draft7Validator, FormatChecker
    schema = json.loads((current().root / "tests" / "data" / "cff-1.2.0.schema.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((current().root / "CITATION.cff").read_text(encoding="utf-8"))
    errors = sorted(Draft7Validator(schema, format_checker=FormatChecker()).iter_errors(cff), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_citation_cites_the_five_sources():
    cff = yaml.safe_load((current().root / "CITATION.cff").read_text(encoding="utf-8"))
    notes = " ".join(r.get("notes", "") for r in cff["references"])
    assert len(cff["references"]) == len(study_ids()) == 5
    for sid in study_ids():
        assert f"Study id: {sid}." in notes, sid
        doi = next((w.rstrip(".") for w in study_meta(sid)["citation"].split() if w.startswith("doi:")), None)
        if doi:
            assert any(r.get("doi") == doi[4:] for r in cff["references"]), doi


def test_every_folder_states_its_licence():
    assert (current().root / "LICENSE").read_text().startswith("MIT License")
    for folder, licence in [("data", "CC BY 4.0"), ("reports", "CC BY 4.0"), ("tables", "CC BY 4.0"),
                            ("figures", "CC BY 4.0"), ("notebooks", "MIT"), ("src", "MIT"), ("params", "MIT")]:
        text = (current().root / folder / "LICENSE.md").read_text(encoding="utf-8")
        assert licence in text, folder


def test_binder_builds_the_environment_and_installs_the_package():
    env = yaml.safe_load((current().root / "environment.yml").read_text())
    assert env["name"] and "python=3.11" in env["dependencies"]
    post = (current().root / "postBuild").read_text()
    assert post.startswith("#!") and "pip install" in post and "-e ." in post
    assert (current().root / "postBuild").stat().st_mode & 0o111
