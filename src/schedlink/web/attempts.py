"""Booking attempts as the pages show them: the state in words, the checks, the confirmation and the
evidence, with times in the team's zone; and what a task page may offer (Book, Dry run).

Everything here is plain text for the templates to escape; links go through ``safe_href``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from schedlink.domain.booking.automation import AutomationSettings, Mode, allows
from schedlink.domain.booking.states import LIVE, TERMINAL, BookingState
from schedlink.domain.providers import provider_name, spec_by_slug
from schedlink.service.automation import BOOKABLE
from schedlink.service.bookings import BookingView, EvidencePiece, books_generically, newest_by_task
from schedlink.store.db import Database
from schedlink.web.views import format_range, format_time, safe_href

# Short names for the checks; the check's own detail says the rest.
CHECK_LABELS = {
    "automation_on": "Automation",
    "intent": "Lead’s request",
    "lead_not_booked": "Not booked yet",
    "slot_rules": "Working rules",
    "team_free": "Team free",
    "rate_limit": "Hourly limit",
    "lead_offers_slot": "Their page",
    "person_presses_book": "A person presses Book",
    "generic_confirmation": "Page and call agree",
}
# States in which a worker is busy right now: the page reloads itself while one is recent.
WORKING = frozenset({BookingState.REQUESTED, BookingState.CHECKING, BookingState.SUBMITTING})
# How long a page keeps reloading itself for a working attempt (a stuck job must not reload forever).
RELOAD_FOR = timedelta(minutes=5)
# Ended attempts that send the task back to a person: the queue says why.
BACK_FOR_REVIEW = frozenset({BookingState.BLOCKED, BookingState.FAILED, BookingState.NEEDS_REVIEW})
QUEUE_LINE_LIMIT = 140
_KIND = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class CheckView:
    passed: bool
    label: str
    detail: str


@dataclass(frozen=True, slots=True)
class EvidenceLink:
    href: str
    label: str
    size: str
    image: bool = False  # a screenshot, shown on the page


@dataclass(frozen=True, slots=True)
class AttemptView:
    id: uuid.UUID
    headline: str  # the state in words, with the reason when it did not book
    tone: str  # ok, busy, bad: the badge's colour
    dry_run: bool
    number: int
    slot: str
    asked_at: str
    asked_iso: str
    requested_by: str
    checks: list[CheckView]
    checks_summary: str
    checks_failed: bool
    confirmation_id: str | None
    confirmation_href: str | None
    evidence: list[EvidenceLink]
    method: str  # how it is booked, in words
    in_progress: bool
    reloads: bool  # a worker is on it right now: the page reloads itself


@dataclass(frozen=True, slots=True)
class BookingControls:
    """What the task page offers beside each suggested time."""

    # Automation is on for this open task's provider: the lead's own page is then the second way to book.
    automated: bool = False
    book: bool = False
    dry_run: bool = False
    # Why the buttons are missing although the provider's mode would allow them (kill switch, operator).
    note: str | None = None

    @property
    def shown(self) -> bool:
        return self.book or self.dry_run


def attempt_view(
    view: BookingView, *, team_zone: str, now: datetime, no_browser_worker: bool = False
) -> AttemptView:
    """``no_browser_worker``: no live worker takes page bookings, so one waiting for a browser says so."""
    state = BookingState(view.state)
    checks = [
        CheckView(bool(g.get("passed")), CHECK_LABELS.get(str(g.get("name")), str(g.get("name"))),
                  _sentence(str(g.get("detail") or "")))
        for g in view.guardrails
    ]  # fmt: skip
    failed = sum(1 for check in checks if not check.passed)
    if not checks:
        summary = "No checks run yet"
    elif failed:
        summary = f"{failed} of {len(checks)} checks failed"
    elif state not in TERMINAL:
        summary = f"{len(checks)} checks passed so far"
    else:
        summary = f"All {len(checks)} checks passed"
    confirmation = view.confirmation or {}
    return AttemptView(
        id=view.id,
        headline=(
            "Waiting for a worker with a browser: none is running (start `schedlink worker --browsers 1`)"
            if no_browser_worker and view.method == "browser" and state is BookingState.REQUESTED
            else state_words(view)
        ),
        tone=_tone(state),
        dry_run=view.dry_run,
        number=view.attempt,
        slot=format_range(view.start, view.end, team_zone),
        asked_at=short_time(view.created_at, team_zone, now),
        asked_iso=view.created_at.isoformat(),
        requested_by=view.requested_by,
        checks=checks,
        checks_summary=summary,
        checks_failed=bool(failed),
        confirmation_id=str(confirmation["id"]) if confirmation.get("id") else None,
        confirmation_href=safe_href(confirmation.get("url")) if isinstance(confirmation.get("url"), str) else None,
        evidence=evidence_links(view.task_id, view.id, view.evidence),
        method=_method_words(view),
        in_progress=state not in TERMINAL,
        reloads=state in WORKING and now - view.updated_at < RELOAD_FOR,
    )  # fmt: skip


def _method_words(view: BookingView) -> str:
    if view.method != "browser":
        return f"through {view.provider_name}'s API"
    if books_generically(spec_by_slug(view.provider)):
        return "on their page, careful generic driver"
    return "on their page, in a browser"


def short_time(moment: datetime, zone: str, now: datetime) -> str:
    """``today 15:14 EST``, ``Sun 6 Dec 15:14 EST``, or with the year when it is not this year's."""
    tz = ZoneInfo(zone)
    local, today = moment.astimezone(tz), now.astimezone(tz).date()
    if local.date() == today:
        return f"today {local:%H:%M} {local.tzname()}"
    if local.year == today.year:
        return f"{local:%a} {local.day} {local:%b %H:%M} {local.tzname()}"
    return format_time(moment, zone)


