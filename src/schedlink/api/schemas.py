"""Request and response bodies. Requests forbid unknown fields so that a typo is an error, not a no-op."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from schedlink.api.fields import INSTANT_RANGE, CleanText, Instant, utf8_at_most
from schedlink.domain.providers import provider_name
from schedlink.service.inbound import MAX_MESSAGE_ID, MAX_MESSAGE_ID_BYTES
from schedlink.service.read_models import EventRecord, LeadRecord, SightingRecord, TaskRecord
from schedlink.service.records import TaskView

Channel = Literal["email", "sms", "linkedin", "chat", "other"]


class Strict(BaseModel):
    """A request body: unknown fields refused, and no coercion (``"5"`` is not 5, ``0`` is not false, a
    number is not a time). Text fields are ``CleanText`` and times ``Instant`` (``api/fields.py``)."""

    model_config = ConfigDict(extra="forbid", str_max_length=1_000_000, strict=True)


class LeadIn(Strict):
    """Who wrote the reply; at least one of email, phone (with country code) or external_id is needed."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "anyOf": [
                {"required": ["email"], "properties": {"email": {"type": "string"}}},
                {"required": ["phone"], "properties": {"phone": {"type": "string"}}},
                {"required": ["external_id"], "properties": {"external_id": {"type": "string"}}},
            ]
        },
    )

    email: str | None = Field(default=None, max_length=320)
    phone: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=200)
    external_id: str | None = Field(default=None, max_length=255)


class InboundIn(Strict):
    """One reply. Its text fields may carry NUL characters or broken surrogates: they are stored as U+FFFD
    (a reply is never refused for one stray byte), so they are plain ``str`` here, not ``CleanText``."""

    message_id: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_MESSAGE_ID,
            description=f"At most {MAX_MESSAGE_ID} characters and {MAX_MESSAGE_ID_BYTES} bytes of UTF-8.",
        ),
        AfterValidator(utf8_at_most(MAX_MESSAGE_ID_BYTES)),
    ]
    channel: Channel = "email"
    received_at: Instant | None = Field(
        default=None,
        description="When the lead sent the reply (ISO-8601 with offset, "
        f"{INSTANT_RANGE}); defaults to when schedlink received it.",
    )
    lead: LeadIn
    subject: str | None = Field(default=None, max_length=2000)
    text: str = ""
    html: str | None = None
    sentiment: str | None = Field(default=None, max_length=64)


class InboundOut(BaseModel):
    message_id: str
    lead_id: str
    link: str | None
    provider: str | None
    region: str | None
    captured: bool
    intent: str
    intent_confidence: float
    intent_phrase: str
    act: bool
    act_reason: str
    task_id: str | None
    lead_timezone: str | None
    lead_windows: list[dict[str, str]]
    received_at: str


class LeadOut(BaseModel):
    id: str
    email: str | None
    phone: str | None
    external_id: str | None
    name: str | None
    external_scheduling_link: str | None
    external_scheduling_link_provider: str | None
    external_scheduling_link_last_seen_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, lead: LeadRecord) -> LeadOut:
        return cls(
            id=str(lead.id),
            email=lead.email,
            phone=lead.phone,
            external_id=lead.external_id,
            name=lead.name,
            external_scheduling_link=lead.external_scheduling_link,
            external_scheduling_link_provider=lead.external_scheduling_link_provider,
            external_scheduling_link_last_seen_at=lead.external_scheduling_link_last_seen_at,
            created_at=lead.created_at,
            updated_at=lead.updated_at,
        )


class LeadList(BaseModel):
    items: list[LeadOut]


class SlotOut(BaseModel):
    """A suggested time (UTC), why it was chosen, and a link that opens it preselected on their page."""

    start: str
    end: str
    reason: str = ""
    booking_url: str | None = None


class TaskOut(BaseModel):
    id: str
    lead_id: str
    campaign_name: str
    status: str
    link: str
    provider: str
    provider_name: str
    message_excerpt: str
    suggested_slots: list[SlotOut]
    suggestions_note: str | None
    suggestions_state: Literal["waiting", "ready", "failed"]
    suggestions_refreshed_at: datetime | None
    lead_timezone: str | None
    fallback: str
    reply_draft: str
    decision_reason: str
    messages_seen: int
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    resolution_note: str | None
    booked_start: datetime | None

    @classmethod
    def of(cls, task: TaskRecord) -> TaskOut:
        return cls(
            id=str(task.id),
            lead_id=str(task.lead_id),
            campaign_name=task.campaign_name,
            status=task.status,
            link=task.link,
            provider=task.provider,
            provider_name=provider_name(task.provider),
            message_excerpt=task.message_excerpt,
            suggested_slots=[SlotOut.model_validate(slot) for slot in task.suggested_slots],
            suggestions_note=task.suggestions_note,
            suggestions_state=task.suggestions_state,  # type: ignore[arg-type]
            suggestions_refreshed_at=task.suggestions_refreshed_at,
            lead_timezone=task.lead_timezone,
            fallback=task.fallback,
            reply_draft=task.reply_draft,
            decision_reason=task.decision_reason,
            messages_seen=task.messages_seen,
            created_at=task.created_at,
            updated_at=task.updated_at,
            resolved_at=task.resolved_at,
            resolved_by=task.resolved_by,
            resolution_note=task.resolution_note,
            booked_start=task.booked_start,
        )


class HistoryEntry(BaseModel):
    at: datetime
    actor: str
    action: str
    details: dict[str, Any]

    @classmethod
    def of(cls, event: EventRecord) -> HistoryEntry:
        return cls(at=event.at, actor=event.actor, action=event.action, details=event.details)


class SightingOut(BaseModel):
    url: str
    provider: str
    region: str
    seen_at: datetime
    became_current: bool

    @classmethod
    def of(cls, sighting: SightingRecord) -> SightingOut:
        return cls(
            url=sighting.url,
            provider=sighting.provider,
            region=sighting.region,
            seen_at=sighting.seen_at,
            became_current=sighting.became_current,
        )


class TaskDetail(TaskOut):
    lead: LeadOut
    history: list[HistoryEntry]
    sightings: list[SightingOut]

    @classmethod
    def of_view(cls, view: TaskView) -> TaskDetail:
        return cls(
            **TaskOut.of(view.task).model_dump(),
            lead=LeadOut.of(view.lead),
            history=[HistoryEntry.of(event) for event in view.history],
            sightings=[SightingOut.of(sighting) for sighting in view.sightings],
        )


class TaskList(BaseModel):
    items: list[TaskOut]
    total: int
    limit: int
    offset: int


class ResolveIn(Strict):
    status: Literal["done", "dismissed"]
    note: CleanText | None = Field(default=None, max_length=2000)
    booked_start: Instant | None = Field(
        default=None, description=f"When the booked meeting starts (ISO-8601 with offset, {INSTANT_RANGE})."
    )
    by: CleanText | None = Field(
        default=None, max_length=200, description="Who resolved it; defaults to the API key."
    )


class NoticeOut(BaseModel):
    id: str
    level: str
    title: str
    body: str


class NoticeList(BaseModel):
    items: list[NoticeOut]


class ErrorBody(BaseModel):
    code: str
    message: str
    fields: list[dict[str, str]] | None = None


class ErrorOut(BaseModel):
    """The shape of every error answer."""

    error: ErrorBody
