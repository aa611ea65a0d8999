"""The scheduling rules as the settings page writes them: plain text in, the rules' JSON changes out.

Holidays are one date a line and special days one ``2026-12-24 09:00-12:00, 13:00-15:00`` (or
``2026-12-31 closed``) a line. Every field is checked on its own, each value by ``SchedulingRules``
itself, so the page can point at every problem at once (and at the line it is on) with the same limits
the rules enforce when they are stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from schedlink.domain.availability.rules import SchedulingRules
from schedlink.service.errors import InvalidRequest
from schedlink.service.settings import format_day, parse_day

NUMBER_FIELDS = (
    "meeting_minutes",
    "slot_step_minutes",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "min_notice_minutes",
    "days_ahead",
    "suggestion_count",
)
MAX_LINES = 366
_FORM_FIELD = {"date_overrides": "special_days"}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE = re.compile(r"[0-9]+")
_MAX_DIGITS = 9
_CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class SchedulingForm:
    """The rules as the form shows and sends them: text per field, the checkbox as a flag."""

    meeting_minutes: str = ""
    slot_step_minutes: str = ""
    buffer_before_minutes: str = ""
    buffer_after_minutes: str = ""
    min_notice_minutes: str = ""
    days_ahead: str = ""
    suggestion_count: str = ""
    tentative_busy: bool = False
    holidays: str = ""
    special_days: str = ""


class SchedulingFormInvalid(InvalidRequest):
    """Some fields cannot be used; ``errors`` maps each form field to why."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = errors


def form_from_rules(rules: SchedulingRules) -> SchedulingForm:
    """The rules written the way the form shows them (dates sorted, one a line)."""
    stored = rules.to_json()
    special = (
        f"{day} {format_day(ranges) if ranges else _CLOSED}"
        for day, ranges in stored["date_overrides"].items()
    )
    return SchedulingForm(
        **{name: str(stored[name]) for name in NUMBER_FIELDS},
        tentative_busy=rules.tentative_busy,
        holidays="\n".join(stored["holidays"]),
        special_days="\n".join(special),
    )


def changes_from_form(form: SchedulingForm) -> dict[str, Any]:
    """The rules' JSON keys for ``form``, or ``SchedulingFormInvalid`` naming every field that is wrong."""
    errors: dict[str, str] = {}
    changes: dict[str, Any] = {"tentative_busy": form.tentative_busy}
    for name in NUMBER_FIELDS:
        try:
            changes[name] = _whole_number(name, getattr(form, name))
        except ValueError as exc:
            errors[name] = str(exc)
    try:
        changes["holidays"] = _holidays(form.holidays)
    except ValueError as exc:
        errors["holidays"] = str(exc)
    try:
        changes["date_overrides"] = _special_days(form.special_days)
    except ValueError as exc:
        errors["special_days"] = str(exc)
    if errors:
        raise SchedulingFormInvalid(errors)
    return changes


def errors_from_invalid(error: InvalidRequest) -> dict[str, str]:
    """The service's ``field: message`` as ``{form field: message}``; an unknown field goes to the form."""
    field, colon, message = str(error).partition(": ")
    if not colon or not message:
        return {"scheduling": str(error)}
    if field in NUMBER_FIELDS or field in ("holidays", "tentative_busy", "date_overrides"):
        return {_FORM_FIELD.get(field, field): _without_name(message, field)}
    return {"scheduling": message}


def _whole_number(name: str, text: str) -> int:
    value = text.strip()
    if not _WHOLE.fullmatch(value):
        raise ValueError("enter a whole number, like 30")
    if len(value.lstrip("0")) > _MAX_DIGITS:
        raise ValueError("that number is far too large")
    number = int(value)
    _check_rule({name: number}, name)
    return number


def _holidays(text: str) -> list[str]:
    """Sorted, each date once: a holiday given twice means the same thing, so it is not an error."""
    return sorted({_date(line, number) for number, line in _numbered_lines(text)})


def _special_days(text: str) -> dict[str, list[list[str]]]:
    overrides: dict[str, list[list[str]]] = {}
    seen: dict[str, int] = {}
    for number, line in _numbered_lines(text):
        first, *rest = line.split(maxsplit=1)
        day = _date(first, number)
        if day in seen:
            raise ValueError(f"line {number}: {day} is already given on line {seen[day]}")
        seen[day] = number
        hours = rest[0].strip() if rest else ""
        if not hours:
            raise ValueError(f"line {number}: give the hours, like 09:00-12:00, or the word {_CLOSED}")
        try:
            ranges = [] if hours.lower() == _CLOSED else parse_day(hours)
            if not ranges and hours.lower() != _CLOSED:
                raise ValueError(f"give the hours, like 09:00-12:00, or the word {_CLOSED}")
            _check_rule({"date_overrides": {day: ranges}}, f"date_overrides[{day}]")
        except ValueError as exc:
            raise ValueError(f"line {number}: {exc}") from None
        overrides[day] = ranges
    return dict(sorted(overrides.items()))


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their 1-based line numbers as the person sees them in the text box."""
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(lines) > MAX_LINES:
        raise ValueError(f"at most {MAX_LINES} lines, got {len(lines)}")
    return lines


def _date(text: str, number: int) -> str:
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueError(f"line {number}: {text!r} is not a date; write it like 2026-12-24") from None


def _check_rule(values: dict[str, Any], name: str) -> None:
    """Let the rules themselves refuse a value, so the form never drifts from what they accept."""
    try:
        SchedulingRules.from_json(values)
    except ValueError as exc:
        raise ValueError(_without_name(str(exc), name)) from None


def _without_name(message: str, name: str) -> str:
    """``"meeting_minutes must be …"`` → ``"must be …"``: the page already shows which field it is."""
    for prefix in (f"{name}: ", f"{name} "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    if message.startswith(f"{name}["):  # date_overrides[2026-12-24]: … → 2026-12-24: …
        return message[len(name) + 1 :].replace("]: ", ": ", 1)
    return message
