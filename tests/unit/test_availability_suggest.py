"""Suggested overlap times: candidates from the lead's scheduler or written windows, spread and explained."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from schedlink.domain.availability import (
    Interval,
    SchedulingRules,
    Suggestion,
    SuggestionResult,
    in_business_hours,
    parse_working_hours,
    suggest,
    team_free,
)

pytestmark = pytest.mark.unit

NEW_YORK = "America/New_York"
WEEKDAYS_9_TO_5 = parse_working_hours(
    {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
)


def utc(month: int, day: int, hour: int = 0, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def run(
    now: datetime,
    *,
    team_zone: str = NEW_YORK,
    hours: Any = WEEKDAYS_9_TO_5,
    busy: Sequence[Interval] = (),
    free_now: datetime | None = None,
    **options: Any,
) -> SuggestionResult:
    """Suggest with ``options``, from team free time computed without notice and beyond the horizon.

    ``suggest`` itself must then apply the notice and the horizon.
    """
    rule_keys = {
        "meeting_minutes",
        "slot_step_minutes",
        "min_notice_minutes",
        "days_ahead",
        "suggestion_count",
    }
    rules = SchedulingRules.from_json({key: value for key, value in options.items() if key in rule_keys})
    free = team_free(
        zone=team_zone,
        working_hours=hours,
        rules=SchedulingRules(days_ahead=min(365, rules.days_ahead + 7), min_notice_minutes=0),
        busy=busy,
        now=free_now or now,
    )
    rest = {key: value for key, value in options.items() if key not in rule_keys}
    return suggest(team_free=free, rules=rules, team_zone=team_zone, now=now, **rest)


def starts(result: SuggestionResult) -> list[datetime]:
    return [slot.start for slot in result.slots]


def reasons(result: SuggestionResult) -> list[str]:
    return [slot.reason for slot in result.slots]


class TestLeadWindows:
    def test_berlin_lead_in_the_week_the_us_has_already_changed_clocks(self) -> None:
        # 12 March 2026: New York is on EDT (UTC-4), Berlin still on CET (UTC+1): five hours apart, not six.
        window = Interval(utc(3, 12, 14), utc(3, 12, 17))  # Thu 15:00-18:00 CET = 10:00-13:00 EDT
        result = run(utc(3, 10, 12), lead_windows=[window], lead_zone="Europe/Berlin")
        assert result.overlap
        assert starts(result) == [utc(3, 12, 14), utc(3, 12, 14, 30), utc(3, 12, 15)]
        assert (
            reasons(result)[0]
            == "Thu 12 Mar 10:00 EDT / 15:00 CET — inside the window the lead wrote (Thu 15:00–18:00 CET)"
        )
        assert result.note.startswith("These are the earliest times inside the availability the lead wrote")

    def test_berlin_lead_after_europe_changes_too(self) -> None:
        # 31 March 2026: EDT and CEST, six hours apart again.
        window = Interval(utc(3, 31, 13), utc(3, 31, 16))  # Tue 15:00-18:00 CEST = 09:00-12:00 EDT
        result = run(utc(3, 30, 12), lead_windows=[window], lead_zone="Europe/Berlin", suggestion_count=1)
        assert reasons(result) == [
            "Tue 31 Mar 09:00 EDT / 15:00 CEST — inside the window the lead wrote (Tue 15:00–18:00 CEST)"
        ]

    def test_autumn_week_when_europe_has_changed_back_first(self) -> None:
        # 29 Oct 2026: Berlin back on CET (UTC+1) since the 25th, New York on EDT until 1 Nov.
        window = Interval(utc(10, 29, 13), utc(10, 29, 14))  # 14:00-15:00 CET = 09:00-10:00 EDT
        result = run(utc(10, 27, 12), lead_windows=[window], lead_zone="Europe/Berlin")
        assert starts(result) == [utc(10, 29, 13), utc(10, 29, 13, 30)]
        assert (
            reasons(result)[1]
            == "Thu 29 Oct 09:30 EDT / 14:30 CET — inside the window the lead wrote (Thu 14:00–15:00 CET)"
        )

    def test_window_starting_off_the_grid_uses_the_next_grid_start(self) -> None:
        window = Interval(utc(3, 12, 14, 10), utc(3, 12, 15, 10))  # 10:10-11:10 EDT
        result = run(utc(3, 10, 12), lead_windows=[window], lead_zone="Europe/Berlin")
        assert starts(result) == [utc(3, 12, 14, 30)]  # 10:30; 11:00 would end after the window

    def test_grid_is_aligned_in_the_team_zone(self) -> None:
        # Kathmandu is UTC+05:45: the half-hour grid there falls on :15 and :45 UTC.
        hours = parse_working_hours({"thu": [["09:00", "17:00"]]})
        window = Interval(utc(3, 12, 4), utc(3, 12, 6))
        result = run(
            utc(3, 10), team_zone="Asia/Kathmandu", hours=hours, lead_windows=[window], suggestion_count=5
        )
        assert starts(result) == [utc(3, 12, 4, 15), utc(3, 12, 4, 45), utc(3, 12, 5, 15)]
        assert (
            reasons(result)[0]
            == "Thu 12 Mar 10:00 +0545 — inside the window the lead wrote (Thu 09:45–11:45 +0545)"
        )

    def test_a_step_that_does_not_divide_the_hour_counts_from_midnight(self) -> None:
        window = Interval(utc(3, 12, 13), utc(3, 12, 16))  # 09:00-12:00 EDT
        result = run(
            utc(3, 10), lead_windows=[window], slot_step_minutes=45, meeting_minutes=30, suggestion_count=5
        )
        # 09:00, 09:45, 10:30, 11:15 EDT (540, 585, 630, 675 minutes after midnight); 12:00 would end too late.
        assert starts(result) == [utc(3, 12, 13), utc(3, 12, 13, 45), utc(3, 12, 14, 30), utc(3, 12, 15, 15)]

    def test_tokyo_lead_with_no_common_time_gets_our_times(self) -> None:
        # Fri 13 Mar 06:00-08:00 JST is Thu 17:00-19:00 EDT: after the team's day.
        window = Interval(utc(3, 12, 21), utc(3, 12, 23))
        result = run(
            utc(3, 10, 12),
            lead_windows=[window],
            lead_zone="Asia/Tokyo",
            booking_url=lambda start: "https://x",
        )
        assert not result.overlap
        assert result.note == (
            "No time the lead offers is free on our side in the next 14 days; offer our link and these times instead."
        )
        assert [slot.booking_url for slot in result.slots] == [None, None, None]
        assert reasons(result)[0] == (
            "Tue 10 Mar 12:00 EDT / Wed 11 Mar 01:00 JST — free on our side, though outside the lead's usual working hours"
        )


class TestLeadSlots:
    def test_exact_starts_off_the_grid_are_kept_and_must_fit_our_free_time(self) -> None:
        offered = [
            (utc(3, 11, 14, 10), None),  # 10:10 EDT: fits
            (utc(3, 11, 20, 50), None),  # 16:50 EDT: would end 17:20, after our day
            (utc(3, 12, 15, 10), utc(3, 12, 15, 55)),  # 11:10-11:55 EDT, their own length
            (utc(3, 13, 15), None),  # 11:00 EDT on Friday: busy
        ]
        busy = [Interval(utc(3, 13, 14, 45), utc(3, 13, 15, 15))]
        result = run(
            utc(3, 10, 12), busy=busy, lead_slots=offered, lead_zone="Europe/Berlin", suggestion_count=5
        )
        assert [(slot.start, slot.end) for slot in result.slots] == [
            (utc(3, 11, 14, 10), utc(3, 11, 14, 40)),
            (utc(3, 12, 15, 10), utc(3, 12, 15, 55)),
        ]
        assert reasons(result) == [
            "Wed 11 Mar 10:10 EDT / 15:10 CET — first time both calendars are free",
            "Thu 12 Mar 11:10 EDT / 16:10 CET — next free day for both",
        ]

    def test_spread_over_days_then_earliest(self) -> None:
        offered = [(utc(3, day, hour), None) for day in (11, 12, 16) for hour in (13, 14, 15)]
        result = run(utc(3, 10, 12), lead_slots=offered, lead_zone="Europe/Berlin", suggestion_count=4)
        assert starts(result) == [utc(3, 11, 13), utc(3, 11, 14), utc(3, 12, 13), utc(3, 16, 13)]
        assert reasons(result) == [
            "Wed 11 Mar 09:00 EDT / 14:00 CET — first time both calendars are free",
            "Wed 11 Mar 10:00 EDT / 15:00 CET — another time both are free that day",
            "Thu 12 Mar 09:00 EDT / 14:00 CET — next free day for both",
            "Mon 16 Mar 09:00 EDT / 14:00 CET — next free day for both",
        ]

    def test_the_lead_working_hours_come_first(self) -> None:
        # 20:00 UTC is 21:00 CET (outside Berlin's 09:00-18:00); 14:00 UTC is 15:00 CET.
        offered = [
            (utc(3, 11, 20), None),
            (utc(3, 12, 20), None),
            (utc(3, 16, 14), None),
            (utc(3, 17, 20), None),
        ]
        result = run(utc(3, 10, 12), lead_slots=offered, lead_zone="Europe/Berlin", suggestion_count=2)
        assert starts(result) == [utc(3, 11, 20), utc(3, 16, 14)]
        assert reasons(result) == [
            "Wed 11 Mar 16:00 EDT / 21:00 CET — free for both, though outside the lead's usual working hours",
            "Mon 16 Mar 10:00 EDT / 15:00 CET — first time both calendars are free in the lead's working hours",
        ]
        assert result.note.endswith("one per day where possible, in the lead's working hours first.")

    def test_days_are_the_lead_days(self) -> None:
        # 09:00 and 12:00 EDT on Wednesday are Wednesday and Thursday in Tokyo.
        hours = parse_working_hours({"wed": [["07:00", "21:00"]]})
        offered = [(utc(3, 11, 13), None), (utc(3, 11, 14), None), (utc(3, 11, 16), None)]
        result = run(
            utc(3, 10, 12), hours=hours, lead_slots=offered, lead_zone="Asia/Tokyo", suggestion_count=2
        )
        assert starts(result) == [utc(3, 11, 13), utc(3, 11, 16)]

    def test_booking_url_is_asked_for_each_overlap(self) -> None:
        asked: list[datetime] = []

        def url(start: datetime) -> str | None:
            asked.append(start)
            return None if start.day == 12 else f"https://cal.example/book?start={start:%Y%m%dT%H%M}"

        offered = [(utc(3, 11, 14), None), (utc(3, 12, 14), None)]
        result = run(utc(3, 10, 12), lead_slots=offered, booking_url=url)
        assert asked == [utc(3, 11, 14), utc(3, 12, 14)]
        assert [slot.booking_url for slot in result.slots] == [
            "https://cal.example/book?start=20260311T1400",
            None,
        ]

    def test_min_notice_and_horizon(self) -> None:
        # Now is Tue 10:00 EDT; four hours of notice; two days ahead ends Thu 10:00 EDT.
        offered = [
            (utc(3, 10, 15), None),
            (utc(3, 10, 18), None),
            (utc(3, 11, 15), None),
            (utc(3, 12, 15), None),
        ]
        free_from_the_past = utc(3, 9)  # team free time computed earlier, without notice
        result = run(
            utc(3, 10, 14),
            free_now=free_from_the_past,
            lead_slots=offered,
            min_notice_minutes=240,
            days_ahead=2,
            suggestion_count=5,
        )
        assert starts(result) == [utc(3, 10, 18), utc(3, 11, 15)]

    def test_no_zone_for_the_lead_shows_only_ours(self) -> None:
        result = run(utc(3, 10, 12), lead_slots=[(utc(3, 11, 14), None)])
        assert reasons(result) == ["Wed 11 Mar 10:00 EDT — first time both calendars are free"]
        assert result.note.endswith("one per day where possible.")

    def test_no_offered_slot_fits(self) -> None:
        result = run(
            utc(3, 10, 12), lead_slots=[(utc(3, 14, 14), None)], lead_zone="Europe/Berlin", days_ahead=5
        )
        assert not result.overlap
        assert "in the next 5 days" in result.note
        assert starts(result) == [utc(3, 10, 16), utc(3, 11, 13), utc(3, 12, 13)]

    def test_naive_offered_slot_is_a_mistake(self) -> None:
        with pytest.raises(ValueError, match="lead slot start must carry a time zone"):
            run(utc(3, 10, 12), lead_slots=[(datetime(2026, 3, 11, 14), None)])


class TestFallback:
    def test_unknown_lead_gets_our_times_spread_over_days(self) -> None:
        result = run(utc(3, 10, 12), suggestion_count=3)
        assert not result.overlap
        assert "the lead's availability is unknown" in result.note.lower()
        # Tue 12:00 EDT (16:00Z) is the first half hour after four hours of notice from 08:00 EDT.
        assert starts(result) == [utc(3, 10, 16), utc(3, 11, 13), utc(3, 12, 13)]
        assert reasons(result) == [
            "Tue 10 Mar 12:00 EDT — our first free time",
            "Wed 11 Mar 09:00 EDT — our next free day",
            "Thu 12 Mar 09:00 EDT — our next free day",
        ]

    def test_tokyo_working_hours_are_preferred_when_we_reach_them(self) -> None:
        hours = parse_working_hours(
            {day: [["07:00", "21:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
        )
        # Now is Tue 07:00 EDT: our first free time is 20:00 JST. 20:00 EDT is 09:00 JST the next day (00:00Z);
        # 20:30 EDT would fit too, but the next Tokyo day comes first.
        result = run(
            utc(3, 10, 11), hours=hours, lead_zone="Asia/Tokyo", min_notice_minutes=0, suggestion_count=2
        )
        assert starts(result) == [utc(3, 11, 0), utc(3, 12, 0)]
        assert reasons(result) == [
            "Tue 10 Mar 20:00 EDT / Wed 11 Mar 09:00 JST — our first free time in the lead's working hours",
            "Wed 11 Mar 20:00 EDT / Thu 12 Mar 09:00 JST — our next free day",
        ]

    def test_earliest_time_in_the_lead_hours_is_simply_the_first(self) -> None:
        hours = parse_working_hours(
            {day: [["07:00", "21:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
        )
        result = run(
            utc(3, 10, 0), hours=hours, lead_zone="Asia/Tokyo", min_notice_minutes=0, suggestion_count=1
        )
        assert reasons(result) == ["Mon 9 Mar 20:00 EDT / Tue 10 Mar 09:00 JST — our first free time"]

    def test_nothing_free_on_our_side(self) -> None:
        unknown = run(utc(3, 14, 12), days_ahead=1)  # a Saturday
        assert unknown.slots == ()
        assert (
            unknown.note
            == "The lead's availability is unknown, and we have no free time in the next 1 day to offer."
        )
        known = run(utc(3, 14, 12), days_ahead=1, lead_windows=[Interval(utc(3, 14, 13), utc(3, 14, 15))])
        assert not known.overlap
        assert known.slots == ()
        assert "we have no free time to offer instead" in known.note

    def test_empty_lead_input_counts_as_offering_nothing(self) -> None:
        result = run(utc(3, 10, 12), lead_slots=[], lead_windows=[])
        assert not result.overlap
        assert result.note.startswith("No time the lead offers")


class TestSerialisation:
    def test_round_trip(self) -> None:
        result = run(
            utc(3, 10, 12), lead_slots=[(utc(3, 11, 14), None)], booking_url=lambda start: "https://cal/x"
        )
        stored = result.to_json()
        assert stored["slots"][0] == {
            "start": "2026-03-11T14:00:00Z",
            "end": "2026-03-11T14:30:00Z",
            "reason": "Wed 11 Mar 10:00 EDT — first time both calendars are free",
            "booking_url": "https://cal/x",
        }
        assert stored["overlap"] is True
        assert SuggestionResult.from_json(stored) == result

    @pytest.mark.parametrize(
        "data",
        [
            {"slots": "none", "overlap": False, "note": ""},
            {"slots": [], "overlap": "no", "note": ""},
            {
                "slots": [{"start": "2026-03-11T14:00:00Z", "end": "2026-03-11T14:30:00Z"}],
                "overlap": True,
                "note": "",
            },
            {"slots": [{"start": "x", "end": "y", "reason": "r"}], "overlap": True, "note": ""},
        ],
    )
    def test_bad_stored_results_are_refused(self, data: dict[str, Any]) -> None:
        with pytest.raises(ValueError, match=r"suggestion|ISO 8601"):
            SuggestionResult.from_json(data)

    def test_suggestion_booking_url_must_be_text(self) -> None:
        with pytest.raises(ValueError, match="booking_url"):
            Suggestion.from_json(
                {
                    "start": "2026-03-11T14:00:00Z",
                    "end": "2026-03-11T14:30:00Z",
                    "reason": "r",
                    "booking_url": 3,
                }
            )


@pytest.mark.parametrize(
    ("start", "end", "inside"),
    [
        (utc(3, 11, 8), utc(3, 11, 8, 30), True),  # Wed 09:00-09:30 CET
        (utc(3, 11, 16, 30), utc(3, 11, 17), True),  # ends exactly at 18:00
        (utc(3, 11, 16, 45), utc(3, 11, 17, 15), False),  # runs past 18:00
        (utc(3, 11, 7, 45), utc(3, 11, 8, 15), False),  # starts 08:45
        (utc(3, 14, 10), utc(3, 14, 10, 30), False),  # Saturday
    ],
)
def test_lead_business_hours(start: datetime, end: datetime, inside: bool) -> None:
    assert in_business_hours(Interval(start, end), ZoneInfo("Europe/Berlin")) is inside


def test_unknown_zones_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Europe/Berlinn'"):
        suggest(
            team_free=[],
            rules=SchedulingRules(),
            team_zone=NEW_YORK,
            now=utc(3, 10),
            lead_zone="Europe/Berlinn",
        )
    with pytest.raises(ValueError, match="unknown time zone"):
        suggest(team_free=[], rules=SchedulingRules(), team_zone="EST5EDT/x", now=utc(3, 10))
