"""Commands for availability and background work: ``calendar``, ``availability``, ``slots``, ``worker``,
``workers``."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from schedlink.cli_service import (
    DatabaseOption,
    current_database,
    guard,
    workspace_app,
    workspace_from_option,
)
from schedlink.config import OperatorConfig
from schedlink.domain.availability.intervals import instant_to_json
from schedlink.domain.slots import SlotQuery, SlotReadError
from schedlink.net.fetcher import FetchFailed, FetchRefused, GuardedFetcher
from schedlink.net.lead_pages import NoSlotReader, read_offered_slots
from schedlink.net.sandbox import describe
from schedlink.service import scheduling, team_calendars
from schedlink.service.availability import team_availability
from schedlink.service.context import JobContext, PageBooker
from schedlink.service.team_calendars import NewCalendar
from schedlink.service.workers import WorkerView, list_workers
from schedlink.store.db import Database, open_database
from schedlink.terminal import err, fail, instant_option, operator_config

calendar_app = typer.Typer(help="The team's calendars (busy time for suggestions).", no_args_is_help=True)
WorkspaceOption = Annotated[str, typer.Option("--workspace", help="Workspace id.")]


def register(app: typer.Typer) -> None:
    workspace_app.command("scheduling")(workspace_scheduling)
    app.add_typer(calendar_app, name="calendar")
    app.command("availability")(availability)
    app.command("slots")(slots)
    app.command("worker")(worker)
    app.command("workers")(worker_status)


def workspace_scheduling(
    workspace: WorkspaceOption,
    changes: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="KEY=VALUE, VALUE as JSON where it parses: --set meeting_minutes=45 --set holidays='[\"2026-12-25\"]'",
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Show the scheduling rules (meeting length, slot step, buffers, notice, days ahead, special days), or
    change some with --set; prints the rules in force as JSON."""
    parsed = dict(_assignment(text) for text in changes or [])
    with current_database(database) as db:
        workspace_id = workspace_from_option(db, workspace)
        if parsed:
            rules = guard(lambda: scheduling.update_scheduling(db, workspace_id, parsed, actor="cli"))
        else:
            rules = guard(lambda: scheduling.get_scheduling(db, workspace_id))
    typer.echo(json.dumps(rules.to_json(), indent=2))


def _assignment(text: str) -> tuple[str, object]:
    key, equals, value = text.partition("=")
    if not equals or not key.strip():
        fail(f"--set: {text!r} is not KEY=VALUE")
    try:
        return key.strip(), json.loads(value)
    except json.JSONDecodeError:
        return key.strip(), value


@calendar_app.command("add")
def calendar_add(
    workspace: WorkspaceOption,
    ics: Annotated[
        str | None, typer.Option("--ics", help="An .ics file, or the https:// address of a feed.")
    ] = None,
    caldav: Annotated[
        str | None, typer.Option("--caldav", help="A CalDAV calendar or principal URL.")
    ] = None,
    username: Annotated[str | None, typer.Option(help="CalDAV user name.")] = None,
    password: Annotated[
        str | None,
        typer.Option(
            help="CalDAV password (or set $SCHEDLINK_CALDAV_PASSWORD).", envvar="SCHEDLINK_CALDAV_PASSWORD"
        ),
    ] = None,
    label: Annotated[str, typer.Option(help="A name people recognise.")] = "",
    database: DatabaseOption = None,
) -> None:
    """Add a calendar and read it right away; prints the calendar (never its password) as JSON."""
    if (ics is None) == (caldav is None):
        fail("give exactly one of --ics FILE_OR_URL or --caldav URL")
    new = _new_calendar(ics, caldav, username, password, label)
    context = JobContext()
    try:
        with current_database(database) as db:
            workspace_id = workspace_from_option(db, workspace)
            view = guard(
                lambda: team_calendars.add_calendar(
                    db, workspace_id, new, actor="cli", read_now=True, context=context
                )
            )
    finally:
        context.close()
    typer.echo(json.dumps(view.to_json(), indent=2))
    if view.status == "error":
        err.print(
            f"[yellow]warning:[/yellow] the calendar was added but could not be read: {view.error}. "
            f"Fix it and run `schedlink calendar refresh`, or `schedlink calendar remove`.",
            highlight=False,
        )
        raise typer.Exit(code=1)


@calendar_app.command("list")
def calendar_list(workspace: WorkspaceOption, database: DatabaseOption = None) -> None:
    """The workspace's calendars with their state, as JSON."""
    with current_database(database) as db:
        views = team_calendars.list_calendars(db, workspace_from_option(db, workspace))
    typer.echo(json.dumps([view.to_json() for view in views], indent=2))


