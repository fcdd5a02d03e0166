"""The data package: valid, bilingual, sourced, and faithful to the printed text."""
import csv
import json

import pandas as pd
import pytest
from frictionless import Package

from analysis.core.config import current
from analysis.data import datapackage, validation


@pytest.fixture(scope="module")
def desc():
    return json.loads(current().datapackage.read_text(encoding="utf-8"))


def _free_text(obj):
    """Strings of the descriptor other than titles (table captions and a source's printed title are transcribed
    on purpose: a citation gives the title as printed)."""
    if isinstance(obj, dict):
        return [s for k, v in obj.items() if k not in ("title", "title_zh", "printed_title", "printed_title_zh")
                for s in _free_text(v)]
    if isinstance(obj, list):
        return [s for v in obj for s in _free_text(v)]
    return [obj] if isinstance(obj, str) else []


def test_frictionless_validates_the_package():
    report = Package(str(current().datapackage)).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_every_resource_is_described(desc):
    levels = set(desc["evidence_levels"])
    for s in desc["studies"]:
        assert s["evidence_level"] in levels and s["citation"] and s["source"]
    for r in desc["resources"]:
        assert r["licenses"] and r["title"] and r["title_zh"] and r["description"], r["name"]
        if r.get("kind") not in ("checks", "coding"):
            assert r["sources"] and r["table"] and r["table_zh"], r["name"]
        for f in r["schema"]["fields"]:
            assert f["title"] and f["title_zh"] and f["description"] and f["description_zh"], (r["name"], f["name"])


def test_every_csv_is_a_resource_and_vice_versa(desc):
    declared = {r["path"] for r in desc["resources"]}
    on_disk = {p.relative_to(current().data).as_posix()
               for d in (current().raw, current().checks, current().coding) for p in d.rglob("*.csv")}
    assert declared == on_disk


def test_printed_text_is_kept_verbatim():
    rows = list(csv.DictReader(open(current().raw / "zigong_hf_alliance" / "t2_operational_capacity.csv", encoding="utf-8")))
    by_key = {r["key"]: r for r in rows}
    assert by_key["referral_down_city"]["change_pct"] == "51.70"  # trailing zero kept
    assert by_key["referral_up_district"]["change_pct"] == "25"  # no decimals added
    assert by_key["outpatient_city"]["before"] == "94,203"  # thousands separator as printed
    assert by_key["inpatient_county"]["change_pct"] == "24.64"  # the authors' value, not corrected


def test_every_cell_has_a_pointer():
    for sid in datapackage.study_ids():
        st = datapackage.load_study(sid)
        for res in st.resources.values():
            for key in res.frame[res.key]:
                for f in res.fields:
                    c = res.cell(key, f["name"])
                    assert c.table and c.row and c.column and c.file.startswith("data/raw/"), c


def test_manifest_matches_raw_data():
    validation.validate_manifest()


def test_no_source_sentence_is_copied():
    """Qualitative text is ours: no run of 12+ Chinese characters of a source appears in data/.

    Table captions and titles are identifiers the issue asks us to transcribe; they are exempt.
    """
    import re
    sources = current().sources
    if not sources.exists():
        pytest.skip("shared/sources not beside the repository")
    runs = set()
    for src in sources.glob("*.txt"):
        for m in re.finditer(r"[\u4e00-\u9fff]{12,}", src.read_text(encoding="utf-8")):
            s = m.group(0)
            runs.update(s[i:i + 12] for i in range(0, len(s) - 11, 6))
    texts = {p: p.read_text(encoding="utf-8") for p in current().data.rglob("*.csv")}
    texts[current().datapackage] = "\n".join(_free_text(json.loads(current().datapackage.read_text(encoding="utf-8"))))
    assert runs
    for path, text in texts.items():
        hits = [r for r in runs if r in text]
        assert not hits, (path, hits[:3])


def test_check_kinds_are_declared_once_in_the_engine(desc):
    """The data package does not repeat the list of kinds (it would drift); every kind in use is declared."""

    from analysis.checks.engine import KINDS
    for r in desc["resources"]:
        if r.get("kind") == "checks":
            kind = next(f for f in r["schema"]["fields"] if f["name"] == "kind")
            assert "enum" not in kind.get("constraints", {}), r["name"]
            used = set(pd.read_csv(current().data / r["path"], dtype=str, keep_default_na=False)["kind"])
            assert used <= set(KINDS), (r["name"], used - set(KINDS))


def test_every_study_has_an_evidence_level_and_a_report():
    from analysis.core.config import current
    levels = {s["id"]: s["evidence_level"] for s in datapackage.descriptor()["studies"]}
    assert levels["consortium_overview"] == "unattributed claims"
    assert levels["qingpu_medical_group"] == "programme report"
    for sid in levels:
        assert (current().reports / f"{sid}.html").exists()
        assert (current().params / f"{sid}.yaml").exists()


def test_overview_values_carry_their_evidence_level():
    st = datapackage.load_study("consortium_overview")
    assert set(st.resources["outcomes"].frame.evidence_level) == {"unattributed claims"}


def test_a_table_without_its_chinese_name_is_bad_input(tree):
    """A report names a printed table in Chinese from the data package (table_zh), never by translating
    "Table 2": a resource without it stops validation with a message naming the descriptor and the resource."""
    import json

    import pytest

    from analysis.core.errors import InputError
    from analysis.data.validation import validate
    path = tree / "data" / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r.get("study") == "zigong_hf_alliance" and r.get("table"))
    del res["table_zh"]
    path.write_text(json.dumps(desc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"{res['name']}.*add table_zh") as exc:
        validate(["zigong_hf_alliance"])
    assert "data/datapackage.json" in str(exc.value)
