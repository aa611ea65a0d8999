"""The GoHighLevel (LeadConnector) widget replica over real HTTP: the free-slots call (and the slot reader
driving it), the widget's multipart booking call, the scenario knobs, the page, and one booking made in
Chromium through the widget loaded as ``https://api.example-agency.com/widget/booking/…``."""

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
from schedlink.domain.providers import classify_url, gohighlevel
from schedlink.domain.slots import OfferedSlot, SlotQuery, SlotReadError
from schedlink.replicas.gohighlevel import (
    BACKEND_HOST,
    BOOK_PATH,
    CALENDAR_INACTIVE,
    CAPTCHA_FAILED,
    LEGACY_FREE_SLOTS_PATH,
    QUESTION_FIELD,
    SLOT_GONE,
    VERIFICATION_PROMPT,
    GoHighLevelReplica,
)
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.integration

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
CALENDAR = "0fu9WVucPWOYhM0tSEGE"
WHITE_LABEL = "api.example-agency.com"
LINK = f"https://{WHITE_LABEL}/widget/booking/{CALENDAR}"
NEW_YORK = ZoneInfo("America/New_York")
HALF_HOUR = timedelta(minutes=30)
FIRST = datetime(2030, 3, 12, 13, 30, tzinfo=UTC)  # 9:30 am in New York (summer time since March 10)
SECOND = datetime(2030, 3, 12, 14, 0, tzinfo=UTC)
LATE = datetime(2030, 3, 13, 3, 30, tzinfo=UTC)  # 11:30 pm on March 12 in New York, March 13 in UTC
APRIL = datetime(2030, 4, 2, 15, 0, tzinfo=UTC)
STARTS = [FIRST, SECOND, LATE, APRIL]
PAST = datetime(2030, 2, 27, 15, 0, tzinfo=UTC)
LEADCONNECTOR_HOSTS = frozenset(
    {WHITE_LABEL, BACKEND_HOST, "api.leadconnectorhq.com", "link.msgsndr.com", "msgsndr.com"}
)


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def iso(moment: datetime, zone: ZoneInfo = NEW_YORK) -> str:
    return moment.astimezone(zone).isoformat()


@pytest.fixture
def replica() -> Iterator[GoHighLevelReplica]:
    with GoHighLevelReplica(now=lambda: NOW) as server:
        server.add_calendar(CALENDAR, slug="discovery", group="jo-reyes", starts=[*STARTS, PAST])
        yield server


@pytest.fixture
def client(replica: GoHighLevelReplica) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=replica.origin, timeout=5) as http:
        yield http


def free_slots(
    client: httpx.Client, start: datetime = NOW, end: datetime = NOW + timedelta(days=60), **extra: str
) -> httpx.Response:
    params = {"startDate": str(ms(start)), "endDate": str(ms(end)), "timezone": "America/New_York", **extra}
    return client.get(f"/calendars/{CALENDAR}/free-slots", params=params, headers={"Host": BACKEND_HOST})


def book(
    client: httpx.Client,
    start: datetime = FIRST,
    /,
    *,
    captcha: str = "v3.token",
    zone: ZoneInfo = NEW_YORK,
    **extra: Any,
) -> httpx.Response:
    """The widget's booking call as providers.md §4.3 shows it: multipart, a ``formData`` JSON part."""
    form: dict[str, Any] = {
        "first_name": "Ana",
        "last_name": "Lead",
        "email": "ana@example.com",
        "phone": "",
        "calendar_id": CALENDAR,
        "selected_slot": iso(start, zone),
        "selected_timezone": zone.key,
        "sessionId": "s1",
        **extra,
    }
    return client.post(
        BOOK_PATH,
        files={
            "formData": (None, json.dumps(form)),
            "locationId": (None, "loc"),
            "formId": (None, "form"),
            "captchaV3": (None, captcha),
        },
        headers={"Host": BACKEND_HOST, "Origin": f"https://{WHITE_LABEL}", "timezone": zone.key},
    )


def offered(client: httpx.Client) -> list[str]:
    body = free_slots(client).json()
    return [slot for key, day in sorted(body.items()) if key != "traceId" for slot in day["slots"]]


