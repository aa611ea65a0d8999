"""TimeTap: a business's scheduler ``{business}.timetap.com/`` (hash-routed: ``/#/…`` kept).

Sources: the client-facing scheduler is the business's "mini website" (timetap.atlassian.net/wiki/spaces/
TmTapBO/pages/491560/Settings). Published links: search-tool file ids 31009819314
(``fpcconsultants.timetap.com/#/``) and 15979535540 (``bookeversmile.timetap.com/``). Not links:
``api.timetap.com/live|test/…`` (14063551458, 44367932196) and the blog on ``www.timetap.com``
(63248444273). Only the scheduler's root (and its fragment routes) is accepted: other paths on a business
host are not attested.
"""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, accept, build, reject, tenant, words
from schedlink.domain.urls import ParsedUrl

SLUG = "timetap"
_DOMAINS = ("timetap.com",)
_SERVICE = words("www api app help docs blog status static cdn support login")


def recognise(parsed: ParsedUrl) -> Recognition:
    """A business host's scheduler; the API, blog and marketing hosts are not links."""
    label = tenant(parsed.host, _DOMAINS, _SERVICE)
    if label is None:
        return reject(SLUG, "TimeTap service host, not a booking page")
    if parsed.segments:
        return reject(SLUG, "not the scheduler (it lives at the business host's root)")
    fragment = parsed.fragment if parsed.fragment.startswith("/") else ""
    return accept(SLUG, build(parsed.host, "/", fragment=fragment), label, None, label)


SPEC = ProviderSpec(SLUG, "TimeTap", recognise, domains=frozenset(_DOMAINS))
