"""Availability over a year of team busy time: reading the calendar, then computing suggestions.

A team calendar for one year is generated in memory as iCalendar text (America/New_York): per member a
weekday stand-up, a weekly one-to-one, a fortnightly planning and a monthly review, each with EXDATEs and
RECURRENCE-ID overrides, plus single meetings, all-day days off, free and tentative events until the
calendar holds at least ``--events`` instances. Then, timed separately (median of the runs):

1. parse + expand: ``busy_from_ics`` over the year;
2. compute: ``team_free`` + ``suggest`` for a lead who wrote windows on a few days (days_ahead=365);
3. the peer: ``naive_team_free``, which checks every minute, for the same inputs (its result must match).

Run: ``python bench/availability.py`` (``--events 5000 --repeat 20``).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from schedlink.calendars.ics import busy_from_ics
from schedlink.domain.availability import (
    Interval,
    SchedulingRules,
    SuggestionResult,
    naive_team_free,
    parse_working_hours,
    suggest,
    team_free,
)

TEAM_ZONE = "America/New_York"
LEAD_ZONE = "Europe/Berlin"
NOW = datetime(2026, 1, 5, 14, 0, tzinfo=UTC)  # a Monday; fixed so every run reads the same year
WORKING_HOURS = parse_working_hours(
    {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
)
RULES = SchedulingRules(
    days_ahead=365, buffer_before_minutes=5, buffer_after_minutes=5, min_notice_minutes=240
)
COMPUTE_TARGET_MS = 50.0
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]


class _Series(NamedTuple):
    name: str
    first_day: int  # days after the first Monday
    start: clock
    minutes: int
    rule: dict[str, Any]
    instances: int  # in the year, before EXDATEs


def generate_calendar(target_instances: int, seed: int) -> tuple[str, int]:
    """A year of team busy time as iCalendar text, and the number of instances it was built to hold."""
    zone = ZoneInfo(TEAM_ZONE)
    rng = random.Random(seed)
    calendar = Calendar()
    calendar.add("prodid", "-//schedlink bench//EN")
    calendar.add("version", "2.0")
    first_monday = NOW.astimezone(zone).date()
    instances = 0
    members = 6
    for member in range(members):
        series = [
            _Series(
                "standup", 0, clock(9, 30 + member % 3 * 5), 15, {"freq": "weekly", "byday": WEEKDAYS}, 261
            ),
            _Series("one-to-one", member % 5, clock(11 + member % 4), 30, {"freq": "weekly"}, 52),
            _Series("planning", 1, clock(14), 60, {"freq": "weekly", "interval": 2}, 26),
            _Series("review", 0, clock(15, 30), 45, {"freq": "monthly", "byday": ["1TU"]}, 12),
        ]
        for name, offset, start_clock, minutes, rule, count in series:
            uid = f"{name}-{member}@bench"
            first = datetime.combine(first_monday + timedelta(days=offset), start_clock, tzinfo=zone)
            master = _event(uid, first, minutes, f"{name} ({member})")
            master.add("rrule", {**rule, "until": NOW + timedelta(days=366)})
            days = list(range(7, 350, 7))
            for week in rng.sample(days, 3):
                master.add("exdate", first + timedelta(days=week))
            calendar.add_component(master)
            for week in rng.sample(days, 2):
                original = first + timedelta(days=week)
                moved = _event(
                    uid, original + timedelta(hours=rng.choice([-2, 1, 3])), minutes, f"{name} moved"
                )
                moved.add("recurrence-id", original)
                calendar.add_component(moved)
            instances += count - 3
    day_count = 0
    while instances < target_instances:
        day = first_monday + timedelta(days=day_count % 364)
        day_count += 1
        if day.weekday() >= 5:
            continue
        kind = rng.random()
        if kind < 0.03:  # a day off, all day
            off = Event()
            off.add("uid", f"off-{day_count}@bench")
            off.add("dtstamp", NOW)
            off.add("summary", "Day off")
            off.add("dtstart", day)
            off.add("dtend", day + timedelta(days=1))
            calendar.add_component(off)
        else:
            start = datetime.combine(day, clock(rng.randint(7, 19), rng.randrange(0, 60, 5)), tzinfo=zone)
            meeting = _event(
                f"single-{day_count}@bench", start, rng.choice([15, 20, 25, 30, 45, 60]), "Meeting"
            )
            if kind > 0.97:
                meeting.add("transp", "TRANSPARENT")
            elif kind > 0.93:
                meeting.add("status", "TENTATIVE")
            calendar.add_component(meeting)
        instances += 1
    calendar.add_missing_timezones()
    return calendar.to_ical().decode(), instances


def _event(uid: str, start: datetime, minutes: int, summary: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", NOW)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=minutes))
    return event


def lead_windows() -> list[Interval]:
    """What a lead in Berlin wrote: afternoons on a few days spread over the year."""
    zone = ZoneInfo(LEAD_ZONE)
    days = [date(2026, 1, 7), date(2026, 1, 13), date(2026, 3, 26), date(2026, 6, 17), date(2026, 10, 28)]
    return [
        Interval(datetime.combine(day, clock(15), tzinfo=zone), datetime.combine(day, clock(18), tzinfo=zone))
        for day in days
    ]


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000, help="event instances in the year (at least)")
    parser.add_argument("--repeat", type=int, default=20, help="runs of the suggestion computation")
    parser.add_argument("--parse-repeat", type=int, default=5, help="runs of parse + expand")
    parser.add_argument("--naive-repeat", type=int, default=3, help="runs of the minute-by-minute peer")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    text, built = generate_calendar(args.events, args.seed)
    window_end = NOW + timedelta(days=RULES.days_ahead)

    def read() -> object:
        return busy_from_ics(text, window_start=NOW, window_end=window_end, default_zone=TEAM_ZONE)

    result = busy_from_ics(text, window_start=NOW, window_end=window_end, default_zone=TEAM_ZONE)
    busy = result.busy
    windows = lead_windows()

    def free_time(peer: Callable[..., list[Interval]]) -> list[Interval]:
        return peer(zone=TEAM_ZONE, working_hours=WORKING_HOURS, rules=RULES, busy=busy, now=NOW)

    def suggestions(free: list[Interval]) -> SuggestionResult:
        return suggest(
            team_free=free,
            rules=RULES,
            team_zone=TEAM_ZONE,
            now=NOW,
            lead_windows=windows,
            lead_zone=LEAD_ZONE,
        )

    fast = free_time(team_free)
    naive = free_time(naive_team_free)
    suggestion = suggestions(fast)

    parse_ms = _median_ms(read, args.parse_repeat)
    compute_ms = _median_ms(lambda: suggestions(free_time(team_free)), args.repeat)
    naive_ms = _median_ms(lambda: free_time(naive_team_free), args.naive_repeat)

    print(
        f"{len(text) / 1e6:.2f} MB of iCalendar, {result.events:,} instances in the year "
        f"(built for {built:,}), {len(busy):,} merged busy intervals, {len(fast):,} free intervals"
    )
    print(f"team {TEAM_ZONE}, lead {LEAD_ZONE} with {len(windows)} windows, days_ahead={RULES.days_ahead}")
    print()
    print("| step | runs | median ms |")
    print("|---|---:|---:|")
    print(f"| parse + expand (`busy_from_ics`, one year) | {args.parse_repeat} | {parse_ms:,.1f} |")
    print(f"| compute suggestions (`team_free` + `suggest`) | {args.repeat} | {compute_ms:,.2f} |")
    print(f"| peer: `naive_team_free` (minute by minute) | {args.naive_repeat} | {naive_ms:,.1f} |")
    print()
    print(f"naive peer gives the same free time: {'yes' if naive == fast else 'NO'}")
    print(f"compute is {naive_ms / compute_ms:,.0f}x faster than the minute-by-minute peer")
    print(f"suggestions: {len(suggestion.slots)} (overlap={suggestion.overlap}); {suggestion.note}")
    verdict = "met" if compute_ms < COMPUTE_TARGET_MS else "NOT met"
    print(f"target: compute < {COMPUTE_TARGET_MS:g} ms per suggestion -> {verdict} ({compute_ms:.2f} ms)")


if __name__ == "__main__":
    main()
