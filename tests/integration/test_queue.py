"""The real queue: Huey on SQLite (embedded default) and on Redis (at scale), with real consumers."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from service_helpers import reply, workspace

from schedlink.queue import JobQueue, make_huey, queue_url
from schedlink.service import job_runner, jobs
from schedlink.service.context import JobContext
from schedlink.service.inbound import receive
from schedlink.service.records import get_task
from schedlink.store.db import Database

GOOGLE_PAGE = "https://calendar.app.google/9Hx3kPq2Lm7Rt5Wz8"


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"condition not met within {seconds} s")


@pytest.fixture(params=["sqlite", "redis"])
def queue_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "redis":
        url: str = request.getfixturevalue("redis_url")
        return url
    return f"sqlite:///{tmp_path / 'queue.db'}"


@pytest.fixture
def recorded_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    runs: list[str] = []
    lock = threading.Lock()

    def handler(_db: Database, job: jobs.ClaimedJob, _context: JobContext) -> None:
        with lock:
            runs.append(job.key)

    monkeypatch.setitem(job_runner.KINDS, "test.kind", jobs.JobKind("test.kind", handler))
    return runs


@pytest.fixture
def consumer(db: Database, queue_location: str) -> Iterator[JobQueue]:
    queue = JobQueue(db, queue_location)
    queue.start_consumer(workers=2, max_delay=0.05)
    try:
        yield queue
    finally:
        queue.close()


def test_queue_url_defaults_to_a_file_beside_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCHEDLINK_QUEUE_URL", raising=False)
    assert queue_url(database="sqlite:////srv/app/schedlink.db") == "sqlite:////srv/app/schedlink.queue.db"
    assert queue_url("redis://cache:6379/2") == "redis://cache:6379/2"
    with pytest.raises(ValueError, match="must start with"):
        make_huey("amqp://broker")


def test_a_consumer_runs_each_requested_job_once(
    db: Database, consumer: JobQueue, recorded_runs: list[str]
) -> None:
    workspace_id = workspace(db)
    ids = []
    for key in ("a", "b", "c"):
        with db.write() as session:
            ids.append(jobs.request_job(session.connection(), workspace_id, "test.kind", key))
    for job_id in ids:
        jobs.dispatch(db, job_id)
        jobs.dispatch(db, job_id)  # a duplicate nudge is harmless: the row says it is done
    _wait_for(lambda: all((jobs.job_state(db, i) or JobRowStub).state == "done" for i in ids))
    time.sleep(0.2)
    assert sorted(recorded_runs) == ["a", "b", "c"]


class JobRowStub:
    state = "missing"


def test_a_lost_nudge_is_recovered_by_the_sweep(
    db: Database, consumer: JobQueue, recorded_runs: list[str]
) -> None:
    workspace_id = workspace(db)
    with db.write() as session:
        job_id = jobs.request_job(session.connection(), workspace_id, "test.kind", "lost")
    assert recorded_runs == []  # nobody was nudged
    assert job_runner.sweep(db) == 1  # what the periodic sweep does every minute
    _wait_for(lambda: (jobs.job_state(db, job_id) or JobRowStub).state == "done")
    assert recorded_runs == ["lost"]


def test_a_standalone_worker_computes_suggestions_from_redis(
    database_url: str, db: Database, redis_url: str, tmp_path: Path
) -> None:
    """`schedlink worker` on Redis, the reply received by this process: the task gets its suggestions."""
    workspace_id = workspace(db, timezone="America/New_York")
    producer = JobQueue(db, redis_url)
    producer.install()
    env = {**os.environ, "SCHEDLINK_DATABASE_URL": database_url, "SCHEDLINK_QUEUE_URL": redis_url}
    worker = subprocess.Popen(
        [sys.executable, "-m", "schedlink.cli", "worker", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # The worker plans from its own clock, so the reply is written relative to now.
        text = (
            f"Happy to talk. Please grab a time on my page {GOOGLE_PAGE} - "
            "next Thursday between 1pm and 4pm Eastern works best."
        )
        outcome = receive(db, workspace_id, reply(text, f"m-{uuid.uuid4().hex[:6]}", at=datetime.now(UTC)))
        task_id = uuid.UUID(outcome.answer["task_id"])
        _wait_for(lambda: get_task(db, workspace_id, task_id).task.suggestions_state != "waiting", 20)
        task = get_task(db, workspace_id, task_id).task
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=10)
        producer.close()
    assert task.suggestions_state == "ready", output
    assert "Google" in (task.suggestions_note or "")
    assert task.suggested_slots, task.suggestions_note
    window = task.lead_windows[0]
    for slot in task.suggested_slots:
        start = datetime.fromisoformat(slot["start"].replace("Z", "+00:00"))
        assert datetime.fromisoformat(window["start"]) <= start < datetime.fromisoformat(window["end"])
