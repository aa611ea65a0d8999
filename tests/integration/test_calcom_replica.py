"""The Cal.com replica over real HTTP: slots, bookings, Cal.com's refusals, injected failures, the slot reader."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from replica_http import statuses_at_once
from schedlink.domain.http_plan import HttpResponse
from schedlink.domain.providers import calcom_slots, classify_url
from schedlink.domain.slots import OfferedSlot, SlotQuery
from schedlink.replicas.calcom import SLOT_UNAVAILABLE, CalcomReplica

pytestmark = pytest.mark.integration

NOW = datetime(2030, 3, 1, tzinfo=UTC)
# 2030-03-31 is the switch to summer time in Berlin: +01:00 before, +02:00 after.
STARTS = [
    datetime(2030, 3, 29, 8, 0, tzinfo=UTC),
    datetime(2030, 3, 29, 8, 30, tzinfo=UTC),
    datetime(2030, 4, 1, 7, 0, tzinfo=UTC),
    datetime(2030, 4, 3, 12, 0, tzinfo=UTC),
]
SLOTS_HEADERS = {"cal-api-version": "2024-09-04"}
BOOKING_HEADERS = {"cal-api-version": "2024-08-13"}
WINDOW = {"start": "2030-03-27T00:00:00Z", "end": "2030-04-03T00:00:00Z"}


@pytest.fixture
def replica() -> Iterator[CalcomReplica]:
    with CalcomReplica(hang_seconds=1.5, now=lambda: NOW) as server:
        server.add_event_type("jo", "intro-call", starts=STARTS)
        yield server


@pytest.fixture
def client(replica: CalcomReplica) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=replica.origin, timeout=5) as http:
        yield http


def slots(client: httpx.Client, **extra: str) -> httpx.Response:
    params = {"eventTypeSlug": "intro-call", "username": "jo", **WINDOW, **extra}
    return client.get("/v2/slots", params=params, headers=SLOTS_HEADERS)


def book(client: httpx.Client, start: str = "2030-03-29T08:00:00Z", **extra: object) -> httpx.Response:
    body: dict[str, object] = {
        "start": start,
        "eventTypeSlug": "intro-call",
        "username": "jo",
        "attendee": {"name": "Ana Lead", "email": "ana@example.com", "timeZone": "Europe/Berlin"},
        "metadata": {"task": "t-1"},
        **extra,
    }
    return client.post("/v2/bookings", json=body, headers=BOOKING_HEADERS)


def error_message(response: httpx.Response) -> str:
    payload = response.json()
    assert payload["status"] == "error"
    return str(payload["error"]["message"])


# --- slots -------------------------------------------------------------------------------------------


def test_slots_are_grouped_by_local_day_with_the_zone_offset_of_each_date(client: httpx.Client) -> None:
    response = slots(client, timeZone="Europe/Berlin")
    assert response.status_code == 200
    assert response.json() == {
        "status": "success",
        "data": {
            "2030-03-29": [
                {"start": "2030-03-29T09:00:00.000+01:00"},
                {"start": "2030-03-29T09:30:00.000+01:00"},
            ],
            "2030-04-01": [{"start": "2030-04-01T09:00:00.000+02:00"}],
        },
    }  # 2030-04-03T12:00Z is outside the half-open window


def test_slots_by_event_type_id_in_range_format(replica: CalcomReplica, client: httpx.Client) -> None:
    event_id = replica.event_types()[0].id
    params = {"eventTypeId": str(event_id), "start": "2030-04-01", "end": "2030-04-01", "slotFormat": "range"}
    response = client.get("/v2/slots", params=params, headers=SLOTS_HEADERS)
    assert response.json()["data"] == {
        "2030-04-01": [{"start": "2030-04-01T07:00:00.000+00:00", "end": "2030-04-01T07:30:00.000+00:00"}]
    }


def test_past_starts_are_not_offered_and_cannot_be_booked(
    replica: CalcomReplica, client: httpx.Client
) -> None:
    replica.offer("jo", "intro-call", [NOW - timedelta(hours=1)])
    response = client.get(
        "/v2/slots",
        params={"eventTypeSlug": "intro-call", "username": "jo", "start": "2030-02-28", "end": "2030-03-01"},
        headers=SLOTS_HEADERS,
    )
    assert response.json()["data"] == {}
    refused = book(client, start="2030-02-28T23:00:00Z")
    assert refused.status_code == 400
    assert error_message(refused) == "Attempting to book a meeting in the past."


# --- bookings ----------------------------------------------------------------------------------------


def test_a_booking_takes_the_slot_and_can_be_read_back(replica: CalcomReplica, client: httpx.Client) -> None:
    response = book(client)
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["status"] == "accepted"
    assert (data["start"], data["end"], data["duration"]) == (
        "2030-03-29T08:00:00.000Z",
        "2030-03-29T08:30:00.000Z",
        30,
    )
    assert data["eventType"]["slug"] == "intro-call"
    assert data["attendees"][0]["email"] == "ana@example.com"
    assert data["metadata"] == {"task": "t-1"}

    starts = [entry["start"] for day in slots(client).json()["data"].values() for entry in day]
    assert "2030-03-29T08:00:00.000+00:00" not in starts
    assert "2030-03-29T08:30:00.000+00:00" in starts

    fetched = client.get(f"/v2/bookings/{data['uid']}", headers=BOOKING_HEADERS)
    assert fetched.status_code == 200
    assert fetched.json()["data"]["uid"] == data["uid"]
    [booking] = replica.bookings()
    assert (booking.uid, booking.start, booking.attendee_time_zone) == (
        data["uid"],
        STARTS[0],
        "Europe/Berlin",
    )


def test_a_duplicate_booking_is_refused_and_only_one_exists(
    replica: CalcomReplica, client: httpx.Client
) -> None:
    assert book(client).status_code == 201
    again = book(client)
    assert again.status_code == 400
    assert again.json()["error"]["code"] == "BadRequestException"
    assert error_message(again) == SLOT_UNAVAILABLE
    assert len(replica.bookings()) == 1
    assert replica.submissions() == 2


def test_concurrent_identical_bookings_make_exactly_one(replica: CalcomReplica) -> None:
    codes = statuses_at_once(replica.origin, 8, book)
    assert codes == [201] + [400] * 7
    assert len(replica.bookings()) == 1


def test_an_unoffered_start_is_refused(client: httpx.Client) -> None:
    response = book(client, start="2030-03-29T08:15:00Z")
    assert response.status_code == 400
    assert error_message(response) == SLOT_UNAVAILABLE


def test_a_missing_required_field_is_refused_naming_it(replica: CalcomReplica, client: httpx.Client) -> None:
    replica.add_event_type("jo", "demo", starts=STARTS, extra_required_fields=["company"])
    refused = book(client, eventTypeSlug="demo")
    assert refused.status_code == 400
    assert error_message(refused).startswith("Missing required booking field response: company")
    wrong_type = book(client, eventTypeSlug="demo", bookingFieldsResponses={"company": 7})
    assert wrong_type.status_code == 400
    assert "Invalid type for booking field 'company'" in error_message(wrong_type)
    assert replica.bookings() == []

    accepted = book(client, eventTypeSlug="demo", bookingFieldsResponses={"company": "Northwind"})
    assert accepted.status_code == 201
    assert accepted.json()["data"]["bookingFieldsResponses"]["company"] == "Northwind"


def test_an_event_type_requiring_confirmation_books_pending(
    replica: CalcomReplica, client: httpx.Client
) -> None:
    replica.add_event_type("jo", "vetted", starts=STARTS, requires_confirmation=True)
    response = book(client, eventTypeSlug="vetted", start="2030-04-01T07:00:00Z")
    assert response.status_code == 201
    assert response.json()["data"]["status"] == "pending"
    assert [b.status for b in replica.bookings()] == ["pending"]


def test_event_types_list_booking_fields_and_confirmation(
    replica: CalcomReplica, client: httpx.Client
) -> None:
    replica.add_event_type(
        "jo", "vetted", length=45, requires_confirmation=True, extra_required_fields=["company"]
    )
    response = client.get(
        "/v2/event-types",
        params={"username": "jo", "eventSlug": "vetted"},
        headers={"cal-api-version": "2024-06-14"},
    )
    [event] = response.json()["data"]
    assert (event["slug"], event["lengthInMinutes"], event["requiresConfirmation"]) == ("vetted", 45, True)
    assert event["confirmationPolicy"]["type"] == "always"
    fields = {f["slug"]: f for f in event["bookingFields"]}
    assert fields["company"] == {
        "type": "text",
        "required": True,
        "label": "Company",
        "slug": "company",
        "isDefault": False,
        "hidden": False,
        "disableOnPrefill": False,
    }
    assert fields["email"]["isDefault"] is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"eventTypeSlug": "nope"}, "Event type with slug nope belonging to user jo not found."),
        ({"username": "nobody"}, "User with username nobody not found"),
        ({"eventTypeId": 999, "eventTypeSlug": None}, "Event type with id 999 not found."),
    ],
)
def test_unknown_event_types_are_404(client: httpx.Client, change: dict[str, Any], message: str) -> None:
    response = book(client, **change)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NotFoundException"
    assert error_message(response) == message


def test_other_404s(client: httpx.Client) -> None:
    assert slots(client, eventTypeSlug="nope").status_code == 404
    assert client.get("/v2/bookings/no-such-uid").status_code == 404
    assert client.get("/v2/nothing-here").status_code == 404


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        (b"not json", BOOKING_HEADERS),
        (
            b'{"start": "2030-03-29T08:00:00Z", "eventTypeSlug": "intro-call", "username": "jo"}',
            BOOKING_HEADERS,
        ),
        (
            b'{"start": "2030-03-29T08:00:00Z", "eventTypeSlug": "intro-call", "username": "jo",'
            b' "attendee": {"name": "A", "email": "not-an-email", "timeZone": "Mars/Base"}}',
            BOOKING_HEADERS,
        ),
        (b'{"start": "2030-03-29T08:00:00Z"}', {}),  # no cal-api-version: an older input shape
    ],
)
def test_bad_bodies_are_400(
    replica: CalcomReplica, client: httpx.Client, content: bytes, headers: dict[str, str]
) -> None:
    response = client.post(
        "/v2/bookings", content=content, headers={"Content-Type": "application/json", **headers}
    )
    assert response.status_code == 400
    assert error_message(response)
    assert replica.bookings() == []


# --- injected failures -------------------------------------------------------------------------------


def test_server_errors_book_nothing(replica: CalcomReplica, client: httpx.Client) -> None:
    replica.fail_next("server_error")
    replica.fail_next("bad_gateway")
    assert book(client).status_code == 500
    assert book(client).status_code == 502
    assert replica.bookings() == []
    assert book(client).status_code == 201
    assert replica.submissions() == 3


def test_rate_limit_answers_429_with_retry_after(replica: CalcomReplica, client: httpx.Client) -> None:
    response = client.post("/_replica/fail", json={"kind": "rate_limit", "count": 2})
    assert response.json()["data"]["pending"] == ["rate_limit", "rate_limit"]
    for _ in range(2):
        limited = book(client)
        assert limited.status_code == 429
        assert limited.headers["retry-after"] == "2"
        assert limited.headers["x-ratelimit-remaining-default"] == "0"
    assert replica.bookings() == []
    assert book(client).status_code == 201


def test_timeout_after_commit_books_and_the_client_times_out(replica: CalcomReplica) -> None:
    replica.fail_next("timeout_after_commit")
    with httpx.Client(base_url=replica.origin, timeout=1.0) as http, pytest.raises(httpx.ReadTimeout):
        book(http)
    [booking] = replica.bookings()
    assert booking.start == STARTS[0]
    assert replica.submissions() == 1


def test_drop_after_commit_books_and_closes_without_answer(
    replica: CalcomReplica, client: httpx.Client
) -> None:
    replica.fail_next("drop_after_commit")
    with pytest.raises(httpx.RemoteProtocolError):
        book(client)
    assert len(replica.bookings()) == 1
    assert book(client).status_code == 400  # the retry finds the start taken: no double booking
    assert len(replica.bookings()) == 1


def test_slot_failures_are_consumed_only_by_slot_reads(replica: CalcomReplica, client: httpx.Client) -> None:
    replica.fail_next("slots_server_error")
    assert book(client).status_code == 201  # bookings leave slot failures alone
    assert slots(client).status_code == 500
    assert slots(client).status_code == 200


def test_unknown_failure_kinds_are_refused(replica: CalcomReplica, client: httpx.Client) -> None:
    with pytest.raises(ValueError, match="unknown failure kind"):
        replica.fail_next("meteor")
    assert client.post("/_replica/fail", json={"kind": "meteor"}).status_code == 400


# --- introspection and latency -----------------------------------------------------------------------


def test_state_and_reset_over_http(replica: CalcomReplica, client: httpx.Client) -> None:
    book(client)
    state = client.get("/_replica/state").json()
    assert state["submissions"] == 1
    assert [b["start"] for b in state["bookings"]] == ["2030-03-29T08:00:00.000Z"]
    assert [(r["method"], r["path"]) for r in state["requests"]] == [("POST", "/v2/bookings")]
    assert client.post("/_replica/reset").status_code == 200
    assert (replica.bookings(), replica.submissions()) == ([], 0)
    assert slots(client).json()["data"]["2030-03-29"][0]["start"] == "2030-03-29T08:00:00.000+00:00"


def test_latency_is_added_to_every_answer(replica: CalcomReplica, client: httpx.Client) -> None:
    replica.latency_seconds = 0.2
    began = time.monotonic()
    assert slots(client).status_code == 200
    assert time.monotonic() - began >= 0.2


# --- the self-hosted web routes ----------------------------------------------------------------------


def test_web_booking_route_shares_state(replica: CalcomReplica, client: httpx.Client) -> None:
    body = {
        "responses": {"name": "Ana Lead", "email": "ana@example.com", "notes": "", "guests": []},
        "user": "jo",
        "start": "2030-04-01T07:00:00.000Z",
        "end": "2030-04-01T07:30:00.000Z",
        "eventTypeSlug": "intro-call",
        "timeZone": "Europe/Berlin",
        "language": "en",
        "metadata": {},
        "hasHashedBookingLink": False,
    }
    first = client.post("/api/book/event", json=body)
    assert first.status_code == 200
    assert first.json()["status"] == "ACCEPTED"
    again = client.post("/api/book/event", json=body)
    assert (again.status_code, again.json()) == (409, {"message": "no_available_users_found_error"})
    assert error_message(book(client, start="2030-04-01T07:00:00Z")) == SLOT_UNAVAILABLE
    assert [b.source for b in replica.bookings()] == ["web"]


# --- the product's own slot reader -------------------------------------------------------------------


def read_with_reader(replica: CalcomReplica, link: str, host: str, query: SlotQuery) -> list[OfferedSlot]:
    """Drive ``calcom_slots.read_slots`` with the replica standing in for ``host``."""
    recognition = classify_url(link)
    plan = calcom_slots.read_slots(recognition, query)
    with httpx.Client(timeout=5) as http:
        request = next(plan)
        try:
            while True:
                assert request.url.startswith(f"https://{host}/")
                url = replica.origin + request.url.removeprefix(f"https://{host}")
                got = http.request(request.method, url, headers=dict(request.headers), content=request.body)
                headers = {name.lower(): value for name, value in got.headers.items()}
                request = plan.send(HttpResponse(got.status_code, headers, got.content, request.url))
        except StopIteration as done:
            found: list[OfferedSlot] = done.value
            return found


def test_the_slot_reader_reads_the_replica(replica: CalcomReplica, client: httpx.Client) -> None:
    query = SlotQuery(datetime(2030, 3, 27, tzinfo=UTC), datetime(2030, 4, 3, tzinfo=UTC), "Europe/Berlin")
    found = read_with_reader(replica, "https://cal.com/jo/intro-call", "api.cal.com", query)
    assert found == [OfferedSlot(start) for start in STARTS[:3]]
    assert replica.requests[-1].path.startswith("/v2/slots?eventTypeSlug=intro-call&username=jo&start=")

    book(client, start="2030-03-29T08:30:00Z")
    again = read_with_reader(replica, "https://cal.com/jo/intro-call", "api.cal.com", query)
    assert again == [OfferedSlot(STARTS[0]), OfferedSlot(STARTS[2])]


def test_the_self_hosted_slot_reader_reads_the_replica(replica: CalcomReplica) -> None:
    query = SlotQuery(datetime(2030, 3, 27, tzinfo=UTC), datetime(2030, 4, 3, tzinfo=UTC), "Europe/Berlin")
    found = read_with_reader(replica, "https://cal.northwind.io/jo/intro-call", "cal.northwind.io", query)
    assert found == [OfferedSlot(start) for start in STARTS[:3]]
