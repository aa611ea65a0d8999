"""Per-key token buckets, so we never hammer a provider's API on behalf of many leads at once.

In-process and thread-safe. A caller whose token is due soon waits for it (at most ``max_wait``); one that
would wait longer is refused at once with the time to come back, so a worker never sleeps unboundedly.
Waiting callers reserve their token before sleeping, which keeps concurrent callers in order and the rate
exact.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from schedlink.net.errors import FetchRefused

# (requests, per seconds): (60, 60.0) allows 60 requests a minute, in bursts of up to 60.
Rate = tuple[int, float]


@dataclass(slots=True)
class _Bucket:
    capacity: float
    per_second: float
    tokens: float
    updated: float


class RateLimiter:
    """Token bucket per key; ``rates`` configures named keys, ``default`` every other key."""

    def __init__(
        self,
        rates: Mapping[str, Rate] | None = None,
        *,
        default: Rate = (30, 60.0),
        max_wait: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        for key, rate in {**(rates or {}), "default": default}.items():
            if rate[0] < 1 or rate[1] <= 0:
                raise ValueError(f"rate for {key} must allow at least one request per positive period")
        self._rates = dict(rates or {})
        self._default = default
        self._max_wait = max_wait
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> None:
        """Take a token for ``key``, waiting up to ``max_wait`` for it; else raise ``FetchRefused``."""
        with self._lock:
            now = self._clock()
            bucket = self._bucket(key, now)
            bucket.tokens = min(bucket.capacity, bucket.tokens + (now - bucket.updated) * bucket.per_second)
            bucket.updated = now
            wait = max(0.0, (1.0 - bucket.tokens) / bucket.per_second)
            if wait > self._max_wait:
                raise FetchRefused(f"rate limit for {key}: try again in {math.ceil(wait)} s")
            bucket.tokens -= 1.0  # reserved now, so callers arriving while we sleep queue behind us
        if wait > 0:
            self._sleep(wait)

    def _bucket(self, key: str, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            count, period = self._rates.get(key, self._default)
            bucket = _Bucket(float(count), count / period, float(count), now)
            self._buckets[key] = bucket
        return bucket
