"""Booking on a HubSpot Meetings page in a browser (HubSpot's booking API needs the owner's token).

No preselect exists: the month is paged to the chosen day (``"December 8, 2026"``) and the time is the
``time-picker-btn`` whose instant reads back as the chosen one; the form asks first name, last name and
email, and "Confirm" (``forward-button``) submits. Selectors are those of providers.md §5.4; the
confirmation is the page's ``POST /meetings-public/v1/book`` answer on the wire, else "Booking
confirmed". Links whose owner turned reCAPTCHA on stop at the captcha, as every page does.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from schedlink.domain.booking.outcome import BookingRequest
from schedlink.domain.booking.page import PageRecipe, TimeForm, WireRule
from schedlink.domain.providers.base import Recognition


def open_url(recognition: Recognition, request: BookingRequest) -> str:
    return recognition.url or request.link


def day(local: date) -> str:
    return f"button[data-selenium-test-disabled='false'][aria-label='{local:%B} {local.day}, {local.year}']"


def time_button(moment: datetime, zone: ZoneInfo) -> str:
    return f"button[data-test-id='time-picker-btn'][data-time='{int(moment.timestamp() * 1000)}']"


RECIPE = PageRecipe(
    name="HubSpot Meetings",
    open_url=open_url,
    calendar="button[aria-label='Next month']",
    next_month="button[aria-label='Next month']",
    day=day,
    time=time_button,
    time_form=TimeForm.EPOCH_MS,
    time_value="data-time",
    zone="[data-test-id='timezone-select']",
    duration="button[data-button-use='tertiary-light'][aria-pressed='true']",
    form="[name='email']",
    first_name="[name='firstName']",
    last_name="[name='lastName']",
    email="[name='email']",
    submit="[data-selenium-test='forward-button'][aria-disabled='false']",
    success=("[data-test-id='profile-header']:has-text('Booking confirmed')",),
    slot_gone=("[role='alert']:has-text('no longer available')",),
    failed=("[role='alert']",),
    cookie_accept=("#hs-eu-confirmation-button",),
    wire=WireRule(
        r"/meetings-public/v1/book(\?|$)",
        id_keys=("id",),
        slot_gone_words=("SLOT_UNAVAILABLE", "no longer available"),
        person_words=("verification code",),
    ),
    page_hosts=frozenset({"api.hubspot.com", "api-eu1.hubspot.com", "app.hubspot.com"}),
)
