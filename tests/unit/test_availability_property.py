"""Properties of availability on small random inputs, near daylight-saving changes and odd offsets.

``team_free`` must equal the minute-by-minute ``naive_team_free``; the interval operations must agree
with sets of minutes; and ``suggest`` must stay inside both sides' free time and pick exactly what the
plain rules (preferred hours first, one per day, then earliest) pick from every candidate.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.availability import (
    WEEKDAYS,
    Interval,
    SchedulingRules,
    intersect,
    merge,
    naive_team_free,
    subtract,
    suggest,
    team_free,
)

pytestmark = pytest.mark.unit

MINUTE = timedelta(minutes=1)
# Zones with the local day on which something odd happens (the start of the random window is near it).
ODD_DAYS = [
    ("America/New_York", date(2026, 3, 8)),
    ("America/New_York", date(2026, 11, 1)),
    ("Europe/Berlin", date(2026, 3, 29)),
    ("Europe/Berlin", date(2026, 10, 25)),
    ("Australia/Lord_Howe", date(2026, 4, 5)),
    ("Australia/Lord_Howe", date(2026, 10, 4)),
    ("Pacific/Chatham", date(2026, 9, 27)),
    ("Pacific/Chatham", date(2026, 4, 5)),
    ("America/Sao_Paulo", date(2018, 11, 4)),  # midnight skipped
    ("America/Sao_Paulo", date(2019, 2, 16)),  # 23:00-24:00 repeated
    ("Asia/Kathmandu", date(2026, 3, 10)),
    ("Pacific/Apia", date(2011, 12, 30)),  # a skipped day
    ("UTC", date(2026, 3, 10)),
]
LEAD_ZONES = [
    None,
    "Europe/Berlin",
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
]


def clock(five_minutes: int) -> time:
    return time(0, 0) if five_minutes == 288 else time(five_minutes // 12, five_minutes % 12 * 5)


@st.composite
def day_hours(draw: st.DrawFn, min_bounds: int = 0) -> tuple[tuple[time, time], ...]:
    """Up to two non-overlapping ranges on a five-minute grid; 288 (24:00) can only end a range."""
    bounds = sorted(draw(st.lists(st.integers(0, 288), min_size=min_bounds, max_size=4, unique=True)))
    pairs = list(zip(bounds[::2], bounds[1::2], strict=False))
    return tuple((clock(start), clock(end)) for start, end in pairs)


@dataclass(frozen=True)
class Scenario:
    zone: str
    now: datetime
    hours: dict[str, tuple[tuple[time, time], ...]]
    rules: SchedulingRules
    busy: list[Interval]
    start: datetime | None
    end: datetime | None

    def kwargs(self) -> dict[str, Any]:
        return {
            "zone": self.zone, "working_hours": self.hours, "rules": self.rules, "busy": self.busy,
            "now": self.now, "start": self.start, "end": self.end,
        }  # fmt: skip


@st.composite
def scenarios(draw: st.DrawFn, max_days: int = 2, min_bounds: int = 0) -> Scenario:
    zone, odd_day = draw(st.sampled_from(ODD_DAYS))
    midnight = datetime.combine(odd_day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)
    base = midnight.replace(second=0, microsecond=0)
    now = base + draw(st.integers(-30 * 60, 12 * 60)) * MINUTE
    hours = {day: draw(day_hours(min_bounds)) for day in WEEKDAYS}
    days = [odd_day + timedelta(days=k) for k in range(-2, max_days + 2)]
    overrides = draw(st.dictionaries(st.sampled_from(days), day_hours(), max_size=2))
    holidays = draw(st.frozensets(st.sampled_from(days), max_size=2))
    rules = SchedulingRules(
        min_notice_minutes=draw(st.integers(0, 600)),
        days_ahead=draw(st.integers(1, max_days)),
        buffer_before_minutes=draw(st.integers(0, 60)),
        buffer_after_minutes=draw(st.integers(0, 60)),
        date_overrides=overrides,
        holidays=holidays,
        meeting_minutes=draw(st.sampled_from([15, 30, 45, 60, 90])),
        slot_step_minutes=draw(st.sampled_from([5, 15, 20, 30, 35, 45, 60])),
        suggestion_count=draw(st.integers(1, 5)),
    )
    busy = []
    for offset, length in draw(
        st.lists(st.tuples(st.integers(-1440, 4 * 1440), st.integers(1, 1500)), max_size=6)
    ):
        busy.append(Interval(now + offset * MINUTE, now + (offset + length) * MINUTE))
    start = draw(st.none() | st.integers(-600, 2000).map(lambda k: now + k * MINUTE))
    end = draw(st.none() | st.integers(0, 3000).map(lambda k: now + k * MINUTE))
    return Scenario(zone, now, hours, rules, busy, start, end)


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_team_free_equals_the_minute_by_minute_peer(scenario: Scenario) -> None:
    fast = team_free(**scenario.kwargs())
    assert fast == naive_team_free(**scenario.kwargs())
    assert fast == merge(fast)


def minutes(intervals: list[Interval], origin: datetime) -> set[int]:
    covered: set[int] = set()
    for interval in intervals:
        covered.update(range(int((interval.start - origin) / MINUTE), int((interval.end - origin) / MINUTE)))
    return covered


ORIGIN = datetime(2026, 3, 10, tzinfo=UTC)
small_intervals = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 20)).map(
        lambda pair: Interval(ORIGIN + pair[0] * MINUTE, ORIGIN + (pair[0] + pair[1]) * MINUTE)
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(small_intervals, small_intervals)
def test_interval_operations_agree_with_sets_of_minutes(a: list[Interval], b: list[Interval]) -> None:
    for result, expected in (
        (merge(a), minutes(a, ORIGIN)),
        (subtract(a, b), minutes(a, ORIGIN) - minutes(b, ORIGIN)),
        (intersect(a, b), minutes(a, ORIGIN) & minutes(b, ORIGIN)),
    ):
        assert minutes(result, ORIGIN) == expected
        assert result == sorted(result)
        assert all(left.end < right.start for left, right in pairwise(result))


# --- suggest ---------------------------------------------------------------------------------------


def in_lead_hours(start: datetime, end: datetime, zone: ZoneInfo) -> bool:
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    return (
        local_start.weekday() < 5
        and time(9) <= local_start.time()
        and local_end.date() == local_start.date()
        and local_end.time() <= time(18)
    )


def reference_choice(
    candidates: list[tuple[datetime, datetime]],
    count: int,
    day_of: Callable[[datetime], date],
    preferred: Callable[..., bool],
) -> list[tuple[datetime, datetime]]:
    """The selection rules, read literally, over every candidate."""

    def spread(
        pool: list[tuple[datetime, datetime]], wanted: int, used: set[date]
    ) -> list[tuple[datetime, datetime]]:
        chosen: list[tuple[datetime, datetime]] = []
        for candidate in pool:
            if len(chosen) < wanted and day_of(candidate[0]) not in used:
                chosen.append(candidate)
                used.add(day_of(candidate[0]))
        for candidate in pool:
            if len(chosen) < wanted and candidate not in chosen:
                chosen.append(candidate)
        return chosen

    first = [c for c in candidates if preferred(*c)]
    rest = [c for c in candidates if not preferred(*c)]
    chosen = spread(first, count, set())
    if len(chosen) < count:
        chosen += spread(rest, count - len(chosen), {day_of(c[0]) for c in first})
    return sorted(chosen)


def grid_candidates(
    inside: list[Interval], low: datetime, high: datetime, zone: ZoneInfo, step: int, meeting: timedelta
) -> list[tuple[datetime, datetime]]:
    """Every whole minute on the team's local grid whose meeting fits in one stretch of ``inside``."""
    starts = [interval.start for interval in inside]
    found = []
    minute = low.replace(second=0, microsecond=0)
    while minute < high:
        local = minute.astimezone(zone)
        index = bisect_right(starts, minute) - 1
        fits = index >= 0 and minute + meeting <= inside[index].end and minute >= low
        if fits and (local.hour * 60 + local.minute) % step == 0:
            found.append((minute, minute + meeting))
        minute += MINUTE
    return found


