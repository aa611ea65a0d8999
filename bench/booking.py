"""Booking benchmark: seconds from Book to a terminal state, and bookings per minute with 1 and 4 workers.

Every booking goes the way a person's click does: ``request_booking`` in this process (the ``requested``
row, the reservation and the job, in one transaction, then a nudge to the queue), then a ``schedlink
worker`` process claims the job, runs the guardrails (reading the lead's page), marks it ``submitting``
and books through Cal.com's public API — here a local replica of it (``replicas/calcom.py``) reached
through the sandbox mapping, answering every request after ``--latency`` seconds (30 ms by default, a
round trip to a nearby API). Each lead has their own Cal.com username; every booking is for a distinct,
non-overlapping weekday time, so every one ends ``booked``.

Backend: PostgreSQL (a throwaway database on ``$SCHEDLINK_BENCH_POSTGRES_URL``, default the local server)
with Redis (``$SCHEDLINK_BENCH_REDIS_URL``, default ``redis://127.0.0.1:6379/14``, flushed) when both
answer, else the embedded default: SQLite, with the queue file beside the database.

Measured, each in the same run:

1. latency: 1 worker process, ``--sequential`` bookings one after another (each asked for when the last
   ended), seconds from the call to the ``booked`` step;
2. throughput: ``--burst`` bookings asked for at once, with 1 and then 4 worker processes (2 threads each,
   as ``schedlink worker`` runs by default): bookings per minute from the first call to the last
   ``booked``, and each booking's seconds under that load;
3. floors: the replica's part — the same requests a booking makes (read the slots, read the event type,
   POST the booking), sent straight to the replica with httpx, one client (per booking) and 8 clients (per
   minute, as many as the 4 workers' threads) — and the queue's part: a booking job with nothing left to
   do (its booking already booked), asked for, nudged, claimed, run and finished by the same workers.

Run: ``.venv/bin/python bench/booking.py`` (``--backend sqlite`` for the embedded default; ``--json``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from schedlink.config import OperatorConfig
from schedlink.domain.booking.states import TERMINAL, BookingState
from schedlink.domain.message import LeadContact, Message
from schedlink.queue import JobQueue, queue_url
from schedlink.replicas.calcom import CalcomReplica
from schedlink.service import automation, jobs
from schedlink.service.bookings import BOOKING_JOB, request_booking
from schedlink.service.inbound import Inbound, receive
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database, open_database
from schedlink.store.migrate import upgrade
from schedlink.store.models import BookingRow

ZONE = "America/New_York"
LEADS_PER_WORKSPACE = 40
THREADS_PER_WORKER = 2
_DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
_DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
_SCHEDLINK = Path(sys.executable).parent / "schedlink"

T = TypeVar("T")

_console = Console(width=max(Console().width, 112))
_err = Console(stderr=True)


class BenchError(Exception):
    """A step of the setup failed; the message says which."""


@dataclass(frozen=True)
class Lead:
    workspace_id: uuid.UUID
    task_id: uuid.UUID
    username: str
    start: datetime


@dataclass
class Row:
    name: str
    workers: str
    count: int
    seconds: list[float] = field(default_factory=list)  # per booking (or per request set)
    per_minute: float | None = None


# --- the backend ----------------------------------------------------------------------------------


def _libpq(url: str, database: str | None = None) -> str:
    parts = urlsplit(url)
    path = f"/{database}" if database is not None else parts.path
    return urlunsplit(("postgresql", parts.netloc, path, parts.query, ""))


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def _reachable(postgres_url: str, redis_url: str) -> str | None:
    """Why PostgreSQL + Redis cannot be used, or ``None`` when both answer."""
    import psycopg
    import redis

    try:
        with psycopg.connect(_libpq(postgres_url), connect_timeout=3):
            pass
    except psycopg.Error as error:
        return f"PostgreSQL at {_libpq(postgres_url, '')}: {str(error).strip()[:120]}"
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"Redis at {redis_url}: {error}"
    finally:
        client.close()
    return None


@contextmanager
def _database(backend: str, postgres_url: str, folder: Path) -> Iterator[str]:
    """A fresh, migrated database for the run, removed afterwards."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'bench.db'}"
        upgrade(url)
        yield url
        return
    import psycopg
    from psycopg import sql

    name = f"schedlink_bench_booking_{os.getpid()}"
    admin = _libpq(postgres_url)
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        url = _with_database(postgres_url, name)
        upgrade(url)
        yield url
    finally:
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        except psycopg.Error as error:
            _err.print(f"[yellow]could not drop database {name}: {error}[/yellow]")


