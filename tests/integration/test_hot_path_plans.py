"""The inbound path's reads go straight to their rows on PostgreSQL: a plan that walks every lead or
open task of the workspace makes each reply slower as the workspace grows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from service_helpers import reply, workspace
from sqlalchemy import select

from schedlink.service.inbound import analysed, receive_together
from schedlink.store import statements
from schedlink.store.db import Database
from schedlink.store.direct import Prepared
from schedlink.store.models import LeadRow

pytestmark = pytest.mark.integration

LEADS = 400


def _plan(db: Database, statement: Prepared, values: dict[str, Any]) -> dict[str, Any]:
    pooled = db.engine.raw_connection()
    try:
        connection = pooled.driver_connection
        assert connection is not None
        form = statement.form(db.engine.dialect, frozenset(values))
        rendered = db.engine.dialect.loaded_dbapi.ClientCursor(connection).mogrify(
            form.sql, form.parameters(values)
        )
        row = connection.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + rendered).fetchone()
        connection.rollback()
    finally:
        pooled.close()
    document = row[0]
    plan: dict[str, Any] = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
    return plan


def _rows_read(plan: dict[str, Any]) -> int:
    """Rows the plan's scans looked at: what they returned plus what their filters threw away."""
    own = plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1) + plan.get("Rows Removed by Filter", 0)
    scans = own if "Scan" in plan["Node Type"] else 0
    return int(scans + sum(_rows_read(child) for child in plan.get("Plans", [])))


def test_each_lookup_goes_straight_to_its_row(db: Database) -> None:
    if db.dialect != "postgresql":
        pytest.skip("PostgreSQL's planner; SQLite's plan is checked in test_store")
    ws = workspace(db)
    booking = "Happy to talk - please book via calendly.com/lead-{n}/30min"
    for start in range(0, LEADS, 50):
        group = [
            analysed(db, ws, reply(booking.format(n=n), f"m{n}", email=f"lead{n}@example.org"))
            for n in range(start, start + 50)
        ]
        assert not [outcome for outcome in receive_together(db, group) if isinstance(outcome, Exception)]
    with db.read() as session:
        lead = session.scalars(select(LeadRow).where(LeadRow.email == "lead7@example.org")).one()
    assert lead.open_task_id is not None

    # The open task by its primary key alone, so even before the tables have statistics (when every index
    # on (workspace, …) costs the planner the same) nothing else can be picked.
    open_task = _plan(db, statements.OPEN_TASK, {"task_id": lead.open_task_id})
    assert _rows_read(open_task) == 2  # the task and the message it points at

    with db.engine.begin() as connection:  # what autovacuum does within a minute of the first writes
        connection.exec_driver_sql("ANALYZE")
    by_email = _plan(
        db, statements.LEADS_BY_IDENTIFIER[("email",)], {"workspace_id": ws, "email": lead.email}
    )
    by_all = _plan(
        db,
        statements.LEADS_BY_IDENTIFIER[statements.IDENTIFIERS],
        {"workspace_id": ws, "external_id": "x-7", "email": lead.email, "phone": "+14155550100"},
    )
    assert _rows_read(by_email) == 1
    assert _rows_read(by_all) <= 2  # an index entry and the row it names; nothing for the absent two
