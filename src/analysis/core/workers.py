"""A function mapped over a stream of items by worker processes, its results in the items' order.

:func:`ordered_map` is what lets the audit use every core of the machine on a long table: each chunk of rows
is audited in a worker while the next ones are read, and the results come back in order, so the output is the
same bytes whatever the number of workers (``jobs``). At most ``jobs + 1`` items are out at a time, so memory
does not grow with the stream. With one job, or where processes cannot be forked, the items are mapped in this process.

Workers are forked (:mod:`multiprocessing`'s ``fork`` context, on Linux), so they start with everything this
process has imported and cost no second import; an exception in a worker is raised here, and leaving the
iteration early (an error while reading, an interrupt) stops the workers.

>>> list(ordered_map(abs, iter([-3, 2, -1]), jobs=2))
[3, 2, 1]
>>> usable_cpus() >= 1
True
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from multiprocessing.connection import wait
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

__all__ = ["ordered_map", "usable_cpus", "can_fork"]

T = TypeVar("T")
R = TypeVar("R")


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it, else the CPU count), at least 1.

    Formula: ``len(os.sched_getaffinity(0))``, else ``os.cpu_count()``, else 1.
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether worker processes can be forked here (Linux; macOS's fork is unsafe with its system libraries,
    Windows has none): elsewhere :func:`ordered_map` maps in this process."""
    return os.name == "posix" and "fork" in multiprocessing.get_all_start_methods() and \
        os.uname().sysname != "Darwin"


def ordered_map(func: Callable[[T], R], items: Iterable[T], jobs: int = 1) -> Iterator[R]:
    """``func(item)`` for each item, in the items' order, by ``jobs`` forked worker processes.

    Item i goes to worker ``i mod jobs``, each worker has at most one item in flight, and the next item is read
    while the workers work, so at most ``jobs + 1`` items are out of the iterable and not yet yielded. Each
    worker has its own pipe (no lock is shared between workers, so stopping one cannot block another, as it
    can with :class:`multiprocessing.pool.Pool`); a worker that dies is an error here, never a wait.

    Parameters
    ----------
    func : callable
        A module-level function of one argument; its results must pickle.
    items : iterable
        Read lazily.
    jobs : int
        Worker processes; 1 (or a system that cannot fork, or a daemonic process such as a pool's worker, which may
        not start children) maps in this process, with no worker.

    Yields
    ------
    The results, in order (``map(func, items)``, whatever ``jobs``).
    """
    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if jobs == 1 or not can_fork() or multiprocessing.current_process().daemon:  # a daemon may have no children
        yield from map(func, items)
        return
    context = multiprocessing.get_context("fork")
    workers: list[_Worker] = []
    finished = False
    try:
        workers = [_Worker(context, func) for _ in range(jobs)]
        pending: deque = deque()  # the workers with an item in flight, the oldest item first
        for i, item in enumerate(items):
            worker = workers[i % jobs]
            full = len(pending) == jobs  # then this worker's item is the oldest: its result comes first
            result = pending.popleft().receive() if full else None
            worker.send(item)
            pending.append(worker)
            if full:
                yield result
        while pending:
            yield pending.popleft().receive()
        for worker in workers:
            worker.stop()
        finished = True
    finally:
        if not finished:  # an error, an interrupt or a caller that stopped early: the workers are stopped
            for worker in workers:
                worker.kill()


class _Worker:
    """A forked process that maps ``func`` over what it receives on its own pipe, one item at a time."""

    def __init__(self, context, func: Callable) -> None:
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(func, theirs), daemon=True)
        self.process.start()
        theirs.close()

    def send(self, item) -> None:
        self.conn.send((item,))

    def receive(self):
        """The result of the item in flight, or its exception raised here; a worker that died is an error."""
        wait([self.conn, self.process.sentinel])
        try:
            ok, value = self.conn.recv() if self.conn.poll() else self._dead()
        except (EOFError, ConnectionResetError):
            self._dead()
        if ok:
            return value
        raise value

    def _dead(self):
        self.process.join(1)
        raise RuntimeError(f"a worker process ended unexpectedly (exit code {self.process.exitcode})")

    def stop(self) -> None:
        """Ask the worker to end, and wait for it."""
        self.conn.send(None)
        self.process.join()
        self.conn.close()

    def kill(self) -> None:
        """End the worker now (SIGTERM, the default action restored in it), and wait for it."""
        self.conn.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()


def _serve(func: Callable, conn) -> None:
    """A worker's loop: receive an item, send back ``(True, func(item))`` or ``(False, exception)``, until told to
    stop or the parent is gone. SIGTERM ends it at once (a handler the parent installed, such as one that raises
    KeyboardInterrupt, is not kept), and an interrupt from the terminal (SIGINT, sent to the whole process group)
    is left to the parent, which stops the workers."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        try:
            out = (True, func(message[0]))
        except Exception as exc:  # raised in the parent, as map would
            out = (False, exc)
        try:
            conn.send(out)
        except OSError:  # the parent is gone
            return
        except Exception as exc:  # the result or the exception does not pickle: say so in the parent
            conn.send((False, RuntimeError(f"a worker's result could not be sent back: {type(exc).__name__}: {exc}")))
