"""Running one job: claim the row, call the handler its kind declares, record the outcome.

Each kind is declared by the module that owns the work (``JOB_KIND`` beside its handler): how it
retries and what its last failure leaves for a person. Most handlers recompute and replace, so running
one twice is harmless; bookings are the exception, and their handler itself refuses to send anything
twice (``service/booking_runner.py``). The claim only keeps two workers from the same job at once.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from enum import StrEnum
from typing import Any

from schedlink.service import booking_runner, jobs, suggestions, team_calendars
from schedlink.service.context import DEFAULT_LANE, JobContext
from schedlink.store.db import Database

log = logging.getLogger(__name__)

KINDS: dict[str, jobs.JobKind] = {
    kind.name: kind
    for kind in (
        team_calendars.JOB_KIND,
        suggestions.JOB_KIND,
        booking_runner.BOOKING_KIND,
        booking_runner.BROWSER_BOOKING_KIND,
        booking_runner.RECONCILE_KIND,
    )
}


def kinds_outside(lanes: frozenset[str]) -> list[str]:
    """The kinds of work a worker serving ``lanes`` leaves to others (unknown kinds count as default
    work: the worker that claims one records that no handler exists)."""
    return [name for name, kind in KINDS.items() if kind.lane not in lanes]


def lane_of(kind: str) -> str:
    found = KINDS.get(kind)
    return found.lane if found is not None else DEFAULT_LANE


# Kinds whose claim is short and renewed while they run: a dead worker's booking is taken over fast.
SHORT_LEASES = {name: kind.lease for name, kind in KINDS.items() if kind.lease < jobs.LEASE}


@contextmanager
def _heartbeat(db: Database, job_id: uuid.UUID, lease: timedelta) -> Iterator[None]:
    """Renew a short lease every third of its length while the job runs (nothing for long leases)."""
    if lease >= jobs.LEASE:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(lease.total_seconds() / 3):
            try:
                if not jobs.renew_lease(db, job_id, lease):
                    return
            except Exception:  # a missed beat shortens the lease, it must not kill the job
                log.warning("could not renew the lease of job %s", job_id, exc_info=True)

    thread = threading.Thread(target=beat, name=f"lease-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


class Outcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"  # not due, already done, or another worker holds it
    RETRY = "retry"
    FAILED = "failed"


# The jobs this process is running right now, by id ({"kind", "key", "since"}): what its heartbeat
# reports (``service/workers.py``). Read and written only under RUNNING_LOCK.
RUNNING: dict[uuid.UUID, dict[str, Any]] = {}
RUNNING_LOCK = threading.Lock()


def run_job(db: Database, job_id: uuid.UUID, context: JobContext) -> Outcome:
    """Run ``job_id`` if it is due and free; re-dispatch it when it was asked for again meanwhile."""
    job = jobs.claim(db, job_id, short_leases=SHORT_LEASES, not_kinds=kinds_outside(context.lanes))
    if job is None:
        return Outcome.SKIPPED
    with RUNNING_LOCK:
        RUNNING[job.id] = {"kind": job.kind, "key": job.key, "since": jobs.now()}
    try:
        return _run_claimed(db, job, context)
    finally:
        with RUNNING_LOCK:
            RUNNING.pop(job.id, None)


def _run_claimed(db: Database, job: jobs.ClaimedJob, context: JobContext) -> Outcome:
    kind = KINDS.get(job.kind)
    try:
        if kind is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        with _heartbeat(db, job.id, kind.lease):
            kind.handler(db, job, context)
    except Exception as error:
        expected = isinstance(error, jobs.RetryLater)
        log.warning(
            "job %s (%s %s) failed on attempt %d%s",
            job.id, job.kind, job.key, job.attempts, f": {error}" if expected else "",
            exc_info=not expected,
        )  # fmt: skip
        rule = kind.retry if kind is not None else jobs.RetryRule()
        delay = error.delay if isinstance(error, jobs.RetryLater) else None
        again = jobs.retry_later(db, job, f"{type(error).__name__}: {error}", rule, delay=delay)
        if again is None:
            _give_up(db, job, kind, str(error))
            return Outcome.FAILED
        jobs.dispatch(db, job.id, again, lane=lane_of(job.kind))
        return Outcome.RETRY
    if jobs.finish(db, job.id):
        jobs.dispatch(db, job.id, None, lane=lane_of(job.kind))
    return Outcome.DONE


def _give_up(db: Database, job: jobs.ClaimedJob, kind: jobs.JobKind | None, error: str) -> None:
    """The last attempt failed: say so where a person looks (the kind decides where)."""
    if kind is None or kind.give_up is None:
        return
    try:
        kind.give_up(db, job, error)
    except Exception:
        log.exception("could not record the failure of job %s", job.id)


def sweep_short_leases(db: Database, lanes: frozenset[str] = frozenset({DEFAULT_LANE})) -> int:
    """Re-enqueue due jobs of the short-lease kinds (bookings) of ``lanes``: run every few seconds by
    workers, so a booking whose worker died is carried on (or reconciled) within seconds."""
    return _requeue(db, lanes, only=list(SHORT_LEASES))


def sweep(db: Database, lanes: frozenset[str] = frozenset({DEFAULT_LANE})) -> int:
    """Ask for reads of calendars whose cache is stale, then (re-)enqueue every job of ``lanes`` that is
    due but idle (those, lost nudges, crashed workers); returns how many were enqueued."""
    team_calendars.request_stale_refreshes(db)
    return _requeue(db, lanes)


def _requeue(db: Database, lanes: frozenset[str], only: list[str] | None = None) -> int:
    """Dispatch the due jobs of each lane served (of ``only`` these kinds, when given) to its queue."""
    count = 0
    for lane in sorted(lanes):
        if lane == DEFAULT_LANE:  # everything not of another lane, unknown kinds included
            due = jobs.due_jobs(db, kinds=only, not_kinds=kinds_outside(frozenset({lane})))
        else:
            of_lane = [name for name, kind in KINDS.items() if kind.lane == lane]
            due = jobs.due_jobs(db, kinds=[k for k in of_lane if only is None or k in only])
        for job_id in due:
            jobs.dispatch(db, job_id, None, lane=lane)
        count += len(due)
    return count
