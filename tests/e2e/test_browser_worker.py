"""A browser worker's life: Chromium recycled after K page bookings even while it is busy, started again
after it crashed, and a ``schedlink worker --browsers 1`` stopped with SIGTERM mid-submit finishing that
booking once before it exits — each booking ending booked, the replica counting one submission each."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from page_booking_helpers import SQLITE_ONLY, PageWorld, browser_worker_env, make_page_world

from job_helpers import next_weekday_at, run_due_jobs
from schedlink.browser.pool import BrowserPool
from schedlink.domain.message import LeadContact, Message
from schedlink.queue import JobQueue, queue_url
from schedlink.replicas.calendly import CalendlyReplica
from schedlink.replicas.page_scenario import PageScenario
from schedlink.service import bookings
from schedlink.service.inbound import Inbound, receive
from schedlink.store.db import Database

pytestmark = [pytest.mark.e2e, SQLITE_ONLY]  # the browser's life, not the database's

SCHEDLINK = Path(sys.executable).parent / "schedlink"


@pytest.fixture(scope="module")
def replica() -> Iterator[CalendlyReplica]:
    with CalendlyReplica() as running:
        yield running


def offer(replica: CalendlyReplica, start: datetime) -> str:
    """A new lead's Calendly page offering ``start``; its link."""
    owner = f"lead-{uuid.uuid4().hex[:8]}"
    replica.add_event_type(owner, "intro", length=30, starts=[start])
    return f"https://calendly.com/{owner}/intro"


def another_lead(world: PageWorld, link: str) -> uuid.UUID:
    """A second lead of the world's workspace replying with ``link``: their review task."""
    tag = uuid.uuid4().hex[:8]
    outcome = receive(
        world.db,
        world.workspace_id,
        Inbound(
            Message(
                text=f"Please book a time through my page: {link}",
                html=None,
                received_at=datetime.now(UTC) - timedelta(hours=1),
                lead=LeadContact(name=f"Lead {tag}", email=f"{tag}@leads.io", phone=None),
                message_id=f"m-{tag}",
            )
        ),
    )
    return uuid.UUID(outcome.answer["task_id"])


def descendants() -> set[int]:
    """Every process below this one."""
    found: set[int] = set()
    waiting = [os.getpid()]
    while waiting:
        pid = waiting.pop()
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = [int(child) for child in (task / "children").read_text().split()]
                found.update(children)
                waiting.extend(children)
        except OSError:
            continue
    return found


def command_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def parent_of(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def test_chromium_is_recycled_after_k_bookings_even_while_busy(
    db: Database, tmp_path: Path, replica: CalendlyReplica
) -> None:
    starts = [next_weekday_at(hour, days_ahead=5) for hour in (9, 10, 11, 12, 13)]
    links = [offer(replica, start) for start in starts]
    sandbox = {"calendly.com": replica.origin}
    pool = BrowserPool(2, sandbox=sandbox, restart_after=2)
    before = replica.submissions()
    replica.scenario = PageScenario(confirm_delay=1.5)  # the two bookings at once overlap on the page
    try:
        for world in make_page_world(db, tmp_path, pool, sandbox, links[0], "calendly"):
            tasks = [world.task_id, *(another_lead(world, link) for link in links[1:])]
            made = [
                bookings.request_booking(
                    db, world.workspace_id, task_id, start, dry_run=False, actor="tester", config=world.context.config
                ).booking.id
                for task_id, start in zip(tasks, starts, strict=True)
            ]  # fmt: skip
            run_due_jobs(world.db, world.context, threads=2)  # two page bookings at once keep the pool busy
            ended = [bookings.get_booking(db, world.workspace_id, booking_id) for booking_id in made]
            assert [view.state for view in ended] == ["booked"] * 5, [view.error for view in ended]
        status = pool.status()
        # Five bookings, K = 2: Chromium started afresh before the third and the fifth, each time only
        # once the bookings on the old one had ended (none of the five lost its browser mid-page).
        assert (status.restarts, status.done, status.alive) == (2, 5, True)
    finally:
        pool.close()
        replica.scenario = PageScenario()
    assert replica.submissions() - before == 5


def test_a_crashed_chromium_is_started_again_for_the_next_booking(
    db: Database, tmp_path: Path, replica: CalendlyReplica
) -> None:
    starts = [next_weekday_at(hour, days_ahead=6) for hour in (10, 14)]
    links = [offer(replica, start) for start in starts]
    sandbox = {"calendly.com": replica.origin}
    ours_before = descendants()
    pool = BrowserPool(1, sandbox=sandbox)
    try:
        mine = descendants() - ours_before  # this pool's Playwright driver and its Chromium
        browser_pid = next(
            pid
            for pid in mine
            if command_name(pid) == "chromium" and command_name(parent_of(pid)) != "chromium"
        )
        for world in make_page_world(db, tmp_path, pool, sandbox, links[0], "calendly"):
            assert world.book(starts[0]).state == "booked"
            os.kill(browser_pid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while pool.status().alive and time.monotonic() < deadline:
                time.sleep(0.05)
            assert not pool.status().alive, "Playwright did not notice that Chromium died"
            second = another_lead(world, links[1])
            requested = bookings.request_booking(
                db, world.workspace_id, second, starts[1], dry_run=False, actor="tester", config=world.context.config
            )  # fmt: skip
            world.run_jobs()
            view = bookings.get_booking(db, world.workspace_id, requested.booking.id)
            assert view.state == "booked", view.error
        assert (pool.status().restarts, pool.status().alive) == (1, True)
    finally:
        pool.close()


def test_sigterm_mid_submit_finishes_that_booking_once_then_the_worker_exits(
    db: Database, database_url: str, tmp_path: Path, replica: CalendlyReplica
) -> None:
    start = next_weekday_at(15, days_ahead=6)
    link = offer(replica, start)
    sandbox = {"calendly.com": replica.origin}
    replica.scenario = PageScenario(confirm_delay=3.0)  # the submit is in flight for three seconds
    before = replica.submissions()
    env = browser_worker_env(database_url, sandbox, tmp_path / "data", step=6)
    log_path = tmp_path / "worker.log"
    producer = JobQueue(db, queue_url(database=database_url))
    producer.install()
    try:
        with log_path.open("wb") as log:
            worker = subprocess.Popen(
                [str(SCHEDLINK), "worker", "--workers", "1", "--browsers", "1", "--database-url", database_url],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            for world in make_page_world(
                db, tmp_path, pool=None, sandbox=sandbox, link=link, provider="calendly"
            ):
                requested = bookings.request_booking(
                    db, world.workspace_id, world.task_id, start, dry_run=False, actor="tester",
                    config=world.context.config,
                )  # fmt: skip
                booking_id = requested.booking.id
                deadline = time.monotonic() + 60
                while replica.submissions() == before:  # the submit has left the browser
                    assert worker.poll() is None, log_path.read_text(errors="replace")[-3000:]
                    assert time.monotonic() < deadline, log_path.read_text(errors="replace")[-3000:]
                    time.sleep(0.05)
                assert bookings.get_booking(db, world.workspace_id, booking_id).state == "submitting"
                worker.send_signal(signal.SIGTERM)
                assert worker.wait(timeout=60) == 0, log_path.read_text(errors="replace")[-3000:]
                view = bookings.get_booking(db, world.workspace_id, booking_id)
                assert view.state == "booked", (view.error, log_path.read_text(errors="replace")[-3000:])
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait(timeout=10)
    finally:
        producer.close()
        replica.scenario = PageScenario()
    assert replica.submissions() - before == 1
    assert len([b for b in replica.bookings() if b.start == start]) == 1
