"""Booking on a Calendly page in a browser (Calendly has no public booking API for an invitee).

The page is opened on the slot deep link (``/{user}/{event}/{local ISO time}``, name and email
prefilled), which lands on the details form; the form's summary of the chosen time is read back and must
be exactly the chosen instant in the zone the page says it uses. When the deep link does not land on the
form (the time is gone, the link changed) the calendar is walked: month, the day's
``"{Month} {D} - Times available"`` button, the ``data-start-time`` button, "Next". Selectors are those of
providers.md §2.5; the confirmation is Calendly's own ``POST /api/booking/invitees`` answer seen on the
wire, else "You are scheduled".
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from schedlink.domain.booking.outcome import BookingRequest
from schedlink.domain.booking.page import PageRecipe, TimeForm, WireRule, wall_clock_forms
from schedlink.domain.providers import calendly_slots
from schedlink.domain.providers.base import Recognition
from schedlink.domain.slots import Invitee


def open_url(recognition: Recognition, request: BookingRequest) -> str:
    start = datetime.fromisoformat(request.start_utc_iso.replace("Z", "+00:00"))
    invitee = Invitee(name=request.name, email=request.email, timezone=request.timezone)
    return calendly_slots.booking_url(recognition, start, invitee) or recognition.url or request.link


def day(local: date) -> str:
    return f"button[aria-label^='{local:%B} {local.day} - '][aria-label$='Times available']"


def time_button(moment: datetime, zone: ZoneInfo) -> str:
    return f"button[data-container='time-button'][data-start-time='{wall_clock_forms(moment, zone)[0]}']"


def next_button(moment: datetime, zone: ZoneInfo) -> str:
    return f"button[aria-label='Next {wall_clock_forms(moment, zone)[0]}']"


RECIPE = PageRecipe(
    name="Calendly",
    open_url=open_url,
    preselects=True,
    chosen="[data-testid='event-time']",
    calendar="[data-testid='calendar']",
    month_title="[data-testid='title']",
    next_month="button[aria-label='Go to next month']",
    day=day,
    time=time_button,
    time_form=TimeForm.WALL_CLOCK,
    time_value="data-start-time",
    after_time=next_button,
    zone="[data-testid='timezone-display']",
    duration="[data-testid='event-duration']",
    form="#email_input, input[name='email']",
    full_name="#full_name_input, input[name='full_name']",
    first_name="input[name='first_name']",
    last_name="input[name='last_name']",
    email="#email_input, input[name='email']",
    notes="textarea[name='question_0']",
    submit="button[type='submit']:has-text('Schedule Event')",
    success=("[data-testid='confirmation-title']:has-text('You are scheduled')", "text=You are scheduled"),
    success_path=r"/invitees/[^/]+",
    slot_gone=("text=/no longer available/i",),
    failed=("[data-testid='error-message']",),
    cookie_accept=("#accept-recommended-btn-handler", "#onetrust-accept-btn-handler"),
    wire=WireRule(r"/api/booking/invitees(\?|$)", id_keys=("uuid",), slot_gone_words=("already_filled",)),
    page_hosts=frozenset({"assets.calendly.com"}),
)
