"""The replicas the demo starts beside its server, so a newcomer can press Book and watch a booking
reach ``booked`` without touching any real provider.

The sample leads' Cal.com pages are served by one ``CalcomReplica``; the sandbox mapping sends the real
code path's requests for ``cal.com`` and ``api.cal.com`` to it. The offered times follow what each sample
lead wrote, so the suggestions overlap them for real.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from schedlink.replicas.calcom import CalcomReplica

DAYS_OFFERED = 21


@dataclass(frozen=True, slots=True)
class DemoPage:
    """A sample lead's Cal.com event type and the local hours it offers on weekdays."""

    username: str
    slug: str
    zone: str
    first: time
    last: time  # the last start offered
    length: int = 30


# Priya Nair (London) wrote "mornings your time are easiest" to a team in New York: her afternoons.
PAGES = (DemoPage("priya-nair", "intro-call", "Europe/London", time(13, 0), time(17, 30)),)


def demo_starts(page: DemoPage, today: date) -> Iterator[datetime]:
    zone = ZoneInfo(page.zone)
    for offset in range(1, DAYS_OFFERED + 1):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        moment = datetime.combine(day, page.first, tzinfo=zone)
        while moment.time() <= page.last:
            yield moment.astimezone(UTC)
            moment += timedelta(minutes=30)


def start_demo_replicas(port: int = 0, *, now: datetime | None = None) -> CalcomReplica:
    """A running Cal.com replica with the sample leads' pages on it."""
    replica = CalcomReplica(port).start()
    today = (now or datetime.now(UTC)).date()
    for page in PAGES:
        replica.add_event_type(
            page.username, page.slug, length=page.length, starts=list(demo_starts(page, today))
        )
    return replica


def sandbox_setting(replica: CalcomReplica) -> str:
    """The ``SCHEDLINK_SANDBOX_HOSTS`` value that sends Cal.com's hosts to ``replica``."""
    return f"cal.com={replica.origin},api.cal.com={replica.origin}"
