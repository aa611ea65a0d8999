"""VEVENTs of one parsed calendar as busy intervals in a window.

Recurrence (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) is expanded by recurring-ical-events, one
series (UID) at a time, so each instance can be counted as it arrives and a calendar that expands too far
is stopped at the instance limit. Series with rules finer than daily are queried in slices holding a few
thousand instances each, because the library builds each query's list of start times in full before
yielding any.

Times: DATE values are whole local days in the team's zone. Floating times are read in the zone the
calendar names for itself (X-WR-TIMEZONE, as Google writes it) or else the team's zone, as are times whose
TZID nothing resolves; everything else keeps its own zone (VTIMEZONE, or an IANA or Windows zone name).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
from icalendar import Component
from recurring_ical_events import ComponentsWithName, EventAdapter, Occurrence

from schedlink.calendars import notes
from schedlink.calendars.notes import Notes
from schedlink.calendars.times import prop_value, to_utc
from schedlink.domain.availability.intervals import Interval

# Upper bound on instances one library query may build at once (see module docstring).
_SLICE_INSTANCES = 5_000
_PER_DAY = {"SECONDLY": 86_400.0, "MINUTELY": 1_440.0, "HOURLY": 24.0}
_FREQ_RANK = ("SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_EXPANDING_PARTS = (("BYHOUR", "HOURLY"), ("BYMINUTE", "MINUTELY"), ("BYSECOND", "SECONDLY"))


class _Event(EventAdapter):  # type: ignore[misc]
    """The library's event adapter, letting an occurrence reach the event (master or override) it came from."""

    @property
    def source(self) -> Component:
        component: Component = self._component
        return component


class _Occurrence(Occurrence):  # type: ignore[misc]
    @property
    def source(self) -> Component:
        adapter: _Event = self._adapter
        return adapter.source


class InstanceLimitReached(Exception):
    """More instances than allowed; the caller words the error with its own limits."""


@dataclass(slots=True)
class EventBusy:
    busy: list[Interval]
    instances: int  # instances overlapping the window, busy or not
    expanded: int  # instances the library produced, the work done


def events_busy(
    calendar: Component,
    *,
    window_start: datetime,
    window_end: datetime,
    zone: ZoneInfo,
    tentative_busy: bool,
    max_instances: int,
    found: Notes,
) -> EventBusy:
    """Busy intervals (unmerged, clipped) of the calendar's events in ``[window_start, window_end)``."""
    usable_uids = _drop_unusable_events(calendar, found)
    _drop_unknown_calendar_zone(calendar, found)
    densities: dict[str | None, float] = {}
    for event in calendar.walk("VEVENT"):
        key = str(event["UID"]) if "UID" in event else None  # the library names UID-less series by id()
        densities[key] = max(densities.get(key, 1.0), _instances_per_day(event))
    selection = ComponentsWithName("VEVENT", adapter=_Event, occurrence=_Occurrence)
    query = recurring_ical_events.of(calendar, components=[selection], skip_bad_series=True)
    found.add(notes.UNREADABLE_RULE, len(usable_uids) - len(query.series))

    # The library compares floating and all-day times as wall-clock times of the bounds it is given.
    query_start = window_start.astimezone(zone) - timedelta(days=1)
    query_end = window_end.astimezone(zone) + timedelta(days=1)
    busy: list[Interval] = []
    expanded = in_window = 0
    for series in query.series:
        per_day = densities.get(str(series.uid), densities.get(None, 1.0))
        try:
            for occurrence in _occurrences(series, query_start, query_end, per_day, zone):
                expanded += 1
                if expanded > max_instances:
                    raise InstanceLimitReached
                start, end = to_utc(occurrence.start, zone), to_utc(occurrence.end, zone)
                if start >= end:
                    if window_start <= start < window_end:
                        in_window += 1
                        found.add(notes.NO_DURATION)
                    continue
                if end <= window_start or start >= window_end:
                    continue
                in_window += 1
                ignored = _ignored_as(occurrence.source, tentative_busy)
                if ignored:
                    found.add(ignored)
                    continue
                busy.append(Interval(max(start, window_start), min(end, window_end)))
        except InstanceLimitReached:
            raise
        except Exception:  # untrusted input: a series the library cannot expand is left out, with a note
            found.add(notes.UNREADABLE_RULE)
    return EventBusy(busy, in_window, expanded)