@st.composite
def suggestion_cases(draw: st.DrawFn) -> tuple[Scenario, Any, Any, str | None]:
    """A scenario plus what the lead offers: a scheduler's regular slots, written windows, or nothing."""
    scenario = draw(scenarios(max_days=3, min_bounds=2))
    offset = st.integers(-600, 3 * 1440)
    kind = draw(st.sampled_from(["slots", "windows", "none"]))
    slots = windows = None
    if kind == "slots":
        first, spacing, count = (
            draw(offset),
            draw(st.sampled_from([5, 15, 20, 30, 60, 90])),
            draw(st.integers(1, 80)),
        )
        length = draw(st.none() | st.integers(5, 120))
        offsets = [first + spacing * k for k in range(count)] + draw(st.lists(offset, max_size=5))
        slots = [
            (scenario.now + k * MINUTE, None if length is None else scenario.now + (k + length) * MINUTE)
            for k in offsets
        ]
    elif kind == "windows":
        spans = draw(st.lists(st.tuples(offset, st.integers(10, 2000)), max_size=4))
        windows = [
            Interval(scenario.now + k * MINUTE, scenario.now + (k + length) * MINUTE) for k, length in spans
        ]
    return scenario, slots, windows, draw(st.sampled_from(LEAD_ZONES))


