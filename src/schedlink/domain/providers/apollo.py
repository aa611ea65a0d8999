"""Apollo.io meetings: hash-routed ``app.apollo.io/#/meet/{alias}[/{slug}]``, managed meetings
``/#/meet/managed-meetings/{alias}/{code}/{slug}`` and ``/#/meet/{xxx-xxx-xxx}/30-min``.

Published links: search-tool file ids 34773217919 (``app.apollo.io/#/meet/bizdevxperts/30-min``),
37887267734 (managed meetings), 56620293928 (``/#/meet/9uh-bms-x75/30-min``), 32151908069 and 19916481103
(``/#/meet/jeremyw``); providers.md §30. Not links: every other route of the app (``/#/people``…), the
marketing site and ``api.apollo.io``.
"""

from __future__ import annotations

import re

from schedlink.domain.providers.base import ProviderSpec, Recognition, accept, build, reject
from schedlink.domain.urls import ParsedUrl

SLUG = "apollo"
_HOST = "app.apollo.io"
_S = r"[A-Za-z0-9$_{][A-Za-z0-9._~+@%{}$-]{0,99}"
_MEET = re.compile(rf"/meet/(?P<owner>{_S})(?P<rest>(?:/{_S}){{0,3}})")


def recognise(parsed: ParsedUrl) -> Recognition:
    """Meeting pages in the app's hash route; the rest of Apollo is not a link."""
    if parsed.host != _HOST:
        return reject(SLUG, "Apollo service host, not a booking page")
    match = _MEET.fullmatch(parsed.fragment.rstrip("/"))
    if match is None:
        return reject(SLUG, "Apollo app page that is not a meeting link")
    owner = match["owner"]
    rest = [part for part in match["rest"].split("/") if part]
    if owner == "managed-meetings" and rest:
        owner, rest = rest[0], rest[1:]
    event = rest[-1] if rest else None
    fragment = parsed.fragment.rstrip("/")
    return accept(SLUG, build(_HOST, "", fragment=fragment), owner, event, owner, *rest)


SPEC = ProviderSpec(SLUG, "Apollo", recognise, hosts=frozenset({_HOST}), domains=frozenset({"apollo.io"}))
