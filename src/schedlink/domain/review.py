"""What a reply makes us do about the lead's link, and what the person handling it is told.

Pure rules, so that the service's transaction only stores their results:

* ``newer_than`` — invariant 3: the lead keeps the link of the newest message by message time;
* ``decide`` — invariant 1: a task needs ``book_via_link`` and a link from this message, or the lead's
  stored link when they refer to "my link" without repeating it and we saw it recently;
* ``review_content`` — the fallback recommendation and reply draft, which name the lead's link;
* ``no_common_time_fallback`` — the fallback when the lead's availability and ours do not meet;
* ``fallback_message`` — the fallback as words to the lead, ready to send;
* ``withdrawal`` and ``withdrawn_reply`` — a later reply that withdrew or declined, and the draft then;
* ``excerpt`` — the lead's words around the link, for the task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from schedlink.domain.intent import Intent

CAMPAIGN = "lead_scheduler_link"
STORED_LINK_MAX_AGE = timedelta(days=30)
EXCERPT_CHARS = 600
NO_SUGGESTIONS_YET = (
    "No suggested times yet: they appear once the team's calendars are connected and the lead's free "
    "slots have been read."
)


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether to open (or update) a review task, for which link, and why, in words a person reads."""

    act: bool
    link: str | None
    provider: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class StoredLink:
    """The link the lead already has on record and the message time it was last seen at."""

    url: str
    provider: str | None
    seen_at: datetime


def newer_than(
    time: datetime, message_id: str, current_time: datetime | None, current_id: str | None
) -> bool:
    """True when a sighting at ``time`` should replace the current one (ties go to the larger id).

    Message time, not arrival order, decides: a late-delivered older reply must not bring back a link
    the lead has since replaced. The id tie-break keeps the outcome the same in any delivery order.
    """
    if current_time is None:
        return True
    if time != current_time:
        return time > current_time
    return message_id > (current_id or "")


def decide(
    *,
    analysis_act: bool,
    intent: Intent,
    link_url: str | None,
    link_provider: str | None,
    link_in_this_message: bool,
    stored: StoredLink | None,
    received_at: datetime,
    stored_max_age: timedelta = STORED_LINK_MAX_AGE,
) -> Decision:
    """Act only on a clear request to book through the lead's link (invariant 1)."""
    if intent is not Intent.BOOK_VIA_LINK:
        return Decision(False, None, None, f"intent is {intent.value}, not book_via_link")
    if analysis_act and link_url is not None:
        return Decision(
            True, link_url, link_provider, "the lead asked us to book through the link in this reply"
        )
    if link_in_this_message:
        return Decision(False, None, None, "the link in this reply was not a request to book")
    if stored is None:
        return Decision(False, None, None, "the lead referred to their link but none is on record")
    age = received_at - stored.seen_at
    if age > stored_max_age:
        days = stored_max_age.days
        return Decision(False, None, None, f"the lead's stored link was last seen more than {days} days ago")
    return Decision(
        True, stored.url, stored.provider, "the lead referred to their link; using the one on record"
    )


@dataclass(frozen=True, slots=True)
class ReviewContent:
    """The words of a review task that follow the lead's current link."""

    fallback: str
    reply_draft: str


def review_content(
    *,
    link: str,
    provider_name: str,
    lead_name: str | None,
    team_link: str | None,
) -> ReviewContent:
    """The fallback recommendation naming the team's link, and a ready reply draft."""
    greeting = f"Hi {_first_name(lead_name)}," if _first_name(lead_name) else "Hi,"
    if team_link:
        fallback = f"If their link has no workable time, ask them to use ours: {team_link}"
        alternative = f"If nothing there suits our side, here is our calendar too: {team_link}"
    else:
        fallback = (
            "If their link has no workable time, reply with two or three times that suit us "
            "(no team link is set in the workspace settings)."
        )
        alternative = "If nothing there works on our side, I'll send over a few times that do."
    draft = (
        f"{greeting}\n\nThanks — I'll pick a time on your {provider_name} page ({link}) and you'll get "
        f"the invitation from there.\n{alternative}\n"
    )
    return ReviewContent(fallback=fallback, reply_draft=draft)


def no_common_time_fallback(team_link: str | None, our_times: list[str]) -> str:
    """The fallback when nothing the lead offers is free on our side: say so, and offer ours instead."""
    offer = f" or offer one of our free times: {'; '.join(our_times)}" if our_times else ""
    if team_link:
        return f"No time the lead offers is free on our side. Ask them to use our link: {team_link}{offer}."
    return f"No time the lead offers is free on our side. Reply with times that suit us{offer}."


def fallback_message(*, lead_name: str | None, team_link: str | None, our_times: list[str]) -> str:
    """The fallback as the lead reads it: their page had no workable time, so ours (and a few of our free
    times) instead. Promises nothing about their page."""
    first = _first_name(lead_name)
    lines = [f"Hi {first}," if first else "Hi,", ""]
    lines.append("I couldn't find a time on your page that works on our side, sorry.")
    if team_link:
        lines.append(f"Could you pick one that suits you on our calendar instead? {team_link}")
        if our_times:
            lines.append(f"Or, if easier, any of these works for us: {'; '.join(our_times)}.")
    elif our_times:
        lines.append(f"Would any of these work for you? {'; '.join(our_times)}.")
    else:
        lines.append("Could you send two or three times that suit you, and I'll confirm one?")
    return "\n".join(lines) + "\n"


# A later reply with one of these intents takes the request back: the task is to be dismissed, not booked.
WITHDRAWALS = {
    Intent.NOT_INTERESTED: "The lead withdrew",
    Intent.UNSUBSCRIBE: "The lead asked not to be contacted",
}


def withdrawal(intent: str | None) -> str | None:
    """``"The lead withdrew"`` (or similar) when a reply with this intent takes the request back."""
    try:
        return WITHDRAWALS.get(Intent(intent or ""))
    except ValueError:
        return None


def withdrawn_reply(*, lead_name: str | None, intent: str | None) -> str:
    """The draft once the lead withdrew or declined: an acknowledgement, no booking promise."""
    first = _first_name(lead_name)
    greeting = f"Hi {first}," if first else "Hi,"
    if intent == Intent.UNSUBSCRIBE.value:
        body = "Understood: we won't contact you about this again."
    else:
        body = (
            "Thanks for letting me know, no problem at all. I won't book anything.\n"
            "If things change, just reply here and we'll find a time."
        )
    return f"{greeting}\n\n{body}\n"


def excerpt(text: str, around: str | None = None, limit: int = EXCERPT_CHARS) -> str:
    """At most ``limit`` characters of the lead's words, centred on the link when the text is long."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    start = 0
    if around:
        at = flat.find(around.split("://", 1)[-1][:40])
        if at > limit // 2:
            start = at - limit // 3
    piece = flat[start : start + limit]
    return ("…" if start else "") + piece + ("…" if start + limit < len(flat) else "")


def _first_name(name: str | None) -> str | None:
    if not name:
        return None
    first = name.strip().split()[0] if name.strip() else ""
    return first if first.replace("-", "").replace("'", "").isalpha() else None
