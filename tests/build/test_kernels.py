"""Executing the reports: one job per parameter file, reproducible notebooks, quiet imports."""
import sys

from analysis.build import kernels
from analysis.core.config import current


def test_one_report_job_per_parameter_file_the_slowest_first():
    jobs = kernels.report_jobs()
    assert sorted(j.name for j in jobs) == sorted(p.stem for p in current().params.glob("*.yaml"))
    assert jobs[0].notebook == "cross_city" and {j.notebook for j in jobs[1:]} == {"study"}
    assert all(j.param_file == f"params/{j.name}.yaml" and j.call is None for j in jobs)


def test_stripped_notebooks_carry_nothing_of_the_run():
    nb = {"metadata": {"papermill": {"duration": 1.2, "start_time": "t", "environment_variables": {"A": "1"},
                                     "version": "2", "parameters": {"a": 1}, "input_path": "/tmp/x"}},
          "cells": [{"id": "random123", "metadata": {"tags": ["injected-parameters"], "execution": {"x": 1}}},
                    {"id": "c2", "metadata": {"papermill": {"start_time": "t", "end_time": "u", "duration": 2}},
                     "outputs": [{"metadata": {"shell.execute_reply": "t"}}]}]}
    out = kernels.strip_notebook(nb)
    assert out["metadata"] == {"papermill": {"parameters": {"a": 1}}}
    assert out["cells"][0] == {"id": "injected-parameters", "metadata": {"tags": ["injected-parameters"]}}
    assert out["cells"][1] == {"id": "c2", "metadata": {"papermill": {}}, "outputs": [{"metadata": {}}]}
    assert nb["metadata"]["papermill"]["duration"] == 1.2  # a copy: the input is not changed


def test_quiet_imports_skip_jsonschemas_iri_grammar():
    kernels.quiet_imports()
    assert sys.modules["rfc3987_syntax"] is None
