"""Google appointment schedules in real Chromium: no reader, no preselect — the mini calendar is walked
and the slot is the button whose epoch milliseconds are the chosen instant."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from page_booking_helpers import PAGE_FIXTURES, SQLITE_ONLY, PageWorld

from job_helpers import next_weekday_at
from schedlink.replicas.google_appointments import GoogleAppointmentsReplica
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.e2e

SCHEDULE = "AcZssZ0Jo-ReyesIntro"
LINK = f"https://calendar.google.com/calendar/appointments/schedules/{SCHEDULE}"
START = next_weekday_at(11, days_ahead=9)
HOSTS = ("calendar.google.com",)
PROVIDER = "google"


@pytest.fixture(scope="module")
def replica() -> Iterator[GoogleAppointmentsReplica]:
    with GoogleAppointmentsReplica() as running:
        running.add_schedule(SCHEDULE, length=30, zone="America/Los_Angeles", starts=[START])
        yield running


sandbox, pool, world = PAGE_FIXTURES


@SQLITE_ONLY  # the browser path on PostgreSQL: the Calendly tests
def test_the_calendar_is_walked_to_the_exact_slot(
    world: PageWorld, replica: GoogleAppointmentsReplica
) -> None:
    booking = world.book(START)
    assert not any(
        "markup not found" in step for step in world.page_run(booking.id)["steps"]
    )  # its own recipe
    assert booking.state == "booked", (booking.error, world.page_run(booking.id)["steps"])
    assert [b.start for b in replica.bookings()] == [START]
    assert replica.submissions() == 1
    checked = {g["name"]: g for g in booking.guardrails}
    assert "by the browser" in checked["lead_offers_slot"]["detail"]  # no reader: the page itself


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(sign_in=True)], indirect=True)
def test_a_sign_in_wall_stops_before_anything_is_sent(
    world: PageWorld, replica: GoogleAppointmentsReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert booking.error is not None
    assert "sign in" in booking.error["message"]
    assert replica.submissions() == 0
    assert "screenshot_obstacle" in world.evidence(booking.id)


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(email_code=True)], indirect=True)
def test_a_verification_code_after_book_is_left_to_a_person(
    world: PageWorld, replica: GoogleAppointmentsReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert replica.submissions() == 1
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize(
    "world", [PageScenario(page_zone="Europe/Berlin", cookie_banner=True)], indirect=True
)
def test_another_zone_behind_a_consent_wall(world: PageWorld, replica: GoogleAppointmentsReplica) -> None:
    booking = world.book(START)
    assert booking.state == "booked", (booking.error, world.page_run(booking.id)["steps"])
    assert [b.start for b in replica.bookings()] == [START]
