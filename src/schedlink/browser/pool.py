"""One Chromium per worker process, shared by up to N bookings at a time, each in a fresh context.

Playwright's objects belong to the event loop that made them, so the pool runs one asyncio loop in its
own thread; job threads hand it a booking and wait. The browser is restarted after ``restart_after``
bookings (a long-lived browser grows) and whenever it has died; a booking in flight when it dies ends
as the driver reports it (unknown when the submit had been pressed).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Playwright, async_playwright

from schedlink.browser.driver import book_on_page
from schedlink.domain.booking.page import PageJob, PageRun

log = logging.getLogger(__name__)
CHROMIUM_ENV = "SCHEDLINK_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
)  # fmt: skip


class BrowserUnavailable(RuntimeError):
    """Chromium cannot be started here; the message says what to install or set."""


def chromium_path() -> str:
    path = os.environ.get(CHROMIUM_ENV, DEFAULT_CHROMIUM)
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        raise BrowserUnavailable(
            f"Chromium not found at {path}: install Debian's chromium package or set {CHROMIUM_ENV}"
        )
    return path


@dataclass
class PoolStatus:
    browsers: int
    running: int
    done: int
    restarts: int
    alive: bool


class BrowserPool:
    """``book(job)`` from any thread; at most ``size`` bookings run at once in one Chromium."""

    def __init__(
        self, size: int, *, sandbox: Mapping[str, str] | None = None, restart_after: int = 50
    ) -> None:
        if size < 1:
            raise ValueError("a browser pool needs at least one booking slot")
        self.size = size
        self.sandbox = dict(sandbox or {})
        self.restart_after = restart_after
        self.executable = chromium_path()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="schedlink-browser", daemon=True)
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._slots: asyncio.Semaphore | None = None
        self._lock: asyncio.Lock | None = None
        self._idle: asyncio.Condition | None = None
        self._since_start = 0
        self.running = 0
        self.done = 0
        self.restarts = 0
        self._closed = False
        self._thread.start()
        self._call(self._start())

    def book(self, job: PageJob) -> PageRun:
        """Run one booking; blocks the calling thread until it ends (the driver keeps its deadline)."""
        if self._closed:
            raise BrowserUnavailable("the browser pool is closed")
        run: PageRun = self._call(self._book(job), timeout=job.deadline_seconds + 60)
        return run

    def status(self) -> PoolStatus:
        alive = self._browser is not None and self._browser.is_connected()
        return PoolStatus(self.size, self.running, self.done, self.restarts, alive)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self._call(self._stop(), timeout=30)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            if not self._thread.is_alive():
                self._loop.close()

    # --- inside the loop ---------------------------------------------------------------------------

    def _call(self, coroutine: Any, timeout: float | None = 60) -> Any:
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout=timeout)
        except TimeoutError:
            future.cancel()  # a run given up on must not go on to click anything later
            raise

    async def _start(self) -> None:
        self._slots = asyncio.Semaphore(self.size)
        self._lock = asyncio.Lock()
        self._idle = asyncio.Condition()
        self._playwright = await async_playwright().start()
        await self._launch()

    async def _launch(self) -> None:
        assert self._playwright is not None
        self._browser = await self._playwright.chromium.launch(
            executable_path=self.executable, args=list(CHROMIUM_ARGS)
        )
        self._since_start = 0

    async def _browser_for_booking(self) -> Browser:
        assert self._lock is not None
        assert self._idle is not None
        async with self._lock:
            if self._since_start >= self.restart_after:
                # Recycle only an idle browser: hold new bookings back (the lock) until those running end,
                # so a busy pool is still recycled and no booking loses its browser mid-page.
                async with self._idle:
                    await self._idle.wait_for(lambda: self.running == 0)
            browser = self._browser
            stale = self._since_start >= self.restart_after
            if browser is None or not browser.is_connected() or stale:
                if browser is not None:
                    with contextlib.suppress(Exception):  # already gone
                        await browser.close()
                self.restarts += 1
                log.info("starting Chromium again (%s)", "crashed" if browser and not stale else "recycled")
                await self._launch()
            self._since_start += 1
            assert self._browser is not None
            return self._browser

    async def _book(self, job: PageJob) -> PageRun:
        assert self._slots is not None
        async with self._slots:
            browser = await self._browser_for_booking()
            self.running += 1
            try:
                return await book_on_page(browser, job, self.sandbox)
            finally:
                self.running -= 1
                self.done += 1
                assert self._idle is not None
                async with self._idle:
                    self._idle.notify_all()

    async def _stop(self) -> None:
        if self._browser is not None:
            with contextlib.suppress(Exception):
                await self._browser.close()
        if self._playwright is not None:
            await self._playwright.stop()
