"""Redis for the queue tests: the CI's throwaway server (``SCHEDLINK_TEST_REDIS_URL``, required there), else
the local one on 127.0.0.1:6379 (database 15, flushed per test) if it answers, else those tests skip. When
the suite runs in parallel (pytest-xdist), each worker process flushes a database of its own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis

LOCAL_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url() -> Iterator[str]:
    configured = os.environ.get("SCHEDLINK_TEST_REDIS_URL")
    url = _own_database(configured or LOCAL_REDIS)
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


def _own_database(url: str) -> str:
    """``url`` with the database number moved down by the xdist worker's index (gw0 keeps it, gw1 takes
    the one below, …), so parallel workers never flush each other's queues."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    offset = int(worker) if worker.isdigit() else 0
    if not offset:
        return url
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    number = base - offset if base >= offset else base + offset
    return urlunsplit((parts.scheme, parts.netloc, f"/{number}", parts.query, parts.fragment))
