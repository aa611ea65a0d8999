"""The words a cue fragment begins with, and one trie-shaped pattern that finds them all.

Fragments are regular expressions written by people, so this reads only their opening: an optional
``\\b``, fixed-width lookbehinds (context, not words), then a literal word or a group of alternative
words. A word is *whole* when the fragment goes on with a non-letter ("book\\s+here"), a *stem*
otherwise ("interest(?:ed|ing)"); the trie stops at whole words only before a non-letter, so "i" does not
fire inside "invoice". Anything else (a class, an optional first word) is refused, loudly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def _closing(text: str, start: int) -> int:
    """Index of the parenthesis closing the group opened at ``text[start]``."""
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        depth += char == "("
        depth -= char == ")"
        if depth == 0:
            return i
        i += 1
    raise ValueError(f"unbalanced group in {text!r}")


def _split_top(group: str) -> list[str]:
    parts, depth, last, i = [], 0, 0, 0
    while i < len(group):
        char = group[i]
        if char == "\\":
            i += 2
            continue
        depth += (char == "(") - (char == ")")
        if char == "|" and depth == 0:
            parts.append(group[last:i])
            last = i + 1
        i += 1
    return [*parts, group[last:]]


_LEADING_WORD = re.compile(r"[a-zß]+")
_NON_LETTER_ATOMS = frozenset({r"\s", r"\b", r"\W", "'", "-", r"\.", r"\-", " ", ",", ":", "/", r"\?"})


def anchors(fragment: str) -> tuple[tuple[str, bool], ...]:
    """The literal words a fragment can begin with, each flagged True when it must be a whole word.

    Leading ``\\b`` and fixed-width lookbehinds are context, not words: ``(?<=is\\s)closed`` begins with
    "closed". Raises ``ValueError`` when the fragment does not begin with a word.
    """
    return tuple(dict.fromkeys(_leading_words(fragment, fragment)))


def _skip_context(body: str) -> str:
    while True:
        if body.startswith(r"\b"):
            body = body[2:]
        elif body.startswith(("(?<!", "(?<=")):
            body = body[_closing(body, 0) + 1 :]
        elif body.startswith("(?:(?<") and all(
            _is_lookbehind(p) for p in _split_top(body[3 : _closing(body, 0)])
        ):
            body = body[_closing(body, 0) + 1 :]  # a group of lookbehinds: "(?:(?<=is\\s)|(?<=are\\s))"
        else:
            return body


def _is_lookbehind(part: str) -> bool:
    return part.startswith(("(?<!", "(?<=")) and _closing(part, 0) == len(part) - 1


def _leading_words(body: str, fragment: str) -> list[tuple[str, bool]]:
    body = _skip_context(body)
    if body.startswith("(?:"):
        end = _closing(body, 0)
        after = body[end + 1 :]
        if after[:1] in ("?", "*", "{"):
            raise ValueError(f"cue starts with an optional group: {fragment!r}")
        alternatives = _split_top(body[3:end])
        return [
            word for alternative in alternatives for word in _leading_words(alternative + after, fragment)
        ]
    match = _LEADING_WORD.match(body)
    word = match.group() if match else ""
    rest = body[len(word) :]
    if rest[:1] in ("?", "*", "{"):
        word, rest = word[:-1], ""  # "tmrw?": the last letter is optional, so the anchor is a stem
    if not word:
        raise ValueError(f"cue does not start with a word: {fragment!r}")
    return [(word, _non_letter_next(rest))]


def _non_letter_next(rest: str) -> bool:
    """Whether the fragment, after its first word, must go on with a non-letter (the word is whole)."""
    if rest.startswith(("(?![\\w", "(?!\\w")):
        return True
    if rest.startswith("(?:"):
        end = _closing(rest, 0)
        after = rest[end + 1 :]
        optional = after[:1] in ("?", "*")
        after = after[1:] if after[:1] in ("?", "*", "+") else after
        alternatives_ok = all(
            _non_letter_next(alternative + after) for alternative in _split_top(rest[3:end])
        )
        return alternatives_ok and (not optional or _non_letter_next(after))
    atom = rest[:2] if rest[:1] == "\\" else rest[:1]
    quantifier = rest[len(atom) : len(atom) + 2]
    if quantifier[:1] in ("?", "*") or quantifier == "{0":
        return False
    return atom in _NON_LETTER_ATOMS


@dataclass(slots=True)
class _TrieNode:
    children: dict[str, _TrieNode] = field(default_factory=dict)
    ends: bool | None = None  # None: no anchor ends here; True: a whole word does; False: a stem does


def trie_pattern(anchor_words: dict[str, bool]) -> str:
    """One pattern matching, at a word start, the longest anchor; whole-word anchors only before a non-letter."""
    root = _TrieNode()
    for word, whole in anchor_words.items():
        node = root
        for char in word:
            node = node.children.setdefault(char, _TrieNode())
        node.ends = whole

    def emit(node: _TrieNode) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.children.items())]
        if node.ends:
            branches.append("(?![a-zß])")
        body = "|".join(branches)
        if node.ends is False:  # a stem may end here: the rest is optional
            return f"(?:{body})?" if body else ""
        return body if len(branches) == 1 else f"(?:{body})"

    return r"(?<![a-zß])" + emit(root)
