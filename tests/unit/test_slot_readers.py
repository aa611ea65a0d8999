"""Provider slot readers, driven with recorded responses: the requests they make and what they read."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from schedlink.domain.http_plan import HttpRequest, HttpResponse
from schedlink.domain.providers import calcom_slots, classify_url, spec_by_slug
from schedlink.domain.slots import OfferedSlot, SlotPlan, SlotQuery, SlotReadError

pytestmark = pytest.mark.unit

RESPONSES = Path(__file__).resolve().parents[1] / "fixtures" / "provider_responses"
Responder = Callable[[HttpRequest], HttpResponse]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def slot(text: str, end: str | None = None) -> OfferedSlot:
    return OfferedSlot(utc(text), utc(end) if end else None)


def recorded(name: str, status: int = 200) -> HttpResponse:
    return HttpResponse(status, {"content-type": "application/json"}, (RESPONSES / name).read_bytes(), "")


def answer(payload: object, status: int = 200) -> HttpResponse:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return HttpResponse(status, {"content-type": "application/json"}, body, "")


def in_turn(*responses: HttpResponse) -> Responder:
    """Answers each request with the next response; a request beyond them fails the test."""
    queue = list(responses)

    def respond(request: HttpRequest) -> HttpResponse:
        assert queue, f"unexpected extra request {request.url}"
        return queue.pop(0)

    return respond


def plan_for(url: str, query: SlotQuery) -> tuple[SlotPlan, frozenset[str], str]:
    recognition = classify_url(url)
    assert recognition.accepted
    assert recognition.provider
    spec = spec_by_slug(recognition.provider)
    assert spec is not None
    assert spec.read_slots is not None
    own_host = urlsplit(recognition.url or "").hostname or ""
    return spec.read_slots(recognition, query), spec.slot_hosts, own_host


def read(url: str, query: SlotQuery, respond: Responder) -> tuple[list[OfferedSlot], list[HttpRequest]]:
    """Drive a reader's plan; every request must be a GET to the link's host or the spec's slot hosts."""
    plan, slot_hosts, own_host = plan_for(url, query)
    requests: list[HttpRequest] = []
    try:
        request = next(plan)
        while True:
            assert len(requests) < 10, "runaway plan"
            assert request.method == "GET"
            assert request.url.startswith("https://")
            assert urlsplit(request.url).hostname in slot_hosts | {own_host}
            requests.append(request)
            request = plan.send(respond(request))
    except StopIteration as done:
        return done.value, requests


def params(request: HttpRequest) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.url).query, keep_blank_values=True)


# --- Cal.com cloud -----------------------------------------------------------------------------------

BERLIN_WEEK = SlotQuery(utc("2026-03-27T00:00"), utc("2026-04-01T00:00"), "Europe/Berlin")
V2_SLOTS = [
    slot("2026-03-27T08:00"),
    slot("2026-03-27T08:30"),
    slot("2026-03-27T09:00"),
    slot("2026-03-30T07:00"),
    slot("2026-03-30T07:30"),
    slot("2026-03-31T14:30"),
]
V2_WINDOW = "start=2026-03-27T00:00:00Z&end=2026-04-01T00:00:00Z&timeZone=Europe/Berlin"


def test_calcom_cloud_reads_the_official_slots_api() -> None:
    slots, requests = read(
        "https://cal.com/jo/intro-call", BERLIN_WEEK, in_turn(recorded("calcom/v2_slots.json"))
    )
    assert [r.url for r in requests] == [
        f"https://api.cal.com/v2/slots?eventTypeSlug=intro-call&username=jo&{V2_WINDOW}"
    ]
    assert requests[0].headers["cal-api-version"] == "2024-09-04"
    assert slots == V2_SLOTS  # offsets on both sides of the DST change, all in UTC


