"""What the booking tests share whatever their folder: a working-hours start a few days out, and running
the due background jobs the way a worker does."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from schedlink.service import job_runner, jobs
from schedlink.service.context import JobContext
from schedlink.store.db import Database

ZONE = "America/New_York"


def next_weekday_at(hour: int, days_ahead: int = 2) -> datetime:
    """A working-hours start (team zone) a few days out, on a weekday."""
    day = datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZoneInfo(ZONE)).astimezone(UTC)


def run_due_jobs(db: Database, context: JobContext, *, rounds: int = 6, threads: int = 1) -> None:
    """Run every due job, as a worker would (``threads`` at a time), until none is left; jobs asked for
    later are made due."""
    for _ in range(rounds):
        with db.write() as session:
            session.execute(
                jobs.JOBS.update().where(jobs.JOBS.c.state == "pending").values(run_after=jobs.now())
            )
        due = jobs.due_jobs(db)
        if not due:
            return
        if threads == 1:
            for job_id in due:
                job_runner.run_job(db, job_id, context)
            continue

        def run(job_id: uuid.UUID) -> None:
            job_runner.run_job(db, job_id, context)

        with ThreadPoolExecutor(threads) as runner:
            list(runner.map(run, due))
