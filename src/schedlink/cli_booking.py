"""Commands for booking automation: ``automation``, ``book``, ``bookings list`` and ``evidence prune``."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import typer

from schedlink.cli_service import DatabaseOption, current_database, guard, workspace_from_option
from schedlink.service import automation, bookings, records
from schedlink.service.bookings import BookingView
from schedlink.terminal import err, fail, instant_option, operator_config

bookings_app = typer.Typer(help="Read booking attempts.", no_args_is_help=True)
evidence_app = typer.Typer(help="Manage booking evidence.", no_args_is_help=True)
WAIT_SECONDS = 180


def register(app: typer.Typer) -> None:
    app.command("automation")(automation_command)
    app.command("book")(book_command)
    app.add_typer(bookings_app, name="bookings")
    app.add_typer(evidence_app, name="evidence")


def automation_command(
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace id.")],
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="PROVIDER=MODE (off, dry_run, approve, auto); repeatable."),
    ] = None,
    kill_switch: Annotated[
        str | None,
        typer.Option("--kill-switch", help="on stops all automation of the workspace; off lifts it."),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Show the automation settings in force as JSON, after applying any changes given."""
    providers: dict[str, str] = {}
    for item in set_ or []:
        slug, sep, mode = item.partition("=")
        if not sep or not slug.strip() or not mode.strip():
            fail(f"--set: write PROVIDER=MODE, e.g. calcom=approve, not {item!r}")
        providers[slug.strip()] = mode.strip()
    if kill_switch is not None and kill_switch not in ("on", "off"):
        fail(f"--kill-switch: on or off, not {kill_switch!r}")
    config = operator_config()
    with current_database(database) as db:
        workspace_id = workspace_from_option(db, workspace)
        if providers or kill_switch is not None:
            change = automation.AutomationChange(
                kill_switch=None if kill_switch is None else kill_switch == "on", providers=providers or None
            )
            guard(lambda: automation.change_settings(db, workspace_id, change, actor="cli"))
        settings = guard(lambda: automation.get_settings(db, workspace_id))
    typer.echo(json.dumps(automation.settings_in_force(settings, config), indent=2))


def book_command(
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace id.")],
    task: Annotated[str, typer.Option("--task", help="The review task to book.")],
    start: Annotated[
        str, typer.Option("--start", help="The time, ISO 8601 with its offset (2026-03-10T15:00Z).")
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check everything, submit nothing.")] = False,
    wait: Annotated[
        bool,
        typer.Option("--wait", help=f"Wait (up to {WAIT_SECONDS} s) until the booking ends, and print it."),
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Ask for a booking on the task's link; a worker (or `schedlink serve`) runs it. Prints it as JSON."""
    when = instant_option(start, "--start")
    config = operator_config()
    with current_database(database) as db:
        workspace_id = workspace_from_option(db, workspace)
        task_id = guard(lambda: records.parse_id(task, "task"))
        made = guard(
            lambda: bookings.request_booking(
                db, workspace_id, task_id, when, dry_run=dry_run, actor="cli", config=config
            )
        )
        view = made.booking
        if wait:
            view = _wait(db, workspace_id, view)
    typer.echo(json.dumps(view.to_json(), indent=2))
    if wait and not view.terminal:
        err.print(f"the booking is still {view.state}; is a worker running?", highlight=False)
        raise typer.Exit(code=1)


def _wait(db: Any, workspace_id: uuid.UUID, view: BookingView) -> BookingView:
    deadline = time.monotonic() + WAIT_SECONDS
    while not view.terminal and time.monotonic() < deadline:
        time.sleep(0.5)
        view = bookings.get_booking(db, workspace_id, view.id)
    return view


@bookings_app.command("list")
def bookings_list(
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace id.")],
    state: Annotated[str | None, typer.Option("--state", help="Only bookings in this state.")] = None,
    limit: Annotated[
        int, typer.Option(min=1, max=bookings.MAX_PAGE, help="At most this many, newest first.")
    ] = 50,
    database: DatabaseOption = None,
) -> None:
    """Booking attempts of the workspace, newest first, as JSON lines."""
    with current_database(database) as db:
        workspace_id = workspace_from_option(db, workspace)
        found = guard(lambda: bookings.list_bookings(db, workspace_id, state=state, limit=limit))
    for view in found:
        typer.echo(json.dumps(view.to_json()))


@evidence_app.command("prune")
def evidence_prune(
    older_than_days: Annotated[
        int | None,
        typer.Option(
            "--older-than-days", min=1, help="Default: $SCHEDLINK_EVIDENCE_RETENTION_DAYS, else 365."
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Delete the evidence of attempts that ended longer ago than the retention, and its files."""
    config = operator_config()
    days = older_than_days or config.evidence_retention_days
    with current_database(database) as db:
        counts = guard(
            lambda: bookings.prune_evidence(db, config, before=datetime.now(UTC) - timedelta(days=days))
        )
    typer.echo(json.dumps({"older_than_days": days, **counts}))