@calendar_app.command("remove")
def calendar_remove(
    workspace: WorkspaceOption,
    calendar: Annotated[str, typer.Option("--calendar", help="Calendar id (from `calendar list`).")],
    database: DatabaseOption = None,
) -> None:
    """Remove a calendar; its busy time no longer counts."""
    with current_database(database) as db:
        workspace_id = workspace_from_option(db, workspace)
        guard(lambda: team_calendars.remove_calendar(db, workspace_id, _calendar_id(calendar), actor="cli"))
    typer.echo(json.dumps({"removed": calendar}))


@calendar_app.command("refresh")
def calendar_refresh(workspace: WorkspaceOption, database: DatabaseOption = None) -> None:
    """Read every calendar of the workspace now."""
    context = JobContext()
    try:
        with current_database(database) as db:
            workspace_id = workspace_from_option(db, workspace)
            views = [
                guard(partial(team_calendars.refresh_calendar, db, workspace_id, view.id, context))
                for view in team_calendars.list_calendars(db, workspace_id)
            ]
    finally:
        context.close()
    typer.echo(json.dumps([view.to_json() for view in views], indent=2))
    if not views:
        err.print("no calendars to read: add one with `schedlink calendar add`", highlight=False)
    failed = [view for view in views if view.status == "error"]
    for view in failed:
        err.print(
            f"[red]error:[/red] calendar {view.label or view.kind} ({view.id}) could not be read: "
            f"{view.error or 'no reason was given'}",
            highlight=False,
        )
    if failed:
        err.print(
            f"{len(failed)} of {len(views)} calendars could not be read; their last busy time (if any) "
            "still counts. Fix them and refresh again, or `schedlink calendar remove` them.",
            highlight=False,
        )
        raise typer.Exit(code=1)


def availability(
    workspace: WorkspaceOption,
    start: Annotated[str, typer.Option(help="ISO time with offset, e.g. 2026-03-09T00:00:00Z.")],
    end: Annotated[str, typer.Option(help="ISO time with offset.")],
    refresh: Annotated[bool, typer.Option(help="Read stale calendars first.")] = True,
    database: DatabaseOption = None,
) -> None:
    """Print the team's free intervals in [start, end) as JSON: [{"start","end"}] in UTC."""
    begin, finish = instant_option(start, "--start"), instant_option(end, "--end")
    with current_database(database) as db:
        workspace_id = workspace_from_option(db, workspace)
        if refresh:
            _refresh_stale(db, workspace_id)
        result = guard(lambda: team_availability(db, workspace_id, begin, finish))
    for warning in result.warnings:
        err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    typer.echo(json.dumps([interval.to_json() for interval in result.free]))


def slots(
    url: Annotated[str, typer.Argument(help="A lead's scheduler link.")],
    start: Annotated[str | None, typer.Option(help="ISO time; default now.")] = None,
    end: Annotated[str | None, typer.Option(help="ISO time; default 14 days after start.")] = None,
    timezone: Annotated[str, typer.Option(help="Zone to ask the provider in.")] = "UTC",
) -> None:
    """Print the free slots a lead's link offers, read live through the guarded fetcher."""
    begin = instant_option(start, "--start") if start else datetime.now(UTC)
    finish = instant_option(end, "--end") if end else begin + timedelta(days=14)
    if finish <= begin:
        fail("--end: must be after --start")
    with GuardedFetcher() as fetcher:
        try:
            offered = read_offered_slots(url, SlotQuery(begin, finish, timezone), fetcher)
        except (NoSlotReader, SlotReadError, FetchRefused, FetchFailed) as error:
            fail(str(error))
    typer.echo(
        json.dumps(
            [
                {"start": instant_to_json(slot.start), "end": slot.end and instant_to_json(slot.end)}
                for slot in offered
            ]
        )
    )


