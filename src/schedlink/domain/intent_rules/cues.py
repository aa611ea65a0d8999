"""Every language's cues compiled once, indexed by the word each cue begins with.

Scanning a reply with one big alternation per cue kind costs a try of every branch at every character,
which is far too slow at thousands of replies a second. Instead one trie-shaped pattern finds the words
that can begin a cue (a few per reply), and only the cues starting with that word are tried, anchored
there (see ``anchors``: a fragment that does not begin with a word is refused at import).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from schedlink.domain.intent_rules import de, en, es, fr, it, nl, pt, sv
from schedlink.domain.intent_rules.anchors import anchors, trie_pattern
from schedlink.domain.intent_rules.lexicon import Lexicon
from schedlink.domain.intent_rules.text import LINK_FILL

LEXICONS: tuple[Lexicon, ...] = (
    en.LEXICON,
    es.LEXICON,
    de.LEXICON,
    fr.LEXICON,
    pt.LEXICON,
    nl.LEXICON,
    it.LEXICON,
    sv.LEXICON,
)

# In order of precedence: where two kinds match at the same words, the first one listed wins.
PHRASE_KINDS = (
    "unsubscribe",
    "out_of_office",
    "already_booked",
    "not_interested",
    "disown_link",
    "request_link",
    "propose",
    "settled",
    "not_now",
    "later",
    "interested",
    "puzzled",
    "referral",
    "off_topic",
    "present_link",
    "books_ours",
    "times_declined",
)
WORD_KINDS = ("book_verbs", "choice_verbs", "generic_verbs")  # literal words and phrases
TIME_KINDS = ("weekdays", "relative_days", "months", "day_parts")
SUBJECT_KINDS = ("auto_reply_subject",)  # read in the subject only

Found = dict[str, list[re.Match[str]]]


def _gather(name: str) -> list[str]:
    """One field of every language's lexicon, in one list."""
    return [fragment for lexicon in LEXICONS for fragment in getattr(lexicon, name)]


def _literal(word: str) -> str:
    return re.escape(word).replace(r"\ ", r"\s+") + r"(?![\w'])"


def _fragments() -> Iterator[tuple[str, str]]:
    """(kind, fragment) for every indexed cue; time words must end at a word boundary."""
    for kind in PHRASE_KINDS:
        for fragment in _gather(kind):
            yield kind, fragment
    for kind in WORD_KINDS:
        for word in _gather(kind):
            yield kind, _literal(word)
    for kind in TIME_KINDS:
        for fragment in _gather(kind):
            spaced = fragment.replace(" ", r"\s+")
            yield kind, rf"(?:{spaced})(?![\w'])"
    for kind in SUBJECT_KINDS:
        for fragment in _gather(kind):
            yield kind, fragment


def _build_index() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """The anchor pattern, and for each anchor one pattern whose named groups are the cue kinds."""
    by_anchor: dict[str, dict[str, list[str]]] = {}
    whole_words: dict[str, bool] = {}
    for kind, fragment in _fragments():
        if re.compile(fragment).groups:
            raise ValueError(f"cue has a capturing group (use (?:...)): {fragment!r}")
        for word, whole in anchors(fragment):
            by_anchor.setdefault(word, {}).setdefault(kind, []).append(fragment)
            whole_words[word] = whole_words.get(word, True) and whole
    ranks = {
        kind: rank for rank, kind in enumerate((*PHRASE_KINDS, *WORD_KINDS, *TIME_KINDS, *SUBJECT_KINDS))
    }
    dispatch: dict[str, re.Pattern[str]] = {}
    for word in by_anchor:
        merged: dict[str, list[str]] = {}
        for length in range(1, len(word) + 1):  # shorter stems apply too: "interess" inside "interessante"
            prefix = word[:length]
            if prefix in by_anchor and (prefix == word or not whole_words[prefix]):
                for kind, fragments in by_anchor[prefix].items():
                    merged.setdefault(kind, []).extend(fragments)
        groups = (
            f"(?P<{kind}>" + "|".join(f"(?:{f})" for f in dict.fromkeys(merged[kind])) + ")"
            for kind in sorted(merged, key=ranks.__getitem__)
        )
        dispatch[word] = re.compile("|".join(groups))
    return re.compile(trie_pattern(whole_words)), dispatch


_ANCHOR, _DISPATCH = _build_index()


