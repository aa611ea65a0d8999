"""Book and Dry run from a task's page, and the download of an attempt's evidence.

Asking answers at once: the attempt runs in a background job and the task page shows its progress. A
guardrail that refuses before any work shows the task page again (409) with the reason beside the times.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from schedlink.config import OperatorConfig
from schedlink.domain.bounds import in_range
from schedlink.service import records
from schedlink.service.bookings import BookingRefused, evidence_piece, get_booking, request_booking
from schedlink.service.errors import Conflict, InvalidRequest, NotFound
from schedlink.service.evidence import EvidenceStore
from schedlink.store.db import Database
from schedlink.web import csrf
from schedlink.web.auth import SignedIn
from schedlink.web.pages import frame_for, not_found
from schedlink.web.rendering import render
from schedlink.web.routes_tasks import task_page

# What a person can do next after a refusal, by the guardrail that refused (the message says why).
NEXT_STEP = {
    "automation_on": "Change the mode under Settings → Automation, or book by hand.",
    "lead_not_booked": "See the booking attempts below.",
    "booking_identity": "Ask an administrator to set it; until then, book by hand.",
}
_UNREADABLE_TIME = "That time could not be read. Reload the page and press the button again."
_FILE_KIND = re.compile(r"[^a-z0-9_-]+")


def booking_routes(db: Database, config: OperatorConfig) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    store = EvidenceStore(config.data_dir)

    @router.post("/booking/tasks/{task_id}/book")
    def book(
        request: Request,
        task_id: str,
        session: SignedIn,
        start: Annotated[str, Form()] = "",
        dry_run: Annotated[str, Form()] = "0",
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        frame = frame_for(db, session, config)
        checking_only = dry_run == "1"
        try:
            parsed = records.parse_id(task_id, "task")
        except NotFound:
            return not_found(request, frame)
        moment = _instant(start)
        if moment is None:
            return task_page(db, config, request, frame, task_id, status=422, booking_error=_UNREADABLE_TIME)
        try:
            made = request_booking(
                db, session.workspace_id, parsed, moment, dry_run=checking_only, actor=session.who,
                config=config,
            )  # fmt: skip
        except NotFound:
            return not_found(request, frame)
        except BookingRefused as refused:
            message = " ".join(filter(None, (_sentence(str(refused)), NEXT_STEP.get(refused.reason))))
            return task_page(db, config, request, frame, task_id, status=409, booking_error=message)
        except InvalidRequest as exc:
            return task_page(
                db, config, request, frame, task_id, status=422, booking_error=_sentence(str(exc))
            )
        except Conflict as exc:
            return task_page(
                db, config, request, frame, task_id, status=409, booking_error=_sentence(str(exc))
            )
        if not made.created:
            flash = "booking_again"
        else:
            flash = "dry_run_requested" if checking_only else "booking_requested"
        return RedirectResponse(f"/booking/tasks/{parsed}?flash={flash}#attempts", status_code=303)

    @router.get("/booking/tasks/{task_id}/bookings/{booking_id}/evidence/{sha256}")
    def evidence(request: Request, task_id: str, booking_id: str, sha256: str, session: SignedIn) -> Response:
        """One piece of an attempt's evidence. Text and JSON are only ever served as an attachment with
        ``nosniff`` (never rendered as a page of this site); screenshots inline, as images."""
        try:
            booking = get_booking(db, session.workspace_id, records.parse_id(booking_id, "booking"))
            if booking.task_id != records.parse_id(task_id, "task"):
                raise NotFound("the booking belongs to another task")
            piece = evidence_piece(db, session.workspace_id, booking.id, sha256.lower())
        except NotFound:
            return not_found(request, frame_for(db, session, config))
        media_type = served_type(piece.media_type)
        content = store.get(piece.sha256) if media_type else None
        if media_type is None or content is None:
            return render(
                request, "error.html", status=404, frame=frame_for(db, session, config), title="Not kept",
                message="This piece of evidence is no longer kept (old evidence is pruned), or it is not "
                "text that can be downloaded here.",
            )  # fmt: skip
        extension = _EXTENSIONS.get(media_type, "txt")
        name = f"{_FILE_KIND.sub('-', piece.kind.lower())[:40] or 'evidence'}-{piece.sha256[:12]}.{extension}"
        # The browser's own screenshots are shown on the task page; everything else is a download.
        disposition = "inline" if media_type == "image/png" else "attachment"
        return Response(
            content, media_type=media_type,
            headers={"Content-Disposition": f'{disposition}; filename="{name}"', "X-Content-Type-Options": "nosniff"},
        )  # fmt: skip

    return router


_EXTENSIONS = {"application/json": "json", "image/png": "png", "application/zip": "zip"}


def served_type(media_type: str) -> str | None:
    """The Content-Type a piece is served with: JSON as JSON, any text as plain text (so an HTML body a
    provider answered with can never become a page), the browser's PNG screenshots and trace archives as
    themselves, anything else not at all."""
    base = media_type.split(";", 1)[0].strip().lower()
    if base in ("image/png", "application/zip"):
        return base
    if base == "application/json" or (base.startswith("application/") and base.endswith("+json")):
        return base
    if base.startswith("text/"):
        return "text/plain; charset=utf-8"
    return None


def _instant(value: str) -> datetime | None:
    """The posted start (the suggested slot's UTC ISO time), or ``None`` when it is not an exact time."""
    try:
        return in_range(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