@pytest.mark.parametrize(
    ("link", "target"),
    [
        (
            "https://acme.cal.com/jo/intro",
            "api.cal.com/v2/slots?eventTypeSlug=intro&username=jo&organizationSlug=acme",
        ),
        ("https://cal.com/team/northwind/demo", "api.cal.com/v2/slots?eventTypeSlug=demo&teamSlug=northwind"),
        (
            "https://acme.cal.com/team/sales/demo",
            "api.cal.com/v2/slots?eventTypeSlug=demo&teamSlug=sales&organizationSlug=acme",
        ),
        (
            "https://cal.eu/lukas/erstgespraech",
            "api.cal.eu/v2/slots?eventTypeSlug=erstgespraech&username=lukas",
        ),
    ],
)
def test_calcom_cloud_names_the_event_type_by_link_shape(link: str, target: str) -> None:
    _, requests = read(link, BERLIN_WEEK, in_turn(recorded("calcom/v2_slots.json")))
    assert [r.url for r in requests] == [f"https://{target}&{V2_WINDOW}"]


def test_calcom_range_format_keeps_slot_ends() -> None:
    slots, _ = read(
        "https://cal.com/jo/intro-call", BERLIN_WEEK, in_turn(recorded("calcom/v2_slots_range.json"))
    )
    assert slots == [
        slot("2026-03-27T08:00", "2026-03-27T08:30"),
        slot("2026-03-30T07:00", "2026-03-30T07:30"),
    ]


def test_slots_are_clipped_to_the_half_open_query_window() -> None:
    query = SlotQuery(utc("2026-03-27T08:15"), utc("2026-03-31T14:30"), "Europe/Berlin")
    slots, _ = read("https://cal.com/jo/intro-call", query, in_turn(recorded("calcom/v2_slots.json")))
    assert slots == V2_SLOTS[1:5]


def test_duplicate_starts_collapse_to_one_slot_keeping_a_known_end() -> None:
    body = {
        "status": "success",
        "data": {
            "2026-03-31": [
                {"start": "2026-03-31T16:30:00.000+02:00"},
                {"start": "2026-03-27T10:00:00.000+01:00"},
            ],
            "2026-03-27": [
                {"start": "2026-03-27T09:00:00.000Z"},
                {"start": "2026-03-27T10:00:00.000+01:00", "end": "2026-03-27T10:30:00.000+01:00"},
            ],
        },
    }
    slots, _ = read("https://cal.com/jo/intro-call", BERLIN_WEEK, in_turn(answer(body)))
    assert slots == [slot("2026-03-27T09:00", "2026-03-27T09:30"), slot("2026-03-31T14:30")]


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (recorded("calcom/v2_error.json", 404), "HTTP 404: Event type with slug intro-call not found"),
        (answer(b"<html>Bad gateway</html>", 502), "HTTP 502"),
        (answer(b"{not json"), "not JSON"),
        (answer({"status": "success"}), "lacks 'data'"),
        (
            answer({"status": "error", "error": {"code": "x", "message": "Invalid time zone"}}),
            "Invalid time zone",
        ),
        (answer({"status": "success", "data": {"2026-03-27": [{"start": "09:00"}]}}), "not a full ISO time"),
        (answer({"status": "success", "data": {"2026-03-27": [{"start": "2026-03-27T09:00:00"}]}}), "ISO"),
        (answer({"status": "success", "data": ["2026-03-27T09:00:00Z"]}), "slot map"),
    ],
)
def test_calcom_cloud_unusable_answers_raise(response: HttpResponse, message: str) -> None:
    with pytest.raises(SlotReadError, match=message):
        read("https://cal.com/jo/intro-call", BERLIN_WEEK, in_turn(response))


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("https://cal.com/jo", "profile links"),
        ("https://acme.cal.com", "profile links"),
        ("https://cal.com/team/northwind", "team profile links"),
        ("https://cal.com/d/8fKq2mZt/intro", r"private links \(/d/…\)"),
        ("https://cal.com/forms/4f0e1c2d", "routing forms"),
        ("https://acme.cal.com/router?form=abc", "routing forms"),
        ("https://cal.com/ana+ben/intro", "group links"),
    ],
)
def test_calcom_link_shapes_without_a_public_event_type_are_refused(link: str, message: str) -> None:
    with pytest.raises(SlotReadError, match=message):
        read(link, BERLIN_WEEK, in_turn())


