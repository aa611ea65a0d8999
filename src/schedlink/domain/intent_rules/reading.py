"""A reply's words prepared once for every cue check: folded, masked, scanned.

The original text is kept for phrases (offsets are shared, see ``text``); the cues found by ``cues.scan``
are grouped by kind in text order; the proposal of times and the trailing signature block are worked out
only when a decision needs them.
"""

from __future__ import annotations

import re

from schedlink.domain.intent_rules import cues
from schedlink.domain.intent_rules.text import prepare, signature_tail_start


class Reading:
    """The lead's words: original (for phrases), folded and masked (for cues), and the cues found.

    ``booking_end`` is where booking cues stop counting: a trailing signature block the splitter missed
    ("Jane Roe | VP Finance / Book a meeting: <link>"). It is computed only when a booking cue needs it.
    """

    __slots__ = ("_booking_end", "_times", "_times_known", "folded", "found", "original")

    def __init__(self, text: str) -> None:
        self.original, self.folded = prepare(text)
        self.found = cues.scan(self.folded, len(self.folded))
        self._booking_end = -1
        self._times: tuple[int, int] | None = None
        self._times_known = False

    @property
    def times(self) -> tuple[int, int] | None:
        """The span of times proposed in words, if any (computed once, when first needed)."""
        if not self._times_known:
            self._times = _times(self)
            self._times_known = True
        return self._times

    @property
    def booking_end(self) -> int:
        """Where booking cues stop counting (computed once, when first needed)."""
        if self._booking_end < 0:
            self._booking_end = signature_tail_start(self.original, self.folded)
        return self._booking_end

    def first(self, kind: str, *, negatable: bool = False, end: int | None = None) -> re.Match[str] | None:
        """The first cue of ``kind`` (before ``end``), skipping negated ones when ``negatable``."""
        matches = self.found.get(kind)
        if matches is None:
            return None
        for match in matches:
            if end is not None and match.start() >= end:
                break
            if not (negatable and negated(self.folded, match.start())):
                return match
        return None

    def phrase(self, start: int, end: int) -> str:
        """The original words at a span of the folded text, without edge punctuation."""
        return self.original[start:end].strip(" \t\n,.;:-")


_CLOCK_BEFORE_DAY = 40
_CLOCK_AFTER_DAY = 80
_DAY_KINDS = ("weekdays", "relative_days", "months")
# "donderdagmiddag", "Dienstagvormittag": a weekday and a part of the day in one word.
_COMPOUND_DAY_PART = re.compile(
    r"(?:dag|tag|woch)(?:ochtend|middag|namiddag|avond|morgen|vormittag|nachmittag|mittag|abend)s?$"
)


def _times(text: Reading) -> tuple[int, int] | None:
    """The span of a time proposal written in words: a day near a clock time, a range or a part of day.

    A day is a day word ("Tuesday", "morgen", "Dec 17") or, when none is near a clock, a date in figures
    ("11/23 between 1 and 3pm").
    """
    days = sorted((m for kind in _DAY_KINDS for m in text.found.get(kind, ())), key=lambda m: m.start())
    for day in days:
        if _COMPOUND_DAY_PART.search(day.group()):
            return day.start(), day.end()
        span = _near_clock(text, day.start(), day.end())
        if span is not None:
            return span
    if any(char.isdigit() for char in text.folded):
        for date in cues.NUMERIC_DATE.finditer(text.folded):
            span = _near_clock(text, date.start(), date.end())
            if span is not None:
                return span
    return None


def _near_clock(text: Reading, start: int, end: int) -> tuple[int, int] | None:
    low, high = max(0, start - _CLOCK_BEFORE_DAY), min(len(text.folded), end + _CLOCK_AFTER_DAY)
    clock = next(
        (m for m in cues.CLOCK.finditer(text.folded, low, high) if m.end() <= start or m.start() >= end),
        None,
    )  # a date in figures is no clock of its own ("23.11." read as 23:11)
    if clock is None:
        clock = next((m for m in text.found.get("day_parts", ()) if low <= m.start() < high), None)
    if clock is None:
        return None
    return min(start, clock.start()), max(end, clock.end())


_NEGATION_WINDOW = 24


def negated(folded: str, start: int) -> bool:
    """A negator just before a cue in the same clause ("haven't booked", "not really interested")."""
    low = max(0, start - _NEGATION_WINDOW)
    for edge in ".!?;,)\n":
        low = max(low, folded.rfind(edge, low, start) + 1)
    return cues.NEGATOR.search(folded, low, start) is not None
