"""Results remembered only inside a build's kernel, keyed by the inputs digest and the parameters."""
from dataclasses import replace

from analysis.core.config import current, use
from analysis.core.memo import remembered


def _counting():
    calls = []

    @remembered
    def f(**values):
        calls.append(values)
        return dict(values)
    return f, calls


def test_outside_a_build_nothing_is_remembered():
    f, calls = _counting()
    with use(replace(current(), build_inputs="")):
        f(a=1), f(a=1)
    assert len(calls) == 2


def test_inside_a_build_once_per_digest_and_parameters():
    f, calls = _counting()
    with use(replace(current(), build_inputs="digest-1")):
        assert f(a=1, b=2) is f(b=2, a=1)  # keyword order does not matter
        f(a=2)
    with use(replace(current(), build_inputs="digest-2")):  # other inputs: computed again
        f(a=1, b=2)
    assert calls == [{"a": 1, "b": 2}, {"a": 2}, {"a": 1, "b": 2}]
