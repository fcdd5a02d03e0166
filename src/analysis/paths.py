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
from pathlib import Path

__all__ = [
    "ROOT", "SOURCES", "DATA", "RAW", "CHECKS", "CODING", "DATAPACKAGE", "MANIFEST", "PARAMS",
    "NOTEBOOKS", "REPORTS", "TABLES", "FIGURES", "LEDGER", "FINDINGS", "STYLE", "relative",
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
REPORTS = ROOT / "reports"
TABLES = ROOT / "tables"
# Runs with non-default parameters (make run) write their figures elsewhere, so the committed ones stay.
FIGURES = Path(os.environ.get("ANALYSIS_FIGURES_DIR") or ROOT / "figures")
LEDGER = TABLES / "consistency_ledger.csv"
FINDINGS = TABLES / "findings.csv"
STYLE = Path(__file__).resolve().parent / "compendium.mplstyle"


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
        try:
            p = p.resolve().relative_to(ROOT)
        except ValueError:
            return p.name
    return p.as_posix()
