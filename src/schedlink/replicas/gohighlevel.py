"""A local replica of the GoHighLevel (LeadConnector) calendar booking widget and the public calls it and
the slot reader make.

The product maps ``api.leadconnectorhq.com``, ``link.msgsndr.com``, ``msgsndr.com``, an agency's
white-label host (``api.example-agency.com``) and ``backend.leadconnectorhq.com`` to
:attr:`GoHighLevelReplica.origin`, so a browser loads ``https://api.example-agency.com/widget/booking/{id}``
as the real address while the replica sees plain HTTP paths. The widget is one self-contained HTML
document (inline script and style, no outside assets) that renders itself client-side, reads its times
from the free-slots call and books through the widget's booking call, both on
``backend.leadconnectorhq.com`` (or on its own origin when loaded from ``127.0.0.1``). Tests use it; it
is never used against the real provider. It is built on :class:`~schedlink.replicas.server.ReplicaServer`.

Routes
    ``GET  /widget/booking/{calendarId}``              the widget page, on every host but the backend one
    ``GET  /widget/bookings/{slug}``, ``/widget/bookings/{group}/{slug}``   the same, by the widget's slug
    ``GET  /calendars/{calendarId}/free-slots``        ``?startDate={ms}&endDate={ms}&timezone={IANA}``
    ``GET  /appengine/appointment/free-slots``         ``?calendar_id=&startDate=&endDate=&timezone=`` (legacy)
    ``POST /appengine/appointment``                    the widget's booking (multipart, below)
    ``OPTIONS`` on any route                           a CORS preflight answer
    ``GET /_replica/state`` ``POST /_replica/reset`` ``GET|POST /_replica/scenario``   replica-only admin

The replica tells hosts apart only by the ``Host`` header: on ``backend.leadconnectorhq.com`` the widget
paths are not served; every other host (white-label ones and ``127.0.0.1:PORT`` included) serves all
routes — a browser's requests arrive rewritten to ``127.0.0.1`` anyway.

What follows LeadConnector as providers.md §4 documents it (from public scripts; nothing there is a vendor
guarantee):
    * the link shapes of §4.1: ``/widget/booking/{calendarId}`` (a 20-character id),
      ``/widget/bookings/{slug}`` and ``/widget/bookings/{groupSlug}/{calendarSlug}``, served the same on
      LeadConnector's hosts and on agencies' white-label hosts (the path is the tell);
    * the free-slots call of §4.2, unauthenticated and CORS-open (``Access-Control-Allow-Origin: *``):
      ``GET /calendars/{calendarId}/free-slots?startDate={ms}&endDate={ms}&timezone={IANA}`` answering
      ``{"YYYY-MM-DD": {"slots": ["…ISO with the zone's offset…"]}, …, "traceId": "…"}``, days keyed in
      the asked zone, days without slots absent; and its legacy form
      ``/appengine/appointment/free-slots?calendar_id=`` (§4.2; answered in the same shape — assumed);
    * the booking call of §4.3: ``POST /appengine/appointment``, a multipart form whose ``formData`` part
      is the JSON ``{first_name, last_name, email, phone, formId, location_id, calendar_id,
      selected_slot: "2030-03-12T09:30:00-04:00", selected_timezone, <customFieldId>: value, sessionId,
      eventData{…}}``, beside the parts ``locationId``, ``formId`` and ``captchaV3`` and the headers
      ``fullurl`` and ``timezone``; a 2xx answer carries the appointment's ``id`` (the public script of
      [code#13983544609] reads ``responseData.id``, and ``responseData.error`` on a refusal);
    * the refusals §4.3 names: a start overlapping a booked one → "slot no longer available"; an inactive
      calendar → "Calendar is inactive";
    * the reCAPTCHA v3 token (``captchaV3``) sent with every booking (§4.5), and the generic names §4.4
      says published scripts probe (unverified there): ``.day``, ``button[data-date]``, ``.time`` and
      ``input[name="email"]``, carried here by the day buttons (``button.day[data-date]``, the value
      ``YYYY-MM-DD`` assumed), the time buttons and the email input (the rest of the markup is assumed).

What is assumed (no source found; plausible, kept simple):
    * every refusal's body, ``{"statusCode", "message", "error"}`` — the shape LeadConnector's services
      answer with, as the project's recorded ``gohighlevel/error.json`` infers it: a start taken or not
      offered → 400 ``"message": "Slot no longer available"`` (the words of §4.3); an inactive calendar →
      400 "Calendar is inactive" (from free-slots too); a bad form → 400; a captcha unsolved → 400
      "Captcha verification failed"; the sign-in wall → 401; a payment missing → 402; an unknown
      calendar → 404;
    * the booking answer ``{id, contactId, calendarId, locationId, startTime, endTime,
      selectedTimezone, appointmentStatus: "confirmed", title, traceId}`` (status 200);
    * the whole widget markup beyond §4.4's generic names: the time buttons' ``data-slot`` attribute
      carrying the free-slots value verbatim (the exact instant, ISO with offset: it is the replica's and
      may not exist on the real widget), their text ("9:30 am"); the "Continue" button after a time; the
      zone button ``.hl-timezone-select`` with ``data-zone`` and the wording "America/New_York
      (GMT-04:00)" (the ``Timezone`` value a public script sends in ``formData`` [code#13983544609]);
      the length ("30 mins", ``.hl-duration``); the details form (``first_name``, ``last_name``,
      ``email``, ``phone`` optional, ``notes`` optional, a custom question named by its field id), "Book",
      the confirmation "Your booking is confirmed", and the other texts of the page;
    * the slot a :class:`PageScenario` with ``slot_taken_before_submit`` gives away: somebody else books
      it a moment before the page's POST arrives (the POST gets the slot-taken refusal, and later
      free-slots reads no longer offer it);
    * the reCAPTCHA v3 token is not scored; the visible challenge of ``PageScenario.captcha`` is a frame
      whose checkbox hands the page a token the replica issued with the page, sent as ``captchaV3``
      (valid until :meth:`GoHighLevelReplica.reset`); without it the booking is refused;
    * the email-code step: the first booking call answers 202 ``{"verificationRequired": true, …}`` and
      books nothing; the six-digit code is readable through :meth:`GoHighLevelReplica.email_codes` and
      sent back as ``formData.verification_code``;
    * the sign-in wall and the payment step (``[data-testid="payment-form"]``, "Pay and book", a
      ``payment`` member of ``formData`` with a card number) are the generic ones every replica page
      plays; after a confirmation the page goes to ``PageScenario.thank_you_url`` (the calendar's
      "redirect after booking");
    * calendars are independent: a booking blocks the times it overlaps on its own calendar only; calendar
      group pages (``/widget/group/{id}``, §4.1) are not replicated.

The "changed" markup (``PageScenario.markup``) is the same page after a release renamed things: every
``data-*`` attribute and §4.4's bare ``day``/``time`` classes are gone, and the ``hl-`` classes and ids
carry another prefix; visible texts, labels, input names and ARIA attributes stay.
"""

