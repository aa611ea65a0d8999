"""Clock times as people write them, and the am/pm reasoning that turns them into minutes.

"2-4pm" is 14:00-16:00 (the end's pm carries back), "11-1" is 11:00-13:00, "9-10:30am" stays in the
morning, "13h-15h" and "9–11 Uhr" are 24-hour clock. A bare hour with no marker at all ("Monday 2-4")
is read as business hours: 7..11 are mornings, 12 is noon, 1..6 are afternoons.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NOON_WORDS = frozenset({"noon", "midday", "mediodia", "mittag", "midi", "meio-dia", "meio dia"})
_MIDNIGHT_WORDS = frozenset({"midnight", "middernacht", "medianoche", "minuit", "mitternacht"})
_AM = frozenset({"a", "am", "a.m", "a.m.", "am."})
_TWENTY_FOUR = frozenset({"h", "uhr", "uur", "u", "hrs", "hr"})
_MORNING_PHRASES = ("manana", "manha", "matin")
_MIN_SPAN = 15  # minutes; "2.10-2.12" is a version number, not a meeting


def time_pattern(prefix: str, *, first: bool = True) -> str:
    """A regex fragment for one clock time, its groups named ``<prefix>h``, ``m``, ``sep``, ``mer``, ``word``.

    ``first`` guards the start against being the tail of a number, price or date ("$10", "2026-03").
    """
    p = prefix
    guard = r"(?<![\w$€£#+/.,:-])" if first else ""
    return (
        rf"(?:{guard}(?P<{p}h>2[0-4]|[01]?\d)(?!\d)"
        rf"(?:(?P<{p}sep>[:h])(?P<{p}m>[0-5]\d)(?!\d)|(?P<{p}dot>\.)(?P<{p}q>[03]0|[14]5)(?!\d))?"
        rf"(?:\s?(?P<{p}mer>a\.?m\b\.?|p\.?m\b\.?|[ap](?![a-z])|h(?![a-z])|hrs?(?![a-z])|uhr|uur|u(?![a-z])"
        rf"|o'?clock|(?:de|da|du)\s(?:la\s)?(?:manana|tarde|noche|manha|matin|soir)|de\sl'apres-midi))?"
        rf"|(?P<{p}word>noon|midday|midnight|mediodia|mittag|midi|meio-dia|middernacht|medianoche|minuit))"
    )


class ClockTime(NamedTuple):
    """One written time: hour (0..24), minute, and what it said about the half of the day.

    A named tuple, as it is built for every number in a reply (cheaper than a dataclass).
    """

    hour: int
    minute: int
    meridiem: str  # "am", "pm", "24" (24-hour clock stated) or "" (unknown)
    colon: bool

    @property
    def explicit(self) -> bool:
        """True when the writer fixed the reading (am/pm, 24-hour marker, or an hour above 12)."""
        return bool(self.meridiem) or self.hour > 12 or self.hour == 0


def clock_from_word(word: str) -> ClockTime | None:
    """'noon', 'midi', 'Mittag', 'midnight' as a clock time."""
    lowered = word.lower()
    if lowered in _MIDNIGHT_WORDS:
        return ClockTime(24, 0, "24", False)
    return ClockTime(12, 0, "pm", False) if lowered in _NOON_WORDS else None


def clock_from_match(m: re.Match[str], prefix: str) -> ClockTime | None:
    """Build a ``ClockTime`` from the groups of ``time_pattern(prefix)``; None when impossible."""
    group = m.group
    word = group(prefix + "word")
    if word:
        return clock_from_word(word)
    hour_text = group(prefix + "h")
    if hour_text is None:
        return None
    hour = int(hour_text)
    minute = int(group(prefix + "m") or group(prefix + "q") or 0)
    if hour == 24 and minute:
        return None
    sep = group(prefix + "sep") or group(prefix + "dot") or ""
    return ClockTime(hour, minute, _meridiem(group(prefix + "mer"), sep), sep == ":")


def _meridiem(marker: str | None, sep: str) -> str:
    if marker:
        lowered = marker.lower().replace(" ", "")
        if lowered in _AM or any(p in lowered for p in _MORNING_PHRASES):
            return "am"
        if lowered in _TWENTY_FOUR:
            return "24"
        if lowered.startswith(("p", "de", "da", "du")):
            return "pm"
        return ""  # "o'clock" says nothing about the half of the day
    return "24" if sep == "h" else ""


def _with(time: ClockTime, meridiem: str) -> int:
    """Minutes after midnight reading ``time`` in the given half of the day."""
    hour = time.hour
    if meridiem == "am":
        hour = 0 if hour == 12 else hour
    elif meridiem == "pm" and hour < 12:
        hour += 12
    return hour * 60 + time.minute


def _business(time: ClockTime) -> int:
    """A bare hour read as business hours: 7..11 morning, 12 noon, 1..6 afternoon."""
    if time.hour > 12 or time.meridiem == "24":
        return time.hour * 60 + time.minute
    return _with(time, "pm" if time.hour < 7 or time.hour == 12 else "am")


def minutes_of(time: ClockTime) -> int:
    """A single time in minutes after midnight."""
    if time.meridiem in {"am", "pm"}:
        return _with(time, time.meridiem)
    return _business(time)


def range_minutes(start: ClockTime, end: ClockTime) -> tuple[int, int] | None:
    """Both ends of a written range in minutes after midnight, or None when it cannot be a time span."""
    twenty_four = "24" in {start.meridiem, end.meridiem} or start.hour > 12 or end.hour > 12
    if twenty_four and not {start.meridiem, end.meridiem} & {"am", "pm"}:
        first, last = start.hour * 60 + start.minute, end.hour * 60 + end.minute
    elif end.meridiem in {"am", "pm"}:
        last = _with(end, end.meridiem)
        first = _start_before(start, last, end.meridiem)
    elif start.meridiem in {"am", "pm"}:
        first = _with(start, start.meridiem)
        last = _end_after(end, first)
    else:
        first = _business(start)
        last = _end_after(end, first)
    if not _MIN_SPAN <= last - first <= 14 * 60 or last > 24 * 60:
        return None
    return first, last


def _start_before(start: ClockTime, last: int, end_meridiem: str) -> int:
    """'2-4pm' -> 14:00; '11-1pm' -> 11:00; '10-12pm' -> 10:00: the start takes the end's half if it fits."""
    if start.meridiem in {"am", "pm"} or start.hour > 12:
        return _with(start, start.meridiem) if start.meridiem else start.hour * 60 + start.minute
    same = _with(start, end_meridiem)
    if same < last and last - same <= 12 * 60:
        return same
    return _with(start, "am" if end_meridiem == "pm" else "pm")


def _end_after(end: ClockTime, first: int) -> int:
    """The first reading of ``end`` that comes after ``first`` ('10am-12' -> 12:00, '2pm-4' -> 16:00)."""
    if end.hour > 12 or end.meridiem == "24":
        return end.hour * 60 + end.minute
    base = (0 if end.hour == 12 else end.hour) * 60 + end.minute
    for candidate in (base, base + 12 * 60, base + 24 * 60):
        if candidate > first:
            return candidate
    return base
