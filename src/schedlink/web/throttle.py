"""Slowing down password guessing on the sign-in form.

Failed sign-ins are counted per account (the email, or the key's first characters) and per client
address over a sliding window; past the limit, sign-in is refused with 429 until the oldest failure ages
out, even with the right password, so guessing gains nothing. Counts live in each app process: with N
processes an attacker gets at most N times the budget, which still turns millions of guesses into dozens.
A successful sign-in clears the account's count.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

WINDOW_SECONDS = 15 * 60.0
PER_ACCOUNT = 5
PER_ADDRESS = 30
MAX_TRACKED = 50_000  # beyond this, the oldest keys are forgotten (bounded memory under a flood)


@dataclass
class SignInThrottle:
    window: float = WINDOW_SECONDS
    per_account: int = PER_ACCOUNT
    per_address: int = PER_ADDRESS
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, account: str, address: str) -> int:
        """0 when a sign-in may be tried now, else how many seconds until it may."""
        now = self.clock()
        with self._lock:
            waits = [
                self._wait(f"account:{account}", self.per_account, now),
                self._wait(f"address:{address}", self.per_address, now),
            ]
        return max(waits)

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (f"account:{account}", f"address:{address}"):
                self._failures.setdefault(key, deque()).append(now)
            while len(self._failures) > MAX_TRACKED:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._failures.pop(f"account:{account}", None)

    def _wait(self, key: str, limit: int, now: float) -> int:
        times = self._failures.get(key)
        if not times:
            return 0
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return 0
        if len(times) < limit:
            return 0
        return max(1, int(times[0] + self.window - now + 0.999))