def read_with_reader(replica: GoHighLevelReplica, query: SlotQuery, link: str = LINK) -> list[OfferedSlot]:
    """Drive ``gohighlevel.read_slots`` with the replica standing in for the backend host."""
    plan = gohighlevel.read_slots(classify_url(link), query)
    with httpx.Client(timeout=5) as http:
        request = next(plan)
        try:
            while True:
                parts = urlsplit(request.url)
                assert (parts.scheme, parts.hostname) == ("https", BACKEND_HOST)
                got = http.request(
                    request.method,
                    f"{replica.origin}{parts.path}?{parts.query}",
                    headers={**request.headers, "Host": BACKEND_HOST},
                )
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


def page_config(client: httpx.Client, path: str = f"/widget/booking/{CALENDAR}") -> dict[str, Any]:
    text = client.get(path, headers={"Host": WHITE_LABEL}).text
    found = re.search(r'<script type="application/json" id="hl-config">(.*?)</script>', text)
    assert found is not None
    config: dict[str, Any] = json.loads(found.group(1))
    return config


# --- the free-slots call ----------------------------------------------------------------------------------


def test_free_slots_have_the_documented_shape(client: httpx.Client) -> None:
    answer = free_slots(client)

    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"  # CORS-open (§4.2)
    body = answer.json()
    assert set(body) == {"2030-03-12", "2030-04-02", "traceId"}  # days without slots are absent
    assert body["2030-03-12"] == {
        "slots": ["2030-03-12T09:30:00-04:00", "2030-03-12T10:00:00-04:00", "2030-03-12T23:30:00-04:00"]
    }
    assert body["2030-04-02"] == {"slots": ["2030-04-02T11:00:00-04:00"]}
    assert isinstance(body["traceId"], str)  # the past start is not offered


def test_free_slots_key_days_in_the_asked_zone_and_keep_to_the_window(client: httpx.Client) -> None:
    in_utc = free_slots(client, timezone="UTC").json()
    march = free_slots(client, NOW, datetime(2030, 3, 13, 0, 0, tzinfo=UTC)).json()

    assert in_utc["2030-03-12"]["slots"] == ["2030-03-12T13:30:00+00:00", "2030-03-12T14:00:00+00:00"]
    assert in_utc["2030-03-13"]["slots"] == ["2030-03-13T03:30:00+00:00"]
    assert set(march) == {"2030-03-12", "traceId"}
    assert march["2030-03-12"]["slots"] == [iso(FIRST), iso(SECOND)]  # the window is half-open
    legacy = client.get(
        LEGACY_FREE_SLOTS_PATH,
        params={"calendar_id": CALENDAR, "startDate": ms(NOW), "endDate": ms(APRIL), "timezone": "UTC"},
    ).json()
    assert legacy["2030-03-12"] == in_utc["2030-03-12"]


def test_the_slot_reader_reads_the_replica(replica: GoHighLevelReplica) -> None:
    query = SlotQuery(NOW, datetime(2030, 5, 1, tzinfo=UTC), "America/New_York")

    found = read_with_reader(replica, query)

    assert [slot.start for slot in found] == STARTS
    assert [r.path.split("?")[0] for r in replica.requests] == [f"/calendars/{CALENDAR}/free-slots"]


def test_unknown_calendars_and_bad_queries_are_refused(client: httpx.Client) -> None:
    missing = client.get("/calendars/nobody/free-slots", params={"startDate": "1", "endDate": "2"})
    bad_zone = free_slots(client, timezone="Mars/Olympus")
    bad_start = free_slots(client, startDate="soon")
    backwards = free_slots(client, NOW, NOW - timedelta(days=1))

    assert (missing.status_code, missing.json()["message"]) == (404, "Calendar not found")
    assert [r.status_code for r in (bad_zone, bad_start, backwards)] == [400, 400, 400]
    assert bad_zone.json() == {
        "statusCode": 400,
        "message": "Invalid timezone 'Mars/Olympus'",
        "error": "Bad Request",
    }


# --- the booking call ---------------------------------------------------------------------------------------


