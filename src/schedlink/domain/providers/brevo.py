"""Brevo Meetings: ``meet.brevo.com/{user}[/{meeting}]``.

Published links: search-tool file ids 53536508624 (``meet.brevo.com/razvan-valceanu``), 69131342730
(``meet.brevo.com/braam-raubenheimer/e-commerce-chatbot``), 52592670659 and 61103789985 (German and French
meeting pages). Not links: every other Brevo host (marketing on ``www.brevo.com``, the app on
``app.brevo.com``) and the bare meetings host.
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

SLUG = "brevo"
_HOST = "meet.brevo.com"


def recognise(parsed: ParsedUrl) -> Recognition:
    """Meeting pages on the meetings host; the rest of Brevo is marketing, app or API."""
    if parsed.host != _HOST:
        return reject(SLUG, "Brevo host that is not the meetings host")
    return profile_or_event(SLUG, parsed, _HOST, COMMON_RESERVED)


SPEC = ProviderSpec(
    SLUG, "Brevo Meetings", recognise, hosts=frozenset({_HOST}), domains=frozenset({"brevo.com"})
)
