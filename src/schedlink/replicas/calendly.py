"""A local replica of Calendly's public booking page and the internal JSON endpoints it calls.

The product maps ``calendly.com`` to :attr:`CalendlyReplica.origin`, so a browser loads
``https://calendly.com/{owner}/{event}`` and the replica sees the plain paths: the page itself (one
self-contained single-page app, rendered client-side from the JSON endpoints, as Calendly's is) and the
endpoints the page and the product's slot reader call. Tests use it; it is never used against the real
provider.

Endpoints
    ``GET  /{owner}/{event}``                                  the booking page, calendar view
    ``GET  /{owner}/{event}/{local ISO start}?month=&date=``   slot deep link: the details form
    ``GET  /{owner}/{event}/invitees/{uuid}``                  the confirmation, after a booking
    ``GET  /api/booking/event_types/lookup``                   ``?event_type_slug=&profile_slug=``
    ``GET  /api/booking/event_types/{uuid}/calendar/range``    a range's days and spots
    ``GET  /api/booking/event_types/{uuid}/booking_form``      the details form's questions
    ``POST /api/booking/invitees``                             book as invitee
    ``GET  /api/booking/invitees/{uuid}``                      one booking
    ``GET  /_replica/state`` ``POST /_replica/reset``          replica-only admin

What follows Calendly as public scripts and captures show it (providers.md §2.3–§2.5):
    * the lookup answer (``uuid``, ``scheduling_link.uid``) and the range query (``timezone``,
      ``diagnostics=false``, inclusive ``range_start``/``range_end``, optional ``scheduling_link_uuid``)
      answered as ``{"days":[{"date","status","spots":[{"status":"available","start_time",
      "invitees_remaining":1}]}]}``, days grouped by local date and times written with the zone's offset;
    * the booking body of the page (``event.start_time`` with an offset, ``event_fields``,
      ``event_type_uuid``, ``invitee{timezone, full_name, email}``, ``recaptcha_token``…), a taken start
      refused with ``details[].code == "already_filled"`` and a refused captcha with
      ``{"message":"recaptcha_challenge_required"}``;
    * the notes question "Please share anything that will help prepare for our meeting.";
    * the page's selectors (``data-testid="calendar"``/``"title"``/``"calendar-table"``, month buttons
      ``aria-label="Go to next month"``, day buttons ``"{Month} {D} - Times available"``, the times list
      ``data-component="spotpicker-times-list"`` of ``role="listitem"`` holding
      ``button[data-container="time-button"][data-start-time="9:30am"]`` and its ``"Next 9:30am"`` sibling,
      ``#full_name_input``, ``#email_input``, ``question_N``, "Schedule Event", "You are scheduled", the
      OneTrust banner's ``#accept-recommended-btn-handler``), the deep link and its ``month``/``date``
      hints, and the ``name``/``email``/``first_name``/``last_name``/``aN`` prefill parameters.

What is assumed (no source found; plausible, kept simple):
    * the ``booking_form`` endpoint (the page reads its questions there before showing the form) and the
      ``today``/``availability_timezone`` members of the range answer;
    * the wording and shape of other refusals: 404 ``{"message":"Not Found"}``, 400 for a bad zone,
      range (more than 31 days), scheduling link, invitee or start, 400 naming an unanswered required
      question, 400 ``payment_required``, 401 for the sign-in wall; success is 200 with ``uuid``,
      ``event{start_time,end_time}`` (in the invitee's zone) and ``invitee``;
    * a host's event types share one calendar: a booking blocks every start of that owner it overlaps;
    * the email-code step answers 200 ``{"email_verification_required": true}`` and books nothing;
    * page texts other than those above ("Select a Date & Time", "Enter Details", "Can't be blank", …).
"""

from __future__ import annotations

import copy
import json
import re
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schedlink.replicas.page_scenario import PageBooking, PageScenario
from schedlink.replicas.server import (
    Answer,
    ReplicaRequest,
    ReplicaServer,
    RequestRecord,
    html_answer,
    json_answer,
)

NOTES_QUESTION = "Please share anything that will help prepare for our meeting."
SLOT_GONE = "Sorry, that time is no longer available."
RECAPTCHA_REQUIRED = "recaptcha_challenge_required"
EMAIL_CODE_PROMPT = "Enter the code we sent to your email"
MAX_RANGE_DAYS = 31

JsonObject = dict[str, Any]

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_EVENT_TYPE_PATH = re.compile(r"^/api/booking/event_types/([^/]+)/(calendar/range|booking_form)$")
_INVITEE_PATH = re.compile(r"^/api/booking/invitees/([^/]+)$")
_LINK_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


@dataclass
class EventType:
    """One event type of an owner; ``starts`` are the UTC starts its schedule offers."""

    uuid: str
    owner: str
    slug: str
    title: str
    length: int
    scheduling_link: str
    notes_field_id: int
    required_field_id: int
    starts: set[datetime] = field(default_factory=set)


@dataclass
class _Booked:
    """A booking with what the page booked it on; the host's view is ``booking``."""

    booking: PageBooking
    event_type_uuid: str
    owner: str
    timezone: str
    event_uuid: str


def _not_found() -> Answer:
    return json_answer(404, {"message": "Not Found"})


def _slot_gone() -> Answer:
    return json_answer(400, {"message": SLOT_GONE, "details": [{"code": "already_filled"}]})


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("time zone-aware datetime required")
    return moment.astimezone(UTC)


def _utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _zoned_iso(moment: datetime, zone: ZoneInfo) -> str:
    """``2026-03-12T10:30:00-07:00``: the instant written in ``zone`` with its offset."""
    return moment.astimezone(zone).isoformat(timespec="seconds")


