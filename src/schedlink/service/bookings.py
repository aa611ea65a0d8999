"""Asking for a booking, and reading bookings back.

A request is idempotent: ``(workspace, task, start, dry_run)`` finds the attempt already made, and only
an attempt that ended without sending anything (blocked, failed) makes room for a new one. Everything
that can be refused without work is refused here with ``Conflict`` (409): automation off for the provider,
the kill switch, the operator's switch, a closed task, a lead that already has a live booking. What
passes becomes a ``requested`` booking, a reservation of the team's time (real attempts only) and a job,
in one transaction that takes the locks in the documented order: lead, task, booking, reservation.

The database has the last word: a partial unique index allows one live booking per lead, and on
PostgreSQL an exclusion constraint refuses overlapping reservations (on SQLite, whose writers are
serialised, the overlap is checked inside the same transaction).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schedlink.config import OperatorConfig
from schedlink.domain.availability.rules import SchedulingRules
from schedlink.domain.booking import guardrails
from schedlink.domain.booking.automation import AutomationSettings, Mode
from schedlink.domain.booking.page import PageRecipe
from schedlink.domain.booking.states import LIVE, RETRYABLE_ENDS, TERMINAL, BookingState
from schedlink.domain.providers import classify_url, generic_page, provider_name, spec_by_slug
from schedlink.domain.providers.base import ProviderSpec
from schedlink.service import audit, jobs
from schedlink.service.context import BROWSER_LANE, DEFAULT_LANE
from schedlink.service.errors import Conflict, InvalidRequest, NotFound
from schedlink.service.evidence import EvidenceStore
from schedlink.service.locking import lock_task
from schedlink.service.tenancy import owned, owned_or_none
from schedlink.store.db import Database
from schedlink.store.models import BookingRow, EvidenceRow, ReservationRow, ReviewTaskRow, WorkspaceRow
from schedlink.store.retry import retrying

log = logging.getLogger(__name__)
BOOKING_JOB = "booking.run"
BROWSER_BOOKING_JOB = "booking.browser"  # the same handler, on the browser lane
RECONCILE_JOB = "booking.reconcile"
MAX_PAGE = 200


class BookingRefused(Conflict):
    """A guardrail refused before any work; ``reason`` is the guardrail's name."""

    code = "booking_refused"

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class EvidencePiece:
    kind: str
    sha256: str
    size: int
    media_type: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class BookingView:
    """A booking as pages, the API and the command line show it (never the row itself)."""

    id: uuid.UUID
    task_id: uuid.UUID
    lead_id: uuid.UUID
    provider: str
    link: str
    start: datetime
    end: datetime
    state: str
    method: str
    dry_run: bool
    attempt: int
    requested_by: str
    guardrails: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    confirmation: dict[str, Any] | None
    evidence: list[EvidencePiece]
    error: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime

    @property
    def terminal(self) -> bool:
        return BookingState(self.state) in TERMINAL

    @property
    def provider_name(self) -> str:
        return provider_name(self.provider)

    def to_json(self) -> dict[str, Any]:
        """The booking as the API and the command line give it (the public contract)."""
        return {
            "id": str(self.id),
            "task_id": str(self.task_id),
            "lead_id": str(self.lead_id),
            "provider": self.provider,
            "link": self.link,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "state": self.state,
            "method": self.method,
            "dry_run": self.dry_run,
            "attempt": self.attempt,
            "guardrails": self.guardrails,
            "confirmation": self.confirmation,
            "evidence": [
                {"kind": e.kind, "sha256": e.sha256, "size": e.size, "created_at": e.created_at.isoformat()}
                for e in self.evidence
            ],
            "error": self.error,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class Requested:
    booking: BookingView
    created: bool  # False: the same request was made before, and this is its booking


def request_booking(
    db: Database,
    workspace_id: uuid.UUID,
    task_id: uuid.UUID,
    start: datetime,
    *,
    dry_run: bool,
    actor: str,
    config: OperatorConfig,
    by_person: bool = True,
) -> Requested:
    """Ask for ``start`` to be booked on the task's link (see the module docstring)."""
    if start.tzinfo is None or start.utcoffset() is None:
        raise InvalidRequest("start: give a time with its UTC offset")
    for _ in range(4):
        try:
            booking_id, created, job_id, lane = retrying(
                lambda: _request_once(db, workspace_id, task_id, start, dry_run, actor, config, by_person)
            )
        except IntegrityError:
            continue  # the same request, or another booking of this lead, committed first: look again
        if job_id is not None:
            jobs.dispatch(db, job_id, lane=lane)
        return Requested(get_booking(db, workspace_id, booking_id), created)
    raise Conflict("the task was changed by other requests at the same time; ask again")


def _request_once(
    db: Database,
    workspace_id: uuid.UUID,
    task_id: uuid.UUID,
    start: datetime,
    dry_run: bool,
    actor: str,
    config: OperatorConfig,
    by_person: bool,
) -> tuple[uuid.UUID, bool, uuid.UUID | None, str]:
    with db.write() as session:
        locked = lock_task(session, workspace_id, task_id)
        task, lead = locked.task, locked.lead
        previous = session.scalars(
            select(BookingRow)
            .where(
                BookingRow.workspace_id == workspace_id,
                BookingRow.task_id == task_id,
                BookingRow.start == start,
                BookingRow.dry_run == dry_run,
            )
            .order_by(BookingRow.attempt.desc())
            .limit(1)
        ).first()
        if previous is not None and BookingState(previous.state) not in RETRYABLE_ENDS:
            return previous.id, False, None, DEFAULT_LANE
        workspace = session.get(WorkspaceRow, workspace_id)
        assert workspace is not None
        settings = AutomationSettings.from_json(workspace.automation)
        switch = guardrails.automation_on(
            settings,
            task.provider,
            operator_off=not config.automation_allowed,
            dry_run=dry_run,
            name=provider_name(task.provider),
            by_person=by_person,
        )
        if not switch.passed:
            raise BookingRefused(switch.name, switch.detail)
        spec = spec_by_slug(task.provider)
        method = booking_method(spec)
        refused = page_refusal(spec, task.link) if method == "browser" else None
        if refused:
            raise BookingRefused("no_booking_path", refused)
        if method is None:
            raise BookingRefused(
                "no_booking_path",
                f"{provider_name(task.provider)} pages cannot be booked automatically yet; book by hand",
            )
        identity = workspace.booking_identity or {}
        if not identity.get("name") or not identity.get("email"):
            raise BookingRefused(
                "booking_identity",
                "set the name and email bookings are made under (Settings, Team) before booking",
            )
        other = None if dry_run else live_booking_of_lead(session, lead.id)
        booked = guardrails.lead_not_booked(task_status=task.status, other_live_booking=other)
        if not booked.passed:
            raise BookingRefused(booked.name, booked.detail)
        checks = [switch, booked]
        if books_generically(spec):  # an automatic attempt is blocked here, before any page is opened
            checks.insert(1, guardrails.person_presses_book(by_person=by_person, dry_run=dry_run))
        stopped = next((check for check in checks if not check.passed), None)
        rules = SchedulingRules.from_json(workspace.scheduling)
        end = start + timedelta(minutes=rules.meeting_minutes)
        now = jobs.now()
        booking = BookingRow(
            id=uuid.uuid4(),
            workspace_id=workspace_id,
            task_id=task_id,
            lead_id=lead.id,
            provider=task.provider,
            link=task.link,
            start=start,
            end=end,
            dry_run=dry_run,
            attempt=(previous.attempt + 1) if previous is not None else 1,
            method=method,
            state=BookingState.REQUESTED.value,
            requested_by=actor[:200],
            guardrails=[check.to_json(now) for check in checks],
            steps=[{"step": "requested", "at": now.isoformat(), "by": actor[:200]}],
            created_at=now,
            updated_at=now,
        )
        session.add(booking)
        session.flush()  # the unique indexes speak now, inside this transaction
        if stopped is not None:
            booking.state = BookingState.BLOCKED.value
            booking.error = {"code": stopped.name, "message": stopped.detail}
            booking.steps = [*booking.steps, {"step": "blocked", "at": now.isoformat()}]
        elif not dry_run and not reserve(session, booking):
            held = guardrails.GuardrailResult(
                guardrails.TEAM_FREE, False, "another booking of the team holds this time"
            )
            booking.state = BookingState.BLOCKED.value
            booking.guardrails = [*booking.guardrails, held.to_json(now)]
            booking.error = {"code": held.name, "message": held.detail}
            booking.steps = [*booking.steps, {"step": "blocked", "at": now.isoformat()}]
        job_id = None
        if booking.state == BookingState.REQUESTED:
            kind = BROWSER_BOOKING_JOB if method == "browser" else BOOKING_JOB
            job_id = jobs.request_job(session.connection(), workspace_id, kind, str(booking.id), at=now)
        audit.record(
            session,
            workspace_id,
            actor=actor,
            action="booking.dry_run_requested" if dry_run else "booking.requested",
            object_type="task",
            object_id=task_id,
            booking_id=str(booking.id),
            start=start.isoformat(),
            state=booking.state,
        )
        return booking.id, True, job_id, method_lane(spec)


def booking_method(spec: ProviderSpec | None) -> str | None:
    """How a provider's pages are booked: its public API where it has one, else its page in a browser."""
    if spec is None:
        return None
    if spec.book_by_api is not None:
        return "api"
    if page_recipe(spec) is not None:
        return "browser"
    return None


def books_generically(spec: ProviderSpec | None) -> bool:
    """Whether the careful generic driver books this provider's pages: it has neither a public booking API
    nor a recipe of its own, and its links are pages an invitee books on (not polls, not a mixed table)."""
    return spec is not None and spec.book_by_api is None and spec.book_in_page is None and spec.invitee_books


def page_recipe(spec: ProviderSpec | None, link: str | None = None) -> PageRecipe | None:
    """Which recipe books this provider's pages in a browser: its own, else the careful generic one (made
    strict for ``link``'s host when given: see ``generic_page.on_its_own``); None when none does."""
    if spec is None:
        return None
    if spec.book_in_page is not None:
        return spec.book_in_page
    if not books_generically(spec):
        return None
    if link is None:
        return generic_page.RECIPE
    recognition = classify_url(link)
    return generic_page.on_its_own(urlsplit(recognition.url or link).hostname or "", spec.hosts, spec.domains)


def page_refusal(spec: ProviderSpec | None, link: str) -> str | None:
    """Why this link cannot be booked on its page at all (known from the link alone), or None."""
    recipe = page_recipe(spec)
    if recipe is None or recipe.unbookable is None:
        return None
    return recipe.unbookable(classify_url(link))


def method_lane(spec: ProviderSpec | None) -> str:
    return BROWSER_LANE if booking_method(spec) == "browser" else DEFAULT_LANE


def reserve(session: Session, booking: BookingRow) -> bool:
    """Hold the booking's time for the team; ``False`` when another live booking holds any of it."""
    overlapping = session.scalar(
        select(func.count())
        .select_from(ReservationRow)
        .where(
            ReservationRow.workspace_id == booking.workspace_id,
            ReservationRow.starts_at < booking.end,
            ReservationRow.ends_at > booking.start,
        )
    )
    if overlapping:
        return False
    try:
        with session.begin_nested():  # on PostgreSQL the exclusion constraint has the last word
            session.add(
                ReservationRow(
                    workspace_id=booking.workspace_id,
                    booking_id=booking.id,
                    starts_at=booking.start,
                    ends_at=booking.end,
                )
            )
    except IntegrityError:
        return False
    return True


def release(session: Session, booking_id: uuid.UUID) -> None:
    """Give the time back (a blocked, failed or dry-run attempt holds none)."""
    reservation = session.scalar(select(ReservationRow).where(ReservationRow.booking_id == booking_id))
    if reservation is not None:
        session.delete(reservation)


def live_booking_of_lead(
    session: Session, lead_id: uuid.UUID, *, other_than: uuid.UUID | None = None
) -> str | None:
    """A short description of the lead's live booking, or ``None``."""
    conditions = [
        BookingRow.lead_id == lead_id,
        BookingRow.dry_run.is_(False),
        BookingRow.state.in_([state.value for state in LIVE]),
    ]
    if other_than is not None:
        conditions.append(BookingRow.id != other_than)
    row = session.execute(
        select(BookingRow.id, BookingRow.state, BookingRow.start).where(and_(*conditions))
    ).first()
    if row is None:
        return None
    return f"{row.state} at {row.start.isoformat()}, booking {row.id}"


def reserved_time(
    session: Session, workspace_id: uuid.UUID, *, other_than: uuid.UUID | None = None
) -> list[tuple[datetime, datetime]]:
    """The team's time held by live bookings (busy for suggestions and for other bookings)."""
    statement = select(ReservationRow.starts_at, ReservationRow.ends_at).where(
        ReservationRow.workspace_id == workspace_id
    )
    if other_than is not None:
        statement = statement.where(ReservationRow.booking_id != other_than)
    return [(row.starts_at, row.ends_at) for row in session.execute(statement)]


def get_booking(db: Database, workspace_id: uuid.UUID, booking_id: uuid.UUID) -> BookingView:
    with db.read() as session:
        row = owned(session, BookingRow, booking_id, workspace_id, "booking")
        return _view(row, _evidence(session, [row.id]).get(row.id, []))


def list_bookings(
    db: Database,
    workspace_id: uuid.UUID,
    *,
    task_id: uuid.UUID | None = None,
    state: str | None = None,
    limit: int = 50,
) -> list[BookingView]:
    if state is not None and state not in {s.value for s in BookingState}:
        raise InvalidRequest(f"state: one of {', '.join(s.value for s in BookingState)}")
    conditions = [BookingRow.workspace_id == workspace_id]
    if task_id is not None:
        conditions.append(BookingRow.task_id == task_id)
    if state is not None:
        conditions.append(BookingRow.state == state)
    with db.read() as session:
        rows = list(
            session.scalars(
                select(BookingRow)
                .where(*conditions)
                .order_by(BookingRow.created_at.desc(), BookingRow.id)
                .limit(max(1, min(limit, MAX_PAGE)))
            )
        )
        pieces = _evidence(session, [row.id for row in rows])
        return [_view(row, pieces.get(row.id, [])) for row in rows]


def evidence_piece(
    db: Database, workspace_id: uuid.UUID, booking_id: uuid.UUID, sha256: str
) -> EvidencePiece:
    """The piece's record, if it belongs to this workspace's booking (the bytes come from the store)."""
    with db.read() as session:
        row = session.scalar(
            select(EvidenceRow).where(
                EvidenceRow.workspace_id == workspace_id,
                EvidenceRow.booking_id == booking_id,
                EvidenceRow.sha256 == sha256,
            )
        )
        if row is None:
            raise NotFound(f"no evidence {sha256[:16]}… on booking {booking_id}")
        return EvidencePiece(row.kind, row.sha256, row.size, row.media_type, row.created_at)


def _evidence(session: Session, booking_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[EvidencePiece]]:
    if not booking_ids:
        return {}
    found: dict[uuid.UUID, list[EvidencePiece]] = {}
    for row in session.scalars(
        select(EvidenceRow).where(EvidenceRow.booking_id.in_(booking_ids)).order_by(EvidenceRow.created_at)
    ):
        found.setdefault(row.booking_id, []).append(
            EvidencePiece(row.kind, row.sha256, row.size, row.media_type, row.created_at)
        )
    return found


def _view(row: BookingRow, evidence: list[EvidencePiece]) -> BookingView:
    return BookingView(
        id=row.id,
        task_id=row.task_id,
        lead_id=row.lead_id,
        provider=row.provider,
        link=row.link,
        start=row.start,
        end=row.end,
        state=row.state,
        method=row.method,
        dry_run=row.dry_run,
        attempt=row.attempt,
        requested_by=row.requested_by,
        guardrails=list(row.guardrails or []),
        steps=list(row.steps or []),
        confirmation=row.confirmation,
        evidence=evidence,
        error=row.error,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def prune_evidence(db: Database, config: OperatorConfig, *, before: datetime) -> dict[str, int]:
    """Forget the evidence of attempts that ended before ``before`` (live ones keep theirs), and delete
    the files no remaining piece refers to."""
    store = EvidenceStore(config.data_dir)
    ended = [state.value for state in TERMINAL]
    with db.write() as session:
        old = list(
            session.scalars(
                select(EvidenceRow).where(
                    EvidenceRow.created_at < before,
                    EvidenceRow.booking_id.in_(
                        select(BookingRow.id).where(
                            BookingRow.state.in_(ended), BookingRow.updated_at < before
                        )
                    ),
                )
            )
        )
        hashes = {row.sha256 for row in old}
        for row in old:
            session.delete(row)
        session.flush()
        kept = (
            set(session.scalars(select(EvidenceRow.sha256).where(EvidenceRow.sha256.in_(hashes))))
            if hashes
            else set()
        )
    for sha256 in hashes - kept:
        store.delete(sha256)
    return {"pieces_removed": len(old), "files_removed": len(hashes - kept)}


AUTO_ACTOR = "schedlink (auto)"


def book_automatically(
    db: Database, workspace_id: uuid.UUID, task_id: uuid.UUID, config: OperatorConfig
) -> BookingView | None:
    """In ``auto`` mode, book the task's best suggested time without a person — once per request of the
    lead (a blocked or failed automatic attempt waits for a person, it is not tried again and again).
    Returns the booking asked for, or ``None`` when nothing was (mode, no suggestion, already tried)."""
    with db.read() as session:
        task = owned_or_none(session, ReviewTaskRow, task_id, workspace_id)
        workspace = session.get(WorkspaceRow, workspace_id)
        if task is None or workspace is None or task.status != "open":
            return None
        if AutomationSettings.from_json(workspace.automation).mode_for(task.provider) is not Mode.AUTO:
            return None
        if not task.suggested_slots:
            return None
        tried = session.scalar(
            select(func.count())
            .select_from(BookingRow)
            .where(
                BookingRow.task_id == task_id,
                BookingRow.requested_by == AUTO_ACTOR,
                BookingRow.created_at >= task.request_at,
            )
        )
        best = datetime.fromisoformat(str(task.suggested_slots[0]["start"]))
    if tried:
        return None
    try:
        made = request_booking(
            db, workspace_id, task_id, best, dry_run=False, actor=AUTO_ACTOR, config=config, by_person=False
        )
    except (BookingRefused, Conflict, NotFound) as refused:
        log.info("no automatic booking for task %s: %s", task_id, refused)
        return None
    return made.booking


@dataclass(frozen=True, slots=True)
class NewestAttempt:
    """The newest attempt of a task, as the review queue summarises it."""

    task_id: uuid.UUID
    state: str
    dry_run: bool
    error: dict[str, Any] | None
    guardrails: list[dict[str, Any]]
    provider: str


def newest_by_task(
    db: Database, workspace_id: uuid.UUID, task_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, NewestAttempt]:
    """Each task's newest attempt, in one read for a page of tasks."""
    if not task_ids:
        return {}
    with db.read() as session:
        rows = session.execute(
            select(
                BookingRow.task_id, BookingRow.state, BookingRow.dry_run, BookingRow.error,
                BookingRow.guardrails, BookingRow.provider,
            )
            .where(BookingRow.workspace_id == workspace_id, BookingRow.task_id.in_(list(task_ids)))
            .order_by(BookingRow.created_at.desc(), BookingRow.attempt.desc())
        ).all()  # fmt: skip
    newest: dict[uuid.UUID, NewestAttempt] = {}
    for row in rows:
        if row.task_id not in newest:
            newest[row.task_id] = NewestAttempt(
                row.task_id, row.state, row.dry_run, row.error, list(row.guardrails or []), row.provider
            )
    return newest
