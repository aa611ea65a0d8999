"""Vyte: ``www.vyte.in/{user}[/{slug}]`` (the bare domain only redirects to ``www``, which is kept)."""

from __future__ import annotations

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "vyte"
_HOSTS = frozenset({"vyte.in", "www.vyte.in"})
_RESERVED = COMMON_RESERVED | frozenset({"pages", "app", "calendar", "meetings", "group"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Personal booking pages; the app, API and settings pages are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Vyte service host, not a booking page")
    return profile_or_event(SLUG, parsed, "www.vyte.in", _RESERVED)


SPEC = ProviderSpec(SLUG, "Vyte", recognise, hosts=_HOSTS, domains=frozenset({"vyte.in"}))
