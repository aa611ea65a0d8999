"""When a scheduler link pasted in the lead's words is an invitation on its own, and when a past booking
is not the point of the reply.

Both read the folded, masked text of ``text.prepare`` and answer with spans or yes/no; the verdicts are
made in ``intent``.
"""

from __future__ import annotations

import re

from schedlink.domain.intent_rules import cues
from schedlink.domain.intent_rules.text import LINK_FILL

_BARE_LINK_MAX_WORDS = 6
WORD = re.compile(r"[^\W\d_]{2,}")
QUESTION_OPENING = re.compile(
    r"\W{0,3}(?:(?:hi|hey|hello|hola|hallo|bonjour|ola|hoi)\W{1,3}(?:[a-z]+\W{1,3})?)?"
    r"(?:does|do|is|are|can|could|will|would|how|what|which|why)\s"
)
# A pasted link in a longer reply is an invitation unless the reply says it is settled, not now, later,
# for someone else, or asks who we are.
_BLOCKS_LINK_FALLBACK = frozenset({"settled", "not_now", "later", "referral", "puzzled"})
# Even a short reply is no invitation when it declines for now, is settled or points elsewhere
# ("Not now, thanks. <link> is for clients."); "later" alone stays ambiguous there ("later today: <link>").
_BLOCKS_SHORT_LINK = _BLOCKS_LINK_FALLBACK - {"later"}
_SENTENCE_EDGES = ".!?\n"
# "Booking through my link is disabled": a page out of service invites nobody.
_OUT_OF_SERVICE = re.compile(
    r"(?<![\w'])(?:disabled|deactivated|paused|offline|broken|not\s+working|no\s+longer|anymore"
    r"|deaktiviert|kaputt|funktioniert\s+nicht|nicht\s+mehr|desactivad[oa]|no\s+funciona|ya\s+no"
    r"|desactive|ne\s+(?:fonctionne|marche)\s+pas|plus\s+actif|desativad[oa]|nao\s+funciona"
    r"|uitgeschakeld|werkt\s+niet|niet\s+meer)(?![\w'])"
)
# "We use <link> for scheduling but just email me pricing": what follows the link asks for something else.
_CONTRAST = re.compile(
    r"(?<![\w'])(?:but|however|instead|pero|sin\s+embargo|aber|jedoch|mais|porem|maar)(?![\w'])"
)
# "I cancelled the slot I had booked (<link>), send me your link again": the booking is undone.
_UNDONE = re.compile(
    r"(?<![\w'])(?:cancel|reschedul|annul|anul|storn|abgesagt|absagen|verschieb|verschob|geannuleerd"
    r"|afgezegd|desmarc|desmarq)[a-z]{0,8}"
)


def bare_link_span(folded: str, end: int, found: cues.Found, *, has_times: bool) -> tuple[int, int] | None:
    """The span of a pasted link that invites on its own, or None when something says otherwise.

    Any question mark vetoes it ("is <link> your link?"). With more words ("I take appointments through
    <link>") the cue lists may simply not know the framing, so the link itself decides, unless the reply
    settles, postpones or redirects, negates the link's sentence, says the page is out of service, or
    turns away from the link after it ("... but email me pricing"); refusals, auto-replies and requests
    were ruled out before.
    """
    start = folded.find(LINK_FILL, 0, end)
    if start < 0 or "?" in folded:
        return None
    stop = start
    while stop < end and folded[stop] == LINK_FILL:
        stop += 1
    few_words = has_times or len(WORD.findall(folded, 0, end)) <= _BARE_LINK_MAX_WORDS
    if few_words and not _BLOCKS_SHORT_LINK.isdisjoint(found):
        return None
    if not few_words and (
        not _BLOCKS_LINK_FALLBACK.isdisjoint(found)
        or _hedged(folded, start, stop)
        or _CONTRAST.search(folded, stop, end) is not None
        or _OUT_OF_SERVICE.search(folded) is not None
    ):
        return None
    return start, stop


def _hedged(folded: str, start: int, stop: int) -> bool:
    """The sentence holding the link asks or denies something ("does <link> work", "you can't book <link>")."""
    low = max(folded.rfind(edge, 0, start) for edge in _SENTENCE_EDGES) + 1
    ends = [i for i in (folded.find(edge, stop) for edge in _SENTENCE_EDGES) if i >= 0]
    high = min(ends) if ends else len(folded)
    return (
        QUESTION_OPENING.match(folded, low) is not None or cues.NEGATOR.search(folded, low, high) is not None
    )


def booking_undone(folded: str) -> bool:
    """The reply says a booking was cancelled or moved, so "booked" tells of the past, not the present."""
    return _UNDONE.search(folded) is not None
