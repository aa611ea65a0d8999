"""The team's calendars: add, list, remove, and read them into cached busy time.

Reading a calendar touches the network (or parses a large file), so it happens in a background job or
an explicit command, never inside a request. What it finds is cached on the calendar's row for a year
ahead, with the time it was read; suggestions use the cache and ask for a refresh once it is older than
the calendar's time-to-live. A failed read keeps the previous busy time and says why on the row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select

from schedlink.calendars.caldav_source import busy_from_caldav
from schedlink.calendars.ics import BusyRead, CalendarError, CalendarLimits, busy_from_ics
from schedlink.domain.availability.intervals import Interval, merge
from schedlink.domain.availability.rules import SchedulingRules
from schedlink.domain.http_plan import HttpRequest
from schedlink.net.addresses import check_public_url
from schedlink.net.fetcher import ANY_PUBLIC_HOST, FetchFailed, FetchRefused
from schedlink.service import audit, jobs
from schedlink.service.context import JobContext
from schedlink.service.errors import InvalidRequest, NotFound
from schedlink.service.tenancy import owned
from schedlink.store.db import Database
from schedlink.store.models import CalendarSourceRow, WorkspaceRow

REFRESH_JOB = jobs.CALENDAR_REFRESH_JOB
KINDS = ("ics_url", "ics_file", "caldav")
MAX_CALENDARS = 20
MAX_FILE_BYTES = CalendarLimits().max_bytes
LOOK_BACK = timedelta(days=1)
LOOK_AHEAD = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class NewCalendar:
    kind: str
    url: str | None = None
    content: str | None = None
    username: str | None = None
    password: str | None = None
    label: str = ""


@dataclass(frozen=True, slots=True)
class CalendarView:
    """A calendar as shown to people: never its password, never credentials inside its URL."""

    id: uuid.UUID
    kind: str
    label: str
    url: str | None
    username: str | None
    status: str
    error: str | None  # why the last read failed (status "error")
    note: str | None  # what a successful read skipped, for a person to know
    busy_intervals: int
    ttl_seconds: int
    refreshed_at: datetime | None
    created_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "kind": self.kind,
            "label": self.label,
            "url": self.url,
            "username": self.username,
            "status": self.status,
            "error": self.error,
            "note": self.note,
            "busy_intervals": self.busy_intervals,
            "ttl_seconds": self.ttl_seconds,
            "refreshed_at": _iso(self.refreshed_at),
            "created_at": _iso(self.created_at),
        }


def add_calendar(
    db: Database,
    workspace_id: uuid.UUID,
    new: NewCalendar,
    *,
    actor: str,
    read_now: bool = False,
    context: JobContext | None = None,
) -> CalendarView:
    """Store a calendar and ask for its first read (in the background, or now with ``read_now``)."""
    row = _validated(new)
    row.workspace_id = workspace_id
    with db.write() as session:
        if session.get(WorkspaceRow, workspace_id) is None:
            raise NotFound(f"workspace {workspace_id} not found")
        count = len(
            session.scalars(
                select(CalendarSourceRow.id).where(CalendarSourceRow.workspace_id == workspace_id)
            ).all()
        )
        if count >= MAX_CALENDARS:
            raise InvalidRequest(f"a workspace can have at most {MAX_CALENDARS} calendars")
        session.add(row)
        session.flush()
        audit.record(
            session,
            workspace_id,
            actor=actor,
            action="calendar.added",
            object_type="calendar",
            object_id=row.id,
            kind=row.kind,
            label=row.label,
            url=_shown_url(row.url),
        )
        job_id = jobs.request_job(session.connection(), workspace_id, REFRESH_JOB, str(row.id))
        calendar_id = row.id
    if read_now:
        return refresh_calendar(db, workspace_id, calendar_id, context or JobContext())
    jobs.dispatch(db, job_id)
    return get_calendar(db, workspace_id, calendar_id)


def list_calendars(db: Database, workspace_id: uuid.UUID) -> list[CalendarView]:
    with db.read() as session:
        rows = session.scalars(
            select(CalendarSourceRow)
            .where(CalendarSourceRow.workspace_id == workspace_id)
            .order_by(CalendarSourceRow.created_at, CalendarSourceRow.id)
        )
        return [_view(row) for row in rows]


def get_calendar(db: Database, workspace_id: uuid.UUID, calendar_id: uuid.UUID) -> CalendarView:
    with db.read() as session:
        return _view(_owned(session, workspace_id, calendar_id))


def remove_calendar(db: Database, workspace_id: uuid.UUID, calendar_id: uuid.UUID, *, actor: str) -> None:
    with db.write() as session:
        row = _owned(session, workspace_id, calendar_id)
        session.delete(row)
        audit.record(
            session,
            workspace_id,
            actor=actor,
            action="calendar.removed",
            object_type="calendar",
            object_id=calendar_id,
            label=row.label,
        )


def refresh_calendar(
    db: Database,
    workspace_id: uuid.UUID,
    calendar_id: uuid.UUID,
    context: JobContext,
    *,
    at: datetime | None = None,
) -> CalendarView:
    """Read the calendar now and cache its busy time (or the reason it could not be read)."""
    when = at or jobs.now()
    with db.read() as session:
        row = _owned(session, workspace_id, calendar_id)
        workspace = session.get(WorkspaceRow, workspace_id)
        assert workspace is not None
        source = _Source(row.kind, row.url, row.content, row.username, row.password)
        zone = workspace.timezone
        tentative = SchedulingRules.from_json(workspace.scheduling).tentative_busy
    start, end = when - LOOK_BACK, when + LOOK_AHEAD
    try:
        read = _read(source, zone, tentative, start, end, context)
    except (CalendarError, FetchRefused, FetchFailed) as error:
        return _store(db, workspace_id, calendar_id, when, error=str(error))
    return _store(db, workspace_id, calendar_id, when, read=read, window=(start, end))


def run_refresh_job(db: Database, job: jobs.ClaimedJob, context: JobContext) -> None:
    try:
        refresh_calendar(db, job.workspace_id, uuid.UUID(job.key), context)
    except NotFound:
        return  # removed since: nothing to do


def mark_failed(db: Database, job: jobs.ClaimedJob, error: str) -> None:
    _store(db, job.workspace_id, uuid.UUID(job.key), jobs.now(), error=f"could not be read: {error}")


def request_stale_refreshes(db: Database, *, at: datetime | None = None) -> list[uuid.UUID]:
    """Ask for a read of every calendar, in every workspace, whose cache has outlived its time-to-live
    and that no refresh is already pending or running for (a job backing off keeps its backoff).
    The sweep calls this every minute: this is what keeps feeds fresh in the background."""
    when = at or jobs.now()
    asked: list[uuid.UUID] = []
    with db.write() as session:
        in_hand = set(
            session.scalars(
                select(jobs.JOBS.c.key).where(
                    jobs.JOBS.c.kind == REFRESH_JOB, jobs.JOBS.c.state.in_(("pending", "running"))
                )
            )
        )
        rows = session.execute(
            select(
                CalendarSourceRow.id,
                CalendarSourceRow.workspace_id,
                CalendarSourceRow.refreshed_at,
                CalendarSourceRow.ttl_seconds,
            )
        ).all()
        for calendar_id, workspace_id, refreshed_at, ttl in rows:
            if str(calendar_id) in in_hand:
                continue
            if _outlived(refreshed_at, ttl, when):
                connection = session.connection()
                asked.append(
                    jobs.request_job(connection, workspace_id, REFRESH_JOB, str(calendar_id), at=when)
                )
    return asked


def is_stale(calendar: CalendarView, at: datetime) -> bool:
    """Never read, or read longer ago than its time-to-live."""
    return _outlived(calendar.refreshed_at, calendar.ttl_seconds, at)


def _outlived(refreshed_at: datetime | None, ttl_seconds: int, at: datetime) -> bool:
    return refreshed_at is None or refreshed_at + timedelta(seconds=ttl_seconds) <= at


@dataclass(frozen=True, slots=True)
class TeamBusy:
    """The merged busy time of all the team's calendars, and what a person should know about it.

    ``covered`` is the span every calendar that was read covers (``None`` when none was): busy time is
    known only there, so outside it nobody checked whether the team is free.
    """

    busy: list[Interval]
    warnings: list[str]
    covered: tuple[datetime, datetime] | None = None


def cached_busy(db: Database, workspace_id: uuid.UUID) -> TeamBusy:
    intervals: list[Interval] = []
    warnings: list[str] = []
    spans: list[tuple[datetime, datetime]] = []
    with db.read() as session:
        for row in session.scalars(
            select(CalendarSourceRow).where(CalendarSourceRow.workspace_id == workspace_id)
        ):
            name = row.label or row.kind
            if row.busy_from is not None and row.busy_until is not None:
                spans.append((row.busy_from, row.busy_until))
            if row.status == "error":
                warnings.append(
                    f"calendar {name!r} could not be read ({row.error}); its last known busy time is used"
                )
            elif row.status == "pending" and not row.busy:
                warnings.append(f"calendar {name!r} has not been read yet; its busy time is not included")
            intervals.extend(Interval.from_json(item) for item in row.busy)
    covered = (max(a for a, _ in spans), min(b for _, b in spans)) if spans else None
    return TeamBusy(merge(intervals), warnings, covered)


@dataclass(frozen=True, slots=True)
class _Source:
    kind: str
    url: str | None
    content: str | None
    username: str | None
    password: str | None


def _read(
    source: _Source, zone: str, tentative: bool, start: datetime, end: datetime, context: JobContext
) -> BusyRead:
    if source.kind == "ics_file":
        return busy_from_ics(
            source.content or "",
            window_start=start,
            window_end=end,
            default_zone=zone,
            tentative_busy=tentative,
        )
    assert source.url is not None
    if source.kind == "caldav":
        check_public_url(source.url, allowed_private=context.private_hosts)
        return busy_from_caldav(
            source.url,
            username=source.username,
            password=source.password,
            window_start=start,
            window_end=end,
            default_zone=zone,
            tentative_busy=tentative,
        )
    response = context.calendar_fetcher(source.url).fetch(
        HttpRequest("GET", source.url, {"Accept": "text/calendar, */*;q=0.5"}),
        allowed_hosts=ANY_PUBLIC_HOST,
        rate_key="calendar",
    )
    if response.status != 200:
        raise CalendarError(f"the calendar address answered HTTP {response.status}")
    return busy_from_ics(
        response.body, window_start=start, window_end=end, default_zone=zone, tentative_busy=tentative
    )


def _store(
    db: Database,
    workspace_id: uuid.UUID,
    calendar_id: uuid.UUID,
    when: datetime,
    *,
    read: BusyRead | None = None,
    window: tuple[datetime, datetime] | None = None,
    error: str | None = None,
) -> CalendarView:
    with db.write() as session:
        row = _owned(session, workspace_id, calendar_id)
        row.refreshed_at = when
        if read is not None and window is not None:
            row.status, row.error, row.note = "ok", None, "; ".join(read.skipped[:5]) or None
            row.busy = [interval.to_json() for interval in read.busy]
            row.busy_from, row.busy_until = window
        else:
            row.status, row.error = "error", error
        audit.record(
            session,
            workspace_id,
            actor="worker",
            action="calendar.read",
            object_type="calendar",
            object_id=calendar_id,
            status=row.status,
            error=row.error,
            note=row.note,
            busy=len(row.busy),
        )
        session.flush()
        return _view(row)


def _validated(new: NewCalendar) -> CalendarSourceRow:
    if new.kind not in KINDS:
        raise InvalidRequest(f"kind: must be one of {', '.join(KINDS)}")
    label = (new.label or "").strip()[:200]
    if new.kind == "ics_file":
        content = new.content or ""
        if len(content.encode("utf-8", "replace")) > MAX_FILE_BYTES:
            raise InvalidRequest(f"content: the calendar file is over {MAX_FILE_BYTES // 1_000_000} MB")
        if "BEGIN:VCALENDAR" not in content[:2000].upper():
            raise InvalidRequest("content: not an iCalendar file (no BEGIN:VCALENDAR)")
        return CalendarSourceRow(kind=new.kind, label=label or "uploaded calendar", content=content)
    url = _calendar_url(new.url or "")
    if new.kind == "ics_url":
        return CalendarSourceRow(kind=new.kind, label=label or urlsplit(url).hostname or "", url=url)
    return CalendarSourceRow(
        kind=new.kind,
        label=label or urlsplit(url).hostname or "",
        url=url,
        username=new.username or None,
        password=new.password or None,
    )


def _calendar_url(url: str) -> str:
    url = url.strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or len(url) > 2048:
        raise InvalidRequest("url: give the calendar's full https:// address")
    if parts.username or parts.password:
        raise InvalidRequest("url: put credentials in username and password, not in the address")
    # http:// is accepted here only to give a precise reason later: reads refuse it unless the operator
    # allows that host (SCHEDLINK_PRIVATE_CALENDAR_HOSTS), and say so on the calendar.
    return urlunsplit(parts)


def _shown_url(url: str | None) -> str | None:
    """Scheme, host and the last path segment: private feed addresses carry their secret in the path."""
    if url is None:
        return None
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    tail = "/" + segments[-1] if len(segments) == 1 else ("/…/" + segments[-1] if segments else "/")
    return f"{parts.scheme}://{parts.netloc}{tail}"


def _owned(session: Any, workspace_id: uuid.UUID, calendar_id: uuid.UUID) -> CalendarSourceRow:
    return owned(session, CalendarSourceRow, calendar_id, workspace_id, "calendar")


def _view(row: CalendarSourceRow) -> CalendarView:
    return CalendarView(
        id=row.id,
        kind=row.kind,
        label=row.label,
        url=_shown_url(row.url),
        username=row.username,
        status=row.status,
        error=row.error,
        note=row.note,
        busy_intervals=len(row.busy or []),
        ttl_seconds=row.ttl_seconds,
        refreshed_at=row.refreshed_at,
        created_at=row.created_at,
    )


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat().replace("+00:00", "Z")


def request_refresh(db: Database, workspace_id: uuid.UUID, calendar_id: uuid.UUID) -> None:
    """Ask for one calendar to be read again in the background."""
    with db.write() as session:
        _owned(session, workspace_id, calendar_id)
        job_id = jobs.request_job(session.connection(), workspace_id, REFRESH_JOB, str(calendar_id))
    jobs.dispatch(db, job_id)


# A read replaces the cached busy time, so the default retries are safe.
JOB_KIND = jobs.JobKind(REFRESH_JOB, run_refresh_job, give_up=mark_failed)