def _occurrences(
    series: Any, start: datetime, end: datetime, per_day: float, zone: ZoneInfo
) -> Iterator[_Occurrence]:
    """The series' occurrences overlapping ``[start, end)``, each once, queried slice by slice."""
    slice_length = max(timedelta(days=_SLICE_INSTANCES / per_day), timedelta(minutes=1))
    if end - start <= slice_length:
        yield from series.between(start, end)
        return
    slice_start = start
    while slice_start < end:
        slice_end = min(slice_start + slice_length, end)
        for occurrence in series.between(slice_start, slice_end):
            # An instance crossing a slice boundary is taken only by the slice it starts in.
            if slice_start == start or to_utc(occurrence.start, zone) >= slice_start:
                yield occurrence
        slice_start = slice_end


def _ignored_as(event: Component, tentative_busy: bool) -> str | None:
    """The note under which this instance is not busy time, or None when it is busy."""
    status = _text(event, "STATUS")
    if status == "CANCELLED":
        return notes.CANCELLED
    if _text(event, "TRANSP") == "TRANSPARENT":
        return notes.MARKED_FREE
    if status == "TENTATIVE" and not tentative_busy:
        return notes.TENTATIVE
    return None


def _text(component: Component, name: str) -> str:
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip().upper() if value is not None else ""


def _drop_unusable_events(calendar: Component, found: Notes) -> set[str]:
    """Remove events the library cannot expand (no readable start, end or duration); return kept UIDs."""
    kept: set[str] = set()

    def keep(component: Component) -> bool:
        if component.name != "VEVENT":
            return True
        problem = _problem(component)
        if problem:
            found.add(problem)
            return False
        if _has_unknown_zone(component):
            found.add(notes.UNKNOWN_ZONE)
        kept.add(_uid(component))
        return True

    _filter_tree(calendar, keep)
    return kept


def _drop_unknown_calendar_zone(calendar: Component, found: Notes) -> None:
    """Google's X-WR-TIMEZONE names the zone of the calendar's floating times; an unknown one is dropped."""
    name = calendar.get("X-WR-TIMEZONE")
    if name is None:
        return
    try:
        ZoneInfo(str(name).strip())
    except (ZoneInfoNotFoundError, ValueError):
        del calendar["X-WR-TIMEZONE"]
        found.add(notes.UNKNOWN_CALENDAR_ZONE)


def _filter_tree(component: Component, keep: Callable[[Component], bool]) -> None:
    component.subcomponents = [child for child in component.subcomponents if keep(child)]
    for child in component.subcomponents:
        _filter_tree(child, keep)


def _problem(event: Component) -> str | None:
    if event.get("DTSTART") is None:
        return notes.NO_START
    checks: tuple[tuple[str, type | tuple[type, ...]], ...] = (
        ("DTSTART", date),
        ("DTEND", date),
        ("DURATION", timedelta),
        ("RECURRENCE-ID", date),
    )
    for name, kind in checks:
        prop = event.get(name)
        if prop is None:
            continue
        if isinstance(prop, list) or not isinstance(prop_value(prop), kind):
            return notes.UNREADABLE_TIME
    return None


def _has_unknown_zone(event: Component) -> bool:
    """A TZID that neither a VTIMEZONE nor the zone database could resolve leaves the time naive."""
    for name in ("DTSTART", "DTEND"):
        prop = event.get(name)
        if prop is not None and prop.params.get("TZID"):
            value = prop_value(prop)
            if isinstance(value, datetime) and value.tzinfo is None:
                return True
    return False


def _uid(event: Component) -> str:
    return str(event.get("UID", str(id(event))))


def _instances_per_day(event: Component) -> float:
    """A generous bound on how many instances per day the event's rules can make (1 when it does not repeat)."""
    rules = event.get("RRULE")
    per_day = 1.0
    for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
        with contextlib.suppress(AttributeError, ValueError, TypeError, IndexError):
            per_day = max(per_day, _rule_per_day(rule))
    return per_day


def _rule_per_day(rule: Any) -> float:
    freq = str(_first(rule.get("FREQ")) or "").upper()
    if freq not in _FREQ_RANK:
        return 1.0
    count = _first(rule.get("COUNT"))
    if count is not None and int(count) <= _SLICE_INSTANCES:
        return 1.0  # few instances in all: one query is small whatever the frequency
    per_day = _PER_DAY.get(freq, 1.0) / max(1, int(_first(rule.get("INTERVAL")) or 1))
    for part, unit in _EXPANDING_PARTS:
        if _FREQ_RANK.index(freq) > _FREQ_RANK.index(unit):
            per_day *= max(1, len(rule.get(part) or ()))
    return max(per_day, 1.0)


def _first(values: Iterable[Any] | None) -> Any:
    return next(iter(values), None) if values is not None else None
