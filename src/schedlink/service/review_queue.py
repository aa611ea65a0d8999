"""The Booking tab's review queue: a page of tasks with their leads, filtered and searched by lead.

Separate from ``records.list_tasks`` (the API's listing) because the queue also needs each task's lead
in the same read and a search over lead names and addresses.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from schedlink.domain.review import CAMPAIGN
from schedlink.service.read_models import EventRecord, LeadRecord, TaskRecord, record_of
from schedlink.service.records import MAX_PAGE, TaskStatus
from schedlink.store.db import Database
from schedlink.store.models import AuditEventRow, LeadRow, ReviewTaskRow

MAX_SEARCH = 200


@dataclass(frozen=True, slots=True)
class QueueQuery:
    status: TaskStatus | None = TaskStatus.OPEN
    provider: str | None = None
    search: str | None = None
    limit: int = 20
    offset: int = 0


@dataclass(frozen=True, slots=True)
class QueueEntry:
    task: TaskRecord
    lead: LeadRecord
    # The lead's newest reply when it asked for no booking ("never mind…"): whoever books must see it.
    later_reply: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class QueuePage:
    entries: list[QueueEntry]
    total: int
    # Every provider the workspace has tasks for, whatever the filters: the choices of the provider filter.
    providers: list[str]


def list_queue(db: Database, workspace_id: uuid.UUID, query: QueueQuery) -> QueuePage:
    """One page of the workspace's ``lead_scheduler_link`` tasks, newest activity first."""
    conditions = [ReviewTaskRow.workspace_id == workspace_id, ReviewTaskRow.campaign_name == CAMPAIGN]
    if query.status is not None:
        conditions.append(ReviewTaskRow.status == query.status.value)
    if query.provider:
        conditions.append(ReviewTaskRow.provider == query.provider)
    needle = (query.search or "").strip()[:MAX_SEARCH].lower()
    if needle:
        pattern = "%" + _escape_like(needle) + "%"
        conditions.append(
            or_(
                func.lower(LeadRow.name).like(pattern, escape="\\"),
                func.lower(LeadRow.email).like(pattern, escape="\\"),
            )
        )
    joined = select(ReviewTaskRow, LeadRow).join(LeadRow, LeadRow.id == ReviewTaskRow.lead_id)
    counted = (
        select(func.count()).select_from(ReviewTaskRow).join(LeadRow, LeadRow.id == ReviewTaskRow.lead_id)
    )
    with db.read() as session:
        total = session.scalar(counted.where(*conditions)) or 0
        rows = session.execute(
            joined.where(*conditions)
            .order_by(ReviewTaskRow.updated_at.desc(), ReviewTaskRow.id)
            .limit(max(1, min(query.limit, MAX_PAGE)))
            .offset(max(0, query.offset))
        ).all()
        providers = session.scalars(
            select(ReviewTaskRow.provider)
            .where(ReviewTaskRow.workspace_id == workspace_id, ReviewTaskRow.campaign_name == CAMPAIGN)
            .distinct()
            .order_by(ReviewTaskRow.provider)
        )
        replies = _later_replies(session, workspace_id, [task.id for task, _ in rows])
        entries = [
            QueueEntry(record_of(TaskRecord, task), record_of(LeadRecord, lead), replies.get(str(task.id)))
            for task, lead in rows
        ]
        return QueuePage(entries, total, list(providers))


_REQUEST_EVENTS = ("task.created", "task.updated", "task.lead_replied")


def later_reply(events: Sequence[AuditEventRow | EventRecord]) -> dict[str, Any] | None:
    """The details of the task's newest event when it is a reply that asked for no booking."""
    requests = [event for event in events if event.action in _REQUEST_EVENTS]
    if not requests or requests[-1].action != "task.lead_replied":
        return None
    return dict(requests[-1].details)


def _later_replies(
    session: Session, workspace_id: uuid.UUID, task_ids: list[uuid.UUID]
) -> dict[str, dict[str, Any]]:
    if not task_ids:
        return {}
    events = session.scalars(
        select(AuditEventRow)
        .where(
            AuditEventRow.workspace_id == workspace_id,
            AuditEventRow.object_type == "task",
            AuditEventRow.object_id.in_([str(task_id) for task_id in task_ids]),
            AuditEventRow.action.in_(_REQUEST_EVENTS),
        )
        .order_by(AuditEventRow.id)
    )
    by_task: dict[str, list[AuditEventRow]] = {}
    for event in events:
        by_task.setdefault(event.object_id, []).append(event)
    found = {task_id: later_reply(history) for task_id, history in by_task.items()}
    return {task_id: details for task_id, details in found.items() if details is not None}


def count_open(db: Database, workspace_id: uuid.UUID) -> int:
    """How many review tasks wait for a person (the Notices menu's count)."""
    with db.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(ReviewTaskRow)
                .where(
                    ReviewTaskRow.workspace_id == workspace_id,
                    ReviewTaskRow.campaign_name == CAMPAIGN,
                    ReviewTaskRow.status == TaskStatus.OPEN.value,
                )
            )
            or 0
        )


def _escape_like(text: str) -> str:
    """The text matched literally by LIKE: its own ``%`` and ``_`` are not wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
