"""Reading the free slots a lead's scheduler offers, described without doing any I/O.

A provider's slot reader is a *plan*: a generator that yields the HTTP requests it needs, receives each
response, and finally returns the slots it read. The network adapter (``schedlink.net``) drives the plan
through the guarded fetcher, so the provider modules stay pure and every request a reader makes passes the
same checks (allowed hosts, https, public addresses, size and time bounds, rate limits). Tests drive plans
with recorded responses directly, or through the real fetcher against a local server.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from schedlink.domain.providers.base import Recognition


@dataclass(frozen=True, slots=True)
class SlotQuery:
    """Which slots to read: ``[start, end)`` in UTC, and the zone to ask the provider to answer in."""

    start: datetime
    end: datetime
    timezone: str = "UTC"


@dataclass(frozen=True, slots=True)
class HttpRequest:
    """One request a reader needs. ``url`` is absolute https with its query already encoded."""

    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class HttpResponse:
    """What came back: status, headers (lower-case names) and the body, already size-bounded."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str


@dataclass(frozen=True, slots=True)
class OfferedSlot:
    """A start time the lead's page offers (UTC); ``end`` when the provider says it."""

    start: datetime
    end: datetime | None = None


class SlotReadError(Exception):
    """The provider's answer cannot be used; the message is shown to a person on the task."""


# A plan yields requests, is sent each response, and returns the offered slots (sorted, UTC, deduplicated).
SlotPlan = Generator[HttpRequest, HttpResponse, list[OfferedSlot]]
SlotReader = Callable[[Recognition, SlotQuery], SlotPlan]


@dataclass(frozen=True, slots=True)
class Invitee:
    """Who the booking is for, to prefill a provider's form."""

    name: str | None = None
    email: str | None = None
    timezone: str | None = None


# Builds a link that opens the lead's page with ``start`` preselected (and the invitee prefilled), or None
# when the provider offers no way to do that for this link.
BookingUrlBuilder = Callable[[Recognition, datetime, Invitee], "str | None"]
