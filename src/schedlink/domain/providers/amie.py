"""Amie: ``calendar.amie.so/s/{slug}``."""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, reject, under_prefix
from schedlink.domain.urls import ParsedUrl

SLUG = "amie"
_HOSTS = frozenset({"calendar.amie.so"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Booking pages under ``/s/``; the vendor's other pages and hosts are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Amie page that is not a booking page")
    return under_prefix(SLUG, parsed, "calendar.amie.so", "s", depth=1, owner_first=False)


SPEC = ProviderSpec(SLUG, "Amie", recognise, hosts=_HOSTS, domains=frozenset({"amie.so"}))
