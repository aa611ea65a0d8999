"""What pages, the API and the command line are handed: plain, frozen records, never database rows.

A row handed out of its session can lazy-load, expire or be changed and flushed by whoever holds it; a
record is a copy of the columns a reader needs, so the layers above storage cannot reach back into it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

R = TypeVar("R")


def record_of(cls: type[R], row: Any) -> R:
    """``cls`` filled from the same-named attributes of ``row``."""
    return cls(**{field.name: getattr(row, field.name) for field in fields(cls)})  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class LeadRecord:
    id: uuid.UUID
    workspace_id: uuid.UUID
    email: str | None
    phone: str | None
    external_id: str | None
    name: str | None
    external_scheduling_link: str | None
    external_scheduling_link_provider: str | None
    external_scheduling_link_last_seen_at: datetime | None
    open_task_id: uuid.UUID | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class TaskRecord:
    id: uuid.UUID
    workspace_id: uuid.UUID
    lead_id: uuid.UUID
    campaign_name: str
    status: str
    link: str
    provider: str
    source_message_id: uuid.UUID
    link_seen_at: datetime
    request_at: datetime
    decision_reason: str
    message_excerpt: str
    suggested_slots: list[Any]
    suggestions_note: str | None
    fallback: str
    reply_draft: str
    messages_seen: int
    lead_timezone: str | None
    lead_windows: list[Any]
    suggestions_state: str
    suggestions_refreshed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    resolution_note: str | None
    booked_start: datetime | None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One audit entry."""

    id: int
    workspace_id: uuid.UUID
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SightingRecord:
    id: uuid.UUID
    lead_id: uuid.UUID
    inbound_message_id: uuid.UUID
    url: str
    provider: str
    region: str
    seen_at: datetime
    became_current: bool
    created_at: datetime
