"""Booking a Cal.com event type as the invitee, through Cal.com's public API (providers.md §3.3).

Cloud pages (``cal.com``, ``cal.eu``, organisation subdomains) book through the official, key-less
``POST /v2/bookings`` (``cal-api-version: 2024-08-13``). The event type is read first
(``GET /v2/event-types``, ``cal-api-version: 2024-06-14``) for its id, length and booking questions: a
required question other than name, email and notes is never guessed at — the attempt goes to a person
with the question named. Cal.com derives its own idempotency key from start, end and host, so a repeated
POST for the same time fails instead of booking twice; we still never repeat one (the core's rule).

Self-hosted instances answer ``/v2`` rarely; they book through the route their own booking page posts to
(``POST /api/book/event``), after reading the event type from the same host's v2 route when it answers.
Answers map onto the core's verdicts: Cal.com's "slot no longer free" codes → ``slot_gone``; an event
type that requires confirmation → ``pending_confirmation``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from schedlink.domain import http_plan, slots
from schedlink.domain.booking.outcome import BookingOutcome, BookingRequest, Verdict
from schedlink.domain.http_plan import HttpRequest, HttpResponse
from schedlink.domain.providers.base import Recognition
from schedlink.domain.providers.calcom_slots import API_HOSTS, EventPage, event_page
from schedlink.domain.providers.slot_reading import encode_query, error_detail

NAME = "Cal.com"
BOOKING_API_VERSION = "2024-08-13"
EVENT_TYPES_API_VERSION = "2024-06-14"
BOOKING_HOSTS = frozenset(API_HOSTS.values())
# Cal.com's ErrorCode values that mean "that time is no longer free" (packages/lib/errorCodes.ts).
SLOT_GONE_CODES = frozenset(
    {
        "no_available_users_found_error",
        "fixed_hosts_unavailable_for_booking",
        "round_robin_host_unavailable_for_booking",
        "booking_time_out_of_bounds_error",
        "booking_conflict_error",
        "booking_seats_full_error",
        "not_enough_available_seats_error",
    }
)
# What the v2 API says in place of those codes: its error filter turns ``no_available_users_found_error``
# into a 400 with this sentence (apps/api/v2 errors.service.ts).
SLOT_GONE_PHRASES = ("already has booking at this time or is not available", "in the past")
# Questions we can answer from the workspace's booking identity; the attendee's zone goes separately.
ANSWERABLE = frozenset({"name", "email", "notes", "guests", "rescheduleReason"})


@dataclass(frozen=True, slots=True)
class _EventType:
    id: int
    minutes: int | None
    unanswerable: tuple[str, ...]
    requires_confirmation: bool


def book(recognition: Recognition, request: BookingRequest) -> http_plan.Plan[BookingOutcome]:
    """Plan: read the event type, check what it asks, then (unless a dry run) submit once."""
    try:
        page = event_page(recognition)
    except slots.SlotReadError as error:
        return BookingOutcome(Verdict.NEEDS_REVIEW, str(error), code="not_bookable")
    base = f"https://{API_HOSTS[page.cloud]}" if page.cloud else f"https://{page.host}"
    response = yield _event_types_request(base, page)
    event = _event_type(response, page)
    if isinstance(event, BookingOutcome):
        return event
    if event.unanswerable:
        asked = ", ".join(event.unanswerable)
        return BookingOutcome(
            Verdict.NEEDS_REVIEW,
            f"the event asks questions only a person can answer: {asked}",
            code="question",
        )
    if event.minutes is not None and event.minutes != request.minutes:
        return BookingOutcome(
            Verdict.NEEDS_REVIEW,
            f"the event lasts {event.minutes} minutes, the team's meetings {request.minutes}",
            code="duration",
        )
    if request.dry_run:
        extra = "; it requires the host's confirmation" if event.requires_confirmation else ""
        return BookingOutcome(Verdict.READY, f"event type {event.id} checked, nothing submitted{extra}")
    if page.cloud:
        answer = yield _v2_booking_request(base, event, request)
        return _v2_outcome(answer, page)
    answer = yield _web_booking_request(base, page, event, request)
    return _web_outcome(answer, page)


def read_booking(recognition: Recognition, uid: str) -> http_plan.Plan[BookingOutcome | None]:
    """Plan: the booking Cal.com made under ``uid`` (reconciliation), or ``None`` when it has none."""
    page = event_page(recognition)
    base = f"https://{API_HOSTS[page.cloud]}" if page.cloud else f"https://{page.host}"
    response = yield HttpRequest(
        "GET",
        f"{base}/v2/bookings/{_path_safe(uid)}",
        {"cal-api-version": BOOKING_API_VERSION, "Accept": "application/json"},
    )
    if response.status == 404:
        return None
    data = _json(response)
    if not 200 <= response.status < 300 or not isinstance(data, dict):
        raise slots.SlotReadError(
            f"{NAME} answered HTTP {response.status}: {error_detail(data) or 'no details'}"
        )
    return _accepted(data.get("data"), page)


def _event_types_request(base: str, page: EventPage) -> HttpRequest:
    owner = ("teamSlug" if page.team else "username", page.owner)
    query = encode_query((owner, ("eventSlug", page.event), ("orgSlug", page.organisation)))
    return HttpRequest(
        "GET",
        f"{base}/v2/event-types?{query}",
        {"cal-api-version": EVENT_TYPES_API_VERSION, "Accept": "application/json"},
    )


def _event_type(response: HttpResponse, page: EventPage) -> _EventType | BookingOutcome:
    data = _json(response)
    if page.cloud is None and (response.status in (404, 405, 500, 501) or not isinstance(data, dict)):
        # Most self-hosted instances ship the web app only: no public API to read the event from, and a
        # guess at its id or questions is not a booking anyone should make.
        return BookingOutcome(
            Verdict.NEEDS_REVIEW,
            f"this self-hosted {NAME} ({page.host}) does not describe its events through the public API "
            f"(HTTP {response.status}); book on the page by hand",
            code="not_bookable",
        )
    if response.status == 404:
        return BookingOutcome(
            Verdict.REFUSED, f"{NAME} has no event {page.event!r}", code="event_type_not_found"
        )
    if not 200 <= response.status < 300 or not isinstance(data, dict):
        detail = error_detail(data) or f"HTTP {response.status}"
        return BookingOutcome(
            Verdict.REFUSED, f"{NAME} did not describe the event: {detail}", code="event_type"
        )
    found = data.get("data")
    if isinstance(found, dict) and isinstance(found.get("eventTypes"), list):
        found = found["eventTypes"]
    candidates = found if isinstance(found, list) else [found]
    for item in candidates:
        if (
            isinstance(item, dict)
            and (item.get("slug") in (None, page.event))
            and isinstance(item.get("id"), int)
        ):
            return _read_event(item)
    return BookingOutcome(Verdict.REFUSED, f"{NAME} has no event {page.event!r}", code="event_type_not_found")


def _read_event(item: dict[str, object]) -> _EventType:
    minutes = item.get("lengthInMinutes", item.get("length"))
    unanswerable: list[str] = []
    questions = item.get("bookingFields")
    for question in questions if isinstance(questions, list) else []:
        if not isinstance(question, dict) or question.get("required") is not True or question.get("hidden"):
            continue
        key = str(question.get("slug") or question.get("name") or question.get("type") or "?")
        if key not in ANSWERABLE:
            label = question.get("label")
            unanswerable.append(f"{label} ({key})" if isinstance(label, str) and label else key)
    event_id = item["id"]
    assert isinstance(event_id, int)
    return _EventType(
        id=event_id,
        minutes=minutes if isinstance(minutes, int) and not isinstance(minutes, bool) else None,
        unanswerable=tuple(unanswerable),
        requires_confirmation=item.get("requiresConfirmation") is True,
    )


def _v2_booking_request(base: str, event: _EventType, request: BookingRequest) -> HttpRequest:
    body = {
        "start": request.start_utc_iso,
        "eventTypeId": event.id,
        "attendee": {"name": request.name, "email": request.email, "timeZone": request.timezone},
        "bookingFieldsResponses": {"notes": request.notes} if request.notes else {},
        "metadata": {"schedlink_booking": request.reference} if request.reference else {},
    }
    return HttpRequest(
        "POST",
        f"{base}/v2/bookings",
        {
            "cal-api-version": BOOKING_API_VERSION,
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
        json.dumps(body).encode(),
        submits=True,
    )


def _web_booking_request(
    base: str, page: EventPage, event: _EventType, request: BookingRequest
) -> HttpRequest:
    body = {
        "responses": {"name": request.name, "email": request.email, "notes": request.notes, "guests": []},
        "user": page.owner,
        "start": request.start_utc_iso,
        "eventTypeId": event.id,
        "eventTypeSlug": page.event,
        "timeZone": request.timezone,
        "language": "en",
        "metadata": {"schedlink_booking": request.reference} if request.reference else {},
        "hasHashedBookingLink": False,
    }
    return HttpRequest(
        "POST",
        f"{base}/api/book/event",
        {"Content-Type": "application/json", "Accept": "application/json"},
        json.dumps(body).encode(),
        submits=True,
    )


def _v2_outcome(response: HttpResponse, page: EventPage) -> BookingOutcome:
    data = _json(response)
    if 200 <= response.status < 300 and isinstance(data, dict) and data.get("status") == "success":
        outcome = _accepted(data.get("data"), page)
        if outcome is not None:
            return outcome
    return _refusal(response, data)


def _web_outcome(response: HttpResponse, page: EventPage) -> BookingOutcome:
    data = _json(response)
    if 200 <= response.status < 300 and isinstance(data, dict) and isinstance(data.get("uid"), str):
        outcome = _accepted(data, page)
        if outcome is not None:
            return outcome
    return _refusal(response, data)


def _accepted(booking: object, page: EventPage) -> BookingOutcome | None:
    if isinstance(booking, list) and booking:  # recurring event types answer with every occurrence
        booking = booking[0]
    if not isinstance(booking, dict) or not isinstance(booking.get("uid"), str):
        return None
    uid = str(booking["uid"])
    host = page.cloud or page.host
    url = f"https://{host}/booking/{_path_safe(uid)}"
    status = str(booking.get("status") or "").lower()
    if status in ("pending", "awaiting_host"):
        return BookingOutcome(
            Verdict.PENDING_CONFIRMATION,
            "booked; the host must confirm it",
            confirmation_id=uid,
            confirmation_url=url,
        )
    if status in ("cancelled", "rejected"):
        return BookingOutcome(Verdict.REFUSED, f"{NAME} shows the booking as {status}", confirmation_id=uid)
    return BookingOutcome(
        Verdict.BOOKED, f"{NAME} confirmed the booking", confirmation_id=uid, confirmation_url=url
    )


def _refusal(response: HttpResponse, data: object) -> BookingOutcome:
    detail = error_detail(data) or f"HTTP {response.status}"
    if response.status >= 500:  # the server failed somewhere; the booking may exist all the same
        return BookingOutcome(
            Verdict.UNKNOWN, f"{NAME} answered HTTP {response.status}: {detail}", code="server_error"
        )
    code = None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        raw = data["error"].get("code")
        code = str(raw) if raw is not None else None
    said = {detail, code or ""}
    if said & SLOT_GONE_CODES or any(gone in detail for gone in (*SLOT_GONE_CODES, *SLOT_GONE_PHRASES)):
        return BookingOutcome(
            Verdict.SLOT_GONE, f"{NAME}: the time is no longer free ({detail})", code="slot_gone"
        )
    if response.status == 429:
        return BookingOutcome(Verdict.REFUSED, f"{NAME} is limiting requests (HTTP 429)", code="rate_limited")
    return BookingOutcome(Verdict.REFUSED, f"{NAME} refused the booking: {detail}", code=code or "refused")


def _json(response: HttpResponse) -> object:
    try:
        return json.loads(response.body)
    except (ValueError, UnicodeDecodeError):
        return None


def _path_safe(value: str) -> str:
    return "".join(ch for ch in value if ch.isascii() and (ch.isalnum() or ch in "-_"))[:200]
