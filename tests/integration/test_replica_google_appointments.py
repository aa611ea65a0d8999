"""The Google appointment-page replica over real HTTP: its JSON routes, its refusals and the awkward cases,
and one booking made in Chromium through the page loaded as ``https://calendar.google.com/…``."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import expect

from replica_browser import launched_chromium, replica_page
from replica_http import statuses_at_once
from schedlink.replicas.google_appointments import SLOT_UNAVAILABLE, GoogleAppointmentsReplica
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.integration

NOW = datetime(2030, 3, 1, tzinfo=UTC)
SCHEDULE = "AcZssZ0Test_schedule-1"
PAGE = f"/calendar/appointments/schedules/{SCHEDULE}"
PAST = datetime(2030, 2, 27, 17, 0, tzinfo=UTC)
FIRST = datetime(2030, 3, 4, 17, 0, tzinfo=UTC)
SECOND = datetime(2030, 3, 4, 17, 30, tzinfo=UTC)
LATER = datetime(2030, 3, 12, 18, 0, tzinfo=UTC)


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


@pytest.fixture
def replica() -> Iterator[GoogleAppointmentsReplica]:
    with GoogleAppointmentsReplica(now=lambda: NOW) as server:
        server.add_schedule(SCHEDULE, starts=[PAST, FIRST, SECOND, LATER])
        yield server


@pytest.fixture
def client(replica: GoogleAppointmentsReplica) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=replica.origin, timeout=5) as http:
        yield http


def book(client: httpx.Client, start: datetime = FIRST, /, **extra: object) -> httpx.Response:
    body: dict[str, object] = {
        "start_ms": ms(start),
        "first_name": "Ana",
        "last_name": "Lead",
        "email": "ana@example.com",
        "phone": "",
        "answers": {},
        **extra,
    }
    return client.post(f"{PAGE}/book", json=body)


def slots(client: httpx.Client, start: datetime, end: datetime, **extra: int) -> httpx.Response:
    return client.get(f"{PAGE}/slots", params={"start": ms(start), "end": ms(end), **extra})


def page_config(client: httpx.Client) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="gx-config">(.*?)</script>', client.get(PAGE).text)
    assert found is not None
    config: dict[str, object] = json.loads(found.group(1))
    return config


# --- the page ---------------------------------------------------------------------------------------


def test_the_page_is_one_self_contained_html_document(client: httpx.Client) -> None:
    answer = client.get(PAGE)

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "<title>Intro call - Google Calendar</title>" in answer.text
    assert "<script src" not in answer.text
    assert '<link rel="stylesheet"' not in answer.text
    assert page_config(client)["length"] == 30
    for variant in (f"/calendar/u/0/appointments/schedules/{SCHEDULE}?gv=true", f"{PAGE}?date=2030-03-04"):
        assert client.get(variant).status_code == 200


def test_the_data_on_the_page_cannot_break_out_of_its_script(replica: GoogleAppointmentsReplica) -> None:
    replica.add_schedule("hostile", title="</script><script>alert(1)</script>")

    text = httpx.get(f"{replica.origin}/calendar/appointments/schedules/hostile").text

    assert "</script><script>alert(1)" not in text
    assert "\\u003c/script\\u003e" in text


def test_the_changed_markup_renames_classes_and_ids(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(markup="changed")

    text = client.get(PAGE).text

    assert "gx-" not in text
    assert 'id="q7Zk-config"' in text


def test_an_unknown_schedule_is_not_found(replica: GoogleAppointmentsReplica, client: httpx.Client) -> None:
    unknown = "/calendar/appointments/schedules/AcZssZnothing"

    page = client.get(unknown)
    listed = client.get(f"{unknown}/slots", params={"start": 0, "end": 1})
    booked = client.post(f"{unknown}/book", json={"start_ms": ms(FIRST)})

    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert (listed.status_code, listed.json()["error"]) == (404, "not_found")
    assert (booked.status_code, booked.json()["error"]) == (404, "not_found")
    assert client.get("/calendar/event").status_code == 404
    assert replica.submissions() == 1


# --- GET …/slots --------------------------------------------------------------------------------------


def test_slots_are_the_offered_future_free_starts_of_the_window(client: httpx.Client) -> None:
    answer = slots(client, datetime(2030, 2, 1, tzinfo=UTC), datetime(2030, 3, 10, tzinfo=UTC))

    assert answer.status_code == 200
    assert answer.json() == {
        "schedule_id": SCHEDULE,
        "time_zone": "America/Los_Angeles",
        "length_minutes": 30,
        "slots": [ms(FIRST), ms(SECOND)],  # the past start is not offered, LATER is outside the window
    }
    end_exclusive = slots(client, FIRST, SECOND).json()["slots"]
    first_only = slots(client, NOW, NOW + timedelta(days=30), limit=1).json()["slots"]
    assert (end_exclusive, first_only) == ([ms(FIRST)], [ms(FIRST)])


@pytest.mark.parametrize("params", [{}, {"start": "soon", "end": "1"}, {"start": "5", "end": "1"}])
def test_slots_refuse_a_window_that_is_not_epoch_milliseconds(
    client: httpx.Client, params: dict[str, str]
) -> None:
    answer = client.get(f"{PAGE}/slots", params=params)

    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_request")


# --- POST …/book ---------------------------------------------------------------------------------------


def test_a_booking_is_made_once_and_leaves_the_offer(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    answer = book(client, phone="+1 555 0100")

    assert answer.status_code == 200
    body = answer.json()
    assert (body["start_ms"], body["end_ms"]) == (ms(FIRST), ms(FIRST + timedelta(minutes=30)))
    [made] = replica.bookings()
    assert (made.id, made.start, made.end) == (body["event_id"], FIRST, FIRST + timedelta(minutes=30))
    assert (made.name, made.email, made.answers) == (
        "Ana Lead",
        "ana@example.com",
        {"Phone number": "+1 555 0100"},
    )
    assert slots(client, NOW, LATER).json()["slots"] == [ms(SECOND)]

    again = book(client)

    assert again.status_code == 409
    assert again.json() == {"error": "slot_unavailable", "message": SLOT_UNAVAILABLE}
    assert (len(replica.bookings()), replica.submissions()) == (1, 2)


@pytest.mark.parametrize("start", [PAST, FIRST + timedelta(minutes=10)], ids=["past", "not-offered"])
def test_a_start_that_is_not_offered_is_unavailable(
    replica: GoogleAppointmentsReplica, client: httpx.Client, start: datetime
) -> None:
    answer = book(client, start)

    assert (answer.status_code, answer.json()["error"]) == (409, "slot_unavailable")
    assert replica.bookings() == []


def test_concurrent_posts_for_one_start_book_it_once(replica: GoogleAppointmentsReplica) -> None:
    count = 12
    statuses = statuses_at_once(replica.origin, count, book)

    assert statuses == [200] + [409] * (count - 1)
    assert len(replica.bookings()) == 1
    assert replica.submissions() == count


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start_ms": "soon"}, "start_ms must be epoch milliseconds"),
        ({"first_name": " "}, "First name is required"),
        ({"email": "ana"}, "Enter a valid email address"),
        ({"answers": ["x"]}, "answers must be an object"),
    ],
)
def test_an_incomplete_body_is_refused(
    replica: GoogleAppointmentsReplica, client: httpx.Client, change: dict[str, object], message: str
) -> None:
    answer = book(client, **change)

    assert answer.status_code == 400
    assert answer.json() == {"error": "invalid_request", "message": message}
    assert replica.bookings() == []


def test_a_required_question_must_be_answered(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(required_question="What is your company?")

    unanswered = book(client)
    answered = book(client, answers={"What is your company?": "Acme"})

    assert (unanswered.status_code, unanswered.json()["message"]) == (
        400,
        "What is your company? is required",
    )
    assert answered.status_code == 200
    assert replica.bookings()[0].answers == {"What is your company?": "Acme"}


# --- the awkward cases -----------------------------------------------------------------------------------


def test_a_time_taken_while_the_dialog_is_open_is_refused(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(slot_taken_before_submit=True)
    assert slots(client, NOW, LATER).json()["slots"] == [ms(FIRST), ms(SECOND)]  # listing alone takes nothing

    opened = slots(client, FIRST, FIRST + timedelta(days=1), selected=ms(FIRST))  # the dialog opens
    answer = book(client)

    assert opened.json()["slots"] == [ms(SECOND)]
    assert (answer.status_code, answer.json()["message"]) == (409, SLOT_UNAVAILABLE)
    assert replica.bookings() == []
    assert replica.submissions() == 1


def test_a_captcha_page_refuses_a_booking_without_a_solved_token(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(captcha=True)

    unsolved = book(client)
    forged = book(client, captcha_token="made-up")
    token = page_config(client)["captcha_token"]
    solved = book(client, captcha_token=token)

    assert (unsolved.status_code, unsolved.json()["error"]) == (400, "captcha_required")
    assert forged.status_code == 400
    assert solved.status_code == 200
    assert (len(replica.bookings()), replica.submissions()) == (1, 3)


def test_an_email_code_page_books_nothing_until_the_code_comes_back(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(email_code=True)

    first = book(client)

    assert (first.status_code, first.json()["verification_required"]) == (202, True)
    assert replica.bookings() == []
    assert replica.submissions() == 1
    code = replica.email_codes()["ana@example.com"]
    wrong = book(client, code="000000" if code != "000000" else "111111")
    right = book(client, code=code)

    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_code")
    assert right.status_code == 200
    assert len(replica.bookings()) == 1
    assert replica.email_codes() == {}


def test_a_dropped_answer_still_records_the_booking(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(drop_after_submit=True)

    with pytest.raises(httpx.RemoteProtocolError):
        book(client)

    assert [b.start for b in replica.bookings()] == [FIRST]
    assert replica.submissions() == 1


def test_sign_in_and_payment_walls_refuse_a_bare_booking(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(sign_in=True)
    assert (book(client).status_code, book(client).json()["error"]) == (401, "sign_in_required")

    replica.scenario = PageScenario(payment=True)
    unpaid = book(client)
    paid = book(
        client, payment={"card_number": "4242 4242 4242 4242", "expiry": "12/34", "security_code": "123"}
    )

    assert (unpaid.status_code, unpaid.json()["error"]) == (402, "payment_required")
    assert paid.status_code == 200
    assert replica.bookings()[0].notes == "paid with card ending 4242"


def test_a_slow_confirmation_answers_after_its_delay(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    replica.scenario.confirm_delay = 0.4
    began = time.monotonic()

    answer = book(client)

    assert answer.status_code == 200
    assert time.monotonic() - began >= 0.4


def test_the_admin_routes_set_the_scenario_report_and_reset(
    replica: GoogleAppointmentsReplica, client: httpx.Client
) -> None:
    assert client.post("/_replica/scenario", json={"captcha": True}).json()["captcha"] is True
    assert replica.scenario.captcha is True
    assert client.post("/_replica/scenario", json={"nonsense": 1}).status_code == 400
    client.post("/_replica/scenario", json={})
    book(client)

    state = client.get("/_replica/state").json()

    assert [b["start_ms"] for b in state["bookings"]] == [ms(FIRST)]
    assert state["submissions"] == 1
    assert [r["path"] for r in state["requests"]] == [f"{PAGE}/book"]  # the admin routes are not logged
    client.post("/_replica/reset")
    assert (replica.bookings(), replica.submissions(), replica.requests) == ([], 0, [])
    assert slots(client, NOW, LATER).json()["slots"] == [ms(FIRST), ms(SECOND)]


# --- in a browser ------------------------------------------------------------------------------------------


def test_chromium_books_a_time_on_the_page_loaded_as_google() -> None:
    zone = ZoneInfo("America/New_York")
    day = datetime.now(UTC) + timedelta(days=3)
    starts = [
        day.replace(hour=hour, minute=minute, second=0, microsecond=0) for hour, minute in ((15, 0), (15, 30))
    ]
    starts.append(starts[0] + timedelta(days=1))
    chosen = starts[1]
    local = chosen.astimezone(zone)

    with GoogleAppointmentsReplica() as replica, launched_chromium() as browser:
        replica.add_schedule("AcZssZ1smoke", title="Discovery call", starts=starts)
        with replica_page(
            browser, replica.origin, {"calendar.google.com"}, timezone_id="America/New_York"
        ) as routed:
            page = routed.page
            page.goto("https://calendar.google.com/calendar/appointments/schedules/AcZssZ1smoke")

            expect(page.locator('[data-testid="timezone"]')).to_have_attribute(
                "data-zone", "America/New_York"
            )
            expect(page.locator('[data-testid="duration"]')).to_have_text("30 min appointments")
            today = datetime.now(zone)
            if (local.year, local.month) != (today.year, today.month):
                page.locator('button[aria-label="Next month"]').click()
            page.locator(f'button[aria-label="{local.day}, {local:%A}"]').click()
            slot = page.locator(f'button[data-date-time="{ms(chosen)}"]')
            expect(slot).to_have_text(f"{local:%-I:%M} {local:%p}".lower())
            slot.click()
            dialog = page.get_by_role("dialog")
            expect(dialog).to_contain_text(f"{local:%-I:%M} {local:%p}".lower())
            dialog.get_by_label("First name", exact=True).fill("Ana")
            dialog.get_by_label("Last name", exact=True).fill("Lead")
            dialog.get_by_label("Email address", exact=True).fill("ana@example.com")
            dialog.get_by_role("button", name="Book", exact=True).click()

            expect(dialog).to_contain_text("Booking confirmed")
            expect(dialog).to_contain_text("You're booked")

        [made] = replica.bookings()
        assert (made.start, made.name, made.email) == (chosen, "Ana Lead", "ana@example.com")
        assert replica.submissions() == 1
    assert routed.outside == []
    assert routed.errors == []
