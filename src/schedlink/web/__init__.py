"""The Booking tab: server-rendered pages for the people who handle review tasks."""

from __future__ import annotations

from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from schedlink.config import OperatorConfig
from schedlink.store.db import Database
from schedlink.web.auth import SignInRequired, auth_routes, sign_in_redirect
from schedlink.web.csrf import CsrfRejected
from schedlink.web.headers import STATIC_PREFIX, PageHeaders
from schedlink.web.inputs import UnstorableInput, refuse_unstorable_input
from schedlink.web.pages import forbidden, unusable_input
from schedlink.web.routes_bookings import booking_routes
from schedlink.web.routes_settings import settings_routes
from schedlink.web.routes_tasks import task_routes

STATIC_DIR = Path(__file__).parent / "static"


def install(app: FastAPI, db: Database, config: OperatorConfig) -> None:
    """Add the Booking tab's pages and assets to ``app``."""
    app.add_middleware(PageHeaders)
    app.mount(STATIC_PREFIX.rstrip("/"), StaticFiles(directory=STATIC_DIR), name="booking-static")
    # Every page router gets the input check: no query parameter or form field reaches a route unchecked.
    checked = [Depends(refuse_unstorable_input)]
    app.include_router(auth_routes(db), dependencies=checked)
    app.include_router(task_routes(db, config), dependencies=checked)
    app.include_router(settings_routes(db, config), dependencies=checked)
    app.include_router(booking_routes(db, config), dependencies=checked)

    @app.exception_handler(SignInRequired)
    async def _sign_in(_request: Request, exc: SignInRequired) -> Response:
        return sign_in_redirect(exc.next_path)

    @app.exception_handler(UnstorableInput)
    async def _unstorable(request: Request, exc: UnstorableInput) -> Response:
        return unusable_input(request, exc.fields)

    @app.exception_handler(CsrfRejected)
    async def _csrf(request: Request, _exc: CsrfRejected) -> Response:
        return forbidden(request)
