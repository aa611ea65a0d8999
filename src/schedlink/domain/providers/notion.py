"""Notion Calendar: ``calendar.notion.so/meet/{user}/{id}``."""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, reject, under_prefix
from schedlink.domain.urls import ParsedUrl

SLUG = "notion"
_HOSTS = frozenset({"calendar.notion.so", "calendar.notion.com"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Booking pages under ``/meet/``; the vendor's other pages and hosts are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Notion Calendar page that is not a booking page")
    return under_prefix(SLUG, parsed, "calendar.notion.so", "meet", depth=2, owner_first=True)


SPEC = ProviderSpec(
    SLUG, "Notion Calendar", recognise, hosts=_HOSTS, domains=frozenset({"notion.so", "notion.com"})
)
