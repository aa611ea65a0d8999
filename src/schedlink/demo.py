"""A sample workspace to try the Booking tab with: a team, a user, a calendar and a handful of replies.

Everything goes through the same service code as real traffic (the replies through the inbound
service), so the queue shows exactly what a live workspace would. Running it again reuses the
workspace: replies already received are not received twice.

The database keeps only hashes of the demo user's password and the API key, so to show them again on the
next run the demo keeps them in a file readable only by its owner (``secrets_file``: beside a SQLite
database, else in the data directory). Only the demo workspace's secrets are kept that way; they change
when asked (``rotate``), or when the stored ones no longer work.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from schedlink.corpus import message_from_json
from schedlink.domain.booking.automation import Mode
from schedlink.errors import InvalidInput
from schedlink.service.automation import AutomationChange, change_settings, get_settings
from schedlink.service.context import JobContext
from schedlink.service.errors import Unauthorized
from schedlink.service.inbound import Inbound, receive
from schedlink.service.suggestions import refresh_all_open
from schedlink.service.team_calendars import NewCalendar, add_calendar
from schedlink.service.users import add_user, find_user, reset_password, verify_user
from schedlink.service.workspaces import (
    NewWorkspace,
    authenticate,
    create_api_key,
    create_workspace,
    revoke_api_key,
)
from schedlink.store.db import Database
from schedlink.store.models import CalendarSourceRow, ReviewTaskRow, WorkspaceRow

NAME = "Acme Sales"
EMAIL = "demo@acme.io"
ACTOR = "demo"
CALENDAR_LABEL = "Acme Sales team (sample)"
SECRETS_SUFFIX = ".demo-secrets.json"
SAMPLES = Path(__file__).with_name("demo_data")
REPLIES_FILE = SAMPLES / "demo-replies.jsonl"
CALENDAR_FILE = SAMPLES / "team-calendar.ics"
SETTINGS = NewWorkspace(
    name=NAME,
    timezone="America/New_York",
    own_links=("https://calendly.com/acme-sales/intro",),
    own_domains=("acme.io",),
    fallback_link="https://acme.io/meet",
    booking_name="Acme Sales",
    booking_email="team@acme.io",
)


@dataclass(frozen=True, slots=True)
class DemoWorkspace:
    workspace_id: uuid.UUID
    name: str
    api_key: str
    email: str
    password: str
    created: bool
    replies_received: int
    open_tasks: int
    calendar: str
    suggestions: str
    secrets_renewed: bool = True  # False: the password and key of the previous run, from the secrets file
    secrets_file: Path | None = None


def secrets_file(url: str, data_dir: Path) -> Path | None:
    """Where the demo keeps its password and API key for the database at ``url``: beside a SQLite file
    (``schedlink.db.demo-secrets.json``), else in ``data_dir``, one file per database. ``None`` for an
    in-memory database, which does not outlive the run."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        name = parsed.database
        if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in url:
            return None
        path = Path(name).expanduser()
        return path.with_name(path.name + SECRETS_SUFFIX)
    where = parsed.render_as_string(hide_password=True)
    return data_dir / f"demo-secrets-{hashlib.sha256(where.encode()).hexdigest()[:16]}.json"


def seed_demo(
    db: Database,
    now: datetime,
    *,
    suggestions: bool = True,
    secrets: Path | None = None,
    rotate: bool = False,
) -> DemoWorkspace:
    """Create (or reuse) the sample workspace and fill its queue; replies are dated up to 3 days before
    ``now`` so the queue looks fresh. ``suggestions=False`` skips computing suggested times (from what
    the sample leads wrote; their made-up pages are never read).

    With ``secrets`` (see ``secrets_file``) the demo user's password and the API key of the previous run
    are kept while they still work, and stored there for the next; ``rotate`` makes new ones (revoking
    the previous key). Without it every run makes new ones, since stored ones cannot be shown again."""
    stored = _load_secrets(secrets) if secrets is not None else {}
    with db.read() as session:
        existing = session.scalar(
            select(WorkspaceRow.id).where(WorkspaceRow.name == NAME).order_by(WorkspaceRow.created_at)
        )
    if existing is None:
        created = create_workspace(db, SETTINGS, actor=ACTOR)
        workspace_id, key, new_key = created.workspace_id, created.api_key, True
    else:
        workspace_id = existing
        kept = _working_key(db, workspace_id, stored)
        if kept is not None and rotate:
            revoke_api_key(db, workspace_id, kept, actor=ACTOR)
        new_key = kept is None or rotate or secrets is None
        key = create_api_key(db, workspace_id, actor=ACTOR, label="demo") if new_key else str(kept)
    password = _working_password(db, workspace_id, stored) if secrets is not None and not rotate else None
    if find_user(db, workspace_id, EMAIL) is None:
        user = add_user(db, workspace_id, EMAIL, name="Demo User", actor=ACTOR)
        email, password, new_password = user.email, user.password, True
    elif password is None:
        user = reset_password(db, workspace_id, EMAIL, actor=ACTOR)
        email, password, new_password = user.email, user.password, True
    else:
        email, new_password = EMAIL, False
    if secrets is not None and (new_key or new_password):
        kept_for_next = {
            "workspace_id": str(workspace_id),
            "email": email,
            "password": password,
            "api_key": key,
        }
        _save_secrets(secrets, kept_for_next)
    calendar = _add_calendar(db, workspace_id)
    received = sum(not receive(db, workspace_id, inbound, actor=ACTOR).replayed for inbound in replies(now))
    return DemoWorkspace(
        workspace_id=workspace_id,
        name=NAME,
        api_key=key,
        email=email,
        password=password,
        created=existing is None,
        replies_received=received,
        open_tasks=_open_tasks(db, workspace_id),
        calendar=calendar,
        suggestions=_suggest(db, workspace_id) if suggestions else "not computed",
        secrets_renewed=new_key or new_password,
        secrets_file=secrets,
    )


