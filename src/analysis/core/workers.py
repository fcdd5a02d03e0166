"""A function mapped over a stream of items by worker processes, its results in the items' order.

:func:`ordered_map` is what lets the audit use every core of the machine on a long table: each chunk of rows
is audited in a worker while the next ones are read, and the results come back in order, so the output is the
same bytes whatever the number of workers (``jobs``). At most ``ahead`` items are in flight, so memory does not
grow with the stream. With one job, or where processes cannot be forked, the items are mapped in this process.

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


def ordered_map(func: Callable[[T], R], items: Iterable[T], jobs: int = 1, ahead: int | None = None) -> Iterator[R]:
    """``func(item)`` for each item, in the items' order, by ``jobs`` forked worker processes.

    Parameters
    ----------
    func : callable
        A module-level function (a worker finds it by name) of one argument; its results must pickle.
    items : iterable
        Read lazily: at most ``ahead`` items (default ``2 * jobs``) are submitted and not yet yielded.
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
    ahead = max(1, ahead if ahead is not None else 2 * jobs)
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_signals)
    finished = False
    try:
        pending: deque = deque()
        for item in items:
            pending.append(pool.apply_async(func, (item,)))
            if len(pending) >= ahead:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()  # every worker takes its end of work and exits: no signal needed
        pool.join()
        finished = True
    finally:
        if not finished:  # an error, an interrupt or a caller that stopped early: the workers are stopped
            pool.terminate()
            pool.join()


def _worker_signals() -> None:
    """A worker stops at once on SIGTERM (the pool's own way to stop it: a handler the parent installed, such
    as one that raises KeyboardInterrupt, could be swallowed where a worker waits on its queue), and leaves
    an interrupt from the terminal (SIGINT, sent to the whole process group) to the parent, which stops it."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
