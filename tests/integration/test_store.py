"""The schema: migrations create exactly the models, and the constraints the invariants rely on hold."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from db_fixtures import SqliteTemplate
from schedlink.store import statements
from schedlink.store.db import CHECKPOINT_SECONDS, SQLITE_AUTOCHECKPOINT_PAGES, Database, open_database
from schedlink.store.migrate import current_revision, downgrade, head_revision, upgrade
from schedlink.store.models import Base, InboundMessageRow, LeadRow, ReviewTaskRow, WorkspaceRow
from schedlink.store.types import UTCDateTime

pytestmark = pytest.mark.integration


def test_migrations_reach_head_and_match_the_models(db: Database) -> None:
    assert current_revision(db.engine) == head_revision()
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    db = open_database(sqlite_template.fresh(tmp_path))
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert (connection.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
        # the log restarts only after a writer's checkpoint: rare under load, each a pause of every writer
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == SQLITE_AUTOCHECKPOINT_PAGES
    db.dispose()


def test_a_server_moves_the_log_into_the_database_file_in_the_background(
    sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    """Commits leave the log to a thread of the server (the writers' own threshold is far off): rows
    written reach the database file within a few of its intervals, with no checkpoint asked for."""
    db = open_database(sqlite_template.fresh(tmp_path))
    file = Path(str(db.engine.url.database))
    checkpoints = db.start_checkpoints()
    assert checkpoints is not None
    try:
        size = file.stat().st_size
        with db.write() as session:
            session.add_all(WorkspaceRow(name="x" * 2000, timezone="UTC") for _ in range(200))
        deadline = time.monotonic() + 10 * CHECKPOINT_SECONDS
        while file.stat().st_size <= size and time.monotonic() < deadline:
            time.sleep(CHECKPOINT_SECONDS / 5)
        assert file.stat().st_size > size + 200 * 2000
    finally:
        checkpoints.stop()
        db.dispose()
    assert not checkpoints.running


def test_postgresql_has_no_log_to_move(db: Database) -> None:
    if db.dialect == "sqlite":
        pytest.skip("the SQLite case is the test above")
    assert db.start_checkpoints() is None


def _workspace_and_lead(db: Database) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    with db.write() as session:
        workspace = WorkspaceRow(name="t", timezone="UTC")
        session.add(workspace)
        session.flush()
        lead = LeadRow(workspace_id=workspace.id, email="a@b.io")
        session.add(lead)
        session.flush()
        message = InboundMessageRow(
            workspace_id=workspace.id,
            message_id="m",
            lead_id=lead.id,
            channel="email",
            received_at=datetime.now(UTC),
            intent="other",
            act=False,
            answer={},
        )
        session.add(message)
        session.flush()
        return workspace.id, lead.id, message.id


def _task(workspace_id: uuid.UUID, lead_id: uuid.UUID, message_id: uuid.UUID, status: str) -> ReviewTaskRow:
    return ReviewTaskRow(
        workspace_id=workspace_id,
        lead_id=lead_id,
        campaign_name="lead_scheduler_link",
        status=status,
        link="https://calendly.com/x/y",
        provider="calendly",
        source_message_id=message_id,
        link_seen_at=datetime.now(UTC),
        request_at=datetime.now(UTC),
        decision_reason="r",
        message_excerpt="e",
        fallback="f",
        reply_draft="d",
    )


def test_the_database_refuses_a_second_open_task_for_one_lead(db: Database) -> None:
    workspace_id, lead_id, message_id = _workspace_and_lead(db)
    with db.write() as session:
        session.add(_task(workspace_id, lead_id, message_id, "open"))
    with pytest.raises(IntegrityError), db.write() as session:
        session.add(_task(workspace_id, lead_id, message_id, "open"))
    # Closed tasks do not count: history may hold any number of them beside the one open task.
    with db.write() as session:
        session.add(_task(workspace_id, lead_id, message_id, "done"))
        session.add(_task(workspace_id, lead_id, message_id, "dismissed"))
    with db.read() as session:
        assert session.execute(text("SELECT count(*) FROM review_tasks")).scalar() == 3


def test_the_database_refuses_a_second_message_with_the_same_id(db: Database) -> None:
    workspace_id, lead_id, _ = _workspace_and_lead(db)
    with pytest.raises(IntegrityError), db.write() as session:
        session.add(
            InboundMessageRow(
                workspace_id=workspace_id,
                message_id="m",
                lead_id=lead_id,
                channel="email",
                received_at=datetime.now(UTC),
                intent="other",
                act=False,
                answer={},
            )
        )


def test_leads_are_unique_per_workspace_by_each_identifier(db: Database) -> None:
    workspace_id, _, _ = _workspace_and_lead(db)
    with pytest.raises(IntegrityError), db.write() as session:
        session.add(LeadRow(workspace_id=workspace_id, email="a@b.io"))
    with db.write() as session:
        other = WorkspaceRow(name="other", timezone="UTC")
        session.add(other)
        session.flush()
        session.add(LeadRow(workspace_id=other.id, email="a@b.io"))  # another tenant may know the same person


def test_times_come_back_aware_and_in_utc(db: Database) -> None:
    sent = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=-7)))
    with db.write() as session:
        workspace = WorkspaceRow(name="t", timezone="UTC")
        session.add(workspace)
        session.flush()
        session.add(
            LeadRow(workspace_id=workspace.id, email="x@y.io", external_scheduling_link_last_seen_at=sent)
        )
    with db.read() as session:
        lead = session.query(LeadRow).one()
    stored = lead.external_scheduling_link_last_seen_at
    assert stored == sent
    assert stored is not None
    assert stored.utcoffset() == timedelta(0)


def test_naive_times_are_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), db.engine.dialect)


def test_migrations_go_down_and_up_again(database_url: str) -> None:
    downgrade(database_url, "base")
    db = open_database(database_url)
    try:
        assert current_revision(db.engine) is None
        with db.engine.connect() as connection:
            assert "leads" not in inspect(connection).get_table_names()
    finally:
        db.dispose()
    upgrade(database_url)
    db = open_database(database_url)
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()


def test_finding_a_lead_uses_the_identifier_indexes(sqlite_template: SqliteTemplate, tmp_path: Path) -> None:
    """The hot path looks leads up by identifier; a plan that walks every lead of the workspace would
    make each reply slower as the workspace grows."""
    db = open_database(sqlite_template.fresh(tmp_path))
    try:
        with db.engine.connect() as connection:
            values = {"workspace_id": uuid.uuid4(), "external_id": "x", "email": "a@b.io", "phone": "+1"}
            form = statements.LEADS_BY_IDENTIFIER[statements.IDENTIFIERS].form(
                connection.dialect, frozenset(values)
            )
            plan = connection.exec_driver_sql(
                "EXPLAIN QUERY PLAN " + form.sql, tuple(form.parameters(values))
            ).all()
        details = " ".join(str(row[-1]) for row in plan)
        assert "MULTI-INDEX OR" in details
        assert details.count("USING INDEX") == 3
    finally:
        db.dispose()
