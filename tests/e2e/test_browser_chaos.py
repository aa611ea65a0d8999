"""The chaos test of the booking core, repeated with the browser driver: ``schedlink worker --browsers 1``
processes SIGKILLed at random moments while they book on Calendly pages in Chromium.

The world: one workspace, ``TASKS`` leads each replying with their own Calendly page (a distinct owner on
one local replica page, reached through the sandbox mapping) offering the time the team asks for; every
booking call takes a second to answer, so kills often land while a submit is in flight. Every booking is
asked for twice from four threads and its job nudged twice; two browser workers run them while one of
them is killed every 1.5–3.5 s (``KILLS`` times, only workers that have been up for a second) and
restarted — and once, right after a submit has left a browser, every worker is killed, so at least one
page booking is certainly interrupted mid-submit. Then the workers carry on until every booking is
terminal: a killed worker's job is taken over when its lease ends, and an interrupted submit is
reconciled, never pressed again.

What must hold: no page submitted twice for one lead and none without its booking committed as
``submitting`` first; no start booked twice; every replica booking belongs to a booking that ended
booked or went to a person; every booked booking has its replica booking; every booking terminal with a
reason unless booked; every task done with its booked time or open with only terminal attempts.
Runs on the embedded default (SQLite with the queue file beside it): the database's side of the
invariants is the core chaos test's, on both databases. About 60–90 s on a 2-core machine.
"""

from __future__ import annotations

import json
import os
import random
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from page_booking_helpers import browser_worker_env
from sqlalchemy import select
from test_booking_chaos import SCHEDLINK, Workers, booking_rows, open_count, wait_for_rows, weekday_starts

from ports import free_port
from schedlink.config import OperatorConfig
from schedlink.domain.booking.states import TERMINAL, BookingState
from schedlink.domain.message import LeadContact, Message
from schedlink.queue import JobQueue, queue_url
from schedlink.replicas.calendly import CalendlyReplica
from schedlink.replicas.page_scenario import PageScenario
from schedlink.replicas.server import Answer
from schedlink.service import automation, jobs
from schedlink.service.bookings import BROWSER_BOOKING_JOB, request_booking
from schedlink.service.inbound import Inbound, receive
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import open_database
from schedlink.store.models import ReviewTaskRow

pytestmark = pytest.mark.e2e  # in a split run, with the other files of MANY_PROCESSES (tests/conftest.py)

ZONE = "America/New_York"
TASKS = 10
WORKERS = 2
KILLS = 4
SETTLE_LIMIT = 150.0  # seconds after the last kill by which every booking must be terminal


class RecordingCalendly(CalendlyReplica):
    """The Calendly replica, recording which event type (which lead's page) every booking call was for."""

    def __init__(self) -> None:
        super().__init__(free_port())  # this test process's own range: no lingering client reaches it
        self._posts_lock = threading.Lock()
        self.posts: list[str | None] = []

    def _book(self, raw: bytes) -> Answer:
        try:
            event_type = json.loads(raw).get("event_type_uuid")
        except (ValueError, AttributeError):
            event_type = None
        with self._posts_lock:
            self.posts.append(str(event_type) if event_type else None)
        return super()._book(raw)

    def post_count(self) -> int:
        with self._posts_lock:
            return len(self.posts)


