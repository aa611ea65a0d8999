"""Find every place in a text where a time zone is named, with where it stands and how it was said.

Short abbreviations are common words in some language ("ET" is French "and", "AT" is English, "PT"
means physical therapy), so they count only beside a clock time or a part of the day, in parentheses
or before "time"; a capitalised region word also counts closing an availability clause ("Thursday
afternoon, Central.", see ``zone_clauses``). Longer upper-case ones (EST, CEST, AEDT) count anywhere.
Place names count in "<place> time", "Amsterdamse tijd", "hora de <place>", "heure de <place>",
"(<place>)" and self-statements ("I'm based in <place>", "estoy en <place>", see ``zone_phrases``);
names are resolved by ``zone_names.resolve_name``.

Each reader runs only when the text's word set holds its trigger word, and finds its places with
``str.find`` or with patterns anchored at numbers, so a reply that names no zone costs a few µs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from schedlink.domain.timewords.scan import fold_text, number_starts, occurrences, word_set
from schedlink.domain.timewords.zone_clauses import TRIGGERS as _CLAUSE_TRIGGERS
from schedlink.domain.timewords.zone_clauses import clause_zones
from schedlink.domain.timewords.zone_names import (
    ABBREVIATIONS,
    COUNTRY_CODES,
    HOUR_REGIONS,
    LOWERCASE_AFTER_TIME,
    NAME_ENDINGS,
    NEEDS_CONTEXT,
    REGION_WORDS,
    fold,
    offset_zone,
    place_named_at,
    resolve_name,
    zone_exists,
)
from schedlink.domain.timewords.zone_phrases import name_after, place_adjective, self_statements

SELF = 0  # the lead says where they are: "I'm on Pacific time", "my time (London)"
STATED = 1  # a zone written beside times or as "<place> time"


@dataclass(frozen=True, slots=True)
class ZoneMention:
    """One zone named in the text; ``word`` keeps an ambiguous abbreviation for a second reading."""

    start: int
    end: int
    zone: str
    phrase: str
    kind: int
    word: str


_IANA_AREA_WORDS = frozenset(
    {"africa", "america", "antarctica", "asia", "atlantic", "australia", "europe", "indian", "pacific", "etc"}
)
_IANA_LITERAL = re.compile(
    r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Za-z_]{2,30}"
    r"(?:/[A-Za-z_]{2,30})?"
)
_OFFSET = re.compile(r"\b(?:UTC|GMT)\s?([+\-−–])\s?(\d{1,2})(?::?([0-5]\d))?(?![\d:])", re.IGNORECASE)
_MER = r"(?:[ap]\.?m\b\.?|[ap]\b|h\b|uhr\b|uur\b)"
_CLOCK = rf"(?:[0-9]{{1,2}}(?:[:.h][0-5][0-9])?\s?{_MER}?|noon|midday|midnight)"
# A clock time or range, then a word: '2-4pm PT', '11-1 Mountain', '13–15 Uhr (MEZ)', 'noon ET'.
_TIME_THEN_WORD = re.compile(
    rf"{_CLOCK}(?:\s{{0,2}}(?:-|to|until|till|and|bis|a|tot|y|et|und)\s{{0,2}}(?:[0-9]{{1,2}}(?:[:.h][0-5][0-9])?"
    rf"\s?(?P<mer>{_MER})?|noon|midday|midnight))?\s{{0,2}}[(\[]?\s?(?P<word>[^\W\d_]{{2,12}})(?![^\W\d_])"
)
# "Pacific time", "Berliner Ortszeit", "svensk tid", "Nederlandse tijd".
_TIME_WORDS = frozenset({"time", "timezone", "tz", "zeit", "ortszeit", "tijd", "tid"})
# Words followed by the place: "hora de Madrid", "heure du Québec", "Ortszeit Zürich", "ora di Roma".
_HOUR_WORDS = frozenset({"hora", "horario", "heure", "ora", "fuseau", "ortszeit"})
_HOUR_TAIL = re.compile(
    r"(?:\shoraire)?\s(?:local\s|locale\s|oficial\s)?(?:(?:de|del|du|des|dos|das|en|di|do|da|in)\s|d')?"
    r"(?:(?:la|le|el|los|l')\s?)?"
)
_MARKED_CLOCK = re.compile(r"[:a-z-]")
_NOON_WORDS = frozenset({"noon", "midday", "midnight"})
_ABBREVIATIONS_LOWER = frozenset(a.lower() for a in ABBREVIATIONS)
_PARENS = re.compile(r"\(\s?([^()\n]{2,40}?)\s?\)")
_NAME_WORDS = re.compile(r"[^\W\d_][\w'.-]{0,24}")
_MAX_SCAN = 20_000


def find_zone_mentions(text: str) -> list[ZoneMention]:
    """Every zone named in ``text``, sorted by position, overlapping finds reduced to the strongest."""
    return list(_mentions(text[:_MAX_SCAN]))


@lru_cache(maxsize=16)
def _mentions(text: str) -> tuple[ZoneMention, ...]:
    low = fold_text(text)
    if low is None:
        return ()
    words = word_set(low)
    found: list[ZoneMention] = []
    if words & _IANA_AREA_WORDS:
        found += _iana_literals(text)
    if "utc" in words or "gmt" in words:
        found += _offsets(text)
    found += _self_statements(text, low, words)
    if "based" in words:
        found += _based_places(text, low)
    for word in words & _TIME_WORDS:
        found += _time_words(text, low, word)
    for word in words & _HOUR_WORDS:
        found += _hour_words(text, low, word)
    found += _after_times(text, low, words)
    found += _upper_abbreviations(text, words & _ABBREVIATIONS_LOWER)
    if not words.isdisjoint(_CLAUSE_TRIGGERS):  # 'tomorrow morning ET', 'Thursday afternoon, Central.'
        found += [
            ZoneMention(at, end, zone, text[at:end], STATED, word)
            for at, end, zone, word in clause_zones(text, low, words)
        ]
    if "(" in text:
        found += _parenthesised(text)
    return tuple(_dedupe(found)) if found else ()


def _iana_literals(text: str) -> list[ZoneMention]:
    out = []
    for m in _IANA_LITERAL.finditer(text):
        if zone_exists(m.group()):
            out.append(ZoneMention(m.start(), m.end(), m.group(), m.group(), STATED, ""))
    return out


def _offsets(text: str) -> list[ZoneMention]:
    out = []
    for m in _OFFSET.finditer(text):
        sign = 1 if m.group(1) == "+" else -1
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        zone = offset_zone(sign, hours, minutes)
        if zone:
            out.append(ZoneMention(m.start(), m.end(), zone, m.group(), STATED, ""))
    return out


def _self_statements(text: str, low: str, words: frozenset[str]) -> list[ZoneMention]:
    return [
        ZoneMention(at, end, zone, text[at:end], SELF, word)
        for at, end, zone, word in self_statements(text, low, words)
    ]


def _based_places(text: str, low: str) -> list[ZoneMention]:
    """'a Denver-based team', 'London based': a place the lead's company sits in."""
    out = []
    for at in occurrences(low, "based"):
        if at < 2 or low[at - 1] not in " -":
            continue
        names = _trailing_names(text, at - 1)
        for first in range(len(names) - 1):
            hit = resolve_name(text[names[first] : names[-1]], short_ok=False)
            if hit:
                end = at + len("based")
                out.append(ZoneMention(names[first], end, hit[0], text[names[first] : end], STATED, hit[1]))
                break
    return out


