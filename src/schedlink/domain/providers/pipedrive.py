"""Pipedrive Scheduler: ``{company}.pipedrive.com/scheduler/{code}/{slug}``.

Published links: search-tool file ids 55712162486 (``rmwcommerce.pipedrive.com/scheduler/rRB2OKSA/
meet-with-rick-watson``), 6741283734, 1252078526, 25213498254 and 63253883572. Not links: anything else on
a company host (deals, persons, settings), ``app.``/``www.``/``developers.pipedrive.com``.
"""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, reject, tenant, words
from schedlink.domain.providers.pages import page
from schedlink.domain.urls import ParsedUrl

SLUG = "pipedrive"
_DOMAINS = ("pipedrive.com",)
_SERVICE = words("www app api developers help docs blog status static cdn support login oauth")


def recognise(parsed: ParsedUrl) -> Recognition:
    """Scheduler pages on a company host; the CRM itself and the vendor's hosts are not links."""
    label = tenant(parsed.host, _DOMAINS, _SERVICE)
    if label is None:
        return reject(SLUG, "Pipedrive service host, not a booking page")
    segments = parsed.segments
    if not (2 <= len(segments) <= 3 and segments[0].lower() == "scheduler"):
        return reject(SLUG, "Pipedrive page that is not a scheduler link")
    return page(SLUG, parsed.host, segments, owner=label)


SPEC = ProviderSpec(SLUG, "Pipedrive Scheduler", recognise, domains=frozenset(_DOMAINS))
