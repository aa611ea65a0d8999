"""The workspace's scheduling rules: meeting length, slot step, buffers, notice, days ahead, date
overrides, holidays, tentative events, how many suggestions. Stored as JSON on the workspace, validated
by ``SchedulingRules`` on the way in, so the worker never meets rules it cannot use."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from schedlink.domain.availability.rules import SchedulingRules
from schedlink.service import audit
from schedlink.service.errors import InvalidRequest, NotFound
from schedlink.store.db import Database
from schedlink.store.models import WorkspaceRow


def get_scheduling(db: Database, workspace_id: uuid.UUID) -> SchedulingRules:
    with db.read() as session:
        workspace = session.get(WorkspaceRow, workspace_id)
        if workspace is None:
            raise NotFound(f"workspace {workspace_id} not found")
        return SchedulingRules.from_json(workspace.scheduling)


def update_scheduling(
    db: Database, workspace_id: uuid.UUID, changes: Mapping[str, Any], *, actor: str
) -> SchedulingRules:
    """Apply ``changes`` (any subset of the rules' JSON keys) and return the rules now in force.

    Raises ``InvalidRequest`` naming the first unusable key; nothing is stored then.
    """
    with db.write() as session:
        workspace = session.get(WorkspaceRow, workspace_id)
        if workspace is None:
            raise NotFound(f"workspace {workspace_id} not found")
        current = SchedulingRules.from_json(workspace.scheduling).to_json()
        try:
            rules = SchedulingRules.from_json({**current, **changes})
        except ValueError as error:
            raise InvalidRequest(_with_field(str(error), changes)) from None
        stored = rules.to_json()
        changed = {key: stored[key] for key in stored if stored[key] != current.get(key)}
        if changed:
            workspace.scheduling = stored
            audit.record(
                session,
                workspace_id,
                actor=actor,
                action="workspace.scheduling_changed",
                object_type="workspace",
                object_id=workspace_id,
                **changed,
            )
        return rules


def _with_field(message: str, changes: Mapping[str, Any]) -> str:
    """``field: message`` when the message names one of the keys, for the API's per-field errors."""
    for key in changes:
        if message.startswith(f"{key}:"):
            return message
        if message.startswith(key):
            return f"{key}: {message}"
    return f"scheduling: {message}"
