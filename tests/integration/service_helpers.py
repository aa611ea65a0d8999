"""Small builders shared by the service tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from schedlink.domain.message import LeadContact, Message
from schedlink.service.inbound import Inbound
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database
from schedlink.store.models import AuditEventRow, InboundMessageRow, LeadRow, LinkSightingRow, ReviewTaskRow

T0 = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)
OWN_LINK = "https://calendly.com/acme-sales/intro"


def workspace(db: Database, **changes: Any) -> uuid.UUID:
    spec = NewWorkspace(
        name=changes.pop("name", "Acme"),
        timezone=changes.pop("timezone", "America/New_York"),
        own_links=changes.pop("own_links", (OWN_LINK,)),
        own_domains=changes.pop("own_domains", ("acme.io",)),
        **changes,
    )
    return create_workspace(db, spec).workspace_id


def reply(
    text: str,
    message_id: str,
    *,
    at: datetime = T0,
    email: str | None = "jo@reyes.io",
    phone: str | None = None,
    name: str | None = "Jo Reyes",
    external_id: str | None = None,
    html: str | None = None,
    minutes: int = 0,
) -> Inbound:
    message = Message(
        text=text,
        html=html,
        received_at=at + timedelta(minutes=minutes),
        lead=LeadContact(name=name, email=email, phone=phone),
        message_id=message_id,
    )
    return Inbound(message, external_id=external_id)


def counts(db: Database) -> dict[str, int]:
    tables = {
        "messages": InboundMessageRow,
        "leads": LeadRow,
        "sightings": LinkSightingRow,
        "tasks": ReviewTaskRow,
        "audit": AuditEventRow,
    }
    with db.read() as session:
        return {
            name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in tables.items()
        }


def open_tasks(db: Database) -> list[ReviewTaskRow]:
    with db.read() as session:
        return list(session.scalars(select(ReviewTaskRow).where(ReviewTaskRow.status == "open")))


def only_lead(db: Database) -> LeadRow:
    with db.read() as session:
        return session.scalars(select(LeadRow)).one()
