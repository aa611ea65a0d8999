"""Vimcal: ``book.vimcal.com/p/{user}/{slug}`` or ``/p/{token}``."""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, reject, under_prefix
from schedlink.domain.urls import ParsedUrl

SLUG = "vimcal"
_HOSTS = frozenset({"book.vimcal.com"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Booking pages under ``/p/``; the vendor's other pages and hosts are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Vimcal page that is not a booking page")
    return under_prefix(SLUG, parsed, "book.vimcal.com", "p", depth=2, owner_first=True)


SPEC = ProviderSpec(SLUG, "Vimcal", recognise, hosts=_HOSTS, domains=frozenset({"vimcal.com"}))
