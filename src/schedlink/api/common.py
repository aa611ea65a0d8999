"""What every route module shares: the caller's workspace from the API key, and documented errors."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import Depends, Request

from schedlink.api.schemas import ErrorOut
from schedlink.service.workspaces import authenticate


def documented_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers a route can give, all in the one error shape."""
    meaning = {
        400: "The body is not valid JSON.",
        401: "Missing, unknown or revoked API key.",
        404: "No such object in this workspace.",
        409: "The object is not in a state that allows this (or, for a reply, its message_id was used for other content).",
        413: "The body is over 1 MB.",
        415: "The body is not declared as JSON.",
        422: "The request's content is not usable; `fields` says where.",
        503: "The database is not reachable.",
    }
    return {status: {"model": ErrorOut, "description": meaning[status]} for status in (*statuses, 401, 503)}


async def caller_workspace(request: Request) -> uuid.UUID:
    """The workspace of the request's API key; every route but the health check requires one.

    Async on purpose: keys are almost always answered from memory, and a thread hop per request would
    cost more than the rare database lookup holds the event loop.
    """
    return authenticate(request.app.state.db, bearer_key(request))


def bearer_key(request: Request) -> str | None:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    return key.strip() if scheme.lower() == "bearer" else None


Workspace = Annotated[uuid.UUID, Depends(caller_workspace)]


def key_actor(request: Request) -> str:
    """Who an API change is audited as: the key's first characters, never the whole key."""
    return "api key " + (bearer_key(request) or "")[:10]
