"""Pieces every signed-in page shares: its header (workspace, notices) and the error pages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from schedlink.config import OperatorConfig
from schedlink.service.automation import workspace_notices
from schedlink.service.review_queue import count_open
from schedlink.service.web_sessions import WebSession
from schedlink.service.workspaces import workspace_header
from schedlink.store.db import Database
from schedlink.web.rendering import Frame, render


def frame_for(db: Database, session: WebSession, config: OperatorConfig) -> Frame:
    """The header of a page: the workspace's name and zone, the same notices the API gives, and the open
    tasks the Notices badge counts (the work waiting, not the notices)."""
    header = workspace_header(db, session.workspace_id)  # a session's workspace cascades its sessions away
    name, zone, link = header.name, header.timezone, header.team_link
    open_tasks = count_open(db, session.workspace_id)
    shown = workspace_notices(db, session.workspace_id, config, open_tasks=open_tasks)
    return Frame(session, name, zone, shown, open_tasks=open_tasks, team_link=link)


def not_found(request: Request, frame: Frame | None = None) -> HTMLResponse:
    """The same page for a missing object, another workspace's object and a malformed id."""
    return render(
        request, "error.html", status=404, frame=frame, title="Not found",
        message="There is nothing here. The task may belong to another workspace, or the address is wrong.",
    )  # fmt: skip


def forbidden(request: Request) -> HTMLResponse:
    return render(
        request, "error.html", status=403, title="Form expired",
        message="This form could not be accepted because its security token is missing or out of date. "
        "Go back, reload the page and try again.",
    )  # fmt: skip


def unusable_input(request: Request, fields: list[str]) -> HTMLResponse:
    """The page for a form or address holding text that cannot be stored (a NUL character)."""
    return render(
        request, "error.html", status=422, title="Unusable characters",
        message=f"The form or address holds a character that cannot be stored (a NUL character) in: "
        f"{', '.join(fields)}. Go back, remove it and try again.",
    )  # fmt: skip
