"""Bookafy: ``{business}.bookafy.com/`` with ``/service/{slug}`` and ``/category/{slug}`` pages.

Published links: search-tool file ids 29203207313 (``bloomingstoriestherapy.bookafy.com/``), 13000113927
(``osteopat.bookafy.com/service/-67ae?locale=en``) and 48273050852
(``jamison-rubino.bookafy.com/category/moving-help-1803b3``). Not links: ``app.bookafy.com`` (the app,
its API ``/api/v2/…`` — 57779263374 — and the popup script, 43671856699) and ``www.bookafy.com`` pages.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    ProviderSpec,
    Recognition,
    accept,
    build,
    join,
    reject,
    tenant,
    words,
)
from schedlink.domain.providers.pages import page
from schedlink.domain.urls import ParsedUrl

SLUG = "bookafy"
_DOMAINS = ("bookafy.com",)
_SERVICE = words("www app api help docs blog status static cdn support login")
_SECTIONS = frozenset({"service", "category"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """A business's booking page or one of its services/categories; app and marketing hosts are not."""
    label = tenant(parsed.host, _DOMAINS, _SERVICE)
    if label is None:
        return reject(SLUG, "Bookafy service host, not a booking page")
    segments = parsed.segments
    if segments and not (len(segments) == 2 and segments[0].lower() in _SECTIONS):
        return reject(SLUG, "not a booking path")
    # service slugs may begin with a hyphen ("/service/-67ae"), which the common slug check refuses
    checked = (segments[0], segments[1].lstrip("-") or "x") if segments else ()
    verdict = page(SLUG, parsed.host, checked, owner=label)
    if not verdict.accepted or verdict.placeholder or not segments:
        return verdict
    return accept(SLUG, build(parsed.host, join(*segments)), label, segments[1], label, segments[1])


SPEC = ProviderSpec(SLUG, "Bookafy", recognise, domains=frozenset(_DOMAINS))
