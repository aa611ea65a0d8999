"""Zcal: ``zcal.co/i/{code}`` invites and ``zcal.co/{user}/{slug}`` pages."""

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

SLUG = "zcal"
_HOSTS = frozenset({"zcal.co", "www.zcal.co"})
_RESERVED = COMMON_RESERVED | frozenset({"embed", "app"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Invite and scheduling pages on the main host; the embed script host is not a link."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Zcal service host, not a booking page")
    if parsed.segments[:1] == ("i",):
        return under_prefix(SLUG, parsed, "zcal.co", "i", depth=1, owner_first=False)
    return profile_or_event(SLUG, parsed, "zcal.co", _RESERVED)


SPEC = ProviderSpec(SLUG, "Zcal", recognise, hosts=_HOSTS, domains=frozenset({"zcal.co"}))
