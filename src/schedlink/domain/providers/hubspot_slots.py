"""Reading a HubSpot meeting link's free slots through the call its own booking page makes.

``GET app[-{region}].hubspot.com/api/meetings-public/v3/book?slug=&timezone=&now=&location=&monthOffset=``
is undocumented. What is documented (HubSpot's official scheduler API, same response model) is the
``linkAvailability`` member: ``hasMore`` ("more available times beyond the returned set") and
``linkAvailabilityByDuration`` mapping a duration in milliseconds to ``availabilities`` of
``{startMillisUtc, endMillisUtc}``. Inferred from public clients, not documented: that the internal call
returns that same member next to ``customParams``, that ``monthOffset`` pages through calendar months
counted from ``now`` (sent as the query start, so the pages line up with the query's months), and that
the page's first duration (``customParams.durations[0]``) is the one to offer.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from schedlink.domain import slots
from schedlink.domain.providers.base import Recognition
from schedlink.domain.providers.slot_reading import (
    as_dict,
    as_list,
    encode_query,
    fetch_json,
    field,
    finish,
    from_millis,
    get,
    page_url,
    query_zone,
    to_millis,
)

NAME = "HubSpot"
# Data-centre regions whose app host is known; another region's link is refused rather than guessed.
_REGIONS = {"": "app.hubspot.com", "eu1": "app-eu1.hubspot.com"}
SLOT_HOSTS = frozenset(_REGIONS.values())
MAX_MONTH_OFFSET = 3


def read_slots(recognition: Recognition, query: slots.SlotQuery) -> slots.SlotPlan:
    """Plan: month pages from ``monthOffset=0`` until the query's end is covered (at most offset 3)."""
    slug, region = _slug_and_region(recognition)
    app_host = _REGIONS.get(region)
    if app_host is None:
        raise slots.SlotReadError(f"HubSpot links of the {region} region cannot be read yet")
    meetings_host = f"meetings-{region}.hubspot.com" if region else "meetings.hubspot.com"
    headers = {
        "Accept": "application/json",
        "Origin": f"https://{meetings_host}",
        "Referer": recognition.url or f"https://{meetings_host}/{slug}",
    }
    zone = query_zone(query, NAME)
    found: list[slots.OfferedSlot] = []
    for offset in range(MAX_MONTH_OFFSET + 1):
        params = encode_query(
            (
                ("slug", slug),
                ("timezone", query.timezone),
                ("now", str(to_millis(query.start))),
                ("location", meetings_host),
                ("monthOffset", str(offset)),
            )
        )
        url = f"https://{app_host}/api/meetings-public/v3/book?{params}"
        answer = yield from fetch_json(get(url, headers), NAME)
        has_more = _availabilities(answer, found)
        if not has_more or _month_start(query.start, zone, offset + 1) >= query.end:
            break
    return finish(found, query)


def _slug_and_region(recognition: Recognition) -> tuple[str, str]:
    """The whole meeting slug (it may span segments) and the region label (``""`` for the default)."""
    parsed = page_url(recognition, NAME)
    service, _, _ = parsed.host.partition(".")
    region = service.partition("-")[2]
    segments = parsed.segments[1:] if service.startswith("app") else parsed.segments
    if not segments:
        raise slots.SlotReadError("HubSpot link without a meeting slug")
    return "/".join(segments), region


def _availabilities(answer: object, found: list[slots.OfferedSlot]) -> bool:
    """Add one page's slots to ``found``; whether HubSpot says more times follow."""
    availability = as_dict(field(answer, "linkAvailability", NAME), NAME, "availability")
    by_duration = as_dict(field(availability, "linkAvailabilityByDuration", NAME), NAME, "durations")
    chosen = _duration_key(answer, by_duration)
    if chosen is not None:
        entry = as_dict(by_duration[chosen], NAME, "duration entry")
        for slot in as_list(field(entry, "availabilities", NAME), NAME, "list of times"):
            start = from_millis(field(slot, "startMillisUtc", NAME), NAME)
            end = from_millis(field(slot, "endMillisUtc", NAME), NAME)
            found.append(slots.OfferedSlot(start, end))
    return availability.get("hasMore") is not False


def _duration_key(answer: object, by_duration: dict[str, object]) -> str | None:
    """The page's first listed duration when it has times, else the shortest one offered."""
    params = answer.get("customParams") if isinstance(answer, dict) else None
    durations = params.get("durations") if isinstance(params, dict) else None
    if isinstance(durations, list) and durations and str(durations[0]) in by_duration:
        return str(durations[0])
    numeric = sorted((int(key), key) for key in by_duration if key.isascii() and key.isdigit())
    return numeric[0][1] if numeric else None


def _month_start(moment: datetime, zone: ZoneInfo, offset: int) -> datetime:
    """Midnight on the first day of the month ``offset`` months after ``moment``'s month, in ``zone``."""
    local = moment.astimezone(zone)
    months = local.year * 12 + local.month - 1 + offset
    year, month_index = divmod(months, 12)
    return datetime(year, month_index + 1, 1, tzinfo=zone)
