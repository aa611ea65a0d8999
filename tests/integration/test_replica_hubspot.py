"""The HubSpot Meetings replica over real HTTP: the slot reader's call, the booking call, the scenario knobs,
the page, and one booking made in Chromium through the page loaded as ``https://meetings.hubspot.com/…``."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import expect

from replica_browser import launched_chromium, replica_page
from replica_http import statuses_at_once
from schedlink.domain.http_plan import HttpResponse
from schedlink.domain.providers import classify_url, hubspot_slots
from schedlink.domain.slots import OfferedSlot, SlotQuery
from schedlink.replicas.hubspot import (
    AVAILABILITY_PATH,
    BOOK_PATH,
    CHECK_PATH,
    SLOT_UNAVAILABLE,
    VERIFICATION_PROMPT,
    HubspotReplica,
)
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.integration

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)  # March 1 in New York too
SLUG = "jo-reyes/intro"
LINK = f"https://meetings.hubspot.com/{SLUG}"
NEW_YORK = ZoneInfo("America/New_York")
HALF_HOUR = timedelta(minutes=30)
FIRST = datetime(2030, 3, 12, 13, 30, tzinfo=UTC)  # 9:30 am in New York (summer time since March 10)
SECOND = datetime(2030, 3, 12, 14, 0, tzinfo=UTC)
MONTH_END = datetime(2030, 4, 1, 3, 0, tzinfo=UTC)  # March 31, 11 pm in New York: still March there
APRIL = datetime(2030, 4, 2, 15, 0, tzinfo=UTC)
MAY = datetime(2030, 5, 20, 15, 0, tzinfo=UTC)
STARTS = [FIRST, SECOND, MONTH_END, APRIL, MAY]
PAST = datetime(2030, 2, 27, 15, 0, tzinfo=UTC)
HUBSPOT_HOSTS = frozenset(
    {
        "meetings.hubspot.com",
        "meetings-eu1.hubspot.com",
        "app.hubspot.com",
        "app-eu1.hubspot.com",
        "api.hubspot.com",
        "api-eu1.hubspot.com",
    }
)


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@pytest.fixture
def replica() -> Iterator[HubspotReplica]:
    with HubspotReplica(now=lambda: NOW) as server:
        server.add_page(SLUG, starts=[*STARTS, PAST])
        yield server


@pytest.fixture
def client(replica: HubspotReplica) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=replica.origin, timeout=5) as http:
        yield http


def book(client: httpx.Client, start: datetime = FIRST, /, **extra: Any) -> httpx.Response:
    body: dict[str, Any] = {
        "slug": SLUG,
        "firstName": "Ana",
        "lastName": "Lead",
        "email": "ana@example.com",
        "startTime": ms(start),
        "duration": 1_800_000,
        "timezone": "America/New_York",
        "locale": "en-us",
        "guestEmails": [],
        "likelyAvailableUserIds": [],
        "formFields": [],
        "offline": False,
        **extra,
    }
    return client.post(
        BOOK_PATH,
        params={"slug": SLUG, "timezone": "America/New_York"},
        json=body,
        headers={"Host": "api.hubspot.com", "Origin": "https://meetings.hubspot.com"},
    )


def availability(client: httpx.Client, offset: int = 0, **extra: str) -> httpx.Response:
    params = {
        "slug": SLUG,
        "timezone": "America/New_York",
        "now": str(ms(NOW)),
        "location": "meetings.hubspot.com",
        "monthOffset": str(offset),
        **extra,
    }
    return client.get(AVAILABILITY_PATH, params=params, headers={"Host": "app.hubspot.com"})


def offered(client: httpx.Client, offset: int = 0) -> list[int]:
    by_duration = availability(client, offset).json()["linkAvailability"]["linkAvailabilityByDuration"]
    return [slot["startMillisUtc"] for slot in by_duration["1800000"]["availabilities"]]


def read_with_reader(replica: HubspotReplica, query: SlotQuery, link: str = LINK) -> list[OfferedSlot]:
    """Drive ``hubspot_slots.read_slots`` with the replica standing in for the HubSpot hosts."""
    plan = hubspot_slots.read_slots(classify_url(link), query)
    with httpx.Client(timeout=5) as http:
        request = next(plan)
        try:
            while True:
                parts = urlsplit(request.url)
                assert parts.scheme == "https"
                assert parts.hostname in HUBSPOT_HOSTS
                url = f"{replica.origin}{parts.path}?{parts.query}"
                headers = {**request.headers, "Host": parts.hostname}
                got = http.request(request.method, url, headers=headers, content=request.body)
                answer = HttpResponse(
                    got.status_code,
                    {name.lower(): value for name, value in got.headers.items()},
                    got.content,
                    request.url,
                )
                request = plan.send(answer)
        except StopIteration as done:
            found: list[OfferedSlot] = done.value
            return found


def page_config(client: httpx.Client, path: str = f"/{SLUG}") -> dict[str, Any]:
    text = client.get(path, headers={"Host": "meetings.hubspot.com"}).text
    found = re.search(r'<script type="application/json" id="mtg-config">(.*?)</script>', text)
    assert found is not None
    config: dict[str, Any] = json.loads(found.group(1))
    return config


# --- the slot reader's call ----------------------------------------------------------------------------


@pytest.mark.parametrize("link", [LINK, f"https://meetings-eu1.hubspot.com/{SLUG}"], ids=["us", "eu1"])
def test_the_slot_reader_reads_the_replica_month_by_month(replica: HubspotReplica, link: str) -> None:
    query = SlotQuery(NOW, datetime(2030, 7, 1, tzinfo=UTC), "America/New_York")

    found = read_with_reader(replica, query, link)

    assert found == [OfferedSlot(start, start + HALF_HOUR) for start in STARTS]
    offsets = [re.search(r"monthOffset=(\d+)", r.path) for r in replica.requests]
    assert [m.group(1) for m in offsets if m] == ["0", "1", "2"]  # May says nothing more follows
    assert all(r.path.startswith(f"{AVAILABILITY_PATH}?slug={SLUG}&") for r in replica.requests)


def test_the_reader_stops_once_the_query_is_covered(replica: HubspotReplica) -> None:
    query = SlotQuery(NOW, datetime(2030, 4, 1, 4, 0, tzinfo=UTC), "America/New_York")

    found = read_with_reader(replica, query)

    assert found == [OfferedSlot(start, start + HALF_HOUR) for start in (FIRST, SECOND, MONTH_END)]
    assert len(replica.requests) == 1


def test_the_availability_answer_has_hubspots_shape(client: httpx.Client) -> None:
    answer = availability(client)

    assert answer.status_code == 200
    body = answer.json()
    params = body["customParams"]
    assert params["durations"] == [1_800_000]
    assert params["displayInfo"]["headline"] == "Intro meeting"
    assert (params["timezone"], params["recaptchaEnabled"]) == ("America/New_York", False)
    assert [f["name"] for f in params["formFields"]] == ["firstname", "lastname", "email"]
    link = body["linkAvailability"]
    assert link["hasMore"] is True
    assert link["linkAvailabilityByDuration"]["1800000"] == {
        "meetingDurationMillis": 1_800_000,
        "availabilities": [
            {"startMillisUtc": ms(start), "endMillisUtc": ms(start + HALF_HOUR)}
            for start in (FIRST, SECOND, MONTH_END)  # the past start is not offered
        ],
    }
    assert answer.headers["access-control-allow-origin"] == "*"


def test_months_follow_the_asked_zone(client: httpx.Client) -> None:
    utc_march = availability(client, timezone="UTC").json()["linkAvailability"]
    utc_april = availability(client, 1, timezone="UTC").json()["linkAvailability"]

    march = utc_march["linkAvailabilityByDuration"]["1800000"]["availabilities"]
    april = utc_april["linkAvailabilityByDuration"]["1800000"]["availabilities"]
    assert [a["startMillisUtc"] for a in march] == [ms(FIRST), ms(SECOND)]
    assert [a["startMillisUtc"] for a in april] == [ms(MONTH_END), ms(APRIL)]
    assert offered(client, 2) == [ms(MAY)]
    assert availability(client, 2).json()["linkAvailability"]["hasMore"] is False


def test_unknown_links_and_bad_queries_are_refused(client: httpx.Client) -> None:
    missing = client.get(AVAILABILITY_PATH, params={"slug": "nobody", "timezone": "UTC"})
    bad_zone = availability(client, timezone="Mars/Olympus")
    bad_offset = availability(client, -1)
    bad_now = availability(client, now="soon")

    assert (missing.status_code, missing.json()["category"]) == (404, "OBJECT_NOT_FOUND")
    assert [r.status_code for r in (bad_zone, bad_offset, bad_now)] == [400, 400, 400]


# --- the booking call -----------------------------------------------------------------------------------


def test_a_booking_is_made_once_and_leaves_the_offer(replica: HubspotReplica, client: httpx.Client) -> None:
    answer = book(client)

    assert answer.status_code == 200
    body = answer.json()
    assert (body["start"], body["end"], body["duration"]) == (ms(FIRST), ms(FIRST + HALF_HOUR), 1_800_000)
    assert body["contact"]["email"] == "ana@example.com"
    assert (body["organizer"]["fullName"], body["bookingTimezone"]) == ("Jo Reyes", "America/New_York")
    assert answer.headers["access-control-allow-origin"] == "https://meetings.hubspot.com"
    [made] = replica.bookings()
    assert (made.id, made.start, made.end) == (body["id"], FIRST, FIRST + HALF_HOUR)
    assert (made.name, made.email, made.answers) == ("Ana Lead", "ana@example.com", {})
    assert offered(client) == [ms(SECOND), ms(MONTH_END)]

    again = book(client)

    assert again.status_code == 409
    assert again.json() == {
        "status": "error",
        "message": SLOT_UNAVAILABLE,
        "category": "CONFLICT",
        "subCategory": "MeetingsBookingError.SLOT_UNAVAILABLE",
    }
    assert (len(replica.bookings()), replica.submissions()) == (1, 2)
    query = SlotQuery(NOW, datetime(2030, 3, 20, tzinfo=UTC), "America/New_York")
    assert read_with_reader(replica, query) == [OfferedSlot(SECOND, SECOND + HALF_HOUR)]


@pytest.mark.parametrize(
    ("start", "extra"),
    [(PAST, {}), (FIRST + timedelta(minutes=10), {}), (FIRST, {"duration": 3_600_000})],
    ids=["past", "not-offered", "other-length"],
)
def test_a_start_that_is_not_offered_is_unavailable(
    replica: HubspotReplica, client: httpx.Client, start: datetime, extra: dict[str, object]
) -> None:
    answer = book(client, start, **extra)

    assert (answer.status_code, answer.json()["subCategory"]) == (
        409,
        "MeetingsBookingError.SLOT_UNAVAILABLE",
    )
    assert replica.bookings() == []


def test_concurrent_posts_for_one_start_book_it_once(replica: HubspotReplica) -> None:
    count = 12
    statuses = statuses_at_once(replica.origin, count, book)

    assert statuses == [200] + [409] * (count - 1)
    assert len(replica.bookings()) == 1
    assert replica.submissions() == count


@pytest.mark.parametrize(
    "change",
    [{"startTime": "soon"}, {"firstName": " "}, {"email": "ana"}, {"timezone": "Nowhere/Land"}],
    ids=["start", "name", "email", "zone"],
)
def test_an_incomplete_body_is_refused(
    replica: HubspotReplica, client: httpx.Client, change: dict[str, object]
) -> None:
    answer = book(client, **change)

    assert (answer.status_code, answer.json()["category"]) == (400, "VALIDATION_ERROR")
    assert replica.bookings() == []
    assert client.post(BOOK_PATH, content=b"[]").status_code == 400
    unknown = book(client, slug="nobody")
    assert unknown.status_code == 400  # the query names another slug
    assert client.post(BOOK_PATH, json={"slug": "nobody"}).status_code == 404


# --- the scenario knobs ----------------------------------------------------------------------------------


def test_a_captcha_page_refuses_a_booking_without_a_solved_token(
    replica: HubspotReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(captcha=True)

    unsolved = book(client)
    forged = book(client, captchaToken="made-up")
    config = page_config(client)
    solved = book(client, captchaToken=config["captcha_token"])

    assert (unsolved.status_code, unsolved.json()["subCategory"]) == (
        400,
        "MeetingsBookingError.RECAPTCHA_VALIDATION_FAILED",
    )
    assert forged.status_code == 400
    assert availability(client).json()["customParams"]["recaptchaEnabled"] is True
    assert solved.status_code == 200
    assert (len(replica.bookings()), replica.submissions()) == (1, 3)


def test_a_required_question_must_be_answered(replica: HubspotReplica, client: httpx.Client) -> None:
    question = "What is your company?"
    replica.scenario = PageScenario(required_question=question)

    unanswered = book(client)
    answered = book(client, formFields=[{"name": "custom_question", "value": "Acme"}])

    assert (unanswered.status_code, unanswered.json()["message"]) == (400, f"{question} is required")
    assert answered.status_code == 200
    assert replica.bookings()[0].answers == {question: "Acme"}
    fields = availability(client).json()["customParams"]["formFields"]
    assert (fields[-1]["name"], fields[-1]["label"], fields[-1]["isRequired"]) == (
        "custom_question",
        question,
        True,
    )
    assert page_config(client)["required_question"] == question


def test_an_email_code_page_records_the_submission_and_books_nothing(
    replica: HubspotReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(email_code=True)

    first = book(client)

    assert first.status_code == 202
    assert first.json() == {
        "verificationRequired": True,
        "email": "ana@example.com",
        "message": VERIFICATION_PROMPT,
    }
    assert (replica.bookings(), replica.submissions()) == ([], 1)
    code = replica.email_codes()["ana@example.com"]
    wrong = book(client, verificationCode="000000" if code != "000000" else "111111")
    right = book(client, verificationCode=code)
    assert wrong.status_code == 400
    assert right.status_code == 200
    assert (len(replica.bookings()), replica.email_codes()) == (1, {})


def test_a_dropped_answer_still_records_the_booking(replica: HubspotReplica, client: httpx.Client) -> None:
    replica.scenario = PageScenario(drop_after_submit=True)

    with pytest.raises(httpx.TransportError):
        book(client)

    assert [b.start for b in replica.bookings()] == [FIRST]
    assert replica.submissions() == 1


def test_a_time_taken_while_the_form_is_open_is_refused(
    replica: HubspotReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(slot_taken_before_submit=True)
    assert offered(client) == [ms(FIRST), ms(SECOND), ms(MONTH_END)]  # listing alone takes nothing

    check = client.get(CHECK_PATH, params={"slug": SLUG, "startTime": ms(FIRST), "duration": 1_800_000})
    answer = book(client)

    assert check.json() == {"available": False, "startTime": ms(FIRST)}
    assert (answer.status_code, answer.json()["message"]) == (409, SLOT_UNAVAILABLE)
    assert replica.bookings() == []


def test_sign_in_and_payment_walls_refuse_a_bare_booking(
    replica: HubspotReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(sign_in=True)
    assert book(client).status_code == 401

    replica.scenario = PageScenario(payment=True)
    unpaid = book(client)
    paid = book(client, payment={"cardNumber": "4242 4242 4242 4242", "expiry": "12/34"})

    assert unpaid.status_code == 402
    assert paid.status_code == 200
    assert replica.bookings()[0].notes == "paid with card ending 4242"


def test_a_slow_confirmation_answers_after_its_delay(replica: HubspotReplica, client: httpx.Client) -> None:
    replica.scenario = PageScenario(confirm_delay=0.4)
    began = time.monotonic()

    assert book(client).status_code == 200
    assert time.monotonic() - began >= 0.4


def test_the_admin_routes_set_the_scenario_report_and_reset(
    replica: HubspotReplica, client: httpx.Client
) -> None:
    assert client.post("/_replica/scenario", json={"captcha": True}).json()["captcha"] is True
    assert replica.scenario.captcha is True
    assert client.post("/_replica/scenario", json={"nonsense": 1}).status_code == 400
    client.post("/_replica/scenario", json={})
    book(client)

    state = client.get("/_replica/state").json()

    assert [b["start_ms"] for b in state["bookings"]] == [ms(FIRST)]
    assert (state["submissions"], state["pages"][0]["slug"]) == (1, SLUG)
    assert [r["path"] for r in state["requests"]] == [
        f"{BOOK_PATH}?slug=jo-reyes%2Fintro&timezone=America%2FNew_York"
    ]
    client.post("/_replica/reset")
    assert (replica.bookings(), replica.submissions(), replica.requests) == ([], 0, [])
    assert offered(client) == [ms(FIRST), ms(SECOND), ms(MONTH_END)]


# --- the page ----------------------------------------------------------------------------------------------


def test_the_page_is_one_self_contained_html_document(client: httpx.Client) -> None:
    answer = client.get(f"/{SLUG}", headers={"Host": "meetings.hubspot.com"})

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>Intro meeting | Jo Reyes</title>" in answer.text
    assert "<script src" not in answer.text
    assert '<link rel="stylesheet"' not in answer.text
    assert page_config(client)["length_ms"] == 1_800_000
    for path, host in (
        (f"/{SLUG}?embed=true", "meetings-eu1.hubspot.com"),
        (f"/meetings/{SLUG}", "app.hubspot.com"),
        (f"/{SLUG.upper()}", "127.0.0.1"),
    ):
        assert client.get(path, headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    ("path", "host"),
    [
        ("/nobody", "meetings.hubspot.com"),
        ("/jo-reyes", "meetings.hubspot.com"),
        (AVAILABILITY_PATH, "meetings.hubspot.com"),  # on the meetings host every path is a page
        (f"/{SLUG}", "app.hubspot.com"),
        ("/meetings/nobody", "127.0.0.1"),
    ],
)
def test_unknown_pages_are_404_html(client: httpx.Client, path: str, host: str) -> None:
    answer = client.get(path, headers={"Host": host})

    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")


def test_the_data_on_the_page_cannot_break_out_of_its_script(
    replica: HubspotReplica, client: httpx.Client
) -> None:
    replica.add_page("hostile", title="</script><script>alert(1)</script>")
    replica.scenario = PageScenario(thank_you_url="https://example.com/thanks?a=</script><b>")

    text = client.get("/hostile").text

    assert "</script><script>alert(1)" not in text
    assert "</script><b>" not in text
    assert "\\u003c/script\\u003e" in text


def test_the_changed_markup_drops_the_test_attributes(replica: HubspotReplica, client: httpx.Client) -> None:
    replica.scenario = PageScenario(markup="changed")

    text = client.get(f"/{SLUG}").text

    assert "mtg-" not in text
    assert 'id="k3Qv-config"' in text
    assert "hs-eu-confirmation-button" in text  # HubSpot's banner keeps its ids


def test_a_cors_preflight_is_answered(client: httpx.Client) -> None:
    answer = client.options(
        BOOK_PATH,
        headers={
            "Host": "api.hubspot.com",
            "Origin": "https://meetings.hubspot.com",
            "Access-Control-Request-Method": "POST",
        },
    )

    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "https://meetings.hubspot.com"
    assert "POST" in answer.headers["access-control-allow-methods"]


# --- in a browser ------------------------------------------------------------------------------------------


def test_chromium_books_a_time_on_the_page_loaded_as_hubspot() -> None:
    zone = ZoneInfo("America/New_York")
    day = datetime.now(UTC) + timedelta(days=3)
    starts = [
        day.replace(hour=hour, minute=minute, second=0, microsecond=0) for hour, minute in ((15, 0), (15, 30))
    ]
    starts.append(starts[0] + timedelta(days=1))
    chosen = starts[1]
    local = chosen.astimezone(zone)

    with HubspotReplica() as replica, launched_chromium() as browser:
        replica.add_page("jo-reyes/discovery", title="Discovery call", starts=starts)
        with replica_page(browser, replica.origin, HUBSPOT_HOSTS, timezone_id="America/New_York") as routed:
            page = routed.page
            page.goto("https://meetings.hubspot.com/jo-reyes/discovery")

            zone_select = page.locator('[data-test-id="timezone-select"]')
            expect(zone_select).to_have_attribute("data-zone", "America/New_York")
            expect(zone_select).to_have_text("Eastern Time (US & Canada) · America/New_York")
            duration = page.locator('button[data-button-use="tertiary-light"]')
            expect(duration).to_have_text("30 min")
            expect(duration).to_have_attribute("aria-pressed", "true")
            today = datetime.now(zone)
            if (local.year, local.month) != (today.year, today.month):
                page.locator('button[aria-label="Next month"]').click()
            expect(page.get_by_role("heading", name=f"{local:%B %Y}")).to_be_visible()
            label = f"{local:%B} {local.day}, {local.year}"
            page.locator(f'button[data-selenium-test-disabled="false"][aria-label="{label}"]').click()
            slot = page.locator(f'button[data-test-id="time-picker-btn"][data-time="{ms(chosen)}"]')
            expect(slot).to_have_text(f"{local:%-I:%M} {local:%p}".lower())
            slot.click()

            forward = page.locator('[data-selenium-test="forward-button"]')
            expect(forward).to_have_text("Confirm")
            expect(forward).to_have_attribute("aria-disabled", "true")
            expect(page.get_by_text(f"{local:%A, %B} {local.day}, {local.year}")).to_be_visible()
            page.locator('[name="firstName"]').fill("Ana")
            page.get_by_label("Last name", exact=True).fill("Lead")
            page.get_by_label("Your email address", exact=True).fill("ana@example.com")
            expect(forward).to_have_attribute("aria-disabled", "false")
            forward.click()

            header = page.locator('[data-test-id="profile-header"]')
            expect(header).to_contain_text("Booking confirmed")
            expect(header).to_contain_text(f"{local:%-I:%M} {local:%p}".lower())

        [made] = replica.bookings()
        assert (made.start, made.name, made.email) == (chosen, "Ana Lead", "ana@example.com")
        assert replica.submissions() == 1
    assert routed.outside == []
    assert routed.errors == []
