"""The one order in which every writer locks a lead's rows: **lead, then task, then booking, then
reservation** (then the job rows it asks for, which nobody locks while holding another of these).

Two writers that lock the same rows in the same order wait for each other instead of deadlocking. The
inbound path locks the lead first (``store/statements.LOCK_LEAD``) and then touches its task; resolving,
suggestions, bookings and their jobs go through ``lock_task`` here, which locks the task's lead before
the task even when only the task changes. On SQLite a writer holds the whole file, so the order is kept
for free; ``FOR UPDATE`` is a no-op there.

Only one writer holds several leads at once: replies written together (``inbound.receive_together``),
each taking its lead and then its task before the next reply's lead. Groups take their leads in the
order of the replies' identifiers, so two groups of the same leads wait for each other too. Two replies
naming one lead by different identifiers (email in one, phone in the other) can still cross; PostgreSQL
ends such a deadlock, and each reply of the group is then written on its own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from schedlink.service.errors import NotFound
from schedlink.service.tenancy import owned
from schedlink.store.models import LeadRow, ReviewTaskRow


@dataclass(frozen=True, slots=True)
class LockedTask:
    lead: LeadRow
    task: ReviewTaskRow


def find_task(session: Session, workspace_id: uuid.UUID, task_id: uuid.UUID) -> ReviewTaskRow:
    """The workspace's task, without a lock; another workspace's task is as missing as an absent one."""
    return owned(session, ReviewTaskRow, task_id, workspace_id, "task")


def lock_task(session: Session, workspace_id: uuid.UUID, task_id: uuid.UUID) -> LockedTask:
    """Lock the task's lead, then the task, inside the caller's writing transaction."""
    lead_id = session.scalar(
        select(ReviewTaskRow.lead_id).where(
            ReviewTaskRow.id == task_id, ReviewTaskRow.workspace_id == workspace_id
        )
    )
    if lead_id is None:
        raise NotFound(f"task {task_id} not found")
    lead = session.get(LeadRow, lead_id, with_for_update=True, populate_existing=True)
    task = session.get(ReviewTaskRow, task_id, with_for_update=True, populate_existing=True)
    if lead is None or task is None:  # deleted with its workspace meanwhile
        raise NotFound(f"task {task_id} not found")
    return LockedTask(lead, task)


def lock_lead(session: Session, workspace_id: uuid.UUID, lead_id: uuid.UUID) -> LeadRow:
    """Lock a lead of the workspace (the first lock of any change to its rows)."""
    lead = session.get(LeadRow, lead_id, with_for_update=True, populate_existing=True)
    if lead is None or lead.workspace_id != workspace_id:
        raise NotFound(f"lead {lead_id} not found")
    return lead
