"""Local wall-clock times to UTC instants, with daylight-saving gaps and repeats resolved one way.

The rule everything in availability shares: a wall-clock time means the *earliest real instant whose
local clock reads at least that time*. So a time inside a skipped hour means the first instant after
the gap, and a repeated time means its first occurrence. Both ends of a range are converted this way
separately, so "09:00–17:00" stays 09:00–17:00 on the clock even on a day that changes offset.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIDNIGHT = time(0, 0)


def load_zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; an unknown or malformed name is a ValueError that says which."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"unknown time zone {name!r}: give an IANA name such as 'America/New_York'")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"unknown time zone {name!r}: give an IANA name such as 'America/New_York'"
        ) from None


def wall_to_utc(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """The earliest instant whose wall clock in ``zone`` reads at least ``day`` at ``clock``."""
    naive = datetime.combine(day, clock.replace(tzinfo=None))
    local = naive.replace(tzinfo=zone)
    before = local.utcoffset()
    after = local.replace(fold=1).utcoffset()
    assert before is not None
    assert after is not None
    if before >= after:  # an ordinary time, or a repeated one whose first occurrence uses ``before``
        return (naive - before).replace(tzinfo=UTC)
    # Inside a gap: ``naive - after`` is still before the change, ``naive - before`` already after it.
    return first_offset_change(
        (naive - after).replace(tzinfo=UTC), (naive - before).replace(tzinfo=UTC), zone
    )


def first_offset_change(earlier: datetime, later: datetime, zone: ZoneInfo) -> datetime:
    """The instant in ``(earlier, later]`` at which ``zone``'s UTC offset first differs from ``earlier``'s.

    Binary search over whole seconds (offset changes fall on whole seconds), so a gap costs ~17 probes.
    """
    offset = earlier.astimezone(zone).utcoffset()
    low = int(earlier.timestamp() // 1)
    high = -int(-later.timestamp() // 1)
    if _offset_at(high, zone) == offset:
        return later
    while high - low > 1:
        middle = (low + high) // 2
        if _offset_at(middle, zone) == offset:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)


def _offset_at(timestamp: int, zone: ZoneInfo) -> timedelta | None:
    return datetime.fromtimestamp(timestamp, UTC).astimezone(zone).utcoffset()


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    """When ``day`` begins in ``zone`` (its first instant, even where midnight itself is skipped)."""
    return wall_to_utc(day, MIDNIGHT, zone)


def next_aligned(instant: datetime, zone: ZoneInfo, step_minutes: int) -> datetime:
    """The earliest instant at or after ``instant`` whose local clock sits on a ``step_minutes`` boundary.

    Boundaries count from local midnight (step 30 gives :00 and :30). When an offset change falls
    before the next boundary, the search restarts at the change, so no boundary after it is missed.
    """
    current = instant
    while True:
        local = current.astimezone(zone)
        minute_of_day = local.hour * 60 + local.minute
        if minute_of_day % step_minutes == 0 and not local.second and not local.microsecond:
            return current
        target = min(minute_of_day - minute_of_day % step_minutes + step_minutes, 24 * 60)
        candidate = current + timedelta(
            minutes=target - minute_of_day, seconds=-local.second, microseconds=-local.microsecond
        )
        if candidate.astimezone(zone).utcoffset() != local.utcoffset():
            candidate = first_offset_change(current, candidate, zone)
        current = candidate
