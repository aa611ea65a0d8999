"""Reading iCalendar text into busy time: real-world files from other projects, small hand-written
calendars for the rules, and hostile calendars that must be refused quickly."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import shared_dir
from schedlink.calendars.deadline import TimeLimitExceeded, run_with_time_limit
from schedlink.calendars.ics import BusyRead, CalendarError, CalendarLimits, busy_from_ics
from schedlink.domain.availability import Interval

pytestmark = pytest.mark.integration

ICS_FIXTURES = shared_dir() / "fixtures" / "ics"
FIXTURE_FILES = sorted(ICS_FIXTURES.glob("*.ics"))
# Fixtures the reader cannot use at all, with the reason it gives. Everything else must parse.
UNREADABLE_FIXTURES = {
    # iCloud wrote the 1883 local-mean-time offset of US/Pacific as "+5328", which is no UTC offset.
    "icalevents__icloud.ics": "Offset must be less than 24 hours",
}


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def span(start: datetime, end: datetime) -> Interval:
    return Interval(start, end)


def read(text: str | bytes, start: datetime, end: datetime, zone: str = "UTC", **options: object) -> BusyRead:
    return busy_from_ics(text, window_start=start, window_end=end, default_zone=zone, **options)  # type: ignore[arg-type]


def fixture(name: str) -> bytes:
    return (ICS_FIXTURES / name).read_bytes()


def calendar(*components: str) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//schedlink tests//EN"]
    for component in components:
        lines.extend(line.strip() for line in component.strip().splitlines())
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def event(uid: str, *properties: str) -> str:
    return "\n".join(["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20250101T000000Z", *properties, "END:VEVENT"])


# --- every real-world file parses or is refused in words; none crashes or hangs ------------------------


def test_the_fixture_folder_is_there() -> None:
    assert len(FIXTURE_FILES) >= 25, f"expected the shared .ics fixtures in {ICS_FIXTURES}"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda path: path.name)
def test_every_fixture_parses_or_is_refused_in_words(path: Path) -> None:
    started = time.perf_counter()
    if path.name in UNREADABLE_FIXTURES:
        with pytest.raises(CalendarError, match=UNREADABLE_FIXTURES[path.name]):
            read(path.read_bytes(), utc(1990, 1, 1), utc(2030, 1, 1), "Europe/Berlin")
    else:
        result = read(path.read_bytes(), utc(1990, 1, 1), utc(2030, 1, 1), "Europe/Berlin")
        assert result.busy == sorted(result.busy)
        assert all(a.end < b.start for a, b in zip(result.busy, result.busy[1:], strict=False))
        assert all(i.start.tzinfo is UTC for i in result.busy)
        assert result.events >= len(result.busy)
    assert time.perf_counter() - started < 2


# --- specific real-world files ---------------------------------------------------------------------------


def test_exdates_listed_on_one_line_under_a_windows_zone_name_are_left_out() -> None:
    # Exchange: Fridays 11:00-11:30 "Eastern Standard Time" (a VTIMEZONE), 18 Mar, 1 Apr and 8 Apr excluded.
    result = read(fixture("icalevents__multi_exdate_same_line_ms.ics"), utc(2022, 1, 1), utc(2023, 1, 1))
    starts = [(i.start.month, i.start.day, i.start.hour) for i in result.busy]
    # 16:00Z while New York keeps EST, 15:00Z once daylight time starts on 13 March.
    assert starts == [(3, 11, 16), (3, 25, 15), (4, 15, 15), (4, 22, 15), (4, 29, 15)]
    assert all(i.seconds == 30 * 60 for i in result.busy)
    assert result.events == 5


def test_exdates_on_separate_lines_are_left_out() -> None:
    result = read(
        fixture("icalendar__events_event_with_recurrence_exdates_on_different_lines.ics"),
        utc(2012, 1, 1),
        utc(2013, 1, 1),
    )
    days = [(i.start.month, i.start.day) for i in result.busy]
    assert days == [(3, 27), (4, 24), (5, 8), (5, 15), (5, 22), (6, 5), (6, 12), (6, 19), (6, 26), (7, 3)]
    assert result.busy[0] == span(utc(2012, 3, 27, 8), utc(2012, 3, 27, 16))  # 10:00-18:00 Vienna summer time


def test_a_daily_series_skips_its_exdates() -> None:
    result = read(fixture("icalendar__events_event_with_recurrence.ics"), utc(1996, 1, 1), utc(1997, 1, 1))
    days = {(i.start.month, i.start.day) for i in result.busy}
    assert result.events == 97  # COUNT=100 minus three EXDATEs
    assert not days & {(4, 2), (4, 3), (4, 4)}
    assert {(4, 1), (4, 5)} <= days


def test_a_recurrence_id_override_moves_one_instance() -> None:
    # Monthly on the 2nd Wednesday 13:00-14:00 New York; the April instance moved to 10:30-11:30.
    result = read(fixture("icalevents__recurr_id_dtstart_missmatch.ics"), utc(2022, 1, 1), utc(2023, 1, 1))
    april = [i for i in result.busy if i.start.month == 4]
    assert april == [span(utc(2022, 4, 13, 14, 30), utc(2022, 4, 13, 15, 30))]
    assert result.events == 7
    assert span(utc(2022, 5, 11, 17), utc(2022, 5, 11, 18)) in result.busy


def test_overrides_without_their_series_still_count() -> None:
    result = read(fixture("icalevents__recurrenceid_google.ics"), utc(2021, 3, 1), utc(2021, 4, 1))
    assert result.busy == [span(utc(2021, 3, d, 11), utc(2021, 3, d, 12)) for d in (24, 25, 26, 27)]


def test_an_all_day_event_covers_whole_days_in_the_team_zone() -> None:
    # Exchange all-day event 24-27 March 2021 (DTEND exclusive).
    text = fixture("icalevents__ms_tz.ics")
    new_york = read(text, utc(2021, 3, 1), utc(2021, 4, 1), "America/New_York")
    tokyo = read(text, utc(2021, 3, 1), utc(2021, 4, 1), "Asia/Tokyo")
    assert new_york.busy == [span(utc(2021, 3, 24, 4), utc(2021, 3, 27, 4))]
    assert tokyo.busy == [span(utc(2021, 3, 23, 15), utc(2021, 3, 26, 15))]


def test_floating_times_are_read_in_the_team_zone() -> None:
    # "DTSTART:20180115T100000" with DURATION:PT3H and no zone at all.
    text = fixture("icalevents__duration.ics")
    berlin = read(text, utc(2018, 1, 14), utc(2018, 1, 16), "Europe/Berlin")
    chicago = read(text, utc(2018, 1, 14), utc(2018, 1, 16), "America/Chicago")
    assert berlin.busy == [span(utc(2018, 1, 15, 9), utc(2018, 1, 15, 12))]
    assert chicago.busy == [span(utc(2018, 1, 15, 16), utc(2018, 1, 15, 19))]


def test_an_all_day_duration_and_an_event_with_no_end_follow_the_rules() -> None:
    result = read(fixture("icalevents__duration.ics"), utc(2018, 1, 1), utc(2018, 2, 1), "UTC")
    assert span(utc(2018, 1, 10), utc(2018, 1, 13)) in result.busy  # DTSTART date + DURATION:P3D
    assert result.skipped == ["1 event with no duration ignored"]  # 20 Jan 12:00, no DTEND or DURATION


def test_each_event_keeps_its_own_time_zone() -> None:
    result = read(fixture("icalevents__per_event_timezone.ics"), utc(2024, 3, 20), utc(2024, 3, 30))
    assert result.busy == [
        span(utc(2024, 3, 24, 23), utc(2024, 3, 25, 0)),  # 07:00 Perth (UTC+8)
        span(utc(2024, 3, 25, 6), utc(2024, 3, 25, 7)),  # 07:00 Zurich (UTC+1)
    ]


def test_a_custom_tzid_defined_by_its_vtimezone_is_honoured() -> None:
    # TZID "UTC+11" is no zone name, but the file defines it: 23:00 at +11:00.
    result = read(fixture("icalendar__calendars_issue_218_bad_tzid.ics"), utc(2017, 2, 1), utc(2017, 4, 1))
    assert result.busy == [span(utc(2017, 2, 28, 12), utc(2017, 2, 28, 12, 30))]
    assert result.skipped == []


def test_zone_names_without_a_vtimezone_come_from_the_zone_database() -> None:
    result = read(
        fixture("icalendar__calendars_issue_722_missing_timezones.ics"), utc(2014, 1, 1), utc(2025, 1, 1)
    )
    assert result.busy == [
        span(utc(2014, 8, 29, 12), utc(2014, 8, 29, 15)),  # 08:00 New York to 08:00 Los Angeles
        span(utc(2024, 9, 13, 10), utc(2024, 9, 13, 12)),  # RDATE period 12:00 Berlin for two hours
    ]
    assert result.skipped == ["2 events with no start time ignored"]


# --- the rules, on small hand-written calendars ----------------------------------------------------------


def test_transparent_cancelled_and_tentative_events() -> None:
    text = calendar(
        event("busy", "DTSTART:20250303T090000Z", "DTEND:20250303T100000Z"),
        event("free", "DTSTART:20250303T110000Z", "DTEND:20250303T120000Z", "TRANSP:TRANSPARENT"),
        event("gone", "DTSTART:20250303T130000Z", "DTEND:20250303T140000Z", "STATUS:CANCELLED"),
        event("maybe", "DTSTART:20250303T150000Z", "DTEND:20250303T160000Z", "STATUS:TENTATIVE"),
    )
    counted = read(text, utc(2025, 3, 1), utc(2025, 3, 8))
    assert counted.busy == [
        span(utc(2025, 3, 3, 9), utc(2025, 3, 3, 10)),
        span(utc(2025, 3, 3, 15), utc(2025, 3, 3, 16)),
    ]
    assert counted.events == 4
    assert sorted(counted.skipped) == ["1 cancelled event ignored", "1 event marked as free ignored"]
    not_counted = read(text, utc(2025, 3, 1), utc(2025, 3, 8), tentative_busy=False)
    assert not_counted.busy == [span(utc(2025, 3, 3, 9), utc(2025, 3, 3, 10))]
    assert "1 tentative event ignored" in not_counted.skipped


def test_a_dense_rule_read_in_slices_counts_each_instance_once() -> None:
    # Hourly for a year is queried in several slices; instances overlap the slice edges (90 minutes each).
    text = calendar(event("hourly", "DTSTART:20250101T000000Z", "DURATION:PT90M", "RRULE:FREQ=HOURLY"))
    result = read(text, utc(2025, 1, 1), utc(2026, 1, 1))
    assert result.events == 365 * 24
    assert result.busy == [span(utc(2025, 1, 1), utc(2026, 1, 1))]


def test_an_override_can_cancel_or_free_a_single_instance() -> None:
    text = calendar(
        event("daily", "DTSTART:20250303T090000Z", "DTEND:20250303T100000Z", "RRULE:FREQ=DAILY;COUNT=4"),
        event("daily", "RECURRENCE-ID:20250304T090000Z", "DTSTART:20250304T090000Z",
              "DTEND:20250304T100000Z", "STATUS:CANCELLED"),
        event("daily", "RECURRENCE-ID:20250305T090000Z", "DTSTART:20250305T090000Z",
              "DTEND:20250305T100000Z", "TRANSP:TRANSPARENT"),
    )  # fmt: skip
    result = read(text, utc(2025, 3, 1), utc(2025, 3, 10))
    assert [i.start.day for i in result.busy] == [3, 6]


def test_a_weekly_new_york_meeting_stays_at_nine_local_across_the_dst_change() -> None:
    zoned = calendar(
        event("standup", "DTSTART;TZID=America/New_York:20250303T090000",
              "DTEND;TZID=America/New_York:20250303T093000", "RRULE:FREQ=WEEKLY;BYDAY=MO"),
    )  # fmt: skip
    floating = calendar(
        event("standup", "DTSTART:20250303T090000", "DTEND:20250303T093000", "RRULE:FREQ=WEEKLY;BYDAY=MO")
    )
    expected = [
        span(utc(2025, 3, 3, 14), utc(2025, 3, 3, 14, 30)),  # EST, UTC-5
        span(utc(2025, 3, 10, 13), utc(2025, 3, 10, 13, 30)),  # EDT from 9 March, UTC-4
        span(utc(2025, 3, 17, 13), utc(2025, 3, 17, 13, 30)),
    ]
    assert read(zoned, utc(2025, 3, 1), utc(2025, 3, 20), "Europe/Berlin").busy == expected
    assert read(floating, utc(2025, 3, 1), utc(2025, 3, 20), "America/New_York").busy == expected


def test_an_unknown_tzid_falls_back_to_the_team_zone_with_a_note() -> None:
    text = calendar(
        event("odd", "DTSTART;TZID=Mars/Olympus_Mons:20250303T090000",
              "DTEND;TZID=Mars/Olympus_Mons:20250303T100000"),
    )  # fmt: skip
    result = read(text, utc(2025, 3, 1), utc(2025, 3, 8), "Europe/Berlin")
    assert result.busy == [span(utc(2025, 3, 3, 8), utc(2025, 3, 3, 9))]
    assert result.skipped == ["1 event with an unknown time zone read as Europe/Berlin time"]


def test_floating_times_follow_the_calendars_own_zone_when_it_names_a_known_one() -> None:
    floating = event("f", "DTSTART:20250303T090000", "DTEND:20250303T100000")
    tokyo = "X-WR-TIMEZONE:Asia/Tokyo\n" + floating
    unknown = "X-WR-TIMEZONE:Mars/Olympus_Mons\n" + floating
    assert read(calendar(tokyo), utc(2025, 3, 1), utc(2025, 3, 8), "Europe/Berlin").busy == [
        span(utc(2025, 3, 3, 0), utc(2025, 3, 3, 1))
    ]
    result = read(calendar(unknown), utc(2025, 3, 1), utc(2025, 3, 8), "Europe/Berlin")
    assert result.busy == [span(utc(2025, 3, 3, 8), utc(2025, 3, 3, 9))]
    assert result.skipped == [
        "the calendar's own time zone is unknown; its floating times read as Europe/Berlin time"
    ]


def test_windows_zone_names_map_to_iana_zones() -> None:
    text = calendar(
        event("pst", "DTSTART;TZID=Pacific Standard Time:20250710T090000",
              "DTEND;TZID=Pacific Standard Time:20250710T100000"),
    )  # fmt: skip
    result = read(text, utc(2025, 7, 1), utc(2025, 8, 1))
    assert result.busy == [span(utc(2025, 7, 10, 16), utc(2025, 7, 10, 17))]  # PDT, UTC-7


def test_vfreebusy_busy_types_count_and_free_does_not() -> None:
    text = calendar(
        """
        BEGIN:VFREEBUSY
        UID:fb
        DTSTAMP:20250101T000000Z
        FREEBUSY:20250303T090000Z/20250303T100000Z
        FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20250304T090000Z/PT2H
        FREEBUSY;FBTYPE=BUSY-TENTATIVE:20250305T090000Z/20250305T100000Z,20250306T090000Z/PT30M
        FREEBUSY;FBTYPE=FREE:20250307T090000Z/20250307T170000Z
        END:VFREEBUSY
        """
    )
    firm = [span(utc(2025, 3, 3, 9), utc(2025, 3, 3, 10)), span(utc(2025, 3, 4, 9), utc(2025, 3, 4, 11))]
    tentative = [
        span(utc(2025, 3, 5, 9), utc(2025, 3, 5, 10)),
        span(utc(2025, 3, 6, 9), utc(2025, 3, 6, 9, 30)),
    ]
    assert read(text, utc(2025, 3, 1), utc(2025, 3, 10)).busy == firm + tentative
    strict = read(text, utc(2025, 3, 1), utc(2025, 3, 10), tentative_busy=False)
    assert strict.busy == firm
    assert strict.skipped == ["2 tentative busy periods ignored"]


def test_busy_time_is_clipped_to_the_window_and_merged() -> None:
    text = calendar(
        event("a", "DTSTART:20250302T220000Z", "DTEND:20250303T100000Z"),
        event("b", "DTSTART:20250303T093000Z", "DTEND:20250303T110000Z"),
        event("c", "DTSTART:20250303T110000Z", "DTEND:20250303T113000Z"),
        event("outside", "DTSTART:20250310T090000Z", "DTEND:20250310T100000Z"),
        event("todo-like", "DTSTART;VALUE=DATE:20250304"),
        "BEGIN:VTODO\nUID:t\nDTSTAMP:20250101T000000Z\nDTSTART:20250303T150000Z\nDUE:20250303T160000Z\nEND:VTODO",
    )
    result = read(text, utc(2025, 3, 3), utc(2025, 3, 5))
    # a+b+c touch and join; the all-day event with no DTEND is one day; the VTODO is not busy time.
    assert result.busy == [
        span(utc(2025, 3, 3), utc(2025, 3, 3, 11, 30)),
        span(utc(2025, 3, 4), utc(2025, 3, 5)),
    ]
    assert result.events == 4


def test_an_event_without_start_or_with_an_unreadable_start_is_skipped_with_a_note() -> None:
    text = calendar(
        event("ok", "DTSTART:20250303T090000Z", "DTEND:20250303T100000Z"),
        event("nostart", "DTEND:20250303T100000Z"),
        event("broken", "DTSTART:2025-03-03 nine", "DTEND:20250303T100000Z"),
    )
    result = read(text, utc(2025, 3, 1), utc(2025, 3, 8))
    assert result.busy == [span(utc(2025, 3, 3, 9), utc(2025, 3, 3, 10))]
    assert sorted(result.skipped) == [
        "1 event with an unreadable date or time ignored",
        "1 event with no start time ignored",
    ]


def test_text_and_bytes_are_both_accepted() -> None:
    text = calendar(event("é", "SUMMARY:Réunion", "DTSTART:20250303T090000Z", "DTEND:20250303T100000Z"))
    assert read(text, utc(2025, 3, 1), utc(2025, 3, 8)) == read(
        text.encode(), utc(2025, 3, 1), utc(2025, 3, 8)
    )


def test_caller_mistakes_are_value_errors() -> None:
    text = calendar()
    with pytest.raises(ValueError, match="end after it starts"):
        read(text, utc(2025, 3, 8), utc(2025, 3, 1))
    with pytest.raises(ValueError, match="unknown time zone"):
        read(text, utc(2025, 3, 1), utc(2025, 3, 8), "Mars/Olympus_Mons")


# --- bounds: hostile calendars are refused in words, quickly ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("hello, this is not a calendar", "not a readable iCalendar file"),
        ("<html><body>Sign in to see this calendar</body></html>", "not a readable iCalendar file"),
        ("", "there is no BEGIN:VCALENDAR"),
        ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Someone\r\nEND:VCARD\r\n", "there is no BEGIN:VCALENDAR"),
    ],
)
def test_text_that_is_not_icalendar_is_refused(text: str, reason: str) -> None:
    with pytest.raises(CalendarError, match=reason):
        read(text, utc(2025, 3, 1), utc(2025, 3, 8))


def test_an_oversized_calendar_is_refused_before_parsing() -> None:
    big = calendar(event("x", "DTSTART:20250303T090000Z", "DESCRIPTION:" + "x" * 7_200_000))
    with pytest.raises(CalendarError, match=r"^calendar is 7\.2 MB, over the 5 MB limit$"):
        read(big, utc(2025, 3, 1), utc(2025, 3, 8))
    with pytest.raises(CalendarError, match=r"over the 0\.1 MB limit"):
        read(big.encode(), utc(2025, 3, 1), utc(2025, 3, 8), limits=CalendarLimits(max_bytes=100_000))


def hostile(rule: str, start: str = "20250101T090000Z") -> str:
    return calendar(event("hostile", f"DTSTART:{start}", "DURATION:PT1S", f"RRULE:{rule}"))


def refused_quickly(text: str, limits: CalendarLimits, match: str) -> None:
    started = time.perf_counter()
    with pytest.raises(CalendarError, match=match):
        read(text, utc(2025, 1, 1), utc(2026, 1, 1), limits=limits)
    # Not a speed target: expanding every instance (31 million seconds in a year) would take many minutes;
    # stopping at the limit takes about a second, so a generous bound still tells the two apart on a busy
    # machine running other tests beside this one.
    assert time.perf_counter() - started < 30


def test_an_endless_secondly_rule_stops_at_the_instance_limit() -> None:
    refused_quickly(
        hostile("FREQ=SECONDLY"),
        CalendarLimits(),
        r"^calendar expands to more than 50,000 events in the window$",
    )


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MINUTELY",
        "FREQ=MINUTELY;COUNT=100000000",
        "FREQ=HOURLY;UNTIL=99991231T000000Z",
        # one rule, 86,400 instances a day through BY-parts
        "FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE=" + ",".join(map(str, range(60)))
        + ";BYSECOND=" + ",".join(map(str, range(60))),
    ],
    ids=["minutely", "huge-count", "hourly-until-9999", "daily-by-second"],
)  # fmt: skip
def test_rules_with_millions_of_instances_stop_at_the_instance_limit(rule: str) -> None:
    refused_quickly(hostile(rule), CalendarLimits(max_instances=5_000), "more than 5,000 events")


def test_many_single_events_also_count_toward_the_instance_limit() -> None:
    text = calendar(*(event(f"e{n}", f"DTSTART:20250301T{n // 60:02d}{n % 60:02d}00Z") for n in range(1_200)))
    refused_quickly(text, CalendarLimits(max_instances=1_000), "more than 1,000 events")


@pytest.mark.parametrize(
    ("rule", "start"),
    [
        ("FREQ=SECONDLY", "19900101T000000Z"),  # steps through 35 years of seconds before the window
        ("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", "20250101T000000Z"),  # never matches, never yields
    ],
    ids=["secondly-since-1990", "30-february"],
)
def test_rules_that_loop_without_instances_stop_at_the_time_limit(rule: str, start: str) -> None:
    before = threading.active_count()
    refused_quickly(
        hostile(rule, start), CalendarLimits(max_seconds=0.5), "took more than 0.5 seconds to read"
    )
    # The abandoned expansion is stopped too, not left running in the background.
    deadline = time.monotonic() + 2
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert threading.active_count() <= before


def test_the_time_limit_stops_code_that_swallows_exceptions() -> None:
    stopped = threading.Event()

    def stubborn() -> None:
        try:
            while True:
                try:
                    sum(range(100))
                except Exception:  # what careless library code does; the limit must get through
                    continue
        finally:
            stopped.set()

    started = time.perf_counter()
    with pytest.raises(TimeLimitExceeded):
        run_with_time_limit(stubborn, 0.2)
    assert time.perf_counter() - started < 1
    assert stopped.wait(2)
    assert run_with_time_limit(lambda: 42, 1.0) == 42
    with pytest.raises(ZeroDivisionError):
        run_with_time_limit(lambda: 1 / 0, 1.0)
