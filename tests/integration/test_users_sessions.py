"""Booking tab users and web sessions on real databases: hashes only, expiry, sign-out, revocation."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from service_helpers import workspace
from sqlalchemy import select
from typer.testing import CliRunner

from schedlink.cli import app
from schedlink.service import users
from schedlink.service.errors import Conflict, InvalidRequest, NotFound
from schedlink.service.users import add_user, reset_password, verify_user
from schedlink.service.web_sessions import (
    SESSION_LIFETIME,
    end_session,
    find_session,
    sign_in_with_key,
    sign_in_with_password,
)
from schedlink.service.workspaces import NewWorkspace, create_workspace, revoke_api_key
from schedlink.store.db import Database
from schedlink.store.models import AuditEventRow, UserRow, WebSessionRow

pytestmark = pytest.mark.integration

runner = CliRunner()

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its lowest cost: the same algorithm and code paths, a fraction of the time."""
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", quick)
    monkeypatch.setattr(users, "_DECOY_HASH", quick.hash("decoy"))


def test_a_user_is_stored_with_an_argon2_hash_only(db: Database) -> None:
    workspace_id = workspace(db)
    created = add_user(db, workspace_id, "  Pat@ACME.io ", name="Pat", password=PASSWORD, actor="cli")
    assert created.email == "pat@acme.io"
    assert not created.generated
    with db.read() as session:
        row = session.scalars(select(UserRow)).one()
        actions = list(session.scalars(select(AuditEventRow.action)))
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    assert "user.created" in actions


def test_a_generated_password_is_returned_once_and_works(db: Database) -> None:
    workspace_id = workspace(db)
    created = add_user(db, workspace_id, "pat@acme.io")
    assert created.generated
    assert len(created.password) >= 16
    signed = verify_user(db, "pat@acme.io", created.password)
    assert signed is not None
    assert signed.workspace_id == workspace_id


def test_bad_users_are_refused(db: Database) -> None:
    workspace_id = workspace(db)
    with pytest.raises(InvalidRequest, match="email"):
        add_user(db, workspace_id, "not an address", password=PASSWORD)
    with pytest.raises(InvalidRequest, match="at least"):
        add_user(db, workspace_id, "pat@acme.io", password="short")
    add_user(db, workspace_id, "pat@acme.io", password=PASSWORD)
    with pytest.raises(Conflict, match="already"):
        add_user(db, workspace_id, "PAT@acme.io", password=PASSWORD)
    with pytest.raises(NotFound):
        add_user(db, uuid.uuid4(), "sam@acme.io", password=PASSWORD)


def test_wrong_password_unknown_email_and_disabled_user_all_fail_alike(db: Database) -> None:
    workspace_id = workspace(db)
    add_user(db, workspace_id, "pat@acme.io", password=PASSWORD)
    assert verify_user(db, "pat@acme.io", PASSWORD + "x") is None
    assert verify_user(db, "nobody@acme.io", PASSWORD) is None
    assert verify_user(db, "pat@acme.io", "") is None
    with db.write() as session:
        session.scalars(select(UserRow)).one().disabled_at = NOW
    assert verify_user(db, "pat@acme.io", PASSWORD) is None


def test_the_same_email_in_two_workspaces_signs_in_where_the_password_matches(db: Database) -> None:
    first = workspace(db, name="First")
    second = workspace(db, name="Second")
    add_user(db, first, "pat@acme.io", password=PASSWORD)
    add_user(db, second, "pat@acme.io", password="another long secret")
    found = verify_user(db, "pat@acme.io", "another long secret")
    assert found is not None
    assert found.workspace_id == second


def test_a_session_keeps_only_the_token_hash_and_lasts_twelve_hours(db: Database) -> None:
    workspace_id = workspace(db)
    add_user(db, workspace_id, "pat@acme.io", name="Pat Doe", password=PASSWORD)
    started = sign_in_with_password(db, "pat@acme.io", PASSWORD, now=NOW)
    assert started is not None
    assert started.expires_at == NOW + timedelta(hours=12) == NOW + SESSION_LIFETIME
    with db.read() as session:
        row = session.scalars(select(WebSessionRow)).one()
    assert row.token_hash == hashlib.sha256(started.token.encode()).hexdigest()
    assert started.token not in (row.token_hash, row.csrf_token)
    assert row.who == "Pat Doe <pat@acme.io>"

    live = find_session(db, started.token, now=NOW + timedelta(hours=11, minutes=59))
    assert live is not None
    assert live.workspace_id == workspace_id
    assert live.csrf_token == started.csrf_token
    assert find_session(db, started.token, now=NOW + SESSION_LIFETIME) is None
    assert find_session(db, started.token + "x", now=NOW) is None
    assert find_session(db, None, now=NOW) is None


