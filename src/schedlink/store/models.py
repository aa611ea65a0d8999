"""The tables. Every row belongs to one workspace, and every query a tenant can trigger filters by it.

Uniqueness that the invariants rely on is declared here as database constraints, not checked in Python:
one message per ``(workspace, message_id)`` (idempotent inbound), one lead per workspace and identifier,
and one *open* review task per lead and campaign (a partial unique index).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from schedlink.store.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


class WorkspaceRow(Base):
    """A selling team and its settings."""

    __tablename__ = "workspaces"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64))
    own_links: Mapped[list[Any]] = mapped_column(default=list)
    own_domains: Mapped[list[Any]] = mapped_column(default=list)
    working_hours: Mapped[dict[str, Any]] = mapped_column(default=dict)
    fallback_link: Mapped[str | None] = mapped_column(String(2048))
    booking_identity: Mapped[dict[str, Any]] = mapped_column(default=dict)
    default_phone_region: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ApiKeyRow(Base):
    """An API key, kept only as its SHA-256 hash; the key itself is shown once, at creation."""

    __tablename__ = "api_keys"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column()


class LeadRow(Base):
    """A person the team talks to, with the scheduler link they gave us most recently."""

    __tablename__ = "leads"
    __table_args__ = (
        UniqueConstraint("workspace_id", "email", name="uq_leads_workspace_email"),
        UniqueConstraint("workspace_id", "phone", name="uq_leads_workspace_phone"),
        UniqueConstraint("workspace_id", "external_id", name="uq_leads_workspace_external_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(20))
    external_id: Mapped[str | None] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(200))
    external_scheduling_link: Mapped[str | None] = mapped_column(String(2048))
    external_scheduling_link_provider: Mapped[str | None] = mapped_column(String(40))
    external_scheduling_link_last_seen_at: Mapped[datetime | None] = mapped_column()
    # The sender's message_id of the sighting that set the link: the tie-break when two replies share a time.
    external_scheduling_link_message_id: Mapped[str | None] = mapped_column(String(998))
    # The lead's open review task, kept under the lead's row lock (like every task change), so a reply
    # learns whether there is one from the row it locks anyway. The partial unique index stays the rule.
    open_task_id: Mapped[uuid.UUID | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class InboundMessageRow(Base):
    """One reply as received (nothing dropped) and the answer given for it, replayed on redelivery."""

    __tablename__ = "inbound_messages"
    __table_args__ = (UniqueConstraint("workspace_id", "message_id", name="uq_inbound_workspace_message"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    message_id: Mapped[str] = mapped_column(String(998))
    lead_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column()
    subject: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str | None] = mapped_column(Text)
    sentiment: Mapped[str | None] = mapped_column(String(64))
    intent: Mapped[str] = mapped_column(String(32))
    act: Mapped[bool] = mapped_column()
    answer: Mapped[dict[str, Any]] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LinkSightingRow(Base):
    """One detection of a scheduler link in one message: the lead's link history."""

    __tablename__ = "link_sightings"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    lead_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    inbound_message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inbound_messages.id", ondelete="CASCADE"), unique=True
    )
    url: Mapped[str] = mapped_column(String(2048))
    provider: Mapped[str] = mapped_column(String(40))
    region: Mapped[str] = mapped_column(String(16))
    seen_at: Mapped[datetime] = mapped_column()
    became_current: Mapped[bool] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewTaskRow(Base):
    """A follow-up for a person: book on the lead's link, or fall back to ours."""

    __tablename__ = "review_tasks"
    __table_args__ = (
        Index(
            "uq_review_tasks_one_open",
            "workspace_id",
            "lead_id",
            "campaign_name",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_review_tasks_workspace_status", "workspace_id", "campaign_name", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    lead_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    campaign_name: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="open")
    link: Mapped[str] = mapped_column(String(2048))
    provider: Mapped[str] = mapped_column(String(40))
    source_message_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inbound_messages.id", ondelete="CASCADE")
    )
    # Message time of the lead's current link, and of the newest request: a late, older reply never
    # replaces what a newer one set.
    link_seen_at: Mapped[datetime] = mapped_column()
    request_at: Mapped[datetime] = mapped_column()
    decision_reason: Mapped[str] = mapped_column(Text)
    message_excerpt: Mapped[str] = mapped_column(Text)
    suggested_slots: Mapped[list[Any]] = mapped_column(default=list)
    suggestions_note: Mapped[str | None] = mapped_column(Text)
    fallback: Mapped[str] = mapped_column(Text)
    reply_draft: Mapped[str] = mapped_column(Text)
    messages_seen: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolution_note: Mapped[str | None] = mapped_column(Text)
    booked_start: Mapped[datetime | None] = mapped_column()


class AuditEventRow(Base):
    """Who changed what, when: one row per state change, written in the same transaction as the change."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_object", "workspace_id", "object_type", "object_id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
