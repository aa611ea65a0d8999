"""Cal.com's web booker page, as :class:`~schedlink.replicas.calcom.CalcomReplica` serves it.

``GET /{user}/{slug}`` answers one self-contained HTML document (inline script and style, no other
asset) that renders client-side as Cal.com's open-source booker does: it reads free starts from the same
host's ``/api/trpc/slots/getSchedule`` and books with ``POST /api/book/event``, one request per press.
``GET /booking/{uid}`` answers the booking's success page. What the page does in the awkward cases
(cookie banner, another zone, a slot taken meanwhile, a required question, a captcha, an email code, a
sign-in wall, a payment step, slow or dropped answers, a thank-you page elsewhere, renamed markup) comes
from the replica's :class:`~schedlink.replicas.page_scenario.PageScenario`.

What follows Cal.com's source (providers.md §3.1, §3.3–§3.5):
    * the query parameters ``slot`` (UTC ISO; opens the form on that time), ``date``, ``month`` and the
      prefill parameters ``name``, ``email``, ``notes``, any booking-field name and ``metadata[key]``;
    * the selectors of §3.4: ``incrementMonth``/``decrementMonth``, ``day`` with ``data-disabled``,
      ``time`` buttons with ``data-time`` (the UTC start), ``no-slots-available``, ``[name="name"]``,
      ``[name="email"]``, ``textarea[name="notes"]``, ``confirm-book-button``, ``back``,
      ``booking-fail``, ``slot-not-allowed-to-book`` and ``success-page`` on a ``/booking/{uid}`` URL;
    * the slot query's superjson input (``usernameList``, ``eventTypeSlug``, ``eventTypeId``,
      ``startTime``/``endTime`` of the shown month in the page's zone, ``timeZone``, ``duration``,
      ``rescheduleUid`` and ``orgSlug`` sent as undefined) and the booking body (``responses``,
      ``start``, ``end``, ``eventTypeId``, ``eventTypeSlug``, ``user``, ``timeZone``, ``language``,
      ``metadata``, ``hasHashedBookingLink``, ``cfToken``, ``verificationCode``);
    * Cloudflare Turnstile blocks the confirm button until solved and the booking call without
      ``cfToken`` gets 401 "No cloudflare token - please try again" (``checkCfTurnstileToken``);
    * an event type requiring a verified booker email answers 400 ``email_verification_required``
      without ``verificationCode`` and 400 ``invalid_verification_code`` with a wrong one;
    * times are written like ``2:30pm`` in the page's zone, shown by IANA name.

What is assumed (kept simple):
    * the page asks for the email code after the first booking call (the real page asks before it);
    * any non-empty ``cfToken`` counts as solved (nothing here can verify one; the page never has one);
    * the sign-in wall and its refusal (400 ``booker_email_requires_login``, Cal.com's code for an email
      that must sign in), and the payment step on the form refused with 400 ``payment_not_created_error``
      (no card is ever taken);
    * a slot "taken before the submit" goes to someone else as the page is served with ``?slot=``,
      else as the booking call arrives (409 ``no_available_users_found_error``); ``confirm_delay`` is
      spent before the call is handled, ``drop_after_submit`` books and then closes the connection;
    * the test ids ``month-title``, ``event-title``, ``booking-uid``, ``payment-form`` and
      ``verify-email-button``, and the wording of the page's texts outside §3.4;
    * the page's "today" is the replica's clock, so a replica with a fixed clock shows its own dates;
      when that month has no free day the calendar moves on to the next month once;
    * with ``markup="changed"`` the test ids, ``data-disabled``/``data-time`` and input names go; the
      labels, button texts and ARIA roles (``grid``/``gridcell`` days) stay.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from schedlink.replicas.page_scenario import PageScenario

if TYPE_CHECKING:
    from schedlink.replicas.calcom import Booking, EventType

CUSTOM_QUESTION = "custom_question"  # the field name of PageScenario.required_question
SLOT_GONE_TEXT = "This time slot is no longer available"
NO_CAPTCHA_TOKEN = "No cloudflare token - please try again"
EMAIL_VERIFICATION_REQUIRED = "email_verification_required"
INVALID_VERIFICATION_CODE = "invalid_verification_code"
SIGN_IN_REQUIRED = "booker_email_requires_login"
PAYMENT_NOT_CREATED = "payment_not_created_error"

# First path segments that are Cal.com's own pages or APIs, never a username.
_RESERVED = frozenset(
    {
        "_replica", "api", "apps", "auth", "availability", "booking", "booking-successful", "bookings",
        "d", "event-types", "forms", "login", "one-off", "org", "payment", "reschedule", "router",
        "settings", "signup", "team", "v1", "v2", "workflows",
    }
)  # fmt: skip


# --- routing ---------------------------------------------------------------------------------------


def page_target(path: str) -> tuple[str, str] | None:
    """``(username, slug)`` when ``path`` is an event type's page ``/{user}/{slug}``."""
    segments = path.strip("/").split("/")
    if len(segments) != 2 or not all(segments) or segments[0] in _RESERVED:
        return None
    return segments[0], segments[1]


