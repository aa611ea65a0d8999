"""Commands that run the service: ``serve``, ``workspace create``, ``db upgrade`` and ``import``."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from schedlink.config import OperatorConfig
from schedlink.errors import SchedlinkError
from schedlink.importing import count_items, read_items
from schedlink.service.context import READ_LEAD_PAGES_ENV
from schedlink.service.inbound import receive
from schedlink.service.workspaces import (
    NewWorkspace,
    create_api_key,
    create_workspace,
    list_workspaces,
    revoke_api_key,
)
from schedlink.store.db import Database, database_url, open_database
from schedlink.store.migrate import current_revision, head_revision, upgrade
from schedlink.store.models import WorkspaceRow
from schedlink.terminal import err, fail, require_file

if TYPE_CHECKING:
    from schedlink.demo import DemoWorkspace

_out = Console()
T = TypeVar("T")

DEFAULT_CONCURRENCY = 1000
# An app process's loop may wait on the database for a statement's timeout (30 s); twice that is a hang.
HEARTBEAT_TIMEOUT_SECONDS = 60.0
APP = "schedlink.api.app:create_app"
KEEP_ALIVE_SECONDS = 5
GRACEFUL_SHUTDOWN_SECONDS = 30

DATABASE_ENV = "SCHEDLINK_DATABASE_URL"
DATABASE_HELP = (
    "A SQLite file path or a database URL (sqlite:///FILE, postgresql://user@host/db); "
    "default: $SCHEDLINK_DATABASE_URL, else ./schedlink.db."
)


def as_database_url(value: str | None) -> str | None:
    """A ``--database-url`` value (or ``$SCHEDLINK_DATABASE_URL``) as a URL: a plain path names a SQLite
    file; anything else must be a SQLite or PostgreSQL URL. A bad value is a usage error, not a crash."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        raise typer.BadParameter("give a SQLite file path or a database URL, not an empty value")
    if "://" not in text:
        return f"sqlite:///{Path(text).expanduser()}"
    url = database_url(text)
    try:
        backend = make_url(url).get_backend_name()
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        backend = None
    if backend not in ("sqlite", "postgresql"):
        raise typer.BadParameter(
            f"{value!r} is neither a file path nor a database URL like sqlite:///schedlink.db or "
            "postgresql://user@host/db"
        )
    return url


DatabaseOption = Annotated[
    str | None,
    typer.Option("--database-url", help=DATABASE_HELP, envvar=DATABASE_ENV, callback=as_database_url),
]

