"""Is a booking verb an invitation to book on the lead's own page?

"Book a time on my calendar", "grab a slot here: <link>", "can you book with him directly" invite us to
use the lead's page. "I'll grab a time on your calendar", "we book all calls through X", "don't book
on my link" do not. The check reads the verb's clause only, as tokens: what the verb points at (the
lead's page, a link, or ours), who does it (the nearest subject before it) and whether it is negated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schedlink.domain.intent_rules import cues
from schedlink.domain.intent_rules.lexicon import words
from schedlink.domain.intent_rules.text import LINK_FILL

_BEFORE = 48
_AFTER = 72
_TOKEN = re.compile(r"w/|[a-zß]+(?:'[a-zß]*)?|\ue000+|[,:()\[\]]|\s-\s")
_SENTENCE_END = re.compile(r"[.!?;\n]")
_CLAUSE_EDGE = frozenset(",:()[]") | {" - "}
_JOINERS = frozenset(
    words("so and but then or if y pero und aber dann et mais puis e mas en maar dus o oder ou of")
)
# A polite marker opens an imperative: "we need two devs please book through our page".
_POLITE_OPENERS = frozenset(words("please pls plz kindly bitte svp favor alsjeblieft aub"))
_SUBJECT_REACH = 4  # "we'd like to book": a subject further back belongs to another clause
_NEGATED_AFTER = frozenset({"nicht", "niet", "pas", "no"})
_VERB_FINAL_NEGATORS = frozenset({"nicht", "niet"})
_OWNER_AFTER_NOUN = 3
_VERB_FINAL_WINDOW = 8
_FILLERS_AFTER_VERB = frozenset({"sie", "bitte", "please"})
# "suchen Sie sich hier einen Termin aus": a place word may come before the slot that is picked.
_PLACE_WORDS = frozenset(words("here below hier unten ici aqui aca abajo abaixo hieronder"))
_INFINITIVE_ENDINGS = ("er", "ir", "ar")  # French, Spanish and Portuguese infinitives after "de"


@dataclass(frozen=True, slots=True)
class BookingCue:
    """One invitation to book: its span in the text and how directly it named the lead's page."""

    start: int
    end: int
    strength: int  # 2: a booking verb aimed at the lead's page, a link or a free choice; 1: "use my calendly"


# How much a verb needs around it: "book" any target of the lead's; "grab"/"pick" a time or slot too
# ("grab a coffee with me" is no booking); "use"/"drop" a scheduling noun ("use my calendly").
_BOOK, _CHOOSE, _USE = "book_verbs", "choice_verbs", "generic_verbs"


def first_invitation(folded: str, end: int, found: cues.Found) -> BookingCue | None:
    """The earliest booking invitation among the verbs ``cues.scan`` found in ``folded[:end]``."""
    verbs = sorted(
        ((verb, kind) for kind in (_BOOK, _CHOOSE, _USE) for verb in found.get(kind, ())),
        key=lambda pair: pair[0].start(),
    )
    for verb, kind in verbs:
        if verb.start() >= end:
            break
        cue = _invitation(folded, verb.start(), verb.end(), end, kind=kind)
        if cue is not None:
            return cue
    return None


def _invitation(folded: str, start: int, stop: int, end: int, *, kind: str) -> BookingCue | None:
    """The verb's target first (most verbs have none), then who does it and whether it is negated.

    A verb that ends its clause ("... einen Termin mit mir buchen.", "... met mij inplannen.") takes its
    target from the words before it.
    """
    target_end = _target_end(folded, stop, min(end, stop + _AFTER), kind=kind)
    if target_end is None and (
        kind == _USE or folded[start:stop] not in cues.FINAL_VERBS or not _ends_clause(folded, stop, end)
    ):
        return None
    window_start = max(0, start - _BEFORE)
    while 0 < window_start < start and folded[window_start - 1].isalpha():
        window_start += 1  # never read the tail of a cut word ("hi" as "i")
    before = _clause_before(folded[window_start:start])
    flags = cues.roles(before)
    if before:
        if flags[-1] & cues.DETERMINER and not _infinitive_after_de(before[-1], folded[start:stop]):
            return None  # "my agenda", "the schedule": a noun, not a verb
        if _lead_is_subject(before, flags) or _negated(before, flags):
            return None
    if target_end is not None:
        return BookingCue(start, target_end, 1 if kind == _USE else 2)
    own = next((i for i, flag in enumerate(flags) if flag & cues.OWN), -1)
    if own < 0 or any(flag & cues.YOUR for flag in flags):
        return None
    return BookingCue(max(window_start, folded.rfind(before[own], window_start, start)), stop, 2)