def test_a_booking_is_made_once_and_leaves_the_free_slots(
    replica: GoHighLevelReplica, client: httpx.Client
) -> None:
    answer = book(client, phone="+1 555 0100")

    assert answer.status_code == 200
    body = answer.json()
    assert re.fullmatch(r"[A-Za-z0-9]{20}", body["id"])
    assert (body["calendarId"], body["startTime"], body["endTime"]) == (
        CALENDAR,
        "2030-03-12T09:30:00-04:00",
        "2030-03-12T10:00:00-04:00",
    )
    assert body["appointmentStatus"] == "confirmed"
    assert answer.headers["access-control-allow-origin"] == f"https://{WHITE_LABEL}"
    [made] = replica.bookings()
    assert (made.id, made.start, made.end) == (body["id"], FIRST, FIRST + HALF_HOUR)
    assert (made.name, made.email, made.answers) == ("Ana Lead", "ana@example.com", {"phone": "+1 555 0100"})
    assert iso(FIRST) not in offered(client)

    again = book(client, zone=ZoneInfo("Europe/Berlin"))  # the same instant written in another zone

    assert again.status_code == 400
    assert again.json()["message"] == SLOT_GONE
    assert "slot no longer available" in again.text.lower()  # the words of providers.md §4.3
    assert (len(replica.bookings()), replica.submissions()) == (1, 2)


@pytest.mark.parametrize("start", [PAST, FIRST + timedelta(minutes=10)], ids=["past", "not-offered"])
def test_a_start_that_is_not_offered_is_gone(
    replica: GoHighLevelReplica, client: httpx.Client, start: datetime
) -> None:
    answer = book(client, start)

    assert (answer.status_code, answer.json()["message"]) == (400, SLOT_GONE)
    assert replica.bookings() == []


def test_concurrent_posts_for_one_start_book_it_once(replica: GoHighLevelReplica) -> None:
    count = 12
    statuses = statuses_at_once(replica.origin, count, book)

    assert statuses == [200] + [400] * (count - 1)
    assert len(replica.bookings()) == 1
    assert replica.submissions() == count


@pytest.mark.parametrize(
    "change",
    [
        {"selected_slot": "2030-03-12T09:30:00"},  # no offset: not an instant
        {"first_name": " "},
        {"email": "ana"},
        {"selected_timezone": "Nowhere/Land"},
    ],
    ids=["no-offset", "name", "email", "zone"],
)
def test_an_incomplete_form_is_refused(
    replica: GoHighLevelReplica, client: httpx.Client, change: dict[str, Any]
) -> None:
    answer = book(client, **change)

    assert (answer.status_code, answer.json()["error"]) == (400, "Bad Request")
    assert replica.bookings() == []
    assert client.post(BOOK_PATH, json={"formData": {}}).status_code == 400  # not multipart
    assert client.post(BOOK_PATH, files={"formData": (None, "[]")}).status_code == 400
    assert book(client, calendar_id="nobody").status_code == 404


def test_an_inactive_calendar_says_so_everywhere(replica: GoHighLevelReplica, client: httpx.Client) -> None:
    replica.set_active(CALENDAR, False)

    slots = free_slots(client)
    booked = book(client)
    page = client.get(f"/widget/booking/{CALENDAR}", headers={"Host": WHITE_LABEL})

    assert (slots.status_code, slots.json()["message"]) == (400, CALENDAR_INACTIVE)
    assert (booked.status_code, booked.json()["message"]) == (400, CALENDAR_INACTIVE)
    assert page.status_code == 200
    assert page_config(client)["active"] is False
    assert replica.bookings() == []
    with pytest.raises(SlotReadError, match="Calendar is inactive"):  # as the slot reader words it
        read_with_reader(replica, SlotQuery(NOW, APRIL, "America/New_York"))


# --- the scenario knobs ----------------------------------------------------------------------------------------


