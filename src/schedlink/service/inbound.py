"""Receiving one reply: store it, capture the lead's link, and open or update the review task.

The analysis runs before the transaction (pure CPU, no locks held). Everything the reply changes —
message, lead, sighting, task and audit entries — then commits in one transaction or not at all.

Concurrency: the unique ``(workspace, message_id)`` constraint makes a redelivery fail to insert, and it
then answers with the stored answer of the first delivery (invariant 5). The lead row is locked before
its link or task is touched, so two replies of one lead apply one after the other; the partial unique
index on open tasks backs up invariant 4 if anything slips past. A lost race on creating the same new
lead retries the whole transaction, which then finds the lead.

This is the hot path of the service, so it speaks SQL through SQLAlchemy Core: a handful of statements
per reply, the audit entries in one batch, and no unit-of-work bookkeeping.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Executable, Table, bindparam, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from schedlink.analysis import Analysis, analyze
from schedlink.domain.contacts import LeadKeys, lead_keys
from schedlink.domain.message import Message, Region, Workspace
from schedlink.domain.providers import provider_name
from schedlink.domain.review import CAMPAIGN, Decision, StoredLink, decide, newer_than, review_content
from schedlink.service.errors import Conflict, InvalidRequest, NotFound
from schedlink.service.workspaces import analysis_settings, team_link
from schedlink.store.db import Database
from schedlink.store.models import (
    AuditEventRow,
    InboundMessageRow,
    LeadRow,
    LinkSightingRow,
    ReviewTaskRow,
    WorkspaceRow,
)

_MESSAGES: Table = InboundMessageRow.__table__  # type: ignore[assignment]
_LEADS: Table = LeadRow.__table__  # type: ignore[assignment]
_SIGHTINGS: Table = LinkSightingRow.__table__  # type: ignore[assignment]
_TASKS: Table = ReviewTaskRow.__table__  # type: ignore[assignment]
_AUDIT: Table = AuditEventRow.__table__  # type: ignore[assignment]
_WORKSPACES: Table = WorkspaceRow.__table__  # type: ignore[assignment]

# Statements built once: building them per reply cost more than executing them.
_TEAM = select(
    _WORKSPACES.c.timezone,
    _WORKSPACES.c.own_links,
    _WORKSPACES.c.own_domains,
    _WORKSPACES.c.fallback_link,
    _WORKSPACES.c.default_phone_region,
).where(_WORKSPACES.c.id == bindparam("workspace_id"))
_STORED_ANSWER = select(_MESSAGES.c.answer).where(
    _MESSAGES.c.workspace_id == bindparam("workspace_id"), _MESSAGES.c.message_id == bindparam("message_id")
)
# NULL never equals anything, so absent identifiers simply match no lead.
_LEADS_BY_IDENTIFIER = (
    select(
        _LEADS.c.id,
        _LEADS.c.external_id,
        _LEADS.c.email,
        _LEADS.c.phone,
        _LEADS.c.name,
        _LEADS.c.external_scheduling_link,
        _LEADS.c.external_scheduling_link_provider,
        _LEADS.c.external_scheduling_link_last_seen_at,
        _LEADS.c.external_scheduling_link_message_id,
    )
    .where(
        _LEADS.c.workspace_id == bindparam("workspace_id"),
        or_(
            _LEADS.c.external_id == bindparam("external_id"),
            _LEADS.c.email == bindparam("email"),
            _LEADS.c.phone == bindparam("phone"),
        ),
    )
    .with_for_update()
)
_OPEN_TASK = (
    select(_TASKS.c.id, _TASKS.c.link, _TASKS.c.link_seen_at, _TASKS.c.messages_seen)
    .where(
        _TASKS.c.workspace_id == bindparam("workspace_id"),
        _TASKS.c.lead_id == bindparam("lead_id"),
        _TASKS.c.campaign_name == CAMPAIGN,
        _TASKS.c.status == "open",
    )
    .with_for_update()
)
_INSERT_MESSAGE = insert(_MESSAGES)
_INSERT_LEAD = insert(_LEADS)
_INSERT_SIGHTING = insert(_SIGHTINGS)
_INSERT_TASK = insert(_TASKS)
_INSERT_AUDIT = insert(_AUDIT)
# The SET clause comes from the parameters given; "_row" names the row without clashing with a column.
_UPDATE_LEAD = update(_LEADS).where(_LEADS.c.id == bindparam("_row"))
_UPDATE_TASK = update(_TASKS).where(_TASKS.c.id == bindparam("_row"))

MAX_ATTEMPTS = 5
MAX_CLOCK_SKEW = timedelta(days=1)
MAX_MESSAGE_ID = 998
_IDENTIFIERS = ("external_id", "email", "phone")  # in order of trust when they point at different leads


@dataclass(frozen=True, slots=True)
class Inbound:
    """One reply as the sender system delivers it; ``message.message_id`` is required."""

    message: Message
    external_id: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer for a reply, and whether it is the stored answer of an earlier delivery."""

    answer: dict[str, Any]
    replayed: bool