def _infinitive_after_de(word: str, verb: str) -> bool:
    """ "propose de réserver", "trate de reservar": "de" before an infinitive is no article."""
    return word == "de" and verb.endswith(_INFINITIVE_ENDINGS)


def _ends_clause(folded: str, stop: int, end: int) -> bool:
    """Nothing but punctuation (or the end of the text) follows the verb in its sentence."""
    rest = folded[stop : min(end, stop + _AFTER)].lstrip(" ,")
    return not rest or rest[0] in ".!?;\n:"


def _target_end(folded: str, stop: int, limit: int, *, kind: str) -> int | None:
    """Where the phrase naming the lead's page ends, or None when the clause aims elsewhere or nowhere."""
    sentence_end = _SENTENCE_END.search(folded, stop, limit)
    limit = sentence_end.start() if sentence_end else limit
    tokens = _TOKEN.findall(folded, stop, limit)
    flags = cues.roles(tokens)
    own = your = noun = slot = -1
    for i, flag in enumerate(flags):
        if tokens[i][0] == LINK_FILL:
            flag |= cues.OWN | cues.NOUN
        if flag:
            if own < 0 and flag & cues.OWN:
                own = i
            if your < 0 and flag & cues.YOUR:
                your = i
            if noun < 0 and flag & cues.NOUN:
                noun = i
            if slot < 0 and flag & (cues.SLOT | cues.NOUN):
                slot = i
    if kind == _CHOOSE and (slot < 0 or (own >= 0 and slot > own and tokens[own] not in _PLACE_WORDS)):
        return None  # "grab a coffee with me": nothing to book is picked
    if _negated_at_clause_end(tokens):
        return None  # "gebruik mijn link ... niet", "benutzen Sie meinen Link bitte nicht"
    if kind == _USE:  # "use my calendly": a scheduling noun that is the lead's
        if noun < 0 or own < 0 or own > noun + _OWNER_AFTER_NOUN or 0 <= your < noun:
            return None  # "the booking link in my signature": an owner just after the noun still counts
        return _token_end(folded, stop, tokens, noun)
    if _negated_after(tokens):
        return None  # "buchen Sie bitte nicht über ..."
    if own >= 0 and (your < 0 or own < your):
        while own + 1 < len(tokens) and flags[own + 1] & cues.NOUN and tokens[own + 1][0] != LINK_FILL:
            own += 1  # "my calendar", "our booking page": the phrase names the page
        return _token_end(folded, stop, tokens, own)
    if own < 0 and your < 0:  # "book whatever works": a free choice on an unnamed page
        free = cues.FREE_CHOICE.search(folded, stop, limit)
        return free.end() if free else None
    return None  # "grab a time on your calendar": the team's page


def _token_end(folded: str, stop: int, tokens: list[str], index: int) -> int:
    """Where ``tokens[index]`` ends in ``folded`` (a link ends the phrase just before it)."""
    position = stop
    for token in tokens[:index]:
        position = folded.find(token, position) + len(token)
    target = tokens[index]
    start = folded.find(target, position)
    return start if target[0] == LINK_FILL else start + len(target)


def _negated_at_clause_end(tokens: list[str]) -> bool:
    """Dutch and German put the negator after the object, so it can stand after the link itself."""
    return any(token in _VERB_FINAL_NEGATORS for token in tokens[:_VERB_FINAL_WINDOW])


def _negated_after(tokens: list[str]) -> bool:
    rest = [token for token in tokens[:4] if token not in _FILLERS_AFTER_VERB]
    return bool(rest) and rest[0] in _NEGATED_AFTER


def _clause_before(window: str) -> list[str]:
    """The tokens of the verb's clause before it, stopping at punctuation, a link or a joining word."""
    sentence_start = max(
        window.rfind("."), window.rfind("!"), window.rfind("?"), window.rfind(";"), window.rfind("\n")
    )
    tokens = _TOKEN.findall(window, sentence_start + 1)
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i]
        if token in _CLAUSE_EDGE or token in _JOINERS or token in _POLITE_OPENERS or token[0] == LINK_FILL:
            return tokens[i + 1 :]
    return tokens


def _negated(before: list[str], flags: list[int]) -> bool:
    return any(flag & cues.NEGATOR_WORD for flag in flags) or any(token.startswith("n'") for token in before)


def _lead_is_subject(before: list[str], flags: list[int]) -> bool:
    """The nearest subject before the verb is the lead ("I'll", "we", "ich"), not us ("you", "Sie")."""
    for token, flag in list(zip(reversed(before), reversed(flags), strict=True))[:_SUBJECT_REACH]:
        if flag & cues.SECOND:
            return False
        if flag & cues.FIRST or token.startswith("j'"):
            return True
    return False