def state_words(view: BookingView) -> str:
    """``Booked``, ``Blocked: their page no longer offers this time``, ``Outcome unknown — being checked``…"""
    return _words(BookingState(view.state), view.error, view.guardrails, view.provider_name)


def _words(
    state: BookingState, error: Mapping[str, Any] | None, guardrails: Sequence[Any], provider: str
) -> str:
    reason = _reason(error, guardrails)
    return {
        BookingState.REQUESTED: "Waiting to start",
        BookingState.CHECKING: "Checking",
        BookingState.SUBMITTING: f"Sending to {provider}",
        BookingState.BOOKED: "Booked",
        BookingState.PENDING_CONFIRMATION: "Booked, waiting for the lead to confirm",
        BookingState.FAILED: f"Failed: {reason}" if reason else "Failed",
        BookingState.DRY_RUN_PASSED: "Dry run passed: nothing was sent",
        BookingState.BLOCKED: f"Blocked: {reason}" if reason else "Blocked",
        BookingState.OUTCOME_UNKNOWN: "Outcome unknown — being checked",
        BookingState.NEEDS_REVIEW: f"Needs review: {reason}" if reason else "Needs review",
    }[state]


def _reason(error: Mapping[str, Any] | None, guardrails: Sequence[Any]) -> str:
    if error and error.get("message"):
        return str(error["message"])
    failed = [g for g in guardrails if isinstance(g, Mapping) and not g.get("passed")]
    return str(failed[0].get("detail") or "") if failed else ""


def _tone(state: BookingState) -> str:
    if state in BACK_FOR_REVIEW:
        return "bad"
    return "busy" if state not in TERMINAL else "ok"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def evidence_links(
    task_id: uuid.UUID, booking_id: uuid.UUID, pieces: Iterable[EvidencePiece]
) -> list[EvidenceLink]:
    """Download links, named by kind and numbered when a kind comes more than once."""
    pieces = list(pieces)
    totals: dict[str, int] = {}
    for piece in pieces:
        totals[piece.kind] = totals.get(piece.kind, 0) + 1
    seen: dict[str, int] = {}
    links = []
    for piece in pieces:
        seen[piece.kind] = seen.get(piece.kind, 0) + 1
        name = _PIECE_NAMES.get(piece.kind) or (
            _KIND.sub(" ", piece.kind.lower()).replace("_", " ").strip().capitalize() or "Piece"
        )
        if totals[piece.kind] > 1 or piece.kind == "provider_exchange":
            name = f"{name} {seen[piece.kind]}"
        href = f"/booking/tasks/{task_id}/bookings/{booking_id}/evidence/{piece.sha256}"
        links.append(EvidenceLink(href, name, format_size(piece.size), image=piece.media_type == "image/png"))
    # Screenshots in the order the run took them: the time chosen, the form, then what came of it.
    return sorted(links, key=lambda link: (not link.image, _SHOT_ORDER.get(link.label, 9)))


_PIECE_NAMES = {
    "attempt": "Attempt summary",
    "provider_exchange": "Exchange",
    "page_run": "Page steps",
    "playwright_trace": "Browser trace",
    "screenshot_slot": "The time chosen",
    "screenshot_form": "The filled form",
    "screenshot_confirmation": "The confirmation",
    "screenshot_after_submit": "After the submit",
    "screenshot_obstacle": "Where it stopped",
}
_SHOT_ORDER = {
    "The time chosen": 0,
    "The filled form": 1,
    "The confirmation": 2,
    "After the submit": 2,
    "Where it stopped": 3,
}


def format_size(size: int) -> str:
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def booking_controls(
    *,
    provider: str,
    task_status: str,
    settings: AutomationSettings,
    operator_allows: bool,
    attempts: Sequence[BookingView],
) -> BookingControls:
    """Book when the provider's mode lets a person book, Dry run when it is not off; only on open tasks of
    providers a booking can reach, and not while an attempt is running (the page says so instead). Book
    also waits while a real attempt holds the lead, since it would be refused. When automation is off for
    the provider nothing is added: the manual flow is the whole page."""
    mode = settings.mode_for(provider)
    if task_status != "open" or provider not in BOOKABLE or mode is Mode.OFF:
        return BookingControls()
    if not operator_allows:
        return BookingControls(note="Automatic booking is turned off on this server; book by hand.")
    if settings.kill_switch:
        return BookingControls(note="The kill switch is on: nothing is booked automatically; book by hand.")
    if any(BookingState(a.state) not in TERMINAL for a in attempts):
        return BookingControls(automated=True)
    held = any(not a.dry_run and BookingState(a.state) in LIVE for a in attempts)
    book = allows(mode, dry_run=False, by_person=True) and not held
    return BookingControls(automated=True, book=book, dry_run=True)


@dataclass(frozen=True, slots=True)
class QueueLine:
    text: str
    tone: str


def queue_lines(
    db: Database, workspace_id: uuid.UUID, task_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, QueueLine]:
    """One short line per task whose newest attempt is still running or ended back in a person's hands."""
    lines: dict[uuid.UUID, QueueLine] = {}
    for row in newest_by_task(db, workspace_id, task_ids).values():
        state = BookingState(row.state)
        if state in TERMINAL and state not in BACK_FOR_REVIEW:
            continue
        words = (
            "in progress"
            if state in WORKING
            else _lower_first(_words(state, row.error, row.guardrails or [], provider_name(row.provider)))
        )
        text = f"{'Dry run' if row.dry_run else 'Booking'} {words}"
        if len(text) > QUEUE_LINE_LIMIT:
            text = text[: QUEUE_LINE_LIMIT - 1] + "…"
        lines[row.task_id] = QueueLine(text, _tone(state))
    return lines
