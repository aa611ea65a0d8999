"""How suggested times read on a task: both zones with their abbreviations, in plain English.

Day and month names come from fixed tables rather than ``strftime`` so the text never depends on the
machine's locale.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from schedlink.domain.availability.intervals import Interval
from schedlink.domain.availability.picking import Picker

Source = Literal["slots", "windows", "team"]  # where the chosen times came from; "team" = no overlap

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def describe_start(start: datetime, team_zone: ZoneInfo, lead_zone: ZoneInfo | None) -> str:
    """Reads "Thu 12 Mar 14:00 EDT / 11:00 PDT"; the lead's day is repeated only when it differs."""
    team_local = start.astimezone(team_zone)
    text = f"{_date(team_local)} {_clock(team_local)}"
    if lead_zone is None or lead_zone.key == team_zone.key:
        return text
    lead_local = start.astimezone(lead_zone)
    if lead_local.date() == team_local.date():
        return f"{text} / {_clock(lead_local)}"
    return f"{text} / {_date(lead_local)} {_clock(lead_local)}"


def describe_window(window: Interval, zone: ZoneInfo) -> str:
    """A window as the lead would read it: "Thu 13:00–17:00 PDT", or "Thu 22:00–Fri 02:00 CET"."""
    start, end = window.start.astimezone(zone), window.end.astimezone(zone)
    end_day = "" if end.date() == start.date() else f"{_DAY_NAMES[end.weekday()]} "
    start_text = f"{_DAY_NAMES[start.weekday()]} {start:%H:%M}"
    if start.tzname() != end.tzname():
        start_text = f"{start_text} {start.tzname()}"
    return f"{start_text}–{end_day}{_clock(end)}"


def reasons(
    chosen: list[Interval],
    picker: Picker,
    source: Source,
    team_tz: ZoneInfo,
    lead_tz: ZoneInfo | None,
    lead_windows: list[Interval],
) -> list[str]:
    """One line per chosen time: when, in both zones, and why it was chosen."""
    lines: list[str] = []
    days_seen: set[date] = set()
    window_starts = [window.start for window in lead_windows]
    first_preferred = next((slot for slot in chosen if picker.is_preferred(slot)), None)
    ours = source == "team"
    for slot in chosen:
        day = slot.start.astimezone(picker.day_zone).date()
        if source == "windows":
            written = lead_windows[bisect_right(window_starts, slot.start) - 1]
            why = f"inside the window the lead wrote ({describe_window(written, lead_tz or team_tz)})"
        elif not picker.is_preferred(slot):
            why = (
                f"free {'on our side' if ours else 'for both'}, though outside the lead's usual working hours"
            )
        elif slot is first_preferred:
            why = "our first free time" if ours else "first time both calendars are free"
            if slot != picker.first:
                why += " in the lead's working hours"
        elif day in days_seen:
            why = "another free time of ours that day" if ours else "another time both are free that day"
        else:
            why = "our next free day" if ours else "next free day for both"
        days_seen.add(day)
        lines.append(f"{describe_start(slot.start, team_tz, lead_tz)} — {why}")
    return lines


def note(source: Source, lead_known: bool, lead_zone_known: bool, any_slots: bool, horizon: str) -> str:
    """One plain sentence for the task: why these times, or why there is no common time."""
    hours_first = ", in the lead's working hours first" if lead_zone_known else ""
    if source == "slots":
        return (
            "These are the earliest times the lead's scheduler offers that are also free on our side, "
            f"one per day where possible{hours_first}."
        )
    if source == "windows":
        return (
            "These are the earliest times inside the availability the lead wrote that are also free on our "
            f"side, one per day where possible{hours_first}."
        )
    if lead_known:
        reason = f"No time the lead offers is free on our side in the next {horizon}"
        if not any_slots:
            return f"{reason}, and we have no free time to offer instead."
        return f"{reason}; offer our link and these times instead."
    if not any_slots:
        return f"The lead's availability is unknown, and we have no free time in the next {horizon} to offer."
    return (
        "The lead's availability is unknown; offer our link and these free times of ours "
        f"in the next {horizon} instead."
    )


def span_of_days(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _date(local: datetime) -> str:
    return f"{_DAY_NAMES[local.weekday()]} {local.day} {_MONTH_NAMES[local.month - 1]}"


def _clock(local: datetime) -> str:
    return f"{local:%H:%M} {local.tzname()}"
