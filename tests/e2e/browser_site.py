"""Real-browser fixtures: Debian's Chromium driven by Playwright against a real ``schedlink serve``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright

from ports import free_port
from replica_browser import CHROMIUM_ARGS, chromium_executable
from schedlink.api.app import EMBEDDED_WORKER_ENV
from schedlink.domain.message import LeadContact, Message
from schedlink.net.fetcher import GuardedFetcher
from schedlink.service.context import JobContext
from schedlink.service.inbound import Inbound, receive
from schedlink.service.suggestions import refresh_all_open
from schedlink.service.users import add_user
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database, open_database
from schedlink.store.migrate import upgrade

PASSWORD = "a long demo password"
START_TIMEOUT = 60.0  # a server may start slowly on a busy machine


@dataclass(frozen=True)
class LiveSite:
    base_url: str
    tasks: dict[str, uuid.UUID]
    other_task: uuid.UUID
    user: str
    other_user: str
    password: str


@pytest.fixture(scope="module")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    launched = playwright_driver.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
    try:
        yield launched
    finally:
        launched.close()


@pytest.fixture
def context(browser: Browser, live_site: LiveSite) -> Iterator[BrowserContext]:
    opened = browser.new_context(base_url=live_site.base_url, viewport={"width": 1280, "height": 900})
    opened.set_default_timeout(5_000)
    try:
        yield opened
    finally:
        opened.close()


def _offline(host: str, _port: int) -> list[tuple[str, int]]:
    raise OSError(f"no network in this test ({host})")


def _suggest_offline(db: Database, workspace_id: uuid.UUID) -> None:
    """Suggested times as the worker would compute them, with the leads' pages unreachable (so the
    screenshots show real suggestions and no test reaches a real scheduler site)."""
    fetcher = GuardedFetcher(resolver=_offline)
    context = JobContext(fetcher=fetcher, feed_fetcher=fetcher, private_hosts=frozenset())
    try:
        refresh_all_open(db, workspace_id, context)
    finally:
        context.close()


def _seed(url: str) -> tuple[dict[str, uuid.UUID], uuid.UUID]:
    """Two workspaces with a user each; Acme gets seven review tasks (one whose lead then withdrew, in a
    later reply), Globex one."""
    db = open_database(url)
    try:
        acme = create_workspace(
            db,
            NewWorkspace(
                name="Acme Sales", timezone="America/New_York", own_links=("https://calendly.com/acme-sales/intro",),
                own_domains=("acme.io",), fallback_link="https://acme.io/meet",
            ),
        ).workspace_id  # fmt: skip
        globex = create_workspace(db, NewWorkspace(name="Globex", timezone="Europe/Berlin")).workspace_id
        add_user(db, acme, "pat@acme.io", name="Pat", password=PASSWORD)
        add_user(db, globex, "gil@globex.io", name="Gil", password=PASSWORD)
        now = datetime.now(UTC)
        replies = {
            "jo": (acme, "Jo Reyes", "jo@reyes.example", "Happy to chat! Grab any time on calendly.com/jo-reyes/30min"),
            "ana": (acme, "Ana Li", "ana@li.example", "Please book a slot here: https://cal.com/ana-li/intro"),
            "max": (acme, "Max Stone", "max@stone.example", "Book via https://meetings.hubspot.com/max-stone/intro"),
            "sam": (acme, "Sam Okafor", "sam@fernway.example", "Please schedule via https://calendar.app.google/Xb7Lq2mNp9"),
            "dana": (acme, "Dana Whitfield", "dana@summit.example", "Pick a time: https://api.leadconnectorhq.com/widget/booking/dK3x9Q"),
            "lee": (acme, "Lee Chen", "lee@chen.example", "Book me in at calendly.com/lee-chen/intro"),
            "alex": (acme, "Alex Kim", "alex@quanta.example", "Sure, book me at https://calendly.com/alex-kim/demo"),
            "zed": (globex, "Zed Park", "zed@park.example", "Book me at calendly.com/zed-park/30min"),
        }  # fmt: skip
        tasks: dict[str, uuid.UUID] = {}
        for number, (key, (workspace_id, name, email, text)) in enumerate(replies.items()):
            message = Message(
                text=text, received_at=now - timedelta(hours=3 + number), message_id=f"e2e-{key}",
                lead=LeadContact(name=name, email=email),
            )  # fmt: skip
            task_id = receive(db, workspace_id, Inbound(message)).answer["task_id"]
            assert task_id, key
            tasks[key] = uuid.UUID(task_id)
        withdrawn = Message(
            text="Actually, never mind - we went with another vendor.", received_at=now - timedelta(hours=1),
            message_id="e2e-alex-2", lead=LeadContact(name="Alex Kim", email="alex@quanta.example"),
        )  # fmt: skip
        receive(db, acme, Inbound(withdrawn))
        _suggest_offline(db, acme)
    finally:
        db.dispose()
    other = tasks.pop("zed")
    return tasks, other


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveSite]:
    folder = tmp_path_factory.mktemp("booking-tab")
    url = f"sqlite:///{folder / 'schedlink.db'}"
    upgrade(url)
    tasks, other = _seed(url)
    port = free_port()
    # The app alone, without a queue or an embedded worker: nothing in these flows runs in the background,
    # and no job may reach out to the leads' real scheduler pages.
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "SCHEDLINK_DATABASE_URL": url}
    for name in ("SCHEDLINK_QUEUE_URL", EMBEDDED_WORKER_ENV):
        environment.pop(name, None)
    command = [
        sys.executable, "-m", "uvicorn", "schedlink.api.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
    ]  # fmt: skip
    log = folder / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, env=environment, cwd=folder
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log)
        yield LiveSite(base, tasks, other, "pat@acme.io", "gil@globex.io", PASSWORD)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the server exited before it answered:\n" + log.read_text(), pytrace=False)
        try:
            if httpx.get(f"{base}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    pytest.fail("the server did not answer /healthz in time:\n" + log.read_text(), pytrace=False)