# --- Cal.com self-hosted -----------------------------------------------------------------------------

MARCH_10 = SlotQuery(utc("2026-03-10T00:00"), utc("2026-03-12T00:00"), "Europe/Berlin")


def trpc_input(request: HttpRequest) -> object:
    return json.loads(unquote(urlsplit(request.url).query.removeprefix("input=")))


def test_calcom_self_hosted_reads_the_trpc_schedule() -> None:
    slots, requests = read(
        "https://cal.northwind.io/jo/intro", MARCH_10, in_turn(recorded("calcom/trpc_get_schedule.json"))
    )
    assert len(requests) == 1
    assert requests[0].url.startswith(
        "https://cal.northwind.io/api/trpc/slots/getSchedule?input=%7B%22json%22"
    )
    assert trpc_input(requests[0]) == {
        "json": {
            "isTeamEvent": False,
            "usernameList": ["jo"],
            "eventTypeSlug": "intro",
            "startTime": "2026-03-10T00:00:00.000Z",
            "endTime": "2026-03-12T00:00:00.000Z",
            "timeZone": "Europe/Berlin",
        }
    }
    assert slots == [slot("2026-03-10T13:00"), slot("2026-03-10T13:30"), slot("2026-03-11T08:00")]


def test_calcom_self_hosted_team_pages_name_the_team() -> None:
    _, requests = read(
        "https://meet.northwind.io/team/sales/demo",
        MARCH_10,
        in_turn(recorded("calcom/trpc_get_schedule.json")),
    )
    schedule = trpc_input(requests[0])
    assert isinstance(schedule, dict)
    assert schedule["json"]["isTeamEvent"] is True
    assert schedule["json"]["usernameList"] == ["sales"]
    assert schedule["json"]["eventTypeSlug"] == "demo"


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (recorded("calcom/trpc_error.json"), r"answered with an error: User\(s\) not found"),
        (recorded("calcom/trpc_error.json", 404), r"HTTP 404: User\(s\) not found"),
        (answer({"result": {"data": {}}}), "lacks 'json'"),
        (answer({"result": {"data": {"json": {"slots": {"2026-03-10": [{"at": "x"}]}}}}}), "lacks 'time'"),
    ],
)
def test_calcom_self_hosted_errors_raise(response: HttpResponse, message: str) -> None:
    with pytest.raises(SlotReadError, match=message):
        read("https://cal.northwind.io/jo/intro", MARCH_10, in_turn(response))


def test_calcom_slot_hosts_are_the_cloud_apis() -> None:
    assert frozenset({"api.cal.com", "api.cal.eu"}) == calcom_slots.SLOT_HOSTS


# --- Calendly ----------------------------------------------------------------------------------------

CALENDLY = "https://calendly.com/maria-lopez/intro-call"
LOOKUP = (
    "https://calendly.com/api/booking/event_types/lookup?event_type_slug=intro-call&profile_slug=maria-lopez"
)
RANGE = "https://calendly.com/api/booking/event_types/3f9c2a1e-6b4d-4c8e-9a71-2d5e8f0b7c13/calendar/range"
NEW_YORK_45_DAYS = SlotQuery(utc("2026-03-02T05:00"), utc("2026-04-16T04:00"), "America/New_York")


def range_url(first: str, last: str, link: str | None = "cq4-9tx-2mw") -> str:
    url = f"{RANGE}?timezone=America/New_York&diagnostics=false&range_start={first}&range_end={last}"
    return url + (f"&scheduling_link_uuid={link}" if link else "")


