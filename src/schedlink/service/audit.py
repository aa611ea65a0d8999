"""The audit log: written inside the transaction of the change it records, so neither exists alone."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from schedlink.store.models import AuditEventRow


def record(
    session: Session,
    workspace_id: uuid.UUID,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: uuid.UUID | str,
    **details: Any,
) -> None:
    session.add(
        AuditEventRow(
            workspace_id=workspace_id,
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            details=details,
        )
    )


def history(
    session: Session, workspace_id: uuid.UUID, object_type: str, object_id: uuid.UUID
) -> list[AuditEventRow]:
    """Every recorded change of one object, oldest first."""
    rows = session.scalars(
        select(AuditEventRow)
        .where(
            AuditEventRow.workspace_id == workspace_id,
            AuditEventRow.object_type == object_type,
            AuditEventRow.object_id == str(object_id),
        )
        .order_by(AuditEventRow.id)
    )
    return list(rows)
