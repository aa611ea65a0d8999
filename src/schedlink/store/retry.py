"""Retrying a whole transaction when the database asks for it (deadlock, serialization failure).

PostgreSQL ends one of two transactions that wait on each other with SQLSTATE 40P01, and a
serialization conflict with 40001; both mean "nothing was written, run it again". The locks are taken in
one order everywhere (``service/locking.py``), so these are rare, but a request must never answer 503
for one: the transaction is run again a few times with a short, jittered pause. Anything else — a real
outage included — is raised at once.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

T = TypeVar("T")
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
ATTEMPTS = 6
FIRST_PAUSE = 0.005


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` is a deadlock or serialization failure the database asks us to run again."""
    if not isinstance(error, DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return sqlstate in TRANSIENT_SQLSTATES


def retrying(work: Callable[[], T], *, attempts: int = ATTEMPTS) -> T:
    """Run ``work`` (one whole transaction) again while it fails transiently, at most ``attempts`` times."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as error:
            if not is_transient(error) or attempt == attempts:
                raise
            pause = retry_pause(attempt)
            log.info("transaction ran into a %s; running it again in %.0f ms", _name(error), pause * 1000)
            time.sleep(pause)
    raise AssertionError("unreachable")


def retry_pause(attempt: int) -> float:
    """Seconds to wait before attempt ``attempt + 1``: doubling from 5 ms, jittered so that the two
    transactions that collided do not collide again."""
    return float(FIRST_PAUSE * (2 ** (attempt - 1)) * (0.5 + random.random()))


def _name(error: DBAPIError) -> str:
    sqlstate = getattr(error.orig, "sqlstate", None)
    return "deadlock" if sqlstate == "40P01" else "serialization failure"
