"""Configuration: every path the compendium reads or writes, and every setting it takes from its environment.

One object, :class:`Config`, holds them. Production code reads no environment
variable and no ``sys.argv`` except in :meth:`Config.from_environment`, which
:func:`current` calls once per process; the build hands a child process (a
kernel) its configuration through :meth:`Config.environment`, and a test or a
command that writes elsewhere runs under :func:`use`.

==========================  ===================================================================
variable                    meaning
==========================  ===================================================================
``ANALYSIS_REPORTS_DIR``    where reports are written (the build points it at its staging folder)
``ANALYSIS_TABLES_DIR``     where tables are written (idem)
``ANALYSIS_FIGURES_DIR``    where figures are written (idem)
``ANALYSIS_SOURCES_DIR``    the plain-text sources (default ``../shared/sources`` beside the clone)
``ANALYSIS_BUILD_INPUTS``   the digest of the build's inputs, set by the build for its kernels:
                            results are remembered for the life of a kernel (:mod:`analysis.core.memo`)
``COMPENDIUM_ROOT``         the clone ``make`` runs in (set by the Makefile): the build stops if the
                            ``analysis`` package imported is another clone's
==========================  ===================================================================

The package reads no other variable. It writes three, for NumPy only: ``python -m analysis audit`` sets
``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS`` and ``MKL_NUM_THREADS`` to 1 where the user has not set them,
before NumPy is imported (``analysis.cli``: the audit does no linear algebra, and an idle BLAS thread pool
costs CPU).

Without the output variables, outputs go to the committed folders
(``reports/``, ``tables/``, ``figures/``), except in a Jupyter kernel that the
build did not start (JupyterLab, a direct papermill run, nbval), which writes
under ``build/interactive/`` so that committed outputs change only through
``make all``.

>>> cfg = Config.default()
>>> cfg.raw == cfg.root / "data" / "raw", cfg.relative(cfg.raw / "zigong_hf_alliance")
(True, 'data/raw/zigong_hf_alliance')
>>> cfg.root.joinpath("src", "analysis", "core", "config.py") == Path(__file__).resolve()
True
>>> with use(cfg.with_outputs(cfg.build / "stage")):  # an output written elsewhere is named by its committed name
...     str(current().ledger.relative_to(cfg.root)), current().relative(current().ledger)
('build/stage/tables/consistency_ledger.csv', 'tables/consistency_ledger.csv')
"""
from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, Mapping, Sequence

__all__ = ["ROOT", "OUTPUTS", "VARIABLES", "Config", "current", "use"]

ROOT = Path(__file__).resolve().parents[3]
"""The repository root (the clone this package is installed from)."""
OUTPUTS = ("reports", "tables", "figures")
"""The committed output folders, written only by the default build (``make all``)."""
VARIABLES = ("ANALYSIS_REPORTS_DIR", "ANALYSIS_TABLES_DIR", "ANALYSIS_FIGURES_DIR", "ANALYSIS_SOURCES_DIR",
             "ANALYSIS_BUILD_INPUTS", "COMPENDIUM_ROOT")
"""Every environment variable the package reads (in :meth:`Config.from_environment` only)."""


