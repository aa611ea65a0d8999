"""Routes for booking automation: the switches, asking for a booking, and reading bookings and their
evidence. Asking answers at once (202) — the booking runs in a background job — or 409 when a guardrail
refuses before any work."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from schedlink.api.common import Workspace, documented_errors, key_actor
from schedlink.api.errors import error_response
from schedlink.api.fields import CleanText, Instant
from schedlink.api.schemas import Strict
from schedlink.config import OperatorConfig
from schedlink.service import automation, bookings, records
from schedlink.service.bookings import BookingRefused, BookingView
from schedlink.service.evidence import EvidenceStore
from schedlink.store.db import Database

ModeName = Literal["off", "dry_run", "approve", "auto"]


class AutomationIn(Strict):
    kill_switch: bool | None = None
    providers: dict[CleanText, ModeName] | None = Field(default=None, max_length=100)
    intent_max_age_days: int | None = None
    rate_limit_per_hour: int | None = None


class AutomationOut(BaseModel):
    kill_switch: bool
    providers: dict[str, str] = Field(description="Every provider that can be switched, with its mode.")
    bookable: list[str] = Field(
        description="Providers a booking can reach today (a public booking API, or their page in a browser)."
    )
    person_presses_book: list[str] = Field(
        description="Of those, the providers booked on their page by the careful generic driver: only ever "
        "when a person presses Book (an automatic attempt is blocked)."
    )
    intent_max_age_days: int
    rate_limit_per_hour: int
    operator_allows: bool = Field(description="False when the server's operator turned automation off.")


class BookingIn(Strict):
    start: Instant
    dry_run: bool = False


class GuardrailOut(BaseModel):
    name: str
    passed: bool
    detail: str
    at: str


class ConfirmationOut(BaseModel):
    id: str | None
    url: str | None
    text: str | None


class EvidenceOut(BaseModel):
    kind: str
    sha256: str
    size: int
    created_at: datetime


class BookingError(BaseModel):
    code: str
    message: str


class BookingOut(BaseModel):
    id: str
    task_id: str
    lead_id: str
    provider: str
    link: str
    start: datetime
    end: datetime
    state: str
    method: str
    dry_run: bool
    attempt: int
    guardrails: list[GuardrailOut]
    confirmation: ConfirmationOut | None
    evidence: list[EvidenceOut]
    error: BookingError | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: BookingView) -> BookingOut:
        return cls.model_validate(view.to_json())


class BookingList(BaseModel):
    items: list[BookingOut]


def automation_out(db: Database, workspace_id: Any, config: OperatorConfig) -> AutomationOut:
    settings = automation.get_settings(db, workspace_id)
    return AutomationOut.model_validate(automation.settings_in_force(settings, config))


def booking_routes(app: FastAPI, db: Database, config: OperatorConfig) -> None:
    evidence = EvidenceStore(config.data_dir)

    @app.get(
        "/v1/automation", response_model=AutomationOut, tags=["automation"], responses=documented_errors()
    )
    def get_automation(workspace_id: Workspace) -> AutomationOut:
        """The automation switches in force: every provider is ``off`` unless a person turned it on."""
        return automation_out(db, workspace_id, config)

    @app.patch(
        "/v1/automation",
        response_model=AutomationOut,
        tags=["automation"],
        responses=documented_errors(400, 422),
    )
    def patch_automation(body: AutomationIn, workspace_id: Workspace, request: Request) -> AutomationOut:
        """Change modes per provider, the kill switch or the limits; validated whole and audited."""
        change = automation.AutomationChange(
            kill_switch=body.kill_switch,
            providers=dict(body.providers) if body.providers is not None else None,
            intent_max_age_days=body.intent_max_age_days,
            rate_limit_per_hour=body.rate_limit_per_hour,
        )
        automation.change_settings(db, workspace_id, change, actor=key_actor(request))
        return automation_out(db, workspace_id, config)

    @app.post(
        "/v1/tasks/{task_id}/bookings",
        status_code=202,
        response_model=BookingOut,
        tags=["bookings"],
        responses={
            **documented_errors(400, 404, 409, 422),
            200: {"model": BookingOut, "description": "The same request was made before: its booking."},
        },
    )
    def create_booking(
        task_id: str, body: BookingIn, workspace_id: Workspace, request: Request, response: Response
    ) -> BookingOut | JSONResponse:
        """Book ``start`` on the task's link (or only check it, with ``dry_run``). 202 with the new
        booking; 200 with the same booking when asked again; 409 when a guardrail refuses at once."""
        try:
            made = bookings.request_booking(
                db, workspace_id, records.parse_id(task_id, "task"), body.start,
                dry_run=body.dry_run, actor=key_actor(request), config=config,
            )  # fmt: skip
        except BookingRefused as refused:
            return error_response(409, "booking_refused", str(refused), reason=refused.reason)
        if not made.created:
            response.status_code = 200
        return BookingOut.of(made.booking)

    @app.get(
        "/v1/bookings/{booking_id}",
        response_model=BookingOut,
        tags=["bookings"],
        responses=documented_errors(404),
    )
    def get_booking(booking_id: str, workspace_id: Workspace) -> BookingOut:
        return BookingOut.of(bookings.get_booking(db, workspace_id, records.parse_id(booking_id, "booking")))

    @app.get(
        "/v1/bookings", response_model=BookingList, tags=["bookings"], responses=documented_errors(404, 422)
    )
    def list_bookings(
        workspace_id: Workspace,
        task_id: Annotated[CleanText | None, Query(max_length=64)] = None,
        state: Annotated[CleanText | None, Query(max_length=32)] = None,
        limit: Annotated[int, Query(ge=1, le=bookings.MAX_PAGE)] = 50,
    ) -> BookingList:
        task = records.parse_id(task_id, "task") if task_id else None
        found = bookings.list_bookings(db, workspace_id, task_id=task, state=state, limit=limit)
        return BookingList(items=[BookingOut.of(view) for view in found])

    @app.get(
        "/v1/bookings/{booking_id}/evidence/{sha256}",
        tags=["bookings"],
        responses={**documented_errors(404), 200: {"description": "The piece's bytes."}},
    )
    def get_evidence(booking_id: str, sha256: str, workspace_id: Workspace) -> Response:
        """One piece of a booking's evidence, as stored (JSON for provider exchanges and summaries)."""
        piece = bookings.evidence_piece(
            db, workspace_id, records.parse_id(booking_id, "booking"), sha256.lower()
        )
        content = evidence.get(piece.sha256)
        if content is None:
            return error_response(404, "not_found", "the piece is recorded but no longer kept (pruned)")
        return Response(
            content, media_type=piece.media_type,
            headers={"Content-Disposition": f'attachment; filename="{piece.kind}-{piece.sha256[:12]}"'},
        )  # fmt: skip
