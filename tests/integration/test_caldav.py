"""Reading busy time from a real CalDAV server (Radicale): one calendar, a whole principal, and failures."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from caldav.collection import Calendar
from caldav.davclient import DAVClient

from radicale_server import RadicaleServer, radicale_url  # noqa: F401  (the fixture)
from schedlink.calendars.caldav_source import busy_from_caldav
from schedlink.calendars.ics import BusyRead, CalendarError, CalendarLimits
from schedlink.domain.availability import Interval

pytestmark = pytest.mark.integration

ZONE = "America/New_York"
MARCH = (datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def vcalendar(*lines: str) -> str:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//schedlink tests//EN", *lines, "END:VCALENDAR"]
    return "\r\n".join(body) + "\r\n"


# Mondays 09:00-10:00 New York from 2 March 2026; 16 March cancelled by EXDATE; 23 March moved to 14:00.
WEEKLY = vcalendar(
    "BEGIN:VEVENT", "UID:weekly", "DTSTAMP:20260101T000000Z", "SUMMARY:Pipeline review",
    "DTSTART;TZID=America/New_York:20260302T090000", "DTEND;TZID=America/New_York:20260302T100000",
    "RRULE:FREQ=WEEKLY;BYDAY=MO", "EXDATE;TZID=America/New_York:20260316T090000", "END:VEVENT",
    "BEGIN:VEVENT", "UID:weekly", "DTSTAMP:20260101T000000Z", "SUMMARY:Pipeline review (moved)",
    "RECURRENCE-ID;TZID=America/New_York:20260323T090000",
    "DTSTART;TZID=America/New_York:20260323T140000", "DTEND;TZID=America/New_York:20260323T150000",
    "END:VEVENT",
)  # fmt: skip
TRANSPARENT = vcalendar(
    "BEGIN:VEVENT", "UID:lunch", "DTSTAMP:20260101T000000Z", "SUMMARY:Lunch (free)", "TRANSP:TRANSPARENT",
    "DTSTART:20260304T120000Z", "DTEND:20260304T130000Z", "END:VEVENT",
)  # fmt: skip
ALL_DAY = vcalendar(
    "BEGIN:VEVENT", "UID:offsite", "DTSTAMP:20260101T000000Z", "SUMMARY:Offsite",
    "DTSTART;VALUE=DATE:20260306", "DTEND;VALUE=DATE:20260307", "END:VEVENT",
)  # fmt: skip
PERSONAL = vcalendar(
    "BEGIN:VEVENT", "UID:dentist", "DTSTAMP:20260101T000000Z", "SUMMARY:Dentist",
    "DTSTART:20260305T150000Z", "DTEND:20260305T160000Z", "END:VEVENT",
)  # fmt: skip
ENDLESS = vcalendar(
    "BEGIN:VEVENT", "UID:endless", "DTSTAMP:20260101T000000Z", "DTSTART:20260301T000000Z",
    "DURATION:PT1S", "RRULE:FREQ=SECONDLY", "END:VEVENT",
)  # fmt: skip

WORK_BUSY = [
    Interval(utc(3, 2, 14), utc(3, 2, 15)),  # 09:00 EST
    Interval(utc(3, 6, 5), utc(3, 7, 5)),  # the all-day offsite, a New York day
    Interval(utc(3, 9, 13), utc(3, 9, 14)),  # 09:00 EDT after the 8 March change
    Interval(utc(3, 23, 18), utc(3, 23, 19)),  # the moved instance, 14:00 EDT
    Interval(utc(3, 30, 13), utc(3, 30, 14)),
]


def signed_in(url: str, user: str) -> DAVClient:
    return DAVClient(url=url, username=user, password="any", auth_type="basic")


def make_calendar(client: DAVClient, cal_id: str, *objects: str) -> Calendar:
    calendar = client.get_principal().make_calendar(name=cal_id.title(), cal_id=cal_id)
    assert isinstance(calendar, Calendar)  # a coroutine only with the async client
    for text in objects:
        calendar.save_event(text)
    return calendar


@pytest.fixture(scope="module")
def alice(radicale_url: str) -> str:  # noqa: F811
    """Alice's principal, holding a work calendar and a personal one."""
    with signed_in(radicale_url + "alice/", "alice") as client:
        make_calendar(client, "work", WEEKLY, TRANSPARENT, ALL_DAY)
        make_calendar(client, "personal", PERSONAL)
    return radicale_url + "alice/"


