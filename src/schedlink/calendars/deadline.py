"""A hard wall-clock limit for reading calendars that come from outside.

Recurrence expansion runs in pure Python (dateutil). Some rules never produce an instance ("daily, on
30 February") and loop for seconds before giving up; others start decades before the window and step
through millions of seconds first. A limit checked between instances cannot stop either, so the work runs
in a thread of its own: the caller waits at most the budget, then gets `TimeLimitExceeded` at once, while
a stopper raises that exception inside the worker (CPython delivers it at the next bytecode boundary,
which pure-Python loops reach constantly) and repeats it until the worker has ended, in case library code
swallowed one. Only the worker is ever interrupted, never the caller's own code.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import TypeVar, cast

T = TypeVar("T")

_RETRY_SECONDS = 0.05


class TimeLimitExceeded(BaseException):
    """The work ran past its budget. A `BaseException`, so that `except Exception` in libraries misses it."""


def run_with_time_limit(work: Callable[[], T], seconds: float) -> T:
    """``work()``'s result or exception, or `TimeLimitExceeded` once ``seconds`` have passed."""
    outcome: list[tuple[bool, object]] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the caller below, whatever it is
            outcome.append((False, exc))

    worker = threading.Thread(target=run, name="calendar-reader", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive() or not outcome:
        _stop(worker)
        raise TimeLimitExceeded
    succeeded, value = outcome[0]
    if not succeeded:
        assert isinstance(value, BaseException)
        raise value
    return cast(T, value)


def _stop(worker: threading.Thread) -> None:
    def keep_interrupting() -> None:
        while worker.is_alive() and worker.ident is not None:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(
                ctypes.c_ulong(worker.ident), ctypes.py_object(TimeLimitExceeded)
            )
            worker.join(_RETRY_SECONDS)

    threading.Thread(target=keep_interrupting, name="calendar-reader-stop", daemon=True).start()
