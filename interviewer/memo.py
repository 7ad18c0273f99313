"""A bounded, thread-safe memory of computed values, filled a batch at a time: the shared mechanism
behind the embedding cache, the judge's judged pairs and token recall's point vectors."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BatchMemo(Generic[K, V]):
    """Remembers up to `max_entries` values (forgetting all at once when full). A call's answer is built
    from the values it found or computed itself, so another thread clearing the memory meanwhile cannot
    take them away; the computation runs unlocked."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._values: dict[K, V] = {}
        self._lock = threading.Lock()

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._values

    def get_many(self, keys: Sequence[K], compute: Callable[[list[K]], Sequence[V]]) -> list[V]:
        """The value of every key, in order; `compute` gets the distinct keys not remembered, in order."""
        with self._lock:
            found = {key: self._values[key] for key in keys if key in self._values}
        missing = list(dict.fromkeys(key for key in keys if key not in found))
        if missing:
            fresh = dict(zip(missing, compute(missing), strict=True))
            found.update(fresh)
            with self._lock:
                if len(self._values) + len(fresh) > self.max_entries:
                    self._values.clear()
                self._values.update(fresh)
        return [found[key] for key in keys]

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
