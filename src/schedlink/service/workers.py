"""Which processes that run jobs are alive, and what they are doing.

Every process that runs jobs (``schedlink worker``, and the consumer inside ``schedlink serve``) keeps one
row in ``workers`` and renews it every few seconds with the jobs it is running and its browser's counts.
The Booking tab and ``schedlink workers`` read these rows to show who is alive; a booking that waits for a
worker with a browser can say that none is running instead of seeming stuck.

A process that stops cleanly deletes its row. One that died simply stops renewing it: the row shows as
dead once its last beat is older than ``ALIVE_WITHIN``, and any live process deletes it an hour later.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from schedlink.service.context import BROWSER_LANE
from schedlink.store.db import Database
from schedlink.store.models import WorkerRow

ALIVE_WITHIN = timedelta(seconds=30)
PRUNE_AFTER = timedelta(hours=1)
KINDS = ("worker", "embedded")  # a `schedlink worker` process, or the consumer inside `schedlink serve`
_MAX_RUNNING = 200  # jobs reported in one beat; a process runs a handful at once


@dataclass(frozen=True, slots=True)
class WorkerView:
    """One process as it last reported itself; ``alive`` when that was within ``ALIVE_WITHIN``."""

    id: uuid.UUID
    hostname: str
    pid: int
    kind: str
    lanes: tuple[str, ...]
    browsers: int
    started_at: datetime
    beat_at: datetime
    running: tuple[dict[str, Any], ...]  # {"job_id", "kind", "key", "since"}
    stopping: bool
    browser_restarts: int
    bookings_done: int
    alive: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "hostname": self.hostname,
            "pid": self.pid,
            "kind": self.kind,
            "lanes": list(self.lanes),
            "browsers": self.browsers,
            "started_at": self.started_at.isoformat(),
            "beat_at": self.beat_at.isoformat(),
            "running": [dict(job) for job in self.running],
            "stopping": self.stopping,
            "browser_restarts": self.browser_restarts,
            "bookings_done": self.bookings_done,
            "alive": self.alive,
        }


def _now(now: datetime | None) -> datetime:
    return now if now is not None else datetime.now(UTC)


def register(db: Database, *, kind: str, lanes: Iterable[str], browsers: int) -> uuid.UUID:
    """Add this process's row (host name and process id from the operating system); returns its id."""
    if kind not in KINDS:
        raise ValueError(f"a worker is one of {', '.join(KINDS)}, not {kind!r}")
    at = _now(None)
    row = WorkerRow(
        id=uuid.uuid4(),
        hostname=socket.gethostname()[:255],
        pid=os.getpid(),
        kind=kind,
        lanes=sorted(set(lanes)),
        browsers=max(browsers, 0),
        started_at=at,
        beat_at=at,
        running=[],
        stopping=False,
        browser_restarts=0,
        bookings_done=0,
    )
    with db.write() as session:
        session.add(row)
    return row.id


def beat(
    db: Database,
    worker_id: uuid.UUID,
    *,
    running: Iterable[Mapping[str, Any]],
    stopping: bool,
    browser_restarts: int,
    bookings_done: int,
    now: datetime | None = None,
) -> bool:
    """Renew the row with what the process is doing now; ``False`` when the row is gone (it was pruned
    while the process was paused for over an hour: register again)."""
    values = {
        "beat_at": _now(now),
        "running": [_running_json(job) for job in list(running)[:_MAX_RUNNING]],
        "stopping": stopping,
        "browser_restarts": browser_restarts,
        "bookings_done": bookings_done,
    }
    with db.write_core() as connection:
        result = connection.execute(update(WorkerRow).where(WorkerRow.id == worker_id).values(**values))
    return bool(result.rowcount)


def _running_json(job: Mapping[str, Any]) -> dict[str, Any]:
    since = job.get("since")
    return {
        "job_id": str(job.get("job_id", "")),
        "kind": str(job.get("kind", "")),
        "key": str(job.get("key", "")),
        "since": since.isoformat() if isinstance(since, datetime) else since,
    }


def stop(db: Database, worker_id: uuid.UUID) -> None:
    """The process stopped cleanly: its row goes."""
    with db.write_core() as connection:
        connection.execute(delete(WorkerRow).where(WorkerRow.id == worker_id))


def list_workers(db: Database, *, now: datetime | None = None) -> list[WorkerView]:
    """Every process that reported within the last hour (or is not yet pruned), by host and process id."""
    alive_since = _now(now) - ALIVE_WITHIN
    with db.read() as session:
        rows = session.scalars(
            select(WorkerRow).order_by(WorkerRow.hostname, WorkerRow.pid, WorkerRow.started_at)
        ).all()
        return [_view(row, alive_since) for row in rows]


def _view(row: WorkerRow, alive_since: datetime) -> WorkerView:
    return WorkerView(
        id=row.id,
        hostname=row.hostname,
        pid=row.pid,
        kind=row.kind,
        lanes=tuple(str(lane) for lane in row.lanes),
        browsers=row.browsers,
        started_at=row.started_at,
        beat_at=row.beat_at,
        running=tuple(dict(job) for job in row.running if isinstance(job, dict)),
        stopping=row.stopping,
        browser_restarts=row.browser_restarts,
        bookings_done=row.bookings_done,
        alive=row.beat_at >= alive_since,
    )


def prune(db: Database, older_than: timedelta = PRUNE_AFTER, *, now: datetime | None = None) -> int:
    """Delete the rows of processes whose last beat is older than ``older_than`` (they died); returns how
    many."""
    with db.write_core() as connection:
        result = connection.execute(delete(WorkerRow).where(WorkerRow.beat_at < _now(now) - older_than))
    return int(result.rowcount or 0)


def browser_worker_alive(db: Database, now: datetime | None = None) -> bool:
    """Whether some live process takes browser work (and is not shutting down): if none, a booking on a
    provider's page waits until one is started."""
    return any(
        view.alive and not view.stopping and BROWSER_LANE in view.lanes for view in list_workers(db, now=now)
    )
