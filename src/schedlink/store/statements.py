"""The statements of the inbound hot path, built once at import.

Building a statement costs more than executing it, so the service executes these with bind
parameters. The ones the write transaction runs are ``Prepared`` (``store/direct.py``): compiled once and
run on the driver's connection. Inserts and updates take their columns from the parameters given; ``_row``
names the row without clashing with a column.
"""

from __future__ import annotations

from sqlalchemy import Table, and_, bindparam, insert, or_, select, update

from schedlink.store.direct import Prepared
from schedlink.store.models import (
    AuditEventRow,
    InboundMessageRow,
    LeadRow,
    LinkSightingRow,
    ReviewTaskRow,
    WorkspaceRow,
)

MESSAGES: Table = InboundMessageRow.__table__  # type: ignore[assignment]
LEADS: Table = LeadRow.__table__  # type: ignore[assignment]
SIGHTINGS: Table = LinkSightingRow.__table__  # type: ignore[assignment]
TASKS: Table = ReviewTaskRow.__table__  # type: ignore[assignment]
AUDIT: Table = AuditEventRow.__table__  # type: ignore[assignment]
WORKSPACES: Table = WorkspaceRow.__table__  # type: ignore[assignment]

TEAM = select(
    WORKSPACES.c.timezone,
    WORKSPACES.c.own_links,
    WORKSPACES.c.own_domains,
    WORKSPACES.c.fallback_link,
    WORKSPACES.c.default_phone_region,
).where(WORKSPACES.c.id == bindparam("workspace_id"))
STORED_ANSWER = select(MESSAGES.c.answer, MESSAGES.c.content_sha256).where(
    MESSAGES.c.workspace_id == bindparam("workspace_id"), MESSAGES.c.message_id == bindparam("message_id")
)
# NULL never equals anything, so absent identifiers simply match no lead.
LEADS_BY_IDENTIFIER = Prepared(
    select(
        LEADS.c.id,
        LEADS.c.external_id,
        LEADS.c.email,
        LEADS.c.phone,
        LEADS.c.name,
        LEADS.c.external_scheduling_link,
        LEADS.c.external_scheduling_link_provider,
        LEADS.c.external_scheduling_link_last_seen_at,
        LEADS.c.external_scheduling_link_message_id,
        LEADS.c.open_task_id,
    )
    .where(
        # Each alternative names the workspace itself, so that both databases answer from the three
        # (workspace, identifier) indexes instead of scanning every lead of the workspace.
        or_(
            *(
                and_(LEADS.c.workspace_id == bindparam("workspace_id"), LEADS.c[key] == bindparam(key))
                for key in ("external_id", "email", "phone")
            )
        )
    )
    .with_for_update()
)
# Read under the lead's lock, which every change of a lead's tasks takes first.
OPEN_TASK = Prepared(
    select(
        TASKS.c.id,
        TASKS.c.link,
        TASKS.c.request_at,
        TASKS.c.messages_seen,
        MESSAGES.c.message_id.label("request_message_id"),
    )
    .join(MESSAGES, MESSAGES.c.id == TASKS.c.source_message_id)
    .where(
        TASKS.c.id == bindparam("task_id"),
        TASKS.c.workspace_id == bindparam("workspace_id"),
        TASKS.c.status == "open",
    )
)
INSERT_MESSAGE = Prepared(insert(MESSAGES))
INSERT_LEAD = Prepared(insert(LEADS))
INSERT_SIGHTING = Prepared(insert(SIGHTINGS))
INSERT_TASK = Prepared(insert(TASKS))
INSERT_AUDIT = Prepared(insert(AUDIT))
UPDATE_LEAD = Prepared(update(LEADS).where(LEADS.c.id == bindparam("_row")))
UPDATE_TASK = Prepared(update(TASKS).where(TASKS.c.id == bindparam("_row")))
