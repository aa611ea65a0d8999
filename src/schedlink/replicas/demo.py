"""The replicas the demo starts beside its server, so a newcomer can press Book and watch a booking
reach ``booked`` without touching any real provider.

The sample leads' Cal.com pages are served by one ``CalcomReplica`` (booked through the API), their
Calendly pages by one ``CalendlyReplica`` (booked on the page, in Chromium, when the server runs a
browser); the sandbox mapping sends the real code path's requests for those hosts to them. The offered
times follow what each sample lead wrote, so the suggestions overlap them for real.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from schedlink.replicas.calcom import CalcomReplica
from schedlink.replicas.calendly import CalendlyReplica

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
# Jo Reyes (Chicago) wrote "Thu after 2pm CT works best": her page offers weekday afternoons.
CALENDLY_PAGES = (DemoPage("jo-reyes", "30min", "America/Chicago", time(13, 0), time(16, 30)),)


@dataclass
class DemoReplicas:
    calcom: CalcomReplica
    calendly: CalendlyReplica

    def stop(self) -> None:
        self.calcom.stop()
        self.calendly.stop()


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


def start_demo_replicas(port: int = 0, *, now: datetime | None = None) -> DemoReplicas:
    """Running Cal.com and Calendly replicas with the sample leads' pages on them."""
    calcom = CalcomReplica(port).start()
    calendly = CalendlyReplica().start()
    today = (now or datetime.now(UTC)).date()
    for page in PAGES:
        calcom.add_event_type(
            page.username, page.slug, length=page.length, starts=list(demo_starts(page, today))
        )
    for page in CALENDLY_PAGES:
        calendly.add_event_type(
            page.username, page.slug, length=page.length, starts=list(demo_starts(page, today))
        )
    return DemoReplicas(calcom, calendly)


def sandbox_setting(replicas: DemoReplicas) -> str:
    """The ``SCHEDLINK_SANDBOX_HOSTS`` value that sends Cal.com's and Calendly's hosts to the replicas."""
    calcom, calendly = replicas.calcom.origin, replicas.calendly.origin
    return f"cal.com={calcom},api.cal.com={calcom},calendly.com={calendly}"
