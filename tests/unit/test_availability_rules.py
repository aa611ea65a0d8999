"""Scheduling rules and working hours: defaults, JSON round trips, and a clear message for each mistake."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest

from schedlink.domain.availability import (
    WEEKDAYS,
    SchedulingRules,
    hours_on,
    normalise_working_hours,
    parse_working_hours,
    working_hours_to_json,
)

pytestmark = pytest.mark.unit

FULL: dict[str, Any] = {
    "meeting_minutes": 45,
    "slot_step_minutes": 15,
    "buffer_before_minutes": 10,
    "buffer_after_minutes": 5,
    "min_notice_minutes": 60,
    "days_ahead": 30,
    "date_overrides": {"2026-12-31": [], "2026-12-24": [["13:00", "24:00"], ["09:00", "12:00"]]},
    "holidays": ["2026-12-26", "2026-12-25"],
    "tentative_busy": False,
    "suggestion_count": 5,
}


class TestSchedulingRules:
    def test_defaults(self) -> None:
        rules = SchedulingRules()
        assert (rules.meeting_minutes, rules.slot_step_minutes, rules.min_notice_minutes) == (30, 30, 240)
        assert (rules.buffer_before_minutes, rules.buffer_after_minutes) == (0, 0)
        assert (rules.days_ahead, rules.suggestion_count, rules.tentative_busy) == (14, 3, True)
        assert dict(rules.date_overrides) == {}
        assert rules.holidays == frozenset()

    @pytest.mark.parametrize("data", [None, {}])
    def test_nothing_given_means_defaults(self, data: dict[str, Any] | None) -> None:
        assert SchedulingRules.from_json(data) == SchedulingRules()

    def test_from_json_reads_every_field(self) -> None:
        rules = SchedulingRules.from_json(FULL)
        assert rules.meeting_minutes == 45
        assert rules.tentative_busy is False
        assert rules.holidays == frozenset({date(2026, 12, 25), date(2026, 12, 26)})
        assert rules.date_overrides[date(2026, 12, 31)] == ()
        assert rules.date_overrides[date(2026, 12, 24)] == ((time(9), time(12)), (time(13), time(0)))

    def test_json_round_trip(self) -> None:
        rules = SchedulingRules.from_json(FULL)
        stored = rules.to_json()
        assert stored["date_overrides"] == {
            "2026-12-24": [["09:00", "12:00"], ["13:00", "24:00"]],
            "2026-12-31": [],
        }
        assert stored["holidays"] == ["2026-12-25", "2026-12-26"]
        assert SchedulingRules.from_json(stored) == rules
        assert SchedulingRules.from_json(SchedulingRules().to_json()) == SchedulingRules()

    def test_rules_are_hashable_and_overrides_cannot_be_changed(self) -> None:
        rules = SchedulingRules.from_json(FULL)
        assert hash(rules) == hash(SchedulingRules.from_json(FULL))
        with pytest.raises(TypeError):
            rules.date_overrides[date(2027, 1, 1)] = ()  # type: ignore[index]

    @pytest.mark.parametrize(
        ("key", "value", "message"),
        [
            ("meeting_minutes", 4, "meeting_minutes must be a whole number from 5 to 480, got 4"),
            ("meeting_minutes", 481, "from 5 to 480, got 481"),
            ("meeting_minutes", 30.0, "meeting_minutes must be a whole number"),
            ("meeting_minutes", True, "meeting_minutes must be a whole number"),
            ("meeting_minutes", "30", "meeting_minutes must be a whole number"),
            ("slot_step_minutes", 241, "slot_step_minutes must be a whole number from 5 to 240"),
            ("slot_step_minutes", 4, "slot_step_minutes must be a whole number from 5 to 240"),
            ("buffer_before_minutes", -1, "buffer_before_minutes must be a whole number from 0 to 240"),
            ("buffer_after_minutes", 241, "buffer_after_minutes must be a whole number from 0 to 240"),
            ("min_notice_minutes", 20161, "min_notice_minutes must be a whole number from 0 to 20160"),
            ("days_ahead", 0, "days_ahead must be a whole number from 1 to 365"),
            ("days_ahead", 366, "days_ahead must be a whole number from 1 to 365"),
            ("suggestion_count", 11, "suggestion_count must be a whole number from 1 to 10"),
            ("suggestion_count", 0, "suggestion_count must be a whole number from 1 to 10"),
            ("tentative_busy", "yes", "tentative_busy must be true or false"),
            ("holidays", "2026-12-25", "holidays must be a list of dates"),
            ("holidays", ["25/12/2026"], "holidays: dates are written YYYY-MM-DD, got '25/12/2026'"),
            ("holidays", ["2026-12-25T00:00"], "dates are written YYYY-MM-DD"),
            ("date_overrides", [], "date_overrides must be an object"),
            ("date_overrides", {"Dec 24": []}, "date_overrides: dates are written YYYY-MM-DD"),
            ("date_overrides", {"2026-12-24": [["9:00", "12:00"]]}, "times are written HH:MM"),
            ("date_overrides", {"2026-12-24": [["09:00", "12:60"]]}, "times are written HH:MM"),
            ("date_overrides", {"2026-12-24": [["24:00", "24:00"]]}, r"HH:MM \(00:00–23:59\)"),
            ("date_overrides", {"2026-12-24": [["12:00", "09:00"]]}, "12:00–09:00 must start before it ends"),
            ("date_overrides", {"2026-12-24": [["09:00", "09:00"]]}, "09:00–09:00 must start before it ends"),
            ("date_overrides", {"2026-12-24": [["09:00"]]}, r'each range must be \["HH:MM", "HH:MM"\]'),
            ("date_overrides", {"2026-12-24": "09:00-12:00"}, "expected a list of"),
            (
                "date_overrides",
                {"2026-12-24": [["09:00", "12:00"], ["11:00", "13:00"]]},
                "ranges overlap at 11:00",
            ),
            (
                "date_overrides",
                {"2026-12-24": [[f"{h:02}:00", f"{h:02}:30"] for h in range(7)]},
                "at most 6 ranges",
            ),
        ],
    )
    def test_each_mistake_has_a_clear_message(self, key: str, value: Any, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            SchedulingRules.from_json({key: value})

    def test_unknown_keys_are_named(self) -> None:
        with pytest.raises(ValueError, match=r"unknown scheduling rule.*meeting_length"):
            SchedulingRules.from_json({"meeting_length": 30})

    def test_not_an_object(self) -> None:
        with pytest.raises(ValueError, match="must be a JSON object"):
            SchedulingRules.from_json([("days_ahead", 3)])  # type: ignore[arg-type]

    def test_direct_construction_is_validated_too(self) -> None:
        with pytest.raises(ValueError, match="days_ahead"):
            SchedulingRules(days_ahead=0)
        with pytest.raises(ValueError, match="holidays: expected a date"):
            SchedulingRules(holidays=frozenset({datetime(2026, 12, 25)}))
        with pytest.raises(ValueError, match="whole minutes"):
            SchedulingRules(date_overrides={date(2026, 12, 24): ((time(9, 0, 30), time(12)),)})

    def test_touching_ranges_are_fine(self) -> None:
        rules = SchedulingRules.from_json(
            {"date_overrides": {"2026-12-24": [["12:00", "17:00"], ["09:00", "12:00"]]}}
        )
        assert rules.date_overrides[date(2026, 12, 24)] == ((time(9), time(12)), (time(12), time(17)))


class TestWorkingHours:
    def test_missing_days_are_closed_and_24_00_ends_the_day(self) -> None:
        hours = parse_working_hours({"mon": [["09:00", "17:00"]], "sat": [["00:00", "24:00"]]})
        assert list(hours) == list(WEEKDAYS)
        assert hours["mon"] == ((time(9), time(17)),)
        assert hours["sat"] == ((time(0), time(0)),)
        assert hours["tue"] == ()

    def test_round_trip(self) -> None:
        stored = {"mon": [["13:00", "17:30"], ["08:00", "12:00"]], "fri": [["22:00", "24:00"]]}
        hours = parse_working_hours(stored)
        as_json = working_hours_to_json(hours)
        assert as_json["mon"] == [["08:00", "12:00"], ["13:00", "17:30"]]
        assert as_json["fri"] == [["22:00", "24:00"]]
        assert as_json["sun"] == []
        assert parse_working_hours(as_json) == hours

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"monday": [["09:00", "17:00"]]}, "unknown weekday.*monday.*use mon, tue"),
            (
                {"mon": [["09:00", "17:00"], ["16:00", "18:00"]]},
                "working hours for mon: ranges overlap at 16:00",
            ),
            ({"tue": [["17:00", "09:00"]]}, "working hours for tue: 17:00–09:00 must start before it ends"),
            ({"wed": [["9am", "5pm"]]}, "working hours for wed: times are written HH:MM"),
            ({"thu": [["09:00", 17]]}, "times are written HH:MM"),
            ({"fri": [["24:00", "24:00"]]}, "times are written HH:MM"),
            ({"sat": [["09:00", "10:00"]] * 7}, "at most 6 ranges a day, got 7"),
            ([["09:00", "17:00"]], "working hours must be an object"),
        ],
    )
    def test_mistakes(self, data: Any, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            parse_working_hours(data)

    def test_parsed_hours_are_checked_when_given_directly(self) -> None:
        with pytest.raises(ValueError, match="unknown weekday"):
            normalise_working_hours({"Mon": ((time(9), time(17)),)})
        with pytest.raises(ValueError, match="must start before it ends"):
            normalise_working_hours({"mon": ((time(17), time(9)),)})

    def test_hours_on_a_day_holidays_then_overrides_then_weekday(self) -> None:
        hours = parse_working_hours(
            {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
        )
        rules = SchedulingRules.from_json(
            {"date_overrides": {"2026-12-24": [["09:00", "12:00"]], "2026-12-25": [["10:00", "11:00"]]},
             "holidays": ["2026-12-25"]}
        )  # fmt: skip
        assert hours_on(date(2026, 12, 23), hours, rules) == ((time(9), time(17)),)
        assert hours_on(date(2026, 12, 24), hours, rules) == ((time(9), time(12)),)
        assert hours_on(date(2026, 12, 25), hours, rules) == ()
        assert hours_on(date(2026, 12, 26), hours, rules) == ()
