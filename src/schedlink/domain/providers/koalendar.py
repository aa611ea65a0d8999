"""Koalendar: ``koalendar.com/e/{slug}``."""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, reject, under_prefix
from schedlink.domain.urls import ParsedUrl

SLUG = "koalendar"
_HOSTS = frozenset({"koalendar.com", "www.koalendar.com"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Event pages; the widget script and marketing pages are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Koalendar service host, not a booking page")
    return under_prefix(SLUG, parsed, "koalendar.com", "e", depth=1, owner_first=False)


SPEC = ProviderSpec(SLUG, "Koalendar", recognise, hosts=_HOSTS, domains=frozenset({"koalendar.com"}))
