"""Reading a Cal.com event type's free slots, and the link that opens it on one of them.

Cloud pages (``cal.com``, ``cal.eu``, ``{org}.cal.com``) are read through the official, key-less
``GET /v2/slots`` (``cal-api-version: 2024-09-04``). ``api.cal.eu`` as the EU twin of ``api.cal.com`` is
inferred from the ``cal.eu`` booking host, not documented. Self-hosted instances rarely serve ``/v2``, so
they are read through the tRPC query their own booking page calls (``/api/trpc/slots/getSchedule``), which
reports failures as HTTP 200 with an ``error`` member. For team pages the tRPC input names the team in
``usernameList`` with ``isTeamEvent`` set, as the web booker does (unverified against a live instance).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from schedlink.domain import http_plan, slots
from schedlink.domain.providers.base import Recognition
from schedlink.domain.providers.slot_reading import (
    as_dict,
    as_list,
    aware,
    encode_query,
    error_detail,
    fetch_json,
    field,
    finish,
    get,
    invitee_zone,
    page_url,
    parse_instant,
    utc_iso,
    with_query,
)

NAME = "Cal.com"
API_VERSION = "2024-09-04"
API_HOSTS = {"cal.com": "api.cal.com", "cal.eu": "api.cal.eu"}
SLOT_HOSTS = frozenset(API_HOSTS.values())


@dataclass(frozen=True, slots=True)
class EventPage:
    host: str
    cloud: str | None  # "cal.com" / "cal.eu" for cloud pages
    organisation: str | None
    owner: str  # username, or the team slug when ``team``
    event: str
    team: bool


def read_slots(recognition: Recognition, query: slots.SlotQuery) -> slots.SlotPlan:
    """Plan: one request (v2 for cloud pages, tRPC for self-hosted ones), then the parsed slots."""
    page = event_page(recognition)
    if page.cloud is not None:
        answer = yield from fetch_json(_v2_request(page, page.cloud, query), NAME)
        found = _v2_slots(answer)
    else:
        answer = yield from fetch_json(_trpc_request(page, query), NAME)
        found = _trpc_slots(answer)
    return finish(found, query)


def booking_url(recognition: Recognition, start: datetime, invitee: slots.Invitee) -> str | None:
    """The event page with ``slot`` preselected (the UTC form the booker itself writes) and the form prefilled."""
    if not recognition.accepted or recognition.url is None or recognition.event is None:
        return None  # profiles, organisation pages and routing forms offer no single slot list
    local = aware(start).astimezone(invitee_zone(invitee))
    return with_query(
        recognition.url,
        (
            ("slot", utc_iso(start, millis=True)),
            ("month", local.strftime("%Y-%m")),
            ("date", local.strftime("%Y-%m-%d")),
            ("name", invitee.name),
            ("email", invitee.email),
        ),
    )


def event_page(recognition: Recognition) -> EventPage:
    parsed = page_url(recognition, NAME)
    host = parsed.host
    cloud = next((domain for domain in API_HOSTS if host == domain or host.endswith("." + domain)), None)
    organisation = host[: -len(cloud) - 1] if cloud and host != cloud else None
    segments = parsed.segments
    head = segments[0].lower() if segments else ""
    if head == "d":
        raise slots.SlotReadError(
            "Cal.com private links (/d/…) cannot be read: the slot service only answers for public event types"
        )
    if head in ("forms", "router"):
        raise slots.SlotReadError(
            "Cal.com routing forms cannot be read: the event type is chosen only after the form is answered"
        )
    team = head == "team"
    owner = segments[1] if team and len(segments) > 1 else (segments[0] if segments else "")
    event = recognition.event
    if event is None or not owner:
        kind = "team profile" if team else "profile"
        raise slots.SlotReadError(
            f"Cal.com {kind} links list several event types; reading needs a link to one event type"
        )
    if "+" in owner:
        raise slots.SlotReadError("Cal.com group links (alice+bob) cannot be read: they have no event type")
    return EventPage(host, cloud, organisation, owner, event, team)


def _v2_request(page: EventPage, cloud: str, query: slots.SlotQuery) -> http_plan.HttpRequest:
    owner_key = "teamSlug" if page.team else "username"
    params = encode_query(
        (
            ("eventTypeSlug", page.event),
            (owner_key, page.owner),
            ("organizationSlug", page.organisation),
            ("start", utc_iso(query.start)),
            ("end", utc_iso(query.end)),
            ("timeZone", query.timezone),
        )
    )
    headers = {"cal-api-version": API_VERSION, "Accept": "application/json"}
    return get(f"https://{API_HOSTS[cloud]}/v2/slots?{params}", headers)


def _trpc_request(page: EventPage, query: slots.SlotQuery) -> http_plan.HttpRequest:
    schedule = {
        "isTeamEvent": page.team,
        "usernameList": [page.owner],
        "eventTypeSlug": page.event,
        "startTime": utc_iso(query.start, millis=True),
        "endTime": utc_iso(query.end, millis=True),
        "timeZone": query.timezone,
    }
    encoded = quote(json.dumps({"json": schedule}, separators=(",", ":")), safe="")
    url = f"https://{page.host}/api/trpc/slots/getSchedule?input={encoded}"
    return get(url, {"Accept": "application/json"})


def _v2_slots(answer: object) -> list[slots.OfferedSlot]:
    if isinstance(answer, dict) and (answer.get("status") != "success" or "error" in answer):
        detail = error_detail(answer.get("error")) or "no details"
        raise slots.SlotReadError(f"{NAME} answered with an error: {detail}")
    found: list[slots.OfferedSlot] = []
    for entries in as_dict(field(answer, "data", NAME), NAME, "slot map").values():
        for entry in as_list(entries, NAME, "day of slots"):
            if isinstance(entry, str):  # the plain "time" format is a list of strings
                found.append(slots.OfferedSlot(parse_instant(entry, NAME)))
                continue
            start = parse_instant(field(entry, "start", NAME), NAME)
            end = as_dict(entry, NAME, "slot").get("end")
            found.append(slots.OfferedSlot(start, parse_instant(end, NAME) if end is not None else None))
    return found


def _trpc_slots(answer: object) -> list[slots.OfferedSlot]:
    if isinstance(answer, dict) and "error" in answer:
        detail = error_detail(answer["error"]) or "no details"
        raise slots.SlotReadError(f"{NAME} answered with an error: {detail}")
    data = field(field(field(answer, "result", NAME), "data", NAME), "json", NAME)
    found: list[slots.OfferedSlot] = []
    for entries in as_dict(field(data, "slots", NAME), NAME, "slot map").values():
        for entry in as_list(entries, NAME, "day of slots"):
            found.append(slots.OfferedSlot(parse_instant(field(entry, "time", NAME), NAME)))
    return found
