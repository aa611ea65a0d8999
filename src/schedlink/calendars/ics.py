"""iCalendar text (a published feed or a CalDAV object) as the team's busy time in a window.

Parsing is icalendar's, recurrence expansion recurring-ical-events' (see `events`). The input comes from
outside, so it is bounded three ways: its size, the number of event instances it expands to, and a hard
wall-clock budget that also stops rules which loop without producing instances. A calendar that cannot
be read raises `CalendarError` with a reason a person can act on; single events that cannot be read are
left out and noted in `BusyRead.skipped` instead.

VFREEBUSY periods count as busy unless typed FREE (BUSY-TENTATIVE only when tentative time is busy).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component

from schedlink.calendars import notes
from schedlink.calendars.deadline import TimeLimitExceeded, run_with_time_limit
from schedlink.calendars.events import InstanceLimitReached, events_busy
from schedlink.calendars.model import BusyRead, CalendarError, CalendarLimits
from schedlink.calendars.notes import Notes
from schedlink.calendars.times import prop_value, team_zone, to_utc
from schedlink.domain.availability.intervals import Interval, as_utc, merge

__all__ = ["DEFAULT_LIMITS", "BusyRead", "CalendarError", "CalendarLimits", "busy_from_ics"]

DEFAULT_LIMITS = CalendarLimits()
_REASON_CHARS = 120
_LOOSE_COMPONENTS = frozenset({"VEVENT", "VFREEBUSY", "VTIMEZONE"})


def busy_from_ics(
    text: str | bytes,
    *,
    window_start: datetime,
    window_end: datetime,
    default_zone: str,
    tentative_busy: bool = True,
    limits: CalendarLimits = DEFAULT_LIMITS,
) -> BusyRead:
    """Busy time in ``[window_start, window_end)``, merged and in UTC.

    ``default_zone`` is the team's zone: all-day events cover its local days, and floating times or
    unknown time zones are read in it. Raises `CalendarError` when the calendar as a whole is unreadable
    or over a limit, `ValueError` for a bad window or zone (the caller's mistake).
    """
    start, end = as_utc(window_start, "window start"), as_utc(window_end, "window end")
    if start >= end:
        raise ValueError("the window must end after it starts")
    zone = team_zone(default_zone)
    _check_size(text, limits.max_bytes)
    found = Notes()

    def read() -> tuple[list[Interval], int]:
        busy: list[Interval] = []
        events = expanded = 0
        for calendar in _parse(text):
            part = events_busy(
                calendar,
                window_start=start,
                window_end=end,
                zone=zone,
                tentative_busy=tentative_busy,
                max_instances=limits.max_instances - expanded,
                found=found,
            )
            busy.extend(part.busy)
            events += part.instances
            expanded += part.expanded
            events += _freebusy(calendar, start, end, zone, tentative_busy, busy, found)
        return busy, events

    try:
        busy, events = run_with_time_limit(read, limits.max_seconds)
    except TimeLimitExceeded:
        raise CalendarError(
            f"calendar took more than {limits.max_seconds:g} seconds to read: "
            "it is very large or repeats events without end"
        ) from None
    except InstanceLimitReached:
        raise CalendarError(
            f"calendar expands to more than {limits.max_instances:,} events in the window"
        ) from None
    except CalendarError:
        raise
    except Exception as exc:  # untrusted input: any library failure is a calendar we cannot read
        raise CalendarError(f"calendar could not be read: {_reason(exc)}") from None
    return BusyRead(busy=merge(busy), events=events, skipped=found.lines(zone=default_zone))


def _check_size(text: str | bytes, max_bytes: int) -> None:
    # A str needs at least one byte per character, so the cheap length rules most oversize input out.
    size = len(text) if isinstance(text, bytes) or len(text) > max_bytes else len(text.encode("utf-8"))
    if size > max_bytes:
        raise CalendarError(f"calendar is {_megabytes(size)} MB, over the {_megabytes(max_bytes)} MB limit")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".removesuffix(".0")


def _parse(text: str | bytes) -> list[Component]:
    try:
        components = Calendar.from_ical(text, multiple=True)
    except Exception as exc:
        raise CalendarError(f"this is not a readable iCalendar file: {_reason(exc)}") from None
    calendars: list[Component] = [component for component in components if component.name == "VCALENDAR"]
    # Some exporters write bare events without the VCALENDAR around them; read those as one calendar.
    loose = [component for component in components if component.name in _LOOSE_COMPONENTS]
    if loose:
        wrapper = Calendar()
        wrapper.subcomponents.extend(loose)
        calendars.append(wrapper)
    if not calendars:
        raise CalendarError("this is not an iCalendar file: there is no BEGIN:VCALENDAR")
    return calendars


def _freebusy(
    calendar: Component,
    window_start: datetime,
    window_end: datetime,
    zone: ZoneInfo,
    tentative_busy: bool,
    busy: list[Interval],
    found: Notes,
) -> int:
    """Add the busy periods of the calendar's VFREEBUSY components to ``busy``; return how many overlap."""
    periods = 0
    for component in calendar.walk("VFREEBUSY"):
        values = component.get("FREEBUSY", [])
        for prop in values if isinstance(values, list) else [values]:
            kind = str(prop.params.get("FBTYPE", "BUSY")).upper()  # RFC 5545: unknown types count as BUSY
            if kind == "FREE":
                continue
            period = prop_value(prop)
            if not (isinstance(period, tuple) and len(period) == 2 and isinstance(period[0], datetime)):
                found.add(notes.UNREADABLE_PERIOD)
                continue
            first, last = period
            start = to_utc(first, zone)
            end = start + last if isinstance(last, timedelta) else to_utc(last, zone)
            if start >= end or end <= window_start or start >= window_end:
                continue
            periods += 1
            if kind == "BUSY-TENTATIVE" and not tentative_busy:
                found.add(notes.TENTATIVE_PERIOD)
                continue
            busy.append(Interval(max(start, window_start), min(end, window_end)))
    return periods


def _reason(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    reason = lines[0] if lines else type(exc).__name__
    return reason if len(reason) <= _REASON_CHARS else reason[: _REASON_CHARS - 1] + "…"
