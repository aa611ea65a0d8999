"""Values that are valid JSON or a valid form but that no database should be handed: NUL characters and
unpaired surrogates in text, ids too large for a unique index, instants at the ends of the calendar,
numbers posing as times or booleans. Each is refused at the edge with a 422 naming the field (the API) or
a 422 page (the Booking tab), on SQLite and on PostgreSQL, and nothing is stored.
"""

from __future__ import annotations

import json
import re
import types
import typing
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from pydantic import AfterValidator, BaseModel
from service_helpers import counts, reply, workspace
from sqlalchemy import func, select
from typer.testing import CliRunner

from schedlink.api import fields as api_fields
from schedlink.api import scheduling_schemas, schemas
from schedlink.api.app import create_app
from schedlink.cli import app as cli_app
from schedlink.service import users
from schedlink.service.errors import InvalidRequest
from schedlink.service.inbound import MAX_MESSAGE_ID, MAX_MESSAGE_ID_BYTES, receive
from schedlink.service.users import add_user
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database
from schedlink.store.models import CalendarSourceRow, InboundMessageRow, ReviewTaskRow, WebSessionRow

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"
BOOK_ME = "Please book a time through my calendar: https://calendly.com/jo-reyes/30min"
ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\n"
    "DTSTAMP:20260301T000000Z\r\nDTSTART:20260312T150000Z\r\nDTEND:20260312T160000Z\r\n"
    "SUMMARY:Busy\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
NUL = "\x00"
LONE_SURROGATE = "\ud800"


@dataclass(frozen=True)
class Api:
    db: Database
    client: TestClient
    headers: dict[str, str]
    task_id: str


@pytest.fixture
def api(db: Database) -> Iterator[Api]:
    created = create_workspace(db, NewWorkspace(name="Acme", timezone="America/New_York"))
    headers = {"Authorization": f"Bearer {created.api_key}"}
    answer = receive(db, created.workspace_id, reply(BOOK_ME, "m-first")).answer
    assert answer["task_id"], answer
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        yield Api(db, client, headers, answer["task_id"])


def _refused(response: httpx2.Response, field: str) -> dict[str, Any]:
    assert response.status_code == 422, response.text
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == "invalid_request", error
    assert field in [entry["field"] for entry in error["fields"]], error
    return error


def _post(api: Api, path: str, body: dict[str, Any]) -> httpx2.Response:
    """POST ``body`` as ASCII JSON, so that lone surrogates travel as ``\\ud800`` escapes."""
    headers = {**api.headers, "Content-Type": "application/json"}
    return api.client.post(path, content=json.dumps(body).encode(), headers=headers)


def _reply_body(message_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "received_at": "2026-03-10T15:00:00Z",
        "lead": {"email": "jo@reyes.io"},
        "text": BOOK_ME,
        **changes,
    }


def _messages(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(InboundMessageRow)) or 0


def _task_status(db: Database, task_id: str) -> str:
    with db.read() as session:
        task = session.get(ReviewTaskRow, uuid.UUID(task_id))
        assert task is not None
        return task.status


def _calendars(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(CalendarSourceRow)) or 0


# --- text the database cannot store -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parameter"),
    [("/v1/leads", "email"), ("/v1/tasks", "provider"), ("/v1/tasks", "campaign_name")],
)
def test_a_nul_in_a_query_parameter_is_refused(api: Api, path: str, parameter: str) -> None:
    response = api.client.get(path, params={parameter: f"jo{NUL}@reyes.io"}, headers=api.headers)

    _refused(response, parameter)


@pytest.mark.parametrize("field", ["label", "url", "username", "password"])
@pytest.mark.parametrize("bad", [NUL, LONE_SURROGATE], ids=["nul", "lone-surrogate"])
def test_unstorable_text_in_a_calendar_is_refused_and_nothing_is_stored(
    api: Api, field: str, bad: str
) -> None:
    body = {"kind": "caldav", "url": "https://dav.example.com/cal/", "username": "sam", "password": "pw"}
    body[field] = f"a{bad}b"

    response = _post(api, "/v1/calendars", body)

    _refused(response, field)
    assert _calendars(api.db) == 0


def test_a_nul_in_an_uploaded_calendars_content_is_refused(api: Api) -> None:
    content = ICS.replace("SUMMARY:Busy", f"SUMMARY:Bu{NUL}sy")

    response = api.client.post(
        "/v1/calendars", json={"kind": "ics_file", "content": content}, headers=api.headers
    )

    _refused(response, "content")
    assert _calendars(api.db) == 0