def test_killed_browser_workers_never_submit_twice_and_lose_nothing(
    tmp_path: Path, sqlite_template: Any
) -> None:
    seed = int(os.environ.get("SCHEDLINK_CHAOS_SEED", str(random.randrange(1_000_000))))
    rng = random.Random(seed)
    began = time.monotonic()
    url = sqlite_template.fresh(tmp_path)
    replica = RecordingCalendly().start()
    replica.scenario = PageScenario(confirm_delay=1.0)
    sandbox = {"calendly.com": replica.origin}
    config = OperatorConfig(sandbox=sandbox, data_dir=tmp_path / "data")
    db = open_database(url)
    producer = JobQueue(db, queue_url(database=url))
    env = browser_worker_env(url, sandbox, tmp_path / "data", step=8)
    command = [str(SCHEDLINK), "worker", "--workers", "1", "--browsers", "1", "--database-url", url]
    workers = Workers(command, env, tmp_path)
    kills, mid_submit_kills = 0, 0
    last_kill = time.monotonic()
    try:
        workspace_id = create_workspace(
            db,
            NewWorkspace(
                name="Chaos", timezone=ZONE, own_domains=("acme.example",), booking_name="Sam Seller",
                booking_email="sam@acme.example",
            ),
        ).workspace_id  # fmt: skip
        automation.change_settings(
            db,
            workspace_id,
            automation.AutomationChange(providers={"calendly": "approve"}, rate_limit_per_hour=1000),
            actor="chaos",
        )
        tasks: dict[uuid.UUID, tuple[str, datetime]] = {}  # task → (owner, start)
        for number, start in enumerate(weekday_starts(TASKS)):
            owner = f"lead-{number}"
            replica.add_event_type(owner, "intro", length=30, starts=[start])
            outcome = receive(
                db,
                workspace_id,
                Inbound(
                    Message(
                        text=f"Thanks! Please book a time through my page: https://calendly.com/{owner}/intro",
                        received_at=datetime.now(UTC) - timedelta(hours=1),
                        lead=LeadContact(name=f"Lead {number}", email=f"{owner}@leads.example"),
                        message_id=f"<{owner}@leads.example>",
                    )
                ),
            )
            tasks[uuid.UUID(outcome.answer["task_id"])] = (owner, start)
        producer.install()
        calls = [*tasks, *tasks]
        rng.shuffle(calls)
        with ThreadPoolExecutor(4) as asking:
            made = list(
                asking.map(
                    lambda task_id: (
                        request_booking(
                            db,
                            workspace_id,
                            task_id,
                            tasks[task_id][1],
                            dry_run=False,
                            actor="chaos",
                            config=config,
                        ).booking.id
                    ),
                    calls,
                )
            )
        assert len(set(made)) == TASKS  # the same request twice is one booking
        with db.read() as session:
            job_ids = list(
                session.scalars(select(jobs.JOBS.c.id).where(jobs.JOBS.c.kind == BROWSER_BOOKING_JOB))
            )
        for job_id in job_ids:  # the same job in the queue twice
            producer.enqueue(job_id)
        for _ in range(WORKERS):
            workers.start()
        kill_all_at = rng.randrange(1, KILLS)
        number = 0
        while number < KILLS and open_count(db):
            time.sleep(rng.uniform(1.5, 3.5))
            working = [slot for slot in range(WORKERS) if workers.up_for(slot) > 1.0]
            if not working or (number == kill_all_at and len(working) < WORKERS):
                continue
            if number == kill_all_at:
                before, until = replica.post_count(), time.monotonic() + 30
                while replica.post_count() == before and time.monotonic() < until:
                    time.sleep(0.02)
                if replica.post_count() > before:  # a submit is in flight (the answer takes a second)
                    for slot in range(WORKERS):
                        workers.kill(slot)
                    kills += WORKERS
                    mid_submit_kills += 1
            else:
                workers.kill(rng.choice(working))
                kills += 1
            last_kill = time.monotonic()
            time.sleep(rng.uniform(0.1, 0.5))
            for slot in range(WORKERS):
                if workers.processes[slot].poll() is not None:
                    workers.start(slot)
            number += 1
        wait_for_rows(db, last_kill + SETTLE_LIMIT, workers)
        settled = time.monotonic()
    finally:
        workers.stop()
        producer.close()
        replica.stop()

    rows = booking_rows(db)
    with db.read() as session:
        task_rows = {row.id: (row.status, row.booked_start) for row in session.scalars(select(ReviewTaskRow))}
    db.dispose()
    owner_of = {event.uuid: event.owner for event in replica.event_types()}
    booked_on_page = replica.state()["bookings"]
    states = Counter(row.state for row in rows)
    print(
        f"\nbrowser chaos: {TASKS} tasks, {WORKERS} browser workers, seed {seed}; bookings "
        f"{dict(states)}; {kills} kills ({mid_submit_kills} of every worker mid-submit), "
        f"{replica.post_count()} submissions, {len(booked_on_page)} booked on the replica; "
        f"settled {settled - last_kill:.1f} s after the last kill, {time.monotonic() - began:.1f} s in all"
    )
    # No lead's page submitted twice, none without its booking committed as `submitting` first.
    posts = Counter(owner_of.get(event_type or "", "?") for event_type in replica.posts)
    assert max(posts.values(), default=0) <= 1, posts.most_common(3)
    owner_rows = {tasks[row.task_id][0]: row for row in rows}
    for owner in posts:
        assert owner in owner_rows, owner
        assert owner_rows[owner].submitted_at is not None, owner
    # No start booked twice; every replica booking is a booking that ended booked or went to a person.
    per_slot = Counter((made_there["owner"], made_there["start_time"]) for made_there in booked_on_page)
    assert max(per_slot.values(), default=0) <= 1, per_slot.most_common(3)
    for made_there in booked_on_page:
        assert owner_rows[made_there["owner"]].state in ("booked", "needs_review"), made_there
    booked_owners = {made_there["owner"] for made_there in booked_on_page}
    for owner, row in owner_rows.items():
        assert row.state != "booked" or owner in booked_owners, owner
    # Every booking terminal, with a reason unless booked; no task lost.
    for row in rows:
        assert BookingState(row.state) in TERMINAL, (row.id, row.state)
        if row.state != "booked":
            assert (row.error or {}).get("message"), (row.id, row.state, row.error)
    per_task = Counter(row.task_id for row in rows)
    for task_id, (_, start) in tasks.items():
        assert per_task[task_id] == 1, task_id
        status, booked_start = task_rows[task_id]
        row = next(row for row in rows if row.task_id == task_id)
        if row.state == "booked":
            assert status == "done", (task_id, status)
            assert booked_start is not None
            assert booked_start.astimezone(UTC) == start
        else:
            assert status == "open", (task_id, status, row.state)
    assert mid_submit_kills >= 1, "no kill landed while a page booking was submitting"
    assert states["booked"] >= TASKS // 2, states  # the chaos interrupts some, not most
