"""The calendar, availability and suggestion routes over a real database (both backends)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from schedlink.api.app import create_app
from schedlink.service import jobs
from schedlink.service.context import JobContext
from schedlink.service.team_calendars import NewCalendar, add_calendar, refresh_calendar
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database
from schedlink.store.models import WorkspaceRow

pytestmark = pytest.mark.integration

BUSY_TUESDAY = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1@test\r\n"
    "DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=America/New_York:20260303T120000\r\n"
    "DTEND;TZID=America/New_York:20260303T130000\r\nSUMMARY:Lunch with a customer\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n"
)
TUESDAY = {"start": "2026-03-03T05:00:00Z", "end": "2026-03-04T05:00:00Z"}


@dataclass(frozen=True)
class Tenant:
    headers: dict[str, str]


def _tenant(db: Database, name: str) -> Tenant:
    created = create_workspace(db, NewWorkspace(name=name, timezone="America/New_York"))
    return Tenant({"Authorization": f"Bearer {created.api_key}"})


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


@pytest.fixture
def acme(db: Database) -> Tenant:
    return _tenant(db, "Acme")


def test_a_calendar_added_over_http_waits_for_the_worker(
    client: TestClient, acme: Tenant, db: Database
) -> None:
    response = client.post(
        "/v1/calendars",
        json={"kind": "ics_file", "content": BUSY_TUESDAY, "label": "Sam"},
        headers=acme.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["status"], body["label"], body["busy_intervals"]) == ("pending", "Sam", 0)
    assert len(jobs.due_jobs(db)) == 1  # the read is queued, not done in the request
    listed = client.get("/v1/calendars", headers=acme.headers).json()["items"]
    assert [item["id"] for item in listed] == [body["id"]]
    # Until it is read, availability says so rather than pretending the team is free.
    answer = client.get("/v1/availability", params=TUESDAY, headers=acme.headers)
    assert answer.status_code == 200
    assert "not been read" in answer.headers["Schedlink-Warning"]


def test_availability_answers_free_intervals_in_utc(client: TestClient, acme: Tenant, db: Database) -> None:
    [workspace_id] = _workspace_ids(db)
    view = add_calendar(db, workspace_id, NewCalendar("ics_file", content=BUSY_TUESDAY), actor="test")
    context = JobContext()
    try:  # read as of the week before, as the worker would have then
        refresh_calendar(db, workspace_id, view.id, context, at=datetime(2026, 2, 24, tzinfo=UTC))
    finally:
        context.close()
    answer = client.get("/v1/availability", params=TUESDAY, headers=acme.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json() == [
        {"start": "2026-03-03T14:00:00Z", "end": "2026-03-03T17:00:00Z"},
        {"start": "2026-03-03T18:00:00Z", "end": "2026-03-03T22:00:00Z"},
    ]
    assert "Schedlink-Warning" not in answer.headers


def test_availability_outside_the_span_the_calendars_were_read_for_is_refused(
    client: TestClient, acme: Tenant, db: Database
) -> None:
    [workspace_id] = _workspace_ids(db)
    view = add_calendar(db, workspace_id, NewCalendar("ics_file", content=BUSY_TUESDAY), actor="test")
    context = JobContext()
    try:  # read a year later: the Tuesday asked about is before anything the read covered
        refresh_calendar(db, workspace_id, view.id, context, at=datetime(2027, 2, 24, tzinfo=UTC))
    finally:
        context.close()
    answer = client.get("/v1/availability", params=TUESDAY, headers=acme.headers)
    assert answer.status_code == 422
    assert (
        "calendars were read for 2027-02-23T00:00Z to 2028-02-25T00:00Z" in answer.json()["error"]["message"]
    )


def _workspace_ids(db: Database) -> list[uuid.UUID]:
    with db.read() as session:
        return list(session.scalars(select(WorkspaceRow.id)))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-03-03T05:00:00", "end": "2026-03-04T05:00:00Z"}, "start"),
        ({"start": "2026-03-04T05:00:00Z", "end": "2026-03-03T05:00:00Z"}, "end"),
        ({"start": "2026-03-03T05:00:00Z", "end": "2027-03-05T05:00:00Z"}, "end"),
        ({"start": "yesterday", "end": "2026-03-04T05:00:00Z"}, "start"),
    ],
)
def test_bad_availability_periods_are_422(
    client: TestClient, acme: Tenant, params: dict[str, str], field: str
) -> None:
    answer = client.get("/v1/availability", params=params, headers=acme.headers)
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0]["field"] == field


def test_bad_calendars_are_422_with_the_field(client: TestClient, acme: Tenant) -> None:
    answer = client.post(
        "/v1/calendars", json={"kind": "ics_url", "url": "ftp://x.example/a.ics"}, headers=acme.headers
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0]["field"] == "url"
    answer = client.post("/v1/calendars", json={"kind": "exchange"}, headers=acme.headers)
    assert answer.status_code == 422


def test_calendars_and_tasks_of_another_workspace_are_404(
    client: TestClient, acme: Tenant, db: Database
) -> None:
    other = _tenant(db, "Other")
    created = client.post(
        "/v1/calendars", json={"kind": "ics_file", "content": BUSY_TUESDAY}, headers=acme.headers
    )
    calendar_id = created.json()["id"]
    assert client.delete(f"/v1/calendars/{calendar_id}", headers=other.headers).status_code == 404
    assert client.post(f"/v1/calendars/{calendar_id}/refresh", headers=other.headers).status_code == 404
    assert client.get("/v1/calendars", headers=other.headers).json()["items"] == []
    assert client.delete(f"/v1/calendars/{calendar_id}", headers=acme.headers).status_code == 204
    assert client.delete(f"/v1/calendars/{calendar_id}", headers=acme.headers).status_code == 404
    assert client.post("/v1/tasks/not-a-task/suggestions", headers=acme.headers).status_code == 404


def test_refreshing_suggestions_of_a_task(client: TestClient, acme: Tenant) -> None:
    posted = client.post(
        "/v1/inbound",
        json={
            "message_id": "m-1",
            "received_at": "2026-03-02T12:00:00Z",
            "lead": {"email": "jo@reyes.io", "name": "Jo Reyes"},
            "text": "Please book a time through my link https://calendly.com/jo-reyes/30min",
        },
        headers=acme.headers,
    ).json()
    task_id = posted["task_id"]
    task = client.get(f"/v1/tasks/{task_id}", headers=acme.headers).json()
    assert (task["suggestions_state"], task["suggested_slots"]) == ("waiting", [])
    answer = client.post(f"/v1/tasks/{task_id}/suggestions", headers=acme.headers)
    assert answer.status_code == 202
    client.post(
        f"/v1/tasks/{task_id}/resolve", json={"status": "dismissed", "note": "no"}, headers=acme.headers
    )
    closed = client.post(f"/v1/tasks/{task_id}/suggestions", headers=acme.headers)
    assert closed.status_code == 409


def test_a_calendar_file_may_be_larger_than_other_bodies(client: TestClient, acme: Tenant) -> None:
    event = BUSY_TUESDAY.split("BEGIN:VEVENT")[1].split("END:VEVENT")[0]
    padding = "".join(
        f"BEGIN:VEVENT{event.replace('UID:1@', f'UID:{n}@')}END:VEVENT\r\n" for n in range(9000)
    )
    big = BUSY_TUESDAY.replace("END:VCALENDAR", padding + "END:VCALENDAR")
    assert 1_000_000 < len(big) < 5_000_000
    accepted = client.post("/v1/calendars", json={"kind": "ics_file", "content": big}, headers=acme.headers)
    assert accepted.status_code == 201, accepted.text[:200]
    huge = {"kind": "ics_file", "content": "BEGIN:VCALENDAR\r\n" + "X" * 6_100_000}
    refused = client.post("/v1/calendars", json=huge, headers=acme.headers)
    assert refused.status_code == 413
    elsewhere = client.post(
        "/v1/inbound",
        content=b"{" + b" " * 1_100_000 + b"}",
        headers={**acme.headers, "Content-Type": "application/json"},
    )
    assert elsewhere.status_code == 413


def test_scheduling_rules_are_read_and_changed_in_part(
    client: TestClient, acme: Tenant, db: Database
) -> None:
    defaults = client.get("/v1/scheduling", headers=acme.headers).json()
    assert (defaults["meeting_minutes"], defaults["days_ahead"], defaults["holidays"]) == (30, 14, [])
    changed = client.patch(
        "/v1/scheduling",
        json={
            "meeting_minutes": 45,
            "holidays": ["2026-12-25"],
            "date_overrides": {"2026-12-24": [["09:00", "12:00"]]},
        },
        headers=acme.headers,
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["meeting_minutes"], body["slot_step_minutes"], body["holidays"]) == (45, 30, ["2026-12-25"])
    assert body["date_overrides"] == {"2026-12-24": [["09:00", "12:00"]]}
    other = _tenant(db, "Other")
    assert client.get("/v1/scheduling", headers=other.headers).json()["meeting_minutes"] == 30


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"meeting_minutes": 2}, "meeting_minutes"),
        ({"holidays": ["Christmas"]}, "holidays"),
        ({"date_overrides": {"2026-12-24": [["12:00", "09:00"]]}}, "date_overrides"),
        ({"lunch_minutes": 60}, "lunch_minutes"),
    ],
)
def test_unusable_scheduling_rules_are_422_and_change_nothing(
    client: TestClient, acme: Tenant, change: dict[str, object], field: str
) -> None:
    answer = client.patch("/v1/scheduling", json=change, headers=acme.headers)
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][0]["field"] == field
    assert client.get("/v1/scheduling", headers=acme.headers).json()["meeting_minutes"] == 30


def test_a_calendar_that_read_fine_keeps_what_it_skipped_as_a_note_not_an_error(db: Database) -> None:
    from datetime import UTC, datetime, timedelta

    from service_helpers import workspace

    from schedlink.service.team_calendars import NewCalendar, add_calendar

    day = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y%m%d")
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:a\r\nDTSTART:{day}T150000Z\r\nDTEND:{day}T160000Z\r\nTRANSP:TRANSPARENT\r\n"
        "SUMMARY:free\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    ws = workspace(db)
    view = add_calendar(
        db, ws, NewCalendar(kind="ics_file", content=ics, label="t"), actor="t", read_now=True
    )
    assert view.status == "ok"
    assert view.error is None
    assert view.note is not None
    assert "free" in view.note


def test_a_region_is_not_a_time_zone(db: Database) -> None:
    from service_helpers import workspace

    from schedlink.service.errors import InvalidRequest

    with pytest.raises(InvalidRequest, match="is a region, not a time zone"):
        workspace(db, timezone="America")