def test_calendly_looks_up_the_event_type_then_reads_45_days_in_two_chunks() -> None:
    respond = in_turn(
        recorded("calendly/lookup.json"), recorded("calendly/range.json"), recorded("calendly/range_2.json")
    )
    slots, requests = read(CALENDLY, NEW_YORK_45_DAYS, respond)
    assert [r.url for r in requests] == [
        LOOKUP,
        range_url("2026-03-02", "2026-03-31"),
        range_url("2026-04-01", "2026-04-15"),
    ]
    for request in requests:
        assert request.headers["Accept"] == "application/json"
        assert request.headers["X-Requested-With"] == "XMLHttpRequest"
    assert slots == [
        slot("2026-03-03T14:00"),
        slot("2026-03-03T14:30"),
        slot("2026-03-10T14:00"),  # 10:00 EDT; the unavailable 10:30 spot is skipped
        slot("2026-03-31T20:00"),
        slot("2026-04-01T13:00"),
        slot("2026-04-15T19:00"),
    ]


def test_calendly_short_window_is_one_chunk_of_local_dates_and_is_clipped() -> None:
    query = SlotQuery(utc("2026-03-03T14:15"), utc("2026-03-10T14:00"), "America/New_York")
    respond = in_turn(recorded("calendly/lookup.json"), recorded("calendly/range.json"))
    slots, requests = read(CALENDLY, query, respond)
    assert [r.url for r in requests] == [LOOKUP, range_url("2026-03-03", "2026-03-10")]
    assert slots == [slot("2026-03-03T14:30")]


def test_calendly_without_a_scheduling_link_leaves_it_out() -> None:
    query = SlotQuery(utc("2026-03-03T00:00"), utc("2026-03-04T00:00"), "America/New_York")
    lookup = {"uuid": "3f9c2a1e-6b4d-4c8e-9a71-2d5e8f0b7c13", "location_configurations": []}
    _, requests = read(CALENDLY, query, in_turn(answer(lookup), recorded("calendly/range.json")))
    assert requests[1].url == range_url("2026-03-02", "2026-03-03", link=None)


def test_calendly_retries_a_range_refused_with_400_without_the_scheduling_link() -> None:
    query = SlotQuery(utc("2026-03-03T05:00"), utc("2026-03-04T05:00"), "America/New_York")
    respond = in_turn(
        recorded("calendly/lookup.json"),
        answer({"message": "Invalid scheduling link"}, 400),
        recorded("calendly/range.json"),
    )
    slots, requests = read(CALENDLY, query, respond)
    assert [r.url for r in requests[1:]] == [
        range_url("2026-03-03", "2026-03-03"),
        range_url("2026-03-03", "2026-03-03", link=None),
    ]
    assert slots == [slot("2026-03-03T14:00"), slot("2026-03-03T14:30")]


def test_calendly_chunks_of_one_range_are_thirty_days_each() -> None:
    query = SlotQuery(utc("2026-03-02T05:00"), utc("2026-05-01T04:00"), "America/New_York")
    range_body = answer({"days": []})
    _, requests = read(CALENDLY, query, in_turn(recorded("calendly/lookup.json"), *[range_body] * 3))
    ranges = [(params(r)["range_start"][0], params(r)["range_end"][0]) for r in requests[1:]]
    assert ranges == [("2026-03-02", "2026-03-31"), ("2026-04-01", "2026-04-30")]


@pytest.mark.parametrize(
    ("responses", "message"),
    [
        ([recorded("calendly/not_found.json", 404)], "Calendly answered HTTP 404: Not Found"),
        ([answer({"scheduling_link": {"uid": "x"}})], "lacks 'uuid'"),
        ([answer({"uuid": 42})], "no usable event type uuid"),
        ([recorded("calendly/lookup.json"), answer(b"", 503)], "HTTP 503"),
        ([recorded("calendly/lookup.json"), answer(b"<!doctype html>")], "not JSON"),
        ([recorded("calendly/lookup.json"), answer({"today": "2026-03-02"})], "lacks 'days'"),
        (
            [recorded("calendly/lookup.json"), answer({"days": [{"spots": [{"status": "available"}]}]})],
            "start_time",
        ),
    ],
)
def test_calendly_unusable_answers_raise(responses: list[HttpResponse], message: str) -> None:
    with pytest.raises(SlotReadError, match=message):
        read(CALENDLY, NEW_YORK_45_DAYS, in_turn(*responses))


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("https://calendly.com/maria-lopez", "profile links"),
        ("https://calendly.com/d/abc-12x-9yz/quick-chat", r"one-off links \(/d/…\)"),
    ],
)
def test_calendly_link_shapes_without_slugs_to_look_up_are_refused(link: str, message: str) -> None:
    with pytest.raises(SlotReadError, match=message):
        read(link, NEW_YORK_45_DAYS, in_turn())


