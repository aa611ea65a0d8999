"""Short notes on what a calendar read ignored or read with a fallback, counted then worded once."""

from __future__ import annotations

from collections import Counter

UNKNOWN_ZONE = "{n} event{s} with an unknown time zone read as {zone} time"
NO_START = "{n} event{s} with no start time ignored"
UNREADABLE_TIME = "{n} event{s} with an unreadable date or time ignored"
UNREADABLE_RULE = "{n} event{s} with a repeat rule or date that could not be read ignored"
MARKED_FREE = "{n} event{s} marked as free ignored"
CANCELLED = "{n} cancelled event{s} ignored"
TENTATIVE = "{n} tentative event{s} ignored"
NO_DURATION = "{n} event{s} with no duration ignored"
TENTATIVE_PERIOD = "{n} tentative busy period{s} ignored"
UNKNOWN_CALENDAR_ZONE = "the calendar's own time zone is unknown; its floating times read as {zone} time"
UNREADABLE_PERIOD = "{n} unreadable busy period{s} ignored"


class Notes:
    """Counts per note template; `lines()` words them as ``"2 cancelled events ignored"``."""

    def __init__(self) -> None:
        self._counts: Counter[str] = Counter()

    def add(self, template: str, count: int = 1) -> None:
        if count > 0:
            self._counts[template] += count

    def extend(self, other: Notes) -> None:
        self._counts.update(other._counts)

    def lines(self, *, zone: str) -> list[str]:
        return [
            template.format(n=count, s="" if count == 1 else "s", zone=zone)
            for template, count in self._counts.items()
        ]
