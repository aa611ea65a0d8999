"""HubSpot Meetings: ``meetings[-{region}].hubspot.com/{slug}[/{meeting}]``, ``app.hubspot.com/meetings/..``.

A HubSpot slug may span several segments (the whole path is the slug); ``uuid`` is kept when present.
"""

from __future__ import annotations

import re

from schedlink.domain.providers import hubspot_page, hubspot_slots
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
)
from schedlink.domain.urls import ParsedUrl

SLUG = "hubspot"
_MEETINGS_HOST = re.compile(r"meetings(?:-[a-z0-9]{2,8})?\.hubspot\.com")
_APP_HOST = re.compile(r"app(?:-[a-z0-9]{2,8})?\.hubspot\.com")


def recognise(parsed: ParsedUrl) -> Recognition:
    """Meeting pages; the rest of HubSpot (app, knowledge base, developer docs, marketing) is not a link."""
    host = parsed.host
    segments = parsed.segments
    if _MEETINGS_HOST.fullmatch(host):
        slugs = segments[:3]
    elif _APP_HOST.fullmatch(host) and len(segments) >= 2 and segments[0].lower() == "meetings":
        slugs = segments[1:4]
        if slugs[0].isdigit():
            return reject(SLUG, "meetings admin page of a portal")
    else:
        return reject(SLUG, "HubSpot page that is not a meeting link")
    if not slugs:
        return reject(SLUG, "vendor home page")
    if is_asset(slugs[-1]):
        return reject(SLUG, "static file")
    if placeholder_kind(slugs) == "merge":
        return reject(SLUG, "unrendered merge tag")
    if not all(is_slug(s) for s in slugs):
        return reject(SLUG, "not a booking path")
    prefix = "" if _MEETINGS_HOST.fullmatch(host) else "meetings"
    path = join(prefix, *slugs)
    event = "/".join(slugs[1:]) or None
    return accept(SLUG, build(host, path, kept_query(parsed, ("uuid",))), slugs[0], event)


SPEC = ProviderSpec(
    SLUG,
    "HubSpot Meetings",
    recognise,
    domains=frozenset({"hubspot.com"}),
    read_slots=hubspot_slots.read_slots,
    slot_hosts=hubspot_slots.SLOT_HOSTS,
    book_in_page=hubspot_page.RECIPE,
)