@settings(max_examples=150, deadline=None)
@given(suggestion_cases())
def test_suggestions_stay_inside_both_sides_and_follow_the_rules(
    case: tuple[Scenario, Any, Any, str | None],
) -> None:
    scenario, slots, windows, lead_zone = case
    team_zone = scenario.zone
    rules = scenario.rules
    # Team free time computed with no notice and a longer horizon: suggest must apply both itself.
    wide_rules = SchedulingRules(
        days_ahead=rules.days_ahead + 2,
        min_notice_minutes=0,
        buffer_before_minutes=rules.buffer_before_minutes,
        buffer_after_minutes=rules.buffer_after_minutes,
    )
    free = team_free(
        zone=team_zone, working_hours=scenario.hours, rules=wide_rules, busy=scenario.busy, now=scenario.now
    )
    result = suggest(
        team_free=free, rules=rules, team_zone=team_zone, now=scenario.now, lead_slots=slots, lead_windows=windows,
        lead_zone=lead_zone, booking_url=lambda start: f"https://book/{start:%Y%m%d%H%M}",
    )  # fmt: skip
    low = scenario.now + timedelta(minutes=rules.min_notice_minutes)
    high = scenario.now + timedelta(days=rules.days_ahead)
    meeting = timedelta(minutes=rules.meeting_minutes)
    team_tz = ZoneInfo(team_zone)
    lead_tz = ZoneInfo(lead_zone) if lead_zone else None

    chosen = [(slot.start, slot.end) for slot in result.slots]
    assert len(chosen) <= rules.suggestion_count
    assert chosen == sorted(set(chosen))
    blocked = merge(
        Interval(
            b.start - timedelta(minutes=rules.buffer_before_minutes),
            b.end + timedelta(minutes=rules.buffer_after_minutes),
        )
        for b in scenario.busy
    )
    for start, end in chosen:
        assert low <= start
        assert end <= high
        assert any(f.start <= start and end <= f.end for f in free)
        assert not any(b.start < end and start < b.end for b in blocked)
    for slot in result.slots:
        assert slot.booking_url == (f"https://book/{slot.start:%Y%m%d%H%M}" if result.overlap else None)
        assert slot.reason

    inside = [f for f in free if f.start < high and f.end > low]
    inside = [Interval(max(f.start, low), min(f.end, high)) for f in inside]
    if slots:
        offered: dict[datetime, tuple[datetime, datetime]] = {}
        for start, end in slots:
            pair = (start, end or start + meeting)
            if any(f.start <= pair[0] and pair[1] <= f.end for f in inside):
                offered.setdefault(start, pair)
        candidates = sorted(offered.values())
    elif windows:
        candidates = grid_candidates(
            intersect(inside, windows), low, high, team_tz, rules.slot_step_minutes, meeting
        )
    else:
        candidates = []
    assert result.overlap == bool(candidates)
    if not candidates:
        candidates = grid_candidates(inside, low, high, team_tz, rules.slot_step_minutes, meeting)

    day_zone = lead_tz or team_tz

    def preferred(start: datetime, end: datetime) -> bool:
        return lead_tz is None or in_lead_hours(start, end, lead_tz)

    expected = reference_choice(
        candidates, rules.suggestion_count, lambda s: s.astimezone(day_zone).date(), preferred
    )
    assert chosen == expected
