"""Every path the compendium reads or writes, in one place.

All paths are derived from the repository root, found from this file's location,
so no module or notebook spells a relative path such as ``../..``.

>>> ROOT.joinpath("src", "analysis", "paths.py") == Path(__file__).resolve()
True
>>> relative(RAW / "zigong_hf_alliance")
'data/raw/zigong_hf_alliance'
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = [
    "ROOT", "SOURCES", "DATA", "RAW", "CHECKS", "CODING", "DATAPACKAGE", "MANIFEST", "PARAMS",
    "NOTEBOOKS", "REPORTS", "TABLES", "FIGURES", "LEDGER", "FINDINGS", "STYLE", "BUILD", "COMMITTED", "relative",
    "in_kernel", "redirect",
]

ROOT = Path(__file__).resolve().parents[2]
# The plain-text sources sit beside the repository (../shared/sources), outside version control.
SOURCES = Path(os.environ.get("ANALYSIS_SOURCES_DIR") or ROOT.parent / "shared" / "sources")
DATA = ROOT / "data"
RAW = DATA / "raw"
CHECKS = DATA / "checks"
CODING = DATA / "coding"
DATAPACKAGE = DATA / "datapackage.json"
MANIFEST = RAW / "SHA256SUMS"
PARAMS = ROOT / "params"
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
# The committed output folders. Only the default build (``make all``, :mod:`analysis.pipeline`)
# replaces files there, by renaming complete files out of its staging folder.
COMMITTED = {"reports": ROOT / "reports", "tables": ROOT / "tables", "figures": ROOT / "figures"}


def in_kernel() -> bool:
    """True in a Jupyter kernel (papermill, JupyterLab, nbval), where no committed output is written."""
    return Path(sys.argv[0]).name == "ipykernel_launcher.py" if sys.argv and sys.argv[0] else False


def _out(name: str) -> Path:
    # The build stages every output: it sets ANALYSIS_<NAME>_DIR to a folder under build/stage/.
    # A kernel not started by the build (a direct papermill call, JupyterLab, nbval) writes under
    # build/interactive/, so committed outputs are never touched outside `make all`.
    env = os.environ.get(f"ANALYSIS_{name.upper()}_DIR")
    if env:
        return Path(env)
    return BUILD / "interactive" / name if in_kernel() else COMMITTED[name]


REPORTS = _out("reports")
TABLES = _out("tables")
FIGURES = _out("figures")
LEDGER = TABLES / "consistency_ledger.csv"
FINDINGS = TABLES / "findings.csv"
STYLE = Path(__file__).resolve().parent / "compendium.mplstyle"


def redirect(root: Path) -> None:
    """Send this process's outputs to ``root/reports``, ``root/tables`` and ``root/figures``.

    For a command run outside the build (``python -m analysis tables``), so that
    it never writes committed outputs.
    """
    global REPORTS, TABLES, FIGURES, LEDGER, FINDINGS
    REPORTS, TABLES, FIGURES = root / "reports", root / "tables", root / "figures"
    LEDGER, FINDINGS = TABLES / "consistency_ledger.csv", TABLES / "findings.csv"


def relative(path: Path | str) -> str:
    """Return ``path`` relative to the repository root, with forward slashes.

    Generated outputs name files this way so that they never carry an absolute
    path of the machine that built them.

    Parameters
    ----------
    path : Path or str
        A path inside the repository (absolute or already relative).

    Returns
    -------
    str
        The POSIX form of the path relative to :data:`ROOT`.
    """
    p = Path(path)
    if p.is_absolute():
        for name, where in (("reports", REPORTS), ("tables", TABLES), ("figures", FIGURES)):
            if where != COMMITTED[name] and p.is_relative_to(where):  # a staged output: its committed name
                return (Path(name) / p.relative_to(where)).as_posix()
        try:
            p = p.resolve().relative_to(ROOT)
        except ValueError:
            return p.name
    return p.as_posix()
