"""Interrupts as a request, never as an exception thrown into whatever code happens to run.

Python's default SIGINT handler raises ``KeyboardInterrupt`` between any two bytecodes of the main
thread, including inside a finaliser or a weak-reference callback, where the interpreter prints
"Exception ignored in: ..." and goes on: the interrupt is swallowed and the build commits. While
:func:`handled` is in force, SIGINT and SIGTERM only record the request; the build looks at it at its
safe points (:func:`check`, the loops that wait for its threads) and stops there with
:class:`Interrupted`, before its commit, or after a commit already under way, saying which.

>>> with handled():
...     requested() is None
True
>>> str(Interrupted(2))
'interrupted (SIGINT): nothing was committed; the outputs of the last complete build are unchanged'
>>> str(Interrupted(15, committed=12))
'interrupted (SIGTERM) during the commit, which was completed first: the outputs are those of this build (12 files committed)'
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

__all__ = ["Interrupted", "handled", "requested", "check", "request", "clear", "wait"]

_EVENT = threading.Event()
_SIGNALS: list[int] = []


class Interrupted(KeyboardInterrupt):
    """The build stopped because it was asked to (SIGINT, SIGTERM); ``committed`` says whether a commit
    already under way was completed first (the number of files it committed) or nothing was committed."""

    def __init__(self, signum: int | None = None, committed: int | None = None) -> None:
        self.signum, self.committed = signum, committed
        super().__init__(str(self))

    def __str__(self) -> str:
        name = f" ({signal.Signals(self.signum).name})" if self.signum else ""
        if self.committed is None:
            return f"interrupted{name}: nothing was committed; the outputs of the last complete build are unchanged"
        return (f"interrupted{name} during the commit, which was completed first: the outputs are those of this "
                f"build ({self.committed} files committed)")


def request(signum: int, frame=None) -> None:  # noqa: ARG001 - a signal handler's signature
    """Record an interrupt (the signal handler): set a flag, raise nothing, take no lock."""
    _SIGNALS.append(signum)
    _EVENT.set()


def requested() -> int | None:
    """The first signal received since :func:`clear`, or None."""
    return _SIGNALS[0] if _EVENT.is_set() and _SIGNALS else None


def clear() -> None:
    """Forget earlier requests (a new build in the same process)."""
    _SIGNALS.clear()
    _EVENT.clear()


def check() -> None:
    """Stop here (raise :class:`Interrupted`) if an interrupt was requested."""
    signum = requested()
    if signum is not None:
        raise Interrupted(signum)


def wait(thread: threading.Thread, poll: float = 0.2) -> None:
    """Wait for ``thread``, stopping with :class:`Interrupted` as soon as an interrupt is requested."""
    while thread.is_alive():
        thread.join(poll)
        check()


@contextmanager
def handled(signals: tuple[int, ...] = (signal.SIGINT, signal.SIGTERM)) -> Iterator[None]:
    """SIGINT and SIGTERM only record a request while in force (main thread only; elsewhere a no-op).

    A process started in the background by a shell has SIGINT ignored; it is handled all the same,
    so that ``kill -INT`` stops a build wherever it was started.
    """
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signals[0]) is request:
        yield  # elsewhere than the main thread, or already in force (a build inside a command): nothing to do
        return
    clear()
    before = {s: signal.getsignal(s) for s in signals}
    for s in signals:
        signal.signal(s, request)
    try:
        yield
    finally:
        for s, h in before.items():
            signal.signal(s, h)
