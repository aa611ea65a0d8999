"""Rendering pages: one Jinja2 environment with autoescaping on for every template and string.

Flash messages travel as a short key in the redirect's query (``?flash=saved``) and are looked up in a
fixed table, so no text from a URL is ever shown on a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined

from schedlink.domain.notices import Notice
from schedlink.service.web_sessions import WebSession

FLASHES = {
    "saved": "Saved.",
    "scheduling_saved": "Scheduling rules saved.",
    "booked": "Marked as booked. The task has left the open queue.",
    "dismissed": "Dismissed. The task has left the open queue.",
    "already_closed": "That task was already closed by someone else.",
    "refresh_requested": "Suggestions will be computed again shortly.",
    "refresh_closed": "Only open tasks get suggestions.",
    "automation_saved": "Automation settings saved.",
    "booking_requested": "Booking requested. Its progress shows below.",
    "dry_run_requested": "Dry run requested. Nothing will be sent to their page.",
    "booking_again": "Already asked: showing that attempt.",
    "calendar_added": "Calendar added. It is read in the background; its status shows below.",
    "calendar_removed": "Calendar removed.",
    "signed_out": "You are signed out.",
}

_environment = Environment(
    loader=PackageLoader("schedlink.web", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class Frame:
    """What every signed-in page's header shows."""

    session: WebSession
    workspace_name: str
    team_zone: str
    notices: tuple[Notice, ...]
    open_tasks: int = 0  # what the Notices badge counts: the tasks waiting for a person
    team_link: str | None = None  # the link a lead is offered when theirs has no workable time


def render(
    request: Request, template: str, *, status: int = 200, frame: Frame | None = None, **context: Any
) -> HTMLResponse:
    flash = FLASHES.get(request.query_params.get("flash", ""))
    html = _environment.get_template(template).render(
        frame=frame,
        csrf_token=frame.session.csrf_token if frame else "",
        flash=flash,
        path=request.url.path,
        **context,
    )
    return HTMLResponse(html, status_code=status)
