"""Cal.com through its own booker in real Chromium: a self-hosted instance that ships the web app only
refuses the API path before anything is sent, and the same booking goes on through the page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from page_booking_helpers import PAGE_FIXTURES, SQLITE_ONLY, PageWorld

from job_helpers import next_weekday_at
from schedlink.replicas.calcom import CalcomReplica
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.e2e

HOST = "cal.acme-self.io"
LINK = f"https://{HOST}/jo-reyes/intro"
HOSTS = (HOST,)
PROVIDER = "calcom"
START = next_weekday_at(11)


@pytest.fixture(scope="module")
def replica() -> Iterator[CalcomReplica]:
    with CalcomReplica(web_only=True, hang_seconds=3.0) as running:
        running.add_event_type("jo-reyes", "intro", length=30, starts=[START])
        yield running


sandbox, pool, world = PAGE_FIXTURES


@SQLITE_ONLY  # the browser path on PostgreSQL: the Calendly tests
def test_a_refused_api_path_books_through_the_page_once(world: PageWorld, replica: CalcomReplica) -> None:
    booking = world.book(START)
    assert not any(
        "markup not found" in step for step in world.page_run(booking.id)["steps"]
    )  # its own recipe
    assert booking.state == "booked", booking.error
    assert booking.method == "browser"
    assert any("through the page" in step.get("note", "") for step in booking.steps)
    assert [b.start for b in replica.bookings()] == [START]
    assert replica.submissions() == 1
    assert booking.confirmation is not None
    assert booking.confirmation["id"]
    steps = world.page_run(booking.id)["steps"]
    assert any("is exactly" in step for step in steps)  # the data-time instant was read back


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(slot_taken_before_submit=True)], indirect=True)
def test_a_time_taken_meanwhile_fails_with_the_providers_answer(
    world: PageWorld, replica: CalcomReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "failed"
    assert booking.error is not None
    assert booking.error["code"] == "slot_gone"
    assert replica.submissions() == 1
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(markup="changed", cookie_banner=True)], indirect=True)
def test_changed_markup_behind_a_cookie_banner(world: PageWorld, replica: CalcomReplica) -> None:
    booking = world.book(START)
    assert booking.state == "booked", (booking.error, world.page_run(booking.id)["steps"])
    assert [b.start for b in replica.bookings()] == [START]


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(payment=True)], indirect=True)
def test_a_payment_step_stops_before_submitting(world: PageWorld, replica: CalcomReplica) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert booking.error is not None
    assert "payment" in booking.error["message"]
    assert replica.submissions() == 0
