"""A local replica of a small, accessible booking page of no provider in particular: the page the careful
generic driver (``domain/providers/generic_page.py``) books when a provider has neither an API nor a
recipe of its own.

It is built only from what that driver reads — text and ARIA roles, nothing provider-specific: a month
calendar (``role="grid"``) under a "March 2030" heading with a "Next month" button, day buttons by their
number (days without times disabled), time buttons whose whole text is the wall-clock time ("9:30am"),
the page naming its IANA zone in text ("Times are shown in America/New_York"), the length ("30 min"), a
form with name and email inputs and a "Book" submit, "Booking confirmed" after it, and a ``role="alert"``
refusal. Tests map a real generic provider's host (``savvycal.com``) to :attr:`origin`, so the browser
loads ``https://savvycal.com/{user}/{slug}`` while the replica sees plain paths. It is never used against
a real provider.

Routes
    ``GET  /{user}/{slug}``     the page (one self-contained document; its script renders the calendar)
    ``POST /api/views``         ``{"page", "start"}``: a beacon the page sends when a time is chosen
                                (before any submit) → 204
    ``POST /api/bookings``      ``{"page", "start" (ISO, UTC), "name", "email", "answers", "captcha"}``
                                → 201 ``{"id", "status": "confirmed", "start", "end"}``; a time taken or
                                not offered → 409 ``{"message": "This time is no longer available"}``;
                                a missing field, an unanswered question or an unsolved captcha → 400
    ``GET /_replica/state`` ``POST /_replica/reset`` ``GET|POST /_replica/scenario``   replica-only admin

The :class:`PageScenario` cases it plays: ``page_zone`` (the page's zone whatever the owner's),
``slot_taken_before_submit`` (somebody else books the time as the beacon reports it chosen),
``required_question``, ``captcha`` (a ``.g-recaptcha`` box on the form; the booking call is refused
without its token), ``confirm_delay``, ``drop_after_submit`` (the booking is kept, the connection cut) and
``confirm_without_call`` (the page says "Booking confirmed" without sending any booking call) and
``confirm_despite_refusal`` (a beacon answered 2xx after the submit, and "Booking confirmed" whatever the
booking call answered).
"""

from __future__ import annotations

import html
import json
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from schedlink.replicas.page_scenario import PageBooking, PageScenario
from schedlink.replicas.server import Answer, ReplicaRequest, ReplicaServer, html_answer, json_answer

SLOT_GONE = "This time is no longer available"
BOOK_PATH = "/api/bookings"
VIEW_PATH = "/api/views"
CONFIRMED = "Booking confirmed"

