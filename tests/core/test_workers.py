"""Mapping over worker processes: results in order, errors raised here, workers stopped when the caller stops."""
import multiprocessing
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


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_in_the_items_order(jobs):
    assert list(ordered_map(_slow_square, iter(range(20)), jobs=jobs)) == [x * x for x in range(20)]
    assert not multiprocessing.active_children()


def test_an_error_in_a_worker_is_raised_here_and_the_workers_stop():
    with pytest.raises(ValueError, match="five"):
        list(ordered_map(_fails_at_five, range(10), jobs=2))
    assert not multiprocessing.active_children()


def test_items_are_read_lazily_at_most_ahead_in_flight():
    taken = []

    def items():
        for i in range(100):
            taken.append(i)
            yield i
    out = ordered_map(_slow_square, items(), jobs=2, ahead=3)
    assert next(out) == 0
    assert len(taken) <= 4  # three in flight when the first came back, and at most one more read
    out.close()  # the caller stops early: the workers are stopped
    assert not multiprocessing.active_children()


def test_bad_jobs_are_refused_and_the_cpus_counted():
    with pytest.raises(ValueError, match="jobs must be at least 1"):
        list(ordered_map(abs, [1], jobs=0))
    assert usable_cpus() >= 1 and isinstance(can_fork(), bool)
