"""Motion: ``app.usemotion.com/meet/{user}/{slug}``."""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, reject, under_prefix
from schedlink.domain.urls import ParsedUrl

SLUG = "motion"
_HOSTS = frozenset({"app.usemotion.com"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Booking pages under ``/meet/``; the vendor's other pages and hosts are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Motion page that is not a booking page")
    return under_prefix(SLUG, parsed, "app.usemotion.com", "meet", depth=2, owner_first=True)


SPEC = ProviderSpec(SLUG, "Motion", recognise, hosts=_HOSTS, domains=frozenset({"usemotion.com"}))
