"""A workspace with a Cal.com lead, a replica of Cal.com reached through the sandbox, and a way to run
the booking jobs the way a worker would."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from service_helpers import reply
from sqlalchemy import select

from job_helpers import ZONE, next_weekday_at, run_due_jobs
from schedlink.config import OperatorConfig
from schedlink.replicas.calcom import CalcomReplica
from schedlink.service import automation, jobs
from schedlink.service.context import JobContext
from schedlink.service.inbound import receive
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database

LINK = "https://cal.com/jo-reyes/intro"


@dataclass
class BookingWorld:
    db: Database
    replica: CalcomReplica
    context: JobContext
    workspace_id: uuid.UUID
    task_id: uuid.UUID
    start: datetime

    @property
    def config(self) -> OperatorConfig:
        return self.context.config

    def set_mode(self, mode: str, **extra: object) -> None:
        automation.change_settings(
            self.db,
            self.workspace_id,
            automation.AutomationChange(providers={"calcom": mode}, **extra),  # type: ignore[arg-type]
            actor="tester",
        )

    def run_jobs(self, *, rounds: int = 6) -> None:
        run_due_jobs(self.db, self.context, rounds=rounds)

    def job_ids(self, kind: str) -> list[uuid.UUID]:
        with self.db.read() as session:
            return list(session.scalars(select(jobs.JOBS.c.id).where(jobs.JOBS.c.kind == kind)))


def make_world(db: Database, tmp_path: Path, **event: Any) -> Iterator[BookingWorld]:
    """``event``: options of the lead's event type on the replica (``requires_confirmation``, …)."""
    start = next_weekday_at(11)
    replica = CalcomReplica(hang_seconds=3.0).start()
    replica.add_event_type("jo-reyes", "intro", length=30, starts=[start], **event)
    config = OperatorConfig(
        sandbox={"api.cal.com": replica.origin, "cal.com": replica.origin}, data_dir=tmp_path / "data"
    )
    context = JobContext(config, read_lead_pages=True)
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
        reply(
            f"Please book a time through my page: {LINK}", "m-book", at=datetime.now(UTC) - timedelta(hours=1)
        ),
    )
    task_id = uuid.UUID(outcome.answer["task_id"])
    try:
        yield BookingWorld(db, replica, context, created.workspace_id, task_id, start)
    finally:
        context.close()
        replica.stop()


@pytest.fixture
def world(db: Database, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[BookingWorld]:
    """Parametrise indirectly with a dict to change the lead's event type."""
    yield from make_world(db, tmp_path, **getattr(request, "param", {}))
