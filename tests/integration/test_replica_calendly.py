"""The Calendly replica over real HTTP: the slot reader's endpoints, bookings, the scenario knobs, the
page, and one real-browser booking through the page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import expect

from replica_browser import launched_chromium, replica_page
from replica_http import statuses_at_once
from schedlink.domain.http_plan import HttpResponse
from schedlink.domain.providers import calendly_slots, classify_url
from schedlink.domain.slots import Invitee, OfferedSlot, SlotQuery
from schedlink.replicas.calendly import NOTES_QUESTION, RECAPTCHA_REQUIRED, SLOT_GONE, CalendlyReplica
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.integration

NOW = datetime(2030, 3, 1, tzinfo=UTC)
LINK = "https://calendly.com/jo-reyes/intro-call"
# 2030-03-31 is the switch to summer time in Berlin: +01:00 before, +02:00 after.
STARTS = [
    datetime(2030, 3, 12, 8, 30, tzinfo=UTC),  # 09:30 in Berlin
    datetime(2030, 3, 12, 9, 0, tzinfo=UTC),
    datetime(2030, 4, 1, 7, 0, tzinfo=UTC),  # 09:00 in Berlin, summer time
    datetime(2030, 4, 20, 12, 0, tzinfo=UTC),  # the reader's second range chunk
]
PAST = datetime(2030, 2, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def replica() -> Iterator[CalendlyReplica]:
    with CalendlyReplica(now=lambda: NOW) as server:
        server.add_event_type("jo-reyes", "intro-call", starts=[*STARTS, PAST], title="Intro Call")
        yield server


@pytest.fixture
def client(replica: CalendlyReplica) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=replica.origin, timeout=5) as http:
        yield http


def event_uuid(client: httpx.Client) -> str:
    answer = client.get(
        "/api/booking/event_types/lookup",
        params={"event_type_slug": "intro-call", "profile_slug": "jo-reyes"},
    )
    assert answer.status_code == 200
    return str(answer.json()["uuid"])


def invitee_body(
    client: httpx.Client, start: str = "2030-03-12T09:30:00+01:00", **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "analytics": {},
        "embed": {},
        "event": {
            "start_time": start,
            "location_configuration": {"location": "", "phone_number": "", "additional_info": ""},
            "guests": {},
        },
        "event_fields": [
            {
                "id": 1,
                "name": NOTES_QUESTION,
                "format": "text",
                "required": False,
                "position": 0,
                "value": "Hi",
            }
        ],
        "event_type_uuid": event_uuid(client),
        "invitee": {
            "timezone": "Europe/Berlin",
            "time_notation": "12h",
            "full_name": "Ana Lead",
            "email": "ana@example.com",
        },
        "payment_token": {},
        "recaptcha_token": None,
        "single_use_slug": None,
        "tracking": {},
    }
    body.update(extra)
    return body


def book(client: httpx.Client, **extra: Any) -> httpx.Response:
    return client.post("/api/booking/invitees", json=invitee_body(client, **extra))


def read_with_reader(replica: CalendlyReplica, query: SlotQuery) -> list[OfferedSlot]:
    """Drive ``calendly_slots.read_slots`` with the replica standing in for ``calendly.com``."""
    plan = calendly_slots.read_slots(classify_url(LINK), query)
    with httpx.Client(timeout=5) as http:
        request = next(plan)
        try:
            while True:
                assert request.url.startswith("https://calendly.com/")
                url = replica.origin + request.url.removeprefix("https://calendly.com")
                got = http.request(request.method, url, headers=dict(request.headers), content=request.body)
                headers = {name.lower(): value for name, value in got.headers.items()}
                request = plan.send(HttpResponse(got.status_code, headers, got.content, request.url))
        except StopIteration as done:
            found: list[OfferedSlot] = done.value
            return found


# --- the slot reader's endpoints ---------------------------------------------------------------------


def test_the_slot_reader_reads_the_replica_in_chunks(replica: CalendlyReplica) -> None:
    query = SlotQuery(datetime(2030, 3, 1, tzinfo=UTC), datetime(2030, 4, 25, tzinfo=UTC), "Europe/Berlin")
    assert read_with_reader(replica, query) == [OfferedSlot(start) for start in STARTS]
    paths = [record.path for record in replica.requests]
    assert paths[0].startswith(
        "/api/booking/event_types/lookup?event_type_slug=intro-call&profile_slug=jo-reyes"
    )
    ranges = [path for path in paths if "/calendar/range?" in path]
    assert len(ranges) == 2
    assert all("scheduling_link_uuid=" in path for path in ranges)


def test_lookup_and_range_answer_as_calendly_does(replica: CalendlyReplica, client: httpx.Client) -> None:
    lookup = client.get(
        "/api/booking/event_types/lookup",
        params={"event_type_slug": "intro-call", "profile_slug": "jo-reyes"},
    ).json()
    assert lookup["name"] == "Intro Call"
    assert lookup["duration"] == 30
    assert lookup["profile"] == {"name": "Jo Reyes", "slug": "jo-reyes"}
    params = {
        "timezone": "Europe/Berlin",
        "diagnostics": "false",
        "range_start": "2030-03-11",
        "range_end": "2030-03-13",
        "scheduling_link_uuid": lookup["scheduling_link"]["uid"],
    }
    answer = client.get(f"/api/booking/event_types/{lookup['uuid']}/calendar/range", params=params)
    assert answer.status_code == 200
    assert answer.json() == {
        "today": "2030-03-01",
        "availability_timezone": "Europe/Berlin",
        "days": [
            {"date": "2030-03-11", "status": "unavailable", "spots": []},
            {
                "date": "2030-03-12",
                "status": "available",
                "spots": [
                    {
                        "status": "available",
                        "start_time": "2030-03-12T09:30:00+01:00",
                        "invitees_remaining": 1,
                    },
                    {
                        "status": "available",
                        "start_time": "2030-03-12T10:00:00+01:00",
                        "invitees_remaining": 1,
                    },
                ],
            },
            {"date": "2030-03-13", "status": "unavailable", "spots": []},
        ],
    }
    los_angeles = client.get(
        f"/api/booking/event_types/{lookup['uuid']}/calendar/range",
        params={
            **params,
            "timezone": "America/Los_Angeles",
            "range_start": "2030-04-01",
            "range_end": "2030-04-01",
        },
    ).json()
    # 07:00 UTC on April 1 is midnight in Los Angeles, already on summer time.
    assert [spot["start_time"] for spot in los_angeles["days"][0]["spots"]] == ["2030-04-01T00:00:00-07:00"]


def test_unknown_event_types_and_bad_ranges_are_refused(client: httpx.Client) -> None:
    missing = client.get(
        "/api/booking/event_types/lookup", params={"event_type_slug": "nope", "profile_slug": "jo-reyes"}
    )
    assert (missing.status_code, missing.json()) == (404, {"message": "Not Found"})
    uuid = event_uuid(client)
    base = {"timezone": "UTC", "diagnostics": "false", "range_start": "2030-03-01", "range_end": "2030-03-31"}
    assert client.get("/api/booking/event_types/nope/calendar/range", params=base).status_code == 404
    too_long = {**base, "range_end": "2030-04-01"}
    assert client.get(f"/api/booking/event_types/{uuid}/calendar/range", params=too_long).status_code == 400
    bad_zone = {**base, "timezone": "Mars/Olympus"}
    assert client.get(f"/api/booking/event_types/{uuid}/calendar/range", params=bad_zone).status_code == 400
    wrong_link = {**base, "scheduling_link_uuid": "zzz-zzz-zzz"}
    assert client.get(f"/api/booking/event_types/{uuid}/calendar/range", params=wrong_link).status_code == 400


# --- booking -----------------------------------------------------------------------------------------


def test_a_booking_is_made_once_and_leaves_the_range(replica: CalendlyReplica, client: httpx.Client) -> None:
    first = book(client)
    assert first.status_code == 200
    payload = first.json()
    assert payload["event"]["start_time"] == "2030-03-12T09:30:00+01:00"
    assert payload["event"]["end_time"] == "2030-03-12T10:00:00+01:00"
    assert payload["invitee"]["email"] == "ana@example.com"
    [booking] = replica.bookings()
    assert (booking.id, booking.start, booking.end) == (
        payload["uuid"],
        STARTS[0],
        STARTS[0] + timedelta(minutes=30),
    )
    assert (booking.name, booking.email, booking.notes) == ("Ana Lead", "ana@example.com", "Hi")

    again = book(client)
    assert (again.status_code, again.json()) == (
        400,
        {"message": SLOT_GONE, "details": [{"code": "already_filled"}]},
    )
    assert replica.submissions() == 2
    assert len(replica.bookings()) == 1
    query = SlotQuery(datetime(2030, 3, 1, tzinfo=UTC), datetime(2030, 3, 20, tzinfo=UTC), "Europe/Berlin")
    assert read_with_reader(replica, query) == [OfferedSlot(STARTS[1])]
    assert client.get(f"/api/booking/invitees/{payload['uuid']}").json()["uuid"] == payload["uuid"]
    state = client.get("/_replica/state").json()
    assert (state["submissions"], len(state["bookings"])) == (2, 1)


def test_starts_not_offered_or_past_are_already_filled(
    replica: CalendlyReplica, client: httpx.Client
) -> None:
    for start in ("2030-03-12T09:45:00+01:00", PAST.isoformat()):
        answer = book(client, event={"start_time": start})
        assert answer.status_code == 400
        assert answer.json()["details"] == [{"code": "already_filled"}]
    assert replica.bookings() == []


def test_concurrent_duplicate_posts_book_once(replica: CalendlyReplica, client: httpx.Client) -> None:
    body = invitee_body(client)
    statuses = statuses_at_once(replica.origin, 6, lambda http: http.post("/api/booking/invitees", json=body))
    assert statuses == [200, 400, 400, 400, 400, 400]
    assert len(replica.bookings()) == 1
    assert replica.submissions() == 6


def test_invalid_invitees_are_refused(replica: CalendlyReplica, client: httpx.Client) -> None:
    answer = book(client, invitee={"timezone": "Nowhere/Land", "full_name": "", "email": "nope"})
    assert answer.status_code == 400
    assert {d["field"] for d in answer.json()["details"]} == {"full_name", "email", "timezone"}
    assert client.post("/api/booking/invitees", content=b"[]").status_code == 400
    assert replica.bookings() == []


# --- scenario knobs on the booking call -------------------------------------------------------------


def test_captcha_refuses_a_booking_without_a_token(replica: CalendlyReplica, client: httpx.Client) -> None:
    replica.scenario = PageScenario(captcha=True)
    refused = book(client)
    assert (refused.status_code, refused.json()) == (400, {"message": RECAPTCHA_REQUIRED})
    assert replica.bookings() == []
    assert book(client, recaptcha_token="03AF-solved").status_code == 200


def test_a_required_question_must_be_answered(replica: CalendlyReplica, client: httpx.Client) -> None:
    question = "What is your company's annual revenue?"
    replica.scenario = PageScenario(required_question=question)
    refused = book(client)
    assert refused.status_code == 400
    assert question in refused.json()["message"]
    fields = client.get(
        f"/api/booking/event_types/{event_uuid(client)}/booking_form",
        params={"start_time": "2030-03-12T09:30:00+01:00"},
    ).json()["event_fields"]
    assert [(f["name"], f["required"]) for f in fields] == [(NOTES_QUESTION, False), (question, True)]
    answered = [{**fields[1], "value": "About 3M"}]
    assert book(client, event_fields=answered).status_code == 200
    assert replica.bookings()[0].answers == {question: "About 3M"}


def test_email_code_records_the_submission_but_books_nothing(
    replica: CalendlyReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(email_code=True)
    answer = book(client)
    assert answer.status_code == 200
    assert answer.json()["email_verification_required"] is True
    assert (replica.submissions(), replica.bookings()) == (1, [])


def test_drop_after_submit_records_the_booking_and_answers_nothing(
    replica: CalendlyReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(drop_after_submit=True)
    with pytest.raises(httpx.TransportError):
        book(client)
    assert [b.start for b in replica.bookings()] == [STARTS[0]]
    assert replica.submissions() == 1


def test_slot_taken_before_submit_takes_the_start_once_the_form_is_read(
    replica: CalendlyReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(slot_taken_before_submit=True)
    form = client.get(
        f"/api/booking/event_types/{event_uuid(client)}/booking_form",
        params={"start_time": "2030-03-12T09:30:00+01:00"},
    )
    assert form.status_code == 200
    refused = book(client)
    assert refused.status_code == 400
    assert refused.json()["details"] == [{"code": "already_filled"}]
    assert replica.bookings() == []


def test_confirm_delay_holds_the_answer(replica: CalendlyReplica, client: httpx.Client) -> None:
    replica.scenario = PageScenario(confirm_delay=0.4)
    started = datetime.now(UTC)
    assert book(client).status_code == 200
    assert datetime.now(UTC) - started >= timedelta(seconds=0.35)


def test_reset_forgets_bookings_and_submissions(replica: CalendlyReplica, client: httpx.Client) -> None:
    assert book(client).status_code == 200
    assert client.post("/_replica/reset").status_code == 200
    assert (replica.bookings(), replica.submissions(), replica.requests) == ([], 0, [])
    assert book(client).status_code == 200


# --- the page ----------------------------------------------------------------------------------------


def test_the_page_is_served_for_the_calendar_and_the_deep_link(client: httpx.Client) -> None:
    calendar = client.get("/jo-reyes/intro-call", params={"month": "2030-03"})
    assert calendar.status_code == 200
    assert calendar.headers["content-type"].startswith("text/html")
    assert 'id="replica-config"' in calendar.text
    invitee = Invitee(name="Ana Lead", email="ana@example.com", timezone="Europe/Berlin")
    deep = calendly_slots.booking_url(classify_url(LINK), STARTS[0], invitee)
    assert deep is not None
    assert deep.startswith("https://calendly.com/jo-reyes/intro-call/2030-03-12T09:30:00+01:00?month=2030-03")
    answer = client.get(deep.removeprefix("https://calendly.com"))
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize(
    "path", ["/jo-reyes/nope", "/nobody/intro-call", "/jo-reyes/intro-call/not-a-time", "/jo-reyes"]
)
def test_unknown_pages_are_404_html(client: httpx.Client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")


def test_the_scenario_is_embedded_safely(replica: CalendlyReplica, client: httpx.Client) -> None:
    replica.scenario = PageScenario(thank_you_url="https://example.com/thanks?a=</script><b>")
    page = client.get("/jo-reyes/intro-call").text
    assert "</script><b>" not in page
    assert "\\u003c/script\\u003e" in page


# --- one booking through the page in a real browser -------------------------------------------------


def test_a_browser_books_through_the_page(replica: CalendlyReplica) -> None:
    start = STARTS[0]
    local = start.astimezone(ZoneInfo("Europe/Berlin"))
    when = f"9:30am - 10:00am, {local:%A}, March 12, 2030"
    with (
        launched_chromium() as browser,
        replica_page(
            browser, replica.origin, {"calendly.com"}, timezone_id="Europe/Berlin", timeout_ms=10_000
        ) as routed,
    ):
        page = routed.page
        page.goto("https://calendly.com/jo-reyes/intro-call")
        expect(page.locator('[data-testid="calendar"] [data-testid="title"]')).to_have_text("March 2030")
        expect(page.locator('[data-testid="timezone-display"]')).to_have_text("Europe/Berlin")
        page.click('tbody[data-testid="calendar-table"] button[aria-label="March 12 - Times available"]')
        times = page.locator('[data-component="spotpicker-times-list"] [role="listitem"]')
        expect(times).to_have_count(2)
        page.click('button[data-container="time-button"][data-start-time="9:30am"]')
        page.click('button[aria-label="Next 9:30am"]')
        expect(page.locator('[data-testid="event-time"]')).to_have_text(when)
        expect(page.locator('[data-testid="event-duration"]')).to_have_text("30 min")
        page.fill("#full_name_input", "Ana Lead")
        page.fill("#email_input", "ana@example.com")
        page.click('button[type="submit"]:has-text("Schedule Event")')
        expect(page.locator('[data-testid="confirmation-title"]')).to_have_text("You are scheduled")
        [booking] = replica.bookings()
        assert (booking.start, booking.name, booking.email) == (start, "Ana Lead", "ana@example.com")
        assert page.url == f"https://calendly.com/jo-reyes/intro-call/invitees/{booking.id}"
        assert replica.submissions() == 1
