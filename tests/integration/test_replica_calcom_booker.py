"""The Cal.com replica's web booker: the page, its success page, the scenario cases of the booking call,
and the page driven in Chromium."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from replica_browser import launched_chromium, replica_page
from schedlink.replicas.calcom import CalcomReplica
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.integration

NOW = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
STARTS = [
    datetime(2030, 3, 12, 14, 30, tzinfo=UTC),
    datetime(2030, 3, 12, 15, 0, tzinfo=UTC),
    datetime(2030, 3, 14, 9, 0, tzinfo=UTC),
]
SLOT = "2030-03-12T14:30:00.000Z"


@pytest.fixture
def replica() -> Iterator[CalcomReplica]:
    with CalcomReplica(hang_seconds=1.5, now=lambda: NOW) as server:
        server.add_event_type("jo", "intro-call", starts=STARTS, title="Intro Call")
        yield server


@pytest.fixture
def client(replica: CalcomReplica) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=replica.origin, timeout=5) as http:
        yield http


def web_body(start: str = SLOT, **responses: object) -> dict[str, object]:
    return {
        "responses": {"name": "Ana Lead", "email": "ana@example.com", "notes": "", "guests": [], **responses},
        "user": "jo",
        "start": start,
        "end": "2030-03-12T15:00:00.000Z",
        "eventTypeSlug": "intro-call",
        "timeZone": "Europe/Berlin",
        "language": "en",
        "metadata": {},
        "hasHashedBookingLink": False,
    }


def schedule(client: httpx.Client) -> dict[str, list[dict[str, str]]]:
    args = {
        "isTeamEvent": False,
        "usernameList": ["jo"],
        "eventTypeSlug": "intro-call",
        "startTime": "2030-03-01T00:00:00.000Z",
        "endTime": "2030-03-31T23:59:59.999Z",
        "timeZone": "UTC",
    }
    answer = client.get("/api/trpc/slots/getSchedule", params={"input": json.dumps({"json": args})})
    slots: dict[str, list[dict[str, str]]] = answer.json()["result"]["data"]["json"]["slots"]
    return slots


def embedded_config(page: str) -> dict[str, object]:
    found = re.search(r"<script type='application/json' id='booker-data'>(.*?)</script>", page, re.S)
    assert found is not None
    config: dict[str, object] = json.loads(found.group(1))
    return config


# --- pages over HTTP ---------------------------------------------------------------------------------


def test_the_booker_page_is_one_self_contained_html_document(client: httpx.Client) -> None:
    for target in ("/jo/intro-call", f"/jo/intro-call?slot={quote(SLOT)}&date=2030-03-12&month=2030-03"):
        response = client.get(target)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        page = response.text
        assert "data-testid='booker-container'" in page
        assert "<script src" not in page  # no external assets
        assert "<link" not in page
        config = embedded_config(page)
        assert config["view"] == "booker"
        assert config["event"] == {
            "id": 1001,
            "slug": "intro-call",
            "title": "Intro Call",
            "owner": "jo",
            "length": 30,
            "requiresConfirmation": False,
            "fields": [],
            "notesLabel": "Additional notes",
        }
        assert config["today"] == "2030-03-01T09:00:00.000Z"


def test_unknown_pages_are_html_404s_and_api_paths_keep_their_answers(client: httpx.Client) -> None:
    for target in ("/jo/no-such-event", "/nobody/intro-call", "/booking/unknown-uid"):
        response = client.get(target)
        assert response.status_code == 404, target
        assert response.headers["content-type"].startswith("text/html")
        assert "This page does not exist." in response.text
    assert client.get("/v2/nothing").json()["status"] == "error"  # API paths stay JSON
    assert client.get("/v2/bookings/unknown").status_code == 404


def test_page_data_is_escaped(replica: CalcomReplica, client: httpx.Client) -> None:
    replica.add_event_type("jo", "odd", starts=STARTS, title="</script><img src=x onerror=alert(1)>")
    page = client.get("/jo/odd").text
    assert "<img" not in page
    assert page.count("</script>") == 2  # the data block and the page's script, nothing from the data
    assert embedded_config(page)["event"]["title"] == "</script><img src=x onerror=alert(1)>"  # type: ignore[index]


def test_the_booking_page_shows_a_known_booking(replica: CalcomReplica, client: httpx.Client) -> None:
    made = client.post("/api/book/event", json=web_body())
    assert made.status_code == 200
    uid = made.json()["uid"]
    response = client.get(f"/booking/{uid}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    booking = embedded_config(response.text)["booking"]
    assert booking == {
        "uid": uid,
        "status": "ACCEPTED",
        "startTime": SLOT,
        "endTime": "2030-03-12T15:00:00.000Z",
        "name": "Ana Lead",
        "email": "ana@example.com",
        "timeZone": "Europe/Berlin",
    }


# --- the booking call's scenario cases ---------------------------------------------------------------


def test_web_bookings_count_as_submissions(replica: CalcomReplica, client: httpx.Client) -> None:
    assert client.post("/api/book/event", json=web_body()).status_code == 200
    assert client.post("/api/book/event", json=web_body()).status_code == 409
    assert client.post("/api/book/event", content=b"not json").status_code == 400
    assert replica.submissions() == 3
    assert len(replica.bookings()) == 1


def test_captcha_refuses_a_booking_without_a_token(replica: CalcomReplica, client: httpx.Client) -> None:
    replica.scenario.captcha = True
    page = client.get("/jo/intro-call").text
    assert embedded_config(page)["scenario"]["captcha"] is True  # type: ignore[index]
    refused = client.post("/api/book/event", json=web_body())
    assert (refused.status_code, refused.json()) == (
        401,
        {"message": "No cloudflare token - please try again"},
    )
    assert replica.bookings() == []
    solved = client.post("/api/book/event", json={**web_body(), "cfToken": "solved-by-a-person"})
    assert solved.status_code == 200
    assert replica.submissions() == 2


def test_a_required_question_must_be_answered(replica: CalcomReplica, client: httpx.Client) -> None:
    replica.scenario.required_question = "What is your company's budget?"
    fields = embedded_config(client.get("/jo/intro-call").text)["event"]["fields"]  # type: ignore[index]
    assert fields == [
        {
            "name": "custom_question",
            "label": "What is your company's budget?",
            "type": "text",
            "required": True,
        }
    ]
    missing = client.post("/api/book/event", json=web_body())
    assert (missing.status_code, missing.json()) == (
        400,
        {"message": "{custom_question}error_required_field"},
    )
    answered = client.post("/api/book/event", json=web_body(custom_question="About 10k"))
    assert answered.status_code == 200
    assert replica.bookings()[0].responses["custom_question"] == "About 10k"


def test_an_email_code_is_asked_for_and_nothing_is_booked(
    replica: CalcomReplica, client: httpx.Client
) -> None:
    replica.scenario.email_code = True
    first = client.post("/api/book/event", json=web_body())
    assert (first.status_code, first.json()) == (400, {"message": "email_verification_required"})
    guessed = client.post("/api/book/event", json={**web_body(), "verificationCode": "123456"})
    assert (guessed.status_code, guessed.json()) == (400, {"message": "invalid_verification_code"})
    assert replica.bookings() == []
    assert replica.submissions() == 2


def test_sign_in_and_payment_refuse_the_booking(replica: CalcomReplica, client: httpx.Client) -> None:
    replica.scenario.sign_in = True
    assert client.post("/api/book/event", json=web_body()).json() == {
        "message": "booker_email_requires_login"
    }
    assert client.get("/auth/login").status_code == 200
    replica.scenario = PageScenario(payment=True)
    assert client.post("/api/book/event", json=web_body()).json() == {"message": "payment_not_created_error"}
    assert replica.bookings() == []


def test_a_slot_shown_on_the_page_is_taken_before_the_submit(
    replica: CalcomReplica, client: httpx.Client
) -> None:
    replica.scenario.slot_taken_before_submit = True
    assert "2030-03-12" in schedule(client)
    assert client.get(f"/jo/intro-call?slot={quote(SLOT)}").status_code == 200
    assert [s["time"] for s in schedule(client)["2030-03-12"]] == ["2030-03-12T15:00:00.000Z"]
    taken = client.post("/api/book/event", json=web_body())
    assert (taken.status_code, taken.json()) == (409, {"message": "no_available_users_found_error"})
    # Without ?slot= the time goes just before the booking call arrives.
    other = client.post("/api/book/event", json=web_body("2030-03-14T09:00:00.000Z"))
    assert other.status_code == 409
    assert replica.bookings() == []
    replica.reset()
    assert replica.scenario == PageScenario()
    assert client.post("/api/book/event", json=web_body()).status_code == 200


def test_a_dropped_answer_still_books(replica: CalcomReplica, client: httpx.Client) -> None:
    replica.scenario.drop_after_submit = True
    with pytest.raises(httpx.TransportError):
        client.post("/api/book/event", json=web_body())
    assert [b.start for b in replica.bookings()] == [STARTS[0]]


def test_a_slow_confirmation_takes_its_time_and_stops_promptly(replica: CalcomReplica) -> None:
    replica.scenario.confirm_delay = 0.4
    began = time.monotonic()
    answer = httpx.post(f"{replica.origin}/api/book/event", json=web_body(), timeout=5)
    assert answer.status_code == 200
    assert time.monotonic() - began >= 0.4

    replica.scenario.confirm_delay = 30
    errors: list[Exception] = []

    def slow() -> None:
        try:
            httpx.post(f"{replica.origin}/api/book/event", json=web_body(STARTS[1].isoformat()), timeout=10)
        except httpx.TransportError as error:
            errors.append(error)

    worker = threading.Thread(target=slow)
    worker.start()
    time.sleep(0.2)
    began = time.monotonic()
    replica.stop()
    worker.join(timeout=5)
    assert not worker.is_alive()
    assert time.monotonic() - began < 5
    assert errors  # released unanswered
    assert len(replica.bookings()) == 1


# --- in Chromium ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, replica: CalcomReplica) -> Iterator[Page]:
    """A page whose requests to https://cal.com go to the replica (the browser's zone is New York)."""
    with replica_page(browser, replica.origin, {"cal.com"}, timezone_id="America/New_York") as routed:
        yield routed.page
    assert routed.errors == []  # the page's script ran without an uncaught error


