"""Generated requests from the API's own OpenAPI document (schemathesis): whatever a client sends, the
API answers in its documented statuses and shapes and never with a server error."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from schedlink.api.app import create_app
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.db import open_database

pytestmark = pytest.mark.integration


# The suite's short run; `SCHEDLINK_FUZZ_EXAMPLES=2000` makes it the long one (minutes per database).
EXAMPLES = int(os.environ.get("SCHEDLINK_FUZZ_EXAMPLES", "40"))


@pytest.fixture
def api(database_url: str) -> Iterator[tuple[object, str]]:
    db = open_database(database_url)
    key = create_workspace(db, NewWorkspace(name="Acme", timezone="UTC")).api_key
    try:
        yield create_app(db), key
    finally:
        db.dispose()


def test_generated_requests_get_documented_answers(api: tuple[object, str]) -> None:
    app, key = api
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ]
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 7

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def answer_as_documented(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=checks)

        answer_as_documented()
