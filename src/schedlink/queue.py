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
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer

from schedlink.service import job_runner, jobs, workers
from schedlink.service.context import BROWSER_LANE, DEFAULT_LANE, JobContext
from schedlink.store.db import Database, database_url

log = logging.getLogger(__name__)

QUEUE_URL_ENV = "SCHEDLINK_QUEUE_URL"
QUEUE_NAME = "schedlink"
# Browser bookings wait in their own queue, which only processes started with a browser consume.
BROWSER_QUEUE_NAME = "schedlink.browser"
FAST_SWEEP_SECONDS = 5.0
# This process's row in ``workers`` is renewed this often; a change to stopping is reported within a second.
HEARTBEAT_SECONDS = 10.0
HEARTBEAT_POLL_SECONDS = 1.0


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


def make_huey(url: str, *, immediate: bool = False, name: str = QUEUE_NAME) -> Huey:
    """A Huey instance for ``redis://…``, ``rediss://…``, ``sqlite:///path`` or ``memory://``."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, immediate=immediate)
    if url.startswith("sqlite:///"):
        return SqliteHuey(name, filename=url.removeprefix("sqlite:///"), immediate=immediate)
    if url.startswith("memory://"):
        return MemoryHuey(name, immediate=immediate)
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
        self.browser_huey = make_huey(self.url, immediate=immediate, name=BROWSER_QUEUE_NAME)
        self.context = context or JobContext()
        self._consumer: Consumer | None = None
        self._browser_consumer: Consumer | None = None
        self._fast_sweep_stop = threading.Event()
        self._fast_sweep: threading.Thread | None = None
        self._worker_id: uuid.UUID | None = None
        self._worker_kind = "worker"
        self._heartbeat_stop = threading.Event()
        self._heartbeat: threading.Thread | None = None
        self._stopping = threading.Event()
        self._run = self.huey.task(name="schedlink.run_job")(self._run_job)
        self._run_browser = self.browser_huey.task(name="schedlink.run_job")(self._run_job)
        self.huey.periodic_task(crontab(minute="*"), name="schedlink.sweep")(self._sweep)

    def _run_job(self, job_id: str) -> str:
        return job_runner.run_job(self.db, uuid.UUID(job_id), self.context).value

    def _sweep(self) -> None:
        count = job_runner.sweep(self.db, self.context.lanes)
        if count:
            log.info("sweep re-enqueued %d due jobs", count)

    def enqueue(self, job_id: uuid.UUID, eta: datetime | None = None, lane: str = DEFAULT_LANE) -> None:
        task = self._run_browser if lane == BROWSER_LANE else self._run
        if eta is None:
            task(str(job_id))
        else:  # Huey keeps times in naive UTC
            task.schedule((str(job_id),), eta=eta.astimezone(UTC).replace(tzinfo=None))

    def _start_fast_sweep(self) -> None:
        """Every few seconds, re-enqueue bookings whose worker stopped renewing their lease (a crash),
        so they are carried on or reconciled within seconds; Huey's own schedule is per minute."""

        def loop() -> None:
            while not self._fast_sweep_stop.wait(FAST_SWEEP_SECONDS):
                try:
                    job_runner.sweep_short_leases(self.db, self.context.lanes)
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
        self._start_browser_consumer()
        self._start_fast_sweep()
        self._start_heartbeat("embedded")
        job_runner.sweep(self.db, self.context.lanes)

    def _start_browser_consumer(self) -> None:
        """With a browser, browser bookings run in as many threads as the browser takes bookings at once."""
        pages = self.context.pages
        if pages is None:
            return
        self._browser_consumer = _QuietConsumer(
            self.browser_huey,
            workers=max(int(getattr(pages, "size", 1)), 1),
            worker_type="thread",
            periodic=False,
            initial_delay=0.01,
            max_delay=0.25,
            check_worker_health=False,
            shutdown_timeout=self.context.config.browser_deadline_seconds + 30,
        )
        self._browser_consumer.start()

    def stop_consumer(self) -> None:
        """Stop taking work; bookings already running finish first (one mid-submit ends as the core says)."""
        self._report_stopping()
        if self._browser_consumer is not None:
            self._browser_consumer.stop(graceful=True)
            self._browser_consumer = None
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None

    def run_worker(self, *, workers: int = 2, max_delay: float = 0.25) -> None:
        """Block running jobs until SIGINT/SIGTERM (``schedlink worker``)."""
        self.install()
        # SIGTERM (what service managers send) stops gracefully: no new work, running jobs finish — a
        # page booking included, within its own deadline; a second SIGTERM stops at once.
        consumer = Consumer(
            self.huey,
            workers=workers,
            worker_type="thread",
            periodic=True,
            initial_delay=0.01,
            max_delay=max_delay,
            graceful_signal="TERM",
            shutdown_timeout=self.context.config.browser_deadline_seconds + 30,
        )
        job_runner.sweep(self.db, self.context.lanes)
        self._start_browser_consumer()
        self._start_fast_sweep()
        self._start_heartbeat("worker", stopping=consumer.stop_flag.is_set)
        try:
            consumer.run()
        finally:
            if self._browser_consumer is not None:
                self._browser_consumer.stop(graceful=True)
                self._browser_consumer = None

    # --- this process's row in ``workers`` (``service/workers.py``) ---------------------------------------

    def _start_heartbeat(self, kind: str, stopping: Callable[[], bool] | None = None) -> None:
        """Report this process in ``workers`` now and every ``HEARTBEAT_SECONDS`` until ``close``: the
        jobs it runs, its browser's counts, and whether it is shutting down (``stopping`` says so too, for
        a consumer stopped by a signal). Each beat also deletes the rows of processes that died."""
        self._worker_kind = kind
        self._beat(stopping=False)
        shutting_down = stopping or (lambda: False)

        def loop() -> None:
            last = time.monotonic()
            reported = False
            while not self._heartbeat_stop.wait(HEARTBEAT_POLL_SECONDS):
                now_stopping = self._stopping.is_set() or shutting_down()
                if now_stopping == reported and time.monotonic() - last < HEARTBEAT_SECONDS:
                    continue
                self._beat(stopping=now_stopping)
                last, reported = time.monotonic(), now_stopping

        self._heartbeat = threading.Thread(target=loop, name="schedlink-heartbeat", daemon=True)
        self._heartbeat.start()

    def _beat(self, *, stopping: bool) -> None:
        """One beat; a failure is logged and the next beat tries again (it never stops the jobs)."""
        try:
            if self._worker_id is None or not self._renew(stopping):
                # Not registered yet (the database did not answer), or pruned while this process was paused.
                self._worker_id = workers.register(
                    self.db, kind=self._worker_kind, lanes=self.context.lanes, browsers=self._browsers()
                )
                self._renew(stopping)
            workers.prune(self.db)
        except Exception:
            log.warning("could not report this worker in the database; it tries again shortly", exc_info=True)

    def _renew(self, stopping: bool) -> bool:
        assert self._worker_id is not None
        with job_runner.RUNNING_LOCK:
            running = [{"job_id": job_id, **entry} for job_id, entry in job_runner.RUNNING.items()]
        restarts, done = self._browser_counts()
        return workers.beat(
            self.db,
            self._worker_id,
            running=running,
            stopping=stopping,
            browser_restarts=restarts,
            bookings_done=done,
        )

    def _browsers(self) -> int:
        pages = self.context.pages
        return 0 if pages is None else max(int(getattr(pages, "size", 1)), 1)

    def _browser_counts(self) -> tuple[int, int]:
        """Browser restarts and page bookings done, from the browser's ``status()`` when it has one."""
        status = getattr(self.context.pages, "status", None)
        if not callable(status):
            return 0, 0
        try:
            figures = status()
        except Exception:  # a browser that is closing: the counts wait for the next beat
            return 0, 0
        return int(getattr(figures, "restarts", 0)), int(getattr(figures, "done", 0))

    def _report_stopping(self) -> None:
        """Say at once that this process is shutting down (it finishes the jobs it is running first)."""
        if self._heartbeat is None or self._stopping.is_set():
            return
        self._stopping.set()
        self._beat(stopping=True)

    def _end_heartbeat(self) -> None:
        """A clean stop: the heartbeat ends and this process's row goes."""
        self._heartbeat_stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join(timeout=5)
            self._heartbeat = None
        if self._worker_id is not None:
            try:
                workers.stop(self.db, self._worker_id)
            except Exception:
                log.warning("could not remove this worker's row; it is pruned within the hour", exc_info=True)
            self._worker_id = None

    def pending(self) -> int:
        count: int = self.huey.pending_count() + self.browser_huey.pending_count()
        return count

    def close(self) -> None:
        self._report_stopping()
        self._fast_sweep_stop.set()
        if self._fast_sweep is not None:
            self._fast_sweep.join(timeout=5)
        self.stop_consumer()
        self._end_heartbeat()
        jobs.set_dispatcher(self.db, None)
        self.context.close()
        for huey in (self.huey, self.browser_huey):
            storage: Any = huey.storage
            if hasattr(storage, "close"):
                storage.close()