def test_chromium_books_a_preselected_slot(page: Page, replica: CalcomReplica) -> None:
    replica.scenario.page_zone = "Europe/Berlin"
    page.goto(f"https://cal.com/jo/intro-call?slot={quote(SLOT)}&date=2030-03-12&month=2030-03")
    expect(page.locator("[data-testid='event-meta-current-timezone']")).to_have_text("Europe/Berlin")
    expect(page.locator("[data-testid='event-meta-duration']")).to_have_text("30 mins")
    page.fill("[name='name']", "Ana Lead")
    page.fill("[name='email']", "ana@example.com")
    page.fill("textarea[name='notes']", "Looking forward <b>to it</b>")
    page.click("[data-testid='confirm-book-button']")
    success = page.locator("[data-testid='success-page']")
    expect(success).to_contain_text("This meeting is scheduled")
    expect(success).to_contain_text("3:30pm - 4:00pm (Europe/Berlin)")  # 14:30 UTC in Berlin (winter)
    (booking,) = replica.bookings()
    assert urlsplit(page.url).path == f"/booking/{booking.uid}"
    expect(success).to_contain_text(booking.uid)
    assert (booking.start, booking.attendee_name, booking.attendee_time_zone) == (
        STARTS[0],
        "Ana Lead",
        "Europe/Berlin",
    )
    assert booking.responses["notes"] == "Looking forward <b>to it</b>"
    assert replica.submissions() == 1
    page.reload()  # the booking page is served as a page too
    expect(page.locator("[data-testid='success-page']")).to_contain_text(booking.uid)


