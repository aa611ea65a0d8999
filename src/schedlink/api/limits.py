"""Checks on a request body before any parsing: a hard size cap (declared or streamed) and JSON only."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1_000_000
# Calendar uploads may carry a whole .ics file (the calendars service takes up to 5 MB of it).
LARGER_BODIES = {"/v1/calendars": 6_000_000, "/booking/settings/calendars": 6_000_000}


class BodyLimit:
    """Answers 413 for bodies over ``limit`` bytes and 415 for API bodies that are not declared JSON.

    Smaller bodies are buffered and passed on unchanged. Without the media-type check, a body sent as a
    form (curl's default) would surface as a confusing "expected an object" validation error.
    """

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY_BYTES, larger: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.larger = LARGER_BODIES if larger is None else larger

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.limit)
        declared = dict(scope.get("headers", ())).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._too_large(send, limit)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._too_large(send, limit)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body and scope["path"].startswith("/v1/") and not _declares_json(scope):
            await _error(
                send, 415, "unsupported_media_type", "send the body as JSON (Content-Type: application/json)"
            )
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, send: Send, limit: int) -> None:
        await _error(send, 413, "too_large", f"request body over {limit} bytes")


def _declares_json(scope: Scope) -> bool:
    header: bytes = dict(scope.get("headers", ())).get(b"content-type", b"")
    content_type = header.split(b";", 1)[0].strip().lower()
    return content_type == b"application/json" or content_type.endswith(b"+json")


async def _error(send: Send, status: int, code: str, message: str) -> None:
    payload = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
