"""A local replica of Cal.com's public API: free slots, event types and bookings made as an invitee.

The product maps ``api.cal.com`` (and self-hosted hosts) to :attr:`CalcomReplica.origin`, so the replica
sees the paths, queries, headers and JSON bodies the real API would, and answers as Cal.com does,
failures included. Tests, benchmarks and the demo use it; it is never used against the real provider.

Endpoints
    ``GET  /v2/slots``                      free starts (``cal-api-version: 2024-09-04``)
    ``GET  /v2/event-types``                ``?username=&eventSlug=`` (2024-06-14 output shape)
    ``POST /v2/bookings``                   book as invitee, no key (``cal-api-version: 2024-08-13``)
    ``GET  /v2/bookings/{uid}``             one booking
    ``GET  /api/trpc/slots/getSchedule``    the self-hosted web booker's slot query
    ``POST /api/book/event``                the self-hosted web booker's booking call
    ``GET  /{username}/{slug}``             the web booker page (``calcom_booker``; HTML)
    ``GET  /booking/{uid}``                 a booking's success page (HTML)
    ``POST /_replica/fail`` ``GET /_replica/state`` ``POST /_replica/reset``   replica-only admin

What follows Cal.com's source or documentation (providers.md §3.2/§3.3 and ``calcom/cal.com``):
    * slot query parameters (``eventTypeId`` or ``eventTypeSlug`` + ``username`` [+ ``organizationSlug``],
      ``start``, ``end``, ``timeZone``, ``slotFormat=range``) and the answer
      ``{"status":"success","data":{"YYYY-MM-DD":[{"start":"…000+02:00"}]}}`` grouped by local date;
    * the booking body (``start``, ``eventTypeId`` | ``eventTypeSlug`` + ``username``, ``attendee``,
      ``guests``, ``bookingFieldsResponses``, ``metadata``) and the ``BookingOutput_2024_08_13`` answer
      (``id``, ``uid``, ``title``, ``hosts``, ``status`` lower-case, ``start``/``end`` UTC, ``duration``,
      ``eventTypeId``, ``eventType{id,slug}``, ``attendees``, ``guests``, ``bookingFieldsResponses``), 201;
    * the error envelope ``{"status":"error","timestamp","path","error":{"code":<exception name>,
      "message","details"}}`` and these messages of ``bookings.service.ts``/``errors.service.ts``:
      a taken or unoffered start → 400 "User either already has booking at this time or is not
      available" (v2's translation of ``no_available_users_found_error``, kept in
      :data:`SLOT_UNAVAILABLE`), a missing required custom field → 400 "Missing required booking field
      response: <name> - …", unknown user → 404 "User with username X not found", unknown event type →
      404 "Event type with slug S belonging to user U not found." / "Event type with id N not found.",
      a start in the past → 400 "Attempting to book a meeting in the past.";
    * system booking fields (name, email, notes, guests…) are not checked in ``bookingFieldsResponses``
      (name and email come in ``attendee``), custom fields are checked for presence and JSON type;
    * event types requiring confirmation give ``"status":"pending"``;
    * the server-side idempotency key ``uuidv5(start.end.userId)``: one host never has two bookings at one
      start, however often or concurrently the same POST arrives;
    * event-type output fields ``id``, ``lengthInMinutes``, ``title``, ``slug``, ``description``,
      ``bookingFields`` (``slug``/``type``/``label``/``required``/``hidden``/``isDefault``), ``ownerId``,
      ``users``, ``confirmationPolicy``; ``metadata`` limits (≤50 keys, keys ≤40, values ≤500 chars);
    * the web route answers ErrorCode strings with ErrorCode's HTTP status (409
      ``no_available_users_found_error``, 404 ``event_type_not_found_error``); tRPC answers
      ``result.data.json.slots`` = ``{day: [{"time": UTC ISO}]}`` and reports errors as HTTP 200.

What is assumed (no source found; plausible, kept simple):
    * ``GET /v2/event-types`` answers a list even when ``eventSlug`` names one event type;
      ``requiresConfirmation`` is added beside ``confirmationPolicy`` for convenience;
    * the wording of body-validation (400), rate-limit (429 ``ThrottlerException``) and 500 answers, and
      the 429 headers (``Retry-After: 2``, ``X-RateLimit-{Limit,Remaining,Reset}-Default``);
    * a date-only ``end`` covers that whole UTC day; zone offsets are written ``+00:00`` for UTC;
    * pending bookings block their start like accepted ones (Cal.com lets a host choose);
    * a missing or other ``cal-api-version`` on ``/v2/slots`` gets the older ``data.slots``/``time``
      shape; ``POST /v2/bookings`` accepts 2024-08-13 and 2026-02-25 and refuses others with 400;
    * teams, organisations' own pages, seats, recurring and variable-length events are not modelled;
    * the web route's body and ``{uid, status}`` answer (status upper-case, Prisma's enum) come from
      third-party code, and its missing-field message ``{name}error_required_field`` from an issue;
    * :attr:`CalcomReplica.scenario` (a :class:`PageScenario`) sets the web booker's awkward cases,
      which the page and ``POST /api/book/event`` play as ``calcom_booker`` describes.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schedlink.replicas import calcom_booker
from schedlink.replicas.page_scenario import PageScenario
from schedlink.replicas.server import (
    Answer,
    ReplicaRequest,
    ReplicaServer,
    RequestRecord,
    html_answer,
    json_answer,
)

SLOTS_API_VERSION = "2024-09-04"
BOOKINGS_API_VERSIONS = frozenset({"2024-08-13", "2026-02-25"})
SLOT_UNAVAILABLE = "User either already has booking at this time or is not available"
NO_AVAILABLE_USERS = "no_available_users_found_error"  # the ErrorCode behind SLOT_UNAVAILABLE

# Failures POST /v2/bookings consumes, and those GET /v2/slots consumes.
BOOKING_FAILURES = frozenset(
    {"server_error", "bad_gateway", "rate_limit", "timeout_after_commit", "drop_after_commit"}
)
SLOT_FAILURES = frozenset({"slots_server_error", "slots_rate_limit"})
FAILURE_KINDS = BOOKING_FAILURES | SLOT_FAILURES

BookingStatus = Literal["accepted", "pending"]
JsonObject = dict[str, Any]

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_JSON_TYPES: dict[str, tuple[str, Callable[[object], bool]]] = {
    "text": ("string", lambda value: isinstance(value, str)),
    "textarea": ("string", lambda value: isinstance(value, str)),
    "phone": ("string", lambda value: isinstance(value, str)),
    "address": ("string", lambda value: isinstance(value, str)),
    "url": ("string", lambda value: isinstance(value, str)),
    "number": ("number", lambda value: isinstance(value, int | float) and not isinstance(value, bool)),
    "boolean": ("boolean", lambda value: isinstance(value, bool)),
    "multiemail": ("array", lambda value: isinstance(value, list)),
    "multiselect": ("array", lambda value: isinstance(value, list)),
    "checkbox": ("array", lambda value: isinstance(value, list)),
}


def default_booking_fields() -> list[JsonObject]:
    """The system fields every Cal.com event type has (database shape: ``name``, ``editable``)."""
    return [
        {"name": "name", "type": "name", "label": "Your name", "required": True, "editable": "system"},
        {"name": "email", "type": "email", "label": "Email address", "required": True, "editable": "system"},
        {
            "name": "notes",
            "type": "textarea",
            "label": "Additional notes",
            "required": False,
            "editable": "system-but-optional",
        },
        {
            "name": "guests",
            "type": "multiemail",
            "label": "Add guests",
            "required": False,
            "editable": "system-but-optional",
        },
    ]


@dataclass
class EventType:
    """One bookable event type of a host; ``starts`` are the UTC starts its schedule offers."""

    id: int
    slug: str
    owner: str
    owner_id: int
    title: str
    length: int
    requires_confirmation: bool
    booking_fields: list[JsonObject]
    organization: str | None = None
    starts: set[datetime] = field(default_factory=set)


@dataclass(frozen=True)
class Booking:
    """A booking the replica made (``source`` is ``"v2"`` or ``"web"``, the route that made it)."""

    id: int
    uid: str
    event_type_id: int
    owner: str
    start: datetime
    end: datetime
    attendee_name: str
    attendee_email: str
    attendee_time_zone: str
    status: BookingStatus
    created: datetime
    responses: Mapping[str, object] = field(default_factory=dict)
    metadata: Mapping[str, object] = field(default_factory=dict)
    guests: tuple[str, ...] = ()
    source: str = "v2"


class _Refusal(Exception):
    """A request the replica refuses, carrying the answer to send."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


