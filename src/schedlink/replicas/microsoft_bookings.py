"""A local replica of Microsoft Bookings pages, shared and personal ("Bookings with me"), for browser
drivers' tests.

The product maps ``outlook.office365.com``, ``outlook.office.com`` and ``bookings.cloud.microsoft`` to
:attr:`MicrosoftBookingsReplica.origin` at the network layer, so a browser loads
``https://outlook.office365.com/book/{mailbox}/`` or
``https://outlook.office.com/bookwithme/user/{32-hex}@{domain}/meetingtype/{id}?anonymous&ep=mlink`` as the
real address while the replica sees the plain HTTP path. The page is one self-contained HTML document
(inline script and style, no outside assets) that renders itself client-side from the anonymous "c2" API
below, as Microsoft's page does.

Routes (``{business}`` is the shared mailbox, or ``mbx:{32-hex}@{domain}`` for a personal page; ``@`` may
be written ``%40``; the API's path is matched without regard to case)
    ``GET  /book/{mailbox}/`` [``s/{serviceId}``]                     the shared page
    ``GET  /bookwithme/user/{32-hex}@{domain}/meetingtype/{id}``      a personal page (one meeting type)
    ``GET  /bookwithme/user/{32-hex}@{domain}``                       a personal page (every meeting type)
    ``GET  /BookingsService/api/V1/bookingBusinessesc2/{business}``                    ``{"businessInfo"}``
    ``GET|POST …/{business}/services``                                ``{"service": [{serviceId, title,
                                                                      defaultDuration, formattedDuration,
                                                                      staffMemberIds, customQuestions, …}]}``
    ``GET  …/{business}/staffmembers``                                ``{"staffMembers": [{id, displayName}]}``
    ``POST …/{business}/GetStaffAvailability``                        ``{"serviceId"?, "staffIds"?,
                                                                      "startDateTime": {dateTime, timeZone},
                                                                      "endDateTime": {…}}`` →
                                                                      ``{"staffAvailabilityResponse": […]}``
    ``GET  …/{business}/services/{serviceId}/availability?start=``    ``{"isAvailable": bool}`` (the page's
                                                                      check when the form opens)
    ``POST …/{business}/appointments``                                book (body below)
    ``DELETE …/{business}/appointments/{id}``                         cancel
    ``GET /_replica/state`` ``POST /_replica/reset`` ``GET|POST /_replica/scenario``   replica-only admin

What follows Microsoft (providers.md §7):
    * the link shapes (``/book/{mailbox}/``, ``/bookwithme/user/{32-hex}@{domain}/meetingtype/{id}``, the
      query ``?anonymous&ismsaljsauthenabled&ep=mlink`` ignored) and the c2 API's paths, personal pages'
      ``mbx:`` business ids;
    * the availability body and answer: times are ``{"dateTime": "2026-12-08T14:30:00", "timeZone":
      "Eastern Standard Time"}`` in Windows zone names (IANA names are accepted too), items
      ``{"status": "BOOKINGSAVAILABILITYSTATUS_AVAILABLE", "startDateTime", "endDateTime", "serviceId"}``
      grouped by ``staffId``; answered in the zone the request named;
    * the appointment body ``{"appointment": {"startTime", "endTime", "serviceId", "staffMemberIds",
      "customers": [{"name", "emailAddress", "phone", "notes", "timeZone", "answeredCustomQuestions"}],
      "isLocationOnline", "verificationCode", "customerTimeZone"}, "preferences": {"staffCandidates"}}``;
    * the email verification of "Bookings with me" (always on personal pages; on any page when
      ``PageScenario.email_code`` is set): a POST without ``verificationCode`` books nothing, answers HTTP
      500 with ``SelfServiceBookingEmailVerificationRequired`` in the body and "emails" a 6-digit code
      (read it with :meth:`MicrosoftBookingsReplica.email_codes`); the POST again with the code books;
    * the selectors public automation uses (§7.4): times as buttons whose text matches
      ``\\d{1,2}:\\d{2} (AM|PM)``, day numbers in ``role="gridcell"`` of a ``role="grid"`` month, the month
      buttons ``aria-label="Next month"``/``"Previous month"``.

What is assumed (no source found; plausible, kept simple):
    * the page's layout, wording and labels: the service name and its duration ("30 minutes"); the zone
      line ``[data-testid="timezone"]`` reading like "(UTC-05:00) Eastern Time (US & Canada) ·
      America/New_York" (Windows-style, with the standard offset); day buttons labelled "Tuesday,
      December 8, 2026", ``aria-disabled="true"`` when the day has no times; the month title "December
      2026"; the inputs "Name", "Email", "Phone number (optional)", "Notes (optional)"; the "Book" button;
      "Booking confirmed" / "Your booking has been confirmed"; "Verify your email" / "Enter the code we
      sent to …" with the input "Verification code"; errors in ``[role="alert"]``;
    * the attributes ``data-start`` on time buttons (the instant, ISO 8601 with the page zone's offset),
      ``data-date`` on day buttons and ``data-zone`` on the zone line are the replica's own (the real
      page is only known to carry the visible texts); ``data-testid`` values are the replica's too;
    * the answer to a booking: 200 ``{"appointmentId", "startTime", "endTime", "appointment": {"id", …}}``
      with the times in the zone of the request's ``startTime``; the refusals, all shaped
      ``{"error": {"code", "message"}}``: slot taken or not offered → 409 ``SlotUnavailable`` ("The
      selected time is no longer available."); wrong verification code → 400 ``InvalidCode`` (a capture
      saw Microsoft answer 500 here: a client should go by the code in the body, not the status); invalid
      body or zone → 400 ``InvalidRequest``; captcha unsolved → 400 ``CaptchaRequired``; sign-in wall →
      401 ``AuthenticationRequired``; payment missing → 402 ``PaymentRequired``; unknown business,
      service or appointment → 404 ``NotFound``; the availability check route and its
      ``{"isAvailable"}`` answer;
    * an availability item is one offered start (``startDateTime`` to ``startDateTime`` + the service's
      length), not a longer block to be stepped through; a page's business has one staff member, so a
      booking blocks every start of that business it overlaps, whichever service;
    * the captcha token (``appointment.captchaToken``) comes from a frame on the form that hands the page
      a token the replica issued with the page; such tokens stay valid until
      :meth:`MicrosoftBookingsReplica.reset`; the card fields go in ``appointment.payment``
      (``cardNumber``, ``expiry``, ``securityCode``); the required question is a custom question
      (``questionId`` :data:`REQUIRED_QUESTION_ID`) answered in ``answeredCustomQuestions``;
    * a verification code is kept per business and lower-cased address until a booking uses it;
    * a personal page's business id is ``mbx:{32-hex}@{domain}`` (Microsoft's carries the tenant id after
      the ``@``); the business's display name is the mailbox's local part ("Bookings with me" for a
      personal page); the availability windows the page asks for are written in ``"UTC"``.

The "changed" markup (``PageScenario.markup``) is the same page after a release renamed things: classes
and ids get another prefix and ``data-testid``, ``data-start``, ``data-date`` and ``data-zone`` are gone;
texts, labels, ``aria-label`` values and ARIA roles stay.
"""

from __future__ import annotations

import copy
import html
import json
import re
import secrets
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schedlink.replicas.page_scenario import PageBooking, PageScenario
from schedlink.replicas.server import Answer, ReplicaRequest, ReplicaServer, html_answer, json_answer

SLOT_UNAVAILABLE = "The selected time is no longer available."
VERIFICATION_REQUIRED = "SelfServiceBookingEmailVerificationRequired"
REQUIRED_QUESTION_ID = "customQuestion-required"
AVAILABLE = "BOOKINGSAVAILABILITYSTATUS_AVAILABLE"
API_PREFIX = "/BookingsService/api/V1/bookingBusinessesc2/"

JsonObject = dict[str, Any]
Kind = Literal["shared", "personal"]