def test_a_captcha_page_refuses_a_booking_without_a_solved_token(
    replica: GoHighLevelReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(captcha=True)

    v3_only = book(client)
    config = page_config(client)
    forged = book(client, captcha="made-up")
    solved = book(client, captcha=config["captcha_token"])

    assert (v3_only.status_code, v3_only.json()["message"]) == (400, CAPTCHA_FAILED)
    assert forged.status_code == 400
    assert solved.status_code == 200
    assert (len(replica.bookings()), replica.submissions()) == (1, 3)


def test_a_required_question_must_be_answered(replica: GoHighLevelReplica, client: httpx.Client) -> None:
    question = "What is your company?"
    replica.scenario = PageScenario(required_question=question)

    unanswered = book(client)
    answer: dict[str, Any] = {QUESTION_FIELD: "Acme"}  # answers go by the custom field's id (§4.3)
    answered = book(client, **answer)

    assert (unanswered.status_code, unanswered.json()["message"]) == (400, f"{question} is required")
    assert answered.status_code == 200
    assert replica.bookings()[0].answers == {question: "Acme"}
    config = page_config(client)
    assert (config["required_question"], config["question_field"]) == (question, QUESTION_FIELD)


def test_an_email_code_page_records_the_submission_and_books_nothing(
    replica: GoHighLevelReplica, client: httpx.Client
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
    wrong = book(client, verification_code="000000" if code != "000000" else "111111")
    right = book(client, verification_code=code)
    assert wrong.status_code == 400
    assert right.status_code == 200
    assert (len(replica.bookings()), replica.email_codes()) == (1, {})


def test_a_time_taken_before_the_submit_is_refused(replica: GoHighLevelReplica, client: httpx.Client) -> None:
    replica.scenario = PageScenario(slot_taken_before_submit=True)
    assert iso(FIRST) in offered(client)  # listing alone takes nothing

    answer = book(client)

    assert (answer.status_code, answer.json()["message"]) == (400, SLOT_GONE)
    assert replica.bookings() == []
    assert iso(FIRST) not in offered(client)  # somebody else has it now


def test_a_dropped_answer_still_records_the_booking_and_a_slow_one_waits(
    replica: GoHighLevelReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(drop_after_submit=True)
    with pytest.raises(httpx.TransportError):
        book(client)
    assert [b.start for b in replica.bookings()] == [FIRST]

    replica.scenario = PageScenario(confirm_delay=0.4)
    began = time.monotonic()
    assert book(client, SECOND).status_code == 200
    assert time.monotonic() - began >= 0.4
    assert replica.submissions() == 2


def test_sign_in_and_payment_walls_refuse_a_bare_booking(
    replica: GoHighLevelReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(sign_in=True)
    assert book(client).status_code == 401

    replica.scenario = PageScenario(payment=True)
    unpaid = book(client)
    paid = book(client, payment={"card_number": "4242 4242 4242 4242", "expiry": "12/34"})

    assert unpaid.status_code == 402
    assert paid.status_code == 200
    assert replica.bookings()[0].notes == "paid with card ending 4242"


def test_the_admin_routes_set_the_scenario_report_and_reset(
    replica: GoHighLevelReplica, client: httpx.Client
) -> None:
    assert client.post("/_replica/scenario", json={"captcha": True}).json()["captcha"] is True
    assert replica.scenario.captcha is True
    assert client.post("/_replica/scenario", json={"nonsense": 1}).status_code == 400
    client.post("/_replica/scenario", json={})
    book(client)

    state = client.get("/_replica/state").json()

    assert [b["start"] for b in state["bookings"]] == [FIRST.isoformat()]
    assert (state["submissions"], state["calendars"][0]["id"]) == (1, CALENDAR)
    assert [r["path"] for r in state["requests"]] == [BOOK_PATH]
    client.post("/_replica/reset")
    assert (replica.bookings(), replica.submissions(), replica.requests) == ([], 0, [])
    assert iso(FIRST) in offered(client)


# --- the page ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "host"),
    [
        (f"/widget/booking/{CALENDAR}", WHITE_LABEL),
        (f"/widget/booking/{CALENDAR}?embed=true", "api.leadconnectorhq.com"),
        (f"/widget/booking/{CALENDAR}", "link.msgsndr.com"),
        ("/widget/bookings/discovery", "msgsndr.com"),
        ("/widget/bookings/jo-reyes/discovery", WHITE_LABEL),
        ("/widget/bookings/Jo-Reyes/Discovery/", "127.0.0.1"),
    ],
)
def test_the_widget_is_one_self_contained_html_document_on_any_host(
    client: httpx.Client, path: str, host: str
) -> None:
    answer = client.get(path, headers={"Host": host})

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>Discovery Call | Jo Reyes</title>" in answer.text
    assert "<script src" not in answer.text
    assert '<link rel="stylesheet"' not in answer.text


@pytest.mark.parametrize(
    ("path", "host"),
    [
        ("/widget/booking/nobody", WHITE_LABEL),
        ("/widget/bookings/other-group/discovery", WHITE_LABEL),
        (f"/widget/booking/{CALENDAR}", BACKEND_HOST),  # the backend serves no widget
        (f"/widget/group/{CALENDAR}", WHITE_LABEL),
    ],
)
def test_unknown_widgets_are_404(client: httpx.Client, path: str, host: str) -> None:
    assert client.get(path, headers={"Host": host}).status_code == 404


def test_the_data_on_the_page_cannot_break_out_of_its_script(
    replica: GoHighLevelReplica, client: httpx.Client
) -> None:
    hostile = replica.add_calendar(name="</script><script>alert(1)</script>")
    replica.scenario = PageScenario(thank_you_url="https://example.com/thanks?a=</script><b>")

    text = client.get(f"/widget/booking/{hostile.id}").text

    assert "</script><script>alert(1)" not in text
    assert "</script><b>" not in text
    assert "\\u003c/script\\u003e" in text


def test_the_changed_markup_drops_the_data_attributes_and_classes(
    replica: GoHighLevelReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(markup="changed")

    text = client.get(f"/widget/booking/{CALENDAR}").text
    markup = re.sub(r'(<script type="application/json"[^>]*>).*?</script>', r"\1", text)  # random tokens

    assert "hl-" not in markup
    assert 'id="q8z-config"' in markup  # the data attributes are left out as the page renders itself


def test_a_cors_preflight_is_answered(client: httpx.Client) -> None:
    answer = client.options(
        BOOK_PATH,
        headers={
            "Host": BACKEND_HOST,
            "Origin": f"https://{WHITE_LABEL}",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "fullurl,timezone",
        },
    )

    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == f"https://{WHITE_LABEL}"
    assert "POST" in answer.headers["access-control-allow-methods"]
    assert "fullurl" in answer.headers["access-control-allow-headers"]


# --- in a browser -----------------------------------------------------------------------------------------------


def _host_and_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}"


def test_chromium_books_a_time_on_the_widget_loaded_from_a_white_label_host() -> None:
    zone = ZoneInfo("America/Chicago")
    day = datetime.now(UTC) + timedelta(days=3)
    starts = [
        day.replace(hour=hour, minute=minute, second=0, microsecond=0) for hour, minute in ((15, 0), (15, 30))
    ]
    starts.append(starts[0] + timedelta(days=1))
    chosen = starts[1]
    local = chosen.astimezone(zone)
    seen: list[str] = []

    with (
        GoHighLevelReplica() as replica,
        launched_chromium() as browser,
        replica_page(browser, replica.origin, LEADCONNECTOR_HOSTS, timezone_id=zone.key) as opened,
    ):
        calendar = replica.add_calendar(slug="discovery", group="jo-reyes", starts=starts)
        page = opened.page
        page.on("request", lambda request: seen.append(f"{request.method} {_host_and_path(request.url)}"))

        page.goto(f"https://{WHITE_LABEL}/widget/bookings/jo-reyes/discovery")

        zone_button = page.locator(".hl-timezone-select")
        expect(zone_button).to_have_attribute("data-zone", zone.key)
        expect(zone_button).to_contain_text(zone.key)
        expect(page.locator(".hl-duration")).to_have_text("30 mins")
        today = datetime.now(zone)
        if (local.year, local.month) != (today.year, today.month):
            page.locator('button[aria-label="Next month"]').click()
        expect(page.locator(".hl-month-title")).to_have_text(f"{local:%B %Y}")
        page.locator(f"button.day[data-date='{local.date().isoformat()}']:not([disabled])").click()
        slot = page.locator(f"button.time[data-slot='{local.isoformat()}']")
        expect(slot).to_have_text(f"{local:%-I:%M} {local:%p}".lower())
        slot.click()
        page.get_by_role("button", name="Continue").click()

        expect(page.get_by_text(f"{local:%A, %B} {local.day}, {local.year}")).to_be_visible()
        page.locator("input[name='first_name']").fill("Ana")
        page.get_by_label("Last Name", exact=False).fill("Lead")
        page.locator("input[name='email']").fill("ana@example.com")
        page.get_by_role("button", name="Book").click()

        confirmation = page.locator(".hl-confirmation")
        expect(confirmation).to_contain_text("Your booking is confirmed")
        expect(confirmation).to_contain_text(f"{local:%-I:%M} {local:%p}".lower())

        [made] = replica.bookings()
        assert (made.start, made.name, made.email) == (chosen, "Ana Lead", "ana@example.com")
        assert replica.submissions() == 1
        assert opened.outside == []
        assert opened.errors == []
    assert f"GET {BACKEND_HOST}/calendars/{calendar.id}/free-slots" in seen  # the widget reads the backend
    assert f"POST {BACKEND_HOST}{BOOK_PATH}" in seen
