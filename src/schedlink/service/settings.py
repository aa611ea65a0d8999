"""Editing a workspace's settings from the Booking tab: validated field by field, saved with an audit event.

The form speaks text (one link per line, working hours as ``09:00-12:00, 13:00-17:00`` per weekday);
this module turns it into the stored shapes and reports every problem next to its field at once, so a
person fixes all of them in one go.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from schedlink.domain.availability.rules import parse_working_hours
from schedlink.domain.contacts import normal_email
from schedlink.service import audit
from schedlink.service.errors import InvalidRequest, NotFound
from schedlink.service.inbound import forget_team
from schedlink.service.workspaces import check_domain, check_link, check_timezone
from schedlink.store.db import Database
from schedlink.store.models import WorkspaceRow

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_LINES = 50
_RANGE = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})\s*$")


@dataclass(frozen=True, slots=True)
class SettingsForm:
    """The settings as the form shows and sends them: plain text per field."""

    timezone: str = ""
    own_links: str = ""
    own_domains: str = ""
    fallback_link: str = ""
    working_hours: Mapping[str, str] = field(default_factory=dict)
    # Who bookings on a lead's page are made as; ``None`` leaves the stored value as it is.
    booking_name: str | None = None
    booking_email: str | None = None
    # Answers a browser gives to booking-form questions, one "Question = Answer" per line.
    booking_answers: str | None = None


class SettingsInvalid(InvalidRequest):
    """Some fields cannot be saved; ``errors`` maps each field (``working_hours.mon``…) to why."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


def load_settings(db: Database, workspace_id: uuid.UUID) -> SettingsForm:
    """The workspace's current settings, written the way the form shows them."""
    with db.read() as session:
        row = session.get(WorkspaceRow, workspace_id)
        if row is None:
            raise NotFound(f"workspace {workspace_id} not found")
        return SettingsForm(
            timezone=row.timezone,
            own_links="\n".join(row.own_links),
            own_domains="\n".join(row.own_domains),
            fallback_link=row.fallback_link or "",
            working_hours={day: format_day(row.working_hours.get(day) or []) for day in WEEKDAYS},
            booking_name=str((row.booking_identity or {}).get("name") or ""),
            booking_email=str((row.booking_identity or {}).get("email") or ""),
            booking_answers=format_answers((row.booking_identity or {}).get("answers")),
        )


def update_settings(db: Database, workspace_id: uuid.UUID, form: SettingsForm, *, actor: str) -> list[str]:
    """Validate and save the settings; answers the names of the fields that changed.

    Raises ``SettingsInvalid`` with every field's problem and saves nothing when any field is wrong.
    """
    values = validate(form)
    with db.write() as session:
        row = session.get(WorkspaceRow, workspace_id)
        if row is None:
            raise NotFound(f"workspace {workspace_id} not found")
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, values[name])
        if changed:
            audit.record(
                session, workspace_id, actor=actor, action="workspace.settings_changed",
                object_type="workspace", object_id=workspace_id, fields=changed,
            )  # fmt: skip
    if changed:
        forget_cached_settings(workspace_id)
    return changed


