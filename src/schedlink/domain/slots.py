"""Reading the free slots a lead's scheduler offers, described without doing any I/O.

A provider's slot reader is an HTTP plan (``domain/http_plan.py``) that returns the slots it read; the
network adapter drives it through the guarded fetcher like every other plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from schedlink.domain.http_plan import Plan


@dataclass(frozen=True, slots=True)
class SlotQuery:
    """Which slots to read: ``[start, end)`` in UTC, and the zone to ask the provider to answer in."""

    start: datetime
    end: datetime
    timezone: str = "UTC"


@dataclass(frozen=True, slots=True)
class OfferedSlot:
    """A start time the lead's page offers (UTC); ``end`` when the provider says it."""

    start: datetime
    end: datetime | None = None


class SlotReadError(Exception):
    """The provider's answer cannot be used; the message is shown to a person on the task."""


class LinkNotReadable(SlotReadError):
    """This shape of the provider's link carries nothing a reader can ask for (the page reveals it only to
    a browser): a page booking then checks the exact time on the page itself, right before the submit."""


# A plan yields requests, is sent each response, and returns the offered slots (sorted, UTC, deduplicated).
SlotPlan = Plan[list[OfferedSlot]]


@dataclass(frozen=True, slots=True)
class Invitee:
    """Who the booking is for, to prefill a provider's form."""

    name: str | None = None
    email: str | None = None
    timezone: str | None = None
