"""The build as one transaction: hashed inputs, staged steps, one commit, a checked state.

``make all`` runs :func:`main` (``python -m analysis build``), which

1. checks that the ``analysis`` package imported is this clone's;
2. hashes every input (data, check specifications, coding, parameters,
   notebooks, the package, the lock) and every output recorded in
   ``build/state.json``; a step whose input digest changed, or one of whose
   outputs is missing or differs from its recorded hash, is *dirty*;
3. runs the dirty steps in parallel, each writing only under
   ``build/stage/<step>/`` (a mirror of the repository layout), while it
   validates all inputs; a bad input stops the steps, and its message is the
   only one;
4. if validation and every step succeeded, commits: a journal
   (``build/commit.json``) lists the renames and the new state, then every
   staged file is renamed into place, outputs no longer produced are
   removed, the state is written and the journal removed. A build killed
   during the commit is rolled forward by the next one.

A failure anywhere before the commit leaves the previous outputs as they
were; an interrupt removes the staging folder; SIGINT/SIGTERM during the
commit are held until it completes. Every output is listed in the state with
its SHA-256, so deleting or editing one makes the next build redo its step;
inputs are compared by content, never by file time.

A step is a name and a function ``run(stage: Path)`` that writes under
``stage`` the files it produces, with their repository-relative names; what
it writes is its declared output set. Adding an output to a step needs no
other declaration; adding a step is one :class:`Step` in :func:`steps`.

>>> digest({"a": "1", "b": "2"}) == digest({"b": "2", "a": "1"})
True
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from . import paths
from .errors import InputError

__all__ = ["Step", "Engine", "StepFailed", "digest", "hash_files", "input_files", "check_environment",
           "steps", "main"]

#: Files whose content decides the outputs (relative to the root); folders are taken whole.
INPUTS = ("data", "params", "notebooks", "src/analysis", "pyproject.toml", "requirements.lock")
_SKIP = ("__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".hypothesis")


class StepFailed(RuntimeError):
    """A build step failed; the message says which and why."""


@dataclass
class Step:
    """One unit of the build: ``run(stage)`` writes its outputs under ``stage``."""

    name: str
    run: Callable[[Path], None]
    description: str = ""


def digest(hashes: dict[str, str]) -> str:
    """One SHA-256 over a mapping of names to hashes (order-free)."""
    h = hashlib.sha256()
    for k in sorted(hashes):
        h.update(f"{k}\0{hashes[k]}\n".encode())
    return h.hexdigest()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files_under(root: Path, rel: str) -> Iterable[Path]:
    p = root / rel
    if p.is_file():
        yield p
    elif p.is_dir():
        for q in sorted(p.rglob("*")):
            if q.is_file() and not any(part in _SKIP for part in q.relative_to(root).parts) \
                    and not q.name.endswith((".pyc", ".tmp")):
                yield q


def input_files(root: Path, spec: Iterable[str] = INPUTS) -> list[Path]:
    """Every input file under ``root`` (sorted)."""
    return [p for rel in spec for p in _files_under(root, rel)]


def hash_files(root: Path, files: Iterable[Path]) -> dict[str, str]:
    """``{relative path: sha256}`` of ``files``."""
    return {p.relative_to(root).as_posix(): _sha(p) for p in files}


def check_environment(root: Path) -> None:
    """Stop unless the imported ``analysis`` package is the one in ``root/src``.

    An active environment from another clone (its editable install points
    there) would otherwise build that clone.
    """
    import analysis
    here = Path(analysis.__file__).resolve().parent
    want = (Path(root).resolve() / "src" / "analysis")
    if here != want:
        raise InputError(f"the Python environment in use ({sys.prefix}) imports analysis from {here.parent}, "
                         f"not from this clone ({want.parent}); deactivate it (or `pip install -e .` here) "
                         "and run make again")


# ------------------------------------------------------------------------------------------ engine

def _fault(point: str) -> None:
    """Fault injection for the tests: ``ANALYSIS_FAULT=<point>:<kill|fail|int|term>``."""
    spec = os.environ.get("ANALYSIS_FAULT", "")
    where, _, how = spec.rpartition(":")
    if where != point:
        return
    if how == "fail":
        raise StepFailed(f"injected failure at {point}")
    sig = {"kill": signal.SIGKILL, "int": signal.SIGINT, "term": signal.SIGTERM}[how]
    os.kill(os.getpid(), sig)
    time.sleep(5 if how == "kill" else 0.2)  # let the signal arrive


class Engine:
    """Run steps into a staging folder and commit them together.

    Parameters
    ----------
    root : Path
        The repository (outputs are relative to it).
    steps : list of Step
    inputs : callable
        Returns ``{relative path: sha256}`` of every input.
    validate : callable, optional
        Checks every input; raises :class:`InputError`. Runs before the
        steps; nothing runs or is committed unless it passes.
    """

    def __init__(self, root: Path, steps: list[Step], inputs: Callable[[], dict[str, str]],
                 validate: Callable[[], None] | None = None, log: Callable[[str], None] = print,
                 abort: Callable[[], None] | None = None) -> None:
        self.root = Path(root).resolve()
        self.steps = {s.name: s for s in steps}
        self.inputs = inputs
        self.validate = validate or (lambda: None)
        self.log = log
        self.abort = abort or (lambda: None)
        self.output_roots: tuple[str, ...] = ()
        self._threads: list[threading.Thread] = []
        self.build = self.root / "build"
        self.state_file = self.build / "state.json"
        self.journal = self.build / "commit.json"
        self.stage = self.build / "stage"

    # -- state
    def state(self) -> dict:
        try:
            return json.loads(self.state_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {"steps": {}}

    def _write_json(self, path: Path, data: dict) -> None:
        from .outputs import atomic_write
        atomic_write(path, json.dumps(data, indent=1, sort_keys=True) + "\n")

    def dirty(self, names: Iterable[str] | None = None, key: str | None = None) -> dict[str, str]:
        """Steps to run, each with the reason."""
        key = key or digest(self.inputs())
        recorded = self.state().get("steps", {})
        out = {}
        for name in names or self.steps:
            rec = recorded.get(name)
            if rec is None:
                out[name] = "never built"
            elif rec.get("inputs") != key:
                out[name] = "inputs changed"
            else:
                for rel, h in sorted(rec.get("outputs", {}).items()):
                    p = self.root / rel
                    if not p.is_file():
                        out[name] = f"{rel} missing"
                        break
                    if _sha(p) != h:
                        out[name] = f"{rel} differs from the build that wrote it"
                        break
        return out

    def check_writable(self, extra: Iterable[str] = ()) -> None:
        """Stop before building if a folder the commit must write to is not writable."""
        recorded = [rel for rec in self.state().get("steps", {}).values() for rel in rec.get("outputs", {})]
        folders = {str(Path(rel).parent) for rel in [*recorded, *extra]} | set(self.output_roots)
        for rel in sorted(folders):
            d = self.root / rel
            while not d.exists() and d != self.root:
                d = d.parent
            if not os.access(d, os.W_OK | os.X_OK):
                name = d.relative_to(self.root).as_posix() if d != self.root else "."
                raise InputError(f"{name}/ is not writable: the build cannot replace its outputs there "
                                 "(the outputs of the last build are unchanged)")

    # -- recovery of a commit interrupted by SIGKILL or a power cut
    def recover(self) -> None:
        if self.journal.exists():
            j = json.loads(self.journal.read_text(encoding="utf-8"))
            self.log("==> completing the commit of an interrupted build")
            self._apply(j)
        if self.stage.exists():
            shutil.rmtree(self.stage)
        for tmp in self.build.glob(".*.tmp"):  # a state or journal write cut short by SIGKILL
            tmp.unlink(missing_ok=True)

    def _apply(self, j: dict) -> None:
        for src, dst in j["moves"]:
            s, d = self.root / src, self.root / dst
            if s.exists():
                d.parent.mkdir(parents=True, exist_ok=True)
                os.replace(s, d)
            _fault("commit-move")
        for rel in j["remove"]:
            (self.root / rel).unlink(missing_ok=True)
        self._write_json(self.state_file, j["state"])
        self.journal.unlink(missing_ok=True)

    # -- one build
    def run(self, names: Iterable[str] | None = None, force: bool = False) -> bool:
        """Bring the named steps (default: all) up to date; return True if anything was rebuilt."""
        import fcntl

        self.build.mkdir(parents=True, exist_ok=True)
        with open(self.build / "lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self.log("==> waiting for another build of this clone to finish")
                fcntl.flock(lock, fcntl.LOCK_EX)
            self.recover()
            names = list(names or self.steps)
            hashes = self.inputs()
            key = digest(hashes)
            todo = {n: "forced" for n in names} if force else self.dirty(names, key)
            if not todo:
                self.log("==> up to date (inputs and outputs match build/state.json)")
                return False
            for n, why in todo.items():
                self.log(f"==> {n}: {why}")
            self.check_writable()
            try:
                produced = self._run_steps(list(todo))
                self._commit(produced, key)
            except BaseException:
                self.abort()  # stop kernels and child processes before removing their folder
                deadline = time.time() + 30
                for t in self._threads:  # steps still writing into the stage
                    t.join(max(0.0, deadline - time.time()))
                raise
            finally:
                shutil.rmtree(self.stage, ignore_errors=True)
            return True

    def _run_steps(self, names: list[str]) -> dict[str, dict[str, Path]]:
        # Validation runs beside the steps, which write only into the stage: nothing is committed unless
        # it passed. A bad input stops the steps (run() aborts and joins them) and its message comes
        # alone, whatever the steps made of the bad input meanwhile.
        errors: dict[str, BaseException] = {}
        threads = self._threads = []
        for n in names:
            (self.stage / n).mkdir(parents=True, exist_ok=True)

            def work(n=n):
                try:
                    self.steps[n].run(self.stage / n)
                    _fault(f"after-step-{n}")
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors[n] = exc
            t = threading.Thread(target=work, name=n, daemon=True)
            t.start()
            threads.append(t)
        self.validate()
        _fault("after-validate")
        for t in threads:
            while t.is_alive():
                t.join(0.2)
        for n, exc in errors.items():
            if isinstance(exc, (InputError, StepFailed)):
                raise exc
            raise StepFailed(f"step {n} failed: {type(exc).__name__}: {exc}") from exc
        produced = {}
        owner: dict[str, str] = {}
        for n in names:
            files = {}
            for p in sorted((self.stage / n).rglob("*")):
                if p.is_file():
                    rel = p.relative_to(self.stage / n).as_posix()
                    if p.name.startswith(".") or p.name.endswith(".tmp"):
                        raise StepFailed(f"step {n} left a temporary file {rel}")
                    if rel in owner:
                        raise StepFailed(f"{rel} is written by both {owner[rel]} and {n}")
                    owner[rel] = n
                    files[rel] = p
            if not files:
                raise StepFailed(f"step {n} wrote nothing")
            produced[n] = files
        for n, rec in self.state().get("steps", {}).items():  # a file moving between steps
            if n not in produced and n in self.steps:  # (a step no longer declared hands its files on)
                for rel in rec.get("outputs", {}):
                    if rel in owner:
                        raise StepFailed(f"{rel} is written by both {n} and {owner[rel]}")
        return produced

    def _commit(self, produced: dict[str, dict[str, Path]], key: str) -> None:
        _fault("before-commit")
        state = self.state()
        steps = state.setdefault("steps", {})
        moves, remove = [], []
        for n, files in produced.items():
            old = set(steps.get(n, {}).get("outputs", {}))
            steps[n] = {"inputs": key, "outputs": {rel: _sha(p) for rel, p in files.items()}}
            moves += [[p.relative_to(self.root).as_posix(), rel] for rel, p in files.items()]
            remove += sorted(old - set(files))
        written = {rel for files in produced.values() for rel in files}
        for n in sorted(set(steps) - set(self.steps)):  # a step no longer declared (the build changed shape)
            remove += sorted(set(steps.pop(n).get("outputs", {})) - written)
        self.check_writable([rel for _, rel in moves])
        journal = {"moves": moves, "remove": remove, "state": state}
        pending: list[int] = []
        held = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        in_main = threading.current_thread() is threading.main_thread()
        if in_main:
            for s in held:
                signal.signal(s, lambda sig, frame: pending.append(sig))
        try:
            self._write_json(self.journal, journal)
            self._apply(journal)
        finally:
            if in_main:
                for s, h in held.items():
                    signal.signal(s, h)
        self.log(f"==> committed {len(moves)} files" + (f", removed {len(remove)}" if remove else ""))
        if pending:
            raise KeyboardInterrupt


# ------------------------------------------------------------------------------------------ steps

def _env(stage: Path) -> dict[str, str]:
    return {**os.environ, **{f"ANALYSIS_{k.upper()}_DIR": str(stage / k) for k in paths.COMMITTED}}


def _outputs(stage: Path, jobs: int | None = None) -> None:
    """Write every table, execute and render every report, then the landing page: on two kernels.

    One kernel writes the cross-city tables, then executes the cross-city report; the other writes the
    ledger, the findings and the studies' tables, then executes the study reports. A report's context is
    the one its tables were written from (:func:`analysis.memo.remembered`, keyed by the digest of the
    inputs), so each study and the comparison are computed once per build. With one core (``-j 1``) the
    two lanes run in turn on one kernel.
    """
    from . import memo
    from .notebooks import Job, report_jobs, run_lanes
    reports = report_jobs()
    lanes = [
        [Job("writing tables/cross_city_*.csv",
             call="from analysis.build import write_cross_city_tables; write_cross_city_tables()"),
         *[j for j in reports if j.notebook == "cross_city"]],
        [Job("writing tables/consistency_ledger.csv, tables/findings.csv, tables/<study>/*.csv",
             call="from analysis.build import write_study_tables; write_study_tables()"),
         *[j for j in reports if j.notebook != "cross_city"]],
    ]
    if (jobs or os.cpu_count() or 2) < 2:
        lanes = [lanes[0] + lanes[1]]
    final = [Job("writing reports/index.html", call="from analysis.pages import write_index; write_index()")]
    env = {**_env(stage), memo.ENV: digest(hash_files(paths.ROOT, input_files(paths.ROOT)))}
    run_lanes(lanes, stage, env=env, final=final)


def steps(jobs: int | None = None) -> list[Step]:
    """The build's one step: tables, reports, figures and the landing page, committed together."""
    return [Step("outputs", lambda stage: _outputs(stage, jobs),
                 "tables/*.csv, tables/<study>/*.csv, reports/*.ipynb, reports/*.html, reports/index.html, figures/*")]