from __future__ import annotations

import copy
import html
import json
import re
import secrets
import string
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schedlink.replicas.page_scenario import PageBooking, PageScenario
from schedlink.replicas.server import Answer, ReplicaRequest, ReplicaServer, html_answer, json_answer

BACKEND_HOST = "backend.leadconnectorhq.com"
BOOK_PATH = "/appengine/appointment"
LEGACY_FREE_SLOTS_PATH = "/appengine/appointment/free-slots"
SLOT_GONE = "Slot no longer available"  # the words of providers.md §4.3
CALENDAR_INACTIVE = "Calendar is inactive"
CAPTCHA_FAILED = "Captcha verification failed"
VERIFICATION_PROMPT = "We sent a verification code to your email"
# The custom field id of the scenario's required question (formData carries answers by field id, §4.3).
QUESTION_FIELD = "qT7mVx2LcR9bN4sK8wPz"

JsonObject = dict[str, Any]

_TOKEN_CAP = 1000
_FREE_SLOTS = re.compile(r"^/calendars/([A-Za-z0-9_-]{1,64})/free-slots$")
_CALENDAR_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ID_ALPHABET = string.ascii_letters + string.digits
_CHANGED_PREFIX = "q8z-"  # class and id prefix of the "changed" markup (a release renamed them)


@dataclass
class WidgetCalendar:
    """One LeadConnector calendar: its id, widget slug (and group slug), name, owner, length, owner's zone,
    the ids its widget sends, whether it is active, and its offered UTC starts."""

    id: str
    slug: str | None
    group: str | None
    name: str
    owner: str
    length: int
    zone: str
    location_id: str
    form_id: str
    active: bool = True
    starts: set[datetime] = field(default_factory=set)


def _new_id() -> str:
    """A LeadConnector-looking id: 20 letters and digits."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(20))


def _error(status: int, error: str, message: str) -> Answer:
    """The NestJS error shape of LeadConnector's APIs (assumed; see the module docstring)."""
    return json_answer(status, {"statusCode": status, "message": message, "error": error})


def _trace_id() -> str:
    return secrets.token_hex(16)


def _invalid(message: str) -> Answer:
    return _error(400, "Bad Request", message)


def _slot_gone() -> Answer:
    return _invalid(SLOT_GONE)


def _inactive() -> Answer:
    return _invalid(CALENDAR_INACTIVE)


def _not_found(message: str = "Calendar not found") -> Answer:
    return _error(404, "Not Found", message)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("time zone-aware datetime required")
    return moment.astimezone(UTC)


