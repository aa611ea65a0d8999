"""A workspace whose lead sent a link to a replica booking page, one Chromium for the module, and a way
to run the booking jobs as a browser worker would."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from job_helpers import ZONE, run_due_jobs
from schedlink.browser.pool import BrowserPool
from schedlink.config import OperatorConfig
from schedlink.domain.message import LeadContact, Message
from schedlink.replicas.page_scenario import PageScenario
from schedlink.service import automation, bookings
from schedlink.service.context import JobContext
from schedlink.service.inbound import Inbound, receive
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database
from schedlink.store.models import EvidenceRow

# The page's awkward cases are about the page, not the database: they run on the embedded default only,
# while each provider's happy path and its reconciled unknown outcome run on both databases.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def browser_worker_env(
    database_url: str, sandbox: dict[str, str], data_dir: Path, *, step: float
) -> dict[str, str]:
    """The environment of a ``schedlink worker --browsers N`` a test starts: none of this process's
    settings but Chromium's path, its database, the sandbox mapping, and short browser deadlines."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCHEDLINK_")}
    env |= {
        "SCHEDLINK_DATABASE_URL": database_url,
        "SCHEDLINK_SANDBOX_HOSTS": ",".join(f"{host}={origin}" for host, origin in sandbox.items()),
        "SCHEDLINK_DATA_DIR": str(data_dir),
        "SCHEDLINK_BROWSER_STEP_SECONDS": str(step),
        "SCHEDLINK_BROWSER_DEADLINE_SECONDS": "40",
    }
    if "SCHEDLINK_CHROMIUM" in os.environ:
        env["SCHEDLINK_CHROMIUM"] = os.environ["SCHEDLINK_CHROMIUM"]
    return env


@dataclass
class PageWorld:
    db: Database
    context: JobContext
    workspace_id: uuid.UUID
    task_id: uuid.UUID
    provider: str

    def set_mode(self, mode: str, **extra: object) -> None:
        automation.change_settings(
            self.db, self.workspace_id,
            automation.AutomationChange(providers={self.provider: mode}, **extra),  # type: ignore[arg-type]
            actor="tester",
        )  # fmt: skip

    def book(self, start: datetime, *, dry_run: bool = False) -> bookings.BookingView:
        requested = bookings.request_booking(
            self.db, self.workspace_id, self.task_id, start, dry_run=dry_run, actor="tester",
            config=self.context.config,
        )  # fmt: skip
        self.run_jobs()
        return bookings.get_booking(self.db, self.workspace_id, requested.booking.id)

    def run_jobs(self, *, rounds: int = 6) -> None:
        run_due_jobs(self.db, self.context, rounds=rounds)

    def evidence(self, booking_id: uuid.UUID) -> dict[str, list[bytes]]:
        """The booking's evidence pieces by kind, read from the store."""
        with self.db.read() as session:
            rows = list(session.scalars(select(EvidenceRow).where(EvidenceRow.booking_id == booking_id)))
        found: dict[str, list[bytes]] = {}
        for row in rows:
            content = self.context.evidence.get(row.sha256)
            assert content is not None, f"evidence {row.kind} {row.sha256} is missing from the store"
            found.setdefault(row.kind, []).append(content)
        return found

    def page_run(self, booking_id: uuid.UUID) -> dict[str, Any]:
        pieces = self.evidence(booking_id).get("page_run") or [b"{}"]
        data: dict[str, Any] = json.loads(pieces[-1])
        return data


def make_page_world(
    db: Database, tmp_path: Path, pool: BrowserPool | None, sandbox: dict[str, str], link: str, provider: str,
    **config: Any,
) -> Iterator[PageWorld]:  # fmt: skip
    settings = OperatorConfig(
        sandbox=sandbox, data_dir=tmp_path / "data", browser_step_seconds=config.pop("step", 4.0),
        browser_deadline_seconds=config.pop("deadline", 40.0),
    )  # fmt: skip
    context = JobContext(settings, read_lead_pages=True, pages=pool)
    created = create_workspace(
        db,
        NewWorkspace(
            name="Acme", timezone=ZONE, own_links=("https://calendly.com/acme-sales/intro",),
            own_domains=("acme.io",), booking_name="Sam Seller", booking_email="sam@acme.io",
        ),
    )  # fmt: skip
    outcome = receive(
        db,
        created.workspace_id,
        Inbound(
            Message(
                text=f"Please book a time through my page: {link}",
                html=None,
                received_at=datetime.now(UTC) - timedelta(hours=1),
                lead=LeadContact(name="Jo Reyes", email="jo@reyes.io", phone=None),
                message_id="m-book",
            )
        ),
    )
    task_id = uuid.UUID(outcome.answer["task_id"])
    world = PageWorld(db, context, created.workspace_id, task_id, provider)
    world.set_mode("approve")
    try:
        yield world
    finally:
        context.pages = None  # the pool belongs to the module
        context.close()


# --- the page-booking modules' shared fixtures ------------------------------------------------------
# A ``test_page_booking_*`` module defines its ``replica`` (module-scoped, started, offering its times), the
# constants these read — ``HOSTS`` (the provider hosts the sandbox maps to the replica), ``LINK`` (the
# lead's link), ``PROVIDER`` (its slug), optionally ``BROWSERS`` (bookings at once, 1 by default) — and
# takes the fixtures with ``sandbox, pool, world = PAGE_FIXTURES``.


@pytest.fixture(scope="module")
def sandbox(request: pytest.FixtureRequest, replica: Any) -> dict[str, str]:
    return dict.fromkeys(request.module.HOSTS, replica.origin)


@pytest.fixture(scope="module")
def pool(request: pytest.FixtureRequest, sandbox: dict[str, str]) -> Iterator[BrowserPool]:
    browsers = BrowserPool(getattr(request.module, "BROWSERS", 1), sandbox=sandbox)
    try:
        yield browsers
    finally:
        browsers.close()


@pytest.fixture
def world(
    db: Database, tmp_path: Path, pool: BrowserPool, replica: Any, sandbox: dict[str, str],
    request: pytest.FixtureRequest,
) -> Iterator[PageWorld]:  # fmt: skip
    """A workspace whose lead sent the module's ``LINK`` — or, parametrised indirectly, a scenario or a
    ``(scenario, link)`` pair — with the replica reset to play that scenario."""
    replica.reset()
    chosen = getattr(request, "param", PageScenario())
    scenario, link = chosen if isinstance(chosen, tuple) else (chosen, request.module.LINK)
    replica.scenario = scenario
    yield from make_page_world(db, tmp_path, pool, sandbox, link, request.module.PROVIDER)
    assert replica.submissions() <= 1  # never pressed twice, whatever happened


PAGE_FIXTURES = (sandbox, pool, world)
