"""What background work needs from its surroundings: the guarded fetcher and the operator's settings."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from schedlink.net.fetcher import FetchLimits, GuardedFetcher

PRIVATE_CALENDAR_HOSTS_ENV = "SCHEDLINK_PRIVATE_CALENDAR_HOSTS"
READ_LEAD_PAGES_ENV = "SCHEDLINK_READ_LEAD_PAGES"
FEED_LIMITS = FetchLimits(total_seconds=20.0, max_bytes=5_000_000)


def private_calendar_hosts() -> frozenset[str]:
    """``host:port`` entries the operator allows team calendars on despite a private address (an
    internal CalDAV server, say). Lead-provided links never get such an exception."""
    raw = os.environ.get(PRIVATE_CALENDAR_HOSTS_ENV, "")
    return frozenset(entry.strip().lower() for entry in raw.split(",") if entry.strip())


def read_lead_pages() -> bool:
    """Whether to read the free slots on leads' pages (on unless ``SCHEDLINK_READ_LEAD_PAGES=0``). Some of
    those endpoints are the providers' internal ones; an operator may prefer to go by the lead's words."""
    return os.environ.get(READ_LEAD_PAGES_ENV, "1").strip() not in ("0", "false", "no", "off")


@dataclass
class JobContext:
    """One per worker process; the fetcher keeps its connection pool and rate limits across jobs."""

    fetcher: GuardedFetcher = field(default_factory=GuardedFetcher)
    # Team feeds may be larger and slower than a provider's JSON: years of history in one file.
    feed_fetcher: GuardedFetcher = field(default_factory=lambda: GuardedFetcher(limits=FEED_LIMITS))
    private_hosts: frozenset[str] = field(default_factory=private_calendar_hosts)
    read_lead_pages: bool = field(default_factory=read_lead_pages)
    _private_fetchers: dict[str, GuardedFetcher] = field(default_factory=dict)

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
        self.fetcher.close()
        self.feed_fetcher.close()
        for fetcher in self._private_fetchers.values():
            fetcher.close()