def test_unknown_query_zone_is_a_read_error() -> None:
    query = SlotQuery(utc("2026-03-02T00:00"), utc("2026-03-03T00:00"), "Mars/Olympus_Mons")
    with pytest.raises(SlotReadError, match="unknown time zone"):
        read(CALENDLY, query, in_turn(recorded("calendly/lookup.json")))


# --- GoHighLevel -------------------------------------------------------------------------------------

GHL_WEEK = SlotQuery(utc("2026-03-09T00:00"), utc("2026-03-16T00:00"), "America/New_York")
FREE_SLOTS = (
    "https://backend.leadconnectorhq.com/calendars/{id}/free-slots"
    "?startDate=1773014400000&endDate=1773619200000&timezone=America/New_York"
)


@pytest.mark.parametrize(
    ("link", "calendar"),
    [
        ("https://api.leadconnectorhq.com/widget/booking/0fu9WVucPWOYhM0tSEGE", "0fu9WVucPWOYhM0tSEGE"),
        ("https://book.smithdental.com/widget/booking/Qz81LmPoXy12ab34Cd56", "Qz81LmPoXy12ab34Cd56"),
    ],
)
def test_gohighlevel_reads_free_slots_by_calendar_id(link: str, calendar: str) -> None:
    slots, requests = read(link, GHL_WEEK, in_turn(recorded("gohighlevel/free_slots.json")))
    assert [r.url for r in requests] == [FREE_SLOTS.format(id=calendar)]
    assert slots == [slot("2026-03-09T13:00"), slot("2026-03-09T13:30"), slot("2026-03-12T18:00")]


def test_gohighlevel_answer_without_days_means_no_slots() -> None:
    link = "https://link.msgsndr.com/widget/booking/Xy12ab34Cd56Ef78Gh90"
    slots, _ = read(link, GHL_WEEK, in_turn(answer({"traceId": "0b1c"})))
    assert slots == []


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (recorded("gohighlevel/error.json", 400), "HTTP 400: Calendar is inactive"),
        (answer({"message": "Calendar not found"}), "without a slot map: Calendar not found"),
        (answer(["2026-03-09T09:00:00-04:00"]), "slot map"),
        (answer({"2026-03-09": {"slots": "09:00"}, "traceId": "x"}), "list of slots"),
        (answer(b"\xff\xfe"), "not JSON"),
    ],
)
def test_gohighlevel_unusable_answers_raise(response: HttpResponse, message: str) -> None:
    link = "https://api.leadconnectorhq.com/widget/booking/0fu9WVucPWOYhM0tSEGE"
    with pytest.raises(SlotReadError, match=message):
        read(link, GHL_WEEK, in_turn(response))


@pytest.mark.parametrize(
    "link",
    [
        "https://api.leadconnectorhq.com/widget/bookings/team-calls/intro",
        "https://api.playfulagency.com/widget/bookings/reunion-playful",
        "https://book.smithdental.com/widget/group/Qz81LmPo",
    ],
)
def test_gohighlevel_links_without_a_calendar_id_are_refused(link: str) -> None:
    with pytest.raises(
        SlotReadError, match="needs the calendar id, which the page only reveals to a browser"
    ):
        read(link, GHL_WEEK, in_turn())


# --- HubSpot -----------------------------------------------------------------------------------------

