"""Every error leaves the API as ``{"error": {"code", "message"}}`` (plus ``fields`` for bad bodies).

One code per cause: ``malformed_json`` (400) for any body that cannot be read as JSON (bad syntax, not
UTF-8, nested too deep), ``invalid_request`` (422) for JSON whose values are not usable, and so on; the
README's table lists them all.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schedlink.service.errors import Conflict, InvalidRequest, NotFound, Unauthorized

logger = logging.getLogger("schedlink.api")
_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}
MALFORMED_JSON = "the request body is not valid JSON"
# FastAPI answers 400 when a body fails to parse in a way other than JSON syntax (invalid UTF-8, nesting
# too deep for the parser); to a client that is the same cause as broken syntax.
_UNREADABLE_BODY = MALFORMED_JSON + ": it must be UTF-8 text, nested at most a few hundred levels deep"


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    merged = dict(headers or {})
    if status == 401:
        merged["WWW-Authenticate"] = "Bearer"
    return JSONResponse(
        {"error": {"code": code, "message": message, **extra}}, status_code=status, headers=merged
    )


def install(app: FastAPI) -> None:
    """Map service outcomes and framework errors onto the documented error shape."""
    app.add_middleware(UnexpectedErrors)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(error.get("type") == "json_invalid" for error in errors):
            return error_response(400, "malformed_json", MALFORMED_JSON)
        fields = [
            {"field": _location(error.get("loc", ())), "message": str(error.get("msg", ""))}
            for error in errors
        ]
        summary = "; ".join(f"{f['field']}: {f['message']}" for f in fields[:5])
        return error_response(422, "invalid_request", summary or "invalid request", fields=fields)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 400 and request.url.path.startswith("/v1/"):
            return error_response(400, "malformed_json", _UNREADABLE_BODY)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request)) or headers.get("Allow", "")
        code = _STATUS_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, str(exc.detail), headers=headers)

    @app.exception_handler(Unauthorized)
    async def _unauthorized(_request: Request, exc: Unauthorized) -> JSONResponse:
        return error_response(401, exc.code, str(exc))

    @app.exception_handler(NotFound)
    async def _not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return error_response(404, exc.code, str(exc))

    @app.exception_handler(Conflict)
    async def _conflict(_request: Request, exc: Conflict) -> JSONResponse:
        return error_response(409, exc.code, str(exc))

    @app.exception_handler(OperationalError)
    async def _database_down(_request: Request, _exc: OperationalError) -> JSONResponse:
        logger.exception("database unavailable")
        return error_response(
            503, "unavailable", "the database is not reachable right now; try again shortly"
        )

    @app.exception_handler(InvalidRequest)
    async def _invalid_content(_request: Request, exc: InvalidRequest) -> JSONResponse:
        field, _, message = str(exc).partition(": ")
        fields = [{"field": field, "message": message}] if message else []
        return error_response(422, exc.code, str(exc), fields=fields)


class UnexpectedErrors:
    """Answers an unexpected exception with 500 in the error shape, and ends the matter there.

    Not an ``exception_handler(Exception)``: Starlette runs that one in its outermost middleware, which
    re-raises after answering, and uvicorn then closes the client's keep-alive connection (the next
    request on it fails). Here the exception stops once it is logged and answered. An exception after
    the answer began cannot be answered any more; it goes on, and the server closes the connection.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            if started:
                raise
            logger.exception("unexpected error")
            response = error_response(500, "internal", "something went wrong on our side; nothing was stored")
            await response(scope, receive, send)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of the app answers at this path. The router stops at the first route whose
    path matches, so its own ``Allow`` names only that route's methods (``POST`` for ``/v1/calendars``)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        route_methods = getattr(route, "methods", None)
        if route_methods and route.matches(request.scope)[0] is not Match.NONE:
            methods.update(route_methods)
    return sorted(methods)


def _location(loc: Any) -> str:
    parts = [str(part) for part in loc if part not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"