def scan(folded: str, end: int) -> Found:
    """Every cue in ``folded[:end]``, by kind, in text order. Masked links are skipped, not read."""
    found: Found = {}
    start = 0
    while start < end:
        link = folded.find(LINK_FILL, start, end)
        for anchor in _ANCHOR.finditer(folded, start, end if link < 0 else link):
            match = _DISPATCH[anchor.group()].match(folded, anchor.start(), end)
            if match:
                found.setdefault(match.lastgroup, []).append(match)  # type: ignore[arg-type]
        if link < 0:
            break
        after = _AFTER_LINK.search(folded, link, end)
        start = after.start() if after else end
    return found


_AFTER_LINK = re.compile(f"[^{LINK_FILL}]")


SOLE_WORDS: dict[str, str] = {word: kind for lexicon in LEXICONS for word, kind in lexicon.sole_words}


# Word roles for the clause check around a booking verb (see ``booking``), as bit flags.
OWN, YOUR, NOUN, FIRST, SECOND, NEGATOR_WORD, DETERMINER, SLOT = (1 << bit for bit in range(8))
_ROLE_FIELDS = {
    OWN: _gather("own_targets"),
    YOUR: _gather("your_targets"),
    NOUN: _gather("link_nouns"),
    FIRST: _gather("first_person"),
    SECOND: _gather("second_person"),
    NEGATOR_WORD: _gather("negators"),
    DETERMINER: _gather("determiners"),
    SLOT: _gather("slot_nouns"),
}
FINAL_VERBS = frozenset(_gather("final_verbs"))


def _role_index() -> tuple[dict[str, int], dict[str, tuple[tuple[tuple[str, ...], int], ...]]]:
    single: dict[str, int] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for role, entries in _ROLE_FIELDS.items():
        for entry in entries:
            words = tuple(entry.split())
            if len(words) == 1:
                single[words[0]] = single.get(words[0], 0) | role
            else:
                phrases.setdefault(words[0], []).append((words, role))
    return single, {head: tuple(options) for head, options in phrases.items()}


_ROLE_OF, _PHRASES_FROM = _role_index()
_PHRASE_HEADS = frozenset(_PHRASES_FROM)


def roles(tokens: list[str]) -> list[int]:
    """The role flags of each token; a phrase of several words ("with me", "let me") flags its last word."""
    get = _ROLE_OF.get
    flags = [get(token, 0) for token in tokens]
    if not _PHRASE_HEADS.isdisjoint(tokens):
        for i, token in enumerate(tokens):
            for words, role in _PHRASES_FROM.get(token, ()):
                if tuple(tokens[i : i + len(words)]) == words:
                    flags[i + len(words) - 1] |= role
    return flags


FREE_CHOICE = re.compile(r"(?<![\w'])(?:" + "|".join(_gather("free_choice")) + ")")
# The negator check before a cue reads a short window, so an alternation is cheap there.
NEGATOR = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(_gather("negators")), key=len, reverse=True)
    )
    + r")(?![\w'])|(?<![\w'])n'"
)
# A clock time, a range of hours or noon: searched only near a day word, so never over a whole reply.
CLOCK = re.compile(
    r"\b\d{1,2}(?::[0-5]\d)?\s?(?:am|pm|a\.m\.|p\.m\.|uhr|h(?:[0-5]\d)?|[ap])(?![\w])"
    r"|\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b"
    r"|\b\d{1,2}(?::[0-5]\d)?\s?(?:-|to|till|until|bis|a|tot|y|and|e|und|et|en)\s?\d{1,2}(?::[0-5]\d)?\b"
    r"|\b(?:noon|midday|mediodia|mittag|midi|meio-dia)\b"
    r"|\b(?:at|um|om|as|a\s+las)\s+\d{1,2}(?:[:.][0-5]\d)?\b"
    r"|\b(?:before|after|vor|nach|avant|apres|antes\s+de|antes\s+das|depois\s+de|depois\s+das|voor|na)\s+"
    r"(?:las\s+|den\s+)?\d{1,2}(?:[:.][0-5]\d)?\b"
)
# A date in figures ("11/23", "23.11.", "14.08.2026"): a day when no day word stands near the clock.
NUMERIC_DATE = re.compile(
    r"(?<![\d/.])\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\d/])|(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{2,4})?(?!\d)"
)
