"""The generic scheduler replica over real HTTP: the page it serves, its booking call and its refusals,
the beacon before any submit, the scenario knobs and the admin routes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from schedlink.replicas.generic_scheduler import BOOK_PATH, SLOT_GONE, VIEW_PATH, GenericSchedulerReplica
from schedlink.replicas.page_scenario import PageScenario

pytestmark = pytest.mark.integration

NOW = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
KEY = "jo-reyes/intro"
FIRST = datetime(2030, 3, 12, 13, 30, tzinfo=UTC)
SECOND = datetime(2030, 3, 12, 14, 0, tzinfo=UTC)
PAST = datetime(2030, 2, 27, 15, 0, tzinfo=UTC)


@pytest.fixture
def replica() -> Iterator[GenericSchedulerReplica]:
    with GenericSchedulerReplica(now=lambda: NOW) as server:
        server.add_page(KEY, starts=[FIRST, SECOND, PAST])
        yield server


@pytest.fixture
def client(replica: GenericSchedulerReplica) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=replica.origin, timeout=5) as http:
        yield http


def book(client: httpx.Client, start: datetime = FIRST, **extra: Any) -> httpx.Response:
    body = {"page": KEY, "start": start.isoformat(), "name": "Sam Seller", "email": "sam@acme.io", **extra}
    return client.post(BOOK_PATH, json=body)


def test_the_page_names_its_zone_length_and_free_times(
    client: httpx.Client, replica: GenericSchedulerReplica
) -> None:
    page = client.get(f"/{KEY}")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for words in (
        'role="grid"',
        "Next month",
        '"zone": "America/New_York"',
        '"length": 30',
        "Booking confirmed",
    ):
        assert words in page.text
    assert "2030-03-12T13:30:00Z" in page.text
    assert "2030-02-27" not in page.text  # past times are not offered
    replica.scenario = PageScenario(page_zone="Europe/Berlin", required_question="Budget?", captcha=True)
    changed = client.get(f"/{KEY}").text
    assert '"zone": "Europe/Berlin"' in changed
    assert '"question": "Budget?"' in changed
    assert '"captcha": null' not in changed
    assert client.get("/nobody/here").status_code == 404


def test_a_time_is_booked_once(client: httpx.Client, replica: GenericSchedulerReplica) -> None:
    made = book(client)
    assert made.status_code == 201
    assert made.json()["status"] == "confirmed"
    assert made.json()["id"] == replica.bookings()[0].id
    assert [b.start for b in replica.bookings()] == [FIRST]
    again = book(client)
    assert (again.status_code, again.json()["message"]) == (409, SLOT_GONE)
    assert book(client, PAST).status_code == 409
    assert book(client, name="").status_code == 400
    assert book(client, email="not an address").status_code == 400
    assert client.get(BOOK_PATH).status_code == 405
    assert replica.submissions() == 5
    assert "2030-03-12T13:30:00Z" not in client.get(f"/{KEY}").text  # taken: no longer listed


def test_questions_captchas_and_the_beacon(client: httpx.Client, replica: GenericSchedulerReplica) -> None:
    replica.scenario = PageScenario(required_question="Budget?")
    assert book(client).status_code == 400
    assert book(client, answers={"Budget?": "10k"}).status_code == 201
    replica.scenario = PageScenario(captcha=True)
    assert book(client, SECOND).json()["message"] == "Please complete the captcha"
    replica.scenario = PageScenario(slot_taken_before_submit=True)
    assert client.post(VIEW_PATH, json={"page": KEY, "start": SECOND.isoformat()}).status_code == 204
    assert (book(client, SECOND).status_code, replica.submissions()) == (409, 4)  # beacons are not counted


def test_a_slow_or_cut_answer(client: httpx.Client, replica: GenericSchedulerReplica) -> None:
    replica.scenario = PageScenario(confirm_delay=0.4)
    started = time.monotonic()
    assert book(client).status_code == 201
    assert time.monotonic() - started >= 0.4
    replica.scenario = PageScenario(drop_after_submit=True)
    with pytest.raises(httpx.TransportError):
        book(client, SECOND)
    assert [b.start for b in replica.bookings()] == [FIRST, SECOND]  # kept, though nobody heard it


def test_the_admin_routes(client: httpx.Client, replica: GenericSchedulerReplica) -> None:
    book(client)
    state = client.get("/_replica/state").json()
    assert state["submissions"] == 1
    assert state["bookings"][0]["start"] == "2030-03-12T13:30:00Z"
    assert [r["path"] for r in state["requests"]] == [BOOK_PATH]
    set_to = client.post("/_replica/scenario", json={"confirm_without_call": True})
    assert set_to.json()["confirm_without_call"] is True
    assert replica.scenario.confirm_without_call
    assert client.post("/_replica/scenario", json={"nope": 1}).status_code == 400
    assert client.post("/_replica/reset").json() == {"status": "ok"}
    assert (replica.submissions(), replica.bookings(), replica.requests) == (0, [], [])
    assert replica.scenario.confirm_without_call  # the scenario stays