HUBSPOT = "https://meetings.hubspot.com/tom-baker/discovery"
BOOK = (
    "https://app.hubspot.com/api/meetings-public/v3/book?slug=tom-baker/discovery&timezone=Europe/London"
    "&now=1773619200000&location=meetings.hubspot.com&monthOffset="
)
MARCH_TO_APRIL = SlotQuery(utc("2026-03-16T00:00"), utc("2026-04-27T00:00"), "Europe/London")


def test_hubspot_pages_through_months_until_the_query_end() -> None:
    respond = in_turn(recorded("hubspot/book_info.json"), recorded("hubspot/book_info_month1.json"))
    slots, requests = read(HUBSPOT, MARCH_TO_APRIL, respond)
    assert [r.url for r in requests] == [BOOK + "0", BOOK + "1"]
    assert requests[0].headers["Origin"] == "https://meetings.hubspot.com"
    assert requests[0].headers["Referer"] == HUBSPOT
    assert slots == [  # the page's first duration (30 min); the 60-minute list is not mixed in
        slot("2026-03-24T10:00", "2026-03-24T10:30"),
        slot("2026-03-24T10:30", "2026-03-24T11:00"),
        slot("2026-03-31T08:00", "2026-03-31T08:30"),
        slot("2026-04-02T13:00", "2026-04-02T13:30"),
        slot("2026-04-20T08:00", "2026-04-20T08:30"),
    ]


def test_hubspot_month_boundary_is_local_midnight() -> None:
    # 1 April 00:00 in London (BST) is 31 March 23:00 UTC: an end before it needs no second month.
    ends_in_march = SlotQuery(utc("2026-03-16T00:00"), utc("2026-03-31T23:00"), "Europe/London")
    _, requests = read(HUBSPOT, ends_in_march, in_turn(recorded("hubspot/book_info.json")))
    assert [r.url for r in requests] == [BOOK + "0"]
    reaches_april = SlotQuery(utc("2026-03-16T00:00"), utc("2026-03-31T23:30"), "Europe/London")
    respond = in_turn(recorded("hubspot/book_info.json"), recorded("hubspot/book_info_month1.json"))
    _, requests = read(HUBSPOT, reaches_april, respond)
    assert len(requests) == 2


def test_hubspot_stops_when_no_more_times_follow() -> None:
    slots, requests = read(HUBSPOT, MARCH_TO_APRIL, in_turn(recorded("hubspot/book_info_month1.json")))
    assert [r.url for r in requests] == [BOOK + "0"]
    assert len(slots) == 2


def test_hubspot_month_paging_is_capped() -> None:
    half_year = SlotQuery(utc("2026-03-16T00:00"), utc("2026-09-01T00:00"), "Europe/London")
    _, requests = read(HUBSPOT, half_year, lambda _: recorded("hubspot/book_info.json"))
    assert [params(r)["monthOffset"] for r in requests] == [["0"], ["1"], ["2"], ["3"]]


def test_hubspot_duplicate_times_across_pages_collapse() -> None:
    repeat = json.loads((RESPONSES / "hubspot/book_info_month1.json").read_bytes())
    by_duration = repeat["linkAvailability"]["linkAvailabilityByDuration"]["1800000"]
    by_duration["availabilities"].insert(0, {"startMillisUtc": 1774944000000, "endMillisUtc": 1774945800000})
    respond = in_turn(recorded("hubspot/book_info.json"), answer(repeat))
    slots, _ = read(HUBSPOT, MARCH_TO_APRIL, respond)
    assert [s.start for s in slots].count(utc("2026-03-31T08:00")) == 1
    assert len(slots) == 5


