"""What the outputs depend on: the input files, their SHA-256, one order-free digest."""
from analysis.core import provenance
from analysis.core.config import current

ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # SHA-256("abc"), FIPS 180-2, B.1
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_sha256_of_a_file_is_the_standard_one(tmp_path):
    (tmp_path / "abc").write_bytes(b"abc")
    assert provenance.sha256(tmp_path / "abc") == ABC_SHA256


def test_digest_is_order_free_and_changes_with_any_name_or_hash():
    assert provenance.digest({}) == EMPTY_SHA256
    a = provenance.digest({"x": "1", "y": "2"})
    assert a == provenance.digest({"y": "2", "x": "1"})
    assert a not in (provenance.digest({"x": "1", "y": "3"}), provenance.digest({"x": "1", "z": "2"}))


def test_hidden_files_caches_and_bytecode_are_not_inputs(tmp_path):
    src = tmp_path / "src" / "analysis"
    for rel in ("a.py", "sub/b.py", "__pycache__/a.cpython-311.pyc", ".ruff_cache/x", "sub/.hidden.py", "c.pyc",
                "d.tmp", "pkg.egg-info/PKG-INFO"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text("x")
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    files = provenance.input_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["src/analysis/a.py", "src/analysis/sub/b.py",
                                                                   "pyproject.toml"]
    before = provenance.inputs_digest(tmp_path)
    (src / ".ruff_cache" / "x").write_text("changed")  # a tool's cache changes nothing
    assert provenance.inputs_digest(tmp_path) == before
    (src / "a.py").write_text("changed")
    assert provenance.inputs_digest(tmp_path) != before


def test_lock_hash_is_the_lock_file_or_none(tmp_path):
    assert provenance.lock_hash(tmp_path) == "none"
    assert provenance.lock_hash() == provenance.sha256(current().root / "requirements.lock")
