"""Candidate meeting times, read lazily in time order.

A cursor answers "the earliest candidate starting at or after this instant", so the picker can jump
over whole days instead of listing every start in a year of free time.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from schedlink.domain.availability.intervals import Interval, as_utc
from schedlink.domain.availability.wallclock import next_aligned

Cursor = Callable[[datetime], Interval | None]


def offered_inside(
    offered: Sequence[tuple[datetime, datetime | None]], free: list[Interval], meeting: timedelta
) -> list[Interval]:
    """The lead's offered slots that lie wholly inside one stretch of team free time, by start."""
    free_starts = [interval.start for interval in free]
    inside: dict[datetime, Interval] = {}
    for offered_start, offered_end in offered:
        start = as_utc(offered_start, "lead slot start")
        end = as_utc(offered_end, "lead slot end") if offered_end is not None else start + meeting
        slot = Interval(start, end)
        index = bisect_right(free_starts, start) - 1
        if index >= 0 and free[index].end >= end:
            inside.setdefault(start, slot)
    return [inside[start] for start in sorted(inside)]


class SlotCursor:
    """Explicit candidates, looked up by bisection."""

    def __init__(self, slots: list[Interval]) -> None:
        self._slots = slots
        self._starts = [slot.start for slot in slots]

    def __call__(self, after: datetime) -> Interval | None:
        index = bisect_left(self._starts, after)
        return self._slots[index] if index < len(self._slots) else None


class GridCursor:
    """Starts on the team's slot grid (local :00/:step) whose whole meeting fits in one free stretch."""

    def __init__(self, free: list[Interval], zone: ZoneInfo, step_minutes: int, meeting: timedelta) -> None:
        self._free, self._ends = free, [interval.end for interval in free]
        self._zone, self._step, self._meeting = zone, step_minutes, meeting

    def __call__(self, after: datetime) -> Interval | None:
        index = bisect_right(self._ends, after)
        while index < len(self._free):
            stretch = self._free[index]
            start = next_aligned(max(after, stretch.start), self._zone, self._step)
            if start + self._meeting <= stretch.end:
                return Interval(start, start + self._meeting)
            index += 1
        return None
