"""Token buckets: per-key rates, short waits taken, long waits refused with the time to come back."""

from __future__ import annotations

import pytest

from schedlink.net.errors import FetchRefused
from schedlink.net.ratelimit import RateLimiter


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def limiter(time: FakeTime, **options: object) -> RateLimiter:
    return RateLimiter(clock=time.clock, sleep=time.sleep, **options)  # type: ignore[arg-type]


def test_burst_up_to_capacity_then_refusal_names_key_and_wait() -> None:
    time = FakeTime()
    rates = limiter(time, rates={"calcom": (3, 60.0)}, max_wait=2.0)
    for _ in range(3):
        rates.acquire("calcom")
    with pytest.raises(FetchRefused, match=r"^rate limit for calcom: try again in 20 s$"):
        rates.acquire("calcom")
    assert time.slept == []


def test_short_waits_are_slept_and_reserve_the_token() -> None:
    time = FakeTime()
    rates = limiter(time, rates={"fast": (2, 1.0)}, max_wait=1.0)  # one token every 0.5 s
    rates.acquire("fast")
    rates.acquire("fast")
    rates.acquire("fast")
    assert time.slept == [pytest.approx(0.5)]


def test_reserved_tokens_queue_later_callers() -> None:
    time = FakeTime()  # the clock stands still: a caller sleeping for its token has not been served yet
    rates = RateLimiter({"k": (1, 1.0)}, max_wait=1.5, clock=time.clock, sleep=lambda _seconds: None)
    rates.acquire("k")
    rates.acquire("k")  # waits for (and reserves) the token due in 1 s
    with pytest.raises(FetchRefused, match="try again in 2 s"):
        rates.acquire("k")


def test_tokens_refill_with_time_up_to_capacity() -> None:
    time = FakeTime()
    rates = limiter(time, rates={"k": (2, 10.0)}, max_wait=0.0)
    rates.acquire("k")
    rates.acquire("k")
    time.now += 1000
    rates.acquire("k")
    rates.acquire("k")
    with pytest.raises(FetchRefused):
        rates.acquire("k")


def test_unlisted_keys_use_the_default_rate_each_in_its_own_bucket() -> None:
    time = FakeTime()
    rates = limiter(time, rates={"calcom": (5, 60.0)}, default=(1, 60.0), max_wait=0.0)
    rates.acquire("hubspot")
    rates.acquire("calendly")
    with pytest.raises(FetchRefused, match="rate limit for hubspot"):
        rates.acquire("hubspot")


@pytest.mark.parametrize("rate", [(0, 60.0), (1, 0.0)])
def test_rates_that_allow_nothing_are_rejected(rate: tuple[int, float]) -> None:
    with pytest.raises(ValueError, match="at least one request"):
        RateLimiter({"k": rate})
