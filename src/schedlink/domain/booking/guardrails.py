"""The named checks an attempt must pass before anything is sent. Each returns a result with a detail a
person can read; all results are kept on the booking and in its evidence, passed or not.

The order is the order they run in: the cheap ones that need no network first, the lead's page last and
right before submitting, so the time we send is the time somebody just checked on both sides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from schedlink.domain.availability.intervals import Interval
from schedlink.domain.booking.automation import AutomationSettings, Mode, allows

AUTOMATION_ON = "automation_on"
INTENT = "intent"
LEAD_NOT_BOOKED = "lead_not_booked"
SLOT_RULES = "slot_rules"
TEAM_FREE = "team_free"
LEAD_OFFERS_SLOT = "lead_offers_slot"
RATE_LIMIT = "rate_limit"
# Only for pages the careful generic driver books (providers with neither an API nor a recipe of their own).
PERSON_PRESSES_BOOK = "person_presses_book"
GENERIC_CONFIRMATION = "generic_confirmation"  # after the submit: what decides ``booked`` there
ORDER = (
    AUTOMATION_ON, PERSON_PRESSES_BOOK, INTENT, LEAD_NOT_BOOKED, SLOT_RULES, TEAM_FREE, RATE_LIMIT,
    LEAD_OFFERS_SLOT, GENERIC_CONFIRMATION,
)  # fmt: skip
# Calendars read longer ago than this are read again before the team is called free.
FRESH_CALENDAR = timedelta(minutes=1)
_MODE_WORDS = {
    Mode.OFF: "off",
    Mode.DRY_RUN: "dry run only",
    Mode.APPROVE: "on with approval",
    Mode.AUTO: "automatic",
}


@dataclass(frozen=True, slots=True)
class GuardrailResult:
    name: str
    passed: bool
    detail: str

    def to_json(self, at: datetime) -> dict[str, Any]:
        return {"name": self.name, "passed": self.passed, "detail": self.detail, "at": at.isoformat()}


def automation_on(
    settings: AutomationSettings,
    provider: str,
    *,
    operator_off: bool,
    dry_run: bool,
    by_person: bool,
    name: str | None = None,
) -> GuardrailResult:
    """``provider`` is the slug the settings use; ``name`` how a person calls it (the slug if not given)."""
    shown = name or provider
    if operator_off:
        return GuardrailResult(AUTOMATION_ON, False, "the operator turned automation off on this server")
    if settings.kill_switch:
        return GuardrailResult(AUTOMATION_ON, False, "the workspace's kill switch stops all automation")
    mode = settings.mode_for(provider)
    if not allows(mode, dry_run=dry_run, by_person=by_person):
        what = "dry runs" if dry_run else "bookings" if by_person else "bookings without a person"
        return GuardrailResult(
            AUTOMATION_ON,
            False,
            f"automation for {shown} is {_MODE_WORDS[mode]}, which does not allow {what}",
        )
    return GuardrailResult(AUTOMATION_ON, True, f"automation for {shown} is {_MODE_WORDS[mode]}")


def intent(
    *, request_at: datetime, later_reply: str | None, now: datetime, max_age_days: int
) -> GuardrailResult:
    """The task exists only for a ``book_via_link`` request; it must be recent and not taken back."""
    if later_reply is not None:
        return GuardrailResult(
            INTENT, False, f"the lead's newest reply asked for no booking: {later_reply[:160]!r}"
        )
    age = now - request_at
    if age > timedelta(days=max_age_days):
        return GuardrailResult(
            INTENT, False, f"the request is {age.days} days old; the limit is {max_age_days} days"
        )
    return GuardrailResult(INTENT, True, f"the lead asked to book through their link {_age(age)} ago")


def lead_not_booked(*, task_status: str, other_live_booking: str | None) -> GuardrailResult:
    if task_status != "open":
        return GuardrailResult(LEAD_NOT_BOOKED, False, f"the task is {task_status}")
    if other_live_booking is not None:
        return GuardrailResult(
            LEAD_NOT_BOOKED, False, f"the lead already has a booking ({other_live_booking})"
        )
    return GuardrailResult(LEAD_NOT_BOOKED, True, "no other booking for this lead")


def slot_rules(slot: Interval, *, now: datetime, working_time: Sequence[Interval]) -> GuardrailResult:
    """``working_time`` is the team's free time with no busy events: working hours, special days, notice
    and horizon, as the scheduling rules make it."""
    if slot.start <= now:
        return GuardrailResult(SLOT_RULES, False, "the time is in the past")
    if not _inside(slot, working_time):
        return GuardrailResult(
            SLOT_RULES, False, "outside the team's working hours, minimum notice or booking horizon"
        )
    return GuardrailResult(SLOT_RULES, True, "inside working hours, notice and horizon")


def team_free(
    slot: Interval, *, free_time: Sequence[Interval], stale_calendars: Iterable[str], reserved: bool
) -> GuardrailResult:
    """``free_time`` is working time minus calendar busy time (buffers included) and other reservations."""
    stale = list(stale_calendars)
    if stale:
        return GuardrailResult(TEAM_FREE, False, "calendars could not be read just now: " + ", ".join(stale))
    if reserved:
        return GuardrailResult(TEAM_FREE, False, "another booking of the team holds this time")
    if not _inside(slot, free_time):
        return GuardrailResult(TEAM_FREE, False, "the team's calendar is busy then")
    return GuardrailResult(TEAM_FREE, True, "the team's calendars, read just now, are free")


def lead_offers_slot(
    start: datetime, *, offered: Sequence[datetime] | None, unreadable: str | None
) -> GuardrailResult:
    if offered is None:
        return GuardrailResult(LEAD_OFFERS_SLOT, False, f"their page could not be read: {unreadable}")
    if start not in set(offered):
        return GuardrailResult(LEAD_OFFERS_SLOT, False, "their page no longer offers this time")
    return GuardrailResult(LEAD_OFFERS_SLOT, True, "their page, read just now, offers exactly this time")


def offered_on_page() -> GuardrailResult:
    """For pages no reader can read: the browser clicks only the button whose time it read back as exactly
    this start, on the page itself, right before the submit; no such button stops it."""
    return GuardrailResult(
        LEAD_OFFERS_SLOT, True, "checked on their page itself, by the browser, right before submitting"
    )


def person_presses_book(*, by_person: bool, dry_run: bool) -> GuardrailResult:
    """A page no recipe knows is booked by the careful generic driver only when a person pressed Book (a dry
    run, which sends nothing, may run too); a booking asked for automatically is blocked before the page is
    opened, whatever the provider's mode."""
    if dry_run:
        return GuardrailResult(PERSON_PRESSES_BOOK, True, "a dry run: nothing is sent")
    if by_person:
        return GuardrailResult(PERSON_PRESSES_BOOK, True, "a person pressed Book")
    return GuardrailResult(
        PERSON_PRESSES_BOOK,
        False,
        "this page is booked by the careful generic driver, which books only when a person presses Book; "
        "nothing was opened",
    )