def test_chromium_walks_the_calendar_to_a_time(page: Page, replica: CalcomReplica) -> None:
    page.goto("https://cal.com/jo/intro-call?name=Ana%20Lead&email=ana%40example.com")
    expect(page.locator("[data-testid='event-meta-current-timezone']")).to_have_text("America/New_York")
    expect(page.locator("[data-testid='month-title']")).to_have_text("March 2030")
    free_days = page.locator("[data-testid='day'][data-disabled='false']")
    expect(free_days).to_have_text(["12", "14"])
    page.click("[data-testid='incrementMonth']")
    expect(page.locator("[data-testid='month-title']")).to_have_text("April 2030")
    expect(page.locator("[data-testid='day'][data-disabled='false']")).to_have_count(0)
    page.click("[data-testid='decrementMonth']")
    page.locator("[data-testid='day'][data-disabled='false']", has_text="12").click()
    times = page.locator("button[data-testid='time'][data-disabled='false']")
    expect(times).to_have_text(["10:30am", "11:00am"])  # New York, on summer time since March 10
    page.click(f"button[data-testid='time'][data-time='{SLOT}']")
    expect(page.locator("[name='name']")).to_have_value("Ana Lead")
    page.click("[data-testid='back']")
    page.locator("[data-testid='day'][data-disabled='false']", has_text="12").click()
    page.click("button[data-testid='time'][data-time='2030-03-12T15:00:00.000Z']")
    page.click("[data-testid='confirm-book-button']")
    expect(page.locator("[data-testid='success-page']")).to_contain_text("This meeting is scheduled")
    (booking,) = replica.bookings()
    assert (booking.start, booking.attendee_email, booking.attendee_time_zone) == (
        STARTS[1],
        "ana@example.com",
        "America/New_York",
    )
    assert replica.submissions() == 1