def validate_all() -> list[str]:
    """Every input, before anything is committed: data package, check specifications, parameters,
    notebooks. Returns the studies validated."""
    from .build import notebook_defaults, notebook_parameters
    from .params import SPECS
    from .specs import validate_specs
    done = validate_specs()
    for name in SPECS:
        notebook_defaults(name)
    for p in sorted(paths.PARAMS.glob("*.yaml")):
        notebook_parameters("cross_city" if p.stem == "cross_city" else "study", p.stem)
    return done


def main(names: list[str] | None = None, force: bool = False, jobs: int | None = None) -> int:
    """``python -m analysis build [STEP ...]``; returns the exit status."""
    t0 = time.time()
    if os.environ.get("COMPENDIUM_ROOT"):  # set by the Makefile to the clone make runs in
        check_environment(Path(os.environ["COMPENDIUM_ROOT"]))
    from .notebooks import cancel_all, reset
    reset()
    eng = Engine(paths.ROOT, steps(jobs), lambda: hash_files(paths.ROOT, input_files(paths.ROOT)), validate_all,
                 abort=cancel_all)
    eng.output_roots = tuple(paths.COMMITTED)
    unknown = sorted(set(names or ()) - set(eng.steps))
    if unknown:
        raise InputError(f"unknown build step(s) {unknown}; steps: {sorted(eng.steps)}")
    if eng.run(names, force=force):
        print(f"==> done in {time.time() - t0:.1f} s: reports/*.html, tables/consistency_ledger.csv, figures/")
    return 0
