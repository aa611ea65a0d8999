"""Availability the lead wrote in words ("Tue or Wed after 2pm CT"), as absolute windows.

The text is cut into days and clock spans (``timewords.lexer``) and these are paired in reading order
(``timewords.pairing``, which also drops what is not availability: "I'm off on Monday", "I booked
Tuesday at 3"). Each span takes the zone written right after it, else the zone named elsewhere in the
text, else ``zone``. Dates become wall-clock times in that zone via zoneinfo, so daylight-saving
changes fall where they should.

Cost: a reply naming no day is answered after one set intersection over its words; see
``timewords.scan``.
"""

from __future__ import annotations

import bisect
import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from schedlink.domain.timewords.calendar_words import (
    DAY_AND_PART,
    MONTH_FIRST,
    MONTHS,
    PARTS_OF_DAY,
    RELATIVE_DAYS,
    STRONG_WEEKDAYS,
    WEAK_WEEKDAYS,
    WEEKDAY_AND_PART,
)
from schedlink.domain.timewords.dates import resolve_days
from schedlink.domain.timewords.lexer import lex
from schedlink.domain.timewords.pairing import pair_days_and_spans
from schedlink.domain.timewords.scan import fold_text, number_starts, occurrences, word_set
from schedlink.domain.timewords.tokens import DAY, SPAN, Token
from schedlink.domain.timewords.zone_mentions import ZoneMention, find_zone_mentions
from schedlink.domain.timewords.zone_names import writes_month_first
from schedlink.domain.timezones import pick_zone, reread_ambiguous
from schedlink.domain.timing import Window

_MAX_TEXT = 20_000
_MAX_TOKENS = 400
_MAX_WINDOWS = 40
_HISTORY = re.compile(
    r"^(?:>|on\s[^\n]{0,250}(?:wrote|\n[^\n]{0,120}wrote)|(?:am|le|el|em|op)\s[^\n]{0,250}"
    r"(?:schrieb|a\secrit|escribio|escreveu|schreef)|-{2,}\s?(?:original|forwarded)|_{10,}"
    r"|\*?(?:from|von|de|van)\s?:\s)",
    re.MULTILINE,
)
_DAY_WORDS = frozenset(
    {w for w in STRONG_WEEKDAYS if " " not in w} | {w for w in RELATIVE_DAYS if " " not in w}
    | {w for w in DAY_AND_PART if " " not in w} | WEEKDAY_AND_PART.keys()
    | {w for w in PARTS_OF_DAY if " " not in w}
    | {"aujourd", "manana", "morgen", "amanha", "apres", "morning", "afternoon", "evening", "tarde", "manha", "matin",
       "soir"}
)  # fmt: skip
_ENGLISH_CALENDAR = frozenset(
    {"monday", "mondays", "tuesday", "tuesdays", "wednesday", "wednesdays", "thursday", "thursdays", "friday",
     "fridays", "saturday", "saturdays", "sunday", "sundays", "january", "february", "march", "april", "june",
     "july", "august", "september", "october", "november", "december", "thurs"}
)  # fmt: skip
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th", "er"})
_WORDS_BEFORE_NUMBERS = MONTH_FIRST | WEAK_WEEKDAYS.keys()
_NUMERIC_DATE = re.compile(r"[0-9]{1,2}[/.][0-9]|20[0-9]{2}-[0-9]")
_WORD_AFTER_NUMBER = re.compile(r"[0-9]{1,2}\.?\s{0,2}(?:de\s|of\s)?([a-z]{2,10})")
# "Do 10-12", "jue. 15-17h", "jue. de 15 a 17 h", "Di. von 9 bis 11": up to two short words may intervene.
_NUMBER_AFTER_WORD = re.compile(r"\.?,?\s{0,2}(?:[a-z]{1,6}\s{1,2}){0,2}[0-9]")
# Weekday and month words of languages that write 12/03 day-first, even from an American zone.
_DAY_FIRST_WORDS = frozenset(
    w for w in (*STRONG_WEEKDAYS, *MONTHS) if " " not in w and len(w) > 4 and w not in _ENGLISH_CALENDAR
)
_HISTORY_WORDS = frozenset(
    {"wrote", "schrieb", "ecrit", "escribio", "escreveu", "schreef", "original", "forwarded", "from", "von", "de",
     "van"}
)  # fmt: skip
# "2-4pm your time", "10-12 (in your time zone)", "14 Uhr Ihrer Zeit", "10h votre heure", "a tu hora".
_YOUR_TIME = re.compile(
    r"[\s,(\[-]{0,3}(?:(?:in|on|at|en|a|in)\s)?(?:your|ur|yr|tu|su|deiner|deine|ihrer|ihre|votre|ton|seu|sua"
    r"|jouw|uw)\s(?:local\s|own\s)?(?:time\s?zone|timezone|time|tz|hora|horario|zeit|zeitzone|heure|fuseau"
    r"|tijd|tijdzone)\b"
)
_ZONE_GAP = re.compile(r"[\s(\[,:-]{0,4}")


