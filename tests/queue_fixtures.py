"""Redis for the queue tests: the CI's throwaway server (``SCHEDLINK_TEST_REDIS_URL``, required there), else
the local one on 127.0.0.1:6379 (database 15, flushed per test) if it answers, else those tests skip."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import redis

LOCAL_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url() -> Iterator[str]:
    configured = os.environ.get("SCHEDLINK_TEST_REDIS_URL")
    url = configured or LOCAL_REDIS
    client = redis.Redis.from_url(url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        if configured or os.environ.get("SCHEDLINK_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis required but not reachable at {url}: {exc}", pytrace=False)
        pytest.skip("Redis not reachable (set SCHEDLINK_TEST_REDIS_URL)")
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()