# Windows zone name → (IANA zone, Windows display name without its offset).
WINDOWS_ZONES: dict[str, tuple[str, str]] = {
    "Dateline Standard Time": ("Etc/GMT+12", "International Date Line West"),
    "Hawaiian Standard Time": ("Pacific/Honolulu", "Hawaii"),
    "Alaskan Standard Time": ("America/Anchorage", "Alaska"),
    "Pacific Standard Time": ("America/Los_Angeles", "Pacific Time (US & Canada)"),
    "US Mountain Standard Time": ("America/Phoenix", "Arizona"),
    "Mountain Standard Time": ("America/Denver", "Mountain Time (US & Canada)"),
    "Central Standard Time": ("America/Chicago", "Central Time (US & Canada)"),
    "Central Standard Time (Mexico)": ("America/Mexico_City", "Guadalajara, Mexico City, Monterrey"),
    "Eastern Standard Time": ("America/New_York", "Eastern Time (US & Canada)"),
    "SA Pacific Standard Time": ("America/Bogota", "Bogota, Lima, Quito, Rio Branco"),
    "Atlantic Standard Time": ("America/Halifax", "Atlantic Time (Canada)"),
    "Newfoundland Standard Time": ("America/St_Johns", "Newfoundland"),
    "E. South America Standard Time": ("America/Sao_Paulo", "Brasilia"),
    "Argentina Standard Time": ("America/Argentina/Buenos_Aires", "City of Buenos Aires"),
    "UTC": ("Etc/UTC", "Coordinated Universal Time"),
    "GMT Standard Time": ("Europe/London", "Dublin, Edinburgh, Lisbon, London"),
    "Greenwich Standard Time": ("Atlantic/Reykjavik", "Monrovia, Reykjavik"),
    "W. Europe Standard Time": ("Europe/Berlin", "Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
    "Central Europe Standard Time": ("Europe/Budapest", "Belgrade, Bratislava, Budapest, Ljubljana, Prague"),
    "Romance Standard Time": ("Europe/Paris", "Brussels, Copenhagen, Madrid, Paris"),
    "Central European Standard Time": ("Europe/Warsaw", "Sarajevo, Skopje, Warsaw, Zagreb"),
    "W. Central Africa Standard Time": ("Africa/Lagos", "West Central Africa"),
    "GTB Standard Time": ("Europe/Bucharest", "Athens, Bucharest"),
    "FLE Standard Time": ("Europe/Helsinki", "Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius"),
    "Israel Standard Time": ("Asia/Jerusalem", "Jerusalem"),
    "South Africa Standard Time": ("Africa/Johannesburg", "Harare, Pretoria"),
    "Turkey Standard Time": ("Europe/Istanbul", "Istanbul"),
    "Russian Standard Time": ("Europe/Moscow", "Moscow, St. Petersburg"),
    "Arabian Standard Time": ("Asia/Dubai", "Abu Dhabi, Muscat"),
    "Pakistan Standard Time": ("Asia/Karachi", "Islamabad, Karachi"),
    "India Standard Time": ("Asia/Kolkata", "Chennai, Kolkata, Mumbai, New Delhi"),
    "Bangladesh Standard Time": ("Asia/Dhaka", "Dhaka"),
    "SE Asia Standard Time": ("Asia/Bangkok", "Bangkok, Hanoi, Jakarta"),
    "China Standard Time": ("Asia/Shanghai", "Beijing, Chongqing, Hong Kong, Urumqi"),
    "Singapore Standard Time": ("Asia/Singapore", "Kuala Lumpur, Singapore"),
    "Tokyo Standard Time": ("Asia/Tokyo", "Osaka, Sapporo, Tokyo"),
    "Korea Standard Time": ("Asia/Seoul", "Seoul"),
    "E. Australia Standard Time": ("Australia/Brisbane", "Brisbane"),
    "AUS Eastern Standard Time": ("Australia/Sydney", "Canberra, Melbourne, Sydney"),
    "New Zealand Standard Time": ("Pacific/Auckland", "Auckland, Wellington"),
}
_WINDOWS_BY_LOWER = {name.lower(): name for name in WINDOWS_ZONES}
_IANA_TO_WINDOWS = {iana: name for name, (iana, _) in WINDOWS_ZONES.items()} | {"UTC": "UTC"}

_TOKEN_CAP = 1000
_MAILBOX = re.compile(r"^[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$")
_USER = re.compile(r"^[0-9a-fA-F]{32}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+$")
_TOKEN = re.compile(r"^[A-Za-z0-9_=-]{1,200}$")
_SHARED_PAGE = re.compile(r"^/book/([^/]+)(?:/s/([^/]+))?$")
_PERSONAL_PAGE = re.compile(r"^/bookwithme/user/([^/]+)(?:/meetingtype/([^/]+))?$")
_API = re.compile(r"^/bookingsservice/api/v1/bookingbusinessesc2/([^/]+)(?:/(.*))?$", re.IGNORECASE)
_SLOT_CHECK = re.compile(r"^services/([^/]+)/availability$", re.IGNORECASE)
_APPOINTMENT = re.compile(r"^appointments/([^/]+)$", re.IGNORECASE)
_LOCAL_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CHANGED_PREFIX = "v3Qe-"  # class and id prefix of the "changed" markup (a release renamed them)


@dataclass
class BookingsService:
    """One service of a shared page (or one meeting type of a personal page): its name, length, owner's
    zone and offered UTC starts."""

    id: str
    name: str
    length: int
    zone: str
    starts: set[datetime] = field(default_factory=set)


@dataclass
class BookingsBusiness:
    """A shared mailbox or a personal calendar: its services and its one staff member."""

    kind: Kind
    owner: str  # the mailbox, or the personal page's ``{32-hex}@{domain}``, as added
    staff_id: str
    services: dict[str, BookingsService] = field(default_factory=dict)

    @property
    def api_id(self) -> str:
        """The business id in the c2 API's paths."""
        return self.owner if self.kind == "shared" else f"mbx:{self.owner}"

    @property
    def display_name(self) -> str:
        return self.owner.split("@")[0] if self.kind == "shared" else "Bookings with me"


@dataclass
class _Booked:
    business: str  # key
    service_id: str
    booking: PageBooking


def _json_no_store(status: int, payload: object) -> Answer:
    """JSON as the page's calls get it: never kept by a cache."""
    return json_answer(status, payload, {"Cache-Control": "no-store"})


def _error(status: int, code: str, message: str) -> Answer:
    return _json_no_store(status, {"error": {"code": code, "message": message}})


def _not_found() -> Answer:
    return _error(404, "NotFound", "The requested booking page or item was not found.")


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("time zone-aware datetime required")
    return moment.astimezone(UTC)


def _key(owner: str) -> str:
    """The lookup key of a business: decoded, lower-cased, without the ``mbx:`` prefix."""
    text = unquote(owner).strip().lower()
    return text.removeprefix("mbx:")


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def zone_named(name: object) -> tuple[str, tzinfo] | None:
    """A Windows zone name (or an IANA one) → (the name as the API writes it back, its zone)."""
    if not isinstance(name, str) or not name.strip():
        return None
    written = _WINDOWS_BY_LOWER.get(name.strip().lower())
    if written is not None:
        return written, ZoneInfo(WINDOWS_ZONES[written][0])
    try:
        return name.strip(), ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _moment(value: object) -> tuple[datetime, str, tzinfo] | None:
    """``{"dateTime", "timeZone"}`` → (the UTC instant, the zone's name, the zone); an offset in
    ``dateTime`` wins over ``timeZone``, which may then be left out."""
    if not isinstance(value, dict):
        return None
    found = _LOCAL_TIME.match(_text(value.get("dateTime")))
    if found is None:
        return None
    named = zone_named(value.get("timeZone")) if value.get("timeZone") else ("UTC", UTC)
    if named is None:
        return None
    try:
        local = datetime.fromisoformat(found.group(1))
    except ValueError:
        return None
    offset = found.group(2)
    if offset:
        moment = datetime.fromisoformat(found.group(1) + ("+00:00" if offset == "Z" else offset))
    else:
        moment = local.replace(tzinfo=named[1])
    return moment.astimezone(UTC), named[0], named[1]


def _wall(moment: datetime, zone_name: str, zone: tzinfo) -> JsonObject:
    """An instant as the API writes it: local wall time without an offset, and the zone's name."""
    return {"dateTime": moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": zone_name}


def _iso_duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def duration_text(minutes: int) -> str:
    """The page's wording: "30 minutes", "1 hour", "1 hour 30 minutes", "2 hours"."""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour" + ("s" if hours > 1 else "")] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute" + ("" if rest == 1 else "s"))
    return " ".join(parts)


def _script_json(payload: object) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(payload, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _iana(zone: str) -> str:
    """An IANA zone from an IANA or a Windows name (``ValueError`` if neither)."""
    named = zone_named(zone)
    if named is None:
        raise ValueError(f"unknown time zone {zone!r}")
    written, found = named
    return WINDOWS_ZONES[written][0] if written in WINDOWS_ZONES else str(found)


class MicrosoftBookingsReplica(ReplicaServer):
    """Microsoft Bookings pages (shared and personal) on ``127.0.0.1``: add pages and offers, then point a
    browser at it.

    All state sits behind one lock, so the check that a start is free and the booking that takes it are
    one step: concurrent POSTs for one start yield exactly one booking.
    """

    name = "microsoft-bookings"
    stands_for = "https://outlook.office365.com"
    methods = frozenset({"GET", "POST", "PUT", "DELETE"})

    def __init__(self, port: int = 0, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(port, now=now)
        self._businesses: dict[str, BookingsBusiness] = {}
        self._booked: list[_Booked] = []
        self._taken_by_others: list[tuple[str, datetime, datetime]] = []  # (business key, start, end)
        self._codes: dict[tuple[str, str], str] = {}  # (business key, lower-cased email) → code
        self._captcha_tokens: deque[str] = deque(maxlen=_TOKEN_CAP)

    # --- configuration ---------------------------------------------------------------------------

    def add_shared(
        self,
        mailbox: str,
        *,
        service: str = "Intro call",
        length: int = 30,
        zone: str = "America/New_York",
        starts: Iterable[datetime] = (),
        service_id: str | None = None,
    ) -> BookingsService:
        """Add a service to the shared page ``/book/{mailbox}/`` (created with its first service)."""
        if not _MAILBOX.match(mailbox):
            raise ValueError(f"mailbox {mailbox!r} is not an address like desk@contoso.com")
        return self._add("shared", mailbox, service_id or str(uuid.uuid4()), service, length, zone, starts)

    def add_personal(
        self,
        user: str,
        meeting_type: str,
        *,
        service: str = "Intro call",
        length: int = 30,
        zone: str = "America/New_York",
        starts: Iterable[datetime] = (),
    ) -> BookingsService:
        """Add the meeting type ``meeting_type`` to the personal page of ``user`` (``{32-hex}@{domain}``),
        served at ``/bookwithme/user/{user}/meetingtype/{meeting_type}``."""
        if not _USER.match(user):
            raise ValueError(f"user {user!r} is not like 0123456789abcdef0123456789abcdef@contoso.com")
        return self._add("personal", user, meeting_type, service, length, zone, starts)

    def _add(
        self,
        kind: Kind,
        owner: str,
        service_id: str,
        name: str,
        length: int,
        zone: str,
        starts: Iterable[datetime],
    ) -> BookingsService:
        if not _TOKEN.match(service_id):
            raise ValueError(f"service id {service_id!r} is not a URL-safe token")
        if not name.strip():
            raise ValueError("the service needs a name")
        if length < 1:
            raise ValueError("length must be at least one minute")
        added = BookingsService(service_id, name, length, _iana(zone), {_utc(start) for start in starts})
        key = _key(owner)
        with self._lock:
            business = self._businesses.get(key)
            if business is None:
                business = BookingsBusiness(kind, owner, str(uuid.uuid4()))
                self._businesses[key] = business
            if business.kind != kind:
                raise ValueError(f"{owner} is already a {business.kind} page")
            if service_id in business.services:
                raise ValueError(f"{owner} already has the service {service_id}")
            business.services[service_id] = added
            return copy.deepcopy(added)

    def offer(self, owner: str, starts: Iterable[datetime], *, service: str | None = None) -> None:
        """Add ``starts`` (aware datetimes) to the times a page's service offers; ``owner`` is the mailbox
        or the personal user, ``service`` a service id (the meeting type) or name, needed when the page
        has several."""
        moments = {_utc(start) for start in starts}
        with self._lock:
            business = self._businesses.get(_key(owner))
            if business is None:
                raise KeyError(f"no page for {owner}")
            candidates = [
                s for s in business.services.values() if service is None or service in (s.id, s.name)
            ]
            if len(candidates) != 1:
                raise KeyError(f"name one service of {owner}: {', '.join(business.services)}")
            candidates[0].starts.update(moments)

    def _forget(self) -> None:
        """Bookings, times taken by others, codes and tokens; pages, their offers and the scenario stay."""
        self._booked.clear()
        self._taken_by_others.clear()
        self._codes.clear()
        self._captcha_tokens.clear()

    # --- introspection ---------------------------------------------------------------------------

    def bookings(self) -> list[PageBooking]:
        """The bookings made and not cancelled, oldest first."""
        with self._lock:
            return [record.booking for record in self._booked]

    def email_codes(self) -> dict[str, str]:
        """The verification codes "emailed" so far and not used yet, by lower-cased address."""
        with self._lock:
            return {email: code for (_, email), code in self._codes.items()}

    def businesses(self) -> list[BookingsBusiness]:
        with self._lock:
            return copy.deepcopy(list(self._businesses.values()))

    def state(self) -> JsonObject:
        """Pages, bookings, submissions, codes, scenario and request log, as JSON values."""
        with self._lock:
            return {
                "businesses": [
                    {
                        "kind": b.kind,
                        "owner": b.owner,
                        "api_id": b.api_id,
                        "staff_id": b.staff_id,
                        "services": [
                            {
                                "id": s.id,
                                "name": s.name,
                                "length": s.length,
                                "zone": s.zone,
                                "starts": sorted(start.isoformat() for start in s.starts),
                            }
                            for s in b.services.values()
                        ],
                    }
                    for b in self._businesses.values()
                ],
                "bookings": [
                    {
                        "business": self._businesses[r.business].api_id,
                        "service_id": r.service_id,
                        "appointment_id": r.booking.id,
                        "start": r.booking.start.isoformat(),
                        "end": r.booking.end.isoformat(),
                        "name": r.booking.name,
                        "email": r.booking.email,
                        "answers": r.booking.answers,
                        "notes": r.booking.notes,
                    }
                    for r in self._booked
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
        method, target, body = request.method, request.target, request.body
        parts = urlsplit(target)
        path = parts.path.rstrip("/") or "/"
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        if path.startswith("/_replica/"):
            return self._admin(method, path.removeprefix("/_replica/"), body)
        self._log(method, target)
        api = _API.match(path)
        if api is not None:
            return self._api(method, _key(api.group(1)), api.group(2) or "", query, body)
        kind: Kind = "shared"
        match = _SHARED_PAGE.match(path)
        if match is None:
            kind, match = "personal", _PERSONAL_PAGE.match(path)
        if match is None:
            return html_answer(404, _NOT_FOUND_PAGE)
        if method != "GET":
            return _error(405, "MethodNotAllowed", f"{method} is not allowed here")
        owner, service = unquote(match.group(1)), match.group(2)
        return self._page(kind, owner, unquote(service) if service else None)

    def too_large(self, request: ReplicaRequest) -> Answer:
        return _error(413, "RequestTooLarge", "Request body too large")

    def _api(self, method: str, key: str, action: str, query: Mapping[str, str], body: bytes) -> Answer:
        lowered = action.lower()
        with self._lock:
            known = key in self._businesses
        allowed: dict[str, tuple[str, ...]] = {
            "": ("GET",),
            "services": ("GET", "POST"),
            "staffmembers": ("GET",),
            "getstaffavailability": ("POST",),
            "appointments": ("POST",),
        }
        check = _SLOT_CHECK.match(action)
        cancel = _APPOINTMENT.match(action)
        methods = allowed.get(lowered) or (("GET",) if check else ("DELETE",) if cancel else None)
        if methods is None:
            return _not_found()
        if method not in methods:
            return _error(405, "MethodNotAllowed", f"{method} is not allowed here")
        if lowered == "appointments":
            return self._book(key, body)
        if not known:
            return _not_found()
        if lowered == "":
            return self._business_info(key)
        if lowered == "services":
            return self._services(key)
        if lowered == "staffmembers":
            return self._staff(key)
        if lowered == "getstaffavailability":
            return self._availability(key, body)
        if check is not None:
            return self._check(key, unquote(check.group(1)), query)
        assert cancel is not None
        return self._cancel(key, unquote(cancel.group(1)))

    # --- the page --------------------------------------------------------------------------------

    def _page(self, kind: str, owner: str, service_id: str | None) -> Answer:
        with self._lock:
            business = self._businesses.get(_key(owner))
            if business is None or business.kind != kind or not business.services:
                return html_answer(404, _NOT_FOUND_PAGE)
            if service_id is not None and service_id not in business.services:
                return html_answer(404, _NOT_FOUND_PAGE)
            scenario = replace(self.scenario)
            token = None
            if scenario.captcha:
                token = secrets.token_urlsafe(24)
                self._captcha_tokens.append(token)
            now = self._now()
            if kind == "personal" and service_id is not None:
                services = [business.services[service_id]]
            else:
                services = list(business.services.values())
            listed = [
                {"id": s.id, "name": s.name, "length": s.length, "duration_text": duration_text(s.length)}
                for s in services
            ]
            first = business.services[service_id] if service_id else services[0]
            title, api_id, staff_id, owner_zone = (
                business.display_name,
                business.api_id,
                business.staff_id,
                first.zone,
            )
        config = {
            "kind": kind,
            "business_name": title,
            "api_base": API_PREFIX + api_id,
            "staff_id": staff_id,
            "services": listed,
            "selected_service": first.id,
            "owner_zone": owner_zone,
            "now_ms": int(now.timestamp() * 1000),
            "zone_names": dict(WINDOWS_ZONES.values()),
            "windows_names": _IANA_TO_WINDOWS,
            "page_zone": scenario.page_zone,
            "markup": scenario.markup,
            "cookie_banner": scenario.cookie_banner,
            "required_question": scenario.required_question,
            "required_question_id": REQUIRED_QUESTION_ID,
            "captcha": scenario.captcha,
            "captcha_token": token,
            "email_code": scenario.email_code or kind == "personal",
            "sign_in": scenario.sign_in,
            "payment": scenario.payment,
            "thank_you_url": scenario.thank_you_url,
        }
        template = _PAGE if scenario.markup != "changed" else _PAGE.replace("mb-", _CHANGED_PREFIX)
        page = template.replace("__TITLE__", html.escape(title)).replace("__CONFIG__", _script_json(config))
        return html_answer(200, page)

    # --- GET …/{business}, …/services, …/staffmembers ------------------------------------------

    def _business_info(self, key: str) -> Answer:
        with self._lock:
            business = self._businesses[key]
            first = next(iter(business.services.values()))
            return _json_no_store(
                200,
                {
                    "businessInfo": {
                        "id": business.api_id,
                        "displayName": business.display_name,
                        "businessTimeZone": _IANA_TO_WINDOWS.get(first.zone, first.zone),
                        "schedulingPolicy": {"timeSlotInterval": _iso_duration(first.length)},
                    }
                },
            )

    def _services(self, key: str) -> Answer:
        with self._lock:
            business = self._businesses[key]
            scenario = replace(self.scenario)
            questions = (
                [
                    {
                        "questionId": REQUIRED_QUESTION_ID,
                        "question": scenario.required_question,
                        "answerInputType": "ANSWER_INPUT_TYPE_TEXT",
                        "isRequired": True,
                    }
                ]
                if scenario.required_question
                else []
            )
            listed = [
                {
                    "serviceId": s.id,
                    "title": s.name,
                    "description": "",
                    "defaultDuration": _iso_duration(s.length),
                    "formattedDuration": duration_text(s.length),
                    "staffMemberIds": [business.staff_id],
                    "isHiddenFromCustomers": False,
                    "isLocationOnline": True,
                    "restrictionType": "BOOKING_SERVICE_RESTRICTION_PUBLIC",
                    "defaultPrice": 0,
                    "defaultPriceType": (
                        "SERVICEDEFAULTPRICETYPES_FIXED_PRICE"
                        if scenario.payment
                        else "SERVICEDEFAULTPRICETYPES_FREE"
                    ),
                    "timeZone": _IANA_TO_WINDOWS.get(s.zone, s.zone),
                    "customQuestions": copy.deepcopy(questions),
                    "schedulingPolicy": {"timeSlotInterval": _iso_duration(s.length)},
                }
                for s in business.services.values()
            ]
        return _json_no_store(200, {"service": listed})

    def _staff(self, key: str) -> Answer:
        with self._lock:
            business = self._businesses[key]
            return _json_no_store(
                200, {"staffMembers": [{"id": business.staff_id, "displayName": business.display_name}]}
            )

    # --- POST …/GetStaffAvailability -------------------------------------------------------------

    def _availability(self, key: str, raw: bytes) -> Answer:
        body = _object(raw)
        if body is None:
            return _error(400, "InvalidRequest", "The request body must be a JSON object")
        start, end = _moment(body.get("startDateTime")), _moment(body.get("endDateTime"))
        if start is None or end is None or end[0] < start[0]:
            return _error(
                400,
                "InvalidRequest",
                "startDateTime and endDateTime need a dateTime and a known timeZone, start ≤ end",
            )
        service_id = body.get("serviceId")
        staff_ids = body.get("staffIds")
        if service_id is not None and not isinstance(service_id, str):
            return _error(400, "InvalidRequest", "serviceId must be a string")
        if staff_ids is not None and not (
            isinstance(staff_ids, list) and all(isinstance(s, str) for s in staff_ids)
        ):
            return _error(400, "InvalidRequest", "staffIds must be a list of strings")
        _, zone_name, zone = start
        with self._lock:
            business = self._businesses[key]
            if service_id and service_id not in business.services:
                return _not_found()
            services = [business.services[service_id]] if service_id else list(business.services.values())
            found = sorted(
                (
                    (moment, service)
                    for service in services
                    for moment in self._free_starts(key, service, start[0], end[0])
                ),
                key=lambda pair: (pair[0], pair[1].id),
            )
            staff = business.staff_id
        items = [
            {
                "status": AVAILABLE,
                "startDateTime": _wall(moment, zone_name, zone),
                "endDateTime": _wall(moment + timedelta(minutes=service.length), zone_name, zone),
                "serviceId": service.id,
            }
            for moment, service in found
        ]
        answered = (
            [] if staff_ids and staff not in staff_ids else [{"staffId": staff, "availabilityItems": items}]
        )
        return _json_no_store(200, {"staffAvailabilityResponse": answered})

    def _taken(self, key: str, start: datetime, end: datetime) -> bool:
        """Whether ``[start, end)`` overlaps a booking of the business or a time somebody else took;
        caller holds the lock."""
        if any(k == key and s < end and start < e for k, s, e in self._taken_by_others):
            return True
        return any(
            r.business == key and r.booking.start < end and start < r.booking.end for r in self._booked
        )

    def _free_starts(
        self, key: str, service: BookingsService, start: datetime, end: datetime
    ) -> list[datetime]:
        """Offered starts in ``[start, end)``, not past and not taken; caller holds the lock."""
        now = self._now()
        length = timedelta(minutes=service.length)
        return sorted(
            s for s in service.starts if start <= s < end and s > now and not self._taken(key, s, s + length)
        )

    def _bookable(self, key: str, service: BookingsService, start: datetime) -> bool:
        """Caller holds the lock."""
        end = start + timedelta(minutes=service.length)
        return start in service.starts and start > self._now() and not self._taken(key, start, end)

    # --- GET …/services/{id}/availability (the page's check as its form opens) ----------------

    def _check(self, key: str, service_id: str, query: Mapping[str, str]) -> Answer:
        try:
            start = _utc(datetime.fromisoformat(query.get("start", "").replace("Z", "+00:00")))
        except ValueError:
            return _error(400, "InvalidRequest", "start must be an ISO 8601 instant with an offset")
        with self._lock:
            service = self._businesses[key].services.get(service_id)
            if service is None:
                return _not_found()
            if self.scenario.slot_taken_before_submit and start in service.starts:
                # somebody else books it while the form is open
                self._taken_by_others.append((key, start, start + timedelta(minutes=service.length)))
            available = self._bookable(key, service, start)
        return _json_no_store(200, {"serviceId": service_id, "isAvailable": available})

    # --- POST …/appointments ---------------------------------------------------------------------

    def _book(self, key: str, raw: bytes) -> Answer:
        with self._lock:
            self._submissions += 1
            scenario = replace(self.scenario)
        answer = self._decide(key, raw, scenario)
        answer.delay = max(0.0, scenario.confirm_delay)
        answer.drop = answer.status == 200 and scenario.drop_after_submit
        return answer

    def _decide(self, key: str, raw: bytes, scenario: PageScenario) -> Answer:
        with self._lock:
            business = copy.deepcopy(self._businesses.get(key))
        if business is None:
            return _not_found()
        body = _object(raw)
        appointment = body.get("appointment") if body is not None else None
        if not isinstance(appointment, dict):
            return _error(400, "InvalidRequest", 'The request body must be {"appointment": {…}}')
        service = business.services.get(_text(appointment.get("serviceId")))
        if service is None:
            return _error(400, "InvalidRequest", "serviceId is not a service of this page")
        start = _moment(appointment.get("startTime"))
        end = _moment(appointment.get("endTime")) if appointment.get("endTime") is not None else None
        customers = appointment.get("customers")
        customer = customers[0] if isinstance(customers, list) and customers else None
        customer = customer if isinstance(customer, dict) else {}
        name, email = _text(customer.get("name")), _text(customer.get("emailAddress"))
        answered = customer.get("answeredCustomQuestions", [])
        staff = appointment.get("staffMemberIds")
        length = timedelta(minutes=service.length)
        problems = [
            message
            for ok, message in (
                (start is not None, "startTime needs a dateTime and a known timeZone"),
                (
                    appointment.get("endTime") is None
                    or start is None
                    or (end is not None and start is not None and end[0] - start[0] == length),
                    "endTime must be the startTime plus the service's duration",
                ),
                (
                    staff is None or staff == [] or (isinstance(staff, list) and business.staff_id in staff),
                    "staffMemberIds must name the page's staff member",
                ),
                (bool(name), "Name is required"),
                (bool(_EMAIL.match(email)), "Enter a valid email address"),
                (
                    isinstance(answered, list) and all(isinstance(a, dict) for a in answered),
                    "answeredCustomQuestions must be a list of objects",
                ),
            )
            if not ok
        ]
        if problems or start is None or not isinstance(answered, list):  # (the last two narrow types)
            return _error(400, "InvalidRequest", "; ".join(problems))
        if scenario.sign_in:
            return _error(401, "AuthenticationRequired", "Sign in to your account to book.")
        if scenario.captcha:
            token = appointment.get("captchaToken")
            with self._lock:
                solved = isinstance(token, str) and token in self._captcha_tokens
            if not solved:
                return _error(400, "CaptchaRequired", "Please complete the captcha to book.")
        answers: dict[str, Any] = {}
        for entry in answered:
            label = _text(entry.get("question")) or _text(entry.get("questionId"))
            if label and isinstance(entry.get("answer"), str):
                answers[label] = entry["answer"].strip()
        question = scenario.required_question
        if question:
            given = [
                _text(a.get("answer"))
                for a in answered
                if a.get("questionId") == REQUIRED_QUESTION_ID or _text(a.get("question")) == question
            ]
            if not any(given):
                return _error(400, "InvalidRequest", f"{question} is required")
            answers.pop(REQUIRED_QUESTION_ID, None)
            answers[question] = next(g for g in given if g)
        if scenario.payment:
            payment = appointment.get("payment")
            card = re.sub(r"\D", "", _text(payment.get("cardNumber"))) if isinstance(payment, dict) else ""
            if len(card) < 12:
                return _error(402, "PaymentRequired", "Add a valid card to pay for this booking.")
            answers["Payment"] = f"card ending {card[-4:]}"
        phone = _text(customer.get("phone"))
        if phone:
            answers["Phone number"] = phone
        moment, zone_name, zone = start
        with self._lock:
            current = self._businesses[key].services[service.id]
            if not self._bookable(key, current, moment):
                return _error(409, "SlotUnavailable", SLOT_UNAVAILABLE)
            if scenario.email_code or business.kind == "personal":
                code_key = (key, email.lower())
                code = _text(appointment.get("verificationCode"))
                if not code:
                    self._codes[code_key] = f"{secrets.randbelow(1_000_000):06d}"
                    return _error(
                        500,
                        VERIFICATION_REQUIRED,
                        f"{VERIFICATION_REQUIRED}Exception: a verification code was sent to {email}.",
                    )
                if self._codes.get(code_key) != code:
                    return _error(
                        400, "InvalidCode", "The verification code isn't valid. Check it and try again."
                    )
                del self._codes[code_key]
            booking = PageBooking(
                id=str(uuid.uuid4()),
                start=moment,
                end=moment + length,
                name=name,
                email=email,
                answers=answers,
                notes=_text(customer.get("notes")),
            )
            self._booked.append(_Booked(key, service.id, booking))
            api_id = business.api_id
        times = {
            "startTime": _wall(moment, zone_name, zone),
            "endTime": _wall(moment + length, zone_name, zone),
        }
        return _json_no_store(
            200,
            {
                "appointmentId": booking.id,
                **times,
                "appointment": {
                    "id": booking.id,
                    "businessId": api_id,
                    "serviceId": service.id,
                    "staffMemberIds": [business.staff_id],
                    **times,
                },
            },
        )

    def _cancel(self, key: str, appointment_id: str) -> Answer:
        with self._lock:
            for record in self._booked:
                if record.business == key and record.booking.id == appointment_id:
                    self._booked.remove(record)
                    return _json_no_store(200, {})
        return _not_found()

    # --- /_replica/* -----------------------------------------------------------------------------

    def _admin(self, method: str, action: str, raw: bytes) -> Answer:
        if method == "GET" and action == "state":
            return _json_no_store(200, self.state())
        if method == "POST" and action == "reset":
            self.reset()
            return _json_no_store(200, {"status": "ok"})
        if action == "scenario" and method == "GET":
            return _json_no_store(200, asdict(self.scenario))
        if action == "scenario" and method == "POST":
            body = _object(raw) if raw else {}
            known = {f.name for f in fields(PageScenario)}
            if body is None or set(body) - known:
                return _error(
                    400, "InvalidRequest", f"a JSON object of these fields: {', '.join(sorted(known))}"
                )
            self.scenario = PageScenario(**body)
            return _json_no_store(200, asdict(self.scenario))
        return _error(404, "NotFound", f"no replica route {method} /_replica/{action}")


def _object(raw: bytes) -> JsonObject | None:
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


_NOT_FOUND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found</title></head>
<body><h1>We can't find this page</h1>
<p>The booking page you're looking for doesn't exist or is no longer available.</p></body></html>
"""

# The page: "mb-" prefixes every class and id (renamed for the "changed" markup); __TITLE__ and
# __CONFIG__ are filled per request. Everything the page shows from data goes through textContent.
_PAGE = r"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>__TITLE__ - Bookings</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 "Segoe UI", "Segoe UI Web (West European)", -apple-system, Arial, sans-serif;
    color: #242424; background: #f5f5f5; }
  button { font: inherit; cursor: pointer; }
  .mb-app { max-width: 960px; margin: 24px auto; background: #fff; border-radius: 8px;
    box-shadow: 0 2px 6px rgba(0, 0, 0, .12); }
  .mb-header { padding: 20px 28px; border-bottom: 1px solid #e0e0e0; }
  .mb-header h1 { margin: 0; font-size: 22px; font-weight: 600; }
  .mb-services { display: flex; flex-wrap: wrap; gap: 8px; padding: 16px 28px 0; }
  .mb-service { border: 1px solid #d1d1d1; border-radius: 4px; padding: 8px 14px; background: #fff; text-align: left; }
  .mb-service[aria-pressed="true"] { border-color: #0f6cbd; background: #ebf3fc; }
  .mb-summary { padding: 16px 28px 0; }
  .mb-summary h2 { margin: 0; font-size: 18px; font-weight: 600; }
  .mb-summary p { margin: 2px 0; color: #616161; }
  .mb-body { display: flex; gap: 32px; padding: 16px 28px 28px; flex-wrap: wrap; }
  .mb-cal { width: 300px; flex: none; }
  .mb-cal-head { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
  .mb-month { flex: 1; margin: 0; font-size: 15px; font-weight: 600; }
  .mb-icon { width: 32px; height: 32px; border: 0; border-radius: 4px; background: transparent; font-size: 18px; }
  .mb-icon:hover { background: #f0f0f0; }
  .mb-grid { border-collapse: collapse; }
  .mb-grid th { width: 40px; font-size: 12px; font-weight: 400; color: #616161; }
  .mb-grid td { width: 40px; height: 38px; text-align: center; padding: 1px; }
  .mb-day { width: 36px; height: 36px; border: 0; border-radius: 50%; background: transparent; color: #a0a0a0; }
  .mb-day.mb-open { color: #0f6cbd; font-weight: 600; background: #ebf3fc; }
  .mb-day.mb-selected { background: #0f6cbd; color: #fff; }
  .mb-day[aria-disabled="true"] { cursor: default; }
  .mb-times { flex: 1; min-width: 220px; }
  .mb-times h3, .mb-form h3 { margin: 0 0 8px; font-size: 15px; font-weight: 600; }
  .mb-time-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(100px, 1fr)); gap: 8px; }
  .mb-time { padding: 8px 0; border: 1px solid #d1d1d1; border-radius: 4px; background: #fff; color: #0f6cbd; }
  .mb-time[aria-pressed="true"] { background: #0f6cbd; color: #fff; border-color: #0f6cbd; }
  .mb-form { flex-basis: 100%; border-top: 1px solid #e0e0e0; padding-top: 16px; }
  .mb-field { margin: 0 0 12px; max-width: 420px; }
  .mb-caption { display: block; font-size: 13px; color: #424242; margin-bottom: 2px; }
  .mb-input { width: 100%; padding: 7px 10px; border: 1px solid #d1d1d1; border-bottom-color: #616161;
    border-radius: 4px; font: inherit; }
  .mb-input[aria-invalid="true"] { border-color: #c50f1f; }
  .mb-alert { margin: 8px 0; padding: 8px 12px; border-radius: 4px; background: #fdf3f4; color: #b10e1c;
    max-width: 420px; }
  .mb-primary { border: 0; border-radius: 4px; padding: 8px 24px; background: #0f6cbd; color: #fff; font-weight: 600; }
  .mb-primary[disabled] { opacity: .6; cursor: default; }
  .mb-plain { border: 1px solid #d1d1d1; border-radius: 4px; padding: 8px 16px; background: #fff; }
  .mb-captcha-frame { border: 0; width: 304px; height: 78px; }
  .mb-done { padding: 8px 0; }
  .mb-done h2 { margin: 0 0 8px; font-size: 20px; }
  .mb-wall { max-width: 440px; margin: 64px auto; background: #fff; padding: 44px; box-shadow: 0 2px 6px rgba(0, 0, 0, .2); }
  .mb-wall h1 { font-size: 24px; font-weight: 600; margin: 0 0 16px; }
  .mb-consent { position: fixed; inset: 0; z-index: 1000; background: rgba(0, 0, 0, .4); display: flex;
    align-items: flex-end; justify-content: center; }
  .mb-consent-box { width: 100%; padding: 20px 28px; background: #fff; display: flex; gap: 16px; align-items: center;
    flex-wrap: wrap; }
  .mb-consent-box p { flex: 1; margin: 0; min-width: 280px; }
</style>
</head>
<body>
<div id="mb-app" class="mb-app"></div>
<script type="application/json" id="mb-config">__CONFIG__</script>
<script>
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("mb-config").textContent);
  var current = cfg.markup !== "changed";
  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  var zone = cfg.page_zone;
  if (!zone) {
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { zone = null; }
  }
  try { new Intl.DateTimeFormat("en-US", {timeZone: zone || "UTC"}); } catch (e) { zone = null; }
  zone = zone || cfg.owner_zone || "UTC";
  var customerZone = cfg.windows_names[zone] || zone;

  // --- building blocks ---------------------------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function mark(node, name, value) {  // the replica's own attributes, gone in the "changed" markup
    if (current) node.setAttribute(name, value);
    return node;
  }
  function testId(node, name) { return mark(node, "data-testid", name); }
  function button(cls, text, onClick) {
    var node = el("button", cls, text);
    node.type = "button";
    if (onClick) node.addEventListener("click", onClick);
    return node;
  }
  var fieldCount = 0;
  function field(label, type, autocomplete, required) {
    var wrap = el("div", "mb-field");
    var input = el(type === "textarea" ? "textarea" : "input", "mb-input");
    if (type !== "textarea") input.type = type;
    else input.rows = 3;
    input.autocomplete = autocomplete;
    input.id = "mb-field-" + (++fieldCount);
    input.setAttribute("aria-label", label);
    if (required) input.setAttribute("aria-required", "true");
    var caption = el("label", "mb-caption", label + (required ? " *" : ""));
    caption.htmlFor = input.id;
    wrap.appendChild(caption);
    wrap.appendChild(input);
    return {wrap: wrap, input: input, label: label, required: required};
  }
  function showError(container, message) {
    clearError(container);
    var alert = el("div", "mb-alert", message);
    alert.setAttribute("role", "alert");
    container.insertBefore(alert, container.firstChild);
  }
  function clearError(container) {
    Array.prototype.slice.call(container.querySelectorAll("[role=alert]")).forEach(function (node) {
      node.remove();
    });
  }

  // --- dates in the page's zone ------------------------------------------------------------------
  var partsFormat = new Intl.DateTimeFormat("en-US", {timeZone: zone, hourCycle: "h23", year: "numeric",
    month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric"});
  var timeFormat = new Intl.DateTimeFormat("en-US", {timeZone: zone, hour: "numeric", minute: "2-digit",
    hour12: true});
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function civil(y, m, d) {
    var t = new Date(Date.UTC(y, m, d));
    return {y: t.getUTCFullYear(), m: t.getUTCMonth(), d: t.getUTCDate(), wd: t.getUTCDay()};
  }
  function addDays(day, n) { return civil(day.y, day.m, day.d + n); }
  function dayKey(day) { return day.y + "-" + pad(day.m + 1) + "-" + pad(day.d); }
  function monthKey(first) { return first.y + "-" + pad(first.m + 1); }
  function sameDay(a, b) { return !!a && !!b && a.y === b.y && a.m === b.m && a.d === b.d; }
  function zoneParts(ms) {
    var out = {};
    partsFormat.formatToParts(new Date(ms)).forEach(function (p) { out[p.type] = p.value; });
    return {y: +out.year, m: +out.month - 1, d: +out.day, h: +out.hour % 24, mi: +out.minute, s: +out.second};
  }
  function offsetAt(ms) {
    var p = zoneParts(ms);
    return Date.UTC(p.y, p.m, p.d, p.h, p.mi, p.s) - (ms - ((ms % 1000) + 1000) % 1000);
  }
  function midnight(day) {  // the instant a local date starts in the page's zone
    var guess = Date.UTC(day.y, day.m, day.d);
    return guess - offsetAt(guess - offsetAt(guess));
  }
  function dayOf(ms) { var p = zoneParts(ms); return civil(p.y, p.m, p.d); }
  function offsetText(minutes) {
    var sign = minutes < 0 ? "-" : "+";
    var abs = Math.abs(minutes);
    return sign + pad(Math.floor(abs / 60)) + ":" + pad(abs % 60);
  }
  function isoInZone(ms) {  // 2026-12-08T09:30:00-05:00
    var p = zoneParts(ms);
    return p.y + "-" + pad(p.m + 1) + "-" + pad(p.d) + "T" + pad(p.h) + ":" + pad(p.mi) + ":" + pad(p.s) +
      offsetText(Math.round(offsetAt(ms) / 60000));
  }
  function utcWall(ms) { return new Date(ms).toISOString().slice(0, 19); }
  function timeText(ms) { return timeFormat.format(new Date(ms)).replace(/[\s\u202f]+/g, " ").toUpperCase(); }
  function dayLabel(day) { return WEEKDAYS[day.wd] + ", " + MONTHS[day.m] + " " + day.d + ", " + day.y; }
  function whenText(ms, length) {
    return dayLabel(dayOf(ms)) + ", " + timeText(ms) + " – " + timeText(ms + length * 60000);
  }
  function zoneLabel() {
    var year = dayOf(cfg.now_ms).y;
    var standard = Math.min(offsetAt(Date.UTC(year, 0, 1)), offsetAt(Date.UTC(year, 6, 1))) / 60000;
    var name = cfg.zone_names[zone];
    if (!name) {
      try {
        new Intl.DateTimeFormat("en-US", {timeZone: zone, timeZoneName: "longGeneric"})
          .formatToParts(new Date(cfg.now_ms)).forEach(function (p) {
            if (p.type === "timeZoneName") name = p.value;
          });
      } catch (e) { name = null; }
    }
    name = name || zone.split("/").pop().replace(/_/g, " ");
    return "(UTC" + (standard ? offsetText(Math.round(standard)) : "") + ") " + name + " · " + zone;
  }

  // --- the API -----------------------------------------------------------------------------------
  function call(method, path, body) {
    var options = {method: method, credentials: "same-origin",
      headers: {"Accept": "application/json", "x-anchormailbox": cfg.api_base.split("/").pop(),
        "x-req-source": cfg.kind === "personal" ? "BookWithMe" : "BookingsC2"}};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json; charset=utf-8";
      options.body = JSON.stringify(body);
    }
    return fetch(cfg.api_base + path, options).then(function (r) {
      return r.text().then(function (text) {
        var data = {};
        try { data = JSON.parse(text); } catch (e) { data = {}; }
        return {status: r.status, text: text, data: data};
      });
    });
  }

  // --- state -------------------------------------------------------------------------------------
  var today = dayOf(cfg.now_ms);
  var servicesById = {};
  cfg.services.forEach(function (s) { servicesById[s.id] = s; });
  var state = {service: servicesById[cfg.selected_service] || cfg.services[0],
    month: civil(today.y, today.m, 1), day: null, time: null, cache: {}, busy: false, token: null,
    failed: false};
  function store() {
    var id = state.service.id;
    return state.cache[id] || (state.cache[id] = {months: {}, done: {}, days: {}});
  }
  function loadMonth(first) {
    var box = store(), key = monthKey(first), service = state.service;
    if (!box.months[key]) {
      var next = civil(first.y, first.m + 1, 1);
      box.months[key] = call("POST", "/GetStaffAvailability", {serviceId: service.id, staffIds: [cfg.staff_id],
        startDateTime: {dateTime: utcWall(midnight(first)), timeZone: "UTC"},
        endDateTime: {dateTime: utcWall(midnight(next)), timeZone: "UTC"}})
        .then(function (answer) {
          if (answer.status !== 200) throw new Error("availability " + answer.status);
          (answer.data.staffAvailabilityResponse || []).forEach(function (staff) {
            (staff.availabilityItems || []).forEach(function (item) {
              if (item.status !== "BOOKINGSAVAILABILITYSTATUS_AVAILABLE" || item.serviceId !== service.id) return;
              var ms = Date.parse(item.startDateTime.dateTime + "Z");
              if (isNaN(ms)) return;
              var list = box.days[dayKey(dayOf(ms))] || (box.days[dayKey(dayOf(ms))] = []);
              if (list.indexOf(ms) < 0) { list.push(ms); list.sort(function (a, b) { return a - b; }); }
            });
          });
          box.done[key] = true;
        })
        .catch(function (error) { delete box.months[key]; throw error; });
    }
    return box.months[key];
  }
  function slotsOf(day) { return store().days[dayKey(day)] || []; }
  function forget(ms) {
    var list = store().days[dayKey(dayOf(ms))] || [];
    var at = list.indexOf(ms);
    if (at >= 0) list.splice(at, 1);
  }

  // --- the page ----------------------------------------------------------------------------------
  var app = document.getElementById("mb-app");
  document.title = cfg.business_name + " - Bookings";

  if (cfg.sign_in) {
    app.className = "mb-wall";
    app.appendChild(el("div", null, "Microsoft"));
    app.appendChild(el("h1", null, "Sign in to your account"));
    app.appendChild(el("p", null, "This booking page is only available to people in the organization."));
    var who = field("Email, phone, or Skype", "email", "username", true);
    app.appendChild(who.wrap);
    app.appendChild(button("mb-primary", "Next", function () {
      showError(app, "We couldn't sign you in. Try again later.");
    }));
    consentBanner();
    return;
  }

  var header = el("header", "mb-header");
  header.appendChild(testId(el("h1", null, cfg.business_name), "business-name"));
  app.appendChild(header);
  var servicesBox = el("div", "mb-services");
  servicesBox.setAttribute("role", "group");
  servicesBox.setAttribute("aria-label", "Select a service");
  if (cfg.services.length > 1) app.appendChild(testId(servicesBox, "services"));
  var summary = el("section", "mb-summary");
  app.appendChild(summary);
  var body = el("div", "mb-body");
  var cal = testId(el("section", "mb-cal"), "calendar");
  cal.setAttribute("aria-label", "Select a date");
  var times = testId(el("section", "mb-times"), "times");
  var formBox = testId(el("section", "mb-form"), "details");
  formBox.hidden = true;
  body.appendChild(cal);
  body.appendChild(times);
  body.appendChild(formBox);
  app.appendChild(body);

  function renderServices() {
    servicesBox.textContent = "";
    cfg.services.forEach(function (service) {
      var node = button("mb-service", null, function () { chooseService(service); });
      node.appendChild(el("div", null, service.name));
      node.appendChild(el("div", null, service.duration_text));
      node.setAttribute("aria-pressed", service.id === state.service.id ? "true" : "false");
      servicesBox.appendChild(mark(node, "data-service-id", service.id));
    });
  }
  function renderSummary() {
    summary.textContent = "";
    summary.appendChild(testId(el("h2", null, state.service.name), "service-name"));
    summary.appendChild(testId(el("p", null, state.service.duration_text), "duration"));
    summary.appendChild(mark(testId(el("p", "mb-zone", zoneLabel()), "timezone"), "data-zone", zone));
  }

  function renderCalendar() {
    cal.textContent = "";
    var head = el("div", "mb-cal-head");
    var previous = button("mb-icon", "‹", function () { shiftMonth(-1); });
    previous.setAttribute("aria-label", "Previous month");
    var next = button("mb-icon", "›", function () { shiftMonth(1); });
    next.setAttribute("aria-label", "Next month");
    var title = testId(el("h3", "mb-month", MONTHS[state.month.m] + " " + state.month.y), "month-title");
    title.setAttribute("aria-live", "polite");
    head.appendChild(previous);
    head.appendChild(title);
    head.appendChild(next);
    cal.appendChild(head);
    if (state.failed) {
      var problem = el("div", "mb-alert", "We couldn't load available times. Try again later.");
      problem.setAttribute("role", "alert");
      cal.appendChild(problem);
      return;
    }
    if (!store().done[monthKey(state.month)]) {
      cal.setAttribute("aria-busy", "true");
      cal.appendChild(el("p", null, "Loading…"));
      return;
    }
    cal.removeAttribute("aria-busy");
    var grid = el("table", "mb-grid");
    grid.setAttribute("role", "grid");
    grid.setAttribute("aria-label", MONTHS[state.month.m] + " " + state.month.y);
    var headRow = el("tr");
    headRow.setAttribute("role", "row");
    WEEKDAYS.forEach(function (name) {
      var cell = el("th", null, name.slice(0, 2));
      cell.setAttribute("role", "columnheader");
      cell.abbr = name;
      headRow.appendChild(cell);
    });
    var thead = el("thead");
    thead.appendChild(headRow);
    grid.appendChild(thead);
    var tbody = el("tbody");
    var row = null;
    for (var d = civil(state.month.y, state.month.m, 1 - state.month.wd), i = 0; i < 42; d = addDays(d, 1), i++) {
      if (i % 7 === 0) {
        if (d.m !== state.month.m && i > 0) break;
        row = el("tr");
        row.setAttribute("role", "row");
        tbody.appendChild(row);
      }
      var cell = el("td");
      cell.setAttribute("role", "gridcell");
      if (d.m === state.month.m) cell.appendChild(dayButton(d, cell));
      row.appendChild(cell);
    }
    grid.appendChild(tbody);
    cal.appendChild(testId(grid, "month-grid"));
  }

  function dayButton(day, cell) {
    var open = slotsOf(day).length > 0;
    var selected = sameDay(day, state.day);
    var node = button("mb-day" + (open ? " mb-open" : "") + (selected ? " mb-selected" : ""), String(day.d),
      function () { if (open) chooseDay(day); });
    node.setAttribute("aria-label", dayLabel(day));
    mark(node, "data-date", dayKey(day));
    if (!open) {
      node.setAttribute("aria-disabled", "true");
      cell.setAttribute("aria-disabled", "true");
    }
    if (selected) { node.setAttribute("aria-pressed", "true"); cell.setAttribute("aria-selected", "true"); }
    if (sameDay(day, today)) node.setAttribute("aria-current", "date");
    return node;
  }

  function renderTimes() {
    times.textContent = "";
    if (!state.day) {
      times.appendChild(el("h3", null, "Available times"));
      times.appendChild(el("p", null, store().done[monthKey(state.month)] ?
        "There are no available times this month. Try another month." : "Loading…"));
      return;
    }
    times.appendChild(el("h3", null, dayLabel(state.day)));
    var list = el("div", "mb-time-list");
    list.setAttribute("role", "group");
    list.setAttribute("aria-label", "Available times for " + dayLabel(state.day));
    var found = slotsOf(state.day);
    found.forEach(function (ms) {
      var node = button("mb-time", timeText(ms), function () { chooseTime(ms); });
      node.setAttribute("aria-pressed", ms === state.time ? "true" : "false");
      list.appendChild(mark(node, "data-start", isoInZone(ms)));
    });
    if (found.length) times.appendChild(testId(list, "time-list"));
    else times.appendChild(el("p", null, "No times available on this day."));
  }

  function render() { renderSummary(); renderCalendar(); renderTimes(); if (cfg.services.length > 1) renderServices(); }

  function settle(first) {  // after a month loads: pick its first day with times, as the page opens on
    if (state.month !== first) return;
    state.failed = false;
    if (!state.day || state.day.m !== first.m || state.day.y !== first.y || !slotsOf(state.day).length) {
      state.day = null;
      for (var d = first; d.m === first.m; d = addDays(d, 1)) {
        if (slotsOf(d).length) { state.day = d; break; }
      }
    }
    render();
  }
  function showMonth(first) {
    state.month = first;
    render();
    loadMonth(first).then(function () { settle(first); }, function () {
      if (state.month === first) { state.failed = true; render(); }
    });
  }
  function shiftMonth(n) {
    closeForm();
    state.day = null;
    state.time = null;
    showMonth(civil(state.month.y, state.month.m + n, 1));
  }
  function chooseService(service) {
    if (service.id === state.service.id) return;
    closeForm();
    state.service = service;
    state.day = null;
    state.time = null;
    showMonth(state.month);
  }
  function chooseDay(day) {
    closeForm();
    state.day = day;
    state.time = null;
    render();
  }
  function chooseTime(ms) {
    state.time = ms;
    renderTimes();
    openForm(ms);
    // The page checks the time again as the form opens; the answer is not shown.
    call("GET", "/services/" + encodeURIComponent(state.service.id) + "/availability?start=" +
      encodeURIComponent(isoInZone(ms))).catch(function () { return null; });
  }

  // --- the details form ----------------------------------------------------------------------------
  var captchaFrame = null;
  function closeForm() {
    formBox.textContent = "";
    formBox.hidden = true;
    captchaFrame = null;
    state.busy = false;
  }
  function openForm(ms) {
    closeForm();
    state.token = null;
    formBox.hidden = false;
    var service = state.service;
    var form = el("form", null);
    form.noValidate = true;
    form.appendChild(el("h3", null, "Add your details"));
    form.appendChild(testId(el("p", null, service.name + " · " + whenText(ms, service.length)), "selected-time"));
    var name = field("Name", "text", "name", true);
    var email = field("Email", "email", "email", true);
    var phone = field("Phone number (optional)", "tel", "tel", false);
    var notes = field("Notes (optional)", "textarea", "off", false);
    var inputs = [name, email, phone, notes];
    var question = null;
    if (cfg.required_question) {
      question = field(cfg.required_question, "text", "off", true);
      inputs.push(question);
    }
    inputs.forEach(function (f) { form.appendChild(f.wrap); });
    if (cfg.captcha) form.appendChild(captcha());
    var card = [];
    if (cfg.payment) {
      var section = el("section", "mb-payment");
      section.appendChild(el("h3", null, "Payment"));
      section.appendChild(el("p", null, "This service requires payment. Enter your card details to book."));
      card = [field("Card number", "text", "cc-number", true), field("Expiration date (MM/YY)", "text", "cc-exp", true),
        field("Security code", "text", "cc-csc", true)];
      card.forEach(function (f) { section.appendChild(f.wrap); });
      form.appendChild(section);
    }
    var submit = el("button", "mb-primary", "Book");
    submit.type = "submit";
    form.appendChild(submit);
    formBox.appendChild(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.busy) return;
      clearError(form);
      var missing = inputs.concat(card).filter(function (f) {
        f.input.removeAttribute("aria-invalid");
        return f.required && !f.input.value.trim();
      });
      if (missing.length) {
        missing.forEach(function (f) { f.input.setAttribute("aria-invalid", "true"); });
        showError(form, missing[0].label + " is required.");
        missing[0].input.focus();
        return;
      }
      var address = email.input.value.trim();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
        email.input.setAttribute("aria-invalid", "true");
        showError(form, "Enter a valid email address.");
        return;
      }
      var customer = {name: name.input.value.trim(), emailAddress: address, phone: phone.input.value.trim(),
        notes: notes.input.value.trim(), timeZone: customerZone, answeredCustomQuestions: []};
      if (question) {
        customer.answeredCustomQuestions.push({questionId: cfg.required_question_id, question: cfg.required_question,
          answer: question.input.value.trim(), isRequired: true});
      }
      var appointment = {startTime: {dateTime: utcWall(ms), timeZone: "UTC"},
        endTime: {dateTime: utcWall(ms + service.length * 60000), timeZone: "UTC"}, serviceId: service.id,
        staffMemberIds: [cfg.staff_id], customers: [customer], isLocationOnline: true, verificationCode: "",
        customerTimeZone: customerZone};
      if (state.token) appointment.captchaToken = state.token;
      if (cfg.payment) {
        appointment.payment = {cardNumber: card[0].input.value.trim(), expiry: card[1].input.value.trim(),
          securityCode: card[2].input.value.trim()};
      }
      send({appointment: appointment, preferences: {staffCandidates: [cfg.staff_id]}}, ms, form, submit);
    });
    name.input.focus();
  }

  function captcha() {
    var box = el("div", "mb-captcha");
    var frame = el("iframe", "mb-captcha-frame");
    frame.title = "reCAPTCHA";
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

  function send(payload, ms, container, submit) {
    state.busy = true;
    submit.disabled = true;
    submit.setAttribute("aria-busy", "true");
    var form = formBox.firstChild;
    function done() {
      state.busy = false;
      submit.disabled = false;
      submit.removeAttribute("aria-busy");
    }
    call("POST", "/appointments", payload).then(function (answer) {
      done();
      if (formBox.firstChild !== form) return;
      var error = answer.data && answer.data.error ? answer.data.error : {};
      if (answer.status === 200) {
        confirmed(payload, ms);
      } else if (answer.text.indexOf("SelfServiceBookingEmailVerificationRequired") >= 0) {
        verify(payload, ms);
      } else {
        showError(container, error.message || "Something went wrong. Please try again.");
        if (error.code === "SlotUnavailable") { forget(ms); state.time = null; renderCalendar(); renderTimes(); }
      }
    }, function () {
      done();
      if (formBox.firstChild === form) {
        showError(container, "We couldn't complete your booking. Check your connection and try again.");
      }
    });
  }

  function verify(payload, ms) {
    formBox.textContent = "";
    var form = el("form", null);
    form.noValidate = true;
    form.appendChild(el("h3", null, "Verify your email"));
    form.appendChild(el("p", null, "Enter the code we sent to " + payload.appointment.customers[0].emailAddress +
      ". The code expires in 10 minutes."));
    var code = field("Verification code", "text", "one-time-code", true);
    code.input.inputMode = "numeric";
    form.appendChild(code.wrap);
    var submit = el("button", "mb-primary", "Verify");
    submit.type = "submit";
    form.appendChild(submit);
    formBox.appendChild(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.busy) return;
      clearError(form);
      var value = code.input.value.trim();
      if (!value) { showError(form, "Enter the verification code."); return; }
      var again = JSON.parse(JSON.stringify(payload));
      again.appointment.verificationCode = value;
      send(again, ms, form, submit);
    });
    code.input.focus();
  }

  function confirmed(payload, ms) {
    formBox.textContent = "";
    var box = testId(el("div", "mb-done"), "confirmation");
    box.setAttribute("role", "status");
    box.appendChild(el("h2", null, "Booking confirmed"));
    box.appendChild(el("p", null, "Your booking has been confirmed"));
    box.appendChild(testId(el("p", null, state.service.name + " · " + whenText(ms, state.service.length)),
      "booked-time"));
    box.appendChild(el("p", null, "We've sent a confirmation to " + payload.appointment.customers[0].emailAddress + "."));
    formBox.appendChild(box);
    forget(ms);
    state.time = null;
    renderCalendar();
    renderTimes();
    if (cfg.thank_you_url) setTimeout(function () { location.assign(cfg.thank_you_url); }, 300);
  }

  // --- consent banner -------------------------------------------------------------------------------
  function consentBanner() {
    if (!cfg.cookie_banner) return;
    var consent = el("div", "mb-consent");
    consent.setAttribute("role", "dialog");
    consent.setAttribute("aria-modal", "true");
    consent.setAttribute("aria-label", "Cookie consent");
    var box = el("div", "mb-consent-box");
    box.appendChild(el("p", null, "We use optional cookies to improve your experience on our websites and to " +
      "display personalized advertising based on your online activity. If you reject optional cookies, only " +
      "cookies necessary to provide you the services will be used."));
    box.appendChild(button("mb-primary", "Accept", function () { consent.remove(); }));
    box.appendChild(button("mb-plain", "Reject", function () { consent.remove(); }));
    box.appendChild(button("mb-plain", "Manage cookies", null));
    consent.appendChild(box);
    document.body.appendChild(testId(consent, "cookie-banner"));
  }

  consentBanner();
  showMonth(state.month);
})();
</script>
</body>
</html>
"""

__all__ = [
    "API_PREFIX",
    "REQUIRED_QUESTION_ID",
    "SLOT_UNAVAILABLE",
    "VERIFICATION_REQUIRED",
    "WINDOWS_ZONES",
    "BookingsBusiness",
    "BookingsService",
    "MicrosoftBookingsReplica",
    "duration_text",
    "zone_named",
]
