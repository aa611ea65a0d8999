"""Booking on a lead's Cal.com link through the public API, against a replica of Cal.com reached through
the sandbox mapping, on SQLite and PostgreSQL: the guardrails, one submission at most, the unknown
outcome and its reconciliation, and the database's refusals."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from booking_helpers import BookingWorld, world
from sqlalchemy import func, select

from schedlink.domain.booking.states import BookingState
from schedlink.service import booking_runner, bookings
from schedlink.service.bookings import BookingRefused, request_booking
from schedlink.service.records import get_task
from schedlink.store.models import BookingRow, ReservationRow

pytestmark = pytest.mark.integration
__all__ = ["world"]


def book(world: BookingWorld, *, dry_run: bool = False, start=None) -> bookings.Requested:  # type: ignore[no-untyped-def]
    return request_booking(
        world.db, world.workspace_id, world.task_id, start or world.start,
        dry_run=dry_run, actor="sam@acme.io", config=world.config,
    )  # fmt: skip


def final(world: BookingWorld, requested: bookings.Requested) -> bookings.BookingView:
    world.run_jobs()
    return bookings.get_booking(world.db, world.workspace_id, requested.booking.id)


def reservations(world: BookingWorld) -> int:
    with world.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(ReservationRow)) or 0)


def test_approve_books_once_closes_the_task_and_keeps_the_evidence(world: BookingWorld) -> None:
    world.set_mode("approve")
    first = book(world)
    assert first.created
    assert first.booking.state == "requested"
    done = final(world, first)
    assert done.state == "booked", done.error
    assert [g["name"] for g in done.guardrails] == [
        "automation_on", "intent", "lead_not_booked", "slot_rules", "team_free", "rate_limit", "lead_offers_slot",
    ]  # fmt: skip
    assert all(g["passed"] for g in done.guardrails)
    (made,) = world.replica.bookings()
    assert made.start == world.start
    assert made.attendee_email == "sam@acme.io"
    assert done.confirmation is not None
    assert done.confirmation["id"] == made.uid
    assert world.replica.submissions() == 1
    task = get_task(world.db, world.workspace_id, world.task_id).task
    assert task.status == "done"
    assert task.booked_start == world.start
    assert reservations(world) == 1
    kinds = sorted(piece.kind for piece in done.evidence)
    assert kinds.count("provider_exchange") >= 3  # the page read, the event type, the submit
    assert "attempt" in kinds
    stored = [world.context.evidence.get(piece.sha256) for piece in done.evidence]
    assert all(content is not None for content in stored)
    assert any(b'"submits": true' in content for content in stored if content)
    # Asked again (a double click, a retried call): the same booking, nothing sent again.
    again = book(world)
    assert not again.created
    assert again.booking.id == first.booking.id
    world.run_jobs()
    assert world.replica.submissions() == 1


def test_off_by_default_and_the_kill_switch_refuse_before_any_work(world: BookingWorld) -> None:
    with pytest.raises(BookingRefused, match=r"Cal.com is off, which does not allow bookings"):
        book(world)
    world.set_mode("approve", kill_switch=True)
    with pytest.raises(BookingRefused, match="kill switch"):
        book(world)
    world.set_mode("dry_run", kill_switch=False)
    with pytest.raises(BookingRefused, match=r"Cal.com is dry run only, which does not allow bookings"):
        book(world)
    with world.db.read() as session:
        assert session.scalar(select(func.count()).select_from(BookingRow)) == 0
    assert world.replica.submissions() == 0


def test_a_dry_run_checks_everything_and_submits_nothing(world: BookingWorld) -> None:
    world.set_mode("dry_run")
    done = final(world, book(world, dry_run=True))
    assert done.state == "dry_run_passed", done.error
    assert world.replica.submissions() == 0
    assert reservations(world) == 0
    assert get_task(world.db, world.workspace_id, world.task_id).task.status == "open"


def test_a_time_the_lead_no_longer_offers_is_blocked_and_nothing_is_sent(world: BookingWorld) -> None:
    world.set_mode("approve")
    other = world.start + timedelta(minutes=30)
    done = final(world, book(world, start=other))
    assert done.state == "blocked"
    assert done.error == {"code": "lead_offers_slot", "message": "their page no longer offers this time"}
    assert world.replica.submissions() == 0
    assert reservations(world) == 0
    assert get_task(world.db, world.workspace_id, world.task_id).task.status == "open"
    # A blocked attempt sent nothing, so asking again makes a new attempt.
    again = book(world, start=other)
    assert again.created
    assert again.booking.attempt == 2


def test_a_slot_taken_between_the_check_and_the_submit_fails_and_goes_back_to_review(
    world: BookingWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.set_mode("approve")
    original = booking_runner._mark_submitting

    def somebody_else_books_first(db, attempt):  # type: ignore[no-untyped-def]
        import httpx

        httpx.post(
            f"{world.replica.origin}/v2/bookings",
            headers={"cal-api-version": "2024-08-13"},
            json={"start": world.start.isoformat().replace("+00:00", "Z"), "eventTypeSlug": "intro",
                  "username": "jo-reyes", "attendee": {"name": "X", "email": "x@example.org", "timeZone": "UTC"}},
        ).raise_for_status()  # fmt: skip
        original(db, attempt)

    monkeypatch.setattr(booking_runner, "_mark_submitting", somebody_else_books_first)
    done = final(world, book(world))
    assert done.state == "failed"
    assert done.error is not None
    assert done.error["code"] == "slot_gone"
    assert reservations(world) == 0
    task = get_task(world.db, world.workspace_id, world.task_id).task
    assert task.status == "open"
    assert len(world.replica.bookings()) == 1  # somebody else's


def test_no_answer_after_the_submit_is_never_resubmitted_and_is_reconciled(world: BookingWorld) -> None:
    world.set_mode("approve")
    world.replica.hang_seconds = 30
    world.replica.fail_next("timeout_after_commit")
    world.context.booking_fetcher._limits = type(world.context.booking_fetcher._limits)(total_seconds=1.0)
    requested = book(world)
    world.run_jobs(rounds=1)
    unknown = bookings.get_booking(world.db, world.workspace_id, requested.booking.id)
    assert unknown.state in ("outcome_unknown", "needs_review")
    done = final(world, requested)
    assert done.state == "needs_review"
    assert done.error is not None
    assert "no longer offers" in done.error["message"]
    assert world.replica.submissions() == 1
    assert len(world.replica.bookings()) == 1
    assert reservations(world) == 1  # it may be ours: the time stays held until a person decides


def test_a_server_error_after_the_submit_is_an_unknown_outcome_not_a_retry(world: BookingWorld) -> None:
    world.set_mode("approve")
    world.replica.fail_next("server_error")
    done = final(world, book(world))
    assert done.state == "needs_review"
    assert "still offers" in (done.error or {}).get("message", "")
    assert world.replica.submissions() == 1


def test_a_worker_that_died_while_submitting_leads_to_reconciliation(world: BookingWorld) -> None:
    world.set_mode("approve")
    requested = book(world)
    with world.db.write() as session:
        row = session.get(BookingRow, requested.booking.id)
        assert row is not None
        row.state = BookingState.SUBMITTING.value
    done = final(world, requested)
    assert done.state == "needs_review"
    assert world.replica.submissions() == 0


def test_rate_limited_submit_fails_without_booking(world: BookingWorld) -> None:
    world.set_mode("approve")
    world.replica.fail_next("rate_limit")
    done = final(world, book(world))
    assert done.state == "failed"
    assert (done.error or {}).get("code") == "rate_limited"
    assert world.replica.bookings() == []
    assert reservations(world) == 0


@pytest.mark.parametrize("world", [{"requires_confirmation": True}], indirect=True)
def test_confirmation_required_ends_pending(world: BookingWorld) -> None:
    world.set_mode("approve")
    done = final(world, book(world))
    assert done.state == "pending_confirmation"
    assert reservations(world) == 1


@pytest.mark.parametrize("world", [{"extra_required_fields": ("company",)}], indirect=True)
def test_a_required_question_goes_to_a_person_named_and_unsent(world: BookingWorld) -> None:
    world.set_mode("approve")
    done = final(world, book(world))
    assert done.state == "needs_review"
    assert "company" in (done.error or {}).get("message", "")
    assert world.replica.submissions() == 0
    assert reservations(world) == 0


def test_a_lead_with_a_live_booking_is_not_booked_again(world: BookingWorld) -> None:
    world.set_mode("approve")
    assert final(world, book(world)).state == "booked"
    with pytest.raises(BookingRefused, match=r"task is done|already has a booking"):
        book(world, start=world.start + timedelta(hours=1))
    assert world.replica.submissions() == 1


def test_auto_books_the_best_suggested_time_once_without_a_person(world: BookingWorld) -> None:
    world.set_mode("auto")
    world.run_jobs()  # the suggestions job reads their page, suggests the one time, and books it
    (made,) = bookings.list_bookings(world.db, world.workspace_id, task_id=world.task_id)
    assert made.state == "booked", made.error
    assert made.requested_by == "schedlink (auto)"
    assert made.start == world.start
    assert world.replica.submissions() == 1
    assert get_task(world.db, world.workspace_id, world.task_id).task.status == "done"


def test_approve_mode_never_books_on_its_own(world: BookingWorld) -> None:
    world.set_mode("approve")
    world.run_jobs()
    assert bookings.list_bookings(world.db, world.workspace_id) == []
    assert world.replica.submissions() == 0


def test_a_booking_whose_worker_died_is_taken_over_as_soon_as_its_short_lease_ends(
    world: BookingWorld,
) -> None:
    from schedlink.service import job_runner, jobs

    world.set_mode("approve")
    requested = book(world)
    (job_id,) = world.job_ids("booking.run")
    # A worker claimed it and died: no heartbeat renewed its 20-second lease, which has now run out.
    claimed = jobs.claim(world.db, job_id, short_leases=job_runner.SHORT_LEASES)
    assert claimed is not None
    with world.db.read() as session:
        lease_until = session.scalar(select(jobs.JOBS.c.lease_until).where(jobs.JOBS.c.id == job_id))
    assert lease_until is not None
    assert lease_until - jobs.now() <= timedelta(seconds=20)
    assert jobs.due_jobs(world.db, kinds=list(job_runner.SHORT_LEASES)) == []
    with world.db.write() as session:
        session.execute(
            jobs.JOBS.update()
            .where(jobs.JOBS.c.id == job_id)
            .values(lease_until=jobs.now() - timedelta(seconds=1))
        )
    assert jobs.due_jobs(world.db, kinds=list(job_runner.SHORT_LEASES)) == [job_id]
    assert job_runner.run_job(world.db, job_id, world.context) is job_runner.Outcome.DONE
    assert bookings.get_booking(world.db, world.workspace_id, requested.booking.id).state == "booked"
    assert world.replica.submissions() == 1


def test_a_self_hosted_cal_com_page_books_through_its_own_booking_route(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from service_helpers import reply

    from job_helpers import next_weekday_at
    from schedlink.config import OperatorConfig
    from schedlink.replicas.calcom import CalcomReplica
    from schedlink.service import automation
    from schedlink.service.context import JobContext
    from schedlink.service.inbound import receive
    from schedlink.service.workspaces import NewWorkspace, create_workspace

    start = next_weekday_at(14)
    with CalcomReplica() as replica:
        replica.add_event_type("jo", "intro", starts=[start])
        config = OperatorConfig(sandbox={"cal.acme-self.io": replica.origin}, data_dir=tmp_path)
        context = JobContext(config, read_lead_pages=True)
        ws = create_workspace(
            db,
            NewWorkspace(
                name="Acme", timezone="America/New_York", booking_name="Sam", booking_email="sam@acme.io"
            ),
        ).workspace_id
        from datetime import UTC, datetime

        task = receive(
            db, ws, reply("Please book via https://cal.acme-self.io/jo/intro", "m1", at=datetime.now(UTC))
        )
        task_id = uuid.UUID(task.answer["task_id"])
        automation.change_settings(
            db, ws, automation.AutomationChange(providers={"calcom": "approve"}), actor="t"
        )
        made = request_booking(db, ws, task_id, start, dry_run=False, actor="sam", config=config)
        from schedlink.service import job_runner, jobs

        for job_id in jobs.due_jobs(db):
            job_runner.run_job(db, job_id, context)
        done = bookings.get_booking(db, ws, made.booking.id)
        context.close()
    assert done.state == "booked", done.error
    (booked,) = replica.bookings()
    assert booked.source == "web"


def test_time_a_booking_holds_is_not_suggested_to_another_task(world: BookingWorld) -> None:
    from booking_helpers import LINK
    from service_helpers import reply

    from schedlink.service import suggestions
    from schedlink.service.inbound import receive

    world.set_mode("approve")
    assert final(world, book(world)).state == "booked"
    world.replica.add_event_type("kim", "intro", starts=[world.start, world.start + timedelta(hours=1)])
    other = receive(
        world.db, world.workspace_id,
        reply(f"Book me here: {LINK.replace('jo-reyes', 'kim')}", "m-kim", email="kim@k.io", at=jobs_now()),
    ).answer["task_id"]  # fmt: skip
    suggestions.compute_for_task(world.db, world.workspace_id, uuid.UUID(other), world.context)
    task = get_task(world.db, world.workspace_id, uuid.UUID(other)).task
    starts = [slot["start"] for slot in task.suggested_slots]
    assert world.start.strftime("%Y-%m-%dT%H:%M:%SZ") not in starts
    assert (world.start + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ") in starts


def jobs_now() -> datetime:
    from schedlink.service import jobs

    return jobs.now()
