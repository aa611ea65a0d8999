"""SavvyCal: ``savvycal.com/{user}/{link}`` or a personal ``savvycal.com/{link}``."""

from __future__ import annotations

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "savvycal"
_HOSTS = frozenset({"savvycal.com", "www.savvycal.com"})
_RESERVED = COMMON_RESERVED | frozenset(
    {"feed", "feed.xml", "guides", "articles", "compare", "alternatives", "scheduling-links"}
)


def recognise(parsed: ParsedUrl) -> Recognition:
    """Scheduling links on the main host; API, docs and help hosts are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "SavvyCal service host, not a booking page")
    return profile_or_event(SLUG, parsed, "savvycal.com", _RESERVED)


SPEC = ProviderSpec(SLUG, "SavvyCal", recognise, hosts=_HOSTS, domains=frozenset({"savvycal.com"}))