@dataclass(frozen=True, slots=True)
class _Team:
    """What the write path needs of the workspace, read once before the transaction."""

    settings: Workspace
    team_link: str | None
    phone_region: str | None


@dataclass(slots=True)
class _Lead:
    id: uuid.UUID
    name: str | None
    link: str | None = None
    provider: str | None = None
    seen_at: datetime | None = None
    link_message_id: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def receive(db: Database, workspace_id: uuid.UUID, inbound: Inbound, *, actor: str = "api") -> Outcome:
    """Process one reply idempotently; the same ``message_id`` again answers the same, changing nothing."""
    inbound = _storable(inbound)
    message_id = _message_id(inbound)
    team = _team(db, workspace_id)
    message = inbound.message
    if message.received_at > datetime.now(UTC) + MAX_CLOCK_SKEW:
        # A far-future time would pin this reply's link as "newest" for good (invariant 3).
        raise InvalidRequest("received_at: more than a day in the future; send the time the lead sent it")
    keys = lead_keys(message.lead.email, message.lead.phone, inbound.external_id, team.phone_region)
    if not keys.any():
        raise InvalidRequest("lead: give at least one of email, phone (with country code) or external_id")
    analysis = analyze(message, team.settings)
    for _ in range(MAX_ATTEMPTS):
        try:
            with db.write() as session:
                writer = _Writer(session.connection(), workspace_id, actor)
                answer = writer.apply(message_id, inbound, keys, analysis, team)
            return Outcome(answer, replayed=False)
        except IntegrityError:
            stored = _stored_answer(db, workspace_id, message_id)
            if stored is not None:
                return Outcome(stored, replayed=True)
    raise Conflict("the lead was changed by other replies at the same time; deliver this reply again")


def _storable(inbound: Inbound) -> Inbound:
    """The reply with NUL characters and lone surrogates replaced by U+FFFD: neither database can store
    them as text, and in a reply they are never meaningful, so they must not cost the whole message."""
    message = inbound.message
    lead = message.lead
    texts = (
        message.text,
        message.html,
        message.subject,
        message.message_id,
        message.sentiment,
        message.channel,
    )
    people = (lead.name, lead.email, lead.phone, inbound.external_id)
    if all(_clean(value) == value for value in (*texts, *people)):
        return inbound
    return Inbound(
        replace(
            message,
            text=_clean(message.text) or "",
            html=_clean(message.html),
            subject=_clean(message.subject),
            message_id=_clean(message.message_id),
            sentiment=_clean(message.sentiment),
            channel=_clean(message.channel) or "email",
            lead=replace(lead, name=_clean(lead.name), email=_clean(lead.email), phone=_clean(lead.phone)),
        ),
        external_id=_clean(inbound.external_id),
    )


def _clean(value: str | None) -> str | None:
    if not value:
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return value.replace("\x00", "\ufffd") if "\x00" in value else value