def _flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


class Workers:
    """``schedlink worker`` processes, started together and stopped with SIGTERM."""

    def __init__(self, count: int, command: list[str], env: dict[str, str], folder: Path) -> None:
        self.logs = [folder / f"worker-{time.monotonic_ns()}-{n}.log" for n in range(count)]
        self.processes = []
        for path in self.logs:
            with path.open("wb") as log:
                self.processes.append(
                    subprocess.Popen(
                        command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
                    )
                )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not all(b"schedlink worker:" in path.read_bytes() for path in self.logs):
            for process, path in zip(self.processes, self.logs, strict=True):
                if process.poll() is not None:
                    raise BenchError(f"a worker exited {process.returncode}:\n{path.read_text()[-2000:]}")
            if time.monotonic() > deadline:
                raise BenchError("the workers did not start in time")
            time.sleep(0.05)
        time.sleep(0.5)  # past the banner: the consumer and its sweep are starting

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


# --- the world ------------------------------------------------------------------------------------


def weekday_starts(count: int) -> list[datetime]:
    """Distinct half-hour starts, 09:00–17:00 team time, on weekdays from two days out (the horizon is 14
    days, so at most ~150 fit: the run spreads bookings over several workspaces)."""
    zone = ZoneInfo(ZONE)
    day = datetime.now(zone).date() + timedelta(days=2)
    starts: list[datetime] = []
    while len(starts) < count:
        if day.weekday() < 5:
            for minutes in range(9 * 60, 17 * 60, 30):
                starts.append(
                    datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=zone)
                )
        day += timedelta(days=1)
    return [start.astimezone(UTC) for start in starts[:count]]


