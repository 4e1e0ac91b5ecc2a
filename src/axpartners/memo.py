"""One small process memo for the caches of the house (get-or-build, size bound, clear).

A service that keeps something expensive in memory (a trained classifier, a partner index, a
BM25 index) holds one :class:`Memo` at module level and exposes a public ``reset_…`` function
that calls :meth:`Memo.clear`; no module reaches into another's private state. Keys say what the
value was built from (a model id, a data signature, a database URL), so a stale value is never
returned: a new key builds anew and, past ``max_size`` entries, the oldest entry is dropped.

The build runs under the memo's lock, so two threads asking for the same key build it once.
A value cheap enough to build twice but built from database reads (a rendered page fragment)
uses :meth:`Memo.get` and :meth:`Memo.put` instead, so requests do not queue behind one build.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """At most ``max_size`` values by key, least recently used dropped first."""

    def __init__(self, max_size: int = 1) -> None:
        if max_size < 1:
            raise ValueError("max_size must be at least 1")
        self.max_size = max_size
        # Re-entrant: a build may read the memo (e.g. an incremental update of the value).
        self.lock = threading.RLock()
        self._values: OrderedDict[K, V] = OrderedDict()

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        with self.lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            value = build()
            self.put(key, value)
            return value

    def get_or_build_unlocked(self, key: K, build: Callable[[], V]) -> V:
        """:meth:`get_or_build` with ``build`` run outside the lock, so slow builds of different
        keys (a page's rows from the database) run side by side; two threads missing the same
        key both build it and the last one is kept, so ``build`` must give equal values."""
        value = self.get(key)
        if value is None:
            value = build()
            self.put(key, value)
        return value

    def get(self, key: K) -> V | None:
        """The value held for ``key`` (now the most recently used), or ``None``."""
        with self.lock:
            if key not in self._values:
                return None
            self._values.move_to_end(key)
            return self._values[key]

    def put(self, key: K, value: V) -> None:
        """Hold ``value`` for ``key``, built by the caller outside the lock."""
        with self.lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.max_size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self._values.clear()

    def __len__(self) -> int:
        with self.lock:
            return len(self._values)
