"""Chili Piper: tenant subdomains, ``{tenant}[.{region}].chilipiper.com/book/me/{user}``, ``/me/{user}``,
``/personal/{user}`` (personal links) or a router / round-robin / team page.

The ``type`` parameter picks the meeting type, so the canonical URL keeps it.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    ProviderSpec,
    Recognition,
    accept,
    build,
    is_asset,
    is_slug,
    join,
    kept_query,
    placeholder_kind,
    reject,
    subdomain,
    words,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "chilipiper"
_SERVICE_TENANTS = words(
    """
    www js help support api app docs developers status static cdn assets edge auth login blog
    """
)
_BOOKING_HEADS = frozenset({"book", "me", "personal", "round-robin", "team", "router", "meeting"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Booking pages on a tenant subdomain; scripts and the vendor's own hosts are not links."""
    tenant = subdomain(parsed.host, "chilipiper.com")
    if tenant is None or tenant.split(".")[0] in _SERVICE_TENANTS:
        return reject(SLUG, "Chili Piper service host, not a booking page")
    segments = parsed.segments
    if not segments or is_asset(segments[-1]):
        return reject(SLUG, "static file" if segments else "tenant home page")
    head = segments[0].lower()
    if head not in _BOOKING_HEADS or len(segments) < 2:
        return reject(SLUG, "Chili Piper page that is not a booking page")
    parts = list(segments[:4])
    if placeholder_kind(parts[1:]) == "merge":
        return reject(SLUG, "unrendered merge tag")
    if not all(is_slug(p) for p in parts):
        return reject(SLUG, "not a booking path")
    rest = parts[2:] if head == "book" and parts[1].lower() == "me" else parts[1:]
    owner = rest[0] if rest else parts[1]
    event = rest[1] if len(rest) > 1 else None
    url = build(parsed.host, join(*parts), kept_query(parsed, ("type",)))
    return accept(SLUG, url, owner, event)


SPEC = ProviderSpec(SLUG, "Chili Piper", recognise, domains=frozenset({"chilipiper.com"}))
