"""The one tenant-scoped loader: a row of another workspace is as missing as an absent one."""

from __future__ import annotations

import uuid
from typing import Any, Protocol, TypeVar

from sqlalchemy.orm import Session

from schedlink.service.errors import NotFound


class _Owned(Protocol):
    workspace_id: Any


R = TypeVar("R", bound=_Owned)


def owned_or_none(session: Session, model: type[R], row_id: uuid.UUID, workspace_id: uuid.UUID) -> R | None:
    """The workspace's row, or ``None`` (absent, or another workspace's)."""
    row = session.get(model, row_id)
    return row if row is not None and row.workspace_id == workspace_id else None


def owned(session: Session, model: type[R], row_id: uuid.UUID, workspace_id: uuid.UUID, what: str) -> R:
    """The workspace's row, or ``NotFound`` naming ``what`` (the same answer for another workspace's)."""
    row = owned_or_none(session, model, row_id, workspace_id)
    if row is None:
        raise NotFound(f"{what} {row_id} not found")
    return row
