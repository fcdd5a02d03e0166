"""Shared fixtures: a throw-away copy of the repository, or of its inputs, for tests that break its data."""
import shutil
from pathlib import Path

import pytest

from analysis.core.config import current, use

COPY = ["data", "notebooks", "params", "src", "pyproject.toml", "Makefile", "reports", "tables", "figures", "examples",
        "tools", "requirements.lock"]


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of the repository (without .venv) whose ``analysis`` is imported from the copy."""
    dst = tmp_path / "repo"
    dst.mkdir()
    for name in COPY:
        src = current().root / name
        if src.is_dir():
            shutil.copytree(src, dst / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif src.exists():
            shutil.copy2(src, dst / name)
    return dst


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the inputs, with the configuration pointing at it (in process, for the test's duration)."""
    root = tmp_path / "repo"
    for name in ("data", "params", "notebooks"):
        shutil.copytree(current().root / name, root / name)
    for name in ("reports", "tables", "figures"):
        (root / name).mkdir()
    with use(current().with_root(root)):
        yield root
