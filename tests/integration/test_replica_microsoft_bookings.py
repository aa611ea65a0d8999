"""The Microsoft Bookings replica over real HTTP: its c2 JSON routes, the email verification of personal
pages, its refusals and the awkward cases, and one booking made in Chromium through a shared page loaded
as ``https://outlook.office365.com/book/…``."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import expect

from replica_browser import launched_chromium, replica_page
from replica_http import statuses_at_once
from schedlink.replicas.microsoft_bookings import (
    API_PREFIX,
    REQUIRED_QUESTION_ID,
    SLOT_UNAVAILABLE,
    VERIFICATION_REQUIRED,
    MicrosoftBookingsReplica,
)
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.integration

NOW = datetime(2030, 3, 1, tzinfo=UTC)
MAILBOX = "Desk@contoso.com"
USER = "0123456789abcdef0123456789abcdef@contoso.com"
MEETING = "AbCd-Intro_1"
SHARED_PAGE = f"/book/{MAILBOX}/"
PERSONAL_PAGE = f"/bookwithme/user/{USER}/meetingtype/{MEETING}"
SHARED_API = API_PREFIX + MAILBOX
PERSONAL_API = f"{API_PREFIX}mbx:{USER}"
PAST = datetime(2030, 2, 27, 17, 0, tzinfo=UTC)
FIRST = datetime(2030, 3, 4, 17, 0, tzinfo=UTC)  # 12:00 in New York (EST), 17:00 in London
SECOND = datetime(2030, 3, 4, 17, 30, tzinfo=UTC)
LATER = datetime(2030, 3, 12, 18, 0, tzinfo=UTC)
MAPPED_HOSTS = {"outlook.office365.com", "outlook.office.com", "bookings.cloud.microsoft"}


@pytest.fixture
def replica() -> Iterator[MicrosoftBookingsReplica]:
    with MicrosoftBookingsReplica(now=lambda: NOW) as server:
        server.add_shared(MAILBOX, service_id="svc-intro", starts=[PAST, FIRST, SECOND, LATER])
        server.add_personal(USER, MEETING, service="Coffee chat", length=45, starts=[FIRST, LATER])
        yield server


@pytest.fixture
def client(replica: MicrosoftBookingsReplica) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=replica.origin, timeout=5) as http:
        yield http


def wall(
    moment: datetime, zone: str = "Eastern Standard Time", iana: str = "America/New_York"
) -> dict[str, str]:
    return {"dateTime": moment.astimezone(ZoneInfo(iana)).strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": zone}


def book(
    client: httpx.Client,
    start: datetime = FIRST,
    /,
    *,
    api: str = SHARED_API,
    service: str = "svc-intro",
    length: int = 30,
    customer: dict[str, object] | None = None,
    **extra: object,
) -> httpx.Response:
    person: dict[str, object] = {
        "name": "Ana Lead",
        "emailAddress": "ana@example.com",
        "phone": "",
        "notes": "",
        "timeZone": "Eastern Standard Time",
        "answeredCustomQuestions": [],
        **(customer or {}),
    }
    appointment: dict[str, object] = {
        "startTime": wall(start),
        "endTime": wall(start + timedelta(minutes=length)),
        "serviceId": service,
        "staffMemberIds": [],
        "customers": [person],
        "isLocationOnline": True,
        "verificationCode": "",
        "customerTimeZone": "Eastern Standard Time",
        **extra,
    }
    return client.post(f"{api}/appointments", json={"appointment": appointment, "preferences": {}})


def availability(
    client: httpx.Client,
    start: datetime,
    end: datetime,
    *,
    api: str = SHARED_API,
    zone: str = "Eastern Standard Time",
    iana: str = "America/New_York",
    **extra: object,
) -> httpx.Response:
    body = {"startDateTime": wall(start, zone, iana), "endDateTime": wall(end, zone, iana), **extra}
    return client.post(f"{api}/GetStaffAvailability", json=body)


def starts_of(answer: httpx.Response) -> list[str]:
    [staff] = answer.json()["staffAvailabilityResponse"]
    return [item["startDateTime"]["dateTime"] for item in staff["availabilityItems"]]


def page_config(client: httpx.Client, path: str = SHARED_PAGE) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="mb-config">(.*?)</script>', client.get(path).text)
    assert found is not None
    config: dict[str, object] = json.loads(found.group(1))
    return config


# --- the pages ---------------------------------------------------------------------------------------


def test_the_pages_are_self_contained_html_documents(client: httpx.Client) -> None:
    for path in (
        SHARED_PAGE,
        f"/book/{MAILBOX}",
        "/book/Desk%40contoso.com/?ismsaljsauthenabled",
        f"/book/{MAILBOX}/s/svc-intro",
        f"{PERSONAL_PAGE}?anonymous&ep=mlink",
        f"/bookwithme/user/{USER.replace('@', '%40')}?anonymous&ep=plink",
    ):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["content-type"] == "text/html; charset=utf-8"
        assert "<script src" not in answer.text
        assert '<link rel="stylesheet"' not in answer.text
        assert "http://" not in answer.text
        assert "https://" not in answer.text
    shared, personal = page_config(client), page_config(client, PERSONAL_PAGE)
    assert (shared["api_base"], shared["email_code"]) == (SHARED_API, False)
    assert (personal["api_base"], personal["email_code"]) == (PERSONAL_API, True)
    assert personal["services"] == [
        {"id": MEETING, "name": "Coffee chat", "length": 45, "duration_text": "45 minutes"}
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/book/nobody@contoso.com/",
        f"/book/{MAILBOX}/s/unknown",
        f"/bookwithme/user/{USER}/meetingtype/unknown",
        f"/bookwithme/user/{MAILBOX}/meetingtype/{MEETING}",  # a shared mailbox is no personal page
        f"/book/{USER}/",
        "/owa/calendar/other/bookings/",
        "/",
    ],
)
def test_unknown_pages_are_not_found(client: httpx.Client, path: str) -> None:
    answer = client.get(path)

    assert answer.status_code == 404
    assert answer.headers["content-type"] == "text/html; charset=utf-8"


def test_the_data_on_the_page_cannot_break_out_of_its_script(replica: MicrosoftBookingsReplica) -> None:
    replica.add_shared("hostile@contoso.com", service="</script><script>alert(1)</script>")

    text = httpx.get(f"{replica.origin}/book/hostile@contoso.com/").text

    assert "</script><script>alert(1)" not in text
    assert "\\u003c/script\\u003e" in text


def test_the_changed_markup_renames_classes_and_ids(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(markup="changed")

    text = client.get(SHARED_PAGE).text

    assert "mb-" not in text
    assert 'id="v3Qe-config"' in text


# --- services, staff, availability --------------------------------------------------------------------


def test_services_list_the_pages_services_in_the_c2_shape(client: httpx.Client) -> None:
    shared = client.get(f"{SHARED_API}/services")
    personal = client.post(f"{API_PREFIX}mbx:{USER.replace('@', '%40')}/services", json={"queryOptions": {}})
    staff = client.get(f"{SHARED_API}/staffmembers").json()["staffMembers"]

    assert shared.status_code == 200
    [service] = shared.json()["service"]
    assert {k: service[k] for k in ("serviceId", "title", "defaultDuration", "formattedDuration")} == {
        "serviceId": "svc-intro",
        "title": "Intro call",
        "defaultDuration": "PT30M",
        "formattedDuration": "30 minutes",
    }
    assert service["staffMemberIds"] == [staff[0]["id"]]
    assert service["customQuestions"] == []
    assert [(s["serviceId"], s["defaultDuration"]) for s in personal.json()["service"]] == [
        (MEETING, "PT45M")
    ]
    assert client.get(f"{API_PREFIX}nobody@contoso.com/services").status_code == 404
    info = client.get(SHARED_API).json()["businessInfo"]
    assert (info["displayName"], info["businessTimeZone"]) == ("Desk", "Eastern Standard Time")


@pytest.mark.parametrize(
    ("zone", "iana", "expected"),
    [
        ("Eastern Standard Time", "America/New_York", ["2030-03-04T12:00:00", "2030-03-04T12:30:00"]),
        ("Pacific Standard Time", "America/Los_Angeles", ["2030-03-04T09:00:00", "2030-03-04T09:30:00"]),
        ("GMT Standard Time", "Europe/London", ["2030-03-04T17:00:00", "2030-03-04T17:30:00"]),
        ("W. Europe Standard Time", "Europe/Berlin", ["2030-03-04T18:00:00", "2030-03-04T18:30:00"]),
        ("Europe/Berlin", "Europe/Berlin", ["2030-03-04T18:00:00", "2030-03-04T18:30:00"]),
    ],
)
def test_availability_answers_in_the_windows_zone_asked_for(
    client: httpx.Client, zone: str, iana: str, expected: list[str]
) -> None:
    answer = availability(
        client, datetime(2030, 2, 1, tzinfo=UTC), datetime(2030, 3, 10, tzinfo=UTC), zone=zone, iana=iana
    )

    assert answer.status_code == 200
    assert starts_of(answer) == expected  # the past start is not offered, LATER is outside the window
    item = answer.json()["staffAvailabilityResponse"][0]["availabilityItems"][0]
    assert item["status"] == "BOOKINGSAVAILABILITYSTATUS_AVAILABLE"
    assert item["serviceId"] == "svc-intro"
    assert item["endDateTime"]["timeZone"] == zone
    assert item["endDateTime"]["dateTime"] == expected[0][:11] + expected[1][11:]  # start + 30 minutes


def test_availability_filters_by_service_and_staff(client: httpx.Client) -> None:
    staff_id = client.get(f"{PERSONAL_API}/staffmembers").json()["staffMembers"][0]["id"]

    mine = availability(
        client, NOW, LATER + timedelta(days=1), api=PERSONAL_API, serviceId=MEETING, staffIds=[staff_id]
    )
    others = availability(client, NOW, LATER, api=PERSONAL_API, staffIds=["someone-else"])
    unknown = availability(client, NOW, LATER, serviceId="nope")

    assert starts_of(mine) == ["2030-03-04T12:00:00", "2030-03-12T14:00:00"]
    assert others.json() == {"staffAvailabilityResponse": []}
    assert unknown.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {
            "startDateTime": {"dateTime": "2030-03-01T00:00:00", "timeZone": "Mars Standard Time"},
            "endDateTime": {"dateTime": "2030-03-09T00:00:00", "timeZone": "UTC"},
        },
        {
            "startDateTime": {"dateTime": "soon", "timeZone": "UTC"},
            "endDateTime": {"dateTime": "2030-03-09T00:00:00", "timeZone": "UTC"},
        },
        {
            "startDateTime": {"dateTime": "2030-03-09T00:00:00", "timeZone": "UTC"},
            "endDateTime": {"dateTime": "2030-03-01T00:00:00", "timeZone": "UTC"},
        },
    ],
    ids=["empty", "unknown-zone", "not-a-time", "reversed"],
)
def test_availability_refuses_a_bad_window(client: httpx.Client, body: dict[str, object]) -> None:
    answer = client.post(f"{SHARED_API}/GetStaffAvailability", json=body)

    assert (answer.status_code, answer.json()["error"]["code"]) == (400, "InvalidRequest")


# --- POST …/appointments --------------------------------------------------------------------------------


def test_a_booking_is_made_once_and_leaves_the_offer(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    answer = book(client, customer={"phone": "+1 555 0100", "notes": "About the demo"})

    assert answer.status_code == 200
    body = answer.json()
    assert body["startTime"] == {"dateTime": "2030-03-04T12:00:00", "timeZone": "Eastern Standard Time"}
    assert body["endTime"]["dateTime"] == "2030-03-04T12:30:00"
    [made] = replica.bookings()
    assert (made.id, made.start, made.end) == (body["appointmentId"], FIRST, FIRST + timedelta(minutes=30))
    assert body["appointment"]["id"] == made.id
    assert (made.name, made.email, made.answers, made.notes) == (
        "Ana Lead",
        "ana@example.com",
        {"Phone number": "+1 555 0100"},
        "About the demo",
    )
    assert starts_of(availability(client, NOW, LATER)) == ["2030-03-04T12:30:00"]

    again = book(client)

    assert again.status_code == 409
    assert again.json() == {"error": {"code": "SlotUnavailable", "message": SLOT_UNAVAILABLE}}
    assert (len(replica.bookings()), replica.submissions()) == (1, 2)


def test_a_booking_blocks_the_times_it_overlaps(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    replica.add_shared(MAILBOX, service="Long call", service_id="svc-long", length=60, starts=[FIRST])

    assert book(client, service="svc-long", length=60).status_code == 200

    assert starts_of(availability(client, NOW, LATER + timedelta(days=1))) == ["2030-03-12T14:00:00"]
    assert book(client, SECOND).status_code == 409


@pytest.mark.parametrize("start", [PAST, FIRST + timedelta(minutes=10)], ids=["past", "not-offered"])
def test_a_start_that_is_not_offered_is_unavailable(
    replica: MicrosoftBookingsReplica, client: httpx.Client, start: datetime
) -> None:
    answer = book(client, start)

    assert (answer.status_code, answer.json()["error"]["code"]) == (409, "SlotUnavailable")
    assert replica.bookings() == []


def test_concurrent_posts_for_one_start_book_it_once(replica: MicrosoftBookingsReplica) -> None:
    count = 12
    statuses = statuses_at_once(replica.origin, count, book)

    assert statuses == [200] + [409] * (count - 1)
    assert len(replica.bookings()) == 1
    assert replica.submissions() == count


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"startTime": {"dateTime": "soon", "timeZone": "UTC"}},
            "startTime needs a dateTime and a known timeZone",
        ),
        (
            {"endTime": wall(FIRST + timedelta(minutes=45))},
            "endTime must be the startTime plus the service's duration",
        ),
        ({"staffMemberIds": ["someone-else"]}, "staffMemberIds must name the page's staff member"),
        ({"customers": [{"name": " ", "emailAddress": "ana@example.com"}]}, "Name is required"),
        ({"customers": [{"name": "Ana", "emailAddress": "ana"}]}, "Enter a valid email address"),
    ],
)
def test_an_incomplete_body_is_refused(
    replica: MicrosoftBookingsReplica, client: httpx.Client, change: dict[str, Any], message: str
) -> None:
    answer = book(client, **change)

    assert answer.status_code == 400
    assert answer.json() == {"error": {"code": "InvalidRequest", "message": message}}
    assert replica.bookings() == []


def test_bodies_that_are_no_appointment_are_refused(client: httpx.Client) -> None:
    not_json = client.post(
        f"{SHARED_API}/appointments", content=b"{", headers={"Content-Type": "application/json"}
    )
    bare = client.post(f"{SHARED_API}/appointments", json={"startTime": wall(FIRST)})
    unknown_service = book(client, service="nope")
    unknown_page = book(client, api=f"{API_PREFIX}nobody@contoso.com")

    assert [not_json.status_code, bare.status_code, unknown_service.status_code] == [400, 400, 400]
    assert unknown_page.status_code == 404


def test_a_booking_can_be_cancelled(replica: MicrosoftBookingsReplica, client: httpx.Client) -> None:
    made = book(client).json()["appointmentId"]

    assert client.delete(f"{SHARED_API}/appointments/{made}").status_code == 200
    assert client.delete(f"{SHARED_API}/appointments/{made}").status_code == 404
    assert replica.bookings() == []
    assert book(client).status_code == 200


# --- email verification -----------------------------------------------------------------------------------


def test_a_personal_page_books_only_with_the_emailed_code(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    first = book(client, api=PERSONAL_API, service=MEETING, length=45)

    assert first.status_code == 500
    assert VERIFICATION_REQUIRED in first.text
    assert replica.bookings() == []
    code = replica.email_codes()["ana@example.com"]
    assert re.fullmatch(r"\d{6}", code)

    wrong = book(client, api=PERSONAL_API, service=MEETING, length=45, verificationCode="x" + code[1:])

    assert (wrong.status_code, wrong.json()["error"]["code"]) == (400, "InvalidCode")
    assert replica.bookings() == []

    right = book(client, api=PERSONAL_API, service=MEETING, length=45, verificationCode=code)

    assert right.status_code == 200
    [made] = replica.bookings()
    assert (made.start, made.end) == (FIRST, FIRST + timedelta(minutes=45))
    assert replica.email_codes() == {}
    assert replica.submissions() == 3
    again = book(client, api=PERSONAL_API, service=MEETING, length=45, verificationCode=code)
    assert again.status_code == 409


def test_a_shared_page_asks_for_a_code_when_the_scenario_says_so(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(email_code=True)

    first = book(client)
    unsent = book(client, customer={"emailAddress": "bo@example.com"}, verificationCode="123456")

    assert (first.status_code, first.json()["error"]["code"]) == (500, VERIFICATION_REQUIRED)
    assert (unsent.status_code, unsent.json()["error"]["code"]) == (400, "InvalidCode")
    assert book(client, verificationCode=replica.email_codes()["ana@example.com"]).status_code == 200
    assert len(replica.bookings()) == 1


# --- the awkward cases -----------------------------------------------------------------------------------


def test_a_time_taken_while_the_form_is_open_is_refused(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(slot_taken_before_submit=True)
    assert len(starts_of(availability(client, NOW, LATER))) == 2  # listing alone takes nothing

    opened = client.get(f"{SHARED_API}/services/svc-intro/availability", params={"start": FIRST.isoformat()})
    answer = book(client)

    assert opened.json()["isAvailable"] is False
    assert (answer.status_code, answer.json()["error"]["message"]) == (409, SLOT_UNAVAILABLE)
    assert starts_of(availability(client, NOW, LATER)) == ["2030-03-04T12:30:00"]
    assert replica.bookings() == []
    assert replica.submissions() == 1


def test_a_captcha_page_refuses_a_booking_without_a_solved_token(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(captcha=True)

    unsolved = book(client)
    forged = book(client, captchaToken="made-up")
    token = page_config(client)["captcha_token"]
    solved = book(client, captchaToken=token)

    assert (unsolved.status_code, unsolved.json()["error"]["code"]) == (400, "CaptchaRequired")
    assert forged.status_code == 400
    assert solved.status_code == 200
    assert (len(replica.bookings()), replica.submissions()) == (1, 3)


def test_a_required_question_must_be_answered(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(required_question="What is your company?")
    [service] = client.get(f"{SHARED_API}/services").json()["service"]

    unanswered = book(client)
    answered = book(
        client, customer={"answeredCustomQuestions": [{"questionId": REQUIRED_QUESTION_ID, "answer": "Acme"}]}
    )

    assert service["customQuestions"][0]["question"] == "What is your company?"
    assert (unanswered.status_code, unanswered.json()["error"]["message"]) == (
        400,
        "What is your company? is required",
    )
    assert answered.status_code == 200
    assert replica.bookings()[0].answers == {"What is your company?": "Acme"}


def test_a_dropped_answer_still_records_the_booking(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(drop_after_submit=True)

    with pytest.raises(httpx.RemoteProtocolError):
        book(client)

    assert [b.start for b in replica.bookings()] == [FIRST]
    assert replica.submissions() == 1


def test_sign_in_and_payment_walls_refuse_a_bare_booking(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    replica.scenario = PageScenario(sign_in=True)
    refused = book(client)
    assert (refused.status_code, refused.json()["error"]["code"]) == (401, "AuthenticationRequired")

    replica.scenario = PageScenario(payment=True)
    unpaid = book(client)
    paid = book(
        client, payment={"cardNumber": "4242 4242 4242 4242", "expiry": "12/34", "securityCode": "123"}
    )

    assert (unpaid.status_code, unpaid.json()["error"]["code"]) == (402, "PaymentRequired")
    assert paid.status_code == 200
    assert replica.bookings()[0].answers == {"Payment": "card ending 4242"}


def test_a_slow_confirmation_answers_after_its_delay(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    replica.scenario.confirm_delay = 0.4
    began = time.monotonic()

    answer = book(client)

    assert answer.status_code == 200
    assert time.monotonic() - began >= 0.4


def test_the_admin_routes_set_the_scenario_report_and_reset(
    replica: MicrosoftBookingsReplica, client: httpx.Client
) -> None:
    assert client.post("/_replica/scenario", json={"captcha": True}).json()["captcha"] is True
    assert replica.scenario.captcha is True
    assert client.post("/_replica/scenario", json={"nonsense": 1}).status_code == 400
    client.post("/_replica/scenario", json={})
    book(client)

    state = client.get("/_replica/state").json()

    assert [b["start"] for b in state["bookings"]] == [FIRST.isoformat()]
    assert state["submissions"] == 1
    assert [r["path"] for r in state["requests"]] == [f"{SHARED_API}/appointments"]  # admin routes not logged
    client.post("/_replica/reset")
    assert (replica.bookings(), replica.submissions(), replica.requests) == ([], 0, [])
    assert len(starts_of(availability(client, NOW, LATER))) == 2


def test_the_replica_refuses_bad_pages_and_offers() -> None:
    replica = MicrosoftBookingsReplica()
    with pytest.raises(ValueError, match="mailbox"):
        replica.add_shared("not a mailbox")
    with pytest.raises(ValueError, match="user"):
        replica.add_personal("someone@contoso.com", MEETING)
    with pytest.raises(ValueError, match="time zone"):
        replica.add_shared(MAILBOX, zone="Mars/Olympus")
    replica.add_shared(MAILBOX, zone="W. Europe Standard Time", service_id="a")
    replica.add_shared(MAILBOX, service="Other", service_id="b")
    with pytest.raises(KeyError):
        replica.offer(MAILBOX, [FIRST])  # two services: name one
    replica.offer(MAILBOX, [FIRST], service="Other")
    assert [(s.id, s.zone, s.starts) for b in replica.businesses() for s in b.services.values()] == [
        ("a", "Europe/Berlin", set()),
        ("b", "America/New_York", {FIRST}),
    ]


# --- in a browser ------------------------------------------------------------------------------------------


def test_chromium_books_a_time_on_a_shared_page_loaded_as_outlook() -> None:
    zone = ZoneInfo("America/New_York")
    day = datetime.now(UTC) + timedelta(days=3)
    starts = [
        day.replace(hour=hour, minute=minute, second=0, microsecond=0) for hour, minute in ((15, 0), (15, 30))
    ]
    starts.append(starts[0] + timedelta(days=1))
    chosen = starts[1]
    local = chosen.astimezone(zone)

    with MicrosoftBookingsReplica() as replica, launched_chromium() as browser:
        replica.add_shared(MAILBOX, service="Discovery call", starts=starts)
        with replica_page(browser, replica.origin, MAPPED_HOSTS, timezone_id="America/New_York") as routed:
            page = routed.page
            page.goto(f"https://outlook.office365.com/book/{MAILBOX}/?ismsaljsauthenabled")

            zone_line = page.locator('[data-testid="timezone"]')
            expect(zone_line).to_have_attribute("data-zone", "America/New_York")
            expect(zone_line).to_contain_text("Eastern Time (US & Canada) · America/New_York")
            expect(page.get_by_text("Discovery call", exact=True)).to_be_visible()
            expect(page.get_by_text("30 minutes", exact=True)).to_be_visible()
            today = datetime.now(zone)
            if (local.year, local.month) != (today.year, today.month):
                page.locator('button[aria-label="Next month"]').click()
            expect(page.get_by_role("grid")).to_be_visible()
            page.locator(f'button[aria-label="{local:%A}, {local:%B} {local.day}, {local.year}"]').click()
            slot = page.locator(f'button[data-start="{local.isoformat()}"]')
            expect(slot).to_have_text(re.compile(r"^\d{1,2}:\d{2} (AM|PM)$"))
            expect(slot).to_have_text(f"{local:%-I:%M %p}")
            slot.click()
            page.get_by_label("Name", exact=True).fill("Ana Lead")
            page.get_by_label("Email", exact=True).fill("ana@example.com")
            page.get_by_label("Notes (optional)", exact=True).fill("Looking forward")
            page.get_by_role("button", name="Book", exact=True).click()

            expect(page.get_by_text("Your booking has been confirmed")).to_be_visible()
            expect(page.get_by_role("heading", name="Booking confirmed")).to_be_visible()

        [made] = replica.bookings()
        assert (made.start, made.name, made.email, made.notes) == (
            chosen,
            "Ana Lead",
            "ana@example.com",
            "Looking forward",
        )
        assert replica.submissions() == 1
    assert routed.outside == []
    assert routed.errors == []