def _message_id(inbound: Inbound) -> str:
    message_id = (inbound.message.message_id or "").strip()
    if not message_id:
        raise InvalidRequest("message_id: required, the sender system's id of this reply")
    if len(message_id) > MAX_MESSAGE_ID:
        raise InvalidRequest(f"message_id: at most {MAX_MESSAGE_ID} characters")
    return message_id


SETTINGS_CACHE_SECONDS = 5.0
_teams: dict[tuple[int, uuid.UUID], tuple[float, _Team]] = {}


def _team(db: Database, workspace_id: uuid.UUID) -> _Team:
    """The workspace's settings, remembered for ``SETTINGS_CACHE_SECONDS``.

    A redelivery is not looked up first: the unique message constraint catches it inside the write
    transaction, so the common case of a new reply costs no extra round trip.
    """
    key = (id(db), workspace_id)
    cached = _teams.get(key)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    with db.read_once() as connection:
        row = connection.execute(_TEAM, {"workspace_id": workspace_id}).first()
    if row is None:
        raise NotFound(f"workspace {workspace_id} does not exist")
    team = _Team(analysis_settings(row), team_link(row), row.default_phone_region)
    if len(_teams) > 10_000:
        _teams.clear()
    _teams[key] = (time.monotonic() + SETTINGS_CACHE_SECONDS, team)
    return team


def forget_settings(workspace_id: uuid.UUID) -> None:
    """Drop remembered settings of a workspace (call after changing them)."""
    for key in [key for key in _teams if key[1] == workspace_id]:
        _teams.pop(key, None)


def _stored_answer(db: Database, workspace_id: uuid.UUID, message_id: str) -> dict[str, Any] | None:
    with db.read_once() as connection:
        answer: dict[str, Any] | None = connection.execute(
            _STORED_ANSWER, {"workspace_id": workspace_id, "message_id": message_id}
        ).scalar()
        return answer


