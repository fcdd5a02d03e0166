"""Mapping over worker processes: results in order, errors raised here, workers stopped when the caller stops."""
import multiprocessing
import os
import signal
import time

import pytest

from analysis.core.workers import can_fork, ordered_map, usable_cpus


def _slow_square(x: int) -> int:
    time.sleep(0.02 * (x % 3))  # later items may finish first: the order must still be the items'
    return x * x


def _fails_at_five(x: int) -> int:
    if x == 5:
        raise ValueError("five")
    return x


def _dies_at_three(x: int) -> int:
    if x == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return x


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_in_the_items_order(jobs):
    assert list(ordered_map(_slow_square, iter(range(20)), jobs=jobs)) == [x * x for x in range(20)]
    assert not multiprocessing.active_children()


def test_an_error_in_a_worker_is_raised_here_and_the_workers_stop():
    with pytest.raises(ValueError, match="five"):
        list(ordered_map(_fails_at_five, range(10), jobs=2))
    assert not multiprocessing.active_children()


def test_items_are_read_lazily_one_per_worker_in_flight_and_one_more():
    taken = []

    def items():
        for i in range(100):
            taken.append(i)
            yield i
    out = ordered_map(_slow_square, items(), jobs=2)
    assert next(out) == 0
    assert len(taken) <= 3  # one in each worker, and the next read while they worked
    out.close()  # the caller stops early: the workers are stopped
    assert not multiprocessing.active_children()


def test_a_worker_that_dies_is_an_error_not_a_wait():
    # a worker killed (the OOM killer, kill -9) while its item is in flight: the caller hears of it
    with pytest.raises(RuntimeError, match="a worker process ended unexpectedly"):
        list(ordered_map(_dies_at_three, range(10), jobs=2))
    assert not multiprocessing.active_children()


def test_stopping_workers_again_and_again_never_hangs():
    # issue 21's review: Pool.terminate hung (python/cpython#96995) when a worker died holding the shared
    # result queue's lock; each worker here has its own pipe, and is stopped at every point of its work
    for stop_at in range(12):
        out = ordered_map(_slow_square, range(40), jobs=2)
        for _ in range(stop_at):
            next(out)
        out.close()
        assert not multiprocessing.active_children()
    for _ in range(10):
        with pytest.raises(ValueError, match="five"):
            list(ordered_map(_fails_at_five, range(40), jobs=2))
        assert not multiprocessing.active_children()


def test_bad_jobs_are_refused_and_the_cpus_counted():
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        list(ordered_map(abs, [1], jobs=0))
    assert usable_cpus() >= 1 and isinstance(can_fork(), bool)
