"""The team's free time: working hours in the team's zone, minus busy time widened by buffers.

Hours are laid out day by day in the team's zone and each range end is converted to UTC on its own
(``wallclock.wall_to_utc``), so daylight-saving days keep their wall-clock hours. Busy time is merged
once and subtracted in one sweep; the cost grows with days and busy intervals, not with minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, time, timedelta

from schedlink.domain.availability.intervals import Interval, as_utc, clip, merge, subtract
from schedlink.domain.availability.rules import SchedulingRules, hours_on, normalise_working_hours
from schedlink.domain.availability.wallclock import MIDNIGHT, load_zone, wall_to_utc


def booking_window(
    rules: SchedulingRules, now: datetime, start: datetime | None = None, end: datetime | None = None
) -> tuple[datetime, datetime] | None:
    """``[max(start, now + notice), min(end, now + days_ahead))`` in UTC, or None when that is empty."""
    now = as_utc(now, "now")
    low = now + timedelta(minutes=rules.min_notice_minutes)
    high = now + timedelta(days=rules.days_ahead)
    if start is not None:
        low = max(low, as_utc(start, "start"))
    if end is not None:
        high = min(high, as_utc(end, "end"))
    return (low, high) if low < high else None


def team_free(
    *,
    zone: str,
    working_hours: Mapping[str, Sequence[tuple[time, time]]],
    rules: SchedulingRules,
    busy: Iterable[Interval],
    now: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Interval]:
    """Free time of the team inside the booking window, as merged UTC intervals."""
    tz = load_zone(zone)
    hours = normalise_working_hours(working_hours)
    window = booking_window(rules, now, start, end)
    if window is None:
        return []
    low, high = window
    open_time: list[Interval] = []
    day = low.astimezone(tz).date()  # earlier days' ranges all end by this day's first instant <= low
    last_day = high.astimezone(tz).date()
    while day <= last_day:
        for range_start, range_end in hours_on(day, hours, rules):
            opens = wall_to_utc(day, range_start, tz)
            closing_day = (
                day + timedelta(days=1) if range_end == MIDNIGHT else day
            )  # an end of 00:00 is 24:00
            closes = wall_to_utc(closing_day, range_end, tz)
            if opens < closes:  # a range inside a skipped stretch of clock has no real time
                open_time.append(Interval(opens, closes))
        day += timedelta(days=1)
    return subtract(clip(open_time, low, high), _widened(busy, rules))


def _widened(busy: Iterable[Interval], rules: SchedulingRules) -> list[Interval]:
    """Busy time with the buffers added around each event, merged."""
    before = timedelta(minutes=rules.buffer_before_minutes)
    after = timedelta(minutes=rules.buffer_after_minutes)
    if not before and not after:
        return merge(busy)
    return merge(Interval(event.start - before, event.end + after) for event in busy)
