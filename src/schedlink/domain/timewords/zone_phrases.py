"""Phrases that tie a zone to the lead: self-statements of place and place adjectives before "time".

A place counts as the lead's only after an explicit first-person statement ("I'm based in Phoenix",
"estoy en Madrid", "ich sitze in München", "je suis à Lyon", "moro em Lisboa", "ik zit in Utrecht"):
a city in a signature or an address says where a company is registered, not where the writer sits.

German and Dutch make adjectives of cities ("Berliner Zeit", "Münchner Zeit", "Amsterdamse tijd");
``place_adjective`` strips the ending and looks the city up, so every city of the tables gets them.
"""

from __future__ import annotations

import re

from schedlink.domain.timewords.scan import occurrences
from schedlink.domain.timewords.zone_names import ABBREVIATIONS, NEEDS_CONTEXT, fold, resolve_name

# Self-statements, each behind the word that must be in the text for it to be looked for (folded text).
SELF_CUES: tuple[tuple[str, str], ...] = (
    ("m", "i'm in "), ("m", "i'm on "), ("im", "im in "), ("am", "i am in "), ("am", "i am on "),
    ("re", "we're in "), ("are", "we are in "), ("ll", "i'll be in "), ("will", "i will be in "),
    ("live", "i live in "), ("live", "we live in "), ("living", "living in "), ("based", "based in "),
    ("based", "based out of "), ("located", "located in "), ("here", "here in "),
    ("currently", "currently in "), ("my", "my time"), ("my", "my local time"), ("my", "my timezone"),
    ("zona", "mi zona horaria"), ("zeitzone", "meine zeitzone"), ("fuseau", "mon fuseau horaire"),
    ("estoy", "estoy en "), ("estamos", "estamos en "), ("vivo", "vivo en "), ("vivimos", "vivimos en "),
    ("encuentro", "me encuentro en "), ("basado", "basado en "), ("basada", "basada en "),
    ("sitze", "ich sitze in "), ("sitzen", "wir sitzen in "), ("bin", "ich bin in "),
    ("sind", "wir sind in "), ("wohne", "ich wohne in "), ("lebe", "ich lebe in "),
    ("suis", "je suis a "), ("suis", "je suis base a "), ("suis", "je suis basee a "),
    ("sommes", "nous sommes a "), ("habite", "j'habite a "), ("vis", "je vis a "),
    ("estou", "estou em "), ("estamos", "estamos em "), ("moro", "moro em "), ("moramos", "moramos em "),
    ("vivo", "vivo em "), ("baseado", "baseado em "), ("baseada", "baseada em "),
    ("zit", "ik zit in "), ("zitten", "we zitten in "), ("zitten", "wij zitten in "), ("woon", "ik woon in "),
    ("ben", "ik ben in "), ("zijn", "we zijn in "), ("zijn", "wij zijn in "),
    ("sono", "sono a "), ("sono", "sono in "), ("siamo", "siamo a "), ("siamo", "siamo in "),
    ("vivo", "vivo a "), ("abito", "abito a "), ("trovo", "mi trovo a "), ("basato", "basato a "),
    ("sitter", "jag sitter i "), ("sitter", "vi sitter i "), ("bor", "jag bor i "), ("bor", "vi bor i "),
    ("ar", "jag ar i "), ("ar", "vi ar i "), ("desde", "desde "), ("moro", "moro no "), ("moro", "moro na "),
    ("estou", "estou nos "), ("estou", "estou nas "), ("estou", "estou no "), ("estou", "estou na "),
)  # fmt: skip
# "I'm PT btw", "we're ET": a bare first-person "I'm" counts before an upper-case abbreviation only (never
# before a name: "I'm Sydney" introduces a person).
_BARE_CUES: tuple[tuple[str, str], ...] = (
    ("m", "i'm "),
    ("am", "i am "),
    ("re", "we're "),
    ("are", "we are "),
)
_ABBREVIATION = re.compile(r"[A-Z]{2,5}\b")
# After a self-stated abbreviation: the clause ends, or a word that keeps it about the clock. Short ones
# after "in" need the latter ("I'm in PT." is physical therapy).
_ZONE_CLOSES = re.compile(
    r"\s{0,2}(?:\s(?:btw|fyi|by\sthe\sway|here|too|time|timezone|zone|hours)\b|[.!?,;:)\n]|\s-\s|$)"
)
_ZONE_WORD_AFTER = re.compile(r"\s{1,2}(?:btw|fyi|by\sthe\sway|time|timezone|zone|hours)\b")
_SELF_TAIL = re.compile(r"(?:\s?zone)?(?:\s(?:is|es|ist|est))?\s?[:=(,-]?\s{0,2}\(?")
_NAME_WORDS = re.compile(r"[^\W\d_][\w'.-]{0,24}")
# Adjective endings by the word for "time" they stand before, and what the city name ends with
# instead: Münchner -> München, Kölner -> Köln (German); Amsterdamse -> Amsterdam (Dutch).
_ADJECTIVE_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "zeit": (("ner", "en"), ("er", "")),
    "ortszeit": (("ner", "en"), ("er", "")),
    "tijd": (("se", ""), ("sche", "")),
}


