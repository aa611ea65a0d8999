"""``schedlink demo`` run again on the same database: the same password and API key, new ones only when
asked (``--rotate-secrets``) or when the stored ones stopped working; and the port it serves on."""

from __future__ import annotations

import re
import stat
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from schedlink import cli_service
from schedlink.cli import app
from schedlink.demo import SECRETS_SUFFIX, secrets_file
from schedlink.net.sandbox import SANDBOX_ENV
from schedlink.service.context import READ_LEAD_PAGES_ENV
from schedlink.service.errors import Unauthorized
from schedlink.service.users import verify_user
from schedlink.service.workspaces import authenticate
from schedlink.store.db import Database

pytestmark = pytest.mark.integration

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("SCHEDLINK_DATA_DIR", str(folder))
    monkeypatch.delenv("SCHEDLINK_DATABASE_URL", raising=False)
    return folder


def _demo(database_url: str, *extra: str) -> tuple[Result, str, str, str]:
    """Run the demo without serving; answers what it printed, its password, API key and workspace."""
    result = runner.invoke(
        app, ["demo", "--database", database_url, "--no-serve", "--no-suggestions", *extra]
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    password = re.search(r"with password: (\S+)", said)
    key = re.search(r"API key: (sl_\S+)", said)
    workspace = re.search(r"Workspace 'Acme Sales' \(([0-9a-f-]{36})\)", said)
    assert password, said
    assert key, said
    assert workspace, said
    return result, password.group(1), key.group(1), workspace.group(1)


def _key_works(db: Database, key: str, workspace: str) -> bool:
    try:
        return authenticate(db, key) == uuid.UUID(workspace)
    except Unauthorized:
        return False


def _password_works(db: Database, password: str) -> bool:
    return verify_user(db, "demo@acme.io", password) is not None


def test_the_demo_prints_the_same_password_and_key_on_every_run(
    database_url: str, db: Database, data_dir: Path
) -> None:
    first, password, key, workspace = _demo(database_url)
    again, same_password, same_key, same_workspace = _demo(database_url)

    assert (same_password, same_key, same_workspace) == (password, key, workspace)
    assert "The same password and API key as before" in " ".join(again.stdout.split())
    assert _key_works(db, key, workspace)
    assert _password_works(db, password)
    stored = secrets_file(database_url, data_dir)
    assert stored is not None
    assert stored.is_file()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert str(stored) in "".join(first.stdout.split())


def test_the_secrets_file_sits_beside_sqlite_and_in_the_data_directory_otherwise(tmp_path: Path) -> None:
    database = tmp_path / "team.db"
    beside = secrets_file(f"sqlite:///{database}", tmp_path / "data")
    assert beside == tmp_path / f"team.db{SECRETS_SUFFIX}"
    assert secrets_file("sqlite://", tmp_path / "data") is None
    one = secrets_file("postgresql+psycopg://me:hunter2xyz@db.example/one", tmp_path / "data")
    other = secrets_file("postgresql+psycopg://me:hunter2xyz@db.example/two", tmp_path / "data")
    assert one is not None
    assert other is not None
    assert one.parent == tmp_path / "data"
    assert one != other
    assert "hunter2xyz" not in one.name


def test_rotate_secrets_makes_new_ones_and_retires_the_old(
    database_url: str, db: Database, data_dir: Path
) -> None:
    _, password, key, workspace = _demo(database_url)

    rotated, new_password, new_key, _ = _demo(database_url, "--rotate-secrets")

    assert new_password != password
    assert new_key != key
    assert "New password and API key" in " ".join(rotated.stdout.split())
    assert not _key_works(db, key, workspace)  # revoked
    assert not _password_works(db, password)
    assert _key_works(db, new_key, workspace)
    assert _password_works(db, new_password)
    _, kept_password, kept_key, _ = _demo(database_url)
    assert (kept_password, kept_key) == (new_password, new_key)


def test_a_stored_key_that_no_longer_works_is_replaced_and_the_password_kept(
    database_url: str, db: Database, data_dir: Path
) -> None:
    _, password, key, workspace = _demo(database_url)
    revoked = runner.invoke(
        app,
        [
            "workspace",
            "revoke-key",
            "--workspace",
            workspace,
            "--prefix",
            key,
            "--database-url",
            database_url,
        ],
    )
    assert revoked.exit_code == 0, revoked.output

    _, same_password, new_key, _ = _demo(database_url)

    assert same_password == password
    assert new_key != key
    assert _key_works(db, new_key, workspace)


def test_the_demo_serves_on_the_port_it_is_given(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = str(tmp_path / "demo.db")  # a plain path, as `demo --database` has always taken
    served: dict[str, Any] = {}
    monkeypatch.setattr(cli_service, "serve", lambda **options: served.update(options))
    # Set here so the test's environment is restored afterwards; no replica is started then.
    monkeypatch.setenv(SANDBOX_ENV, "cal.com=http://127.0.0.1:9")
    monkeypatch.setenv(READ_LEAD_PAGES_ENV, "0")

    result = runner.invoke(app, ["demo", "--database", database, "--port", "8123", "--host", "127.0.0.2"])

    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.2", 8123)
    assert "Booking tab: http://127.0.0.2:8123/booking" in result.stdout
    refused = runner.invoke(app, ["demo", "--database", database, "--port", "70000"])
    assert refused.exit_code == 2


def test_a_secrets_file_that_cannot_be_written_is_said_not_raised(tmp_path: Path, data_dir: Path) -> None:
    database = tmp_path / "demo.db"
    (tmp_path / f"demo.db{SECRETS_SUFFIX}").mkdir()  # something in the way

    result = runner.invoke(app, ["demo", "--database", str(database), "--no-serve", "--no-suggestions"])

    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot keep the demo's password and key in" in " ".join(result.stderr.split())
