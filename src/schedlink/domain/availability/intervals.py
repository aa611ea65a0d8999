"""Half-open UTC time intervals and the set operations availability is built from.

Every operation sorts once and then sweeps, so a year of busy time (thousands of intervals) costs
milliseconds; nothing here steps through time minute by minute.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


def as_utc(value: object, what: str) -> datetime:
    """``value`` as an aware UTC datetime; naive or non-datetime values are a caller's mistake."""
    if not isinstance(value, datetime):
        raise ValueError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is UTC:
        return value
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} must carry a time zone, got naive {value.isoformat()}")
    return value.astimezone(UTC)


def instant_to_json(value: datetime) -> str:
    """An instant as ``2026-03-10T14:00:00Z`` (UTC, whole seconds), the form stored and sent everywhere."""
    return as_utc(value, "instant").strftime("%Y-%m-%dT%H:%M:%SZ")


def instant_from_json(value: object, what: str = "instant") -> datetime:
    """Parse an ISO 8601 instant with ``Z`` or any offset into UTC; anything else is a ValueError."""
    if not isinstance(value, str):
        raise ValueError(f"{what} must be an ISO 8601 string, got {type(value).__name__}")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{what} is not an ISO 8601 date-time: {value!r}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"{what} needs a UTC offset such as 'Z' or '+02:00': {value!r}")
    return parsed.astimezone(UTC)


@dataclass(frozen=True, slots=True, order=True)
class Interval:
    """``[start, end)`` in UTC. Aware datetimes in other zones are converted; ``start < end`` always."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        start = as_utc(self.start, "interval start")
        end = as_utc(self.end, "interval end")
        if not start < end:
            raise ValueError(
                f"an interval must end after it starts: {start.isoformat()} .. {end.isoformat()}"
            )
        if start is not self.start:
            object.__setattr__(self, "start", start)
        if end is not self.end:
            object.__setattr__(self, "end", end)

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    def to_json(self) -> dict[str, str]:
        return {"start": instant_to_json(self.start), "end": instant_to_json(self.end)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Interval:
        if not isinstance(data, Mapping):
            raise ValueError("an interval must be an object with 'start' and 'end'")
        missing = [key for key in ("start", "end") if key not in data]
        if missing:
            raise ValueError(f"an interval needs {' and '.join(repr(key) for key in missing)}")
        return cls(instant_from_json(data["start"], "start"), instant_from_json(data["end"], "end"))


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping and touching intervals joined; untouched intervals are reused as they are."""
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if merged and interval.start <= merged[-1].end:
            if interval.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, interval.end)
        else:
            merged.append(interval)
    return merged


def subtract(free: Iterable[Interval], busy: Iterable[Interval]) -> list[Interval]:
    """The parts of ``free`` not covered by ``busy``, merged and sorted."""
    free_merged, busy_merged = merge(free), merge(busy)
    result: list[Interval] = []
    first_busy = 0
    for interval in free_merged:
        cursor = interval.start
        while first_busy < len(busy_merged) and busy_merged[first_busy].end <= cursor:
            first_busy += 1
        index = first_busy
        while index < len(busy_merged) and busy_merged[index].start < interval.end:
            blocker = busy_merged[index]
            if blocker.start > cursor:
                result.append(Interval(cursor, blocker.start))
            cursor = max(cursor, blocker.end)
            if cursor >= interval.end:
                break
            index += 1
        if cursor == interval.start:
            result.append(interval)
        elif cursor < interval.end:
            result.append(Interval(cursor, interval.end))
    return result


def intersect(a: Iterable[Interval], b: Iterable[Interval]) -> list[Interval]:
    """Time inside both ``a`` and ``b``, merged and sorted."""
    left, right = merge(a), merge(b)
    result: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i].start, right[j].start)
        end = min(left[i].end, right[j].end)
        if start < end:
            whole = left[i] if (start, end) == (left[i].start, left[i].end) else right[j]
            result.append(whole if (start, end) == (whole.start, whole.end) else Interval(start, end))
        if left[i].end <= right[j].end:
            i += 1
        else:
            j += 1
    return result  # pieces of two merged lists never touch, so this is already merged


def clip(intervals: Iterable[Interval], start: datetime, end: datetime) -> list[Interval]:
    """The parts of ``intervals`` inside ``[start, end)``; an empty or inverted range clips to nothing."""
    start, end = as_utc(start, "clip start"), as_utc(end, "clip end")
    if start >= end:
        return []
    return intersect(intervals, [Interval(start, end)])


def total_seconds(intervals: Iterable[Interval]) -> float:
    """Covered time in seconds, counting overlaps once."""
    return sum(interval.seconds for interval in merge(intervals))
