"""A local replica of a HubSpot Meetings booking page and the public endpoints it and the slot reader call.

The product maps ``meetings.hubspot.com``, ``meetings-eu1.hubspot.com``, ``app.hubspot.com``,
``app-eu1.hubspot.com``, ``api.hubspot.com`` and ``api-eu1.hubspot.com`` to
:attr:`HubspotReplica.origin`, so a browser loads ``https://meetings.hubspot.com/{slug}`` as the real
address while the replica sees plain HTTP paths. The page is one self-contained HTML document (inline
script and style, no outside assets) that renders itself client-side, reads its times from the
availability endpoint and books through the booking endpoint, as HubSpot's own page does. Tests use it;
it is never used against the real provider.

Routes
    ``GET  /{slug}`` (meetings host), ``GET /meetings/{slug}`` (app host)   the booking page
    ``GET  /api/meetings-public/v3/book``          ``?slug=&timezone=&now=&location=&monthOffset=``
                                                    → ``{customParams, linkAvailability, …}``
    ``GET  /api/meetings-public/v3/book/check-availability``   ``?slug=&startTime=&duration=``
                                                    → ``{"available": bool}``
    ``POST /meetings-public/v1/book``              ``?slug=&timezone=``, the booking (below)
    ``OPTIONS`` on any route                        a CORS preflight answer
    ``GET /_replica/state`` ``POST /_replica/reset`` ``GET|POST /_replica/scenario``   replica-only admin

The replica cannot tell the mapped hosts apart except by the ``Host`` header. Where that header names a
HubSpot host it decides: every path of a ``meetings`` host is a page (a slug may span segments), an
``app`` host serves ``/meetings/{slug}`` pages and the availability calls, and the booking call is
answered on any host but a ``meetings`` one. Any other ``Host`` (``127.0.0.1:PORT``) gets the API paths
first, then a page.

What follows HubSpot as public scripts show it (providers.md §5):
    * the link shapes (``/{slug}``, multi-segment slugs, EU hosts, ``app.hubspot.com/meetings/{slug}``);
    * the availability call and its answer: ``customParams{displayInfo{headline}, durations[ms],
      timezone, recaptchaEnabled, formFields[…]}`` and ``linkAvailability{hasMore,
      linkAvailabilityByDuration{"<ms>":{meetingDurationMillis, availabilities[{startMillisUtc,
      endMillisUtc}]}}}``, ``monthOffset`` paging through calendar months counted from ``now`` in the
      query's ``timezone`` (the first page starts at ``now``);
    * the booking call ``POST /meetings-public/v1/book?slug=&timezone=`` with the JSON ``{slug, firstName,
      lastName, email, startTime (epoch ms), duration (ms), timezone, locale, guestEmails,
      likelyAvailableUserIds, formFields: [{name, value}] | customFormFields: {name: value}, offline}``,
      answered 200 with ``{start, end, duration, vid, subject, contact{…}, organizer{…}, attendees,
      formFields, bookingTimezone, isOffline, location}`` plus the booking's ``id``;
    * the selector contract of §5.4: days ``button[data-selenium-test-disabled="false"]`` (``"true"`` for
      days without times) whose ``aria-label`` reads ``"December 8, 2026"`` and whose text is the day's
      number; the duration ``button[data-button-use="tertiary-light"]`` ("30 min", ``aria-pressed``);
      times ``button[data-test-id="time-picker-btn"]`` with text like "9:30 am"; the inputs
      ``[name="firstName"]``, ``[name="lastName"]``, ``[name="email"]``; the submit
      ``[data-selenium-test="forward-button"]`` ("Confirm", ``aria-disabled="true"`` until the three
      fields are filled); the success ``[data-test-id="profile-header"]`` reading "Booking confirmed";
    * HubSpot's cookie banner ``#hs-eu-cookie-confirmation`` and its ``#hs-eu-confirmation-button``.

What is assumed (no source found; plausible, kept simple):
    * every refusal's body: ``{"status": "error", "message", "category", "subCategory"}`` in the shape of
      HubSpot's public API errors. A start taken or not offered (or a ``duration`` other than the page's)
      → 409 ``{"status":"error","message":"This time is no longer available","category":"CONFLICT",
      "subCategory":"MeetingsBookingError.SLOT_UNAVAILABLE"}``; a bad body or an unanswered required
      question → 400 ``VALIDATION_ERROR``; a captcha unsolved → 400 ``RECAPTCHA_VALIDATION_FAILED``; a
      wrong email code → 400 ``INVALID_VERIFICATION_CODE``; the sign-in wall → 401; a payment missing →
      402; an unknown slug → 404 ``OBJECT_NOT_FOUND``;
    * the ``id`` member of the booking answer, and the ``check-availability`` route the page calls as its
      form opens (the moment a :class:`PageScenario` with ``slot_taken_before_submit`` gives the time to
      somebody else);
    * the time buttons' ``data-time`` attribute (the exact instant, epoch ms): it is the replica's and may
      not exist on the real page; the ``data-zone`` attribute and the zone's wording ("Eastern Time (US &
      Canada) · America/New_York") on ``[data-test-id="timezone-select"]``; the summary of the chosen
      time ("Monday, December 8, 2026, 9:30 am – 10:00 am") and the other texts of the page;
    * the reCAPTCHA widget is a frame whose checkbox hands the page a token the replica issued with the
      page (sent as ``captchaToken``; valid until :meth:`HubspotReplica.reset`);
    * the email-code step: the first booking call answers 202 ``{"verificationRequired": true, …}`` and
      books nothing; the six-digit code is readable through :meth:`HubspotReplica.email_codes` and sent
      back as ``verificationCode``;
    * the required custom question is the form field ``custom_question``; the sign-in wall and the
      payment step (``[data-testid="payment-form"]``, "Pay and book", a ``payment`` member with a card
      number) are the generic ones every replica page plays;
    * pages are independent: a booking blocks the times it overlaps on its own page only.

The "changed" markup (``PageScenario.markup``) is the same page after a release renamed things: every
``data-*`` test attribute (``data-test-id``, ``data-selenium-test*``, ``data-button-use``,
``data-testid``, ``data-time``, ``data-zone``) is gone and the classes carry another prefix; visible
texts, labels and ARIA attributes stay.
"""

from __future__ import annotations

import copy
import html
import json
import re
import secrets
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schedlink.replicas.page_scenario import PageBooking, PageScenario
from schedlink.replicas.server import Answer, ReplicaRequest, ReplicaServer, html_answer, json_answer

SLOT_UNAVAILABLE = "This time is no longer available"
VERIFICATION_PROMPT = "Check your email for a verification code"
AVAILABILITY_PATH = "/api/meetings-public/v3/book"
CHECK_PATH = "/api/meetings-public/v3/book/check-availability"
BOOK_PATH = "/meetings-public/v1/book"
CUSTOM_FIELD = "custom_question"

