"""Background work as database rows: the queue only carries a job's id, the row says what is true.

Why rows: a queue can lose a message (a crash between commit and enqueue, a Redis restart), a row
cannot. Asking for work upserts ``(kind, key)`` in the same transaction as the change that needs it; the
queue is then nudged after commit, and a periodic sweep re-enqueues whatever is due but idle, so a lost
nudge costs a minute, never the work.

A job is claimed by one conditional UPDATE (pending and due → running, with a lease), so two workers
never run it at once. If it is asked for again while running, it goes back to ``pending`` keeping the
lease; the running worker sees that when it finishes and runs it once more, with the newer inputs.
Failures retry with exponential backoff up to ``MAX_ATTEMPTS``, then the job is ``failed``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, case, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from schedlink.service.context import DEFAULT_LANE, JobContext
from schedlink.store.db import Database
from schedlink.store.direct import DirectTransaction, Later, Prepared
from schedlink.store.models import JobRow

log = logging.getLogger(__name__)

JOBS: Table = JobRow.__table__  # type: ignore[assignment]
SUGGESTIONS_JOB = "task.suggestions"
CALENDAR_REFRESH_JOB = "calendar.refresh"
MAX_ATTEMPTS = 6
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=1)

# Sends a job id to its lane's queue (optionally not before ``eta``). Set on the database by whoever runs
# a queue.
Dispatcher = Callable[[uuid.UUID, "datetime | None", str], None]


@dataclass(frozen=True, slots=True)
class RetryRule:
    """How a kind of job retries after a failure: ``attempts`` in all, waits doubling from ``first``."""

    attempts: int = MAX_ATTEMPTS
    first: timedelta = FIRST_RETRY
    longest: timedelta = LONGEST_RETRY

    def wait(self, attempts_made: int) -> timedelta | None:
        """How long before the next attempt, or ``None`` when it has had its last."""
        if attempts_made >= self.attempts:
            return None
        wait: timedelta = self.first * (2 ** max(attempts_made - 1, 0))
        return min(wait, self.longest)


# What running a job of one kind means; declared by the module that owns the work.
Handler = Callable[[Database, "ClaimedJob", JobContext], None]
GiveUp = Callable[[Database, "ClaimedJob", str], None]


@dataclass(frozen=True, slots=True)
class JobKind:
    """A kind of background work: its handler, how it retries, what its last failure leaves behind, and
    the lane of workers that run it (``browser`` work only on workers that have a browser)."""

    name: str
    handler: Handler
    give_up: GiveUp | None = None
    retry: RetryRule = RetryRule()
    lane: str = DEFAULT_LANE
    # How long a claim holds without renewal; a short lease is renewed by a heartbeat while the job runs.
    lease: timedelta = LEASE


class RetryLater(Exception):
    """An expected, passing failure (a provider timing out): retried with backoff, logged in one line;
    ``delay`` asks for at least that long a wait (a provider's Retry-After)."""

    def __init__(self, message: str, *, delay: timedelta | None = None) -> None:
        super().__init__(message)
        self.delay = delay


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    id: uuid.UUID
    workspace_id: uuid.UUID
    kind: str
    key: str
    attempts: int


def now() -> datetime:
    return datetime.now(UTC)


def request_job(
    connection: Connection, workspace_id: uuid.UUID, kind: str, key: str, *, at: datetime | None = None
) -> uuid.UUID:
    """Ask for ``kind`` work on ``key`` inside the caller's transaction; returns the job's id.

    A finished or failed job is made pending again with fresh attempts; a pending or running one stays
    the same row (a running one is marked to run once more).
    """
    statement = _UPSERT_JOB[connection.dialect.name == "postgresql"]
    job_id: uuid.UUID = connection.execute(statement, _job_row(workspace_id, kind, key, at)).scalar_one()
    return job_id


def request_job_later(
    transaction: DirectTransaction,
    workspace_id: uuid.UUID,
    kind: str,
    key: str,
    *,
    at: datetime | None = None,
) -> Later:
    """``request_job`` on the inbound hot path: the job's id (``rows[0].id``) is there after the commit."""
    statement = _UPSERT_JOB_DIRECT[transaction.dialect.name == "postgresql"]
    return transaction.later(statement, _job_row(workspace_id, kind, key, at))


def _job_row(workspace_id: uuid.UUID, kind: str, key: str, at: datetime | None) -> dict[str, Any]:
    when = at or now()
    return {"id": uuid.uuid4(), "workspace_id": workspace_id, "kind": kind, "key": key, "when": when}


def _upsert_job(dialect: Any) -> Any:
    """The upsert ``request_job`` runs, built once per dialect with bind parameters: on the inbound hot
    path a statement built per call cost more than the insert itself."""
    when: Any = bindparam("when")
    statement = dialect.insert(JOBS).values(
        id=bindparam("id"),
        workspace_id=bindparam("workspace_id"),
        kind=bindparam("kind"),
        key=bindparam("key"),
        state="pending",
        attempts=0,
        run_after=when,
        created_at=when,
        updated_at=when,
    )
    return statement.on_conflict_do_update(
        index_elements=[JOBS.c.kind, JOBS.c.key],
        set_={
            "state": "pending",
            "attempts": 0,
            "run_after": when,
            "last_error": None,
            "finished_at": None,
            "updated_at": when,
        },
    ).returning(JOBS.c.id)


_UPSERT_JOB = {False: _upsert_job(sqlite), True: _upsert_job(postgresql)}
_UPSERT_JOB_DIRECT = {on_postgresql: Prepared(statement) for on_postgresql, statement in _UPSERT_JOB.items()}


def set_dispatcher(db: Database, dispatcher: Dispatcher | None) -> None:
    """Install the function that nudges the queue for ``db`` (``None``: nothing is nudged, the sweep
    finds the work). It lives on the database handle, not in a module global, so two apps or a test and
    a worker in one process each keep their own."""
    db.after_commit.nudge = dispatcher


def dispatch(
    db: Database, job_id: uuid.UUID, eta: datetime | None = None, *, lane: str = DEFAULT_LANE
) -> None:
    """Nudge the lane's queue after commit. A failure here is logged, not raised: the row is already safe."""
    nudge = db.after_commit.nudge
    if nudge is None:
        return
    try:
        nudge(job_id, eta, lane)
    except Exception:  # a queue outage must not fail the request that asked for work
        log.warning("could not enqueue job %s; the sweep will pick it up", job_id, exc_info=True)


_CLAIMABLE = or_(
    and_(
        JOBS.c.state == "pending",
        JOBS.c.run_after <= bindparam("now"),
        or_(JOBS.c.lease_until.is_(None), JOBS.c.lease_until < bindparam("now")),
    ),
    and_(JOBS.c.state == "running", JOBS.c.lease_until < bindparam("now")),
)


def claim(
    db: Database,
    job_id: uuid.UUID,
    *,
    at: datetime | None = None,
    short_leases: Mapping[str, timedelta] | None = None,
    not_kinds: Collection[str] = (),
) -> ClaimedJob | None:
    """Take the job if it is due and nobody holds it; ``None`` otherwise (done, not due, taken, or one of
    ``not_kinds``: a worker without a browser leaves browser work for one that has one).

    Kinds in ``short_leases`` are held only that long (their runner renews the lease while it works), so
    a worker that dies is noticed in seconds rather than minutes.
    """
    when = at or now()
    lease: Any = when + LEASE
    if short_leases:
        lease = case(
            *((JOBS.c.kind == kind, when + length) for kind, length in short_leases.items()),
            else_=when + LEASE,
        )
    conditions = [JOBS.c.id == job_id, _CLAIMABLE]
    if not_kinds:
        conditions.append(JOBS.c.kind.not_in(list(not_kinds)))
    statement = (
        update(JOBS)
        .where(*conditions)
        .values(
            state="running",
            attempts=JOBS.c.attempts + 1,
            lease_until=lease,
            updated_at=when,
        )
        .returning(JOBS.c.id, JOBS.c.workspace_id, JOBS.c.kind, JOBS.c.key, JOBS.c.attempts)
    )
    with db.write() as session:
        row = session.execute(statement, {"now": when}).first()
    return None if row is None else ClaimedJob(*row)


def renew_lease(db: Database, job_id: uuid.UUID, length: timedelta) -> bool:
    """Keep holding a running job (the heartbeat of a short-lease kind); ``False`` when it is no longer
    ours to hold (finished, or taken over after the lease ran out)."""
    when = now()
    with db.write() as session:
        renewed = session.execute(
            update(JOBS)
            .where(
                JOBS.c.id == job_id, JOBS.c.state.in_(("running", "pending")), JOBS.c.lease_until.is_not(None)
            )
            .values(lease_until=when + length)
        )
    return bool(renewed.rowcount)  # type: ignore[attr-defined]


def finish(db: Database, job_id: uuid.UUID) -> bool:
    """Mark the job done. Returns True when it was asked for again meanwhile and must run once more."""
    when = now()
    with db.write() as session:
        done = session.execute(
            update(JOBS)
            .where(JOBS.c.id == job_id, JOBS.c.state == "running")
            .values(state="done", lease_until=None, finished_at=when, updated_at=when)
        )
        if done.rowcount:  # type: ignore[attr-defined]
            return False
        session.execute(
            update(JOBS)
            .where(JOBS.c.id == job_id, JOBS.c.state == "pending")
            .values(lease_until=None, updated_at=when)
        )
    return True


def retry_later(
    db: Database,
    job: ClaimedJob,
    error: str,
    rule: RetryRule = RetryRule(),
    *,
    delay: timedelta | None = None,
) -> datetime | None:
    """Record a failure: back to pending after the rule's wait (or ``delay``), or ``failed`` after the
    last attempt. Returns when to run it again, or ``None`` when it has failed for good.
    """
    when = now()
    values: dict[str, Any] = {"last_error": error[:4000], "lease_until": None, "updated_at": when}
    again: datetime | None = None
    wait = rule.wait(job.attempts)
    if wait is None:
        values.update(state="failed", finished_at=when)
    else:
        again = when + max(wait, delay or timedelta(0))
        values.update(state="pending", run_after=again)
    with db.write() as session:
        session.execute(
            update(JOBS).where(JOBS.c.id == job.id, JOBS.c.state.in_(("running", "pending"))).values(values)
        )
    return again


def due_jobs(
    db: Database,
    *,
    at: datetime | None = None,
    limit: int = 500,
    kinds: Collection[str] | None = None,
    not_kinds: Collection[str] = (),
) -> list[uuid.UUID]:
    """Jobs a worker could claim now (of ``kinds`` only, when given; never of ``not_kinds``): the sweeps
    re-enqueue these."""
    statement = select(JOBS.c.id).where(_CLAIMABLE)
    if kinds is not None:
        statement = statement.where(JOBS.c.kind.in_(list(kinds)))
    if not_kinds:
        statement = statement.where(JOBS.c.kind.not_in(list(not_kinds)))
    with db.read() as session:
        rows = session.scalars(statement.order_by(JOBS.c.run_after).limit(limit), {"now": at or now()})
        return list(rows)


def job_state(db: Database, job_id: uuid.UUID) -> JobRow | None:
    with db.read() as session:
        row = session.get(JobRow, job_id)
        if row is not None:
            session.expunge(row)
        return row
