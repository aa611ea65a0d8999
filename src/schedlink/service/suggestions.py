"""Suggested times on a review task: the lead's availability ∩ the team's, computed in a background job.

The lead's side comes from the free slots their scheduler offers (read through the guarded fetcher,
where the provider allows it without the owner's credentials), else from the windows they wrote in
words. The team's side is working hours minus the cached busy time of its calendars; stale calendars are
read first, since this already runs in the background. The result replaces the task's suggestions, so
running the job twice is harmless.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from schedlink.domain.availability.intervals import Interval
from schedlink.domain.availability.rules import SchedulingRules, parse_working_hours
from schedlink.domain.availability.suggest import SuggestionResult, suggest
from schedlink.domain.availability.team import team_free
from schedlink.domain.providers import booking_url_for, classify_url, provider_name, spec_by_slug
from schedlink.domain.review import no_common_time_fallback, review_content
from schedlink.domain.slots import Invitee, SlotQuery, SlotReadError
from schedlink.net.fetcher import FetchFailed, FetchRefused
from schedlink.net.lead_pages import NoSlotReader, read_offered_slots
from schedlink.service import audit, bookings, jobs, team_calendars
from schedlink.service.context import JobContext
from schedlink.service.errors import Conflict, NotFound
from schedlink.service.locking import lock_task
from schedlink.service.tenancy import owned_or_none
from schedlink.service.workspaces import DEFAULT_WORKING_HOURS, team_link
from schedlink.store.db import Database
from schedlink.store.models import LeadRow, ReviewTaskRow, WorkspaceRow
from schedlink.store.retry import retrying

SUGGESTIONS_JOB = jobs.SUGGESTIONS_JOB


class LeadSlotsUnavailable(jobs.RetryLater):
    """Reading the lead's page failed for a reason that may pass (timeout, outage): worth a retry."""


@dataclass(frozen=True, slots=True)
class _Inputs:
    zone: str
    working_hours: dict[str, list[list[str]]]
    rules: SchedulingRules
    identity: Invitee
    link: str
    lead_zone: str | None
    lead_windows: list[Interval]


@dataclass(frozen=True, slots=True)
class _LeadSide:
    slots: list[tuple[datetime, datetime | None]] | None
    note: str | None
    transient: bool = False


def request_refresh(db: Database, workspace_id: uuid.UUID, task_id: uuid.UUID, *, actor: str) -> None:
    """Ask for the task's suggestions to be computed again (an open task only)."""

    def work() -> uuid.UUID:
        with db.write() as session:
            task = lock_task(session, workspace_id, task_id).task
            if task.status != "open":
                raise Conflict(f"task {task_id} is {task.status}; only open tasks get suggestions")
            task.suggestions_state = "waiting"
            job_id = jobs.request_job(session.connection(), workspace_id, SUGGESTIONS_JOB, str(task_id))
            audit.record(
                session,
                workspace_id,
                actor=actor,
                action="task.suggestions_requested",
                object_type="task",
                object_id=task_id,
            )
        return job_id

    jobs.dispatch(db, retrying(work))


def compute_for_task(
    db: Database,
    workspace_id: uuid.UUID,
    task_id: uuid.UUID,
    context: JobContext,
    *,
    at: datetime | None = None,
) -> SuggestionResult | None:
    """Compute and store the task's suggestions now; ``None`` when the task is gone or closed."""
    when = at or jobs.now()
    inputs = _inputs(db, workspace_id, task_id)
    if inputs is None:
        return None
    for calendar in team_calendars.list_calendars(db, workspace_id):
        if team_calendars.is_stale(calendar, when):
            team_calendars.refresh_calendar(db, workspace_id, calendar.id, context, at=when)
    team = team_calendars.cached_busy(db, workspace_id)
    with db.read() as session:  # time other bookings hold is busy at once, before any calendar shows it
        held = [Interval(start, end) for start, end in bookings.reserved_time(session, workspace_id)]
    free = team_free(
        zone=inputs.zone,
        working_hours=parse_working_hours(inputs.working_hours),
        rules=inputs.rules,
        busy=[*team.busy, *held],
        now=when,
    )
    lead = _lead_side(inputs, when, context)
    recognition = classify_url(inputs.link)
    result = suggest(
        team_free=free,
        rules=inputs.rules,
        team_zone=inputs.zone,
        now=when,
        lead_slots=lead.slots,
        lead_windows=inputs.lead_windows or None,
        lead_zone=inputs.lead_zone,
        booking_url=lambda start: booking_url_for(recognition, start, inputs.identity),
    )
    note = " ".join(part for part in (lead.note, result.note, *team.warnings) if part)
    # Only when we know when the lead is free can we say that none of it suits us.
    lead_known = lead.slots is not None or bool(inputs.lead_windows)
    _store(db, workspace_id, task_id, result, note, when, no_common_time=lead_known and not result.overlap)
    if result.slots:  # in ``auto`` mode the best time is booked now, through every guardrail
        bookings.book_automatically(db, workspace_id, task_id, context.config)
    if lead.transient:
        raise LeadSlotsUnavailable(lead.note or "the lead's page could not be read")
    return result


def refresh_all_open(
    db: Database, workspace_id: uuid.UUID, context: JobContext | None = None, *, at: datetime | None = None
) -> int:
    """Compute suggestions for every open task of the workspace now (the demo and the CLI use this)."""
    with db.read() as session:
        task_ids = list(
            session.scalars(
                select(ReviewTaskRow.id).where(
                    ReviewTaskRow.workspace_id == workspace_id, ReviewTaskRow.status == "open"
                )
            )
        )
    own = context is None
    context = context or JobContext()
    try:
        for task_id in task_ids:
            # A page that could not be read is noted on the task; a background refresh may do better later.
            with contextlib.suppress(LeadSlotsUnavailable):
                compute_for_task(db, workspace_id, task_id, context, at=at)
    finally:
        if own:
            context.close()
    return len(task_ids)


