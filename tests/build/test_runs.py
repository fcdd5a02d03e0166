"""Runs outside the default build never touch committed outputs (reports/, tables/, figures/)."""
import hashlib

import pytest

from analysis import cli
from analysis.build import runs
from analysis.core.config import current

CLONE = current().root  # this clone (the tree fixture points analysis.core.paths at a copy)


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_run_names_differ_by_parameters():
    a = runs.run_name("study", {"study": "zigong_hf_alliance", "alpha": 0.01})
    b = runs.run_name("study", {"study": "zigong_hf_alliance", "alpha": 0.05})
    c = runs.run_name("study", {"study": "zigong_hf_alliance", "alpha": 0.01, "t_test": "welch"})
    assert len({a, b, c}) == 3 and "/" not in a + b + c


def test_make_run_writes_under_build_named_after_its_parameters(tree, capsys):
    """`make run` (``python -m analysis notebook``, here in this process; its kernel is a process of its own)."""
    real = {d: _digest(CLONE / d) for d in ("reports", "tables", "figures")}
    status = cli.main(["notebook", "study", "-f", "params/qingpu_medical_group.yaml", "-p", "lang=en"])
    assert status == 0, capsys.readouterr().err[-2000:]
    run = tree / "build" / "study-qingpu_medical_group-lang=en"
    assert (run / f"{run.name}.ipynb").exists() and (run / f"{run.name}.html").exists()
    page = (run / f"{run.name}.html").read_text(encoding="utf-8")  # the site's page, in the run's language
    assert 'id="summary"' in page and "bd-sidebar" in page and (run / "glossary.html").exists()
    assert ">Findings<" in page and "发现" not in page.split('id="summary"')[1].split("</h2>")[0]
    assert (run / "figures" / "qingpu_medical_group_ledger.svg").exists()
    trails = (run / "qingpu_medical_group_trails.html").read_text(encoding="utf-8")  # the trails its ledger links to
    assert f'<a href="{run.name}.html#qingpu_medical_group:copd_completion">' in trails
    assert not any(any((tree / d).iterdir()) for d in ("reports", "tables", "figures"))  # the copy's committed folders
    assert {d: _digest(CLONE / d) for d in ("reports", "tables", "figures")} == real  # and this clone's
    import nbformat
    nb = nbformat.read(run / f"{run.name}.ipynb", as_version=4)
    assert nb.metadata.papermill.parameters.lang == "en"
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


def test_direct_papermill_with_an_ill_typed_parameter_fails_with_the_make_run_message(tmp_path, capsys):
    pm = pytest.importorskip("papermill")
    status = cli.main(["notebook", "study", "-f", "params/zigong_hf_alliance.yaml", "-p", "alpha=high"])
    make_run_message = capsys.readouterr().err.strip()[len("error: "):]
    assert status == 2
    with pytest.raises(pm.PapermillExecutionError) as info:
        pm.execute_notebook(str(current().notebooks / "study.ipynb"), str(tmp_path / "out.ipynb"),
                            parameters={"study": "zigong_hf_alliance", "alpha": "high"}, progress_bar=False,
                            cwd=str(current().notebooks), kernel_name="python3")
    assert info.value.ename == "InputError"
    assert info.value.evalue == make_run_message == "parameter 'alpha': expected float, got str 'high'"
    # it stops in the first cell after the parameters (and papermill's injected cell), before the heavy imports
    import json
    cells = json.loads((current().notebooks / "study.ipynb").read_text(encoding="utf-8"))["cells"]
    first = next(i for i, c in enumerate(cells) if "parameters" in c["metadata"].get("tags", [])) + 2
    assert info.value.cell_index == first and "params.validate" in info.value.source
    assert "from analysis import report" not in info.value.source