def booking_target(path: str) -> str | None:
    """The uid when ``path`` is a booking's page ``/booking/{uid}``."""
    segments = path.strip("/").split("/")
    if len(segments) == 2 and segments[0] == "booking" and segments[1]:
        return segments[1]
    return None


def is_sign_in(path: str) -> bool:
    """Whether ``path`` is the sign-in page the sign-in wall links to."""
    return path.rstrip("/") == "/auth/login"


# --- the booking call's scenario checks ------------------------------------------------------------


def scenario_fields(scenario: PageScenario) -> list[dict[str, Any]]:
    """Booking fields the scenario adds to every event type (the required question)."""
    if not scenario.required_question:
        return []
    return [
        {
            "name": CUSTOM_QUESTION,
            "type": "text",
            "label": scenario.required_question,
            "required": True,
            "editable": "user",
        }
    ]


def captcha_refusal(scenario: PageScenario, body: dict[str, Any]) -> tuple[int, str] | None:
    """Turnstile's check, made before anything else: ``(status, message)`` or ``None``."""
    token = body.get("cfToken")
    if scenario.captcha and not (isinstance(token, str) and token):
        return 401, NO_CAPTCHA_TOKEN
    return None


def gate_refusal(scenario: PageScenario, body: dict[str, Any]) -> tuple[int, str] | None:
    """Sign-in, email verification and payment, checked after the fields: ``(status, message)``."""
    if scenario.sign_in:
        return 400, SIGN_IN_REQUIRED
    if scenario.email_code:
        code = body.get("verificationCode")
        if not (isinstance(code, str) and code):
            return 400, EMAIL_VERIFICATION_REQUIRED
        return 400, INVALID_VERIFICATION_CODE  # the code went to the invitee; none is ever right here
    if scenario.payment:
        return 400, PAYMENT_NOT_CREATED
    return None


# --- pages -----------------------------------------------------------------------------------------


def booker_page(event: EventType, scenario: PageScenario, now: datetime) -> str:
    """The booker of one event type (calendar, times, form), rendered by the page's own script."""
    config = {"view": "booker", **_common(event, scenario, now)}
    return _document(f"{event.title} | {event.owner} | Cal.com", config, scenario)


def booking_page(event: EventType, booking: Booking, scenario: PageScenario, now: datetime) -> str:
    """``/booking/{uid}``: the success page of a booking made earlier."""
    config = {
        "view": "booking",
        **_common(event, scenario, now),
        "booking": {
            "uid": booking.uid,
            "status": booking.status.upper(),
            "startTime": _iso(booking.start),
            "endTime": _iso(booking.end),
            "name": booking.attendee_name,
            "email": booking.attendee_email,
            "timeZone": booking.attendee_time_zone,
        },
    }
    return _document(f"Booking confirmed | {event.title} | Cal.com", config, scenario)


def not_found_page() -> str:
    """Cal.com's 404 page for an unknown user, event type or booking."""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>404 | Cal.com</title>"
        f"<style>{_STYLE}</style></head><body><main class='card narrow'><h1>404</h1>"
        "<p>This page does not exist.</p></main></body></html>"
    )


def sign_in_page() -> str:
    """The sign-in page the wall links to; signing in is not modelled."""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Login | Cal.com</title>"
        f"<style>{_STYLE}</style></head><body><main class='card narrow'>"
        "<h1>Welcome back</h1><form onsubmit='return false'>"
        "<label for='login-email'>Email address</label><input id='login-email' type='email' name='email'>"
        "<label for='login-password'>Password</label>"
        "<input id='login-password' type='password' name='password'>"
        "<button type='submit' class='primary'>Sign in</button></form></main></body></html>"
    )


def _common(event: EventType, scenario: PageScenario, now: datetime) -> dict[str, Any]:
    fields = []
    notes_label = "Additional notes"
    for spec in [*event.booking_fields, *scenario_fields(scenario)]:
        name = str(spec["name"])
        if name == "notes":
            notes_label = str(spec.get("label") or notes_label)
        if str(spec.get("editable", "user")).startswith("system") or spec.get("hidden"):
            continue
        fields.append(
            {
                "name": name,
                "label": str(spec.get("label") or name),
                "type": str(spec.get("type", "text")),
                "required": bool(spec.get("required")),
            }
        )
    return {
        "markup": "changed" if scenario.markup == "changed" else "current",
        "slotGoneText": SLOT_GONE_TEXT,
        "today": _iso(now),
        "event": {
            "id": event.id,
            "slug": event.slug,
            "title": event.title,
            "owner": event.owner,
            "length": event.length,
            "requiresConfirmation": event.requires_confirmation,
            "fields": fields,
            "notesLabel": notes_label,
        },
        "scenario": {
            "pageZone": scenario.page_zone,
            "cookieBanner": scenario.cookie_banner,
            "captcha": scenario.captcha,
            "signIn": scenario.sign_in,
            "payment": scenario.payment,
            "thankYouUrl": scenario.thank_you_url,
        },
    }


