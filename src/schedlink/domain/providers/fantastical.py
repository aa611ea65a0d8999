"""Fantastical Openings: ``fantastical.app/{user}[/{opening}]``.

Published links: search-tool file ids 69442094147 (``fantastical.app/philv``, "Book a call"), 70925348824
(``fantastical.app/mattlafleur/maple-creek-advisors``), 52890665253 and 52496456884. Not links: the bare
host, and file paths such as ``/Applications/Fantastical.app/`` (11992784074), which ``urls.py`` never reads
as links.
"""

from __future__ import annotations

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
)
from schedlink.domain.providers.pages import hosts
from schedlink.domain.urls import ParsedUrl

SLUG = "fantastical"
_HOSTS = hosts("fantastical.app")


def recognise(parsed: ParsedUrl) -> Recognition:
    """Openings pages on the main host."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Fantastical service host, not a booking page")
    return profile_or_event(SLUG, parsed, "fantastical.app", COMMON_RESERVED)


SPEC = ProviderSpec(SLUG, "Fantastical", recognise, hosts=_HOSTS, domains=frozenset({"fantastical.app"}))
