"""Zone words that count because of where they stand in the sentence rather than beside a clock time.

Two shapes:

- right after a part of the day, like after a clock time: "tomorrow morning ET", "jueves por la tarde
  CT", "Dienstagnachmittag PT", "tomorrow afternoon pst";
- closing an availability clause after a comma (or right after a part of the day): "Tuesday 10-11:30
  or Thursday afternoon, Central.", "Mon 2-4pm, ET", "Thursday afternoon Pacific."

Elsewhere the same words are ordinary words ("Central Station", French "et", "the Pacific account",
"ET CETERA"), so both shapes are narrow: abbreviations must be written in upper case amid ordinary
prose (lower case only for three-letter-plus ones after an English part of the day, as French "est"
and German "ist" are words), region words must be capitalised and end the clause, and after a comma
the clause must name a day, a part of it or a time.
"""

from __future__ import annotations

import re

from schedlink.domain.timewords.calendar_words import RELATIVE_DAYS, STRONG_WEEKDAYS
from schedlink.domain.timewords.scan import occurrences
from schedlink.domain.timewords.zone_names import (
    ABBREVIATIONS,
    LOWERCASE_AFTER_TIME,
    NEEDS_CONTEXT,
    REGION_WORDS,
)

_ENGLISH_PARTS = frozenset(
    {"morning", "mornings", "afternoon", "afternoons", "evening", "evenings", "tonight"}
)
# Folded parts of the day in en/es/de/fr/pt/nl; "midi" also stands for French "après-midi".
_DAY_PARTS = _ENGLISH_PARTS | frozenset(
    {"noon", "midday", "manana", "tarde", "tardes", "noche", "vormittag", "vormittags", "nachmittag",
     "nachmittags", "morgens", "abend", "abends", "mittag", "mittags", "matin", "matinee", "midi", "soir",
     "soiree", "manha", "noite", "ochtend", "ochtends", "middag", "middags", "namiddag", "voormiddag",
     "avond", "avonds"}
)  # fmt: skip
# German and Dutch glue the part to the day: "Dienstagnachmittag", "donderdagmiddag".
_COMPOUND_PARTS = ("vormittag", "vormittags", "nachmittag", "nachmittags", "abend", "ochtend", "middag",
                   "avond")  # fmt: skip
_DAY_WORDS = _DAY_PARTS | frozenset(w for w in (*STRONG_WEEKDAYS, *RELATIVE_DAYS) if " " not in w)
_SHORT_ABBREVIATIONS = frozenset(w.lower() for w in NEEDS_CONTEXT if w != "AT")
_LOWER_AFTER_PART = frozenset(w for w in LOWERCASE_AFTER_TIME if len(w) > 2)
TRIGGERS: frozenset[str] = frozenset(REGION_WORDS) | _SHORT_ABBREVIATIONS | _LOWER_AFTER_PART
_CLAUSE_END = re.compile(r"[ \t]{0,3}(?:[.!?;,)\n]|\Z)")
_CLOCK = re.compile(r"[0-9]{1,2}(?::[0-5][0-9]|\s?[ap]\.?m\b|h\b|\s?-\s?[0-9])")
_CLAUSE_BREAKS = ("\n", "!", "?", ";", ". ")
_LOOK_BACK = 160


def clause_zones(text: str, low: str, words: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, zone, word) for each zone word placed after a part of the day or closing a clause."""
    out = []
    for word in words & TRIGGERS:
        for at in occurrences(low, word):
            end = at + len(word)
            written = text[at:end]
            gap, part = _word_before(low, at)
            if word in REGION_WORDS:
                if written[:1].isupper() and _closes_availability(low, end, gap, part):
                    out.append((at, end, REGION_WORDS[word], word))
            elif written.isupper() and written in ABBREVIATIONS:
                after_part = _is_day_part(part) and not _shouted(text, gap, end)
                if after_part or _closes_availability(low, end, gap, ""):
                    out.append((at, end, ABBREVIATIONS[written], written))
            elif written.islower() and word in _LOWER_AFTER_PART and part in _ENGLISH_PARTS:
                out.append((at, end, ABBREVIATIONS[written.upper()], written.upper()))
    return out


def _word_before(low: str, at: int) -> tuple[int, str]:
    """Where the gap before ``at`` begins (after up to three spaces or brackets) and the word before it."""
    gap = at
    while gap > 0 and at - gap < 3 and low[gap - 1] in " \t([":
        gap -= 1
    start = gap
    while start > 0 and gap - start < 30 and low[start - 1].isalpha():
        start -= 1
    return gap, low[start:gap]


def _is_day_part(word: str) -> bool:
    return word in _DAY_PARTS or (len(word) > 10 and word.endswith(_COMPOUND_PARTS))


def _shouted(text: str, gap: int, end: int) -> bool:
    """Upper-case prose ('LA TARDE ET CETERA'): the part of the day or the next word is in capitals too."""
    before = text[max(0, gap - 12) : gap].split()
    after = text[end : end + 14].split()
    return bool(before and before[-1].isupper()) or bool(
        after and after[0].isalpha() and after[0].isupper() and after[0] not in ABBREVIATIONS
    )


def _closes_availability(low: str, end: int, gap: int, part: str) -> bool:
    """True for a word ending its clause after a part of the day, or after a comma closing a clause that
    names a day or a time."""
    if not _CLAUSE_END.match(low, end):
        return False
    if _is_day_part(part):
        return True
    comma = gap - 1
    if comma < 0 or low[comma] != ",":
        return False
    clause = low[max(0, comma - _LOOK_BACK) : comma]
    cut = max(clause.rfind(mark) for mark in _CLAUSE_BREAKS)
    clause = clause[cut + 1 :]
    if _CLOCK.search(clause):
        return True
    names = "".join(ch if ch.isalpha() else " " for ch in clause).split()
    return any(name in _DAY_WORDS or _is_day_part(name) for name in names)
