"""What the lead asks for, with the phrase that decided it.

Only ``book_via_link`` (with a link from the message) lets the product act, so the classifier is a
decision list ordered by how safe each answer is: opting out, auto-replies, "already booked" and
explicit refusals are settled before any invitation to book is considered, and an invitation must be
addressed to us and aimed at the lead's own page ("book a time on my calendar"), not at ours ("I'll
grab a time on your calendar") and not negated ("don't use my calendly"). Only the lead's new words
decide; the quoted history holds our own pitch. Cues per language live in ``intent_rules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from schedlink.domain.intent_rules import contrast, cues, pasted, purpose
from schedlink.domain.intent_rules.booking import first_invitation
from schedlink.domain.intent_rules.reading import Reading
from schedlink.domain.message import NormalisedBody, Region


class Intent(StrEnum):
    """The nine intents of the design; ``BOOK_VIA_LINK`` is the only one that may lead to action."""

    BOOK_VIA_LINK = "book_via_link"
    ALREADY_BOOKED = "already_booked"
    PROPOSE_TIMES = "propose_times"
    REQUEST_OUR_LINK = "request_our_link"
    INTERESTED = "interested"
    NOT_INTERESTED = "not_interested"
    OUT_OF_OFFICE = "out_of_office"
    UNSUBSCRIBE = "unsubscribe"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class IntentVerdict:
    """An intent, how sure we are (0..1) and the words that decided it (empty when none did)."""

    intent: Intent
    confidence: float
    phrase: str


# Upstream sentiment labels, read loosely: a hint that raises confidence when it agrees and decides only
# when the words gave no clear cue; never a decision over a phrase.
_POSITIVE = frozenset(
    {
        Intent.BOOK_VIA_LINK,
        Intent.ALREADY_BOOKED,
        Intent.PROPOSE_TIMES,
        Intent.REQUEST_OUR_LINK,
        Intent.INTERESTED,
    }
)
_SENTIMENTS: dict[str, tuple[frozenset[Intent], Intent | None]] = {
    "positive": (_POSITIVE, Intent.INTERESTED),
    "interested": (_POSITIVE, Intent.INTERESTED),
    "negative": (frozenset({Intent.NOT_INTERESTED, Intent.UNSUBSCRIBE}), Intent.NOT_INTERESTED),
    "not_interested": (frozenset({Intent.NOT_INTERESTED}), Intent.NOT_INTERESTED),
    "out_of_office": (frozenset({Intent.OUT_OF_OFFICE}), Intent.OUT_OF_OFFICE),
    "ooo": (frozenset({Intent.OUT_OF_OFFICE}), Intent.OUT_OF_OFFICE),
    "auto_reply": (frozenset({Intent.OUT_OF_OFFICE}), Intent.OUT_OF_OFFICE),
    "unsubscribe": (frozenset({Intent.UNSUBSCRIBE}), Intent.UNSUBSCRIBE),
    "neutral": (frozenset({Intent.OTHER}), None),
}
_MAX_SUBJECT_CHARS = 80
_REPLY_PREFIX = re.compile(r"\s*(?:re|aw|sv|antw|rv|r|res|ref|tr|fw|fwd|wg|enc|doorst)\s?:", re.IGNORECASE)
_MAX_SIGNATURE_CHARS = 300
_WEAK = 0.6  # verdicts below this may be replaced by the upstream sentiment
_QUESTION_PHRASE_CHARS = 160
_CONDITIONAL = re.compile(r"(?<![\w'])(?:if|si|wenn|falls|se|als|indien)\s+(?:[\w']+\s+){0,2}$")
_BOOKING_KINDS = frozenset({"book_verbs", "choice_verbs", "generic_verbs", "present_link"})
_SOLE_INTENTS = {
    "unsubscribe": Intent.UNSUBSCRIBE,
    "not_interested": Intent.NOT_INTERESTED,
    "already_booked": Intent.ALREADY_BOOKED,
}
_SOLE_WORD_MAX_CHARS = 40


def classify_intent(
    body: NormalisedBody,
    *,
    subject: str | None = None,
    has_link: bool = False,
    link_region: Region | None = None,
    sentiment: str | None = None,
) -> IntentVerdict:
    """Decide what the lead's new words ask for; see the module docstring for the order of decisions.

    ``has_link``/``link_region`` say whether detection found the lead's scheduler link in this message
    and where: a link the lead pasted with hardly any words counts as an invitation only when it stood
    in the new text (``None`` is read as the new text). ``sentiment`` is an upstream hint (free string).
    The phrase is a substring of the new text, the subject or the signature, or empty when no words
    decided (sentiment alone, or nothing at all: ``other``).
    """
    text = Reading(body.new_text or "")
    link_in_text = has_link and link_region in (None, Region.NEW)
    verdict = _decide(text, subject or "", has_link=has_link, link_in_text=link_in_text)
    if verdict is None and body.signature:
        verdict = _refusal_in_signature(body.signature)
    return _apply_sentiment(verdict, (sentiment or "").strip().casefold().replace("-", "_").replace(" ", "_"))


def _decide(text: Reading, subject: str, *, has_link: bool, link_in_text: bool) -> IntentVerdict | None:
    sole = _sole_word(text)
    if sole is not None:
        return sole
    unsubscribe = text.first("unsubscribe", negatable=True)
    if unsubscribe:
        return _verdict(Intent.UNSUBSCRIBE, 0.95, text, unsubscribe)
    away = text.first("out_of_office")
    auto_reply = _auto_reply_subject(subject)
    if auto_reply is not None:
        phrase = text.phrase(away.start(), away.end()) if away else auto_reply
        return IntentVerdict(Intent.OUT_OF_OFFICE, 0.97, phrase)
    if away:
        constrained = _constrained_booking(text, has_link=has_link, link_in_text=link_in_text)
        return constrained or _verdict(Intent.OUT_OF_OFFICE, 0.9, text, away)
    booked = text.first("already_booked", negatable=True)
    if booked and not (text.first("request_link", negatable=True) and pasted.booking_undone(text.folded)):
        return _verdict(Intent.ALREADY_BOOKED, 0.9, text, booked)
    refusal = text.first("not_interested")
    if refusal:
        return _verdict(Intent.NOT_INTERESTED, 0.9, text, refusal)
    disowned = text.first("disown_link")
    request = text.first("request_link", negatable=True)
    propose = text.first("propose")
    if disowned is None and text.first("books_ours", negatable=True) is None:
        booking = _booking(text, request, propose, has_link=has_link, link_in_text=link_in_text)
        if booking is not None:
            return booking
    off_topic = text.first("off_topic")
    if off_topic and propose is None and request is None and text.first("interested", negatable=True) is None:
        return _verdict(Intent.OTHER, 0.6, text, off_topic)  # an invoice's month is no time proposal
    times = text.times
    if times is not None and (propose is not None or request is None):
        return IntentVerdict(Intent.PROPOSE_TIMES, 0.85 if propose else 0.75, text.phrase(*times))
    if request:
        return _verdict(Intent.REQUEST_OUR_LINK, 0.85, text, request)
    return _lukewarm(text, disowned)


def _constrained_booking(text: Reading, *, has_link: bool, link_in_text: bool) -> IntentVerdict | None:
    """ "Your times don't work, I'm travelling all week: please use my link" asks us to book.

    Travel, leave or a busy week read like an absence, but a person who turns down the times we offered
    and points at their own page wants a booking; an auto-reply never answers our proposal.
    """
    if text.first("times_declined", negatable=True) is None or text.first("disown_link") is not None:
        return None
    request = text.first("request_link", negatable=True)
    propose = text.first("propose")
    return _booking(text, request, propose, has_link=has_link, link_in_text=link_in_text)


def _auto_reply_subject(subject: str) -> str | None:
    """The words marking the subject of an auto-reply ("Automatic reply: ..."), if it is one.

    A subject that starts as a reply or forward ("Re:", "AW:", "RE :") was written by a person.
    """
    if not subject or _REPLY_PREFIX.match(subject):
        return None
    marked = Reading(subject[:_MAX_SUBJECT_CHARS])
    match = marked.first("auto_reply_subject") or marked.first("out_of_office")
    return marked.phrase(match.start(), match.end()) if match else None


def _booking(
    text: Reading,
    request: re.Match[str] | None,
    propose: re.Match[str] | None,
    *,
    has_link: bool,
    link_in_text: bool,
) -> IntentVerdict | None:
    """An invitation to book on the lead's (or a colleague's) page, unless a request for ours came first.

    A mere presentation of the page ("here's my calendly") gives way to times proposed in words with a
    request for an invite; a pasted link with hardly any words (or only the times) is an invitation.
    """
    pasted = link_in_text and propose is None and request is None
    if not _BOOKING_KINDS.intersection(text.found):
        return _bare_link(text) if pasted else None
    end = text.booking_end
    invitation = first_invitation(text.folded, end, text.found)
    presented = text.first("present_link", end=end)
    candidates: list[tuple[int, int, float]] = []
    if invitation is not None:
        candidates.append((invitation.start, invitation.end, 0.9 if invitation.strength == 2 else 0.8))
    if (
        presented is not None
        and not (propose is not None and text.times is not None)
        and text.first("not_now") is None
        and text.first("settled") is None
    ):  # "not now thanks - my booking page is <link> if a client needs us": shown, not offered now
        candidates.append((presented.start(), presented.end(), 0.75 if has_link else 0.6))
    presented_only = invitation is None
    if not candidates:
        return _bare_link(text) if pasted else None
    start, end, confidence = min(candidates)
    if purpose.offered_aside(text.folded, start, end):
        return None  # "my calendar is below in case you ever need me": not for booking now
    if request is not None and (
        request.start() < start or contrast.request_vetoes_page(text, start, presented_only=presented_only)
    ):
        return None
    if has_link:
        confidence += 0.05 if link_in_text else 0.02
    return IntentVerdict(Intent.BOOK_VIA_LINK, round(min(confidence, 0.97), 2), text.phrase(start, end))


def _bare_link(text: Reading) -> IntentVerdict | None:
    """A scheduler link pasted in the lead's new words, unless something says otherwise (see ``pasted``)."""
    span = pasted.bare_link_span(text.folded, text.booking_end, text.found, has_times=text.times is not None)
    if span is None or purpose.offered_aside(text.folded, *span):
        return None
    return IntentVerdict(Intent.BOOK_VIA_LINK, 0.7, text.phrase(*span))


