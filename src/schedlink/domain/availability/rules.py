"""A team's scheduling rules and working hours, validated once at the edge so the core can trust them.

Clock ranges are ``(start, end)`` wall-clock pairs; an end of 00:00 means midnight at the day's end
(written "24:00" in JSON), so ``(00:00, 00:00)`` is the whole day.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from itertools import pairwise
from types import MappingProxyType
from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_RANGES_PER_DAY = 6

ClockRange = tuple[time, time]
DayHours = tuple[ClockRange, ...]
WorkingHours = Mapping[str, Sequence[tuple[time, time]]]

_CLOCK = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
_WHOLE_NUMBER_LIMITS = {
    "meeting_minutes": (5, 480),
    "slot_step_minutes": (5, 240),
    "buffer_before_minutes": (0, 240),
    "buffer_after_minutes": (0, 240),
    "min_notice_minutes": (0, 20160),
    "days_ahead": (1, 365),
    "suggestion_count": (1, 10),
}


def _no_overrides() -> Mapping[date, DayHours]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class SchedulingRules:
    """How the team books: meeting length, slot grid, buffers, notice, horizon and special days."""

    meeting_minutes: int = 30
    slot_step_minutes: int = 30
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    min_notice_minutes: int = 240
    days_ahead: int = 14
    date_overrides: Mapping[date, DayHours] = field(default_factory=_no_overrides, hash=False)
    holidays: frozenset[date] = frozenset()
    tentative_busy: bool = True
    suggestion_count: int = 3

    def __post_init__(self) -> None:
        for name, (low, high) in _WHOLE_NUMBER_LIMITS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
        if not isinstance(self.tentative_busy, bool):
            raise ValueError(f"tentative_busy must be true or false, got {self.tentative_busy!r}")
        if not isinstance(self.date_overrides, Mapping):
            raise ValueError("date_overrides must map dates to their hours")
        overrides = {
            _plain_date(day, "date_overrides"): normalise_ranges(ranges, f"date_overrides[{day}]")
            for day, ranges in self.date_overrides.items()
        }
        object.__setattr__(self, "date_overrides", MappingProxyType(dict(sorted(overrides.items()))))
        if isinstance(self.holidays, str | bytes) or not isinstance(
            self.holidays, frozenset | set | list | tuple
        ):
            raise ValueError("holidays must be a collection of dates")
        object.__setattr__(self, "holidays", frozenset(_plain_date(day, "holidays") for day in self.holidays))

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> SchedulingRules:
        """Rules from their stored JSON; missing keys keep their defaults, unknown keys are refused."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise ValueError("scheduling rules must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(str(key) for key in data if key not in known)
        if unknown:
            raise ValueError(
                f"unknown scheduling rule(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        values = {key: value for key, value in data.items() if key not in ("date_overrides", "holidays")}
        if "date_overrides" in data:
            values["date_overrides"] = _overrides_from_json(data["date_overrides"])
        if "holidays" in data:
            values["holidays"] = _holidays_from_json(data["holidays"])
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return {
            "meeting_minutes": self.meeting_minutes,
            "slot_step_minutes": self.slot_step_minutes,
            "buffer_before_minutes": self.buffer_before_minutes,
            "buffer_after_minutes": self.buffer_after_minutes,
            "min_notice_minutes": self.min_notice_minutes,
            "days_ahead": self.days_ahead,
            "date_overrides": {day.isoformat(): ranges_to_json(r) for day, r in self.date_overrides.items()},
            "holidays": sorted(day.isoformat() for day in self.holidays),
            "tentative_busy": self.tentative_busy,
            "suggestion_count": self.suggestion_count,
        }


def hours_on(day: date, working_hours: Mapping[str, DayHours], rules: SchedulingRules) -> DayHours:
    """The clock ranges open on ``day``: closed on a holiday, a date override's own, else the weekday's."""
    if day in rules.holidays:
        return ()
    override = rules.date_overrides.get(day)
    if override is not None:
        return override
    return working_hours.get(WEEKDAYS[day.weekday()], ())


def parse_working_hours(data: Mapping[str, Any]) -> dict[str, DayHours]:
    """Weekly hours from ``{"mon": [["09:00", "17:00"]], ...}``; a day left out is closed."""
    if not isinstance(data, Mapping):
        raise ValueError('working hours must be an object like {"mon": [["09:00", "17:00"]]}')
    _check_weekday_keys(data)
    return {day: _ranges_from_json(data.get(day, []), f"working hours for {day}") for day in WEEKDAYS}


def normalise_working_hours(hours: WorkingHours) -> dict[str, DayHours]:
    """Check already-parsed weekly hours (known weekdays, valid ranges) and sort each day's ranges."""
    if not isinstance(hours, Mapping):
        raise ValueError("working hours must map weekdays to clock ranges")
    _check_weekday_keys(hours)
    return {day: normalise_ranges(hours.get(day, ()), f"working hours for {day}") for day in WEEKDAYS}


def working_hours_to_json(hours: WorkingHours) -> dict[str, list[list[str]]]:
    """All seven days in stored form (closed days as ``[]``); round-trips with ``parse_working_hours``."""
    checked = normalise_working_hours(hours)
    return {day: ranges_to_json(checked[day]) for day in WEEKDAYS}


def normalise_ranges(ranges: Sequence[tuple[time, time]], where: str) -> DayHours:
    """Sorted ranges of one day; each must start before it ends, and ranges may touch but not overlap."""
    if isinstance(ranges, str | bytes) or not isinstance(ranges, Sequence):
        raise ValueError(f"{where}: expected a list of [start, end] ranges")
    if len(ranges) > MAX_RANGES_PER_DAY:
        raise ValueError(f"{where}: at most {MAX_RANGES_PER_DAY} ranges a day, got {len(ranges)}")
    checked: list[ClockRange] = []
    for pair in ranges:
        if len(pair) != 2 or not all(isinstance(t, time) for t in pair):
            raise ValueError(f"{where}: each range must be a (start, end) pair of times, got {pair!r}")
        start, end = pair[0].replace(tzinfo=None), pair[1].replace(tzinfo=None)
        if start.second or start.microsecond or end.second or end.microsecond:
            raise ValueError(f"{where}: times must be whole minutes, got {pair[0]}–{pair[1]}")
        if _seconds(start) >= _end_seconds(end):
            raise ValueError(
                f"{where}: {_clock_text(start)}–{_clock_text(end, True)} must start before it ends"
            )
        checked.append((start, end))
    checked.sort(key=lambda pair: _seconds(pair[0]))
    for (_, previous_end), (start, end) in pairwise(checked):
        if _seconds(start) < _end_seconds(previous_end):
            raise ValueError(f"{where}: ranges overlap at {_clock_text(start)}–{_clock_text(end, True)}")
    return tuple(checked)


def ranges_to_json(ranges: Sequence[tuple[time, time]]) -> list[list[str]]:
    return [[_clock_text(start), _clock_text(end, True)] for start, end in ranges]


def _check_weekday_keys(data: Mapping[str, Any]) -> None:
    unknown = sorted(str(key) for key in data if key not in WEEKDAYS)
    if unknown:
        raise ValueError(f"unknown weekday(s) {', '.join(unknown)}; use {', '.join(WEEKDAYS)}")


def _ranges_from_json(value: Any, where: str) -> DayHours:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ValueError(f'{where}: expected a list of ["HH:MM", "HH:MM"] ranges, got {value!r}')
    pairs: list[ClockRange] = []
    for pair in value:
        if isinstance(pair, str | bytes) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(f'{where}: each range must be ["HH:MM", "HH:MM"], got {pair!r}')
        pairs.append(
            (_clock_from_json(pair[0], where, end=False), _clock_from_json(pair[1], where, end=True))
        )
    return normalise_ranges(pairs, where)


def _clock_from_json(value: Any, where: str, *, end: bool) -> time:
    if end and value == "24:00":
        return time(0, 0)
    match = _CLOCK.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        allowed = " or 24:00" if end else ""
        raise ValueError(f"{where}: times are written HH:MM (00:00–23:59{allowed}), got {value!r}")
    return time(int(match[1]), int(match[2]))


def _overrides_from_json(value: Any) -> dict[date, DayHours]:
    if not isinstance(value, Mapping):
        raise ValueError('date_overrides must be an object like {"2026-12-24": [["09:00", "12:00"]]}')
    return {
        _date_from_json(day, "date_overrides"): _ranges_from_json(ranges, f"date_overrides[{day}]")
        for day, ranges in value.items()
    }


def _holidays_from_json(value: Any) -> frozenset[date]:
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise ValueError('holidays must be a list of dates like ["2026-12-25"]')
    return frozenset(_date_from_json(day, "holidays") for day in value)


def _date_from_json(value: Any, where: str) -> date:
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: dates are written YYYY-MM-DD, got {value!r}") from None


def _plain_date(value: Any, where: str) -> date:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise ValueError(f"{where}: expected a date, got {value!r}")
    return value


def _seconds(clock: time) -> int:
    return clock.hour * 3600 + clock.minute * 60 + clock.second


def _end_seconds(clock: time) -> int:
    return 24 * 3600 if clock == time(0, 0) else _seconds(clock)


def _clock_text(clock: time, end: bool = False) -> str:
    if end and clock == time(0, 0):
        return "24:00"
    return clock.strftime("%H:%M")