JsonObject = dict[str, Any]
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}/[a-z0-9][a-z0-9._-]{0,99}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class SchedulerPage:
    """One booking page: ``{user}/{slug}``, its title, owner, length, owner's zone and offered UTC starts."""

    key: str
    title: str
    owner: str
    length: int
    zone: str
    starts: set[datetime] = field(default_factory=set)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("time zone-aware datetime required")
    return moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _instant(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.utcoffset() is not None else None


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _json_body(raw: bytes) -> JsonObject | None:
    try:
        body = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _refused(status: int, message: str) -> Answer:
    return json_answer(status, {"message": message}, {"Cache-Control": "no-store"})


class GenericSchedulerReplica(ReplicaServer):
    """The page on ``127.0.0.1``: add pages and their times, then point a browser at it. One lock keeps
    every piece of state, so the check that a time is free and the booking that takes it are one step."""

    name = "generic-scheduler"
    stands_for = "https://savvycal.com"
    methods = frozenset({"GET", "POST"})

    def __init__(self, port: int = 0, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__(port, now=now)
        self._pages: dict[str, SchedulerPage] = {}
        self._bookings: list[tuple[str, PageBooking]] = []
        self._taken_by_others: set[tuple[str, datetime]] = set()
        self._captcha_tokens: set[str] = set()

    def add_page(
        self,
        key: str,
        *,
        length: int = 30,
        zone: str = "America/New_York",
        starts: Iterable[datetime] = (),
        title: str = "Intro call",
        owner: str = "Jo Reyes",
    ) -> SchedulerPage:
        """A page at ``/{user}/{slug}`` (``key``) offering ``starts`` (aware datetimes)."""
        key = key.lower()
        if not _KEY.match(key) or key.startswith(("api/", "_replica/")):
            raise ValueError(f"{key!r} is not a usable page path")
        ZoneInfo(zone)  # an unknown zone fails here
        page = SchedulerPage(key, title, owner, length, zone, {_utc(start) for start in starts})
        with self._lock:
            self._pages[key] = page
        return replace(page, starts=set(page.starts))

    def _forget(self) -> None:
        """Bookings, times taken by others and captcha tokens; pages, their times and the scenario stay."""
        self._bookings.clear()
        self._taken_by_others.clear()
        self._captcha_tokens.clear()

    def bookings(self) -> list[PageBooking]:
        with self._lock:
            return [booking for _, booking in self._bookings]

    def state(self) -> JsonObject:
        with self._lock:
            return {
                "pages": [
                    {"key": p.key, "title": p.title, "owner": p.owner, "length": p.length, "zone": p.zone,
                     "starts": sorted(_iso(start) for start in p.starts)}
                    for p in self._pages.values()
                ],
                "bookings": [
                    {"page": key, "id": b.id, "start": _iso(b.start), "end": _iso(b.end), "name": b.name,
                     "email": b.email, "answers": b.answers}
                    for key, b in self._bookings
                ],
                "submissions": self._submissions,
                "scenario": asdict(self.scenario),
                "requests": [{"method": r.method, "path": r.path, "at": r.at.isoformat()} for r in self._requests],
            }  # fmt: skip

    # --- routing -------------------------------------------------------------------------------------

    def handle(self, request: ReplicaRequest) -> Answer:
        path = urlsplit(request.target).path.rstrip("/") or "/"
        if path.startswith("/_replica/"):
            return self._admin(request.method, path.removeprefix("/_replica/"), request.body)
        self._log(request.method, request.target)
        if path in (BOOK_PATH, VIEW_PATH):
            if request.method != "POST":
                return _refused(405, f"{request.method} is not allowed here")
            return self._book(request.body) if path == BOOK_PATH else self._view(request.body)
        if request.method != "GET":
            return _refused(405, f"{request.method} is not allowed here")
        return self._page(unquote(path.strip("/")).lower())

    def _free(self, page: SchedulerPage, start: datetime) -> bool:
        """Offered, in the future and not taken; caller holds the lock."""
        if start not in page.starts or start <= self._now() or (page.key, start) in self._taken_by_others:
            return False
        end = start + timedelta(minutes=page.length)
        return not any(k == page.key and b.start < end and start < b.end for k, b in self._bookings)

    # --- the page ------------------------------------------------------------------------------------

    def _page(self, key: str) -> Answer:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return html_answer(404, "<!doctype html><title>Not found</title><h1>Page not found</h1>")
            scenario = replace(self.scenario)
            token = secrets.token_urlsafe(16) if scenario.captcha else None
            if token is not None:
                self._captcha_tokens.add(token)
            times = [_iso(start) for start in sorted(page.starts) if self._free(page, start)]
            now = _iso(self._now())
        config = {
            "page": page.key, "title": page.title, "owner": page.owner, "length": page.length,
            "zone": scenario.page_zone or page.zone, "now": now, "times": times,
            "question": scenario.required_question, "captcha": token,
            "confirm_without_call": scenario.confirm_without_call,
            "confirm_despite_refusal": scenario.confirm_despite_refusal,
        }  # fmt: skip
        script = json.dumps(config).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return html_answer(
            200, _PAGE.replace("__TITLE__", html.escape(page.title)).replace("__CONFIG__", script)
        )

    # --- POST /api/views ----------------------------------------------------------------------------

    def _view(self, raw: bytes) -> Answer:
        body = _json_body(raw) or {}
        start = _instant(body.get("start"))
        with self._lock:
            page = self._pages.get(_text(body.get("page")).lower())
            taken = self.scenario.slot_taken_before_submit
            if taken and page is not None and start is not None and self._free(page, start):
                self._taken_by_others.add((page.key, start))  # somebody else books it meanwhile
        return Answer(204)

    # --- POST /api/bookings -------------------------------------------------------------------------

    def _book(self, raw: bytes) -> Answer:
        with self._lock:
            self._submissions += 1
            scenario = replace(self.scenario)
        answer = self._decide(_json_body(raw), scenario)
        answer.delay = max(0.0, scenario.confirm_delay)
        answer.drop = answer.status == 201 and scenario.drop_after_submit
        return answer

    def _decide(self, body: JsonObject | None, scenario: PageScenario) -> Answer:
        if body is None:
            return _refused(400, "The request body must be a JSON object")
        start = _instant(body.get("start"))
        name, email = _text(body.get("name")), _text(body.get("email"))
        given = body.get("answers")
        answers: JsonObject = given if isinstance(given, dict) else {}
        problems = [
            message
            for ok, message in (
                (start is not None, "start must be an ISO instant with its offset"),
                (bool(name), "Name is required"),
                (bool(_EMAIL.match(email)), "Please enter a valid email address"),
                (not scenario.required_question or bool(_text(answers.get(scenario.required_question))),
                 f"{scenario.required_question} is required"),
            )
            if not ok
        ]  # fmt: skip
        if problems or start is None:
            return _refused(400, "; ".join(problems))
        with self._lock:
            page = self._pages.get(_text(body.get("page")).lower())
            if page is None:
                return _refused(404, "This booking page does not exist")
            if scenario.captcha and body.get("captcha") not in self._captcha_tokens:
                return _refused(400, "Please complete the captcha")
            if not self._free(page, start):
                return _refused(409, SLOT_GONE)
            booking = PageBooking(
                id=secrets.token_hex(10), start=start, end=start + timedelta(minutes=page.length), name=name,
                email=email, answers={str(k): str(v) for k, v in answers.items()},
            )  # fmt: skip
            self._bookings.append((page.key, booking))
        payload = {
            "id": booking.id,
            "status": "confirmed",
            "start": _iso(booking.start),
            "end": _iso(booking.end),
        }
        return json_answer(201, payload, {"Cache-Control": "no-store"})

    # --- /_replica/* --------------------------------------------------------------------------------

    def _admin(self, method: str, action: str, raw: bytes) -> Answer:
        if method == "GET" and action == "state":
            return json_answer(200, self.state())
        if method == "POST" and action == "reset":
            self.reset()
            return json_answer(200, {"status": "ok"})
        if action == "scenario" and method == "GET":
            return json_answer(200, asdict(self.scenario))
        if action == "scenario" and method == "POST":
            body = _json_body(raw) if raw else {}
            known = {f.name for f in fields(PageScenario)}
            if body is None or set(body) - known:
                return _refused(400, f"a JSON object of these fields: {', '.join(sorted(known))}")
            self.scenario = PageScenario(**body)
            return json_answer(200, asdict(self.scenario))
        return _refused(404, f"no replica route {method} /_replica/{action}")


_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>__TITLE__</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2433; background: #f6f7f9; }
  main { max-width: 720px; margin: 32px auto; padding: 24px 28px; background: #fff; border-radius: 8px;
         box-shadow: 0 1px 3px rgba(0, 0, 0, .12); }
  h1 { font-size: 22px; margin: 0 0 4px; }
  .meta { color: #566176; margin: 0 0 16px; }
  .month { display: flex; align-items: center; justify-content: space-between; }
  .month h2 { font-size: 17px; margin: 0; }
  .month button { font-size: 18px; width: 36px; height: 36px; border: 1px solid #d7dbe3; border-radius: 50%;
                  background: #fff; cursor: pointer; }
  [role=grid] { display: grid; gap: 4px; margin: 12px 0; }
  [role=row] { display: grid; grid-template-columns: repeat(7, 44px); gap: 4px; }
  [role=columnheader] { text-align: center; font-size: 12px; color: #566176; }
  .day { width: 44px; height: 40px; border: 0; border-radius: 6px; background: #e8efff; color: #1b4fd8;
         font-weight: 600; cursor: pointer; }
  .day:disabled { background: none; color: #a3aab8; font-weight: 400; cursor: default; }
  .times { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 16px; padding: 0; list-style: none; }
  .times button { padding: 8px 14px; border: 1px solid #1b4fd8; border-radius: 6px; background: #fff;
                  color: #1b4fd8; font-weight: 600; cursor: pointer; }
  form { display: grid; gap: 10px; max-width: 360px; }
  label { display: grid; gap: 4px; font-weight: 600; }
  input { font: inherit; padding: 8px; border: 1px solid #c3c9d4; border-radius: 6px; }
  .g-recaptcha { width: 300px; height: 74px; border: 1px solid #d3d3d3; background: #f9f9f9; display: flex;
                 align-items: center; padding: 0 12px; }
  .submit { padding: 10px 16px; border: 0; border-radius: 6px; background: #1b4fd8; color: #fff;
            font-weight: 700; cursor: pointer; }
  [role=alert] { margin: 10px 0; padding: 8px 12px; border-radius: 6px; background: #fde8e9; color: #a11d2a; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<main>
  <h1 id="title"></h1>
  <p class="meta"><span id="owner"></span> · <span id="length"></span></p>
  <p id="zone"></p>
  <section id="picker" aria-label="Choose a time">
    <div class="month">
      <button type="button" id="prev" aria-label="Previous month">‹</button>
      <h2 id="month-title"></h2>
      <button type="button" id="next" aria-label="Next month">›</button>
    </div>
    <div role="grid" aria-labelledby="month-title" id="grid"></div>
    <h3 id="day-title" hidden></h3>
    <ul class="times" id="times" aria-labelledby="day-title"></ul>
  </section>
  <section id="details" hidden>
    <h2>Your details</h2>
    <p id="summary"></p>
    <div id="problem"></div>
    <form id="form" novalidate>
      <label for="name">Name <input id="name" name="name" autocomplete="name" required></label>
      <label for="email">Email <input id="email" name="email" type="email" autocomplete="email" required></label>
    </form>
  </section>
  <section id="done" role="status" hidden></section>
</main>
<script>
(function () {
  "use strict";
  var cfg = __CONFIG__;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  var DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  var parts = new Intl.DateTimeFormat("en-US", {timeZone: cfg.zone, year: "numeric", month: "numeric",
    day: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h23"});
  function local(iso) {
    var found = {};
    parts.formatToParts(new Date(iso)).forEach(function (p) { found[p.type] = p.value; });
    return {y: +found.year, m: +found.month - 1, d: +found.day, h: +found.hour % 24, min: +found.minute};
  }
  function clock(t) {
    return ((t.h % 12) || 12) + ":" + (t.min < 10 ? "0" : "") + t.min + (t.h < 12 ? "am" : "pm");
  }
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  var byDay = {};
  cfg.times.forEach(function (iso) {
    var t = local(iso), key = t.y + "-" + t.m + "-" + t.d;
    (byDay[key] = byDay[key] || []).push(iso);
  });
  var today = local(cfg.now), shown = {y: today.y, m: today.m}, chosen = null;
  document.getElementById("title").textContent = cfg.title;
  document.getElementById("owner").textContent = cfg.owner;
  document.getElementById("length").textContent = cfg.length + " min";
  document.getElementById("zone").textContent = "Times are shown in " + cfg.zone;

  function month() {
    var grid = document.getElementById("grid");
    grid.textContent = "";
    document.getElementById("month-title").textContent = MONTHS[shown.m] + " " + shown.y;
    var head = el("div", null, {role: "row"});
    ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].forEach(function (d) {
      head.appendChild(el("span", d, {role: "columnheader"}));
    });
    grid.appendChild(head);
    var first = new Date(Date.UTC(shown.y, shown.m, 1)).getUTCDay();
    var last = new Date(Date.UTC(shown.y, shown.m + 1, 0)).getUTCDate();
    var row = el("div", null, {role: "row"});
    for (var i = 0; i < first; i++) row.appendChild(el("span", null, {role: "gridcell"}));
    for (var d = 1; d <= last; d++) {
      var times = byDay[shown.y + "-" + shown.m + "-" + d];
      var cell = el("span", null, {role: "gridcell"});
      var button = el("button", String(d), {type: "button", "class": "day",
        "aria-label": DAYS[new Date(Date.UTC(shown.y, shown.m, d)).getUTCDay()] + ", " + MONTHS[shown.m] +
          " " + d + ", " + shown.y + (times ? " - times available" : " - no times")});
      if (times) button.addEventListener("click", day.bind(null, d, times));
      else { button.disabled = true; cell.setAttribute("aria-disabled", "true"); }
      cell.appendChild(button);
      row.appendChild(cell);
      if ((first + d) % 7 === 0) { grid.appendChild(row); row = el("div", null, {role: "row"}); }
    }
    if (row.childNodes.length) grid.appendChild(row);
  }
  function day(d, times) {
    var title = document.getElementById("day-title"), list = document.getElementById("times");
    title.hidden = false;
    title.textContent = MONTHS[shown.m] + " " + d + ", " + shown.y;
    list.textContent = "";
    times.forEach(function (iso) {
      var item = el("li"), button = el("button", clock(local(iso)), {type: "button"});
      button.addEventListener("click", function () { pick(iso); });
      item.appendChild(button);
      list.appendChild(item);
    });
  }
  function pick(iso) {
    chosen = iso;
    fetch("/api/views", {method: "POST", headers: {"Content-Type": "application/json"},
                         body: JSON.stringify({page: cfg.page, start: iso})}).catch(function () {});
    var t = local(iso), end = local(new Date(Date.parse(iso) + cfg.length * 60000).toISOString());
    document.getElementById("summary").textContent = clock(t) + " - " + clock(end) + ", " +
      DAYS[new Date(Date.UTC(t.y, t.m, t.d)).getUTCDay()] + ", " + MONTHS[t.m] + " " + t.d + ", " + t.y;
    document.getElementById("picker").hidden = true;
    document.getElementById("details").hidden = false;
  }
  var form = document.getElementById("form");
  if (cfg.question) {
    var q = el("label", cfg.question + " ", {"for": "question"});
    var input = el("input", null, {id: "question", name: "question", required: "required"});
    q.appendChild(input);
    form.appendChild(q);
  }
  if (cfg.captcha) {
    var box = el("div", null, {"class": "g-recaptcha"});
    var tick = el("input", null, {type: "checkbox", id: "robot", "aria-label": "I'm not a robot"});
    box.appendChild(tick);
    box.appendChild(el("span", " I'm not a robot"));
    form.appendChild(box);
  }
  var submit = el("button", "Book", {type: "submit", "class": "submit"});
  form.appendChild(submit);
  function problem(text) {
    var holder = document.getElementById("problem");
    holder.textContent = "";
    holder.appendChild(el("div", text, {role: "alert"}));
  }
  function confirmed(id) {
    var t = local(chosen), done = document.getElementById("done");
    document.getElementById("details").hidden = true;
    done.hidden = false;
    done.appendChild(el("h2", "Booking confirmed"));
    done.appendChild(el("p", "You're booked with " + cfg.owner + " on " + MONTHS[t.m] + " " + t.d + ", " + t.y +
      " at " + clock(t) + " (" + cfg.zone + ")."));
    if (id) done.appendChild(el("p", "Reference: " + id));
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit.disabled = true;
    if (cfg.confirm_without_call) { confirmed(null); return; }
    var answers = {};
    if (cfg.question) answers[cfg.question] = document.getElementById("question").value;
    var robot = document.getElementById("robot");
    if (cfg.confirm_despite_refusal) {
      fetch("/api/views", {method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({page: cfg.page, start: chosen})});
    }
    fetch("/api/bookings", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({page: cfg.page, start: chosen, name: document.getElementById("name").value,
        email: document.getElementById("email").value, answers: answers,
        captcha: robot && robot.checked ? cfg.captcha : null})})
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.ok || cfg.confirm_despite_refusal) confirmed(body.id);
          else { problem(body.message || "Something went wrong."); submit.disabled = false; }
        });
      })
      .catch(function () { problem("Something went wrong. Please try again."); submit.disabled = false; });
  });
  document.getElementById("next").addEventListener("click", function () {
    shown = shown.m === 11 ? {y: shown.y + 1, m: 0} : {y: shown.y, m: shown.m + 1};
    month();
  });
  document.getElementById("prev").addEventListener("click", function () {
    shown = shown.m === 0 ? {y: shown.y - 1, m: 11} : {y: shown.y, m: shown.m - 1};
    month();
  });
  month();
})();
</script>
</body>
</html>
"""
