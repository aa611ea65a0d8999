"""The number pass: at each standalone number, one anchored pattern reads a date, a range or a time.

Numbers are few in a reply, so the expensive alternation (month names, connectors in six languages)
runs a handful of times per message instead of at every character.
"""

from __future__ import annotations

import re

from schedlink.domain.timewords import tokens as w
from schedlink.domain.timewords.calendar_words import MONTHS
from schedlink.domain.timewords.clock import (
    ClockTime,
    clock_from_match,
    clock_from_word,
    minutes_of,
    range_minutes,
    time_pattern,
)
from schedlink.domain.timewords.dates import DayRef
from schedlink.domain.timewords.scan import number_starts
from schedlink.domain.timewords.tokens import DAY, NUM, SPAN, Token

_T_START = time_pattern("s", first=False)
_AT_DIGIT = re.compile(
    r"(?P<iso>(?P<iy>20\d\d)-(?P<im>[01]?\d)-(?P<id>[0-3]?\d)(?!\d))"
    r"|(?P<num>(?P<na>[0-3]?\d)/(?P<nb>[0-3]?\d)(?:/(?P<ny>(?:20)?\d\d))?(?![\d/]))"
    r"|(?P<dot>(?P<dd>[0-3]?\d)\.(?P<dm>0?[1-9]|1[0-2])\.(?:(?P<dy>(?:20)?\d\d)(?!\d))?)"
    rf"|(?P<dmy>(?P<xd>[0-3]?\d)(?:st|nd|rd|th|er|o)?\.?\s{{0,2}}(?:de\s|of\s)?(?P<xm>{w.MONTH_ALTERNATION})"
    r"(?![a-z])(?!\s?of\b)\.?(?:,?\s{1,2}(?:de\s)?(?P<xy>20\d\d)(?!\d))?)"
    r"|(?P<ord>(?P<od>[0-3]?\d)(?:st|nd|rd|th|er)(?![a-z]))"
    rf"|(?P<range>{_T_START}\s{{0,2}}(?P<conn>-{{1,2}}|~|to|till|til|until|thru|through|and|y|e|und|et|en|a|as"
    rf"|al|hasta|bis|tot|jusqu'?a)\s{{0,2}}(?:(?:las|la|as|les)\s)?{time_pattern('e', first=False)})"
    rf"|(?P<time>{time_pattern('p', first=False)}(?:\s(?P<suffix>onwards?|or\slater|and\slater|or\searlier))?)"
    r"|(?P<bare>(?P<bn>[0-3]?\d)(?![\d:/%]|[.,]\d))"
)
_SINGLE_TIME = re.compile(
    rf"{time_pattern('p', first=False)}(?:\s(?P<suffix>onwards?|or\slater|and\slater|or\searlier))?"
)
_WORD_TIME = re.compile(
    rf"(?P<range>{time_pattern('s', first=False)}\s{{0,2}}(?P<conn>-{{1,2}}|to|till|til|until|and|y|e|und|et|en"
    rf"|a|as|bis|tot)\s{{0,2}}(?:(?:las|la|as|les)\s)?{time_pattern('e', first=False)})"
)
_NON_SPACE = re.compile(r"\S+")
_UNIT = re.compile(
    r"\s{0,2}(?:%|percent|x\b|k\b|usd\b|eur\b|gbp\b|dollars?\b|euros?\b|mins?\b|minut|hours?\b|hrs?\b|horas?\b|stunden?\b"
    r"|heures?\b|uren\b|days?\b|dias?\b|tagen?\b|jours?\b|dagen\b|weeks?\b|semanas?\b|wochen?\b|semaines?\b"
    r"|weken\b|months?\b|mes(?:es)?\b|monaten?\b|mois\b|maanden\b|years?\b|anos?\b|jahren?\b|ans\b|jaar\b"
    r"|people\b|persons?\b|personas?\b|pessoas?\b|personnes?\b|personen\b|users?\b|seats?\b|employees\b|staff\b"
    r"|trucks?\b|vans?\b|calls?\b|meetings?\b|times\b|slots?\b|pages?\b|participants?\b|participantes\b"
    r"|teilnehmer\b|deelnemers\b|licen[cs]es?\b|lizenzen\b|stuck\b|stuks?\b|unidades\b)"
)
_MONTH_DAY = re.compile(
    r"\.?\s{1,2}(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|[:.]\d|\s?-\s?\d|\s?[ap]\.?m\b)(?:,?\s(?P<y>20\d\d)(?!\d))?"
)
# Between two times offered as alternatives: "at 2 or 4", "um 10 oder 11", "à 14h ou 16".
_ALTERNATIVE_GAP = re.compile(
    r",?\s{1,2}(?:or|oder|ou|o|of|and|y|e|und|et|en)\s{1,2}(?:(?:at|um|om|a\slas|as|a)\s{1,2})?"
)
_ORDINAL_LEAD = re.compile(r"(?:the|el|le|den|am|op|o|dia)\s$")