db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True)
workspace_app = typer.Typer(help="Manage workspaces.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(workspace_app, name="workspace")
    app.command("serve")(serve)
    app.command("import")(import_command)


@db_app.command("upgrade")
def db_upgrade(database: DatabaseOption = None) -> None:
    """Create the schema, or bring it up to date (safe to run repeatedly)."""
    url = database_url(database)
    guard_database(url, lambda: upgrade(url))
    err.print(f"database {_shown(url)} is at revision {head_revision()} (latest)", highlight=False)


@workspace_app.command("create")
def workspace_create(
    name: Annotated[str, typer.Option("--name", help="The team's name.")],
    timezone: Annotated[str, typer.Option("--timezone", help="IANA zone, e.g. America/New_York.")],
    own_link: Annotated[
        list[str] | None, typer.Option("--own-link", help="A scheduling link of the team.")
    ] = None,
    own_domain: Annotated[
        list[str] | None, typer.Option("--own-domain", help="An email/web domain of the team.")
    ] = None,
    fallback_link: Annotated[
        str | None, typer.Option("--fallback-link", help="The link offered when the lead's has no time.")
    ] = None,
    phone_region: Annotated[
        str | None,
        typer.Option("--phone-region", help="Country of phone numbers written without +code (US)."),
    ] = None,
    booking_name: Annotated[
        str | None, typer.Option("--booking-name", help="Name bookings on a lead's page are made under.")
    ] = None,
    booking_email: Annotated[
        str | None, typer.Option("--booking-email", help="Email bookings on a lead's page are made with.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Create a workspace; prints its id and an API key (shown only this once) as JSON."""
    spec = NewWorkspace(
        name=name,
        timezone=timezone,
        own_links=tuple(own_link or ()),
        own_domains=tuple(own_domain or ()),
        fallback_link=fallback_link,
        default_phone_region=phone_region,
        booking_name=booking_name,
        booking_email=booking_email,
    )
    with current_database(database) as db:
        created = guard(lambda: create_workspace(db, spec))
    typer.echo(json.dumps({"workspace_id": str(created.workspace_id), "api_key": created.api_key}))


@workspace_app.command("list")
def workspace_list(database: DatabaseOption = None) -> None:
    """List workspaces as JSON lines: id, name, time zone, creation time, working API keys."""
    with current_database(database) as db:
        summaries = list_workspaces(db)
    for summary in summaries:
        typer.echo(
            json.dumps(
                {
                    "workspace_id": str(summary.workspace_id),
                    "name": summary.name,
                    "timezone": summary.timezone,
                    "created_at": summary.created_at.isoformat(),
                    "active_keys": summary.active_keys,
                }
            )
        )


@workspace_app.command("key")
def workspace_key(
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace id.")],
    label: Annotated[str, typer.Option("--label", help="What the key is for.")] = "",
    database: DatabaseOption = None,
) -> None:
    """Create another API key for a workspace; prints it (shown only this once) as JSON."""
    with current_database(database) as db:
        workspace_id = workspace_from_option(db, workspace)
        key = guard(lambda: create_api_key(db, workspace_id, actor="cli", label=label))
    typer.echo(json.dumps({"workspace_id": str(workspace_id), "api_key": key}))


@workspace_app.command("revoke-key")
def workspace_revoke_key(
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace id.")],
    prefix: Annotated[str, typer.Option("--prefix", help="The key, or at least its first 10 characters.")],
    database: DatabaseOption = None,
) -> None:
    """Revoke an API key; requests with it are refused from then on (within 10 s in running servers)."""
    with current_database(database) as db:
        workspace_id = workspace_from_option(db, workspace)
        revoked = guard(lambda: revoke_api_key(db, workspace_id, prefix, actor="cli"))
    if not revoked:
        fail(f"--prefix: no working key of workspace {workspace} starts with {prefix[:10]!r}")
    typer.echo(json.dumps({"workspace_id": str(workspace_id), "revoked": revoked}))


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="App processes (SQLite works with several too).")
    ] = 1,
    database: DatabaseOption = None,
    migrate: Annotated[bool, typer.Option(help="Bring the schema up to date before serving.")] = True,
    demo: Annotated[
        bool, typer.Option(help="Ensure a sample workspace and print a ready curl command.")
    ] = False,
    access_log: Annotated[bool, typer.Option(help="Log every request.")] = True,
    worker: Annotated[
        bool,
        typer.Option(help="Run background jobs inside the server (off when `schedlink worker`s run them)."),
    ] = True,
    limit_concurrency: Annotated[
        int,
        typer.Option(min=1, help="Connections and requests one app process takes at once; beyond: 503."),
    ] = DEFAULT_CONCURRENCY,
    browsers: Annotated[
        int,
        typer.Option(
            min=0, max=16, help="With the embedded worker: bookings on providers' pages at once, in Chromium."
        ),
    ] = 0,
    heartbeat_timeout: Annotated[
        float,
        typer.Option(
            min=1.0,
            help="With --workers 2 or more: seconds an app process's event loop may stop running before the "
            "process is killed and replaced.",
        ),
    ] = HEARTBEAT_TIMEOUT_SECONDS,
) -> None:
    """Run the HTTP API, the Booking tab and (by default) a job worker, on the embedded default (SQLite)
    or the database in $SCHEDLINK_DATABASE_URL."""
    import uvicorn

    try:
        config = OperatorConfig.from_env()  # the app processes read it again; a bad value stops us here
    except ValueError as exc:
        fail(str(exc))
    url = database_url(database)
    if make_url(url).get_backend_name() == "sqlite" and make_url(url).database in (None, "", ":memory:"):
        fail(
            "an in-memory SQLite database lives inside one connection; give a file, e.g. sqlite:///schedlink.db"
        )
    os.environ["SCHEDLINK_DATABASE_URL"] = url  # the app processes read it
    os.environ["SCHEDLINK_EMBEDDED_WORKER"] = "1" if worker else "0"
    if browsers and not worker:
        fail(
            "--browsers runs page bookings in the embedded worker: drop --no-worker, or give it to `schedlink worker`"
        )
    os.environ["SCHEDLINK_EMBEDDED_BROWSERS"] = str(browsers)
    if migrate:
        guard_database(url, lambda: upgrade(url))
    else:
        with current_database(url):
            pass
    if demo:
        from schedlink.demo import secrets_file

        # The sample leads' links are made up: the demo server goes by their words, not their pages.
        os.environ.setdefault(READ_LEAD_PAGES_ENV, "0")
        with current_database(url) as db:
            print_demo(db, host, port, secrets=secrets_file(url, config.data_dir))
    else:
        err.print(f"schedlink: serving http://{host}:{port} on {_shown(url)}", highlight=False)
    settings: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "access_log": access_log,
        "log_level": "info",
        **server_limits(config, limit_concurrency),
    }
    if workers == 1:
        uvicorn.run(APP, **settings)
        return
    from schedlink.api.supervisor import PortTaken, serve_processes

    try:
        status = serve_processes(uvicorn.Config(APP, **settings), workers, heartbeat_timeout)
    except PortTaken as exc:
        fail(str(exc))
    raise typer.Exit(status)