def _iso(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _script_json(value: object) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` that could end or open markup."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _document(title: str, config: dict[str, Any], scenario: PageScenario) -> str:
    container = "" if scenario.markup == "changed" else " data-testid='booker-container'"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<main id='booker'{container} class='booker'><noscript>Cal.com needs JavaScript.</noscript></main>"
        f"<script type='application/json' id='booker-data'>{_script_json(config)}</script>"
        f"<script>{_SCRIPT}</script></body></html>"
    )


_STYLE = """
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#111;background:#f3f4f6}
.booker{display:flex;gap:0;max-width:1040px;margin:32px auto;background:#fff;border:1px solid #e5e7eb;
border-radius:12px;min-height:460px}
.meta{width:280px;padding:24px;border-right:1px solid #e5e7eb}.meta h1{font-size:20px;margin:6px 0 16px}
.meta .row{margin:8px 0;color:#374151}
.panel{flex:1;display:flex;gap:24px;padding:24px}.calendar{flex:1}.times{width:200px}
.nav{display:flex;align-items:center;gap:8px;margin-bottom:12px}.nav h2{flex:1;font-size:16px;margin:0}
.grid{display:grid;grid-template-columns:repeat(7,1fr);gap:6px}.grid [role=row]{display:contents}
.grid [role=columnheader]{text-align:center;font-size:11px;color:#6b7280;text-transform:uppercase}
.grid button{width:100%;height:44px;border:0;border-radius:8px;background:#e5e7eb;font-weight:600;
cursor:pointer}.grid button:disabled{background:transparent;color:#9ca3af;cursor:default;font-weight:400}
.grid button[aria-pressed=true]{background:#111;color:#fff}
.times button{display:block;width:100%;margin:0 0 8px;padding:10px;border:1px solid #d1d5db;
border-radius:8px;background:#fff;cursor:pointer;font-weight:600}
form,.form{flex:1;max-width:520px}label{display:block;font-weight:600;margin:12px 0 4px}
input,textarea,select{font:inherit}input[type=text],input[type=email],input[type=tel],input[type=url],
input[type=number],input[type=password],textarea{width:100%;padding:8px;border:1px solid #d1d5db;border-radius:6px}
.actions{display:flex;justify-content:flex-end;gap:8px;margin-top:20px}
button.primary{background:#111;color:#fff;border:0;border-radius:8px;padding:10px 16px;cursor:pointer}
button.primary:disabled{opacity:.5;cursor:not-allowed}
button.plain{background:#fff;border:1px solid #d1d5db;border-radius:8px;padding:10px 16px;cursor:pointer}
.error{color:#b91c1c;margin-top:4px}.alert{margin-top:16px;padding:12px;border-radius:8px;background:#fef2f2;
color:#991b1b}.card{background:#fff;border:1px solid #e5e7eb;border-radius:12px;padding:32px;margin:32px auto;
max-width:640px}.narrow{max-width:420px}dl{display:grid;grid-template-columns:120px 1fr;gap:8px}
dt{font-weight:600}dd{margin:0}fieldset{border:1px solid #e5e7eb;border-radius:8px;margin-top:16px}
.cf-turnstile{margin-top:16px}.cf-turnstile iframe{width:300px;height:65px;border:1px solid #d1d5db}
.overlay{position:fixed;inset:0;z-index:1000;background:rgba(0,0,0,.45);display:flex;align-items:flex-end;
justify-content:center}.overlay .box{background:#fff;max-width:720px;width:100%;margin:24px;padding:20px;
border-radius:10px}.hint{color:#6b7280}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var CFG = JSON.parse(document.getElementById("booker-data").textContent);
  var CURRENT = CFG.markup !== "changed";
  var EV = CFG.event;
  var SC = CFG.scenario;
  var root = document.getElementById("booker");
  var params = new URLSearchParams(window.location.search);
  var WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var fieldCounter = 0;
  var SLOT_GONE = CFG.slotGoneText;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) { return; }
      node.setAttribute(key, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function tid(node, id) { if (CURRENT) { node.setAttribute("data-testid", id); } return node; }
  function dataAttr(node, name, value) { if (CURRENT) { node.setAttribute("data-" + name, value); } return node; }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // --- time zones ---------------------------------------------------------------------------------
  function validZone(zone) {
    if (!zone) { return false; }
    try { new Intl.DateTimeFormat("en-US", { timeZone: zone }); return true; } catch (e) { return false; }
  }
  function browserZone() {
    var zone = null;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { zone = null; }
    return validZone(zone) ? zone : "UTC";
  }
  function parts(ms, zone) {
    var out = {};
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit"
    }).formatToParts(new Date(ms)).forEach(function (p) { out[p.type] = p.value; });
    return { y: +out.year, m: +out.month, d: +out.day, h: (+out.hour) % 24, mi: +out.minute, s: +out.second };
  }
  function offsetMs(ms, zone) {
    var p = parts(ms, zone);
    return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - Math.floor(ms / 1000) * 1000;
  }
  function localMidnight(y, m, d, zone) {  // the instant a local day starts (m may overflow)
    var guess = Date.UTC(y, m - 1, d);
    var first = guess - offsetMs(guess, zone);
    return guess - offsetMs(first, zone);
  }
  function dayKey(p) { return p.y + "-" + pad(p.m) + "-" + pad(p.d); }
  function timeText(ms, zone) {
    var out = {};
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit", hour12: true })
      .formatToParts(new Date(ms)).forEach(function (p) { out[p.type] = p.value; });
    return out.hour + ":" + out.minute + String(out.dayPeriod || "").toLowerCase();
  }
  function longDate(ms, zone) {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: zone, weekday: "long", year: "numeric", month: "long", day: "numeric"
    }).format(new Date(ms));
  }
  function monthTitle(y, m) {
    return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "long", year: "numeric" })
      .format(new Date(Date.UTC(y, m - 1, 1)));
  }
  function dayHeading(key) {
    var ms = Date.UTC(+key.slice(0, 4), +key.slice(5, 7) - 1, +key.slice(8, 10));
    return new Intl.DateTimeFormat("en-US", { timeZone: "UTC", weekday: "short", day: "numeric" })
      .format(new Date(ms));
  }
  function whenText(startMs, endMs, zone) {
    return longDate(startMs, zone) + " " + timeText(startMs, zone) + " - " + timeText(endMs, zone);
  }

  // --- state --------------------------------------------------------------------------------------
  var state = {
    zone: validZone(SC.pageZone) ? SC.pageZone : browserZone(),
    month: null, date: null, slot: null, slots: {}, loading: false, loadError: null, seq: 0,
    autoAdvance: false, view: "calendar", inFlight: false, cfToken: "", answers: null
  };
  var todayParts = parts(Date.parse(CFG.today), state.zone);
  (function initialSelection() {
    var slotMs = params.get("slot") ? Date.parse(params.get("slot")) : NaN;
    var date = params.get("date") || "";
    var month = params.get("month") || "";
    if (!isNaN(slotMs)) {
      var p = parts(slotMs, state.zone);
      state.slot = new Date(slotMs).toISOString();
      state.date = dayKey(p);
      state.month = { y: p.y, m: p.m };
      state.view = "form";
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      state.date = date;
      state.month = { y: +date.slice(0, 4), m: +date.slice(5, 7) };
    } else if (/^\d{4}-\d{2}$/.test(month)) {
      state.month = { y: +month.slice(0, 4), m: +month.slice(5, 7) };
    } else {
      state.month = { y: todayParts.y, m: todayParts.m };
      state.autoAdvance = true;
    }
  })();

  // --- layout -------------------------------------------------------------------------------------
  var zoneText = tid(el("span", {}, [state.zone]), "event-meta-current-timezone");
  var selectedText = el("div", { "class": "row", "aria-live": "polite" }, []);
  var panel = el("section", { "class": "panel" }, []);

  function buildMeta() {
    var duration = tid(el("span", {}, [EV.length + " mins"]), "event-meta-duration");
    var meta = el("aside", { "class": "meta" }, [
      el("div", { "class": "hint" }, [EV.owner]),
      tid(el("h1", {}, [EV.title]), "event-title"),
      el("div", { "class": "row" }, ["Duration: ", duration]),
      SC.payment ? el("div", { "class": "row" }, ["Price: $50.00"]) : null,
      el("div", { "class": "row" }, ["Cal Video"]),
      el("div", { "class": "row" }, ["Time zone: ", zoneText]),
      selectedText
    ]);
    return meta;
  }
  function updateSelected() {
    clear(selectedText);
    if (state.slot) {
      var start = Date.parse(state.slot);
      selectedText.appendChild(document.createTextNode(
        whenText(start, start + EV.length * 60000, state.zone)));
    }
  }

  // --- slots --------------------------------------------------------------------------------------
  function loadMonth() {
    var seq = ++state.seq;
    var y = state.month.y, m = state.month.m;
    var start = localMidnight(y, m, 1, state.zone);
    var end = localMidnight(y, m + 1, 1, state.zone) - 1;
    var input = {
      json: {
        isTeamEvent: false, usernameList: [EV.owner], eventTypeSlug: EV.slug, eventTypeId: EV.id,
        startTime: new Date(start).toISOString(), endTime: new Date(end).toISOString(),
        timeZone: state.zone, duration: null, rescheduleUid: null, orgSlug: null
      },
      meta: { values: { duration: ["undefined"], rescheduleUid: ["undefined"], orgSlug: ["undefined"] } }
    };
    state.loading = true;
    state.loadError = null;
    state.slots = {};
    if (state.view === "calendar") { renderCalendar(); }
    fetch("/api/trpc/slots/getSchedule?input=" + encodeURIComponent(JSON.stringify(input)), {
      headers: { Accept: "application/json" }
    }).then(function (response) { return response.json(); }).then(function (answer) {
      if (seq !== state.seq) { return; }
      state.loading = false;
      if (answer && answer.error) {
        var detail = answer.error.json && answer.error.json.message;
        state.loadError = String(detail || "Could not load the available times");
      } else {
        var found = answer && answer.result && answer.result.data && answer.result.data.json;
        state.slots = (found && found.slots) || {};
      }
      if (state.autoAdvance) {
        state.autoAdvance = false;
        if (!state.loadError && !availableDays().length) { shiftMonth(1); return; }
      }
      if (state.view === "calendar") { renderCalendar(); }
    }, function () {
      if (seq !== state.seq) { return; }
      state.loading = false;
      state.loadError = "Could not load the available times";
      if (state.view === "calendar") { renderCalendar(); }
    });
  }
  function availableDays() {
    var prefix = state.month.y + "-" + pad(state.month.m) + "-";
    return Object.keys(state.slots).filter(function (key) {
      return key.indexOf(prefix) === 0 && state.slots[key] && state.slots[key].length;
    });
  }
  function shiftMonth(step) {
    var m = state.month.m + step, y = state.month.y;
    if (m > 12) { m = 1; y += 1; }
    if (m < 1) { m = 12; y -= 1; }
    state.month = { y: y, m: m };
    state.date = null;
    loadMonth();
  }

  // --- calendar view ------------------------------------------------------------------------------
  function renderCalendar() {
    clear(panel);
    var y = state.month.y, m = state.month.m;
    var title = monthTitle(y, m);
    var previous = tid(el("button", { type: "button", "class": "plain", "aria-label": "View previous month" },
      ["\u2039"]), "decrementMonth");
    var next = tid(el("button", { type: "button", "class": "plain", "aria-label": "View next month" },
      ["\u203a"]), "incrementMonth");
    var isCurrentMonth = y === todayParts.y && m === todayParts.m;
    var beforeToday = y < todayParts.y || (y === todayParts.y && m < todayParts.m);
    if (isCurrentMonth || beforeToday) { previous.disabled = true; }
    previous.addEventListener("click", function () { shiftMonth(-1); });
    next.addEventListener("click", function () { shiftMonth(1); });
    var grid = el("div", { role: "grid", "aria-label": title, "class": "grid",
      "aria-busy": state.loading ? "true" : "false" }, []);
    var header = el("div", { role: "row" }, WEEKDAYS.map(function (name) {
      return el("div", { role: "columnheader" }, [name]);
    }));
    grid.appendChild(header);
    var firstWeekday = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;  // Monday first
    var daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
    var row = el("div", { role: "row" }, []);
    for (var blank = 0; blank < firstWeekday; blank += 1) { row.appendChild(el("div", { role: "gridcell" }, [])); }
    for (var day = 1; day <= daysInMonth; day += 1) {
      var key = y + "-" + pad(m) + "-" + pad(day);
      var free = !state.loading && state.slots[key] && state.slots[key].length > 0;
      var button = tid(el("button", { type: "button" }, [String(day)]), "day");
      dataAttr(button, "disabled", free ? "false" : "true");
      button.disabled = !free;
      if (key === state.date) { button.setAttribute("aria-pressed", "true"); }
      button.addEventListener("click", pickDay.bind(null, key));
      row.appendChild(el("div", { role: "gridcell" }, [button]));
      if (row.childNodes.length === 7) { grid.appendChild(row); row = el("div", { role: "row" }, []); }
    }
    if (row.childNodes.length) { grid.appendChild(row); }
    var calendar = el("div", { "class": "calendar" }, [
      el("div", { "class": "nav" }, [tid(el("h2", { "aria-live": "polite" }, [title]), "month-title"), previous, next]),
      grid
    ]);
    if (state.loadError) {
      calendar.appendChild(el("div", { "class": "alert", role: "alert" }, [state.loadError]));
    } else if (!state.loading && !availableDays().length) {
      calendar.appendChild(el("p", { "class": "hint" }, ["No availability in " + title + "."]));
    }
    panel.appendChild(calendar);
    panel.appendChild(renderTimes());
  }
  function pickDay(key) {
    state.date = key;
    renderCalendar();
  }
  function renderTimes() {
    var box = el("div", { "class": "times" }, []);
    if (!state.date || state.loading) {
      box.appendChild(el("p", { "class": "hint" }, [state.loading ? "Loading\u2026" : "Select a date"]));
      return box;
    }
    box.appendChild(el("h3", {}, [dayHeading(state.date)]));
    var entries = state.slots[state.date] || [];
    if (!entries.length) {
      box.appendChild(tid(el("p", {}, ["No available times on this day."]), "no-slots-available"));
      return box;
    }
    entries.forEach(function (entry) {
      var ms = Date.parse(entry.time);
      var button = tid(el("button", { type: "button" }, [timeText(ms, state.zone)]), "time");
      dataAttr(button, "disabled", "false");
      dataAttr(button, "time", new Date(ms).toISOString());
      button.addEventListener("click", function () {
        state.slot = new Date(ms).toISOString();
        state.view = "form";
        updateSelected();
        renderForm();
      });
      box.appendChild(button);
    });
    return box;
  }

  // --- form view ----------------------------------------------------------------------------------
  function fieldId() { fieldCounter += 1; return "field-" + fieldCounter; }
  function prefill(name) { var value = params.get(name); return value === null ? "" : value; }
  function control(spec) {
    var id = fieldId();
    var name = CURRENT ? spec.name : "q" + fieldCounter;
    var node;
    var type = { email: "email", phone: "tel", url: "url", number: "number", boolean: "checkbox" }[spec.type] || "text";
    if (spec.type === "textarea") {
      node = el("textarea", { id: id, name: name, rows: 3, required: spec.required }, []);
      node.value = prefill(spec.name);
    } else {
      node = el("input", { id: id, name: name, type: type, required: spec.required }, []);
      if (type === "checkbox") { node.checked = /^(1|true|on|yes)$/i.test(prefill(spec.name)); }
      else { node.value = prefill(spec.name); }
    }
    var error = el("div", { "class": "error", role: "alert" }, []);
    tid(error, "error-message-" + spec.name);
    error.hidden = true;
    var wrap = el("div", {}, [el("label", { "for": id }, [spec.label + (spec.required ? " *" : "")]), node, error]);
    return { spec: spec, node: node, error: error, wrap: wrap };
  }
  function renderForm() {
    clear(panel);
    updateSelected();
    if (SC.signIn) { renderSignInWall(); return; }
    var form = el("form", { novalidate: true, "aria-label": "Booking details" }, []);
    var specs = [
      { name: "name", label: "Your name", type: "name", required: true },
      { name: "email", label: "Email address", type: "email", required: true }
    ].concat(EV.fields).concat([{ name: "notes", label: EV.notesLabel, type: "textarea", required: false }]);
    var controls = specs.map(control);
    controls.forEach(function (c) { form.appendChild(c.wrap); });
    if (SC.payment) {
      var card = el("fieldset", {}, [el("legend", {}, ["Payment \u2014 $50.00"])]);
      tid(card, "payment-form");
      [["Card number", "cardnumber", "cc-number", "1234 1234 1234 1234"],
       ["Expiration date", "exp-date", "cc-exp", "MM / YY"],
       ["CVC", "cvc", "cc-csc", "CVC"]].forEach(function (item) {
        var id = fieldId();
        card.appendChild(el("label", { "for": id }, [item[0]]));
        card.appendChild(el("input", { id: id, name: CURRENT ? item[1] : "p" + fieldCounter, type: "text",
          autocomplete: item[2], placeholder: item[3], required: true }, []));
      });
      form.appendChild(card);
    }
    var confirm = tid(el("button", { type: "submit", "class": "primary" }, [SC.payment ? "Pay and book" : "Confirm"]),
      "confirm-book-button");
    if (SC.captcha) {
      form.appendChild(el("div", { "class": "cf-turnstile", "data-sitekey": "x" }, [
        el("iframe", { title: "Widget containing a Cloudflare security challenge", src: "about:blank" }, []),
        el("input", { type: "hidden", name: "cf-turnstile-response", value: "" }, [])
      ]));
      confirm.disabled = !state.cfToken;
    }
    var back = tid(el("button", { type: "button", "class": "plain" }, ["Back"]), "back");
    back.addEventListener("click", function () {
      if (state.inFlight) { return; }
      state.slot = null;
      state.view = "calendar";
      updateSelected();
      renderCalendar();
    });
    var alertBox = el("div", {}, []);
    form.appendChild(alertBox);
    form.appendChild(el("div", { "class": "actions" }, [back, confirm]));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.inFlight || confirm.disabled) { return; }
      var answers = collect(controls);
      if (!answers) { return; }
      state.answers = answers;
      var body = bookingBody(answers);
      if (SC.captcha && state.cfToken) { body.cfToken = state.cfToken; }
      post(body, confirm, alertBox);
    });
    panel.appendChild(form);
  }
  function collect(controls) {
    var responses = { guests: [] };
    var ok = true;
    controls.forEach(function (c) {
      var value;
      if (c.node.type === "checkbox") { value = c.node.checked; }
      else if (c.spec.type === "number") { value = c.node.value === "" ? "" : Number(c.node.value); }
      else if (c.spec.type === "multiemail" || c.spec.type === "multiselect" || c.spec.type === "checkbox") {
        value = c.node.value.split(",").map(function (s) { return s.trim(); }).filter(Boolean);
      } else { value = c.node.value.trim(); }
      var message = "";
      var empty = value === "" || value === false || (Array.isArray(value) && !value.length);
      if (c.spec.required && empty) { message = "This field is required"; }
      else if (c.spec.type === "email" && value && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
        message = "Email address is invalid";
      }
      c.error.textContent = message;
      c.error.hidden = !message;
      if (message) { ok = false; }
      responses[c.spec.name] = value;
    });
    return ok ? responses : null;
  }
  function metadataFromQuery() {
    var metadata = {};
    params.forEach(function (value, key) {
      var match = /^metadata\[([^\]]+)\]$/.exec(key);
      if (match) { metadata[match[1]] = value; }
    });
    return metadata;
  }
  function bookingBody(responses) {
    var start = Date.parse(state.slot);
    return {
      responses: responses,
      start: new Date(start).toISOString(),
      end: new Date(start + EV.length * 60000).toISOString(),
      eventTypeId: EV.id,
      eventTypeSlug: EV.slug,
      user: EV.owner,
      timeZone: state.zone,
      language: "en",
      metadata: metadataFromQuery(),
      hasHashedBookingLink: false
    };
  }
  function post(body, button, alertBox) {
    state.inFlight = true;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    clear(alertBox);
    fetch("/api/book/event", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = JSON.parse(text); } catch (e) { data = null; }
        return { status: response.status, data: data };
      });
    }).then(function (result) {
      state.inFlight = false;
      button.removeAttribute("aria-busy");
      var data = result.data || {};
      if (result.status >= 200 && result.status < 300 && data.uid) { booked(data); return; }
      button.disabled = false;
      var message = String(data.message || ("Could not book the meeting (" + result.status + ")"));
      if (message === "email_verification_required") { renderVerify(body); return; }
      showFailure(alertBox, message);
    }, function () {
      state.inFlight = false;
      button.removeAttribute("aria-busy");
      button.disabled = false;
      showFailure(alertBox, "Could not reach Cal.com. Check the booking before trying again.");
    });
  }
  function showFailure(alertBox, message) {
    clear(alertBox);
    var box = tid(el("div", { "class": "alert", role: "alert" }, []), "booking-fail");
    if (message === "no_available_users_found_error") {
      box.appendChild(tid(el("p", {}, [SLOT_GONE + ". Please pick another time."]), "slot-not-allowed-to-book"));
      box.appendChild(el("p", { "class": "hint" }, [message]));
    } else {
      box.appendChild(el("p", {}, ["Could not book the meeting."]));
      box.appendChild(el("p", {}, [message]));
    }
    alertBox.appendChild(box);
  }
  function renderSignInWall() {
    var back = tid(el("button", { type: "button", "class": "plain" }, ["Back"]), "back");
    back.addEventListener("click", function () {
      state.slot = null; state.view = "calendar"; updateSelected(); renderCalendar();
    });
    var callback = encodeURIComponent(window.location.pathname + window.location.search);
    panel.appendChild(el("div", { "class": "form", role: "region", "aria-label": "Sign in required" }, [
      el("h2", {}, ["Sign in to book"]),
      el("p", {}, [EV.owner + " only accepts bookings from signed-in guests."]),
      el("p", {}, [el("a", { href: "/auth/login?provider=google&callbackUrl=" + callback }, ["Continue with Google"])]),
      el("p", {}, [el("a", { href: "/auth/login?provider=microsoft&callbackUrl=" + callback }, ["Continue with Microsoft"])]),
      el("div", { "class": "actions" }, [back])
    ]));
  }

  // --- email code ---------------------------------------------------------------------------------
  function renderVerify(body) {
    state.view = "verify";
    clear(panel);
    var id = fieldId();
    var code = el("input", { id: id, name: CURRENT ? "code" : "q" + fieldCounter, type: "text",
      inputmode: "numeric", autocomplete: "one-time-code", required: true }, []);
    var verify = el("button", { type: "submit", "class": "primary" }, ["Verify"]);
    tid(verify, "verify-email-button");
    var alertBox = el("div", {}, []);
    var form = el("form", { novalidate: true, role: "dialog", "aria-label": "Verify your email" }, [
      el("h2", {}, ["Verify your email"]),
      el("p", {}, ["Enter the 6-digit code we sent to " + (body.responses.email || "your email") + "."]),
      el("label", { "for": id }, ["Verification code"]), code, alertBox,
      el("div", { "class": "actions" }, [verify])
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (state.inFlight) { return; }
      var value = code.value.trim();
      if (!value) { return; }
      var again = JSON.parse(JSON.stringify(body));
      again.verificationCode = value;
      post(again, verify, alertBox);
    });
    panel.appendChild(form);
  }

  // --- success ------------------------------------------------------------------------------------
  function booked(data) {
    state.view = "success";
    var path = "/booking/" + encodeURIComponent(String(data.uid));
    try { window.history.pushState({ uid: data.uid }, "", path); } catch (e) { /* keep the URL */ }
    renderSuccess({
      uid: String(data.uid), status: String(data.status || ""),
      startTime: data.startTime || state.slot,
      endTime: data.endTime || new Date(Date.parse(state.slot) + EV.length * 60000).toISOString(),
      name: state.answers ? state.answers.name : "", email: state.answers ? state.answers.email : "",
      timeZone: state.zone
    });
    if (SC.thankYouUrl) {
      window.setTimeout(function () { window.location.assign(SC.thankYouUrl); }, 300);
    }
  }
  function renderSuccess(booking) {
    clear(root);
    var pending = booking.status.toUpperCase() === "PENDING";
    var start = Date.parse(booking.startTime), end = Date.parse(booking.endTime);
    var zone = validZone(booking.timeZone) ? booking.timeZone : state.zone;
    var when = el("dd", {}, [whenText(start, end, zone) + " (" + zone + ")"]);
    if (CURRENT) { when.setAttribute("data-start", new Date(start).toISOString()); }
    var uid = tid(el("dd", {}, [booking.uid]), "booking-uid");
    var card = el("div", { "class": "card", role: "region", "aria-label": "Booking" }, [
      el("h2", {}, [pending ? "Booking submitted" : "This meeting is scheduled"]),
      el("p", {}, [pending
        ? "Your booking has been submitted and needs confirmation: " + EV.owner + " still needs to confirm or reject it."
        : "We sent an email with a calendar invitation with the details to everyone."]),
      el("dl", {}, [
        el("dt", {}, ["What"]), el("dd", {}, [EV.title + " between " + EV.owner + " and " + booking.name]),
        el("dt", {}, ["When"]), when,
        el("dt", {}, ["Who"]), el("dd", {}, [EV.owner + " (Host), " + booking.name + " " + booking.email]),
        el("dt", {}, ["Where"]), el("dd", {}, ["Cal Video"]),
        el("dt", {}, ["Booking ID"]), uid
      ])
    ]);
    tid(card, "success-page");
    root.appendChild(card);
  }

  // --- cookie banner ------------------------------------------------------------------------------
  function cookieBanner() {
    var accept = el("button", { type: "button", id: "cookie-consent-accept", "class": "primary" }, ["Accept all"]);
    var reject = el("button", { type: "button", "class": "plain" }, ["Reject all"]);
    var overlay = el("div", { "class": "overlay", role: "dialog", "aria-modal": "true", "aria-label": "Cookie consent" }, [
      el("div", { "class": "box" }, [
        el("p", {}, ["We use cookies to improve your experience, measure traffic and remember your choices."]),
        el("div", { "class": "actions" }, [reject, accept])
      ])
    ]);
    function close() { if (overlay.parentNode) { overlay.parentNode.removeChild(overlay); } }
    accept.addEventListener("click", close);
    reject.addEventListener("click", close);
    document.body.appendChild(overlay);
  }

  // --- start --------------------------------------------------------------------------------------
  clear(root);
  if (CFG.view === "booking") {
    renderSuccess(CFG.booking);
  } else {
    root.appendChild(buildMeta());
    root.appendChild(panel);
    updateSelected();
    if (state.view === "form") { renderForm(); }
    loadMonth();
  }
  if (SC.cookieBanner) { cookieBanner(); }
})();
"""

__all__ = [
    "CUSTOM_QUESTION",
    "EMAIL_VERIFICATION_REQUIRED",
    "INVALID_VERIFICATION_CODE",
    "NO_CAPTCHA_TOKEN",
    "PAYMENT_NOT_CREATED",
    "SIGN_IN_REQUIRED",
    "SLOT_GONE_TEXT",
    "booker_page",
    "booking_page",
    "booking_target",
    "captcha_refusal",
    "gate_refusal",
    "is_sign_in",
    "not_found_page",
    "page_target",
    "scenario_fields",
    "sign_in_page",
]
