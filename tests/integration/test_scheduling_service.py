"""Calendars, availability and suggestions through the service, against real servers: a local HTTPS server
answering as the providers and as a calendar feed (recorded responses), and a real Radicale for CalDAV."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path

import pytest
from https_server import HttpsServer, Route, static_resolver
from service_helpers import reply, workspace

from radicale_server import radicale_url  # noqa: F401  (fixture)
from schedlink.domain.availability.intervals import Interval
from schedlink.net.addresses import is_public_address
from schedlink.net.fetcher import FetchLimits, GuardedFetcher
from schedlink.service import job_runner, jobs, suggestions, team_calendars
from schedlink.service.availability import team_availability
from schedlink.service.context import JobContext
from schedlink.service.errors import InvalidRequest, NotFound
from schedlink.service.inbound import receive
from schedlink.service.records import get_task
from schedlink.service.scheduling import update_scheduling
from schedlink.service.team_calendars import NewCalendar
from schedlink.store.db import Database

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "provider_responses"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # Monday 07:00 in New York
NAMES = ("calendly.com", "feeds.example.test", "cal.lead-corp.example.test")
CALENDLY = "https://calendly.com/tom-baker/intro-call"
GOOGLE = "https://calendar.app.google/9Hx3kPq2Lm7Rt5Wz8"


def ics(*events: str) -> str:
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{i}@test\r\nDTSTAMP:20260101T000000Z\r\n{e}END:VEVENT\r\n"
        for i, e in enumerate(events)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{body}END:VCALENDAR\r\n"


# Tuesday 3 March 09:00–09:30 New York is busy; every Thursday 13:00–17:00 too.
TEAM_CALENDAR = ics(
    "DTSTART;TZID=America/New_York:20260303T090000\r\nDTEND;TZID=America/New_York:20260303T093000\r\n"
    "SUMMARY:Standup\r\n",
    "DTSTART;TZID=America/New_York:20260305T130000\r\nDTEND;TZID=America/New_York:20260305T170000\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=10\r\nSUMMARY:Customer calls\r\n",
)


@pytest.fixture(scope="module")
def server() -> Iterator[HttpsServer]:
    with HttpsServer(names=NAMES) as running:
        running.route(
            "/api/booking/event_types/lookup", Route.json((RECORDED / "calendly/lookup.json").read_bytes())
        )
        running.route(
            "/api/booking/event_types/3f9c2a1e-6b4d-4c8e-9a71-2d5e8f0b7c13/calendar/range",
            Route.json((RECORDED / "calendly/range.json").read_bytes()),
        )
        running.route(
            "/team.ics", Route(headers={"Content-Type": "text/calendar"}, body=TEAM_CALENDAR.encode())
        )
        running.route("/missing.ics", Route(status=404, body=b"gone"))
        running.route("/huge.ics", Route.huge(3_000_000))
        running.route("/slow.ics", Route.dribble(every=0.2))
        yield running


def _loopback_or_public(ip: IPv4Address | IPv6Address) -> bool:
    return ip == IPv4Address("127.0.0.1") or is_public_address(ip)


@pytest.fixture
def context(server: HttpsServer) -> Iterator[JobContext]:
    fetcher = GuardedFetcher(
        resolver=static_resolver({name: [("127.0.0.1", server.port)] for name in NAMES}),
        address_allowed=_loopback_or_public,
        verify=server.client_context(),
        limits=FetchLimits(total_seconds=2.0, max_bytes=2_000_000),
    )
    job_context = JobContext(fetcher=fetcher, feed_fetcher=fetcher, private_hosts=frozenset())
    yield job_context
    job_context.close()


def _add(
    db: Database, workspace_id: uuid.UUID, new: NewCalendar, context: JobContext
) -> team_calendars.CalendarView:
    view = team_calendars.add_calendar(db, workspace_id, new, actor="test", context=context)
    return team_calendars.refresh_calendar(db, workspace_id, view.id, context, at=NOW)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_an_uploaded_calendar_makes_the_team_busy(db: Database, context: JobContext) -> None:
    workspace_id = workspace(db)
    view = _add(db, workspace_id, NewCalendar("ics_file", content=TEAM_CALENDAR, label="Team"), context)
    assert (view.status, view.error) == ("ok", None)
    assert view.busy_intervals == 11
    tuesday = team_availability(
        db, workspace_id, datetime(2026, 3, 3, 5, tzinfo=UTC), datetime(2026, 3, 4, 5, tzinfo=UTC)
    )
    assert [i.to_json() for i in tuesday.free] == [
        {"start": "2026-03-03T14:30:00Z", "end": "2026-03-03T22:00:00Z"}
    ]
    assert tuesday.warnings == []


def test_a_feed_is_read_through_the_guarded_fetcher(
    db: Database, context: JobContext, server: HttpsServer
) -> None:
    workspace_id = workspace(db)
    view = _add(
        db,
        workspace_id,
        NewCalendar(
            "ics_url", url=server.url("feeds.example.test", "/team.ics").replace(f":{server.port}", "")
        ),
        context,
    )
    assert view.status == "ok", view.error
    assert view.url == "https://feeds.example.test/team.ics"
    assert view.busy_intervals == 11


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing.ics", "HTTP 404"), ("/huge.ics", "too much"), ("/slow.ics", "longer than")],
)
def test_a_feed_that_cannot_be_read_says_why_and_keeps_nothing_wrong(
    db: Database, context: JobContext, path: str, reason: str
) -> None:
    workspace_id = workspace(db)
    view = _add(db, workspace_id, NewCalendar("ics_url", url=f"https://feeds.example.test{path}"), context)
    assert view.status == "error"
    assert reason in (view.error or "")
    warnings = team_availability(db, workspace_id, NOW, NOW + timedelta(days=1)).warnings
    assert any("could not be read" in warning for warning in warnings)


def test_a_feed_on_a_private_address_is_refused(db: Database) -> None:
    fetcher = GuardedFetcher(resolver=static_resolver({"intranet.example.test": [("10.1.2.3", 443)]}))
    context = JobContext(fetcher=fetcher, feed_fetcher=fetcher, private_hosts=frozenset())
    try:
        workspace_id = workspace(db)
        view = _add(
            db, workspace_id, NewCalendar("ics_url", url="https://intranet.example.test/cal.ics"), context
        )
    finally:
        context.close()
    assert view.status == "error"
    assert "10.1.2.3" in (view.error or "") or "private" in (view.error or "")


@pytest.mark.parametrize(
    ("new", "field"),
    [
        (NewCalendar("ics_url", url="ftp://x.example/a.ics"), "url"),
        (NewCalendar("ics_url", url="https://user:pw@x.example/a.ics"), "url"),
        (NewCalendar("ics_file", content="hello"), "content"),
        (NewCalendar("ics_file", content="BEGIN:VCALENDAR\n" + "x" * 5_100_000), "content"),
        (NewCalendar("outlook", url="https://x.example"), "kind"),
    ],
)
def test_bad_calendars_are_refused_with_the_field(db: Database, new: NewCalendar, field: str) -> None:
    with pytest.raises(InvalidRequest, match=f"^{field}: "):
        team_calendars.add_calendar(db, workspace(db), new, actor="test")


def test_calendars_belong_to_their_workspace(db: Database, context: JobContext) -> None:
    ours, theirs = workspace(db), workspace(db, name="Other")
    view = _add(db, ours, NewCalendar("ics_file", content=TEAM_CALENDAR), context)
    assert team_calendars.list_calendars(db, theirs) == []
    with pytest.raises(NotFound):
        team_calendars.remove_calendar(db, theirs, view.id, actor="test")
    team_calendars.remove_calendar(db, ours, view.id, actor="test")
    assert team_calendars.list_calendars(db, ours) == []


def test_caldav_through_radicale(db: Database, radicale_url: str) -> None:  # noqa: F811
    from caldav.davclient import DAVClient

    client = DAVClient(radicale_url, username="team", password="x", auth_type="basic")
    calendar = client.principal().make_calendar(name="Work")  # type: ignore[no-untyped-call]
    calendar.save_event(ics("DTSTART:20260303T150000Z\r\nDTEND:20260303T160000Z\r\nSUMMARY:Demo\r\n"))
    new = NewCalendar("caldav", url=str(calendar.url), username="team", password="x", label="Work")
    host = radicale_url.split("//")[1].rstrip("/")
    refused = JobContext(private_hosts=frozenset())
    allowed = JobContext(private_hosts=frozenset({host}))
    try:
        workspace_id = workspace(db)
        view = _add(db, workspace_id, new, refused)
        assert view.status == "error"  # a private address needs the operator's allowance
        view = team_calendars.refresh_calendar(db, workspace_id, view.id, allowed, at=NOW)
    finally:
        refused.close()
        allowed.close()
    assert (view.status, view.busy_intervals) == ("ok", 1)
    assert view.username == "team"
    assert "password" not in view.to_json()


def _booking_task(db: Database, workspace_id: uuid.UUID, text: str) -> uuid.UUID:
    outcome = receive(db, workspace_id, reply(text, f"m-{uuid.uuid4().hex[:8]}", at=NOW - timedelta(hours=1)))
    assert outcome.answer["act"], outcome.answer
    return uuid.UUID(outcome.answer["task_id"])


def test_suggestions_come_from_the_leads_calendly_slots_and_our_calendar(
    db: Database, context: JobContext
) -> None:
    workspace_id = workspace(db, booking_name="Sam Seller", booking_email="sam@acme.io")
    _add(db, workspace_id, NewCalendar("ics_file", content=TEAM_CALENDAR), context)
    task_id = _booking_task(db, workspace_id, f"Please book a time through my link {CALENDLY}")
    result = suggestions.compute_for_task(db, workspace_id, task_id, context, at=NOW)
    assert result is not None
    assert result.overlap
    task = get_task(db, workspace_id, task_id).task
    assert task.suggestions_state == "ready"
    starts = [slot["start"] for slot in task.suggested_slots]
    # 09:00 on Tuesday is our standup; 09:30 and the next Tuesday's 10:00 are free on both sides.
    assert starts == ["2026-03-03T14:30:00Z", "2026-03-10T14:00:00Z"]
    first = task.suggested_slots[0]
    assert first["booking_url"].startswith(
        "https://calendly.com/tom-baker/intro-call/2026-03-03T09:30:00-05:00?"
    )
    assert "name=Sam%20Seller" in first["booking_url"] or "name=Sam+Seller" in first["booking_url"]
    assert "EST" in first["reason"]
    assert "Calendly" in (task.suggestions_note or "")


def test_a_provider_without_a_reader_falls_back_to_the_leads_words(db: Database, context: JobContext) -> None:
    workspace_id = workspace(db)
    task_id = _booking_task(
        db,
        workspace_id,
        f"Grab a time on my page {GOOGLE} - Wednesday March 4 between 2pm and 5pm Eastern is best.",
    )
    suggestions.compute_for_task(db, workspace_id, task_id, context, at=NOW)
    task = get_task(db, workspace_id, task_id).task
    assert task.suggested_slots, task.suggestions_note
    window = Interval(_utc("2026-03-04T19:00:00Z"), _utc("2026-03-04T22:00:00Z"))
    for slot in task.suggested_slots:
        assert window.start <= _utc(slot["start"])
        assert _utc(slot["end"]) <= window.end
    assert "Google" in (task.suggestions_note or "")


def test_no_common_time_offers_our_own_times(db: Database, context: JobContext) -> None:
    workspace_id = workspace(db)
    _add(db, workspace_id, NewCalendar("ics_file", content=TEAM_CALENDAR), context)
    # Thursday afternoons are our customer calls.
    task_id = _booking_task(
        db,
        workspace_id,
        f"Grab a time on my page {GOOGLE} - I'm only free Thursday March 5 between 2pm and 4pm ET.",
    )
    result = suggestions.compute_for_task(db, workspace_id, task_id, context, at=NOW)
    assert result is not None
    assert not result.overlap
    task = get_task(db, workspace_id, task_id).task
    assert len(task.suggested_slots) == 3
    assert all(slot["booking_url"] is None for slot in task.suggested_slots)
    assert task.fallback == (
        "No time the lead offers is free on our side. Ask them to use our link: "
        "https://calendly.com/acme-sales/intro or offer one of our free times: "
        "Mon 02 Mar 11:00 EST; Tue 03 Mar 09:30 EST; Wed 04 Mar 09:00 EST."
    )
    assert "No time" in (task.suggestions_note or "") or "no time" in (task.suggestions_note or "")


def test_when_the_leads_time_is_unknown_the_usual_fallback_stays(db: Database, context: JobContext) -> None:
    workspace_id = workspace(db)
    task_id = _booking_task(db, workspace_id, f"Grab a time on my page {GOOGLE}")
    before = get_task(db, workspace_id, task_id).task.fallback
    result = suggestions.compute_for_task(db, workspace_id, task_id, context, at=NOW)
    assert result is not None
    assert not result.overlap
    task = get_task(db, workspace_id, task_id).task
    assert len(task.suggested_slots) == 3  # our own times, offered meanwhile
    assert task.fallback == before
    assert task.fallback.startswith("If their link has no workable time")


def test_a_lead_link_on_a_private_address_is_refused_and_noted(db: Database) -> None:
    fetcher = GuardedFetcher(resolver=static_resolver({"calendly.com": [("169.254.169.254", 443)]}))
    context = JobContext(fetcher=fetcher, private_hosts=frozenset())
    try:
        workspace_id = workspace(db)
        task_id = _booking_task(db, workspace_id, f"Please book a time through my link {CALENDLY}")
        suggestions.compute_for_task(db, workspace_id, task_id, context, at=NOW)
    finally:
        context.close()
    task = get_task(db, workspace_id, task_id).task
    assert task.suggestions_state == "ready"
    assert "could not be read" in (task.suggestions_note or "")


def test_a_refresh_request_waits_for_the_worker(db: Database, context: JobContext) -> None:
    workspace_id = workspace(db)
    task_id = _booking_task(db, workspace_id, f"Please book a time through my link {CALENDLY}")
    suggestions.compute_for_task(db, workspace_id, task_id, context, at=NOW)
    suggestions.request_refresh(db, workspace_id, task_id, actor="test")
    assert get_task(db, workspace_id, task_id).task.suggestions_state == "waiting"
    with pytest.raises(NotFound):
        suggestions.request_refresh(db, workspace(db, name="Other"), task_id, actor="test")


def test_a_lead_page_that_hangs_is_cut_off_noted_and_retried_later(db: Database) -> None:
    with HttpsServer(names=("calendly.com",)) as slow:
        slow.route("/api/booking/event_types/lookup", Route.dribble(every=0.2))
        fetcher = GuardedFetcher(
            resolver=static_resolver({"calendly.com": [("127.0.0.1", slow.port)]}),
            address_allowed=_loopback_or_public,
            verify=slow.client_context(),
            limits=FetchLimits(total_seconds=1.0),
        )
        context = JobContext(fetcher=fetcher, feed_fetcher=fetcher, private_hosts=frozenset())
        try:
            workspace_id = workspace(db)
            task_id = _booking_task(db, workspace_id, f"Please book a time through my link {CALENDLY}")
            with db.write() as session:
                job_id = jobs.request_job(
                    session.connection(), workspace_id, jobs.SUGGESTIONS_JOB, str(task_id)
                )
            started = time.monotonic()
            outcome = job_runner.run_job(db, job_id, context)
            elapsed = time.monotonic() - started
        finally:
            context.close()
    assert outcome is job_runner.Outcome.RETRY
    assert elapsed < 5
    task = get_task(db, workspace_id, task_id).task
    assert task.suggestions_state == "ready"  # our own times are offered meanwhile
    assert "could not be read just now" in (task.suggestions_note or "")
    state = jobs.job_state(db, job_id)
    assert state is not None
    assert state.state == "pending"


def test_stale_feeds_are_refreshed_in_the_background_once(db: Database, context: JobContext) -> None:
    workspace_id = workspace(db)
    view = _add(db, workspace_id, NewCalendar("ics_file", content=TEAM_CALENDAR), context)
    assert view.refreshed_at == NOW
    assert team_calendars.request_stale_refreshes(db, at=NOW + timedelta(minutes=10)) == []
    # The add itself asked for a read (done above, as of NOW); once its job is done, only staleness asks.
    for job_id in jobs.due_jobs(db):
        assert jobs.claim(db, job_id) is not None
        jobs.finish(db, job_id)
    later = NOW + timedelta(seconds=view.ttl_seconds + 1)
    [asked] = team_calendars.request_stale_refreshes(db, at=later)
    assert team_calendars.request_stale_refreshes(db, at=later) == []  # already pending: not asked twice
    state = jobs.job_state(db, asked)
    assert state is not None
    assert (state.kind, state.key) == (jobs.CALENDAR_REFRESH_JOB, str(view.id))


def test_the_rules_shape_the_suggestions(db: Database, context: JobContext) -> None:
    workspace_id = workspace(db)
    update_scheduling(
        db,
        workspace_id,
        {"meeting_minutes": 60, "holidays": ["2026-03-03"], "suggestion_count": 2},
        actor="test",
    )
    task_id = _booking_task(db, workspace_id, f"Please book a time through my link {CALENDLY}")
    suggestions.compute_for_task(db, workspace_id, task_id, context, at=NOW)
    slots = get_task(db, workspace_id, task_id).task.suggested_slots
    # Tuesday 3 March is a holiday now, so only the next Tuesday's slot is common; an hour long.
    assert [(slot["start"], slot["end"]) for slot in slots] == [
        ("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z")
    ]


def test_an_operator_can_turn_reading_lead_pages_off(db: Database, server: HttpsServer) -> None:
    workspace_id = workspace(db)
    task_id = _booking_task(
        db,
        workspace_id,
        f"Please book a time through my link {CALENDLY} - Wednesday March 4 after 2pm ET works.",
    )
    context = JobContext(read_lead_pages=False)
    before = len(server.requests)
    try:
        suggestions.compute_for_task(db, workspace_id, task_id, context, at=NOW)
    finally:
        context.close()
    assert len(server.requests) == before
    task = get_task(db, workspace_id, task_id).task
    assert "turned off" in (task.suggestions_note or "")
    assert task.suggested_slots
    assert all(slot["start"].startswith("2026-03-04T") for slot in task.suggested_slots)
