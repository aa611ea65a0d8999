"""Chaos for booking automation: worker processes killed with SIGKILL at random moments while they book.

The world: one workspace per 25 leads (team zone America/New_York, default working hours, Cal.com in
``approve`` mode, a rate limit of 1,000 an hour), each lead replying with their own Cal.com link — a
distinct username on one local replica of Cal.com's API, offering the time the team will ask for and one
or two others. Inside a workspace the requested times do not overlap, except for two deliberate pairs
per workspace where two leads are asked for the same time: one of each pair must be refused for overlap.

The run: this process asks for every booking twice, from 8 threads at once (the same request: one
booking), and nudges every booking job into the queue a second time — an eighth of the tasks before any
worker runs, the rest in waves while workers are being killed. ``schedlink worker`` processes run the jobs
(PostgreSQL + Redis: 4 of them; the embedded default, SQLite with the queue file beside the database: 2);
a random worker that has been running for over a second is SIGKILLed every 0.2–1.2 s and restarted; the
replica answers after 50–200 ms (it commits before it waits, so a kill during the wait is a kill after
the booking was made) and now and then drops the connection after committing, answers 500, or holds the
answer for 5 s after committing — and once, every worker is killed while such an answer is held, so at
least one booking is certainly interrupted mid-submit. Then the workers carry on (a killed worker's
booking is taken over when its 20 s lease ends, and an interrupted submit is reconciled, never resent)
until every booking is terminal, within two minutes of the last kill.

What must hold: no start of any host booked twice on the replica; no booking POSTed twice (the replica
records the ``schedlink_booking`` metadata of every POST) and none POSTed that was not first committed as
``submitting``; every replica booking belongs to an attempt that ended booked or was handed to a person
(``needs_review``), every booked attempt to one replica booking; every attempt terminal, with a reason
unless booked; no two reservations of a workspace overlapping, none held by an attempt that kept nothing;
every task done with its booked time or open with only terminal attempts.

Sizes: N = 100 tasks on PostgreSQL (the issue's figure) with 8 kill rounds (11 kills, the all-workers
round counting 4): about 50–70 s on a 2-core machine — setup < 1 s, chaos 25–40 s (workers take ~3 s to
start, and only running ones are killed), then ~20–30 s to settle (the 20 s lease of a killed worker's
booking, the 5 s sweep, the 5 s reconcile delay). N = 40 on SQLite with 2 workers and 5 rounds: about
45–55 s (with two workers, most of the chaos phase is spent restarting them). Each run prints a one-line
summary (``pytest -s``); ``SCHEDLINK_CHAOS_SEED`` replays a run's random choices (not its timing).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ports import free_port
from schedlink.config import OperatorConfig
from schedlink.domain.booking.states import TERMINAL, BookingState
from schedlink.domain.message import LeadContact, Message
from schedlink.queue import JobQueue, queue_url
from schedlink.replicas.calcom import CalcomReplica
from schedlink.service import automation, jobs
from schedlink.service.bookings import BOOKING_JOB, request_booking
from schedlink.service.errors import Conflict
from schedlink.service.inbound import Inbound, receive
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database, open_database
from schedlink.store.models import BookingRow, ReservationRow, ReviewTaskRow

pytestmark = pytest.mark.e2e  # in a split run, with the other files of MANY_PROCESSES (tests/conftest.py)

ZONE = "America/New_York"
SCHEDLINK = Path(sys.executable).parent / "schedlink"
LEADS_PER_WORKSPACE = 25
OVERLAP_PAIRS_PER_WORKSPACE = 2
SETTLE_LIMIT = 120.0  # seconds after the last kill by which every booking must be terminal
MID_SUBMIT_HOLD = 5.0  # how long a held answer (timeout_after_commit) waits after the replica committed
FAILURES = ("timeout_after_commit", "drop_after_commit", "server_error")


@dataclass(frozen=True)
class Scenario:
    backend: str
    tasks: int
    workers: int
    kills: int


SCENARIOS = {
    "postgresql": Scenario("postgresql", tasks=100, workers=4, kills=8),
    "sqlite": Scenario("sqlite", tasks=40, workers=2, kills=5),
}


@dataclass(frozen=True)
class Backend:
    scenario: Scenario
    database_url: str
    queue_url: str
    folder: Path


@pytest.fixture(params=sorted(SCENARIOS))
def backend(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Any) -> Backend:
    scenario = SCENARIOS[request.param]
    if scenario.backend == "sqlite":
        url = sqlite_template.fresh(tmp_path)
        return Backend(scenario, url, queue_url(database=url), tmp_path)
    template = request.getfixturevalue("postgres_template")
    if template is None:
        pytest.skip("PostgreSQL not reachable (set SCHEDLINK_TEST_POSTGRES_URL)")
    redis_url: str = request.getfixturevalue("redis_url")
    return Backend(scenario, template.fresh(), redis_url, tmp_path)


class ChaosReplica(CalcomReplica):
    """The Cal.com replica, recording which booking every POST was for (the ``schedlink_booking`` of its
    metadata), with a latency drawn afresh for every answer."""

    def __init__(self, *, latency: tuple[float, float], hang_seconds: float, seed: int) -> None:
        self._latency_range = latency
        self._latency_rng = random.Random(seed)
        self._posts_lock = threading.Lock()
        self.posts: list[str | None] = []
        # A port of this test process's own range: a lingering client of another test cannot reach it.
        super().__init__(free_port(), hang_seconds=hang_seconds)

    @property
    def latency_seconds(self) -> float:
        return self._latency_rng.uniform(*self._latency_range)

    @latency_seconds.setter
    def latency_seconds(self, _value: float) -> None:
        return None  # the range given to __init__ decides

    def _book_v2(self, target: str, headers: Mapping[str, str], raw: bytes) -> Any:
        reference: str | None = None
        try:
            metadata = json.loads(raw).get("metadata") or {}
            reference = str(metadata.get("schedlink_booking")) if metadata.get("schedlink_booking") else None
        except (ValueError, AttributeError):
            pass
        with self._posts_lock:
            self.posts.append(reference)
        return super()._book_v2(target, headers, raw)

    def post_count(self) -> int:
        with self._posts_lock:
            return len(self.posts)


@dataclass
class Task:
    workspace_id: uuid.UUID
    task_id: uuid.UUID
    username: str
    start: datetime
    contested: bool  # asked for a time another lead of the workspace is asked for too


@dataclass
class Workers:
    """``schedlink worker`` processes, each slot restartable after a kill."""

    command: list[str]
    env: dict[str, str]
    folder: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs_of: list[Path] = field(default_factory=list)
    ready_at: list[float | None] = field(default_factory=list)
    started: int = 0
    killed: set[int] = field(default_factory=set)  # process ids this test killed

    def start(self, slot: int | None = None) -> None:
        path = self.folder / f"worker-{self.started}.log"
        with path.open("wb") as log:  # the child keeps its own descriptor
            process = subprocess.Popen(
                self.command, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
            )
        self.started += 1
        if slot is None:
            self.processes.append(process)
            self.logs_of.append(path)
            self.ready_at.append(None)
        else:
            self.processes[slot], self.logs_of[slot], self.ready_at[slot] = process, path, None

    def up_for(self, slot: int) -> float:
        """Seconds since the worker in ``slot`` said it runs (0 while it is still starting: a worker takes
        seconds to import, and killing it then would test nothing). A worker that ended without being
        killed fails the test at once, with its log: the loops waiting for working workers would wait
        forever (a worker ends by itself when, say, Chromium is missing)."""
        process = self.processes[slot]
        if process.poll() is not None and process.pid not in self.killed:
            raise AssertionError(f"worker {slot} ended by itself ({process.returncode}):\n{self.logs()}")
        if self.ready_at[slot] is None and b"schedlink worker:" in self.logs_of[slot].read_bytes():
            self.ready_at[slot] = time.monotonic()
        ready = self.ready_at[slot]
        return 0.0 if ready is None else time.monotonic() - ready

    def kill(self, slot: int) -> None:
        process = self.processes[slot]
        self.killed.add(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def logs(self, lines: int = 30) -> str:
        tails = []
        for path in sorted(self.folder.glob("worker-*.log")):
            text = path.read_text(errors="replace").strip().splitlines()
            tails.append(f"--- {path.name}\n" + "\n".join(text[-lines:]))
        return "\n".join(tails)


def weekday_starts(count: int, *, days_ahead: int = 2) -> list[datetime]:
    """``count`` distinct half-hour starts inside 09:00–17:00 (team zone) on weekdays from a few days out."""
    zone = ZoneInfo(ZONE)
    day: date = datetime.now(zone).date() + timedelta(days=days_ahead)
    starts: list[datetime] = []
    while len(starts) < count:
        if day.weekday() < 5:
            for minutes in range(9 * 60, 17 * 60, 30):
                local = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=zone)
                starts.append(local.astimezone(UTC))
        day += timedelta(days=1)
    return starts[:count]


def build_world(db: Database, replica: CalcomReplica, count: int, rng: random.Random) -> list[Task]:
    tasks: list[Task] = []
    received = datetime.now(UTC) - timedelta(hours=1)
    for number in range((count + LEADS_PER_WORKSPACE - 1) // LEADS_PER_WORKSPACE):
        leads = min(LEADS_PER_WORKSPACE, count - number * LEADS_PER_WORKSPACE)
        workspace_id = create_workspace(
            db,
            NewWorkspace(
                name=f"Team {number}", timezone=ZONE, own_links=(f"https://calendly.com/team-{number}/intro",),
                own_domains=(f"team{number}.example",), booking_name="Sam Seller",
                booking_email=f"sam@team{number}.example",
            ),
        ).workspace_id  # fmt: skip
        automation.change_settings(
            db,
            workspace_id,
            automation.AutomationChange(providers={"calcom": "approve"}, rate_limit_per_hour=1000),
            actor="chaos",
        )
        times = weekday_starts(leads)
        # Deliberate overlaps: the last leads are asked for the time of the first ones.
        overlaps = min(OVERLAP_PAIRS_PER_WORKSPACE, leads // 2)
        for index in range(leads):
            twin = index - (leads - overlaps)
            contested = twin >= 0 or index < overlaps
            start = times[twin] if twin >= 0 else times[index]
            username = f"lead-{number}-{index}"
            others = rng.sample(times, k=min(len(times), rng.randint(1, 2)))
            replica.add_event_type(username, "intro", length=30, starts={start, *others})
            outcome = receive(
                db,
                workspace_id,
                Inbound(
                    Message(
                        text=f"Thanks! Please book a time through my page: https://cal.com/{username}/intro",
                        received_at=received,
                        lead=LeadContact(name=f"Lead {number}-{index}", email=f"{username}@leads.example"),
                        message_id=f"<{username}@leads.example>",
                    )
                ),
            )
            assert outcome.answer.get("task_id"), outcome.answer
            task_id = uuid.UUID(outcome.answer["task_id"])
            tasks.append(Task(workspace_id, task_id, username, start, contested))
    return tasks


@dataclass
class Asker:
    """What asking for bookings needs: the database, the queue nudged, the settings; and the answers."""

    db: Database
    queue: JobQueue
    config: OperatorConfig
    answers: Counter[str] = field(default_factory=Counter)
    failures: list[BaseException] = field(default_factory=list)


def ask_twice(asker: Asker, tasks: list[Task], rng: random.Random) -> None:
    """Every booking asked for twice, the calls shuffled over 8 threads (counting what they answered in
    ``answers``); then every booking job is nudged into the queue once more."""
    calls = [*tasks, *tasks]
    rng.shuffle(calls)
    lock = threading.Lock()
    made_ids: set[str] = set()

    db = asker.db

    def ask(task: Task) -> None:
        try:
            made = request_booking(
                db,
                task.workspace_id,
                task.task_id,
                task.start,
                dry_run=False,
                actor="chaos",
                config=asker.config,
            )
            outcome = f"{'created' if made.created else 'same'} {made.booking.state}"
        except Conflict as refused:  # BookingRefused included: said at once, nothing was made
            outcome = f"refused {type(refused).__name__}"
            made = None
        with lock:
            asker.answers[outcome] += 1
            if made is not None:
                made_ids.add(str(made.booking.id))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(ask, calls))
    with db.read() as session:
        job_ids = list(
            session.scalars(
                select(jobs.JOBS.c.id).where(jobs.JOBS.c.kind == BOOKING_JOB, jobs.JOBS.c.key.in_(made_ids))
            )
        )
    for job_id in job_ids:  # the same job in the queue twice
        asker.queue.enqueue(job_id)


def kill_all_mid_submit(replica: ChaosReplica, workers: Workers) -> str | None:
    """Hold the next answer to a booking after the replica committed it, and SIGKILL every worker while it
    is held; returns the booking held, or ``None`` (nobody killed) if no booking was sent within 10 s."""
    replica.fail_next("timeout_after_commit")
    before = replica.post_count()
    until = time.monotonic() + 10
    while "timeout_after_commit" in replica.pending_failures() and time.monotonic() < until:
        time.sleep(0.02)
    if replica.post_count() == before:
        return None
    time.sleep(0.3)
    for slot in range(len(workers.processes)):
        workers.kill(slot)
    return replica.posts[-1]


def ask_waves(asker: Asker, waves: list[list[Task]], seed: int) -> None:
    """The later waves of requests, a second or so apart (in a thread beside the kills)."""
    rng = random.Random(seed + 1)
    try:
        for wave in waves:
            time.sleep(rng.uniform(0.3, 1.5))
            ask_twice(asker, wave, rng)
    except BaseException as error:
        asker.failures.append(error)


def booking_rows(db: Database) -> list[BookingRow]:
    with db.read() as session:
        rows = list(session.scalars(select(BookingRow)))
        session.expunge_all()
        return rows


def open_count(db: Database) -> int:
    with db.read() as session:
        states = session.scalars(select(BookingRow.state))
        return sum(1 for state in states if BookingState(state) not in TERMINAL)


def wait_for_rows(db: Database, deadline: float, workers: Workers) -> None:
    while open_count(db):
        if time.monotonic() > deadline:
            pending = [
                (row.id, row.state, row.steps[-1] if row.steps else None)
                for row in booking_rows(db)
                if BookingState(row.state) not in TERMINAL
            ]
            raise AssertionError(f"not terminal in time: {pending[:10]}\n{workers.logs()}")
        time.sleep(0.25)


def test_killed_workers_never_book_twice_and_lose_nothing(backend: Backend) -> None:
    scenario = backend.scenario
    seed = int(os.environ.get("SCHEDLINK_CHAOS_SEED", str(random.randrange(1_000_000))))
    rng = random.Random(seed)
    began = time.monotonic()
    replica = ChaosReplica(latency=(0.05, 0.2), hang_seconds=MID_SUBMIT_HOLD, seed=seed).start()
    sandbox = {"api.cal.com": replica.origin, "cal.com": replica.origin}
    config = OperatorConfig(sandbox=sandbox, data_dir=backend.folder / "data")
    db = open_database(backend.database_url)
    producer = JobQueue(db, backend.queue_url)
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCHEDLINK_")}
    env |= {
        "SCHEDLINK_DATABASE_URL": backend.database_url,  # the SQLite queue file is found beside it
        "SCHEDLINK_SANDBOX_HOSTS": ",".join(f"{host}={origin}" for host, origin in sandbox.items()),
        "SCHEDLINK_DATA_DIR": str(backend.folder / "data"),
        "SCHEDLINK_READ_LEAD_PAGES": "0",  # the replica's pages are read all the same (sandbox)
    }
    command = [str(SCHEDLINK), "worker", "--workers", "2", "--database-url", backend.database_url]
    if backend.queue_url.startswith("redis"):
        command += ["--queue-url", backend.queue_url]
    workers = Workers(command, env, backend.folder)
    kills = 0
    last_kill = time.monotonic()
    asker = Asker(db, producer, config)
    open_at_kills: list[int] = []
    held_when_killed: list[str] = []
    try:
        tasks = build_world(db, replica, scenario.tasks, rng)
        built = time.monotonic()
        producer.install()
        # A first wave asked for before any worker runs; the others while workers are being killed.
        waves = [tasks[i :: scenario.kills] for i in range(scenario.kills)]
        ask_twice(asker, waves[0], rng)
        for _ in range(scenario.workers):
            workers.start()
        chaos_began = time.monotonic()
        requester = threading.Thread(target=ask_waves, args=(asker, waves[1:], seed))
        requester.start()
        kill_all_at = rng.randrange(1, scenario.kills)  # the kill that takes every worker mid-submit
        number = 0
        while number < scenario.kills or requester.is_alive():
            time.sleep(rng.uniform(0.2, 1.2))
            if rng.random() < 0.6:
                replica.fail_next(rng.choice(FAILURES))
            working = [slot for slot in range(scenario.workers) if workers.up_for(slot) > 1.0]
            if not working or (number == kill_all_at and len(working) < scenario.workers):
                continue
            open_at_kills.append(open_count(db))
            if number == kill_all_at and (mid_submit := kill_all_mid_submit(replica, workers)):
                held_when_killed.append(mid_submit)
                kills += scenario.workers
            else:
                workers.kill(rng.choice(working))
                kills += 1
            last_kill = time.monotonic()
            time.sleep(rng.uniform(0.1, 0.5))
            for slot in range(scenario.workers):
                if workers.processes[slot].poll() is not None:
                    workers.start(slot)
            number += 1
        requester.join()
        assert not asker.failures, asker.failures
        wait_for_rows(db, last_kill + SETTLE_LIMIT, workers)
        settled = time.monotonic()
    finally:
        workers.stop()
        producer.close()
        replica.stop()

    rows = booking_rows(db)
    with db.read() as session:
        reservations = [
            (r.workspace_id, r.booking_id, r.starts_at, r.ends_at)
            for r in session.scalars(select(ReservationRow))
        ]
        task_rows = {row.id: (row.status, row.booked_start) for row in session.scalars(select(ReviewTaskRow))}
    db.dispose()
    made = replica.bookings()
    by_id = {str(row.id): row for row in rows}
    states = Counter(row.state for row in rows)
    interrupted = sum(
        1
        for row in rows
        if any("stopped while submitting" in str(step.get("note", "")) for step in row.steps)
    )

    summary = ", ".join(f"{state} {count}" for state, count in sorted(states.items()))
    print(
        f"\nchaos {scenario.backend}: {len(tasks)} tasks, {scenario.workers} workers, seed {seed}; "
        f"bookings: {summary}; {kills} kills ({interrupted} mid-submit), {replica.submissions()} POSTs, "
        f"{len(made)} booked on the replica; requests {dict(asker.answers)}; setup {built - began:.1f} s, "
        f"chaos {last_kill - chaos_began:.1f} s, settled {settled - last_kill:.1f} s after the last kill, "
        f"{time.monotonic() - began:.1f} s in all; bookings open at each kill {open_at_kills}"
    )
    for held in held_when_killed:
        print(f"held when every worker was killed: {held} {by_id[held].state} {by_id[held].steps}")
    # No start of any host booked twice; no attempt POSTed twice, or POSTed before it was `submitting`.
    per_slot = Counter((booking.owner, booking.start) for booking in made)
    assert max(per_slot.values(), default=0) <= 1, per_slot.most_common(3)
    posts = Counter(replica.posts)
    assert None not in posts, "a POST without the booking's reference"
    assert max(posts.values(), default=0) <= 1, posts.most_common(3)
    submitted = {str(row.id) for row in rows if row.submitted_at is not None}
    assert set(posts) <= submitted, set(posts) - submitted
    assert replica.submissions() == len(replica.posts) <= len(submitted)
    # Every booking on the replica is one attempt's, which ended booked or went to a person; every booked
    # attempt has its booking there.
    references = Counter(str(booking.metadata.get("schedlink_booking")) for booking in made)
    assert max(references.values(), default=0) <= 1, references.most_common(3)
    for reference in references:
        assert reference in by_id, reference
        assert by_id[reference].state in ("booked", "needs_review"), (reference, by_id[reference].state)
    for row in rows:
        if row.state == "booked":
            assert str(row.id) in references, row.id
    # Every attempt terminal, with a reason unless booked.
    for row in rows:
        assert BookingState(row.state) in TERMINAL, (row.id, row.state)
        if row.state != "booked":
            assert (row.error or {}).get("message"), (row.id, row.state, row.error)
    # No two reservations of a workspace overlap; an attempt that kept nothing holds none.
    holding: dict[uuid.UUID, list[tuple[datetime, datetime]]] = {}
    for workspace_id, booking_id, starts_at, ends_at in reservations:
        row = by_id[str(booking_id)]
        assert row.state in ("booked", "pending_confirmation", "needs_review"), (booking_id, row.state)
        assert row.state != "needs_review" or row.submitted_at is not None, booking_id
        for other_start, other_end in holding.get(workspace_id, []):
            assert not (starts_at < other_end and other_start < ends_at), (booking_id, starts_at)
        holding.setdefault(workspace_id, []).append((starts_at, ends_at))
    # No task lost: done with its booked time, or open with terminal attempts only. The same request
    # twice made one attempt (two only where the first was refused for overlap, which sends nothing).
    per_task = Counter(row.task_id for row in rows)
    for task in tasks:
        status, booked_start = task_rows[task.task_id]
        attempts = [row for row in rows if row.task_id == task.task_id]
        assert attempts, f"task {task.task_id} has no booking"
        if not task.contested:
            assert per_task[task.task_id] == 1, [(row.attempt, row.state) for row in attempts]
        if any(row.state == "booked" for row in attempts):
            assert status == "done", task.task_id
            assert booked_start is not None
            assert booked_start.astimezone(UTC) == task.start
        else:
            assert status == "open", (task.task_id, status, [row.state for row in attempts])
    # The deliberate overlaps: of two leads asked for one time, only one ever held it.
    kept = Counter(
        (row.workspace_id, row.start)
        for row in rows
        if row.state in ("booked", "pending_confirmation")
        or (row.state == "needs_review" and row.submitted_at)
    )
    assert max(kept.values(), default=0) <= 1, kept.most_common(3)
    assert any((row.error or {}).get("code") == "team_free" for row in rows), "no overlap was refused"
    assert interrupted >= 1, "no kill landed while a booking was submitting"
