"""Helpers shared by the tests: commands run in a copy of the repository."""
import os
import subprocess
import sys
from pathlib import Path

__all__ = ["run_in", "analysis_cli"]


def run_in(repo: Path, *args: str, timeout: int = 300, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a command in ``repo`` with that copy's ``src`` first on the import path."""
    env = {**os.environ, "PYTHONPATH": str(repo / "src"), "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    return subprocess.run(list(args), cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)


def analysis_cli(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """``python -m analysis ARGS`` in a copy of the repository."""
    return run_in(repo, sys.executable, "-m", "analysis", *args)
