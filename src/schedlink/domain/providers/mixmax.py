"""Mixmax Calendar: ``cal.mixmax.com/{user}[/{meeting}]``.

Sources: Mixmax's calendar lets a guest book on a user's calendar, example ``https://cal.mixmax.com/demo/30``
(search-tool file id 29675080796, Mixmax's own SDK notes). Published links: 45280320799
(``cal.mixmax.com/rumenmanev/30``), 31365961879 (``cal.mixmax.com/ventureforafrica/antler_30``), 41620199753
(``cal.mixmax.com/leonbasin``). Not links: ``www.mixmax.com/calendar`` (marketing), the SDK host
(``sdk-local.mixmax.com/dist/editor.umd.js``, 29411497532), ``app.mixmax.com``.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "mixmax"
_HOST = "cal.mixmax.com"


def recognise(parsed: ParsedUrl) -> Recognition:
    """Calendar pages on the calendar host; the rest of Mixmax is not a link."""
    if parsed.host != _HOST:
        return reject(SLUG, "Mixmax service host, not a booking page")
    return profile_or_event(SLUG, parsed, _HOST, COMMON_RESERVED)


SPEC = ProviderSpec(SLUG, "Mixmax", recognise, hosts=frozenset({_HOST}), domains=frozenset({"mixmax.com"}))
