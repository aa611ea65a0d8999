"""Setmore: ``{handle}.setmore.com``, ``booking.setmore.com/scheduleappointment/..``, ``app.setmore.com``."""

from __future__ import annotations

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    accept,
    build,
    is_asset,
    profile_or_event,
    reject,
    subdomain,
    words,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "setmore"
_SERVICE = words(
    """
    www go assets help support api developer developers blog static cdn login status
    """
)
_RESERVED = COMMON_RESERVED | frozenset(
    {
        "industries",
        "academy",
        "apps",
        "features-and-pricing",
        "appointment-scheduling",
        "online-booking",
        "free-online-booking",
    }
)


def recognise(parsed: ParsedUrl) -> Recognition:
    """A business's subdomain or the shared booking hosts; marketing and asset hosts are not links."""
    handle = subdomain(parsed.host, "setmore.com")
    segments = parsed.segments
    lowered = [s.lower() for s in segments]
    if segments and is_asset(segments[-1]):
        return reject(SLUG, "static file")
    if handle == "booking" and lowered[:1] == ["scheduleappointment"] and len(segments) >= 2:
        return accept(SLUG, build(parsed.host, "/" + "/".join(segments[:4])), segments[1], None, segments[1])
    if handle == "my" and lowered[:1] in (["shortbookingpage"], ["bookingpage"]) and len(segments) >= 2:
        return accept(SLUG, build(parsed.host, "/" + "/".join(segments[:2])), segments[1], None, segments[1])
    if handle == "app":
        return profile_or_event(SLUG, parsed, parsed.host, _RESERVED)
    if handle is None or handle == "www":
        # setmore.com/{handle} also resolves to the business's page
        if len(segments) == 1:
            return profile_or_event(SLUG, parsed, "setmore.com", _RESERVED, max_depth=1)
        return reject(SLUG, "vendor page" if segments else "vendor home page")
    if "." in handle or handle in _SERVICE or handle in ("booking", "my"):
        return reject(SLUG, "Setmore service host, not a booking page")
    path = "/" + "/".join(segments[:3]) if segments else ""
    return accept(SLUG, build(parsed.host, path), handle, segments[0] if segments else None, handle)


SPEC = ProviderSpec(SLUG, "Setmore", recognise, domains=frozenset({"setmore.com"}))
