"""The writes of one reply inside its transaction: lock or create the lead, record the sighting, make
the link current when it is the newest, open or update the review task, and write the audit entries.

Rows that refer to the message (sighting, task) are queued and written right after it, so the message
insert — where a concurrent duplicate fails — comes before anything that depends on it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from schedlink.analysis import Analysis, windows_as_json
from schedlink.domain.contacts import LeadKeys
from schedlink.domain.message import Message, Region, Workspace
from schedlink.domain.providers import provider_name
from schedlink.domain.review import (
    CAMPAIGN,
    NO_SUGGESTIONS_YET,
    Decision,
    StoredLink,
    decide,
    excerpt,
    newer_than,
    review_content,
)
from schedlink.service import jobs
from schedlink.service.jobs import SUGGESTIONS_JOB
from schedlink.store import statements
from schedlink.store.direct import DirectTransaction, Later, Prepared

CLOCK_SKEW = timedelta(minutes=5)
_IDENTIFIERS = statements.IDENTIFIERS  # in order of trust when they point at different leads


@dataclass(frozen=True, slots=True)
class Team:
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
    open_task_id: uuid.UUID | None = None
    changes: dict[str, Any] = field(default_factory=dict)


class ReplyWriter:
    """The writes of one reply inside one transaction; audit entries are collected and written last."""

    def __init__(self, transaction: DirectTransaction, workspace_id: uuid.UUID, actor: str) -> None:
        self.transaction = transaction
        self.workspace_id = workspace_id
        self.actor = actor
        self.events: list[dict[str, Any]] = []
        self.pending: list[tuple[Prepared, dict[str, Any]]] = []  # writes that refer to the message row
        self._jobs: list[Later] = []  # background work asked for; the caller nudges the queue after commit

    def apply(
        self,
        message_id: str,
        message: Message,
        keys: LeadKeys,
        analysis: Analysis,
        team: Team,
        *,
        confirmation: dict[str, Any] | None = None,
        content_sha256: str | None = None,
    ) -> dict[str, Any]:
        received_at = message.received_at.astimezone(UTC)
        # Ordering uses the message time, but never one ahead of our clock: a reply dated in the future
        # would otherwise stay "newest" and pin its link for good (invariant 3). The row keeps the original.
        at = min(received_at, _now() + CLOCK_SKEW)
        lead = self._lock_lead(keys, message.lead.name)
        row_id = uuid.uuid4()
        captured = self._capture(lead, row_id, message_id, at, analysis)
        decision = _decide(lead, at, analysis, captured)
        task_id = None
        if decision.act:
            task_id = self._open_or_update_task(lead, row_id, message_id, at, decision, analysis, team)
        else:
            self._note_on_open_task(lead, message_id, captured, analysis, team)
        answer = _answer(message_id, received_at, lead, analysis, decision, task_id, captured)
        if confirmation is not None:  # a provider's confirmation email, not a lead's reply
            answer["confirmation"] = confirmation
        # The message goes in before the rows that refer to it; a concurrent duplicate fails right here.
        self.transaction.run(
            statements.INSERT_MESSAGE,
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
                "content_sha256": content_sha256,
            },
        )
        for statement, parameters in self.pending:
            self.transaction.run(statement, parameters)
        if lead.changes:
            self.transaction.run(
                statements.UPDATE_LEAD, {"_row": lead.id, "updated_at": _now(), **lead.changes}
            )
        self._event(
            "message.received", "message", row_id, message_id=message_id, lead_id=str(lead.id),
            intent=analysis.intent.intent.value, act=decision.act, reason=decision.reason,
        )  # fmt: skip
        self.transaction.run_many(statements.INSERT_AUDIT, self.events)
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
        given = tuple(key for key in _IDENTIFIERS if getattr(keys, key))
        found = self.transaction.rows(
            statements.LEADS_BY_IDENTIFIER[given],
            {"workspace_id": self.workspace_id, **{key: getattr(keys, key) for key in given}},
        )
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
            self.transaction.run(
                statements.INSERT_LEAD,
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
            open_task_id=best.open_task_id,
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
                statements.INSERT_SIGHTING,
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
        at: datetime,
        decision: Decision,
        analysis: Analysis,
        team: Team,
    ) -> uuid.UUID:
        """Open the lead's review task, or fold this request into the open one.

        The task always shows the lead's current link (the newest, as on the lead), and the words of the
        newest request by message time, so the end state does not depend on delivery order.
        """
        # The decision always names the lead's current link (the newest; see ``_decide``).
        assert decision.link is not None
        assert decision.link == lead.link
        link = _current_link(lead, team)
        request = {
            "source_message_id": row_id,
            "request_at": at,
            "decision_reason": decision.reason,
            "message_excerpt": excerpt(analysis.body.new_text, decision.link),
            # The lead's own words about their time feed the suggestions, which are then computed anew.
            "lead_timezone": analysis.lead_zone.zone if analysis.lead_zone else None,
            "lead_windows": windows_as_json(analysis.lead_windows),
            "suggestions_state": "waiting",
        }
        task = self._open_task(lead)
        if task is None:
            task_id = uuid.uuid4()
            # The partial unique index refuses a second open task for this lead.
            self.pending.append(
                (
                    statements.INSERT_TASK,
                    {
                        "id": task_id,
                        "workspace_id": self.workspace_id,
                        "lead_id": lead.id,
                        "campaign_name": CAMPAIGN,
                        "status": "open",
                        "suggested_slots": [],
                        "suggestions_note": NO_SUGGESTIONS_YET,
                        "messages_seen": 1,
                        **link,
                        **request,
                    },
                )
            )
            self._event(
                "task.created", "task", task_id, link=decision.link, provider=link["provider"],
                message_id=message_id, reason=decision.reason,
            )  # fmt: skip
            lead.open_task_id = task_id
            lead.changes["open_task_id"] = task_id
            self._request_suggestions(task_id)
            return task_id
        change: dict[str, Any] = {"message_id": message_id}
        if task.link != decision.link:
            change.update(previous_link=task.link, link=decision.link)
        values: dict[str, Any] = {"messages_seen": task.messages_seen + 1, **link}
        if newer_than(at, message_id, task.request_at, task.request_message_id):
            values.update(request)
            self._request_suggestions(task.id)
        else:
            change["note"] = "an older request; the task keeps the newer one's words"
            if task.link != decision.link:
                values["suggestions_state"] = "waiting"
                self._request_suggestions(task.id)
        self.pending.append((statements.UPDATE_TASK, {"_row": task.id, "updated_at": _now(), **values}))
        self._event("task.updated", "task", task.id, **change)
        return task.id  # type: ignore[no-any-return]

    def _note_on_open_task(
        self, lead: _Lead, message_id: str, captured: bool, analysis: Analysis, team: Team
    ) -> None:
        """A reply that asks for no booking still belongs on the lead's open task: whoever handles it must
        see "never mind" before booking, and a newer link the reply brought replaces the task's."""
        task = self._open_task(lead)
        if task is None:
            return
        values: dict[str, Any] = {}
        change: dict[str, Any] = {
            "message_id": message_id,
            "intent": analysis.intent.intent.value,
            "excerpt": excerpt(analysis.body.new_text, limit=200),
        }
        if captured and lead.link is not None and task.link != lead.link:
            values = {**_current_link(lead, team), "suggestions_state": "waiting"}
            change.update(previous_link=task.link, link=lead.link)
            self._request_suggestions(task.id)
        self.pending.append((statements.UPDATE_TASK, {"_row": task.id, "updated_at": _now(), **values}))
        self._event("task.lead_replied", "task", task.id, **change)

    @property
    def jobs(self) -> list[uuid.UUID]:
        """The ids of the jobs asked for (known once the transaction has committed)."""
        return [job.rows[0].id for job in self._jobs]

    def _request_suggestions(self, task_id: uuid.UUID) -> None:
        self._jobs.append(
            jobs.request_job_later(
                self.transaction, self.workspace_id, SUGGESTIONS_JOB, str(task_id), at=_now()
            )
        )

    def _open_task(self, lead: _Lead) -> Any:
        """The lead's open task, if any; most replies come from leads without one and cost no query."""
        if lead.open_task_id is None:
            return None
        task = self.transaction.first(statements.OPEN_TASK, {"task_id": lead.open_task_id})
        if task is None or (task.workspace_id, task.lead_id, task.status) != (
            self.workspace_id,
            lead.id,
            "open",
        ):
            return None
        return task


def _current_link(lead: _Lead, team: Team) -> dict[str, Any]:
    """The task columns that follow the lead's current link: the link itself and the texts naming it."""
    assert lead.link is not None
    content = review_content(
        link=lead.link,
        provider_name=provider_name(lead.provider),
        lead_name=lead.name,
        team_link=team.team_link,
    )
    return {
        "link": lead.link,
        "provider": lead.provider or "other",
        "link_seen_at": lead.seen_at,
        "fallback": content.fallback,
        "reply_draft": content.reply_draft,
    }


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
        "lead_windows": windows_as_json(analysis.lead_windows),
        "received_at": received_at.isoformat().replace("+00:00", "Z"),
    }
