"""Zoho Bookings: ``{workspace}.zohobookings.{tld}``, routed by URL fragment (``#/customer/intro``).

The fragment is the page, so the canonical URL keeps it.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    ProviderSpec,
    Recognition,
    accept,
    build,
    is_asset,
    reject,
    tenant,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "zoho"
_DOMAINS = frozenset(
    {
        "zohobookings.com",
        "zohobookings.eu",
        "zohobookings.in",
        "zohobookings.com.au",
        "zohobookings.jp",
        "zohobookings.ca",
        "zohobookings.uk",
        "zohobookings.sa",
        "zohobookings.com.cn",
    }
)
_SERVICE = frozenset({"www", "api", "help", "static", "css", "js", "accounts"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """A workspace's booking site; the admin app on ``bookings.zoho.*`` is not a link."""
    workspace = tenant(parsed.host, _DOMAINS, _SERVICE)
    if workspace is None:
        return reject(SLUG, "Zoho page that is not a booking page")
    segments = parsed.segments
    if segments and is_asset(segments[-1]):
        return reject(SLUG, "static file")
    fragment = parsed.fragment if parsed.fragment.startswith("/") else ""
    route = [part for part in fragment.split("/") if part]
    event = route[-1] if route else (segments[-1] if segments else None)
    path = "/" + "/".join(segments[:3]) if segments else ""
    return accept(SLUG, build(parsed.host, path, fragment=fragment), workspace, event, workspace, *route[-1:])


SPEC = ProviderSpec(
    SLUG, "Zoho Bookings", recognise, domains=_DOMAINS | frozenset({"zoho.com", "zoho.eu", "zoho.in"})
)
