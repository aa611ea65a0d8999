"""The team's free time over a period: working hours minus the cached busy time of its calendars.

This answers "when is the team free?" as a plain fact, so the suggestion rules that look forward from
now (minimum notice, how many days ahead) do not apply; buffers around busy events do.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, timedelta

from schedlink.domain.availability.intervals import Interval
from schedlink.domain.availability.rules import SchedulingRules, parse_working_hours
from schedlink.domain.availability.team import team_free
from schedlink.service import team_calendars
from schedlink.service.errors import InvalidRequest, NotFound
from schedlink.service.workspaces import DEFAULT_WORKING_HOURS
from schedlink.store.db import Database
from schedlink.store.models import WorkspaceRow

MAX_PERIOD = timedelta(days=365)


@dataclasses.dataclass(frozen=True, slots=True)
class TeamAvailability:
    free: list[Interval]
    warnings: list[str]


def team_availability(
    db: Database, workspace_id: uuid.UUID, start: datetime, end: datetime
) -> TeamAvailability:
    """Free intervals (UTC) in ``[start, end)``; ``warnings`` name calendars that could not be read."""
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidRequest("start: give times with a UTC offset, e.g. 2026-03-10T09:00:00Z")
    if end <= start:
        raise InvalidRequest("end: must be after start")
    if end - start > MAX_PERIOD:
        raise InvalidRequest("end: ask for at most 365 days at a time")
    with db.read() as session:
        workspace = session.get(WorkspaceRow, workspace_id)
        if workspace is None:
            raise NotFound(f"workspace {workspace_id} not found")
        zone = workspace.timezone
        hours = parse_working_hours(workspace.working_hours or DEFAULT_WORKING_HOURS)
        rules = SchedulingRules.from_json(workspace.scheduling)
    plain = dataclasses.replace(rules, min_notice_minutes=0, days_ahead=min((end - start).days + 1, 365))
    team = team_calendars.cached_busy(db, workspace_id)
    if team.covered is not None and (start < team.covered[0] or end > team.covered[1]):
        first, last = (moment.strftime("%Y-%m-%dT%H:%MZ") for moment in team.covered)
        raise InvalidRequest(
            f"start: the team's calendars were read for {first} to {last}; ask within that range "
            "(busy time outside it was never read, so free time there would be a guess)"
        )
    free = team_free(
        zone=zone, working_hours=hours, rules=plain, busy=team.busy, now=start, start=start, end=end
    )
    return TeamAvailability(free, team.warnings)
