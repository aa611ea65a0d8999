"""What the Booking tab's pages show, computed from stored rows: times in both zones, ages, safe links.

Everything a lead wrote stays plain text here; the templates escape it. The one place that builds
markup, ``highlight_link``, escapes the text before it adds its ``<mark>``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markupsafe import Markup, escape

from schedlink.domain.availability.intervals import instant_from_json
from schedlink.domain.bounds import in_range
from schedlink.domain.providers import provider_name
from schedlink.store.models import LeadRow, ReviewTaskRow

EXAMPLE_LOCAL_TIME = "2026-03-12T14:30"
PROVIDER_HUES = 8


@dataclass(frozen=True, slots=True)
class SlotView:
    start_utc: str  # what a Book button posts back: the stored start, as UTC ISO
    team_time: str
    lead_time: str | None
    reason: str
    booking_href: str | None


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
    asked_at: datetime
    age: str
    status: str
    lead_zone: str | None
    slots: list[SlotView]
    # Why there are no slots (yet); or, beside slots, what they are (e.g. our own free times, no overlap).
    suggestions_message: str | None
    fallback: str
    reply_draft: str
    messages_seen: int
    resolved_by: str | None
    resolution_note: str | None
    booked_start: str | None
    later_reply: str | None


def task_card(
    task: ReviewTaskRow,
    lead: LeadRow,
    *,
    team_zone: str,
    now: datetime,
    later_reply: dict[str, Any] | None = None,
) -> TaskCard:
    lead_zone = _zone_or_none(task.lead_timezone)
    slots = [view for view in (slot_view(raw, team_zone, lead_zone) for raw in task.suggested_slots) if view]
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
        asked_at=task.request_at,
        age=format_age(task.request_at, now),
        status=task.status,
        lead_zone=lead_zone,
        slots=slots,
        suggestions_message=(task.suggestions_note or None) if slots else suggestions_message(task),
        fallback=task.fallback,
        reply_draft=task.reply_draft,
        messages_seen=task.messages_seen,
        resolved_by=task.resolved_by,
        resolution_note=task.resolution_note,
        booked_start=format_time(task.booked_start, team_zone) if task.booked_start else None,
        later_reply=str(later_reply.get("excerpt") or "(no text)") if later_reply else None,
    )


def task_provider_label(slug: str) -> str:
    return provider_name(slug) if slug != "other" else "Other scheduler"


def suggestions_message(task: ReviewTaskRow) -> str:
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
    return SlotView(
        start_utc=start.astimezone(UTC).isoformat(),
        team_time=format_range(start, end, team_zone),
        lead_time=format_range(start, end, lead_zone) if lead_zone and lead_zone != team_zone else None,
        reason=str(raw.get("reason") or ""),
        booking_href=safe_href(booking) if isinstance(booking, str) else None,
    )


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


def soon(now: datetime) -> datetime:
    """The default booked time offered in the form: the next full hour."""
    return (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
