"""Signing in to the Booking tab (API key, or an invited user's email and password) and signing out.

The session cookie is HttpOnly, SameSite=Lax, Path=/, and Secure whenever the request came over https.
A failed sign-in says only that the details did not work, never which part was wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from schedlink.service.sign_in_throttle import SignInThrottle, account_key, client_address
from schedlink.service.web_sessions import (
    SESSION_LIFETIME,
    StartedSession,
    WebSession,
    end_session,
    find_session,
    sign_in_with_key,
    sign_in_with_password,
)
from schedlink.store.db import Database
from schedlink.web import csrf
from schedlink.web.rendering import render

SESSION_COOKIE = "schedlink_session"
HOME = "/booking"
FAILED = "Those sign-in details did not work. Check them and try again."


class SignInRequired(Exception):
    """No live session: the page answers with a redirect to the sign-in form."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def now() -> datetime:
    return datetime.now(UTC)


def safe_next(value: str | None) -> str:
    """Where to go after signing in: only a path on this site (``/booking…``), never another origin."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return HOME
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return HOME
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return HOME
    return value


def current_session(request: Request) -> WebSession:
    """The request's live session, or a redirect to the sign-in form (``SignInRequired``)."""
    found = find_session(request.app.state.db, request.cookies.get(SESSION_COOKIE), now=now())
    if found is None:
        target = request.url.path if request.method == "GET" else HOME
        if request.method == "GET" and request.url.query:
            target += "?" + request.url.query
        raise SignInRequired(target)
    return found


SignedIn = Annotated[WebSession, Depends(current_session)]


def sign_in_redirect(next_path: str) -> RedirectResponse:
    return RedirectResponse("/signin?next=" + quote(safe_next(next_path), safe="/"), status_code=303)


def auth_routes(db: Database, throttle: SignInThrottle | None = None) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    throttle = throttle or SignInThrottle(db)

    @router.get("/signin")
    def signin_form(request: Request, next: str = HOME) -> Response:
        if find_session(db, request.cookies.get(SESSION_COOKIE), now=now()) is not None:
            return RedirectResponse(safe_next(next), status_code=303)
        return _signin_page(request, next_path=safe_next(next))

    @router.post("/signin")
    def signin(
        request: Request,
        method: Annotated[str, Form()] = "password",
        email: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        api_key: Annotated[str, Form()] = "",
        next: Annotated[str, Form()] = HOME,
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        try:
            csrf.require_match(request.cookies.get(csrf.SIGNIN_COOKIE), csrf_token)
        except csrf.CsrfRejected:
            return _signin_page(
                request, next_path=safe_next(next), email=email, status=403,
                error="This form expired. Please sign in again.",
            )  # fmt: skip
        account = account_key(method, email=email, api_key=api_key)
        address = request_address(request)
        admission = throttle.admit(account, address)  # counted before the check: a burst cannot overrun it
        if wait := admission.wait:
            minutes = (wait + 59) // 60
            return _signin_page(
                request, next_path=safe_next(next), email=email, status=429, method=method,
                error=f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
                headers={"Retry-After": str(wait)},
            )  # fmt: skip
        if method == "key":
            started = sign_in_with_key(db, api_key, now=now())
        else:
            started = sign_in_with_password(db, email, password, now=now())
        if started is None:
            return _signin_page(
                request, next_path=safe_next(next), email=email, status=401, error=FAILED, method=method
            )
        throttle.succeeded(account, admission)
        return _signed_in_response(request, started, safe_next(next))

    @router.post("/signout")
    def signout(
        request: Request,
        session: SignedIn,
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        end_session(db, session.session_id, now=now())
        response = RedirectResponse("/signin?flash=signed_out", status_code=303)
        response.delete_cookie(
            SESSION_COOKIE, path="/", secure=_https(request), httponly=True, samesite="lax"
        )
        return response

    @router.get("/")
    def root() -> Response:
        return RedirectResponse(HOME, status_code=303)

    return router


def _signin_page(
    request: Request,
    *,
    next_path: str,
    email: str = "",
    error: str | None = None,
    status: int = 200,
    method: str = "password",
    headers: dict[str, str] | None = None,
) -> Response:
    token = csrf.usable_token(request.cookies.get(csrf.SIGNIN_COOKIE)) or csrf.new_token()
    response = render(
        request, "signin.html", status=status, signin_token=token, next_path=next_path, email=email,
        error=error, method=method,
    )  # fmt: skip
    response.headers.update(headers or {})
    response.set_cookie(
        csrf.SIGNIN_COOKIE, token, max_age=3600, path="/signin", httponly=True, samesite="lax",
        secure=_https(request),
    )  # fmt: skip
    return response


def _signed_in_response(request: Request, started: StartedSession, target: str) -> Response:
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE, started.token, max_age=int(SESSION_LIFETIME.total_seconds()), path="/",
        httponly=True, samesite="lax", secure=_https(request),
    )  # fmt: skip
    response.delete_cookie(csrf.SIGNIN_COOKIE, path="/signin", httponly=True, samesite="lax")
    return response


def request_address(request: Request) -> str:
    """The client's address for the throttle: forwarding headers count only from trusted proxies."""
    config = getattr(request.app.state, "config", None)
    trusted = config.trusted_proxies if config is not None else ()
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers, trusted)


def _https(request: Request) -> bool:
    return request.url.scheme == "https"
