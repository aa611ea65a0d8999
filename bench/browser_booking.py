"""Browser booking benchmark: seconds per page booking per driver, bookings per minute with one and two
browsers, and a browser worker's memory after 100 bookings.

Every booking goes the way a person's click does: ``request_booking`` in this process, then a ``schedlink
worker --browsers N`` process claims the job on the browser lane, runs the guardrails, opens the lead's
page in its Chromium (Debian's), walks it to the chosen time, fills the form, commits ``submitting`` and
presses the submit once — against local replicas of each provider's page (``replicas/``), reached through
the sandbox mapping. Each lead has their own page offering the one time the team asks for, so every
booking ends ``booked``. The database is the embedded default (SQLite, the queue file beside it): the
browser, not the database, is what a page booking waits for.

Measured, each in the same run:

1. per driver (the six recipes, and the careful generic driver on a SavvyCal page): ``--sequential``
   bookings one after another on one ``--browsers 1`` worker, seconds from the call to ``booked``; beside
   each, the floor — a fresh browser context loading the same page until
   the network is idle, in a Chromium started by this process (what any page booking pays at least);
2. throughput: ``--burst`` Calendly bookings asked for at once, on that worker and then on a
   ``--browsers 2`` worker: bookings per minute from the first call to the last ``booked``;
3. memory: the ``--browsers 1`` worker goes on to ``--memory-after`` page bookings in all; its memory
   (worker process plus its Chromium, proportional set size, so pages shared between Chromium's processes
   count once) after the first ten bookings and after the last, with how often Chromium was restarted
   (``--restart-after``, 50 by default, as ``schedlink worker``).

Run: ``.venv/bin/python bench/browser_booking.py`` (``--json`` also prints the results as JSON). Needs
Debian's ``chromium`` (or ``$SCHEDLINK_CHROMIUM``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from booking import (
    BenchError,
    Row,
    Workers,
    burst,
    in_scratch_folder,
    percentile,
    sequential,
    wait_idle,
    weekday_starts,
)
from schedlink.browser.network import NetworkGuard
from schedlink.browser.pool import CHROMIUM_ARGS, BrowserUnavailable, chromium_path
from schedlink.config import OperatorConfig
from schedlink.domain.booking.page import PageEvidence
from schedlink.domain.message import LeadContact, Message
from schedlink.queue import JobQueue, queue_url
from schedlink.replicas.calcom import CalcomReplica
from schedlink.replicas.calendly import CalendlyReplica
from schedlink.replicas.generic_scheduler import GenericSchedulerReplica
from schedlink.replicas.gohighlevel import GoHighLevelReplica
from schedlink.replicas.google_appointments import GoogleAppointmentsReplica
from schedlink.replicas.hubspot import HubspotReplica
from schedlink.replicas.microsoft_bookings import MicrosoftBookingsReplica
from schedlink.service import automation
from schedlink.service.inbound import Inbound, receive
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database, open_database
from schedlink.store.migrate import upgrade
from schedlink.store.models import WorkerRow

ZONE = "America/New_York"
LEADS_PER_WORKSPACE = 25
_SCHEDLINK = Path(sys.executable).parent / "schedlink"
_console = Console(width=max(Console().width, 112))
_err = Console(stderr=True)


@dataclass
class Site:
    """One provider's replica page: how to offer a lead's page and what link the lead sends."""

    driver: str  # the provider key of the workspace's automation switches
    hosts: tuple[str, ...]
    replica: Any
    offer: Callable[[Any, int, datetime], str]  # (replica, lead number, start) -> the lead's link


def _calendly(replica: CalendlyReplica, number: int, start: datetime) -> str:
    replica.add_event_type(f"lead-{number}", "intro", length=30, starts=[start])
    return f"https://calendly.com/lead-{number}/intro"


def _calcom(replica: CalcomReplica, number: int, start: datetime) -> str:
    replica.add_event_type(f"lead-{number}", "intro", length=30, starts=[start])
    return f"https://cal.acme-self.io/lead-{number}/intro"


def _google(replica: GoogleAppointmentsReplica, number: int, start: datetime) -> str:
    schedule = f"AcZssZ0Lead{number}Intro"
    replica.add_schedule(schedule, length=30, zone=ZONE, starts=[start])
    return f"https://calendar.google.com/calendar/appointments/schedules/{schedule}"


def _hubspot(replica: HubspotReplica, number: int, start: datetime) -> str:
    replica.add_page(f"lead-{number}/intro", length=30, zone=ZONE, starts=[start])
    return f"https://meetings.hubspot.com/lead-{number}/intro"


def _microsoft(replica: MicrosoftBookingsReplica, number: int, start: datetime) -> str:
    mailbox = f"Lead{number}Desk@northwind.example"
    replica.add_shared(mailbox, service="Intro call", length=30, zone=ZONE, starts=[start])
    return f"https://outlook.office365.com/book/{mailbox}/"


def _gohighlevel(replica: GoHighLevelReplica, number: int, start: datetime) -> str:
    calendar = f"BenchLead{number:04d}Calendar"
    replica.add_calendar(calendar, length=30, zone=ZONE, starts=[start])
    return f"https://api.leadconnectorhq.com/widget/booking/{calendar}"


def _generic(replica: GenericSchedulerReplica, number: int, start: datetime) -> str:
    replica.add_page(f"lead-{number}/intro", length=30, zone=ZONE, starts=[start])
    return f"https://savvycal.com/lead-{number}/intro"


def _sites() -> list[Site]:
    return [
        Site("calendly", ("calendly.com",), CalendlyReplica().start(), _calendly),
        Site("calcom", ("cal.acme-self.io",), CalcomReplica(web_only=True).start(), _calcom),
        Site("google", ("calendar.google.com",), GoogleAppointmentsReplica().start(), _google),
        Site(
            "hubspot",
            ("meetings.hubspot.com", "api.hubspot.com", "app.hubspot.com"),
            HubspotReplica().start(),
            _hubspot,
        ),
        Site(
            "microsoft",
            ("outlook.office365.com", "outlook.office.com", "bookings.cloud.microsoft"),
            MicrosoftBookingsReplica().start(),
            _microsoft,
        ),
        Site(
            "gohighlevel",
            ("api.leadconnectorhq.com", "backend.leadconnectorhq.com"),
            GoHighLevelReplica().start(),
            _gohighlevel,
        ),
        # SavvyCal has no recipe of its own: the careful generic driver books it.
        Site("savvycal", ("savvycal.com", "www.savvycal.com"), GenericSchedulerReplica().start(), _generic),
    ]


@dataclass(frozen=True)
class Lead:
    workspace_id: uuid.UUID
    task_id: uuid.UUID
    link: str
    start: datetime


@dataclass
class Leads:
    """Leads made so far; each site numbers its pages on, and each workspace holds at most 25."""

    db: Database
    numbers: dict[str, int] = field(default_factory=dict)

    def make(self, site: Site, count: int) -> list[Lead]:
        made: list[Lead] = []
        received = datetime.now(UTC).replace(microsecond=0)
        while len(made) < count:
            size = min(LEADS_PER_WORKSPACE, count - len(made))
            workspace_id = create_workspace(
                self.db,
                NewWorkspace(
                    name=f"Bench {site.driver} {uuid.uuid4().hex[:6]}", timezone=ZONE,
                    booking_name="Sam Seller", booking_email="sam@acme.example", own_domains=("acme.example",),
                ),
            ).workspace_id  # fmt: skip
            automation.change_settings(
                self.db,
                workspace_id,
                automation.AutomationChange(providers={site.driver: "approve"}, rate_limit_per_hour=1000),
                actor="bench",
            )
            for start in weekday_starts(size):
                number = self.numbers.get(site.driver, 0)
                self.numbers[site.driver] = number + 1
                link = site.offer(site.replica, number, start)
                outcome = receive(
                    self.db,
                    workspace_id,
                    Inbound(
                        Message(
                            text=f"Sure, please book a time through my page: {link}",
                            received_at=received,
                            lead=LeadContact(
                                name=f"Lead {number}", email=f"lead{number}@{site.driver}.example"
                            ),
                            message_id=f"<{site.driver}-{number}@leads.example>",
                        )
                    ),
                )
                task_id = outcome.answer.get("task_id")
                if not task_id:
                    raise BenchError(f"the reply with {link} made no task: {outcome.answer}")
                made.append(Lead(workspace_id, uuid.UUID(task_id), link, start))
        return made


# --- measuring ------------------------------------------------------------------------------------


def _burst(db: Database, leads: Sequence[Lead], config: OperatorConfig, browsers: int) -> Row:
    return burst(
        db,
        leads,
        config,
        browsers,
        name="Calendly, all asked at once",
        askers=4,
        timeout=60 + 20 * len(leads),
    )


async def _page_loads(site: Site, links: Sequence[str]) -> list[float]:
    """The floor: a fresh context loading each page until the network is idle (through the same sandbox
    mapping as the worker's browser), in a Chromium this process starts."""
    from playwright.async_api import async_playwright

    sandbox = dict.fromkeys(site.hosts, site.replica.origin)
    seconds: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=list(CHROMIUM_ARGS))
        try:
            for link in links:
                began = time.perf_counter()
                context = await browser.new_context(
                    service_workers="block", viewport={"width": 1280, "height": 900}
                )
                guard = NetworkGuard(frozenset(site.hosts), sandbox, PageEvidence(), None, request_seconds=15)
                await context.route("**/*", guard.handle)
                page = await context.new_page()
                await page.goto(link, wait_until="networkidle")
                await context.close()
                seconds.append(time.perf_counter() - began)
        finally:
            await browser.close()
    return seconds