JsonObject = dict[str, Any]

_TOKEN_CAP = 1000
_MAX_MONTH_OFFSET = 24
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,99}){0,2}$")
_RESERVED_FIRST = frozenset({"api", "meetings-public", "_replica"})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HUBSPOT_HOST = re.compile(r"^(meetings|app|api)(?:-[a-z0-9]{2,8})?\.hubspot\.com$")
_CHANGED_PREFIX = "k3Qv-"  # class and id prefix of the "changed" markup (a release renamed them)


@dataclass
class MeetingPage:
    """One meeting link: its slug, title, organizer, length, owner's zone and offered UTC starts."""

    slug: str
    title: str
    organizer: str
    length: int
    zone: str
    link_id: str
    starts: set[datetime] = field(default_factory=set)


def _json_no_store(status: int, payload: object) -> Answer:
    """JSON as the page's calls get it: never kept by a cache."""
    return json_answer(status, payload, {"Cache-Control": "no-store"})


def _error(status: int, category: str, sub_category: str, message: str) -> Answer:
    """HubSpot's error shape (assumed for the booking call; see the module docstring)."""
    return _json_no_store(
        status,
        {
            "status": "error",
            "message": message,
            "category": category,
            "subCategory": f"MeetingsBookingError.{sub_category}",
        },
    )


def _slot_unavailable() -> Answer:
    return _error(409, "CONFLICT", "SLOT_UNAVAILABLE", SLOT_UNAVAILABLE)


def _invalid(message: str, sub_category: str = "INVALID_REQUEST") -> Answer:
    return _error(400, "VALIDATION_ERROR", sub_category, message)


def _not_found() -> Answer:
    return _error(404, "OBJECT_NOT_FOUND", "LINK_NOT_FOUND", "This meeting link doesn't exist")


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
    """An integer from a query string or a JSON number (booleans and fractions refused)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
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


def _duration_text(minutes: int) -> str:
    """The duration button's wording: "30 min", "1 hr", "1 hr 30 min"."""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} hr"] if hours else []) + ([f"{rest} min"] if rest or not hours else [])
    return " ".join(parts)


def _month_start(moment: datetime, zone: ZoneInfo, offset: int) -> datetime:
    """Local midnight on the first day of the month ``offset`` months after ``moment``'s month, in UTC."""
    local = moment.astimezone(zone)
    months = local.year * 12 + local.month - 1 + offset
    year, month_index = divmod(months, 12)
    return datetime(year, month_index + 1, 1, tzinfo=zone).astimezone(UTC)


