"""Choosing the few times to suggest from candidates read in time order.

"Preferred" candidates lie in the lead's working hours (09:00–18:00 on their weekdays; all candidates
are preferred when the lead's zone is unknown). Preferred ones come first, one per day and earliest
days first, then the earliest of the rest; the others are used only when too few preferred exist,
again on days not used yet first. The picker keeps only what that choice needs and skips the rest of
a day as soon as nothing later that day can change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from schedlink.domain.availability.candidates import Cursor
from schedlink.domain.availability.intervals import Interval
from schedlink.domain.availability.wallclock import start_of_day, wall_to_utc

BUSINESS_OPENS = time(9, 0)
BUSINESS_CLOSES = time(18, 0)
_SECOND = timedelta(seconds=1)


def in_business_hours(slot: Interval, zone: ZoneInfo) -> bool:
    """Whether ``slot`` lies within 09:00–18:00 of one weekday in ``zone``."""
    start, end = slot.start.astimezone(zone), slot.end.astimezone(zone)
    return (
        start.weekday() < 5
        and start.time() >= BUSINESS_OPENS
        and end.date() == start.date()
        and end.time() <= BUSINESS_CLOSES
    )


@dataclass(slots=True)
class Picker:
    """Reads candidates in time order and keeps just what the choice needs (see the module docstring)."""

    count: int
    day_zone: ZoneInfo
    business_zone: ZoneInfo | None
    first: Interval | None = None
    preferred_by_day: dict[date, Interval] = field(default_factory=dict)
    others_by_day: dict[date, Interval] = field(default_factory=dict)
    earliest_preferred: list[Interval] = field(default_factory=list)
    earliest_others: list[Interval] = field(default_factory=list)

    def pick(self, cursor: Cursor, *, uniform_length: bool) -> list[Interval]:
        """The chosen candidates, by start. ``uniform_length``: all candidates last the same time."""
        self.first = None
        self.preferred_by_day, self.others_by_day = {}, {}
        self.earliest_preferred, self.earliest_others = [], []
        probe = datetime.min.replace(tzinfo=UTC)
        while (found := cursor(probe)) is not None:
            self.first = self.first or found
            day = found.start.astimezone(self.day_zone).date()
            if self.is_preferred(found):
                self.preferred_by_day.setdefault(day, found)
                _append_until(self.earliest_preferred, found, self.count)
                if len(self.preferred_by_day) >= self.count:
                    break
            else:
                self.others_by_day.setdefault(day, found)
                _append_until(self.earliest_others, found, self.count)
            probe = max(self._next_probe(found, day, uniform_length), found.start + _SECOND)
        chosen = _spread(self.preferred_by_day, self.earliest_preferred, self.count, set())
        if len(chosen) < self.count:
            used = set(self.preferred_by_day)
            chosen += _spread(self.others_by_day, self.earliest_others, self.count - len(chosen), used)
        return sorted(chosen)

    def is_preferred(self, slot: Interval) -> bool:
        return self.business_zone is None or in_business_hours(slot, self.business_zone)

    def _next_probe(self, found: Interval, day: date, uniform_length: bool) -> datetime:
        """Where the next useful candidate can start, skipping what can no longer change the choice.

        On a day that already has a preferred start, later ones only feed the "earliest" lists. On a day
        with none yet, once the earliest others are known, only a preferred start can still count: with
        equal-length candidates that is from 09:00 if it is still early, else not before tomorrow.
        """
        others_known = self.business_zone is None or len(self.earliest_others) >= self.count
        if day in self.preferred_by_day:
            if others_known and len(self.earliest_preferred) >= self.count:
                return start_of_day(day + timedelta(days=1), self.day_zone)
            return found.start
        if others_known and uniform_length and self.business_zone is not None:
            local = found.start.astimezone(self.business_zone)
            if day.weekday() < 5 and local.time() < BUSINESS_OPENS:
                return wall_to_utc(day, BUSINESS_OPENS, self.business_zone)
            return start_of_day(day + timedelta(days=1), self.day_zone)
        return found.start


def _append_until(items: list[Interval], item: Interval, limit: int) -> None:
    if len(items) < limit:
        items.append(item)


def _spread(
    by_day: dict[date, Interval], earliest: list[Interval], count: int, used: set[date]
) -> list[Interval]:
    """One per unused day, earliest days first; then the earliest not yet taken."""
    chosen: list[Interval] = []
    for day, slot in by_day.items():
        if len(chosen) >= count:
            return chosen
        if day not in used:
            chosen.append(slot)
            used.add(day)
    for slot in earliest:
        if len(chosen) >= count:
            break
        if slot not in chosen:
            chosen.append(slot)
    return chosen
