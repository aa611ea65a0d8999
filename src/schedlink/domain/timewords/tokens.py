"""The pieces a window is made of, and the small word sets shared by both lexer passes."""

from __future__ import annotations

from typing import NamedTuple

from schedlink.domain.timewords.calendar_words import MONTHS
from schedlink.domain.timewords.dates import DayRef

DAY, SPAN, NEXT, NUM = "day", "span", "next", "num"
POINT_MINUTES = 30  # a single time ("Tuesday at 3pm") is offered as a half-hour slot


class Token(NamedTuple):
    """A piece of the text; ``loose`` ones (bare numbers, parts of day, weak weekdays) need a neighbour.

    A day token may carry its own span ("tonight", "this afternoon"). A named tuple rather than a
    dataclass: a reply yields dozens of these and tuples are several times cheaper to build.
    """

    kind: str
    start: int
    end: int
    day: DayRef | None = None
    span: tuple[int, int] | None = None
    loose: bool = False


# Words before a time and what they make of it.
BETWEEN_WORDS = frozenset({"between", "entre", "zwischen", "tussen"})
FROM_WORDS = frozenset({"de", "des", "del", "desde", "das", "da", "entre"})
RANGE_INTROS = BETWEEN_WORDS | FROM_WORDS | {"from", "von", "van"}
AFTER_WORDS = frozenset(
    {"after", "since", "starting", "starting at", "starting from", "nach", "ab", "apres", "a partir de",
     "a partir das", "despues de", "depois das", "vanaf", "na", "from", "desde", "von"}
)  # fmt: skip
BEFORE_WORDS = frozenset(
    {"before", "until", "till", "til", "vor", "bis", "avant", "antes de", "antes das", "voor", "tot"}
)
AT_WORDS = frozenset({"at", "@", "um", "a", "as", "om", "vers", "around", "about", "ca"})
# Intro words too common to trust before a bare number ("na 2", "a 10"): they need "14h", "3pm", "10:00".
NEEDS_MARK = frozenset({"na", "voor", "tot", "ab", "a", "as", "da", "de", "des", "das", "del", "von", "van"})
# "and"-like connectors make a range only after "between"; "a"/"às" only after "de"/"das".
JOINING_CONNECTORS = frozenset({"and", "y", "e", "und", "et", "en"})
ROMANCE_CONNECTORS = frozenset({"a", "as", "al", "hasta"})

ARTICLES = frozenset({"las", "la", "as", "les", "the", "o"})
INTROS = RANGE_INTROS | AFTER_WORDS | BEFORE_WORDS | AT_WORDS

MONTH_ALTERNATION = "|".join(sorted(MONTHS, key=len, reverse=True))
