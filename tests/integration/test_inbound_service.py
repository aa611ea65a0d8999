"""Receiving replies on a real database: capture always, act on intent, one open task, atomic."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from service_helpers import T0, counts, only_lead, open_tasks, reply, workspace
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from schedlink.service.errors import InvalidRequest
from schedlink.service.inbound import MessageIdReused, receive
from schedlink.service.records import Resolution, TaskStatus, get_lead, get_task, list_tasks, resolve_task
from schedlink.store import statements
from schedlink.store.db import Database
from schedlink.store.direct import Prepared
from schedlink.store.models import LinkSightingRow

pytestmark = pytest.mark.integration

BOOK_30 = "Happy to talk - please book via calendly.com/jo-reyes/30min"
SIGNED = "Can you send me more info first?\n\nJo Reyes\nVP Sales | calendly.com/jo-reyes/30min"
BOOK_45 = "Change of plan, grab a slot on calendly.com/jo-reyes/45min instead"


def test_a_booking_request_captures_the_link_and_opens_one_task(db: Database) -> None:
    ws = workspace(db)
    outcome = receive(db, ws, reply(BOOK_30, "m1"))
    answer = outcome.answer
    assert not outcome.replayed
    assert answer["link"] == "https://calendly.com/jo-reyes/30min"
    assert answer["provider"] == "calendly"
    assert answer["intent"] == "book_via_link"
    assert answer["act"] is True
    assert answer["task_id"]
    lead = only_lead(db)
    assert lead.external_scheduling_link == "https://calendly.com/jo-reyes/30min"
    assert lead.external_scheduling_link_provider == "calendly"
    assert lead.external_scheduling_link_last_seen_at == T0
    view = get_task(db, ws, open_tasks(db)[0].id)
    assert view.task.campaign_name == "lead_scheduler_link"
    assert view.task.suggested_slots == []
    assert view.task.suggestions_note
    assert "https://calendly.com/acme-sales/intro" in view.task.fallback
    assert "calendly.com/jo-reyes/30min" in view.task.message_excerpt
    assert [event.action for event in view.history] == ["task.created"]


def test_a_link_without_a_booking_request_is_captured_but_not_acted_on(db: Database) -> None:
    ws = workspace(db)
    answer = receive(
        db, ws, reply("Not interested, thanks. calendly.com/jo-reyes/30min is for clients.", "m1")
    ).answer
    assert answer["captured"] is True
    assert answer["act"] is False
    assert answer["task_id"] is None
    assert only_lead(db).external_scheduling_link == "https://calendly.com/jo-reyes/30min"
    assert counts(db)["tasks"] == 0


def test_our_own_link_in_the_quoted_thread_is_never_the_leads(db: Database) -> None:
    ws = workspace(db)
    text = (
        "Sounds good, book me in.\n\nOn Mon, Nov 9, 2026 at 10:00 AM Sam <sam@acme.io> wrote:\n"
        "> Pick a time: https://calendly.com/acme-sales/intro\n"
    )
    answer = receive(db, ws, reply(text, "m1")).answer
    assert answer["link"] is None
    assert answer["act"] is False
    assert only_lead(db).external_scheduling_link is None


def test_the_same_message_twice_changes_nothing(db: Database) -> None:
    ws = workspace(db)
    first = receive(db, ws, reply(BOOK_30, "m1"))
    before = counts(db)
    second = receive(db, ws, reply(BOOK_30, "m1", minutes=5))  # a redelivery, stamped at another time
    assert second.replayed
    assert second.answer == first.answer
    with pytest.raises(MessageIdReused):  # the same id with other words is not a redelivery
        receive(db, ws, reply(BOOK_45, "m1"))
    assert counts(db) == before


def test_a_second_request_updates_the_open_task_and_records_it(db: Database) -> None:
    ws = workspace(db)
    receive(db, ws, reply(BOOK_30, "m1"))
    receive(db, ws, reply(BOOK_45, "m2", minutes=60))
    (task,) = open_tasks(db)
    assert task.link == "https://calendly.com/jo-reyes/45min"
    assert task.messages_seen == 2
    history = get_task(db, ws, task.id).history
    assert [event.action for event in history] == ["task.created", "task.updated"]
    assert history[1].details["previous_link"] == "https://calendly.com/jo-reyes/30min"


def test_an_older_reply_arriving_late_leaves_the_newer_link(db: Database) -> None:
    ws = workspace(db)
    receive(db, ws, reply(BOOK_45, "m2", minutes=60))
    late = receive(db, ws, reply(BOOK_30, "m1")).answer
    assert late["captured"] is False
    lead = only_lead(db)
    assert lead.external_scheduling_link == "https://calendly.com/jo-reyes/45min"
    (task,) = open_tasks(db)
    assert task.link == "https://calendly.com/jo-reyes/45min"
    assert task.messages_seen == 2
    with db.read() as session:
        sightings = {s.url: s.became_current for s in session.scalars(select(LinkSightingRow))}
    assert sightings == {
        "https://calendly.com/jo-reyes/45min": True,
        "https://calendly.com/jo-reyes/30min": False,
    }


def test_referring_to_my_link_uses_the_stored_one_while_recent(db: Database) -> None:
    ws = workspace(db)
    receive(db, ws, reply(SIGNED, "m1"))
    assert open_tasks(db) == []
    answer = receive(db, ws, reply("Just book a time through my Calendly link.", "m2", minutes=30)).answer
    assert answer["intent"] == "book_via_link", answer
    assert answer["act"] is True
    assert "on record" in answer["act_reason"]
    assert open_tasks(db)[0].link == "https://calendly.com/jo-reyes/30min"


def test_a_stale_stored_link_is_not_booked_on(db: Database) -> None:
    ws = workspace(db)
    receive(db, ws, reply(SIGNED, "m1"))
    later = reply("Just book a time through my Calendly link.", "m2", at=T0 + timedelta(days=60))
    answer = receive(db, ws, later).answer
    assert answer["act"] is False
    assert open_tasks(db) == []


def test_after_a_task_is_resolved_a_new_request_opens_a_new_one(db: Database) -> None:
    ws = workspace(db)
    first = receive(db, ws, reply(BOOK_30, "m1")).answer["task_id"]
    resolve_task(db, ws, open_tasks(db)[0].id, Resolution(TaskStatus.DONE, by="sam", booked_start=T0))
    second = receive(db, ws, reply(BOOK_45, "m2", minutes=5)).answer["task_id"]
    assert second
    assert second != first
    tasks, total = list_tasks(db, ws)
    assert total == 2
    assert {t.status for t in tasks} == {"open", "done"}


def test_leads_are_matched_by_external_id_email_or_phone(db: Database) -> None:
    ws = workspace(db, default_phone_region="US")
    a = receive(db, ws, reply("hi", "m1", email="Jo@Reyes.io", phone=None)).answer["lead_id"]
    b = receive(db, ws, reply("hi", "m2", email="jo@reyes.io", phone="(415) 555-0100")).answer["lead_id"]
    c = receive(db, ws, reply("hi", "m3", email=None, phone="+1 415 555 0100")).answer["lead_id"]
    d = receive(db, ws, reply("hi", "m4", email=None, phone=None, external_id="crm-1")).answer["lead_id"]
    assert a == b == c
    assert d != a
    assert get_lead(db, ws, uuid.UUID(a)).phone == "+14155550100"


def test_a_reply_without_any_lead_identifier_is_refused_and_nothing_stored(db: Database) -> None:
    ws = workspace(db)
    before = counts(db)
    with pytest.raises(InvalidRequest, match="lead"):
        receive(db, ws, reply(BOOK_30, "m1", email=None, phone="555"))
    assert counts(db) == before


def test_tenants_share_nothing(db: Database) -> None:
    acme = workspace(db, name="Acme")
    other = workspace(db, name="Other")
    receive(db, acme, reply(BOOK_30, "m1"))
    replay = receive(db, other, reply(BOOK_45, "m1"))  # same message id, other tenant: a new message
    assert not replay.replayed
    assert replay.answer["link"] == "https://calendly.com/jo-reyes/45min"
    assert list_tasks(db, acme)[1] == 1
    assert list_tasks(db, other)[1] == 1
    assert counts(db)["leads"] == 2


def test_processing_is_one_transaction(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = workspace(db)
    before = counts(db)
    # The audit entries are the last write: fail it, after message, lead, sighting and task went in.
    monkeypatch.setattr(statements, "INSERT_AUDIT", Prepared(text("INSERT INTO no_such_table VALUES (1)")))
    with pytest.raises(DBAPIError):
        receive(db, ws, reply(BOOK_30, "m1"))
    assert counts(db) == before  # nothing survived the failure
    monkeypatch.undo()
    assert receive(db, ws, reply(BOOK_30, "m1")).answer["task_id"]  # and the redelivery goes through


def test_a_reply_dated_in_the_future_is_kept_but_cannot_pin_its_link(db: Database) -> None:
    ws = workspace(db)
    future = reply(
        "Link for you: calendly.com/jo-reyes/future", "m1", at=datetime.now(UTC) + timedelta(days=300)
    )
    answer = receive(db, ws, future).answer
    assert answer["received_at"].startswith(
        str((datetime.now(UTC) + timedelta(days=300)).year)
    )  # kept as sent
    seen = only_lead(db).external_scheduling_link_last_seen_at
    assert seen is not None
    assert seen <= datetime.now(UTC) + timedelta(minutes=6)
    # A reply written now is newer than "the future" once it is judged by our clock.
    receive(
        db,
        ws,
        reply("New link: calendly.com/jo-reyes/now", "m2", at=datetime.now(UTC) + timedelta(minutes=10)),
    )
    assert only_lead(db).external_scheduling_link == "https://calendly.com/jo-reyes/now"


def test_nul_characters_and_lone_surrogates_are_stored_as_replacement_characters(db: Database) -> None:
    ws = workspace(db)
    hostile = reply(BOOK_30 + " \x00 \ud800", "m\x001", name="Jo\x00 Reyes")
    answer = receive(db, ws, hostile).answer
    assert answer["act"] is True
    assert answer["message_id"] == "m\ufffd1"
    assert only_lead(db).name == "Jo\ufffd Reyes"
    assert receive(db, ws, hostile).replayed  # the cleaned id is the identity of redeliveries too


@pytest.mark.parametrize("reverse", [False, True], ids=["in-order", "reversed"])
def test_a_newer_link_without_a_request_still_reaches_the_open_task(db: Database, reverse: bool) -> None:
    ws = workspace(db)
    request = reply(BOOK_30, "m1")
    newer = reply(
        "Not interested right now. My calendar moved to calendly.com/jo-reyes/new", "m2", minutes=30
    )
    for inbound in (newer, request) if reverse else (request, newer):
        receive(db, ws, inbound)
    (task,) = open_tasks(db)
    assert task.link == "https://calendly.com/jo-reyes/new"
    assert "calendly.com/jo-reyes/new" in task.reply_draft
    assert "calendly.com/jo-reyes/30min" in task.message_excerpt  # the words of the request stay
    assert task.messages_seen == 1


def test_a_later_reply_that_withdraws_shows_on_the_open_task(db: Database) -> None:
    ws = workspace(db)
    receive(db, ws, reply(BOOK_30, "m1"))
    receive(db, ws, reply("Actually, never mind. We went with another vendor.", "m2", minutes=60))
    (task,) = open_tasks(db)
    history = get_task(db, ws, task.id).history
    assert [event.action for event in history] == ["task.created", "task.lead_replied"]
    assert history[1].details["intent"] == "not_interested"
    assert "another vendor" in history[1].details["excerpt"]
