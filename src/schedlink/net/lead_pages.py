"""Reading the free slots a lead's booking page offers: a provider's pure plan, driven through the fetcher.

The provider module decides what to ask and how to read the answers; this module only carries requests
and responses between the plan and the guarded fetcher, so every request a reader makes is limited to the
provider's API hosts plus the link's own host, paced per provider, and capped in number.
"""

from __future__ import annotations

import email.utils
import math
from datetime import UTC, datetime

from schedlink.domain.http_plan import HttpRequest, HttpResponse
from schedlink.domain.providers import classify_url, provider_name, spec_by_slug
from schedlink.domain.slots import OfferedSlot, SlotQuery, SlotReadError
from schedlink.net.addresses import split_url
from schedlink.net.errors import FetchFailed
from schedlink.net.fetcher import GuardedFetcher
from schedlink.net.plans import Observer, TooManyRequests, drive


class NoSlotReader(Exception):
    """The provider has no way to read slots without the owner's credentials."""


class ProviderBusy(FetchFailed):
    """The provider answered 429 (too many requests); worth retrying after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def read_offered_slots(
    link_url: str,
    query: SlotQuery,
    fetcher: GuardedFetcher,
    *,
    max_requests: int = 12,
    observe: Observer | None = None,
) -> list[OfferedSlot]:
    """The slots ``link_url`` offers in ``query``'s range, sorted by start with no repeated start.

    Raises ``SlotReadError`` (not a booking page, unusable answer, too many requests), ``NoSlotReader``,
    ``ProviderBusy`` on HTTP 429, and lets the fetcher's ``FetchRefused``/``FetchFailed`` through.
    """
    recognition = classify_url(link_url)
    if not recognition.accepted or recognition.placeholder or not recognition.provider or not recognition.url:
        reason = "a placeholder link" if recognition.placeholder else recognition.reason
        raise SlotReadError(f"not a booking page: {reason}")
    spec = spec_by_slug(recognition.provider)
    if spec is None or spec.read_slots is None:
        name = spec.name if spec is not None else provider_name(recognition.provider)
        raise NoSlotReader(
            f"{name} offers no public way to read the free times on a booking page; "
            "only its owner's account can list them"
        )
    allowed_hosts = spec.slot_hosts | {split_url(recognition.url).host}
    plan = spec.read_slots(recognition, query)

    def stop_when_busy(request: HttpRequest, response: HttpResponse | None) -> None:
        if observe is not None:
            observe(request, response)
        if response is not None and response.status == 429:
            raise _busy(spec.name, response)

    try:
        slots = drive(
            plan, fetcher, allowed_hosts=allowed_hosts, rate_key=spec.slug, max_requests=max_requests,
            observe=stop_when_busy,
        )  # fmt: skip
    except TooManyRequests:
        raise SlotReadError(f"reading {spec.name} slots took more than {max_requests} requests") from None
    return _sorted_unique(slots)


def _sorted_unique(slots: list[OfferedSlot]) -> list[OfferedSlot]:
    """One slot per start time (keeping one that knows its end), in start order."""
    by_start: dict[datetime, OfferedSlot] = {}
    for slot in slots:
        kept = by_start.get(slot.start)
        if kept is None or (kept.end is None and slot.end is not None):
            by_start[slot.start] = slot
    return [by_start[start] for start in sorted(by_start)]


def _busy(name: str, response: HttpResponse) -> ProviderBusy:
    wait = _retry_after(response.headers.get("retry-after", ""))
    later = f"try again in {math.ceil(wait)} s" if wait is not None else "try again later"
    return ProviderBusy(f"{name} is limiting requests right now (HTTP 429); {later}", wait)


def _retry_after(value: str) -> float | None:
    """``Retry-After`` as seconds from now (it may be seconds or an HTTP date)."""
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
