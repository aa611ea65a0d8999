"""OnceHub / ScheduleOnce: ``go.oncehub.com/{Page}``, ``oncehub.com/{LINK}``, ``secure.scheduleonce.com/..``.

On ``oncehub.com`` itself only single-segment links count: deeper paths are the vendor's marketing site.
Booking links accept prefill parameters (``name``, ``email``, ``iana_time_zone``) but no time preselection,
so the one-click link opens the page with the invitee's details filled in.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
    words,
)
from schedlink.domain.providers.slot_reading import aware, with_query
from schedlink.domain.urls import ParsedUrl

if TYPE_CHECKING:  # slots.py imports this package
    from schedlink.domain.slots import Invitee

SLUG = "oncehub"
_PAGE_HOSTS = frozenset({"go.oncehub.com", "secure.scheduleonce.com"})
_MAIN_HOSTS = frozenset({"oncehub.com", "www.oncehub.com"})
_RESERVED = COMMON_RESERVED | words(
    """
    platform industries customer-stories book-a-demo request-demo demo events online-scheduling
    meeting-scheduling lead-qualification chatbots ai scheduling routing compare alternatives
    why-oncehub glossary ebooks guides case-studies en de fr es
    """
)


def recognise(parsed: ParsedUrl) -> Recognition:
    """Booking pages; the vendor's marketing site, account and API hosts are not links."""
    if parsed.host in _PAGE_HOSTS:
        return profile_or_event(SLUG, parsed, parsed.host, _RESERVED, max_depth=1)
    if parsed.host in _MAIN_HOSTS:
        if len(parsed.segments) != 1:
            return reject(SLUG, "vendor page" if parsed.segments else "vendor home page")
        return profile_or_event(SLUG, parsed, "oncehub.com", _RESERVED, max_depth=1)
    return reject(SLUG, "OnceHub service host, not a booking page")


def booking_url(recognition: Recognition, start: datetime, invitee: Invitee) -> str | None:
    """The booking page with the invitee prefilled; OnceHub cannot preselect ``start``."""
    aware(start)
    if not recognition.accepted or recognition.url is None:
        return None
    return with_query(
        recognition.url,
        (("name", invitee.name), ("email", invitee.email), ("iana_time_zone", invitee.timezone)),
    )


SPEC = ProviderSpec(
    SLUG,
    "OnceHub",
    recognise,
    hosts=_PAGE_HOSTS | _MAIN_HOSTS,
    domains=frozenset({"oncehub.com", "scheduleonce.com"}),
    booking_url=booking_url,
)
