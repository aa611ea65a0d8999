"""The job queue (Huey): SQLite storage with a consumer inside ``schedlink serve`` by default, Redis storage
and ``schedlink worker`` processes at scale, chosen by ``SCHEDLINK_QUEUE_URL``.

The queue carries only job ids. What a job is, whether it is due, and whether it is done live in the
``jobs`` table (``service/jobs.py``), so a lost or repeated queue message is harmless: a repeat finds the
job done or held, a loss is found by the sweep that runs every minute. docs/decisions/0008 says why.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer

from schedlink.service import job_runner, jobs
from schedlink.service.context import JobContext
from schedlink.store.db import Database, database_url

log = logging.getLogger(__name__)

QUEUE_URL_ENV = "SCHEDLINK_QUEUE_URL"
QUEUE_NAME = "schedlink"
FAST_SWEEP_SECONDS = 5.0


def queue_url(explicit: str | None = None, database: str | None = None) -> str:
    """The queue to use: explicit, else ``$SCHEDLINK_QUEUE_URL``, else a SQLite file beside the database
    (or ``schedlink.queue.db`` here when the database is not a SQLite file)."""
    url = explicit or os.environ.get(QUEUE_URL_ENV)
    if url:
        return url
    db_url = database_url(database)
    if db_url.startswith("sqlite:///") and not db_url.endswith(":memory:"):
        path = Path(db_url.removeprefix("sqlite:///"))
        return f"sqlite:///{path.with_name(path.stem + '.queue.db')}"
    return "sqlite:///schedlink.queue.db"


def make_huey(url: str, *, immediate: bool = False) -> Huey:
    """A Huey instance for ``redis://…``, ``rediss://…``, ``sqlite:///path`` or ``memory://``."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(QUEUE_NAME, url=url, immediate=immediate)
    if url.startswith("sqlite:///"):
        return SqliteHuey(QUEUE_NAME, filename=url.removeprefix("sqlite:///"), immediate=immediate)
    if url.startswith("memory://"):
        return MemoryHuey(QUEUE_NAME, immediate=immediate)
    raise ValueError(f"{QUEUE_URL_ENV} must start with redis://, sqlite:/// or memory://, not {url[:40]!r}")


class _QuietConsumer(Consumer):  # type: ignore[misc]
    """A consumer that leaves signal handling to its host process (the web server owns SIGINT/SIGTERM)."""

    def _set_signal_handlers(self) -> None:
        return None


class JobQueue:
    """The queue bound to one database: enqueue job ids, and run them in a consumer."""

    def __init__(
        self,
        db: Database,
        url: str | None = None,
        *,
        immediate: bool = False,
        context: JobContext | None = None,
    ) -> None:
        self.db = db
        self.url = queue_url(url)
        self.huey = make_huey(self.url, immediate=immediate)
        self.context = context or JobContext()
        self._consumer: Consumer | None = None
        self._fast_sweep_stop = threading.Event()
        self._fast_sweep: threading.Thread | None = None
        self._run = self.huey.task(name="schedlink.run_job")(self._run_job)
        self.huey.periodic_task(crontab(minute="*"), name="schedlink.sweep")(self._sweep)

    def _run_job(self, job_id: str) -> str:
        return job_runner.run_job(self.db, uuid.UUID(job_id), self.context).value

    def _sweep(self) -> None:
        count = job_runner.sweep(self.db)
        if count:
            log.info("sweep re-enqueued %d due jobs", count)

    def enqueue(self, job_id: uuid.UUID, eta: datetime | None = None) -> None:
        if eta is None:
            self._run(str(job_id))
        else:  # Huey keeps times in naive UTC
            self._run.schedule((str(job_id),), eta=eta.astimezone(UTC).replace(tzinfo=None))

    def _start_fast_sweep(self) -> None:
        """Every few seconds, re-enqueue bookings whose worker stopped renewing their lease (a crash),
        so they are carried on or reconciled within seconds; Huey's own schedule is per minute."""

        def loop() -> None:
            while not self._fast_sweep_stop.wait(FAST_SWEEP_SECONDS):
                try:
                    job_runner.sweep_short_leases(self.db)
                except Exception:
                    log.warning("the booking sweep failed; it runs again shortly", exc_info=True)

        self._fast_sweep = threading.Thread(target=loop, name="schedlink-booking-sweep", daemon=True)
        self._fast_sweep.start()

    def install(self) -> None:
        """Make this queue the one the service nudges after each commit."""
        jobs.set_dispatcher(self.db, self.enqueue)

    def start_consumer(self, *, workers: int = 2, max_delay: float = 0.25) -> None:
        """Run jobs in threads of this process (``schedlink serve``): no signal handlers are touched."""
        self.install()
        self._consumer = _QuietConsumer(
            self.huey,
            workers=workers,
            worker_type="thread",
            periodic=True,
            initial_delay=0.01,
            max_delay=max_delay,
            check_worker_health=False,
        )
        self._consumer.start()
        self._start_fast_sweep()
        job_runner.sweep(self.db)

    def stop_consumer(self) -> None:
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None

    def run_worker(self, *, workers: int = 2, max_delay: float = 0.25) -> None:
        """Block running jobs until SIGINT/SIGTERM (``schedlink worker``)."""
        self.install()
        consumer = Consumer(
            self.huey,
            workers=workers,
            worker_type="thread",
            periodic=True,
            initial_delay=0.01,
            max_delay=max_delay,
        )
        job_runner.sweep(self.db)
        self._start_fast_sweep()
        consumer.run()

    def pending(self) -> int:
        count: int = self.huey.pending_count()
        return count

    def close(self) -> None:
        self._fast_sweep_stop.set()
        if self._fast_sweep is not None:
            self._fast_sweep.join(timeout=5)
        self.stop_consumer()
        jobs.set_dispatcher(self.db, None)
        self.context.close()
        storage: Any = self.huey.storage
        if hasattr(storage, "close"):
            storage.close()