class _Writer:
    """The writes of one reply inside one transaction; audit entries are collected and written last."""

    def __init__(self, connection: Connection, workspace_id: uuid.UUID, actor: str) -> None:
        self.connection = connection
        self.workspace_id = workspace_id
        self.actor = actor
        self.events: list[dict[str, Any]] = []
        self.pending: list[tuple[Executable, dict[str, Any]]] = []  # writes that refer to the message row

    def apply(
        self, message_id: str, inbound: Inbound, keys: LeadKeys, analysis: Analysis, team: _Team
    ) -> dict[str, Any]:
        message = inbound.message
        received_at = message.received_at.astimezone(UTC)
        lead = self._lock_lead(keys, message.lead.name)
        row_id = uuid.uuid4()
        captured = self._capture(lead, row_id, message_id, received_at, analysis)
        decision = _decide(lead, received_at, analysis, captured)
        task_id = None
        if decision.act:
            task_id = self._open_or_update_task(
                lead, row_id, message_id, received_at, decision, analysis, team
            )
        answer = _answer(message_id, received_at, lead, analysis, decision, task_id, captured)
        # The message goes in before the rows that refer to it; a concurrent duplicate fails right here.
        self.connection.execute(
            _INSERT_MESSAGE,
            {
                "id": row_id,
                "workspace_id": self.workspace_id,
                "message_id": message_id,
                "lead_id": lead.id,
                "channel": message.channel,
                "received_at": received_at,
                "subject": message.subject,
                "text": message.text,
                "html": message.html,
                "sentiment": message.sentiment,
                "intent": analysis.intent.intent.value,
                "act": decision.act,
                "answer": answer,
            },
        )
        for statement, parameters in self.pending:
            self.connection.execute(statement, parameters)
        if lead.changes:
            self.connection.execute(_UPDATE_LEAD, {"_row": lead.id, "updated_at": _now(), **lead.changes})
        self._event(
            "message.received", "message", row_id, message_id=message_id, lead_id=str(lead.id),
            intent=analysis.intent.intent.value, act=decision.act, reason=decision.reason,
        )  # fmt: skip
        self.connection.execute(_INSERT_AUDIT, self.events)
        return answer

    def _event(self, action: str, object_type: str, object_id: uuid.UUID, **details: Any) -> None:
        self.events.append(
            {
                "workspace_id": self.workspace_id,
                "actor": self.actor,
                "action": action,
                "object_type": object_type,
                "object_id": str(object_id),
                "details": details,
                "at": _now(),
            }
        )

    def _lock_lead(self, keys: LeadKeys, name: str | None) -> _Lead:
        """Find the lead by external id, email or phone (in that order of trust) and lock it, or create it."""
        found = self.connection.execute(
            _LEADS_BY_IDENTIFIER,
            {
                "workspace_id": self.workspace_id,
                "external_id": keys.external_id,
                "email": keys.email,
                "phone": keys.phone,
            },
        ).all()
        best = next(
            (
                row
                for f in _IDENTIFIERS
                if getattr(keys, f)
                for row in found
                if getattr(row, f) == getattr(keys, f)
            ),
            None,
        )
        clipped = name.strip()[:200] or None if name else None
        if best is None:
            lead_id = uuid.uuid4()
            # A concurrent creation of the same lead fails here and the caller retries the transaction.
            self.connection.execute(
                _INSERT_LEAD,
                {
                    "id": lead_id,
                    "workspace_id": self.workspace_id,
                    "email": keys.email,
                    "phone": keys.phone,
                    "external_id": keys.external_id,
                    "name": clipped,
                },
            )
            self._event(
                "lead.created",
                "lead",
                lead_id,
                email=keys.email,
                phone=keys.phone,
                external_id=keys.external_id,
            )
            return _Lead(id=lead_id, name=clipped)
        lead = _Lead(
            id=best.id,
            name=best.name,
            link=best.external_scheduling_link,
            provider=best.external_scheduling_link_provider,
            seen_at=best.external_scheduling_link_last_seen_at,
            link_message_id=best.external_scheduling_link_message_id,
        )
        taken = {(f, getattr(other, f)) for other in found if other.id != best.id for f in _IDENTIFIERS}
        filled = {
            f: getattr(keys, f)
            for f in _IDENTIFIERS
            if getattr(keys, f) and getattr(best, f) is None and (f, getattr(keys, f)) not in taken
        }
        if filled:
            lead.changes.update(filled)
            self._event("lead.identified", "lead", lead.id, **filled)
        if clipped and not best.name:
            lead.name = clipped
            lead.changes["name"] = clipped
        return lead

    def _capture(
        self, lead: _Lead, row_id: uuid.UUID, message_id: str, received_at: datetime, analysis: Analysis
    ) -> bool:
        """Record the sighting; make it the lead's link when it is the newest (invariant 3).

        A link that stood only in quoted history belongs to an older message, so it fills an empty slot
        but never replaces a link the lead gave in their own words.
        """
        link = analysis.link
        if link is None:
            return False
        if link.region is Region.QUOTED:
            current = lead.link is None
        else:
            current = newer_than(received_at, message_id, lead.seen_at, lead.link_message_id)
        self.pending.append(
            (
                _INSERT_SIGHTING,
                {
                    "workspace_id": self.workspace_id,
                    "lead_id": lead.id,
                    "inbound_message_id": row_id,
                    "url": link.url,
                    "provider": link.provider,
                    "region": link.region.value,
                    "seen_at": received_at,
                    "became_current": current,
                },
            )
        )
        if current:
            self._event(
                "lead.link_captured", "lead", lead.id, link=link.url, provider=link.provider, previous=lead.link,
                message_id=message_id,
            )  # fmt: skip
            lead.link, lead.provider, lead.seen_at, lead.link_message_id = (
                link.url,
                link.provider,
                received_at,
                message_id,
            )
            lead.changes.update(
                external_scheduling_link=link.url,
                external_scheduling_link_provider=link.provider,
                external_scheduling_link_last_seen_at=received_at,
                external_scheduling_link_message_id=message_id,
            )
        return current

    def _open_or_update_task(
        self,
        lead: _Lead,
        row_id: uuid.UUID,
        message_id: str,
        received_at: datetime,
        decision: Decision,
        analysis: Analysis,
        team: _Team,
    ) -> uuid.UUID:
        assert decision.link is not None
        content = review_content(
            link=decision.link,
            provider_name=provider_name(decision.provider),
            lead_name=lead.name,
            new_text=analysis.body.new_text,
            team_link=team.team_link,
        )
        link_time = lead.seen_at if decision.link == lead.link and lead.seen_at else received_at
        fresh = {
            "link": decision.link,
            "provider": decision.provider or "other",
            "source_message_id": row_id,
            "link_seen_at": link_time,
            "decision_reason": decision.reason,
            "message_excerpt": content.excerpt,
            "fallback": content.fallback,
            "reply_draft": content.reply_draft,
        }
        task = self.connection.execute(
            _OPEN_TASK, {"workspace_id": self.workspace_id, "lead_id": lead.id}
        ).first()
        if task is None:
            task_id = uuid.uuid4()
            # The partial unique index refuses a second open task for this lead.
            self.pending.append(
                (
                    _INSERT_TASK,
                    {
                        "id": task_id,
                        "workspace_id": self.workspace_id,
                        "lead_id": lead.id,
                        "campaign_name": CAMPAIGN,
                        "status": "open",
                        "suggested_slots": [],
                        "suggestions_note": content.suggestions_note,
                        "messages_seen": 1,
                        **fresh,
                    },
                )
            )
            self._event(
                "task.created", "task", task_id, link=decision.link, provider=fresh["provider"],
                message_id=message_id, reason=decision.reason,
            )  # fmt: skip
            return task_id
        change: dict[str, Any] = {"message_id": message_id}
        values: dict[str, Any] = {"messages_seen": task.messages_seen + 1}
        if link_time >= task.link_seen_at:
            if task.link != decision.link:
                change.update(previous_link=task.link, link=decision.link)
            values.update(fresh)
        else:
            change["note"] = "older reply; the task keeps the newer link"
        self.pending.append((_UPDATE_TASK, {"_row": task.id, "updated_at": _now(), **values}))
        self._event("task.updated", "task", task.id, **change)
        return task.id  # type: ignore[no-any-return]


