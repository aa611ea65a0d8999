"""Reading a Calendly event type's free slots, and the slot deep link that opens its details form.

Calendly has no key-less public API, so this reads what its own booking page reads (undocumented, may
change): ``/api/booking/event_types/lookup`` turns the link's slugs into the event type's uuid, then
``/calendar/range`` lists each day's spots, a month at most per request (ranges are chunked to 30 days,
both ends inclusive, as the booking page asks). A range refused with HTTP 400 while naming the scheduling
link is retried once without it, as public scripts do.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from schedlink.domain import http_plan, slots
from schedlink.domain.providers.base import Recognition
from schedlink.domain.providers.slot_reading import (
    as_dict,
    as_list,
    aware,
    decode_json,
    encode_query,
    fetch_json,
    field,
    finish,
    get,
    invitee_zone,
    page_url,
    parse_instant,
    path_part,
    query_zone,
    with_query,
)

NAME = "Calendly"
HOST = "calendly.com"
_BOOKING_API = f"https://{HOST}/api/booking"
_HEADERS = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
CHUNK_DAYS = 30


def read_slots(recognition: Recognition, query: slots.SlotQuery) -> slots.SlotPlan:
    """Plan: look the event type up, then read its calendar range in chunks of at most 30 days."""
    owner, event = _owner_and_event(recognition)
    lookup = encode_query((("event_type_slug", event), ("profile_slug", owner)))
    answer = yield from fetch_json(get(f"{_BOOKING_API}/event_types/lookup?{lookup}", _HEADERS), NAME)
    uuid = field(answer, "uuid", NAME)
    if not isinstance(uuid, str) or not uuid:
        raise slots.SlotReadError(f"{NAME}'s answer has no usable event type uuid")
    link = as_dict(answer, NAME, "event type").get("scheduling_link")
    link_uid = link.get("uid") if isinstance(link, dict) else None
    scheduling_link = link_uid if isinstance(link_uid, str) and link_uid else None
    zone = query_zone(query, NAME)
    first = query.start.astimezone(zone).date()
    last = (query.end - timedelta(microseconds=1)).astimezone(zone).date()
    found: list[slots.OfferedSlot] = []
    for range_start, range_end in chunks(first, last):
        while True:
            request = _range_request(uuid, query.timezone, range_start, range_end, scheduling_link)
            response = yield request
            if response.status == 400 and scheduling_link is not None:
                scheduling_link = None  # some event types refuse the link uid; the page retries without
                continue
            found.extend(_spots(decode_json(response, NAME)))
            break
    return finish(found, query)


def chunks(first: date, last: date) -> Iterator[tuple[date, date]]:
    """Inclusive ``(start, end)`` date ranges of at most ``CHUNK_DAYS`` days covering ``first..last``."""
    start = first
    while start <= last:
        end = min(start + timedelta(days=CHUNK_DAYS - 1), last)
        yield start, end
        start = end + timedelta(days=1)


def booking_url(recognition: Recognition, start: datetime, invitee: slots.Invitee) -> str | None:
    """``/{user}/{event}/{local ISO time}?month=&date=`` + prefill: the page opens on the details form.

    The time and the month/date hints are written in the invitee's zone (UTC when unknown), as the page
    itself writes them. One-off ``/d/`` links may accept the same suffix, but that is unverified: ``None``.
    """
    try:
        owner, event = _owner_and_event(recognition)
    except slots.SlotReadError:
        return None
    local = aware(start).astimezone(invitee_zone(invitee))
    stamp = local.isoformat(timespec="seconds")
    base = f"https://{HOST}/{path_part(owner)}/{path_part(event)}/{stamp}"
    return with_query(
        base,
        (
            ("month", local.strftime("%Y-%m")),
            ("date", local.strftime("%Y-%m-%d")),
            ("name", invitee.name),
            ("email", invitee.email),
        ),
    )


def _owner_and_event(recognition: Recognition) -> tuple[str, str]:
    parsed = page_url(recognition, NAME)
    segments = parsed.segments
    if segments and segments[0].lower() in ("d", "s"):
        raise slots.SlotReadError(
            f"Calendly one-off links (/{segments[0].lower()}/…) cannot be read: "
            "their event type is not reachable by its slugs"
        )
    if len(segments) != 2:
        raise slots.SlotReadError(
            "Calendly profile links list several event types; reading needs a link to one event type"
        )
    return segments[0], segments[1]


def _range_request(
    uuid: str, timezone: str, range_start: date, range_end: date, scheduling_link: str | None
) -> http_plan.HttpRequest:
    params = encode_query(
        (
            ("timezone", timezone),
            ("diagnostics", "false"),
            ("range_start", range_start.isoformat()),
            ("range_end", range_end.isoformat()),
            ("scheduling_link_uuid", scheduling_link),
        )
    )
    return get(f"{_BOOKING_API}/event_types/{path_part(uuid)}/calendar/range?{params}", _HEADERS)


def _spots(answer: object) -> list[slots.OfferedSlot]:
    found: list[slots.OfferedSlot] = []
    for day in as_list(field(answer, "days", NAME), NAME, "list of days"):
        for spot in as_list(as_dict(day, NAME, "day").get("spots") or [], NAME, "list of spots"):
            spot_fields = as_dict(spot, NAME, "spot")
            if spot_fields.get("status") == "available":
                found.append(slots.OfferedSlot(parse_instant(field(spot_fields, "start_time", NAME), NAME)))
    return found
