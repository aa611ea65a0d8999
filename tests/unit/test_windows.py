"""Availability written in words, turned into absolute windows (conventions of corpus/SCHEMA.md)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.timing import Window
from schedlink.domain.windows import find_windows

pytestmark = pytest.mark.unit

# A Wednesday, four days before the US switches to daylight time (2026-03-08).
WEDNESDAY = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)


def spans(text: str, received: datetime = WEDNESDAY, zone: str = "America/New_York") -> list[tuple[str, str]]:
    return [
        (w.start.isoformat(), w.end.isoformat()) for w in find_windows(text, received_at=received, zone=zone)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tue or Wed after 2pm CT", [("2026-03-10T14:00:00-05:00", "2026-03-10T17:00:00-05:00"),
                                     ("2026-03-11T14:00:00-05:00", "2026-03-11T17:00:00-05:00")]),
        ("tomorrow 3-5 works", [("2026-03-05T15:00:00-05:00", "2026-03-05T17:00:00-05:00")]),
        ("next week Mon 10-12 PST", [("2026-03-09T10:00:00-07:00", "2026-03-09T12:00:00-07:00")]),
        ("Thursday morning?", [("2026-03-05T09:00:00-05:00", "2026-03-05T12:00:00-05:00")]),
        ("Friday afternoon is free", [("2026-03-06T12:00:00-05:00", "2026-03-06T17:00:00-05:00")]),
        ("any time Friday", [("2026-03-06T09:00:00-05:00", "2026-03-06T17:00:00-05:00")]),
        ("Friday before 11am", [("2026-03-06T09:00:00-05:00", "2026-03-06T11:00:00-05:00")]),
        ("Tuesday between 10 and noon", [("2026-03-10T10:00:00-04:00", "2026-03-10T12:00:00-04:00")]),
        ("Thursday 10am-12pm", [("2026-03-05T10:00:00-05:00", "2026-03-05T12:00:00-05:00")]),
        ("Friday 14:00-15:30", [("2026-03-06T14:00:00-05:00", "2026-03-06T15:30:00-05:00")]),
        ("Thursday 8.45-9.15", [("2026-03-05T08:45:00-05:00", "2026-03-05T09:15:00-05:00")]),
        ("Can we do Thursday at 2pm?", [("2026-03-05T14:00:00-05:00", "2026-03-05T14:30:00-05:00")]),
        ("this afternoon or tomorrow morning", [("2026-03-04T12:00:00-05:00", "2026-03-04T17:00:00-05:00"),
                                                ("2026-03-05T09:00:00-05:00", "2026-03-05T12:00:00-05:00")]),
    ],
    ids=["weekday-list-after", "tomorrow-bare", "next-week", "morning", "afternoon", "any-time", "before",
         "between-noon", "am-pm", "24-hour", "dotted", "single-time", "relative-parts"],
)  # fmt: skip
def test_find_windows_follows_the_scoring_conventions(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday 2-4pm", ("14:00", "16:00")),
        ("Monday 11-1", ("11:00", "13:00")),
        ("Monday 9-10:30am", ("09:00", "10:30")),
        ("Monday 12-2", ("12:00", "14:00")),
        ("Monday 2-4", ("14:00", "16:00")),
        ("Monday 8-10a", ("08:00", "10:00")),
        ("Monday 3-5p", ("15:00", "17:00")),
        ("Monday 10-12pm", ("10:00", "12:00")),
        ("Monday 11am-1", ("11:00", "13:00")),
        ("Monday 7:30-9pm", ("19:30", "21:00")),
        ("Monday 2 - 4 p.m.", ("14:00", "16:00")),
        ("Monday from 2 until 5pm", ("14:00", "17:00")),
    ],
    ids=["end-pm", "crosses-noon", "morning-half-hour", "noon-start", "bare-business", "a-suffix", "p-suffix",
         "noon-end", "start-am-only", "evening", "dotted-pm", "from-until"],
)  # fmt: skip
def test_find_windows_infers_am_and_pm(text: str, expected: tuple[str, str]) -> None:
    windows = find_windows(text, received_at=WEDNESDAY, zone="America/New_York")
    assert [(w.start.strftime("%H:%M"), w.end.strftime("%H:%M")) for w in windows] == [expected]


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Montag 9–11 Uhr oder Mittwoch 13–15 Uhr", "Europe/Berlin",
         [("2026-03-09T09:00:00+01:00", "2026-03-09T11:00:00+01:00"),
          ("2026-03-11T13:00:00+01:00", "2026-03-11T15:00:00+01:00")]),
        ("Mo 10-12 oder Di., 14–16 Uhr", "Europe/Berlin",
         [("2026-03-09T10:00:00+01:00", "2026-03-09T12:00:00+01:00"),
          ("2026-03-10T14:00:00+01:00", "2026-03-10T16:00:00+01:00")]),
        ("Donnerstag, 12. März, zwischen 15 und 16 Uhr", "Europe/Berlin",
         [("2026-03-12T15:00:00+01:00", "2026-03-12T16:00:00+01:00")]),
        ("morgen Nachmittag passt", "Europe/Berlin", [("2026-03-05T12:00:00+01:00", "2026-03-05T17:00:00+01:00")]),
        ("vendredi 13h-15h", "Europe/Paris", [("2026-03-06T13:00:00+01:00", "2026-03-06T15:00:00+01:00")]),
        ("lun. 10h-12h ou mer. 14h30-16h", "Europe/Paris",
         [("2026-03-09T10:00:00+01:00", "2026-03-09T12:00:00+01:00"),
          ("2026-03-11T14:30:00+01:00", "2026-03-11T16:00:00+01:00")]),
        ("mardi 17 mars entre 10h et 11h30", "Europe/Paris",
         [("2026-03-17T10:00:00+01:00", "2026-03-17T11:30:00+01:00")]),
        ("el jueves de 10 a 12 y el viernes de 16 a 18", "Europe/Madrid",
         [("2026-03-05T10:00:00+01:00", "2026-03-05T12:00:00+01:00"),
          ("2026-03-06T16:00:00+01:00", "2026-03-06T18:00:00+01:00")]),
        ("mañana por la tarde", "America/Mexico_City", [("2026-03-05T12:00:00-06:00", "2026-03-05T17:00:00-06:00")]),
        ("el lunes 16 de marzo de 10:00 a 11:00", "Europe/Madrid",
         [("2026-03-16T10:00:00+01:00", "2026-03-16T11:00:00+01:00")]),
        ("sexta-feira das 10h às 12h", "America/Sao_Paulo",
         [("2026-03-06T10:00:00-03:00", "2026-03-06T12:00:00-03:00")]),
        ("seg 9h-11h ou qua 14h-15h", "Europe/Lisbon",
         [("2026-03-09T09:00:00+00:00", "2026-03-09T11:00:00+00:00"),
          ("2026-03-11T14:00:00+00:00", "2026-03-11T15:00:00+00:00")]),
        ("donderdag van 10 tot 12 uur", "Europe/Amsterdam",
         [("2026-03-05T10:00:00+01:00", "2026-03-05T12:00:00+01:00")]),
        ("Ma 10-12 of wo 14-16 uur", "Europe/Amsterdam",
         [("2026-03-09T10:00:00+01:00", "2026-03-09T12:00:00+01:00"),
          ("2026-03-11T14:00:00+01:00", "2026-03-11T16:00:00+01:00")]),
    ],
    ids=["de-uhr", "de-abbreviations", "de-date", "de-morgen", "fr-h", "fr-abbreviations", "fr-date", "es-de-a",
         "es-manana", "es-date", "pt-feira", "pt-abbreviations", "nl-uur", "nl-abbreviations"],
)  # fmt: skip
def test_find_windows_reads_six_languages(text: str, zone: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text, zone=zone) == expected


@pytest.mark.parametrize(
    ("text", "received", "zone", "expected"),
    [
        ("Monday 11/23 2-4pm ET", datetime(2026, 11, 18, 21, tzinfo=UTC), "America/Chicago",
         [("2026-11-23T14:00:00-05:00", "2026-11-23T16:00:00-05:00")]),
        ("Monday 7/12 10-11", datetime(2027, 7, 1, 9, tzinfo=UTC), "Europe/London",
         [("2027-12-07T10:00:00+00:00", "2027-12-07T11:00:00+00:00")]),
        ("Thursday Dec 17, 2-3pm", datetime(2026, 12, 15, 15, tzinfo=UTC), "America/New_York",
         [("2026-12-17T14:00:00-05:00", "2026-12-17T15:00:00-05:00")]),
        ("Tuesday the 3rd 1-2pm", datetime(2026, 10, 27, 18, tzinfo=UTC), "America/Chicago",
         [("2026-11-03T13:00:00-06:00", "2026-11-03T14:00:00-06:00")]),
        ("Thursday 26th 14:00-15:00", datetime(2026, 2, 25, 11, tzinfo=UTC), "Europe/London",
         [("2026-02-26T14:00:00+00:00", "2026-02-26T15:00:00+00:00")]),
        ("how about Jan 5 at 10am?", datetime(2026, 12, 20, 11, tzinfo=UTC), "America/New_York",
         [("2027-01-05T10:00:00-05:00", "2027-01-05T10:30:00-05:00")]),
        ("tomorrow 9-11am PT", datetime(2026, 6, 9, 4, 30, tzinfo=UTC), "America/Los_Angeles",
         [("2026-06-09T09:00:00-07:00", "2026-06-09T11:00:00-07:00")]),
        ("Friday 10-11am", datetime(2026, 3, 6, 16, tzinfo=UTC), "America/New_York",
         [("2026-03-13T10:00:00-04:00", "2026-03-13T11:00:00-04:00")]),
    ],
    ids=["us-month-first", "elsewhere-day-first", "month-name", "ordinal-with-weekday", "ordinal-this-month",
         "next-year", "tomorrow-in-lead-zone", "weekday-strictly-after-today"],
)  # fmt: skip
def test_find_windows_resolves_dates(
    text: str, received: datetime, zone: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text, received, zone) == expected


@pytest.mark.parametrize(
    ("text", "received", "zone", "expected"),
    [
        ("Friday 10-11am or Monday 10-11am", datetime(2026, 3, 5, 15, tzinfo=UTC), "America/New_York",
         [("2026-03-06T10:00:00-05:00", "2026-03-06T11:00:00-05:00"),
          ("2026-03-09T10:00:00-04:00", "2026-03-09T11:00:00-04:00")]),
        ("morgen 10-12 Uhr oder Montag 10-12 Uhr", datetime(2026, 3, 27, 9, tzinfo=UTC), "Europe/Berlin",
         [("2026-03-28T10:00:00+01:00", "2026-03-28T12:00:00+01:00"),
          ("2026-03-30T10:00:00+02:00", "2026-03-30T12:00:00+02:00")]),
        ("Friday 10-11am or Monday 10-11am Sydney time", datetime(2026, 4, 1, 23, tzinfo=UTC), "UTC",
         [("2026-04-03T10:00:00+11:00", "2026-04-03T11:00:00+11:00"),
          ("2026-04-06T10:00:00+10:00", "2026-04-06T11:00:00+10:00")]),
        ("Sunday 1-4am ET", datetime(2026, 11, 1, 3, tzinfo=UTC), "America/New_York",
         [("2026-11-01T01:00:00-04:00", "2026-11-01T04:00:00-05:00")]),
    ],
    ids=["us-spring-forward", "eu-spring-forward", "sydney-autumn-back", "us-fall-back-night"],
)  # fmt: skip
def test_find_windows_builds_wall_times_across_daylight_saving(
    text: str, received: datetime, zone: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text, received, zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday and Friday 1-3pm", [("2026-03-05T13:00:00-05:00", "2026-03-05T15:00:00-05:00"),
                                       ("2026-03-06T13:00:00-05:00", "2026-03-06T15:00:00-05:00")]),
        ("10-11am on Tuesday or Wednesday", [("2026-03-10T10:00:00-04:00", "2026-03-10T11:00:00-04:00"),
                                             ("2026-03-11T10:00:00-04:00", "2026-03-11T11:00:00-04:00")]),
        ("Monday 9-10 or 2-3pm", [("2026-03-09T09:00:00-04:00", "2026-03-09T10:00:00-04:00"),
                                  ("2026-03-09T14:00:00-04:00", "2026-03-09T15:00:00-04:00")]),
        ("Monday 2-4pm PT or Tuesday 10-11 ET", [("2026-03-09T14:00:00-07:00", "2026-03-09T16:00:00-07:00"),
                                                 ("2026-03-10T10:00:00-04:00", "2026-03-10T11:00:00-04:00")]),
        ("Thursday 1-3pm or Friday 9-11am (London)", [("2026-03-05T13:00:00+00:00", "2026-03-05T15:00:00+00:00"),
                                                      ("2026-03-06T09:00:00+00:00", "2026-03-06T11:00:00+00:00")]),
        ("Monday 9-11 or Monday 10-12", [("2026-03-09T09:00:00-04:00", "2026-03-09T12:00:00-04:00")]),
        ("Friday 3-4pm, or Thursday 3-4pm", [("2026-03-05T15:00:00-05:00", "2026-03-05T16:00:00-05:00"),
                                             ("2026-03-06T15:00:00-05:00", "2026-03-06T16:00:00-05:00")]),
        ("at 2pm or 4pm on Thursday", [("2026-03-05T14:00:00-05:00", "2026-03-05T14:30:00-05:00"),
                                       ("2026-03-05T16:00:00-05:00", "2026-03-05T16:30:00-05:00")]),
        ("Thursday 10-11 AEST (Brisbane)", [("2026-03-12T10:00:00+10:00", "2026-03-12T11:00:00+10:00")]),
        ("Can you do Tuesday (Mar 10) 2-3pm?", [("2026-03-10T14:00:00-04:00", "2026-03-10T15:00:00-04:00")]),
        ("el mar 10-12 me va bien", [("2026-03-10T10:00:00-04:00", "2026-03-10T12:00:00-04:00")]),
        ("Thursday after lunch", [("2026-03-05T13:00:00-05:00", "2026-03-05T17:00:00-05:00")]),
        ("I have a meeting Tuesday 2-3pm, but Wednesday 2-3pm works",
         [("2026-03-11T14:00:00-04:00", "2026-03-11T15:00:00-04:00")]),
        ("quinta-feira, 12/03, das 14h às 16h", [("2026-03-12T14:00:00-04:00", "2026-03-12T16:00:00-04:00")]),
    ],
    ids=["shared-range", "range-before-days", "two-ranges-one-day", "own-zones", "zone-named-once", "merged",
         "sorted", "times-before-day", "abbreviation-then-place", "parenthesised-date", "mar-weekday",
         "after-lunch", "busy-then-free", "day-first-language-in-us-zone"],
)  # fmt: skip
def test_find_windows_pairs_days_spans_and_zones(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I'm off on Monday",
        "I'm out of the office until Monday, March 23 at 9am.",
        "I booked Tuesday at 3pm on your calendar",
        "See you Thursday at 2pm!",
        "Ya he reservado un hueco para el martes a las 10.",
        "Am Montag 10-12 Uhr geht es leider nicht",
        "Je ne suis pas disponible lundi de 10h à 12h",
        "Segunda das 10h às 12h não posso",
        "Maandag 10-12 kan ik niet",
        "On Mon, Oct 26, 2026 at 7:00 AM Sam Lee <sam@acme.io> wrote:",
        "Call me Monday on (312) 555-0182",
        "Seats are $10-20 each, Monday is fine",
        "We run 8-12 trucks on Monday",
        "Plan for 2-3 hours on Monday",
        "We trim fuel 8-12% by Monday",
        "We upgrade from version 2.10-2.12 on Monday",
        "Thanks, booked for Thursday!",
        "Morning Tom, thanks for the note",
        "Guten Morgen Frau Vogt, danke",
        "Can we do 2pm?",
        "Let's talk next week",
        "Our office is open Mon-Fri 9-5, book online",
        "Office hours: Monday and Wednesday 1-2",
        "I have a meeting Tuesday 2-3pm",
        "I could do the 14th",
    ],
    ids=["off", "out-of-office", "booked", "see-you", "es-booked", "de-not", "fr-not", "pt-not", "nl-not",
         "quoted-header", "phone-number", "price", "count", "duration", "percent", "version", "booked-no-time",
         "greeting", "de-greeting", "no-day", "no-time", "opening-hours", "office-hours", "prior-meeting",
         "english-do-is-no-weekday"],
)  # fmt: skip
def test_find_windows_ignores_what_is_not_availability(text: str) -> None:
    assert spans(text) == []


def test_find_windows_keeps_the_free_day_beside_a_busy_one() -> None:
    assert spans("I'm out Wednesday, but Thursday 3-4pm ET works") == [
        ("2026-03-05T15:00:00-05:00", "2026-03-05T16:00:00-05:00")
    ]


def test_find_windows_uses_the_given_zone_when_the_text_names_none() -> None:
    assert spans("Thursday 2-3pm", zone="Asia/Singapore") == [
        ("2026-03-05T14:00:00+08:00", "2026-03-05T15:00:00+08:00")
    ]


def test_find_windows_reports_the_phrase() -> None:
    assert find_windows("Great - Thursday 2-4pm ET works.", received_at=WEDNESDAY, zone="UTC") == (
        Window(
            datetime.fromisoformat("2026-03-05T14:00:00-05:00"),
            datetime.fromisoformat("2026-03-05T16:00:00-05:00"),
            "Thursday 2-4pm",
        ),
    )


@pytest.mark.parametrize(
    ("zone", "received"),
    [("Not/AZone", WEDNESDAY), ("", WEDNESDAY), ("UTC", datetime(2026, 3, 4, 15, 0))],
    ids=["unknown-zone", "empty-zone", "naive-received-at"],
)
def test_find_windows_survives_bad_arguments(zone: str, received: datetime) -> None:
    assert spans("Thursday 2-3pm", received, zone) == [
        ("2026-03-05T14:00:00+00:00", "2026-03-05T15:00:00+00:00")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Monday 2-4pm " * 300_000,
        "a" * 5_000_000,
        "\x00\x01\x02" * 100_000,
        "\ud800 Thursday 2-4pm \udfff",
        "1-2 " * 500_000,
        "Monday " * 500_000,
        "İ" * 10_000 + " Thursday 2-4pm",
    ],
    ids=[
        "repeated-windows",
        "5mb-letters",
        "binary",
        "lone-surrogates",
        "many-ranges",
        "many-days",
        "dotted-i",
    ],
)
def test_find_windows_answers_hostile_input_quickly(text: str) -> None:
    started = time.perf_counter()
    find_windows(text, received_at=WEDNESDAY, zone="America/New_York")
    assert time.perf_counter() - started < 2.0


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_find_windows_never_raises_and_gives_ordered_disjoint_windows(text: str) -> None:
    windows = find_windows(text, received_at=WEDNESDAY, zone="Europe/Paris")
    ordered = all(w.start < w.end for w in windows) and all(a.end < b.start for a, b in pairwise(windows))
    assert ordered is True


@settings(max_examples=200, deadline=None)
@given(
    day=st.sampled_from(["Monday", "lunes", "Montag", "lundi", "segunda-feira", "maandag"]),
    start=st.integers(min_value=8, max_value=15),
    length=st.integers(min_value=1, max_value=3),
)
def test_find_windows_reads_any_24_hour_range_after_a_weekday(day: str, start: int, length: int) -> None:
    windows = find_windows(
        f"{day} {start}:00-{start + length}:00", received_at=WEDNESDAY, zone="Europe/Paris"
    )
    assert [(w.start.hour, w.end.hour, w.start.weekday()) for w in windows] == [(start, start + length, 0)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wednesday afternoon or anytime monday", [("2026-03-09T09:00:00-04:00", "2026-03-09T17:00:00-04:00"),
                                                   ("2026-03-11T12:00:00-04:00", "2026-03-11T17:00:00-04:00")]),
        ("Friday morning, or any time Tuesday works", [("2026-03-06T09:00:00-05:00", "2026-03-06T12:00:00-05:00"),
                                                       ("2026-03-10T09:00:00-04:00", "2026-03-10T17:00:00-04:00")]),
        ("Monday 9-10 or 2-3pm Tuesday", [("2026-03-09T09:00:00-04:00", "2026-03-09T10:00:00-04:00"),
                                          ("2026-03-10T14:00:00-04:00", "2026-03-10T15:00:00-04:00")]),
        ("Monday 9-10 or 2-3pm Tuesday 4-5pm", [("2026-03-09T09:00:00-04:00", "2026-03-09T10:00:00-04:00"),
                                                ("2026-03-09T14:00:00-04:00", "2026-03-09T15:00:00-04:00"),
                                                ("2026-03-10T16:00:00-04:00", "2026-03-10T17:00:00-04:00")]),
    ],
    ids=["any-time-next-day", "comma-any-time-across-dst", "span-before-bare-day", "next-day-has-own-span"],
)  # fmt: skip
def test_find_windows_gives_a_span_before_a_day_to_that_day(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Kan het woensdagochtend?", "Europe/Amsterdam", [("2026-03-11T09:00:00+01:00", "2026-03-11T12:00:00+01:00")]),
        ("zaterdagmiddag ben ik vrij", "Europe/Brussels", [("2026-03-07T12:00:00+01:00", "2026-03-07T17:00:00+01:00")]),
        ("Dinsdagavond kan ook", "Europe/Amsterdam", [("2026-03-10T17:00:00+01:00", "2026-03-10T20:00:00+01:00")]),
        ("Donnerstagnachmittag wäre gut", "Europe/Berlin", [("2026-03-05T12:00:00+01:00", "2026-03-05T17:00:00+01:00")]),
        ("Passt Ihnen Montagvormittag?", "Europe/Vienna", [("2026-03-09T09:00:00+01:00", "2026-03-09T12:00:00+01:00")]),
        ("Montagmorgen oder Dienstagabend", "Europe/Zurich", [("2026-03-09T09:00:00+01:00", "2026-03-09T12:00:00+01:00"),
                                                              ("2026-03-10T17:00:00+01:00", "2026-03-10T20:00:00+01:00")]),
        ("Monday morning works", "America/New_York", [("2026-03-09T09:00:00-04:00", "2026-03-09T12:00:00-04:00")]),
    ],
    ids=["nl-morning", "nl-afternoon", "nl-evening", "de-afternoon", "de-morning", "de-two", "en-dst"],
)  # fmt: skip
def test_find_windows_reads_compound_day_parts(text: str, zone: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text, zone=zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok, i'll grab something monday afternoon", [("2026-03-09T12:00:00-04:00", "2026-03-09T17:00:00-04:00")]),
        ("Is there a booking page? I will book a slot Friday morning",
         [("2026-03-06T09:00:00-05:00", "2026-03-06T12:00:00-05:00")]),
    ],
    ids=["grab-something", "book-a-slot"],
)  # fmt: skip
def test_find_windows_reads_the_slot_a_lead_will_pick(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text", ["will book tonight", "I'll schedule Friday once I'm back", "I'll book Monday 2pm"]
)
def test_find_windows_ignores_when_a_lead_will_book(text: str) -> None:
    assert spans(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday suits me. 10-11:30 if possible.", [("2026-03-06T10:00:00-05:00", "2026-03-06T11:30:00-05:00")]),
        ("Monday is good! Ideally 3pm", [("2026-03-09T15:00:00-04:00", "2026-03-09T15:30:00-04:00")]),
        ("Freitag passt. 14-15 Uhr wäre ideal.", [("2026-03-06T14:00:00-05:00", "2026-03-06T15:00:00-05:00")]),
        ("El lunes me va bien. De 10 a 12.", [("2026-03-09T10:00:00-04:00", "2026-03-09T12:00:00-04:00")]),
    ],
    ids=["en-range", "en-point-dst", "de", "es"],
)  # fmt: skip
def test_find_windows_pairs_a_day_with_a_time_in_the_next_sentence(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Thanks for the call Friday. 2-3 things to follow up on",
        "Monday works. Friday 10-12 too",
        "I'm off Monday. 10-12 is best",
        "Monday works for the demo.\n\nRegards,\nAnn\n+1 212 555 0100",
    ],
    ids=["no-cue", "other-day", "negated-day", "signature"],
)
def test_find_windows_does_not_carry_a_day_without_cause(text: str) -> None:
    assert spans(text) != [("2026-03-09T10:00:00-04:00", "2026-03-09T12:00:00-04:00")]
    assert all(not start.startswith("2026-03-06T14") for start, _ in spans(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday at 11 or 3", [("2026-03-05T11:00:00-05:00", "2026-03-05T11:30:00-05:00"),
                                 ("2026-03-05T15:00:00-05:00", "2026-03-05T15:30:00-05:00")]),
        ("Monday at 1pm or 4", [("2026-03-09T13:00:00-04:00", "2026-03-09T13:30:00-04:00"),
                                ("2026-03-09T16:00:00-04:00", "2026-03-09T16:30:00-04:00")]),
        ("Freitag um 9 oder 10", [("2026-03-06T09:00:00-05:00", "2026-03-06T09:30:00-05:00"),
                                  ("2026-03-06T10:00:00-05:00", "2026-03-06T10:30:00-05:00")]),
        ("Thursday at 10am and 2pm", [("2026-03-05T10:00:00-05:00", "2026-03-05T10:30:00-05:00"),
                                      ("2026-03-05T14:00:00-05:00", "2026-03-05T14:30:00-05:00")]),
        ("Thursday at 3 or 4 people", [("2026-03-05T15:00:00-05:00", "2026-03-05T15:30:00-05:00")]),
    ],
    ids=["en-bare", "en-pm-then-bare-dst", "de", "and-two-times", "count-is-no-time"],
)  # fmt: skip
def test_find_windows_keeps_every_listed_time(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Wednesday 1-2pm your time", "Europe/Paris", [("2026-03-11T13:00:00+01:00", "2026-03-11T14:00:00+01:00")]),
        ("I'm in Denver; Monday 10-11 (your time) works", "America/New_York",
         [("2026-03-09T10:00:00-04:00", "2026-03-09T11:00:00-04:00")]),
        ("Donnerstag 15-16 Uhr Ihrer Zeit", "Asia/Tokyo", [("2026-03-12T15:00:00+09:00", "2026-03-12T16:00:00+09:00")]),
        ("Thursday 3pm Madrid", "America/New_York", [("2026-03-05T15:00:00+01:00", "2026-03-05T15:30:00+01:00")]),
        ("Monday 9-10am San Francisco", "America/New_York", [("2026-03-09T09:00:00-07:00", "2026-03-09T10:00:00-07:00")]),
        ("Monday 10am Spanish class", "America/New_York", [("2026-03-09T10:00:00-04:00", "2026-03-09T10:30:00-04:00")]),
    ],
    ids=["your-time", "your-time-beats-self", "de-ihrer-zeit", "place-after-time", "two-word-place-dst",
         "adjective-is-no-place"],
)  # fmt: skip
def test_find_windows_reads_the_zone_after_a_time(
    text: str, zone: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text, zone=zone) == expected


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Me viene bien el jue. de 15 a 17 h.", "Europe/Madrid",
         [("2026-03-05T15:00:00+01:00", "2026-03-05T17:00:00+01:00")]),
        ("Prefiero el vie. 10-12h.", "Europe/Madrid", [("2026-03-06T10:00:00+01:00", "2026-03-06T12:00:00+01:00")]),
        ("Am Fr. von 14 bis 16 Uhr passt es.", "Europe/Berlin",
         [("2026-03-06T14:00:00+01:00", "2026-03-06T16:00:00+01:00")]),
        ("Je suis libre ven. 14h à 16h.", "Europe/Paris", [("2026-03-06T14:00:00+01:00", "2026-03-06T16:00:00+01:00")]),
        ("Posso na sex. das 9h às 11h.", "Europe/Lisbon", [("2026-03-06T09:00:00+00:00", "2026-03-06T11:00:00+00:00")]),
        ("Ik kan vr. van 13 tot 15 uur.", "Europe/Amsterdam",
         [("2026-03-06T13:00:00+01:00", "2026-03-06T15:00:00+01:00")]),
        ("Ik kan do. van 9 tot 11 uur.", "Europe/Amsterdam",
         [("2026-03-05T09:00:00+01:00", "2026-03-05T11:00:00+01:00")]),
    ],
    ids=["es-de-a-h", "es-dash-h", "de-von-bis", "fr-h-a-h", "pt-das-as", "nl-van-tot", "nl-lower-do"],
)  # fmt: skip
def test_find_windows_reads_abbreviated_weekdays_with_a_dot(
    text: str, zone: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text, zone=zone) == expected


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Nächste Woche Mo. oder Do., jeweils nachmittags.", "Europe/Berlin",
         [("2026-03-09T12:00:00+01:00", "2026-03-09T17:00:00+01:00"),
          ("2026-03-12T12:00:00+01:00", "2026-03-12T17:00:00+01:00")]),
        ("Monday or Friday, afternoons.", "America/New_York",
         [("2026-03-06T12:00:00-05:00", "2026-03-06T17:00:00-05:00"),
          ("2026-03-09T12:00:00-04:00", "2026-03-09T17:00:00-04:00")]),
        ("Thursday or Friday, both mornings", "America/New_York",
         [("2026-03-05T09:00:00-05:00", "2026-03-05T12:00:00-05:00"),
          ("2026-03-06T09:00:00-05:00", "2026-03-06T12:00:00-05:00")]),
        ("jeudi ou vendredi, l'après-midi.", "Europe/Paris",
         [("2026-03-05T12:00:00+01:00", "2026-03-05T17:00:00+01:00"),
          ("2026-03-06T12:00:00+01:00", "2026-03-06T17:00:00+01:00")]),
        ("jueves o viernes por la tarde", "Europe/Madrid",
         [("2026-03-05T12:00:00+01:00", "2026-03-05T17:00:00+01:00"),
          ("2026-03-06T12:00:00+01:00", "2026-03-06T17:00:00+01:00")]),
    ],
    ids=["de-jeweils-next-week", "en-plural-dst", "en-both", "fr-l-apres-midi", "es-por-la-tarde"],
)  # fmt: skip
def test_find_windows_shares_a_day_part_among_listed_days(
    text: str, zone: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text, zone=zone) == expected


# A Friday two days before Europe moves its clocks forward (2026-03-29).
FRIDAY_BEFORE_EU_DST = datetime(2026, 3, 27, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Montag zwischen 8:30 und 10 Uhr Münchner Zeit wäre gut.",
         [("2026-03-30T08:30:00+02:00", "2026-03-30T10:00:00+02:00")]),
        ("Dinsdag van 14 tot 15 uur Rotterdamse tijd.", [("2026-03-31T14:00:00+02:00", "2026-03-31T15:00:00+02:00")]),
        ("el lun. de 9 a 11 h, hora de Lima.", [("2026-03-30T09:00:00-05:00", "2026-03-30T11:00:00-05:00")]),
        ("lundi 9h-10h heure de Montréal", [("2026-03-30T09:00:00-04:00", "2026-03-30T10:00:00-04:00")]),
        ("segunda das 14h às 15h, horário de Lisboa", [("2026-03-30T14:00:00+01:00", "2026-03-30T15:00:00+01:00")]),
        ("Monday 3-4pm Lisbon time", [("2026-03-30T15:00:00+01:00", "2026-03-30T16:00:00+01:00")]),
        ("Estamos en Valencia. El martes de 10 a 12 nos va bien.",
         [("2026-03-31T10:00:00+02:00", "2026-03-31T12:00:00+02:00")]),
    ],
    ids=["de-city-adjective-dst", "nl-city-adjective", "es-hora-de", "fr-heure-de", "pt-horario-de",
         "en-city-time", "es-self-place"],
)  # fmt: skip
def test_find_windows_applies_a_place_zone_in_the_same_sentence(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text, received=FRIDAY_BEFORE_EU_DST, zone="America/New_York") == expected


@pytest.mark.parametrize(
    "text",
    [
        "Wir brauchen Do. 15 Teilnehmer.",
        "Tengo reunión el jue. de 15 a 17 h.",
        "Ich habe einen Termin am Di. von 9 bis 11 Uhr.",
        "Öffnungszeiten der Praxis sind geschlossen. Our office hours are Mon. to Fri. 9-5.",
        "> El jue. de 15 a 17 h, hora de Bogotá.\n",
        "Preis: 15 a 17 EUR",
        "Estoy fuera, vuelvo el lun. 12 de enero.",
    ],
    ids=["count-after-day", "es-meeting", "de-appointment", "opening-hours", "quoted", "price", "ooo-return"],
)
def test_find_windows_finds_nothing_in_abbreviated_non_availability(text: str) -> None:
    assert spans(text, zone="Europe/Madrid") == []


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("Tuesday 10-11:30 or Thursday afternoon, Central. Invite this address.", "Europe/London",
         [("2026-03-05T12:00:00-06:00", "2026-03-05T17:00:00-06:00"),
          ("2026-03-10T10:00:00-05:00", "2026-03-10T11:30:00-05:00")]),
        ("tomorrow morning ET works", "America/Chicago", [("2026-03-05T09:00:00-05:00", "2026-03-05T12:00:00-05:00")]),
        ("viernes por la mañana PT", "Europe/Madrid", [("2026-03-06T09:00:00-08:00", "2026-03-06T12:00:00-08:00")]),
        ("Donnerstagnachmittag CT passt", "Europe/Berlin",
         [("2026-03-05T12:00:00-06:00", "2026-03-05T17:00:00-06:00")]),
        ("Friday 2-4pm, Pacific.", "America/New_York", [("2026-03-06T14:00:00-08:00", "2026-03-06T16:00:00-08:00")]),
        ("Tuesday morning at Central Station", "Europe/London",
         [("2026-03-10T09:00:00+00:00", "2026-03-10T12:00:00+00:00")]),
        ("mardi matin et jeudi après-midi", "Europe/Paris",
         [("2026-03-05T12:00:00+01:00", "2026-03-05T17:00:00+01:00"),
          ("2026-03-10T09:00:00+01:00", "2026-03-10T12:00:00+01:00")]),
    ],
    ids=["comma-central", "morning-et", "es-manana-pt", "de-compound-ct", "comma-pacific", "central-station",
         "fr-et-is-and"],
)  # fmt: skip
def test_find_windows_reads_a_zone_after_a_part_of_the_day_or_closing_the_clause(
    text: str, zone: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text, zone=zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I could speak any time Thursday, or Friday morning.",
         [("2026-03-05T09:00:00-05:00", "2026-03-05T17:00:00-05:00"),
          ("2026-03-06T09:00:00-05:00", "2026-03-06T12:00:00-05:00")]),
        ("Any time Thursday or Friday works.",
         [("2026-03-05T09:00:00-05:00", "2026-03-05T17:00:00-05:00"),
          ("2026-03-06T09:00:00-05:00", "2026-03-06T17:00:00-05:00")]),
        ("Ich kann jederzeit am Donnerstag, oder Freitagvormittag.",
         [("2026-03-05T09:00:00-05:00", "2026-03-05T17:00:00-05:00"),
          ("2026-03-06T09:00:00-05:00", "2026-03-06T12:00:00-05:00")]),
    ],
    ids=["en-any-time-then-morning", "en-any-time-shared", "de-any-time-then-morning"],
)  # fmt: skip
def test_find_windows_keeps_a_listed_days_own_span(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ben - scheduled a time with you via your booking page this morning. Confirmation #A-1.",
        "I've scheduled a call for Thursday 2pm, see the invite.",
        "Just grabbed a slot for Friday morning.",
        "I called you this morning, no answer.",
        "Ya reservé una hora para el jueves a las 10.",
        "J'ai réservé un créneau jeudi matin.",
        "Heute Vormittag habe ich angerufen.",
    ],
    ids=["en-scheduled-this-morning", "en-ive-scheduled", "en-grabbed", "en-called-this-morning",
         "es-ya-reserve", "fr-jai-reserve", "de-angerufen-heute"],
)  # fmt: skip
def test_find_windows_ignores_what_is_already_booked_or_past(text: str) -> None:
    assert spans(text) == []


def test_find_windows_keeps_a_request_to_schedule() -> None:
    assert spans("Can we get something scheduled for Thursday afternoon?") == [
        ("2026-03-05T12:00:00-05:00", "2026-03-05T17:00:00-05:00")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday afternoon 2-4pm works for me", ("2026-11-12T14:00", "2026-11-12T16:00")),
        ("Free this afternoon 2-4pm", ("2026-11-09T14:00", "2026-11-09T16:00")),
        ("Donnerstagnachmittag 14-16 Uhr passt", ("2026-11-12T14:00", "2026-11-12T16:00")),
        ("jueves por la mañana de 10 a 11:30", ("2026-11-12T10:00", "2026-11-12T11:30")),
    ],
    ids=["day-part-then-range", "today-part-then-range", "de-compound-then-range", "es-morning-then-range"],
)
def test_find_windows_prefers_a_clock_range_inside_a_day_part(text: str, expected: tuple[str, str]) -> None:
    received = datetime(2026, 11, 9, 15, 0, tzinfo=UTC)

    windows = find_windows(text, received_at=received, zone="America/New_York")

    assert [(w.start.strftime("%Y-%m-%dT%H:%M"), w.end.strftime("%Y-%m-%dT%H:%M")) for w in windows] == [
        expected
    ]


TUESDAY_JUNE = datetime(2026, 6, 16, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        ("I'm in Regina, Saskatchewan. Tuesday 10-11 CST works.", "America/Toronto",
         [("2026-06-23T10:00:00-06:00", "2026-06-23T11:00:00-06:00")]),
        ("I'm on the Gold Coast. Friday 2-3pm AEST works.", "Australia/Sydney",
         [("2026-06-19T14:00:00+10:00", "2026-06-19T15:00:00+10:00")]),
        ("I'm in Cancun - Tuesday 10-11am EST.", "America/New_York",
         [("2026-06-23T10:00:00-05:00", "2026-06-23T11:00:00-05:00")]),
        ("Tuesday 10-11am EST.", "America/Chicago",
         [("2026-06-23T10:00:00-04:00", "2026-06-23T11:00:00-04:00")]),
    ],
    ids=["regina", "gold-coast", "cancun", "plain-est-keeps-new-york"],
)  # fmt: skip
def test_times_beside_a_zone_word_take_the_named_place_that_keeps_one_offset(
    text: str, zone: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(text, TUESDAY_JUNE, zone) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giovedì pomeriggio andrebbe bene.", [("2026-06-18T12:00:00+02:00", "2026-06-18T17:00:00+02:00")]),
        ("Domani pomeriggio sono libero.", [("2026-06-17T12:00:00+02:00", "2026-06-17T17:00:00+02:00")]),
        ("Giovedì sera va bene.", [("2026-06-18T17:00:00+02:00", "2026-06-18T20:00:00+02:00")]),
        ("Domattina o dopodomani pomeriggio.", [("2026-06-17T09:00:00+02:00", "2026-06-17T12:00:00+02:00"),
                                                ("2026-06-18T12:00:00+02:00", "2026-06-18T17:00:00+02:00")]),
        ("La prossima settimana, lunedì mattina?", [("2026-06-22T09:00:00+02:00", "2026-06-22T12:00:00+02:00")]),
        ("Torsdag eftermiddag passar bra.", [("2026-06-18T12:00:00+02:00", "2026-06-18T17:00:00+02:00")]),
        ("Imorgon eftermiddag är jag ledig.", [("2026-06-17T12:00:00+02:00", "2026-06-17T17:00:00+02:00")]),
        ("Vi kan ta det i eftermiddag eller i morgon förmiddag.",
         [("2026-06-16T12:00:00+02:00", "2026-06-16T17:00:00+02:00"),
          ("2026-06-17T09:00:00+02:00", "2026-06-17T12:00:00+02:00")]),
        ("Nästa vecka, tisdag förmiddag?", [("2026-06-23T09:00:00+02:00", "2026-06-23T12:00:00+02:00")]),
        ("torsdagseftermiddag funkar", [("2026-06-18T12:00:00+02:00", "2026-06-18T17:00:00+02:00")]),
        ("Giovedì pomeriggio sono in ferie, ma venerdì mattina va bene.",
         [("2026-06-19T09:00:00+02:00", "2026-06-19T12:00:00+02:00")]),
        ("Jag kan inte på torsdag, men fredag eftermiddag funkar.",
         [("2026-06-19T12:00:00+02:00", "2026-06-19T17:00:00+02:00")]),
        ("El jueves será perfecto.", []),
    ],
    ids=["it-weekday-part", "it-tomorrow", "it-sera", "it-domattina", "it-next-week", "sv-weekday-part",
         "sv-tomorrow", "sv-i-part", "sv-next-week", "sv-compound", "it-negated", "sv-negated", "es-sera"],
)  # fmt: skip
def test_italian_and_swedish_day_words_alone_give_windows(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(text, TUESDAY_JUNE, "Europe/Rome") == expected