@pytest.mark.parametrize("field", ["note", "by"])
@pytest.mark.parametrize("bad", [NUL, LONE_SURROGATE], ids=["nul", "lone-surrogate"])
def test_unstorable_text_in_a_resolution_is_refused_and_the_task_stays_open(
    api: Api, field: str, bad: str
) -> None:
    body = {"status": "dismissed", "note": "not a fit", field: f"x{bad}y"}

    response = _post(api, f"/v1/tasks/{api.task_id}/resolve", body)

    _refused(response, field)
    assert _task_status(api.db, api.task_id) == "open"


def test_a_nul_in_the_scheduling_rules_is_refused(api: Api) -> None:
    _refused(
        api.client.patch("/v1/scheduling", json={"holidays": [f"2026-12-25{NUL}"]}, headers=api.headers),
        "holidays.0",
    )


def test_a_nul_in_the_replys_own_text_is_still_stored_as_a_replacement_character(api: Api) -> None:
    body = _reply_body("m-nul", text=f"Hi{NUL} there", lead={"email": "bo@bo.io", "name": f"B{NUL}o"})

    response = api.client.post("/v1/inbound", json=body, headers=api.headers)

    assert response.status_code == 200, response.text
    assert _messages(api.db) == 2


def _text_annotations(annotation: Any, metadata: list[Any]) -> Iterator[tuple[Any, list[Any]]]:
    """Every ``str`` inside ``annotation`` with the metadata it carries."""
    if annotation is str:
        yield annotation, metadata
        return
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _text_annotations(inner, [*metadata, *extra])
        return
    for argument in typing.get_args(annotation):
        if origin in (typing.Union, types.UnionType) or origin in (list, dict, tuple, set, frozenset):
            yield from _text_annotations(argument, [])


def test_every_text_field_of_every_request_model_refuses_unstorable_text() -> None:
    """The rule holds by construction: a new request model with a plain ``str`` field fails here."""
    reply_models = {schemas.InboundIn, schemas.LeadIn}  # documented: stored as U+FFFD instead
    models: list[type[BaseModel]] = [
        model
        for module in (schemas, scheduling_schemas)
        for model in vars(module).values()
        if isinstance(model, type) and issubclass(model, schemas.Strict) and model is not schemas.Strict
    ]
    assert {schemas.ResolveIn, scheduling_schemas.CalendarIn, scheduling_schemas.SchedulingIn} <= set(models)
    for model in models:
        assert model.model_config.get("strict") is True, model
        if model in reply_models:
            continue
        for name, field in model.model_fields.items():
            for _, metadata in _text_annotations(field.annotation, list(field.metadata)):
                checks = [m.func for m in metadata if isinstance(m, AfterValidator)]
                assert api_fields.clean_text in checks, f"{model.__name__}.{name} is not CleanText"


# --- message ids too large for the unique index -------------------------------------------------


def test_a_message_id_of_998_emoji_is_refused_by_its_size_in_bytes(api: Api) -> None:
    response = api.client.post("/v1/inbound", json=_reply_body("😀" * MAX_MESSAGE_ID), headers=api.headers)

    error = _refused(response, "message_id")
    assert f"{MAX_MESSAGE_ID_BYTES} bytes" in error["message"]
    assert _messages(api.db) == 1


def test_a_message_id_of_exactly_the_byte_limit_is_stored_and_replayed(api: Api) -> None:
    message_id = "😀" * (MAX_MESSAGE_ID_BYTES // 4)
    first = api.client.post("/v1/inbound", json=_reply_body(message_id), headers=api.headers)
    again = api.client.post("/v1/inbound", json=_reply_body(message_id), headers=api.headers)

    assert first.status_code == again.status_code == 200, first.text
    assert again.headers["schedlink-replayed"] == "true"
    assert _messages(api.db) == 2


def test_the_service_refuses_a_message_id_over_the_byte_limit_too(db: Database) -> None:
    """Imports reach the service without the API's model; the service keeps the same limit."""
    workspace_id = workspace(db)
    with pytest.raises(InvalidRequest, match="message_id: at most 1000 bytes"):
        receive(db, workspace_id, reply(BOOK_ME, "😀" * 251))
    # A NUL is stored as U+FFFD (three bytes), so the limit applies to the id as stored.
    with pytest.raises(InvalidRequest, match="message_id: at most 1000 bytes"):
        receive(db, workspace_id, reply(BOOK_ME, "m" * 990 + NUL * 5))
    assert counts(db)["messages"] == 0


# --- instants --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "received_at",
    [
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:59:59-05:00",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "1969-12-31T23:59:59Z",
        "2200-01-01T00:00:00Z",
        "2199-12-31T23:59:59-00:01",
    ],
)
def test_a_received_at_at_the_ends_of_the_calendar_is_refused(api: Api, received_at: str) -> None:
    response = api.client.post(
        "/v1/inbound", json=_reply_body("m-edge", received_at=received_at), headers=api.headers
    )

    error = _refused(response, "received_at")
    assert "1970-01-01T00:00:00Z to 2199-12-31T23:59:59Z" in error["message"]
    assert _messages(api.db) == 1


