"""Invariants 3–5 under concurrent delivery, on SQLite and PostgreSQL.

Each test releases its threads together from a barrier, so the transactions genuinely overlap; the
database constraints and row locks, not luck, must keep the outcome right.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

import pytest
from service_helpers import T0, counts, only_lead, open_tasks, reply, workspace
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from db_fixtures import PostgresTemplate
from schedlink.service.inbound import Inbound, Outcome, receive
from schedlink.service.records import Resolution, TaskStatus, resolve_task
from schedlink.store.db import Database, open_database

pytestmark = pytest.mark.integration
T = TypeVar("T")

BOOK = "Please book through calendly.com/jo-reyes/{slug}"


def together(calls: list[Callable[[], T]]) -> list[T]:
    """Run the calls in parallel threads, all starting at the same moment."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def deliver(db: Database, ws: Any, inbound: Inbound) -> Callable[[], Outcome]:
    return lambda: receive(db, ws, inbound)


def test_twenty_deliveries_of_one_message_store_it_once_and_answer_alike(db: Database) -> None:
    ws = workspace(db)
    outcomes = together([deliver(db, ws, reply(BOOK.format(slug="30min"), "same")) for _ in range(20)])
    assert len({repr(sorted(o.answer.items())) for o in outcomes}) == 1
    assert sum(not o.replayed for o in outcomes) == 1
    stored = counts(db)
    assert stored["messages"] == 1
    assert stored["sightings"] == 1
    assert stored["leads"] == 1
    assert stored["tasks"] == 1


def test_different_requests_of_one_new_lead_at_once_leave_one_open_task(db: Database) -> None:
    ws = workspace(db)
    calls = [deliver(db, ws, reply(BOOK.format(slug=f"s{n}"), f"m{n}", minutes=n)) for n in range(8)]
    outcomes = together(calls)
    assert len(open_tasks(db)) == 1
    assert len({o.answer["task_id"] for o in outcomes}) == 1
    assert len({o.answer["lead_id"] for o in outcomes}) == 1
    # Whatever order they committed in, the lead and the task end on the newest reply's link.
    assert only_lead(db).external_scheduling_link == "https://calendly.com/jo-reyes/s7"
    (task,) = open_tasks(db)
    assert task.link == "https://calendly.com/jo-reyes/s7"
    assert task.messages_seen == 8


def test_out_of_order_delivery_keeps_the_newest_link(db: Database) -> None:
    ws = workspace(db)
    replies = [reply(f"Link for you: calendly.com/jo-reyes/v{n}", f"m{n}", minutes=n) for n in range(10)]
    for inbound in reversed(replies):  # newest first
        receive(db, ws, inbound)
    assert only_lead(db).external_scheduling_link == "https://calendly.com/jo-reyes/v9"
    together([deliver(db, ws, r) for r in replies])  # and all again at once: replays change nothing
    assert only_lead(db).external_scheduling_link == "https://calendly.com/jo-reyes/v9"
    assert counts(db)["sightings"] == 10


def test_replies_of_many_leads_at_once_each_get_their_own_task(db: Database) -> None:
    ws = workspace(db)
    calls = [
        deliver(db, ws, reply(BOOK.format(slug="30min"), f"m{n}", email=f"lead{n % 5}@x.io", minutes=n))
        for n in range(15)
    ]
    together(calls)
    assert counts(db)["leads"] == 5
    assert len(open_tasks(db)) == 5


def test_a_lead_locked_too_long_gives_an_error_not_a_hang(postgres_template: PostgresTemplate | None) -> None:
    if postgres_template is None:
        pytest.skip("PostgreSQL not reachable")
    url = postgres_template.fresh()
    db = open_database(url, connect_args={"options": "-c lock_timeout=200ms"})
    try:
        ws = workspace(db)
        receive(db, ws, reply(BOOK.format(slug="30min"), "m1"))
        with db.engine.connect() as holder:
            holder.execute(text("SELECT id FROM leads FOR UPDATE"))  # another transaction holds the lead
            started = time.monotonic()
            with pytest.raises(OperationalError, match="lock timeout"):
                receive(db, ws, reply(BOOK.format(slug="45min"), "m2", minutes=1))
            assert time.monotonic() - started < 5
            holder.rollback()
        assert receive(db, ws, reply(BOOK.format(slug="45min"), "m2", minutes=1)).answer["task_id"]
    finally:
        db.dispose()


def test_resolving_while_a_new_request_arrives_keeps_the_lead_and_its_task_consistent(db: Database) -> None:
    ws = workspace(db)
    for round_ in range(6):
        first = receive(db, ws, reply(BOOK.format(slug=f"r{round_}"), f"a{round_}", minutes=2 * round_))
        task_id = uuid.UUID(str(first.answer["task_id"]))
        calls: list[Callable[[], object]] = [
            partial(resolve_task, db, ws, task_id, Resolution(TaskStatus.DONE, by="sam", booked_start=T0)),
            deliver(db, ws, reply(BOOK.format(slug=f"s{round_}"), f"b{round_}", minutes=2 * round_ + 1)),
        ]
        together(calls)
        tasks = open_tasks(db)
        assert len(tasks) <= 1
        lead = only_lead(db)
        assert lead.open_task_id == (tasks[0].id if tasks else None)
        if tasks:  # the new request came after the resolve and opened a task of its own
            resolve_task(db, ws, tasks[0].id, Resolution(TaskStatus.DISMISSED, by="sam", note="test round"))
