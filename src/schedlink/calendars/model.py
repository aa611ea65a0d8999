"""What reading a calendar takes as bounds and gives back."""

from __future__ import annotations

from dataclasses import dataclass, field

from schedlink.domain.availability.intervals import Interval
from schedlink.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class CalendarLimits:
    """Bounds on one calendar read: feeds come from outside and may be huge or expand without end."""

    max_bytes: int = 5_000_000
    max_instances: int = 50_000
    max_seconds: float = 5.0


class CalendarError(InvalidInput):
    """A calendar that cannot be read; the message is shown to a person and says what is wrong."""


@dataclass(frozen=True, slots=True)
class BusyRead:
    """Busy time found in a calendar for one window.

    ``busy`` is merged, in UTC and clipped to the window; ``events`` counts the event instances looked at
    in the window; ``skipped`` holds short notes on what was ignored or read with a fallback.
    """

    busy: list[Interval]
    events: int
    skipped: list[str] = field(default_factory=list)
