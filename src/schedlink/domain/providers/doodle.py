"""Doodle: booking pages (``/bp/{user}/{slug}``, ``/mm/{user}``) and scheduling polls people answer.

Polls are ``/poll/{id}``, ``/meeting/participate/id/{id}``, ``/group-poll/participate/{id}`` and, on old
links, a bare 16-character id (``doodle.com/uvbbrna677dfbw7e``).
"""

from __future__ import annotations

import re

from schedlink.domain.providers.base import (
    ProviderSpec,
    Recognition,
    accept,
    build,
    is_slug,
    join,
    placeholder_kind,
    reject,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "doodle"
_HOSTS = frozenset({"doodle.com", "www.doodle.com"})
_LEGACY_POLL = re.compile(r"[a-z0-9]{16}")


def recognise(parsed: ParsedUrl) -> Recognition:
    """Booking pages and polls; marketing, help and app pages are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Doodle service host, not a booking page")
    segments = parsed.segments
    lowered = [s.lower() for s in segments]
    if lowered[:1] in (["bp"], ["mm"]) and len(segments) >= 2:
        parts = segments[1:3]
        return _accepted([segments[0].lower(), *parts], parts[0], parts[1] if len(parts) > 1 else None)
    if lowered[:1] == ["poll"] and len(segments) >= 2:
        return _accepted(["poll", segments[1]], None, segments[1])
    if lowered[:3] == ["meeting", "participate", "id"] and len(segments) >= 4:
        return _accepted(["meeting", "participate", "id", segments[3]], None, segments[3])
    if lowered[:2] == ["group-poll", "participate"] and len(segments) >= 3:
        return _accepted(["group-poll", "participate", segments[2]], None, segments[2])
    if len(segments) == 1 and _LEGACY_POLL.fullmatch(segments[0]):
        return _accepted([segments[0]], None, segments[0])
    return reject(SLUG, "Doodle page that is not a booking page or poll")


def _accepted(parts: list[str], owner: str | None, event: str | None) -> Recognition:
    if placeholder_kind(parts) == "merge":
        return reject(SLUG, "unrendered merge tag")
    if not all(is_slug(p) for p in parts):
        return reject(SLUG, "not a booking path")
    return accept(SLUG, build("doodle.com", join(*parts)), owner, event, *(s for s in (owner, event) if s))


# A poll is voted in, not booked; a link alone does not always say which of the two it is (``/{id}``).
SPEC = ProviderSpec(
    SLUG, "Doodle", recognise, hosts=_HOSTS, domains=frozenset({"doodle.com"}), invitee_books=False
)
