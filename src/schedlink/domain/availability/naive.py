"""A minute-by-minute peer of ``team.team_free``: slow and obvious, for cross-checks and benchmarks.

It shares none of the fast version's clock arithmetic. Each minute is converted to local time and the
highest local reading so far is kept; a minute is working when that reading falls in its day's hours.
This is the same rule as ``wallclock.wall_to_utc`` ("the earliest instant whose clock reads at least
T") seen from the other side: a minute is past a range's start exactly when the clock has already
reached it. Results match ``team_free`` whenever the inputs lie on whole minutes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, time, timedelta

from schedlink.domain.availability.intervals import Interval, as_utc
from schedlink.domain.availability.rules import SchedulingRules, hours_on, normalise_working_hours
from schedlink.domain.availability.wallclock import load_zone

_MINUTE = timedelta(minutes=1)


def naive_team_free(
    *,
    zone: str,
    working_hours: Mapping[str, Sequence[tuple[time, time]]],
    rules: SchedulingRules,
    busy: Iterable[Interval],
    now: datetime,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[Interval]:
    """Same contract as ``team_free``, computed by looking at every minute of the window."""
    tz = load_zone(zone)
    hours = normalise_working_hours(working_hours)
    now = as_utc(now, "now")
    low = now + timedelta(minutes=rules.min_notice_minutes)
    high = now + timedelta(days=rules.days_ahead)
    if start is not None:
        low = max(low, as_utc(start, "start"))
    if end is not None:
        high = min(high, as_utc(end, "end"))
    if low >= high:
        return []
    first_minute = _floor_minute(low)
    blocked = _blocked_minutes(busy, rules, first_minute, high)
    latest_clock = datetime.min
    runs: list[list[datetime]] = []
    minute = first_minute - timedelta(days=1)  # a day of history, so the clock maximum is right at ``low``
    while minute < high:
        clock = minute.astimezone(tz).replace(tzinfo=None)
        latest_clock = max(latest_clock, clock)
        if minute >= first_minute and minute not in blocked and _is_open(latest_clock, hours, rules):
            if runs and runs[-1][1] == minute:
                runs[-1][1] = minute + _MINUTE
            else:
                runs.append([minute, minute + _MINUTE])
        minute += _MINUTE
    clipped = [(max(run_start, low), min(run_end, high)) for run_start, run_end in runs]
    return [Interval(run_start, run_end) for run_start, run_end in clipped if run_start < run_end]


def _is_open(
    clock: datetime, hours: Mapping[str, tuple[tuple[time, time], ...]], rules: SchedulingRules
) -> bool:
    of_day = clock.time()
    for range_start, range_end in hours_on(clock.date(), hours, rules):
        if range_start <= of_day and (range_end == time(0, 0) or of_day < range_end):
            return True
    return False


def _blocked_minutes(
    busy: Iterable[Interval], rules: SchedulingRules, first: datetime, high: datetime
) -> set[datetime]:
    before = timedelta(minutes=rules.buffer_before_minutes)
    after = timedelta(minutes=rules.buffer_after_minutes)
    blocked: set[datetime] = set()
    for event in busy:
        minute = max(_ceil_minute(event.start - before), first)
        stop = min(event.end + after, high)
        while minute < stop:
            blocked.add(minute)
            minute += _MINUTE
    return blocked


def _floor_minute(instant: datetime) -> datetime:
    return instant.astimezone(UTC).replace(second=0, microsecond=0)


def _ceil_minute(instant: datetime) -> datetime:
    floored = _floor_minute(instant)
    return floored if floored == instant else floored + _MINUTE