_EXCEPTION_NAMES = {
    400: ("BadRequestException", "Bad Request"),
    404: ("NotFoundException", "Not Found"),
    429: ("ThrottlerException", "Too Many Requests"),
    500: ("InternalServerErrorException", "Internal Server Error"),
}


def _v2_error(status: int, message: str, path: str, headers: Mapping[str, str] | None = None) -> Answer:
    """NestJS's HttpExceptionFilter envelope as Cal.com's v2 API sends it."""
    code, phrase = _EXCEPTION_NAMES.get(status, ("HttpException", "Error"))
    error = {
        "code": code,
        "message": message,
        "details": {"message": message, "error": phrase, "statusCode": status},
    }
    payload = {"status": "error", "timestamp": _utc_iso(datetime.now(UTC)), "path": path, "error": error}
    return json_answer(status, payload, headers)


def _refuse(status: int, message: str, path: str) -> _Refusal:
    return _Refusal(_v2_error(status, message, path))


def _utc_iso(moment: datetime) -> str:
    """``2026-03-10T09:00:00.000Z``, JavaScript's ``toISOString`` form."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _zoned_iso(moment: datetime, zone: ZoneInfo) -> str:
    """``2026-03-10T10:00:00.000+01:00``: the instant written in ``zone`` with its offset."""
    local = moment.astimezone(zone)
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%dT%H:%M:%S.000") + f"{offset[:3]}:{offset[3:]}"


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("time zone-aware datetime required")
    return moment.astimezone(UTC)


def _parse_moment(text: object, *, end_of_day: bool = False) -> datetime | None:
    """An ISO date or date-time (naive taken as UTC); a bare date is its day's start, or its end."""
    if not isinstance(text, str):
        return None
    try:
        if _DATE_ONLY.match(text):
            day = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
            return day + timedelta(days=1) if end_of_day else day
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _zone(name: object) -> ZoneInfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