def _time_words(text: str, low: str, word: str) -> list[ZoneMention]:
    """'<name> time': 'Pacific time', 'UK time', 'Mountain Standard Time', 'Nederlandse tijd'."""
    out = []
    for at in occurrences(low, word):
        code = _country_code(text, at - 3) if not text[at : at + len(word)].isupper() else None
        if code:  # "NL tijd", "DE Zeit": not in shouted prose ("THERE IS NO TIME")
            out.append(ZoneMention(at - 3, at + len(word), code, text[at - 3 : at + len(word)], STATED, ""))
            continue
        names = _trailing_names(text, at)
        for first in range(len(names)):
            hit = (
                resolve_name(text[names[first] : names[-1]], short_ok=True)
                if names[-1] > names[first]
                else None
            )
            if hit:
                end = at + len(word)
                out.append(ZoneMention(names[first], end, hit[0], text[names[first] : end], STATED, hit[1]))
                break
        else:
            zone = place_adjective(text[names[-2] : names[-1]], word) if len(names) > 1 else None
            if zone:  # "Amsterdamse tijd", "Münchner Zeit"
                out.append(
                    ZoneMention(names[-2], at + len(word), zone, text[names[-2] : at + len(word)], STATED, "")
                )
    return out


def _trailing_names(text: str, at: int) -> list[int]:
    """Start positions of up to three name-like words right before ``at``, plus where the last one ends.

    Returns [] unless the word before ``at`` could end a zone name (a table word or a capitalised word).
    """
    head = text[max(0, at - 48) : at]
    base = at - len(head)
    words = list(_NAME_WORDS.finditer(head))[-3:]
    if words and words[-1].group().endswith("-"):  # "Denver-" before "based"
        words[-1] = _NAME_WORDS.match(head, words[-1].start(), words[-1].end() - 1) or words[-1]
    if not words or head[words[-1].end() :].strip(" (-"):
        return []
    last = words[-1].group()
    if last.lower().strip(".") not in NAME_ENDINGS and not last[:1].isupper():
        return []
    starts: list[int] = []
    for m in reversed(words):
        gap = head[m.end() : (words[words.index(m) + 1].start() if m is not words[-1] else m.end())]
        if "\n" in gap or not m.group().replace(".", "").replace("-", "").replace("'", "").isalpha():
            break
        starts.insert(0, base + m.start())
    return [*starts, base + words[-1].end()] if starts else []


