"""The service commands over a real database: ``db upgrade``, ``workspace create`` and ``import``."""

from __future__ import annotations

import json
import mailbox
import re
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from sqlalchemy import func, select
from sqlalchemy.pool import QueuePool
from typer.testing import CliRunner, Result

from schedlink import cli_service
from schedlink.cli import app
from schedlink.service.errors import Unauthorized
from schedlink.service.workspaces import authenticate
from schedlink.store.db import Database, open_database
from schedlink.store.migrate import current_revision, head_revision
from schedlink.store.models import (
    AuditEventRow,
    InboundMessageRow,
    LeadRow,
    LinkSightingRow,
    ReviewTaskRow,
    WorkspaceRow,
)

pytestmark = pytest.mark.integration

runner = CliRunner()
OWN_LINK = "https://calendly.com/acme-sales/intro"
JO_LINK = "https://calendly.com/jo-reyes/30min"


@pytest.fixture(autouse=True)
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Database]]:
    """Every database a command opens, disposed after the test as the end of a CLI process would.

    Without this, pooled PostgreSQL connections the commands leave open surface later as
    ResourceWarnings in whichever test happens to collect them.
    """
    databases: list[Database] = []

    def recording(url: str | None = None, **options: Any) -> Database:
        database = open_database(url, **options)
        databases.append(database)
        return database

    monkeypatch.setattr(cli_service, "open_database", recording)
    yield databases
    for database in databases:
        database.dispose()


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _said(result: Result) -> str:
    """Everything the command printed, with the console's line wrapping undone."""
    return " ".join((result.stdout + " " + result.stderr).split())


@pytest.fixture
def workspace(database_url: str) -> str:
    result = _run(
        "workspace", "create", "--name", "Acme Sales", "--timezone", "America/New_York",
        "--own-link", OWN_LINK, "--own-domain", "acme.io", "--database-url", database_url,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    workspace_id: str = json.loads(result.stdout)["workspace_id"]
    return workspace_id


def _import(path: Path, workspace_id: str, database_url: str) -> tuple[Result, dict[str, int]]:
    result = _run("import", str(path), "--workspace", workspace_id, "--database-url", database_url)
    assert result.exit_code == 0, _said(result)
    counts: dict[str, int] = json.loads(result.stdout)
    assert set(counts) == {"received", "replayed", "tasks", "failed"}
    return result, counts


def _stored(db: Database) -> dict[str, int]:
    counts = {}
    with db.read() as session:
        for model in (InboundMessageRow, LeadRow, LinkSightingRow, ReviewTaskRow, AuditEventRow):
            counts[model.__tablename__] = session.scalar(select(func.count()).select_from(model)) or 0
    return counts


def test_db_upgrade_can_run_again_and_again(database_url: str, db: Database) -> None:
    first = _run("db", "upgrade", "--database-url", database_url)
    second = _run("db", "upgrade", "--database-url", database_url)

    assert first.exit_code == 0, _said(first)
    assert second.exit_code == 0, _said(second)
    assert "latest" in _said(second)
    assert current_revision(db.engine) == head_revision()


def test_db_upgrade_creates_the_schema_in_a_new_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'schedlink.db'}"

    result = _run("db", "upgrade", "--database-url", url)

    assert result.exit_code == 0, _said(result)
    database = open_database(url)
    try:
        assert current_revision(database.engine) == head_revision()
    finally:
        database.dispose()


def test_workspace_create_prints_an_id_and_a_working_api_key(database_url: str, db: Database) -> None:
    result = _run(
        "workspace", "create", "--name", "Acme Sales", "--timezone", "Europe/Berlin",
        "--own-link", OWN_LINK, "--phone-region", "de", "--database-url", database_url,
    )  # fmt: skip

    assert result.exit_code == 0, _said(result)
    created = json.loads(result.stdout)
    assert set(created) == {"workspace_id", "api_key"}
    workspace_id = uuid.UUID(created["workspace_id"])
    assert created["api_key"].startswith("sl_")
    assert len(created["api_key"]) > 40
    assert authenticate(db, created["api_key"]) == workspace_id