class CalcomReplica(ReplicaServer):
    """Cal.com's public API on ``127.0.0.1``: configure event types and offers, then point clients at it.

    All state sits behind one lock, so the check that a start is free and the booking that takes it are
    one step: concurrent identical POSTs yield exactly one booking, as Cal.com's idempotency key ensures.
    """

    name = "calcom"
    stands_for = "https://api.cal.com"
    methods = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})

    def __init__(
        self,
        port: int = 0,
        *,
        hang_seconds: float = 30.0,
        latency_seconds: float = 0.0,
        now: Callable[[], datetime] | None = None,
        web_only: bool = False,
    ) -> None:
        super().__init__(port, now=now)
        self.hang_seconds = hang_seconds
        # A self-hosted instance that ships the web app only: the public API (/v2/...) answers 404.
        self.web_only = web_only
        self.latency_seconds = latency_seconds
        # ``scenario`` (the base's) plays the web booker's awkward cases; reset() restores the defaults.
        self._event_types: dict[int, EventType] = {}
        self._user_ids: dict[str, int] = {}
        self._bookings: list[Booking] = []
        self._taken_elsewhere: list[tuple[str, datetime, datetime]] = []  # (owner, start, end)
        self._failures: list[str] = []
        self._next_event_type_id = 1001
        self._next_booking_id = 5001

    # --- configuration ---------------------------------------------------------------------------

    def add_event_type(
        self,
        username: str,
        slug: str,
        *,
        length: int = 30,
        starts: Iterable[datetime] = (),
        requires_confirmation: bool = False,
        extra_required_fields: Iterable[str | Mapping[str, object]] = (),
        title: str | None = None,
        organization: str | None = None,
    ) -> EventType:
        """Create an event type; extra fields are names (required text fields) or Cal.com field dicts."""
        fields = default_booking_fields()
        for extra in extra_required_fields:
            if isinstance(extra, str):
                spec: JsonObject = {"name": extra, "type": "text", "label": extra.title(), "required": True}
            else:
                spec = {"type": "text", "required": True, **dict(extra)}
                spec.setdefault("label", str(spec["name"]).title())
            spec.setdefault("editable", "user")
            fields.append(spec)
        with self._lock:
            owner_id = self._user_ids.setdefault(username, 101 + len(self._user_ids))
            if any(e.owner == username and e.slug == slug for e in self._event_types.values()):
                raise ValueError(f"{username}/{slug} already exists")
            event = EventType(
                id=self._next_event_type_id,
                slug=slug,
                owner=username,
                owner_id=owner_id,
                title=title or slug.replace("-", " ").title(),
                length=length,
                requires_confirmation=requires_confirmation,
                booking_fields=fields,
                organization=organization,
                starts={_utc(start) for start in starts},
            )
            self._next_event_type_id += 1
            self._event_types[event.id] = event
            return copy.deepcopy(event)

    def offer(self, username: str, slug: str, starts: Iterable[datetime]) -> None:
        """Add ``starts`` (aware datetimes) to the schedule of ``username``'s event type ``slug``."""
        with self._lock:
            event = self._find(username, slug, None)
            if event is None:
                raise KeyError(f"no event type {username}/{slug}")
            event.starts.update(_utc(start) for start in starts)

    def fail_next(self, kind: str, count: int = 1) -> None:
        """Make the next ``count`` requests of the matching route fail as ``kind`` (see FAILURE_KINDS)."""
        if kind not in FAILURE_KINDS:
            raise ValueError(f"unknown failure kind {kind!r}; known: {', '.join(sorted(FAILURE_KINDS))}")
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._failures.extend([kind] * count)

    def _forget(self) -> None:
        """Bookings, times taken elsewhere, pending failures and the page scenario (back to the happy path);
        event types and offers stay."""
        self.scenario = PageScenario()
        self._taken_elsewhere.clear()
        self._bookings.clear()
        self._failures.clear()

    # --- introspection ---------------------------------------------------------------------------

    def bookings(self) -> list[Booking]:
        """Copies of the bookings made, oldest first."""
        with self._lock:
            return copy.deepcopy(self._bookings)

    def pending_failures(self) -> list[str]:
        with self._lock:
            return list(self._failures)

    def event_types(self) -> list[EventType]:
        with self._lock:
            return copy.deepcopy(list(self._event_types.values()))

    # --- routing ---------------------------------------------------------------------------------

    def handle(self, request: ReplicaRequest) -> Answer:
        method, target, headers, body = request.method, request.target, request.headers, request.body
        parts = urlsplit(target)
        path = parts.path.rstrip("/") or "/"
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        if not path.startswith("/_replica/"):  # the log is of API traffic, not of the replica's admin
            self._log(method, target)
        try:
            if self.web_only and path.startswith("/v2/"):
                return _v2_error(404, f"Cannot {method} {parts.path}", target)
            if path == "/v2/slots" and method == "GET":
                return self._slots(target, query, headers)
            if path == "/v2/event-types" and method == "GET":
                return self._event_types_answer(target, query)
            if path == "/v2/bookings" and method == "POST":
                return self._book_v2(target, headers, body)
            if path.startswith("/v2/bookings/") and method == "GET":
                return self._get_booking(target, path.removeprefix("/v2/bookings/"))
            if path == "/api/trpc/slots/getSchedule" and method == "GET":
                return self._trpc_schedule(query)
            if path == "/api/book/event" and method == "POST":
                return self._book_web(body)
            if path.startswith("/_replica/"):
                return self._admin(method, path.removeprefix("/_replica/"), body)
            if method == "GET" and (page := self._web_page(path, query)) is not None:
                return page
        except _Refusal as refusal:
            return refusal.answer
        return _v2_error(404, f"Cannot {method} {parts.path}", target)

    def too_large(self, request: ReplicaRequest) -> Answer:
        return _v2_error(413, "Request body too large", request.target)

    def _take_failure(self, kinds: frozenset[str]) -> str | None:
        with self._lock:
            for index, kind in enumerate(self._failures):
                if kind in kinds:
                    return self._failures.pop(index)
        return None

    def _find(self, username: str | None, slug: str | None, event_id: int | None) -> EventType | None:
        """Caller holds the lock."""
        if event_id is not None:
            return self._event_types.get(event_id)
        return next(
            (e for e in self._event_types.values() if e.owner == username and e.slug == slug),
            None,
        )

    def _taken(self, event: EventType, start: datetime) -> bool:
        """Whether the host already has a booking overlapping ``start``; caller holds the lock."""
        end = start + timedelta(minutes=event.length)
        booked = any(b.owner == event.owner and b.start < end and start < b.end for b in self._bookings)
        return booked or any(
            owner == event.owner and taken < end and start < until
            for owner, taken, until in self._taken_elsewhere
        )

    def _take_elsewhere(self, event: EventType, start: datetime) -> None:
        """Someone else books ``start`` (the slot-taken scenario); caller holds the lock."""
        if start in event.starts and not self._taken(event, start):
            self._taken_elsewhere.append((event.owner, start, start + timedelta(minutes=event.length)))

    def _free_starts(self, event: EventType, start: datetime, end: datetime) -> list[datetime]:
        """Offered starts in ``[start, end)``, not past and not taken; caller holds the lock."""
        now = self._now()
        return sorted(s for s in event.starts if start <= s < end and s > now and not self._taken(event, s))

    # --- GET /v2/slots ---------------------------------------------------------------------------

    def _slots(self, target: str, query: Mapping[str, str], headers: Mapping[str, str]) -> Answer:
        failure = self._take_failure(SLOT_FAILURES)
        if failure == "slots_server_error":
            return _v2_error(500, "Something went wrong. Please try again later.", target)
        if failure == "slots_rate_limit":
            return _rate_limited(target)
        start = _parse_moment(query.get("start"))
        end = _parse_moment(query.get("end"), end_of_day=True)
        if start is None or end is None:
            raise _refuse(400, "start and end must be valid ISO 8601 dates or date-times in UTC", target)
        zone = _zone(query.get("timeZone") or "UTC")
        if zone is None:
            raise _refuse(400, "timeZone must be a valid IANA time zone", target)
        with self._lock:
            event = self._slot_event(target, query)
            free = self._free_starts(event, start, end)
            length = event.length
        days: dict[str, list[JsonObject]] = {}
        modern = headers.get("cal-api-version") == SLOTS_API_VERSION
        for moment in free:
            day = moment.astimezone(zone).date().isoformat()
            if modern:
                entry: JsonObject = {"start": _zoned_iso(moment, zone)}
                if query.get("slotFormat") == "range":
                    entry["end"] = _zoned_iso(moment + timedelta(minutes=length), zone)
            else:  # older version's shape, served when the header is missing (assumed)
                entry = {"time": _zoned_iso(moment, zone)}
            days.setdefault(day, []).append(entry)
        return json_answer(200, {"status": "success", "data": days if modern else {"slots": days}})

    def _slot_event(self, target: str, query: Mapping[str, str]) -> EventType:
        """The event type a slot query names; caller holds the lock."""
        if query.get("eventTypeId"):
            event_id = _int(query["eventTypeId"])
            if event_id is None:
                raise _refuse(400, "eventTypeId must be an integer number", target)
            event = self._find(None, None, event_id)
            if event is None:
                raise _refuse(404, f"Event type with id {event_id} not found", target)
            return event
        slug, username = query.get("eventTypeSlug"), query.get("username")
        if query.get("teamSlug") and slug:
            raise _refuse(404, f"Team with slug {query['teamSlug']} not found", target)
        if not slug or not username:
            raise _refuse(
                400,
                "Provide eventTypeId, or eventTypeSlug with username (or teamSlug), or usernames",
                target,
            )
        event = self._find(username, slug, None)
        if event is None or event.organization != (query.get("organizationSlug") or None):
            raise _refuse(404, f"Event type with slug {slug} not found", target)
        return event

    # --- GET /v2/event-types ---------------------------------------------------------------------

    def _event_types_answer(self, target: str, query: Mapping[str, str]) -> Answer:
        username, slug = query.get("username"), query.get("eventSlug")
        if not username:
            raise _refuse(400, "username is required when not authenticated", target)
        with self._lock:
            if username not in self._user_ids:
                raise _refuse(404, f"User with username {username} not found", target)
            found = [
                _event_type_output(e)
                for e in self._event_types.values()
                if e.owner == username and (not slug or e.slug == slug)
            ]
        return json_answer(200, {"status": "success", "data": found})

    # --- POST /v2/bookings -----------------------------------------------------------------------

    def _book_v2(self, target: str, headers: Mapping[str, str], raw: bytes) -> Answer:
        with self._lock:
            self._submissions += 1
        failure = self._take_failure(BOOKING_FAILURES)
        if failure == "server_error":
            return _v2_error(500, "Something went wrong. Please try again later.", target)
        if failure == "bad_gateway":
            page = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
            return Answer(502, page, {"Content-Type": "text/html"})
        if failure == "rate_limit":
            return _rate_limited(target)
        try:
            answer = self._create_v2(target, headers, raw)
        except _Refusal as refusal:
            answer = refusal.answer
        answer.hang = failure == "timeout_after_commit"
        answer.drop = failure == "drop_after_commit"
        return answer

    def _create_v2(self, target: str, headers: Mapping[str, str], raw: bytes) -> Answer:
        version = headers.get("cal-api-version")
        if version not in BOOKINGS_API_VERSIONS:
            raise _refuse(
                400,
                f"cal-api-version {version!r} selects an older booking input (responses/startTime) that "
                "this replica does not model; send cal-api-version: 2024-08-13",
                target,
            )
        body = _object_body(raw, target)
        start = _parse_moment(body.get("start"))
        if start is None or _DATE_ONLY.match(str(body.get("start"))):
            raise _refuse(400, "start must be a valid ISO 8601 date-time string", target)
        attendee = body.get("attendee")
        if not isinstance(attendee, dict):
            raise _refuse(400, "attendee must be an object", target)
        name, email, zone = attendee.get("name"), attendee.get("email"), attendee.get("timeZone")
        problems = [
            message
            for ok, message in (
                (isinstance(name, str) and name.strip(), "attendee.name must be a string"),
                (isinstance(email, str) and _EMAIL.match(email), "attendee.email must be an email"),
                (_zone(zone) is not None, "attendee.timeZone must be a valid IANA time zone"),
            )
            if not ok
        ]
        responses = body.get("bookingFieldsResponses", {})
        if not isinstance(responses, dict):
            problems.append("bookingFieldsResponses must be an object")
        metadata = body.get("metadata", {})
        problems += _metadata_problems(metadata)
        guests = body.get("guests", [])
        if not isinstance(guests, list) or not all(isinstance(g, str) and _EMAIL.match(g) for g in guests):
            problems.append("each value in guests must be an email")
        if problems:
            raise _refuse(400, "; ".join(problems), target)
        if not isinstance(name, str) or not isinstance(email, str) or not isinstance(zone, str):
            raise _refuse(400, "attendee must have name, email and timeZone", target)  # narrows the types
        with self._lock:
            event = self._booked_event(target, body)
            _check_fields(target, event, responses)
            length = body.get("lengthInMinutes")
            if length is not None and length != event.length:
                raise _refuse(
                    400,
                    f"lengthInMinutes {length} is not allowed: event type {event.id} has no multiple durations",
                    target,
                )
            booking = self._commit(event, start, name, email, zone, responses, metadata, guests, "v2")
            if booking is None:
                raise _refuse(400, self._slot_refusal(start), target)
            output = self._booking_output(booking)
        return json_answer(201, {"status": "success", "data": output})

    def _slot_refusal(self, start: datetime) -> str:
        return "Attempting to book a meeting in the past." if start <= self._now() else SLOT_UNAVAILABLE

    def _booked_event(self, target: str, body: Mapping[str, object]) -> EventType:
        """The event type a booking body names (caller holds the lock), as ``getBookedEventType`` finds it."""
        raw_id, slug, username = body.get("eventTypeId"), body.get("eventTypeSlug"), body.get("username")
        organization = body.get("organizationSlug")
        if raw_id is not None:
            if not isinstance(raw_id, int) or isinstance(raw_id, bool):
                raise _refuse(400, "eventTypeId must be an integer number", target)
            event = self._find(None, None, raw_id)
            if event is None:
                raise _refuse(404, f"Event type with id {raw_id} not found.", target)
            return event
        if isinstance(slug, str) and isinstance(username, str):
            if username not in self._user_ids:
                raise _refuse(404, f"User with username {username} not found", target)
            event = self._find(username, slug, None)
            if event is None or event.organization != (organization or None):
                within = f" within organization {organization}" if organization else ""
                raise _refuse(
                    404,
                    f"Event type with slug {slug} belonging to user {username}{within} not found.",
                    target,
                )
            return event
        if isinstance(slug, str) and isinstance(body.get("teamSlug"), str):
            raise _refuse(404, f"Team with slug {body['teamSlug']} not found", target)
        raise _refuse(
            400, "Provide eventTypeId, or eventTypeSlug with username, or eventTypeSlug with teamSlug", target
        )

    def _commit(
        self,
        event: EventType,
        start: datetime,
        name: str,
        email: str,
        zone: str,
        responses: Mapping[str, object],
        metadata: object,
        guests: list[str],
        source: str,
    ) -> Booking | None:
        """Book ``start`` if it is offered, future and free; caller holds the lock (check and take are one)."""
        if start not in event.starts or start <= self._now() or self._taken(event, start):
            return None
        booking = Booking(
            id=self._next_booking_id,
            uid=str(uuid.uuid4()).replace("-", "")[:22],
            event_type_id=event.id,
            owner=event.owner,
            start=start,
            end=start + timedelta(minutes=event.length),
            attendee_name=name,
            attendee_email=email,
            attendee_time_zone=zone,
            status="pending" if event.requires_confirmation else "accepted",
            created=self._now(),
            responses=copy.deepcopy(dict(responses)),
            metadata=copy.deepcopy(dict(metadata)) if isinstance(metadata, dict) else {},
            guests=tuple(guests),
            source=source,
        )
        self._next_booking_id += 1
        self._bookings.append(booking)
        return booking

    def _booking_output(self, booking: Booking) -> JsonObject:
        """``BookingOutput_2024_08_13``; caller holds the lock."""
        event = self._event_types[booking.event_type_id]
        responses = {"name": booking.attendee_name, "email": booking.attendee_email, **booking.responses}
        if booking.guests:
            responses["guests"] = list(booking.guests)
        return {
            "id": booking.id,
            "uid": booking.uid,
            "title": f"{event.title} between {event.owner} and {booking.attendee_name}",
            "description": str(booking.responses.get("notes", "")),
            "hosts": [
                {"id": event.owner_id, "name": event.owner, "username": event.owner, "timeZone": "UTC"}
            ],
            "status": booking.status,
            "start": _utc_iso(booking.start),
            "end": _utc_iso(booking.end),
            "duration": event.length,
            "eventTypeId": event.id,
            "eventType": {"id": event.id, "slug": event.slug},
            "location": "integrations:daily",
            "absentHost": False,
            "createdAt": _utc_iso(booking.created),
            "attendees": [
                {
                    "name": booking.attendee_name,
                    "email": booking.attendee_email,
                    "timeZone": booking.attendee_time_zone,
                    "language": "en",
                    "absent": False,
                }
            ],
            "guests": list(booking.guests),
            "bookingFieldsResponses": responses,
            "metadata": dict(booking.metadata),
        }

    # --- GET /v2/bookings/{uid} ------------------------------------------------------------------

    def _get_booking(self, target: str, uid: str) -> Answer:
        with self._lock:
            booking = next((b for b in self._bookings if b.uid == uid), None)
            if booking is None:
                raise _refuse(404, f"Booking with uid={uid} was not found in the database", target)
            return json_answer(200, {"status": "success", "data": self._booking_output(booking)})

    # --- self-hosted web routes ------------------------------------------------------------------

    def _trpc_schedule(self, query: Mapping[str, str]) -> Answer:
        """tRPC's ``slots.getSchedule``: errors come back as HTTP 200 with an ``error`` member."""
        try:
            envelope = json.loads(query.get("input", ""))
            args = envelope["json"]
            start = _parse_moment(args["startTime"])
            end = _parse_moment(args["endTime"])
            zone = _zone(args.get("timeZone") or "UTC")
        except (ValueError, KeyError, TypeError):
            return _trpc_error("Invalid input", "BAD_REQUEST", 400, -32600)
        if start is None or end is None or zone is None:
            return _trpc_error("Invalid input", "BAD_REQUEST", 400, -32600)
        with self._lock:
            if args.get("isTeamEvent"):
                return _trpc_error("Team not found", "NOT_FOUND", 404, -32004)
            event_id = args.get("eventTypeId")
            if isinstance(event_id, int):
                event = self._find(None, None, event_id)
            else:
                users = args.get("usernameList") or []
                username = (
                    users[0] if isinstance(users, list) and users and isinstance(users[0], str) else None
                )
                if username is None or username not in self._user_ids:
                    return _trpc_error("User(s) not found", "NOT_FOUND", 404, -32004)
                event = self._find(username, args.get("eventTypeSlug"), None)
            if event is None:
                return _trpc_error("Event type not found", "NOT_FOUND", 404, -32004)
            free = self._free_starts(event, start, end)
        days: dict[str, list[JsonObject]] = {}
        for moment in free:
            days.setdefault(moment.astimezone(zone).date().isoformat(), []).append({"time": _utc_iso(moment)})
        return json_answer(200, {"result": {"data": {"json": {"slots": days}}}})

    def _web_page(self, path: str, query: Mapping[str, str]) -> Answer | None:
        """The booker page ``/{user}/{slug}``, the page ``/booking/{uid}`` and the sign-in page (HTML)."""
        target, uid = calcom_booker.page_target(path), calcom_booker.booking_target(path)
        if calcom_booker.is_sign_in(path):
            return html_answer(200, calcom_booker.sign_in_page())
        if target is None and uid is None:
            return None
        with self._lock:
            scenario, now = self.scenario, self._now()
            if target is not None:
                event = self._find(*target, None)
                slot = _parse_moment(query.get("slot"))
                if event is not None and scenario.slot_taken_before_submit and slot is not None:
                    self._take_elsewhere(event, slot)
                booking = None
            else:
                booking = next((b for b in self._bookings if b.uid == uid), None)
                event = self._event_types[booking.event_type_id] if booking else None
            event = copy.deepcopy(event)
        if event is None:
            return html_answer(404, calcom_booker.not_found_page())
        if booking is None:
            return html_answer(200, calcom_booker.booker_page(event, scenario, now))
        return html_answer(200, calcom_booker.booking_page(event, booking, scenario, now))

    def _book_web(self, raw: bytes) -> Answer:
        """The web booker's ``/api/book/event``: ErrorCode strings as ``{"message"}`` with their status."""
        with self._lock:
            self._submissions += 1
            scenario = self.scenario
        if scenario.confirm_delay and self._wait(scenario.confirm_delay):
            return Answer(503, drop=True)  # stopping: release the caller at once
        try:
            body = json.loads(raw)
        except ValueError:
            return json_answer(400, {"message": "Invalid JSON"})
        if not isinstance(body, dict):
            return json_answer(400, {"message": "Invalid JSON"})
        refusal = calcom_booker.captcha_refusal(scenario, body)
        if refusal is not None:
            return json_answer(refusal[0], {"message": refusal[1]})
        responses = body.get("responses")
        start = _parse_moment(body.get("start"))
        zone = body.get("timeZone")
        if not isinstance(responses, dict) or start is None or _zone(zone) is None:
            return json_answer(400, {"message": "invalid_type in 'responses, start or timeZone': Required"})
        with self._lock:
            raw_id, user, slug = body.get("eventTypeId"), body.get("user"), body.get("eventTypeSlug")
            if isinstance(raw_id, int):
                event = self._find(None, None, raw_id)
            else:
                event = (
                    self._find(user, slug, None) if isinstance(user, str) and isinstance(slug, str) else None
                )
            if event is None:
                return json_answer(404, {"message": "event_type_not_found_error"})
            for spec in [*event.booking_fields, *calcom_booker.scenario_fields(scenario)]:
                value = responses.get(str(spec["name"]))
                if spec.get("required") and (value is None or value == ""):
                    return json_answer(400, {"message": f"{{{spec['name']}}}error_required_field"})
            name, email = responses.get("name"), responses.get("email")
            if not isinstance(name, str) or not isinstance(email, str) or not _EMAIL.match(email):
                return json_answer(400, {"message": "{email}invalid_email"})
            refusal = calcom_booker.gate_refusal(scenario, body)
            if refusal is not None:
                return json_answer(refusal[0], {"message": refusal[1]})
            if scenario.slot_taken_before_submit:
                self._take_elsewhere(event, start)
            assert isinstance(zone, str)
            extra = {k: v for k, v in responses.items() if k not in ("name", "email", "guests")}
            guests = [g for g in responses.get("guests") or [] if isinstance(g, str)]
            booking = self._commit(
                event, start, name, email, zone, extra, body.get("metadata"), guests, "web"
            )
            if booking is None:
                return json_answer(409, {"message": NO_AVAILABLE_USERS})
        answer = json_answer(
            200,
            {
                "id": booking.id,
                "uid": booking.uid,
                "status": booking.status.upper(),
                "startTime": _utc_iso(booking.start),
                "endTime": _utc_iso(booking.end),
                "eventTypeId": booking.event_type_id,
            },
        )
        answer.drop = scenario.drop_after_submit  # booked, then the connection closes unanswered
        return answer

    # --- /_replica/* -----------------------------------------------------------------------------

    def _admin(self, method: str, action: str, raw: bytes) -> Answer:
        if method == "GET" and action == "state":
            return json_answer(200, self.state())
        if method == "POST" and action == "reset":
            self.reset()
            return json_answer(200, {"status": "success"})
        if method == "POST" and action == "fail":
            body = _object_body(raw, "/_replica/fail")
            count = body.get("count", 1)
            if not isinstance(count, int) or isinstance(count, bool):
                raise _refuse(400, "count must be an integer", "/_replica/fail")
            try:
                self.fail_next(str(body.get("kind")), count)
            except ValueError as error:
                raise _refuse(400, str(error), "/_replica/fail") from error
            return json_answer(200, {"status": "success", "data": {"pending": self.pending_failures()}})
        raise _refuse(404, f"Cannot {method} /_replica/{action}", f"/_replica/{action}")

    def state(self) -> JsonObject:
        """Bookings (v2 output shape plus ``source``), submissions, request log and pending failures."""
        with self._lock:
            return {
                "bookings": [{**self._booking_output(b), "source": b.source} for b in self._bookings],
                "submissions": self._submissions,
                "requests": [
                    {"method": r.method, "path": r.path, "at": _utc_iso(r.at)} for r in self._requests
                ],
                "pendingFailures": list(self._failures),
            }


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _object_body(raw: bytes, target: str) -> JsonObject:
    try:
        body = json.loads(raw) if raw else None
    except ValueError as error:
        raise _refuse(400, "Request body is not valid JSON", target) from error
    if not isinstance(body, dict):
        raise _refuse(400, "Request body must be a JSON object", target)
    return body


