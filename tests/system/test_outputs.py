"""Generated outputs: reproducible, free of machine paths, and the notebook well formed."""
import json
import re

import nbformat
import pytest

from analysis.build.runs import notebook_defaults
from analysis.core.config import current
from analysis.data.datapackage import study_ids
from analysis.data.params import SPECS
from analysis.report import figures

OUTPUT_DIRS = [current().reports, current().tables, current().figures]


def _outputs():
    return [p for d in OUTPUT_DIRS for p in d.rglob("*") if p.is_file()]


def _checked_studies():
    """Studies with a checked number (claims of the text are true or false and have no ratio figure)."""
    import pandas as pd
    led = pd.read_csv(current().ledger, dtype=str)
    return sorted(set(led.loc[led["kind"] != "claim", "study"]))


def test_every_study_has_its_outputs():
    for sid in study_ids() + ["cross_city"]:
        for rel in (f"reports/{sid}.ipynb", f"reports/{sid}.html"):
            assert (current().root / rel).exists(), rel
    for sid in study_ids():  # the trails the ledger rows of each report link to
        assert (current().reports / f"{sid}_trails.html").exists(), sid
    for sid in _checked_studies():
        for ext in ("png", "svg"):
            assert (current().figures / f"{sid}_ledger.{ext}").exists()
    for name in ("cross_city_sites", "cross_city_matrix", "cross_city_outcomes", "cross_city_five_city",
                 "cross_city_clusters", "cross_city_stability", "cross_city_sensitivity", "cross_city_distances"):
        assert (current().tables / f"{name}.csv").exists(), name
    import pandas as pd
    sites = pd.read_csv(current().tables / "cross_city_sites.csv")
    assert list(sites.columns) == ["site", "province", "consortium_type", "sources", "evidence"]


def test_no_absolute_path_in_any_output():
    pattern = re.compile(rb"(/work/|/root/|/home/|/tmp/|site-packages|" + re.escape(str(current().root)).encode() + rb")")
    for p in _outputs():
        m = pattern.search(p.read_bytes())
        assert m is None, (p, m and m.group(0))


def test_no_timestamps_or_durations_in_reports():
    for p in current().reports.glob("*.ipynb"):
        text = p.read_text(encoding="utf-8")
        for key in ("start_time", "end_time", "duration", "iopub.status", "shell.execute_reply"):
            assert f'"{key}"' not in text, (p, key)
        assert not re.search(r"20\d\d-\d\d-\d\dT\d\d:\d\d", text), p


def test_executed_notebooks_have_no_errors_or_warnings():
    for p in current().reports.glob("*.ipynb"):
        nb = nbformat.read(p, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert out.get("output_type") != "error", (p, out)
                assert out.get("name") != "stderr", (p, out.get("text"))


@pytest.mark.parametrize("name", sorted(SPECS))
def test_template_parameters_cell(name):
    nb = nbformat.read(current().notebooks / f"{name}.ipynb", as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    params = nb.cells[1]
    assert "parameters" in params.metadata.get("tags", [])
    lines = [ln for ln in params.source.splitlines() if ln.strip()]
    for ln in lines:
        assert re.match(r"^\w+: (str|float|int|bool) = .+  # \S", ln), ln
    assert set(notebook_defaults(name)) == set(SPECS[name])
    for cell in nb.cells[2:]:
        if cell.cell_type == "code":
            lines = [ln for ln in cell.source.splitlines() if ln.strip()]
            # one statement per cell; it may import what it calls (`from analysis import ...`)
            assert len([ln for ln in lines if not ln.startswith("from analysis")]) == 1, cell.source
        assert not cell.get("outputs"), "the template is committed without outputs"


def test_figures_are_byte_identical_across_renders():
    from analysis.build.runs import study_parameters
    from analysis.report import study as report
    led = report.open_study(**study_parameters(study_ids()[0])).ledger  # the figure reads the ledger's facts
    first, second = figures.ledger_figure(led, "x"), figures.ledger_figure(led, "x")
    a, b = figures.render_all(first), figures.render_all(second)
    assert a == b and set(a) == {"png", "svg"}
    assert a["svg"] == figures.render(first, "svg")  # a format rendered alone is the file save writes
    assert b"<dc:date>" not in a["svg"]


@pytest.mark.parametrize("sid", _checked_studies())
def test_committed_figures_match_a_fresh_render(sid):
    from analysis.build.runs import study_parameters
    from analysis.report import study as report
    ctx = report.open_study(**study_parameters(sid))
    fresh = figures.render(figures.ledger_figure(ctx.ledger, sid, lang=ctx.lang), "svg")  # drawn in the page's language
    assert (current().figures / f"{sid}_ledger.svg").read_bytes() == fresh


def test_help_is_the_default_target():
    import subprocess
    r = subprocess.run(["make", "-s"], cwd=current().root, capture_output=True, text=True)
    assert r.returncode == 0 and "all " in r.stdout and "test " in r.stdout
    targets = re.findall(r"^(\w[\w.-]*):", (current().root / "Makefile").read_text(), re.M)
    for t in {"all", "test", "help", "validate", "rebuild", "run", "lab", "bench"}:
        assert t in targets
    assert json.loads((current().root / "data" / "datapackage.json").read_text())["resources"]


def test_make_lab_opens_jupyterlab_from_this_environment(monkeypatch):
    """`make lab` runs JupyterLab with the compendium's Python (the kernel `python3` of that environment),
    on the notebooks folder; a kernel started there writes under build/interactive/ (tests/core/test_config.py)."""
    import subprocess
    import sys
    r = subprocess.run(["make", "-n", "lab", f"PY={sys.executable}", "ENV=", "ENVCHECK="], cwd=current().root,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert f"{sys.executable} -m jupyter lab --notebook-dir=notebooks" in r.stdout
    import importlib.util
    assert importlib.util.find_spec("jupyterlab") is not None  # JupyterLab is in the environment
    from jupyter_client.kernelspec import KernelSpecManager
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "1")  # as the Makefile exports it
    kernels = {name: {"resource_dir": d, "spec": KernelSpecManager().get_kernel_spec(name).to_dict()}
               for name, d in KernelSpecManager().find_kernel_specs().items()}
    assert "python3" in kernels  # the kernel the notebooks name (metadata.kernelspec.name) ...
    # ... is this environment's: its spec lives under sys.prefix, and jupyter_client starts its "python"
    # with the interpreter running JupyterLab
    assert kernels["python3"]["resource_dir"].startswith(sys.prefix)
    assert kernels["python3"]["spec"]["argv"][0] in ("python", "python3", sys.executable)
    for name in ("study", "cross_city"):
        nb = json.loads((current().notebooks / f"{name}.ipynb").read_text(encoding="utf-8"))
        assert nb["metadata"]["kernelspec"]["name"] == "python3"