def _ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def _from_ms(value: int) -> datetime | None:
    try:
        return datetime.fromtimestamp(value / 1000, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _int(value: object) -> int | None:
    if isinstance(value, str) and re.fullmatch(r"-?\d{1,16}", value):
        return int(value)
    return None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _zone(name: object) -> ZoneInfo | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _instant(value: object) -> datetime | None:
    """An ISO 8601 instant that states its offset (``selected_slot``); anything else → ``None``."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.utcoffset() is not None else None


def _script_json(payload: object) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(payload, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _host_name(host: str | None) -> str:
    name = (host or "").strip().lower()
    return name if name.startswith("[") else name.partition(":")[0]


def _cors(answer: Answer, origin: str | None) -> Answer:
    """Let the widget (on a LeadConnector or white-label host) read the backend's answers."""
    answer.headers["Access-Control-Allow-Origin"] = origin or "*"
    if origin:
        answer.headers["Vary"] = "Origin"
    return answer


def _multipart(request: ReplicaRequest) -> dict[str, str] | None:
    """The text parts of a ``multipart/form-data`` body by name; ``None`` when the body is not one."""
    content_type = request.header("content-type") or ""
    if not content_type.lower().startswith("multipart/form-data"):
        return None
    head = b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n"
    message = BytesParser(policy=policy.HTTP).parsebytes(head + request.body)
    if not message.is_multipart():
        return None
    found: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        found[name] = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    return found


class GoHighLevelReplica(ReplicaServer):
    """The LeadConnector booking widget on ``127.0.0.1``: add calendars and offers, then point a browser
    or the slot reader at it.

    All state sits behind the one lock of :class:`ReplicaServer`, so the check that a start is free and
    the booking that takes it are one step: concurrent POSTs for one start yield exactly one booking.
    """

    name = "gohighlevel"
    stands_for = "backend.leadconnectorhq.com and the LeadConnector widget hosts"

    def __init__(self, port: int = 0, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(port, now=now)
        self._calendars: dict[str, WidgetCalendar] = {}  # calendar id → calendar
        self._bookings: list[tuple[str, PageBooking]] = []  # (calendar id, booking)
        self._taken_by_others: set[tuple[str, datetime]] = set()
        self._codes: dict[tuple[str, str], str] = {}  # (calendar id, lower-cased email) → code
        self._captcha_tokens: deque[str] = deque(maxlen=_TOKEN_CAP)
        self._contacts: dict[str, str] = {}  # lower-cased email → contact id

    # --- configuration ---------------------------------------------------------------------------

    def add_calendar(
        self,
        calendar_id: str | None = None,
        *,
        slug: str | None = None,
        group: str | None = None,
        name: str = "Discovery Call",
        owner: str = "Jo Reyes",
        length: int = 30,
        zone: str = "America/New_York",
        starts: Iterable[datetime] = (),
        active: bool = True,
    ) -> WidgetCalendar:
        """Create a calendar served at ``/widget/booking/{calendar_id}`` (a new 20-character id when
        ``None``) and, with a ``slug``, at ``/widget/bookings/[{group}/]{slug}``."""
        calendar_id = calendar_id or _new_id()
        if not _CALENDAR_ID.match(calendar_id):
            raise ValueError(f"calendar id {calendar_id!r} is not usable")
        for part in (slug, group):
            if part is not None and not _SLUG.match(part):
                raise ValueError(f"slug {part!r} is not usable")
        if group is not None and slug is None:
            raise ValueError("a group slug needs the calendar's own slug")
        if length < 1:
            raise ValueError("length must be at least one minute")
        if _zone(zone) is None:
            raise ValueError(f"unknown time zone {zone!r}")
        calendar = WidgetCalendar(
            id=calendar_id,
            slug=slug,
            group=group,
            name=name,
            owner=owner,
            length=length,
            zone=zone,
            location_id=_new_id(),
            form_id=_new_id(),
            active=active,
            starts={_utc(start) for start in starts},
        )
        with self._lock:
            if calendar_id in self._calendars:
                raise ValueError(f"calendar {calendar_id} already exists")
            if slug is not None and self._by_slug(group, slug) is not None:
                raise ValueError(f"a calendar already has the slug {slug}")
            self._calendars[calendar_id] = calendar
            return copy.deepcopy(calendar)

    def offer(self, calendar_id: str, starts: Iterable[datetime]) -> None:
        """Add ``starts`` (aware datetimes) to the times ``calendar_id`` offers."""
        moments = {_utc(start) for start in starts}
        with self._lock:
            self._calendar(calendar_id).starts.update(moments)

    def set_active(self, calendar_id: str, active: bool) -> None:
        """Turn a calendar on or off (an inactive one shows and answers "Calendar is inactive")."""
        with self._lock:
            self._calendar(calendar_id).active = active

    def _forget(self) -> None:
        """Bookings, times taken by others, codes, tokens and contacts; calendars, their offers and the
        scenario stay."""
        self._bookings.clear()
        self._taken_by_others.clear()
        self._codes.clear()
        self._captcha_tokens.clear()
        self._contacts.clear()

    # --- introspection ---------------------------------------------------------------------------

    def bookings(self) -> list[PageBooking]:
        """The bookings made, oldest first."""
        with self._lock:
            return [booking for _, booking in self._bookings]

    def email_codes(self) -> dict[str, str]:
        """The verification codes "emailed" so far and not used yet, by lower-cased address."""
        with self._lock:
            return {email: code for (_, email), code in self._codes.items()}

    def calendars(self) -> list[WidgetCalendar]:
        with self._lock:
            return copy.deepcopy(list(self._calendars.values()))

    def state(self) -> JsonObject:
        """Calendars, bookings, submissions, codes, scenario and request log, as JSON values."""
        with self._lock:
            return {
                "calendars": [
                    {
                        "id": c.id,
                        "slug": c.slug,
                        "group": c.group,
                        "name": c.name,
                        "owner": c.owner,
                        "length": c.length,
                        "zone": c.zone,
                        "active": c.active,
                        "starts": [start.isoformat() for start in sorted(c.starts)],
                    }
                    for c in self._calendars.values()
                ],
                "bookings": [
                    {
                        "calendar_id": key,
                        "id": b.id,
                        "start": b.start.isoformat(),
                        "end": b.end.isoformat(),
                        "name": b.name,
                        "email": b.email,
                        "answers": b.answers,
                        "notes": b.notes,
                    }
                    for key, b in self._bookings
                ],
                "submissions": self._submissions,
                "email_codes": {email: code for (_, email), code in self._codes.items()},
                "scenario": asdict(self.scenario),
                "requests": [
                    {"method": r.method, "path": r.path, "at": r.at.isoformat()} for r in self._requests
                ],
            }

    # --- routing ---------------------------------------------------------------------------------

    def handle(self, request: ReplicaRequest) -> Answer:
        parts = urlsplit(request.target)
        path = parts.path.rstrip("/") or "/"
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        method = request.method
        if path.startswith("/_replica/"):
            return self._admin(method, path.removeprefix("/_replica/"), request.body)
        self._log(method, request.target)
        origin = request.header("origin")
        if method == "OPTIONS":
            return self._preflight(origin)
        if path == BOOK_PATH:
            if method != "POST":
                return _cors(_error(405, "Method Not Allowed", f"Cannot {method} {path}"), origin)
            return _cors(self._book(request), origin)
        free_slots = _FREE_SLOTS.match(path)
        if free_slots is not None or path == LEGACY_FREE_SLOTS_PATH:
            if method != "GET":
                return _cors(_error(405, "Method Not Allowed", f"Cannot {method} {path}"), origin)
            calendar_id = free_slots.group(1) if free_slots is not None else query.get("calendar_id", "")
            return _cors(self._free_slots(calendar_id, query), None)  # CORS-open to any origin (§4.2)
        if path.startswith("/widget/") and _host_name(request.header("host")) != BACKEND_HOST:
            return self._page_route(method, path)
        return _error(404, "Not Found", f"Cannot {method} {path}")

    def _preflight(self, origin: str | None) -> Answer:
        answer = Answer(204)
        answer.headers.update(
            {
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept, fullurl, timezone, channel, source, version",
                "Access-Control-Max-Age": "600",
            }
        )
        return _cors(answer, origin)

    def _calendar(self, calendar_id: str) -> WidgetCalendar:
        """Caller holds the lock."""
        calendar = self._calendars.get(calendar_id)
        if calendar is None:
            raise KeyError(f"no calendar {calendar_id}")
        return calendar

    def _by_slug(self, group: str | None, slug: str) -> WidgetCalendar | None:
        """The calendar of ``/widget/bookings/[{group}/]{slug}`` (slugs ignore case); caller holds the lock."""
        for calendar in self._calendars.values():
            if calendar.slug is None or calendar.slug.casefold() != slug.casefold():
                continue
            if group is None or (calendar.group or "").casefold() == group.casefold():
                return calendar
        return None

    def _page_route(self, method: str, path: str) -> Answer:
        segments = [unquote(segment) for segment in path.split("/")[2:]]
        kind, rest = segments[0].lower(), segments[1:]
        with self._lock:
            calendar: WidgetCalendar | None = None
            if kind == "booking" and len(rest) == 1:
                calendar = self._calendars.get(rest[0])
            elif kind == "bookings" and len(rest) in (1, 2):
                calendar = self._by_slug(rest[0] if len(rest) == 2 else None, rest[-1])
        if calendar is None:
            return html_answer(404, _NOT_FOUND_PAGE)
        if method not in ("GET", "HEAD"):
            return html_answer(405, _NOT_FOUND_PAGE)
        return self._page(calendar.id)

    # --- the page --------------------------------------------------------------------------------

    def _page(self, calendar_id: str) -> Answer:
        with self._lock:
            calendar = copy.deepcopy(self._calendars[calendar_id])
            scenario = replace(self.scenario)
            token = None
            if scenario.captcha:
                token = secrets.token_urlsafe(24)
                self._captcha_tokens.append(token)
            now_ms = _ms(self._now())
        config = {
            "calendar_id": calendar.id,
            "location_id": calendar.location_id,
            "form_id": calendar.form_id,
            "name": calendar.name,
            "owner": calendar.owner,
            "length": calendar.length,
            "duration_text": f"{calendar.length} mins",
            "owner_zone": calendar.zone,
            "active": calendar.active,
            "now_ms": now_ms,
            "page_zone": scenario.page_zone,
            "markup": scenario.markup,
            "cookie_banner": scenario.cookie_banner,
            "required_question": scenario.required_question,
            "question_field": QUESTION_FIELD,
            "captcha": scenario.captcha,
            "captcha_token": token,
            "captcha_v3": "v3." + secrets.token_urlsafe(32),  # the invisible reCAPTCHA v3 token (§4.5)
            "sign_in": scenario.sign_in,
            "payment": scenario.payment,
            "thank_you_url": scenario.thank_you_url,
        }
        template = _PAGE if scenario.markup != "changed" else _PAGE.replace("hl-", _CHANGED_PREFIX)
        document = template.replace("__TITLE__", html.escape(f"{calendar.name} | {calendar.owner}")).replace(
            "__CONFIG__", _script_json(config)
        )
        return html_answer(200, document)

    # --- GET /calendars/{calendarId}/free-slots --------------------------------------------------

    def _free_slots(self, calendar_id: str, query: Mapping[str, str]) -> Answer:
        start_ms, end_ms = _int(query.get("startDate")), _int(query.get("endDate"))
        window_start = _from_ms(start_ms) if start_ms is not None else None
        window_end = _from_ms(end_ms) if end_ms is not None else None
        if window_start is None or window_end is None:
            return _invalid("startDate and endDate must be epoch milliseconds")
        if window_end < window_start:
            return _invalid("endDate must not be before startDate")
        with self._lock:
            calendar = self._calendars.get(calendar_id)
            if calendar is None:
                return _not_found()
            if not calendar.active:
                return _inactive()
            zone_name = query.get("timezone") or calendar.zone
            zone = _zone(zone_name)
            if zone is None:
                return _invalid(f"Invalid timezone {zone_name[:60]!r}")
            now = self._now()
            free = [
                start
                for start in sorted(calendar.starts)
                if window_start <= start < window_end and start > now and not self._taken(calendar, start)
            ]
        days: dict[str, JsonObject] = {}
        for start in free:
            local = start.astimezone(zone)
            days.setdefault(local.date().isoformat(), {"slots": []})["slots"].append(local.isoformat())
        return json_answer(200, {**days, "traceId": _trace_id()})

    def _taken(self, calendar: WidgetCalendar, start: datetime) -> bool:
        """Whether ``start`` overlaps a booking of the calendar or was taken by somebody else; caller holds
        the lock."""
        if (calendar.id, start) in self._taken_by_others:
            return True
        end = start + timedelta(minutes=calendar.length)
        return any(key == calendar.id and b.start < end and start < b.end for key, b in self._bookings)

    def _bookable(self, calendar: WidgetCalendar, start: datetime) -> bool:
        """Offered, in the future and free; caller holds the lock."""
        return start in calendar.starts and start > self._now() and not self._taken(calendar, start)

    # --- POST /appengine/appointment -------------------------------------------------------------

    def _book(self, request: ReplicaRequest) -> Answer:
        with self._lock:
            self._submissions += 1
            scenario = replace(self.scenario)
        answer, booked = self._decide(request, scenario)
        answer.delay = max(0.0, scenario.confirm_delay)
        answer.drop = booked and scenario.drop_after_submit
        return answer

    def _decide(self, request: ReplicaRequest, scenario: PageScenario) -> tuple[Answer, bool]:
        form = _multipart(request)
        if form is None:
            return _invalid("The request must be multipart/form-data"), False
        try:
            data = json.loads(form.get("formData") or "null")
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return _invalid("formData must be a JSON object"), False
        with self._lock:
            found = self._calendars.get(_text(data.get("calendar_id")))
            calendar = copy.deepcopy(found) if found is not None else None
        if calendar is None:
            return _not_found(), False
        if not calendar.active:
            return _inactive(), False
        first, last, email, phone = (
            _text(data.get(key)) for key in ("first_name", "last_name", "email", "phone")
        )
        start = _instant(data.get("selected_slot"))
        zone_name = _text(data.get("selected_timezone")) or _text(request.header("timezone"))
        problems = [
            message
            for ok, message in (
                (start is not None, "selected_slot must be an ISO 8601 time with its offset"),
                (_zone(zone_name) is not None, "selected_timezone must be an IANA time zone"),
                (bool(first), "First Name is required"),
                (bool(last), "Last Name is required"),
                (bool(_EMAIL.match(email)), "Please enter a valid email address"),
            )
            if not ok
        ]
        if problems or start is None:
            return _invalid("; ".join(problems)), False
        if scenario.sign_in:
            return _error(401, "Unauthorized", "Sign in to book this meeting"), False
        if scenario.captcha:
            token = form.get("captchaV3")
            with self._lock:
                solved = bool(token) and token in self._captcha_tokens
            if not solved:
                return _invalid(CAPTCHA_FAILED), False
        notes = _text(data.get("notes"))
        if scenario.payment:
            payment = data.get("payment")
            card = re.sub(r"\D", "", _text(payment.get("card_number"))) if isinstance(payment, dict) else ""
            if len(card) < 12:
                return _error(402, "Payment Required", "Add a valid card to pay for this appointment"), False
            notes = "; ".join(filter(None, (notes, f"paid with card ending {card[-4:]}")))
        question = scenario.required_question
        answer_text = _text(data.get(QUESTION_FIELD))
        if question and not answer_text:
            return _invalid(f"{question} is required"), False
        answers: dict[str, Any] = {question: answer_text} if question else {}
        if phone:
            answers["phone"] = phone
        with self._lock:
            current = self._calendars[calendar.id]
            if scenario.slot_taken_before_submit and self._bookable(current, start):
                self._taken_by_others.add((current.id, start))  # somebody else, a moment before this POST
            if not self._bookable(current, start):
                return _slot_gone(), False
            if scenario.email_code:
                code_key = (current.id, email.lower())
                code = _text(data.get("verification_code"))
                if not code:
                    self._codes[code_key] = f"{secrets.randbelow(1_000_000):06d}"
                    prompt = {"verificationRequired": True, "email": email, "message": VERIFICATION_PROMPT}
                    return json_answer(202, prompt), False
                if self._codes.get(code_key) != code:
                    return _invalid("That verification code didn't work. Check it and try again."), False
                del self._codes[code_key]
            booking = PageBooking(
                id=_new_id(),
                start=start,
                end=start + timedelta(minutes=current.length),
                name=f"{first} {last}",
                email=email,
                answers=answers,
                notes=notes,
            )
            self._bookings.append((current.id, booking))
            contact_id = self._contacts.setdefault(email.lower(), _new_id())
        zone = _zone(zone_name) or UTC
        return json_answer(
            200,
            {
                "id": booking.id,
                "contactId": contact_id,
                "calendarId": calendar.id,
                "locationId": calendar.location_id,
                "startTime": booking.start.astimezone(zone).isoformat(),
                "endTime": booking.end.astimezone(zone).isoformat(),
                "selectedTimezone": zone_name,
                "appointmentStatus": "confirmed",
                "title": f"{calendar.name} with {first} {last}",
                "traceId": _trace_id(),
            },
        ), True

    # --- /_replica/* -----------------------------------------------------------------------------

    def _admin(self, method: str, action: str, raw: bytes) -> Answer:
        if method == "GET" and action == "state":
            return json_answer(200, self.state())
        if method == "POST" and action == "reset":
            self.reset()
            return json_answer(200, {"status": "ok"})
        if action == "scenario" and method == "GET":
            return json_answer(200, asdict(self.scenario))
        if action == "scenario" and method == "POST":
            try:
                body = json.loads(raw) if raw else {}
            except (ValueError, UnicodeDecodeError):
                body = None
            known = {f.name for f in fields(PageScenario)}
            if not isinstance(body, dict) or set(body) - known:
                return _invalid(f"a JSON object of these fields: {', '.join(sorted(known))}")
            self.scenario = PageScenario(**body)
            return json_answer(200, asdict(self.scenario))
        return _error(404, "Not Found", f"no replica route {method} /_replica/{action}")


_NOT_FOUND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Calendar not found</title>
<style>body{margin:0;font:16px/1.5 Roboto,Helvetica,Arial,sans-serif;color:#344054;background:#f2f4f7}
main{max-width:520px;margin:96px auto;padding:40px;background:#fff;border:1px solid #d0d5dd;border-radius:8px;
text-align:center}</style></head>
<body><main><h1>Calendar not found</h1>
<p>The booking link you followed may be broken, or the calendar may have been removed.</p></main></body></html>
"""

# The widget: "hl-" prefixes every class and id (renamed for the "changed" markup); __TITLE__ and
# __CONFIG__ are filled per request. Everything the page shows from data goes through textContent.
_PAGE = r"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>__TITLE__</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.5 Roboto, Helvetica, Arial, sans-serif; color: #344054; background: #f2f4f7; }
  button { font: inherit; cursor: pointer; }
  button[disabled] { cursor: default; }
  .hl-app { max-width: 820px; margin: 32px auto; background: #fff; border: 1px solid #d0d5dd; border-radius: 8px; }
  .hl-header { padding: 24px 32px 16px; border-bottom: 1px solid #eaecf0; }
  .hl-owner { margin: 0; color: #667085; }
  .hl-title { margin: 4px 0 8px; font-size: 22px; font-weight: 600; }
  .hl-meta { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; color: #475467; }
  .hl-duration { padding: 2px 10px; border-radius: 12px; background: #eff8ff; color: #175cd3; }
  .hl-timezone-select { border: 1px solid #d0d5dd; border-radius: 6px; padding: 4px 10px; background: #fff; color: #344054; }
  .hl-body { padding: 16px 32px 32px; }
  .hl-picker { display: flex; gap: 32px; }
  .hl-calendar { flex: 1; }
  .hl-cal-head { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
  .hl-month-title { flex: 1; margin: 0; text-align: center; font-size: 16px; font-weight: 600; }
  .hl-nav { width: 32px; height: 32px; border: 0; border-radius: 50%; background: transparent; font-size: 18px; color: #155eef; }
  .hl-nav[disabled] { color: #d0d5dd; }
  .hl-grid { display: grid; grid-template-columns: repeat(7, 40px); gap: 4px; justify-content: center; }
  .hl-wd { text-align: center; font-size: 12px; color: #98a2b3; }
  .hl-day { width: 40px; height: 40px; border: 0; border-radius: 50%; background: transparent; color: #98a2b3; }
  .hl-day.hl-open { color: #155eef; font-weight: 600; background: #eff4ff; }
  .hl-day[aria-pressed="true"] { background: #155eef; color: #fff; }
  .hl-slots { width: 220px; flex: none; }
  .hl-slots h3 { margin: 4px 0 12px; font-size: 14px; }
  .hl-slot { display: block; width: 100%; margin: 0 0 8px; padding: 8px 0; border: 1px solid #155eef;
    border-radius: 6px; background: #fff; color: #155eef; }
  .hl-slot[aria-pressed="true"] { background: #155eef; color: #fff; }
  .hl-hint { color: #98a2b3; }
  .hl-alert { margin: 8px 0; padding: 8px 12px; border-radius: 6px; background: #fef3f2; color: #b42318; }
  .hl-summary { font-weight: 600; margin: 8px 0 16px; }
  .hl-field { margin: 0 0 12px; }
  .hl-field label { display: block; font-size: 13px; margin-bottom: 2px; }
  .hl-input { width: 100%; padding: 9px 10px; border: 1px solid #d0d5dd; border-radius: 6px; font: inherit; }
  .hl-input[aria-invalid="true"] { border-color: #f04438; }
  .hl-actions { display: flex; justify-content: space-between; gap: 8px; margin-top: 16px; }
  .hl-primary { border: 0; border-radius: 6px; padding: 10px 24px; background: #155eef; color: #fff; }
  .hl-secondary { border: 1px solid #d0d5dd; border-radius: 6px; padding: 10px 16px; background: #fff; color: #344054; }
  .hl-captcha-frame { border: 0; width: 304px; height: 78px; }
  .hl-payment { margin: 16px 0 0; padding: 12px; border: 1px solid #d0d5dd; border-radius: 6px; }
  .hl-payment h3 { margin: 0 0 8px; font-size: 14px; }
  .hl-confirmation { text-align: center; padding: 24px 0; }
  .hl-confirmation h2 { margin: 0 0 8px; font-size: 22px; }
  #hl-cookie-banner { position: fixed; inset: 0; z-index: 1000; background: rgba(16, 24, 40, .5);
    display: flex; align-items: flex-end; justify-content: center; }
  .hl-cookie-inner { width: 100%; padding: 20px 32px; background: #fff; border-top: 1px solid #d0d5dd; }
  .hl-cookie-buttons { display: flex; gap: 8px; margin-top: 8px; }
</style>
</head>
<body>
<div id="hl-app" class="hl-app"></div>
<script type="application/json" id="hl-config">__CONFIG__</script>
<script>
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("hl-config").textContent);
  var current = cfg.markup !== "changed";
  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
  var MONTHS_AHEAD = 12;

  // --- where the widget's calls go: LeadConnector's backend, or this origin when loaded from a loopback ---
  var hostname = location.hostname.toLowerCase();
  var loopback = hostname === "localhost" || /^[0-9.]+$/.test(hostname) || hostname.indexOf(":") >= 0 ||
    hostname.charAt(0) === "[";
  var apiBase = loopback ? location.origin : "https://backend.leadconnectorhq.com";

  var zone = cfg.page_zone;
  if (!zone) {
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { zone = null; }
  }
  try { new Intl.DateTimeFormat("en-US", {timeZone: zone || "UTC"}); } catch (e) { zone = null; }
  zone = zone || cfg.owner_zone || "UTC";

  // --- building blocks ---------------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function mark(node, name, value) {  // data attributes: gone from the "changed" markup
    if (current) node.setAttribute(name, value);
    return node;
  }
  function plain(node, cls) {  // the bare classes published scripts probe (.day, .time): gone when changed
    if (current) node.classList.add(cls);
    return node;
  }
  function button(cls, text, onClick) {
    var node = el("button", cls, text);
    node.type = "button";
    if (onClick) node.addEventListener("click", onClick);
    return node;
  }
  function disable(node) {
    node.disabled = true;
    node.setAttribute("aria-disabled", "true");
    return node;
  }
  var fieldCount = 0;
  function field(label, type, name, autocomplete, required, multiline) {
    var wrap = el("div", "hl-field");
    var input = el(multiline ? "textarea" : "input", "hl-input");
    input.id = "hl-field-" + (++fieldCount);
    if (!multiline) input.type = type;
    input.name = name;
    input.autocomplete = autocomplete;
    input.required = !!required;
    var tag = el("label", null, label + (required ? " *" : ""));
    tag.htmlFor = input.id;
    wrap.appendChild(tag);
    wrap.appendChild(input);
    return {wrap: wrap, input: input, label: label};
  }
  function showError(container, message) {
    clearError(container);
    var alert = el("div", "hl-alert", message);
    alert.setAttribute("role", "alert");
    container.insertBefore(alert, container.firstChild);
  }
  function clearError(container) {
    Array.prototype.slice.call(container.querySelectorAll("[role=alert]")).forEach(function (node) {
      node.remove();
    });
  }
  function query(pairs) {
    return pairs.map(function (p) { return encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]); }).join("&");
  }

  // --- dates in the page's zone ------------------------------------------------------------------
  var partsFormat = new Intl.DateTimeFormat("en-US", {timeZone: zone, year: "numeric", month: "numeric",
    day: "numeric"});
  var timeFormat = new Intl.DateTimeFormat("en-US", {timeZone: zone, hour: "numeric", minute: "2-digit",
    hour12: true});
  var dateFormat = new Intl.DateTimeFormat("en-US", {timeZone: zone, weekday: "long", month: "long",
    day: "numeric", year: "numeric"});
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function civil(y, m, d) {
    var t = new Date(Date.UTC(y, m, d));
    return {y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate(), wd: t.getUTCDay()};
  }
  function addDays(day, n) { return civil(day.y, day.m, day.d + n); }
  function dayKey(day) { return day.y + "-" + pad(day.m + 1) + "-" + pad(day.d); }
  function sameDay(a, b) { return !!a && !!b && a.y === b.y && a.m === b.m && a.d === b.d; }
  function dayOf(ms) {
    var out = {};
    partsFormat.formatToParts(new Date(ms)).forEach(function (p) { out[p.type] = p.value; });
    return civil(+out.year, +out.month - 1, +out.day);
  }
  function timeText(ms) { return timeFormat.format(new Date(ms)).replace(/[\s\u202f]+/g, " ").toLowerCase(); }
  function whenText(iso) {
    var ms = Date.parse(iso);
    return timeText(ms) + " - " + timeText(ms + cfg.length * 60000) + ", " + dateFormat.format(new Date(ms)) +
      " (" + zone + ")";
  }
  function zoneLabel() {
    var offset = "";
    try {
      new Intl.DateTimeFormat("en-US", {timeZone: zone, timeZoneName: "longOffset"})
        .formatToParts(new Date(cfg.now_ms)).forEach(function (p) {
          if (p.type === "timeZoneName") offset = p.value;
        });
    } catch (e) { offset = ""; }
    if (offset === "GMT") offset = "GMT+00:00";
    return offset ? zone + " (" + offset + ")" : zone;
  }

  // --- state and the free-slots call -------------------------------------------------------------------
  var today = dayOf(cfg.now_ms);
  var state = {offset: 0, loads: {}, loaded: {}, byDay: {}, gone: {}, day: null, slot: null, failed: false,
    busy: false, token: null, view: 0};
  function monthFirst(offset) { return civil(today.y, today.m + offset, 1); }
  function loadMonth(offset) {
    if (!state.loads[offset]) {
      var first = monthFirst(offset);
      var next = monthFirst(offset + 1);
      // A day either side: the answer keys its days in the page's zone, and only this month's are kept.
      var from = Math.max(Date.UTC(first.y, first.m, 1) - 86400000, cfg.now_ms);
      var to = Date.UTC(next.y, next.m, 1) + 86400000;
      var url = apiBase + "/calendars/" + encodeURIComponent(cfg.calendar_id) + "/free-slots?" +
        query([["startDate", String(from)], ["endDate", String(to)], ["timezone", zone]]);
      state.loads[offset] = fetch(url, {headers: {"Accept": "application/json"}})
        .then(function (r) { if (!r.ok) throw new Error("free-slots " + r.status); return r.json(); })
        .then(function (data) {
          Object.keys(data || {}).forEach(function (key) {
            if (!/^\d{4}-\d{2}-\d{2}$/.test(key)) return;
            var slots = (data[key] && data[key].slots) || [];
            var list = state.byDay[key] || (state.byDay[key] = []);
            slots.forEach(function (iso) {
              if (typeof iso === "string" && !state.gone[iso] && list.indexOf(iso) < 0) list.push(iso);
            });
            list.sort(function (a, b) { return Date.parse(a) - Date.parse(b); });
          });
          state.loaded[offset] = true;
        })
        .catch(function (error) { delete state.loads[offset]; throw error; });
    }
    return state.loads[offset];
  }
  function slotsOf(day) { return state.byDay[dayKey(day)] || []; }
  function forget(iso) {
    state.gone[iso] = true;
    Object.keys(state.byDay).forEach(function (key) {
      var at = state.byDay[key].indexOf(iso);
      if (at >= 0) state.byDay[key].splice(at, 1);
    });
  }

  // --- the frame of the page -------------------------------------------------------------------------
  var app = document.getElementById("hl-app");
  var header = el("header", "hl-header");
  header.appendChild(el("p", "hl-owner", cfg.owner));
  header.appendChild(el("h1", "hl-title", cfg.name));
  var meta = el("div", "hl-meta");
  var duration = mark(el("span", "hl-duration", cfg.duration_text), "data-duration-minutes", String(cfg.length));
  meta.appendChild(duration);
  var zoneWrap = el("span", "hl-timezone");
  zoneWrap.appendChild(el("span", null, "Timezone: "));
  var zoneButton = mark(button("hl-timezone-select", zoneLabel(), null), "data-zone", zone);
  zoneButton.setAttribute("aria-haspopup", "listbox");
  zoneButton.setAttribute("aria-label", "Timezone " + zoneLabel());
  zoneWrap.appendChild(zoneButton);
  meta.appendChild(zoneWrap);
  header.appendChild(meta);
  var main = el("main", "hl-body");
  app.appendChild(header);
  app.appendChild(main);

  function newView() { state.view += 1; state.busy = false; main.textContent = ""; return state.view; }

  // --- the calendar, the days and the times -------------------------------------------------------------
  function renderCalendar() {
    newView();
    captchaFrame = null;
    var month = monthFirst(state.offset);
    var loaded = !!state.loaded[state.offset];
    var picker = el("div", "hl-picker");
    var cal = el("section", "hl-calendar");
    cal.setAttribute("aria-label", "Select a date");
    if (!loaded && !state.failed) cal.setAttribute("aria-busy", "true");
    var head = el("div", "hl-cal-head");
    var previous = button("hl-nav", "‹", function () { shiftMonth(-1); });
    previous.setAttribute("aria-label", "Previous month");
    if (state.offset === 0) disable(previous);
    var next = button("hl-nav", "›", function () { shiftMonth(1); });
    next.setAttribute("aria-label", "Next month");
    if (state.offset >= MONTHS_AHEAD) disable(next);
    head.appendChild(previous);
    head.appendChild(el("h2", "hl-month-title", MONTHS[month.m] + " " + month.y));
    head.appendChild(next);
    cal.appendChild(head);
    if (state.failed) {
      var problem = el("div", "hl-alert", "Unable to load available slots. Please try again later.");
      problem.setAttribute("role", "alert");
      cal.appendChild(problem);
    }
    var grid = el("div", "hl-grid");
    grid.setAttribute("role", "grid");
    grid.setAttribute("aria-label", MONTHS[month.m] + " " + month.y);
    ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].forEach(function (name) {
      var cell = el("span", "hl-wd", name);
      cell.setAttribute("aria-hidden", "true");
      grid.appendChild(cell);
    });
    for (var i = 0; i < month.wd; i++) grid.appendChild(el("span", null));
    for (var d = month; d.m === month.m; d = addDays(d, 1)) grid.appendChild(dayButton(d, loaded));
    cal.appendChild(grid);
    picker.appendChild(cal);
    picker.appendChild(slotsPanel());
    main.appendChild(picker);
  }

  function dayButton(day, loaded) {
    var open = loaded && slotsOf(day).length > 0;
    var node = plain(button("hl-day" + (open ? " hl-open" : ""), day.d, function () {
      state.day = day;
      state.slot = null;
      renderCalendar();
    }), "day");
    mark(node, "data-date", dayKey(day));
    node.setAttribute("aria-label", WEEKDAYS[day.wd] + ", " + MONTHS[day.m] + " " + day.d + ", " + day.y);
    if (!open) disable(node);
    if (open && sameDay(day, state.day)) node.setAttribute("aria-pressed", "true");
    return node;
  }

  function slotsPanel() {
    var panel = el("section", "hl-slots");
    panel.setAttribute("aria-label", "Available times");
    var list = state.day ? slotsOf(state.day) : [];
    if (!state.day || !list.length) {
      panel.appendChild(el("p", "hl-hint", "Select a date to see available slots."));
      return panel;
    }
    panel.appendChild(el("h3", null, WEEKDAYS[state.day.wd] + ", " + MONTHS[state.day.m] + " " + state.day.d));
    list.forEach(function (iso) {
      var slot = plain(button("hl-slot", timeText(Date.parse(iso)), function () {
        state.slot = iso;
        renderCalendar();
      }), "time");
      mark(slot, "data-slot", iso);
      slot.setAttribute("aria-pressed", iso === state.slot ? "true" : "false");
      panel.appendChild(slot);
    });
    if (state.slot && list.indexOf(state.slot) >= 0) {
      var go = button("hl-primary hl-continue", "Continue", function () { chooseSlot(state.slot); });
      panel.appendChild(go);
    }
    return panel;
  }

  function shiftMonth(n) {
    var offset = Math.min(MONTHS_AHEAD, Math.max(0, state.offset + n));
    state.offset = offset;
    state.day = null;
    state.slot = null;
    state.failed = false;
    renderCalendar();
    loadMonth(offset).then(function () {
      if (state.offset === offset && !state.chosen) renderCalendar();
    }, function () {
      if (state.offset === offset && !state.chosen) { state.failed = true; renderCalendar(); }
    });
  }

  // --- the details form ---------------------------------------------------------------------------------
  var captchaFrame = null;
  function backButton() {
    return button("hl-secondary", "Back", function () { state.chosen = null; renderCalendar(); });
  }

  function chooseSlot(iso) {
    state.chosen = iso;
    if (cfg.sign_in) { signInWall(iso); return; }
    renderForm(iso);
  }

  function signInWall(iso) {
    newView();
    var box = el("section", "hl-form-step");
    box.appendChild(el("p", "hl-summary", whenText(iso)));
    box.appendChild(el("h2", null, "Sign in to book this meeting"));
    box.appendChild(el("p", null, "The calendar owner asks guests to sign in before they book."));
    var actions = el("div", "hl-actions");
    actions.appendChild(backButton());
    actions.appendChild(button("hl-primary", "Sign in with Google", null));
    box.appendChild(actions);
    main.appendChild(box);
  }

  function renderForm(iso) {
    var view = newView();
    state.token = null;
    var step = el("section", "hl-form-step");
    step.setAttribute("aria-label", "Enter your details");
    step.appendChild(el("h2", null, "Enter your details"));
    step.appendChild(el("p", "hl-summary", whenText(iso)));
    var form = el("form", "hl-form");
    form.noValidate = true;
    var first = field("First Name", "text", "first_name", "given-name", true);
    var last = field("Last Name", "text", "last_name", "family-name", true);
    var email = field("Email", "email", "email", "email", true);
    var phone = field("Phone", "tel", "phone", "tel", false);
    var required = [first, last, email];
    [first, last, email, phone].forEach(function (f) { form.appendChild(f.wrap); });
    var question = null;
    if (cfg.required_question) {
      question = field(cfg.required_question, "text", cfg.question_field, "off", true);
      required.push(question);
      form.appendChild(question.wrap);
    }
    var notes = field("Notes", null, "notes", "off", false, true);
    form.appendChild(notes.wrap);
    if (cfg.captcha) form.appendChild(captcha());
    var card = [];
    if (cfg.payment) {
      var section = mark(el("section", "hl-payment"), "data-testid", "payment-form");
      section.appendChild(el("h3", null, "Payment"));
      section.appendChild(el("p", null, "Pay with a card to book this appointment."));
      card = [field("Card number", "text", "card_number", "cc-number", true),
        field("Expiration date (MM/YY)", "text", "card_expiry", "cc-exp", true),
        field("Security code", "text", "card_cvc", "cc-csc", true)];
      card.forEach(function (f) { section.appendChild(f.wrap); required.push(f); });
      form.appendChild(section);
    }
    var actions = el("div", "hl-actions");
    actions.appendChild(backButton());
    var book = el("button", "hl-primary hl-book", cfg.payment ? "Pay and book" : "Book");
    book.type = "submit";
    actions.appendChild(book);
    form.appendChild(actions);
    step.appendChild(form);
    main.appendChild(step);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.busy) return;
      clearError(step);
      var missing = required.filter(function (f) {
        f.input.removeAttribute("aria-invalid");
        return !f.input.value.trim();
      });
      if (missing.length) {
        missing.forEach(function (f) { f.input.setAttribute("aria-invalid", "true"); });
        showError(step, "Please fill in all required fields.");
        missing[0].input.focus();
        return;
      }
      var address = email.input.value.trim();
      if (!EMAIL.test(address)) {
        email.input.setAttribute("aria-invalid", "true");
        showError(step, "Please enter a valid email address.");
        return;
      }
      var session = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
      var data = {first_name: first.input.value.trim(), last_name: last.input.value.trim(), email: address,
        phone: phone.input.value.trim(), notes: notes.input.value.trim(), formId: cfg.form_id,
        location_id: cfg.location_id, calendar_id: cfg.calendar_id, selected_slot: iso, selected_timezone: zone,
        Timezone: zoneLabel(), sessionId: session,
        eventData: {source: "direct", referrer: document.referrer, page: {url: location.href, title: document.title},
          timestamp: Date.now(), type: "page-visit", medium: "calendar", mediumId: cfg.calendar_id}};
      if (question) data[cfg.question_field] = question.input.value.trim();
      if (cfg.payment) {
        data.payment = {card_number: card[0].input.value.trim(), expiry: card[1].input.value.trim(),
          cvc: card[2].input.value.trim()};
      }
      send(data, view, step, book);
    });
    first.input.focus();
  }

  function captcha() {
    var box = el("div", "hl-captcha");
    var frame = el("iframe", "hl-captcha-frame");
    frame.title = "reCAPTCHA";
    frame.setAttribute("role", "presentation");
    frame.srcdoc = "<!doctype html><html><body style=\"margin:0;font:14px Arial,sans-serif\">" +
      "<label style=\"display:flex;align-items:center;gap:12px;height:74px;padding:0 12px;" +
      "border:1px solid #d3d3d3;border-radius:3px;background:#f9f9f9\">" +
      "<input type=\"checkbox\" id=\"anchor\" style=\"width:24px;height:24px\">I'm not a robot</label>" +
      "<script>document.getElementById('anchor').addEventListener('change',function(e){" +
      "if(e.target.checked)parent.postMessage({recaptcha:'solved'},'*');});<\/script></body></html>";
    captchaFrame = frame;
    box.appendChild(frame);
    return box;
  }
  window.addEventListener("message", function (event) {
    if (captchaFrame && event.source === captchaFrame.contentWindow && event.data &&
        event.data.recaptcha === "solved") {
      state.token = cfg.captcha_token;
    }
  });

  function send(data, view, container, submitButton) {
    state.busy = true;
    submitButton.setAttribute("aria-busy", "true");
    var body = new FormData();
    body.append("formData", JSON.stringify(data));
    body.append("locationId", cfg.location_id);
    body.append("formId", cfg.form_id);
    body.append("captchaV3", state.token || cfg.captcha_v3);
    function done() {
      state.busy = false;
      submitButton.removeAttribute("aria-busy");
    }
    fetch(apiBase + "/appengine/appointment", {method: "POST", body: body,
      headers: {"Accept": "application/json", "fullurl": location.href, "timezone": zone}})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (d) { return {status: r.status, data: d}; });
      })
      .then(function (answer) {
        done();
        if (view !== state.view) return;
        var got = answer.data || {};
        if (answer.status === 202 && got.verificationRequired) verify(data);
        else if (answer.status >= 200 && answer.status < 300 && got.id) confirmed(got, data);
        else {
          var message = (typeof got.message === "string" && got.message) || got.error ||
            "Something went wrong. Please try again.";
          if (/no longer available/i.test(message)) forget(data.selected_slot);
          showError(container, message);
        }
      }, function () {
        done();
        if (view === state.view) {
          showError(container, "We couldn't book your appointment. Check your connection and try again.");
        }
      });
  }

  function verify(data) {
    var view = newView();
    var step = el("section", "hl-form-step");
    step.appendChild(el("p", "hl-summary", whenText(data.selected_slot)));
    var prompt = el("h2", null, "Enter the verification code");
    prompt.setAttribute("role", "status");
    step.appendChild(prompt);
    step.appendChild(el("p", null, "We sent a verification code to " + data.email + "."));
    var form = el("form", "hl-form");
    form.noValidate = true;
    var code = field("Verification code", "text", "verification_code", "one-time-code", true);
    code.input.inputMode = "numeric";
    form.appendChild(code.wrap);
    var actions = el("div", "hl-actions");
    actions.appendChild(backButton());
    var submitButton = el("button", "hl-primary", "Verify");
    submitButton.type = "submit";
    actions.appendChild(submitButton);
    form.appendChild(actions);
    step.appendChild(form);
    main.appendChild(step);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.busy) return;
      clearError(step);
      var value = code.input.value.trim();
      if (!value) { showError(step, "Please enter the code we sent you."); return; }
      var again = JSON.parse(JSON.stringify(data));
      again.verification_code = value;
      send(again, view, step, submitButton);
    });
    code.input.focus();
  }

  function confirmed(got, data) {
    newView();
    forget(data.selected_slot);
    var done = el("section", "hl-confirmation");
    done.setAttribute("role", "status");
    done.appendChild(el("h2", null, "Your booking is confirmed"));
    done.appendChild(el("p", null, "You're scheduled with " + cfg.owner + "."));
    done.appendChild(el("p", "hl-summary", whenText(data.selected_slot)));
    done.appendChild(el("p", null, "A confirmation has been sent to " + data.email + "."));
    main.appendChild(done);
    if (cfg.thank_you_url) setTimeout(function () { location.assign(cfg.thank_you_url); }, 300);
  }

  function inactive() {
    newView();
    var box = el("section", "hl-inactive");
    var alert = el("h2", null, "Calendar is inactive");
    alert.setAttribute("role", "alert");
    box.appendChild(alert);
    box.appendChild(el("p", null, "This calendar is not taking bookings right now."));
    main.appendChild(box);
  }

  // --- a consent banner --------------------------------------------------------------------------------
  if (cfg.cookie_banner) {
    var banner = el("div", null);
    banner.id = "hl-cookie-banner";
    banner.setAttribute("role", "dialog");
    banner.setAttribute("aria-label", "Cookie consent");
    var inner = el("div", "hl-cookie-inner");
    inner.appendChild(el("p", null, "We use cookies to improve your experience. By using this page you " +
      "agree to our use of cookies."));
    var area = el("div", "hl-cookie-buttons");
    var accept = button("hl-primary", "Accept All", function () { banner.remove(); });
    accept.id = "hl-cookie-accept";
    area.appendChild(accept);
    area.appendChild(button("hl-secondary", "Reject", function () { banner.remove(); }));
    inner.appendChild(area);
    banner.appendChild(inner);
    document.body.appendChild(banner);
  }

  document.title = cfg.name + " | " + cfg.owner;
  state.chosen = null;
  if (!cfg.active) {
    inactive();
  } else {
    renderCalendar();
    loadMonth(0).then(function () {
      if (state.offset === 0 && !state.chosen) renderCalendar();
    }, function () {
      if (state.offset === 0 && !state.chosen) { state.failed = true; renderCalendar(); }
    });
  }
})();
</script>
</body>
</html>
"""

__all__ = [
    "BACKEND_HOST",
    "BOOK_PATH",
    "CALENDAR_INACTIVE",
    "CAPTCHA_FAILED",
    "LEGACY_FREE_SLOTS_PATH",
    "QUESTION_FIELD",
    "SLOT_GONE",
    "VERIFICATION_PROMPT",
    "GoHighLevelReplica",
    "WidgetCalendar",
]
