"""Fixtures of the extract layer: the synthetic texts (our own words) and the five sources when present."""
from pathlib import Path

import pytest

from analysis.core.config import current

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def sources() -> Path:
    """The folder of the five plain-text sources (outside the repository); the test is skipped without it."""
    folder = current().sources
    if not (folder / "zigong_hf_alliance.txt").is_file():
        pytest.skip(f"the five sources are not at {folder} (ANALYSIS_SOURCES_DIR)")
    return folder
