"""NeetoCal: scheduling links ``{workspace}.neetocal.com/{link}`` and embeds ``…/embed/{id}``.

Sources: a scheduling link is one lower-case slug and may not be one of the app's own words (admin,
availabilities, calendar, login, logout, meetings, payment, scheduled meetings, settings)
(help.neetocal.com/articles/scheduling-links). Published links: search-tool file ids 55909388788
(``opsell.neetocal.com/meeting-with-shaurya-gupta``), 68891703702 (``synapse0.neetocal.com/audit``),
17017326719 and 52214283990 (``upthrust-us.neetocal.com/embed/{uuid}``). Not links: the external API
``{workspace}.neetocal.com/api/external/v2/…`` (57534985933), ``apidocs.``, ``help.`` and ``www.``.
"""

from __future__ import annotations

from schedlink.domain.providers.base import ProviderSpec, Recognition, reject, tenant, words
from schedlink.domain.providers.pages import page
from schedlink.domain.urls import ParsedUrl

SLUG = "neetocal"
_DOMAINS = ("neetocal.com",)
_SERVICE = words("www app api apidocs help docs blog status static cdn support login auth")
_RESERVED = words(
    "admin availabilities calendar login logout meetings payment scheduled-meetings scheduled_meetings "
    "settings api embed"
)


def recognise(parsed: ParsedUrl) -> Recognition:
    """One scheduling link (or its embed) on a workspace host; the app's own pages are not links."""
    label = tenant(parsed.host, _DOMAINS, _SERVICE)
    if label is None:
        return reject(SLUG, "NeetoCal service host, not a booking page")
    segments = parsed.segments
    if len(segments) == 2 and segments[0].lower() == "embed":
        return page(SLUG, parsed.host, segments, owner=label)
    if len(segments) != 1:
        return reject(SLUG, "not a scheduling link (workspace home or app page)")
    if segments[0].lower() in _RESERVED:
        return reject(SLUG, f"app page: /{segments[0].lower()}")
    return page(SLUG, parsed.host, segments, owner=label)


SPEC = ProviderSpec(SLUG, "NeetoCal", recognise, domains=frozenset(_DOMAINS))
