"""The FastAPI application: routes of the DESIGN.md HTTP contract over the inbound service.

Storage is synchronous SQLAlchemy, so most handlers are plain functions that FastAPI runs in its thread
pool; ``POST /v1/inbound`` runs on the event loop instead (docs/decisions/0007). The database, not the
process, holds every piece of state, so several app processes can serve one database.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import anyio.to_thread
from fastapi import FastAPI, Query, Request, Response
from sqlalchemy import text

from schedlink.api import errors
from schedlink.api.bookings import booking_routes
from schedlink.api.common import Workspace, documented_errors, key_actor
from schedlink.api.docs_page import install_api_reference
from schedlink.api.fields import CleanText
from schedlink.api.group_commit import GroupCommit
from schedlink.api.head import HeadAsGet
from schedlink.api.limits import BodyLimit
from schedlink.api.scheduling import scheduling_routes
from schedlink.api.schemas import (
    InboundIn,
    InboundOut,
    LeadList,
    LeadOut,
    NoticeList,
    NoticeOut,
    ResolveIn,
    TaskDetail,
    TaskList,
    TaskOut,
)
from schedlink.config import OperatorConfig
from schedlink.domain.message import LeadContact, Message
from schedlink.domain.review import CAMPAIGN
from schedlink.net.sandbox import describe
from schedlink.service import records
from schedlink.service.automation import workspace_notices
from schedlink.service.inbound import Inbound, analysed
from schedlink.service.records import Resolution, TaskStatus
from schedlink.store.db import Database, open_database
from schedlink.web import install as install_booking_tab

if TYPE_CHECKING:
    from schedlink.queue import JobQueue

REPLAY_HEADER = "Schedlink-Replayed"
MAX_OFFSET = 1_000_000


THREADS = int(os.environ.get("SCHEDLINK_THREADS", "8"))
EMBEDDED_WORKER_ENV = "SCHEDLINK_EMBEDDED_WORKER"
EMBEDDED_BROWSERS_ENV = "SCHEDLINK_EMBEDDED_BROWSERS"  # page bookings at once in the embedded worker


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Few threads on purpose: request work is mostly CPU under one GIL, and dozens of threads only queue
    # behind it while stretching the database's write section.
    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS
    checkpoints = app.state.db.start_checkpoints()
    queue = _job_queue(app.state.db, app.state.config)
    try:
        yield
    finally:
        if queue is not None:
            await anyio.to_thread.run_sync(queue.close)
        if checkpoints is not None:
            await anyio.to_thread.run_sync(checkpoints.stop)


def _job_queue(db: Database, config: OperatorConfig) -> JobQueue | None:
    """The queue this process nudges after commits, with a consumer inside it when the embedded worker is
    on (``schedlink serve`` turns it on). Without either setting, jobs wait for the sweep of a worker."""
    embedded = os.environ.get(EMBEDDED_WORKER_ENV, "") == "1"
    if not embedded and not os.environ.get("SCHEDLINK_QUEUE_URL"):
        return None
    from schedlink.queue import JobQueue  # only processes that use the queue load Huey
    from schedlink.service.context import JobContext

    pages = None
    browsers = int(os.environ.get(EMBEDDED_BROWSERS_ENV, "0") or 0)
    if embedded and browsers > 0:
        from schedlink.browser.pool import BrowserPool  # only a server started with --browsers loads it

        pages = BrowserPool(browsers, sandbox=config.sandbox)
    queue = JobQueue(db, context=JobContext(config, pages=pages))
    if embedded:
        queue.start_consumer()
    else:
        queue.install()
    return queue


def create_app(db: Database | None = None, config: OperatorConfig | None = None) -> FastAPI:
    """The app over ``db`` (default: the database named by ``SCHEDLINK_DATABASE_URL``), with the
    operator's settings ``config`` (default: read from the environment, once, here)."""
    database = db or open_database()
    config = config or OperatorConfig.from_env()
    if config.sandbox:
        logging.getLogger("schedlink").warning(
            "sandbox: requests for %s go to local replicas, not to the providers", describe(config.sandbox)
        )
    app = FastAPI(
        title="schedlink",
        summary="Books meetings on a lead's own scheduler link, safely.",
        version="1",
        lifespan=_lifespan,
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN: install_api_reference serves it here
        redoc_url=None,
    )
    app.state.db = database
    app.state.config = config
    errors.install(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(HeadAsGet)  # outermost: HEAD runs every route as its GET, body dropped
    _routes(app, database, config)
    scheduling_routes(app, database)
    booking_routes(app, database, config)
    install_booking_tab(app, database, config)
    install_api_reference(app)
    return app


def _routes(app: FastAPI, db: Database, config: OperatorConfig) -> None:
    groups = GroupCommit(db)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        """Liveness: the process answers. Touches nothing, so it is also the benchmarks' floor."""
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> dict[str, str]:
        """Readiness: the database answers too (503 in the error shape when it does not)."""
        with db.read_once() as connection:
            connection.execute(text("SELECT 1"))
        return {"status": "ready"}

    @app.post(
        "/v1/inbound",
        response_model=InboundOut,
        tags=["inbound"],
        responses=documented_errors(400, 409, 413, 415, 422),
    )
    async def post_inbound(body: InboundIn, workspace_id: Workspace) -> Response:
        """Receive one reply: capture the lead's link and open or update the review task.

        Idempotent by ``message_id``: a redelivery answers the first answer and changes nothing
        (``Schedlink-Replayed: true``).
        """
        message = Message(
            text=body.text,
            html=body.html,
            subject=body.subject,
            channel=body.channel,
            received_at=body.received_at or datetime.now(UTC),
            lead=LeadContact(name=body.lead.name, email=body.lead.email, phone=body.lead.phone),
            sentiment=body.sentiment,
            message_id=body.message_id,
        )
        reply = analysed(db, workspace_id, Inbound(message, external_id=body.lead.external_id))
        outcome = await groups.store(reply)
        # The answer is already plain JSON data; serialising it directly skips a second validation.
        return Response(
            content=json.dumps(outcome.answer, separators=(",", ":"), ensure_ascii=False),
            media_type="application/json",
            headers={REPLAY_HEADER: "true" if outcome.replayed else "false"},
        )

    @app.get("/v1/leads/{lead_id}", response_model=LeadOut, tags=["leads"], responses=documented_errors(404))
    def get_lead(lead_id: str, workspace_id: Workspace) -> LeadOut:
        return LeadOut.of(records.get_lead(db, workspace_id, records.parse_id(lead_id, "lead")))

    @app.get("/v1/leads", response_model=LeadList, tags=["leads"], responses=documented_errors(422))
    def find_leads(
        workspace_id: Workspace,
        email: Annotated[CleanText | None, Query(max_length=320)] = None,
        limit: Annotated[int, Query(ge=1, le=records.MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> LeadList:
        leads = records.find_leads(db, workspace_id, email=email, limit=limit, offset=offset)
        return LeadList(items=[LeadOut.of(lead) for lead in leads])

    @app.get("/v1/tasks", response_model=TaskList, tags=["tasks"], responses=documented_errors(422))
    def list_tasks(
        workspace_id: Workspace,
        campaign_name: Annotated[CleanText, Query(max_length=64)] = CAMPAIGN,
        status: TaskStatus | None = None,
        provider: Annotated[CleanText | None, Query(max_length=40)] = None,
        limit: Annotated[int, Query(ge=1, le=records.MAX_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> TaskList:
        tasks, total = records.list_tasks(
            db,
            workspace_id,
            campaign_name=campaign_name,
            status=status,
            provider=provider,
            limit=limit,
            offset=offset,
        )
        return TaskList(items=[TaskOut.of(task) for task in tasks], total=total, limit=limit, offset=offset)

    @app.get(
        "/v1/tasks/{task_id}", response_model=TaskDetail, tags=["tasks"], responses=documented_errors(404)
    )
    def get_task(task_id: str, workspace_id: Workspace) -> TaskDetail:
        return TaskDetail.of_view(records.get_task(db, workspace_id, records.parse_id(task_id, "task")))

    @app.post(
        "/v1/tasks/{task_id}/resolve",
        response_model=TaskDetail,
        tags=["tasks"],
        responses=documented_errors(400, 404, 409, 413, 415, 422),
    )
    def resolve_task(task_id: str, body: ResolveIn, workspace_id: Workspace, request: Request) -> TaskDetail:
        """Close an open task: ``done`` (booked, optionally with ``booked_start``) or ``dismissed`` (with a note)."""
        by = body.by or key_actor(request)
        resolution = Resolution(
            TaskStatus(body.status), by=by, note=body.note, booked_start=body.booked_start
        )
        view = records.resolve_task(db, workspace_id, records.parse_id(task_id, "task"), resolution)
        return TaskDetail.of_view(view)

    @app.get("/v1/notices", response_model=NoticeList, tags=["notices"], responses=documented_errors())
    def get_notices(workspace_id: Workspace) -> NoticeList:
        shown = workspace_notices(db, workspace_id, config)
        return NoticeList(
            items=[NoticeOut(id=n.id, level=n.level, title=n.title, body=n.body) for n in shown]
        )
