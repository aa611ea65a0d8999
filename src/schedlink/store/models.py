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
    # Meeting length, slot step, buffers, notice, horizon, date overrides and holidays
    # (``domain.availability.rules.SchedulingRules`` reads and writes it; empty means the defaults).
    scheduling: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Booking automation: ``{"kill_switch", "providers": {slug: mode}, "intent_max_age_days",
    # "rate_limit_per_hour"}`` (``domain.booking.automation.AutomationSettings``); empty means all off.
    automation: Mapped[dict[str, Any]] = mapped_column(default=dict)
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
    # SHA-256 of what was delivered (lead, text, times): the same message_id with other content is refused.
    content_sha256: Mapped[str | None] = mapped_column(String(64))
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
    # What the lead said about their own time, from the newest request: the inputs of the suggestions.
    lead_timezone: Mapped[str | None] = mapped_column(String(64))
    lead_windows: Mapped[list[Any]] = mapped_column(default=list)
    # waiting (a job will compute them), ready, or failed (``suggestions_note`` says why).
    suggestions_state: Mapped[str] = mapped_column(String(16), default="waiting")
    suggestions_refreshed_at: Mapped[datetime | None] = mapped_column()
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


class CalendarSourceRow(Base):
    """A calendar whose events make the team busy: an iCalendar feed (URL or uploaded file) or CalDAV.

    The busy intervals of the last successful read are cached here with the read time, so computing
    suggestions never waits on the network; a background job refreshes them when they are older than
    ``ttl_seconds``. Credentials are kept for CalDAV and never shown back by any API or page.
    """

    __tablename__ = "calendar_sources"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # ics_url, ics_file, caldav
    label: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str | None] = mapped_column(String(2048))
    content: Mapped[str | None] = mapped_column(Text)  # an uploaded .ics file, kept whole
    username: Mapped[str | None] = mapped_column(String(200))
    password: Mapped[str | None] = mapped_column(String(500))
    ttl_seconds: Mapped[int] = mapped_column(Integer, default=900)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, ok, error
    error: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)  # what a successful read skipped, for a person to know
    busy: Mapped[list[Any]] = mapped_column(default=list)  # [{"start","end"}] UTC ISO
    busy_from: Mapped[datetime | None] = mapped_column()
    busy_until: Mapped[datetime | None] = mapped_column()
    refreshed_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class JobRow(Base):
    """One unit of background work. The queue only carries the id: this row is the source of truth.

    ``(kind, key)`` is unique, so asking twice for the same work finds the same row (idempotent
    enqueue). A worker claims a row by moving it to ``running`` with a lease; a sweep re-enqueues rows
    left ``pending`` or whose lease ran out after a crash.
    """

    __tablename__ = "jobs"
    __table_args__ = (
        UniqueConstraint("kind", "key", name="uq_jobs_kind_key"),
        Index("ix_jobs_state_run_after", "state", "run_after"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16), default="pending")  # pending, running, done, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


