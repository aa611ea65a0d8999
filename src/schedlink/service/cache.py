"""A small per-process memo with expiry, for answers that may lag the database by a few seconds."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Expiring(Generic[K, V]):
    """Values remembered for ``seconds``; emptied wholesale when ``size`` is reached (no LRU needed: a
    cold start costs one lookup per key)."""

    def __init__(self, seconds: float, size: int = 10_000) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> V | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] <= time.monotonic():
            return None
        return entry[1]

    def put(self, key: K, value: V) -> None:
        if len(self._entries) >= self.size:
            self._entries.clear()
        self._entries[key] = (time.monotonic() + self.seconds, value)

    def forget(self, which: Callable[[K, V], bool]) -> None:
        for key in [key for key, (_, value) in self._entries.items() if which(key, value)]:
            self._entries.pop(key, None)
