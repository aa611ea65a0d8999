"""Reclaim.ai: ``app.reclaim.ai/m/{user}[/{slug}]``."""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, reject, under_prefix
from schedlink.domain.urls import ParsedUrl

SLUG = "reclaim"
_HOSTS = frozenset({"app.reclaim.ai"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Booking pages under ``/m/``; the vendor's other pages and hosts are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Reclaim.ai page that is not a booking page")
    return under_prefix(SLUG, parsed, "app.reclaim.ai", "m", depth=2, owner_first=True)


SPEC = ProviderSpec(SLUG, "Reclaim.ai", recognise, hosts=_HOSTS, domains=frozenset({"reclaim.ai"}))
