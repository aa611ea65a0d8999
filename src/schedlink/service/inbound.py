"""Receiving one reply: store it, capture the lead's link, and open or update the review task.

The analysis runs before the transaction (pure CPU, no locks held). Everything the reply changes —
message, lead, sighting, task and audit entries — then commits in one transaction or not at all.

Concurrency: the unique ``(workspace, message_id)`` constraint makes a redelivery fail to insert, and it
then answers with the stored answer of the first delivery (invariant 5). The lead row is locked before
its link or task is touched, so two replies of one lead apply one after the other; the partial unique
index on open tasks backs up invariant 4 if anything slips past. A lost race on creating the same new
lead retries the whole transaction, which then finds the lead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schedlink.analysis import Analysis, analyze
from schedlink.domain.contacts import LeadKeys, lead_keys
from schedlink.domain.message import Message, Region
from schedlink.domain.providers import provider_name
from schedlink.domain.review import CAMPAIGN, Decision, StoredLink, decide, newer_than, review_content
from schedlink.service import audit
from schedlink.service.errors import Conflict, InvalidRequest
from schedlink.service.workspaces import analysis_settings, get_workspace, team_link
from schedlink.store.db import Database
from schedlink.store.models import InboundMessageRow, LeadRow, LinkSightingRow, ReviewTaskRow, WorkspaceRow

MAX_ATTEMPTS = 5
MAX_MESSAGE_ID = 998


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


def receive(db: Database, workspace_id: uuid.UUID, inbound: Inbound, *, actor: str = "api") -> Outcome:
    """Process one reply idempotently; the same ``message_id`` again answers the same, changing nothing."""
    message_id = _message_id(inbound)
    stored = _stored_answer(db, workspace_id, message_id)
    if stored is not None:
        return Outcome(stored, replayed=True)
    with db.read() as session:
        workspace = get_workspace(session, workspace_id)
        settings = analysis_settings(workspace)
        region = workspace.default_phone_region
    message = inbound.message
    keys = lead_keys(message.lead.email, message.lead.phone, inbound.external_id, region)
    if not keys.any():
        raise InvalidRequest("lead: give at least one of email, phone (with country code) or external_id")
    analysis = analyze(message, settings)
    for _ in range(MAX_ATTEMPTS):
        try:
            with db.write() as session:
                answer = _apply(session, workspace_id, message_id, inbound, keys, analysis, actor)
            return Outcome(answer, replayed=False)
        except IntegrityError:
            stored = _stored_answer(db, workspace_id, message_id)
            if stored is not None:
                return Outcome(stored, replayed=True)
    raise Conflict("the lead was changed by other replies at the same time; deliver this reply again")


def _message_id(inbound: Inbound) -> str:
    message_id = (inbound.message.message_id or "").strip()
    if not message_id:
        raise InvalidRequest("message_id: required, the sender system's id of this reply")
    if len(message_id) > MAX_MESSAGE_ID:
        raise InvalidRequest(f"message_id: at most {MAX_MESSAGE_ID} characters")
    return message_id


def _stored_answer(db: Database, workspace_id: uuid.UUID, message_id: str) -> dict[str, Any] | None:
    with db.read() as session:
        return session.scalar(
            select(InboundMessageRow.answer).where(
                InboundMessageRow.workspace_id == workspace_id, InboundMessageRow.message_id == message_id
            )
        )


def _apply(
    session: Session,
    workspace_id: uuid.UUID,
    message_id: str,
    inbound: Inbound,
    keys: LeadKeys,
    analysis: Analysis,
    actor: str,
) -> dict[str, Any]:
    message = inbound.message
    lead = _lock_lead(session, workspace_id, keys, message.lead.name, actor)
    row = InboundMessageRow(
        workspace_id=workspace_id,
        message_id=message_id,
        lead_id=lead.id,
        channel=message.channel,
        received_at=message.received_at,
        subject=message.subject,
        text=message.text,
        html=message.html,
        sentiment=message.sentiment,
        intent=analysis.intent.intent.value,
        act=False,
        answer={},
    )
    session.add(row)
    session.flush()  # claims (workspace, message_id): a concurrent duplicate fails here
    captured = _capture(session, lead, row, analysis, actor)
    decision = _decide(lead, row, analysis, captured)
    task = _open_or_update_task(session, lead, row, decision, analysis, actor) if decision.act else None
    answer = _answer(row, lead, analysis, decision, task, captured)
    row.act = decision.act
    row.answer = answer
    audit.record(
        session,
        workspace_id,
        actor=actor,
        action="message.received",
        object_type="message",
        object_id=row.id,
        message_id=message_id,
        lead_id=str(lead.id),
        intent=row.intent,
        act=decision.act,
        reason=decision.reason,
    )
    return answer


def _lock_lead(
    session: Session, workspace_id: uuid.UUID, keys: LeadKeys, name: str | None, actor: str
) -> LeadRow:
    """Find the lead by external id, email or phone (in that order of trust) and lock it, or create it."""
    matches = [
        LeadRow.external_id == keys.external_id if keys.external_id else None,
        LeadRow.email == keys.email if keys.email else None,
        LeadRow.phone == keys.phone if keys.phone else None,
    ]
    found = list(
        session.scalars(
            select(LeadRow)
            .where(LeadRow.workspace_id == workspace_id, or_(*(m for m in matches if m is not None)))
            .with_for_update()
        )
    )
    lead = _best_match(found, keys)
    if lead is None:
        lead = LeadRow(
            workspace_id=workspace_id,
            email=keys.email,
            phone=keys.phone,
            external_id=keys.external_id,
            name=_clip(name, 200),
        )
        session.add(lead)
        session.flush()  # a concurrent creation of the same lead fails here and the caller retries
        audit.record(
            session,
            workspace_id,
            actor=actor,
            action="lead.created",
            object_type="lead",
            object_id=lead.id,
            email=keys.email,
            phone=keys.phone,
            external_id=keys.external_id,
        )
        return lead
    taken = {
        (f, getattr(other, f))
        for other in found
        if other is not lead
        for f in ("email", "phone", "external_id")
    }
    filled = {}
    for field in ("email", "phone", "external_id"):
        value = getattr(keys, field)
        if value and getattr(lead, field) is None and (field, value) not in taken:
            setattr(lead, field, value)
            filled[field] = value
    if name and not lead.name:
        lead.name = _clip(name, 200)
    if filled:
        audit.record(
            session,
            workspace_id,
            actor=actor,
            action="lead.identified",
            object_type="lead",
            object_id=lead.id,
            **filled,
        )
    return lead


def _best_match(found: list[LeadRow], keys: LeadKeys) -> LeadRow | None:
    for field in ("external_id", "email", "phone"):
        value = getattr(keys, field)
        for lead in found:
            if value and getattr(lead, field) == value:
                return lead
    return None


def _capture(session: Session, lead: LeadRow, row: InboundMessageRow, analysis: Analysis, actor: str) -> bool:
    """Record the sighting; make it the lead's link when it is the newest (invariant 3).

    A link that stood only in quoted history belongs to an older message, so it fills an empty slot but
    never replaces a link the lead gave in their own words.
    """
    link = analysis.link
    if link is None:
        return False
    if link.region is Region.QUOTED:
        current = lead.external_scheduling_link is None
    else:
        current = newer_than(
            row.received_at,
            row.message_id,
            lead.external_scheduling_link_last_seen_at,
            lead.external_scheduling_link_message_id,
        )
    session.add(
        LinkSightingRow(
            workspace_id=lead.workspace_id,
            lead_id=lead.id,
            inbound_message_id=row.id,
            url=link.url,
            provider=link.provider,
            region=link.region.value,
            seen_at=row.received_at,
            became_current=current,
        )
    )
    if current:
        previous = lead.external_scheduling_link
        lead.external_scheduling_link = link.url
        lead.external_scheduling_link_provider = link.provider
        lead.external_scheduling_link_last_seen_at = row.received_at
        lead.external_scheduling_link_message_id = row.message_id
        audit.record(
            session,
            lead.workspace_id,
            actor=actor,
            action="lead.link_captured",
            object_type="lead",
            object_id=lead.id,
            link=link.url,
            provider=link.provider,
            previous=previous,
            message_id=row.message_id,
        )
    return current


def _decide(lead: LeadRow, row: InboundMessageRow, analysis: Analysis, captured: bool) -> Decision:
    link = analysis.link
    stored = None
    if lead.external_scheduling_link and lead.external_scheduling_link_last_seen_at:
        stored = StoredLink(
            lead.external_scheduling_link,
            lead.external_scheduling_link_provider,
            lead.external_scheduling_link_last_seen_at,
        )
    decision = decide(
        analysis_act=analysis.act,
        intent=analysis.intent.intent,
        link_url=link.url if link else None,
        link_provider=link.provider if link else None,
        link_in_this_message=link is not None and link.region is not Region.QUOTED,
        stored=stored,
        received_at=row.received_at,
    )
    if decision.act and link is not None and analysis.act and not captured and stored is not None:
        # An older reply arriving late: book on the link the lead gave most recently, not this one.
        return Decision(True, stored.url, stored.provider, decision.reason + "; a newer link is on record")
    return decision


def _open_or_update_task(
    session: Session,
    lead: LeadRow,
    row: InboundMessageRow,
    decision: Decision,
    analysis: Analysis,
    actor: str,
) -> ReviewTaskRow:
    assert decision.link is not None
    workspace = session.get(WorkspaceRow, lead.workspace_id)
    assert workspace is not None
    content = review_content(
        link=decision.link,
        provider_name=provider_name(decision.provider),
        lead_name=lead.name,
        new_text=analysis.body.new_text,
        team_link=team_link(workspace),
    )
    link_time = row.received_at
    if decision.link == lead.external_scheduling_link and lead.external_scheduling_link_last_seen_at:
        link_time = lead.external_scheduling_link_last_seen_at
    task = session.scalar(
        select(ReviewTaskRow).where(
            ReviewTaskRow.workspace_id == lead.workspace_id,
            ReviewTaskRow.lead_id == lead.id,
            ReviewTaskRow.campaign_name == CAMPAIGN,
            ReviewTaskRow.status == "open",
        )
    )
    if task is None:
        task = ReviewTaskRow(
            workspace_id=lead.workspace_id,
            lead_id=lead.id,
            campaign_name=CAMPAIGN,
            status="open",
            link=decision.link,
            provider=decision.provider or "other",
            source_message_id=row.id,
            link_seen_at=link_time,
            decision_reason=decision.reason,
            message_excerpt=content.excerpt,
            suggested_slots=[],
            suggestions_note=content.suggestions_note,
            fallback=content.fallback,
            reply_draft=content.reply_draft,
            messages_seen=1,
        )
        session.add(task)
        session.flush()  # the partial unique index refuses a second open task for this lead
        audit.record(
            session,
            lead.workspace_id,
            actor=actor,
            action="task.created",
            object_type="task",
            object_id=task.id,
            link=task.link,
            provider=task.provider,
            message_id=row.message_id,
            reason=decision.reason,
        )
        return task
    task.messages_seen += 1
    change: dict[str, Any] = {"message_id": row.message_id}
    if link_time >= task.link_seen_at:
        if task.link != decision.link:
            change.update(previous_link=task.link, link=decision.link)
        task.link = decision.link
        task.provider = decision.provider or "other"
        task.source_message_id = row.id
        task.link_seen_at = link_time
        task.decision_reason = decision.reason
        task.message_excerpt = content.excerpt
        task.fallback = content.fallback
        task.reply_draft = content.reply_draft
    else:
        change["note"] = "older reply; the task keeps the newer link"
    audit.record(
        session,
        lead.workspace_id,
        actor=actor,
        action="task.updated",
        object_type="task",
        object_id=task.id,
        **change,
    )
    return task


def _answer(
    row: InboundMessageRow,
    lead: LeadRow,
    analysis: Analysis,
    decision: Decision,
    task: ReviewTaskRow | None,
    captured: bool,
) -> dict[str, Any]:
    details = analysis.as_dict()
    link = analysis.link
    return {
        "message_id": row.message_id,
        "lead_id": str(lead.id),
        "link": link.url if link else None,
        "provider": link.provider if link else None,
        "region": link.region.value if link else None,
        "captured": captured,
        "intent": details["intent"],
        "intent_confidence": details["intent_confidence"],
        "intent_phrase": details["intent_phrase"],
        "act": decision.act,
        "act_reason": decision.reason,
        "task_id": str(task.id) if task else None,
        "lead_timezone": details["lead_timezone"],
        "lead_windows": details["lead_windows"],
        "received_at": _iso(row.received_at),
    }


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _clip(value: str | None, limit: int) -> str | None:
    return value.strip()[:limit] or None if value else None
