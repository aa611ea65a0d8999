"""The word pass: every word is looked up once in a dictionary of day and time words.

Words whose meaning depends on a neighbour are read here with a glance at the few characters around
them: Spanish "mañana" is tomorrow, but "por la mañana" is the morning; German "morgen" is tomorrow,
but "Guten Morgen" is a greeting; "Morning Tom," opens a mail and says nothing about the morning.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from schedlink.domain.timewords import calendar_words as cw
from schedlink.domain.timewords.dates import DayRef
from schedlink.domain.timewords.numbers import month_day_token, word_time_token
from schedlink.domain.timewords.scan import occurrences
from schedlink.domain.timewords.tokens import DAY, NEXT, SPAN, Token

Handler = Callable[[str, str, int, int], "Token | None"]

_FEIRA = re.compile(r"[\s-]feira\b")
# "Mon-Fri", "Monday to Friday", "lunes a viernes"; after a word ("to do") a two-letter day is English.
_DAY_RUN = re.compile(r"\.?\s{0,2}(?:-|to|through|thru|till|until|bis|a|au|al|tot)\s{0,2}(?P<w>[a-z]+)")
_APRES_TAIL = re.compile(r"[\s-]{1,2}(?P<w>midi|demain)\b")
_BOUND_AFTER = re.compile(r"\s{1,2}(?:after|before|between|from|until|till)\b")
_FOLLOWING = re.compile(r"\s{1,2}(?P<w>[a-z]+)")
_GREETING_TAIL = re.compile(r"[ \t]*(?:[,!]|[a-z'-]{1,20}[ \t]?[,!]|[a-z'-]{1,20}[ \t]*$)", re.MULTILINE)
_PORTUGUESE_ORDINAL_DAYS = frozenset({"segunda", "terca", "quarta", "quinta", "sexta"})
_ALL_WEEKDAYS = {**cw.WEAK_WEEKDAYS, **cw.STRONG_WEEKDAYS}
_WEEK_WORDS = frozenset({"week", "semana", "woche", "semaine", "settimana", "vecka"})
_NEXT_BEFORE = frozenset(
    {"next", "nachste", "nachsten", "nachster", "kommende", "kommenden", "volgende", "komende", "nasta"}
)
# Italian "sera" is Spanish "será" too: it is the evening only after an article or a day word.
_SERA_BEFORE = ("la ", "di ", "in ", "alla ", "questa ", "domani ", "oggi ", "lunedi ", "martedi ", "mercoledi ",
                "giovedi ", "venerdi ", "sabato ", "domenica ")  # fmt: skip


def word_tokens(text: str, low: str, words: frozenset[str]) -> list[Token]:
    """Day words, parts of the day and 'next week' markers of ``low`` (the folded ``text``).

    Only the words of the lexicon that the text holds (``words``) are looked for, with ``str.find``.
    """
    out: list[Token] = []
    for word in words & LEXICON_WORDS:
        handler = LEXICON[word]
        for at in occurrences(low, word):
            token = handler(text, low, at, at + len(word))
            if token is not None:
                out.append(token)
    return out


def _before(low: str, s: int, *endings: str) -> str:
    """Which of ``endings`` the text right before ``s`` ends with ('' if none)."""
    window = low[max(0, s - 14) : s]
    return next((ending for ending in endings if window.endswith(ending)), "")


def _weekday(day: int, strong: bool) -> Handler:
    def read(text: str, low: str, s: int, e: int) -> Token | None:
        is_strong = strong
        feira = _FEIRA.match(low, e)
        if feira:
            e, is_strong = feira.end(), True
        run = _DAY_RUN.match(low, e)
        if run and run.group("w") in _ALL_WEEKDAYS and (len(run.group("w")) > 2 or "-" in run.group()):
            last = _ALL_WEEKDAYS[run.group("w")]
            return Token(DAY, s, run.end(), DayRef(weekday=day, last_weekday=last))
        if e - s <= 5 and low.startswith(".", e):
            e += 1  # "Tue.", "Thurs."; the dot after a full name ends a sentence
        return Token(DAY, s, e, DayRef(weekday=day), loose=not is_strong)

    return read


def _month(month: int) -> Handler:
    def read(text: str, low: str, s: int, e: int) -> Token | None:
        return month_day_token(text, low, s, e, month)

    return read


def _relative(offset: int) -> Handler:
    def read(text: str, low: str, s: int, e: int) -> Token | None:
        lead = _before(low, s, "pasado ", "depois de ", "day after ") if offset == 1 else ""
        if lead:
            return Token(DAY, s - len(lead), e, DayRef(offset=2))
        return Token(DAY, s, e, DayRef(offset=offset))

    return read


def _part(span: tuple[int, int], *articles: str) -> Handler:
    """A part of the day; with ``articles`` it counts only after one of them ('por la tarde')."""

    def read(text: str, low: str, s: int, e: int) -> Token | None:
        if _before(low, s, "good ", "guten ", "goede ", "goeie ", "buenas ", "boa ", "bonne "):
            return None
        today = _before(low, s, "this ", "esta ", "ce ", "cet ")
        if today:
            return Token(DAY, s - len(today), e, DayRef(offset=0), span=span)
        if articles and not _before(low, s, *articles):
            return None
        if _opens_line(low, s) and _GREETING_TAIL.match(low, e):
            return None
        return Token(SPAN, s, e, span=span, loose=True)

    return read


def _lunch(text: str, low: str, s: int, e: int) -> Token | None:
    """'lunch' is 12-13; 'after lunch' the afternoon from 13:00, 'before lunch' the morning."""
    bound = _before(low, s, "after ", "before ")
    if bound == "after ":
        return Token(SPAN, s - len(bound), e, span=(13 * 60, 17 * 60), loose=True)
    if bound == "before ":
        return Token(SPAN, s - len(bound), e, span=cw.MORNING, loose=True)
    return _part(cw.LUNCH)(text, low, s, e)


def _opens_line(low: str, s: int) -> bool:
    line_start = low.rfind("\n", 0, s) + 1
    return not low[line_start:s].strip()


def _day_and_part(offset: int, span: tuple[int, int]) -> Handler:
    def read(text: str, low: str, s: int, e: int) -> Token | None:
        return Token(DAY, s, e, DayRef(offset=offset), span=span)

    return read


def _weekday_and_part(day: int, span: tuple[int, int]) -> Handler:
    def read(text: str, low: str, s: int, e: int) -> Token | None:
        return Token(DAY, s, e, DayRef(weekday=day), span=span)

    return read


def _manana(text: str, low: str, s: int, e: int) -> Token | None:
    """Spanish: 'mañana' is tomorrow unless an article makes it the morning."""
    if _before(low, s, "la ", "esta "):
        return _part(cw.MORNING)(text, low, s, e)
    return _relative(1)(text, low, s, e)


def _morgen(text: str, low: str, s: int, e: int) -> Token | None:
    """German/Dutch: 'morgen' is tomorrow, 'am Morgen' the morning, 'Guten Morgen' a greeting."""
    if _before(low, s, "guten ", "goede ", "goeie ", "schonen "):
        return None
    if _before(low, s, "am ", "des "):
        return Token(SPAN, s, e, span=cw.MORNING, loose=True)
    return Token(DAY, s, e, DayRef(offset=1))


def _sera(text: str, low: str, s: int, e: int) -> Token | None:
    if not _before(low, s, *_SERA_BEFORE):
        return None
    return _part(cw.EVENING)(text, low, s, e)


def _swedish_part(span: tuple[int, int]) -> Handler:
    """Swedish: 'i eftermiddag', 'i förmiddag', 'i kväll' are today's; without 'i' a part of the day."""

    def read(text: str, low: str, s: int, e: int) -> Token | None:
        if _after_i(low, s):
            return Token(DAY, s - 2, e, DayRef(offset=0), span=span)
        return _part(span)(text, low, s, e)

    return read


