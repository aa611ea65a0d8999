"""HubSpot Meetings in real Chromium: the lead's page read through HubSpot's public availability call
right before booking, the month paged to the day, the time picked by its instant, "Confirm" pressed once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from page_booking_helpers import PAGE_FIXTURES, SQLITE_ONLY, PageWorld

from job_helpers import next_weekday_at
from schedlink.replicas.hubspot import HubspotReplica
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.e2e

SLUG = "jo-reyes/intro"
LINK = f"https://meetings.hubspot.com/{SLUG}"
START = next_weekday_at(11, days_ahead=3)
HOSTS = ("meetings.hubspot.com", "api.hubspot.com", "app.hubspot.com")
PROVIDER = "hubspot"


@pytest.fixture(scope="module")
def replica() -> Iterator[HubspotReplica]:
    with HubspotReplica() as running:
        running.add_page(SLUG, length=30, zone="America/New_York", starts=[START])
        yield running


sandbox, pool, world = PAGE_FIXTURES


@SQLITE_ONLY  # the browser path on PostgreSQL: the Calendly tests
def test_a_hubspot_page_is_booked_once(world: PageWorld, replica: HubspotReplica) -> None:
    booking = world.book(START)
    assert not any(
        "markup not found" in step for step in world.page_run(booking.id)["steps"]
    )  # its own recipe
    assert booking.state == "booked", (booking.error, world.page_run(booking.id)["steps"])
    assert [b.start for b in replica.bookings()] == [START]
    assert replica.submissions() == 1
    assert booking.confirmation is not None
    assert booking.confirmation["id"]
    checked = {g["name"]: g for g in booking.guardrails}
    assert "read just now" in checked["lead_offers_slot"]["detail"]  # HubSpot's own availability call


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(captcha=True)], indirect=True)
def test_a_link_with_recaptcha_on_stops_at_it(world: PageWorld, replica: HubspotReplica) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert booking.error is not None
    assert booking.error["code"] == "captcha"
    assert replica.submissions() == 0


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(email_code=True)], indirect=True)
def test_an_email_code_after_confirm_books_nothing(world: PageWorld, replica: HubspotReplica) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert replica.submissions() == 1
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(markup="changed", page_zone="Europe/Berlin")], indirect=True)
def test_a_changed_page_in_another_zone_is_walked_by_its_text(
    world: PageWorld, replica: HubspotReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "booked", (booking.error, world.page_run(booking.id)["steps"])
    assert [b.start for b in replica.bookings()] == [START]
