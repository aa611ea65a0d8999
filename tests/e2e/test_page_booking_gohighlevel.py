"""GoHighLevel (LeadConnector) in real Chromium, on an agency's white-label host: the lead's calendar read
through the free-slots call right before booking, the widget's month paged to the day, the time picked by
its ISO instant, "Book" pressed once, the widget's own booking call deciding."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from page_booking_helpers import PAGE_FIXTURES, SQLITE_ONLY, PageWorld

from job_helpers import next_weekday_at
from schedlink.replicas.gohighlevel import BACKEND_HOST, GoHighLevelReplica
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.e2e

CALENDAR = "0fu9WVucPWOYhM0tSEGE"
WHITE_LABEL = "api.example-agency.com"
LINK = f"https://{WHITE_LABEL}/widget/booking/{CALENDAR}"
SLUG_CALENDAR = "Zq3xPk7LmNoR2sTuVwXy"
SLUG_LINK = f"https://{WHITE_LABEL}/widget/bookings/jo-reyes-intro"
START = next_weekday_at(11, days_ahead=3)
HOSTS = (WHITE_LABEL, BACKEND_HOST)
PROVIDER = "gohighlevel"


@pytest.fixture(scope="module")
def replica() -> Iterator[GoHighLevelReplica]:
    with GoHighLevelReplica() as running:
        running.add_calendar(CALENDAR, length=30, zone="America/New_York", starts=[START])
        running.add_calendar(
            SLUG_CALENDAR, slug="jo-reyes-intro", length=30, zone="America/New_York", starts=[START]
        )
        yield running


sandbox, pool, world = PAGE_FIXTURES


@SQLITE_ONLY  # the browser path on PostgreSQL: the Calendly tests
def test_a_white_label_widget_is_booked_once(world: PageWorld, replica: GoHighLevelReplica) -> None:
    booking = world.book(START)
    steps = world.page_run(booking.id)["steps"]
    assert not any("markup not found" in step for step in steps)  # its own recipe
    assert booking.state == "booked", (booking.error, steps)
    assert [b.start for b in replica.bookings()] == [START]
    assert replica.submissions() == 1
    assert booking.confirmation is not None
    assert booking.confirmation["id"] == replica.bookings()[0].id  # the widget's answer on the wire
    checked = {g["name"]: g for g in booking.guardrails}
    assert "read just now" in checked["lead_offers_slot"]["detail"]  # the free-slots call
    assert any("is exactly" in step for step in steps)  # read back from its ISO data-slot


@SQLITE_ONLY
@pytest.mark.parametrize("world", [(PageScenario(), SLUG_LINK)], indirect=True)
def test_a_slug_link_is_checked_on_the_page_and_booked_once(
    world: PageWorld, replica: GoHighLevelReplica
) -> None:
    """A /widget/bookings/{slug} link names no calendar id, so nothing can read its free times before the
    browser opens it: the exact time is then read back on the page itself, right before the submit."""
    booking = world.book(START)
    assert booking.state == "booked", booking.error
    checked = {g["name"]: g for g in booking.guardrails}
    assert "on their page itself" in checked["lead_offers_slot"]["detail"]
    assert any("is exactly" in step for step in world.page_run(booking.id)["steps"])
    assert [(b.start, replica.submissions()) for b in replica.bookings()] == [(START, 1)]


@SQLITE_ONLY
@pytest.mark.parametrize("world", [(PageScenario(captcha=True, cookie_banner=True), LINK)], indirect=True)
def test_a_captcha_challenge_stops_it_before_the_submit(
    world: PageWorld, replica: GoHighLevelReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert booking.error is not None
    assert booking.error["code"] == "captcha"
    assert replica.submissions() == 0


@SQLITE_ONLY
@pytest.mark.parametrize("world", [(PageScenario(email_code=True), LINK)], indirect=True)
def test_an_email_code_after_book_books_nothing(world: PageWorld, replica: GoHighLevelReplica) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert booking.error is not None
    assert booking.error["code"] == "email_code"
    assert replica.submissions() == 1
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize("world", [(PageScenario(slot_taken_before_submit=True), LINK)], indirect=True)
def test_a_slot_taken_at_the_last_moment_is_gone(world: PageWorld, replica: GoHighLevelReplica) -> None:
    booking = world.book(START)
    assert booking.state == "failed", (booking.error, world.page_run(booking.id)["steps"])
    assert booking.error is not None
    assert booking.error["code"] == "slot_gone"
    assert replica.submissions() == 1
    assert replica.bookings() == []


CHANGED = PageScenario(
    markup="changed", page_zone="Europe/Berlin", thank_you_url="https://thanks.example.org/done"
)


@SQLITE_ONLY
@pytest.mark.parametrize("world", [(CHANGED, LINK)], indirect=True)
def test_a_changed_widget_in_another_zone_is_walked_by_its_text(
    world: PageWorld, replica: GoHighLevelReplica
) -> None:
    booking = world.book(START)
    run = world.page_run(booking.id)
    assert booking.state == "booked", (booking.error, run["steps"])
    assert [b.start for b in replica.bookings()] == [START]
    assert replica.submissions() == 1
    assert any("thanks.example.org" in blocked for blocked in run["blocked_requests"])  # never followed