def _lukewarm(text: Reading, disowned: re.Match[str] | None) -> IntentVerdict | None:
    """Soft refusals, later plans, referrals and plain interest: what is left when nothing asked for action.

    "We already use X" or "not a priority" is a refusal unless the lead also asks a question or states
    a later plan ("does it plug into X?", "reach back out in January"), which keeps the door open.
    """
    later = text.first("later")
    interested = text.first("interested", negatable=True) or text.first("books_ours", negatable=True)
    if interested and _CONDITIONAL.search(text.folded, max(0, interested.start() - 24), interested.start()):
        interested = None  # "they will reach out if relevant"
    question = text.folded.find("?")
    if question < 0 and pasted.QUESTION_OPENING.match(text.folded):  # "does it plug into hubspot" without "?"
        line_end = text.folded.find("\n")
        question = min(line_end if line_end >= 0 else len(text.folded), _QUESTION_PHRASE_CHARS) - 1
    settled = text.first("settled")
    if settled and question < 0 and interested is None and later is None:
        return _verdict(Intent.NOT_INTERESTED, 0.8, text, settled)
    not_now = text.first("not_now")
    if not_now and later is None:
        return _verdict(Intent.NOT_INTERESTED, 0.75, text, not_now)
    referral = text.first("referral") or text.first("puzzled") or text.first("off_topic")
    if referral and interested is None and later is None:
        return _verdict(Intent.OTHER, 0.6, text, referral)
    not_yet = next(iter(text.found.get("already_booked", ())), None)  # "not booked yet": it is still to come
    candidates = (
        (disowned, 0.65),
        (later, 0.7),
        (interested, 0.7),
        (not_yet, 0.55),
        (settled, 0.55),
        (not_now, 0.6),
    )
    for match, confidence in candidates:
        if match:
            return _verdict(Intent.INTERESTED, confidence, text, match)
    if question >= 0:
        line_start = text.folded.rfind("\n", 0, question) + 1
        return IntentVerdict(Intent.INTERESTED, 0.5, text.phrase(line_start, question + 1))
    return None