@pytest.mark.parametrize(
    ("link", "host", "slug", "location"),
    [
        (
            "https://meetings-eu1.hubspot.com/anna-schmidt",
            "app-eu1.hubspot.com",
            "anna-schmidt",
            "meetings-eu1",
        ),
        (
            "https://app.hubspot.com/meetings/tom-baker/discovery",
            "app.hubspot.com",
            "tom-baker/discovery",
            "meetings",
        ),
        ("https://meetings.hubspot.com/jv2/retireus2", "app.hubspot.com", "jv2/retireus2", "meetings"),
    ],
)
def test_hubspot_region_and_slug_come_from_the_link(link: str, host: str, slug: str, location: str) -> None:
    query = SlotQuery(utc("2026-03-16T00:00"), utc("2026-03-20T00:00"), "Europe/London")
    _, requests = read(link, query, in_turn(recorded("hubspot/book_info.json")))
    assert urlsplit(requests[0].url).hostname == host
    assert params(requests[0])["slug"] == [slug]
    assert params(requests[0])["location"] == [f"{location}.hubspot.com"]


def test_hubspot_without_page_durations_offers_the_shortest() -> None:
    body = {
        "linkAvailability": {
            "hasMore": False,
            "linkAvailabilityByDuration": {
                "3600000": {
                    "availabilities": [{"startMillisUtc": 1774346400000, "endMillisUtc": 1774350000000}]
                },
                "900000": {
                    "availabilities": [{"startMillisUtc": 1774348200000, "endMillisUtc": 1774349100000}]
                },
            },
        }
    }
    slots, _ = read(HUBSPOT, MARCH_TO_APRIL, in_turn(answer(body)))
    assert slots == [slot("2026-03-24T10:30", "2026-03-24T10:45")]


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (answer({"message": "Origin not allowed"}, 403), "HTTP 403: Origin not allowed"),
        (answer({"customParams": {}}), "lacks 'linkAvailability'"),
        (answer({"linkAvailability": {"hasMore": False}}), "lacks 'linkAvailabilityByDuration'"),
        (
            answer({"linkAvailability": {"linkAvailabilityByDuration": {"1800000": {}}}}),
            "lacks 'availabilities'",
        ),
        (
            answer(
                {"linkAvailability": {"linkAvailabilityByDuration": {"1800000": {"availabilities": [{}]}}}}
            ),
            "lacks 'startMillisUtc'",
        ),
        (
            answer(
                {
                    "linkAvailability": {
                        "linkAvailabilityByDuration": {
                            "1800000": {"availabilities": [{"startMillisUtc": "soon", "endMillisUtc": 1}]}
                        }
                    }
                }
            ),
            "epoch milliseconds",
        ),
        (answer(b"]"), "not JSON"),
    ],
)
def test_hubspot_unusable_answers_raise(response: HttpResponse, message: str) -> None:
    with pytest.raises(SlotReadError, match=message):
        read(HUBSPOT, MARCH_TO_APRIL, in_turn(response))


def test_hubspot_unknown_region_is_refused() -> None:
    with pytest.raises(SlotReadError, match="na2 region"):
        read("https://meetings-na2.hubspot.com/tom-baker/discovery", MARCH_TO_APRIL, in_turn())


# --- wiring ------------------------------------------------------------------------------------------


def test_only_readable_providers_have_readers_and_their_hosts() -> None:
    readable = {"calcom", "calendly", "gohighlevel", "hubspot", "google", "zcal", "oncehub"}
    specs = {slug: spec_by_slug(slug) for slug in readable}
    assert {slug for slug, spec in specs.items() if spec and spec.read_slots} == {
        "calcom",
        "calendly",
        "gohighlevel",
        "hubspot",
    }
    assert specs["gohighlevel"]
    assert specs["gohighlevel"].slot_hosts == frozenset({"backend.leadconnectorhq.com"})
    assert specs["hubspot"]
    assert specs["hubspot"].slot_hosts == frozenset({"app.hubspot.com", "app-eu1.hubspot.com"})
    assert spec_by_slug("nonexistent") is None


def test_placeholder_links_are_not_read() -> None:
    recognition = classify_url("https://calendly.com/yourname/30min")
    assert recognition.placeholder
    spec = spec_by_slug("calendly")
    assert spec is not None
    assert spec.read_slots is not None
    with pytest.raises(SlotReadError, match="not a Calendly booking page"):
        next(spec.read_slots(recognition, NEW_YORK_45_DAYS))