def _after_i(low: str, s: int) -> bool:
    """The word at ``s`` follows the Swedish preposition 'i' ('i morgon', 'i eftermiddag')."""
    return s >= 2 and low[s - 2 : s] == "i " and (s == 2 or not low[s - 3].isalnum())


def _morgon(text: str, low: str, s: int, e: int) -> Token | None:
    """Swedish: 'i morgon' is tomorrow, 'morgon' alone the morning."""
    if _after_i(low, s):
        return Token(DAY, s - 2, e, DayRef(offset=1))
    return _part(cw.MORNING)(text, low, s, e)


def _apres(text: str, low: str, s: int, e: int) -> Token | None:
    """French: 'après-midi' is the afternoon, 'après-demain' the day after tomorrow."""
    tail = _APRES_TAIL.match(low, e)
    if tail is None:
        return None
    if tail.group("w") == "midi":
        return _part(cw.AFTERNOON)(text, low, s, tail.end())
    return Token(DAY, s, tail.end(), DayRef(offset=2))


def _whole_day(*leads: str, follows: tuple[str, ...] = ()) -> Handler:
    """'any time', 'all day', 'todo el día', 'den ganzen Tag': 09:00-17:00 by the scoring conventions."""

    def read(text: str, low: str, s: int, e: int) -> Token | None:
        lead = _before(low, s, *leads) if leads else ""
        tail = next((f for f in follows if low.startswith(f, e)), "")
        if (leads or follows) and not (lead or tail):
            return None
        end = e + len(tail)
        if _BOUND_AFTER.match(low, end):
            return None  # "any time after 2pm": the bound says more than the whole day
        return Token(SPAN, s - len(lead), end, span=cw.WHOLE_DAY, loose=True)

    return read


