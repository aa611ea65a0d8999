"""CalendarHero: personal scheduling links ``meeting.calendarhero.com/{link}[/{type}]`` and meeting-type
links ``meeting.calendarhero.com/meeting/new/{id}/{type}``.

Sources: personal scheduling links are public and reusable, private invite links belong to one meeting
(faq.calendarhero.com/article/188-private-meeting-links); meeting types carry a "Name + Link" setting
(docs.businessapp.io/calendarhero/scheduling-meetings/meeting-types). Published links: search-tool file
ids 70183102043 (``meeting.calendarhero.com/stimilodiscoverymartin``), 69606361555, 69577776054
(``/meeting/new/5f76b7f56d08b80020fec8d3/lifecoaching``) and 8925614280 (the same shape embedded).
Not links: ``app.calendarhero.com`` settings (file id 52051124207), ``api.calendarhero.com`` (57738276236),
``support.calendarhero.com`` and marketing pages on ``calendarhero.com`` (39499816374).
"""

from __future__ import annotations

from schedlink.domain.providers.base import COMMON_RESERVED, ProviderSpec, Recognition, reject
from schedlink.domain.providers.pages import page
from schedlink.domain.urls import ParsedUrl

SLUG = "calendarhero"
_HOST = "meeting.calendarhero.com"


def recognise(parsed: ParsedUrl) -> Recognition:
    """Scheduling links on the meeting host; the app, API, help and marketing hosts are not links."""
    if parsed.host != _HOST:
        return reject(SLUG, "CalendarHero service host, not a booking page")
    segments = parsed.segments
    if not segments:
        return reject(SLUG, "vendor home page")
    head = segments[0].lower()
    if head == "meeting":
        if len(segments) == 4 and segments[1].lower() == "new":
            return page(SLUG, _HOST, segments, owner=segments[2], event=segments[3])
        return reject(SLUG, "not a booking path")
    if head in COMMON_RESERVED or len(segments) > 2:
        return reject(SLUG, "not a booking page")
    return page(SLUG, _HOST, segments, owner=segments[0])


SPEC = ProviderSpec(
    SLUG, "CalendarHero", recognise, hosts=frozenset({_HOST}), domains=frozenset({"calendarhero.com"})
)
