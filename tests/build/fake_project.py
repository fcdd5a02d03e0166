"""A fake project for the fault-injection tests of tests/build/test_transaction.py (no tests here).

Run as ``python tests/build/fake_project.py ROOT [POINT:HOW]`` so that signals hit a
real process; it imports nothing heavy, so each run takes a fraction of a
second. The fault is injected at a checkpoint of the transaction
(:attr:`analysis.build.transaction.Transaction.checkpoint`): at ``POINT`` the
process kills itself (``kill``), sends itself SIGINT (``int``) or SIGTERM
(``term``), or fails (``fail``); at ``replace:<output>`` (before the commit renames that output)
``eperm`` makes the rename fail as an immutable file does. Fault injection lives here, in the tests;
the production code only calls its checkpoints.
"""
import errno
import os
import signal
import sys
import threading
import time
import weakref
from pathlib import Path

from analysis.build import stop
from analysis.build.transaction import Step, Transaction
from analysis.core.errors import InputError, StepFailed
from analysis.core.provenance import hash_files, input_files


def _slow(root: Path) -> float:
    """Seconds a slow build takes (``inputs/slow.txt``; none by default)."""
    p = root / "inputs" / "slow.txt"
    return float(p.read_text()) if p.exists() else 0.0


def _churn(seconds: float) -> None:
    """Keep the main thread busy in finalisers and weak sets for ``seconds``: where Python's default SIGINT
    handler raises a KeyboardInterrupt that the interpreter ignores ("Exception ignored in: WeakSet")."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        live = weakref.WeakSet()
        objs = [type("T", (), {})() for _ in range(200)]
        for o in objs:
            live.add(o)
            weakref.finalize(o, lambda: None)
        del objs


_ABORTED = threading.Event()  # the transaction's abort: stops a slow step as the build's stops its kernels


def _step_a(root: Path):
    def run(stage: Path) -> None:
        if _ABORTED.wait(_slow(root)):
            raise StepFailed("stopped")
        x = (root / "inputs" / "x.txt").read_text()
        (stage / "out").mkdir(parents=True, exist_ok=True)
        (stage / "out" / "a_ledger.csv").write_text(f"ledger of {x}")
        (stage / "out" / "sub").mkdir(exist_ok=True)
        (stage / "out" / "sub" / "a_cross.csv").write_text(f"cross of {x}")
    return run


def _step_b(root: Path):
    def run(stage: Path) -> None:
        y = (root / "inputs" / "y.txt").read_text()
        if y.startswith("bad"):
            raise InputError("a bad value", file="inputs/y.txt", row=1, column="y")
        (stage / "figs").mkdir(parents=True, exist_ok=True)
        (stage / "figs" / "b.png").write_text(f"figure of {y}")
    return run


def fault(spec: str):
    """A checkpoint that injects ``spec`` (``POINT:HOW``) when the transaction reaches ``POINT``."""
    where, _, how = spec.rpartition(":")

    def checkpoint(point: str) -> None:
        if point != where:
            return
        if how == "fail":
            raise StepFailed(f"injected failure at {point}")
        if how == "eperm":
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(Path(os.getcwd()) / point.split(":", 1)[1]))
        os.kill(os.getpid(), {"kill": signal.SIGKILL, "int": signal.SIGINT, "term": signal.SIGTERM}[how])
        time.sleep(5 if how == "kill" else 0.2)  # let the signal arrive
    return checkpoint


def fake_engine(root: Path, fault_spec: str = "") -> Transaction:
    root = Path(root)
    _ABORTED.clear()

    def validate() -> None:
        _churn(min(_slow(root), 0.6))
        if (root / "inputs" / "x.txt").read_text().startswith("invalid"):
            raise InputError("not a number", file="inputs/x.txt", row=1, column="x")

    return Transaction(root, [Step("a", _step_a(root)), Step("b", _step_b(root))],
                       lambda: hash_files(root, input_files(root, ["inputs"])), validate, log=print, abort=_ABORTED.set,
                       checkpoint=fault(fault_spec) if fault_spec else None, output_roots=("out", "figs"))


def fake_main(root: str, fault_spec: str = "") -> int:
    """Entry point of the subprocess runs (so signals hit a real process), handling them as the build's
    command does (:func:`analysis.build.stop.handled`)."""
    os.chdir(root)
    try:
        with stop.handled():
            fake_engine(Path(root), fault_spec).run()
    except KeyboardInterrupt as exc:
        print(exc, file=sys.stderr)
        return 130
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StepFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(fake_main(*sys.argv[1:3]))
