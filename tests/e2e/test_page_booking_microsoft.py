"""Microsoft Bookings in real Chromium: a shared page walked by its month grid and its time's text, read
back as an exact instant; personal pages, which always email the invitee a code, refused up front."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from page_booking_helpers import PAGE_FIXTURES, SQLITE_ONLY, PageWorld

from job_helpers import next_weekday_at
from schedlink.replicas.microsoft_bookings import MicrosoftBookingsReplica
from schedlink.replicas.page_scenario import PageScenario
from schedlink.service import bookings

pytestmark = pytest.mark.e2e

MAILBOX = "NorthwindSales@northwind.example"
LINK = f"https://outlook.office365.com/book/{MAILBOX}/"
PERSONAL_USER = "0123456789abcdef0123456789abcdef@northwind.example"
PERSONAL = f"https://outlook.office.com/bookwithme/user/{PERSONAL_USER}/meetingtype/intro?anonymous&ep=mlink"
START = next_weekday_at(11, days_ahead=4)
HOSTS = ("outlook.office365.com", "outlook.office.com", "bookings.cloud.microsoft")
PROVIDER = "microsoft"


@pytest.fixture(scope="module")
def replica() -> Iterator[MicrosoftBookingsReplica]:
    with MicrosoftBookingsReplica() as running:
        running.add_shared(MAILBOX, service="Intro call", length=30, zone="America/New_York", starts=[START])
        yield running


sandbox, pool, world = PAGE_FIXTURES


@SQLITE_ONLY  # the browser path on PostgreSQL: the Calendly tests
def test_a_shared_bookings_page_is_booked_once(world: PageWorld, replica: MicrosoftBookingsReplica) -> None:
    booking = world.book(START)
    assert not any(
        "markup not found" in step for step in world.page_run(booking.id)["steps"]
    )  # its own recipe
    assert booking.state == "booked", (booking.error, world.page_run(booking.id)["steps"])
    assert [b.start for b in replica.bookings()] == [START]
    assert replica.submissions() == 1
    assert booking.confirmation is not None
    assert booking.confirmation["id"]


@SQLITE_ONLY
@pytest.mark.parametrize("world", [(PageScenario(), PERSONAL)], indirect=True)
def test_a_personal_page_is_refused_before_anything_runs(
    world: PageWorld, replica: MicrosoftBookingsReplica
) -> None:
    with pytest.raises(bookings.BookingRefused, match="code"):
        world.book(START)
    assert replica.submissions() == 0


@SQLITE_ONLY
@pytest.mark.parametrize("world", [(PageScenario(email_code=True), LINK)], indirect=True)
def test_a_verification_asked_on_the_wire_books_nothing(
    world: PageWorld, replica: MicrosoftBookingsReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review"
    assert booking.error is not None
    assert booking.error["code"] == "email_code"
    assert replica.submissions() == 1
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize(
    "world", [(PageScenario(slot_taken_before_submit=True, cookie_banner=True), LINK)], indirect=True
)
def test_a_time_taken_while_the_form_is_open_fails(
    world: PageWorld, replica: MicrosoftBookingsReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "failed"
    assert booking.error is not None
    assert booking.error["code"] == "slot_gone"
    assert replica.bookings() == []
