"""The booking commands over a real database and the Cal.com replica reached through the sandbox:
`automation` shows and changes the switches, `book` asks (refused plainly while off), `bookings list`
shows the attempt once a worker ran it, `evidence prune` forgets old evidence."""

from __future__ import annotations

import json

import pytest
from booking_helpers import BookingWorld, world
from typer.testing import CliRunner, Result

from schedlink.cli import app

pytestmark = pytest.mark.integration
__all__ = ["world"]
runner = CliRunner()


def _run(database_url: str, *args: str) -> Result:
    return runner.invoke(app, [*args, "--database-url", database_url])


@pytest.fixture
def env(world: BookingWorld, monkeypatch: pytest.MonkeyPatch) -> BookingWorld:
    monkeypatch.setenv(
        "SCHEDLINK_SANDBOX_HOSTS", ",".join(f"{h}={o}" for h, o in world.config.sandbox.items())
    )
    monkeypatch.setenv("SCHEDLINK_DATA_DIR", str(world.config.data_dir))
    return world


def test_switches_a_booking_and_its_listing_from_the_command_line(
    env: BookingWorld, database_url: str
) -> None:
    ws, start = str(env.workspace_id), env.start.isoformat()
    shown = _run(database_url, "automation", "--workspace", ws)
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["providers"]["calcom"] == "off"
    refused = _run(database_url, "book", "--workspace", ws, "--task", str(env.task_id), "--start", start)
    assert refused.exit_code == 2
    assert "Cal.com is off, which does not allow bookings" in " ".join(refused.output.split())
    bad = _run(database_url, "book", "--workspace", ws, "--task", str(env.task_id), "--start", "tomorrow")
    assert bad.exit_code == 2
    assert "--start" in bad.output
    changed = _run(database_url, "automation", "--workspace", ws, "--set", "calcom=approve")
    assert json.loads(changed.stdout)["providers"]["calcom"] == "approve"
    asked = _run(database_url, "book", "--workspace", ws, "--task", str(env.task_id), "--start", start)
    assert asked.exit_code == 0, asked.output
    booking = json.loads(asked.stdout)
    assert booking["state"] == "requested"
    env.run_jobs()
    listed = _run(database_url, "bookings", "list", "--workspace", ws, "--state", "booked")
    (line,) = listed.stdout.splitlines()
    assert json.loads(line)["id"] == booking["id"]
    assert env.replica.submissions() == 1
    pruned = _run(database_url, "evidence", "prune", "--older-than-days", "1")
    assert json.loads(pruned.stdout)["pieces_removed"] == 0  # today's evidence is kept
    from datetime import timedelta

    from sqlalchemy import update

    from schedlink.service import jobs
    from schedlink.store.models import BookingRow, EvidenceRow

    long_ago = jobs.now() - timedelta(days=400)
    with env.db.write() as session:
        session.execute(update(EvidenceRow).values(created_at=long_ago))
        session.execute(update(BookingRow).values(updated_at=long_ago))
        hashes = [row.sha256 for row in session.query(EvidenceRow)]
    assert all(env.context.evidence.get(sha) is not None for sha in hashes)
    pruned = _run(database_url, "evidence", "prune", "--older-than-days", "365")
    assert json.loads(pruned.stdout)["pieces_removed"] == len(hashes) > 0
    assert all(env.context.evidence.get(sha) is None for sha in hashes)