@pytest.mark.parametrize(
    ("option", "value", "complaint"),
    [
        ("--timezone", "Mars/Olympus_Mons", "not an IANA time zone"),
        ("--own-link", "calendly dot com slash acme", "not an http(s) URL"),
        ("--own-domain", "not a domain", "not a domain name"),
    ],
    ids=["time-zone", "own-link", "own-domain"],
)
def test_workspace_create_rejects_bad_settings_clearly(
    database_url: str, db: Database, option: str, value: str, complaint: str
) -> None:
    settings = {"--timezone": "America/New_York", option: value}

    result = _run(
        "workspace", "create", "--name", "Acme", *(part for item in settings.items() for part in item),
        "--database-url", database_url,
    )  # fmt: skip

    assert result.exit_code == 2
    assert complaint in _said(result)
    assert repr(value) in _said(result)
    assert result.stdout == ""
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(WorkspaceRow)) == 0


def test_commands_on_a_database_without_schema_say_to_upgrade_first(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()  # there, but empty: a file that is not there is refused sooner
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    replies = tmp_path / "replies.jsonl"
    replies.write_text("{}\n")

    for args in (
        ("workspace", "create", "--name", "Acme", "--timezone", "UTC"),
        ("import", str(replies), "--workspace", str(uuid.uuid4())),
    ):
        result = _run(*args, "--database-url", url)

        assert result.exit_code == 2, args
        assert "has no schema" in _said(result)
        assert "run `schedlink db upgrade`" in _said(result)


def _corpus_lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_importing_the_corpus_twice_stores_it_once(
    database_url: str, db: Database, workspace: str, shared_corpus: Path
) -> None:
    corpus = shared_corpus / "replies_dev.jsonl"
    lines = len(_corpus_lines(corpus))

    _, first = _import(corpus, workspace, database_url)
    after_first = _stored(db)
    _, second = _import(corpus, workspace, database_url)

    assert first["received"] + first["failed"] == lines
    assert first["replayed"] == 0
    assert first["received"] > lines // 2
    assert 0 < first["tasks"] <= first["received"]
    assert after_first["inbound_messages"] == first["received"]
    assert 0 < after_first["review_tasks"] <= first["tasks"]
    assert second == {"received": 0, "replayed": first["received"], "tasks": 0, "failed": first["failed"]}
    assert _stored(db) == after_first


def _email(sender: str, subject: str, body: str, message_id: str | None, date: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Sam Lee <sam@acme.io>"
    message["Subject"] = subject
    message["Date"] = date
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(body)
    return message


def _mbox(path: Path) -> Path:
    box = mailbox.mbox(path)
    try:
        for message in (
            _email(
                "Jo Reyes <jo@reyes.example>",
                "Re: quick intro",
                f"Hi Sam,\n\nPlease book a time through my calendar: {JO_LINK}\n\nJo\n",
                "<a1@reyes.example>",
                "Tue, 24 Nov 2026 15:00:00 +0000",
            ),
            _email(
                "Kim Lee <kim@lee.example>",
                "Re: quick intro",
                "Not interested, thanks.\n",
                "<b1@lee.example>",
                "Tue, 24 Nov 2026 16:00:00 +0000",
            ),
            _email(
                "Ana Silva <ana@silva.example>",
                "Re: quick intro",
                "Sounds good, what times work for you next week?\n",
                None,
                "Tue, 24 Nov 2026 17:00:00 +0000",
            ),
            _email(
                "Bo Berg <bo@berg.example>",
                "Automatic reply: quick intro",
                "I am out of the office until Monday with limited access to email.\n",
                "<c1@berg.example>",
                "Tue, 24 Nov 2026 18:00:00 +0000",
            ),
        ):
            box.add(message)
        box.flush()
    finally:
        box.close()
    return path


def test_importing_an_mbox_captures_the_link_and_is_idempotent(
    database_url: str, db: Database, workspace: str, tmp_path: Path
) -> None:
    path = _mbox(tmp_path / "replies.mbox")

    _, first = _import(path, workspace, database_url)
    after_first = _stored(db)
    _, second = _import(path, workspace, database_url)

    assert first == {"received": 4, "replayed": 0, "tasks": 1, "failed": 0}
    assert second == {"received": 0, "replayed": 4, "tasks": 0, "failed": 0}
    assert _stored(db) == after_first
    assert after_first["inbound_messages"] == after_first["leads"] == 4
    assert after_first["review_tasks"] == 1
    with db.read() as session:
        jo = session.scalars(select(LeadRow).where(LeadRow.email == "jo@reyes.example")).one()
        task = session.scalars(select(ReviewTaskRow)).one()
        ids = set(session.scalars(select(InboundMessageRow.message_id)))
        actors = set(
            session.scalars(select(AuditEventRow.actor).where(AuditEventRow.action == "task.created"))
        )
    assert (jo.external_scheduling_link, jo.external_scheduling_link_provider) == (JO_LINK, "calendly")
    assert (task.lead_id, task.link, task.status) == (jo.id, JO_LINK, "open")
    assert len(ids) == 4
    assert sum(message_id.startswith("sha256:") for message_id in ids) == 1
    assert actors == {"import"}


def test_importing_for_an_unknown_workspace_fails_clearly(
    database_url: str, db: Database, workspace: str, shared_corpus: Path
) -> None:
    corpus = shared_corpus / "replies_dev.jsonl"
    missing = str(uuid.uuid4())

    unknown = _run("import", str(corpus), "--workspace", missing, "--database-url", database_url)
    malformed = _run("import", str(corpus), "--workspace", "acme", "--database-url", database_url)
    no_file = _run("import", str(corpus.with_name("nope.jsonl")), "--workspace", workspace, "--database-url", database_url)  # fmt: skip

    assert unknown.exit_code == 2
    assert f"no workspace {missing}" in _said(unknown)
    assert malformed.exit_code == 2
    assert "'acme' is not a workspace id" in _said(malformed)
    assert no_file.exit_code == 2
    assert "no such file" in _said(no_file)
    assert _stored(db)["inbound_messages"] == 0


def test_a_malformed_jsonl_line_is_skipped_and_the_rest_imported(
    database_url: str, db: Database, workspace: str, shared_corpus: Path, tmp_path: Path
) -> None:
    usable = [c for c in _corpus_lines(shared_corpus / "replies_dev.jsonl") if c["lead"].get("email")][:3]
    path = tmp_path / "replies.jsonl"
    lines = [json.dumps(usable[0]), '{"id": "broken", "text": ', json.dumps(usable[1]), json.dumps(usable[2])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result, counts = _import(path, workspace, database_url)

    assert "skipped" in _said(result)
    assert "replies.jsonl:2" in _said(result)
    assert counts["failed"] == 1
    assert counts["received"] == 3
    assert _stored(db)["inbound_messages"] == 3


def test_a_jsonl_line_that_is_not_a_reply_is_skipped_and_the_rest_imported(
    database_url: str, db: Database, workspace: str, shared_corpus: Path, tmp_path: Path
) -> None:
    usable = [c for c in _corpus_lines(shared_corpus / "replies_dev.jsonl") if c["lead"].get("email")][:2]
    path = tmp_path / "replies.jsonl"
    no_body = {"id": "no-body", "lead": {"email": "x@y.example"}, "text": None}
    path.write_text(
        "\n".join(json.dumps(c) for c in (usable[0], no_body, usable[1])) + "\n", encoding="utf-8"
    )

    result, counts = _import(path, workspace, database_url)

    assert counts == {"received": 2, "replayed": 0, "tasks": counts["tasks"], "failed": 1}
    assert "replies.jsonl:2" in _said(result)
    assert _stored(db)["inbound_messages"] == 2


def test_commands_close_the_database_connections_they_open(
    database_url: str, workspace: str, shared_corpus: Path, tmp_path: Path, opened: list[Database]
) -> None:
    replies = tmp_path / "replies.jsonl"
    replies.write_text(json.dumps(_corpus_lines(shared_corpus / "replies_dev.jsonl")[0]) + "\n")
    _import(replies, workspace, database_url)

    pools = [database.engine.pool for database in opened]
    assert len(pools) == 2
    assert all(isinstance(pool, QueuePool) for pool in pools)
    assert [pool.checkedin() for pool in pools if isinstance(pool, QueuePool)] == [0, 0]


def test_the_demo_banner_prints_every_curl_command_on_one_line(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_service, "_out", Console(width=80))  # a common terminal width, for any runner

    database = open_database(database_url)
    try:
        cli_service.print_demo(database, "127.0.0.1", 8000)
    finally:
        database.dispose()

    printed = capsys.readouterr().out
    key = re.search(r"API key: (sl_\S+)", printed)
    assert key
    commands = [line for line in printed.splitlines() if "curl " in line]
    assert len(commands) == 2
    for command in commands:
        assert f"'Authorization: Bearer {key.group(1)}'" in command


def test_workspace_list_and_another_key(database_url: str, db: Database, workspace: str) -> None:
    listed = _run("workspace", "list", "--database-url", database_url)
    assert listed.exit_code == 0, _said(listed)
    (row,) = [json.loads(line) for line in listed.stdout.splitlines()]
    assert row["workspace_id"] == workspace
    assert row["active_keys"] == 1
    added = _run(
        "workspace", "key", "--workspace", workspace, "--label", "crm", "--database-url", database_url
    )
    assert added.exit_code == 0, _said(added)
    key = json.loads(added.stdout)["api_key"]
    assert authenticate(db, key) == uuid.UUID(workspace)
    listed = _run("workspace", "list", "--database-url", database_url)
    assert json.loads(listed.stdout)["active_keys"] == 2
    unknown = _run("workspace", "key", "--workspace", str(uuid.uuid4()), "--database-url", database_url)
    assert unknown.exit_code == 2
    assert "no workspace" in _said(unknown)


def test_workspace_create_keeps_the_booking_identity(database_url: str, db: Database) -> None:
    created = _run(
        "workspace", "create", "--name", "Acme", "--timezone", "UTC", "--booking-name", "Sam Seller",
        "--booking-email", "Sam@Acme.io", "--database-url", database_url,
    )  # fmt: skip
    assert created.exit_code == 0, _said(created)
    with db.read() as session:
        row = session.get(WorkspaceRow, uuid.UUID(json.loads(created.stdout)["workspace_id"]))
    assert row is not None
    assert row.booking_identity == {"name": "Sam Seller", "email": "sam@acme.io"}
    bad = _run(
        "workspace", "create", "--name", "B", "--timezone", "UTC", "--booking-email", "nope",
        "--database-url", database_url,
    )  # fmt: skip
    assert bad.exit_code == 2
    assert "not an email address" in _said(bad)


def test_a_revoked_key_stops_working(database_url: str, db: Database, workspace: str) -> None:
    added = _run("workspace", "key", "--workspace", workspace, "--database-url", database_url)
    key = json.loads(added.stdout)["api_key"]
    assert authenticate(db, key) == uuid.UUID(workspace)
    revoked = _run(
        "workspace",
        "revoke-key",
        "--workspace",
        workspace,
        "--prefix",
        key[:10],
        "--database-url",
        database_url,
    )
    assert revoked.exit_code == 0, _said(revoked)
    assert json.loads(revoked.stdout)["revoked"] == 1
    with pytest.raises(Unauthorized):
        authenticate(db, key)
    again = _run(
        "workspace",
        "revoke-key",
        "--workspace",
        workspace,
        "--prefix",
        key[:10],
        "--database-url",
        database_url,
    )
    assert again.exit_code == 2
    assert "no working key" in _said(again)
    short = _run(
        "workspace", "revoke-key", "--workspace", workspace, "--prefix", "sl_", "--database-url", database_url
    )
    assert short.exit_code == 2
    assert "first 10 characters" in _said(short)
