"""Shared fixtures: a throw-away copy of the repository for tests that break its data."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths

COPY = ["data", "notebooks", "params", "src", "pyproject.toml", "Makefile", "reports", "tables", "figures"]


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of the repository (without .venv) whose ``analysis`` is imported from the copy."""
    dst = tmp_path / "repo"
    dst.mkdir()
    for name in COPY:
        src = paths.ROOT / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif src.exists():
            shutil.copy2(src, dst / name)
    return dst


def run_in(repo: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run a command in ``repo`` with that copy's ``src`` first on the import path."""
    env = {**os.environ, "PYTHONPATH": str(repo / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)


def analysis_cli(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return run_in(repo, sys.executable, "-m", "analysis", *args)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the inputs, with every path of :mod:`analysis.paths` pointing at it (in process)."""
    root = tmp_path / "repo"
    for name in ("data", "params", "notebooks"):
        shutil.copytree(paths.ROOT / name, root / name)
    for name in ("reports", "tables", "figures"):
        (root / name).mkdir()
    for attr, rel in [("ROOT", ""), ("DATA", "data"), ("RAW", "data/raw"), ("CHECKS", "data/checks"),
                      ("CODING", "data/coding"), ("DATAPACKAGE", "data/datapackage.json"),
                      ("MANIFEST", "data/raw/SHA256SUMS"), ("PARAMS", "params"), ("NOTEBOOKS", "notebooks"),
                      ("BUILD", "build"), ("REPORTS", "reports"), ("TABLES", "tables"), ("FIGURES", "figures"),
                      ("LEDGER", "tables/consistency_ledger.csv"), ("FINDINGS", "tables/findings.csv")]:
        monkeypatch.setattr(paths, attr, root / rel if rel else root)
    monkeypatch.setattr(paths, "COMMITTED", {n: root / n for n in ("reports", "tables", "figures")})
    _clear_caches()
    yield root
    _clear_caches()


def _clear_caches() -> None:
    from analysis import coding, datapackage
    datapackage._descriptor_cached.cache_clear()
    coding._read.cache_clear()
