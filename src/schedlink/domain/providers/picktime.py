"""Picktime: a business's booking page ``picktime.com/{business}`` (a name or an id).

Published links: search-tool file ids 28251238090 (``www.picktime.com/AirsoftBaseAlpha``), 11123034295 and
43494507402 (``www.picktime.com/{uuid}`` behind "book" buttons). Not links: the booking page's internal
calls under ``/book/…`` (67358811324), ``/webassets/…`` images (16979578106), ``support.picktime.com``.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
    words,
)
from schedlink.domain.providers.pages import hosts
from schedlink.domain.urls import ParsedUrl

SLUG = "picktime"
_HOSTS = hosts("picktime.com")
_RESERVED = COMMON_RESERVED | words("book webassets assets en blog")


def recognise(parsed: ParsedUrl) -> Recognition:
    """One business page on the main host; support and asset paths are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Picktime service host, not a booking page")
    if len(parsed.segments) > 1:
        return reject(SLUG, "not a booking path")
    return profile_or_event(SLUG, parsed, "picktime.com", _RESERVED, max_depth=1)


SPEC = ProviderSpec(SLUG, "Picktime", recognise, hosts=_HOSTS, domains=frozenset({"picktime.com"}))