def generic_confirmation(*, page_text: str | None, call: str | None) -> GuardrailResult:
    """On a page the generic driver books, ``booked`` needs both the page's confirmation text and a 2xx
    answer to a call the page sent to its own host after the submit (``call``, in words); either alone — or
    neither before the deadline — leaves the outcome unknown, for a person."""
    if page_text and call:
        return GuardrailResult(GENERIC_CONFIRMATION, True, f"the page said {page_text[:120]!r} and {call}")
    if page_text:
        return GuardrailResult(
            GENERIC_CONFIRMATION,
            False,
            f"the page said {page_text[:120]!r}, but no call it sent to its own host after the submit "
            "answered 2xx; the booking may not exist",
        )
    if call:
        return GuardrailResult(GENERIC_CONFIRMATION, False, f"{call}, but the page showed no confirmation")
    return GuardrailResult(
        GENERIC_CONFIRMATION,
        False,
        "the page showed no confirmation and no call to its own host answered 2xx after the submit",
    )


def rate_limit(*, sent_last_hour: int, limit: int, provider: str) -> GuardrailResult:
    if sent_last_hour >= limit:
        return GuardrailResult(
            RATE_LIMIT,
            False,
            f"{sent_last_hour} bookings on {provider} in the last hour; the limit is {limit}",
        )
    return GuardrailResult(RATE_LIMIT, True, f"{sent_last_hour} of {limit} this hour")


def _inside(slot: Interval, free: Sequence[Interval]) -> bool:
    return any(window.start <= slot.start and slot.end <= window.end for window in free)


def _age(age: timedelta) -> str:
    hours = max(int(age.total_seconds() // 3600), 0)
    if hours >= 48:
        return f"{hours // 24} days"
    if hours < 1:
        return "less than an hour"
    return "1 hour" if hours == 1 else f"{hours} hours"