def _load_secrets(path: Path) -> dict[str, Any]:
    """The stored secrets, or nothing when the file is missing or unreadable (new ones are made then)."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _working_key(db: Database, workspace_id: uuid.UUID, stored: dict[str, Any]) -> str | None:
    """The stored API key if it still opens the demo workspace (not revoked, same database)."""
    key = stored.get("api_key")
    if not isinstance(key, str) or stored.get("workspace_id") != str(workspace_id):
        return None
    try:
        return key if authenticate(db, key) == workspace_id else None
    except Unauthorized:
        return None


def _working_password(db: Database, workspace_id: uuid.UUID, stored: dict[str, Any]) -> str | None:
    """The stored password if the demo user still signs in to the demo workspace with it."""
    password = stored.get("password")
    if not isinstance(password, str) or stored.get("workspace_id") != str(workspace_id):
        return None
    user = verify_user(db, EMAIL, password)
    return password if user is not None and user.workspace_id == workspace_id else None


def _save_secrets(path: Path, secrets: dict[str, str]) -> None:
    """Write the secrets readable by their owner only, replacing the previous file in one step."""
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            os.fchmod(handle.fileno(), 0o600)  # an earlier partial file may have had other bits
            json.dump(secrets, handle, indent=2)
            handle.write("\n")
        os.replace(partial, path)
    except OSError as exc:
        raise InvalidInput(
            f"cannot keep the demo's password and key in {path}: {exc.strerror or exc}"
        ) from exc


def replies(now: datetime, path: Path = REPLIES_FILE) -> list[Inbound]:
    """The sample replies, each dated ``hours_ago`` before ``now``."""
    items: list[Inbound] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        obj = json.loads(line)
        message = message_from_json(obj, where=f"{path.name}:{number}")
        at = now - timedelta(hours=float(obj.get("hours_ago", 0)))
        items.append(Inbound(replace(message, received_at=at)))
    return items


def _add_calendar(db: Database, workspace_id: uuid.UUID) -> str:
    """The sample team calendar, read at once (it is a local file); said plainly when not possible."""
    with db.read() as session:
        present = session.scalar(
            select(CalendarSourceRow.id).where(
                CalendarSourceRow.workspace_id == workspace_id, CalendarSourceRow.label == CALENDAR_LABEL
            )
        )
    if present is not None:
        return "already added"
    content = CALENDAR_FILE.read_text(encoding="utf-8")
    new = NewCalendar(kind="ics_file", content=content, label=CALENDAR_LABEL)
    view = add_calendar(db, workspace_id, new, actor=ACTOR, read_now=True)
    detail = view.error or view.note
    return f"added ({view.status}{': ' + detail if detail else ''})"


def _suggest(db: Database, workspace_id: uuid.UUID) -> str:
    """Suggested times from the sample leads' words: their links are made up, so their pages are not read."""
    context = JobContext(read_lead_pages=False)
    try:
        return f"computed for {refresh_all_open(db, workspace_id, context)} open tasks"
    finally:
        context.close()


def _open_tasks(db: Database, workspace_id: uuid.UUID) -> int:
    with db.read() as session:
        return len(
            session.scalars(
                select(ReviewTaskRow.id).where(
                    ReviewTaskRow.workspace_id == workspace_id, ReviewTaskRow.status == "open"
                )
            ).all()
        )


def enable_demo_automation(
    db: Database, workspace_id: uuid.UUID, providers: tuple[str, ...] = ("calcom",)
) -> None:
    """Turn booking on (approve) for the sample workspace's providers whose pages are replicas: a person
    still presses Book, every guardrail runs, and the change is audited as the demo's."""
    settings = get_settings(db, workspace_id)
    off = {provider: "approve" for provider in providers if settings.mode_for(provider) is Mode.OFF}
    if off:
        change_settings(db, workspace_id, AutomationChange(providers=off), actor=ACTOR)
