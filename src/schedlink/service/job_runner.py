"""Running one job: claim the row, call the handler for its kind, record the outcome.

Handlers are idempotent (they recompute and replace), so running a job twice is harmless; the claim
only keeps two workers from doing the same work at the same moment.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from enum import StrEnum

from schedlink.service import calendars, jobs, suggestions
from schedlink.service.context import JobContext
from schedlink.store.db import Database

log = logging.getLogger(__name__)

Handler = Callable[[Database, jobs.ClaimedJob, JobContext], None]
HANDLERS: dict[str, Handler] = {
    calendars.REFRESH_JOB: calendars.run_refresh_job,
    suggestions.SUGGESTIONS_JOB: suggestions.run_suggestions_job,
}


class Outcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"  # not due, already done, or another worker holds it
    RETRY = "retry"
    FAILED = "failed"


def run_job(db: Database, job_id: uuid.UUID, context: JobContext) -> Outcome:
    """Run ``job_id`` if it is due and free; re-dispatch it when it was asked for again meanwhile."""
    job = jobs.claim(db, job_id)
    if job is None:
        return Outcome.SKIPPED
    handler = HANDLERS.get(job.kind)
    try:
        if handler is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        handler(db, job, context)
    except Exception as error:
        expected = isinstance(error, jobs.RetryLater)
        log.warning(
            "job %s (%s %s) failed on attempt %d%s",
            job.id, job.kind, job.key, job.attempts, f": {error}" if expected else "",
            exc_info=not expected,
        )  # fmt: skip
        again = jobs.retry_later(db, job, f"{type(error).__name__}: {error}")
        if again is None:
            _give_up(db, job, context, str(error))
            return Outcome.FAILED
        jobs.dispatch(job.id, again)
        return Outcome.RETRY
    if jobs.finish(db, job.id):
        jobs.dispatch(job.id, None)
    return Outcome.DONE


def _give_up(db: Database, job: jobs.ClaimedJob, context: JobContext, error: str) -> None:
    """The last attempt failed: say so where a person looks (the task or the calendar)."""
    try:
        if job.kind == suggestions.SUGGESTIONS_JOB:
            suggestions.mark_failed(db, job, error)
        elif job.kind == calendars.REFRESH_JOB:
            calendars.mark_failed(db, job, error)
    except Exception:
        log.exception("could not record the failure of job %s", job.id)


def sweep(db: Database) -> int:
    """Ask for reads of calendars whose cache is stale, then (re-)enqueue every job that is due but idle
    (those, lost nudges, crashed workers); returns how many were enqueued."""
    calendars.request_stale_refreshes(db)
    due = jobs.due_jobs(db)
    for job_id in due:
        jobs.dispatch(job_id, None)
    return len(due)
