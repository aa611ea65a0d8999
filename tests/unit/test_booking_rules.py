"""The booking core's pure rules: states, automation switches, guardrails, and Cal.com's booking plan
driven with recorded answers (no network)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from schedlink.domain.availability.intervals import Interval
from schedlink.domain.booking import guardrails
from schedlink.domain.booking.automation import AutomationSettings, InvalidAutomation, Mode, allows
from schedlink.domain.booking.outcome import BookingOutcome, BookingRequest, Verdict
from schedlink.domain.booking.states import TERMINAL, BookingState, IllegalMove, can_move, check_move
from schedlink.domain.http_plan import HttpRequest, HttpResponse, Plan
from schedlink.domain.providers import calcom_booking, classify_url

pytestmark = pytest.mark.unit
NOW = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
START = datetime(2026, 12, 9, 16, 0, tzinfo=UTC)


def test_sent_attempts_never_go_back_to_checking_and_terminal_states_stay() -> None:
    assert can_move(BookingState.CHECKING, BookingState.SUBMITTING)
    assert not can_move(BookingState.SUBMITTING, BookingState.CHECKING)
    assert not can_move(BookingState.OUTCOME_UNKNOWN, BookingState.SUBMITTING)
    assert can_move(BookingState.OUTCOME_UNKNOWN, BookingState.NEEDS_REVIEW)
    for state in TERMINAL - {BookingState.PENDING_CONFIRMATION, BookingState.NEEDS_REVIEW}:
        assert not any(can_move(state, target) for target in BookingState)
    with pytest.raises(IllegalMove):
        check_move(BookingState.BOOKED, BookingState.FAILED)


@pytest.mark.parametrize(
    ("mode", "dry_run", "by_person", "allowed"),
    [
        (Mode.OFF, True, True, False),
        (Mode.DRY_RUN, True, True, True),
        (Mode.DRY_RUN, False, True, False),
        (Mode.APPROVE, False, True, True),
        (Mode.APPROVE, False, False, False),
        (Mode.AUTO, False, False, True),
    ],
)
def test_modes(mode: Mode, dry_run: bool, by_person: bool, allowed: bool) -> None:
    assert allows(mode, dry_run=dry_run, by_person=by_person) is allowed


def test_unreadable_settings_count_as_off_and_changes_are_validated_whole() -> None:
    junk = AutomationSettings.from_json({"kill_switch": "yes", "providers": {"calcom": "on", "x": 3}})
    assert junk.kill_switch is False
    assert junk.mode_for("calcom") is Mode.OFF
    with pytest.raises(InvalidAutomation) as error:
        AutomationSettings().changed(
            known_providers=["calcom"],
            providers={"calcom": "sometimes", "nope": "auto"},
            rate_limit_per_hour=0,
        )
    assert "providers.calcom" in str(error.value)
    assert "providers.nope" in str(error.value)
    assert "rate_limit_per_hour" in str(error.value)
    on = AutomationSettings().changed(known_providers=["calcom"], providers={"calcom": "auto"})
    assert on.active() == {"calcom": Mode.AUTO}
    assert AutomationSettings.from_json(on.to_json()) == on


def test_guardrails_name_what_failed() -> None:
    settings = AutomationSettings(providers={"calcom": Mode.APPROVE})
    assert guardrails.automation_on(
        settings, "calcom", operator_off=True, dry_run=False, by_person=True
    ).detail == ("the operator turned automation off on this server")
    old = guardrails.intent(request_at=NOW - timedelta(days=20), later_reply=None, now=NOW, max_age_days=14)
    assert not old.passed
    assert "20 days old" in old.detail
    taken_back = guardrails.intent(request_at=NOW, later_reply="never mind", now=NOW, max_age_days=14)
    assert not taken_back.passed
    slot = Interval(START, START + timedelta(minutes=30))
    assert not guardrails.slot_rules(
        slot, now=NOW, working_time=[Interval(START, START + timedelta(minutes=20))]
    ).passed
    assert guardrails.slot_rules(
        slot, now=NOW, working_time=[Interval(START - timedelta(hours=1), START + timedelta(hours=1))]
    ).passed
    assert not guardrails.team_free(
        slot, free_time=[slot], stale_calendars=["Team (timeout)"], reserved=False
    ).passed
    assert not guardrails.lead_offers_slot(
        START, offered=[START + timedelta(minutes=30)], unreadable=None
    ).passed
    assert guardrails.rate_limit(sent_last_hour=3, limit=3, provider="calcom").passed is False


def _run(
    plan: Plan[BookingOutcome], answers: list[tuple[int, object]]
) -> tuple[BookingOutcome, list[HttpRequest]]:
    """Drive a plan with recorded answers; returns (result, requests sent)."""
    sent: list[HttpRequest] = []
    try:
        request = next(plan)
        while True:
            sent.append(request)
            status, body = answers.pop(0)
            request = plan.send(HttpResponse(status, {}, json.dumps(body).encode(), request.url))
    except StopIteration as done:
        result: BookingOutcome = done.value
        return result, sent


EVENT = {"status": "success", "data": [{"id": 7, "slug": "intro", "lengthInMinutes": 30, "bookingFields": [
    {"slug": "name", "type": "name", "required": True}, {"slug": "email", "type": "email", "required": True},
    {"slug": "notes", "type": "textarea", "required": False}]}]}  # fmt: skip


def _request(**changes: object) -> BookingRequest:
    values: dict[str, object] = {
        "link": "https://cal.com/jo/intro", "start_utc_iso": "2026-12-09T16:00:00.000Z", "minutes": 30,
        "name": "Sam", "email": "sam@acme.io", "timezone": "America/New_York", "reference": "b1",
    }  # fmt: skip
    values.update(changes)
    return BookingRequest(**values)  # type: ignore[arg-type]


def test_calcom_books_once_through_v2_with_the_event_read_first() -> None:
    recognition = classify_url("https://cal.com/jo/intro")
    booked = {"status": "success", "data": {"uid": "abc", "status": "accepted"}}
    outcome, sent = _run(calcom_booking.book(recognition, _request()), [(200, EVENT), (201, booked)])
    assert outcome == BookingOutcome(
        Verdict.BOOKED, "Cal.com confirmed the booking", confirmation_id="abc",
        confirmation_url="https://cal.com/booking/abc",
    )  # fmt: skip
    assert [r.submits for r in sent] == [False, True]
    assert sent[1].url == "https://api.cal.com/v2/bookings"
    body = json.loads(sent[1].body or b"{}")
    assert body["eventTypeId"] == 7
    assert body["attendee"] == {"name": "Sam", "email": "sam@acme.io", "timeZone": "America/New_York"}


def test_calcom_dry_run_stops_before_the_submit() -> None:
    outcome, sent = _run(
        calcom_booking.book(classify_url("https://cal.com/jo/intro"), _request(dry_run=True)), [(200, EVENT)]
    )
    assert outcome.verdict is Verdict.READY
    assert not any(r.submits for r in sent)


def test_calcom_questions_and_lengths_it_cannot_answer_go_to_a_person() -> None:
    asking = json.loads(json.dumps(EVENT))
    asking["data"][0]["bookingFields"].append({"slug": "budget", "label": "Budget", "required": True})
    outcome, _ = _run(
        calcom_booking.book(classify_url("https://cal.com/jo/intro"), _request()), [(200, asking)]
    )
    assert outcome.verdict is Verdict.NEEDS_REVIEW
    assert "Budget (budget)" in outcome.message
    outcome, _ = _run(
        calcom_booking.book(classify_url("https://cal.com/jo/intro"), _request(minutes=45)), [(200, EVENT)]
    )
    assert outcome.verdict is Verdict.NEEDS_REVIEW
    assert outcome.code == "duration"


@pytest.mark.parametrize(
    ("status", "body", "verdict"),
    [
        (
            400,
            {
                "status": "error",
                "error": {
                    "code": "BadRequestException",
                    "message": "User either already has booking at this time or is not available",
                },
            },
            Verdict.SLOT_GONE,
        ),
        (429, {"message": "ThrottlerException: Too Many Requests"}, Verdict.REFUSED),
        (500, {"status": "error", "error": {"message": "Internal server error"}}, Verdict.UNKNOWN),
        (
            201,
            {"status": "success", "data": {"uid": "p1", "status": "pending"}},
            Verdict.PENDING_CONFIRMATION,
        ),
    ],
)
def test_calcom_answers_map_to_verdicts(status: int, body: object, verdict: Verdict) -> None:
    outcome, _ = _run(
        calcom_booking.book(classify_url("https://cal.com/jo/intro"), _request()),
        [(200, EVENT), (status, body)],
    )
    assert outcome.verdict is verdict


def test_a_self_hosted_instance_without_the_public_api_goes_to_a_person() -> None:
    outcome, sent = _run(
        calcom_booking.book(classify_url("https://cal.acme-self.io/jo/intro"), _request()),
        [(404, {"message": "Cannot GET /v2/event-types"})],
    )
    assert outcome.verdict is Verdict.NEEDS_REVIEW
    assert "book on the page by hand" in outcome.message
    assert not any(request.submits for request in sent)
