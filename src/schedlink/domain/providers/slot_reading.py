"""What the slot readers and booking-link builders share: answer checks, instants, query strings.

Provider answers are untrusted JSON. Every accessor here returns the expected type or raises
``SlotReadError`` with a sentence a person can act on, so a reader never leaks ``KeyError`` or
``TypeError`` and never guesses at a shape it does not recognise.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# A module import, not names: slots.py imports the providers package, which imports the readers.
from schedlink.domain import http_plan, slots
from schedlink.domain.providers.base import Recognition
from schedlink.domain.urls import ParsedUrl, parse_url

_MAX_DETAIL = 200
# Characters left readable in query values; all are legal in a query (RFC 3986) and none is "+".
_QUERY_SAFE = ":@/"
_NOT_JSON = object()  # what an unparsable body decodes to, so error answers can still be quoted


def page_url(recognition: Recognition, provider: str) -> ParsedUrl:
    """The recognised page's canonical URL; rejected and placeholder links have no slots to read."""
    parsed = parse_url(recognition.url or "")
    if not recognition.accepted or recognition.placeholder or parsed is None:
        raise slots.SlotReadError(f"not a {provider} booking page")
    return parsed


def get(url: str, headers: Mapping[str, str]) -> http_plan.HttpRequest:
    """A GET request with ``headers``."""
    return http_plan.HttpRequest("GET", url, dict(headers))


def fetch_json(
    request: http_plan.HttpRequest, provider: str
) -> Generator[http_plan.HttpRequest, http_plan.HttpResponse, object]:
    """Send ``request`` and return its decoded JSON body; non-2xx or non-JSON answers raise."""
    response = yield request
    return decode_json(response, provider)


def decode_json(response: http_plan.HttpResponse, provider: str) -> object:
    """The JSON body of a 2xx answer; otherwise ``SlotReadError`` quoting the provider's own message."""
    data = _loads(response.body)
    if not 200 <= response.status < 300:
        detail = error_detail(data)
        suffix = f": {detail}" if detail else ""
        raise slots.SlotReadError(f"{provider} answered HTTP {response.status}{suffix}")
    if data is _NOT_JSON:
        raise slots.SlotReadError(f"{provider} answered with something that is not JSON")
    return data


def _loads(body: bytes) -> object:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _NOT_JSON


def error_detail(data: object) -> str | None:
    """The message inside an error body (``message``, ``error``, ``error.message``, tRPC ``error.json``)."""
    for _ in range(4):
        if isinstance(data, list) and data and all(isinstance(item, str) for item in data):
            data = "; ".join(data)  # NestJS-style validation messages
        if isinstance(data, str):
            return data.strip()[:_MAX_DETAIL] or None
        if not isinstance(data, dict):
            return None
        data = data.get("message") or data.get("error") or data.get("json")
    return None


def field(data: object, key: str, provider: str) -> object:
    """``data[key]`` of a JSON object, or ``SlotReadError`` naming the missing member."""
    if not isinstance(data, dict) or key not in data:
        raise slots.SlotReadError(f"{provider}'s answer lacks '{key}'")
    return data[key]


def as_dict(value: object, provider: str, what: str) -> dict[str, object]:
    """``value`` when it is a JSON object."""
    if not isinstance(value, dict):
        raise slots.SlotReadError(f"{provider}'s answer has no usable {what}")
    return value


def as_list(value: object, provider: str, what: str) -> list[object]:
    """``value`` when it is a JSON array."""
    if not isinstance(value, list):
        raise slots.SlotReadError(f"{provider}'s answer has no usable {what}")
    return value


def parse_instant(value: object, provider: str) -> datetime:
    """An ISO 8601 time with an offset (``Z`` included), in UTC."""
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            return moment.astimezone(UTC)
    raise slots.SlotReadError(f"{provider} sent a slot time that is not a full ISO time: {str(value)[:40]!r}")


def from_millis(value: object, provider: str) -> datetime:
    """Epoch milliseconds as a UTC time."""
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value / 1000, UTC)
        except (OverflowError, OSError, ValueError):
            pass
    raise slots.SlotReadError(
        f"{provider} sent a slot time that is not epoch milliseconds: {str(value)[:40]!r}"
    )


def to_millis(moment: datetime) -> int:
    """Epoch milliseconds of an aware time."""
    return round(moment.timestamp() * 1000)


def utc_iso(moment: datetime, *, millis: bool = False) -> str:
    """``2026-03-10T14:00:00Z`` (``.000Z`` with ``millis``, the form JavaScript's ``toISOString`` writes)."""
    text = aware(moment).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return text + (".000Z" if millis else "Z")


def aware(moment: datetime) -> datetime:
    """``moment`` unchanged; a naive time is a programming error, never silently taken as local."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("time zone-aware datetime required")
    return moment


def query_zone(query: slots.SlotQuery, provider: str) -> ZoneInfo:
    """The zone the query asks the provider to answer in."""
    try:
        return ZoneInfo(query.timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise slots.SlotReadError(f"unknown time zone for {provider}: {query.timezone!r}") from error


def invitee_zone(invitee: slots.Invitee) -> tzinfo:
    """The invitee's zone, UTC when unknown or unset (a link must still open on the right instant)."""
    if invitee.timezone:
        try:
            return ZoneInfo(invitee.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


def finish(found: Iterable[slots.OfferedSlot], query: slots.SlotQuery) -> list[slots.OfferedSlot]:
    """Slots inside ``[query.start, query.end)``, one per start (keeping a known end), sorted."""
    kept: dict[datetime, slots.OfferedSlot] = {}
    for slot in found:
        if query.start <= slot.start < query.end:
            existing = kept.get(slot.start)
            if existing is None or (existing.end is None and slot.end is not None):
                kept[slot.start] = slot
    return [kept[start] for start in sorted(kept)]


def encode_query(pairs: Iterable[tuple[str, str | None]]) -> str:
    """``k=v&..`` with values percent-encoded (``+`` and spaces too); empty or missing values left out."""
    return "&".join(
        f"{quote(key, safe='')}={quote(value.strip(), safe=_QUERY_SAFE)}"
        for key, value in pairs
        if value is not None and value.strip()
    )


def with_query(url: str, pairs: Iterable[tuple[str, str | None]]) -> str:
    """``url`` with the non-empty ``pairs`` appended to any query it already has."""
    query = encode_query(pairs)
    if not query:
        return url
    return url + ("&" if "?" in url else "?") + query


def path_part(text: str) -> str:
    """One percent-encoded path segment (slugs come decoded from the recogniser)."""
    return quote(text, safe="")
