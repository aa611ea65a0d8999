"""Worker heartbeats: each process that runs jobs keeps a row saying it is alive and what it runs; a row
no longer renewed shows as dead, is pruned after an hour, and a clean stop removes it."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from service_helpers import workspace
from typer.testing import CliRunner, Result

from schedlink import queue as queue_module
from schedlink.cli import app
from schedlink.queue import JobQueue
from schedlink.service import job_runner, jobs, workers
from schedlink.service.context import JobContext
from schedlink.store.db import Database

pytestmark = pytest.mark.integration
runner = CliRunner()


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"condition not met within {seconds} s")


def test_a_worker_registers_beats_and_shows_what_it_runs(db: Database) -> None:
    worker_id = workers.register(db, kind="worker", lanes=["default", "browser"], browsers=2)
    (view,) = workers.list_workers(db)
    assert view.id == worker_id
    assert (view.hostname, view.pid, view.kind) == (socket.gethostname()[:255], os.getpid(), "worker")
    assert view.lanes == ("browser", "default")
    assert (view.browsers, view.running, view.stopping, view.alive) == (2, (), False, True)
    assert view.beat_at.utcoffset() == timedelta(0)

    job_id, since = uuid.uuid4(), datetime.now(UTC)
    running = [{"job_id": job_id, "kind": "booking.browser", "key": "b-1", "since": since}]
    assert workers.beat(db, worker_id, running=running, stopping=False, browser_restarts=1, bookings_done=7)
    (view,) = workers.list_workers(db)
    assert view.running == (
        {"job_id": str(job_id), "kind": "booking.browser", "key": "b-1", "since": since.isoformat()},
    )
    assert (view.browser_restarts, view.bookings_done) == (1, 7)
    assert workers.browser_worker_alive(db)
    assert json.loads(json.dumps(view.to_json()))["running"][0]["job_id"] == str(job_id)


def test_a_worker_that_stops_beating_is_dead_after_the_window(db: Database) -> None:
    workers.register(db, kind="embedded", lanes=["default", "browser"], browsers=1)
    later = datetime.now(UTC) + workers.ALIVE_WITHIN + timedelta(seconds=1)
    (view,) = workers.list_workers(db, now=later)
    assert not view.alive
    assert not workers.browser_worker_alive(db, now=later)
    assert workers.browser_worker_alive(db)


def test_only_a_live_worker_with_a_browser_takes_browser_work(db: Database) -> None:
    plain = workers.register(db, kind="worker", lanes=["default"], browsers=0)
    assert not workers.browser_worker_alive(db)
    browser = workers.register(db, kind="worker", lanes=["default", "browser"], browsers=1)
    assert workers.browser_worker_alive(db)
    workers.beat(db, browser, running=[], stopping=True, browser_restarts=0, bookings_done=0)
    assert not workers.browser_worker_alive(db)  # shutting down: it takes no new booking
    assert {view.id for view in workers.list_workers(db)} == {plain, browser}


def test_rows_of_dead_workers_are_pruned_after_an_hour(db: Database) -> None:
    dead = workers.register(db, kind="worker", lanes=["default"], browsers=0)
    live = workers.register(db, kind="worker", lanes=["default"], browsers=0)
    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    workers.beat(db, dead, running=[], stopping=False, browser_restarts=0, bookings_done=0, now=two_hours_ago)
    assert workers.prune(db) == 1
    assert [view.id for view in workers.list_workers(db)] == [live]
    assert workers.prune(db) == 0


def test_a_clean_stop_removes_the_row(db: Database) -> None:
    worker_id = workers.register(db, kind="worker", lanes=["default"], browsers=0)
    workers.stop(db, worker_id)
    assert workers.list_workers(db) == []
    assert not workers.beat(db, worker_id, running=[], stopping=False, browser_restarts=0, bookings_done=0)


def test_an_unknown_kind_of_worker_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="worker, embedded"):
        workers.register(db, kind="thread", lanes=["default"], browsers=0)


def _blocking_kind(
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[threading.Event, threading.Event, list[dict[str, Any]]]:
    """A job kind whose handler records what the registry says while it runs, then waits to be let go."""
    started, release = threading.Event(), threading.Event()
    seen: list[dict[str, Any]] = []

    def handler(_db: Database, job: jobs.ClaimedJob, _context: JobContext) -> None:
        with job_runner.RUNNING_LOCK:
            seen.append(dict(job_runner.RUNNING.get(job.id, {})))
        started.set()
        assert release.wait(10)

    monkeypatch.setitem(job_runner.KINDS, "test.blocking", jobs.JobKind("test.blocking", handler))
    return started, release, seen


def test_the_runner_lists_a_job_while_it_runs(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    started, release, seen = _blocking_kind(monkeypatch)
    release.set()
    workspace_id = workspace(db)
    with db.write() as session:
        job_id = jobs.request_job(session.connection(), workspace_id, "test.blocking", "k-1")
    context = JobContext()
    try:
        assert job_runner.run_job(db, job_id, context) == job_runner.Outcome.DONE
    finally:
        context.close()
    assert started.is_set()
    (entry,) = seen
    assert (entry["kind"], entry["key"]) == ("test.blocking", "k-1")
    assert isinstance(entry["since"], datetime)
    with job_runner.RUNNING_LOCK:
        assert job_id not in job_runner.RUNNING


def test_a_consumer_reports_itself_and_its_running_jobs_and_leaves_on_close(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(queue_module, "HEARTBEAT_SECONDS", 0.2)
    monkeypatch.setattr(queue_module, "HEARTBEAT_POLL_SECONDS", 0.05)
    started, release, _seen = _blocking_kind(monkeypatch)
    job_queue = JobQueue(db, "memory://")
    try:
        job_queue.start_consumer(workers=1, max_delay=0.05)
        (view,) = workers.list_workers(db)  # registered before the first beat is due
        assert (view.kind, view.lanes, view.browsers, view.alive) == ("embedded", ("default",), 0, True)
        workspace_id = workspace(db)
        with db.write() as session:
            job_id = jobs.request_job(session.connection(), workspace_id, "test.blocking", "k-2")
        jobs.dispatch(db, job_id)
        assert started.wait(10)
        _wait_for(lambda: [job["key"] for job in workers.list_workers(db)[0].running] == ["k-2"])
        assert workers.list_workers(db)[0].running[0]["job_id"] == str(job_id)
        release.set()
        _wait_for(lambda: workers.list_workers(db)[0].running == ())
    finally:
        release.set()
        job_queue.close()
    assert workers.list_workers(db) == []


def test_a_failed_beat_is_logged_not_raised(
    db: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object, **_kwargs: object) -> uuid.UUID:
        raise RuntimeError("database away")

    monkeypatch.setattr(workers, "register", broken)
    job_queue = JobQueue(db, "memory://")
    try:
        job_queue.start_consumer(workers=1, max_delay=0.05)
    finally:
        job_queue.close()
    assert "could not report this worker" in caplog.text
    assert workers.list_workers(db) == []


def _run(database_url: str, *args: str) -> Result:
    return runner.invoke(app, [*args, "--database-url", database_url])


def test_the_workers_command_lists_them(db: Database, database_url: str) -> None:
    empty = _run(database_url, "workers", "--json")
    assert empty.exit_code == 0, empty.output
    assert json.loads(empty.stdout) == []
    none = _run(database_url, "workers")
    assert none.exit_code == 0, none.output
    assert "no workers have reported in the last hour" in none.output

    worker_id = workers.register(db, kind="worker", lanes=["default", "browser"], browsers=3)
    running = [
        {"job_id": uuid.uuid4(), "kind": "booking.browser", "key": "lead-42", "since": datetime.now(UTC)}
    ]
    workers.beat(db, worker_id, running=running, stopping=False, browser_restarts=0, bookings_done=4)
    listed = _run(database_url, "workers", "--json")
    assert listed.exit_code == 0, listed.output
    (shown,) = json.loads(listed.stdout)
    assert shown["id"] == str(worker_id)
    assert (shown["kind"], shown["lanes"], shown["browsers"], shown["alive"]) == (
        "worker",
        ["browser", "default"],
        3,
        True,
    )
    assert shown["running"][0]["key"] == "lead-42"
    assert shown["bookings_done"] == 4

    table = _run(database_url, "workers")
    assert table.exit_code == 0, table.output
    assert str(os.getpid()) in table.stdout
    assert "alive (last beat" in table.stdout
    assert "booking.browser lead-42" in table.stdout

    # `schedlink worker status` says the same (the name for it); a mistyped action is refused.
    status = _run(database_url, "worker", "status", "--json")
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout) == json.loads(listed.stdout)
    wrong = _run(database_url, "worker", "stats")
    assert wrong.exit_code == 2
    assert "the one there is: status" in wrong.output
