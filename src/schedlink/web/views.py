"""What the Booking tab's pages show, computed from stored rows: times in both zones, ages, safe links.

Everything a lead wrote stays plain text here; the templates escape it. The one place that builds
markup, ``highlight_link``, escapes the text before it adds its ``<mark>``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markupsafe import Markup, escape

from schedlink.domain.availability.intervals import instant_from_json
from schedlink.domain.bounds import in_range
from schedlink.domain.providers import provider_name
from schedlink.domain.review import fallback_message, withdrawal, withdrawn_reply
from schedlink.service.read_models import LeadRecord, TaskRecord

EXAMPLE_LOCAL_TIME = "2026-03-12T14:30"
PROVIDER_HUES = 8
# How much of a withdrawing reply goes into the dismissal reason filled in for the person.
REASON_EXCERPT = 160
# How many of our free times the fallback message offers the lead.
FALLBACK_TIMES = 3


@dataclass(frozen=True, slots=True)
class SlotView:
    start_utc: str  # what a Book button posts back: the stored start, as UTC ISO
    team_time: str
    lead_time: str | None
    reason: str
    booking_href: str | None
    local_value: str  # the start as a ``datetime-local`` value in the team's zone: what Mark booked posts
    team_start: str  # ``Thu 12 Mar 14:00 EDT``: the start alone, for the queue's one line and its choices
    lead_start: str | None  # ``11:00 PDT`` (with the day when it differs), when the lead's zone differs


@dataclass(frozen=True, slots=True)
class TaskCard:
    id: uuid.UUID
    lead_name: str
    lead_email: str | None
    provider: str
    provider_label: str
    provider_initial: str
    provider_hue: int
    link: str
    link_href: str | None
    link_text: str
    provider_in_link: bool  # the link's address already names the provider (calendly.com/…)
    words: str  # the lead's words around the link (plain text)
    asked_at: datetime
    age: str
    status: str
    lead_zone: str | None
    slots: list[SlotView]
    # Why there are no slots (yet); or, beside slots, what they are (e.g. our own free times, no overlap).
    suggestions_message: str | None
    fallback: str  # what the person is advised to do when the lead's page has no workable time
    fallback_message: str  # the same fallback as words to the lead, ready to send
    reply_draft: str  # the stored draft, or an acknowledgement once the lead withdrew
    messages_seen: int
    resolved_by: str | None
    resolution_note: str | None
    booked_start: str | None
    later_reply: str | None
    # "The lead withdrew" when the lead's newest reply took the request back; then the reason to dismiss
    # with is filled in for the person and the reply draft promises no booking.
    withdrawn: str | None
    dismiss_reason: str

    @property
    def best(self) -> SlotView | None:
        """The first suggested time: the one the queue's line shows and Mark booked starts from."""
        return self.slots[0] if self.slots else None

    @property
    def booked_default(self) -> str:
        """Mark booked's starting value: the first suggested time, or nothing to be typed over."""
        return self.slots[0].local_value if self.slots else ""


