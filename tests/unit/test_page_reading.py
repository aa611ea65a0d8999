"""Reading back what a booking page shows: the checks that stop a browser before it picks a time nobody
chose — wall-clock text, a page's zone, a meeting's length, a form's summary, a question's answer."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schedlink.domain.booking.page import (
    TimeForm,
    answer_for,
    instant_from_summary,
    instant_of,
    minutes_from_text,
    month_of,
    time_text_selector,
    wall_clock,
    wall_clock_forms,
    zone_from_text,
)
from schedlink.domain.providers import classify_url, gohighlevel_page, spec_by_slug

pytestmark = pytest.mark.unit
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30am", time(9, 30)), ("9:30 PM", time(21, 30)), ("12:15 am", time(0, 15)), ("12:00pm", time(12, 0)),
        ("3 pm", time(15, 0)), ("14:30", time(14, 30)), ("09:05", time(9, 5)), ("9.30am", None), ("13:00pm", None),
        ("24:00", None), ("noon", None), ("", None),
    ],
)  # fmt: skip
def test_wall_clock_reads_the_usual_forms_and_nothing_else(text: str, expected: time | None) -> None:
    assert wall_clock(text) == expected


def test_an_iso_button_is_exact_whatever_the_zone() -> None:
    moment = instant_of("2026-03-12T14:30:00.000Z", TimeForm.ISO_INSTANT, None, None)
    assert moment == datetime(2026, 3, 12, 14, 30, tzinfo=UTC)
    assert instant_of("2026-03-12T14:30:00", TimeForm.ISO_INSTANT, None, None) is None  # no offset: refused
    assert instant_of("1773325800000", TimeForm.EPOCH_MS, None, None) == datetime(
        2026, 3, 12, 14, 30, tzinfo=UTC
    )
    assert instant_of("17733x", TimeForm.EPOCH_MS, None, None) is None


def test_wall_clock_needs_the_day_and_the_zone() -> None:
    assert instant_of("9:30am", TimeForm.WALL_CLOCK, None, NEW_YORK) is None
    assert instant_of("9:30am", TimeForm.WALL_CLOCK, date(2026, 3, 12), None) is None
    assert instant_of("9:30am", TimeForm.WALL_CLOCK, date(2026, 3, 12), NEW_YORK) == datetime(
        2026, 3, 12, 13, 30, tzinfo=UTC
    )


def test_times_a_clock_change_skips_or_repeats_are_refused() -> None:
    assert instant_of("2:30am", TimeForm.WALL_CLOCK, date(2026, 3, 8), NEW_YORK) is None  # skipped
    assert instant_of("1:30am", TimeForm.WALL_CLOCK, date(2026, 11, 1), NEW_YORK) is None  # happens twice
    assert instant_of("3:30am", TimeForm.WALL_CLOCK, date(2026, 3, 8), NEW_YORK) is not None


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)))
def test_every_written_form_reads_back_as_the_same_instant(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    local = moment.astimezone(NEW_YORK)
    for form in wall_clock_forms(moment, NEW_YORK):
        read = instant_of(form, TimeForm.WALL_CLOCK, local.date(), NEW_YORK)
        assert read in (moment, None)  # None only where the clock change makes the text ambiguous


def test_the_time_selector_matches_the_whole_text_only() -> None:
    selector = time_text_selector(datetime(2026, 3, 12, 13, 30, tzinfo=UTC), NEW_YORK)
    assert "9:30" in selector
    assert selector.startswith("button:text-matches(")


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("(GMT-07:00) Pacific Time - America/Los_Angeles", "America/Los_Angeles"),
        ("Times are in Europe/Berlin", "Europe/Berlin"),
        ("america/new_york", "America/New_York"),
        ("Eastern Time - US & Canada", None),  # a label alone is ambiguous
        ("UTC", "UTC"),
    ],
)
def test_a_pages_zone_is_taken_only_from_a_zone_name(text: str, zone: str | None) -> None:
    found = zone_from_text(text)
    assert (found.key if found else None) == zone


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("30 min", 30),
        ("1 hr 15 min", 75),
        ("45 minutes", 45),
        ("30 min appointments", 30),
        ("1h", 60),
        ("Intro", None),
    ],
)
def test_a_meetings_length_is_read_from_words(text: str, minutes: int | None) -> None:
    assert minutes_from_text(text) == minutes


def test_a_forms_summary_states_one_instant() -> None:
    text = "9:30am - 10:00am, Thursday, March 12, 2026"
    assert instant_from_summary(text, NEW_YORK) == datetime(2026, 3, 12, 13, 30, tzinfo=UTC)
    assert instant_from_summary("Thursday 12 March 2026, 14:00", NEW_YORK) == datetime(
        2026, 3, 12, 18, 0, tzinfo=UTC
    )
    assert (
        instant_from_summary("9:30am - 10:00am, Thursday, March 12", NEW_YORK) is None
    )  # no year: not certain
    assert instant_from_summary("February 30, 2026 at 9:00am", NEW_YORK) is None


def test_months_and_answers() -> None:
    assert month_of(" March 2026 ") == (2026, 3)
    assert month_of("Week of March 2") is None
    answers = (("What is your company's annual budget?", "Undecided"),)
    assert answer_for("What is your company’s annual budget *", answers) == "Undecided"
    assert answer_for("what is your company's annual budget", answers) == "Undecided"
    assert answer_for("Phone number", answers) is None


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
    st.sampled_from(["America/New_York", "Europe/Berlin", "Asia/Kolkata", "Australia/Lord_Howe", "UTC"]),
)
def test_a_gohighlevel_slot_reads_back_as_its_instant_in_any_zone(moment: datetime, zone_name: str) -> None:
    moment = moment.replace(second=0, microsecond=0)
    zone = ZoneInfo(zone_name)
    value = gohighlevel_page.slot_value(moment, zone)  # as the free-slots call writes it, with its offset
    assert instant_of(value, TimeForm.ISO_INSTANT, None, None) == moment
    assert f"[data-slot='{value}']" in gohighlevel_page.time_button(moment, zone)


def test_a_gohighlevel_slot_is_written_as_the_free_slots_call_writes_it() -> None:
    moment = datetime(2026, 9, 28, 7, 0, tzinfo=UTC)
    assert gohighlevel_page.slot_value(moment, ZoneInfo("Europe/Berlin")) == "2026-09-28T09:00:00+02:00"
    assert gohighlevel_page.slot_value(moment, ZoneInfo("UTC")) == "2026-09-28T07:00:00+00:00"
    assert gohighlevel_page.day(date(2026, 9, 28)) == "button.day[data-date='2026-09-28']:not([disabled])"
    assert gohighlevel_page.RECIPE.time_form is TimeForm.ISO_INSTANT
    assert gohighlevel_page.RECIPE.time_value == "data-slot"


@pytest.mark.parametrize(
    ("link", "refused"),
    [
        ("https://api.leadconnectorhq.com/widget/booking/0fu9WVucPWOYhM0tSEGE", False),
        ("https://api.example-agency.com/widget/bookings/jo-reyes/discovery", False),
        ("https://link.msgsndr.com/widget/group/0fu9WVucPWOYhM0tSEGE", True),
    ],
)
def test_a_gohighlevel_group_page_is_not_booked_in_a_browser(link: str, refused: bool) -> None:
    spec = spec_by_slug("gohighlevel")
    assert spec is not None
    recipe = spec.book_in_page
    assert recipe is gohighlevel_page.RECIPE
    assert recipe.unbookable is not None
    assert (recipe.unbookable(classify_url(link)) is not None) is refused
