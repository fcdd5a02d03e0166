"""environment.yml, requirements.in and requirements.lock agree on every pinned version."""
import re

import yaml

from analysis.core.config import current


def _pins_yml() -> dict[str, str]:
    env = yaml.safe_load((current().root / "environment.yml").read_text())
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep:
            name, version = dep.split("=", 1)
            out[name.lower()] = version
        if isinstance(dep, dict):  # the pip section: packages conda-forge does not carry
            for item in dep.get("pip", []):
                m = re.match(r"^([A-Za-z0-9_.\-]+)==(\S+)", item)
                if m:
                    out[m.group(1).lower()] = m.group(2)
    return out


def _pins(path: str) -> dict[str, str]:
    text = (current().root / path).read_text()
    return {m.group(1).lower(): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s\\;]+)", text, re.M)}


def test_environment_yml_pins_match_requirements_in():
    yml = _pins_yml()
    python = yml.pop("python")
    assert python == "3.11"
    assert yml == _pins("requirements.in")


def test_lock_has_every_direct_pin_at_the_same_version_with_hashes():
    lock = _pins("requirements.lock")
    for name, version in _pins("requirements.in").items():
        assert lock.get(name) == version, f"{name}: requirements.in {version}, lock {lock.get(name)}"
    text = (current().root / "requirements.lock").read_text()
    blocks = re.split(r"\n(?=[A-Za-z0-9_.\-]+==)", text.strip())
    assert all("--hash=sha256:" in b for b in blocks if "==" in b)


def test_installed_versions_match_the_lock():
    from importlib.metadata import version
    for name, pinned in _pins("requirements.in").items():
        assert version(name) == pinned, name


# ---------------------------------------------------------------- issue 22: the interpreter is chosen, never a failed install
import os  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

CHOOSE = current().root / "tools" / "choose-python"
PROBE = "sys.version_info"  # what tools/choose-python runs to ask an interpreter its version


def _real_python311() -> Path:
    """This machine's Python 3.11 (the one this venv was made from)."""
    for p in (Path(sys.base_prefix) / "bin" / "python3.11", Path(sys.base_prefix) / "bin" / "python3"):
        if p.exists():
            return p
    pytest.skip("no base Python 3.11 found")


def _stand_in(bindir: Path, name: str, version: str) -> Path:
    """A `python3` that says it is ``version``; anything else it is asked runs on the real interpreter (so that
    `python3 -m pip`, as on a machine whose python3 is 3.13, works)."""
    p = bindir / name
    p.write_text(f'#!/bin/sh\ncase "$*" in *{PROBE}*) echo {version}; exit 0;; esac\nexec {_real_python311()} "$@"\n')
    p.chmod(0o755)
    return p


def _tools(bindir: Path) -> None:
    """The commands make and its recipes need, without /usr/bin's own python3 and python3.11."""
    for tool in ("sh", "bash", "make", "rm", "mkdir", "touch", "cat", "env", "dirname", "git", "awk", "test", "cp"):
        found = shutil.which(tool, path="/usr/bin:/bin")
        if found:
            (bindir / tool).symlink_to(found)


def _choose(bindir: Path, cwd: Path, **env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "UV_OFFLINE", "PIP_NO_INDEX", "VIRTUAL_ENV")}
    return subprocess.run(["sh", str(CHOOSE)], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**base, "PATH": str(bindir), **env})


@pytest.fixture
def bindir(tmp_path: Path) -> Path:
    d = tmp_path / "bin"
    d.mkdir()
    _tools(d)
    return d


