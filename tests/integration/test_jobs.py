"""Job rows: idempotent requests, exclusive claims, retries with backoff, crash recovery by the sweep."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from service_helpers import reply, workspace
from sqlalchemy import select

from schedlink.service import job_runner, jobs
from schedlink.service.context import JobContext
from schedlink.service.inbound import receive
from schedlink.store.db import Database
from schedlink.store.models import JobRow

CALENDLY = "https://calendly.com/jo-reyes/30min"


@pytest.fixture
def dispatched(db: Database) -> Iterator[list[tuple[uuid.UUID, datetime | None]]]:
    sent: list[tuple[uuid.UUID, datetime | None]] = []
    jobs.set_dispatcher(db, lambda job_id, eta, _lane: sent.append((job_id, eta)))
    try:
        yield sent
    finally:
        jobs.set_dispatcher(db, None)


def _request(db: Database, workspace_id: uuid.UUID, kind: str = "test.kind", key: str = "k") -> uuid.UUID:
    with db.write() as session:
        return jobs.request_job(session.connection(), workspace_id, kind, key)


def test_asking_twice_for_the_same_work_finds_the_same_job(db: Database) -> None:
    workspace_id = workspace(db)
    first = _request(db, workspace_id)
    second = _request(db, workspace_id)
    assert first == second
    with db.read() as session:
        rows = session.scalars(select(JobRow)).all()
    assert [(row.state, row.attempts) for row in rows] == [("pending", 0)]


def test_only_one_worker_claims_a_job_until_its_lease_runs_out(db: Database) -> None:
    job_id = _request(db, workspace(db))
    claimed = jobs.claim(db, job_id)
    assert claimed is not None
    assert claimed.attempts == 1
    assert claimed.kind == "test.kind"
    assert jobs.claim(db, job_id) is None
    # The worker died holding it: once the lease is over, another worker may take it.
    later = jobs.now() + jobs.LEASE + timedelta(seconds=1)
    assert job_id in jobs.due_jobs(db, at=later)
    again = jobs.claim(db, job_id, at=later)
    assert again is not None
    assert again.attempts == 2


def test_a_finished_job_is_not_run_again_until_asked(db: Database) -> None:
    workspace_id = workspace(db)
    job_id = _request(db, workspace_id)
    assert jobs.claim(db, job_id) is not None
    assert jobs.finish(db, job_id) is False
    assert jobs.claim(db, job_id) is None
    assert jobs.due_jobs(db) == []
    assert _request(db, workspace_id) == job_id
    assert jobs.claim(db, job_id) is not None


def test_work_asked_for_while_running_runs_once_more(db: Database) -> None:
    workspace_id = workspace(db)
    job_id = _request(db, workspace_id)
    assert jobs.claim(db, job_id) is not None
    _request(db, workspace_id)  # new inputs arrived meanwhile
    assert jobs.claim(db, job_id) is None  # still held by the first worker
    assert jobs.finish(db, job_id) is True  # so the first worker hands it back
    assert jobs.claim(db, job_id) is not None


def test_failures_back_off_and_finally_fail(db: Database) -> None:
    job_id = _request(db, workspace(db))
    delays = []
    for _ in range(jobs.MAX_ATTEMPTS - 1):
        claimed = jobs.claim(db, job_id, at=jobs.now() + timedelta(days=1))
        assert claimed is not None
        again = jobs.retry_later(db, claimed, "boom")
        assert again is not None
        delays.append(round((again - jobs.now()).total_seconds() / 30))
    assert delays == [1, 2, 4, 8, 16]
    last = jobs.claim(db, job_id, at=jobs.now() + timedelta(days=1))
    assert last is not None
    assert jobs.retry_later(db, last, "still boom") is None
    state = jobs.job_state(db, job_id)
    assert state is not None
    assert state.state == "failed"
    assert state.last_error == "still boom"


def test_a_failing_handler_is_retried_later(
    db: Database, dispatched: list[tuple[uuid.UUID, datetime | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_db: Database, _job: jobs.ClaimedJob, _context: JobContext) -> None:
        raise RuntimeError("provider outage")

    monkeypatch.setitem(job_runner.KINDS, "test.kind", jobs.JobKind("test.kind", broken))
    job_id = _request(db, workspace(db))
    context = JobContext()
    try:
        assert job_runner.run_job(db, job_id, context) is job_runner.Outcome.RETRY
        assert job_runner.run_job(db, job_id, context) is job_runner.Outcome.SKIPPED  # not due yet
    finally:
        context.close()
    [(sent_id, eta)] = dispatched
    assert sent_id == job_id
    assert eta is not None
    assert eta > jobs.now()
    state = jobs.job_state(db, job_id)
    assert state is not None
    assert state.state == "pending"
    assert "provider outage" in (state.last_error or "")


def test_the_sweep_re_enqueues_what_a_crash_left_behind(
    db: Database, dispatched: list[tuple[uuid.UUID, datetime | None]]
) -> None:
    workspace_id = workspace(db)
    lost = _request(db, workspace_id, key="lost-nudge")
    held = _request(db, workspace_id, key="crashed-worker")
    assert jobs.claim(db, held) is not None
    assert job_runner.sweep(db) == 1
    assert [job_id for job_id, _ in dispatched] == [lost]


def test_a_booking_request_asks_for_suggestions_after_commit(
    db: Database, dispatched: list[tuple[uuid.UUID, datetime | None]]
) -> None:
    workspace_id = workspace(db)
    outcome = receive(db, workspace_id, reply(f"Please book through my link: {CALENDLY}", "m-1"))
    task_id = outcome.answer["task_id"]
    [(job_id, eta)] = dispatched
    state = jobs.job_state(db, job_id)
    assert state is not None
    assert state.kind == jobs.SUGGESTIONS_JOB
    assert state.key == task_id
    assert eta is None
    # The same message again changes nothing and asks for nothing.
    receive(db, workspace_id, reply(f"Please book through my link: {CALENDLY}", "m-1"))
    assert len(dispatched) == 1
    # A reply that asks for nothing does not either.
    receive(db, workspace_id, reply("Thanks, talk soon", "m-2", minutes=5))
    assert len(dispatched) == 1


def test_a_queue_outage_does_not_fail_the_reply(db: Database) -> None:
    def down(_job_id: uuid.UUID, _eta: datetime | None, _lane: str) -> None:
        raise ConnectionError("queue unreachable")

    jobs.set_dispatcher(db, down)
    try:
        workspace_id = workspace(db)
        outcome = receive(db, workspace_id, reply(f"Please book through my link: {CALENDLY}", "m-1"))
    finally:
        jobs.set_dispatcher(db, None)
    assert outcome.answer["task_id"] is not None
    assert len(jobs.due_jobs(db)) == 1  # the sweep will find it


def test_a_short_lease_is_renewed_while_its_job_runs_so_nobody_else_takes_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    from datetime import timedelta

    started, release = threading.Event(), threading.Event()

    def slow(_db: Database, _job: jobs.ClaimedJob, _context: JobContext) -> None:
        started.set()
        release.wait(5)

    lease = timedelta(seconds=0.6)
    monkeypatch.setitem(job_runner.KINDS, "test.kind", jobs.JobKind("test.kind", slow, lease=lease))
    monkeypatch.setattr(job_runner, "SHORT_LEASES", {"test.kind": lease})
    job_id = _request(db, workspace(db))
    context = JobContext()
    runner = threading.Thread(target=job_runner.run_job, args=(db, job_id, context))
    runner.start()
    try:
        assert started.wait(5)
        import time

        time.sleep(1.5)  # more than twice the lease: only the heartbeat keeps it held
        assert jobs.claim(db, job_id) is None
    finally:
        release.set()
        runner.join()
        context.close()
    state = jobs.job_state(db, job_id)
    assert state is not None
    assert state.state == "done"
