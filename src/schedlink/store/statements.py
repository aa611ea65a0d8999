"""The statements of the inbound hot path, built once at import.

Building a statement costs more than executing it, so the service executes these with bind
parameters. The ones the write transaction runs are ``Prepared`` (``store/direct.py``): compiled once and
run on the driver's connection. Inserts and updates take their columns from the parameters given; ``_row``
names the row without clashing with a column.
"""

from __future__ import annotations

from itertools import combinations

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
IDENTIFIERS = ("external_id", "email", "phone")  # a lead's identifiers, in order of trust


def _leads_by(given: tuple[str, ...]) -> Prepared:
    # Each alternative names the workspace itself, so that both databases answer from the three
    # (workspace, identifier) indexes instead of scanning every lead of the workspace.
    return Prepared(
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
            or_(
                *(
                    and_(LEADS.c.workspace_id == bindparam("workspace_id"), LEADS.c[key] == bindparam(key))
                    for key in given
                )
            )
        )
        .with_for_update()
    )


# The leads a reply's identifiers name, locked; one statement for each set of identifiers a reply can
# give. An alternative for an absent one (``phone = NULL``) would match nothing, yet it left PostgreSQL
# planning the whole lookup as a walk through every lead of the workspace.
LEADS_BY_IDENTIFIER = {
    given: _leads_by(given)
    for size in range(1, len(IDENTIFIERS) + 1)
    for given in combinations(IDENTIFIERS, size)
}
# Read under the lead's lock, which every change of a lead's tasks takes first. By its primary key alone:
# the workspace, lead and status are checked by the caller on the row, because a condition on any of
# them lets PostgreSQL, while a table has no statistics yet, pick an index on (workspace, …) by a tie of
# costs and walk every task of the workspace.
OPEN_TASK = Prepared(
    select(
        TASKS.c.id,
        TASKS.c.workspace_id,
        TASKS.c.lead_id,
        TASKS.c.status,
        TASKS.c.link,
        TASKS.c.request_at,
        TASKS.c.messages_seen,
        MESSAGES.c.message_id.label("request_message_id"),
    )
    .join(MESSAGES, MESSAGES.c.id == TASKS.c.source_message_id)
    .where(TASKS.c.id == bindparam("task_id"))
)
INSERT_MESSAGE = Prepared(insert(MESSAGES))
INSERT_LEAD = Prepared(insert(LEADS))
INSERT_SIGHTING = Prepared(insert(SIGHTINGS))
INSERT_TASK = Prepared(insert(TASKS))
INSERT_AUDIT = Prepared(insert(AUDIT))
UPDATE_LEAD = Prepared(update(LEADS).where(LEADS.c.id == bindparam("_row")))
UPDATE_TASK = Prepared(update(TASKS).where(TASKS.c.id == bindparam("_row")))
