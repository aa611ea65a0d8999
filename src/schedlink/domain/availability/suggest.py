"""Suggested overlap times for a review task: the team's free time against what the lead offers.

Candidates come from the lead's scheduler (exact starts they offer, so a person can book that very
start), else from windows the lead wrote (starts on the team's slot grid), else there is no overlap
and the team's own free times are offered. Selection prefers the lead's working hours (09:00–18:00
on their weekdays), then spreads over days: one per day first, earliest first, then the earliest of
the rest. Candidates are read lazily in time order and whole days are skipped once they cannot change
the choice, so a year-long horizon costs about as much as the few days actually looked at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from schedlink.domain.availability.candidates import GridCursor, SlotCursor, offered_inside
from schedlink.domain.availability.intervals import (
    Interval,
    clip,
    instant_from_json,
    instant_to_json,
    intersect,
    merge,
)
from schedlink.domain.availability.picking import Picker
from schedlink.domain.availability.rules import SchedulingRules
from schedlink.domain.availability.team import booking_window
from schedlink.domain.availability.wallclock import load_zone
from schedlink.domain.availability.wording import Source, note, reasons, span_of_days


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One time to offer, why it was chosen, and where to book it on the lead's page if known."""

    start: datetime
    end: datetime
    reason: str
    booking_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "start": instant_to_json(self.start),
            "end": instant_to_json(self.end),
            "reason": self.reason,
            "booking_url": self.booking_url,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Suggestion:
        if not isinstance(data, Mapping) or not isinstance(data.get("reason"), str):
            raise ValueError("a suggestion needs 'start', 'end' and a 'reason' string")
        url = data.get("booking_url")
        if url is not None and not isinstance(url, str):
            raise ValueError("a suggestion's booking_url must be a string or null")
        span = Interval(
            instant_from_json(data.get("start"), "start"), instant_from_json(data.get("end"), "end")
        )
        return cls(span.start, span.end, data["reason"], url)


@dataclass(frozen=True, slots=True)
class SuggestionResult:
    """The chosen times; ``overlap`` is False when they are only the team's own free times."""

    slots: tuple[Suggestion, ...]
    overlap: bool
    note: str

    def to_json(self) -> dict[str, Any]:
        return {"slots": [slot.to_json() for slot in self.slots], "overlap": self.overlap, "note": self.note}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SuggestionResult:
        if not isinstance(data, Mapping) or not isinstance(data.get("slots"), list):
            raise ValueError("a suggestion result needs a 'slots' list")
        if not isinstance(data.get("overlap"), bool) or not isinstance(data.get("note"), str):
            raise ValueError("a suggestion result needs 'overlap' (true/false) and a 'note' string")
        return cls(tuple(Suggestion.from_json(slot) for slot in data["slots"]), data["overlap"], data["note"])


def suggest(
    *,
    team_free: Sequence[Interval],
    rules: SchedulingRules,
    team_zone: str,
    now: datetime,
    lead_slots: Sequence[tuple[datetime, datetime | None]] | None = None,
    lead_windows: Sequence[Interval] | None = None,
    lead_zone: str | None = None,
    booking_url: Callable[[datetime], str | None] | None = None,
) -> SuggestionResult:
    """The best few times for both sides (see the module docstring for the order of preference)."""
    team_tz = load_zone(team_zone)
    lead_tz = load_zone(lead_zone) if lead_zone is not None else None
    window = booking_window(rules, now)
    free = clip(team_free, *window) if window is not None else []
    meeting = timedelta(minutes=rules.meeting_minutes)
    picker = Picker(count=rules.suggestion_count, day_zone=lead_tz or team_tz, business_zone=lead_tz)
    lead_known = lead_slots is not None or lead_windows is not None
    lead_merged = merge(lead_windows or [])
    step = rules.slot_step_minutes
    source: Source = "team"
    chosen: list[Interval] = []
    if lead_slots:
        offered = SlotCursor(offered_inside(lead_slots, free, meeting))
        source, chosen = "slots", picker.pick(offered, uniform_length=False)
    elif lead_windows:
        common = GridCursor(intersect(free, lead_merged), team_tz, step, meeting)
        source, chosen = "windows", picker.pick(common, uniform_length=True)
    if not chosen:
        source, chosen = "team", picker.pick(GridCursor(free, team_tz, step, meeting), uniform_length=True)
    why = reasons(chosen, picker, source, team_tz, lead_tz, lead_merged)
    slots = tuple(
        Suggestion(
            slot.start,
            slot.end,
            reason,
            booking_url(slot.start) if booking_url is not None and source != "team" else None,
        )
        for slot, reason in zip(chosen, why, strict=True)
    )
    summary = note(source, lead_known, lead_tz is not None, bool(slots), span_of_days(rules.days_ahead))
    return SuggestionResult(slots=slots, overlap=source != "team", note=summary)
