"""TidyCal: ``tidycal.com/{user}[/{booking-type}]``."""

from __future__ import annotations

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "tidycal"
_HOSTS = frozenset({"tidycal.com", "www.tidycal.com"})
_RESERVED = COMMON_RESERVED | frozenset(
    {"booking-types", "bookings", "affiliate", "lifetime-deal", "appsumo"}
)


def recognise(parsed: ParsedUrl) -> Recognition:
    """Profile and booking-type pages; API and developer docs are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "TidyCal service host, not a booking page")
    return profile_or_event(SLUG, parsed, "tidycal.com", _RESERVED)


SPEC = ProviderSpec(SLUG, "TidyCal", recognise, hosts=_HOSTS, domains=frozenset({"tidycal.com"}))