@pytest.mark.parametrize("received_at", ["1970-01-01T00:00:00Z", "2199-12-31T23:59:59.999999999+00:00"])
def test_the_ends_of_the_accepted_range_are_accepted(api: Api, received_at: str) -> None:
    response = api.client.post(
        "/v1/inbound", json=_reply_body(f"m-{received_at}", received_at=received_at), headers=api.headers
    )

    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "received_at",
    [0, 1700000000, 1700000000.5, "1700000000", "1700000000.5", "2026-03-10", "2026-03-10T15:00:00", True],
)
def test_numbers_and_times_without_offset_are_not_received_at(api: Api, received_at: Any) -> None:
    response = api.client.post(
        "/v1/inbound", json=_reply_body("m-number", received_at=received_at), headers=api.headers
    )

    _refused(response, "received_at")
    assert _messages(api.db) == 1


@pytest.mark.parametrize("booked_start", [0, "1700000000", "9999-12-31T23:00:00-05:00", "2026-03-12T14:30"])
def test_a_booked_start_must_be_a_real_instant(api: Api, booked_start: Any) -> None:
    response = api.client.post(
        f"/v1/tasks/{api.task_id}/resolve",
        json={"status": "done", "booked_start": booked_start},
        headers=api.headers,
    )

    _refused(response, "booked_start")
    assert _task_status(api.db, api.task_id) == "open"


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("9999-12-30T00:00:00Z", "9999-12-31T00:00:00Z", "start"),
        ("2199-12-30T00:00:00Z", "9999-12-31T00:00:00Z", "end"),
        ("0001-01-01T00:00:00Z", "0001-01-03T00:00:00Z", "start"),
        ("0001-01-01T00:00:00+05:00", "2026-01-03T00:00:00Z", "start"),
        ("1700000000", "2026-01-03T00:00:00Z", "start"),
    ],
)
def test_availability_at_the_ends_of_the_calendar_is_refused(
    api: Api, start: str, end: str, field: str
) -> None:
    response = api.client.get("/v1/availability", params={"start": start, "end": end}, headers=api.headers)

    _refused(response, field)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("9999-12-30T00:00:00-05:00", "9999-12-31T00:00:00Z"),
        ("0001-01-01T00:00:00+05:00", "0001-01-03T00:00:00Z"),
    ],
)
def test_the_availability_command_refuses_the_ends_of_the_calendar(
    database_url: str, db: Database, start: str, end: str
) -> None:
    workspace_id = workspace(db)
    period = ["--start", start, "--end", end]
    command = ["availability", "--workspace", str(workspace_id), *period, "--database-url", database_url]
    result = CliRunner().invoke(cli_app, command)

    assert result.exit_code == 2, result.output
    assert "--start: must be from 1970-01-01T00:00:00Z" in " ".join((result.stdout + result.stderr).split())


def test_availability_up_to_the_end_of_the_range_is_computed(api: Api) -> None:
    response = api.client.get(
        "/v1/availability",
        params={"start": "2199-01-01T00:00:00Z", "end": "2199-12-31T23:59:59Z"},
        headers=api.headers,
    )

    assert response.status_code == 200, response.text
    assert response.json()


# --- strict types ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tentative_busy": 0}, "tentative_busy"),
        ({"tentative_busy": "true"}, "tentative_busy"),
        ({"days_ahead": "5"}, "days_ahead"),
        ({"days_ahead": 5.0}, "days_ahead"),
        ({"meeting_minutes": True}, "meeting_minutes"),
    ],
)
def test_scheduling_rules_take_real_booleans_and_whole_numbers(
    api: Api, change: dict[str, Any], field: str
) -> None:
    before = api.client.get("/v1/scheduling", headers=api.headers).json()

    _refused(api.client.patch("/v1/scheduling", json=change, headers=api.headers), field)
    assert api.client.get("/v1/scheduling", headers=api.headers).json() == before