def find_windows(text: str, *, received_at: datetime, zone: str) -> tuple[Window, ...]:
    """Windows of availability written in ``text``, sorted and merged; empty when none is stated."""
    try:
        return _find(text or "", received_at, zone)
    except (ValueError, OverflowError, LookupError):
        return ()


def _find(text: str, received_at: datetime, zone: str) -> tuple[Window, ...]:
    text = text[:_MAX_TEXT]
    low = fold_text(text)
    if low is None:
        return ()
    words = word_set(low)
    if not _may_name_a_day(low, words):
        return ()
    if words & _HISTORY_WORDS or ">" in low or "____" in low:
        cut = _HISTORY.search(low)
        if cut:
            text, low = text[: cut.start()], low[: cut.start()]
            words = word_set(low)
    tokens = lex(text, low, words)[:_MAX_TOKENS]
    if not any(t.kind == SPAN or t.span for t in tokens) or not any(t.kind == DAY for t in tokens):
        return ()
    pairs = pair_days_and_spans(text, low, words, tokens)
    if not pairs:
        return ()
    mentions = reread_ambiguous(find_zone_mentions(text), text)
    default = pick_zone(mentions, text).zone if mentions else zone
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=UTC)
    windows: list[Window] = []
    day_first_language = not words.isdisjoint(_DAY_FIRST_WORDS)
    for day_token, span_token in pairs[:_MAX_WINDOWS]:
        if _YOUR_TIME.match(low, span_token.end):
            zone_name = zone  # "2-4pm your time": the lead wrote in the workspace's zone
        else:
            zone_name = _zone_after(span_token, mentions, text) or default
        month_first = writes_month_first(zone_name) and not day_first_language
        windows += _windows_for(day_token, span_token, text, _tz(zone_name), month_first, received_at)
    return _merged(windows)


def _may_name_a_day(low: str, words: frozenset[str]) -> bool:
    """Cheap test before lexing: a window needs a day word, or a date or weak weekday beside a number."""
    if not words.isdisjoint(_DAY_WORDS):
        return True
    starts = number_starts(low)
    if not starts:
        return False
    for at in starts:
        if _NUMERIC_DATE.match(low, at):
            return True
        after = _WORD_AFTER_NUMBER.match(low, at)
        if after and (after.group(1) in MONTHS or after.group(1) in _ORDINAL_SUFFIXES):
            return True
    for word in words & _WORDS_BEFORE_NUMBERS:
        for at in occurrences(low, word):
            if _NUMBER_AFTER_WORD.match(low, at + len(word)):
                return True
    return False


def _zone_after(span: Token, mentions: list[ZoneMention], text: str) -> str | None:
    """The zone written right after a span ('2-4pm PT', '13–15 Uhr (MEZ)', '1-3pm Vancouver time').

    An abbreviation followed by a place ('10-11 AEST (Brisbane)') yields the place, which is exact.
    """
    i = bisect.bisect_left([m.start for m in mentions], span.end)
    if i < len(mentions) and _ZONE_GAP.fullmatch(text, span.end, mentions[i].start):
        place = mentions[i + 1] if i + 1 < len(mentions) else None
        if mentions[i].word and place is not None and not place.word:
            return place.zone if _ZONE_GAP.fullmatch(text, mentions[i].end, place.start) else mentions[i].zone
        return mentions[i].zone
    return None


def _windows_for(
    day_token: Token, span_token: Token, text: str, tz: ZoneInfo, month_first: bool, received_at: datetime
) -> list[Window]:
    if day_token.day is None or span_token.span is None:
        return []
    today = received_at.astimezone(tz).date()
    first, last = span_token.span
    start, end = min(day_token.start, span_token.start), max(day_token.end, span_token.end)
    phrase = " ".join(text[start:end].split())[:120]
    out = []
    for day in resolve_days(day_token.day, today, month_first=month_first):
        midnight = datetime(day.year, day.month, day.day, tzinfo=tz)
        # Aware datetime + timedelta moves the wall clock, so the offset is re-read at each end (DST-safe).
        out.append(Window(midnight + timedelta(minutes=first), midnight + timedelta(minutes=last), phrase))
    return out


def _merged(windows: list[Window]) -> tuple[Window, ...]:
    """Sorted by start; windows that overlap or touch become one."""
    merged: list[Window] = []
    for window in sorted(windows, key=lambda w: (w.start, w.end)):
        if merged and window.start <= merged[-1].end:
            last = merged[-1]
            if window.end > last.end or window.phrase not in last.phrase:
                phrase = last.phrase if window.phrase in last.phrase else f"{last.phrase}; {window.phrase}"
                merged[-1] = Window(last.start, max(last.end, window.end), phrase)
            continue
        merged.append(window)
    return tuple(merged)


@lru_cache(maxsize=256)
def _tz(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, LookupError):
        return ZoneInfo("UTC")
