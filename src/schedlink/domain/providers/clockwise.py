"""Clockwise: ``www.getclockwise.com/c/{user}/{link}``."""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, reject, under_prefix
from schedlink.domain.urls import ParsedUrl

SLUG = "clockwise"
_HOSTS = frozenset({"getclockwise.com", "www.getclockwise.com"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Booking pages under ``/c/``; the vendor's other pages and hosts are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Clockwise page that is not a booking page")
    return under_prefix(SLUG, parsed, "www.getclockwise.com", "c", depth=2, owner_first=True)


SPEC = ProviderSpec(SLUG, "Clockwise", recognise, hosts=_HOSTS, domains=frozenset({"getclockwise.com"}))