def run_suggestions_job(db: Database, job: jobs.ClaimedJob, context: JobContext) -> None:
    compute_for_task(db, job.workspace_id, uuid.UUID(job.key), context)


def mark_failed(db: Database, job: jobs.ClaimedJob, error: str) -> None:
    """After the last attempt: keep any suggestions already stored, but say what went wrong."""

    def work() -> None:
        with db.write() as session:
            try:
                task = lock_task(session, job.workspace_id, uuid.UUID(job.key)).task
            except NotFound:
                return
            if not task.suggested_slots:
                task.suggestions_state = "failed"
            task.suggestions_note = f"Suggestions could not be completed: {error}"[:2000]

    retrying(work)


def _inputs(db: Database, workspace_id: uuid.UUID, task_id: uuid.UUID) -> _Inputs | None:
    with db.read() as session:
        task = owned_or_none(session, ReviewTaskRow, task_id, workspace_id)
        if task is None or task.status != "open":
            return None
        workspace = session.get(WorkspaceRow, workspace_id)
        assert workspace is not None
        identity = workspace.booking_identity or {}
        windows = []
        for window in task.lead_windows or []:
            try:
                windows.append(Interval.from_json(window))
            except ValueError:
                continue  # a window the analysis could not pin down is not availability
        return _Inputs(
            zone=workspace.timezone,
            working_hours=workspace.working_hours or DEFAULT_WORKING_HOURS,
            rules=SchedulingRules.from_json(workspace.scheduling),
            identity=Invitee(identity.get("name"), identity.get("email"), workspace.timezone),
            link=task.link,
            lead_zone=task.lead_timezone,
            lead_windows=windows,
        )


def _lead_side(inputs: _Inputs, when: datetime, context: JobContext) -> _LeadSide:
    """The slots the lead's page offers, or why we go by their words (or know nothing) instead."""
    if not context.may_read_page(inputs.link):
        return _LeadSide(None, "Reading leads' pages is turned off on this server.")
    horizon = when + timedelta(days=inputs.rules.days_ahead)
    query = SlotQuery(when, horizon, inputs.lead_zone or inputs.zone)
    try:
        offered = read_offered_slots(inputs.link, query, context.fetcher)
    except NoSlotReader as reason:
        return _LeadSide(None, f"{reason}.".replace("..", "."))
    except (SlotReadError, FetchRefused) as reason:
        return _LeadSide(None, f"Their page could not be read: {reason}.")
    except FetchFailed as reason:
        return _LeadSide(None, f"Their page could not be read just now: {reason}.", transient=True)
    spec = spec_by_slug(classify_url(inputs.link).provider or "")
    name = spec.name if spec else "scheduler"
    if not offered:
        return _LeadSide(
            [], f"Their {name} page offers no free time in the next {inputs.rules.days_ahead} days."
        )
    return _LeadSide(
        [(slot.start, slot.end) for slot in offered],
        f"Read {len(offered)} free slots from their {name} page.",
    )


def _fallback(session: Session, task: ReviewTaskRow, result: SuggestionResult, no_common_time: bool) -> str:
    """Usually the standard fallback (ask them to use our link); when nothing the lead offers suits us,
    one that says so and offers our link and our free times."""
    workspace = session.get(WorkspaceRow, task.workspace_id)
    lead = session.get(LeadRow, task.lead_id)
    assert workspace is not None
    assert lead is not None
    link = team_link(workspace)
    if not no_common_time:
        return review_content(
            link=task.link, provider_name=provider_name(task.provider), lead_name=lead.name, team_link=link
        ).fallback
    ours = [_short_time(slot.start, workspace.timezone) for slot in result.slots]
    return no_common_time_fallback(link, ours)


def _short_time(start: datetime, zone: str) -> str:
    local = start.astimezone(ZoneInfo(zone))
    return f"{local:%a %d %b %H:%M} {local.tzname()}"


def _store(
    db: Database,
    workspace_id: uuid.UUID,
    task_id: uuid.UUID,
    result: SuggestionResult,
    note: str,
    when: datetime,
    *,
    no_common_time: bool,
) -> None:
    retrying(
        lambda: _store_once(db, workspace_id, task_id, result, note, when, no_common_time=no_common_time)
    )


def _store_once(
    db: Database,
    workspace_id: uuid.UUID,
    task_id: uuid.UUID,
    result: SuggestionResult,
    note: str,
    when: datetime,
    *,
    no_common_time: bool,
) -> None:
    with db.write() as session:
        try:
            task = lock_task(session, workspace_id, task_id).task
        except NotFound:
            return
        if task.status != "open":
            return
        task.suggested_slots = [slot.to_json() for slot in result.slots]
        task.suggestions_note = note[:2000]
        task.fallback = _fallback(session, task, result, no_common_time)
        task.suggestions_state = "ready"
        task.suggestions_refreshed_at = when
        audit.record(
            session,
            workspace_id,
            actor="worker",
            action="task.suggestions",
            object_type="task",
            object_id=task_id,
            count=len(result.slots),
            overlap=result.overlap,
        )


# Recomputing replaces the stored suggestions, so the default retries are safe.
JOB_KIND = jobs.JobKind(SUGGESTIONS_JOB, run_suggestions_job, give_up=mark_failed)
