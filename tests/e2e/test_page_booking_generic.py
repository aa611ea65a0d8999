"""A provider with neither an API nor a recipe (SavvyCal), booked in real Chromium by the careful generic
driver on a page built only from text and roles: only when a person pressed Book, and ``booked`` only
when the page's confirmation and its own booking call's 2xx answer were both seen."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from page_booking_helpers import PAGE_FIXTURES, SQLITE_ONLY, PageWorld

from job_helpers import next_weekday_at
from schedlink.replicas.generic_scheduler import BOOK_PATH, GenericSchedulerReplica
from schedlink.replicas.page_scenario import PageScenario
from schedlink.service import bookings

pytestmark = pytest.mark.e2e

KEY = "jo-reyes/intro"
LINK = f"https://savvycal.com/{KEY}"
START = next_weekday_at(11, days_ahead=3)
HOSTS = ("savvycal.com", "www.savvycal.com")
PROVIDER = "savvycal"


@pytest.fixture(scope="module")
def replica() -> Iterator[GenericSchedulerReplica]:
    with GenericSchedulerReplica() as running:
        running.add_page(KEY, length=30, zone="America/New_York", starts=[START])
        yield running


sandbox, pool, world = PAGE_FIXTURES


def _checks(booking: bookings.BookingView) -> dict[str, dict[str, object]]:
    return {str(g["name"]): g for g in booking.guardrails}


@SQLITE_ONLY
def test_a_person_presses_book_and_the_page_is_booked_once(
    world: PageWorld, replica: GenericSchedulerReplica
) -> None:
    booking = world.book(START)
    steps = world.page_run(booking.id)["steps"]
    assert booking.state == "booked", (booking.error, steps)
    assert booking.method == "browser"
    assert [b.start for b in replica.bookings()] == [START]
    assert replica.submissions() == 1
    assert booking.confirmation is not None
    assert booking.confirmation["id"] == replica.bookings()[0].id
    checks = _checks(booking)
    assert checks["person_presses_book"]["passed"]
    assert checks["generic_confirmation"]["passed"]
    assert "Booking confirmed" in str(checks["generic_confirmation"]["detail"])
    assert "on their page itself" in str(checks["lead_offers_slot"]["detail"])
    evidence = world.evidence(booking.id)
    assert {"screenshot_slot", "screenshot_form", "screenshot_confirmation", "page_run"} <= set(evidence)
    calls = [json.loads(piece)["request"] for piece in evidence["provider_exchange"]]
    # Only the call sent after the click is the booking call: the page's beacon before it is not.
    assert [(call["method"], call["url"]) for call in calls] == [("POST", f"https://savvycal.com{BOOK_PATH}")]
    assert any(r.path == "/api/views" for r in replica.requests)


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(confirm_delay=2.5)], indirect=True)
def test_a_slow_booking_call_is_waited_for(world: PageWorld, replica: GenericSchedulerReplica) -> None:
    booking = world.book(START)
    assert booking.state == "booked", (booking.error, world.page_run(booking.id)["steps"])
    assert replica.submissions() == 1


@SQLITE_ONLY
def test_an_automatic_booking_is_blocked_before_the_page_is_opened(
    world: PageWorld, replica: GenericSchedulerReplica
) -> None:
    world.set_mode("auto")
    world.run_jobs()  # the suggestions, and the automatic booking of the best one in ``auto`` mode
    (booking,) = bookings.list_bookings(world.db, world.workspace_id, task_id=world.task_id)
    assert booking.state == "blocked"
    assert booking.requested_by == bookings.AUTO_ACTOR
    assert booking.error is not None
    assert booking.error["code"] == "person_presses_book"
    assert "only when a person presses Book" in booking.error["message"]
    assert not _checks(booking)["person_presses_book"]["passed"]
    assert replica.submissions() == 0
    assert replica.requests == []  # nothing was opened
    pressed = world.book(START)  # a person pressing Book still books it
    assert pressed.state == "booked", (pressed.error, world.page_run(pressed.id)["steps"])


@SQLITE_ONLY
@pytest.mark.parametrize(
    "world", [PageScenario(confirm_despite_refusal=True, slot_taken_before_submit=True)], indirect=True
)
def test_a_confirmation_beside_a_refused_booking_call_is_not_booked(
    world: PageWorld, replica: GenericSchedulerReplica
) -> None:
    """The page shows "Booking confirmed" and a call of its own was answered 2xx, but its booking call
    was refused: the two halves do not agree, so nothing is taken as booked."""
    booking = world.book(START)
    steps = world.page_run(booking.id)["steps"]
    assert booking.state != "booked", (booking.error, steps)
    assert booking.confirmation is None
    check = _checks(booking)["generic_confirmation"]
    assert not check["passed"], check
    assert replica.submissions() == 1
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(confirm_without_call=True)], indirect=True)
def test_a_confirmation_without_a_booking_call_is_not_booked(
    world: PageWorld, replica: GenericSchedulerReplica
) -> None:
    booking = world.book(START)
    steps = world.page_run(booking.id)["steps"]
    assert booking.state == "needs_review", (booking.error, steps)  # outcome_unknown, then reconciled
    assert booking.error is not None
    assert booking.error["code"] == "outcome_unknown"
    assert booking.confirmation is None
    check = _checks(booking)["generic_confirmation"]
    assert not check["passed"]
    assert "no call it sent to its own host" in str(check["detail"])
    assert [step["step"] for step in booking.steps][-2:] == ["outcome_unknown", "needs_review"]
    assert replica.submissions() == 0
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(drop_after_submit=True)], indirect=True)
def test_a_call_cut_after_the_submit_goes_to_a_person(
    world: PageWorld, replica: GenericSchedulerReplica
) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review", (booking.error, world.page_run(booking.id)["steps"])
    assert "outcome_unknown" in [step["step"] for step in booking.steps]
    assert not _checks(booking)["generic_confirmation"]["passed"]
    assert replica.submissions() == 1
    assert [b.start for b in replica.bookings()] == [START]  # it may exist: a person looks, nothing is resent


@SQLITE_ONLY
@pytest.mark.parametrize("world", [PageScenario(slot_taken_before_submit=True)], indirect=True)
def test_a_time_taken_meanwhile_fails_as_gone(world: PageWorld, replica: GenericSchedulerReplica) -> None:
    booking = world.book(START)
    assert booking.state == "failed", (booking.error, world.page_run(booking.id)["steps"])
    assert booking.error is not None
    assert booking.error["code"] == "slot_gone"
    assert replica.submissions() == 1
    assert replica.bookings() == []


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("world", "code"),
    [(PageScenario(required_question="What is your budget?"), "unknown_question"),
     (PageScenario(captcha=True), "captcha")],
    indirect=["world"],
)  # fmt: skip
def test_what_only_a_person_can_do_stops_before_the_submit(
    world: PageWorld, replica: GenericSchedulerReplica, code: str
) -> None:
    booking = world.book(START)
    assert booking.state == "needs_review", (booking.error, world.page_run(booking.id)["steps"])
    assert booking.error is not None
    assert booking.error["code"] == code
    assert replica.submissions() == 0