def worker(
    action: Annotated[
        str | None,
        typer.Argument(
            help="`status`: list the workers (alive or not, what they run) instead of running one.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=32, help="Worker threads in this process.")] = 2,
    queue: Annotated[
        str | None, typer.Option("--queue-url", help="Default: $SCHEDLINK_QUEUE_URL, else a SQLite file.")
    ] = None,
    database: DatabaseOption = None,
    browsers: Annotated[
        int,
        typer.Option(
            min=0, max=16, help="Bookings on providers' pages at once, in one Chromium (0: no browser work)."
        ),
    ] = 0,
    restart_after: Annotated[
        int, typer.Option(min=1, help="Start Chromium afresh after this many page bookings.")
    ] = 50,
    as_json: Annotated[
        bool, typer.Option("--json", help="With `status`: print the workers as JSON.")
    ] = False,
) -> None:
    """Run background jobs (calendar reads, suggestions, bookings) until stopped with Ctrl-C or SIGTERM.
    With --browsers, also bookings on providers' pages (only workers started so take them).
    `schedlink worker status` lists the workers instead (as `schedlink workers`)."""
    if action is not None:
        if action != "status":
            raise typer.BadParameter(f"{action!r} is not an action of worker; the one there is: status")
        worker_status(as_json=as_json, database=database)
        return
    from schedlink.queue import JobQueue, queue_url

    config = operator_config()
    with current_database(database):
        pass  # refuses a missing or outdated schema with the command that fixes it
    pages = start_browsers(browsers, config, restart_after=restart_after) if browsers else None
    db = open_database(database)
    # Beside the database it serves (as `serve` puts it), not in the current directory.
    job_queue = JobQueue(db, queue_url(queue, database), context=JobContext(config, pages=pages))
    shown = f"{workers} threads" + (f", {browsers} page bookings at once in Chromium" if browsers else "")
    err.print(f"schedlink worker: {shown} on {job_queue.url.split('@')[-1]}", highlight=False)
    if config.sandbox:
        err.print(f"sandbox: provider requests go to replicas ({describe(config.sandbox)})", highlight=False)
    if not config.automation_allowed:
        err.print("booking automation is off on this server (SCHEDLINK_AUTOMATION=off)", highlight=False)
    try:
        job_queue.run_worker(workers=workers)
    finally:
        job_queue.close()
        db.dispose()


def worker_status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the workers as a JSON list.")] = False,
    database: DatabaseOption = None,
) -> None:
    """The processes that run jobs (`schedlink worker`, and `schedlink serve`'s own): alive or not, their
    lanes and browsers, and the jobs they are running now."""
    now = datetime.now(UTC)
    with current_database(database) as db:
        found = guard(lambda: list_workers(db, now=now))
    if as_json:
        typer.echo(json.dumps([view.to_json() for view in found], indent=2))
        return
    if not found:
        err.print("no workers have reported in the last hour", highlight=False)
        return
    table = Table(title=f"{sum(view.alive for view in found)} of {len(found)} workers alive")
    for column in ("host", "pid", "kind", "lanes", "browsers", "state", "running", "started (UTC)"):
        right, whole = column in ("pid", "browsers"), column in ("state", "running")
        table.add_column(column, justify="right" if right else "left", no_wrap=whole)
    for view in found:
        table.add_row(
            view.hostname,
            str(view.pid),
            view.kind,
            ", ".join(view.lanes),
            str(view.browsers) if view.browsers else "-",
            _worker_state(view, now),
            "\n".join(f"{job.get('kind', '')} {str(job.get('key', ''))[:12]}" for job in view.running) or "-",
            view.started_at.strftime("%Y-%m-%d %H:%M"),
        )
    Console(width=max(Console().width, 120)).print(table)


def _worker_state(view: WorkerView, now: datetime) -> str:
    state = ("stopping" if view.stopping else "alive") if view.alive else "dead"
    return f"{state} (last beat {_ago(now - view.beat_at)})"


def _ago(elapsed: timedelta) -> str:
    seconds = max(int(elapsed.total_seconds()), 0)
    if seconds < 90:
        return f"{seconds} s ago"
    if seconds < 90 * 60:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago"


def start_browsers(size: int, config: OperatorConfig, *, restart_after: int = 50) -> PageBooker:
    """The Chromium this process books pages with; a clear error when it cannot start here."""
    from schedlink.browser.pool import BrowserPool, BrowserUnavailable

    try:
        return BrowserPool(size, sandbox=config.sandbox, restart_after=restart_after)
    except BrowserUnavailable as error:
        fail(str(error))
    except Exception as error:  # Playwright's own start-up errors
        fail(f"Chromium could not start: {str(error).splitlines()[0][:300]}")


def _refresh_stale(db: Database, workspace_id: uuid.UUID) -> None:
    context = JobContext()
    try:
        now = datetime.now(UTC)
        for view in team_calendars.list_calendars(db, workspace_id):
            if team_calendars.is_stale(view, now):
                team_calendars.refresh_calendar(db, workspace_id, view.id, context, at=now)
    finally:
        context.close()


def _new_calendar(
    ics: str | None, caldav: str | None, username: str | None, password: str | None, label: str
) -> NewCalendar:
    if caldav is not None:
        return NewCalendar("caldav", url=caldav, username=username, password=password, label=label)
    assert ics is not None
    if ics.startswith(("https://", "http://", "webcal://")):
        return NewCalendar("ics_url", url=ics, label=label)
    path = Path(ics)
    if not path.is_file():
        fail(f"--ics: {ics} is neither a file nor an https:// address")
    if path.stat().st_size > team_calendars.MAX_FILE_BYTES:
        fail(f"--ics: {ics} is over {team_calendars.MAX_FILE_BYTES // 1_000_000} MB")
    content = path.read_text(encoding="utf-8", errors="replace")
    return NewCalendar("ics_file", content=content, label=label or path.name)


def _calendar_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        fail(f"--calendar: {value!r} is not a calendar id")
