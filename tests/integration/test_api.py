"""The HTTP API over a real database: the documented contract, its error shape, and what each call stores.

Every test runs on SQLite and on PostgreSQL (the ``db`` fixture), since idempotency, tenant isolation and
the one-open-task rule rest on database constraints that each backend enforces on its own.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from schedlink.api.app import create_app
from schedlink.api.limits import MAX_BODY_BYTES
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database
from schedlink.store.models import (
    AuditEventRow,
    InboundMessageRow,
    LeadRow,
    LinkSightingRow,
    ReviewTaskRow,
)

pytestmark = pytest.mark.integration

OWN_LINK = "https://calendly.com/acme-sales/intro"
JO_LINK = "https://calendly.com/jo-reyes/30min"
BOOK_ON_JO_LINK = f"Hi Sam,\n\nPlease book a time through my calendar: {JO_LINK}\n\nJo"
RECEIVED = "2026-03-10T15:00:00Z"
V1_PATHS = {
    "/v1/inbound",
    "/v1/leads",
    "/v1/leads/{lead_id}",
    "/v1/tasks",
    "/v1/tasks/{task_id}",
    "/v1/tasks/{task_id}/resolve",
    "/v1/notices",
}


@dataclass(frozen=True)
class Tenant:
    workspace_id: uuid.UUID
    headers: dict[str, str]


def _tenant(db: Database, name: str = "Acme Sales") -> Tenant:
    created = create_workspace(
        db,
        NewWorkspace(name=name, timezone="America/New_York", own_links=(OWN_LINK,), own_domains=("acme.io",)),
    )
    return Tenant(created.workspace_id, {"Authorization": f"Bearer {created.api_key}"})


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


@pytest.fixture
def acme(db: Database) -> Tenant:
    return _tenant(db)


def _reply(
    message_id: str,
    text: str = BOOK_ON_JO_LINK,
    *,
    email: str = "jo.reyes@example.com",
    name: str = "Jo Reyes",
    received_at: str = RECEIVED,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "channel": "email",
        "received_at": received_at,
        "lead": {"email": email, "name": name},
        "subject": "Re: quick intro",
        "text": text,
        **extra,
    }


def _post(client: TestClient, tenant: Tenant, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/v1/inbound", json=body, headers=tenant.headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _stored(db: Database) -> dict[str, int]:
    """How many rows each table the inbound service writes holds."""
    counts = {}
    with db.read() as session:
        for model in (InboundMessageRow, LeadRow, LinkSightingRow, ReviewTaskRow, AuditEventRow):
            counts[model.__tablename__] = session.scalar(select(func.count()).select_from(model)) or 0
    return counts


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The error object of a response, after checking it has exactly the documented shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error: dict[str, Any] = body["error"]
    expected_keys = {"code", "message", "fields"} if status == 422 else {"code", "message"}
    assert set(error) == expected_keys
    assert error["code"] == code
    assert isinstance(error["message"], str)
    assert error["message"].strip()
    return error


def _fields(error: dict[str, Any]) -> list[str]:
    return [entry["field"] for entry in error["fields"]]


# POST /v1/inbound


def test_a_booking_request_opens_a_task_on_the_leads_link(
    client: TestClient, db: Database, acme: Tenant
) -> None:
    response = client.post("/v1/inbound", json=_reply("m-1"), headers=acme.headers)

    assert response.status_code == 200, response.text
    assert response.headers["Schedlink-Replayed"] == "false"
    answer = response.json()
    assert answer["message_id"] == "m-1"
    uuid.UUID(answer["lead_id"])
    assert answer["link"] == JO_LINK
    assert answer["provider"] == "calendly"
    assert answer["intent"] == "book_via_link"
    assert answer["act"] is True
    assert answer["captured"] is True
    uuid.UUID(answer["task_id"])
    assert answer["received_at"] == RECEIVED
    stored = _stored(db)
    assert stored["inbound_messages"] == stored["leads"] == stored["link_sightings"] == 1
    assert stored["review_tasks"] == 1


def test_a_reply_that_is_not_a_booking_request_is_stored_and_its_link_captured_without_a_task(
    client: TestClient, db: Database, acme: Tenant
) -> None:
    kim_link = "https://calendly.com/kim-lee/15min"
    text = f"Not interested right now, thanks. If that changes my calendar is {kim_link}"

    answer = _post(client, acme, _reply("m-1", text, email="kim@lee.example", name="Kim Lee"))

    assert answer["intent"] == "not_interested"
    assert answer["act"] is False
    assert answer["task_id"] is None
    assert answer["link"] == kim_link
    assert answer["provider"] == "calendly"
    stored = _stored(db)
    assert stored["inbound_messages"] == stored["link_sightings"] == 1
    assert stored["review_tasks"] == 0
    lead = client.get(f"/v1/leads/{answer['lead_id']}", headers=acme.headers).json()
    assert lead["external_scheduling_link"] == kim_link

    plain = _post(client, acme, _reply("m-2", "Not interested, thanks.", email="bo@bo.example"))

    assert (plain["link"], plain["provider"], plain["act"], plain["task_id"]) == (None, None, False, None)
    assert _stored(db)["inbound_messages"] == 2


def test_a_redelivered_message_answers_the_same_and_stores_nothing_more(
    client: TestClient, db: Database, acme: Tenant
) -> None:
    first = client.post("/v1/inbound", json=_reply("m-1"), headers=acme.headers)
    before = _stored(db)

    again = client.post("/v1/inbound", json=_reply("m-1"), headers=acme.headers)
    altered = client.post(
        "/v1/inbound", json=_reply("m-1", "Not interested.", email="other@example.com"), headers=acme.headers
    )

    assert first.headers["Schedlink-Replayed"] == "false"
    assert again.status_code == 200
    assert again.headers["Schedlink-Replayed"] == "true"
    assert again.content == first.content
    _error(altered, 409, "message_id_reused")  # the same id with other content is not a redelivery
    assert _stored(db) == before


UNAUTHORIZED = {
    "missing": None,
    "wrong scheme": "Basic c2FtOnNlY3JldA==",
    "no scheme": "sl_" + "A" * 43,
    "unknown key": "Bearer not-a-schedlink-key",
    "random key with the prefix": "Bearer sl_" + "A" * 43,
}


def test_requests_without_a_valid_api_key_are_refused(client: TestClient, db: Database, acme: Tenant) -> None:
    for label, authorization in UNAUTHORIZED.items():
        headers = {} if authorization is None else {"Authorization": authorization}
        for response in (
            client.post("/v1/inbound", json=_reply("m-1"), headers=headers),
            client.get("/v1/tasks", headers=headers),
            client.get("/v1/notices", headers=headers),
        ):
            _error(response, 401, "unauthorized")
            assert response.headers["WWW-Authenticate"].startswith("Bearer"), label
    assert _stored(db)["inbound_messages"] == 0


def test_another_workspaces_lead_and_task_look_exactly_like_missing_ones(
    client: TestClient, db: Database, acme: Tenant
) -> None:
    other = _tenant(db, "Other Team")
    theirs = _post(client, other, _reply("m-1"))
    lead_id, task_id = theirs["lead_id"], theirs["task_id"]
    random_id = str(uuid.uuid4())

    for kind, foreign in (("leads", lead_id), ("tasks", task_id)):
        seen = set()
        for some_id in (foreign, random_id, "not-a-uuid"):
            error = _error(client.get(f"/v1/{kind}/{some_id}", headers=acme.headers), 404, "not_found")
            seen.add(error["message"].replace(repr(some_id), "<id>").replace(some_id, "<id>"))
        assert len(seen) == 1, seen
    resolve = client.post(
        f"/v1/tasks/{task_id}/resolve",
        json={"status": "done", "booked_start": "2026-03-12T20:00:00Z"},
        headers=acme.headers,
    )
    _error(resolve, 404, "not_found")
    assert client.get("/v1/leads", params={"email": "jo.reyes@example.com"}, headers=acme.headers).json() == {
        "items": []
    }
    assert client.get("/v1/tasks", headers=acme.headers).json()["total"] == 0
    assert client.get(f"/v1/tasks/{task_id}", headers=other.headers).json()["status"] == "open"


def _over_the_limit(message_id: str) -> bytes:
    """A body that would be accepted but for its size: valid JSON just over the byte limit."""
    body = _reply(message_id, "Please book through my calendar: " + JO_LINK + " " + "x" * 10)
    encoded = json.dumps(body).encode()
    body["html"] = "<p>" + "y" * (MAX_BODY_BYTES - len(encoded)) + "</p>"
    data = json.dumps(body).encode()
    assert MAX_BODY_BYTES < len(data) < MAX_BODY_BYTES + 100
    return data


def test_a_body_over_the_limit_is_refused_and_nothing_is_stored(
    client: TestClient, db: Database, acme: Tenant
) -> None:
    headers = {**acme.headers, "Content-Type": "application/json"}
    declared = client.post("/v1/inbound", content=_over_the_limit("m-1"), headers=headers)

    data = _over_the_limit("m-2")

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(data), 64 * 1024):
            yield data[start : start + 64 * 1024]

    streamed = client.post("/v1/inbound", content=chunks(), headers=headers)

    _error(declared, 413, "too_large")
    _error(streamed, 413, "too_large")
    assert streamed.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in streamed.request.headers
    assert _stored(db)["inbound_messages"] == 0
    assert _stored(db)["leads"] == 0


def test_a_body_not_sent_as_json_is_refused(client: TestClient, db: Database, acme: Tenant) -> None:
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.post(
            "/v1/inbound",
            content=json.dumps(_reply("m-1")).encode(),
            headers={**acme.headers, "Content-Type": content_type},
        )

        _error(response, 415, "unsupported_media_type")
    assert _stored(db)["inbound_messages"] == 0


def test_broken_json_is_a_bad_request(client: TestClient, db: Database, acme: Tenant) -> None:
    response = client.post(
        "/v1/inbound",
        content=b'{"message_id": "m-1", "lead": {"email": "jo@x.io"',
        headers={**acme.headers, "Content-Type": "application/json"},
    )

    _error(response, 400, "malformed_json")
    assert _stored(db)["inbound_messages"] == 0


INVALID_BODIES: dict[str, tuple[dict[str, Any], str]] = {
    "message_id as a number": ({"message_id": 12345}, "message_id"),
    "lead as a string": ({"lead": "jo.reyes@example.com"}, "lead"),
    "unknown top-level field": ({"priority": "high"}, "priority"),
    "unknown lead field": (
        {"lead": {"email": "jo.reyes@example.com", "company": "Reyes Co"}},
        "lead.company",
    ),
    "received_at without offset": ({"received_at": "2026-03-10T15:00:00"}, "received_at"),
    "lead with only a name": ({"lead": {"name": "Jo Reyes"}}, "lead"),
    "message_id too long": ({"message_id": "m" * 999}, "message_id"),
    "message_id blank": ({"message_id": "   "}, "message_id"),
    "unknown channel": ({"channel": "fax"}, "channel"),
    "text as a list": ({"text": ["not", "a", "string"]}, "text"),
}


def test_an_invalid_body_names_the_field_and_stores_nothing(
    client: TestClient, db: Database, acme: Tenant
) -> None:
    for label, (change, field) in INVALID_BODIES.items():
        body = {**_reply(f"m-{uuid.uuid4()}"), **change}

        response = client.post("/v1/inbound", json=body, headers=acme.headers)

        error = _error(response, 422, "invalid_request")
        assert field in _fields(error), label
        assert all(set(entry) == {"field", "message"} and entry["message"] for entry in error["fields"]), (
            label
        )
        stored = _stored(db)
        assert stored["inbound_messages"] == stored["leads"] == stored["review_tasks"] == 0, label


# Leads


def test_a_lead_by_id_and_by_email_carries_its_scheduling_link(client: TestClient, acme: Tenant) -> None:
    answer = _post(client, acme, _reply("m-1", email="Jo.Reyes@Example.com"))
    no_link = _post(client, acme, _reply("m-2", "Not interested, thanks.", email="bo@bo.example"))

    by_id = client.get(f"/v1/leads/{answer['lead_id']}", headers=acme.headers)
    by_email = client.get("/v1/leads", params={"email": "JO.REYES@example.COM"}, headers=acme.headers)
    unknown = client.get("/v1/leads", params={"email": "nobody@example.com"}, headers=acme.headers)
    bare = client.get(f"/v1/leads/{no_link['lead_id']}", headers=acme.headers).json()

    assert by_id.status_code == 200
    lead = by_id.json()
    assert lead["id"] == answer["lead_id"]
    assert lead["email"] == "jo.reyes@example.com"
    assert lead["external_scheduling_link"] == JO_LINK
    assert lead["external_scheduling_link_provider"] == "calendly"
    assert datetime.fromisoformat(lead["external_scheduling_link_last_seen_at"]) == datetime.fromisoformat(
        RECEIVED
    )
    assert by_email.status_code == 200
    assert by_email.json()["items"] == [lead]
    assert unknown.json() == {"items": []}
    assert bare["external_scheduling_link"] is None
    assert bare["external_scheduling_link_provider"] is None
    assert bare["external_scheduling_link_last_seen_at"] is None


# Tasks


def _three_tasks(client: TestClient, tenant: Tenant) -> dict[str, str]:
    """Open tasks for three leads on three providers; the task ids by provider."""
    replies = {
        "calendly": _reply("m-jo"),
        "calcom": _reply(
            "m-kim",
            "Happy to talk. Please grab a slot on my Cal.com page: https://cal.com/kim-lee/30min",
            email="kim@lee.example",
            name="Kim Lee",
        ),
        "hubspot": _reply(
            "m-ana",
            "Sure, book whatever works for you here: https://meetings.hubspot.com/ana-silva/intro",
            email="ana@silva.example",
            name="Ana Silva",
        ),
    }
    tasks = {}
    for provider, body in replies.items():
        answer = _post(client, tenant, body)
        assert answer["provider"] == provider
        assert answer["task_id"] is not None
        tasks[provider] = answer["task_id"]
    return tasks


def _list(client: TestClient, tenant: Tenant, **params: Any) -> dict[str, Any]:
    response = client.get("/v1/tasks", params=params, headers=tenant.headers)
    assert response.status_code == 200, response.text
    listing: dict[str, Any] = response.json()
    return listing


def _resolve(client: TestClient, tenant: Tenant, task_id: str, **body: Any) -> Any:
    return client.post(f"/v1/tasks/{task_id}/resolve", json=body, headers=tenant.headers)


def test_the_task_list_filters_by_status_provider_and_campaign_and_pages(
    client: TestClient, acme: Tenant
) -> None:
    tasks = _three_tasks(client, acme)
    assert (
        _resolve(
            client, acme, tasks["calcom"], status="done", booked_start="2026-03-12T20:00:00Z"
        ).status_code
        == 200
    )
    assert (
        _resolve(client, acme, tasks["hubspot"], status="dismissed", note="lead went quiet").status_code
        == 200
    )

    def ids(listing: dict[str, Any]) -> set[str]:
        return {item["id"] for item in listing["items"]}

    assert ids(_list(client, acme, status="open")) == {tasks["calendly"]}
    assert ids(_list(client, acme, status="done")) == {tasks["calcom"]}
    assert ids(_list(client, acme, status="dismissed")) == {tasks["hubspot"]}
    everything = _list(client, acme)
    assert everything["total"] == 3
    assert ids(everything) == set(tasks.values())
    assert ids(_list(client, acme, provider="calcom")) == {tasks["calcom"]}
    assert _list(client, acme, provider="calcom", status="open")["total"] == 0
    assert ids(_list(client, acme, campaign_name="lead_scheduler_link")) == set(tasks.values())
    assert _list(client, acme, campaign_name="another_campaign") == {
        "items": [],
        "total": 0,
        "limit": 50,
        "offset": 0,
    }
    first = _list(client, acme, limit=2)
    rest = _list(client, acme, limit=2, offset=2)
    assert (len(first["items"]), first["total"], first["limit"], first["offset"]) == (2, 3, 2, 0)
    assert (len(rest["items"]), rest["total"], rest["offset"]) == (1, 3, 2)
    assert ids(first) | ids(rest) == set(tasks.values())
    item = next(i for i in everything["items"] if i["id"] == tasks["calendly"])
    assert (item["link"], item["provider"], item["status"]) == (JO_LINK, "calendly", "open")


def test_a_bad_task_list_query_names_the_parameter(client: TestClient, acme: Tenant) -> None:
    for params, field in (
        ({"status": "closed"}, "status"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
    ):
        response = client.get("/v1/tasks", params=params, headers=acme.headers)

        assert field in _fields(_error(response, 422, "invalid_request"))


def test_a_task_shows_the_link_the_fallback_a_draft_and_its_history(client: TestClient, acme: Tenant) -> None:
    answer = _post(client, acme, _reply("m-1"))

    response = client.get(f"/v1/tasks/{answer['task_id']}", headers=acme.headers)

    assert response.status_code == 200
    task = response.json()
    assert task["id"] == answer["task_id"]
    assert task["lead_id"] == answer["lead_id"]
    assert task["status"] == "open"
    assert task["link"] == JO_LINK
    assert task["provider"] == "calendly"
    assert task["suggested_slots"] == []
    assert task["suggestions_note"].strip()
    assert OWN_LINK in task["fallback"]
    assert JO_LINK in task["reply_draft"]
    assert "Jo" in task["reply_draft"]
    assert task["lead"]["external_scheduling_link"] == JO_LINK
    assert [entry["action"] for entry in task["history"]] == ["task.created"]
    assert task["history"][0]["details"]["message_id"] == "m-1"
    assert [(s["url"], s["provider"], s["became_current"]) for s in task["sightings"]] == [
        (JO_LINK, "calendly", True)
    ]


def test_a_task_resolved_as_done_records_the_booking_and_cannot_be_resolved_again(
    client: TestClient, acme: Tenant
) -> None:
    task_id = _post(client, acme, _reply("m-1"))["task_id"]

    done = _resolve(client, acme, task_id, status="done", booked_start="2026-03-12T20:00:00Z", by="Sam")
    twice = _resolve(client, acme, task_id, status="done", booked_start="2026-03-12T20:00:00Z")
    dismissed_after = _resolve(client, acme, task_id, status="dismissed", note="changed my mind")

    assert done.status_code == 200, done.text
    task = done.json()
    assert task["status"] == "done"
    assert datetime.fromisoformat(task["booked_start"]) == datetime.fromisoformat("2026-03-12T20:00:00+00:00")
    assert task["resolved_by"] == "Sam"
    assert task["resolved_at"] is not None
    assert [entry["action"] for entry in task["history"]] == ["task.created", "task.done"]
    _error(twice, 409, "conflict")
    _error(dismissed_after, 409, "conflict")
    assert _list(client, acme, status="open")["total"] == 0
    assert client.get(f"/v1/tasks/{task_id}", headers=acme.headers).json()["status"] == "done"


def test_dismissing_a_task_requires_a_note(client: TestClient, acme: Tenant) -> None:
    task_id = _post(client, acme, _reply("m-1"))["task_id"]

    without = _resolve(client, acme, task_id, status="dismissed")
    blank = _resolve(client, acme, task_id, status="dismissed", note="   ")
    naive = _resolve(client, acme, task_id, status="done", booked_start="2026-03-12T20:00:00")
    reopen = _resolve(client, acme, task_id, status="open")
    still_open = _list(client, acme, status="open")["total"]
    with_note = _resolve(client, acme, task_id, status="dismissed", note="booked by phone instead")

    assert "note" in _fields(_error(without, 422, "invalid_request"))
    assert "note" in _fields(_error(blank, 422, "invalid_request"))
    assert "booked_start" in _fields(_error(naive, 422, "invalid_request"))
    assert "status" in _fields(_error(reopen, 422, "invalid_request"))
    assert still_open == 1
    assert with_note.status_code == 200
    assert with_note.json()["status"] == "dismissed"
    assert with_note.json()["resolution_note"] == "booked by phone instead"
    assert with_note.json()["resolved_by"].startswith("api key sl_")


def test_a_lead_has_one_open_task_at_a_time_and_a_new_one_after_resolving(
    client: TestClient, acme: Tenant
) -> None:
    new_link = "https://calendly.com/jo-reyes/45min"
    first = _post(client, acme, _reply("m-1"))
    update = _post(
        client,
        acme,
        _reply(
            "m-2", f"Please use my new link instead to book: {new_link}", received_at="2026-03-11T15:00:00Z"
        ),
    )

    assert update["task_id"] == first["task_id"]
    task = client.get(f"/v1/tasks/{first['task_id']}", headers=acme.headers).json()
    assert task["link"] == new_link
    assert task["messages_seen"] == 2
    assert _list(client, acme, status="open")["total"] == 1

    assert (
        _resolve(
            client, acme, first["task_id"], status="done", booked_start="2026-03-12T20:00:00Z"
        ).status_code
        == 200
    )
    later = _post(client, acme, _reply("m-3", BOOK_ON_JO_LINK, received_at="2026-03-17T15:00:00Z"))

    assert later["act"] is True
    assert later["task_id"] not in (None, first["task_id"])
    open_tasks = _list(client, acme, status="open")
    assert [item["id"] for item in open_tasks["items"]] == [later["task_id"]]
    assert open_tasks["items"][0]["lead_id"] == first["lead_id"]
    assert client.get(f"/v1/tasks/{first['task_id']}", headers=acme.headers).json()["status"] == "done"


# Notices and the schema


def test_notices_always_explain_manual_review_and_count_open_tasks(client: TestClient, acme: Tenant) -> None:
    def notices() -> list[dict[str, Any]]:
        response = client.get("/v1/notices", headers=acme.headers)
        assert response.status_code == 200
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    empty = notices()
    tasks = _three_tasks(client, acme)
    three = notices()
    _resolve(client, acme, tasks["calendly"], status="done", booked_start="2026-03-12T20:00:00Z")
    _resolve(client, acme, tasks["calcom"], status="done", booked_start="2026-03-12T21:00:00Z")
    one = notices()

    assert [n["id"] for n in empty] == ["manual_review"]
    assert all(n["title"] and n["body"] and n["level"] for n in empty)
    assert [n["id"] for n in three] == ["manual_review", "open_tasks"]
    assert "3" in three[1]["title"]
    assert [n["id"] for n in one] == ["manual_review", "open_tasks"]
    assert "1" in one[1]["title"]


def test_the_openapi_schema_lists_every_v1_path(client: TestClient) -> None:
    response = client.get("/openapi.json")

    assert response.status_code == 200
    assert set(response.json()["paths"]) >= V1_PATHS


def test_unknown_routes_and_methods_use_the_error_shape(client: TestClient, acme: Tenant) -> None:
    _error(client.get("/v1/nothing-here", headers=acme.headers), 404, "not_found")
    _error(client.delete("/v1/tasks", headers=acme.headers), 405, "method_not_allowed")
    assert client.get("/healthz").json() == {"status": "ok"}


def test_done_needs_the_booked_time_as_on_the_page(client: TestClient, acme: Tenant) -> None:
    task_id = _post(client, acme, _reply("m-done"))["task_id"]
    missing = _resolve(client, acme, task_id, status="done")
    assert _error(missing, 422, "invalid_request")["message"].startswith("booked_start:")
    assert client.get(f"/v1/tasks/{task_id}", headers=acme.headers).json()["status"] == "open"


def test_an_unusable_lead_email_is_named(client: TestClient, acme: Tenant) -> None:
    answer = client.post(
        "/v1/inbound", json=_reply("m-bad-email", email="jo at example"), headers=acme.headers
    )
    assert (
        _error(answer, 422, "invalid_request")["message"]
        == "lead.email: 'jo at example' is not an email address"
    )


def test_head_works_wherever_get_does(client: TestClient, acme: Tenant) -> None:
    for path in ("/healthz", "/v1/notices", "/v1/tasks", "/booking/signin"):
        got = client.get(path, headers=acme.headers)
        head = client.head(path, headers=acme.headers)
        assert head.status_code == got.status_code, path
        assert head.content == b""
        assert head.headers.get("content-type") == got.headers.get("content-type")
    assert client.head("/v1/inbound", headers=acme.headers).status_code == 405


def test_a_reused_message_id_with_other_content_is_refused(client: TestClient, acme: Tenant) -> None:
    first = _post(client, acme, _reply("m-reuse"))
    again = client.post("/v1/inbound", json=_reply("m-reuse"), headers=acme.headers)
    assert again.status_code == 200
    assert again.json() == first
    other_text = client.post("/v1/inbound", json=_reply("m-reuse", "Never mind."), headers=acme.headers)
    assert _error(other_text, 409, "message_id_reused")["message"].startswith("message_id:")
    other_lead = client.post(
        "/v1/inbound", json=_reply("m-reuse", email="someone@else.io"), headers=acme.headers
    )
    _error(other_lead, 409, "message_id_reused")
