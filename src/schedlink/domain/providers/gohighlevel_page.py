"""Booking on a GoHighLevel (LeadConnector) calendar widget in a browser: the widget's own booking call is
internal and sends a reCAPTCHA v3 token, and the official one needs the location's token (providers.md
§4.3, §4.5).

The widget is opened at the lead's own link — on LeadConnector's hosts or an agency's white-label host,
which the core allows as the link's own — and reads its times from ``backend.leadconnectorhq.com``. The
month is paged to the chosen day (``button.day[data-date="YYYY-MM-DD"]``), and the time is the button
whose ``data-slot`` holds the chosen instant as the free-slots call writes it: ISO 8601 with the offset
of the zone the widget shows (``"2026-09-28T09:00:00+02:00"``) — an exact read-back. No published
script names the widget's selectors (§4.4 lists only the generic ``.day``, ``.time``,
``button[data-date]``, ``input[name="email"]``): ``data-slot``, the zone button naming its IANA zone,
"Continue", the form's field names and "Book" are those of the replica (``replicas/gohighlevel.py``),
assumed, and a widget that differs falls back to the generic text-based recipe before any submit.

The outcome is the widget's ``POST /appengine/appointment`` on the wire: a 2xx answer with an ``id`` is
booked, "slot no longer available" is the time gone (§4.3); else the page's confirmation. Group pages
(``/widget/group/{id}``) list several calendars, and which one the lead meant is not known: refused.
Links by slug (``/widget/bookings/…``) are walked the same way, but today the core stops them before the
browser: the slot reader cannot read them (no calendar id), and the ``lead_offers_slot`` guardrail only
leaves the check to the page for providers without any reader.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from schedlink.domain.booking.outcome import BookingRequest
from schedlink.domain.booking.page import PageRecipe, TimeForm, WireRule
from schedlink.domain.providers.base import Recognition
from schedlink.domain.urls import parse_url

BACKEND_HOST = "backend.leadconnectorhq.com"


def open_url(recognition: Recognition, request: BookingRequest) -> str:
    return recognition.url or request.link


def day(local: date) -> str:
    return f"button.day[data-date='{local.isoformat()}']:not([disabled])"


def slot_value(moment: datetime, zone: ZoneInfo) -> str:
    """How the free-slots call writes ``moment`` for a widget showing ``zone``: ISO with that offset."""
    return moment.astimezone(zone).isoformat()


def time_button(moment: datetime, zone: ZoneInfo) -> str:
    return f"button.time[data-slot='{slot_value(moment, zone)}']"


def unbookable(recognition: Recognition) -> str | None:
    parsed = parse_url(recognition.url) if recognition.url else None
    segments = parsed.segments if parsed is not None else ()
    if len(segments) >= 2 and segments[0].lower() == "widget" and segments[1].lower() == "group":
        return (
            "a GoHighLevel calendar group page lists several calendars; which one the lead meant is not "
            "known, so it is booked by hand"
        )
    return None


RECIPE = PageRecipe(
    name="GoHighLevel",
    open_url=open_url,
    calendar="button.day[data-date]",
    month_title=".hl-month-title",
    next_month="button[aria-label='Next month']",
    day=day,
    time=time_button,
    time_form=TimeForm.ISO_INSTANT,
    time_value="data-slot",
    after_time=lambda _moment, _zone: "button.hl-continue",
    zone=".hl-timezone-select[data-zone]",
    duration=".hl-duration",
    form="input[name='email']",
    first_name="input[name='first_name']",
    last_name="input[name='last_name']",
    email="input[name='email']",
    notes="textarea[name='notes']",
    submit="button.hl-book[type='submit']",
    success=(".hl-confirmation:has-text('confirmed')",),
    slot_gone=("[role='alert']:has-text('no longer available')",),
    failed=("[role='alert']",),
    cookie_accept=("#hl-cookie-accept",),
    wire=WireRule(
        r"/appengine/appointment(\?|$)",
        id_keys=("id",),
        slot_gone_words=("slot no longer available", "no longer available"),
        person_words=("verification code",),
    ),
    page_hosts=frozenset({BACKEND_HOST}),
    unbookable=unbookable,
)
