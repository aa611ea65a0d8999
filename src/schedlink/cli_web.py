"""Commands for the Booking tab: users who sign in to it, and the demo workspace."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.console import Console

from schedlink import cli_service
from schedlink.cli_service import DATABASE_ENV, DATABASE_HELP, DatabaseOption, as_database_url
from schedlink.config import OperatorConfig
from schedlink.net.sandbox import SANDBOX_ENV
from schedlink.service.context import READ_LEAD_PAGES_ENV
from schedlink.service.users import add_user
from schedlink.store.db import database_url
from schedlink.store.migrate import upgrade
from schedlink.terminal import fail

_out = Console()
user_app = typer.Typer(help="Manage the people who sign in to the Booking tab.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the Booking tab's commands to the ``schedlink`` command."""
    app.add_typer(user_app, name="user")
    app.command("demo")(demo)


@user_app.command("add")
def user_add(
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace id.")],
    email: Annotated[str, typer.Option("--email", help="The person's email; they sign in with it.")],
    name: Annotated[str, typer.Option("--name", help="The person's name, shown in the audit trail.")] = "",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Invite a person to a workspace's Booking tab; without --password-stdin a password is generated
    and printed (only this once)."""
    password = _read_password() if password_stdin else None
    with cli_service.current_database(database) as db:
        workspace_id = cli_service.workspace_from_option(db, workspace)
        created = cli_service.guard(
            lambda: add_user(db, workspace_id, email, name=name, password=password, actor="cli")
        )
    answer = {"workspace_id": str(workspace_id), "user_id": str(created.user_id), "email": created.email}
    if created.generated:
        answer["password"] = created.password
    typer.echo(json.dumps(answer))


def demo(
    database: Annotated[
        str | None,
        typer.Option(
            "--database", "--database-url", help=DATABASE_HELP, envvar=DATABASE_ENV, callback=as_database_url
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    serve: Annotated[bool, typer.Option(help="Serve the Booking tab after seeding.")] = True,
    suggestions: Annotated[
        bool,
        typer.Option(
            help="With --no-serve, compute the sample tasks' suggested times before exiting (from what the "
            "sample leads wrote: their made-up pages are never read). A served demo leaves them to the "
            "server's worker."
        ),
    ] = True,
    rotate_secrets: Annotated[
        bool,
        typer.Option(
            "--rotate-secrets",
            help="Give the demo user a new password and make a new API key (revoking the previous one); "
            "without it, every run prints the same ones, kept in a file only you can read "
            "(FILE.demo-secrets.json beside a SQLite database).",
        ),
    ] = False,
) -> None:
    """Create (or reuse) the sample workspace 'Acme Sales' with a user, a calendar and sample replies,
    then serve the Booking tab and print how to sign in (the same password and API key every run)."""
    from schedlink.demo import enable_demo_automation, secrets_file, seed_demo
    from schedlink.replicas.demo import sandbox_setting, start_demo_replicas

    url = database_url(database)
    try:
        data_dir = OperatorConfig.from_env().data_dir
    except ValueError as exc:
        fail(str(exc))
    cli_service.guard_database(url, lambda: upgrade(url))
    # A served demo leaves the suggestions to the server's worker, which starts at once.
    compute_now = suggestions and not serve
    secrets = secrets_file(url, data_dir)
    with cli_service.current_database(url) as db:
        if compute_now:
            _out.print("Computing suggested times for the sample tasks…", highlight=False)
        seeded = cli_service.guard_database(
            url,
            lambda: seed_demo(
                db, datetime.now(UTC), suggestions=compute_now, secrets=secrets, rotate=rotate_secrets
            ),
        )
    base = f"http://{host}:{port}"
    lines = [
        f"Workspace '{seeded.name}' ({seeded.workspace_id}){'' if seeded.created else ', reused'}: "
        f"{seeded.replies_received} new sample replies, {seeded.open_tasks} open review tasks",
        f"Calendar: {seeded.calendar}; suggestions: "
        + ("computed in the background by the server" if serve else seeded.suggestions),
        f"Booking tab: {base}/booking" if serve else "Booking tab: run `schedlink serve` to open it",
        f"Sign in as {seeded.email} with password: {seeded.password}",
        f"API key: {seeded.api_key}",
        cli_service.demo_secrets_note(seeded),
    ]
    for line in lines:
        _out.print(line, highlight=False, soft_wrap=True)
    if serve:
        # The sample leads' links are made up: the demo server goes by their words, not their pages —
        # except the Cal.com pages, which a local replica serves through the sandbox mapping.
        os.environ.setdefault(READ_LEAD_PAGES_ENV, "0")
        browsers = 1 if _chromium_here() else 0  # Calendly's replica page is booked in Chromium
        if os.environ.get(SANDBOX_ENV):
            _out.print(f"Sandbox: {os.environ[SANDBOX_ENV]} (from the environment)", highlight=False)
        else:
            replicas = start_demo_replicas()
            os.environ[SANDBOX_ENV] = sandbox_setting(replicas)
            providers = ("calcom", "calendly") if browsers else ("calcom",)
            with cli_service.current_database(url) as db:
                cli_service.guard(lambda: enable_demo_automation(db, seeded.workspace_id, providers))
            _out.print(
                f"Sandbox: Cal.com and Calendly requests go to local replicas ({replicas.calcom.origin}, "
                f"{replicas.calendly.origin}); booking is on (approve): press Book or Dry run on Priya Nair's "
                "task (Cal.com's API)"
                + (
                    " or Jo Reyes's (Calendly's page, in Chromium)"
                    if browsers
                    else "; Calendly's page needs Chromium (Debian's chromium package), not found here"
                ),
                highlight=False,
                soft_wrap=True,
            )
        cli_service.serve(
            host=host, port=port, workers=1, database=url, migrate=False, demo=False, access_log=True,
            browsers=browsers,
        )  # fmt: skip


def _chromium_here() -> bool:
    from schedlink.browser.pool import BrowserUnavailable, chromium_path

    try:
        chromium_path()
    except BrowserUnavailable:
        return False
    return True


def _read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        fail("--password-stdin: no password on standard input")
    return password
