"""A local replica of a Google Calendar appointment-schedule booking page, for browser drivers' tests.

The product maps ``calendar.google.com`` to :attr:`GoogleAppointmentsReplica.origin` at the network
layer, so a browser loads ``https://calendar.google.com/calendar/appointments/schedules/{id}`` as the real
address while the replica sees the plain HTTP path. The page is one self-contained HTML document (inline
script and style, no outside assets) that renders itself client-side, loads its times from a JSON route
and books through another, as Google's own page does with its internal calls.

Routes (each also under ``/calendar/u/{n}/…``)
    ``GET  /calendar/appointments/schedules/{id}``         the booking page (``?date=YYYY-MM-DD`` opens a day)
    ``GET  /calendar/appointments/schedules/{id}/slots``   ``?start=&end=`` (epoch ms) [``&limit=``]
                                                           → ``{"slots": [epoch ms, …], …}``
    ``POST /calendar/appointments/schedules/{id}/book``    ``{"start_ms", "first_name", "last_name",
                                                           "email", "phone", "answers": {label: value},
                                                           "captcha_token"?, "code"?, "payment"?}``
                                                           → 200 ``{"event_id", "start_ms", "end_ms"}``
    ``GET /_replica/state`` ``POST /_replica/reset`` ``GET|POST /_replica/scenario``   replica-only admin

What follows the real page (providers.md §6):
    * the link shapes (``/calendar/appointments/schedules/{id}``, optionally ``/u/0/`` and ``?gv=true``);
    * the selector contract of §6.3: slot buttons ``button[data-date-time="<epoch ms>"]`` with text like
      "3:30 pm"; mini-calendar day buttons whose ``aria-label`` reads ``"12, Thursday"``, or
      ``"12, Thursday, no available times"``; ``button[aria-label="Next month"]``/``"Previous month"``;
      the link "Jump to the next bookable date" and the text "No available times in the next year";
      a form whose visible inputs come in the order first name, last name, email (then phone), a submit
      button whose text contains "Book", and a success text with "confirmed"/"booked";
    * times shown in the viewer's zone, the zone written like "(GMT-07:00) Pacific Time - Los Angeles";
    * no preselection of a slot through the address; premium schedules may verify the booker's email.

What is assumed (no source found; plausible, kept simple):
    * the internal routes' paths and JSON shapes, the ``?date=`` deep link, the week view's layout, the
      dialog's wording ("Your contact info", "Booking confirmed", "You're booked for …"), the refusal
      bodies ``{"error": code, "message": text}`` and their statuses: slot taken or not offered → 409
      ``slot_unavailable``, invalid body → 400 ``invalid_request``, captcha unsolved → 400
      ``captcha_required``, wrong code → 400 ``invalid_code``, sign-in wall → 401 ``sign_in_required``,
      payment missing → 402 ``payment_required``, unknown schedule → 404 ``not_found``;
    * the page checks the chosen time again (a ``slots`` call with ``selected=<ms>``) when its dialog
      opens; that call is the moment a :class:`PageScenario` with ``slot_taken_before_submit`` gives the
      time to somebody else;
    * the reCAPTCHA widget is a frame whose checkbox hands the page a token the replica issued with the
      page; such tokens stay valid until :meth:`GoogleAppointmentsReplica.reset`;
    * the email code is six digits, kept per schedule and address until a booking uses it, and readable
      through :meth:`GoogleAppointmentsReplica.email_codes` (the replica's stand-in for the mailbox);
    * schedules are independent (no owner's calendar shared between them); a booking blocks the times it
      overlaps on its own schedule only.

The "changed" markup (``PageScenario.markup``) is the same page after a release renamed things: classes
and ids get another prefix, ``data-testid``, ``data-date-time`` and ``data-zone`` are gone, and every
``aria-label`` becomes text — hidden text on buttons ("12, Thursday", "Next month"), ``<label>`` elements
on inputs — so only a driver that goes by visible text and accessible names still finds its way.
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
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from schedlink.replicas.page_scenario import PageBooking, PageScenario
from schedlink.replicas.server import Answer, ReplicaRequest, ReplicaServer, html_answer, json_answer

SLOT_UNAVAILABLE = "This time is no longer available"
PAGE_PATH = "/calendar/appointments/schedules/{id}"

JsonObject = dict[str, Any]

_TOKEN_CAP = 1000
_YEAR_MS = 366 * 24 * 3600 * 1000
_SCHEDULE_ID = re.compile(r"^[A-Za-z0-9_-]{1,200}$")
_ROUTE = re.compile(r"^/calendar(?:/u/\d+)?/appointments/schedules/([^/]+)(?:/(slots|book))?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CHANGED_PREFIX = "q7Zk-"  # class and id prefix of the "changed" markup (a release renamed them)


@dataclass
class Schedule:
    """One appointment schedule: its page's title, slot length, owner's zone and offered UTC starts."""

    id: str
    title: str
    length: int
    zone: str
    starts: set[datetime] = field(default_factory=set)


def _json_no_store(status: int, payload: object) -> Answer:
    """JSON as the page's calls get it: never kept by a cache."""
    return json_answer(status, payload, {"Cache-Control": "no-store"})


def _error(status: int, code: str, message: str) -> Answer:
    return _json_no_store(status, {"error": code, "message": message})


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("time zone-aware datetime required")
    return moment.astimezone(UTC)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _from_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, UTC)


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


