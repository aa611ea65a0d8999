"""The team's free time: working hours in the team's zone (across DST and odd offsets) minus busy time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from schedlink.domain.availability import (
    Interval,
    SchedulingRules,
    naive_team_free,
    parse_working_hours,
    team_free,
)

pytestmark = pytest.mark.unit

EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NINE_TO_FIVE = parse_working_hours({day: [["09:00", "17:00"]] for day in EVERY_DAY})


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def span(start: datetime, end: datetime) -> Interval:
    return Interval(start, end)


def free(
    zone: str,
    now: datetime,
    *,
    hours: Any = NINE_TO_FIVE,
    busy: tuple[Interval, ...] = (),
    start: datetime | None = None,
    end: datetime | None = None,
    **rules: Any,
) -> list[Interval]:
    """Team free time with no notice by default; cross-checked against the minute-by-minute peer."""
    rule_set = SchedulingRules.from_json({"min_notice_minutes": 0, **rules})
    kwargs: dict[str, Any] = {
        "zone": zone, "working_hours": hours, "rules": rule_set, "busy": busy, "now": now, "start": start, "end": end,
    }  # fmt: skip
    result = team_free(**kwargs)
    assert result == naive_team_free(**kwargs)
    return result


def one_day(zone: str, day: datetime, **kwargs: Any) -> list[Interval]:
    """Free time during the local day that contains ``day`` (a UTC instant around that day's noon)."""
    return free(
        zone,
        day - timedelta(hours=14),
        start=day - timedelta(hours=14),
        end=day + timedelta(hours=14),
        **kwargs,
    )


class TestDaylightSaving:
    def test_new_york_spring_forward_keeps_nine_to_five_on_the_clock(self) -> None:
        # 2026-03-08: clocks jump 02:00 EST -> 03:00 EDT. Saturday is UTC-5, Sunday already UTC-4.
        result = free("America/New_York", utc(2026, 3, 7, 12), days_ahead=2)
        assert result == [
            span(utc(2026, 3, 7, 14), utc(2026, 3, 7, 22)),
            span(utc(2026, 3, 8, 13), utc(2026, 3, 8, 21)),
        ]

    def test_new_york_spring_forward_night_range_is_shorter_and_a_skipped_start_moves_after_the_gap(
        self,
    ) -> None:
        hours = parse_working_hours({"sun": [["01:00", "02:15"], ["02:30", "04:00"]]})
        result = free("America/New_York", utc(2026, 3, 8, 0), hours=hours, days_ahead=1)
        # 01:00 EST = 06:00Z; 02:15 does not exist -> 03:00 EDT = 07:00Z, where 02:30 also lands; 04:00 EDT = 08:00Z.
        assert result == [span(utc(2026, 3, 8, 6), utc(2026, 3, 8, 8))]

    def test_new_york_fall_back(self) -> None:
        # 2026-11-01: 02:00 EDT -> 01:00 EST. Saturday UTC-4, Sunday UTC-5.
        result = free("America/New_York", utc(2026, 10, 31, 12), days_ahead=2)
        assert result == [
            span(utc(2026, 10, 31, 13), utc(2026, 10, 31, 21)),
            span(utc(2026, 11, 1, 14), utc(2026, 11, 1, 22)),
        ]

    def test_new_york_fall_back_repeated_hour_uses_its_first_occurrence(self) -> None:
        hours = parse_working_hours({"sun": [["00:00", "01:30"], ["02:00", "03:00"]]})
        result = free("America/New_York", utc(2026, 11, 1, 0), hours=hours, days_ahead=1)
        # 00:00 EDT = 04:00Z .. first 01:30 (EDT) = 05:30Z; 02:00 EST = 07:00Z .. 03:00 EST = 08:00Z.
        assert result == [
            span(utc(2026, 11, 1, 4), utc(2026, 11, 1, 5, 30)),
            span(utc(2026, 11, 1, 7), utc(2026, 11, 1, 8)),
        ]

    def test_berlin_spring_forward_and_fall_back(self) -> None:
        assert one_day("Europe/Berlin", utc(2026, 3, 28, 12)) == [
            span(utc(2026, 3, 28, 8), utc(2026, 3, 28, 16))
        ]
        assert one_day("Europe/Berlin", utc(2026, 3, 29, 12)) == [
            span(utc(2026, 3, 29, 7), utc(2026, 3, 29, 15))
        ]
        assert one_day("Europe/Berlin", utc(2026, 10, 24, 12)) == [
            span(utc(2026, 10, 24, 7), utc(2026, 10, 24, 15))
        ]
        assert one_day("Europe/Berlin", utc(2026, 10, 25, 12)) == [
            span(utc(2026, 10, 25, 8), utc(2026, 10, 25, 16))
        ]

    def test_berlin_whole_day_is_23_or_25_real_hours(self) -> None:
        whole = parse_working_hours({day: [["00:00", "24:00"]] for day in EVERY_DAY})
        spring = free("Europe/Berlin", utc(2026, 3, 28, 23), hours=whole, end=utc(2026, 3, 29, 22))
        autumn = free("Europe/Berlin", utc(2026, 10, 24, 22), hours=whole, end=utc(2026, 10, 25, 23))
        assert spring == [span(utc(2026, 3, 28, 23), utc(2026, 3, 29, 22))]
        assert autumn == [span(utc(2026, 10, 24, 22), utc(2026, 10, 25, 23))]

    def test_lord_howe_half_hour_shift(self) -> None:
        hours = parse_working_hours({"sun": [["01:00", "03:00"]], "mon": [["09:00", "17:00"]]})
        # 2026-10-04: 02:00 +10:30 -> 02:30 +11:00. 01:00 = 14:30Z (Sat); 03:00 = 16:00Z; Monday 09:00 = 22:00Z Sun.
        result = free("Australia/Lord_Howe", utc(2026, 10, 3, 12), hours=hours, days_ahead=2)
        assert result == [
            span(utc(2026, 10, 3, 14, 30), utc(2026, 10, 3, 16)),
            span(utc(2026, 10, 4, 22), utc(2026, 10, 5, 6)),
        ]

    def test_lord_howe_repeated_half_hour(self) -> None:
        hours = parse_working_hours({"sun": [["01:45", "02:15"]]})
        # 2026-04-05: 02:00 +11:00 -> 01:30 +10:30. First 01:45 = 14:45Z (Sat); 02:15 (+10:30) = 15:45Z.
        result = free("Australia/Lord_Howe", utc(2026, 4, 4, 12), hours=hours, days_ahead=1)
        assert result == [span(utc(2026, 4, 4, 14, 45), utc(2026, 4, 4, 15, 45))]

    def test_midnight_that_does_not_exist(self) -> None:
        # São Paulo jumped from 00:00 to 01:00 on 2018-11-04: the day starts at 01:00 -03 = 04:00Z.
        whole = parse_working_hours({"sun": [["00:00", "24:00"]]})
        assert free("America/Sao_Paulo", utc(2018, 11, 4, 0), hours=whole, days_ahead=2) == [
            span(utc(2018, 11, 4, 3), utc(2018, 11, 5, 2))
        ]

    def test_a_skipped_day_has_no_hours(self) -> None:
        # Samoa skipped Friday 2011-12-30 entirely.
        result = free("Pacific/Apia", utc(2011, 12, 29, 12), days_ahead=3)
        assert result == [
            span(utc(2011, 12, 29, 19), utc(2011, 12, 30, 3)),  # Thu 29th at UTC-10
            span(utc(2011, 12, 30, 19), utc(2011, 12, 31, 3)),  # Sat 31st at UTC+14
            span(utc(2011, 12, 31, 19), utc(2012, 1, 1, 3)),  # Sun 1st
        ]


class TestOddOffsets:
    def test_kathmandu(self) -> None:
        assert one_day("Asia/Kathmandu", utc(2026, 3, 10, 6)) == [
            span(utc(2026, 3, 10, 3, 15), utc(2026, 3, 10, 11, 15))
        ]

    def test_chatham_in_summer_and_winter(self) -> None:
        # +13:45 in March (daylight time), +12:45 in June.
        assert one_day("Pacific/Chatham", utc(2026, 3, 10, 0)) == [
            span(utc(2026, 3, 9, 19, 15), utc(2026, 3, 10, 3, 15))
        ]
        assert one_day("Pacific/Chatham", utc(2026, 6, 10, 0)) == [
            span(utc(2026, 6, 9, 20, 15), utc(2026, 6, 10, 4, 15))
        ]


class TestRules:
    def test_date_override_replaces_the_weekday_and_an_empty_one_closes_it(self) -> None:
        overrides = {
            "2026-03-10": [["10:00", "12:00"], ["13:00", "14:00"]],
            "2026-03-11": [],
            "2026-03-14": [["11:00", "12:00"]],
        }
        hours = parse_working_hours(
            {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
        )
        result = free("UTC", utc(2026, 3, 10), hours=hours, days_ahead=5, date_overrides=overrides)
        assert result == [
            span(utc(2026, 3, 10, 10), utc(2026, 3, 10, 12)),
            span(utc(2026, 3, 10, 13), utc(2026, 3, 10, 14)),
            span(utc(2026, 3, 12, 9), utc(2026, 3, 12, 17)),
            span(utc(2026, 3, 13, 9), utc(2026, 3, 13, 17)),
            span(utc(2026, 3, 14, 11), utc(2026, 3, 14, 12)),  # a Saturday opened by its override
        ]

    def test_holiday_closes_the_day_even_with_an_override(self) -> None:
        result = free(
            "UTC",
            utc(2026, 12, 24),
            days_ahead=3,
            holidays=["2026-12-25"],
            date_overrides={"2026-12-25": [["09:00", "10:00"]]},
        )
        assert result == [
            span(utc(2026, 12, 24, 9), utc(2026, 12, 24, 17)),
            span(utc(2026, 12, 26, 9), utc(2026, 12, 26, 17)),
        ]

    def test_buffers_widen_busy_time(self) -> None:
        meeting = span(utc(2026, 3, 10, 12), utc(2026, 3, 10, 13))
        result = one_day(
            "UTC", utc(2026, 3, 10, 12), busy=(meeting,), buffer_before_minutes=15, buffer_after_minutes=10
        )
        assert result == [
            span(utc(2026, 3, 10, 9), utc(2026, 3, 10, 11, 45)),
            span(utc(2026, 3, 10, 13, 10), utc(2026, 3, 10, 17)),
        ]

    def test_min_notice(self) -> None:
        result = free("America/New_York", utc(2026, 3, 10, 14), days_ahead=1, min_notice_minutes=240)
        # Now is 10:00 EDT: four hours of notice leaves 14:00-17:00 EDT, and the day ahead ends at 10:00 tomorrow.
        assert result == [
            span(utc(2026, 3, 10, 18), utc(2026, 3, 10, 21)),
            span(utc(2026, 3, 11, 13), utc(2026, 3, 11, 14)),
        ]

    def test_horizon_cuts_mid_day(self) -> None:
        result = free("UTC", utc(2026, 3, 10, 12), days_ahead=2)
        assert result == [
            span(utc(2026, 3, 10, 12), utc(2026, 3, 10, 17)),
            span(utc(2026, 3, 11, 9), utc(2026, 3, 11, 17)),
            span(utc(2026, 3, 12, 9), utc(2026, 3, 12, 12)),
        ]

    def test_start_and_end_narrow_the_window(self) -> None:
        result = free("UTC", utc(2026, 3, 1), start=utc(2026, 3, 10, 16), end=utc(2026, 3, 11, 10))
        assert result == [
            span(utc(2026, 3, 10, 16), utc(2026, 3, 10, 17)),
            span(utc(2026, 3, 11, 9), utc(2026, 3, 11, 10)),
        ]

    def test_notice_beyond_the_horizon_leaves_nothing(self) -> None:
        assert free("UTC", utc(2026, 3, 10), days_ahead=1, min_notice_minutes=1440) == []
        assert free("UTC", utc(2026, 3, 10), start=utc(2026, 3, 12), end=utc(2026, 3, 11)) == []


class TestBusy:
    def test_night_shift_joins_across_midnight_and_busy_across_midnight_splits_it(self) -> None:
        hours = parse_working_hours({day: [["00:00", "06:00"], ["20:00", "24:00"]] for day in EVERY_DAY})
        busy = (span(utc(2026, 3, 10, 23), utc(2026, 3, 11, 1)),)
        result = free("UTC", utc(2026, 3, 10, 12), hours=hours, busy=busy, days_ahead=1)
        assert result == [
            span(utc(2026, 3, 10, 20), utc(2026, 3, 10, 23)),
            span(utc(2026, 3, 11, 1), utc(2026, 3, 11, 6)),
        ]
        untouched = free("UTC", utc(2026, 3, 10, 12), hours=hours, days_ahead=1)
        assert untouched == [span(utc(2026, 3, 10, 20), utc(2026, 3, 11, 6))]

    def test_all_day_busy_removes_the_local_day(self) -> None:
        # An all-day event on Wednesday in New York is 04:00Z to 04:00Z the next day.
        all_day = (span(utc(2026, 3, 11, 4), utc(2026, 3, 12, 4)),)
        result = free("America/New_York", utc(2026, 3, 10, 12), busy=all_day, days_ahead=3)
        assert result == [
            span(utc(2026, 3, 10, 13), utc(2026, 3, 10, 21)),
            span(utc(2026, 3, 12, 13), utc(2026, 3, 12, 21)),
        ]

    def test_overlapping_and_outside_busy(self) -> None:
        busy = (
            span(utc(2026, 3, 10, 10), utc(2026, 3, 10, 11)),
            span(utc(2026, 3, 10, 10, 30), utc(2026, 3, 10, 12)),
            span(utc(2026, 3, 10, 18), utc(2026, 3, 10, 19)),
            span(utc(2026, 2, 1), utc(2026, 2, 2)),
        )
        assert one_day("UTC", utc(2026, 3, 10, 12), busy=busy) == [
            span(utc(2026, 3, 10, 9), utc(2026, 3, 10, 10)),
            span(utc(2026, 3, 10, 12), utc(2026, 3, 10, 17)),
        ]


class TestMistakes:
    def test_unknown_zone(self) -> None:
        for zone in ("Mars/Olympus", "America", "", "../etc/passwd"):
            with pytest.raises(ValueError, match="unknown time zone"):
                free(zone, utc(2026, 3, 10))

    def test_naive_now(self) -> None:
        with pytest.raises(ValueError, match="now must carry a time zone"):
            team_free(
                zone="UTC",
                working_hours=NINE_TO_FIVE,
                rules=SchedulingRules(),
                busy=[],
                now=datetime(2026, 3, 10),
            )

    def test_bad_hours(self) -> None:
        with pytest.raises(ValueError, match="unknown weekday"):
            free("UTC", utc(2026, 3, 10), hours={"monday": ()})
