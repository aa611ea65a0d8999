"""Chromium for the replica tests: the executable, a launched browser, and a page whose requests for a
provider's hosts are answered by a replica.

The page under test loads from the provider's real address (``https://calendly.com/…``) while the replica
listens on ``http://127.0.0.1:PORT``. Every request of the page is intercepted: one for a mapped host is
fetched from the replica (same method, headers and body; path and query kept) and fulfilled with its
answer, and one for any other host is aborted and recorded, so a test can assert the page reached nothing
else. A routed request the replica does not answer (a dropped connection) reaches the page as a network
error.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


def chromium_executable() -> str:
    """Debian's Chromium (or ``$SCHEDLINK_CHROMIUM``); the test fails when it is missing."""
    path = os.environ.get("SCHEDLINK_CHROMIUM", "/usr/bin/chromium")
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {path}: install Debian's chromium package or set SCHEDLINK_CHROMIUM",
            pytrace=False,
        )
    return path


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """A headless Chromium, closed on the way out."""
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class ReplicaPage:
    """A page routed to a replica, with what it tried to reach elsewhere and its script's errors."""

    page: Page
    outside: list[str] = field(default_factory=list)  # URLs of other hosts, aborted
    errors: list[str] = field(default_factory=list)  # uncaught errors of the page's script


@contextmanager
def replica_page(
    browser: Browser,
    origin: str,
    hosts: Iterable[str],
    *,
    timezone_id: str,
    timeout_ms: float = 5_000,
) -> Iterator[ReplicaPage]:
    """A page in a fresh context (1280×900, ``timezone_id``) whose ``https`` requests for ``hosts`` are
    answered by the replica at ``origin``; the context closes on the way out."""
    mapped = frozenset(hosts)
    context = browser.new_context(timezone_id=timezone_id, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(timeout_ms)
    outside: list[str] = []

    def to_replica(route: Route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme != "https" or parts.hostname not in mapped:
            outside.append(route.request.url)
            route.abort()
            return
        rewritten = origin + parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            response = route.fetch(url=rewritten)
        except PlaywrightError:
            route.abort()
            return
        route.fulfill(response=response)

    try:
        context.route("**/*", to_replica)
        opened = ReplicaPage(context.new_page(), outside)
        opened.page.on("pageerror", lambda error: opened.errors.append(str(error)))
        yield opened
    finally:
        context.close()