def _next(text: str, low: str, s: int, e: int) -> Token | None:
    """'next week', 'next Tuesday', 'nächste Woche', 'volgende week' (a weekday or week must follow)."""
    follow = _FOLLOWING.match(low, e)
    word = follow.group("w") if follow else ""
    if word in _WEEK_WORDS:
        return Token(NEXT, s, follow.end() if follow else e)
    return Token(NEXT, s, e) if word in _ALL_WEEKDAYS else None


def _next_always(text: str, low: str, s: int, e: int) -> Token | None:
    """'próximo', 'prochain', '(que) viene', '(que) vem': next, before or after the day it marks."""
    if low[s:e] in {"viene", "vem"} and not _before(low, s, "que "):
        return None
    return Token(NEXT, s, e)


def _either(first: Handler, second: Handler) -> Handler:
    """Try one reading, else the other."""

    def read(text: str, low: str, s: int, e: int) -> Token | None:
        token = first(text, low, s, e)
        return token if token is not None else second(text, low, s, e)

    return read


def _time_word(text: str, low: str, s: int, e: int) -> Token | None:
    return word_time_token(low, s, e)


def _build_lexicon() -> dict[str, Handler]:
    lexicon: dict[str, Handler] = {}
    for word in cw.MONTH_FIRST:
        lexicon[word] = _month(cw.MONTHS[word])
    for word, day in cw.WEAK_WEEKDAYS.items():
        weekday = _weekday(day, strong=False)
        lexicon[word] = (
            _either(lexicon[word], weekday) if word in lexicon else weekday
        )  # "Mar 10" / "mar 10-12"
    for word, day in cw.STRONG_WEEKDAYS.items():
        if " " not in word:
            lexicon[word] = _weekday(day, strong=word not in _PORTUGUESE_ORDINAL_DAYS)
    for word, offset in cw.RELATIVE_DAYS.items():
        if " " not in word:
            lexicon[word] = _relative(offset)
    for word, (offset, span) in cw.DAY_AND_PART.items():
        if " " not in word:
            lexicon[word] = _day_and_part(offset, span)
    for word, (day, span) in cw.WEEKDAY_AND_PART.items():
        lexicon[word] = _weekday_and_part(day, span)
    for word, span in cw.PARTS_OF_DAY.items():
        if " " not in word and span != cw.WHOLE_DAY:
            lexicon[word] = _part(span)
    lexicon.update(
        {
            "manana": _manana, "morgen": _morgen, "apres": _apres, "aujourd": _relative(0), "lunch": _lunch,
            "tarde": _part(cw.AFTERNOON, "la ", "a ", "de ", "pela ", "na ", "da "),
            "manha": _part(cw.MORNING, "de ", "pela ", "na ", "da "),
            "anytime": _whole_day(), "any": _whole_day(follows=(" time",)), "ganztags": _whole_day(),
            "jederzeit": _whole_day(), "day": _whole_day("all ", "whole "), "dia": _whole_day("todo el ", follows=(" todo", " inteiro")),
            "tag": _whole_day("den ganzen "), "journee": _whole_day("toute la "),
            "hora": _whole_day("cualquier ", "qualquer "), "dag": _whole_day("hele "),
            "quand": _whole_day("n'importe ", "n importe "),
            "sera": _sera, "morgon": _morgon, "eftermiddag": _swedish_part(cw.AFTERNOON),
            "formiddag": _swedish_part(cw.MORNING), "kvall": _swedish_part(cw.EVENING),
            "prossimo": _next_always, "prossima": _next_always,
            "proximo": _next_always, "proxima": _next_always, "prochain": _next_always,
            "prochaine": _next_always, "viene": _next_always, "vem": _next_always,
        }
    )  # fmt: skip
    for word in _NEXT_BEFORE:
        lexicon[word] = _next
    for word in ("noon", "midday", "mediodia", "mittag", "midi", "midnight"):
        lexicon[word] = _time_word
    return lexicon


LEXICON: dict[str, Handler] = _build_lexicon()
LEXICON_WORDS: frozenset[str] = frozenset(LEXICON)
