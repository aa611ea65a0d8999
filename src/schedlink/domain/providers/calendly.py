"""Calendly: ``calendly.com/{user}[/{event}]``, one-off ``/d/{code}/{slug}``, slot deep links."""

from __future__ import annotations

import re

from schedlink.domain.providers import calendly_page, calendly_slots
from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    accept,
    build,
    first_reserved,
    is_asset,
    is_slug,
    join,
    placeholder_kind,
    reject,
    words,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "calendly"
_HOSTS = frozenset({"calendly.com", "www.calendly.com"})
_RESERVED = COMMON_RESERVED | words(
    """
    app event_types cancellations reschedulings invitees scheduled_events external embed pages
    calendly-for-teams features-overview browser-extensions
    """
)
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:T[0-9:.+-]{0,32})?")


def recognise(parsed: ParsedUrl) -> Recognition:
    """Profile and event pages on ``calendly.com``; dashboards, help, API and asset hosts are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Calendly service host, not a booking page")
    segments = parsed.segments
    if not segments:
        return reject(SLUG, "vendor home page")
    word = first_reserved(segments, _RESERVED)
    if word is not None:
        return reject(SLUG, f"vendor page: /{word}")
    if is_asset(segments[-1]):
        return reject(SLUG, "static file")
    if placeholder_kind(segments[:3]) == "merge":
        return reject(SLUG, "unrendered merge tag")
    if segments[0].lower() in ("d", "s") and len(segments) == 1:
        return reject(SLUG, "one-off link without its code")
    if segments[0].lower() in ("d", "s") and len(segments) >= 2:
        # /d/{code}/{slug} one-off or single-use links; /s/{owner}/... seen in the wild
        head = segments[0].lower()
        rest = [s for s in segments[1:3] if not _DATETIME.fullmatch(s)]
        if not all(is_slug(s) for s in rest):
            return reject(SLUG, "not a booking path")
        owner = rest[0] if head == "s" else None
        event = rest[1] if len(rest) > 1 else (None if head == "s" else rest[0])
        return accept(SLUG, build("calendly.com", join(head, *rest)), owner, event, *rest)
    owner = segments[0]
    event = segments[1] if len(segments) > 1 and not _DATETIME.fullmatch(segments[1]) else None
    if not is_slug(owner) or (event is not None and not is_slug(event)):
        return reject(SLUG, "not a booking path")
    # a third segment is the slot deep link (/{user}/{event}/{ISO datetime}); the page is the event
    return accept(SLUG, build("calendly.com", join(owner, event or "")), owner, event)


SPEC = ProviderSpec(
    SLUG,
    "Calendly",
    recognise,
    hosts=_HOSTS,
    domains=frozenset({"calendly.com"}),
    read_slots=calendly_slots.read_slots,
    slot_hosts=frozenset({calendly_slots.HOST}),
    booking_url=calendly_slots.booking_url,
    book_in_page=calendly_page.RECIPE,
)
