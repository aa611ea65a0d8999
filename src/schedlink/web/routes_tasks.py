"""The review queue and a task's page, with its actions: mark booked, dismiss, refresh suggestions (Book and
Dry run are in ``routes_bookings``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from schedlink.config import OperatorConfig
from schedlink.domain.booking.automation import Mode
from schedlink.service import records, workers
from schedlink.service.automation import BOOKABLE, get_settings
from schedlink.service.bookings import MAX_PAGE, list_bookings
from schedlink.service.errors import Conflict, InvalidRequest, NotFound
from schedlink.service.records import Resolution, TaskStatus
from schedlink.service.review_queue import QueueEntry, QueueQuery, later_reply, list_queue
from schedlink.service.suggestions import request_refresh
from schedlink.store.db import Database
from schedlink.web import attempts, csrf, history, views
from schedlink.web.auth import SignedIn, now
from schedlink.web.pages import frame_for, not_found
from schedlink.web.rendering import Frame, render

PAGE_SIZE = 20
STATUS_CHOICES = ("open", "done", "dismissed", "all")


def task_routes(db: Database, config: OperatorConfig) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/booking")
    def queue(
        request: Request,
        session: SignedIn,
        status: str = "open",
        provider: str = "",
        q: str = "",
        page: str = "1",
    ) -> Response:
        frame = frame_for(db, session, config)
        status = status if status in STATUS_CHOICES else "open"
        number = max(1, int(page)) if page.isascii() and page.isdigit() and len(page) < 7 else 1
        query = QueueQuery(
            status=None if status == "all" else TaskStatus(status),
            provider=provider.strip()[:40] or None,
            search=q.strip()[:200] or None,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
        result = list_queue(db, session.workspace_id, query)
        moment = now()
        cards = [
            views.task_card(
                entry.task, entry.lead, team_zone=frame.team_zone, now=moment, later_reply=entry.later_reply,
                team_link=frame.team_link,
            )
            for entry in result.entries
        ]  # fmt: skip
        lines = attempts.queue_lines(db, session.workspace_id, [entry.task.id for entry in result.entries])
        controls = _queue_controls(db, config, session.workspace_id, result.entries)
        filters = {"status": status, "provider": query.provider or "", "q": query.search or ""}
        pages = max(1, -(-result.total // PAGE_SIZE))
        return render(
            request, "queue.html", frame=frame, cards=cards, lines=lines, total=result.total, filters=filters,
            common_note=common_note(cards), controls=controls,
            providers=[(slug, views.task_provider_label(slug)) for slug in result.providers],
            filtered=bool(query.provider or query.search or status != "open"),
            page=number, pages=pages,
            previous_href=_queue_href(filters, number - 1) if number > 1 else None,
            next_href=_queue_href(filters, number + 1) if number < pages else None,
        )  # fmt: skip

    @router.get("/booking/tasks/{task_id}")
    def task_detail(request: Request, task_id: str, session: SignedIn) -> Response:
        return task_page(db, config, request, frame_for(db, session, config), task_id)

    @router.post("/booking/tasks/{task_id}/booked")
    def mark_booked(
        request: Request,
        task_id: str,
        session: SignedIn,
        booked_start: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        frame = frame_for(db, session, config)
        if not booked_start.strip():
            return task_page(
                db, config, request, frame, task_id, status=422, values={"booked_start": booked_start},
                errors={"booked_start": "give the time of the meeting you booked"},
            )  # fmt: skip
        try:
            start = views.parse_local_time(booked_start, frame.team_zone)
        except ValueError as exc:
            return task_page(
                db, config, request, frame, task_id, status=422, values={"booked_start": booked_start},
                errors={"booked_start": str(exc)},
            )  # fmt: skip
        resolution = Resolution(TaskStatus.DONE, by=session.who, booked_start=start)
        return _resolve(request, frame, task_id, resolution, flash="booked")

    @router.post("/booking/tasks/{task_id}/dismiss")
    def dismiss(
        request: Request,
        task_id: str,
        session: SignedIn,
        note: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        frame = frame_for(db, session, config)
        reason = note.strip()[:2000]
        if not reason:
            return task_page(
                db, config, request, frame, task_id, status=422, values={"note": note},
                errors={"note": "say why the task is dismissed"},
            )  # fmt: skip
        resolution = Resolution(TaskStatus.DISMISSED, by=session.who, note=reason)
        return _resolve(request, frame, task_id, resolution, flash="dismissed")

    @router.post("/booking/tasks/{task_id}/refresh")
    def refresh(
        request: Request, task_id: str, session: SignedIn, csrf_token: Annotated[str, Form()] = ""
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        try:
            parsed = records.parse_id(task_id, "task")
            records.get_task(db, session.workspace_id, parsed)
        except NotFound:
            return not_found(request, frame_for(db, session, config))
        try:
            request_refresh(db, session.workspace_id, parsed, actor=session.who)
        except Conflict:
            return _back_to_task(parsed, "refresh_closed")
        except NotFound:
            return not_found(request, frame_for(db, session, config))
        return _back_to_task(parsed, "refresh_requested")

    def _resolve(
        request: Request, frame: Frame, task_id: str, resolution: Resolution, *, flash: str
    ) -> Response:
        try:
            records.resolve_task(
                db, frame.session.workspace_id, records.parse_id(task_id, "task"), resolution
            )
        except NotFound:
            return not_found(request, frame)
        except Conflict:
            return RedirectResponse("/booking?flash=already_closed", status_code=303)
        except InvalidRequest as exc:
            field, _, message = str(exc).partition(": ")
            errors = {field: message or str(exc)}
            return task_page(db, config, request, frame, task_id, status=422, errors=errors)
        return RedirectResponse(f"/booking?flash={flash}", status_code=303)

    return router


def task_page(
    db: Database,
    config: OperatorConfig,
    request: Request,
    frame: Frame,
    task_id: str,
    *,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    booking_error: str | None = None,
) -> Response:
    """A task's page; a failed form shows it again with the input kept and ``errors`` (or
    ``booking_error``, the reason a Book or Dry run was refused) beside it."""
    try:
        view = records.get_task(db, frame.session.workspace_id, records.parse_id(task_id, "task"))
    except NotFound:
        return not_found(request, frame)
    moment = now()
    card = views.task_card(
        view.task, view.lead, team_zone=frame.team_zone, now=moment, later_reply=later_reply(view.history),
        team_link=frame.team_link,
    )  # fmt: skip
    found = list_bookings(db, frame.session.workspace_id, task_id=view.task.id, limit=MAX_PAGE)
    controls = attempts.booking_controls(
        provider=view.task.provider, task_status=view.task.status,
        settings=get_settings(db, frame.session.workspace_id), operator_allows=config.automation_allowed,
        attempts=found,
    )  # fmt: skip
    waiting = [item for item in found if item.method == "browser" and item.state in ("requested", "checking")]
    no_browser = bool(waiting) and not workers.browser_worker_alive(db, now=moment)
    shown = [
        attempts.attempt_view(item, team_zone=frame.team_zone, now=moment, no_browser_worker=no_browser)
        for item in found
    ]
    return render(
        request, "task.html", status=status, frame=frame, card=card,
        excerpt=views.highlight_link(view.task.message_excerpt, view.task.link),
        decision_reason=view.task.decision_reason,
        history=[history.history_line(event, frame.team_zone) for event in view.history],
        sightings=[history.sighting_line(row, frame.team_zone) for row in view.sightings],
        values={"booked_start": card.booked_default, "note": card.dismiss_reason, **(values or {})},
        errors=errors or {}, controls=controls, attempts=shown, booking_error=booking_error,
        in_progress=any(item.in_progress for item in shown), reloads=any(item.reloads for item in shown),
    )  # fmt: skip


def common_note(cards: Sequence[views.TaskCard]) -> str | None:
    """The note on the suggested times when every task on the page with times has the same one: the
    queue says it once above the list instead of on each task."""
    notes = {card.suggestions_message for card in cards if card.slots}
    if len(notes) != 1 or sum(1 for card in cards if card.slots) < 2:
        return None
    (note,) = notes
    return note


def _queue_controls(
    db: Database, config: OperatorConfig, workspace_id: uuid.UUID, entries: Sequence[QueueEntry]
) -> dict[uuid.UUID, attempts.BookingControls]:
    """Book and Dry run for the open tasks on the page whose provider can be booked, as on the task page
    (their attempts are read only for those, and only while the provider's mode is not off)."""
    settings = get_settings(db, workspace_id)
    found: dict[uuid.UUID, attempts.BookingControls] = {}
    for entry in entries:
        task = entry.task
        if (
            task.status != "open"
            or task.provider not in BOOKABLE
            or settings.mode_for(task.provider) is Mode.OFF
        ):
            continue
        tried = list_bookings(db, workspace_id, task_id=task.id, limit=MAX_PAGE)
        found[task.id] = attempts.booking_controls(
            provider=task.provider, task_status=task.status, settings=settings,
            operator_allows=config.automation_allowed, attempts=tried,
        )  # fmt: skip
    return found


def _back_to_task(task_id: uuid.UUID, flash: str) -> RedirectResponse:
    return RedirectResponse(f"/booking/tasks/{task_id}?flash={flash}", status_code=303)


def _queue_href(filters: dict[str, str], page: int) -> str:
    query = {key: value for key, value in filters.items() if value and (key, value) != ("status", "open")}
    if page > 1:
        query["page"] = str(page)
    return "/booking" + ("?" + urlencode(query) if query else "")
