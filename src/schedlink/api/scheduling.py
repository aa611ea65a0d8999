"""Routes for the team's calendars, its availability, and the suggestions on review tasks.

None of them touches the network: adding a calendar or refreshing suggestions asks for a background job
and answers at once (202 or 201 with ``status: "pending"``); availability is computed from cached busy time.
"""

from __future__ import annotations

from datetime import UTC
from typing import Annotated

from fastapi import FastAPI, Query, Request, Response

from schedlink.api.common import Workspace, documented_errors, key_actor
from schedlink.api.fields import INSTANT_RANGE, Instant
from schedlink.api.scheduling_schemas import (
    Accepted,
    CalendarIn,
    CalendarList,
    CalendarOut,
    IntervalOut,
    SchedulingIn,
    SchedulingOut,
)
from schedlink.service import records, scheduling, suggestions, team_calendars
from schedlink.service.availability import team_availability
from schedlink.service.team_calendars import NewCalendar
from schedlink.store.db import Database

WARNING_HEADER = "Schedlink-Warning"


def scheduling_routes(app: FastAPI, db: Database) -> None:
    @app.post(
        "/v1/calendars",
        status_code=201,
        response_model=CalendarOut,
        tags=["calendars"],
        responses=documented_errors(400, 413, 415, 422),
    )
    def add_calendar(body: CalendarIn, workspace_id: Workspace, request: Request) -> CalendarOut:
        """Add a team calendar. It is read in the background; ``status`` says how that went."""
        new = NewCalendar(body.kind, body.url, body.content, body.username, body.password, body.label)
        return CalendarOut.of(team_calendars.add_calendar(db, workspace_id, new, actor=key_actor(request)))

    @app.get("/v1/calendars", response_model=CalendarList, tags=["calendars"], responses=documented_errors())
    def list_calendars(workspace_id: Workspace) -> CalendarList:
        return CalendarList(
            items=[CalendarOut.of(view) for view in team_calendars.list_calendars(db, workspace_id)]
        )

    @app.delete(
        "/v1/calendars/{calendar_id}", status_code=204, tags=["calendars"], responses=documented_errors(404)
    )
    def remove_calendar(calendar_id: str, workspace_id: Workspace, request: Request) -> Response:
        calendar = records.parse_id(calendar_id, "calendar")
        team_calendars.remove_calendar(db, workspace_id, calendar, actor=key_actor(request))
        return Response(status_code=204)

    @app.post(
        "/v1/calendars/{calendar_id}/refresh",
        status_code=202,
        response_model=Accepted,
        tags=["calendars"],
        responses=documented_errors(404),
    )
    def refresh_calendar(calendar_id: str, workspace_id: Workspace) -> Accepted:
        """Ask for the calendar to be read again in the background."""
        calendar = records.parse_id(calendar_id, "calendar")
        team_calendars.request_refresh(db, workspace_id, calendar)
        return Accepted(detail="the calendar will be read shortly")

    @app.get(
        "/v1/availability",
        response_model=list[IntervalOut],
        tags=["availability"],
        responses=documented_errors(422),
    )
    def availability(
        workspace_id: Workspace,
        start: Annotated[Instant, Query(description=f"ISO-8601 time with offset, {INSTANT_RANGE}.")],
        end: Annotated[
            Instant, Query(description="ISO-8601 time with offset; after start, at most 365 days after it.")
        ],
        response: Response,
    ) -> list[IntervalOut]:
        """The team's free intervals in ``[start, end)`` (UTC): working hours minus calendar busy time.

        Computed from the calendars' cached busy time; a ``Schedlink-Warning`` header names calendars that
        have not been read or could not be.
        """
        result = team_availability(db, workspace_id, start.astimezone(UTC), end.astimezone(UTC))
        if result.warnings:
            response.headers[WARNING_HEADER] = (
                "; ".join(result.warnings)[:1000].encode("ascii", "replace").decode()
            )
        return [IntervalOut(**interval.to_json()) for interval in result.free]

    @app.get(
        "/v1/scheduling", response_model=SchedulingOut, tags=["availability"], responses=documented_errors()
    )
    def get_scheduling(workspace_id: Workspace) -> SchedulingOut:
        """The rules suggestions follow: meeting length, slot step, buffers, notice, horizon, special days."""
        return SchedulingOut(**scheduling.get_scheduling(db, workspace_id).to_json())

    @app.patch(
        "/v1/scheduling",
        response_model=SchedulingOut,
        tags=["availability"],
        responses=documented_errors(400, 413, 415, 422),
    )
    def update_scheduling(body: SchedulingIn, workspace_id: Workspace, request: Request) -> SchedulingOut:
        """Change some of the rules; the answer is the rules now in force. Open tasks keep their
        suggestions until they are refreshed."""
        changes = body.model_dump(exclude_none=True)
        rules = scheduling.update_scheduling(db, workspace_id, changes, actor=key_actor(request))
        return SchedulingOut(**rules.to_json())

    @app.post(
        "/v1/tasks/{task_id}/suggestions",
        status_code=202,
        response_model=Accepted,
        tags=["tasks"],
        responses=documented_errors(404, 409),
    )
    def refresh_suggestions(task_id: str, workspace_id: Workspace, request: Request) -> Accepted:
        """Compute the task's suggested times again in the background (``suggestions_state`` turns to
        ``waiting`` until then)."""
        task = records.parse_id(task_id, "task")
        suggestions.request_refresh(db, workspace_id, task, actor=key_actor(request))
        return Accepted(detail="suggestions will be computed shortly")
