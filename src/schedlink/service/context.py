"""What background work needs from its surroundings: the operator's settings, the guarded fetchers and the
evidence store — built once per worker process from one ``OperatorConfig``."""

from __future__ import annotations

from typing import Protocol
from urllib.parse import urlsplit

from schedlink.config import PRIVATE_CALENDAR_HOSTS_ENV, READ_LEAD_PAGES_ENV, OperatorConfig
from schedlink.domain.booking.page import PageJob, PageRun
from schedlink.domain.providers import classify_url, spec_by_slug
from schedlink.net.fetcher import FetchLimits, GuardedFetcher
from schedlink.service.evidence import EvidenceStore

__all__ = ["PRIVATE_CALENDAR_HOSTS_ENV", "READ_LEAD_PAGES_ENV", "JobContext"]
FEED_LIMITS = FetchLimits(total_seconds=20.0, max_bytes=5_000_000)
# A booking's requests wait longer than a page read: a provider may take seconds to confirm.
BOOKING_LIMITS = FetchLimits(total_seconds=20.0)


DEFAULT_LANE = "default"
BROWSER_LANE = "browser"  # work only workers with a browser take


class PageBooker(Protocol):
    """Books on a provider's page in a browser (``browser.pool.BrowserPool``); blocks until done."""

    def book(self, job: PageJob) -> PageRun: ...

    def close(self) -> None: ...


class JobContext:
    """One per worker process; the fetchers keep their rate limits across jobs. Anything not given is
    built from ``config`` (read from the environment when not given either)."""

    def __init__(
        self,
        config: OperatorConfig | None = None,
        *,
        fetcher: GuardedFetcher | None = None,
        booking_fetcher: GuardedFetcher | None = None,
        feed_fetcher: GuardedFetcher | None = None,
        private_hosts: frozenset[str] | None = None,
        read_lead_pages: bool | None = None,
        pages: PageBooker | None = None,
    ) -> None:
        self.config = config or OperatorConfig.from_env()
        sandbox = self.config.sandbox
        self.fetcher = fetcher or GuardedFetcher(sandbox=sandbox)
        self.booking_fetcher = (
            booking_fetcher or fetcher or GuardedFetcher(limits=BOOKING_LIMITS, sandbox=sandbox)
        )
        # Team feeds may be larger and slower than a provider's JSON: years of history in one file.
        self.feed_fetcher = feed_fetcher or GuardedFetcher(limits=FEED_LIMITS)
        self.private_hosts = self.config.private_calendar_hosts if private_hosts is None else private_hosts
        self.read_lead_pages = self.config.read_lead_pages if read_lead_pages is None else read_lead_pages
        self.evidence = EvidenceStore(self.config.data_dir)
        self._private_fetchers: dict[str, GuardedFetcher] = {}
        self.pages = pages

    @property
    def lanes(self) -> frozenset[str]:
        """The lanes of work this process takes: browser work only with a browser."""
        if self.pages is None:
            return frozenset({DEFAULT_LANE})
        return frozenset({DEFAULT_LANE, BROWSER_LANE})

    def may_read_page(self, link: str) -> bool:
        """Whether to read the lead's page: when the operator allows reading leads' pages, or when the page
        and its provider's API are local replicas (the sandbox touches no provider)."""
        if self.read_lead_pages:
            return True
        spec = spec_by_slug(classify_url(link).provider or "")
        if spec is None or not self.config.sandbox:
            return False
        sandboxed = set(self.config.sandbox)
        page_host = (urlsplit(link).hostname or "").lower()
        return page_host in sandboxed and (not spec.slot_hosts or bool(spec.slot_hosts & sandboxed))

    def calendar_fetcher(self, url: str) -> GuardedFetcher:
        """The fetcher for a team calendar feed: the guarded one, or for a host the operator allows on a
        private address, one that permits that address (still bounded in size and time)."""
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        entry = f"{(parts.hostname or '').lower()}:{port}"
        if entry not in self.private_hosts:
            return self.feed_fetcher
        if entry not in self._private_fetchers:
            self._private_fetchers[entry] = GuardedFetcher(
                limits=FEED_LIMITS,
                address_allowed=lambda _ip: True,
                allowed_ports=frozenset({port}),
                require_https=parts.scheme == "https",
            )
        return self._private_fetchers[entry]

    def close(self) -> None:
        for fetcher in (
            self.fetcher,
            self.booking_fetcher,
            self.feed_fetcher,
            *self._private_fetchers.values(),
        ):
            fetcher.close()
        if self.pages is not None:
            self.pages.close()