def _script_json(payload: object) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(payload, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _host_kind(host: str | None) -> str:
    """``meetings``, ``app`` or ``api`` for a HubSpot ``Host`` header, else ``other``."""
    name = (host or "").strip().lower()
    if not name.startswith("["):
        name = name.partition(":")[0]
    matched = _HUBSPOT_HOST.match(name)
    return matched.group(1) if matched else "other"


def _cors(answer: Answer, origin: str | None) -> Answer:
    """Let the page (on ``meetings.hubspot.com``) read the answers of the ``app``/``api`` hosts."""
    answer.headers["Access-Control-Allow-Origin"] = origin or "*"
    if origin:
        answer.headers["Access-Control-Allow-Credentials"] = "true"
        answer.headers["Vary"] = "Origin"
    return answer


class HubspotReplica(ReplicaServer):
    """A HubSpot Meetings booking page on ``127.0.0.1``: add pages and offers, then point a browser or the
    slot reader at it.

    All state sits behind one lock, so the check that a start is free and the booking that takes it are
    one step: concurrent POSTs for one start yield exactly one booking.
    """

    name = "hubspot"
    stands_for = "https://meetings.hubspot.com"
    methods = frozenset({"GET", "POST", "PUT", "DELETE", "OPTIONS"})

    def __init__(self, port: int = 0, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(port, now=now)
        self._pages: dict[str, MeetingPage] = {}  # casefolded slug → page
        self._bookings: list[tuple[str, PageBooking]] = []  # (page key, booking)
        self._taken_by_others: set[tuple[str, datetime]] = set()
        self._codes: dict[tuple[str, str], str] = {}  # (page key, lower-cased email) → code
        self._captcha_tokens: deque[str] = deque(maxlen=_TOKEN_CAP)
        self._contacts: dict[str, int] = {}  # lower-cased email → contact id ("vid")

    # --- configuration ---------------------------------------------------------------------------

    def add_page(
        self,
        slug: str,
        *,
        length: int = 30,
        zone: str = "America/New_York",
        starts: Iterable[datetime] = (),
        title: str = "Intro meeting",
        organizer: str = "Jo Reyes",
    ) -> MeetingPage:
        """Create a meeting link served at ``/{slug}`` (``slug`` may span up to three segments)."""
        if not _SLUG.match(slug) or slug.split("/")[0].lower() in _RESERVED_FIRST:
            raise ValueError(f"slug {slug!r} is not a usable meeting slug")
        if length < 1:
            raise ValueError("length must be at least one minute")
        if _zone(zone) is None:
            raise ValueError(f"unknown time zone {zone!r}")
        page = MeetingPage(
            slug=slug,
            title=title,
            organizer=organizer,
            length=length,
            zone=zone,
            link_id=str(10_000_000 + secrets.randbelow(90_000_000)),
            starts={_utc(start) for start in starts},
        )
        with self._lock:
            if slug.casefold() in self._pages:
                raise ValueError(f"page {slug} already exists")
            self._pages[slug.casefold()] = page
            return copy.deepcopy(page)

    def offer(self, slug: str, starts: Iterable[datetime]) -> None:
        """Add ``starts`` (aware datetimes) to the times ``slug`` offers."""
        moments = {_utc(start) for start in starts}
        with self._lock:
            page = self._pages.get(slug.casefold())
            if page is None:
                raise KeyError(f"no page {slug}")
            page.starts.update(moments)

    def _forget(self) -> None:
        """Bookings, times taken by others, codes, tokens and contacts; pages, their offers and the scenario
        stay."""
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

    def pages(self) -> list[MeetingPage]:
        with self._lock:
            return copy.deepcopy(list(self._pages.values()))

    def state(self) -> JsonObject:
        """Pages, bookings, submissions, codes, scenario and request log, as JSON values."""
        with self._lock:
            return {
                "pages": [
                    {
                        "slug": p.slug,
                        "title": p.title,
                        "organizer": p.organizer,
                        "length": p.length,
                        "zone": p.zone,
                        "starts_ms": sorted(_ms(start) for start in p.starts),
                    }
                    for p in self._pages.values()
                ],
                "bookings": [
                    {
                        "slug": self._pages[key].slug,
                        "id": b.id,
                        "start_ms": _ms(b.start),
                        "end_ms": _ms(b.end),
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
        method, target, body = request.method, request.target, request.body
        host, origin = request.header("Host"), request.header("Origin")
        parts = urlsplit(target)
        path = parts.path.rstrip("/") or "/"
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        if path.startswith("/_replica/"):
            return self._admin(method, path.removeprefix("/_replica/"), body)
        self._log(method, target)
        kind = _host_kind(host)
        if method == "OPTIONS":
            return self._preflight(origin)
        if kind == "meetings":
            return self._page_route(method, path)
        if path == BOOK_PATH:
            if method != "POST":
                return _cors(_invalid(f"{method} is not allowed here", "METHOD_NOT_ALLOWED"), origin)
            return _cors(self._book(query, body), origin)
        if path in (AVAILABILITY_PATH, CHECK_PATH):
            if method != "GET":
                return _cors(_invalid(f"{method} is not allowed here", "METHOD_NOT_ALLOWED"), origin)
            found = self._availability(query) if path == AVAILABILITY_PATH else self._check(query)
            return _cors(found, origin)
        if kind == "api" or path.startswith(("/api/", "/meetings-public/")):
            return _cors(_not_found(), origin)
        if kind == "app":
            if not path.startswith("/meetings/"):
                return html_answer(404, _NOT_FOUND_PAGE)
            return self._page_route(method, path.removeprefix("/meetings"))
        if path.startswith("/meetings/") and self._slug_of(path) is None:
            path = path.removeprefix("/meetings")  # the in-app form, reached without a HubSpot Host
        return self._page_route(method, path)

    def too_large(self, request: ReplicaRequest) -> Answer:
        """HubSpot's validation shape, status 400 (as the booking call's other refusals)."""
        return _invalid("Request body too large", "REQUEST_TOO_LARGE")

    def _preflight(self, origin: str | None) -> Answer:
        answer = Answer(204)
        answer.headers.update(
            {
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": "Content-Type, Accept, X-HubSpot-Static-App-Info",
                "Access-Control-Max-Age": "600",
            }
        )
        return _cors(answer, origin)

    def _slug_of(self, path: str) -> str | None:
        """The known page key of a page path, or ``None``."""
        slug = unquote(path.strip("/")).casefold()
        with self._lock:
            return slug if slug in self._pages else None

    def _page_route(self, method: str, path: str) -> Answer:
        key = self._slug_of(path)
        if key is None:
            return html_answer(404, _NOT_FOUND_PAGE)
        if method not in ("GET", "HEAD"):
            return html_answer(405, _NOT_FOUND_PAGE)
        return self._page(key)

    def _find(self, slug: object) -> MeetingPage | None:
        """Caller holds the lock."""
        return self._pages.get(slug.strip().strip("/").casefold()) if isinstance(slug, str) else None

    # --- the page --------------------------------------------------------------------------------

    def _page(self, key: str) -> Answer:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return html_answer(404, _NOT_FOUND_PAGE)
            scenario = replace(self.scenario)
            token = None
            if scenario.captcha:
                token = secrets.token_urlsafe(24)
                self._captcha_tokens.append(token)
            now_ms = _ms(self._now())
            page = copy.deepcopy(page)
        config = {
            "slug": page.slug,
            "title": page.title,
            "organizer": page.organizer,
            "length": page.length,
            "length_ms": page.length * 60_000,
            "duration_text": _duration_text(page.length),
            "owner_zone": page.zone,
            "now_ms": now_ms,
            "page_zone": scenario.page_zone,
            "markup": scenario.markup,
            "cookie_banner": scenario.cookie_banner,
            "required_question": scenario.required_question,
            "captcha": scenario.captcha,
            "captcha_token": token,
            "sign_in": scenario.sign_in,
            "payment": scenario.payment,
            "thank_you_url": scenario.thank_you_url,
        }
        template = _PAGE if scenario.markup != "changed" else _PAGE.replace("mtg-", _CHANGED_PREFIX)
        document = template.replace("__TITLE__", html.escape(f"{page.title} | {page.organizer}")).replace(
            "__CONFIG__", _script_json(config)
        )
        return html_answer(200, document)

    # --- GET /api/meetings-public/v3/book --------------------------------------------------------

    def _availability(self, query: Mapping[str, str]) -> Answer:
        offset = _int(query.get("monthOffset", "0"))
        if offset is None or not 0 <= offset <= _MAX_MONTH_OFFSET:
            return _invalid(f"monthOffset must be a whole number from 0 to {_MAX_MONTH_OFFSET}")
        now_param = _int(query["now"]) if "now" in query else None
        if "now" in query and now_param is None:
            return _invalid("now must be epoch milliseconds")
        with self._lock:
            page = self._find(query.get("slug"))
            if page is None:
                return _not_found()
            zone_name = query.get("timezone") or page.zone
            zone = _zone(zone_name)
            if zone is None:
                return _invalid(f"Unknown time zone {zone_name[:60]!r}")
            now = self._now()
            asked = _from_ms(now_param) if now_param is not None else now
            if asked is None:
                return _invalid("now must be epoch milliseconds")
            window_start = max(_month_start(asked, zone, offset), asked)
            window_end = _month_start(asked, zone, offset + 1)
            free = [s for s in sorted(page.starts) if s > now and not self._taken(page, s)]
            found = [s for s in free if window_start <= s < window_end]
            has_more = any(s >= window_end for s in free)
            scenario = replace(self.scenario)
            page = copy.deepcopy(page)
        length_ms = page.length * 60_000
        return _json_no_store(200, _book_info(page, scenario, found, has_more, length_ms))

    # --- GET /api/meetings-public/v3/book/check-availability -------------------------------------

    def _check(self, query: Mapping[str, str]) -> Answer:
        start_ms = _int(query.get("startTime"))
        start = _from_ms(start_ms) if start_ms is not None else None
        if start is None:
            return _invalid("startTime must be epoch milliseconds")
        with self._lock:
            page = self._find(query.get("slug"))
            if page is None:
                return _not_found()
            if self.scenario.slot_taken_before_submit and self._bookable(page, start):
                self._taken_by_others.add((page.slug.casefold(), start))  # somebody else books it now
            available = self._bookable(page, start)
        return _json_no_store(200, {"available": available, "startTime": start_ms})

    def _taken(self, page: MeetingPage, start: datetime) -> bool:
        """Whether ``start`` overlaps a booking of the page or was taken by somebody else; caller holds
        the lock."""
        key = page.slug.casefold()
        if (key, start) in self._taken_by_others:
            return True
        end = start + timedelta(minutes=page.length)
        return any(k == key and b.start < end and start < b.end for k, b in self._bookings)

    def _bookable(self, page: MeetingPage, start: datetime) -> bool:
        """Offered, in the future and free; caller holds the lock."""
        return start in page.starts and start > self._now() and not self._taken(page, start)

    # --- POST /meetings-public/v1/book -----------------------------------------------------------

    def _book(self, query: Mapping[str, str], raw: bytes) -> Answer:
        with self._lock:
            self._submissions += 1
            scenario = replace(self.scenario)
        answer = self._decide(query, raw, scenario)
        answer.delay = max(0.0, scenario.confirm_delay)
        answer.drop = answer.status == 200 and scenario.drop_after_submit
        return answer

    def _decide(self, query: Mapping[str, str], raw: bytes, scenario: PageScenario) -> Answer:
        try:
            body = json.loads(raw) if raw else None
        except (ValueError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            return _invalid("The request body must be a JSON object")
        slug = _text(body.get("slug")) or _text(query.get("slug"))
        if query.get("slug") and body.get("slug") and _text(query["slug"]).casefold() != slug.casefold():
            return _invalid("The slug of the query and of the body differ")
        with self._lock:
            found = self._find(slug)
            page = copy.deepcopy(found) if found is not None else None
        if page is None:
            return _not_found()
        start_ms = _int(body.get("startTime"))
        duration = body.get("duration")
        duration_ms = _int(duration) if duration is not None else page.length * 60_000
        zone_name = _text(body.get("timezone")) or _text(query.get("timezone")) or page.zone
        first, last, email = (_text(body.get(key)) for key in ("firstName", "lastName", "email"))
        start = _from_ms(start_ms) if start_ms is not None else None
        problems = [
            message
            for ok, message in (
                (start is not None, "startTime must be epoch milliseconds"),
                (duration_ms is not None, "duration must be milliseconds"),
                (_zone(zone_name) is not None, "timezone must be an IANA time zone"),
                (bool(first), "First name is required"),
                (bool(last), "Last name is required"),
                (bool(_EMAIL.match(email)), "Please enter a valid email address"),
            )
            if not ok
        ]
        if problems or start is None:
            return _invalid("; ".join(problems) or "startTime must be epoch milliseconds")
        if scenario.sign_in:
            return _error(401, "UNAUTHORIZED", "SIGN_IN_REQUIRED", "Sign in to book this meeting")
        if scenario.captcha:
            token = body.get("captchaToken")
            with self._lock:
                solved = isinstance(token, str) and token in self._captcha_tokens
            if not solved:
                return _invalid("Please complete the reCAPTCHA", "RECAPTCHA_VALIDATION_FAILED")
        notes = ""
        if scenario.payment:
            payment = body.get("payment")
            card = re.sub(r"\D", "", _text(payment.get("cardNumber"))) if isinstance(payment, dict) else ""
            if len(card) < 12:
                return _error(
                    402, "PAYMENT_REQUIRED", "PAYMENT_REQUIRED", "Add a valid card to pay for this meeting"
                )
            notes = f"paid with card ending {card[-4:]}"
        values = _form_values(body)
        question = scenario.required_question
        if question and not values.get(CUSTOM_FIELD, "").strip():
            return _invalid(f"{question} is required", "MISSING_REQUIRED_FIELD")
        answers = {question: values[CUSTOM_FIELD].strip()} if question else {}
        answers.update(
            {name: value for name, value in values.items() if name != CUSTOM_FIELD and value.strip()}
        )
        if duration_ms != page.length * 60_000:
            return _slot_unavailable()  # that length is not offered at any time
        key = page.slug.casefold()
        with self._lock:
            current = self._pages[key]
            if not self._bookable(current, start):
                return _slot_unavailable()
            if scenario.email_code:
                code_key = (key, email.lower())
                code = body.get("verificationCode")
                if code is None or code == "":
                    self._codes[code_key] = f"{secrets.randbelow(1_000_000):06d}"
                    return _json_no_store(
                        202, {"verificationRequired": True, "email": email, "message": VERIFICATION_PROMPT}
                    )
                if code_key not in self._codes or _text(code) != self._codes[code_key]:
                    return _invalid(
                        "That code didn't work. Check it and try again.", "INVALID_VERIFICATION_CODE"
                    )
                del self._codes[code_key]
            booking = PageBooking(
                id=secrets.token_hex(12),
                start=start,
                end=start + timedelta(minutes=current.length),
                name=f"{first} {last}",
                email=email,
                answers=answers,
                notes=notes,
            )
            self._bookings.append((key, booking))
            vid = self._contacts.setdefault(email.lower(), 501 + len(self._contacts))
        return _json_no_store(200, _booked(page, booking, first, last, vid, zone_name, values))

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
            try:
                body = json.loads(raw) if raw else {}
            except (ValueError, UnicodeDecodeError):
                body = None
            known = {f.name for f in fields(PageScenario)}
            if not isinstance(body, dict) or set(body) - known:
                return _invalid(f"a JSON object of these fields: {', '.join(sorted(known))}")
            self.scenario = PageScenario(**body)
            return _json_no_store(200, asdict(self.scenario))
        return _error(404, "OBJECT_NOT_FOUND", "NOT_FOUND", f"no replica route {method} /_replica/{action}")


def _form_fields(page: MeetingPage, scenario: PageScenario) -> list[JsonObject]:
    def one(name: str, label: str, custom: bool = False) -> JsonObject:
        return {
            "name": name,
            "label": label,
            "fieldType": "text",
            "type": "string",
            "isRequired": True,
            "isCustom": custom,
            "options": [],
        }

    found = [one("firstname", "First name"), one("lastname", "Last name"), one("email", "Your email address")]
    if scenario.required_question:
        found.append(one(CUSTOM_FIELD, scenario.required_question, custom=True))
    return found


def _book_info(
    page: MeetingPage, scenario: PageScenario, found: list[datetime], has_more: bool, length_ms: int
) -> JsonObject:
    """The availability answer, in the model of HubSpot's scheduler API ("List booking information")."""
    return {
        "allUsersBusyTimes": [],
        "customParams": {
            "displayInfo": {
                "headline": page.title,
                "avatar": "",
                "companyAvatar": "",
                "publicDisplayAvatarOption": "PROFILE_IMAGE",
            },
            "durations": [length_ms],
            "location": "",
            "timezone": page.zone,
            "recaptchaEnabled": scenario.captcha,
            "formFields": _form_fields(page, scenario),
            "legalConsentEnabled": False,
            "weeksToAdvertise": 8,
        },
        "isOffline": False,
        "linkId": page.link_id,
        "linkType": "PERSONAL_LINK",
        "linkAvailability": {
            "hasMore": has_more,
            "linkAvailabilityByDuration": {
                str(length_ms): {
                    "meetingDurationMillis": length_ms,
                    "availabilities": [
                        {"startMillisUtc": _ms(s), "endMillisUtc": _ms(s) + length_ms} for s in found
                    ],
                }
            },
        },
    }


def _form_values(body: Mapping[str, object]) -> dict[str, str]:
    """Form answers by field name, from ``formFields: [{name, value}]`` and ``customFormFields: {…}``."""
    values: dict[str, str] = {}
    listed = body.get("formFields")
    if isinstance(listed, list):
        for entry in listed:
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                value = entry.get("value")
                values[entry["name"]] = value if isinstance(value, str) else ""
    custom = body.get("customFormFields")
    if isinstance(custom, dict):
        for name, value in custom.items():
            values[str(name)] = value if isinstance(value, str) else ""
    return values


def _booked(
    page: MeetingPage,
    booking: PageBooking,
    first: str,
    last: str,
    vid: int,
    zone_name: str,
    values: Mapping[str, str],
) -> JsonObject:
    organizer_first, _, organizer_last = page.organizer.partition(" ")
    start_ms, end_ms = _ms(booking.start), _ms(booking.end)
    return {
        "id": booking.id,
        "start": start_ms,
        "end": end_ms,
        "duration": end_ms - start_ms,
        "vid": vid,
        "subject": f"{page.title} with {page.organizer}",
        "contact": {"vid": vid, "firstName": first, "lastName": last, "email": booking.email},
        "organizer": {
            "firstName": organizer_first,
            "lastName": organizer_last,
            "fullName": page.organizer,
        },
        "attendees": [],
        "guestEmails": [],
        "formFields": [{"name": name, "value": value} for name, value in values.items()],
        "bookingTimezone": zone_name,
        "isOffline": False,
        "location": "",
    }


_NOT_FOUND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found | HubSpot</title>
<style>body{margin:0;font:16px/1.5 "Lexend Deca",Helvetica,Arial,sans-serif;color:#33475b;background:#f5f8fa}
main{max-width:520px;margin:96px auto;padding:40px;background:#fff;border:1px solid #cbd6e2;border-radius:4px;
text-align:center}</style></head>
<body><main><h1>This page isn't available</h1>
<p>The meeting link you followed may be broken, or the page may have been removed.</p></main></body></html>
"""

# The page: "mtg-" prefixes every class and id (renamed for the "changed" markup; HubSpot's cookie-banner
# ids are kept); __TITLE__ and __CONFIG__ are filled per request. Everything the page shows from data
# goes through textContent.
_PAGE = r"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>__TITLE__</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.5 "Lexend Deca", Helvetica, Arial, sans-serif; color: #33475b; background: #f5f8fa; }
  button { font: inherit; cursor: pointer; }
  button[disabled], button[aria-disabled="true"] { cursor: default; }
  .mtg-app { max-width: 760px; margin: 32px auto; background: #fff; border: 1px solid #cbd6e2; border-radius: 4px; }
  .mtg-header { padding: 24px 32px 16px; border-bottom: 1px solid #eaf0f6; text-align: center; }
  .mtg-avatar { width: 56px; height: 56px; margin: 0 auto 8px; border-radius: 50%; background: #00a4bd; color: #fff;
    display: flex; align-items: center; justify-content: center; font-size: 20px; }
  .mtg-organizer { margin: 0; color: #516f90; }
  .mtg-title { margin: 4px 0 0; font-size: 22px; font-weight: 600; }
  .mtg-durations { display: flex; justify-content: center; gap: 8px; padding: 16px 32px 0; }
  .mtg-duration { border: 1px solid #cbd6e2; border-radius: 3px; padding: 6px 16px; background: #f5f8fa; color: #33475b; }
  .mtg-duration[aria-pressed="true"] { border-color: #00a4bd; background: #e5f5f8; }
  .mtg-zone { padding: 8px 32px 0; text-align: center; color: #516f90; }
  .mtg-zone-button { border: 0; background: transparent; color: #0091ae; }
  .mtg-body { padding: 16px 32px 32px; }
  .mtg-picker { display: flex; gap: 32px; }
  .mtg-cal { flex: 1; }
  .mtg-cal-head { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
  .mtg-month { flex: 1; margin: 0; text-align: center; font-size: 16px; font-weight: 600; }
  .mtg-icon { width: 32px; height: 32px; border: 0; border-radius: 50%; background: transparent; font-size: 18px; color: #0091ae; }
  .mtg-icon[disabled] { color: #cbd6e2; }
  .mtg-grid { display: grid; grid-template-columns: repeat(7, 40px); gap: 4px; justify-content: center; }
  .mtg-wd { text-align: center; font-size: 12px; color: #7c98b6; }
  .mtg-day { width: 40px; height: 40px; border: 0; border-radius: 50%; background: transparent; color: #b0c1d4; }
  .mtg-day.mtg-open { color: #0091ae; font-weight: 600; background: #e5f5f8; }
  .mtg-day[aria-pressed="true"] { background: #00a4bd; color: #fff; }
  .mtg-times { width: 220px; flex: none; }
  .mtg-times h3 { margin: 4px 0 12px; font-size: 14px; }
  .mtg-time { display: block; width: 100%; margin: 0 0 8px; padding: 8px 0; border: 1px solid #00a4bd;
    border-radius: 3px; background: #fff; color: #0091ae; }
  .mtg-time:hover { background: #e5f5f8; }
  .mtg-hint { color: #7c98b6; }
  .mtg-alert { margin: 8px 0; padding: 8px 12px; border-radius: 3px; background: #fde8e9; color: #b9252c; }
  .mtg-when { font-weight: 600; margin: 8px 0 16px; }
  .mtg-field { margin: 0 0 12px; }
  .mtg-field label { display: block; font-size: 13px; margin-bottom: 2px; }
  .mtg-input { width: 100%; padding: 9px 10px; border: 1px solid #cbd6e2; border-radius: 3px; font: inherit; background: #f5f8fa; }
  .mtg-input[aria-invalid="true"] { border-color: #f2545b; }
  .mtg-actions { display: flex; justify-content: space-between; gap: 8px; margin-top: 16px; }
  .mtg-primary { border: 0; border-radius: 3px; padding: 10px 24px; background: #ff7a59; color: #fff; }
  .mtg-primary[aria-disabled="true"] { background: #eaf0f6; color: #b0c1d4; }
  .mtg-secondary { border: 1px solid #cbd6e2; border-radius: 3px; padding: 10px 16px; background: #fff; color: #33475b; }
  .mtg-captcha-frame { border: 0; width: 304px; height: 78px; }
  .mtg-payment { margin: 16px 0 0; padding: 12px; border: 1px solid #cbd6e2; border-radius: 3px; }
  .mtg-payment h3 { margin: 0 0 8px; font-size: 14px; }
  .mtg-done { text-align: center; padding: 24px 0; }
  .mtg-done h2 { margin: 0 0 8px; font-size: 22px; }
  #hs-eu-cookie-confirmation { position: fixed; inset: 0; z-index: 1000; background: rgba(45, 62, 80, .5);
    display: flex; align-items: flex-end; justify-content: center; }
  #hs-eu-cookie-confirmation-inner { width: 100%; padding: 20px 32px; background: #fff; border-top: 1px solid #cbd6e2;
    font-size: 13px; }
  #hs-eu-cookie-confirmation-buttons-area { display: flex; gap: 8px; margin-top: 8px; }
  #hs-eu-confirmation-button { border: 0; border-radius: 3px; padding: 8px 16px; background: #425b76; color: #fff; }
  #hs-eu-decline-button { border: 1px solid #425b76; border-radius: 3px; padding: 8px 16px; background: #fff; color: #425b76; }
</style>
</head>
<body>
<div id="mtg-app" class="mtg-app"></div>
<script type="application/json" id="mtg-config">__CONFIG__</script>
<script>
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("mtg-config").textContent);
  var current = cfg.markup !== "changed";
  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

  // --- where the page's calls go: HubSpot's app and api hosts of the page's region, else this origin ---
  var hub = /^(?:meetings|app)(-[a-z0-9]+)?\.hubspot\.com$/.exec(location.hostname.toLowerCase());
  var region = hub && hub[1] ? hub[1] : "";
  var appBase = hub ? "https://app" + region + ".hubspot.com" : location.origin;
  var apiBase = hub ? "https://api" + region + ".hubspot.com" : location.origin;
  var meetingsHost = "meetings" + region + ".hubspot.com";

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
  function mark(node, name, value) {  // the test attributes: gone from the "changed" markup
    if (current) node.setAttribute(name, value);
    return node;
  }
  function button(cls, text, onClick) {
    var node = el("button", cls, text);
    node.type = "button";
    if (onClick) node.addEventListener("click", onClick);
    return node;
  }
  function iconButton(symbol, name, onClick) {
    var node = button("mtg-icon", null, onClick);
    var glyph = el("span", null, symbol);
    glyph.setAttribute("aria-hidden", "true");
    node.appendChild(glyph);
    node.setAttribute("aria-label", name);
    return node;
  }
  function disable(node) {
    node.disabled = true;
    node.setAttribute("aria-disabled", "true");
    return node;
  }
  var fieldCount = 0;
  function field(label, type, name, autocomplete) {
    var wrap = el("div", "mtg-field");
    var input = el("input", "mtg-input");
    input.id = "mtg-field-" + (++fieldCount);
    input.type = type;
    input.name = name;
    input.autocomplete = autocomplete;
    input.required = true;
    var tag = el("label", null, label);
    tag.htmlFor = input.id;
    wrap.appendChild(tag);
    wrap.appendChild(input);
    return {wrap: wrap, input: input, label: label};
  }
  function showError(container, message) {
    clearError(container);
    var alert = el("div", "mtg-alert", message);
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
  function whenText(ms) {
    return dateFormat.format(new Date(ms)) + ", " + timeText(ms) + " – " + timeText(ms + cfg.length_ms);
  }
  var US_ZONES = {"America/New_York": "Eastern Time (US & Canada)", "America/Chicago": "Central Time (US & Canada)",
    "America/Denver": "Mountain Time (US & Canada)", "America/Los_Angeles": "Pacific Time (US & Canada)",
    "America/Phoenix": "Arizona", "America/Anchorage": "Alaska", "Pacific/Honolulu": "Hawaii"};
  function zoneName() {
    if (US_ZONES[zone]) return US_ZONES[zone];
    var generic = "";
    try {
      new Intl.DateTimeFormat("en-US", {timeZone: zone, timeZoneName: "longGeneric"})
        .formatToParts(new Date(cfg.now_ms)).forEach(function (p) {
          if (p.type === "timeZoneName") generic = p.value;
        });
    } catch (e) { generic = ""; }
    return generic && generic.indexOf("GMT") !== 0 ? generic : zone.split("/").pop().replace(/_/g, " ");
  }

  // --- state and the availability call -------------------------------------------------------------
  var today = dayOf(cfg.now_ms);
  var state = {offset: 0, loads: {}, months: {}, byDay: {}, gone: {}, day: null, failed: false,
    busy: false, token: null, view: 0};
  function monthFirst(offset) { return civil(today.y, today.m + offset, 1); }
  function query(pairs) {
    return pairs.map(function (p) { return encodeURIComponent(p[0]) + "=" + encodeURIComponent(p[1]); }).join("&");
  }
  function loadMonth(offset) {
    if (!state.loads[offset]) {
      var url = appBase + "/api/meetings-public/v3/book?" + query([["slug", cfg.slug], ["timezone", zone],
        ["now", String(cfg.now_ms)], ["location", meetingsHost], ["includeInactiveLink", "true"],
        ["monthOffset", String(offset)]]);
      state.loads[offset] = fetch(url, {headers: {"Accept": "application/json"}})
        .then(function (r) { if (!r.ok) throw new Error("availability " + r.status); return r.json(); })
        .then(function (data) {
          var link = (data && data.linkAvailability) || {};
          var entry = (link.linkAvailabilityByDuration || {})[String(cfg.length_ms)] || {};
          (entry.availabilities || []).forEach(function (slot) {
            var ms = slot && slot.startMillisUtc;
            if (typeof ms !== "number" || state.gone[ms]) return;
            var key = dayKey(dayOf(ms));
            var list = state.byDay[key] || (state.byDay[key] = []);
            if (list.indexOf(ms) < 0) { list.push(ms); list.sort(function (a, b) { return a - b; }); }
          });
          state.months[offset] = {hasMore: link.hasMore !== false};
        })
        .catch(function (error) { delete state.loads[offset]; throw error; });
    }
    return state.loads[offset];
  }
  function timesOf(day) { return state.byDay[dayKey(day)] || []; }
  function forget(ms) {
    state.gone[ms] = true;
    var list = state.byDay[dayKey(dayOf(ms))] || [];
    var at = list.indexOf(ms);
    if (at >= 0) list.splice(at, 1);
  }

  // --- the frame of the page -------------------------------------------------------------------------
  var app = document.getElementById("mtg-app");
  var header = el("header", "mtg-header");
  var initials = cfg.organizer.split(/\s+/).map(function (w) { return w.charAt(0); }).join("").slice(0, 2);
  var avatar = el("div", "mtg-avatar", initials.toUpperCase());
  avatar.setAttribute("aria-hidden", "true");
  header.appendChild(avatar);
  header.appendChild(mark(el("p", "mtg-organizer", cfg.organizer), "data-test-id", "organizer-name"));
  header.appendChild(mark(el("h1", "mtg-title", cfg.title), "data-test-id", "meeting-name"));
  var durations = el("div", "mtg-durations");
  durations.setAttribute("role", "group");
  durations.setAttribute("aria-label", "Meeting duration");
  var durationButton = mark(button("mtg-duration", cfg.duration_text, null), "data-button-use", "tertiary-light");
  durationButton.setAttribute("aria-pressed", "true");
  durations.appendChild(durationButton);
  var zoneLine = el("div", "mtg-zone");
  zoneLine.appendChild(el("span", null, "Time zone: "));
  var zoneButton = mark(button("mtg-zone-button", zoneName() + " · " + zone, null), "data-test-id", "timezone-select");
  mark(zoneButton, "data-zone", zone);
  zoneButton.setAttribute("aria-haspopup", "listbox");
  zoneLine.appendChild(zoneButton);
  var main = el("main", "mtg-body");
  app.appendChild(header);
  app.appendChild(durations);
  app.appendChild(zoneLine);
  app.appendChild(main);

  function newView() { state.view += 1; state.busy = false; main.textContent = ""; return state.view; }

  // --- the calendar and the times ----------------------------------------------------------------------
  function renderCalendar() {
    newView();
    captchaFrame = null;
    var month = monthFirst(state.offset);
    var loaded = state.months[state.offset];
    var picker = el("div", "mtg-picker");
    var cal = mark(el("section", "mtg-cal"), "data-test-id", "calendar");
    cal.setAttribute("aria-label", "Choose a date");
    if (!loaded && !state.failed) cal.setAttribute("aria-busy", "true");
    var head = el("div", "mtg-cal-head");
    var previous = iconButton("‹", "Previous month", function () { shiftMonth(-1); });
    if (state.offset === 0) disable(previous);
    var next = iconButton("›", "Next month", function () { shiftMonth(1); });
    if (loaded && !loaded.hasMore) disable(next);
    head.appendChild(previous);
    head.appendChild(mark(el("h2", "mtg-month", MONTHS[month.m] + " " + month.y), "data-test-id", "month-title"));
    head.appendChild(next);
    cal.appendChild(head);
    if (state.failed) {
      var problem = el("div", "mtg-alert", "We couldn't load available times. Please try again later.");
      problem.setAttribute("role", "alert");
      cal.appendChild(problem);
    }
    var grid = el("div", "mtg-grid");
    grid.setAttribute("role", "group");
    grid.setAttribute("aria-label", MONTHS[month.m] + " " + month.y);
    ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].forEach(function (name) {
      var cell = el("span", "mtg-wd", name);
      cell.setAttribute("aria-hidden", "true");
      grid.appendChild(cell);
    });
    for (var i = 0; i < month.wd; i++) grid.appendChild(el("span", null));
    for (var d = month; d.m === month.m; d = addDays(d, 1)) grid.appendChild(dayButton(d, !!loaded));
    cal.appendChild(grid);
    picker.appendChild(cal);
    picker.appendChild(timesPanel());
    main.appendChild(picker);
  }

  function dayButton(day, loaded) {
    var open = loaded && timesOf(day).length > 0;
    var node = button("mtg-day" + (open ? " mtg-open" : ""), day.d, function () {
      state.day = day;
      renderCalendar();
    });
    node.setAttribute("aria-label", MONTHS[day.m] + " " + day.d + ", " + day.y);
    mark(node, "data-selenium-test-disabled", open ? "false" : "true");
    if (!open) disable(node);
    if (open && sameDay(day, state.day)) node.setAttribute("aria-pressed", "true");
    return node;
  }

  function timesPanel() {
    var panel = mark(el("section", "mtg-times"), "data-test-id", "time-picker");
    panel.setAttribute("aria-label", "Available times");
    var list = state.day ? timesOf(state.day) : [];
    if (!state.day || !list.length) {
      panel.appendChild(el("p", "mtg-hint", "Select a date to see available times."));
      return panel;
    }
    panel.appendChild(el("h3", null, WEEKDAYS[state.day.wd] + ", " + MONTHS[state.day.m] + " " + state.day.d));
    list.forEach(function (ms) {
      var slot = mark(button("mtg-time", timeText(ms), function () { chooseTime(ms); }), "data-test-id",
        "time-picker-btn");
      mark(slot, "data-time", String(ms));
      panel.appendChild(slot);
    });
    return panel;
  }

  function shiftMonth(n) {
    var offset = Math.max(0, state.offset + n);
    state.offset = offset;
    state.day = null;
    state.failed = false;
    renderCalendar();
    loadMonth(offset).then(function () {
      if (state.offset === offset && !state.chosen) renderCalendar();
    }, function () {
      if (state.offset === offset && !state.chosen) { state.failed = true; renderCalendar(); }
    });
  }

  // --- choosing a time: the form ------------------------------------------------------------------------
  var captchaFrame = null;
  function backButton() {
    return button("mtg-secondary", "Back", function () { state.chosen = null; renderCalendar(); });
  }

  function chooseTime(ms) {
    state.chosen = ms;
    if (cfg.sign_in) { signInWall(ms); return; }
    renderForm(ms);
    // The page checks the time again as its form opens; the answer is not shown.
    var url = appBase + "/api/meetings-public/v3/book/check-availability?" + query([["slug", cfg.slug],
      ["startTime", String(ms)], ["duration", String(cfg.length_ms)]]);
    fetch(url, {headers: {"Accept": "application/json"}}).catch(function () { return null; });
  }

  function signInWall(ms) {
    newView();
    var box = el("section", "mtg-form-step");
    box.appendChild(mark(el("p", "mtg-when", whenText(ms)), "data-test-id", "selected-time"));
    box.appendChild(el("h2", null, "Sign in to book this meeting"));
    box.appendChild(el("p", null, "The organizer asks guests to sign in before they book."));
    var actions = el("div", "mtg-actions");
    actions.appendChild(backButton());
    actions.appendChild(button("mtg-primary", "Sign in with Google", null));
    actions.appendChild(button("mtg-primary", "Sign in with Microsoft", null));
    box.appendChild(actions);
    main.appendChild(box);
  }

  function renderForm(ms) {
    var view = newView();
    state.token = null;
    var step = el("section", "mtg-form-step");
    step.setAttribute("aria-label", "Your information");
    step.appendChild(mark(el("p", "mtg-when", whenText(ms)), "data-test-id", "selected-time"));
    var form = el("form", "mtg-form");
    form.noValidate = true;
    var first = field("First name", "text", "firstName", "given-name");
    var last = field("Last name", "text", "lastName", "family-name");
    var email = field("Your email address", "email", "email", "email");
    var basics = [first, last, email];
    basics.forEach(function (f) { form.appendChild(f.wrap); });
    var question = null;
    if (cfg.required_question) {
      question = field(cfg.required_question, "text", "custom_question", "off");
      form.appendChild(question.wrap);
    }
    if (cfg.captcha) form.appendChild(captcha());
    var card = [];
    if (cfg.payment) {
      var section = mark(el("section", "mtg-payment"), "data-testid", "payment-form");
      section.appendChild(el("h3", null, "Payment"));
      section.appendChild(el("p", null, "Pay with a card to book this meeting."));
      card = [field("Card number", "text", "cardNumber", "cc-number"),
        field("Expiration date (MM/YY)", "text", "cardExpiry", "cc-exp"),
        field("Security code", "text", "cardCvc", "cc-csc")];
      card.forEach(function (f) { section.appendChild(f.wrap); });
      form.appendChild(section);
    }
    var actions = el("div", "mtg-actions");
    actions.appendChild(backButton());
    var forward = mark(el("button", "mtg-primary", cfg.payment ? "Pay and book" : "Confirm"), "data-selenium-test",
      "forward-button");
    forward.type = "submit";
    actions.appendChild(forward);
    form.appendChild(actions);
    step.appendChild(form);
    main.appendChild(step);
    function update() {
      var filled = basics.every(function (f) { return f.input.value.trim() !== ""; });
      forward.setAttribute("aria-disabled", filled ? "false" : "true");
    }
    basics.forEach(function (f) { f.input.addEventListener("input", update); });
    update();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.busy || forward.getAttribute("aria-disabled") === "true") return;
      clearError(step);
      var missing = (question ? [question] : []).concat(card).filter(function (f) {
        f.input.removeAttribute("aria-invalid");
        return !f.input.value.trim();
      });
      var address = email.input.value.trim();
      email.input.removeAttribute("aria-invalid");
      if (!EMAIL.test(address)) {
        email.input.setAttribute("aria-invalid", "true");
        showError(step, "Please enter a valid email address.");
        return;
      }
      if (missing.length) {
        missing.forEach(function (f) { f.input.setAttribute("aria-invalid", "true"); });
        showError(step, "Please complete all required fields.");
        missing[0].input.focus();
        return;
      }
      var payload = {slug: cfg.slug, firstName: first.input.value.trim(), lastName: last.input.value.trim(),
        email: address, startTime: ms, duration: cfg.length_ms, timezone: zone, locale: "en-us",
        guestEmails: [], likelyAvailableUserIds: [], formFields: [], offline: false};
      if (question) payload.formFields.push({name: "custom_question", value: question.input.value.trim()});
      if (state.token) payload.captchaToken = state.token;
      if (cfg.payment) {
        payload.payment = {cardNumber: card[0].input.value.trim(), expiry: card[1].input.value.trim(),
          securityCode: card[2].input.value.trim()};
      }
      send(payload, view, step, forward);
    });
    first.input.focus();
  }

  function captcha() {
    var box = el("div", "mtg-captcha");
    var frame = el("iframe", "mtg-captcha-frame");
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

  function send(payload, view, container, submitButton) {
    state.busy = true;
    submitButton.setAttribute("aria-busy", "true");
    var url = apiBase + "/meetings-public/v1/book?" + query([["slug", cfg.slug], ["timezone", zone]]);
    function done() {
      state.busy = false;
      submitButton.removeAttribute("aria-busy");
    }
    fetch(url, {method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(payload)})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) { return {status: r.status, data: data}; });
      })
      .then(function (answer) {
        done();
        if (view !== state.view) return;
        if (answer.status === 200 && answer.data && answer.data.id) confirmed(answer.data, payload);
        else if (answer.status === 202 && answer.data && answer.data.verificationRequired) verify(payload);
        else {
          if (answer.status === 409) forget(payload.startTime);
          showError(container, (answer.data && answer.data.message) || "Something went wrong. Please try again.");
        }
      }, function () {
        done();
        if (view === state.view) {
          showError(container, "We couldn't book your meeting. Check your connection and try again.");
        }
      });
  }

  function verify(payload) {
    var view = newView();
    var step = el("section", "mtg-form-step");
    step.appendChild(mark(el("p", "mtg-when", whenText(payload.startTime)), "data-test-id", "selected-time"));
    var prompt = el("h2", null, "Check your email for a verification code");
    prompt.setAttribute("role", "status");
    step.appendChild(prompt);
    step.appendChild(el("p", null, "We sent a code to " + payload.email + ". Enter it to confirm your meeting."));
    var form = el("form", "mtg-form");
    form.noValidate = true;
    var code = field("Verification code", "text", "verificationCode", "one-time-code");
    code.input.inputMode = "numeric";
    form.appendChild(code.wrap);
    var actions = el("div", "mtg-actions");
    actions.appendChild(backButton());
    var submitButton = el("button", "mtg-primary", "Verify");
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
      var again = JSON.parse(JSON.stringify(payload));
      again.verificationCode = value;
      send(again, view, step, submitButton);
    });
    code.input.focus();
  }

  function confirmed(data, payload) {
    var start = typeof data.start === "number" ? data.start : payload.startTime;
    newView();
    forget(payload.startTime);
    var done = el("section", "mtg-done");
    var profile = mark(el("div", "mtg-profile"), "data-test-id", "profile-header");
    profile.appendChild(el("h2", null, "Booking confirmed"));
    profile.appendChild(el("p", null, "You're booked with " + cfg.organizer + "."));
    profile.appendChild(mark(el("p", "mtg-when", whenText(start)), "data-test-id", "booked-time"));
    done.appendChild(profile);
    done.appendChild(el("p", null, "A calendar invitation has been sent to " + payload.email + "."));
    main.appendChild(done);
    durations.hidden = true;
    if (cfg.thank_you_url) setTimeout(function () { location.assign(cfg.thank_you_url); }, 300);
  }

  // --- HubSpot's cookie banner ---------------------------------------------------------------------------
  if (cfg.cookie_banner) {
    var banner = el("div", null);
    banner.id = "hs-eu-cookie-confirmation";
    banner.setAttribute("role", "region");
    banner.setAttribute("aria-label", "Cookie banner");
    var inner = el("div", null);
    inner.id = "hs-eu-cookie-confirmation-inner";
    var wording = el("div", null);
    wording.id = "hs-eu-policy-wording";
    wording.appendChild(el("p", null, "This website stores cookies on your computer. These cookies are used " +
      "to improve your website experience and provide more personalized services to you, both on this " +
      "website and through other media."));
    inner.appendChild(wording);
    var area = el("div", null);
    area.id = "hs-eu-cookie-confirmation-buttons-area";
    var accept = button(null, "Accept", function () { banner.remove(); });
    accept.id = "hs-eu-confirmation-button";
    var decline = button(null, "Decline", function () { banner.remove(); });
    decline.id = "hs-eu-decline-button";
    area.appendChild(accept);
    area.appendChild(decline);
    inner.appendChild(area);
    banner.appendChild(inner);
    document.body.appendChild(banner);
  }

  document.title = cfg.title + " | " + cfg.organizer;
  state.chosen = null;
  renderCalendar();
  loadMonth(0).then(function () {
    if (state.offset === 0 && !state.chosen) renderCalendar();
  }, function () {
    if (state.offset === 0 && !state.chosen) { state.failed = true; renderCalendar(); }
  });
})();
</script>
</body>
</html>
"""

__all__ = [
    "AVAILABILITY_PATH",
    "BOOK_PATH",
    "CHECK_PATH",
    "CUSTOM_FIELD",
    "SLOT_UNAVAILABLE",
    "VERIFICATION_PROMPT",
    "HubspotReplica",
    "MeetingPage",
]
