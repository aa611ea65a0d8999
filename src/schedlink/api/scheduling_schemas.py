"""Bodies of the calendar, availability and suggestion routes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from schedlink.api.fields import CleanText, clean_text
from schedlink.api.schemas import Strict
from schedlink.service.team_calendars import MAX_FILE_BYTES, CalendarView


class CalendarIn(Strict):
    """An iCalendar feed (``ics_url``), an uploaded file's text (``ics_file``) or a CalDAV calendar."""

    kind: Literal["ics_url", "ics_file", "caldav"]
    url: CleanText | None = Field(default=None, max_length=2048)
    # The limit goes on the string itself, before the text check, or the models' 1 MB default would hold.
    content: Annotated[str, Field(max_length=MAX_FILE_BYTES), AfterValidator(clean_text)] | None = Field(
        default=None, description="The .ics text, for kind ics_file (at most 5 MB)."
    )
    username: CleanText | None = Field(default=None, max_length=200)
    password: CleanText | None = Field(default=None, max_length=500)
    label: CleanText = Field(default="", max_length=200)


class CalendarOut(BaseModel):
    id: str
    kind: str
    label: str
    url: str | None = Field(description="Scheme, host and last path segment only: feed secrets stay hidden.")
    username: str | None
    status: Literal["pending", "ok", "error"]
    error: str | None = Field(description="Why the last read failed (status error).")
    note: str | None = Field(description="What a successful read skipped (events marked free, cancelled…).")
    busy_intervals: int
    ttl_seconds: int
    refreshed_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, view: CalendarView) -> CalendarOut:
        return cls.model_validate(view.to_json())


class CalendarList(BaseModel):
    items: list[CalendarOut]


class IntervalOut(BaseModel):
    start: str
    end: str


class Accepted(BaseModel):
    status: Literal["accepted"] = "accepted"
    detail: str


class SchedulingIn(Strict):
    """Any subset of the rules; keys left out keep their current values."""

    meeting_minutes: int | None = None
    slot_step_minutes: int | None = None
    buffer_before_minutes: int | None = None
    buffer_after_minutes: int | None = None
    min_notice_minutes: int | None = None
    days_ahead: int | None = None
    date_overrides: dict[CleanText, list[list[CleanText]]] | None = Field(
        default=None,
        description='A date\'s own hours, e.g. {"2026-12-24": [["09:00", "12:00"]]}; [] = closed.',
    )
    holidays: list[CleanText] | None = Field(
        default=None, description="Dates the team is closed, YYYY-MM-DD."
    )
    tentative_busy: bool | None = None
    suggestion_count: int | None = None


class SchedulingOut(BaseModel):
    meeting_minutes: int
    slot_step_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    min_notice_minutes: int
    days_ahead: int
    date_overrides: dict[str, list[list[str]]]
    holidays: list[str]
    tentative_busy: bool
    suggestion_count: int