def _sole_word(text: Reading) -> IntentVerdict | None:
    """A reply of one word ("STOP", "nope", "Booked!") means what the word means."""
    if len(text.folded) > _SOLE_WORD_MAX_CHARS:
        return None
    words = pasted.WORD.findall(text.folded)
    kind = cues.SOLE_WORDS.get(words[0]) if len(words) == 1 else None
    if kind is None:
        return None
    start = text.folded.find(words[0])
    return IntentVerdict(_SOLE_INTENTS[kind], 0.9, text.original[start : start + len(words[0])])


def _refusal_in_signature(signature: str) -> IntentVerdict | None:
    """A short refusal the splitter took for a sign-off ("danke, kein Bedarf") still counts."""
    text = Reading(signature[:_MAX_SIGNATURE_CHARS])
    for kind, intent in (("unsubscribe", Intent.UNSUBSCRIBE), ("not_interested", Intent.NOT_INTERESTED)):
        match = text.first(kind, negatable=kind == "unsubscribe")
        if match:
            return _verdict(intent, 0.6, text, match)
    return None


def _apply_sentiment(verdict: IntentVerdict | None, sentiment: str) -> IntentVerdict:
    agrees, fallback = _SENTIMENTS.get(sentiment, (frozenset(), None))
    if verdict is None or (
        verdict.confidence < _WEAK and fallback is not None and verdict.intent not in agrees
    ):
        return (
            IntentVerdict(fallback, 0.4, "") if fallback is not None else IntentVerdict(Intent.OTHER, 0.3, "")
        )
    if verdict.intent in agrees:
        return IntentVerdict(verdict.intent, round(min(verdict.confidence + 0.05, 0.99), 2), verdict.phrase)
    return verdict


def _verdict(intent: Intent, confidence: float, text: Reading, match: re.Match[str]) -> IntentVerdict:
    return IntentVerdict(intent, confidence, text.phrase(match.start(), match.end()))