def _metadata_problems(metadata: object) -> list[str]:
    """Cal.com's documented metadata limits: ≤50 keys, keys ≤40 characters, string values ≤500."""
    if not isinstance(metadata, dict):
        return ["metadata must be an object"]
    problems = []
    if len(metadata) > 50:
        problems.append("metadata can have at most 50 keys")
    if any(len(key) > 40 for key in metadata):
        problems.append("metadata keys can be at most 40 characters")
    if any(isinstance(value, str) and len(value) > 500 for value in metadata.values()):
        problems.append("metadata string values can be at most 500 characters")
    return problems


def _check_fields(target: str, event: EventType, responses: Mapping[str, object]) -> None:
    """``hasRequiredBookingFieldsResponses``: custom fields must be present and of their JSON type."""
    for spec in event.booking_fields:
        if str(spec.get("editable", "user")).startswith("system"):
            continue
        name = str(spec["name"])
        value = responses.get(name)
        if spec.get("required") and value is None:
            raise _refuse(
                400,
                f"Missing required booking field response: {name} - it is required by the event type "
                "booking fields, but missing in the bookingFieldsResponses. You can fetch the event type "
                f"with ID {event.id} to see the required fields.",
                target,
            )
        expected = _JSON_TYPES.get(str(spec.get("type")))
        if value is not None and expected is not None and not expected[1](value):
            received = "array" if isinstance(value, list) else type(value).__name__
            raise _refuse(
                400,
                f"Invalid type for booking field '{name}'. Expected type {expected[0]} (compatible with "
                f"field type '{spec.get('type')}'), but received {received}.",
                target,
            )


