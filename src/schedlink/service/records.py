"""Reading and resolving what the inbound service stored: leads, tasks, their history.

Every lookup filters by the caller's workspace, and an object of another workspace is reported exactly
like a missing one, so ids reveal nothing across tenants.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func, select

from schedlink.domain.contacts import normal_email
from schedlink.domain.review import CAMPAIGN
from schedlink.service import audit
from schedlink.service.errors import Conflict, InvalidRequest, NotFound
from schedlink.service.locking import lock_task
from schedlink.service.read_models import EventRecord, LeadRecord, SightingRecord, TaskRecord, record_of
from schedlink.service.tenancy import owned
from schedlink.store.db import Database
from schedlink.store.models import LeadRow, LinkSightingRow, ReviewTaskRow
from schedlink.store.retry import retrying

MAX_PAGE = 200


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DISMISSED = "dismissed"


@dataclass(frozen=True, slots=True)
class TaskView:
    """A task with what its detail page shows."""

    task: TaskRecord
    lead: LeadRecord
    history: list[EventRecord]
    sightings: list[SightingRecord]


@dataclass(frozen=True, slots=True)
class Resolution:
    status: TaskStatus
    by: str
    note: str | None = None
    booked_start: datetime | None = None


def parse_id(value: str, what: str) -> uuid.UUID:
    """An id from a URL or query; a malformed one is simply not found (never a server error)."""
    try:
        return uuid.UUID(value)
    except (ValueError, AttributeError):
        raise NotFound(f"{what} {value!r} not found") from None


def get_lead(db: Database, workspace_id: uuid.UUID, lead_id: uuid.UUID) -> LeadRecord:
    with db.read() as session:
        return record_of(LeadRecord, owned(session, LeadRow, lead_id, workspace_id, "lead"))


def find_leads(
    db: Database, workspace_id: uuid.UUID, *, email: str | None = None, limit: int = 50, offset: int = 0
) -> list[LeadRecord]:
    query = select(LeadRow).where(LeadRow.workspace_id == workspace_id)
    if email is not None:
        address = normal_email(email)
        if address is None:
            return []  # not an address, so no lead has it
        query = query.where(LeadRow.email == address)
    query = query.order_by(LeadRow.created_at.desc(), LeadRow.id).limit(min(limit, MAX_PAGE)).offset(offset)
    with db.read() as session:
        return [record_of(LeadRecord, row) for row in session.scalars(query)]


def list_tasks(
    db: Database,
    workspace_id: uuid.UUID,
    *,
    campaign_name: str | None = CAMPAIGN,
    status: TaskStatus | None = None,
    provider: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[TaskRecord], int]:
    """One page of tasks, newest activity first, and how many match in all."""
    conditions = [ReviewTaskRow.workspace_id == workspace_id]
    if campaign_name:
        conditions.append(ReviewTaskRow.campaign_name == campaign_name)
    if status is not None:
        conditions.append(ReviewTaskRow.status == status.value)
    if provider:
        conditions.append(ReviewTaskRow.provider == provider)
    with db.read() as session:
        total = session.scalar(select(func.count()).select_from(ReviewTaskRow).where(*conditions)) or 0
        rows = session.scalars(
            select(ReviewTaskRow)
            .where(*conditions)
            .order_by(ReviewTaskRow.updated_at.desc(), ReviewTaskRow.id)
            .limit(min(limit, MAX_PAGE))
            .offset(offset)
        )
        return [record_of(TaskRecord, row) for row in rows], total


def get_task(db: Database, workspace_id: uuid.UUID, task_id: uuid.UUID) -> TaskView:
    with db.read() as session:
        task = owned(session, ReviewTaskRow, task_id, workspace_id, "task")
        lead = session.get(LeadRow, task.lead_id)
        assert lead is not None
        sightings = session.scalars(
            select(LinkSightingRow)
            .where(LinkSightingRow.workspace_id == workspace_id, LinkSightingRow.lead_id == lead.id)
            .order_by(LinkSightingRow.seen_at.desc())
            .limit(MAX_PAGE)
        )
        return TaskView(
            record_of(TaskRecord, task),
            record_of(LeadRecord, lead),
            [
                record_of(EventRecord, event)
                for event in audit.history(session, workspace_id, "task", task.id)
            ],
            [record_of(SightingRecord, sighting) for sighting in sightings],
        )


def resolve_task(
    db: Database, workspace_id: uuid.UUID, task_id: uuid.UUID, resolution: Resolution
) -> TaskView:
    """Close an open task as done (booked) or dismissed, recording who, when and why."""
    if resolution.status is TaskStatus.OPEN:
        raise InvalidRequest("status: resolve to done or dismissed")
    if resolution.status is TaskStatus.DONE and resolution.booked_start is None:
        raise InvalidRequest("booked_start: give the time of the meeting that was booked")
    if resolution.status is TaskStatus.DISMISSED and not (resolution.note or "").strip():
        raise InvalidRequest("note: say why the task is dismissed")
    if resolution.booked_start is not None and resolution.booked_start.tzinfo is None:
        raise InvalidRequest("booked_start: give a time with its UTC offset")

    def work() -> None:
        with db.write() as session:
            locked = lock_task(session, workspace_id, task_id)
            lead, task = locked.lead, locked.task
            if task.status != TaskStatus.OPEN:
                raise Conflict(f"task {task_id} is already {task.status}")
            if lead.open_task_id == task.id:
                lead.open_task_id = None
            task.status = resolution.status.value
            task.resolved_at = datetime.now(UTC)
            task.resolved_by = resolution.by[:200]
            task.resolution_note = (resolution.note or "").strip() or None
            task.booked_start = resolution.booked_start
            audit.record(
                session,
                workspace_id,
                actor=resolution.by,
                action=f"task.{resolution.status.value}",
                object_type="task",
                object_id=task.id,
                note=task.resolution_note,
                booked_start=resolution.booked_start.isoformat() if resolution.booked_start else None,
            )

    retrying(work)
    return get_task(db, workspace_id, task_id)
