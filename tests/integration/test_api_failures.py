"""When the database is unreachable, the API says so in its error shape instead of failing opaquely."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ports import free_port
from schedlink.api.app import create_app
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import Database, open_database

pytestmark = pytest.mark.integration


def test_an_unreachable_database_answers_503_in_the_error_shape() -> None:
    db = open_database(
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nowhere",
        connect_args={"connect_timeout": 2},
    )
    try:
        client = TestClient(create_app(db), raise_server_exceptions=False)
        response = client.get("/v1/notices", headers={"Authorization": "Bearer sl_" + "x" * 43})
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "unavailable"
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 503
    finally:
        db.dispose()


def test_huge_paging_numbers_are_refused_not_crashed_on(db: Database) -> None:
    key = create_workspace(db, NewWorkspace(name="Acme", timezone="UTC")).api_key
    client = TestClient(create_app(db), raise_server_exceptions=False)
    for path in ("/v1/leads", "/v1/tasks"):
        for query in ("offset=83351784336798501677563904", "limit=99999999999999999999", "offset=-1"):
            response = client.get(f"{path}?{query}", headers={"Authorization": f"Bearer {key}"})
            assert response.status_code == 422, (path, query, response.text)
            assert response.json()["error"]["code"] == "invalid_request"


def test_a_wrong_method_names_the_allowed_ones() -> None:
    client = TestClient(create_app(open_database("sqlite://")), raise_server_exceptions=False)
    response = client.request("TRACE", "/v1/inbound")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_ready_when_the_database_answers(db: Database) -> None:
    client = TestClient(create_app(db))
    assert client.get("/readyz").json() == {"status": "ready"}
