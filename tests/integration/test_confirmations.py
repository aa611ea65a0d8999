"""Providers' confirmation emails close the loop, on both databases: an unknown outcome becomes booked,
a task booked by hand is marked booked with the confirmed time, and neither opens a task or captures a
link. A lead who writes "confirmed" in their own words is still a lead's reply."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from booking_helpers import BookingWorld, world
from service_helpers import reply

from job_helpers import ZONE
from schedlink.service import bookings
from schedlink.service.inbound import Inbound, receive
from schedlink.service.records import get_task

pytestmark = pytest.mark.integration
__all__ = ["world"]


def confirmation(
    world: BookingWorld, *, uid: str | None, message_id: str, sender: str = "hello@cal.com"
) -> Inbound:
    local = world.start.astimezone(ZoneInfo(ZONE))
    when = f"{local:%A, %B} {local.day}, {local.year} | {local:%I:%M%p} - {(local + timedelta(minutes=30)):%I:%M%p} (Eastern Time)"
    manage = (
        f"\nNeed to make a change? Reschedule or cancel: https://cal.com/booking/{uid}?cancel=true"
        if uid
        else ""
    )
    text = (
        "Your meeting has been scheduled\n\n"
        f"What: Intro between Jo Reyes and Sam Seller\nWhen: {when}\n"
        "Who:\nJo Reyes - Organizer\njo@reyes.io\nSam Seller\nsam@acme.io\nWhere: Cal Video\n" + manage
    )
    base = reply(text, message_id, at=datetime.now(UTC), email=sender, name="Cal.com")
    from dataclasses import replace

    return Inbound(replace(base.message, subject="Confirmed: Intro between Jo Reyes and Sam Seller"))


def test_a_confirmation_turns_an_unknown_outcome_into_booked(world: BookingWorld) -> None:
    world.set_mode("approve")
    world.replica.hang_seconds = 30
    world.replica.fail_next("timeout_after_commit")
    world.context.booking_fetcher._limits = type(world.context.booking_fetcher._limits)(total_seconds=1.0)
    requested = bookings.request_booking(
        world.db,
        world.workspace_id,
        world.task_id,
        world.start,
        dry_run=False,
        actor="sam",
        config=world.config,
    )
    world.run_jobs()
    assert bookings.get_booking(world.db, world.workspace_id, requested.booking.id).state == "needs_review"
    (made,) = world.replica.bookings()
    answer = receive(
        world.db, world.workspace_id, confirmation(world, uid=made.uid, message_id="conf-1")
    ).answer
    assert answer["confirmation"] == {"provider": "calcom", "reference": made.uid}
    assert answer["task_id"] is None
    assert answer["act"] is False
    done = bookings.get_booking(world.db, world.workspace_id, requested.booking.id)
    assert done.state == "booked"
    assert get_task(world.db, world.workspace_id, world.task_id).task.status == "done"


def test_a_confirmation_of_a_booking_made_by_hand_marks_the_task_booked_at_that_time(
    world: BookingWorld,
) -> None:
    receive(world.db, world.workspace_id, confirmation(world, uid=None, message_id="conf-2"))
    view = get_task(world.db, world.workspace_id, world.task_id)
    assert view.task.status == "done"
    assert view.task.booked_start == world.start
    assert (view.task.resolved_by or "").startswith("Cal.com confirmation email")
    assert any(event.action == "task.done" for event in view.history)


def test_a_lead_saying_confirmed_is_a_reply_not_a_confirmation(world: BookingWorld) -> None:
    answer = receive(
        world.db,
        world.workspace_id,
        reply("Confirmed, see you Thursday at 2pm!", "lead-1", at=datetime.now(UTC)),
    ).answer
    assert "confirmation" not in answer
    assert get_task(world.db, world.workspace_id, world.task_id).task.status == "open"
    assert uuid.UUID(answer["lead_id"])
