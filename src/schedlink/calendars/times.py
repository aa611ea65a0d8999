"""Reading iCalendar date and time values the way the team's calendar means them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import InvalidCalendar


def team_zone(name: str) -> ZoneInfo:
    """The team's zone by IANA name; an unknown name is the caller's mistake (ValueError)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


def to_utc(value: date, zone: ZoneInfo) -> datetime:
    """A DATE as local midnight in the team's zone; a floating time in that zone; any time as UTC."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time(), tzinfo=zone).astimezone(UTC)
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def prop_value(prop: Any) -> object:
    """A property's parsed value, or None when icalendar kept it as unreadable."""
    try:
        return prop.dt
    except (InvalidCalendar, AttributeError):
        return None
