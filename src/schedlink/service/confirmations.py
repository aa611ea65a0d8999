"""Closing the loop with a provider's confirmation email: the booking it confirms becomes ``booked``
(an unknown outcome reconciled, a pending one confirmed), and a task a person booked by hand is marked
booked with the confirmed time — each audited as confirmed by the provider's email.

Runs after the message itself is stored (the reply is never lost to a failure here), in its own
transaction, taking the locks in the documented order.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from schedlink.domain.booking.states import BookingState
from schedlink.domain.confirmations import Confirmation
from schedlink.domain.providers import provider_name
from schedlink.domain.timing import Window
from schedlink.service import booking_runner
from schedlink.service.errors import Conflict, NotFound
from schedlink.service.records import Resolution, TaskStatus, resolve_task
from schedlink.store.db import Database
from schedlink.store.models import BookingRow, LeadRow, ReviewTaskRow, WorkspaceRow

log = logging.getLogger(__name__)
# A booking in these states may be the one the email confirms.
CONFIRMABLE = (BookingState.OUTCOME_UNKNOWN, BookingState.NEEDS_REVIEW, BookingState.PENDING_CONFIRMATION)


@dataclass(frozen=True, slots=True)
class Matched:
    kind: str  # booking, task, or none
    id: str | None = None
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"matched": self.kind, "id": self.id, "detail": self.detail}


def apply_confirmation(
    db: Database,
    workspace_id: uuid.UUID,
    confirmation: Confirmation,
    windows: tuple[Window, ...],
    message_id: str,
) -> Matched:
    """Match ``confirmation`` to a booking (by the provider's reference, else by the lead it names) or to
    a lead's open task, and record what it proves."""
    by = f"{provider_name(confirmation.provider)} confirmation email ({message_id[:80]})"
    try:
        booking = _booking_for(db, workspace_id, confirmation, windows)
        if booking is not None:
            booking_runner.confirm(db, workspace_id, booking, actor=by)
            return Matched("booking", str(booking), "the provider's email confirms the booking")
        task, start = _task_for(db, workspace_id, confirmation, windows)
        if task is not None and start is not None:
            resolve_task(
                db, workspace_id, task,
                Resolution(TaskStatus.DONE, by=by[:200], booked_start=start, note="Confirmed by the provider's email."),
            )  # fmt: skip
            return Matched("task", str(task), "marked booked with the confirmed time")
    except (NotFound, Conflict) as error:
        log.info("confirmation %s matched nothing it could change: %s", message_id, error)
    return Matched("none", None, "no booking or open task of this workspace matches it")


def _booking_for(
    db: Database, workspace_id: uuid.UUID, confirmation: Confirmation, windows: tuple[Window, ...]
) -> uuid.UUID | None:
    states = [state.value for state in CONFIRMABLE]
    with db.read() as session:
        if confirmation.reference:
            found = session.scalar(
                select(BookingRow.id).where(
                    BookingRow.workspace_id == workspace_id,
                    BookingRow.provider_booking_id == confirmation.reference,
                    BookingRow.dry_run.is_(False),
                )
            )
            if found is not None:
                return found
        leads = _named_leads(session, workspace_id, confirmation)
        if not leads:
            return None
        candidates = session.execute(
            select(BookingRow.id, BookingRow.start).where(
                BookingRow.workspace_id == workspace_id,
                BookingRow.lead_id.in_(leads),
                BookingRow.state.in_(states),
                BookingRow.dry_run.is_(False),
            )
        ).all()
    starts = {window.start for window in windows}
    exact = [row.id for row in candidates if not starts or row.start in starts]
    return exact[0] if len(exact) == 1 else None


def _task_for(
    db: Database, workspace_id: uuid.UUID, confirmation: Confirmation, windows: tuple[Window, ...]
) -> tuple[uuid.UUID | None, datetime | None]:
    if not windows:
        return None, None
    with db.read() as session:
        leads = _named_leads(session, workspace_id, confirmation)
        if len(leads) != 1:
            return None, None
        task = session.scalar(
            select(ReviewTaskRow.id).where(
                ReviewTaskRow.workspace_id == workspace_id,
                ReviewTaskRow.lead_id == leads[0],
                ReviewTaskRow.status == "open",
            )
        )
    return task, windows[0].start


def _named_leads(session: Any, workspace_id: uuid.UUID, confirmation: Confirmation) -> list[uuid.UUID]:
    """Leads of the workspace whose email the confirmation names (never the team's own addresses)."""
    workspace = session.get(WorkspaceRow, workspace_id)
    own = {str((workspace.booking_identity or {}).get("email") or "").lower()} if workspace else set()
    own_domains = {str(domain).lower() for domain in (workspace.own_domains or [])} if workspace else set()
    emails = [
        email for email in confirmation.emails
        if email not in own and email.rpartition("@")[2] not in own_domains
    ]  # fmt: skip
    if not emails:
        return []
    return list(
        session.scalars(
            select(LeadRow.id).where(
                LeadRow.workspace_id == workspace_id, func.lower(LeadRow.email).in_(emails)
            )
        )
    )
