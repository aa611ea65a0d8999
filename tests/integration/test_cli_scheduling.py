"""``schedlink calendar``, ``availability`` and ``slots`` over a real database and a real CalDAV server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner, Result

from radicale_server import radicale_url  # noqa: F401  (fixture)
from schedlink.cli import app
from schedlink.store.db import Database

pytestmark = pytest.mark.integration

runner = CliRunner()
NEW_YORK = ZoneInfo("America/New_York")
# Busy 09:00–10:00 New York every day, from January 2026 on: whatever today is, next week is covered.
DAILY_STANDUP = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:standup@test\r\n"
    "DTSTAMP:20260101T000000Z\r\nDTSTART;TZID=America/New_York:20260105T090000\r\n"
    "DTEND;TZID=America/New_York:20260105T100000\r\nRRULE:FREQ=DAILY\r\nSUMMARY:Standup\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _said(result: Result) -> str:
    return " ".join((result.stdout + " " + result.stderr).split())


@pytest.fixture
def workspace(database_url: str, db: Database) -> str:
    result = _run(
        "workspace",
        "create",
        "--name",
        "Acme",
        "--timezone",
        "America/New_York",
        "--database-url",
        database_url,
    )
    assert result.exit_code == 0, _said(result)
    workspace_id: str = json.loads(result.stdout)["workspace_id"]
    return workspace_id


def _next_monday() -> datetime:
    today = datetime.now(NEW_YORK).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=NEW_YORK)


def test_calendar_add_then_availability(workspace: str, database_url: str, tmp_path: Path) -> None:
    file = tmp_path / "team.ics"
    file.write_text(DAILY_STANDUP)
    added = _run(
        "calendar", "add", "--workspace", workspace, "--ics", str(file), "--database-url", database_url
    )
    assert added.exit_code == 0, _said(added)
    calendar = json.loads(added.stdout)
    assert (calendar["status"], calendar["kind"], calendar["label"]) == ("ok", "ics_file", "team.ics")
    assert calendar["busy_intervals"] > 300

    monday = _next_monday()
    result = _run(
        "availability", "--workspace", workspace, "--start", monday.isoformat(),
        "--end", (monday + timedelta(days=1)).isoformat(), "--database-url", database_url,
    )  # fmt: skip
    assert result.exit_code == 0, _said(result)
    expected_start = monday.replace(hour=10).astimezone(UTC)
    expected_end = monday.replace(hour=17).astimezone(UTC)
    assert json.loads(result.stdout) == [
        {
            "start": expected_start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": expected_end.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
    ]

    listed = _run("calendar", "list", "--workspace", workspace, "--database-url", database_url)
    assert [item["id"] for item in json.loads(listed.stdout)] == [calendar["id"]]
    removed = _run(
        "calendar",
        "remove",
        "--workspace",
        workspace,
        "--calendar",
        calendar["id"],
        "--database-url",
        database_url,
    )
    assert removed.exit_code == 0, _said(removed)


def test_calendar_add_from_caldav(workspace: str, database_url: str, radicale_url: str) -> None:  # noqa: F811
    from caldav.davclient import DAVClient

    client = DAVClient(radicale_url, username="sam", password="pw", auth_type="basic")
    calendar = client.principal().make_calendar(name="Sam")  # type: ignore[no-untyped-call]
    calendar.save_event(DAILY_STANDUP)
    host = radicale_url.split("//")[1].rstrip("/")
    args = ("calendar", "add", "--workspace", workspace, "--caldav", str(calendar.url), "--username", "sam",
            "--password", "pw", "--database-url", database_url)  # fmt: skip
    refused = _run(*args)
    assert refused.exit_code == 1
    assert "could not be read" in _said(refused)
    allowed = runner.invoke(app, list(args), env={"SCHEDLINK_PRIVATE_CALENDAR_HOSTS": host})
    assert allowed.exit_code == 0, _said(allowed)
    shown = json.loads(allowed.stdout)
    assert shown["status"] == "ok"
    assert "pw" not in allowed.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--ics", "/no/such/file.ics"), "neither a file nor"),
        (("--ics", "x.ics", "--caldav", "https://dav.example/cal"), "exactly one"),
        (("--ics", "ftp://example.org/a.ics"), "neither a file nor"),
    ],
)
def test_calendar_add_refuses_bad_input(
    workspace: str, database_url: str, args: tuple[str, ...], message: str
) -> None:
    result = _run("calendar", "add", "--workspace", workspace, *args, "--database-url", database_url)
    assert result.exit_code == 2
    assert message in _said(result)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-03-10T09:00:00", "2026-03-11T09:00:00Z", "UTC offset"),
        ("2026-03-11T09:00:00Z", "2026-03-10T09:00:00Z", "after start"),
        ("soon", "2026-03-10T09:00:00Z", "ISO time"),
    ],
)
def test_availability_refuses_bad_periods(
    workspace: str, database_url: str, start: str, end: str, message: str
) -> None:
    result = _run(
        "availability",
        "--workspace",
        workspace,
        "--start",
        start,
        "--end",
        end,
        "--database-url",
        database_url,
    )
    assert result.exit_code == 2
    assert message in _said(result)


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("https://calendar.app.google/9Hx3kPq2Lm7Rt5Wz8", "Google"),
        ("https://example.org/about", "not a booking page"),
        ("https://calendly.com/tom-baker", "event"),
    ],
)
def test_slots_explains_what_it_cannot_read(link: str, message: str) -> None:
    result = _run("slots", link)
    assert result.exit_code == 2
    assert message in _said(result)


def test_workspace_scheduling_shows_and_changes_the_rules(workspace: str, database_url: str) -> None:
    shown = _run("workspace", "scheduling", "--workspace", workspace, "--database-url", database_url)
    assert shown.exit_code == 0, _said(shown)
    assert json.loads(shown.stdout)["meeting_minutes"] == 30
    changed = _run(
        "workspace", "scheduling", "--workspace", workspace, "--set", "meeting_minutes=60",
        "--set", 'holidays=["2026-12-25"]', "--set", "tentative_busy=false", "--database-url", database_url,
    )  # fmt: skip
    assert changed.exit_code == 0, _said(changed)
    rules = json.loads(changed.stdout)
    assert (rules["meeting_minutes"], rules["holidays"], rules["tentative_busy"]) == (
        60,
        ["2026-12-25"],
        False,
    )
    refused = _run(
        "workspace",
        "scheduling",
        "--workspace",
        workspace,
        "--set",
        "days_ahead=900",
        "--database-url",
        database_url,
    )
    assert refused.exit_code == 2
    assert "days_ahead" in _said(refused)
    malformed = _run(
        "workspace",
        "scheduling",
        "--workspace",
        workspace,
        "--set",
        "days_ahead",
        "--database-url",
        database_url,
    )
    assert malformed.exit_code == 2
    assert "KEY=VALUE" in _said(malformed)