def _parse_start(text: object) -> datetime | None:
    """An ISO date-time with an offset (``Z`` included), in UTC; anything else is ``None``."""
    if not isinstance(text, str) or _DATE_ONLY.match(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return None if moment.tzinfo is None else moment.astimezone(UTC)


def _zone(name: object) -> ZoneInfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _day(text: str | None) -> date | None:
    if text is None or not _DATE_ONLY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _display_name(slug: str) -> str:
    return " ".join(part.capitalize() for part in re.split(r"[-_.]+", slug) if part) or slug


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


class CalendlyReplica(ReplicaServer):
    """Calendly's booking page and its JSON endpoints on ``127.0.0.1``.

    Configure event types and their offered starts, set :attr:`scenario` for the awkward cases, then point
    a browser (or the slot reader) at :attr:`origin`. All state sits behind one lock, so the check that a
    start is free and the booking that takes it are one step: a start is never booked twice.
    """

    name = "calendly"
    stands_for = "https://calendly.com"
    methods = frozenset({"GET", "POST", "PUT", "DELETE"})

    def __init__(self, port: int = 0, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(port, now=now)
        self._event_types: dict[str, EventType] = {}
        self._booked: list[_Booked] = []
        self._held: list[tuple[str, datetime, datetime]] = []  # (owner, start, end) taken by others
        self._next_field_id = 171096387

    # --- configuration ---------------------------------------------------------------------------

    def add_event_type(
        self,
        owner: str,
        slug: str,
        *,
        length: int = 30,
        starts: Iterable[datetime] = (),
        title: str | None = None,
    ) -> EventType:
        """Create ``owner``'s event type ``slug`` offering ``starts`` (aware datetimes); a copy is returned."""
        if length < 1:
            raise ValueError("length must be at least one minute")
        offered = {_utc(start) for start in starts}
        with self._lock:
            if self._find(owner, slug) is not None:
                raise ValueError(f"{owner}/{slug} already exists")
            link = "-".join(
                "".join(secrets.choice(_LINK_ALPHABET) for _ in range(size)) for size in (3, 3, 3)
            )
            event = EventType(
                uuid=str(uuid.uuid4()),
                owner=owner,
                slug=slug,
                title=title or slug.replace("-", " ").title(),
                length=length,
                scheduling_link=link,
                notes_field_id=self._next_field_id,
                required_field_id=self._next_field_id + 1,
                starts=offered,
            )
            self._next_field_id += 2
            self._event_types[event.uuid] = event
            return copy.deepcopy(event)

    def offer(self, owner: str, slug: str, starts: Iterable[datetime]) -> None:
        """Add ``starts`` (aware datetimes) to the schedule of ``owner``'s event type ``slug``."""
        offered = {_utc(start) for start in starts}
        with self._lock:
            event = self._find(owner, slug)
            if event is None:
                raise KeyError(f"no event type {owner}/{slug}")
            event.starts.update(offered)

    def _forget(self) -> None:
        """Bookings and starts taken by others; event types, offers and the scenario stay."""
        self._booked.clear()
        self._held.clear()

    # --- introspection ---------------------------------------------------------------------------

    def bookings(self) -> list[PageBooking]:
        """Copies of the bookings made, oldest first."""
        with self._lock:
            return [copy.deepcopy(record.booking) for record in self._booked]

    def event_types(self) -> list[EventType]:
        with self._lock:
            return copy.deepcopy(list(self._event_types.values()))

    def state(self) -> JsonObject:
        """Bookings, the submission count, starts taken by others and the request log, as JSON."""
        with self._lock:
            return {
                "bookings": [
                    {
                        "uuid": record.booking.id,
                        "event_type_uuid": record.event_type_uuid,
                        "owner": record.owner,
                        "start_time": _utc_iso(record.booking.start),
                        "end_time": _utc_iso(record.booking.end),
                        "full_name": record.booking.name,
                        "email": record.booking.email,
                        "timezone": record.timezone,
                        "answers": copy.deepcopy(record.booking.answers),
                        "notes": record.booking.notes,
                    }
                    for record in self._booked
                ],
                "submissions": self._submissions,
                "taken_by_others": [
                    {"owner": owner, "start_time": _utc_iso(start)} for owner, start, _ in self._held
                ],
                "requests": [
                    {"method": r.method, "path": r.path, "at": _utc_iso(r.at)} for r in self._requests
                ],
            }

    # --- routing ---------------------------------------------------------------------------------

    def handle(self, request: ReplicaRequest) -> Answer:
        method, target, body = request.method, request.target, request.body
        parts = urlsplit(target)
        path = parts.path.rstrip("/") or "/"
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        if path.startswith("/_replica/"):
            return self._admin(method, path.removeprefix("/_replica/"))
        self._log(method, target)
        if path == "/api/booking/invitees":
            return self._book(body) if method == "POST" else _not_found()
        if method != "GET":
            return _not_found()
        if path == "/api/booking/event_types/lookup":
            return self._lookup(query)
        matched = _EVENT_TYPE_PATH.match(path)
        if matched:
            event_type_uuid = unquote(matched.group(1))
            if matched.group(2) == "booking_form":
                return self._booking_form(event_type_uuid, query)
            return self._range(event_type_uuid, query)
        matched = _INVITEE_PATH.match(path)
        if matched:
            return self._get_invitee(unquote(matched.group(1)))
        if path.startswith("/api/"):
            return _not_found()
        return self._page(path)

    def _admin(self, method: str, action: str) -> Answer:
        if method == "GET" and action == "state":
            return json_answer(200, self.state())
        if method == "POST" and action == "reset":
            self.reset()
            return json_answer(200, {"status": "reset"})
        return _not_found()

    def _find(self, owner: str, slug: str) -> EventType | None:
        """The event type at ``/{owner}/{slug}`` (slugs compare case-insensitively); caller holds the lock."""
        owner, slug = owner.casefold(), slug.casefold()
        return next(
            (
                e
                for e in self._event_types.values()
                if e.owner.casefold() == owner and e.slug.casefold() == slug
            ),
            None,
        )

    def _taken(self, event: EventType, start: datetime) -> bool:
        """Whether the owner's calendar already has something overlapping ``start``; caller holds the lock."""
        end = start + timedelta(minutes=event.length)
        owner = event.owner.casefold()
        if any(
            r.owner.casefold() == owner and r.booking.start < end and start < r.booking.end
            for r in self._booked
        ):
            return True
        return any(held.casefold() == owner and s < end and start < e for held, s, e in self._held)

    def _bookable(self, event: EventType, start: datetime) -> bool:
        """Offered, in the future and free; caller holds the lock."""
        return start in event.starts and start > self._now() and not self._taken(event, start)

    # --- GET /api/booking/event_types/lookup -----------------------------------------------------

    def _lookup(self, query: Mapping[str, str]) -> Answer:
        with self._lock:
            event = self._find(query.get("profile_slug", ""), query.get("event_type_slug", ""))
            if event is None:
                return _not_found()
            return json_answer(200, _event_type_output(event))

    # --- GET /api/booking/event_types/{uuid}/calendar/range --------------------------------------

    def _range(self, event_type_uuid: str, query: Mapping[str, str]) -> Answer:
        zone = _zone(query.get("timezone"))
        if zone is None:
            return json_answer(400, {"message": "timezone must be a valid IANA time zone"})
        first, last = _day(query.get("range_start")), _day(query.get("range_end"))
        if first is None or last is None or last < first:
            return json_answer(
                400, {"message": "range_start and range_end must be dates (YYYY-MM-DD), in order"}
            )
        if (last - first).days >= MAX_RANGE_DAYS:
            return json_answer(400, {"message": f"The range can span at most {MAX_RANGE_DAYS} days"})
        with self._lock:
            event = self._event_types.get(event_type_uuid)
            if event is None:
                return _not_found()
            link = query.get("scheduling_link_uuid")
            if link and link != event.scheduling_link:
                return json_answer(
                    400, {"message": "scheduling_link_uuid does not belong to this event type"}
                )
            now = self._now()
            free = sorted(
                s
                for s in event.starts
                if first <= s.astimezone(zone).date() <= last and s > now and not self._taken(event, s)
            )
        by_day: dict[date, list[JsonObject]] = {}
        for start in free:
            spot = {"status": "available", "start_time": _zoned_iso(start, zone), "invitees_remaining": 1}
            by_day.setdefault(start.astimezone(zone).date(), []).append(spot)
        days = []
        day = first
        while day <= last:
            spots = by_day.get(day, [])
            days.append(
                {"date": day.isoformat(), "status": "available" if spots else "unavailable", "spots": spots}
            )
            day += timedelta(days=1)
        payload = {
            "today": now.astimezone(zone).date().isoformat(),
            "availability_timezone": query["timezone"],
            "days": days,
        }
        return json_answer(200, payload)

    # --- GET /api/booking/event_types/{uuid}/booking_form ----------------------------------------

    def _booking_form(self, event_type_uuid: str, query: Mapping[str, str]) -> Answer:
        """The details form's questions; in the slot-taken scenario someone else takes the start now."""
        scenario = self.scenario
        start = _parse_start(query.get("start_time"))
        with self._lock:
            event = self._event_types.get(event_type_uuid)
            if event is None:
                return _not_found()
            answer = json_answer(
                200,
                {
                    "event_type_uuid": event.uuid,
                    "start_time": query.get("start_time"),
                    "event_fields": _event_fields(event, scenario),
                },
            )
            if scenario.slot_taken_before_submit and start is not None and not self._taken(event, start):
                self._held.append((event.owner, start, start + timedelta(minutes=event.length)))
        return answer

    # --- POST /api/booking/invitees --------------------------------------------------------------

    def _book(self, raw: bytes) -> Answer:
        scenario = self.scenario
        with self._lock:
            self._submissions += 1
        answer = self._create(raw, scenario)
        answer.delay = max(0.0, scenario.confirm_delay)
        answer.drop = scenario.drop_after_submit and answer.status == 200
        return answer

    def _create(self, raw: bytes, scenario: PageScenario) -> Answer:
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return json_answer(400, {"message": "The request body must be a JSON object"})
        event_type_uuid = body.get("event_type_uuid")
        with self._lock:
            event = self._event_types.get(event_type_uuid) if isinstance(event_type_uuid, str) else None
        if event is None:
            return _not_found()
        if scenario.sign_in:
            return json_answer(
                401, {"message": "Sign in to continue", "details": [{"code": "sign_in_required"}]}
            )
        if scenario.captcha and not _text(body.get("recaptcha_token")):
            return json_answer(400, {"message": RECAPTCHA_REQUIRED})
        invitee = body.get("invitee")
        if not isinstance(invitee, dict):
            return json_answer(
                400, {"message": "Invitee is invalid", "details": [{"code": "blank", "field": "invitee"}]}
            )
        name = _text(invitee.get("full_name")) or " ".join(
            part for part in (_text(invitee.get("first_name")), _text(invitee.get("last_name"))) if part
        )
        email, zone_name = _text(invitee.get("email")), invitee.get("timezone")
        problems = [
            {"code": code, "field": name_}
            for ok, code, name_ in (
                (bool(name), "blank", "full_name"),
                (bool(_EMAIL.match(email)), "invalid", "email"),
                (_zone(zone_name) is not None, "invalid", "timezone"),
            )
            if not ok
        ]
        if problems:
            return json_answer(400, {"message": "Invitee is invalid", "details": problems})
        assert isinstance(zone_name, str)
        event_part = body.get("event")
        start = _parse_start(event_part.get("start_time") if isinstance(event_part, dict) else None)
        if start is None:
            return json_answer(
                400,
                {
                    "message": "event.start_time must be an ISO 8601 time with an offset",
                    "details": [{"code": "invalid", "field": "start_time"}],
                },
            )
        answers = _answers(body.get("event_fields"))
        notes = answers.pop(NOTES_QUESTION, "")
        question = scenario.required_question
        if question and not answers.get(question, "").strip():
            return json_answer(
                400,
                {
                    "message": f"Please answer the required question: {question}",
                    "details": [{"code": "blank", "field": "question_1", "question": question}],
                },
            )
        payment = body.get("payment_token")
        if scenario.payment and not (isinstance(payment, dict) and payment):
            return json_answer(
                400,
                {
                    "message": "A payment is required to schedule this event.",
                    "details": [{"code": "payment_required"}],
                },
            )
        with self._lock:
            if not self._bookable(event, start):
                return _slot_gone()
            if scenario.email_code:
                return json_answer(200, {"email_verification_required": True, "message": EMAIL_CODE_PROMPT})
            record = _Booked(
                booking=PageBooking(
                    id=str(uuid.uuid4()),
                    start=start,
                    end=start + timedelta(minutes=event.length),
                    name=name,
                    email=email,
                    answers={key: value for key, value in answers.items() if value.strip()},
                    notes=notes,
                ),
                event_type_uuid=event.uuid,
                owner=event.owner,
                timezone=zone_name,
                event_uuid=str(uuid.uuid4()),
            )
            self._booked.append(record)
            return json_answer(200, _invitee_output(record, event))

    # --- GET /api/booking/invitees/{uuid} --------------------------------------------------------

    def _get_invitee(self, invitee_uuid: str) -> Answer:
        with self._lock:
            record = next((r for r in self._booked if r.booking.id == invitee_uuid), None)
            if record is None:
                return _not_found()
            return json_answer(200, _invitee_output(record, self._event_types[record.event_type_uuid]))

    # --- the page ----------------------------------------------------------------------------------

    def _page(self, path: str) -> Answer:
        segments = [unquote(part) for part in path.split("/") if part]
        if len(segments) < 2:
            return html_answer(404, _NOT_FOUND_PAGE)
        rest = segments[2:]
        shape_ok = (
            not rest
            or (len(rest) == 1 and _parse_start(rest[0]) is not None)
            or (len(rest) == 2 and rest[0] == "invitees")
        )
        with self._lock:
            event = self._find(segments[0], segments[1]) if shape_ok else None
            if event is None:
                return html_answer(404, _NOT_FOUND_PAGE)
            owner, slug = event.owner, event.slug
            now = self._now()
        scenario = self.scenario
        config = {
            "owner": owner,
            "event": slug,
            "now": _utc_iso(now),
            "markup": scenario.markup,
            "pageZone": scenario.page_zone,
            "cookieBanner": scenario.cookie_banner,
            "captcha": scenario.captcha,
            "signIn": scenario.sign_in,
            "payment": scenario.payment,
            "thankYouUrl": scenario.thank_you_url,
        }
        embedded = json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return html_answer(200, _PAGE.replace("__CONFIG__", embedded, 1))


def _event_type_output(event: EventType) -> JsonObject:
    return {
        "uuid": event.uuid,
        "slug": event.slug,
        "name": event.title,
        "duration": event.length,
        "kind": "solo",
        "scheduling_link": {"uid": event.scheduling_link},
        "profile": {"name": _display_name(event.owner), "slug": event.owner},
        "location_configurations": [],
    }


def _event_fields(event: EventType, scenario: PageScenario) -> list[JsonObject]:
    fields: list[JsonObject] = [
        {
            "id": event.notes_field_id,
            "name": NOTES_QUESTION,
            "format": "text",
            "required": False,
            "position": 0,
            "answer_choices": None,
            "include_other": False,
        }
    ]
    if scenario.required_question:
        fields.append(
            {
                "id": event.required_field_id,
                "name": scenario.required_question,
                "format": "text",
                "required": True,
                "position": 1,
                "answer_choices": None,
                "include_other": False,
            }
        )
    return fields


def _answers(event_fields: object) -> dict[str, str]:
    """Question text → answer from the body's ``event_fields`` (malformed entries are skipped)."""
    answers: dict[str, str] = {}
    if not isinstance(event_fields, list):
        return answers
    for entry in event_fields:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            value = entry.get("value")
            answers[entry["name"]] = value if isinstance(value, str) else ""
    return answers


def _invitee_output(record: _Booked, event: EventType) -> JsonObject:
    zone = _zone(record.timezone) or ZoneInfo("UTC")
    booking = record.booking
    return {
        "uuid": booking.id,
        "event": {
            "uuid": record.event_uuid,
            "start_time": _zoned_iso(booking.start, zone),
            "end_time": _zoned_iso(booking.end, zone),
            "event_type_uuid": event.uuid,
        },
        "invitee": {
            "uuid": booking.id,
            "full_name": booking.name,
            "email": booking.email,
            "timezone": record.timezone,
        },
        "event_type": {"uuid": event.uuid, "slug": event.slug, "name": event.title, "duration": event.length},
    }


_NOT_FOUND_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page Not Found - Calendly</title>
<style>body{font-family:system-ui,sans-serif;margin:0;background:#f8f9fb;color:#1a1a1a}
main{max-width:560px;margin:80px auto;background:#fff;border-radius:8px;padding:40px;text-align:center;
box-shadow:0 1px 6px rgba(0,0,0,.1)}</style></head>
<body><main><h1>Page not found</h1><p>This Calendly URL isn't valid.</p></main></body></html>
"""

_PAGE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Calendly</title>
<style>
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f8f9fb;color:#1a1a1a}
#app{max-width:1060px;margin:32px auto;padding:0 16px}
.card{display:flex;background:#fff;border-radius:8px;box-shadow:0 1px 8px rgba(0,0,0,.08);min-height:560px}
.details{width:320px;padding:28px;border-right:1px solid #e7e7e7}
.details .owner{color:#666;font-weight:600;margin:0 0 6px}
.details h1{font-size:24px;margin:0 0 16px}
.details .meta{color:#444;margin:8px 0}
.step{flex:1;padding:28px;display:flex;gap:28px;flex-wrap:wrap}
.step>section{flex:1;min-width:300px}
h2{font-size:20px;margin:0 0 20px}
.month-nav{display:flex;align-items:center;justify-content:center;gap:24px;margin-bottom:12px}
.month-title{font-size:16px;min-width:140px;text-align:center}
button{font:inherit;cursor:pointer}
button:disabled{cursor:default}
.nav{width:40px;height:40px;border-radius:50%;border:none;background:#eef4ff;color:#0069ff;font-size:20px}
.nav:disabled{background:none;color:#bbb}
table{border-collapse:collapse;margin:0 auto}
th{font-size:12px;font-weight:400;color:#555;padding:6px}
td{padding:3px;text-align:center}
.day{width:44px;height:44px;border-radius:50%;border:none;background:none;color:#aaa}
.day.bookable{background:#eef4ff;color:#0069ff;font-weight:700}
.day.selected{background:#0069ff;color:#fff}
.zone{margin-top:20px;font-size:14px;color:#444}
.times-panel{max-width:280px}
.times{display:flex;flex-direction:column;gap:10px;max-height:440px;overflow-y:auto}
.time-item{display:flex;gap:8px}
.time{flex:1;height:52px;border:1px solid #0069ff;border-radius:4px;background:#fff;color:#0069ff;font-weight:700}
.time-item.chosen .time{background:#666;border-color:#666;color:#fff}
.next{flex:1;height:52px;border:none;border-radius:4px;background:#0069ff;color:#fff;font-weight:700}
.field{margin-bottom:18px;display:flex;flex-direction:column;max-width:440px}
.field label{font-weight:700;margin-bottom:8px}
.field input,.field textarea{font:inherit;padding:12px;border:1px solid #bbb;border-radius:6px}
.field-error{color:#c00;font-size:14px;margin-top:4px}
.primary{margin-top:8px;padding:12px 22px;border:none;border-radius:40px;background:#0069ff;color:#fff;font-weight:700}
.primary:disabled{opacity:.6}
.secondary{padding:8px 16px;border:1px solid #0069ff;border-radius:40px;background:#fff;color:#0069ff}
.error{background:#fff1f0;border:1px solid #f3b6b1;color:#a1160a;padding:12px;border-radius:6px;margin:12px 0;max-width:440px}
.g-recaptcha iframe{width:304px;height:78px;border:1px solid #d3d3d3;border-radius:3px}
.payment{border:1px solid #ddd;border-radius:6px;padding:14px;margin-bottom:18px;max-width:440px}
.payment iframe{width:100%;height:44px;border:1px solid #bbb;border-radius:4px}
.loading{color:#777;padding:28px}
.confirmation{flex-direction:column;align-items:center;text-align:center;padding:40px}
#onetrust-banner-sdk{position:fixed;inset:0;z-index:2147483000;background:rgba(0,0,0,.45);display:flex;align-items:flex-end;justify-content:center}
#onetrust-banner-sdk .ot-box{background:#fff;width:100%;padding:24px 32px;display:flex;gap:24px;align-items:center;justify-content:space-between}
#accept-recommended-btn-handler{padding:12px 24px;border:none;background:#0069ff;color:#fff;font-weight:700;border-radius:4px}
</style>
</head>
<body>
<div id="app"><p class="loading">Loading…</p></div>
<script id="replica-config" type="application/json">__CONFIG__</script>
<script>
(function () {
  "use strict";
  var CONFIG = JSON.parse(document.getElementById("replica-config").textContent);
  var CURRENT = CONFIG.markup !== "changed";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var IDS = CURRENT
    ? {nameId: "full_name_input", name: "full_name", emailId: "email_input", email: "email", question: "question_"}
    : {nameId: "invitee-name", name: "invitee_name", emailId: "invitee-email", email: "invitee_email", question: "answer_"};
  var app = document.getElementById("app");
  var base = "/" + encodeURIComponent(CONFIG.owner) + "/" + encodeURIComponent(CONFIG.event);
  var zone = CONFIG.pageZone || Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  var firstQuery = new URLSearchParams(location.search);
  var prefill = {
    name: firstQuery.get("name") ||
      [firstQuery.get("first_name") || "", firstQuery.get("last_name") || ""].join(" ").trim(),
    email: firstQuery.get("email") || ""
  };
  var state = {eventType: null, month: null, date: null, days: {}, start: null, load: 0};

  // --- DOM: data goes in through textContent and setAttribute only -------------------------------
  function h(tag, attrs, kids) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") node.textContent = String(value);
      else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    });
    (kids || []).forEach(function (kid) {
      if (kid === null || kid === undefined) return;
      node.appendChild(typeof kid === "string" ? document.createTextNode(kid) : kid);
    });
    return node;
  }
  // The attributes of the documented markup; a changed release has `other` instead.
  function mk(current, other) { return CURRENT ? current : (other || {}); }
  function merge(a, b) {
    var out = {};
    [a, b].forEach(function (o) { Object.keys(o || {}).forEach(function (k) { out[k] = o[k]; }); });
    return out;
  }
  function frame(left, right) {
    app.replaceChildren(h("div", {"class": "card"}, [left, right]));
  }

  // --- time in the page's zone --------------------------------------------------------------------
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function zoned(date) {
    var out = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, year: "numeric", month: "numeric", day: "numeric", hour: "numeric",
      minute: "2-digit", hourCycle: "h23", weekday: "long"
    }).formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    return {year: +out.year, month: +out.month, day: +out.day, hour: (+out.hour) % 24, minute: out.minute,
      weekday: out.weekday};
  }
  function isoDay(z) { return z.year + "-" + pad(z.month) + "-" + pad(z.day); }
  function today() { return isoDay(zoned(new Date(CONFIG.now))); }
  function clock(date) {
    var z = zoned(date);
    return (z.hour % 12 || 12) + ":" + z.minute + (z.hour < 12 ? "am" : "pm");
  }
  function longDay(date) {
    var z = zoned(date);
    return z.weekday + ", " + MONTHS[z.month - 1] + " " + z.day + ", " + z.year;
  }
  function span(start, minutes) {
    return clock(start) + " - " + clock(new Date(start.getTime() + minutes * 60000)) + ", " + longDay(start);
  }
  function monthOf(iso) { return {year: +iso.slice(0, 4), month: +iso.slice(5, 7)}; }

  // --- the JSON endpoints --------------------------------------------------------------------------
  function api(path, body) {
    var headers = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"};
    var init = {method: body ? "POST" : "GET", headers: headers, credentials: "same-origin"};
    if (body) { headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
    return fetch(path, init).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
        return {status: response.status, ok: response.ok, data: data};
      });
    });
  }
  function eventTypePath(rest) {
    return "/api/booking/event_types/" + encodeURIComponent(state.eventType.uuid) + "/" + rest;
  }

  // --- pieces --------------------------------------------------------------------------------------
  function zoneLine() {
    return h("p", {"class": "zone"}, [
      h("span", {text: "Time zone: "}),
      h("span", merge({text: zone}, mk({"data-testid": "timezone-display"}, {"data-qa": "tz-label"})))
    ]);
  }
  function details(start) {
    var et = state.eventType;
    var kids = [
      h("p", {"class": "owner", text: et.profile && et.profile.name}),
      h("h1", merge({text: et.name}, mk({"data-testid": "event-name"}, {"data-qa": "event-title"}))),
      h("p", merge({"class": "meta", text: et.duration + " min"}, mk({"data-testid": "event-duration"}, {"data-qa": "length"})))
    ];
    if (start) {
      kids.push(h("p", merge({"class": "meta", text: span(start, et.duration)}, mk({"data-testid": "event-time"}, {"data-qa": "when"}))));
      kids.push(zoneLine());
    }
    return h("aside", {"class": "details"}, kids);
  }
  function message(text) {
    state.load++;
    app.replaceChildren(h("div", {"class": "card confirmation"}, [h("h1", {text: text})]));
  }
  function notFound() { message("This Calendly URL isn't valid."); }
  function failed() { message("Something went wrong. Please reload the page."); }
  function field(label, input) {
    return h("div", {"class": "field"}, [h("label", {"for": input.id, text: label}), input,
      h("div", {"class": "field-error", hidden: true})]);
  }
  function fieldError(input, text) {
    var box = input.parentNode.querySelector(".field-error");
    box.textContent = text;
    box.hidden = !text;
    if (text) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }

  // --- cookie banner (OneTrust) --------------------------------------------------------------------
  function cookieBanner() {
    if (!CONFIG.cookieBanner || /(?:^|;\s*)OptanonAlertBoxClosed=/.test(document.cookie)) return;
    var banner = h("div", {id: "onetrust-banner-sdk"}, [h("div", {"class": "ot-box"}, [
      h("p", {id: "onetrust-policy-text", text: "We use cookies to enhance your browsing experience, serve personalized content, and analyze our traffic. By clicking \u201cAllow All\u201d, you consent to our use of cookies."}),
      h("button", {id: "accept-recommended-btn-handler", type: "button", text: "Allow All", onclick: function () {
        document.cookie = "OptanonAlertBoxClosed=" + new Date().toISOString() + "; path=/";
        banner.remove();
      }})
    ])]);
    document.body.appendChild(banner);
  }

  // --- calendar view -------------------------------------------------------------------------------
  function showCalendar(month, date) {
    var now = today();
    if (!/^\d{4}-\d{2}$/.test(month || "")) month = /^\d{4}-\d{2}-\d{2}$/.test(date || "") ? date.slice(0, 7) : now.slice(0, 7);
    state.month = month;
    state.date = date && date.slice(0, 7) === month ? date : null;
    state.start = null;
    state.days = {};
    var ticket = ++state.load;
    frame(details(null), h("div", {"class": "step"}, [h("p", {"class": "loading", text: "Loading…"})]));
    var m = monthOf(month);
    var last = new Date(Date.UTC(m.year, m.month, 0)).getUTCDate();
    var params = new URLSearchParams({timezone: zone, diagnostics: "false", range_start: month + "-01",
      range_end: month + "-" + pad(last)});
    var link = state.eventType.scheduling_link && state.eventType.scheduling_link.uid;
    if (link) params.set("scheduling_link_uuid", link);
    api(eventTypePath("calendar/range?" + params.toString())).then(function (r) {
      if (ticket !== state.load) return;
      if (!r.ok || !r.data || !Array.isArray(r.data.days)) { failed(); return; }
      var days = {};
      r.data.days.forEach(function (day) {
        var spots = (day.spots || []).filter(function (s) { return s.status === "available"; });
        if (spots.length) days[day.date] = spots;
      });
      state.days = days;
      if (state.date && !days[state.date]) state.date = null;
      renderCalendar();
    }, function () { if (ticket === state.load) failed(); });
  }
  function goMonth(delta) {
    var m = monthOf(state.month);
    var d = new Date(Date.UTC(m.year, m.month - 1 + delta, 1));
    var month = d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1);
    history.replaceState(null, "", base + "?month=" + month);
    showCalendar(month, null);
  }
  function pickDay(iso) {
    return function () {
      state.date = iso;
      state.start = null;
      history.replaceState(null, "", base + "?month=" + state.month + "&date=" + iso);
      renderCalendar();
    };
  }
  function renderCalendar() {
    var m = monthOf(state.month);
    var first = new Date(Date.UTC(m.year, m.month - 1, 1)).getUTCDay();
    var count = new Date(Date.UTC(m.year, m.month, 0)).getUTCDate();
    var nav = h("div", {"class": "month-nav"}, [
      h("button", merge({type: "button", "class": "nav", text: "\u2039", disabled: state.month <= today().slice(0, 7),
        onclick: function () { goMonth(-1); }}, mk({"aria-label": "Go to previous month"}, {"aria-label": "Previous month"}))),
      h("div", merge({"class": "month-title", text: MONTHS[m.month - 1] + " " + m.year}, mk({"data-testid": "title"}, {"data-qa": "month-name"}))),
      h("button", merge({type: "button", "class": "nav", text: "\u203a", onclick: function () { goMonth(1); }},
        mk({"aria-label": "Go to next month"}, {"aria-label": "Next month"})))
    ]);
    var head = h("tr", {role: "row"}, WEEKDAYS.map(function (name) {
      return h("th", {role: "columnheader", scope: "col", text: name.slice(0, 3).toUpperCase()});
    }));
    var body = h("tbody", mk({"data-testid": "calendar-table"}, {"data-qa": "month-days"}));
    var row = h("tr", {role: "row"});
    for (var i = 0; i < first; i++) row.appendChild(h("td", {role: "gridcell"}));
    for (var d = 1; d <= count; d++) {
      var iso = state.month + "-" + pad(d);
      var open = !!state.days[iso];
      var label = MONTHS[m.month - 1] + " " + d + (open ? " - Times available" : " - No times available");
      row.appendChild(h("td", {role: "gridcell"}, [h("button", merge({
        type: "button", text: String(d), disabled: !open, onclick: open ? pickDay(iso) : null,
        "class": "day" + (open ? " bookable" : "") + (iso === state.date ? " selected" : ""),
        "aria-pressed": open ? String(iso === state.date) : null
      }, mk({"aria-label": label}, {})))]));
      if ((first + d) % 7 === 0 && d < count) { body.appendChild(row); row = h("tr", {role: "row"}); }
    }
    body.appendChild(row);
    var calendar = h("section", merge({"class": "calendar"}, mk({"data-testid": "calendar"}, {"data-qa": "date-picker"})), [
      h("h2", {text: "Select a Date & Time"}), nav,
      h("table", {role: "grid"}, [h("thead", {}, [head]), body])
    ]);
    if (!Object.keys(state.days).length) {
      calendar.appendChild(h("p", {"class": "empty-month", text: "No times in " + MONTHS[m.month - 1]}));
      calendar.appendChild(h("button", {type: "button", "class": "secondary", text: "View next month",
        onclick: function () { goMonth(1); }}));
    }
    calendar.appendChild(zoneLine());
    var kids = [calendar];
    if (state.date) kids.push(timesPanel());
    frame(details(null), h("div", {"class": "step"}, kids));
  }
  function timesPanel() {
    var parts = state.date.split("-");
    var weekday = WEEKDAYS[new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2])).getUTCDay()];
    var list = h("div", merge({role: "list", "class": "times"}, mk({"data-component": "spotpicker-times-list"}, {})));
    state.days[state.date].forEach(function (spot) {
      var label = clock(new Date(spot.start_time));
      var chosen = spot.start_time === state.start;
      var item = h("div", {role: "listitem", "class": "time-item" + (chosen ? " chosen" : "")}, [
        h("button", merge({type: "button", "class": "time", text: label, onclick: function () {
          state.start = spot.start_time;
          renderCalendar();
        }}, mk({"data-container": "time-button", "data-start-time": label}, {"data-slot": "1"})))
      ]);
      if (chosen) {
        item.appendChild(h("button", merge({type: "button", "class": "next", text: "Next", onclick: function () {
          var day = isoDay(zoned(new Date(spot.start_time)));
          history.pushState(null, "", base + "/" + spot.start_time + "?month=" + day.slice(0, 7) + "&date=" + day);
          showForm(spot.start_time);
        }}, mk({"aria-label": "Next " + label}, {}))));
      }
      list.appendChild(item);
    });
    return h("section", {"class": "times-panel"}, [
      h("h3", {text: weekday + ", " + MONTHS[+parts[1] - 1] + " " + (+parts[2])}), list
    ]);
  }
  function backToCalendar(start) {
    var day = isoDay(zoned(start));
    history.pushState(null, "", base + "?month=" + day.slice(0, 7) + "&date=" + day);
    showCalendar(day.slice(0, 7), day);
  }

  // --- details form ----------------------------------------------------------------------------------
  function showForm(iso) {
    var start = new Date(iso);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(iso) || isNaN(start.getTime())) {
      notFound();
      return;
    }
    var ticket = ++state.load;
    if (CONFIG.signIn) { renderSignIn(start); return; }
    frame(details(start), h("div", {"class": "step"}, [h("p", {"class": "loading", text: "Loading…"})]));
    api(eventTypePath("booking_form?start_time=" + encodeURIComponent(iso))).then(function (r) {
      if (ticket !== state.load) return;
      if (!r.ok || !r.data) { failed(); return; }
      renderForm(start, iso, r.data.event_fields || []);
    }, function () { if (ticket === state.load) failed(); });
  }
  function renderSignIn(start) {
    var note = h("p", {role: "alert", "class": "error", hidden: true});
    var email = h("input", {type: "email", id: "signin_email", name: "username", autocomplete: "username"});
    var password = h("input", {type: "password", id: "signin_password", name: "password", autocomplete: "current-password"});
    frame(details(start), h("div", {"class": "step"}, [h("section", {"class": "sign-in"}, [
      h("h2", {text: "Sign in to continue"}),
      h("p", {text: "The host asks invitees to sign in before they schedule."}),
      field("Email", email), field("Password", password),
      h("button", {type: "button", "class": "primary", text: "Sign in", onclick: function () {
        note.textContent = "Sign-in failed. Check your email and password.";
        note.hidden = false;
      }}), note
    ])]));
  }
  function renderForm(start, iso, fields) {
    var et = state.eventType;
    var problem = h("div", merge({role: "alert", "class": "error", hidden: true}, mk({"data-testid": "error-message"}, {"data-qa": "form-problem"})));
    var nameInput = h("input", {type: "text", id: IDS.nameId, name: IDS.name, autocomplete: "name", required: true,
      "aria-required": "true", value: prefill.name});
    var emailInput = h("input", {type: "email", id: IDS.emailId, name: IDS.email, autocomplete: "email", required: true,
      "aria-required": "true", value: prefill.email});
    var rows = [field("Name", nameInput), field("Email", emailInput)];
    var questions = [];
    fields.slice().sort(function (a, b) { return a.position - b.position; }).forEach(function (spec) {
      var input = h("textarea", {id: IDS.question + spec.position, name: IDS.question + spec.position, rows: 3,
        required: !!spec.required, "aria-required": spec.required ? "true" : null});
      input.value = firstQuery.get("a" + (spec.position + 1)) || "";
      questions.push({spec: spec, input: input});
      rows.push(field(spec.name, input));
    });
    var captcha = null;
    if (CONFIG.captcha) {
      captcha = h("textarea", {id: "g-recaptcha-response", name: "g-recaptcha-response", "class": "g-recaptcha-response", style: "display:none"});
      rows.push(h("div", {"class": "g-recaptcha", "data-sitekey": "x"}, [
        h("iframe", {title: "reCAPTCHA", src: "about:blank"}), captcha
      ]));
    }
    if (CONFIG.payment) {
      rows.push(h("section", merge({"class": "payment"}, mk({"data-testid": "payment-form"}, {"data-qa": "card"})), [
        h("h3", {text: "Payment"}), h("p", {text: "Card details"}),
        h("iframe", {title: "Secure card payment input frame", src: "about:blank"})
      ]));
    }
    var submit = h("button", {type: "submit", "class": "primary", text: CONFIG.payment ? "Pay and Schedule" : "Schedule Event"});
    var busy = false;
    var form = h("form", {novalidate: true, "class": "invitee-form", onsubmit: function (event) {
      event.preventDefault();
      if (busy || submit.disabled) return;
      var invalid = [];
      function check(input, text) { fieldError(input, text); if (text) invalid.push(input); }
      var email = emailInput.value.trim();
      check(nameInput, nameInput.value.trim() ? "" : "Can't be blank");
      check(emailInput, !email ? "Can't be blank" : (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) ? "" : "Invalid email"));
      questions.forEach(function (q) { check(q.input, q.spec.required && !q.input.value.trim() ? "Can't be blank" : ""); });
      if (invalid.length) { invalid[0].focus(); return; }
      busy = true;
      submit.disabled = true;
      problem.hidden = true;
      var filled = questions.filter(function (q) { return q.input.value.trim(); }).length + 2;
      var body = {
        analytics: {booking_flow: "v3", fields_filled: filled, fields_presented: questions.length + 2},
        embed: {},
        event: {start_time: iso, location_configuration: {location: "", phone_number: "", additional_info: ""}, guests: {}},
        event_fields: questions.map(function (q) {
          return {id: q.spec.id, name: q.spec.name, format: q.spec.format, required: !!q.spec.required,
            position: q.spec.position, answer_choices: q.spec.answer_choices || null,
            include_other: !!q.spec.include_other, value: q.input.value};
        }),
        event_type_uuid: et.uuid,
        invitee: {timezone: zone, time_notation: "12h", full_name: nameInput.value.trim(), email: email},
        payment_token: {},
        recaptcha_token: captcha ? (captcha.value || null) : null,
        single_use_slug: null,
        tracking: {},
        scheduling_link_uuid: et.scheduling_link ? et.scheduling_link.uid : null
      };
      api("/api/booking/invitees", body).then(function (r) {
        busy = false;
        var data = r.data || {};
        if (r.ok && data.email_verification_required) { renderEmailCode(start); return; }
        if (r.ok && data.uuid) { showConfirmation(data, true); return; }
        var gone = Array.isArray(data.details) && data.details.some(function (d) { return d && d.code === "already_filled"; });
        showProblem(typeof data.message === "string" ? data.message : "Something went wrong. Please try again.", gone);
        submit.disabled = gone;
      }, function () {
        busy = false;
        submit.disabled = false;
        showProblem("Something went wrong. Please try again.", false);
      });
    }}, rows.concat([problem, submit]));
    function showProblem(text, gone) {
      problem.replaceChildren(h("p", {text: text}));
      if (gone) {
        problem.appendChild(h("button", {type: "button", "class": "secondary", text: "View other times",
          onclick: function () { backToCalendar(start); }}));
      }
      problem.hidden = false;
    }
    frame(details(start), h("div", {"class": "step"}, [h("section", {}, [
      h("button", {type: "button", "class": "secondary", text: "Back", onclick: function () { backToCalendar(start); }}),
      h("h2", {text: "Enter Details"}), form
    ])]));
  }
  function renderEmailCode(start) {
    state.load++;
    var input = h("input", {type: "text", id: "verification_code", name: "verification_code", inputmode: "numeric",
      autocomplete: "one-time-code"});
    var note = h("p", {role: "alert", "class": "error", hidden: true});
    frame(details(start), h("div", {"class": "step"}, [h("section", {}, [
      h("h2", {text: "Enter the code we sent to your email"}),
      field("Verification code", input),
      h("button", {type: "button", "class": "primary", text: "Verify", onclick: function () {
        note.textContent = "That code is not valid.";
        note.hidden = false;
      }}), note
    ])]));
  }

  // --- confirmation ----------------------------------------------------------------------------------
  function showConfirmation(data, fresh) {
    state.load++;
    var et = state.eventType;
    var start = new Date(data.event.start_time);
    if (fresh) history.pushState(null, "", base + "/invitees/" + encodeURIComponent(data.uuid));
    app.replaceChildren(h("div", {"class": "card confirmation"}, [
      h("h1", merge({text: "You are scheduled"}, mk({"data-testid": "confirmation-title"}, {"data-qa": "done-title"}))),
      h("p", {text: "A calendar invitation has been sent to your email address."}),
      h("div", {"class": "summary"}, [
        h("p", {"class": "event-name", text: et.name}),
        h("p", {text: et.profile && et.profile.name}),
        h("p", merge({text: span(start, et.duration)}, mk({"data-testid": "event-time"}, {"data-qa": "when"}))),
        zoneLine()
      ])
    ]));
    var target = CONFIG.thankYouUrl;
    if (fresh && typeof target === "string" && /^https?:\/\//i.test(target)) {
      setTimeout(function () { location.href = target; }, 300);
    }
  }
  function showBooked(id) {
    var ticket = ++state.load;
    api("/api/booking/invitees/" + encodeURIComponent(id)).then(function (r) {
      if (ticket !== state.load) return;
      if (r.ok && r.data && r.data.event) showConfirmation(r.data, false); else notFound();
    }, function () { if (ticket === state.load) failed(); });
  }

  // --- routing -----------------------------------------------------------------------------------------
  function route() {
    if (!state.eventType) return;
    var segments = location.pathname.split("/").filter(Boolean).map(function (s) {
      try { return decodeURIComponent(s); } catch (e) { return s; }
    });
    var rest = segments.slice(2);
    var params = new URLSearchParams(location.search);
    if (!rest.length) showCalendar(params.get("month"), params.get("date"));
    else if (rest.length === 2 && rest[0] === "invitees") showBooked(rest[1]);
    else if (rest.length === 1) showForm(rest[0]);
    else notFound();
  }

  cookieBanner();
  window.addEventListener("popstate", route);
  var lookup = new URLSearchParams({event_type_slug: CONFIG.event, profile_slug: CONFIG.owner});
  api("/api/booking/event_types/lookup?" + lookup.toString()).then(function (r) {
    if (!r.ok || !r.data || !r.data.uuid) { notFound(); return; }
    state.eventType = r.data;
    document.title = r.data.name + (r.data.profile && r.data.profile.name ? " - " + r.data.profile.name : "") + " | Calendly";
    route();
  }, failed);
})();
</script>
</body>
</html>
"""


__all__ = [
    "EMAIL_CODE_PROMPT",
    "MAX_RANGE_DAYS",
    "NOTES_QUESTION",
    "RECAPTCHA_REQUIRED",
    "SLOT_GONE",
    "CalendlyReplica",
    "EventType",
    "RequestRecord",
]
