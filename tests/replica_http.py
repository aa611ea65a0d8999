"""Replica tests' way of racing a replica: the same request from many clients at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable

import httpx


def statuses_at_once(origin: str, count: int, send: Callable[[httpx.Client], httpx.Response]) -> list[int]:
    """``count`` clients of ``origin``, each released by one barrier, each calling ``send``: the statuses
    they got, sorted."""
    barrier = threading.Barrier(count)
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt() -> None:
        with httpx.Client(base_url=origin, timeout=5) as http:
            barrier.wait()
            status = send(http).status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)
