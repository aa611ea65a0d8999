"""Booking on a Calendly page in real Chromium, through the sandbox mapping, against the replica page —
the happy path and every awkward case, each ending in the right state with the right evidence, and the
replica never receiving more than one submission."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from page_booking_helpers import PAGE_FIXTURES, SQLITE_ONLY, PageWorld, make_page_world

from job_helpers import next_weekday_at
from schedlink.browser.pool import BrowserPool
from schedlink.replicas.calendly import CalendlyReplica
from schedlink.replicas.page_scenario import PageScenario
from schedlink.store.db import Database

pytestmark = pytest.mark.e2e

HOSTS = ("calendly.com",)
LINK = "https://calendly.com/jo-reyes/intro"
PROVIDER = "calendly"
BROWSERS = 2
START = next_weekday_at(11)
OTHER = next_weekday_at(14)


@pytest.fixture(scope="module")
def replica() -> Iterator[CalendlyReplica]:
    with CalendlyReplica() as running:
        running.add_event_type("jo-reyes", "intro", length=30, starts=[START, OTHER])
        yield running


sandbox, pool, world = PAGE_FIXTURES


def test_a_booking_on_the_page_is_made_once_with_its_evidence(
    world: PageWorld, replica: CalendlyReplica
) -> None:
    booking = world.book(START)
    assert not any(
        "markup not found" in step for step in world.page_run(booking.id)["steps"]
    )  # its own recipe
    assert booking.state == "booked", booking.error
    assert booking.method == "browser"
    assert [b.start for b in replica.bookings()] == [START]
    assert replica.bookings()[0].email == "sam@acme.io"
    assert replica.submissions() == 1
    assert booking.confirmation is not None
    assert booking.confirmation["id"]
    pieces = world.evidence(booking.id)
    assert {"screenshot_slot", "screenshot_form", "screenshot_confirmation"} <= set(pieces)
    assert all(
        png.startswith(b"\x89PNG")
        for kind, shots in pieces.items()
        if kind.startswith("screenshot")
        for png in shots
    )
    exchanges = [json.loads(p) for p in pieces["provider_exchange"]]
    assert any(
        "/api/booking/invitees" in e["request"]["url"] and e["response"]["status"] == 200 for e in exchanges
    )
    run = world.page_run(booking.id)
    assert run["final_url"].startswith("https://calendly.com/")  # the page saw the provider's URL
    assert "playwright_trace" not in pieces  # kept only when the run did not book
    names = [g["name"] for g in booking.guardrails]
    assert "lead_offers_slot" in names
    assert all(g["passed"] for g in booking.guardrails)


@SQLITE_ONLY
def test_asking_twice_submits_once(world: PageWorld, replica: CalendlyReplica) -> None:
    first = world.book(START)
    second = world.book(START)
    assert first.id == second.id
    assert second.state == "booked"
    assert replica.submissions() == 1


@SQLITE_ONLY
def test_a_dry_run_stops_at_the_filled_form(world: PageWorld, replica: CalendlyReplica) -> None:
    booking = world.book(START, dry_run=True)
    assert booking.state == "dry_run_passed", booking.error
    assert replica.submissions() == 0
    assert "screenshot_form" in world.evidence(booking.id)


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(cookie_banner=True)], indirect=True)
def test_a_cookie_banner_is_accepted(world: PageWorld, replica: CalendlyReplica) -> None:
    booking = world.book(START)
    assert booking.state == "booked", booking.error
    assert "accepted the cookie banner" in world.page_run(booking.id)["steps"]


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(page_zone="Asia/Tokyo")], indirect=True)
def test_a_page_in_another_zone_books_the_same_instant(world: PageWorld, replica: CalendlyReplica) -> None:
    booking = world.book(START)
    assert booking.state == "booked", booking.error
    assert [b.start for b in replica.bookings()] == [START]
    assert any("Asia/Tokyo" in step for step in world.page_run(booking.id)["steps"])


@pytest.mark.parametrize("world", [PageScenario(slot_taken_before_submit=True)], indirect=True)
def test_a_slot_taken_at_the_last_moment_fails_and_asks_for_new_times(
    world: PageWorld, replica: CalendlyReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "failed"
    assert booking.error is not None
    assert booking.error["code"] == "slot_gone"
    assert replica.submissions() == 1
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize(
    "world", [PageScenario(required_question="What is your company's annual budget?")], indirect=True
)
def test_an_unknown_required_question_stops_before_submitting(
    world: PageWorld, replica: CalendlyReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert booking.error is not None
    assert "annual budget" in booking.error["message"]
    assert replica.submissions() == 0
    assert "screenshot_obstacle" in world.evidence(booking.id)
    assert "playwright_trace" in world.evidence(booking.id)


@SQLITE_ONLY
@pytest.mark.parametrize(
    "world", [PageScenario(required_question="What is your company's annual budget?")], indirect=True
)
def test_a_configured_answer_is_given(world: PageWorld, replica: CalendlyReplica, db: Database) -> None:
    from schedlink.store.models import WorkspaceRow

    with db.write() as session:
        row = session.get(WorkspaceRow, world.workspace_id)
        assert row is not None
        row.booking_identity = {
            **(row.booking_identity or {}),
            "answers": {"What is your company's annual budget": "Undecided"},
        }
    booking = world.book(START)
    assert booking.state == "booked", booking.error
    assert "Undecided" in json.dumps(replica.bookings()[0].answers)


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(captcha=True)], indirect=True)
def test_a_captcha_is_never_answered(world: PageWorld, replica: CalendlyReplica) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert booking.error is not None
    assert "captcha" in booking.error["message"]
    assert replica.submissions() == 0


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(email_code=True)], indirect=True)
def test_an_email_code_after_the_submit_is_left_to_a_person(
    world: PageWorld, replica: CalendlyReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert booking.error is not None
    assert "code" in booking.error["message"]
    assert replica.submissions() == 1
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(confirm_delay=3.0)], indirect=True)
def test_a_slow_confirmation_is_waited_for(world: PageWorld, replica: CalendlyReplica) -> None:
    booking = world.book(START)
    assert booking.state == "booked", booking.error
    assert replica.submissions() == 1


@pytest.mark.parametrize("world", [PageScenario(drop_after_submit=True)], indirect=True)
def test_a_dropped_connection_after_the_submit_is_reconciled_not_resent(
    world: PageWorld, replica: CalendlyReplica
) -> None:
    booking = world.book(START)
    # The page no longer offers the time (the replica kept the booking): most likely ours, for a person.
    assert booking.state == "needs_review", booking.steps
    assert any(step["step"] == "outcome_unknown" for step in booking.steps)
    assert replica.submissions() == 1
    assert len(replica.bookings()) == 1


@SQLITE_ONLY
def test_a_booking_call_never_answered_is_an_unknown_outcome_never_resent(
    db: Database, tmp_path: Path, pool: BrowserPool, replica: CalendlyReplica
) -> None:
    replica.reset()
    # The booking call is answered long after the run: the page stays silent; the call's own time limit
    # (one step) or the run's deadline ends the wait, whichever comes first.
    replica.scenario = PageScenario(confirm_delay=30.0)
    try:
        for world in make_page_world(
            db, tmp_path, pool, {"calendly.com": replica.origin}, LINK, "calendly", deadline=10.0
        ):
            booking = world.book(START)
            unknown = [step for step in booking.steps if step["step"] == "outcome_unknown"]
            assert unknown, booking.steps
            assert any(words in unknown[0]["note"] for words in ("no answer", "before the deadline")), unknown
            # Reconciled: the page no longer offers the time (the replica kept the booking) — most likely
            # ours, for a person to confirm; the button was never pressed again.
            assert booking.state == "needs_review", booking.steps
            assert replica.submissions() == 1
    finally:
        replica.scenario = PageScenario()


@SQLITE_ONLY
@pytest.mark.parametrize(
    "world", [PageScenario(thank_you_url="https://thanks.example.org/booked")], indirect=True
)
def test_a_thank_you_page_elsewhere_is_blocked_and_noted(world: PageWorld, replica: CalendlyReplica) -> None:
    booking = world.book(START)
    assert booking.state == "booked", booking.error
    run = world.page_run(booking.id)
    assert any("thanks.example.org" in blocked for blocked in run["blocked_requests"])


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(markup="changed")], indirect=True)
def test_changed_markup_falls_back_to_the_text_based_path(world: PageWorld, replica: CalendlyReplica) -> None:
    booking = world.book(START)
    assert booking.state == "booked", (booking.error, world.page_run(booking.id)["steps"])
    assert [b.start for b in replica.bookings()] == [START]
    assert any("generic" in step for step in world.page_run(booking.id)["steps"])


@SQLITE_ONLY
def test_a_worker_without_a_browser_leaves_page_bookings_waiting(
    world: PageWorld, replica: CalendlyReplica
) -> None:
    from schedlink.service import bookings, job_runner, jobs, workers
    from schedlink.service.bookings import BROWSER_BOOKING_JOB
    from schedlink.web import attempts

    pages, world.context.pages = world.context.pages, None
    try:
        requested = bookings.request_booking(
            world.db, world.workspace_id, world.task_id, START, dry_run=False, actor="tester",
            config=world.context.config,
        )  # fmt: skip
        [job_id] = jobs.due_jobs(world.db, kinds=[BROWSER_BOOKING_JOB])
        assert job_runner.run_job(world.db, job_id, world.context) is job_runner.Outcome.SKIPPED
        sent: list[tuple[object, str]] = []
        jobs.set_dispatcher(world.db, lambda job, _eta, lane: sent.append((job, lane)))
        job_runner.sweep(world.db, world.context.lanes)  # a worker without a browser: not its work
        assert (job_id, "browser") not in sent
        job_runner.sweep(world.db, frozenset({"default", "browser"}))  # one with a browser: to its queue
        assert (job_id, "browser") in sent
        jobs.set_dispatcher(world.db, None)
        waiting = bookings.get_booking(world.db, world.workspace_id, requested.booking.id)
        assert waiting.state == "requested"
        assert not workers.browser_worker_alive(world.db)  # no process with a browser has reported
        shown = attempts.attempt_view(
            waiting, team_zone="America/New_York", now=jobs.now(), no_browser_worker=True
        )
        assert shown.headline.startswith("Waiting for a worker with a browser")
        assert shown.method == "on their page, in a browser"
    finally:
        world.context.pages = pages
    world.run_jobs()
    assert bookings.get_booking(world.db, world.workspace_id, requested.booking.id).state == "booked"
    assert replica.submissions() == 1
