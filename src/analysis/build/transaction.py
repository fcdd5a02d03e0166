"""A build as one transaction: staged steps, one all-or-nothing commit, a checked state.

:class:`Transaction` runs the steps that are out of date while it validates every input; a bad input
stops the steps, and its message is the only one. A step writes the files it produces under
``build/stage/<step>/`` with their repository-relative names; each output folder there is a link to
a hidden staging folder beside the output folder itself (``.reports.stage/<step>/`` beside
``reports/``), so that the commit only renames within one filesystem, wherever ``build/`` lives (a
link or a mount elsewhere). An output folder that is itself a mount point is refused with one line.

If validation and every step succeeded, it commits:

1. it checks that every output can be replaced (its folder writable, the file neither a folder nor
   immutable) before anything moves, and otherwise stops naming the output, changing nothing;
2. a journal (``build/commit.json``) lists every rename and the new state;
3. each old output is moved aside (into the staging folder) and the new one renamed into place;
   outputs no longer produced are moved aside too;
4. the state is written, then the journal removed, and only then the staging folders.

A rename that fails anyway is undone: every output moved so far goes back, and the build stops naming
the output that could not be replaced. A build killed during the commit is rolled forward from the
journal by the next one (back, if an output cannot be replaced then). Until the journal is gone the
staged files are kept, so a commit can always be completed or undone.

Interrupts (:mod:`analysis.build.stop`) stop the build at its next safe point before the commit;
during the commit they are held until it is complete, and then said truthfully. Every output is
listed in ``build/state.json`` with its SHA-256, so deleting or editing one makes the next build redo
its step; inputs are compared by content (:mod:`analysis.core.provenance`), never by file time.

A step is a name and a function ``run(stage: Path)`` that writes under ``stage`` the files it
produces; what it writes is its declared output set. The compendium's steps are in
:mod:`analysis.build.pipeline`.

>>> Step("a", lambda stage: None).name
'a'
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import struct
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from analysis.build import stop
from analysis.core.errors import InputError, StepFailed
from analysis.core.outputs import atomic_write
from analysis.core.provenance import digest, sha256

__all__ = ["Step", "Transaction", "CommitFailed"]


@dataclass
class Step:
    """One unit of the build: ``run(stage)`` writes its outputs under ``stage``."""

    name: str
    run: Callable[[Path], None]
    description: str = ""


_IMMUTABLE = 0x00000010 | 0x00000020  # FS_IMMUTABLE_FL, FS_APPEND_FL (chattr +i, +a)
_GETFLAGS = 0x80086601  # FS_IOC_GETFLAGS


def _unreplaceable(path: Path) -> str | None:
    """Why ``path`` (an existing output) could not be renamed over or moved aside, or None."""
    if path.is_dir() and not path.is_symlink():
        return "it is a folder"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None  # a link or an unreadable file: the rename itself will say (and be undone)
    try:
        buf = bytearray(8)
        fcntl.ioctl(fd, _GETFLAGS, buf)
        if struct.unpack("<I", bytes(buf[:4]))[0] & _IMMUTABLE:
            return "it is immutable or append-only (chattr)"
    except OSError:
        pass  # a filesystem without these flags
    finally:
        os.close(fd)
    return None


def _folder_problem(folder: Path, root: Path) -> str | None:
    """Why files could not be renamed into ``folder`` (or the nearest existing folder above it)."""
    d = folder
    while not d.exists() and d != root and d != d.parent:
        d = d.parent
    if not d.is_dir():
        return f"{d.name} is not a folder"
    if not os.access(d, os.W_OK | os.X_OK):
        return "its folder is not writable"
    return None


class CommitFailed(StepFailed):
    """An output could not be replaced; the commit was undone (or, if even that failed, left to the journal)."""


# ------------------------------------------------------------------------------------------ engine

class Transaction:
    """Run steps into staging folders and commit them together, all or nothing.

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
        ``replace:<output>`` before each rename of the commit, ``commit-move``
        after it, ``commit-done`` once the state is written); the fault-injection
        tests stop the build there.
    output_roots : tuple of str
        The folders (relative to ``root``) that steps write into; a step writing
        anywhere else fails.
    """

    def __init__(self, root: Path, steps: list[Step], inputs: Callable[[], dict[str, str]],
                 validate: Callable[[], None] | None = None, log: Callable[[str], None] = print,
                 abort: Callable[[], None] | None = None,
                 checkpoint: Callable[[str], None] | None = None, output_roots: tuple[str, ...] = ()) -> None:
        self.root = Path(root).resolve()
        self.steps = {s.name: s for s in steps}
        self.inputs = inputs
        self.validate = validate or (lambda: None)
        self.log = log
        self.abort = abort or (lambda: None)
        self.checkpoint = checkpoint or (lambda point: None)
        self.output_roots: tuple[str, ...] = tuple(output_roots)
        self.before_recovery: Callable[[], None] = lambda: None
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

    # -- where outputs are staged: beside each output folder, on its filesystem
    def stage_home(self, out_root: str) -> Path:
        """The hidden staging folder of output folder ``out_root``: beside the folder it links to, if a link."""
        real = Path(os.path.realpath(self.root / out_root))
        return real.parent / f".{real.name}.stage"

    def _check_filesystems(self) -> None:
        for rel in self.output_roots:
            real = Path(os.path.realpath(self.root / rel))
            if real.is_dir() and real.parent.exists() and os.stat(real).st_dev != os.stat(real.parent).st_dev:
                raise InputError(f"{rel}/ is a mount point (another filesystem than the folder that holds it): "
                                 "the build stages outputs beside their folder and renames them into place; "
                                 f"make {rel} an ordinary folder or a symbolic link to one")

    def _prepare_stage(self, names: list[str]) -> None:
        self._check_filesystems()
        for n in names:
            mirror = self.stage / n
            mirror.mkdir(parents=True, exist_ok=True)
            for rel in self.output_roots:
                home = self.stage_home(rel) / n
                home.mkdir(parents=True, exist_ok=True)
                link = mirror / rel
                link.parent.mkdir(parents=True, exist_ok=True)
                link.symlink_to(home, target_is_directory=True)

    def _remove_stage(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)
        for rel in self.output_roots:
            shutil.rmtree(self.stage_home(rel), ignore_errors=True)

    def _abs(self, rel: str) -> Path:
        return Path(os.path.normpath(self.root / rel))

    def _rel(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.root)).as_posix()

    # -- recovery of a commit interrupted by SIGKILL or a power cut
    def recover(self) -> None:
        """Complete (or undo) a commit a killed build left, then remove every stage it left."""
        self.before_recovery()  # stop a killed build's kernels before touching what they write
        if self.journal.exists():
            try:
                j = json.loads(self.journal.read_text(encoding="utf-8"))
            except ValueError:  # a journal cut short was never acted on: nothing was renamed
                j = None
            if j is not None:
                self.log("==> completing the commit of an interrupted build")
                try:
                    self._forward(j)
                except OSError as exc:
                    self._back(j)
                    self.log(f"==> it could not be completed ({self._why(exc)}): the outputs before it are back")
            self.journal.unlink(missing_ok=True)
        self._remove_stage()
        for tmp in self.build.glob(".*.tmp"):  # a state or journal write cut short by SIGKILL
            tmp.unlink(missing_ok=True)

    def _why(self, exc: OSError) -> str:
        name = self._rel(Path(exc.filename)) if exc.filename else ""
        return f"{name}: {exc.strerror or exc}" if name else str(exc.strerror or exc)

    def _forward(self, j: dict) -> None:
        """Roll the commit of journal ``j`` forward: every new output in place, every old one aside."""
        for src, dst, bak in j["moves"]:
            s, d, b = self._abs(src), self._abs(dst), self._abs(bak)
            if os.path.lexists(s):
                self.checkpoint(f"replace:{dst}")
                if os.path.lexists(d) and not os.path.lexists(b):
                    b.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(d, b)
                d.parent.mkdir(parents=True, exist_ok=True)
                os.rename(s, d)
            self.checkpoint("commit-move")
        for rel, bak in j["remove"]:
            d, b = self._abs(rel), self._abs(bak)
            if os.path.lexists(d) and not os.path.lexists(b):
                self.checkpoint(f"replace:{rel}")
                b.parent.mkdir(parents=True, exist_ok=True)
                os.rename(d, b)
        self._write_json(self.state_file, j["state"])
        self.checkpoint("commit-done")

    def _back(self, j: dict) -> None:
        """Undo the commit of journal ``j``: every new output back to the stage, every old one back in place."""
        for rel, bak in j["remove"]:
            d, b = self._abs(rel), self._abs(bak)
            if os.path.lexists(b):
                os.rename(b, d)
        for src, dst, bak in reversed(j["moves"]):
            s, d, b = self._abs(src), self._abs(dst), self._abs(bak)
            if not os.path.lexists(s) and os.path.lexists(d):
                os.rename(d, s)
            if os.path.lexists(b):
                os.rename(b, d)
        self._write_json(self.state_file, j["before"])

    # -- one build
    def run(self, names: Iterable[str] | None = None, force: bool = False) -> bool:
        """Bring the named steps (default: all) up to date; return True if anything was rebuilt."""
        self.build.mkdir(parents=True, exist_ok=True)
        with stop.handled(), open(self.build / "lock", "w") as lock:
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
            committing = False
            try:
                stop.check()
                self._prepare_stage(list(todo))
                produced = self._run_steps(list(todo))
                self.checkpoint("before-commit")
                stop.check()  # the last moment an interrupt stops the build before its commit
                committing = True
                self._commit(produced, key)
            except BaseException:
                if not committing:
                    self.abort()  # stop kernels and child processes before removing their folder
                    deadline = time.monotonic() + 3  # steps still writing into the stage: a short grace, then
                    for t in self._threads:  # the stage goes (what a step still writes is removed next build)
                        t.join(max(0.0, deadline - time.monotonic()))
                raise
            finally:
                if not self.journal.exists():  # keep the stage while a journal needs it
                    self._remove_stage()
            return True

    def _run_steps(self, names: list[str]) -> dict[str, dict[str, Path]]:
        # Validation runs beside the steps, which write only into the stage: nothing is committed unless
        # it passed. A bad input stops the steps (run() aborts and joins them) and its message comes
        # alone, whatever the steps made of the bad input meanwhile.
        errors: dict[str, BaseException] = {}
        threads = self._threads = []
        for n in names:
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
        stop.check()
        for t in threads:
            stop.wait(t)
        for n, exc in errors.items():
            if isinstance(exc, (InputError, StepFailed, stop.Interrupted)):
                raise exc
            raise StepFailed(f"step {n} failed: {type(exc).__name__}: {exc}") from exc
        return self._collect(names)

    def _collect(self, names: list[str]) -> dict[str, dict[str, Path]]:
        produced = {}
        owner: dict[str, str] = {}
        roots = set(self.output_roots)
        for n in names:
            files = {}
            for p in sorted((self.stage / n).rglob("*")):  # links to the output folders' stages are not followed
                rel = p.relative_to(self.stage / n).as_posix()
                if rel not in roots and not p.is_dir():
                    raise StepFailed(f"step {n} wrote {rel} outside the output folders {sorted(roots)}")
            for out_root in self.output_roots:
                home = self.stage_home(out_root) / n
                for p in sorted(home.rglob("*")):
                    if p.is_dir():
                        continue
                    rel = (Path(out_root) / p.relative_to(home)).as_posix()
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

    def _backup(self, rel: str) -> Path:
        """Where the commit moves the old ``rel`` aside: the staging folder of its output folder."""
        top = Path(rel).parts[0]
        out_root = next((r for r in self.output_roots if rel == r or rel.startswith(r.rstrip("/") + "/")), top)
        return self.stage_home(out_root) / ".replaced" / Path(rel).relative_to(out_root)

    def _commit(self, produced: dict[str, dict[str, Path]], key: str) -> None:
        before = self.state()
        state = json.loads(json.dumps(before))
        steps = state.setdefault("steps", {})
        moves, remove = [], []
        for n, files in produced.items():
            old = set(steps.get(n, {}).get("outputs", {}))
            steps[n] = {"inputs": key, "outputs": {rel: sha256(p) for rel, p in files.items()}}
            moves += [[self._rel(p), rel, self._rel(self._backup(rel))] for rel, p in files.items()]
            remove += sorted(old - set(files))
        written = {rel for files in produced.values() for rel in files}
        for n in sorted(set(steps) - set(self.steps)):  # a step no longer declared (the build changed shape)
            remove += sorted(set(steps.pop(n).get("outputs", {})) - written)
        self.check_writable([rel for _, rel, _ in moves])
        for rel in [*(m[1] for m in moves), *remove]:  # every target replaceable, before the first rename
            why = (_unreplaceable(self.root / rel) if os.path.lexists(self.root / rel) else None) or \
                _folder_problem((self.root / rel).parent, self.root)
            if why:
                raise CommitFailed(f"{rel} cannot be replaced ({why}): nothing was committed; "
                                   "the outputs of the last build are unchanged")
        journal = {"moves": moves, "remove": [[rel, self._rel(self._backup(rel))] for rel in remove],
                   "state": state, "before": before}
        self._write_json(self.journal, journal)
        try:
            self._forward(journal)
        except OSError as exc:
            try:
                self._back(journal)
            except OSError as again:
                raise CommitFailed(f"{self._why(exc)}: the commit could not be completed, nor undone "
                                   f"({self._why(again)}); the next build completes or undoes it from "
                                   "build/commit.json") from exc
            self.journal.unlink(missing_ok=True)
            if exc.errno in (errno.EXDEV,):
                raise CommitFailed(f"{self._why(exc)}: the staged outputs are on another filesystem; nothing "
                                   "was committed") from exc
            raise CommitFailed(f"{self._why(exc)}: it could not be replaced, so nothing was committed; "
                               "the outputs of the last build are unchanged") from exc
        self.journal.unlink()
        self.log(f"==> committed {len(moves)} files" + (f", removed {len(remove)}" if remove else ""))
        signum = stop.requested()
        if signum is not None:
            raise stop.Interrupted(signum, committed=len(moves))
