"""Zoom Scheduler: ``scheduler.zoom.us/{user}[/{slug}]`` (also ``/f/``, ``/t/``, ``/team/`` pages).

Everything else on Zoom's hosts (``/j/`` joins, webinar registration, vanity ``{org}.zoom.us``) is a
meeting, not a scheduler.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
    under_prefix,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "zoom"
_SCHEDULER_HOSTS = frozenset({"scheduler.zoom.us", "scheduler.zoom.com"})
_RESERVED = COMMON_RESERVED | frozenset({"j", "w", "s", "wc", "meeting", "webinar", "rec"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Scheduler pages; joins and registrations are meetings, not booking pages."""
    if parsed.host not in _SCHEDULER_HOSTS:
        return reject(SLUG, "video meeting link, not a booking page")
    head = parsed.segments[0].lower() if parsed.segments else ""
    if head in ("f", "t", "team") and len(parsed.segments) >= 2:
        # /f/{id}, /t/{id}, /team/{slug}[/{event}]: the id is the page
        return under_prefix(SLUG, parsed, "scheduler.zoom.us", head, depth=2, owner_first=head == "team")
    return profile_or_event(SLUG, parsed, "scheduler.zoom.us", _RESERVED)


SPEC = ProviderSpec(
    SLUG, "Zoom Scheduler", recognise, hosts=_SCHEDULER_HOSTS, domains=frozenset({"zoom.us", "zoom.com"})
)