# --- error codes and Allow -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b'{"message_id": "m-\xff\xfe", "lead": {"email": "jo@reyes.io"}}'],
    ids=["deep-nesting", "invalid-utf8"],
)
def test_unreadable_bodies_are_malformed_json_as_documented(api: Api, body: bytes) -> None:
    response = api.client.post(
        "/v1/inbound", content=body, headers={**api.headers, "Content-Type": "application/json"}
    )

    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "malformed_json"
    assert _messages(api.db) == 1


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/v1/calendars", "GET, POST"),
        ("PUT", "/v1/scheduling", "GET, PATCH"),
        ("DELETE", "/v1/tasks", "GET"),
        ("TRACE", "/v1/inbound", "POST"),
    ],
)
def test_a_wrong_method_names_every_allowed_one(api: Api, method: str, path: str, allowed: str) -> None:
    response = api.client.request(method, path, headers=api.headers)

    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_the_readme_documents_the_codes_the_api_gives() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    for code in ("malformed_json", "invalid_request", "method_not_allowed", "too_large", "unavailable"):
        assert f"`{code}`" in readme, code
    assert "2199-12-31" in readme
    assert "1,000 bytes" in readme


# --- the Booking tab -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    db: Database
    client: TestClient
    task_id: str


@pytest.fixture
def site(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", quick)
    monkeypatch.setattr(users, "_DECOY_HASH", quick.hash("decoy"))
    workspace_id = workspace(db)
    add_user(db, workspace_id, "pat@acme.io", password=PASSWORD)
    answer = receive(db, workspace_id, reply(BOOK_ME, "m-page")).answer
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        yield Site(db, client, answer["task_id"])


def _token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert match, html
    return match.group(1)


def _sign_in(site: Site, email: str = "pat@acme.io") -> httpx2.Response:
    form = site.client.get("/signin")
    return site.client.post(
        "/signin",
        data={"email": email, "password": PASSWORD, "csrf_token": _token(form.text)},
        follow_redirects=False,
    )


def _refused_page(response: httpx2.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "cannot be stored" in response.text
    assert field in response.text


def test_a_nul_in_the_sign_in_email_is_refused_with_a_page(site: Site) -> None:
    _refused_page(_sign_in(site, email=f"pat{NUL}@acme.io"), "email")
    with site.db.read() as session:
        assert session.scalars(select(WebSessionRow)).all() == []


@pytest.mark.parametrize("parameter", ["q", "provider", "status"])
def test_a_nul_in_the_queues_filters_is_refused_with_a_page(site: Site, parameter: str) -> None:
    assert _sign_in(site).status_code == 303

    _refused_page(site.client.get("/booking", params={parameter: f"jo{NUL}"}), parameter)


def test_a_nul_in_the_dismiss_note_is_refused_and_the_task_stays_open(site: Site) -> None:
    _sign_in(site)
    token = _token(site.client.get(f"/booking/tasks/{site.task_id}").text)

    response = site.client.post(
        f"/booking/tasks/{site.task_id}/dismiss", data={"note": f"no{NUL}pe", "csrf_token": token}
    )

    _refused_page(response, "note")
    assert _task_status(site.db, site.task_id) == "open"


@pytest.mark.parametrize("booked_start", ["9999-12-31T23:30", "0001-01-01T00:10", "1969-06-01T10:00"])
def test_a_booked_time_at_the_ends_of_the_calendar_is_refused_on_the_page(
    site: Site, booked_start: str
) -> None:
    _sign_in(site)
    token = _token(site.client.get(f"/booking/tasks/{site.task_id}").text)

    response = site.client.post(
        f"/booking/tasks/{site.task_id}/booked", data={"booked_start": booked_start, "csrf_token": token}
    )

    assert response.status_code == 422, response.text
    assert "from 1970 to 2199" in response.text
    assert _task_status(site.db, site.task_id) == "open"


def test_a_nul_in_a_calendars_label_is_refused_with_a_page(site: Site) -> None:
    _sign_in(site)
    token = _token(site.client.get("/booking/settings").text)

    response = site.client.post(
        "/booking/settings/calendars",
        data={"csrf_token": token, "kind": "ics_file", "label": f"Te{NUL}am"},
        files={"file": ("team.ics", ICS.encode(), "text/calendar")},
    )

    _refused_page(response, "label")
    assert _calendars(site.db) == 0


def test_an_uploaded_calendar_with_nul_bytes_is_refused_on_the_page(site: Site) -> None:
    _sign_in(site)
    token = _token(site.client.get("/booking/settings").text)

    response = site.client.post(
        "/booking/settings/calendars",
        data={"csrf_token": token, "kind": "ics_file", "label": "Team"},
        files={"file": ("team.ics", ICS.replace("Busy", "Bu\x00sy").encode(), "text/calendar")},
    )

    assert response.status_code == 422, response.text
    assert "NUL bytes" in response.text
    assert _calendars(site.db) == 0
