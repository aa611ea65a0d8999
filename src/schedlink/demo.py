"""A sample workspace to try the Booking tab with: a team, a user, a calendar and a handful of replies.

Everything goes through the same service code as real traffic (the replies through the inbound
service), so the queue shows exactly what a live workspace would. Running it again reuses the
workspace: replies already received are not received twice, and only the secrets are renewed (a new
API key, a new password), since stored ones cannot be shown again.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from schedlink.corpus import message_from_json
from schedlink.domain.booking.automation import Mode
from schedlink.service.automation import AutomationChange, change_settings, get_settings
from schedlink.service.context import JobContext
from schedlink.service.inbound import Inbound, receive
from schedlink.service.suggestions import refresh_all_open
from schedlink.service.team_calendars import NewCalendar, add_calendar
from schedlink.service.users import add_user, find_user, reset_password
from schedlink.service.workspaces import NewWorkspace, create_api_key, create_workspace
from schedlink.store.db import Database
from schedlink.store.models import CalendarSourceRow, ReviewTaskRow, WorkspaceRow

NAME = "Acme Sales"
EMAIL = "demo@acme.io"
ACTOR = "demo"
CALENDAR_LABEL = "Acme Sales team (sample)"
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


def seed_demo(db: Database, now: datetime, *, suggestions: bool = True) -> DemoWorkspace:
    """Create (or reuse) the sample workspace and fill its queue; replies are dated up to 3 days before
    ``now`` so the queue looks fresh. ``suggestions=False`` skips computing suggested times (which
    reads the leads' pages over the network)."""
    with db.read() as session:
        existing = session.scalar(
            select(WorkspaceRow.id).where(WorkspaceRow.name == NAME).order_by(WorkspaceRow.created_at)
        )
    if existing is None:
        created = create_workspace(db, SETTINGS, actor=ACTOR)
        workspace_id, key = created.workspace_id, created.api_key
    else:
        workspace_id, key = existing, create_api_key(db, existing, actor=ACTOR, label="demo")
    if find_user(db, workspace_id, EMAIL) is None:
        user = add_user(db, workspace_id, EMAIL, name="Demo User", actor=ACTOR)
    else:
        user = reset_password(db, workspace_id, EMAIL, actor=ACTOR)
    calendar = _add_calendar(db, workspace_id)
    received = sum(not receive(db, workspace_id, inbound, actor=ACTOR).replayed for inbound in replies(now))
    return DemoWorkspace(
        workspace_id=workspace_id,
        name=NAME,
        api_key=key,
        email=user.email,
        password=user.password,
        created=existing is None,
        replies_received=received,
        open_tasks=_open_tasks(db, workspace_id),
        calendar=calendar,
        suggestions=_suggest(db, workspace_id) if suggestions else "not computed",
    )


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
    return f"added ({view.status}{': ' + view.error if view.error else ''})"


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


def enable_demo_automation(db: Database, workspace_id: uuid.UUID) -> None:
    """Turn Cal.com booking on (approve) for the sample workspace, whose Cal.com pages are replicas: a
    person still presses Book, every guardrail runs, and the change is audited as the demo's."""
    settings = get_settings(db, workspace_id)
    if settings.mode_for("calcom") is Mode.OFF:
        change_settings(db, workspace_id, AutomationChange(providers={"calcom": "approve"}), actor=ACTOR)