def server_limits(config: OperatorConfig, limit_concurrency: int = DEFAULT_CONCURRENCY) -> dict[str, Any]:
    """uvicorn's settings that bound what one client can make the server hold or believe.

    The request line and headers are bounded together (``api/serving.py``: about 64 KB, a longer head is
    refused with 400 and the connection closed). Forwarding headers (the client's address,
    ``X-Forwarded-Proto``) are believed only from ``SCHEDLINK_TRUSTED_PROXIES``: uvicorn's default trusts
    any local peer.
    """
    from schedlink.api.serving import BoundedHeadProtocol  # imports uvicorn, which only `serve` needs

    trusted = [str(network) for network in config.trusted_proxies]
    return {
        "http": BoundedHeadProtocol,
        "limit_concurrency": limit_concurrency,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        "proxy_headers": bool(trusted),
        "forwarded_allow_ips": trusted,
    }


def import_command(
    file: Annotated[Path, typer.Argument(help="Replies as JSONL (the corpus format) or an mbox file.")],
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace id (from `workspace create`).")],
    database: DatabaseOption = None,
) -> None:
    """Feed a file of replies through the inbound service, exactly as if each had been posted."""
    require_file(file)
    with current_database(database) as db:
        counts, problems = _import(db, workspace_from_option(db, workspace), file)
    for problem in problems[:20]:
        err.print(f"[yellow]skipped[/yellow] {problem}", highlight=False)
    if len(problems) > 20:
        err.print(f"… and {len(problems) - 20} more skipped", highlight=False)
    typer.echo(json.dumps(counts))
    if counts["failed"] and not (counts["received"] or counts["replayed"]):
        raise typer.Exit(code=1)


def _import(db: Database, workspace_id: uuid.UUID, file: Path) -> tuple[dict[str, int], list[str]]:
    counts = {"received": 0, "replayed": 0, "tasks": 0, "failed": 0}
    problems: list[str] = []
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        bar = progress.add_task("import", total=count_items(file))
        for item in read_items(file):
            progress.advance(bar)
            if item.inbound is None:
                counts["failed"] += 1
                problems.append(item.error or item.where)
                continue
            try:
                outcome = receive(db, workspace_id, item.inbound, actor="import")
            except SchedlinkError as exc:
                counts["failed"] += 1
                problems.append(f"{item.where}: {exc}")
                continue
            counts["replayed" if outcome.replayed else "received"] += 1
            counts["tasks"] += outcome.answer.get("task_id") is not None and not outcome.replayed
    return counts, problems


