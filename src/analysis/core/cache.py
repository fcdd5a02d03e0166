"""One cache policy: results kept by the content they were computed from, never by a time or a path.

A :class:`ContentCache` maps a key derived from content (the bytes of a file,
the digest of a study) to what was computed from it, so an edit is never
served stale and nothing needs clearing: a test that edits a file in a copy of
the tree sees the edit, because the key changed. Each cache is bounded (it is
emptied when it grows past ``size``): a build reads the same few files many
times, a long test session many different copies.

The other memory of the package, :mod:`analysis.core.memo`, keeps a study's
results for the life of one build's kernel, keyed by the digest of every
input, which is content too.

>>> c = ContentCache(size=2)
>>> c.get(b"1,2", lambda: "parsed 1,2"), c.get(b"1,2", lambda: "again"), len(c)
('parsed 1,2', 'parsed 1,2', 1)
>>> c.get(b"x", lambda: 1), len(c), c.get(b"y", lambda: 2), len(c)  # full: emptied before y is kept
(1, 2, 2, 1)
"""
from __future__ import annotations

import hashlib
import threading
from typing import Any, Callable, TypeVar

__all__ = ["ContentCache", "content_key"]

T = TypeVar("T")


def content_key(*parts: bytes | str) -> str:
    """SHA-256 over the parts (text as UTF-8), each length-prefixed so that parts cannot run together."""
    h = hashlib.sha256()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "big") + b)
    return h.hexdigest()


class ContentCache:
    """A bounded map from content to what was computed from it (thread-safe)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._items: dict[str, Any] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, content: bytes | str, compute: Callable[[], T]) -> T:
        """The value computed from ``content`` (``compute()`` the first time; an exception is not kept)."""
        key = content if isinstance(content, str) and len(content) == 64 else content_key(content)
        with self._lock:
            if key in self._items:
                return self._items[key]
        value = compute()
        with self._lock:
            if len(self._items) >= self.size:
                self._items.clear()
            self._items[key] = value
        return value