def digit_tokens(text: str, low: str) -> list[Token]:
    """Dates, ranges and times read at every standalone number of ``low``."""
    out: list[Token] = []
    after = 0
    for start in number_starts(low):
        if start < after:
            continue
        m = _AT_DIGIT.match(low, start)
        token = _read_digit_match(text, low, m) if m else None
        if token is not None and token.kind == NUM and out:
            token = _another_time(low, out[-1], token)
        if token is not None:
            out.append(token)
            after = token.end
    return out


def _read_digit_match(text: str, low: str, m: re.Match[str]) -> Token | None:
    kind, g, s, e = m.lastgroup, m.group, m.start(), m.end()
    if kind == "iso":
        return Token(DAY, s, e, DayRef(month=int(g("im")), dom=int(g("id")), year=int(g("iy"))))
    if kind == "num":
        year = int(g("ny")) if g("ny") else None
        pair = (int(g("na")), int(g("nb")))
        return None if _UNIT.match(low, e) else Token(DAY, s, e, DayRef(pair=pair, year=year))
    if kind == "dot":
        year = int(g("dy")) if g("dy") else None
        return Token(DAY, s, e, DayRef(month=int(g("dm")), dom=int(g("dd")), year=year))
    if kind == "dmy":
        if g("xm") == "may" and text[m.start("xm")] != "M":
            return None
        year = int(g("xy")) if g("xy") else None
        return Token(
            DAY, _ordinal_start(low, s), e, DayRef(month=MONTHS[g("xm")], dom=int(g("xd")), year=year)
        )
    if kind == "ord":
        return Token(DAY, _ordinal_start(low, s), e, DayRef(dom=int(g("od"))))
    if kind == "range":
        token = range_token(low, m, s, e)
        single = (
            _SINGLE_TIME.match(low, s)
            if token is None and (m.group("conn") or "") in w.JOINING_CONNECTORS
            else None
        )
        if single is None:
            return token
        m, g, e = single, single.group, single.end()  # "at 3pm and 4pm": two times, not a range
    if kind == "bare":
        dom = int(g("bn"))
        return (
            Token(NUM, s, e, day=DayRef(dom=dom), loose=True)
            if 1 <= dom <= 31 and not _UNIT.match(low, e)
            else None
        )
    time = clock_from_match(m, "p")
    return single_time_token(low, time, s, e, word=bool(m.group("pword")), suffix=m.group("suffix"))


def _another_time(low: str, before: Token, number: Token) -> Token:
    """'Tuesday at 2 or 4': a bare hour listed right after a single time is another time, in the same
    half of the day when it can be ('at 2pm or 4' is 16:00)."""
    if (
        before.kind != SPAN
        or before.span is None
        or before.span[1] - before.span[0] != w.POINT_MINUTES
        or number.day is None
        or number.day.dom is None
        or number.day.dom > 12
        or not _ALTERNATIVE_GAP.fullmatch(low, before.end, number.start)
    ):
        return number
    at = minutes_of(ClockTime(number.day.dom, 0, "", False))
    if before.span[0] >= 12 * 60 and at < 12 * 60 and number.day.dom < 12:
        at = (number.day.dom + 12) * 60
    if at < 5 * 60 or at < before.span[0]:
        return number
    return Token(SPAN, number.start, number.end, span=(at, at + w.POINT_MINUTES))