def test_sign_out_ends_the_session_everywhere(db: Database) -> None:
    workspace_id = workspace(db)
    add_user(db, workspace_id, "pat@acme.io", password=PASSWORD)
    started = sign_in_with_password(db, "pat@acme.io", PASSWORD, now=NOW)
    assert started is not None
    end_session(db, started.session_id, now=NOW + timedelta(minutes=5))
    assert find_session(db, started.token, now=NOW + timedelta(minutes=6)) is None
    with db.read() as session:
        actions = list(session.scalars(select(AuditEventRow.action).order_by(AuditEventRow.id)))
    assert actions[-2:] == ["session.started", "session.ended"]


def test_a_disabled_user_or_a_password_reset_ends_their_sessions(db: Database) -> None:
    workspace_id = workspace(db)
    add_user(db, workspace_id, "pat@acme.io", password=PASSWORD)
    first = sign_in_with_password(db, "pat@acme.io", PASSWORD, now=NOW)
    assert first is not None
    reset = reset_password(db, workspace_id, "pat@acme.io", password="a brand new secret")
    assert not reset.generated
    assert find_session(db, first.token, now=NOW) is None
    assert sign_in_with_password(db, "pat@acme.io", PASSWORD, now=NOW) is None
    second = sign_in_with_password(db, "pat@acme.io", "a brand new secret", now=NOW)
    assert second is not None
    with db.write() as session:
        session.scalars(select(UserRow)).one().disabled_at = NOW
    assert find_session(db, second.token, now=NOW) is None


def test_an_api_key_signs_in_until_it_is_revoked(db: Database) -> None:
    created = create_workspace(db, NewWorkspace(name="Acme", timezone="UTC"))
    assert sign_in_with_key(db, "sl_unknown", now=NOW) is None
    assert sign_in_with_key(db, "not a key", now=NOW) is None
    started = sign_in_with_key(db, created.api_key, now=NOW)
    assert started is not None
    assert started.workspace_id == created.workspace_id
    assert started.who == f"api key {created.api_key[:10]}"
    assert find_session(db, started.token, now=NOW) is not None
    revoke_api_key(db, created.workspace_id, created.api_key[:10], actor="test")
    assert find_session(db, started.token, now=NOW) is None
    assert sign_in_with_key(db, created.api_key, now=NOW) is None


def test_each_session_has_its_own_tokens(db: Database) -> None:
    workspace_id = workspace(db)
    add_user(db, workspace_id, "pat@acme.io", password=PASSWORD)
    one = sign_in_with_password(db, "pat@acme.io", PASSWORD, now=NOW)
    two = sign_in_with_password(db, "pat@acme.io", PASSWORD, now=NOW)
    assert one is not None
    assert two is not None
    assert one.token != two.token
    assert one.csrf_token != two.csrf_token


def test_user_add_command_generates_or_reads_the_password(db: Database, database_url: str) -> None:
    workspace_id = str(workspace(db))
    generated = runner.invoke(
        app, ["user", "add", "--workspace", workspace_id, "--email", "Pat@Acme.io", "--name", "Pat",
              "--database-url", database_url],
    )  # fmt: skip
    assert generated.exit_code == 0, generated.output
    answer = json.loads(generated.stdout)
    assert answer["email"] == "pat@acme.io"
    assert verify_user(db, "pat@acme.io", answer["password"]) is not None

    piped = runner.invoke(
        app, ["user", "add", "--workspace", workspace_id, "--email", "sam@acme.io", "--password-stdin",
              "--database-url", database_url],
        input="a password from a pipe\n",
    )  # fmt: skip
    assert piped.exit_code == 0, piped.output
    assert "password" not in json.loads(piped.stdout)
    assert verify_user(db, "sam@acme.io", "a password from a pipe") is not None

    for arguments, message in (
        (["--email", "pat@acme.io"], "already has an account"),
        (["--email", "nobody"], "not an email address"),
        (["--email", "x@acme.io", "--password-stdin"], "no password"),
    ):
        refused = runner.invoke(
            app,
            ["user", "add", "--workspace", workspace_id, *arguments, "--database-url", database_url],
            input="",
        )
        assert refused.exit_code != 0
        assert message in " ".join(refused.output.split())
    unknown = runner.invoke(
        app,
        [
            "user",
            "add",
            "--workspace",
            str(uuid.uuid4()),
            "--email",
            "x@acme.io",
            "--database-url",
            database_url,
        ],
    )
    assert unknown.exit_code != 0