def _event_type_output(event: EventType) -> JsonObject:
    """``EventTypeOutput_2024_06_14`` (the parts a booker needs)."""
    fields = []
    for spec in event.booking_fields:
        system = str(spec.get("editable", "user")).startswith("system")
        output = {k: v for k, v in spec.items() if k not in ("name", "editable")}
        output.update(slug=spec["name"], isDefault=system, hidden=bool(spec.get("hidden", False)))
        if not system or spec["name"] not in ("name", "email"):
            output.setdefault("disableOnPrefill", False)
        fields.append(output)
    policy: JsonObject = (
        {"type": "always", "blockUnconfirmedBookingsInBooker": True, "disabled": False}
        if event.requires_confirmation
        else {"disabled": True}
    )
    return {
        "id": event.id,
        "ownerId": event.owner_id,
        "lengthInMinutes": event.length,
        "title": event.title,
        "slug": event.slug,
        "description": "",
        "locations": [{"type": "integration", "integration": "cal-video"}],
        "bookingFields": fields,
        "disableGuests": False,
        "recurrence": None,
        "metadata": {},
        "price": 0,
        "currency": "usd",
        "lockTimeZoneToggleOnBookingPage": False,
        "seatsPerTimeSlot": None,
        "forwardParamsSuccessRedirect": None,
        "successRedirectUrl": None,
        "isInstantEvent": False,
        "scheduleId": None,
        "hidden": False,
        "bookingRequiresAuthentication": False,
        "confirmationPolicy": policy,
        "requiresConfirmation": event.requires_confirmation,
        "users": [
            {
                "id": event.owner_id,
                "name": event.owner,
                "username": event.owner,
                "avatarUrl": None,
                "weekStart": "Monday",
                "brandColor": None,
                "darkBrandColor": None,
                "metadata": {},
            }
        ],
    }


def _rate_limited(target: str) -> Answer:
    headers = {
        "Retry-After": "2",
        "X-RateLimit-Limit-Default": "120",
        "X-RateLimit-Remaining-Default": "0",
        "X-RateLimit-Reset-Default": "2",
    }
    return _v2_error(429, "ThrottlerException: Too Many Requests", target, headers)


def _trpc_error(message: str, code: str, http_status: int, number: int) -> Answer:
    data = {"code": code, "httpStatus": http_status, "path": "slots.getSchedule"}
    return json_answer(200, {"error": {"json": {"message": message, "code": number, "data": data}}})


__all__ = [
    "BOOKINGS_API_VERSIONS",
    "BOOKING_FAILURES",
    "FAILURE_KINDS",
    "NO_AVAILABLE_USERS",
    "SLOTS_API_VERSION",
    "SLOT_FAILURES",
    "SLOT_UNAVAILABLE",
    "Booking",
    "CalcomReplica",
    "EventType",
    "RequestRecord",
    "default_booking_fields",
]