def task_card(
    task: TaskRecord,
    lead: LeadRecord,
    *,
    team_zone: str,
    now: datetime,
    later_reply: dict[str, Any] | None = None,
    team_link: str | None = None,
) -> TaskCard:
    lead_zone = _zone_or_none(task.lead_timezone)
    slots = [view for view in (slot_view(raw, team_zone, lead_zone) for raw in task.suggested_slots) if view]
    intent = str(later_reply.get("intent") or "") if later_reply else None
    words = str(later_reply.get("excerpt") or "(no text)") if later_reply else None
    withdrawn = withdrawal(intent) if task.status == "open" else None
    open_offer = [_start_for_lead(raw, lead_zone or team_zone) for raw in task.suggested_slots]
    return TaskCard(
        id=task.id,
        lead_name=lead.name or lead.email or lead.phone or lead.external_id or "Unnamed lead",
        lead_email=lead.email,
        provider=task.provider,
        provider_label=task_provider_label(task.provider),
        provider_initial=(provider_name(task.provider)[:1] or "?").upper(),
        provider_hue=provider_hue(task.provider),
        link=task.link,
        link_href=safe_href(task.link),
        link_text=short_link(task.link),
        provider_in_link=names_provider(task.link, task_provider_label(task.provider)),
        words=task.message_excerpt,
        asked_at=task.request_at,
        age=format_age(task.request_at, now),
        status=task.status,
        lead_zone=lead_zone,
        slots=slots,
        suggestions_message=(task.suggestions_note or None) if slots else suggestions_message(task),
        fallback=task.fallback,
        fallback_message=fallback_message(
            lead_name=lead.name, team_link=team_link, our_times=[t for t in open_offer if t][:FALLBACK_TIMES]
        ),
        reply_draft=withdrawn_reply(lead_name=lead.name, intent=intent) if withdrawn else task.reply_draft,
        messages_seen=task.messages_seen,
        resolved_by=task.resolved_by,
        resolution_note=task.resolution_note,
        booked_start=format_time(task.booked_start, team_zone) if task.booked_start else None,
        later_reply=words,
        withdrawn=withdrawn,
        dismiss_reason=f"{withdrawn}: “{_clip(words or '', REASON_EXCERPT)}”" if withdrawn else "",
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _start_for_lead(raw: Any, zone: str) -> str | None:
    """A suggested start as the lead reads it (``Thu 12 Mar 11:00 PDT``), for the fallback message."""
    try:
        start = instant_from_json(raw["start"]) if isinstance(raw, dict) else None
    except (KeyError, ValueError):
        return None
    return short_start(start, zone) if start else None


def short_start(moment: datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{_day(local)} {local:%H:%M} {local.tzname()}"


def task_provider_label(slug: str) -> str:
    return provider_name(slug) if slug != "other" else "Other scheduler"


def suggestions_message(task: TaskRecord) -> str:
    """Why there are no suggested times (yet)."""
    if task.suggestions_state == "waiting":
        return "Suggestions are being prepared."
    return task.suggestions_note or "No suggested times."


def slot_view(raw: Any, team_zone: str, lead_zone: str | None) -> SlotView | None:
    """One stored suggestion, or ``None`` for an entry that is not a usable slot."""
    if not isinstance(raw, dict):
        return None
    try:
        start = instant_from_json(raw["start"])
        end = instant_from_json(raw.get("end") or raw["start"])
    except (KeyError, ValueError):
        return None
    booking = raw.get("booking_url")
    other_zone = lead_zone if lead_zone and lead_zone != team_zone else None
    return SlotView(
        start_utc=start.astimezone(UTC).isoformat(),
        team_time=format_range(start, end, team_zone),
        lead_time=format_range(start, end, other_zone) if other_zone else None,
        reason=slot_reason(str(raw.get("reason") or "")),
        booking_href=safe_href(booking) if isinstance(booking, str) else None,
        local_value=local_input_value(start, team_zone),
        team_start=short_start(start, team_zone),
        lead_start=_lead_start(start, team_zone, other_zone) if other_zone else None,
    )


def slot_reason(stored: str) -> str:
    """Why a time was chosen, without the time itself: stored reasons read ``Thu 12 Mar 14:00 EDT / 11:00
    PDT — first time both calendars are free``, and the page already shows the time beside them."""
    head, dash, why = stored.partition(" — ")
    return why if dash and any(ch.isdigit() for ch in head) and why else stored


def _lead_start(start: datetime, team_zone: str, lead_zone: str) -> str:
    """``11:00 PDT``, or ``Fri 13 Mar 01:00 JST`` when the lead's day is not the team's."""
    team, lead = start.astimezone(ZoneInfo(team_zone)), start.astimezone(ZoneInfo(lead_zone))
    clock = f"{lead:%H:%M} {lead.tzname()}"
    return clock if lead.date() == team.date() else f"{_day(lead)} {clock}"


def format_range(start: datetime, end: datetime, zone: str) -> str:
    """``Thu 12 Mar 14:00–14:30 EDT`` in ``zone`` (the end's date too when it falls on another day)."""
    tz = ZoneInfo(zone)
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    head = _day(local_start) + local_start.strftime(" %H:%M")
    if local_end.date() != local_start.date():
        tail = _day(local_end) + local_end.strftime(" %H:%M")
    else:
        tail = local_end.strftime("%H:%M")
    if local_start.tzname() != local_end.tzname():  # the clocks change inside the slot
        return f"{head} {local_start.tzname()}–{tail} {local_end.tzname()}"
    return f"{head}–{tail} {local_end.tzname()}"


def format_time(moment: datetime, zone: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    return f"{_day(local)} {local:%Y %H:%M} {local.tzname()}"


def _day(local: datetime) -> str:
    return f"{local:%a} {local.day} {local:%b}"


def format_age(then: datetime, now: datetime) -> str:
    """``3 h ago`` style: the coarsest unit that is at least one."""
    seconds = (now - then).total_seconds()
    if seconds < 0:
        return "just now"
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return "1 day ago" if days == 1 else f"{days} days ago"


def safe_href(url: str | None) -> str | None:
    """The URL if it is an http(s) address and so safe in an ``href``; ``javascript:`` and friends are
    never links, whatever escaping does to them."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def names_provider(url: str, label: str) -> bool:
    """Whether the link's host already says the provider's name (``calendly.com`` for Calendly), so a
    line that shows the link need not say the name again."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return False
    word = label.split(" ")[0].lower()
    return bool(host and word) and word in host


def short_link(url: str, limit: int = 60) -> str:
    text = url.split("://", 1)[-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def provider_hue(slug: str) -> int:
    """A stable colour index per provider for its mark (``hash()`` changes per process, this does not)."""
    return sum(slug.encode()) % PROVIDER_HUES


def highlight_link(text: str, link: str | None) -> Markup:
    """The lead's words escaped, with the first place the link stands wrapped in ``<mark>``.

    The text is escaped first and the needle is escaped the same way, so the mark can only ever wrap
    text that was already made harmless.
    """
    escaped = str(escape(text))
    for needle in _link_spellings(link):
        escaped_needle = str(escape(needle))
        at = escaped.lower().find(escaped_needle.lower())
        if at >= 0:
            end = at + len(escaped_needle)
            return Markup(f"{escaped[:at]}<mark>{escaped[at:end]}</mark>{escaped[end:]}")
    return Markup(escaped)


def _link_spellings(link: str | None) -> list[str]:
    """The ways a lead may have written the canonical link: with or without scheme and ``www.``."""
    if not link:
        return []
    bare = link.split("://", 1)[-1]
    spellings = [link, bare, bare.removeprefix("www."), bare.rstrip("/")]
    return [spelling for spelling in dict.fromkeys(spellings) if len(spelling) >= 4]


def parse_local_time(value: str, zone: str) -> datetime:
    """A ``datetime-local`` value read as wall-clock time in ``zone``, as UTC. A time the clocks skip is
    refused rather than silently shifted; a repeated one means its first occurrence."""
    try:
        naive = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"give a date and time, for example {EXAMPLE_LOCAL_TIME}") from None
    if naive.tzinfo is not None:
        raise ValueError("give the time without a UTC offset; it is read in the team's zone")
    tz = ZoneInfo(zone)
    try:
        utc = in_range(naive.replace(tzinfo=tz)).astimezone(UTC)
    except ValueError:
        raise ValueError(f"give a date from 1970 to 2199, for example {EXAMPLE_LOCAL_TIME}") from None
    if utc.astimezone(tz).replace(tzinfo=None) != naive:
        raise ValueError(f"{naive:%H:%M} does not exist on {naive:%d %b %Y} in {zone} (the clocks change)")
    return utc


def _zone_or_none(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def local_input_value(moment: datetime, zone: str) -> str:
    """A ``datetime-local`` input's value for ``moment`` in ``zone``."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")
