"""Booking on a Google Calendar appointment schedule in a browser (Google offers no booking API).

The page has no preselect: the mini calendar is walked (``"12, Thursday"`` day buttons, "Next month")
and the slot is the button whose ``data-date-time`` is the chosen instant in epoch milliseconds — exact,
whatever zone the page shows (providers.md §6.3). The booking dialog asks first name, last name and
email; "Book" submits; "Booking confirmed" confirms. Premium schedules that verify the booker's email
stop before anything is booked.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from schedlink.domain.booking.outcome import BookingRequest
from schedlink.domain.booking.page import PageRecipe, TimeForm
from schedlink.domain.providers.base import Recognition


def open_url(recognition: Recognition, request: BookingRequest) -> str:
    return recognition.url or request.link


def day(local: date) -> str:
    weekday = local.strftime("%A")
    return f"button[aria-label='{local.day}, {weekday}']"


def time_button(moment: datetime, zone: ZoneInfo) -> str:
    return f"button[data-date-time='{int(moment.timestamp() * 1000)}']"


RECIPE = PageRecipe(
    name="Google Calendar",
    open_url=open_url,
    calendar="button[aria-label='Next month']",
    next_month="button[aria-label='Next month']",
    day=day,
    time=time_button,
    time_form=TimeForm.EPOCH_MS,
    time_value="data-date-time",
    zone="[data-testid='timezone']",
    duration="text=/\\d+\\s*(min|hr|hour)[a-z]* appointments/i",
    form="input[aria-label='Email address']",
    first_name="input[aria-label='First name']",
    last_name="input[aria-label='Last name']",
    email="input[aria-label='Email address']",
    submit="button:text-is('Book')",
    success=("text=Booking confirmed",),
    slot_gone=("[role='alert']:has-text('no longer available')",),
    failed=("[role='alert']",),
    wire=None,
)