def _hour_words(text: str, low: str, word: str) -> list[ZoneMention]:
    """'hora de Madrid', 'horário de Brasília', '(heure de Paris)', 'hora peninsular'."""
    out = []
    for at in occurrences(low, word):
        tail = _HOUR_TAIL.match(low, at + len(word))
        if tail is None:
            continue
        hit = name_after(text, tail.end())
        region = _NAME_WORDS.match(text, tail.end()) if hit is None else None
        if region and fold(region.group()) in HOUR_REGIONS:  # "hora del Pacífico", "heure de l'Est"
            hit = (region.end(), HOUR_REGIONS[fold(region.group())], "")
        code = _country_code(text, tail.end()) if not hit and not text[at].isupper() else None
        if code:  # "hora ES", "heure FR", "horário BR"
            out.append(ZoneMention(at, tail.end() + 2, code, text[at : tail.end() + 2], STATED, ""))
        if hit:
            end, zone, abbreviation = hit
            out.append(ZoneMention(at, end, zone, text[at:end], STATED, abbreviation))
    return out


def _country_code(text: str, at: int) -> str | None:
    """The zone of an upper-case two-letter country code standing alone at ``at`` ("NL", "DE")."""
    if at < 0 or (at > 0 and text[at - 1].isalnum()) or (at + 2 < len(text) and text[at + 2].isalnum()):
        return None
    return COUNTRY_CODES.get(text[at : at + 2])


def _after_times(text: str, low: str, words: frozenset[str]) -> list[ZoneMention]:
    """A zone word right after a clock time: '2-4pm PT', '3pm est', '11-1 Mountain', '13 Uhr (MEZ)'."""
    starts = list(number_starts(low))
    for noon in words & _NOON_WORDS:
        starts += occurrences(low, noon)
    out = []
    for at in starts:
        m = _TIME_THEN_WORD.match(low, at)
        if m is None:
            continue
        word = text[m.start("word") : m.end("word")]
        lower = word.lower()
        zone = ""
        if word in ABBREVIATIONS and word != "AT":
            zone = ABBREVIATIONS[word]
        elif lower in LOWERCASE_AFTER_TIME and (len(lower) > 2 or (m.group("mer") or "")[:1] in {"a", "p"}):
            zone = ABBREVIATIONS[word.upper()]
        elif lower in REGION_WORDS:
            zone = REGION_WORDS[lower]
        elif word[:1].isupper() and _MARKED_CLOCK.search(low, at, m.start("word")):  # not "12 London Road"
            place = place_named_at(text, m.start("word"))
            if place:
                out.append(
                    ZoneMention(
                        m.start("word"), place[0], place[1], text[m.start("word") : place[0]], STATED, ""
                    )
                )
            continue
        if zone:
            kept = word.upper() if word.upper() in ABBREVIATIONS else lower
            out.append(ZoneMention(m.start("word"), m.end("word"), zone, word, STATED, kept))
    return out


def _upper_abbreviations(text: str, candidates: frozenset[str]) -> list[ZoneMention]:
    """Upper-case abbreviations that need no context: EST, CEST, AEDT, MEZ, GMT (not ET, PT, AT)."""
    out = []
    for lower in candidates:
        word = lower.upper()
        if word in NEEDS_CONTEXT:
            continue
        for at in occurrences(text, word):
            out.append(ZoneMention(at, at + len(word), ABBREVIATIONS[word], word, STATED, word))
    return out


def _parenthesised(text: str) -> list[ZoneMention]:
    """'(ET)', '(London)', '(MEZ)', '(Toronto time)': a zone alone in parentheses."""
    out = []
    for m in _PARENS.finditer(text):
        hit = resolve_name(m.group(1), short_ok=True)
        if hit:
            out.append(ZoneMention(m.start(1), m.end(1), hit[0], m.group(1), STATED, hit[1]))
    return out


def _dedupe(found: list[ZoneMention]) -> list[ZoneMention]:
    """Sort by position; where finds overlap keep the stronger kind (self first), then the longer."""
    found.sort(key=lambda z: (z.start, z.kind, -(z.end - z.start)))
    kept: list[ZoneMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            if mention.kind < kept[-1].kind:
                kept[-1] = ZoneMention(
                    kept[-1].start,
                    max(kept[-1].end, mention.end),
                    mention.zone,
                    mention.phrase,
                    mention.kind,
                    mention.word,
                )
            continue
        kept.append(mention)
    return kept
