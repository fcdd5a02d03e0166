"""Configuration: every path from one object; the environment read in one place; a kernel the build did not
start writes under build/interactive/."""
from pathlib import Path

from analysis.core.config import OUTPUTS, VARIABLES, Config, current, use

KERNEL = ["/x/site-packages/ipykernel_launcher.py", "-f", "kernel.json"]


def test_inputs_derive_from_the_root():
    cfg = Config.default(Path("/some/clone"))
    assert cfg.raw == Path("/some/clone/data/raw") and cfg.checks == Path("/some/clone/data/checks")
    assert cfg.ledger == Path("/some/clone/tables/consistency_ledger.csv")
    assert cfg.sources == Path("/some/shared/sources")


def test_environment_variables_are_read_and_handed_on(tmp_path):
    env = {"ANALYSIS_REPORTS_DIR": str(tmp_path / "r"), "ANALYSIS_TABLES_DIR": str(tmp_path / "t"),
           "ANALYSIS_FIGURES_DIR": str(tmp_path / "f"), "ANALYSIS_SOURCES_DIR": str(tmp_path / "s"),
           "ANALYSIS_BUILD_INPUTS": "abc", "COMPENDIUM_ROOT": str(tmp_path)}
    assert set(env) == set(VARIABLES)
    cfg = Config.from_environment(env, ["pytest"])
    assert (cfg.reports, cfg.tables, cfg.figures, cfg.sources) == tuple(tmp_path / x for x in "rtfs")
    assert cfg.build_inputs == "abc" and cfg.clone == tmp_path
    again = Config.from_environment(cfg.environment(), ["pytest"])
    assert (again.reports, again.tables, again.figures, again.build_inputs) == (cfg.reports, cfg.tables,
                                                                                cfg.figures, "abc")


def test_a_kernel_the_build_did_not_start_writes_under_build_interactive():
    cfg = Config.from_environment({}, KERNEL)
    assert all(getattr(cfg, n) == cfg.build / "interactive" / n for n in OUTPUTS)
    assert Config.from_environment({}, ["pytest"]).figures == cfg.root / "figures"
    given = Config.from_environment({"ANALYSIS_FIGURES_DIR": "/somewhere/figures"}, KERNEL)
    assert str(given.figures) == "/somewhere/figures" and given.tables == cfg.build / "interactive" / "tables"


def test_relative_names_a_staged_output_by_its_committed_name():
    cfg = Config.default().with_outputs(Config.default().build / "stage")
    assert cfg.relative(cfg.tables / "findings.csv") == "tables/findings.csv"
    assert cfg.relative(cfg.root / "data" / "raw" / "x.csv") == "data/raw/x.csv"
    assert cfg.relative(Path("/elsewhere/entirely/y.csv")) == "y.csv"  # never an absolute path


def test_use_nests_and_restores(tmp_path):
    outer = current()
    with use(outer.with_root(tmp_path)) as a:
        assert current() is a and current().raw == tmp_path / "data" / "raw"
        with use(a.with_outputs(tmp_path / "out")):
            assert current().tables == tmp_path / "out" / "tables"
        assert current() is a
    assert current() is outer
