"""Compute each study once per build: results remembered inside the build's own kernels.

The build (:mod:`analysis.build.pipeline`) writes the tables and then executes the
report notebooks on the same few kernels; without memory, every study's
ledger and the cross-city comparison would be computed twice (once for the
tables, once for the report). :func:`remembered` keeps a function's result
for the life of a kernel, keyed by its parameters, *only* when the
configuration carries the digest of the build's inputs
(:attr:`analysis.core.config.Config.build_inputs`, which the build hashed
before starting its kernels, and which cannot change under it). Everywhere else (JupyterLab, a direct papermill run,
nbval, the tests) nothing is remembered, so an edit is always seen; nbval
re-executes every report in a fresh kernel and compares, which checks that a
remembered result gives the same page as a fresh one.

>>> calls = []
>>> @remembered
... def square(x):
...     calls.append(x)
...     return x * x
>>> from dataclasses import replace
>>> from analysis.core.config import current, use
>>> with use(replace(current(), build_inputs="")):
...     square(x=3), square(x=3), len(calls)  # outside a build: computed each time
(9, 9, 2)
>>> with use(replace(current(), build_inputs="digest-of-the-inputs")):
...     square(x=3), square(x=3), len(calls)  # in a build's kernel: once per parameters
(9, 9, 3)
"""
from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

from analysis.core.config import current

__all__ = ["remembered"]

F = TypeVar("F", bound=Callable[..., Any])


def remembered(fn: F) -> F:
    """Remember ``fn(**values)`` by ``(inputs digest, values)`` in a build's kernel.

    The callers must treat the result as read-only (they do: the report's
    sections and the table writers only read the context).
    """
    cache: dict[tuple, Any] = {}

    @functools.wraps(fn)
    def wrapper(**values: Any) -> Any:
        build = current().build_inputs
        if not build:
            return fn(**values)
        key = (build, tuple(sorted((k, repr(v)) for k, v in values.items())))
        if key not in cache:
            cache[key] = fn(**values)
        return cache[key]
    return wrapper  # type: ignore[return-value]