@dataclass(frozen=True)
class Config:
    """Where the compendium reads and writes, and the settings of this process.

    Attributes
    ----------
    root : Path
        The repository; every input path derives from it.
    sources : Path
        The plain-text sources (outside version control).
    reports, tables, figures : Path
        Where outputs are written.
    build_inputs : str
        Digest of the build's inputs in a kernel the build started (empty elsewhere).
    clone : Path or None
        The clone ``make`` runs in, when the Makefile says so.
    """

    root: Path
    sources: Path
    reports: Path
    tables: Path
    figures: Path
    build_inputs: str = ""
    clone: Path | None = None

    @classmethod
    def default(cls, root: Path = ROOT) -> "Config":
        """Inputs under ``root``, outputs in its committed folders."""
        root = Path(root)
        return cls(root, root.parent / "shared" / "sources", root / "reports", root / "tables", root / "figures")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None,
                         argv: Sequence[str] | None = None) -> "Config":
        """The configuration of this process, from the variables of :data:`VARIABLES` and ``argv[0]``."""
        env = os.environ if environ is None else environ
        argv = sys.argv if argv is None else argv
        cfg = cls.default()
        in_kernel = bool(argv) and bool(argv[0]) and Path(argv[0]).name == "ipykernel_launcher.py"
        outs = {}
        for name in OUTPUTS:
            given = env.get(f"ANALYSIS_{name.upper()}_DIR")
            outs[name] = Path(given) if given else (cfg.build / "interactive" / name if in_kernel
                                                    else getattr(cfg, name))
        sources = env.get("ANALYSIS_SOURCES_DIR")
        clone = env.get("COMPENDIUM_ROOT")
        return replace(cfg, **outs, sources=Path(sources) if sources else cfg.sources,
                       build_inputs=env.get("ANALYSIS_BUILD_INPUTS", ""), clone=Path(clone) if clone else None)

    # -- inputs
    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def checks(self) -> Path:
        return self.data / "checks"

    @property
    def coding(self) -> Path:
        return self.data / "coding"

    @property
    def datapackage(self) -> Path:
        return self.data / "datapackage.json"

    @property
    def manifest(self) -> Path:
        return self.raw / "SHA256SUMS"

    @property
    def params(self) -> Path:
        return self.root / "params"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def build(self) -> Path:
        return self.root / "build"

    # -- outputs
    @property
    def ledger(self) -> Path:
        return self.tables / "consistency_ledger.csv"

    @property
    def findings(self) -> Path:
        return self.tables / "findings.csv"

    @property
    def committed(self) -> dict[str, Path]:
        """The committed output folders by name (``reports``, ``tables``, ``figures``)."""
        return {name: self.root / name for name in OUTPUTS}

    def with_outputs(self, folder: Path) -> "Config":
        """The same inputs, outputs under ``folder/reports``, ``folder/tables`` and ``folder/figures``."""
        return replace(self, **{name: Path(folder) / name for name in OUTPUTS})

    def with_root(self, root: Path) -> "Config":
        """Inputs and outputs under another root (a copy of the repository)."""
        return replace(Config.default(root), sources=self.sources)

    def environment(self) -> dict[str, str]:
        """The variables that give a child process this configuration's outputs and build digest."""
        env = {f"ANALYSIS_{name.upper()}_DIR": str(getattr(self, name)) for name in OUTPUTS}
        env["ANALYSIS_SOURCES_DIR"] = str(self.sources)
        if self.build_inputs:
            env["ANALYSIS_BUILD_INPUTS"] = self.build_inputs
        return env

    def relative(self, path: Path | str) -> str:
        """``path`` relative to the repository root, with forward slashes.

        Generated outputs name files this way, so they never carry an
        absolute path of the machine that built them. A staged output is
        named by its committed name; a path outside the repository by its
        file name.

        >>> Config.default().relative("data/raw")
        'data/raw'
        """
        p = Path(path)
        if p.is_absolute():
            for name in OUTPUTS:
                where = getattr(self, name)
                if where != self.committed[name] and p.is_relative_to(where):
                    return (Path(name) / p.relative_to(where)).as_posix()
            try:
                p = p.resolve().relative_to(self.root.resolve())
            except ValueError:
                return p.name
        return p.as_posix()


_CURRENT: list[Config] = []


def current() -> Config:
    """The configuration in force: the innermost :func:`use`, else this process's environment (read once)."""
    if not _CURRENT:
        _CURRENT.append(Config.from_environment())
    return _CURRENT[-1]


@contextlib.contextmanager
def use(config: Config) -> Iterator[Config]:
    """Run a block under another configuration (a test's copy of the tree, a preview's output folder)."""
    depth = len(_CURRENT) or len([current()])
    _CURRENT.append(config)
    try:
        yield config
    finally:
        del _CURRENT[depth:]
