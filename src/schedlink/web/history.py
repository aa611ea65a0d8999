"""The task page's histories in words: the audit trail and the lead's link sightings."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from schedlink.domain.availability.intervals import instant_from_json
from schedlink.service.read_models import EventRecord, SightingRecord
from schedlink.web.views import format_time, task_provider_label


@dataclass(frozen=True, slots=True)
class SightingLine:
    seen: str
    url: str
    provider: str
    where: str
    current: bool


# Where in the reply the link stood, in words.
_REGIONS = {
    "new": "in their reply",
    "signature": "in their signature",
    "quoted": "in an earlier message they quoted",
    "forwarded": "in a message they forwarded",
}


def sighting_line(row: SightingRecord, zone: str) -> SightingLine:
    return SightingLine(
        seen=format_time(row.seen_at, zone),
        url=row.url,
        provider=task_provider_label(row.provider),
        where=_REGIONS.get(row.region, row.region.replace("_", " ")),
        current=row.became_current,
    )


@dataclass(frozen=True, slots=True)
class HistoryLine:
    at: str
    actor: str
    what: str
    details: list[tuple[str, str]]


_ACTIONS = {
    "task.created": "Task opened",
    "task.updated": "The lead asked again",
    "task.lead_replied": "The lead replied",
    "task.done": "Marked booked",
    "task.dismissed": "Dismissed",
    "task.suggestions_requested": "Suggestions requested",
    "task.suggestions": "Suggested times computed",
    "booking.requested": "Booking requested",
    "booking.dry_run_requested": "Dry run requested",
    "booking.booked": "Booked on their page",
    "booking.pending_confirmation": "Booked, waiting for the lead to confirm",
    "booking.failed": "Booking failed",
    "booking.dry_run_passed": "Dry run passed",
    "booking.blocked": "Booking blocked",
    "booking.outcome_unknown": "Booking outcome unknown",
    "booking.needs_review": "Booking needs review",
}
_DETAILS = {
    "link": "link",
    "previous_link": "previous link",
    "provider": "provider",
    "reason": "why",
    "intent": "read as",
    "excerpt": "their words",
    "note": "note",
    "booked_start": "booked for",
    "start": "time",
    "confirmation": "confirmation",
}


# What a reply was read as (its intent), in words.
INTENT_WORDS = {
    "book_via_link": "asks us to book through their link",
    "already_booked": "says the meeting is already booked",
    "propose_times": "proposes times",
    "request_our_link": "asks for our link",
    "interested": "interested, but asks for no booking",
    "not_interested": "not interested",
    "out_of_office": "an out-of-office reply",
    "unsubscribe": "asks not to be contacted again",
    "other": "asks for nothing about a meeting",
}


def history_line(event: EventRecord, zone: str) -> HistoryLine:
    details = []
    for key, label in _DETAILS.items():
        value = event.details.get(key)
        if value in (None, ""):
            continue
        if key == "provider":
            value = task_provider_label(str(value))
        if key == "intent":
            value = INTENT_WORDS.get(str(value), str(value).replace("_", " "))
        if key in ("booked_start", "start"):
            with contextlib.suppress(ValueError):
                value = format_time(instant_from_json(value), zone)
        details.append((label, str(value)))
    return HistoryLine(
        at=format_time(event.at, zone),
        actor=event.actor,
        what=_ACTIONS.get(event.action, event.action.replace("_", " ").replace(".", ": ")),
        details=details,
    )