class UserRow(Base):
    """A person invited to a workspace's Booking tab, signing in with a password (argon2 hash only)."""

    __tablename__ = "users"
    __table_args__ = (UniqueConstraint("workspace_id", "email", name="uq_users_workspace_email"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column()


class WebSessionRow(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so a database
    read does not hand out sessions. Each session has its own CSRF token for every form it posts."""

    __tablename__ = "web_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    workspace_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"))
    who: Mapped[str] = mapped_column(String(200))
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column()


# A booking in these states holds (or may hold) the lead's meeting: a second one for the lead is refused
# by the partial unique index below, whatever the Python checks said.
LIVE_BOOKING = (
    "dry_run = false AND state IN "
    "('requested', 'checking', 'submitting', 'outcome_unknown', 'booked', 'pending_confirmation')"
)


class BookingRow(Base):
    """One attempt to book one slot on the lead's link (``domain/booking`` holds the rules).

    ``(workspace, task, start, dry_run, attempt)`` is unique: the same request twice finds the same row,
    and only an attempt that ended without sending anything (blocked, failed) makes room for another.
    """

    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint(
            "workspace_id", "task_id", "start", "dry_run", "attempt", name="uq_bookings_request_attempt"
        ),
        Index(
            "uq_bookings_one_live_per_lead",
            "lead_id",
            unique=True,
            sqlite_where=text(LIVE_BOOKING),
            postgresql_where=text(LIVE_BOOKING),
        ),
        Index("ix_bookings_workspace_state", "workspace_id", "state"),
        Index("ix_bookings_task", "task_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    task_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("review_tasks.id", ondelete="CASCADE"))
    lead_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(40))
    link: Mapped[str] = mapped_column(String(2048))
    start: Mapped[datetime] = mapped_column()
    end: Mapped[datetime] = mapped_column()
    dry_run: Mapped[bool] = mapped_column()
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    method: Mapped[str] = mapped_column(String(16))  # api, browser
    state: Mapped[str] = mapped_column(String(24))
    requested_by: Mapped[str] = mapped_column(String(200))
    guardrails: Mapped[list[Any]] = mapped_column(default=list)  # [{name, passed, detail, at}]
    steps: Mapped[list[Any]] = mapped_column(default=list)  # [{step, at}]
    confirmation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # {code, message}
    # What the provider called the booking, once it said (Cal.com's uid): what reconciliation reads.
    provider_booking_id: Mapped[str | None] = mapped_column(String(200))
    submitted_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReservationRow(Base):
    """The team's time held by a live booking. On PostgreSQL an exclusion constraint (btree_gist, added by
    the migration) refuses two overlapping reservations of one workspace; on SQLite writers are serialised
    and the booking service checks for overlap inside the same transaction. Reserved time is busy for
    suggestions at once; a blocked, failed or dry-run attempt deletes its row."""

    __tablename__ = "reservations"
    __table_args__ = (Index("ix_reservations_workspace_start", "workspace_id", "starts_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    booking_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), unique=True)
    starts_at: Mapped[datetime] = mapped_column()
    ends_at: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EvidenceRow(Base):
    """One piece of a booking's evidence; the bytes live in the content-addressed store under its sha256."""

    __tablename__ = "booking_evidence"
    __table_args__ = (UniqueConstraint("booking_id", "sha256", name="uq_booking_evidence_piece"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    booking_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignInAttemptRow(Base):
    """One sign-in attempt let through to the password check, under one throttle bucket (``account:…`` or
    ``address:…``). Rows older than the throttle's window no longer count and are deleted; a successful
    sign-in deletes its account's rows. Not tied to a workspace: the account is not known before the
    password is checked, and the throttle must hold for unknown accounts too."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_bucket_at", "bucket", "attempted_at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    bucket: Mapped[str] = mapped_column(String(400))
    attempted_at: Mapped[datetime] = mapped_column(index=True)


class WorkerRow(Base):
    """A process that runs jobs (``schedlink worker``, or the consumer inside ``schedlink serve``) as it
    last reported itself: its lanes, the jobs it is running, its browser's counts. It renews ``beat_at``
    every few seconds and deletes its row when it stops cleanly; a row that is no longer renewed belongs
    to a process that died (``service/workers.py``). Not tied to a workspace: workers serve all of them."""

    __tablename__ = "workers"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # worker, embedded
    lanes: Mapped[list[Any]] = mapped_column(default=list)  # ["default", "browser"]
    browsers: Mapped[int] = mapped_column(Integer, default=0)  # page bookings at once; 0: no browser
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow)
    running: Mapped[list[Any]] = mapped_column(default=list)  # [{job_id, kind, key, since}]
    stopping: Mapped[bool] = mapped_column(default=False)
    browser_restarts: Mapped[int] = mapped_column(Integer, default=0)
    bookings_done: Mapped[int] = mapped_column(Integer, default=0)
