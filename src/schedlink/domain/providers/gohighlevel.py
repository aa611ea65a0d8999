"""GoHighLevel / LeadConnector calendars, including agencies' white-label domains.

The path ``/widget/booking/{id}``, ``/widget/bookings/{slug}[/{slug}]`` or ``/widget/group/{id}`` is
the tell: agencies serve the same widget from their own hosts (``book.agency.com``), so any https host
with that path is taken. ``/widget/form`` and ``/widget/survey`` on the same hosts are not calendars.

Free slots come from the calendar service the widget itself calls (undocumented, unauthenticated,
CORS-open): ``backend.leadconnectorhq.com/calendars/{calendarId}/free-slots``. It needs the calendar id,
which only ``/widget/booking/{id}`` links carry; days without slots are absent from its answer.

Bookings go through the widget itself in a browser (``gohighlevel_page``): its booking call is internal
and the official one needs the location's token.
"""

from __future__ import annotations

import re

from schedlink.domain import slots
from schedlink.domain.providers import gohighlevel_page
from schedlink.domain.providers.base import ProviderSpec, Recognition, accept, build, is_slug, join, reject
from schedlink.domain.providers.slot_reading import (
    as_dict,
    as_list,
    encode_query,
    error_detail,
    fetch_json,
    finish,
    get,
    page_url,
    parse_instant,
    path_part,
    to_millis,
)
from schedlink.domain.urls import ParsedUrl

SLUG = "gohighlevel"
_HOSTS = frozenset({"api.leadconnectorhq.com", "link.msgsndr.com", "msgsndr.com", "link.leadconnectorhq.com"})
_DOMAINS = frozenset({"leadconnectorhq.com", "msgsndr.com", "gohighlevel.com"})
_KINDS = frozenset({"booking", "bookings", "group"})


def recognise(parsed: ParsedUrl) -> Recognition | None:
    """Calendar widgets on LeadConnector hosts and, by path shape, on white-label hosts."""
    own_host = parsed.host in _HOSTS or any(
        parsed.host.endswith("." + d) or parsed.host == d for d in _DOMAINS
    )
    segments = parsed.segments
    is_widget = len(segments) >= 3 and segments[0].lower() == "widget"
    kind = segments[1].lower() if is_widget else ""
    if not own_host and (kind not in _KINDS or parsed.scheme != "https"):
        return None
    if is_widget and kind in ("form", "forms", "survey", "surveys"):
        return reject(SLUG, "form or survey widget, not a calendar")
    if kind not in _KINDS:
        return reject(SLUG, "LeadConnector page that is not a booking widget")
    parts = segments[2:4] if kind == "bookings" else segments[2:3]
    if not all(is_slug(part) for part in parts):
        return reject(SLUG, "not a booking path")
    event = parts[1] if len(parts) > 1 else None
    return accept(SLUG, build(parsed.host, join("widget", kind, *parts)), parts[0], event, *parts)


NAME = "GoHighLevel"
SLOT_HOST = "backend.leadconnectorhq.com"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_slots(recognition: Recognition, query: slots.SlotQuery) -> slots.SlotPlan:
    """Plan: one free-slots request for the link's calendar over the whole query window."""
    parsed = page_url(recognition, NAME)
    segments = parsed.segments
    if len(segments) != 3 or segments[1].lower() != "booking":
        raise slots.LinkNotReadable(
            "GoHighLevel booking-page and group links (/widget/bookings/…, /widget/group/…) cannot be read: "
            "reading needs the calendar id, which the page only reveals to a browser"
        )
    params = encode_query(
        (
            ("startDate", str(to_millis(query.start))),
            ("endDate", str(to_millis(query.end))),
            ("timezone", query.timezone),
        )
    )
    url = f"https://{SLOT_HOST}/calendars/{path_part(segments[2])}/free-slots?{params}"
    answer = yield from fetch_json(get(url, {"Accept": "application/json"}), NAME)
    return finish(_free_slots(answer), query)


def _free_slots(answer: object) -> list[slots.OfferedSlot]:
    days = as_dict(answer, NAME, "slot map")
    dated = {key: value for key, value in days.items() if _DAY.fullmatch(key)}
    if not dated and "traceId" not in days:
        detail = error_detail(days)
        raise slots.SlotReadError(f"{NAME} answered without a slot map" + (f": {detail}" if detail else ""))
    found: list[slots.OfferedSlot] = []
    for day in dated.values():
        for start in as_list(as_dict(day, NAME, "day").get("slots"), NAME, "list of slots"):
            found.append(slots.OfferedSlot(parse_instant(start, NAME)))
    return found


SPEC = ProviderSpec(
    SLUG,
    "GoHighLevel",
    recognise,
    hosts=_HOSTS,
    domains=_DOMAINS,
    any_host=True,
    read_slots=read_slots,
    slot_hosts=frozenset({SLOT_HOST}),
    book_in_page=gohighlevel_page.RECIPE,
)