def print_demo(db: Database, host: str, port: int, *, secrets: Path | None = None) -> None:
    """Seed the sample workspace (``schedlink.demo``) and print how to use it: the Booking tab's sign-in
    and a ready ``curl`` for the API. Suggestions are left to the server's worker. With ``secrets`` (the
    demo's secrets file) the password and key of the previous run are printed again."""
    from schedlink.demo import seed_demo

    seeded = guard(lambda: seed_demo(db, datetime.now(UTC), suggestions=False, secrets=secrets))
    workspace_id, key = seeded.workspace_id, seeded.api_key
    base = f"http://{host}:{port}"
    body = json.dumps(
        {
            "message_id": f"demo-{uuid.uuid4().hex[:8]}",
            "received_at": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "lead": {"email": "jo.reyes@example.com", "name": "Jo Reyes"},
            "subject": "Re: quick intro",
            "text": "Happy to chat! Grab any time on calendly.com/jo-reyes/30min - Thu after 2pm CT works best.",
        }
    )
    _out.print(
        f"schedlink is serving {base}  (workspace {workspace_id}, '{seeded.name}': "
        f"{seeded.open_tasks} open review tasks)",
        highlight=False,
        soft_wrap=True,
    )
    _out.print(
        f"Booking tab: {base}/booking — sign in as {seeded.email} with password: {seeded.password}",
        highlight=False,
        soft_wrap=True,
    )
    _out.print(f"API key: {key}", highlight=False, soft_wrap=True)
    _out.print(demo_secrets_note(seeded), highlight=False, soft_wrap=True)
    _out.print("Send a reply:", highlight=False, soft_wrap=True)
    _out.print(
        f"  curl -s {base}/v1/inbound -H 'Authorization: Bearer {key}' "
        f"-H 'Content-Type: application/json' -d '{body}'",
        highlight=False,
        soft_wrap=True,
    )
    _out.print(
        f"Then: curl -s '{base}/v1/tasks?status=open' -H 'Authorization: Bearer {key}'",
        highlight=False,
        soft_wrap=True,
    )
    _out.print(f"API reference: {base}/docs", highlight=False, soft_wrap=True)


def demo_secrets_note(seeded: DemoWorkspace) -> str:
    """Whether the demo's password and key are new, and where they are kept for the next run."""
    if seeded.secrets_file is None:
        return "The password and key are new on every run of an in-memory database."
    state = (
        "New password and API key" if seeded.secrets_renewed else "The same password and API key as before"
    )
    return (
        f"{state}, kept for the next run in {seeded.secrets_file} (readable only by you); "
        "`schedlink demo --rotate-secrets` replaces them."
    )


@contextmanager
def current_database(url: str | None) -> Iterator[Database]:
    """The database, refusing one that does not exist (without creating it) or whose schema is missing
    or behind (with the command that fixes it); its connections are closed when the command is done
    with it."""
    resolved = database_url(url)
    missing = missing_sqlite_file(resolved)
    if missing is not None:
        fail(
            f"database {missing} does not exist (nothing was created): `schedlink db upgrade` or "
            "`schedlink demo` creates it; or give the right path"
        )
    db = guard_database(resolved, lambda: open_database(resolved))
    try:
        revision = guard(lambda: current_revision(db.engine))
        if revision != head_revision():
            state = "has no schema" if revision is None else f"is at revision {revision}"
            fail(f"database {_shown(database_url(url))} {state}; run `schedlink db upgrade` first")
        yield db
    finally:
        db.dispose()


def missing_sqlite_file(url: str) -> Path | None:
    """The SQLite file ``url`` names when it does not exist (opening it would create an empty one)."""
    parsed = make_url(url)
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or name in (None, "", ":memory:") or "mode=memory" in url:
        return None
    assert name is not None
    if name.startswith("file:"):  # a URI filename: SQLite reads it, not the file system
        return None
    path = Path(name).expanduser()
    return None if path.exists() else path


def workspace_from_option(db: Database, value: str) -> uuid.UUID:
    try:
        workspace_id = uuid.UUID(value)
    except ValueError:
        fail(f"--workspace: {value!r} is not a workspace id")
    with db.read() as session:
        if session.get(WorkspaceRow, workspace_id) is None:
            fail(f"--workspace: no workspace {value}")
    return workspace_id


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def guard_database(url: str, action: Callable[[], T]) -> T:
    """``guard`` for opening or migrating the database: a file that cannot be created or read is the
    user's to fix, so it is said, not raised."""
    try:
        return guard(action)
    except OSError as exc:
        fail(f"cannot use the database {_shown(url)}: {exc.strerror or exc}")


def guard(action: Callable[[], T]) -> T:
    try:
        return action()
    except SchedlinkError as exc:
        fail(str(exc))
    except OperationalError as exc:
        fail(f"cannot use the database: {exc.orig or exc}")