def test_a_python311_beside_another_python3_is_chosen(bindir, tmp_path):
    _stand_in(bindir, "python3", "3.13")
    (bindir / "python3.11").symlink_to(_real_python311())
    r = _choose(bindir, tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == str(bindir / "python3.11"), r.stderr


def test_python3_is_chosen_when_it_is_311(bindir, tmp_path):
    (bindir / "python3").symlink_to(_real_python311())
    assert _choose(bindir, tmp_path).stdout.strip() == str(bindir / "python3")


def test_a_shim_that_cannot_run_is_skipped(bindir, tmp_path):
    # pyenv's shims answer `python3.11` with "command not found" where that version is not selected
    (bindir / "python3.11").write_text("#!/bin/sh\necho 'pyenv: python3.11: command not found' >&2\nexit 127\n")
    (bindir / "python3.11").chmod(0o755)
    (bindir / "python3").symlink_to(_real_python311())
    assert _choose(bindir, tmp_path).stdout.strip() == str(bindir / "python3")


def test_python_overrides_the_choice_and_must_be_311(bindir, tmp_path):
    (bindir / "python3.11").symlink_to(_real_python311())
    other = _stand_in(bindir, "python3.13", "3.13")
    r = _choose(bindir, tmp_path, PYTHON=str(other))
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith(f"error: PYTHON={other} is Python 3.13; this compendium needs Python 3.11"), r.stderr
    r = _choose(bindir, tmp_path, PYTHON=str(bindir / "python3.11"))
    assert r.returncode == 0 and r.stdout.strip() == str(bindir / "python3.11")


@pytest.mark.parametrize("offline", [{"UV_OFFLINE": "1"}, {"PIP_INDEX_URL": "http://127.0.0.1:9/simple", "PIP_RETRIES": "0"}],
                         ids=["uv-offline", "index-unreachable"])
def test_neither_311_nor_network_is_one_line_and_exit_2_with_nothing_created(bindir, tmp_path, offline):
    _stand_in(bindir, "python3", "3.13")
    repo = tmp_path / "clone"
    repo.mkdir()
    shutil.copy(CHOOSE, repo / "choose-python")
    shutil.copy(current().root / "requirements-uv.txt", repo)
    r = subprocess.run(["sh", "choose-python"], cwd=repo, capture_output=True, text=True, timeout=120,
                       env={**{k: v for k, v in os.environ.items() if k not in ("PYTHON", "UV_OFFLINE", "PIP_NO_INDEX")},
                            "PATH": str(bindir), "HOME": str(tmp_path / "home"), **offline})
    assert r.returncode == 2 and r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 or (len(lines) == 2 and lines[0].startswith("==> no Python 3.11 found")), r.stderr
    last = lines[-1]
    assert last.startswith(f"error: found python3 3.13 ({bindir / 'python3'}); "), last  # the Python it found
    for way in ("this compendium needs Python 3.11", "`uv python install 3.11`", "`conda env create -f environment.yml`",
                "python3.11 package", "PYTHON=/path/to/python3.11"):
        assert way in last, way
    assert sorted(p.name for p in repo.iterdir()) == ["choose-python", "requirements-uv.txt"] or \
        sorted(p.name for p in repo.iterdir()) == ["build", "choose-python", "requirements-uv.txt"] and \
        not any((repo / "build").iterdir())  # nothing downloaded, nothing half-created
    assert not (tmp_path / "home" / ".local" / "share" / "uv").exists()


def _git_clone(tmp_path: Path) -> Path:
    dst = tmp_path / "fresh"
    subprocess.run(["git", "clone", "-q", str(current().root), str(dst)], check=True, timeout=120)
    for rel in ("src", "tools", "Makefile", "data", "params", "notebooks", "reports", "tables", "figures"):
        src = current().root / rel  # the working tree as it is (a clone has the last commit only)
        if src.is_dir():
            shutil.rmtree(dst / rel, ignore_errors=True)
            shutil.copytree(src, dst / rel, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, dst / rel)
    uv = current().build / "uv"
    if uv.is_dir():  # uv as `make env` would install it (saves the download; the lock's packages come from its cache)
        shutil.copytree(uv, dst / "build" / "uv", symlinks=True)
    return dst


def test_a_fresh_clone_whose_python3_is_not_311_builds_with_311(bindir, tmp_path):
    if not (CHOOSE.exists() and shutil.which("git")):
        pytest.skip("needs git")
    if not (current().root / ".git").exists():  # make bench's scratch copy of the tree is no checkout to clone
        pytest.skip("needs a git checkout to clone (this tree is a copy without .git)")
    _stand_in(bindir, "python3", "3.13")
    (bindir / "python3.11").symlink_to(_real_python311())
    repo = _git_clone(tmp_path)
    before = _outputs(repo)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CONDA_PREFIX", "MAKEFLAGS", "MFLAGS",
                                                             "MAKELEVEL", "PYTHON", "COMPENDIUM_ROOT", "PYTHONPATH")}
    r = subprocess.run(["make", "all"], cwd=repo, capture_output=True, text=True, timeout=580,
                       env={**env, "PATH": f"{bindir}"})
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"==> creating .venv with Python 3.11" in r.stdout and str(bindir / "python3.11") in r.stdout, r.stdout
    made = subprocess.run([str(repo / ".venv" / "bin" / "python"), "-c", "import sys; print(sys.version_info[:2])"],
                          capture_output=True, text=True)
    assert made.stdout.strip() == "(3, 11)"
    assert "committed" in r.stdout and _outputs(repo) == before  # built with 3.11: the same bytes


def _outputs(repo: Path) -> dict[str, bytes]:
    return {p.relative_to(repo).as_posix(): p.read_bytes() for d in ("reports", "tables", "figures")
            for p in sorted((repo / d).rglob("*")) if p.is_file()}