def _duration_text(minutes: int) -> str:
    """Google's header wording: "30 min appointments", "1 hr appointments", "1 hr 30 min appointments"."""
    hours, rest = divmod(minutes, 60)
    parts = ([f"{hours} hr"] if hours else []) + ([f"{rest} min"] if rest or not hours else [])
    return " ".join(parts) + " appointments"


def _script_json(payload: object) -> str:
    """JSON safe inside a ``<script>`` element."""
    text = json.dumps(payload, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class GoogleAppointmentsReplica(ReplicaServer):
    """A Google appointment-schedule booking page on ``127.0.0.1``: add schedules and offers, then point a
    browser at it.

    All state sits behind one lock, so the check that a start is free and the booking that takes it are
    one step: concurrent POSTs for one start yield exactly one booking.
    """

    name = "google-appointments"
    stands_for = "https://calendar.google.com"
    methods = frozenset({"GET", "POST", "PUT", "DELETE"})

    def __init__(self, port: int = 0, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(port, now=now)
        self._schedules: dict[str, Schedule] = {}
        self._bookings: list[tuple[str, PageBooking]] = []  # (schedule id, booking)
        self._taken_by_others: set[tuple[str, datetime]] = set()
        self._codes: dict[tuple[str, str], str] = {}  # (schedule id, lower-cased email) → code
        self._captcha_tokens: deque[str] = deque(maxlen=_TOKEN_CAP)

    # --- configuration ---------------------------------------------------------------------------

    def add_schedule(
        self,
        schedule_id: str,
        *,
        title: str = "Intro call",
        length: int = 30,
        zone: str = "America/Los_Angeles",
        starts: Iterable[datetime] = (),
    ) -> Schedule:
        """Create a schedule served at ``/calendar/appointments/schedules/{schedule_id}``."""
        if not _SCHEDULE_ID.match(schedule_id):
            raise ValueError(f"schedule id {schedule_id!r} is not a URL-safe token")
        if length < 1:
            raise ValueError("length must be at least one minute")
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {zone!r}") from error
        schedule = Schedule(schedule_id, title, length, zone, {_utc(start) for start in starts})
        with self._lock:
            if schedule_id in self._schedules:
                raise ValueError(f"schedule {schedule_id} already exists")
            self._schedules[schedule_id] = schedule
            return copy.deepcopy(schedule)

    def offer(self, schedule_id: str, starts: Iterable[datetime]) -> None:
        """Add ``starts`` (aware datetimes) to the times ``schedule_id`` offers."""
        moments = {_utc(start) for start in starts}
        with self._lock:
            schedule = self._schedules.get(schedule_id)
            if schedule is None:
                raise KeyError(f"no schedule {schedule_id}")
            schedule.starts.update(moments)

    def _forget(self) -> None:
        """Bookings, times taken by others, codes and tokens; schedules, their offers and the scenario stay."""
        self._bookings.clear()
        self._taken_by_others.clear()
        self._codes.clear()
        self._captcha_tokens.clear()

    # --- introspection ---------------------------------------------------------------------------

    def bookings(self) -> list[PageBooking]:
        """The bookings made, oldest first."""
        with self._lock:
            return [booking for _, booking in self._bookings]

    def email_codes(self) -> dict[str, str]:
        """The verification codes "emailed" so far and not used yet, by lower-cased address."""
        with self._lock:
            return {email: code for (_, email), code in self._codes.items()}

    def schedules(self) -> list[Schedule]:
        with self._lock:
            return copy.deepcopy(list(self._schedules.values()))

    def state(self) -> JsonObject:
        """Schedules, bookings, submissions, codes, scenario and request log, as JSON values."""
        with self._lock:
            return {
                "schedules": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "length": s.length,
                        "zone": s.zone,
                        "starts_ms": sorted(_ms(start) for start in s.starts),
                    }
                    for s in self._schedules.values()
                ],
                "bookings": [
                    {
                        "schedule_id": schedule_id,
                        "event_id": b.id,
                        "start_ms": _ms(b.start),
                        "end_ms": _ms(b.end),
                        "name": b.name,
                        "email": b.email,
                        "answers": b.answers,
                        "notes": b.notes,
                    }
                    for schedule_id, b in self._bookings
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
        match = _ROUTE.match(path)
        if match is None:
            return html_answer(404, _NOT_FOUND_PAGE)
        schedule_id, action = match.group(1), match.group(2)
        if action is None:
            if method != "GET":
                return _error(405, "method_not_allowed", f"{method} is not allowed here")
            return self._page(schedule_id)
        if action == "slots":
            if method != "GET":
                return _error(405, "method_not_allowed", f"{method} is not allowed here")
            return self._slots(schedule_id, query)
        if method != "POST":
            return _error(405, "method_not_allowed", f"{method} is not allowed here")
        return self._book(schedule_id, body)

    def too_large(self, request: ReplicaRequest) -> Answer:
        return _error(413, "too_large", "Request body too large")

    # --- the page --------------------------------------------------------------------------------

    def _page(self, schedule_id: str) -> Answer:
        with self._lock:
            schedule = self._schedules.get(schedule_id)
            scenario = replace(self.scenario)
            token = None
            if schedule is not None and scenario.captcha:
                token = secrets.token_urlsafe(24)
                self._captcha_tokens.append(token)
            now_ms = _ms(self._now())
        if schedule is None:
            return html_answer(404, _NOT_FOUND_PAGE)
        config = {
            "schedule_id": schedule.id,
            "title": schedule.title,
            "length": schedule.length,
            "duration_text": _duration_text(schedule.length),
            "owner_zone": schedule.zone,
            "now_ms": now_ms,
            "page_zone": scenario.page_zone,
            "markup": scenario.markup,
            "cookie_banner": scenario.cookie_banner,
            "required_question": scenario.required_question,
            "captcha": scenario.captcha,
            "captcha_token": token,
            "email_code": scenario.email_code,
            "sign_in": scenario.sign_in,
            "payment": scenario.payment,
            "thank_you_url": scenario.thank_you_url,
        }
        template = _PAGE if scenario.markup != "changed" else _PAGE.replace("gx-", _CHANGED_PREFIX)
        page = template.replace("__TITLE__", html.escape(schedule.title)).replace(
            "__CONFIG__", _script_json(config)
        )
        return html_answer(200, page)

    # --- GET …/slots -----------------------------------------------------------------------------

    def _slots(self, schedule_id: str, query: Mapping[str, str]) -> Answer:
        start, end = _int(query.get("start")), _int(query.get("end"))
        if start is None or end is None or end < start:
            return _error(400, "invalid_request", "start and end must be epoch milliseconds, start ≤ end")
        limit = _int(query.get("limit")) if "limit" in query else None
        if limit is not None and limit < 1:
            return _error(400, "invalid_request", "limit must be at least 1")
        selected = _int(query.get("selected")) if "selected" in query else None
        with self._lock:
            schedule = self._schedules.get(schedule_id)
            if schedule is None:
                return _error(404, "not_found", "This appointment schedule doesn't exist")
            if selected is not None and self.scenario.slot_taken_before_submit:
                moment = _from_ms(selected)
                if moment in schedule.starts:  # somebody else books it while the dialog is open
                    self._taken_by_others.add((schedule.id, moment))
            free = self._free_starts(schedule, _from_ms(start), _from_ms(end))
            length, zone = schedule.length, schedule.zone
        found = [_ms(moment) for moment in free]
        if limit is not None:
            found = found[:limit]
        return _json_no_store(
            200, {"schedule_id": schedule_id, "time_zone": zone, "length_minutes": length, "slots": found}
        )

    def _taken(self, schedule: Schedule, start: datetime) -> bool:
        """Whether ``start`` overlaps a booking of the schedule or was taken by somebody else; caller holds
        the lock."""
        if (schedule.id, start) in self._taken_by_others:
            return True
        end = start + timedelta(minutes=schedule.length)
        return any(sid == schedule.id and b.start < end and start < b.end for sid, b in self._bookings)

    def _free_starts(self, schedule: Schedule, start: datetime, end: datetime) -> list[datetime]:
        """Offered starts in ``[start, end)``, not past and not taken; caller holds the lock."""
        now = self._now()
        return sorted(
            s for s in schedule.starts if start <= s < end and s > now and not self._taken(schedule, s)
        )

    def _bookable(self, schedule: Schedule, start: datetime) -> bool:
        """Caller holds the lock."""
        return start in schedule.starts and start > self._now() and not self._taken(schedule, start)

    # --- POST …/book -----------------------------------------------------------------------------

    def _book(self, schedule_id: str, raw: bytes) -> Answer:
        with self._lock:
            self._submissions += 1
            scenario = replace(self.scenario)
        answer = self._decide(schedule_id, raw, scenario)
        answer.delay = max(0.0, scenario.confirm_delay)
        answer.drop = answer.status == 200 and scenario.drop_after_submit
        return answer

    def _decide(self, schedule_id: str, raw: bytes, scenario: PageScenario) -> Answer:
        with self._lock:
            known = schedule_id in self._schedules
        if not known:
            return _error(404, "not_found", "This appointment schedule doesn't exist")
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return _error(400, "invalid_request", "The request body must be a JSON object")
        start_ms = _int(body.get("start_ms"))
        first, last, email = (
            _text(body.get("first_name")),
            _text(body.get("last_name")),
            _text(body.get("email")),
        )
        answers = body.get("answers", {})
        problems = [
            message
            for ok, message in (
                (start_ms is not None, "start_ms must be epoch milliseconds"),
                (bool(first), "First name is required"),
                (bool(last), "Last name is required"),
                (bool(_EMAIL.match(email)), "Enter a valid email address"),
                (isinstance(answers, dict), "answers must be an object"),
            )
            if not ok
        ]
        if problems or start_ms is None or not isinstance(answers, dict):  # (the last two narrow types)
            return _error(400, "invalid_request", "; ".join(problems))
        if scenario.sign_in:
            return _error(401, "sign_in_required", "Sign in with Google to book")
        if scenario.captcha:
            token = body.get("captcha_token")
            with self._lock:
                solved = isinstance(token, str) and token in self._captcha_tokens
            if not solved:
                return _error(400, "captcha_required", "Please verify that you're not a robot")
        notes = ""
        if scenario.payment:
            payment = body.get("payment")
            card = re.sub(r"\D", "", _text(payment.get("card_number"))) if isinstance(payment, dict) else ""
            if len(card) < 12:
                return _error(402, "payment_required", "Add a valid card to pay for this appointment")
            notes = f"paid with card ending {card[-4:]}"
        question = scenario.required_question
        if question and not _text(answers.get(question)):
            return _error(400, "invalid_request", f"{question} is required")
        recorded = {str(key): value for key, value in answers.items() if isinstance(value, str)}
        phone = _text(body.get("phone"))
        if phone:
            recorded["Phone number"] = phone
        start = _from_ms(start_ms)
        with self._lock:
            schedule = self._schedules[schedule_id]
            if not self._bookable(schedule, start):
                return _error(409, "slot_unavailable", SLOT_UNAVAILABLE)
            if scenario.email_code:
                key = (schedule_id, email.lower())
                code = body.get("code")
                if code is None or code == "":
                    self._codes[key] = f"{secrets.randbelow(1_000_000):06d}"
                    return _json_no_store(202, {"verification_required": True, "email": email})
                if key not in self._codes or _text(code) != self._codes[key]:
                    return _error(400, "invalid_code", "That code didn't work. Check it and try again.")
                del self._codes[key]
            booking = PageBooking(
                id=secrets.token_hex(13),
                start=start,
                end=start + timedelta(minutes=schedule.length),
                name=f"{first} {last}",
                email=email,
                answers=recorded,
                notes=notes,
            )
            self._bookings.append((schedule_id, booking))
        return _json_no_store(200, {"event_id": booking.id, "start_ms": start_ms, "end_ms": _ms(booking.end)})

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
            except ValueError:
                body = None
            known = {f.name for f in fields(PageScenario)}
            if not isinstance(body, dict) or set(body) - known:
                return _error(
                    400, "invalid_request", f"a JSON object of these fields: {', '.join(sorted(known))}"
                )
            self.scenario = PageScenario(**body)
            return _json_no_store(200, asdict(self.scenario))
        return _error(404, "not_found", f"no replica route {method} /_replica/{action}")


_NOT_FOUND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Error 404 (Not Found)!!1</title></head>
<body><p><b>404.</b> <ins>That’s an error.</ins></p>
<p>The requested URL was not found on this server. <ins>That’s all we know.</ins></p></body></html>
"""

# The page: "gx-" prefixes every class and id (renamed for the "changed" markup); __TITLE__ and
# __CONFIG__ are filled per request. Everything the page shows from data goes through textContent.
_PAGE = r"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>__TITLE__ - Google Calendar</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.4 Roboto, Arial, sans-serif; color: #1f1f1f; background: #fff; }
  button { font: inherit; cursor: pointer; }
  .gx-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .gx-header { padding: 20px 24px 12px; border-bottom: 1px solid #e0e0e0; }
  .gx-header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 400; }
  .gx-header p { margin: 2px 0; color: #444746; }
  .gx-body { display: flex; gap: 24px; padding: 16px 24px; }
  .gx-aside { width: 260px; flex: none; }
  .gx-main { flex: 1; min-width: 0; }
  .gx-cal-head, .gx-week-bar { display: flex; align-items: center; gap: 8px; margin-bottom: 8px; }
  .gx-cal-month { flex: 1; margin: 0; font-size: 15px; font-weight: 500; }
  .gx-icon { width: 32px; height: 32px; border: 0; border-radius: 50%; background: transparent; font-size: 18px; }
  .gx-icon:hover { background: #f1f3f4; }
  .gx-cal-grid { display: grid; grid-template-columns: repeat(7, 32px); gap: 4px; }
  .gx-cal-wd { text-align: center; font-size: 11px; color: #5f6368; }
  .gx-cal-day { width: 32px; height: 32px; border: 0; border-radius: 50%; background: transparent; color: #9aa0a6; }
  .gx-cal-day.gx-open { color: #0b57d0; font-weight: 500; background: #e8f0fe; }
  .gx-cal-day.gx-selected { background: #0b57d0; color: #fff; }
  .gx-range { flex: 1; font-size: 18px; }
  .gx-plain { border: 1px solid #747775; border-radius: 18px; padding: 6px 16px; background: #fff; }
  .gx-week { display: grid; grid-template-columns: repeat(7, minmax(90px, 1fr)); gap: 8px; }
  .gx-col-head { text-align: center; margin-bottom: 8px; color: #444746; }
  .gx-col-head span { display: block; }
  .gx-col-num { font-size: 22px; }
  .gx-slot { display: block; width: 100%; margin: 0 0 8px; padding: 8px 0; border: 1px solid #c4c7c5;
    border-radius: 8px; background: #fff; color: #0b57d0; }
  .gx-slot:hover { background: #e8f0fe; }
  .gx-empty { margin: 24px 0; }
  .gx-scrim { position: fixed; inset: 0; background: rgba(0, 0, 0, .32); display: flex; align-items: center;
    justify-content: center; z-index: 100; }
  .gx-dialog { background: #fff; border-radius: 16px; padding: 24px; width: 440px; max-height: 90vh; overflow: auto; }
  .gx-dialog h2 { margin: 0 0 8px; font-size: 22px; font-weight: 400; }
  .gx-dialog h3 { margin: 16px 0 8px; font-size: 14px; font-weight: 500; }
  .gx-field { margin: 0 0 12px; }
  .gx-caption { display: block; font-size: 12px; color: #444746; margin-bottom: 2px; }
  .gx-input { width: 100%; padding: 10px 12px; border: 1px solid #747775; border-radius: 4px; font: inherit; }
  .gx-input[aria-invalid="true"] { border-color: #b3261e; }
  .gx-alert { margin: 8px 0; padding: 8px 12px; border-radius: 4px; background: #fce8e6; color: #b3261e; }
  .gx-actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 16px; }
  .gx-primary { border: 0; border-radius: 18px; padding: 8px 24px; background: #0b57d0; color: #fff; }
  .gx-primary[disabled] { opacity: .6; cursor: default; }
  .gx-text-button { border: 0; border-radius: 18px; padding: 8px 16px; background: transparent; color: #0b57d0; }
  .gx-captcha-frame { border: 0; width: 304px; height: 78px; }
  .gx-consent { position: fixed; inset: 0; z-index: 1000; background: rgba(255, 255, 255, .97); display: flex;
    align-items: center; justify-content: center; }
  .gx-consent-box { max-width: 520px; padding: 24px; border: 1px solid #dadce0; border-radius: 8px; background: #fff; }
</style>
</head>
<body>
<div id="gx-app" class="gx-app"></div>
<script type="application/json" id="gx-config">__CONFIG__</script>
<script>
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("gx-config").textContent);
  var current = cfg.markup !== "changed";
  var WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var DAY_MS = 86400000;
  var base = location.pathname.replace(/\/+$/, "");

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
  function testId(node, name) {
    if (current) node.setAttribute("data-testid", name);
    return node;
  }
  function button(cls, text, onClick) {
    var node = el("button", cls, text);
    node.type = "button";
    if (onClick) node.addEventListener("click", onClick);
    return node;
  }
  function iconButton(symbol, name, onClick) {
    var node = button("gx-icon", null, onClick);
    var glyph = el("span", null, symbol);
    glyph.setAttribute("aria-hidden", "true");
    node.appendChild(glyph);
    if (current) node.setAttribute("aria-label", name);
    else node.appendChild(el("span", "gx-sr", name));
    return node;
  }
  var fieldCount = 0;
  function field(label, type, autocomplete, required, hint) {
    var wrap = el("div", "gx-field");
    var input = el("input", "gx-input");
    input.type = type;
    input.autocomplete = autocomplete;
    if (required) input.setAttribute("aria-required", "true");
    if (current) {
      var caption = el("span", "gx-caption", label + (required ? " *" : hint ? " " + hint : ""));
      caption.setAttribute("aria-hidden", "true");
      input.setAttribute("aria-label", label);
      wrap.appendChild(caption);
    } else {
      input.id = "gx-field-" + (++fieldCount);
      var tag = el("label", "gx-caption", label);
      tag.htmlFor = input.id;
      wrap.appendChild(tag);
      if (hint) wrap.appendChild(el("span", "gx-caption", hint));
    }
    wrap.appendChild(input);
    return {wrap: wrap, input: input, label: label, required: required};
  }
  function showError(container, message) {
    clearError(container);
    var alert = el("div", "gx-alert", message);
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
  function sameDay(a, b) { return a.y === b.y && a.m === b.m && a.d === b.d; }
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
  function timeText(ms) { return timeFormat.format(new Date(ms)).replace(/[\s\u202f]+/g, " ").toLowerCase(); }
  function whenText(ms) {
    return dateFormat.format(new Date(ms)) + ", " + timeText(ms) + " – " + timeText(ms + cfg.length * 60000);
  }
  function zonePart(options) {
    var found = "";
    try {
      options.timeZone = zone;
      new Intl.DateTimeFormat("en-US", options).formatToParts(new Date(cfg.now_ms)).forEach(function (p) {
        if (p.type === "timeZoneName") found = p.value;
      });
    } catch (e) { found = ""; }
    return found;
  }
  function zoneLabel() {
    var offset = zonePart({timeZoneName: "longOffset"});
    if (!offset || offset === "GMT") offset = "GMT+00:00";
    var generic = zonePart({timeZoneName: "longGeneric"});
    var city = zone.split("/").pop().replace(/_/g, " ");
    var name = generic && generic.indexOf("GMT") !== 0 && generic !== city ? generic + " - " + city : city;
    return "(" + offset + ") " + name;
  }

  // --- state and the slots route ------------------------------------------------------------------
  var today = dayOf(cfg.now_ms);
  var state = {selected: today, month: civil(today.y, today.m, 1), byDay: {}, loaded: {}, jump: null,
    token: null, busy: false, failed: false, generation: 0};
  var asked = new URLSearchParams(location.search).get("date");
  if (asked && /^\d{4}-\d{2}-\d{2}$/.test(asked)) {
    var bits = asked.split("-");
    var day = civil(+bits[0], +bits[1] - 1, +bits[2]);
    if (dayKey(day) === asked) { state.selected = day; state.month = civil(day.y, day.m, 1); }
  }
  function getSlots(start, end, extra) {
    var url = base + "/slots?start=" + start + "&end=" + end;
    Object.keys(extra || {}).forEach(function (k) { url += "&" + k + "=" + encodeURIComponent(extra[k]); });
    return fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { if (!r.ok) throw new Error("slots " + r.status); return r.json(); });
  }
  function keep(list) {
    list.forEach(function (ms) {
      var key = dayKey(dayOf(ms));
      var day = state.byDay[key] || (state.byDay[key] = []);
      if (day.indexOf(ms) < 0) { day.push(ms); day.sort(function (a, b) { return a - b; }); }
    });
  }
  function forget(ms) {
    var day = state.byDay[dayKey(dayOf(ms))] || [];
    var at = day.indexOf(ms);
    if (at >= 0) day.splice(at, 1);
  }
  function loadMonth(first) {
    var key = dayKey(first);
    if (!state.loaded[key]) {
      state.loaded[key] = getSlots(midnight(first), midnight(civil(first.y, first.m + 1, 1)))
        .then(function (answer) { keep(answer.slots); })
        .catch(function (error) { delete state.loaded[key]; throw error; });
    }
    return state.loaded[key];
  }
  function slotsOf(day) { return state.byDay[dayKey(day)] || []; }
  function weekOf(day) {
    var first = addDays(day, -day.wd), days = [];
    for (var i = 0; i < 7; i++) days.push(addDays(first, i));
    return days;
  }
  function findJump(week) {
    var after = Math.max(midnight(addDays(week[6], 1)), cfg.now_ms);
    var until = cfg.now_ms + 366 * DAY_MS;
    return getSlots(after, Math.max(after, until), {limit: 1}).then(function (answer) {
      if (answer.slots.length) return answer.slots[0];
      return getSlots(cfg.now_ms, until, {limit: 1}).then(function (again) {
        return again.slots.length ? again.slots[0] : null;
      });
    });
  }
  function refresh() {
    var generation = ++state.generation;
    var week = weekOf(state.selected);
    var months = [state.month, civil(week[0].y, week[0].m, 1), civil(week[6].y, week[6].m, 1)];
    main.setAttribute("aria-busy", "true");
    return Promise.all(months.map(loadMonth)).then(function () {
      var empty = week.every(function (d) { return slotsOf(d).length === 0; });
      if (!empty) { state.jump = null; return null; }
      return findJump(week).then(function (found) { state.jump = found === null ? "none" : found; });
    }).then(function () {
      if (generation === state.generation) { state.failed = false; render(); }
    }, function () {
      if (generation === state.generation) { state.failed = true; render(); }
    });
  }
  function select(day) {
    state.selected = day;
    state.month = civil(day.y, day.m, 1);
    state.jump = null;
    return refresh();
  }
  function shiftMonth(n) {
    var month = civil(state.month.y, state.month.m + n, 1);
    state.month = month;
    cal.setAttribute("aria-busy", "true");
    loadMonth(month).then(function () {
      if (state.month === month) renderCalendar();
    }, function () {
      if (state.month === month) { state.failed = true; render(); }
    });
  }

  // --- the page ------------------------------------------------------------------------------------
  var app = document.getElementById("gx-app");
  var header = el("header", "gx-header");
  header.appendChild(testId(el("h1", null, cfg.title), "title"));
  header.appendChild(testId(el("p", null, cfg.duration_text), "duration"));
  var zoneLine = testId(el("p", "gx-zone", zoneLabel()), "timezone");
  if (current) zoneLine.setAttribute("data-zone", zone);
  header.appendChild(zoneLine);
  var body = el("div", "gx-body");
  var aside = el("aside", "gx-aside");
  var cal = testId(el("div", "gx-cal"), "mini-calendar");
  aside.appendChild(cal);
  var main = el("main", "gx-main");
  body.appendChild(aside);
  body.appendChild(main);
  app.appendChild(header);
  app.appendChild(body);
  document.title = cfg.title + " - Google Calendar";

  function render() { renderCalendar(); renderWeek(); }

  function renderCalendar() {
    cal.textContent = "";
    cal.removeAttribute("aria-busy");
    var head = el("div", "gx-cal-head");
    head.appendChild(testId(el("h2", "gx-cal-month", MONTHS[state.month.m] + " " + state.month.y), "month"));
    head.appendChild(iconButton("‹", "Previous month", function () { shiftMonth(-1); }));
    head.appendChild(iconButton("›", "Next month", function () { shiftMonth(1); }));
    cal.appendChild(head);
    var grid = el("div", "gx-cal-grid");
    ["S", "M", "T", "W", "T", "F", "S"].forEach(function (letter) {
      var cell = el("span", "gx-cal-wd", letter);
      cell.setAttribute("aria-hidden", "true");
      grid.appendChild(cell);
    });
    for (var i = 0; i < state.month.wd; i++) grid.appendChild(el("span", null));
    for (var d = state.month; d.m === state.month.m; d = addDays(d, 1)) grid.appendChild(dayButton(d));
    cal.appendChild(grid);
  }

  function dayButton(day) {
    var open = slotsOf(day).length > 0;
    var label = day.d + ", " + WEEKDAYS[day.wd] + (open ? "" : ", no available times");
    var classes = "gx-cal-day" + (open ? " gx-open" : "") + (sameDay(day, state.selected) ? " gx-selected" : "");
    var node = button(classes, current ? String(day.d) : null, function () { select(day); });
    if (current) {
      node.setAttribute("aria-label", label);
    } else {  // the label as text only: the digit shown, the whole label read
      var digit = el("span", null, day.d);
      digit.setAttribute("aria-hidden", "true");
      node.appendChild(digit);
      node.appendChild(el("span", "gx-sr", label));
    }
    if (sameDay(day, state.selected)) node.setAttribute("aria-current", "date");
    return node;
  }

  function renderWeek() {
    main.textContent = "";
    main.removeAttribute("aria-busy");
    var week = weekOf(state.selected);
    var bar = el("div", "gx-week-bar");
    bar.appendChild(button("gx-plain", "Today", function () { select(today); }));
    bar.appendChild(iconButton("‹", "Previous week", function () { select(addDays(state.selected, -7)); }));
    bar.appendChild(iconButton("›", "Next week", function () { select(addDays(state.selected, 7)); }));
    var first = week[0], last = week[6];
    var range = MONTHS[first.m].slice(0, 3) + " " + first.d + " – " +
      (last.m !== first.m ? MONTHS[last.m].slice(0, 3) + " " : "") + last.d + ", " + last.y;
    bar.appendChild(testId(el("h2", "gx-range", range), "week-range"));
    main.appendChild(bar);
    if (state.failed) {
      var problem = el("div", "gx-alert", "Couldn't load available times. Try again later.");
      problem.setAttribute("role", "alert");
      main.appendChild(problem);
      return;
    }
    var grid = el("div", "gx-week");
    week.forEach(function (day) { grid.appendChild(column(day)); });
    main.appendChild(grid);
    if (state.jump === "none") {
      main.appendChild(el("p", "gx-empty", "No available times in the next year"));
    } else if (typeof state.jump === "number") {
      var target = dayOf(state.jump);
      var link = el("a", "gx-empty", "Jump to the next bookable date");
      link.href = "?date=" + dayKey(target);
      link.addEventListener("click", function (event) { event.preventDefault(); select(target); });
      main.appendChild(testId(link, "jump-to-next"));
    }
  }

  function column(day) {
    var col = el("div", "gx-col");
    col.setAttribute("role", "group");
    var head = el("div", "gx-col-head");
    head.id = "gx-col-" + dayKey(day);
    head.appendChild(el("span", "gx-col-wd", WEEKDAYS[day.wd].slice(0, 3).toUpperCase()));
    head.appendChild(el("span", "gx-col-num", day.d));
    if (current) col.setAttribute("aria-label", WEEKDAYS[day.wd] + ", " + MONTHS[day.m] + " " + day.d);
    else col.setAttribute("aria-labelledby", head.id);
    col.appendChild(head);
    slotsOf(day).forEach(function (ms) {
      var slot = button("gx-slot", timeText(ms), function () { openSlot(ms); });
      if (current) slot.setAttribute("data-date-time", String(ms));
      col.appendChild(slot);
    });
    return col;
  }

  // --- the booking dialog ---------------------------------------------------------------------------
  var layer = null, captchaFrame = null;
  function closeLayer() {
    if (layer) layer.remove();
    layer = null;
    captchaFrame = null;
    state.busy = false;
  }
  function openLayer() {
    closeLayer();
    layer = el("div", "gx-scrim");
    var dialog = el("div", "gx-dialog");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-labelledby", "gx-dialog-title");
    layer.appendChild(testId(dialog, "booking-dialog"));
    document.body.appendChild(layer);
    return dialog;
  }
  function dialogTitle(dialog, text) {
    var title = el("h2", null, text);
    title.id = "gx-dialog-title";
    dialog.appendChild(title);
  }

  function openSlot(ms) {
    var dialog = openLayer();
    state.token = null;
    if (cfg.sign_in) {
      dialogTitle(dialog, "Sign in with Google to book");
      dialog.appendChild(el("p", null, "To book this appointment, sign in with your Google Account."));
      var actions = el("div", "gx-actions");
      actions.appendChild(button("gx-text-button", "Cancel", closeLayer));
      actions.appendChild(button("gx-primary", "Sign in", null));
      dialog.appendChild(actions);
      return;
    }
    bookingForm(dialog, ms);
    // The page checks the time again as the dialog opens; the answer is not shown.
    var day = dayOf(ms);
    getSlots(midnight(day), midnight(addDays(day, 1)), {selected: ms}).catch(function () { return null; });
  }

  function bookingForm(dialog, ms) {
    dialogTitle(dialog, cfg.title);
    dialog.appendChild(testId(el("p", "gx-when", whenText(ms)), "chosen-time"));
    var form = el("form", "gx-form");
    form.noValidate = true;
    form.appendChild(el("h3", null, "Your contact info"));
    var inputs = [
      field("First name", "text", "given-name", true),
      field("Last name", "text", "family-name", true),
      field("Email address", "email", "email", true),
      field("Phone number", "tel", "tel", false, "(optional)")
    ];
    var question = null;
    if (cfg.required_question) {
      question = field(cfg.required_question, "text", "off", true);
      inputs.push(question);
    }
    inputs.forEach(function (f) { form.appendChild(f.wrap); });
    if (cfg.captcha) form.appendChild(captcha());
    var card = [];
    if (cfg.payment) {
      var section = el("section", "gx-payment");
      section.appendChild(el("h3", null, "Payment"));
      section.appendChild(el("p", null, "Pay with a card to book this appointment."));
      card = [
        field("Card number", "text", "cc-number", true),
        field("Expiration date (MM/YY)", "text", "cc-exp", true),
        field("Security code", "text", "cc-csc", true)
      ];
      card.forEach(function (f) { section.appendChild(f.wrap); });
      form.appendChild(section);
    }
    var actions = el("div", "gx-actions");
    actions.appendChild(button("gx-text-button", "Cancel", closeLayer));
    var submitButton = el("button", "gx-primary", cfg.payment ? "Pay and book" : "Book");
    submitButton.type = "submit";
    actions.appendChild(submitButton);
    form.appendChild(actions);
    dialog.appendChild(form);
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
        showError(form, missing[0].label + " is required");
        missing[0].input.focus();
        return;
      }
      var email = inputs[2].input.value.trim();
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        inputs[2].input.setAttribute("aria-invalid", "true");
        showError(form, "Enter a valid email address");
        return;
      }
      var payload = {start_ms: ms, first_name: inputs[0].input.value.trim(),
        last_name: inputs[1].input.value.trim(), email: email, phone: inputs[3].input.value.trim(), answers: {}};
      if (question) payload.answers[cfg.required_question] = question.input.value.trim();
      if (state.token) payload.captcha_token = state.token;
      if (cfg.payment) {
        payload.payment = {card_number: card[0].input.value.trim(), expiry: card[1].input.value.trim(),
          security_code: card[2].input.value.trim()};
      }
      send(payload, dialog, form, submitButton);
    });
    inputs[0].input.focus();
  }

  function captcha() {
    var box = el("div", "gx-captcha");
    var frame = el("iframe", "gx-captcha-frame");
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

  function send(payload, dialog, container, submitButton) {
    state.busy = true;
    submitButton.disabled = true;
    submitButton.setAttribute("aria-busy", "true");
    function done() {
      state.busy = false;
      submitButton.disabled = false;
      submitButton.removeAttribute("aria-busy");
    }
    fetch(base + "/book", {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "Accept": "application/json"}, body: JSON.stringify(payload)})
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (data) { return {status: r.status, data: data}; });
      })
      .then(function (answer) {
        done();
        if (!layer || !layer.contains(dialog)) return;
        if (answer.status === 200) confirmed(dialog, answer.data, payload);
        else if (answer.status === 202 && answer.data.verification_required) verify(dialog, payload);
        else showError(container, answer.data.message || "Something went wrong. Try again.");
      }, function () {
        done();
        if (layer && layer.contains(dialog)) {
          showError(container, "Couldn't book this appointment. Check your connection and try again.");
        }
      });
  }

  function verify(dialog, payload) {
    dialog.textContent = "";
    dialogTitle(dialog, "Verify your email");
    dialog.appendChild(el("p", null, "Enter the 6-digit code sent to " + payload.email + "."));
    var form = el("form", "gx-form");
    form.noValidate = true;
    var code = field("Verification code", "text", "one-time-code", true);
    code.input.inputMode = "numeric";
    form.appendChild(code.wrap);
    var actions = el("div", "gx-actions");
    actions.appendChild(button("gx-text-button", "Cancel", closeLayer));
    var submitButton = el("button", "gx-primary", "Verify");
    submitButton.type = "submit";
    actions.appendChild(submitButton);
    form.appendChild(actions);
    dialog.appendChild(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.busy) return;
      clearError(form);
      var value = code.input.value.trim();
      if (!value) { showError(form, "Verification code is required"); return; }
      var again = JSON.parse(JSON.stringify(payload));
      again.code = value;
      send(again, dialog, form, submitButton);
    });
    code.input.focus();
  }

  function confirmed(dialog, data, payload) {
    var start = typeof data.start_ms === "number" ? data.start_ms : payload.start_ms;
    dialog.textContent = "";
    dialogTitle(dialog, "Booking confirmed");
    dialog.appendChild(testId(el("p", "gx-when", "You're booked for " + whenText(start)), "booked-time"));
    dialog.appendChild(el("p", null, "An invitation has been sent to " + payload.email + "."));
    var actions = el("div", "gx-actions");
    actions.appendChild(button("gx-primary", "Done", closeLayer));
    dialog.appendChild(actions);
    forget(payload.start_ms);
    render();
    if (cfg.thank_you_url) setTimeout(function () { location.assign(cfg.thank_you_url); }, 300);
  }

  // --- consent banner -------------------------------------------------------------------------------
  if (cfg.cookie_banner) {
    var consent = el("div", "gx-consent");
    consent.setAttribute("role", "dialog");
    consent.setAttribute("aria-modal", "true");
    consent.setAttribute("aria-labelledby", "gx-consent-title");
    var box = el("div", "gx-consent-box");
    var heading = el("h2", null, "Before you continue to Google");
    heading.id = "gx-consent-title";
    box.appendChild(heading);
    box.appendChild(el("p", null, "We use cookies and data to deliver and maintain Google services, " +
      "measure audience engagement and site statistics, and personalise content and ads."));
    var choices = el("div", "gx-actions");
    choices.appendChild(button("gx-plain", "Reject all", function () { consent.remove(); }));
    choices.appendChild(button("gx-primary", "Accept all", function () { consent.remove(); }));
    box.appendChild(choices);
    consent.appendChild(box);
    document.body.appendChild(testId(consent, "consent"));
  }

  main.appendChild(el("p", "gx-empty", "Loading…"));
  refresh();
})();
</script>
</body>
</html>
"""

__all__ = [
    "PAGE_PATH",
    "SLOT_UNAVAILABLE",
    "GoogleAppointmentsReplica",
    "Schedule",
]
