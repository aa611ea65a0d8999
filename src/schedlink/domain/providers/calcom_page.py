"""Booking through Cal.com's own booker in a browser: self-hosted and organisation pages, and whenever
the API path is refused.

The page is opened on the chosen day (``?date=&month=``), and the time is picked by the button whose
``data-time`` is the chosen instant in UTC — an exact check that needs no zone arithmetic (Cal.com's
``?slot=`` preselect opens the form without a button whose instant can be read back, so it is not used).
Selectors are those of Cal.com's open-source booker (providers.md §3.4); the confirmation is the
booker's ``POST /api/book/event`` answer on the wire, else ``[data-testid="success-page"]``.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from schedlink.domain.booking.outcome import BookingRequest
from schedlink.domain.booking.page import PageRecipe, TimeForm, WireRule
from schedlink.domain.providers.base import Recognition
from schedlink.domain.providers.slot_reading import invitee_zone, with_query
from schedlink.domain.slots import Invitee


def open_url(recognition: Recognition, request: BookingRequest) -> str:
    start = datetime.fromisoformat(request.start_utc_iso.replace("Z", "+00:00"))
    local = start.astimezone(invitee_zone(Invitee(timezone=request.timezone)))
    base = recognition.url or request.link
    return with_query(base, (("month", local.strftime("%Y-%m")), ("date", local.strftime("%Y-%m-%d"))))


def day(local: date) -> str:
    return f"[data-testid='day'][data-disabled='false']:text-is('{local.day}')"


def time_button(moment: datetime, zone: ZoneInfo) -> str:
    stamp = moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%S")
    return f"button[data-testid='time'][data-disabled='false'][data-time^='{stamp}']"


RECIPE = PageRecipe(
    name="Cal.com",
    open_url=open_url,
    calendar="[data-testid='day']",
    next_month="[data-testid='incrementMonth']",
    month_title="[data-testid='month-title']",
    day=day,
    time=time_button,
    time_form=TimeForm.ISO_INSTANT,
    time_value="data-time",
    zone="[data-testid='event-meta-current-timezone']",
    duration="[data-testid='event-meta-duration']",
    form="[name='email']",
    full_name="[name='name']",
    email="[name='email']",
    notes="textarea[name='notes']",
    submit="[data-testid='confirm-book-button']",
    success=("[data-testid='success-page']",),
    success_path=r"^/booking/[^/]+",
    slot_gone=("[data-testid='slot-not-allowed-to-book']", "text=/no longer available/i"),
    failed=("[data-testid='booking-fail']",),
    cookie_accept=("#cookie-consent-accept",),
    wire=WireRule(
        r"/api/book/event(\?|$)",
        id_keys=("uid", "id"),
        slot_gone_words=("no_available_users_found_error", "already has booking", "not available"),
    ),
)