def validate(form: SettingsForm) -> dict[str, Any]:
    """The stored values for ``form``, or ``SettingsInvalid`` naming each field that is wrong."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def checked(name: str, check: Callable[[], Any]) -> None:
        try:
            values[name] = check()
        except (InvalidRequest, ValueError) as exc:
            errors[name] = _reason(exc)

    checked("timezone", lambda: check_timezone(form.timezone.strip()))
    checked("own_links", lambda: _unique(check_link(line, "own link") for line in _lines(form.own_links)))
    checked("own_domains", lambda: _unique(check_domain(line) for line in _lines(form.own_domains)))
    fallback = form.fallback_link.strip()
    checked("fallback_link", lambda: check_link(fallback, "fallback link") if fallback else None)
    hours: dict[str, list[list[str]]] = {}
    for day in WEEKDAYS:
        try:
            ranges = parse_day(form.working_hours.get(day, ""))
        except ValueError as exc:
            errors[f"working_hours.{day}"] = str(exc)
            continue
        try:
            _check_with_rules(day, ranges)
        except ValueError as exc:
            errors[f"working_hours.{day}"] = _reason(exc)
            continue
        if ranges:
            hours[day] = ranges
    values["working_hours"] = hours
    if form.booking_name is not None or form.booking_email is not None:
        checked("booking_identity", lambda: _identity(form.booking_name or "", form.booking_email or ""))
        if "booking_identity" in errors:
            errors["booking_email"] = errors.pop("booking_identity")
        elif form.booking_answers is not None:
            try:
                answers = parse_answers(form.booking_answers)
            except ValueError as exc:
                errors["booking_answers"] = str(exc)
            else:
                if answers:
                    values["booking_identity"] = {**values["booking_identity"], "answers": answers}
    if errors:
        raise SettingsInvalid(errors)
    return values


def _identity(name: str, email: str) -> dict[str, str]:
    """The booking identity: a name of at most 200 characters and a real email address (or neither)."""
    identity: dict[str, str] = {}
    if name.strip():
        if len(name.strip()) > 200:
            raise ValueError("at most 200 characters")
        identity["name"] = name.strip()
    if email.strip():
        normal = normal_email(email)
        if normal is None:
            raise ValueError(f"{email.strip()[:80]!r} is not an email address")
        identity["email"] = normal
    return identity


MAX_ANSWERS = 30


def parse_answers(text: str) -> dict[str, str]:
    """``"Company size = 11-50"`` per line → ``{question: answer}``: what a browser may answer on a booking
    form, matched by the question's words. A question nobody answered here stops the booking for a person."""
    answers: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        question, sep, answer = line.partition("=")
        if not sep or not question.strip() or not answer.strip():
            raise ValueError(f"line {number}: write it as Question = Answer")
        if len(question.strip()) > 300 or len(answer.strip()) > 1000:
            raise ValueError(
                f"line {number}: at most 300 characters for the question and 1000 for the answer"
            )
        answers[question.strip()] = answer.strip()
    if len(answers) > MAX_ANSWERS:
        raise ValueError(f"at most {MAX_ANSWERS} answers")
    return answers


def format_answers(answers: object) -> str:
    if not isinstance(answers, dict):
        return ""
    return "\n".join(f"{question} = {answer}" for question, answer in answers.items())


def parse_day(text: str) -> list[list[str]]:
    """``"09:00-12:00, 13:00-17:00"`` → ``[["09:00", "12:00"], ["13:00", "17:00"]]``; blank means closed."""
    ranges: list[list[str]] = []
    for part in re.split(r"[,;]", text):
        if not part.strip():
            continue
        match = _RANGE.match(part)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not a time range; write it like 09:00-17:00")
        start, end = (_clock(value) for value in match.groups())
        if end <= start and end != "24:00":
            raise ValueError(f"{part.strip()!r} ends before it starts")
        ranges.append([start, end])
    ranges.sort()
    for (_, first_end), (second_start, _) in itertools.pairwise(ranges):
        if second_start < first_end:
            raise ValueError("the ranges overlap")
    return ranges


def format_day(ranges: list[Any]) -> str:
    return ", ".join(f"{start}-{end}" for start, end in ranges)


def forget_cached_settings(workspace_id: uuid.UUID) -> None:
    """Make this process's inbound path read the new settings at its next reply.

    Other app processes see them once their short-lived copy expires (``SETTINGS_CACHE_SECONDS``).
    """
    forget_team(workspace_id)


def _check_with_rules(day: str, ranges: list[list[str]]) -> None:
    """The availability rules own the stored shape; let them refuse what they cannot use."""
    parse_working_hours({day: ranges})


def _clock(value: str) -> str:
    hours, minutes = (int(part) for part in value.split(":"))
    if not (0 <= hours <= 23 and 0 <= minutes <= 59) and (hours, minutes) != (24, 0):
        raise ValueError(f"{value} is not a time of day")
    return f"{hours:02d}:{minutes:02d}"


def _lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINES:
        raise InvalidRequest(f"lines: at most {MAX_LINES}, one per line")
    return lines


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


def _reason(exc: Exception) -> str:
    """The message without the field name the ``check_*`` helpers put in front (the page shows the field)."""
    text = str(exc)
    _, colon, rest = text.partition(": ")
    return rest if colon and rest else text