def self_statements(text: str, low: str, words: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, zone, abbreviation) for each place or zone the lead says they are in."""
    out = []
    for key, cue in SELF_CUES:
        if key not in words:
            continue
        about_zone = cue.startswith(("my", "mi", "mein", "mon"))  # "my time zone is ET": short names are safe
        for at in occurrences(low, cue.rstrip()):
            tail = _SELF_TAIL.match(low, at + len(cue.rstrip())) if about_zone else None
            hit = name_after(text, tail.end() if tail else at + len(cue), short_ok=about_zone)
            if hit is None and not about_zone:
                hit = _stated_abbreviation(text, low, at + len(cue), strict=cue.endswith(" in "))
            if hit:
                out.append((at, *hit))
    for key, cue in _BARE_CUES:
        if key in words:
            for at in occurrences(low, cue.rstrip()):
                hit = _stated_abbreviation(text, low, at + len(cue), strict=False)
                if hit:
                    out.append((at, *hit))
    return out


def _stated_abbreviation(text: str, low: str, pos: int, *, strict: bool) -> tuple[int, str, str] | None:
    """An upper-case zone abbreviation at ``pos`` closing a self-statement: (end, zone, abbreviation)."""
    m = _ABBREVIATION.match(text, pos)
    if m is None or m.group() not in ABBREVIATIONS or m.group() == "AT":
        return None
    short = m.group() in NEEDS_CONTEXT
    closes = (_ZONE_WORD_AFTER if strict and short else _ZONE_CLOSES).match(low, m.end())
    return (m.end(), ABBREVIATIONS[m.group()], m.group()) if closes else None


def name_after(text: str, pos: int, *, short_ok: bool = True) -> tuple[int, str, str] | None:
    """The longest run of up to four words at ``pos`` that names a zone: (end, zone, abbreviation)."""
    words = list(_NAME_WORDS.finditer(text, pos, min(len(text), pos + 60)))[:4]
    if not words or words[0].start() - pos > 1:
        return None
    for last in range(len(words) - 1, -1, -1):
        name = text[words[0].start() : words[last].end()]
        if "\n" in name:
            continue
        hit = resolve_name(name, short_ok=short_ok)
        if hit:
            return words[last].end(), hit[0], hit[1]
    return None


def place_adjective(word: str, time_word: str) -> str | None:
    """The zone of a capitalised city adjective before ``time_word`` ('Amsterdamse' tijd, 'Kölner' Zeit)."""
    if not word[:1].isupper() or not 6 <= len(word) <= 30:
        return None
    key = fold(word)
    for ending, replacement in _ADJECTIVE_ENDINGS.get(time_word, ()):
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            stem = key[: -len(ending)] + replacement
            hit = resolve_name(stem.capitalize(), short_ok=False)
            if hit and not hit[1]:
                return hit[0]
    return None
