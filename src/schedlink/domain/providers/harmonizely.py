"""Harmonizely: ``harmonizely.com/{user}[/{meeting-type}]`` (also on ``app.``), single-use ``/s/{code}``.

Sources: the API creates single-use links ``https://harmonizely.com/s/{code}`` and serves itself under
``harmonizely.com/api/`` (developers.harmonizely.com/harmonizely-api/single-use-links). Published links:
search-tool file ids 19032564639 (``app.harmonizely.com/expedited/wafris``), 370345137
(``app.harmonizely.com/expedited/30-min``), 13323807573 (``harmonizely.com/denise-mojnzf``) and
16041783383 (a profile embedded with ``?view=compact``). Not links: the API, the developer docs host,
the home page (32441257106, an affiliate ``?fpr=`` link) and the usual vendor pages.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
    under_prefix,
)
from schedlink.domain.providers.pages import hosts
from schedlink.domain.urls import ParsedUrl

SLUG = "harmonizely"
_HOSTS = hosts("harmonizely.com") | {"app.harmonizely.com"}


def recognise(parsed: ParsedUrl) -> Recognition:
    """Profiles, meeting types and single-use links; API and docs hosts are not links."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Harmonizely service host, not a booking page")
    if parsed.segments[:1] == ("s",):
        return under_prefix(SLUG, parsed, "harmonizely.com", "s", depth=1, owner_first=False)
    return profile_or_event(SLUG, parsed, parsed.host.removeprefix("www."), COMMON_RESERVED)


SPEC = ProviderSpec(
    SLUG, "Harmonizely", recognise, hosts=frozenset(_HOSTS), domains=frozenset({"harmonizely.com"})
)