def test_chromium_changed_markup_behind_a_cookie_banner(page: Page, replica: CalcomReplica) -> None:
    replica.scenario = PageScenario(cookie_banner=True, markup="changed", required_question="Company size?")
    replica.add_event_type("jo", "demo", starts=STARTS, requires_confirmation=True)
    page.goto("https://cal.com/jo/demo?month=2030-03")
    assert page.locator("[data-testid]").count() == 0
    day = page.get_by_role("grid").get_by_role("gridcell", name="14", exact=True).get_by_role("button")
    with pytest.raises(Exception, match="intercepts pointer events"):
        day.click(timeout=800)
    page.get_by_role("button", name="Accept all").click()
    day.click()
    page.get_by_role("button", name="5:00am", exact=True).click()  # 09:00 UTC in New York (EDT)
    page.get_by_label("Your name").fill("Ana Lead")
    page.get_by_label("Email address").fill("ana@example.com")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("This field is required")).to_be_visible()
    assert replica.submissions() == 0
    page.get_by_label("Company size?").fill("12")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("region", name="Booking")).to_contain_text("needs confirmation")
    (booking,) = replica.bookings()
    assert (booking.start, booking.status, booking.responses["custom_question"]) == (
        STARTS[2],
        "pending",
        "12",
    )


def test_chromium_shows_a_taken_slot_and_a_captcha(page: Page, replica: CalcomReplica) -> None:
    replica.scenario.slot_taken_before_submit = True
    page.goto(f"https://cal.com/jo/intro-call?slot={quote(SLOT)}")
    page.fill("[name='name']", "Ana Lead")
    page.fill("[name='email']", "ana@example.com")
    page.click("[data-testid='confirm-book-button']")
    expect(page.locator("[data-testid='slot-not-allowed-to-book']")).to_contain_text(
        "This time slot is no longer available"
    )
    expect(page.locator("[data-testid='booking-fail']")).to_be_visible()
    assert (replica.submissions(), replica.bookings()) == (1, [])

    replica.scenario = PageScenario(captcha=True)
    page.goto(f"https://cal.com/jo/intro-call?slot={quote('2030-03-14T09:00:00.000Z')}")
    expect(
        page.locator(".cf-turnstile iframe[title='Widget containing a Cloudflare security challenge']")
    ).to_have_count(1)
    expect(page.locator("[data-testid='confirm-book-button']")).to_be_disabled()
    assert replica.submissions() == 1


def test_chromium_asks_for_an_email_code_after_the_submit(page: Page, replica: CalcomReplica) -> None:
    replica.scenario.email_code = True
    page.goto(f"https://cal.com/jo/intro-call?slot={quote(SLOT)}&name=Ana&email=ana%40example.com")
    page.click("[data-testid='confirm-book-button']")
    expect(page.get_by_text("Verify your email")).to_be_visible()
    expect(page.locator("input[name='code']")).to_be_visible()
    assert (replica.submissions(), replica.bookings()) == (1, [])


def test_chromium_follows_the_thank_you_page(page: Page, replica: CalcomReplica) -> None:
    replica.scenario.thank_you_url = "https://thanks.example/done"
    page.route("https://thanks.example/**", lambda route: route.fulfill(body="<h1>Thanks!</h1>"))
    page.goto(f"https://cal.com/jo/intro-call?slot={quote(SLOT)}&name=Ana&email=ana%40example.com")
    page.click("[data-testid='confirm-book-button']")
    page.wait_for_url("https://thanks.example/done")
    assert len(replica.bookings()) == 1
