"""The booking contract over HTTP, on both databases, against the Cal.com replica through the sandbox:
automation switches (off by default, audited), Book and Dry run answers (202, then 200 for the same
request, 409 for a refusal), bookings with guardrails and evidence, and tenant isolation."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from booking_helpers import BookingWorld, world
from fastapi.testclient import TestClient
from sqlalchemy import select

from schedlink.api.app import create_app
from schedlink.service.workspaces import NewWorkspace, create_api_key, create_workspace
from schedlink.store.models import AuditEventRow

pytestmark = pytest.mark.integration
__all__ = ["world"]


@pytest.fixture
def api(world: BookingWorld) -> Iterator[TestClient]:
    key = create_api_key(world.db, world.workspace_id, actor="tester", label="test")
    with TestClient(create_app(world.db, world.config)) as client:
        client.headers["Authorization"] = f"Bearer {key}"
        yield client


def _iso(world: BookingWorld) -> str:
    return world.start.isoformat().replace("+00:00", "Z")


def test_automation_is_off_until_changed_and_every_change_is_audited(
    world: BookingWorld, api: TestClient
) -> None:
    shown = api.get("/v1/automation").json()
    assert shown["kill_switch"] is False
    assert set(shown["providers"].values()) == {"off"}
    assert "calcom" in shown["bookable"]
    notices = [n["id"] for n in api.get("/v1/notices").json()["items"]]
    assert notices[0] == "sandbox"
    assert "automation_on" not in notices
    changed = api.patch("/v1/automation", json={"providers": {"calcom": "approve"}})
    assert changed.status_code == 200, changed.text
    assert changed.json()["providers"]["calcom"] == "approve"
    notices_now = api.get("/v1/notices").json()["items"]
    assert notices_now[0]["id"] == "automation_on"
    assert notices_now[0]["level"] == "warning"
    assert "Cal.com: books when a person presses Book" in notices_now[0]["body"]
    stopped = api.patch("/v1/automation", json={"kill_switch": True}).json()
    assert stopped["kill_switch"] is True
    assert api.get("/v1/notices").json()["items"][0]["id"] == "automation_stopped"
    bad = api.patch("/v1/automation", json={"providers": {"calcom": "sometimes", "nope": "auto"}})
    assert bad.status_code == 422
    with world.db.read() as session:
        actions = list(
            session.scalars(select(AuditEventRow.action).where(AuditEventRow.action == "automation.changed"))
        )
    assert len(actions) == 2


def test_book_answers_202_then_200_and_the_booking_reads_back_with_its_evidence(
    world: BookingWorld, api: TestClient
) -> None:
    refused = api.post(f"/v1/tasks/{world.task_id}/bookings", json={"start": _iso(world)})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "booking_refused"
    assert refused.json()["error"]["reason"] == "automation_on"
    api.patch("/v1/automation", json={"providers": {"calcom": "approve"}})
    first = api.post(f"/v1/tasks/{world.task_id}/bookings", json={"start": _iso(world)})
    assert first.status_code == 202, first.text
    booking = first.json()
    assert booking["state"] == "requested"
    assert booking["method"] == "api"
    again = api.post(f"/v1/tasks/{world.task_id}/bookings", json={"start": _iso(world)})
    assert again.status_code == 200
    assert again.json()["id"] == booking["id"]
    world.run_jobs()
    done = api.get(f"/v1/bookings/{booking['id']}").json()
    assert done["state"] == "booked"
    assert done["confirmation"]["id"]
    assert {g["name"] for g in done["guardrails"]} >= {"intent", "team_free", "lead_offers_slot"}
    piece = done["evidence"][0]
    got = api.get(f"/v1/bookings/{booking['id']}/evidence/{piece['sha256']}")
    assert got.status_code == 200
    assert len(got.content) == piece["size"]
    listed = api.get("/v1/bookings", params={"task_id": str(world.task_id), "state": "booked"}).json()[
        "items"
    ]
    assert [b["id"] for b in listed] == [booking["id"]]
    assert api.get(f"/v1/bookings/{booking['id']}/evidence/{'0' * 64}").status_code == 404
    assert api.get("/v1/bookings", params={"state": "maybe"}).status_code == 422


def test_bad_requests_are_refused_plainly(world: BookingWorld, api: TestClient) -> None:
    api.patch("/v1/automation", json={"providers": {"calcom": "approve"}})
    assert (
        api.post(f"/v1/tasks/{world.task_id}/bookings", json={"start": "2026-12-09T15:00:00"}).status_code
        == 422
    )
    assert api.post(f"/v1/tasks/{world.task_id}/bookings", json={"start": 1700000000}).status_code == 422
    assert (
        api.post(f"/v1/tasks/{world.task_id}/bookings", json={"start": _iso(world), "dry_run": 0}).status_code
        == 422
    )
    assert api.post(f"/v1/tasks/{uuid.uuid4()}/bookings", json={"start": _iso(world)}).status_code == 404
    assert api.get(f"/v1/bookings/{uuid.uuid4()}").status_code == 404


def test_another_workspace_sees_none_of_it(world: BookingWorld, api: TestClient) -> None:
    api.patch("/v1/automation", json={"providers": {"calcom": "dry_run"}})
    booking = api.post(
        f"/v1/tasks/{world.task_id}/bookings", json={"start": _iso(world), "dry_run": True}
    ).json()
    world.run_jobs()
    assert api.get(f"/v1/bookings/{booking['id']}").json()["state"] == "dry_run_passed"
    other = create_workspace(world.db, NewWorkspace(name="Other", timezone="UTC"))
    headers = {"Authorization": f"Bearer {other.api_key}"}
    assert api.get(f"/v1/bookings/{booking['id']}", headers=headers).status_code == 404
    assert api.get("/v1/bookings", headers=headers).json()["items"] == []
    assert (
        api.post(
            f"/v1/tasks/{world.task_id}/bookings", json={"start": _iso(world)}, headers=headers
        ).status_code
        == 404
    )
    piece = api.get(f"/v1/bookings/{booking['id']}").json()["evidence"][0]["sha256"]
    assert api.get(f"/v1/bookings/{booking['id']}/evidence/{piece}", headers=headers).status_code == 404