def _leads(db: Database, replica: CalcomReplica, count: int, tag: str) -> list[Lead]:
    """``count`` leads who replied with their own Cal.com link, in workspaces of 40 (Cal.com: approve)."""
    leads: list[Lead] = []
    received = datetime.now(UTC) - timedelta(hours=1)
    for number in range((count + LEADS_PER_WORKSPACE - 1) // LEADS_PER_WORKSPACE):
        size = min(LEADS_PER_WORKSPACE, count - number * LEADS_PER_WORKSPACE)
        workspace_id = create_workspace(
            db,
            NewWorkspace(
                name=f"Bench {tag} {number}", timezone=ZONE, booking_name="Sam Seller",
                booking_email="sam@acme.example", own_domains=("acme.example",),
            ),
        ).workspace_id  # fmt: skip
        automation.change_settings(
            db,
            workspace_id,
            automation.AutomationChange(providers={"calcom": "approve"}, rate_limit_per_hour=1000),
            actor="bench",
        )
        for index, start in enumerate(weekday_starts(size)):
            username = f"{tag}-{number}-{index}"
            replica.add_event_type(username, "intro", length=30, starts=[start])
            outcome = receive(
                db,
                workspace_id,
                Inbound(
                    Message(
                        text=f"Sure, please book a time through my page: https://cal.com/{username}/intro",
                        received_at=received,
                        lead=LeadContact(name=f"Lead {username}", email=f"{username}@leads.example"),
                        message_id=f"<{username}@leads.example>",
                    )
                ),
            )
            task_id = outcome.answer.get("task_id")
            if not task_id:
                raise BenchError(f"the reply of {username} made no task: {outcome.answer}")
            leads.append(Lead(workspace_id, uuid.UUID(task_id), username, start))
    return leads


def wait_idle(db: Database, timeout: float = 120.0) -> None:
    """Wait until no job is pending or running (the suggestions asked for by the replies)."""
    deadline = time.monotonic() + timeout
    while True:
        with db.read() as session:
            busy = session.scalar(
                select(jobs.JOBS.c.id).where(jobs.JOBS.c.state.in_(("pending", "running"))).limit(1)
            )
        if busy is None:
            return
        if time.monotonic() > deadline:
            raise BenchError("background jobs did not finish in time")
        time.sleep(0.1)


# --- measuring ------------------------------------------------------------------------------------


class Bookable(Protocol):
    """A lead's task and the time to book on it (the booking benchmarks' leads)."""

    @property
    def workspace_id(self) -> uuid.UUID: ...
    @property
    def task_id(self) -> uuid.UUID: ...
    @property
    def start(self) -> datetime: ...


def book(db: Database, lead: Bookable, config: OperatorConfig) -> tuple[uuid.UUID, datetime]:
    """Ask for the booking as a person's Book does; its id and when it was asked for."""
    asked = datetime.now(UTC)
    made = request_booking(
        db, lead.workspace_id, lead.task_id, lead.start, dry_run=False, actor="bench", config=config
    )
    return made.booking.id, asked


def wait_ended(db: Database, ids: Sequence[uuid.UUID], timeout: float) -> dict[uuid.UUID, BookingRow]:
    """Wait until every booking is terminal; the rows (their steps carry when each state was reached)."""
    deadline = time.monotonic() + timeout
    while True:
        with db.read() as session:
            rows = list(session.scalars(select(BookingRow).where(BookingRow.id.in_(list(ids)))))
            session.expunge_all()
        if all(BookingState(row.state) in TERMINAL for row in rows) and len(rows) == len(ids):
            return {row.id: row for row in rows}
        if time.monotonic() > deadline:
            waiting = sum(1 for row in rows if BookingState(row.state) not in TERMINAL)
            raise BenchError(f"{waiting} bookings not terminal after {timeout:.0f} s")
        time.sleep(0.02)


def finished_at(row: BookingRow) -> datetime:
    if row.state != BookingState.BOOKED:
        raise BenchError(f"booking {row.id} ended {row.state}: {row.error}")
    return datetime.fromisoformat(str(row.steps[-1]["at"]))


def sequential(
    db: Database, leads: Sequence[Bookable], config: OperatorConfig, *,
    name: str = "Book → booked, one at a time", timeout: float = 60,
) -> Row:  # fmt: skip
    """Each booking asked for when the last one ended; seconds from the call to ``booked``."""
    row = Row(name, "1", len(leads))
    for lead in leads:
        booking_id, asked = book(db, lead, config)
        ended = wait_ended(db, [booking_id], timeout)[booking_id]
        row.seconds.append((finished_at(ended) - asked).total_seconds())
    return row


def burst(
    db: Database, leads: Sequence[Bookable], config: OperatorConfig, workers: int | str, *,
    name: str = "Book → booked, all asked at once", askers: int = 8, timeout: float = 300,
) -> Row:  # fmt: skip
    """Every booking asked for at once (``askers`` threads); each one's seconds, and bookings per minute
    from the first call to the last ``booked``."""
    row = Row(name, str(workers), len(leads))
    began = datetime.now(UTC)
    with ThreadPoolExecutor(askers) as pool:
        asked = list(pool.map(lambda lead: book(db, lead, config), leads))
    ended = wait_ended(db, [booking_id for booking_id, _ in asked], timeout)
    finished = {booking_id: finished_at(ended[booking_id]) for booking_id, _ in asked}
    row.seconds = [(finished[booking_id] - at).total_seconds() for booking_id, at in asked]
    row.per_minute = len(leads) / (max(finished.values()) - began).total_seconds() * 60
    return row


def _noop_jobs(db: Database, queue: JobQueue, booked: Sequence[uuid.UUID], workers: int) -> Row:
    """The queue's floor: booking jobs whose booking is already booked — asked for, nudged, claimed, run
    (one locked read that finds nothing to do) and finished by the worker processes."""
    row = Row("floor: a booking job with nothing to do", str(workers), len(booked))
    asked: dict[uuid.UUID, datetime] = {}
    began = datetime.now(UTC)
    for booking_id in booked:
        with db.write() as session:
            workspace_id = session.scalar(select(BookingRow.workspace_id).where(BookingRow.id == booking_id))
            assert workspace_id is not None
            at = jobs.now()
            job_id = jobs.request_job(session.connection(), workspace_id, BOOKING_JOB, str(booking_id), at=at)
        queue.enqueue(job_id)
        asked[job_id] = at
    deadline = time.monotonic() + 120
    while True:
        with db.read() as session:
            done = {
                job_id: finished
                for job_id, state, finished in session.execute(
                    select(jobs.JOBS.c.id, jobs.JOBS.c.state, jobs.JOBS.c.finished_at).where(
                        jobs.JOBS.c.id.in_(list(asked))
                    )
                )
                if state == "done" and finished is not None
            }
        if len(done) == len(asked):
            break
        if time.monotonic() > deadline:
            raise BenchError("no-op jobs did not finish in time")
        time.sleep(0.02)
    finished = {job_id: moment.replace(tzinfo=moment.tzinfo or UTC) for job_id, moment in done.items()}
    row.seconds = [(finished[job_id] - at).total_seconds() for job_id, at in asked.items()]
    row.per_minute = len(asked) / (max(finished.values()) - began).total_seconds() * 60
    return row


def _replica_floor(replica: CalcomReplica, count: int, clients: int) -> Row:
    """The replica's part: what one booking asks of Cal.com (slots, event type, the POST), sent straight
    to the replica by ``clients`` httpx clients; the POSTs book a floor host's distinct starts."""
    starts = [start + timedelta(days=7) for start in weekday_starts(count)]
    username = f"floor-{clients}-{uuid.uuid4().hex[:6]}"
    replica.add_event_type(username, "intro", length=30, starts=starts)
    base = replica.origin
    day = starts[0].date().isoformat()
    row = Row("floor: the same 3 requests, straight to the replica", f"{clients} client(s)", count)

    def send(method: str, path: str, version: str, **options: Any) -> None:
        # A connection per request, as the product's fetcher opens one per request to a replica.
        with httpx.Client(base_url=base, timeout=30) as client:
            client.request(method, path, headers={"cal-api-version": version}, **options).raise_for_status()

    def one(start: datetime) -> float:
        began = time.perf_counter()
        slots = {"username": username, "eventTypeSlug": "intro", "start": day, "end": day, "timeZone": ZONE}
        send("GET", "/v2/slots", "2024-09-04", params=slots)
        send("GET", "/v2/event-types", "2024-06-14", params={"username": username, "eventSlug": "intro"})
        attendee = {"name": "Sam Seller", "email": "sam@acme.example", "timeZone": ZONE}
        stamp = start.strftime("%Y-%m-%dT%H:%M:%S.000Z")
        body = {"start": stamp, "eventTypeSlug": "intro", "username": username, "attendee": attendee}
        send("POST", "/v2/bookings", "2024-08-13", json=body)
        return time.perf_counter() - began

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        row.seconds = list(pool.map(one, starts))
    row.per_minute = count / (time.perf_counter() - began) * 60
    return row


# --- the run --------------------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def _run(args: argparse.Namespace, backend: str, folder: Path) -> list[Row]:
    replica = CalcomReplica(latency_seconds=args.latency).start()
    sandbox = {"api.cal.com": replica.origin, "cal.com": replica.origin}
    config = OperatorConfig(sandbox=sandbox, data_dir=folder / "data")
    rows: list[Row] = []
    per_booking = 0.0
    with _database(backend, args.postgres_url, folder) as url:
        queue = args.redis_url if backend == "postgresql" else queue_url(database=url)
        if backend == "postgresql":
            _flush_redis(args.redis_url)
        db = open_database(url)
        producer = JobQueue(db, queue)
        producer.install()
        env = {key: value for key, value in os.environ.items() if not key.startswith("SCHEDLINK_")}
        env |= {
            "SCHEDLINK_DATABASE_URL": url,
            "SCHEDLINK_QUEUE_URL": queue,
            "SCHEDLINK_SANDBOX_HOSTS": ",".join(f"{host}={origin}" for host, origin in sandbox.items()),
            "SCHEDLINK_DATA_DIR": str(folder / "data"),
        }
        command = [str(_SCHEDLINK), "worker", "--workers", str(THREADS_PER_WORKER), "--database-url", url]
        try:
            leads = _leads(db, replica, args.sequential + 2 * args.burst, "lead")
            one_by_one, burst_one, burst_four = (
                leads[: args.sequential],
                leads[args.sequential : args.sequential + args.burst],
                leads[args.sequential + args.burst :],
            )
            for count, batches in ((1, (one_by_one, burst_one)), (4, (burst_four,))):
                _err.print(f"[dim]{backend}: starting {count} worker process(es)[/dim]")
                workers = Workers(count, command, env, folder)
                try:
                    workers.wait_ready()
                    wait_idle(db)  # the suggestions the replies asked for are done before anything is timed
                    for batch in batches:
                        if batch is one_by_one:
                            _err.print(f"[dim]{backend}: {len(batch)} bookings one at a time[/dim]")
                            before = len(replica.requests)
                            rows.append(sequential(db, batch, config))
                            per_booking = (len(replica.requests) - before) / len(batch)
                        else:
                            _err.print(
                                f"[dim]{backend}: {len(batch)} bookings at once, {count} worker(s)[/dim]"
                            )
                            rows.append(burst(db, batch, config, count))
                            booked = [row.id for row in _booked(db, batch)]
                            rows.append(_noop_jobs(db, producer, booked, count))
                finally:
                    workers.stop()
            rows.append(_replica_floor(replica, args.sequential, 1))
            rows.append(_replica_floor(replica, args.burst, THREADS_PER_WORKER * 4))
            if per_booking != 3:
                _err.print(f"[yellow]a booking made {per_booking:.1f} requests; the floor sends 3[/yellow]")
        finally:
            producer.close()
            db.dispose()
            replica.stop()
    return rows


def _booked(db: Database, leads: Sequence[Lead]) -> list[BookingRow]:
    with db.read() as session:
        rows = list(
            session.scalars(
                select(BookingRow).where(BookingRow.task_id.in_([lead.task_id for lead in leads]))
            )
        )
        session.expunge_all()
        return rows


def _report(rows: list[Row], args: argparse.Namespace, backend: str, seconds: float) -> None:
    title = (
        f"Booking on {backend}: replica latency {args.latency * 1000:.0f} ms per request, "
        f"{THREADS_PER_WORKER} threads per worker process ({seconds:.0f} s in all)"
    )
    table = Table(title=title)
    for name, justify in (("measured", "left"), ("workers", "right"), ("n", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for name in ("p50 s", "p95 s", "per minute"):
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(
            row.name,
            row.workers,
            str(row.count),
            f"{percentile(row.seconds, 0.5):.3f}",
            f"{percentile(row.seconds, 0.95):.3f}",
            "" if row.per_minute is None else f"{row.per_minute:,.0f}",
        )
    _console.print(table)
    if args.json:
        print(
            json.dumps(
                {
                    "backend": backend,
                    "latency_s": args.latency,
                    "rows": [
                        {
                            "measured": row.name,
                            "workers": row.workers,
                            "n": row.count,
                            "p50_s": round(percentile(row.seconds, 0.5), 4),
                            "p95_s": round(percentile(row.seconds, 0.95), 4),
                            "per_minute": None if row.per_minute is None else round(row.per_minute, 1),
                        }
                        for row in rows
                    ],
                }
            )
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("auto", "postgresql", "sqlite"), default="auto")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("SCHEDLINK_BENCH_POSTGRES_URL", _DEFAULT_POSTGRES)
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("SCHEDLINK_BENCH_REDIS_URL", _DEFAULT_REDIS),
        help="A Redis database the run may flush (default: database 14 of the local server).",
    )
    parser.add_argument("--latency", type=float, default=0.03, help="Seconds the replica waits per answer.")
    parser.add_argument("--sequential", type=int, default=20, help="Bookings timed one at a time.")
    parser.add_argument("--burst", type=int, default=60, help="Bookings asked for at once, per worker count.")
    parser.add_argument("--json", action="store_true", help="Also print the results as JSON.")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    backend = args.backend
    if backend == "auto":
        why = _reachable(args.postgres_url, args.redis_url)
        backend = "postgresql" if why is None else "sqlite"
        if why is not None:
            _err.print(f"[yellow]{why}; measuring the embedded default (SQLite) instead[/yellow]")
    elif backend == "postgresql" and (why := _reachable(args.postgres_url, args.redis_url)):
        _err.print(f"[red]{why}[/red]")
        return 2
    if not _SCHEDLINK.exists():
        _err.print(f"[red]{_SCHEDLINK} not found[/red]")
        return 2
    began = time.monotonic()
    rows = in_scratch_folder("schedlink-bench-booking-", lambda folder: _run(args, backend, folder))
    if rows is None:
        return 1
    _report(rows, args, backend, time.monotonic() - began)
    return 0


def in_scratch_folder(prefix: str, work: Callable[[Path], T]) -> T | None:
    """``work`` in a fresh folder, removed afterwards; on a ``BenchError`` its message and the tail of
    every worker's log are printed and ``None`` is returned."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        return work(folder)
    except BenchError as error:
        _err.print(f"[red]{error}[/red]")
        for log in sorted(folder.glob("worker-*.log")):
            with suppress(OSError):
                _err.print(f"--- {log.name}\n{log.read_text(errors='replace')[-1500:]}", highlight=False)
        return None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
