"""Booking on a Microsoft Bookings shared page in a browser.

The month grid is walked to the chosen day (``"Tuesday, December 8, 2026"``), the time is the button
whose text is the chosen local time and whose start reads back as the chosen instant; the form asks name
and email; "Book" submits; "Your booking has been confirmed" confirms (providers.md §7.4 knows text only;
the page's own ``POST …/appointments`` answer on the wire is the surer sign). Personal "Bookings with
me" pages always email the invitee a code before they book anything (§7.3), so they are refused before
the page is opened: a person books them, or asks the lead to.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from schedlink.domain.booking.outcome import BookingRequest
from schedlink.domain.booking.page import PageRecipe, TimeForm, WireRule, time_text_selector
from schedlink.domain.providers.base import Recognition


def open_url(recognition: Recognition, request: BookingRequest) -> str:
    return recognition.url or request.link


def unbookable(recognition: Recognition) -> str | None:
    path = urlsplit(recognition.url or "").path.lower()
    if "/bookwithme/" in path:
        return (
            "personal Microsoft booking pages email the invitee a code before booking anything; "
            "book it by hand or ask the lead to"
        )
    return None


def day(local: date) -> str:
    label = f"{local:%A}, {local:%B} {local.day}, {local.year}"
    return f"[role='grid'] button[aria-label='{label}']:not([aria-disabled='true']):not([disabled])"


RECIPE = PageRecipe(
    name="Microsoft Bookings",
    open_url=open_url,
    unbookable=unbookable,
    calendar="[role='grid']",
    month_title="text=/^\\s*(January|February|March|April|May|June|July|August|September|October|November|December)\\s+\\d{4}\\s*$/",
    next_month="button[aria-label='Next month']",
    day=day,
    time=time_text_selector,
    time_form=TimeForm.ISO_INSTANT,
    time_value="data-start",
    zone="[data-testid='timezone']",
    duration="text=/\\b\\d{1,3}\\s*(minutes|min|hours?)\\b/",
    form="input[aria-label='Email']",
    full_name="input[aria-label='Name']",
    email="input[aria-label='Email']",
    notes="[aria-label='Notes (optional)']",
    submit="button:text-is('Book')",
    success=("text=Your booking has been confirmed",),
    slot_gone=("[role='alert']:has-text('no longer available')",),
    failed=("[role='alert']",),
    wire=WireRule(
        r"/bookingBusinessesc2/[^/]+/appointments(\?|$)",
        id_keys=("appointmentId", "id"),
        slot_gone_words=("SlotUnavailable", "no longer available"),
        person_words=("SelfServiceBookingEmailVerificationRequired",),
    ),
)
