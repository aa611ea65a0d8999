"""Cut a reply into the pieces a window is made of: days, clock spans, "next week" markers, numbers.

Two linear passes keep this cheap on long mail: one over words, looked up in a dictionary (a regex
alternation of a few hundred words costs ~300 µs per message), and one over standalone numbers, where
one anchored pattern reads dates, ranges and times. Both read a folded copy of the text (lower case,
accents stripped, same length), so positions map back to the original.
"""

from __future__ import annotations

from schedlink.domain.timewords.numbers import digit_tokens
from schedlink.domain.timewords.tokens import Token
from schedlink.domain.timewords.wordpass import word_tokens


def lex(text: str, low: str, words: frozenset[str]) -> list[Token]:
    """All tokens of ``low`` (the folded ``text``, whose words are ``words``), sorted; a token inside an
    earlier one is dropped."""
    found = word_tokens(text, low, words) + digit_tokens(text, low)
    found.sort(key=lambda t: (t.start, -t.end))
    kept: list[Token] = []
    for token in found:
        if not kept or token.start >= kept[-1].end:
            kept.append(token)
    return kept
