"""Writing outputs atomically and reproducibly.

Every generated file is written to a temporary file in the same folder and
renamed into place, so a failed build never leaves a half-written file and the
last good output stays until a new one is complete. Executed notebooks are
stripped of what changes from run to run (timestamps, durations, paths).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> atomic_write(d / "x.txt", "hello\\n"); (d / "x.txt").read_text()
'hello\\n'
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "strip_notebook", "VOLATILE_KEYS"]

VOLATILE_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path", "iopub.execute_input",
                 "iopub.status.busy", "iopub.status.idle", "shell.execute_reply", "shell.execute_reply.started")


def atomic_write(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    Parameters
    ----------
    path : Path or str
        Destination; its folder is created if needed.
    data : str or bytes
        Text (written as UTF-8 with ``\\n`` line ends) or bytes.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _scrub(obj):
    if isinstance(obj, dict):
        return {k: _scrub(v) for k, v in obj.items() if k not in VOLATILE_KEYS and k != "execution"}
    if isinstance(obj, list):
        return [_scrub(v) for v in obj]
    return obj


def strip_notebook(nb: dict) -> dict:
    """Remove run-dependent metadata from an executed notebook (in a copy).

    Drops papermill's timestamps, durations and paths, nbclient's execution
    timings and the environment name, and gives the injected-parameters cell a
    fixed id instead of papermill's random one.

    >>> nb = {"metadata": {"papermill": {"duration": 1.2, "parameters": {"a": 1}}},
    ...       "cells": [{"metadata": {"execution": {"x": 1}, "papermill": {"start_time": "t"}}}]}
    >>> strip_notebook(nb)
    {'metadata': {'papermill': {'parameters': {'a': 1}}}, 'cells': [{'metadata': {'papermill': {}}}]}
    """
    out = _scrub(json.loads(json.dumps(nb)))
    for cell in out.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id
    pm = out.get("metadata", {}).get("papermill", {})
    pm.pop("environment_variables", None)
    pm.pop("version", None)
    return out
