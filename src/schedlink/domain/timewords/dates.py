"""Turning a written day ("Thursday", "tomorrow", "Dec 17", "the 3rd", "11/23") into calendar dates.

The scoring conventions fix the readings: a weekday is the next such day strictly after the lead's
local date; "next week <day>" is that day in the following Monday-start week; a date without a year is
its next occurrence from today on. 11/23 is month-first in the US and Canada and day-first elsewhere;
when only one order gives a real date, that order wins.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

_HORIZON = timedelta(days=400)


@dataclass(frozen=True, slots=True)
class DayRef:
    """A day as written: any mix of weekday, relative offset, month, day of month, year."""

    weekday: int | None = None
    last_weekday: int | None = None  # "Mon-Fri": the weekday the run ends on
    offset: int | None = None  # "tomorrow" = 1
    month: int | None = None
    dom: int | None = None
    year: int | None = None
    pair: tuple[int, int] | None = None  # "11/23": order decided by the zone's custom
    next_week: bool = False

    def merged(self, other: DayRef) -> DayRef:
        """This weekday with the date written beside it ("Monday 11/23", "Tuesday the 3rd")."""
        return replace(
            other, weekday=self.weekday if other.weekday is None else other.weekday, next_week=self.next_week
        )


def resolve_days(ref: DayRef, today: date, *, month_first: bool) -> list[date]:
    """The dates ``ref`` stands for, seen from the lead's local ``today``; empty when impossible."""
    if ref.offset is not None:
        return [today + timedelta(days=ref.offset)]
    month, dom = ref.month, ref.dom
    if ref.pair is not None:
        month, dom = _order_pair(ref.pair, month_first)
        if month is None:
            return []
    if dom is not None:
        found = _by_month_day(today, month, dom, ref.year, ref.weekday)
        return [found] if found is not None and found - today <= _HORIZON else []
    if ref.weekday is None:
        return []
    first = _weekday_date(today, ref.weekday, ref.next_week)
    if ref.last_weekday is None:
        return [first]
    span = (ref.last_weekday - ref.weekday) % 7
    return [first + timedelta(days=i) for i in range(span + 1)]


def _weekday_date(today: date, weekday: int, next_week: bool) -> date:
    if next_week:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=weekday)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _order_pair(pair: tuple[int, int], month_first: bool) -> tuple[int | None, int | None]:
    first, second = pair
    orders = [(first, second), (second, first)] if month_first else [(second, first), (first, second)]
    for month, dom in orders:
        if 1 <= month <= 12 and 1 <= dom <= 31:
            return month, dom
    return None, None


def _by_month_day(
    today: date, month: int | None, dom: int, year: int | None, weekday: int | None
) -> date | None:
    """The first date on or after today with this day of month (and month, year if given).

    With no month, a weekday written beside it picks the month ("Tuesday the 3rd").
    """
    if year is not None and month is not None:
        found = _safe_date(year if year > 100 else 2000 + year, month, dom)
        return found if found is not None and found >= today - timedelta(days=1) else None
    y, m = today.year, today.month
    for _ in range(14):
        if month is None or m == month:
            found = _safe_date(y, m, dom)
            if (
                found is not None
                and found >= today
                and (weekday is None or month is not None or found.weekday() == weekday)
            ):
                return found
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return None


def _safe_date(year: int, month: int, dom: int) -> date | None:
    try:
        return date(year, month, dom)
    except ValueError:
        return None
