"""Statements run on the driver's own connection (``store/direct.py``), on both databases: what they
write reads back through SQLAlchemy the same, a failed transaction keeps nothing, and the connection goes
back to the pool as it came (or not at all when it was lost)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from service_helpers import workspace
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from schedlink.service import jobs
from schedlink.store import statements
from schedlink.store.db import Database
from schedlink.store.direct import Prepared
from schedlink.store.models import AuditEventRow, LeadRow

pytestmark = pytest.mark.integration

AT = datetime(2026, 3, 10, 16, 0, 0, 123456, tzinfo=UTC)


def _lead(workspace_id: uuid.UUID, email: str) -> dict[str, object]:
    return {"id": uuid.uuid4(), "workspace_id": workspace_id, "email": email}


def _emails(db: Database) -> list[str | None]:
    with db.read() as session:
        return sorted(session.scalars(select(LeadRow.email)).all(), key=str)


def test_written_rows_read_back_through_sqlalchemy_with_defaults_filled_in(db: Database) -> None:
    ws = workspace(db)
    lead = _lead(ws, "jo@reyes.io")
    before = datetime.now(UTC)
    with db.write_direct() as transaction:
        transaction.run(statements.INSERT_LEAD, lead)
        transaction.run_many(
            statements.INSERT_AUDIT,
            [
                {"workspace_id": ws, "actor": "api", "action": f"test.{n}", "object_type": "lead",
                 "object_id": str(lead["id"]), "details": {"quote": "it's; -- \x7f", "n": n}, "at": AT}
                for n in range(3)
            ],
        )  # fmt: skip
    with db.read() as session:
        row = session.get(LeadRow, lead["id"])
        assert row is not None
        assert row.email == "jo@reyes.io"
        assert row.created_at.tzinfo is not None  # a Python-side default, filled in and stored as UTC
        assert before - timedelta(seconds=1) <= row.created_at <= datetime.now(UTC) + timedelta(seconds=1)
        events = session.scalars(
            select(AuditEventRow).where(AuditEventRow.action.like("test.%")).order_by(AuditEventRow.action)
        ).all()
    assert [event.details for event in events] == [{"quote": "it's; -- \x7f", "n": n} for n in range(3)]
    assert {event.at for event in events} == {AT}


def test_reads_give_named_rows_with_python_values(db: Database) -> None:
    ws = workspace(db)
    lead = _lead(ws, "jo@reyes.io")
    with db.write_direct() as transaction:
        transaction.run(statements.INSERT_LEAD, lead)
        transaction.run(
            statements.UPDATE_LEAD,
            {"_row": lead["id"], "external_scheduling_link_last_seen_at": AT, "name": "Jo"},
        )
        found = transaction.rows(
            statements.LEADS_BY_IDENTIFIER[("email",)], {"workspace_id": ws, "email": "jo@reyes.io"}
        )
        nobody = transaction.first(
            statements.LEADS_BY_IDENTIFIER[("email",)], {"workspace_id": ws, "email": "nobody@reyes.io"}
        )
    assert nobody is None
    [row] = found
    assert isinstance(row.id, uuid.UUID)
    assert row.id == lead["id"]
    assert row.name == "Jo"
    assert row.external_scheduling_link_last_seen_at == AT
    assert row.open_task_id is None


def _insert_leads(db: Database, *leads: dict[str, object]) -> None:
    with db.write_direct() as transaction:
        for lead in leads:
            transaction.run(statements.INSERT_LEAD, lead)


def _insert_then_undo(db: Database, lead: dict[str, object]) -> None:
    with db.engine.begin() as connection:
        connection.execute(insert(LeadRow), lead)
        raise RuntimeError("undo")


def test_a_failed_transaction_keeps_nothing_and_its_connection_serves_the_next(db: Database) -> None:
    ws = workspace(db)
    twice = "twice@reyes.io"  # the unique (workspace, email) index refuses the second
    leads = [_lead(ws, "first@reyes.io"), _lead(ws, twice), _lead(ws, twice), _lead(ws, "after@reyes.io")]
    with pytest.raises(IntegrityError):
        _insert_leads(db, *leads)
    assert _emails(db) == []
    _insert_leads(db, _lead(ws, "next@reyes.io"))
    assert _emails(db) == ["next@reyes.io"]
    # The pooled connection runs transactions again for everyone else (PostgreSQL: the driver's own).
    with pytest.raises(RuntimeError):
        _insert_then_undo(db, _lead(ws, "undone@reyes.io"))
    assert _emails(db) == ["next@reyes.io"]


def _insert_read_and_fail(db: Database, workspace_id: uuid.UUID) -> None:
    with db.write_direct() as transaction:
        transaction.run(statements.INSERT_LEAD, _lead(workspace_id, "jo@reyes.io"))
        transaction.rows(  # a read sends what waits before it
            statements.LEADS_BY_IDENTIFIER[("email",)], {"workspace_id": workspace_id, "email": "jo@reyes.io"}
        )
        raise LookupError("changed my mind")


def test_an_error_of_the_caller_rolls_back_what_was_already_sent(db: Database) -> None:
    ws = workspace(db)
    with pytest.raises(LookupError):
        _insert_read_and_fail(db, ws)
    assert _emails(db) == []


def _insert_and_lose_the_connection(db: Database, workspace_id: uuid.UUID) -> None:
    with db.write_direct() as transaction:
        transaction.run(statements.INSERT_LEAD, _lead(workspace_id, "jo@reyes.io"))
        transaction.rows(Prepared(text("SELECT pg_terminate_backend(pg_backend_pid())")), {})


def test_a_lost_connection_is_not_put_back_in_the_pool(db: Database) -> None:
    if db.dialect != "postgresql":
        pytest.skip("a SQLite connection is a file handle: it cannot be cut from the other side")
    ws = workspace(db)
    with pytest.raises(DBAPIError) as caught:
        _insert_and_lose_the_connection(db, ws)
    assert caught.value.connection_invalidated
    _insert_leads(db, _lead(ws, "next@reyes.io"))  # on a new connection, not the dead one
    assert _emails(db) == ["next@reyes.io"]


def test_rows_asked_for_later_are_there_after_the_commit(db: Database) -> None:
    """A job asked for inside a reply's transaction: on PostgreSQL its upsert goes with the COMMIT, and
    the id it returns (the existing row's, when the job was already asked for) is read afterwards."""
    ws = workspace(db)
    with db.write_direct() as transaction:
        first = jobs.request_job_later(transaction, ws, "test", "key-1")
    with db.write_direct() as transaction:
        again = jobs.request_job_later(transaction, ws, "test", "key-1")
        other = jobs.request_job_later(transaction, ws, "test", "key-2")
    assert isinstance(first.rows[0].id, uuid.UUID)
    assert again.rows[0].id == first.rows[0].id
    assert other.rows[0].id != first.rows[0].id
