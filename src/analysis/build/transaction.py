"""A build as one transaction: staged steps, one commit, a checked state.

:class:`Transaction` runs the steps that are out of date, each writing only
under ``build/stage/<step>/`` (a mirror of the repository layout), while it
validates every input; a bad input stops the steps, and its message is the
only one. If validation and every step succeeded, it commits: a journal
(``build/commit.json``) lists the renames and the new state, then every
staged file is renamed into place, outputs no longer produced are removed,
the state is written and the journal removed. A build killed during the
commit is rolled forward by the next one.

A failure anywhere before the commit leaves the previous outputs as they
were; an interrupt removes the staging folder; SIGINT/SIGTERM during the
commit are held until it completes. Every output is listed in
``build/state.json`` with its SHA-256, so deleting or editing one makes the
next build redo its step; inputs are compared by content
(:mod:`analysis.core.provenance`), never by file time.

A step is a name and a function ``run(stage: Path)`` that writes under
``stage`` the files it produces, with their repository-relative names; what
it writes is its declared output set. The compendium's steps are in
:mod:`analysis.build.pipeline`.

>>> Step("a", lambda stage: None).name
'a'
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from analysis.core.errors import InputError, StepFailed
from analysis.core.outputs import atomic_write
from analysis.core.provenance import digest, sha256

__all__ = ["Step", "Transaction"]


@dataclass
class Step:
    """One unit of the build: ``run(stage)`` writes its outputs under ``stage``."""

    name: str
    run: Callable[[Path], None]
    description: str = ""


# ------------------------------------------------------------------------------------------ engine

class Transaction:
    """Run steps into a staging folder and commit them together.

    Parameters
    ----------
    root : Path
        The repository (outputs are relative to it).
    steps : list of Step
    inputs : callable
        Returns ``{relative path: sha256}`` of every input.
    validate : callable, optional
        Checks every input; raises :class:`InputError`. Runs beside the
        steps; nothing is committed unless it passes.
    log : callable, optional
        Where progress lines go.
    abort : callable, optional
        Stops whatever the steps started (kernels) when the build fails or is interrupted.
    checkpoint : callable, optional
        Called with the name of each point between the phases of a build
        (``after-step-<name>``, ``after-validate``, ``before-commit``,
        ``commit-move``); the fault-injection tests stop the build there.
    """

    def __init__(self, root: Path, steps: list[Step], inputs: Callable[[], dict[str, str]],
                 validate: Callable[[], None] | None = None, log: Callable[[str], None] = print,
                 abort: Callable[[], None] | None = None,
                 checkpoint: Callable[[str], None] | None = None) -> None:
        self.root = Path(root).resolve()
        self.steps = {s.name: s for s in steps}
        self.inputs = inputs
        self.validate = validate or (lambda: None)
        self.log = log
        self.abort = abort or (lambda: None)
        self.checkpoint = checkpoint or (lambda point: None)
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
                    if sha256(p) != h:
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
            self.checkpoint("commit-move")
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
                    self.checkpoint(f"after-step-{n}")
                except BaseException as exc:  # noqa: BLE001 - reported below
                    errors[n] = exc
            t = threading.Thread(target=work, name=n, daemon=True)
            t.start()
            threads.append(t)
        self.validate()
        self.checkpoint("after-validate")
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
        self.checkpoint("before-commit")
        state = self.state()
        steps = state.setdefault("steps", {})
        moves, remove = [], []
        for n, files in produced.items():
            old = set(steps.get(n, {}).get("outputs", {}))
            steps[n] = {"inputs": key, "outputs": {rel: sha256(p) for rel, p in files.items()}}
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


