"""Pieces every signed-in page shares: its header (workspace, notices) and the error pages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from schedlink.domain.notices import notices
from schedlink.service.booking_queue import count_open
from schedlink.service.web_sessions import WebSession
from schedlink.store.db import Database
from schedlink.store.models import WorkspaceRow
from schedlink.web.rendering import Frame, render


def frame_for(db: Database, session: WebSession) -> Frame:
    """The header of a page: the workspace's name and zone, and the same notices the API gives."""
    with db.read() as read:
        workspace = read.get(WorkspaceRow, session.workspace_id)
        assert workspace is not None  # a session's workspace cascades its sessions away
        name, zone = workspace.name, workspace.timezone
    return Frame(session, name, zone, notices(count_open(db, session.workspace_id)))


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
