"""Availability: the team's free time, and the few times to suggest for meeting a lead.

Pure computation over UTC intervals and IANA zones; callers bring busy time and the lead's offer.
"""

from schedlink.domain.availability.intervals import (
    Interval,
    clip,
    instant_from_json,
    instant_to_json,
    intersect,
    merge,
    subtract,
    total_seconds,
)
from schedlink.domain.availability.naive import naive_team_free
from schedlink.domain.availability.picking import in_business_hours
from schedlink.domain.availability.rules import (
    WEEKDAYS,
    SchedulingRules,
    WorkingHours,
    hours_on,
    normalise_working_hours,
    parse_working_hours,
    working_hours_to_json,
)
from schedlink.domain.availability.suggest import Suggestion, SuggestionResult, suggest
from schedlink.domain.availability.team import booking_window, team_free
from schedlink.domain.availability.wallclock import load_zone, wall_to_utc

__all__ = [
    "WEEKDAYS",
    "Interval",
    "SchedulingRules",
    "Suggestion",
    "SuggestionResult",
    "WorkingHours",
    "booking_window",
    "clip",
    "hours_on",
    "in_business_hours",
    "instant_from_json",
    "instant_to_json",
    "intersect",
    "load_zone",
    "merge",
    "naive_team_free",
    "normalise_working_hours",
    "parse_working_hours",
    "subtract",
    "suggest",
    "team_free",
    "total_seconds",
    "wall_to_utc",
    "working_hours_to_json",
]