def _now() -> datetime:
    return datetime.now(UTC)


def _decide(lead: _Lead, received_at: datetime, analysis: Analysis, captured: bool) -> Decision:
    link = analysis.link
    stored = StoredLink(lead.link, lead.provider, lead.seen_at) if lead.link and lead.seen_at else None
    decision = decide(
        analysis_act=analysis.act,
        intent=analysis.intent.intent,
        link_url=link.url if link else None,
        link_provider=link.provider if link else None,
        link_in_this_message=link is not None and link.region is not Region.QUOTED,
        stored=stored,
        received_at=received_at,
    )
    if decision.act and link is not None and analysis.act and not captured and stored is not None:
        # An older reply arriving late: book on the link the lead gave most recently, not this one.
        return Decision(True, stored.url, stored.provider, decision.reason + "; a newer link is on record")
    return decision


def _answer(
    message_id: str,
    received_at: datetime,
    lead: _Lead,
    analysis: Analysis,
    decision: Decision,
    task_id: uuid.UUID | None,
    captured: bool,
) -> dict[str, Any]:
    link = analysis.link
    zone = analysis.lead_timezone
    return {
        "message_id": message_id,
        "lead_id": str(lead.id),
        "link": link.url if link else None,
        "provider": link.provider if link else None,
        "region": link.region.value if link else None,
        "captured": captured,
        "intent": analysis.intent.intent.value,
        "intent_confidence": round(analysis.intent.confidence, 3),
        "intent_phrase": analysis.intent.phrase,
        "act": decision.act,
        "act_reason": decision.reason,
        "task_id": str(task_id) if task_id else None,
        "lead_timezone": zone,
        "lead_windows": [
            {"start": w.start.isoformat(), "end": w.end.isoformat(), "phrase": w.phrase}
            for w in analysis.lead_windows
        ],
        "received_at": received_at.isoformat().replace("+00:00", "Z"),
    }
