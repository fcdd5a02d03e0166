"""The compendium's build: this clone's environment, every input validated, one step committed whole."""
import pytest

from analysis.build import pipeline
from analysis.core.config import OUTPUTS, current
from analysis.core.errors import InputError
from analysis.data.datapackage import study_ids


def test_the_environment_must_be_this_clones(tmp_path):
    pipeline.check_environment(current().root)
    with pytest.raises(InputError, match="imports analysis from .*not from this clone"):
        pipeline.check_environment(tmp_path)


def test_validate_all_checks_every_study_and_parameter_file():
    assert pipeline.validate_all() == study_ids()


def test_one_step_writes_every_output_under_the_committed_folders():
    steps = pipeline.steps()
    assert [s.name for s in steps] == ["outputs"]
    tx = pipeline.transaction()
    assert list(tx.steps) == ["outputs"] and tuple(tx.output_roots) == OUTPUTS


def test_an_unknown_step_is_refused_before_anything_runs():
    with pytest.raises(InputError, match=r"unknown build step\(s\) \['tabels'\]"):
        pipeline.main(["tabels"])
