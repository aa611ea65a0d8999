"""The lock order (lead, then task, then booking, then reservation) under concurrent writers of one
lead's rows: replies arriving while the suggestions job and a person's refresh touch the same task.

Before the order was kept by the jobs too, PostgreSQL found deadlocks between the inbound path's update of
the task and the suggestions job's, and a reply was answered 503 and lost. Every reply here must be
stored and acknowledged, whatever runs beside it, on both databases.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from service_helpers import counts, open_tasks, reply, workspace
from sqlalchemy.exc import DBAPIError

from schedlink.service import suggestions
from schedlink.service.context import JobContext
from schedlink.service.inbound import Outcome, receive
from schedlink.store.db import Database
from schedlink.store.retry import is_transient, retrying

pytestmark = pytest.mark.integration

BOOK = "Please book a time through calendly.com/jo-reyes/{slug} — any slot next week works."
ROUNDS = 3
REPLIES = 16


def _replies_with_jobs_beside(db: Database, ws: uuid.UUID, task_id: uuid.UUID, base: int) -> list[Outcome]:
    """``REPLIES`` distinct replies of one lead at once, while two threads recompute and re-request the
    task's suggestions in a loop (the job's writes and a person's refresh)."""
    stop = threading.Event()
    errors: list[BaseException] = []
    context = JobContext(read_lead_pages=False)

    def churn() -> None:
        while not stop.is_set():
            try:
                suggestions.compute_for_task(db, ws, task_id, context)
                suggestions.request_refresh(db, ws, task_id, actor="tester")
            except BaseException as error:
                errors.append(error)
                return

    churners = [threading.Thread(target=churn) for _ in range(2)]
    for thread in churners:
        thread.start()
    barrier = threading.Barrier(REPLIES)

    def deliver(n: int) -> Outcome:
        barrier.wait()
        return receive(db, ws, reply(BOOK.format(slug=f"s{base + n}"), f"m{base + n}", minutes=base + n))

    try:
        with ThreadPoolExecutor(max_workers=REPLIES) as pool:
            outcomes = list(pool.map(deliver, range(REPLIES)))
    finally:
        stop.set()
        for thread in churners:
            thread.join()
        context.close()
    assert errors == []
    return outcomes


def test_replies_and_suggestion_jobs_on_one_lead_never_lose_a_reply(db: Database) -> None:
    ws = workspace(db)
    first = receive(db, ws, reply(BOOK.format(slug="first"), "m-first"))
    task_id = uuid.UUID(first.answer["task_id"])
    for round_ in range(ROUNDS):
        outcomes = _replies_with_jobs_beside(db, ws, task_id, base=1 + round_ * REPLIES)
        assert all(not outcome.replayed for outcome in outcomes)
        assert {outcome.answer["task_id"] for outcome in outcomes} == {str(task_id)}
    assert counts(db)["messages"] == 1 + ROUNDS * REPLIES
    (task,) = open_tasks(db)
    assert task.messages_seen == 1 + ROUNDS * REPLIES


class _Deadlock(Exception):
    sqlstate = "40P01"


def _dbapi_error(orig: Any) -> DBAPIError:
    return DBAPIError("UPDATE review_tasks …", {}, orig)


def test_a_deadlock_runs_the_transaction_again_and_an_outage_does_not() -> None:
    calls: list[int] = []

    def deadlocks_twice() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise _dbapi_error(_Deadlock())
        return "stored"

    assert retrying(deadlocks_twice) == "stored"
    assert len(calls) == 3
    outage = _dbapi_error(ConnectionRefusedError("connection refused"))
    assert not is_transient(outage)
    with pytest.raises(DBAPIError):
        retrying(lambda: (_ for _ in ()).throw(outage))
