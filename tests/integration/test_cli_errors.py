"""What the commands say when the user got something wrong: a path or a URL for the database, a database
that is not there, a calendar that cannot be read. Never a traceback, never a silent exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from schedlink.cli import app
from schedlink.store.db import Database

pytestmark = pytest.mark.integration

runner = CliRunner()


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, list(args), env={"SCHEDLINK_DATABASE_URL": "", **(env or {})})


def _said(result: Result) -> str:
    return " ".join((result.stdout + " " + result.stderr).split())


def _no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def test_a_file_path_is_accepted_wherever_a_database_url_is(tmp_path: Path) -> None:
    path = str(tmp_path / "team.db")
    upgraded = _run("db", "upgrade", "--database-url", path)
    assert upgraded.exit_code == 0, _said(upgraded)
    created = _run(
        "workspace", "create", "--name", "Acme", "--timezone", "UTC", "--database-url", path
    )  # fmt: skip
    assert created.exit_code == 0, _said(created)
    workspace = json.loads(created.stdout)["workspace_id"]

    by_url = _run("workspace", "list", "--database-url", f"sqlite:///{path}")
    by_env = _run("workspace", "list", env={"SCHEDLINK_DATABASE_URL": path})
    for listed in (by_url, by_env):
        assert listed.exit_code == 0, _said(listed)
        assert json.loads(listed.stdout)["workspace_id"] == workspace


@pytest.mark.parametrize(
    "value",
    ["postgresql://user@host:port/db", "mysql://user@host/db", "nonsense://x", "   "],
)
def test_a_database_value_that_is_neither_a_path_nor_a_url_is_a_usage_error(value: str) -> None:
    for args in (("workspace", "list"), ("db", "upgrade"), ("demo", "--no-serve")):
        result = _run(*args, "--database-url", value)
        _no_traceback(result)
        assert result.exit_code == 2, _said(result)
        assert "--database-url" in _said(result)


def test_a_read_only_command_never_creates_a_database_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "team.db"
    for args in (
        ("workspace", "list", "--database-url", str(missing)),
        ("workspace", "list", "--database-url", f"sqlite:///{missing}"),
        ("calendar", "list", "--workspace", "x", "--database-url", str(missing)),
        ("bookings", "list", "--workspace", "x", "--database-url", str(missing)),
    ):
        result = _run(*args)
        _no_traceback(result)
        assert result.exit_code == 2, _said(result)
        assert f"database {missing} does not exist" in _said(result)
        assert "schedlink db upgrade" in _said(result)
    assert not (tmp_path / "nowhere").exists()


def test_a_database_that_cannot_be_created_is_said_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = _run("db", "upgrade", "--database-url", str(blocker / "team.db"))
    _no_traceback(result)
    assert result.exit_code == 2
    assert "cannot use the database" in _said(result)


def test_calendar_refresh_says_which_calendar_failed_and_why(database_url: str, db: Database) -> None:
    created = _run(
        "workspace", "create", "--name", "Acme", "--timezone", "UTC", "--database-url", database_url
    )  # fmt: skip
    workspace = json.loads(created.stdout)["workspace_id"]
    # A feed on a private address: the guarded fetcher refuses it, with no network involved.
    added = _run(
        "calendar", "add", "--workspace", workspace, "--ics", "https://127.0.0.1:9/team.ics",
        "--label", "Team feed", "--database-url", database_url,
    )  # fmt: skip
    assert added.exit_code == 1, _said(added)

    refreshed = _run("calendar", "refresh", "--workspace", workspace, "--database-url", database_url)

    assert refreshed.exit_code == 1
    (view,) = json.loads(refreshed.stdout)
    assert view["status"] == "error"
    said = " ".join(refreshed.stderr.split())
    assert f"calendar Team feed ({view['id']}) could not be read: {view['error']}" in said
    assert "1 of 1 calendars could not be read" in said


def test_calendar_refresh_with_no_calendars_says_so(database_url: str, db: Database) -> None:
    created = _run(
        "workspace", "create", "--name", "Acme", "--timezone", "UTC", "--database-url", database_url
    )  # fmt: skip
    workspace = json.loads(created.stdout)["workspace_id"]
    refreshed = _run("calendar", "refresh", "--workspace", workspace, "--database-url", database_url)
    assert refreshed.exit_code == 0
    assert json.loads(refreshed.stdout) == []
    assert "no calendars to read" in refreshed.stderr
