"""What a build's outputs depend on: the input files, their SHA-256, one digest over them.

The build (:mod:`analysis.build.pipeline`) decides what is out of date from
:func:`inputs_digest`; a report names the same digest (its first 16 hex
digits) and :func:`lock_hash`, so a page says exactly which inputs made it.
A content hash rather than a commit id: a report cannot name the commit that
will contain it, and a rebuild on a fresh clone must be byte-identical.

>>> digest({"a": "1", "b": "2"}) == digest({"b": "2", "a": "1"})
True
>>> len(inputs_digest()), lock_hash() != inputs_digest()
(64, True)
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable

from analysis.core.config import current

__all__ = ["INPUTS", "digest", "sha256", "input_files", "hash_files", "inputs_digest", "lock_hash"]

INPUTS = ("data", "params", "notebooks", "src/analysis", "pyproject.toml", "requirements.lock")
"""Files whose content decides the outputs (relative to the root); folders are taken whole."""
_SKIP = ("__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis")


def digest(hashes: dict[str, str]) -> str:
    """One SHA-256 over a mapping of names to hashes (order-free)."""
    h = hashlib.sha256()
    for k in sorted(hashes):
        h.update(f"{k}\0{hashes[k]}\n".encode())
    return h.hexdigest()


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _files_under(root: Path, rel: str) -> Iterable[Path]:
    p = root / rel
    if p.is_file():
        yield p
    elif p.is_dir():
        for q in sorted(p.rglob("*")):
            parts = q.relative_to(root).parts
            if q.is_file() and not any(part in _SKIP or part.startswith(".") or part.endswith(".egg-info")
                                       for part in parts) and not q.name.endswith((".pyc", ".tmp")):
                yield q


def input_files(root: Path, spec: Iterable[str] = INPUTS) -> list[Path]:
    """Every input file under ``root`` (sorted); hidden files and folders (a tool's cache, an editor's
    backup), bytecode and egg-info are not inputs."""
    return [p for rel in spec for p in _files_under(root, rel)]


def hash_files(root: Path, files: Iterable[Path]) -> dict[str, str]:
    """``{relative path: sha256}`` of ``files``."""
    return {p.relative_to(root).as_posix(): sha256(p) for p in files}


def inputs_digest(root: Path | None = None) -> str:
    """The digest of every input of the repository at ``root`` (default: the configured root)."""
    root = Path(root) if root is not None else current().root
    return digest(hash_files(root, input_files(root)))


def lock_hash(root: Path | None = None) -> str:
    """SHA-256 of ``requirements.lock`` (the pinned, hashed environment); ``"none"`` in a copy without it."""
    lock = (Path(root) if root is not None else current().root) / "requirements.lock"
    return sha256(lock) if lock.exists() else "none"
