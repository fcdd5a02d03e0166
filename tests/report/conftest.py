"""A study opened once for the report tests, its figures written to a temporary folder."""
from dataclasses import replace

import pytest

from analysis.build.runs import study_parameters
from analysis.core.config import current, use
from analysis.results.study import open_study


@pytest.fixture(scope="module")
def zigong():
    return open_study(**study_parameters("zigong_hf_alliance"))


@pytest.fixture
def figures_elsewhere(tmp_path):
    with use(replace(current(), figures=tmp_path / "figures")):
        yield tmp_path / "figures"