def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, waiting = [], [pid]
    while waiting:
        current = waiting.pop()
        found.append(current)
        with suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                waiting.extend(int(child) for child in (task / "children").read_text().split())
    return found


def _memory_mib(pid: int) -> float:
    """The process tree's proportional set size (Pss), in MiB."""
    total_kib = 0
    for member in _tree(pid):
        with suppress(OSError):
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kib += int(line.split()[1])
    return total_kib / 1024


def _restarts(db: Database, pid: int) -> int:
    with db.read() as session:
        row = session.scalar(select(WorkerRow).where(WorkerRow.pid == pid))
        return 0 if row is None else row.browser_restarts


@dataclass
class Memory:
    after_first: float = 0.0
    first_bookings: int = 0
    after_last: float = 0.0
    bookings: int = 0
    restarts: int = 0

    def note(self, pid: int, done: int) -> None:
        """The first reading, once ten bookings are done (or fewer, when the run makes fewer)."""
        if not self.first_bookings and done >= 10:
            self.after_first, self.first_bookings = _memory_mib(pid), done


def _run(args: argparse.Namespace, folder: Path) -> tuple[list[Row], Memory]:
    sites = _sites()
    sandbox = {host: site.replica.origin for site in sites for host in site.hosts}
    config = OperatorConfig(sandbox=sandbox, data_dir=folder / "data")
    url = f"sqlite:///{folder / 'bench.db'}"
    upgrade(url)
    db = open_database(url)
    queue = queue_url(database=url)
    producer = JobQueue(db, queue)
    producer.install()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SCHEDLINK_")}
    env |= {
        "SCHEDLINK_DATABASE_URL": url,
        "SCHEDLINK_QUEUE_URL": queue,
        "SCHEDLINK_SANDBOX_HOSTS": ",".join(f"{host}={origin}" for host, origin in sandbox.items()),
        "SCHEDLINK_DATA_DIR": str(folder / "data"),
    }
    if "SCHEDLINK_CHROMIUM" in os.environ:
        env["SCHEDLINK_CHROMIUM"] = os.environ["SCHEDLINK_CHROMIUM"]

    def command(browsers: int) -> list[str]:
        return [
            str(_SCHEDLINK), "worker", "--browsers", str(browsers), "--restart-after", str(args.restart_after),
            "--database-url", url,
        ]  # fmt: skip

    rows: list[Row] = []
    memory = Memory()
    leads = Leads(db)
    calendly = sites[0]
    try:
        per_driver = {site.driver: leads.make(site, args.sequential) for site in sites}
        first_burst = leads.make(calendly, args.burst)
        rest = max(0, args.memory_after - args.sequential * len(sites) - args.burst)
        more = leads.make(calendly, rest)
        second_burst = leads.make(calendly, args.burst)
        _err.print("[dim]one worker with --browsers 1[/dim]")
        workers = Workers(1, command(1), env, folder)
        try:
            workers.wait_ready()
            wait_idle(db)  # the suggestions the replies asked for are done before anything is timed
            pid = workers.processes[0].pid
            done = 0
            for site in sites:
                _err.print(f"[dim]{site.driver}: {args.sequential} bookings one at a time[/dim]")
                rows.append(sequential(db, per_driver[site.driver], config, name=site.driver, timeout=120))
                done += args.sequential
                memory.note(pid, done)
                floor = asyncio.run(_page_loads(site, [lead.link for lead in per_driver[site.driver]]))
                rows.append(
                    Row(f"{site.driver} floor: a fresh context loads the page", "-", len(floor), floor)
                )
            _err.print(f"[dim]{args.burst} Calendly bookings at once, --browsers 1[/dim]")
            rows.append(_burst(db, first_burst, config, 1))
            done += len(first_burst)
            memory.note(pid, done)
            for start in range(0, len(more), LEADS_PER_WORKSPACE):
                batch = more[start : start + LEADS_PER_WORKSPACE]
                _err.print(f"[dim]memory: bookings {done + 1}–{done + len(batch)}[/dim]")
                _burst(db, batch, config, 1)
                done += len(batch)
                memory.note(pid, done)
            memory.after_last, memory.bookings = _memory_mib(pid), done
            if not memory.first_bookings:
                memory.after_first, memory.first_bookings = memory.after_last, done
            memory.restarts = _restarts(db, pid)
        finally:
            workers.stop()
        _err.print("[dim]one worker with --browsers 2[/dim]")
        workers = Workers(1, command(2), env, folder)
        try:
            workers.wait_ready()
            wait_idle(db)
            _err.print(f"[dim]{args.burst} Calendly bookings at once, --browsers 2[/dim]")
            rows.append(_burst(db, second_burst, config, 2))
        finally:
            workers.stop()
        submissions = sum(site.replica.submissions() for site in sites)
        expected = args.sequential * len(sites) + 2 * args.burst + rest
        if submissions != expected:
            raise BenchError(f"the replicas received {submissions} submissions for {expected} bookings")
    finally:
        producer.close()
        db.dispose()
        for site in sites:
            site.replica.stop()
    return rows, memory


