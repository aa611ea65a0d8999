"""Replies written together (group commit): one transaction, each reply answered as it would be alone,
and a reply that fails costing its neighbours nothing."""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from service_helpers import counts, open_tasks, reply, workspace
from sqlalchemy import select

from schedlink.api.group_commit import GroupCommit
from schedlink.service.inbound import MessageIdReused, Outcome, analysed, receive, receive_together
from schedlink.store.db import Database
from schedlink.store.models import LeadRow

pytestmark = pytest.mark.integration

BOOK_30 = "Happy to talk - please book via calendly.com/jo-reyes/30min"
BOOK_45 = "Change of plan, grab a slot on calendly.com/jo-reyes/45min instead"
BOOK_SAM = "Sure, find a time on calendly.com/sam-lee/intro"
THANKS = "Thanks, will read it over the weekend."


@pytest.fixture
def transactions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many writing transactions the inbound path opens (one entry each)."""
    opened: list[int] = []
    original = Database.write_direct

    @contextmanager
    def counted(self: Database) -> Iterator[Any]:
        opened.append(1)
        with original(self) as transaction:
            yield transaction

    monkeypatch.setattr(Database, "write_direct", counted)
    return opened


def _answers_without_ids(outcomes: list[Any]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in outcome.answer.items() if k not in ("lead_id", "task_id", "message_id")}
        for outcome in outcomes
    ]


def test_replies_written_together_answer_as_they_would_alone(db: Database, transactions: list[int]) -> None:
    together, alone = workspace(db, name="Together"), workspace(db, name="Alone")
    inbound = [
        reply(BOOK_30, "m1"),
        reply(BOOK_SAM, "m2", email="sam@lee.io", name="Sam Lee"),
        reply(BOOK_45, "m3", minutes=10),  # the same lead as m1, with a newer link
        reply(THANKS, "m4", email="kim@park.io", name="Kim Park"),
    ]
    transactions.clear()
    outcomes = receive_together(db, [analysed(db, together, item) for item in inbound])
    assert len(transactions) == 1
    assert all(isinstance(outcome, Outcome) and not outcome.replayed for outcome in outcomes)
    one_by_one = [receive(db, alone, item) for item in inbound]
    assert _answers_without_ids(outcomes) == _answers_without_ids(one_by_one)

    assert counts(db)["messages"] == 8
    with db.read() as session:
        jo = session.scalars(
            select(LeadRow).where(LeadRow.workspace_id == together, LeadRow.email == "jo@reyes.io")
        ).one()
    assert jo.external_scheduling_link == "https://calendly.com/jo-reyes/45min"
    tasks = [task for task in open_tasks(db) if task.workspace_id == together]
    assert sorted((task.lead_id == jo.id, task.messages_seen) for task in tasks) == [(False, 1), (True, 2)]
    jo_task = next(task for task in tasks if task.lead_id == jo.id)
    assert jo_task.link == "https://calendly.com/jo-reyes/45min"


def test_a_failing_reply_costs_the_others_nothing(db: Database, transactions: list[int]) -> None:
    ws = workspace(db)
    first = receive(db, ws, reply(BOOK_30, "m1"))
    group = [
        reply(BOOK_SAM, "m2", email="sam@lee.io", name="Sam Lee"),
        reply(BOOK_30, "m1"),  # a redelivery: answered with the first answer
        reply("Something else entirely", "m1"),  # the same id with other content: refused
        reply(THANKS, "m3", email="kim@park.io", name="Kim Park"),
    ]
    transactions.clear()
    new, redelivered, reused, thanks = receive_together(db, [analysed(db, ws, item) for item in group])
    assert isinstance(new, Outcome)
    assert not new.replayed
    assert isinstance(redelivered, Outcome)
    assert redelivered.replayed
    assert redelivered.answer == first.answer
    assert isinstance(reused, MessageIdReused)
    assert isinstance(thanks, Outcome)
    assert not thanks.replayed
    # The group's transaction was rolled back whole, then each reply was written on its own.
    assert len(transactions) == 1 + len(group)
    assert counts(db)["messages"] == 3
    assert counts(db)["leads"] == 3


def test_requests_of_one_loop_turn_share_a_transaction(db: Database, transactions: list[int]) -> None:
    ws = workspace(db)
    groups = GroupCommit(db)
    inbound = [reply(BOOK_30, "m1"), reply(BOOK_30, "m1", minutes=1), reply(BOOK_45, "m2", minutes=5)]
    inbound += [reply(THANKS, f"t{n}", email=f"lead{n}@example.org") for n in range(5)]
    inbound.append(reply("Not the same words", "m1"))

    async def deliver() -> list[Any]:
        return await asyncio.gather(
            *(groups.store(analysed(db, ws, item)) for item in inbound), return_exceptions=True
        )

    transactions.clear()
    outcomes = asyncio.run(deliver())
    assert [type(outcome).__name__ for outcome in outcomes] == ["Outcome"] * 8 + ["MessageIdReused"]
    assert [outcome.replayed for outcome in outcomes[:3]] == [False, True, False]
    # One transaction for the group, rolled back for the redelivery, then one per reply.
    assert len(transactions) == 1 + len(inbound)
    assert counts(db)["messages"] == 7

    transactions.clear()
    later = asyncio.run(deliver_new(groups, db, ws, 6))
    assert all(isinstance(outcome, Outcome) for outcome in later)
    assert len(transactions) == 1


async def deliver_new(groups: GroupCommit, db: Database, ws: uuid.UUID, n: int) -> list[Any]:
    return await asyncio.gather(
        *(
            groups.store(analysed(db, ws, reply(BOOK_SAM, f"n{i}", email=f"new{i}@example.org")))
            for i in range(n)
        )
    )


def test_a_group_larger_than_the_limit_is_written_in_parts(db: Database, transactions: list[int]) -> None:
    ws = workspace(db)
    groups = GroupCommit(db, limit=4)
    transactions.clear()
    outcomes = asyncio.run(deliver_new(groups, db, ws, 10))
    assert all(isinstance(outcome, Outcome) and not outcome.replayed for outcome in outcomes)
    assert len(transactions) == 3
    assert counts(db)["messages"] == 10


def test_overlapping_groups_take_their_leads_in_one_order(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """Two servers writing groups of the same leads at once wait for each other, never deadlock: every
    group takes its leads in the order of their identifiers, whatever order its replies came in."""
    ws = workspace(db)
    emails = [f"lead{n}@example.org" for n in range(4)]
    for n, email in enumerate(emails):
        receive(db, ws, reply(BOOK_30, f"first-{n}", email=email))
    failures: list[BaseException] = []

    def deliver(order: list[str], side: str) -> None:
        try:
            for round_ in range(15):
                group = [
                    analysed(db, ws, reply(THANKS, f"{side}-{round_}-{email}", email=email, minutes=round_))
                    for email in order
                ]
                for outcome in receive_together(db, group):
                    if isinstance(outcome, Exception):
                        failures.append(outcome)
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    caplog.set_level(logging.DEBUG, logger="schedlink.service.inbound")
    threads = [
        threading.Thread(target=deliver, args=(emails, "up")),
        threading.Thread(target=deliver, args=(emails[::-1], "down")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert counts(db)["messages"] == 4 + 2 * 15 * 4
    fell_back = [record for record in caplog.records if "writing each on its own" in record.getMessage()]
    assert fell_back == []
