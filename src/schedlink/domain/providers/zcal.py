"""Zcal: ``zcal.co/i/{code}`` invites and ``zcal.co/{user}/{slug}`` pages.

Invites accept documented prefill parameters (help.zcal.co, "Pre-populate invite fields"): ``startDate``
(ISO, UTC), ``timezone`` (IANA), ``name`` and ``email``, so a link can open on a chosen time.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from schedlink.domain.providers.base import (
    COMMON_RESERVED,
    ProviderSpec,
    Recognition,
    profile_or_event,
    reject,
    under_prefix,
)
from schedlink.domain.providers.slot_reading import utc_iso, with_query
from schedlink.domain.urls import ParsedUrl

if TYPE_CHECKING:  # slots.py imports this package
    from schedlink.domain.slots import Invitee

SLUG = "zcal"
_HOSTS = frozenset({"zcal.co", "www.zcal.co"})
_RESERVED = COMMON_RESERVED | frozenset({"embed", "app"})


def recognise(parsed: ParsedUrl) -> Recognition:
    """Invite and scheduling pages on the main host; the embed script host is not a link."""
    if parsed.host not in _HOSTS:
        return reject(SLUG, "Zcal service host, not a booking page")
    if parsed.segments[:1] == ("i",):
        return under_prefix(SLUG, parsed, "zcal.co", "i", depth=1, owner_first=False)
    return profile_or_event(SLUG, parsed, "zcal.co", _RESERVED)


def booking_url(recognition: Recognition, start: datetime, invitee: Invitee) -> str | None:
    """The invite with ``startDate`` preselected and the invitee prefilled; profiles list several invites."""
    if not recognition.accepted or recognition.url is None or recognition.event is None:
        return None
    return with_query(
        recognition.url,
        (
            ("startDate", utc_iso(start, millis=True)),
            ("timezone", invitee.timezone),
            ("name", invitee.name),
            ("email", invitee.email),
        ),
    )


SPEC = ProviderSpec(
    SLUG, "Zcal", recognise, hosts=_HOSTS, domains=frozenset({"zcal.co"}), booking_url=booking_url
)
