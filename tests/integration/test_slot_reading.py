"""Reading offered slots end to end: real provider readers, the guarded fetcher, TLS, recorded answers.

The recorded responses are served under the providers' real API host names (the resolver points those
names at the local server, whose certificate is issued for them). Expected slots are read from the same
files independently of the readers, so a slot lost or altered anywhere on the way shows up.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from ipaddress import IPv4Address, IPv6Address
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from https_server import HttpsServer, RecordedRequest, Route, static_resolver

from schedlink.domain.slots import OfferedSlot, SlotQuery, SlotReadError
from schedlink.net.addresses import is_public_address
from schedlink.net.errors import FetchFailed, FetchRefused
from schedlink.net.fetcher import GuardedFetcher
from schedlink.net.lead_pages import NoSlotReader, ProviderBusy, read_offered_slots
from schedlink.net.ratelimit import RateLimiter

pytestmark = pytest.mark.integration

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "provider_responses"
API_HOSTS = (
    "api.cal.com",
    "cal.acme.test",
    "calendly.com",
    "backend.leadconnectorhq.com",
    "app.hubspot.com",
    "evil.example.test",
)


@pytest.fixture(scope="module")
def server() -> Iterator[HttpsServer]:
    with HttpsServer(names=API_HOSTS) as running:
        yield running


def local_server_or_public(ip: IPv4Address | IPv6Address) -> bool:
    return ip == IPv4Address("127.0.0.1") or is_public_address(ip)


def fetcher_for(server: HttpsServer, rate_limiter: RateLimiter | None = None) -> GuardedFetcher:
    return GuardedFetcher(
        resolver=static_resolver({name: [("127.0.0.1", server.port)] for name in API_HOSTS}),
        address_allowed=local_server_or_public,
        verify=server.client_context(),
        rate_limiter=rate_limiter,
    )


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


def recorded_json(name: str) -> object:
    return json.loads(recorded(name))


def by_query(key: str, answers: dict[str, Route]) -> Callable[[RecordedRequest], Route]:
    """Answer by the value of one query parameter (month pages, date ranges)."""

    def answer(request: RecordedRequest) -> Route:
        value = parse_qs(urlsplit(request.path).query).get(key, [""])[0]
        return answers.get(value, Route(status=404, body=b'{"message": "unexpected page"}'))

    return answer


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def within(found: list[OfferedSlot], query: SlotQuery) -> list[OfferedSlot]:
    return sorted((slot for slot in found if query.start <= slot.start < query.end), key=lambda s: s.start)


def query_params(request: RecordedRequest) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(request.path).query).items()}


# --- the four providers, end to end -------------------------------------------------------------------


def test_calcom_cloud_link(server: HttpsServer) -> None:
    server.route("/v2/slots", Route.json(recorded("calcom/v2_slots.json")))
    query = SlotQuery(datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC), "Europe/Berlin")
    slots = read_offered_slots("https://cal.com/jane/intro-call", query, fetcher_for(server))
    data = recorded_json("calcom/v2_slots.json")["data"]  # type: ignore[index]
    expected = [OfferedSlot(utc(entry["start"])) for day in data.values() for entry in day]
    assert slots == within(expected, query)
    assert len(slots) == 6
    seen = server.requests[-1]
    assert seen.headers["host"] == "api.cal.com"
    assert seen.headers["cal-api-version"] == "2024-09-04"
    assert query_params(seen) == {
        "eventTypeSlug": "intro-call",
        "username": "jane",
        "start": "2026-03-27T00:00:00Z",
        "end": "2026-04-01T00:00:00Z",
        "timeZone": "Europe/Berlin",
    }
    assert "api.cal.com" in server.sni_names


def test_calcom_self_hosted_link_reads_from_its_own_host(server: HttpsServer) -> None:
    server.route("/api/trpc/slots/getSchedule", Route.json(recorded("calcom/trpc_get_schedule.json")))
    query = SlotQuery(datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 3, 12, tzinfo=UTC))
    slots = read_offered_slots("https://cal.acme.test/jane/30min", query, fetcher_for(server))
    data = recorded_json("calcom/trpc_get_schedule.json")["result"]["data"]["json"]["slots"]  # type: ignore[index]
    assert slots == within([OfferedSlot(utc(e["time"])) for day in data.values() for e in day], query)
    assert server.requests[-1].headers["host"] == "cal.acme.test"


def test_calendly_link_reads_lookup_then_both_range_chunks(server: HttpsServer) -> None:
    server.route("/api/booking/event_types/lookup", Route.json(recorded("calendly/lookup.json")))
    uuid = recorded_json("calendly/lookup.json")["uuid"]  # type: ignore[index]
    server.route(
        f"/api/booking/event_types/{uuid}/calendar/range",
        by_query(
            "range_start",
            {
                "2026-03-02": Route.json(recorded("calendly/range.json")),
                "2026-04-01": Route.json(recorded("calendly/range_2.json")),
            },
        ),
    )
    query = SlotQuery(
        datetime(2026, 3, 2, 5, tzinfo=UTC), datetime(2026, 4, 16, 4, tzinfo=UTC), "America/New_York"
    )
    before = len(server.requests)
    slots = read_offered_slots("https://calendly.com/tom-baker/intro-call", query, fetcher_for(server))
    expected = [
        OfferedSlot(utc(spot["start_time"]))
        for name in ("calendly/range.json", "calendly/range_2.json")
        for day in recorded_json(name)["days"]  # type: ignore[index]
        for spot in day["spots"]
        if spot["status"] == "available"
    ]
    assert slots == within(expected, query)
    assert slots
    assert len(server.requests) - before == 3
    assert all(request.headers["host"] == "calendly.com" for request in server.requests[before:])


def test_gohighlevel_link(server: HttpsServer) -> None:
    server.route(
        "/calendars/0fu9WVucPWOYhM0tSEGE/free-slots", Route.json(recorded("gohighlevel/free_slots.json"))
    )
    query = SlotQuery(datetime(2026, 3, 9, tzinfo=UTC), datetime(2026, 3, 14, tzinfo=UTC), "America/New_York")
    link = "https://api.leadconnectorhq.com/widget/booking/0fu9WVucPWOYhM0tSEGE"
    slots = read_offered_slots(link, query, fetcher_for(server))
    answer = recorded_json("gohighlevel/free_slots.json")
    assert isinstance(answer, dict)
    expected = [OfferedSlot(utc(s)) for key, day in answer.items() if key != "traceId" for s in day["slots"]]
    assert slots == within(expected, query)
    assert len(slots) == 3
    assert server.requests[-1].headers["host"] == "backend.leadconnectorhq.com"


def test_hubspot_link_pages_through_months(server: HttpsServer) -> None:
    server.route(
        "/api/meetings-public/v3/book",
        by_query(
            "monthOffset",
            {
                "0": Route.json(recorded("hubspot/book_info.json")),
                "1": Route.json(recorded("hubspot/book_info_month1.json")),
            },
        ),
    )
    query = SlotQuery(datetime(2026, 3, 23, tzinfo=UTC), datetime(2026, 4, 20, tzinfo=UTC), "Europe/London")
    slots = read_offered_slots("https://meetings.hubspot.com/tom-baker/discovery", query, fetcher_for(server))
    expected = []
    for name in ("hubspot/book_info.json", "hubspot/book_info_month1.json"):
        answer = recorded_json(name)
        assert isinstance(answer, dict)
        duration = str(answer["customParams"]["durations"][0])
        for slot in answer["linkAvailability"]["linkAvailabilityByDuration"][duration]["availabilities"]:
            expected.append(
                OfferedSlot(
                    datetime.fromtimestamp(slot["startMillisUtc"] / 1000, UTC),
                    datetime.fromtimestamp(slot["endMillisUtc"] / 1000, UTC),
                )
            )
    assert slots == within(expected, query)
    assert slots
    assert query_params(server.requests[-1])["monthOffset"] == "1"


# --- what the driver decides --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com/meet",
        "https://calendly.com/yourname",
        "https://calendly.com/pricing",
        "not a url",
    ],
)
def test_links_that_are_not_booking_pages_are_refused(link: str, server: HttpsServer) -> None:
    before = len(server.requests)
    with pytest.raises(SlotReadError, match="not a booking page"):
        read_offered_slots(
            link,
            SlotQuery(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 8, tzinfo=UTC)),
            fetcher_for(server),
        )
    assert len(server.requests) == before


def test_provider_without_a_reader_says_so_by_name(server: HttpsServer) -> None:
    query = SlotQuery(datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 8, tzinfo=UTC))
    with pytest.raises(NoSlotReader, match=r"^SavvyCal offers no public way"):
        read_offered_slots("https://savvycal.com/jane/intro", query, fetcher_for(server))


def test_provider_error_answers_become_slot_read_errors(server: HttpsServer) -> None:
    server.route("/v2/slots", Route.json(recorded("calcom/v2_error.json"), status=404))
    query = SlotQuery(datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    with pytest.raises(SlotReadError, match="Event type with slug intro-call not found"):
        read_offered_slots("https://cal.com/jane/intro-call", query, fetcher_for(server))


def test_too_many_requests_from_the_provider_is_retryable(server: HttpsServer) -> None:
    server.route("/v2/slots", Route(status=429, headers={"Retry-After": "30"}, body=b"{}"))
    query = SlotQuery(datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    with pytest.raises(ProviderBusy, match=r"Cal\.com is limiting requests .* try again in 30 s") as caught:
        read_offered_slots("https://cal.com/jane/intro-call", query, fetcher_for(server))
    assert caught.value.retry_after == 30.0
    assert isinstance(caught.value, FetchFailed)


def test_request_count_is_capped(server: HttpsServer) -> None:
    server.route("/api/booking/event_types/lookup", Route.json(recorded("calendly/lookup.json")))
    uuid = recorded_json("calendly/lookup.json")["uuid"]  # type: ignore[index]
    # Its own routes (tests of this module may run in another process than the ones before them).
    server.route(
        f"/api/booking/event_types/{uuid}/calendar/range", Route.json(recorded("calendly/range.json"))
    )
    query = SlotQuery(
        datetime(2026, 3, 2, 5, tzinfo=UTC), datetime(2026, 4, 16, 4, tzinfo=UTC), "America/New_York"
    )
    with pytest.raises(SlotReadError, match="more than 2 requests"):
        read_offered_slots(
            "https://calendly.com/tom-baker/intro-call", query, fetcher_for(server), max_requests=2
        )


def test_readers_cannot_be_led_off_their_hosts(server: HttpsServer) -> None:
    server.route("/v2/slots", Route.redirect("https://evil.example.test/v2/slots"))
    query = SlotQuery(datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    with pytest.raises(FetchRefused, match=r"evil\.example\.test is not a host this request may reach"):
        read_offered_slots("https://cal.com/jane/intro-call", query, fetcher_for(server))


def test_requests_are_paced_per_provider(server: HttpsServer) -> None:
    server.route("/v2/slots", Route.json(recorded("calcom/v2_slots.json")))
    limiter = RateLimiter({"calcom": (1, 60.0)}, max_wait=0.0, clock=lambda: 500.0)
    fetcher = fetcher_for(server, limiter)
    query = SlotQuery(datetime(2026, 3, 27, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC))
    assert read_offered_slots("https://cal.com/jane/intro-call", query, fetcher)
    with pytest.raises(FetchRefused, match="rate limit for calcom"):
        read_offered_slots("https://cal.com/jane/intro-call", query, fetcher)
