"""Salesloft Meetings: ``meetings.salesloft.com/{org}/{page}``.

Published links: search-tool file ids 53761174568 (``meetings.salesloft.com/confluentinc/confluent-migration-
assistance``), 11006412907 (``/roboflow/meet-roboflow``), 28200328640 (``/ownercom/inbound-demo``),
14627000197 and 40843519195 (``/reposite/{rep}``). Every published link has both segments, so an
organisation alone is not accepted. Not links: ``www.salesloft.com``, ``app.salesloft.com``,
``api.salesloft.com``, the bare meetings host.
"""

from __future__ import annotations

from schedlink.domain.providers.base import COMMON_RESERVED, ProviderSpec, Recognition, reject
from schedlink.domain.providers.pages import page
from schedlink.domain.urls import ParsedUrl

SLUG = "salesloft"
_HOST = "meetings.salesloft.com"


def recognise(parsed: ParsedUrl) -> Recognition:
    """An organisation's meeting page on the meetings host; the rest of Salesloft is not a link."""
    if parsed.host != _HOST:
        return reject(SLUG, "Salesloft service host, not a booking page")
    segments = parsed.segments
    if len(segments) != 2 or segments[0].lower() in COMMON_RESERVED:
        return reject(SLUG, "not a meeting page (those are /{org}/{page})")
    return page(SLUG, _HOST, segments, owner=segments[0])


SPEC = ProviderSpec(
    SLUG, "Salesloft Meetings", recognise, hosts=frozenset({_HOST}), domains=frozenset({"salesloft.com"})
)