def _report(rows: list[Row], memory: Memory, args: argparse.Namespace, seconds: float) -> None:
    table = Table(title=f"Booking on the page, in Chromium, against replicas ({seconds:.0f} s in all)")
    for name, justify in (("measured", "left"), ("browsers", "right"), ("n", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for name in ("p50 s", "p95 s", "per minute"):
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(
            row.name,
            row.workers,
            str(row.count),
            f"{percentile(row.seconds, 0.5):.2f}",
            f"{percentile(row.seconds, 0.95):.2f}",
            "" if row.per_minute is None else f"{row.per_minute:,.1f}",
        )
    _console.print(table)
    _console.print(
        f"Worker with --browsers 1 (worker + Chromium, Pss): {memory.after_first:,.0f} MiB after "
        f"{memory.first_bookings} bookings, "
        f"{memory.after_last:,.0f} MiB after {memory.bookings}; Chromium restarted {memory.restarts} times "
        f"(--restart-after {args.restart_after})",
        highlight=False,
    )
    if args.json:
        print(
            json.dumps(
                {
                    "rows": [
                        {
                            "measured": row.name,
                            "browsers": row.workers,
                            "n": row.count,
                            "p50_s": round(percentile(row.seconds, 0.5), 3),
                            "p95_s": round(percentile(row.seconds, 0.95), 3),
                            "per_minute": None if row.per_minute is None else round(row.per_minute, 1),
                        }
                        for row in rows
                    ],
                    "memory_mib": {
                        "after_10": round(memory.after_first, 1),
                        "after_all": round(memory.after_last, 1),
                    },
                    "bookings": memory.bookings,
                    "browser_restarts": memory.restarts,
                }
            )
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sequential", type=int, default=6, help="Bookings timed one at a time, per driver.")
    parser.add_argument("--burst", type=int, default=20, help="Calendly bookings asked for at once.")
    parser.add_argument(
        "--memory-after", type=int, default=100, help="Page bookings the --browsers 1 worker makes in all."
    )
    parser.add_argument(
        "--restart-after", type=int, default=50, help="As `schedlink worker --restart-after`."
    )
    parser.add_argument("--json", action="store_true", help="Also print the results as JSON.")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if min(args.sequential, args.burst) < 1:
        _err.print("[red]--sequential and --burst must be at least 1[/red]")
        return 2
    try:
        chromium_path()
    except BrowserUnavailable as error:
        _err.print(f"[red]{error}[/red]")
        return 2
    if not _SCHEDLINK.exists():
        _err.print(f"[red]{_SCHEDLINK} not found[/red]")
        return 2
    began = time.monotonic()
    measured = in_scratch_folder("schedlink-bench-browser-", lambda folder: _run(args, folder))
    if measured is None:
        return 1
    rows, memory = measured
    _report(rows, memory, args, time.monotonic() - began)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        sys.exit(130)