def read(url: str, user: str | None = "alice", **options: object) -> BusyRead:
    return busy_from_caldav(
        url,
        username=user,
        password="any",
        window_start=MARCH[0],
        window_end=MARCH[1],
        default_zone=ZONE,
        **options,  # type: ignore[arg-type]
    )


def test_one_calendar_gives_its_busy_time_with_recurrence_overrides_and_all_day_events(alice: str) -> None:
    result = read(alice + "work/")
    assert result.busy == WORK_BUSY
    assert result.events == 6  # four Mondays, the free lunch, the offsite
    assert result.skipped == ["1 event marked as free ignored"]


def test_a_principal_merges_all_its_calendars(alice: str) -> None:
    result = read(alice)
    assert result.busy == sorted([*WORK_BUSY, Interval(utc(3, 5, 15), utc(3, 5, 16))])
    assert result.events == 7


def test_only_events_in_the_window_are_read(alice: str) -> None:
    result = busy_from_caldav(
        alice + "work/",
        username="alice",
        password="any",
        window_start=utc(3, 9, 13, 30),
        window_end=utc(3, 10),
        default_zone=ZONE,
    )
    assert result.busy == [Interval(utc(3, 9, 13, 30), utc(3, 9, 14))]
    assert result.events == 1


def test_calendar_objects_go_through_the_same_limits_as_feeds(radicale_url: str) -> None:  # noqa: F811
    with signed_in(radicale_url + "mallory/", "mallory") as client:
        make_calendar(client, "noise", ENDLESS)
    with pytest.raises(CalendarError, match="more than 1,000 events in the window"):
        read(radicale_url + "mallory/noise/", "mallory", limits=CalendarLimits(max_instances=1_000))


def test_an_address_with_nothing_there_is_a_plain_error(alice: str) -> None:
    with pytest.raises(CalendarError, match="nothing at this address"):
        read(alice + "no-such-calendar/")


def test_an_address_that_is_no_calendar_or_home_is_a_plain_error(alice: str) -> None:
    with pytest.raises(CalendarError, match="no calendar at this address"):
        read(alice.removesuffix("alice/"))


def test_a_wrong_password_is_a_plain_error(tmp_path: Path) -> None:
    server = RadicaleServer(tmp_path, users={"bob": "right"})
    server.start()
    try:
        with pytest.raises(CalendarError, match="refused the sign-in"):
            busy_from_caldav(
                server.url + "bob/",
                username="bob",
                password="wrong",
                window_start=MARCH[0],
                window_end=MARCH[1],
                default_zone=ZONE,
            )
    finally:
        server.stop()


def test_a_stopped_server_fails_fast(tmp_path: Path) -> None:
    server = RadicaleServer(tmp_path)
    server.start()
    url = server.url + "alice/"
    server.stop()
    started = time.perf_counter()
    with pytest.raises(CalendarError, match="could not reach the calendar server"):
        read(url, timeout=2.0)
    assert time.perf_counter() - started < 2


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A port that accepts connections and never answers."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/alice/work/"


def test_a_server_that_never_answers_times_out(silent_server: str) -> None:
    started = time.perf_counter()
    with pytest.raises(CalendarError, match=r"did not answer within 0\.5 seconds"):
        read(silent_server, timeout=0.5)
    assert time.perf_counter() - started < 2


class _RedirectElsewhere(BaseHTTPRequestHandler):
    def do_PROPFIND(self) -> None:
        self.send_response(301)
        self.send_header("Location", "http://127.0.0.2:9/internal/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def redirecting_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RedirectElsewhere)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/calendar/"
    finally:
        server.shutdown()
        server.server_close()


def test_a_redirect_to_another_server_is_not_followed(redirecting_server: str) -> None:
    with pytest.raises(CalendarError, match=r"pointed to another server \(127\.0\.0\.2:9\)"):
        read(redirecting_server, timeout=2.0)


def test_the_caller_can_vet_other_addresses_instead(redirecting_server: str) -> None:
    seen: list[str] = []

    def refuse(url: str) -> None:
        seen.append(url)
        raise PermissionError("private address")

    with pytest.raises(CalendarError, match="not allowed: private address"):
        read(redirecting_server, timeout=2.0, url_check=refuse)
    assert seen == ["http://127.0.0.2:9/internal/"]
