"""YouCanBook.me: one booking page per subdomain, ``{name}.youcanbook.me``."""

from __future__ import annotations

from schedlink.domain.providers.base import (
    ProviderSpec,
    Recognition,
    accept,
    build,
    is_asset,
    reject,
    subdomain,
    words,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "youcanbookme"
_SERVICE = words(
    """
    www api app admin support help blog static assets developers docs status login
    """
)
_JOIN_REDIRECTS = frozenset({"zoom", "google-meet", "teams", "meet"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """The subdomain's booking page; the vendor's hosts and video-join redirects are not links."""
    name = subdomain(parsed.host, "youcanbook.me")
    if name is None or "." in name or name in _SERVICE:
        return reject(SLUG, "YouCanBook.me service host, not a booking page")
    segments = parsed.segments
    if segments and segments[0].lower() in _JOIN_REDIRECTS:
        return reject(SLUG, "video meeting join redirect, not a booking page")
    if segments and is_asset(segments[-1]):
        return reject(SLUG, "static file")
    path = "/" + "/".join(segments[:3]) if segments else ""
    return accept(SLUG, build(parsed.host, path), name, segments[0] if segments else None, name)


SPEC = ProviderSpec(SLUG, "YouCanBook.me", recognise, domains=frozenset({"youcanbook.me"}))