def range_token(low: str, m: re.Match[str], s: int, e: int) -> Token | None:
    """'2-4pm', 'between 10 and noon', 'de 10h à 12h', 'von 9 bis 10:30 Uhr' as a span of minutes."""
    g = m.group
    first, last = clock_from_match(m, "s"), clock_from_match(m, "e")
    if first is None or last is None:
        return None
    intro, start = _intro(low, s)
    conn = (g("conn") or "").strip()
    if conn in w.JOINING_CONNECTORS and intro not in w.BETWEEN_WORDS:
        return None
    if conn in w.ROMANCE_CONNECTORS and intro not in w.FROM_WORDS and not (first.meridiem and last.meridiem):
        return None  # "15h à 17h" needs no "de": both ends are marked as times
    bare = not (first.explicit or last.explicit or first.colon or last.colon or g("sword") or g("eword"))
    if bare and _UNIT.match(low, e):
        return None  # "2-3 hours", "8-12 trucks", "10-20%"
    minutes = range_minutes(first, last)
    if minutes is None or not _plausible(minutes[0], first, last):
        return None
    return Token(SPAN, start if intro in w.RANGE_INTROS else s, e, span=minutes, loose=bare and not intro)


def single_time_token(
    low: str, time: ClockTime | None, s: int, e: int, *, word: bool, suffix: str | None
) -> Token | None:
    """A single time: 'after 2pm', 'before noon', 'at 3', '14:00', or a bare number (day of month)."""
    if time is None:
        return None
    intro, start = _intro(low, s)
    marked = time.explicit or time.colon or word
    if not (time.meridiem or time.colon or word) and _UNIT.match(low, e):
        return None  # "15 participants": an hour above 12 with no marker may still be a count
    if not marked and intro in w.NEEDS_MARK:
        intro = ""
    at = minutes_of(time)
    if suffix:
        intro, start = ("before" if suffix.endswith("earlier") else "after"), s
    if intro in w.AFTER_WORDS:
        return Token(SPAN, start, e, span=(at, 17 * 60 if at < 17 * 60 else min(at + 120, 24 * 60)))
    if intro in w.BEFORE_WORDS:
        return Token(SPAN, start, e, span=(9 * 60 if at > 9 * 60 else max(at - 60, 0), at))
    if (marked or intro in w.AT_WORDS) and _plausible(at, time) and at < 24 * 60:
        return Token(SPAN, start if intro else s, e, span=(at, at + w.POINT_MINUTES))
    if not marked and not intro and time.minute == 0 and 1 <= time.hour <= 31:
        return Token(NUM, s, e, day=DayRef(dom=time.hour), loose=True)
    return None


def word_time_token(low: str, s: int, e: int) -> Token | None:
    """'noon', 'noon-2pm', 'midi', 'Mittag': a time that starts with a word."""
    m = _WORD_TIME.match(low, s)
    token = range_token(low, m, s, m.end()) if m else None
    if token is not None:
        return token
    return single_time_token(low, clock_from_word(low[s:e]), s, e, word=True, suffix=None)


def _intro(low: str, s: int) -> tuple[str, int]:
    """The word that introduces a time ('between', 'after', 'a las', '@'), and where it starts."""
    if s and low[s - 1] == "@":
        return "@", s - 1
    if not s or not low[s - 1].isspace():
        return "", s
    parts: list[tuple[str, int]] = []
    for m in _NON_SPACE.finditer(low, max(0, s - 28), s):
        word = m.group().lstrip("(\"'")
        parts.append((word, m.end() - len(word)))
    if parts and parts[-1][0] in w.ARTICLES:
        parts.pop()
    for size in (3, 2, 1):
        if len(parts) >= size:
            phrase = " ".join(word for word, _ in parts[-size:])
            if phrase in w.INTROS:
                return phrase, parts[-size][1]
    return "", s


def _plausible(start_minutes: int, *times: ClockTime) -> bool:
    """Nobody offers 02:00-03:00: spans starting before 05:00 are durations or junk unless 'am' was said."""
    return start_minutes >= 5 * 60 or any(t.meridiem == "am" for t in times)


def _ordinal_start(low: str, s: int) -> int:
    m = _ORDINAL_LEAD.search(low, max(0, s - 5), s)
    return m.start() if m else s


def month_day_token(text: str, low: str, s: int, e: int, month: int) -> Token | None:
    """'Dec 17', 'Sept 8', 'November 2, 2026': an English month before its day."""
    m = _MONTH_DAY.match(low, e)
    if m is None or (low[s:e] == "may" and text[s] != "M"):
        return None
    year = int(m.group("y")) if m.group("y") else None
    return Token(DAY, s, m.end(), DayRef(month=month, dom=int(m.group("d")), year=year))
