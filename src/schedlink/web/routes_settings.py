"""Workspace settings: time zone, own links and domains, working hours, fallback link, scheduling rules,
booking automation and calendars."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, available_timezones

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from schedlink.config import OperatorConfig
from schedlink.domain.booking.automation import AutomationSettings, Mode
from schedlink.domain.bounds import storable
from schedlink.domain.providers import provider_name, spec_by_slug
from schedlink.service import team_calendars, workers
from schedlink.service.automation import (
    BOOKABLE,
    GENERIC,
    KNOWN_PROVIDERS,
    AutomationChange,
    change_settings,
    get_settings,
)
from schedlink.service.bookings import booking_method
from schedlink.service.errors import InvalidRequest, NotFound
from schedlink.service.scheduling import get_scheduling, update_scheduling
from schedlink.service.settings import WEEKDAYS, SettingsForm, SettingsInvalid, load_settings, update_settings
from schedlink.service.web_sessions import WebSession
from schedlink.service.workspaces import workspace_header
from schedlink.store.db import Database
from schedlink.web import csrf
from schedlink.web.auth import SignedIn
from schedlink.web.pages import frame_for, not_found
from schedlink.web.rendering import Frame, render
from schedlink.web.scheduling_form import (
    SchedulingForm,
    SchedulingFormInvalid,
    changes_from_form,
    errors_from_invalid,
    form_from_rules,
)
from schedlink.web.views import format_time

DAY_NAMES = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
CALENDAR_KINDS = {"ics_url": "iCalendar address", "ics_file": "Uploaded .ics file", "caldav": "CalDAV"}
MAX_UPLOAD = team_calendars.MAX_FILE_BYTES
# Each mode once, with what it does: shown beside the mode choices.
MODES = (
    (Mode.OFF.value, "Off", "Nothing automatic: a person books by hand."),
    (Mode.DRY_RUN.value, "Dry run", "A Dry run button checks a time end to end; nothing is ever sent."),
    (Mode.APPROVE.value, "Approve", "A Book button books a suggested time when a person presses it."),
    (Mode.AUTO.value, "Auto", "Also books the best suggested time itself when the lead’s request is clear."),
)
# The other schedulers' pages share one choice: the careful generic driver books only when a person
# presses Book, so Auto is not offered there.
GENERIC_MODES = tuple(mode for mode in MODES if mode[0] != Mode.AUTO.value)
# The zones offered in the time zone list: the IANA "Area/Location" names and UTC, without the old aliases
# (US/Eastern, EST5EDT…), which are still accepted when typed.
_AREAS = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/", "Australia/", "Europe/",
          "Indian/", "Pacific/")  # fmt: skip
_ZONES = [*sorted(name for name in available_timezones() if name.startswith(_AREAS)), "UTC"]


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    name: str
    offset: str  # ``UTC−05:00``: the offset now (it changes with summer time)
    now: str  # ``15:04 EST``: the time there now


def zone_choices(moment: datetime) -> list[ZoneChoice]:
    """Every offered zone with its offset and clock at ``moment``, by name."""
    return [zone_choice(name, moment) for name in _ZONES]


def zone_choice(name: str, moment: datetime) -> ZoneChoice:
    local = moment.astimezone(ZoneInfo(name))
    return ZoneChoice(name, utc_offset(local), f"{local:%H:%M} {local.tzname()}")


def utc_offset(local: datetime) -> str:
    """``UTC+05:30``, ``UTC−05:00`` (a real minus sign), ``UTC±00:00``."""
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "±" if minutes == 0 else ("+" if minutes > 0 else "−")
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def settings_routes(db: Database, config: OperatorConfig) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/booking/settings")
    def settings_page(request: Request, session: SignedIn) -> Response:
        frame = frame_for(db, session, config)
        return _page(request, frame, load_settings(db, session.workspace_id))

    @router.post("/booking/settings")
    def save_settings(
        request: Request,
        session: SignedIn,
        timezone: Annotated[str, Form()] = "",
        own_links: Annotated[str, Form()] = "",
        own_domains: Annotated[str, Form()] = "",
        fallback_link: Annotated[str, Form()] = "",
        hours_mon: Annotated[str, Form()] = "",
        hours_tue: Annotated[str, Form()] = "",
        hours_wed: Annotated[str, Form()] = "",
        hours_thu: Annotated[str, Form()] = "",
        hours_fri: Annotated[str, Form()] = "",
        hours_sat: Annotated[str, Form()] = "",
        hours_sun: Annotated[str, Form()] = "",
        booking_name: Annotated[str | None, Form()] = None,
        booking_email: Annotated[str | None, Form()] = None,
        booking_answers: Annotated[str | None, Form()] = None,
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        days = (hours_mon, hours_tue, hours_wed, hours_thu, hours_fri, hours_sat, hours_sun)
        form = SettingsForm(
            timezone=timezone, own_links=own_links, own_domains=own_domains, fallback_link=fallback_link,
            working_hours=dict(zip(WEEKDAYS, days, strict=True)),
            booking_name=booking_name, booking_email=booking_email, booking_answers=booking_answers,
        )  # fmt: skip
        try:
            update_settings(db, session.workspace_id, form, actor=session.who)
        except SettingsInvalid as invalid:
            return _page(request, frame_for(db, session, config), form, errors=invalid.errors, status=422)
        except OSError:  # an area name such as "America" is a folder of zones, not a zone
            errors = {
                "timezone": f"{timezone.strip()!r} is a region, not a time zone: choose one from the list"
            }
            return _page(request, frame_for(db, session, config), form, errors=errors, status=422)
        return RedirectResponse("/booking/settings?flash=saved", status_code=303)

    @router.post("/booking/settings/scheduling")
    def save_scheduling(
        request: Request,
        session: SignedIn,
        meeting_minutes: Annotated[str, Form()] = "",
        slot_step_minutes: Annotated[str, Form()] = "",
        buffer_before_minutes: Annotated[str, Form()] = "",
        buffer_after_minutes: Annotated[str, Form()] = "",
        min_notice_minutes: Annotated[str, Form()] = "",
        days_ahead: Annotated[str, Form()] = "",
        suggestion_count: Annotated[str, Form()] = "",
        tentative_busy: Annotated[str, Form()] = "",
        holidays: Annotated[str, Form()] = "",
        special_days: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        form = SchedulingForm(
            meeting_minutes=meeting_minutes, slot_step_minutes=slot_step_minutes,
            buffer_before_minutes=buffer_before_minutes, buffer_after_minutes=buffer_after_minutes,
            min_notice_minutes=min_notice_minutes, days_ahead=days_ahead, suggestion_count=suggestion_count,
            tentative_busy=bool(tentative_busy), holidays=holidays, special_days=special_days,
        )  # fmt: skip
        try:
            update_scheduling(db, session.workspace_id, changes_from_form(form), actor=session.who)
        except SchedulingFormInvalid as invalid:
            errors = invalid.errors
        except InvalidRequest as exc:
            errors = errors_from_invalid(exc)
        else:
            return RedirectResponse("/booking/settings?flash=scheduling_saved#scheduling", status_code=303)
        settings = load_settings(db, session.workspace_id)
        return _page(
            request,
            frame_for(db, session, config),
            settings,
            scheduling=form,
            scheduling_errors=errors,
            status=422,
        )

    @router.post("/booking/settings/automation")
    def save_automation(
        request: Request,
        session: SignedIn,
        modes: Annotated[dict[str, str], Depends(posted_modes)],
        kill_switch: Annotated[str, Form()] = "",
        intent_max_age_days: Annotated[str, Form()] = "",
        rate_limit_per_hour: Annotated[str, Form()] = "",
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        change = AutomationChange(
            kill_switch=bool(kill_switch), providers=modes,
            # Anything but a plain whole number becomes 0, which the service refuses naming the field.
            intent_max_age_days=_whole(intent_max_age_days), rate_limit_per_hour=_whole(rate_limit_per_hour),
        )  # fmt: skip
        try:
            change_settings(db, session.workspace_id, change, actor=session.who)
        except InvalidRequest as exc:
            entered = {
                "modes": modes, "generic_mode": _shared_mode(modes), "kill_switch": bool(kill_switch),
                "intent_max_age_days": intent_max_age_days, "rate_limit_per_hour": rate_limit_per_hour,
            }  # fmt: skip
            return _page(
                request, frame_for(db, session, config), load_settings(db, session.workspace_id),
                automation=entered, automation_errors=_grouped(_field_errors(str(exc))), status=422,
            )  # fmt: skip
        return RedirectResponse("/booking/settings?flash=automation_saved#automation", status_code=303)

    @router.post("/booking/settings/calendars")
    def add_calendar(
        request: Request,
        session: SignedIn,
        kind: Annotated[str, Form()] = "ics_url",
        label: Annotated[str, Form()] = "",
        url: Annotated[str, Form()] = "",
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        file: Annotated[UploadFile | None, File()] = None,
        csrf_token: Annotated[str, Form()] = "",
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        entered = {"kind": kind, "label": label, "url": url, "username": username}
        content = _upload_text(file) if kind == "ics_file" else None
        if kind == "ics_file" and not content:
            return _failed_calendar(request, db, session, entered, {"file": "choose an .ics file to upload"})
        if content is not None and not storable(content):
            return _failed_calendar(
                request, db, session, entered, {"file": "this file holds NUL bytes; it is not an .ics file"}
            )
        new = team_calendars.NewCalendar(
            kind=kind, url=url.strip() or None, content=content, username=username.strip() or None,
            password=password or None, label=label.strip(),
        )  # fmt: skip
        try:
            team_calendars.add_calendar(db, session.workspace_id, new, actor=session.who)
        except InvalidRequest as exc:
            field, _, message = str(exc).partition(": ")
            field = {"content": "file"}.get(field, field)
            errors = (
                {field: message} if message and field in ("kind", "url", "file") else {"calendar": str(exc)}
            )
            return _failed_calendar(request, db, session, entered, errors)
        return RedirectResponse("/booking/settings?flash=calendar_added#calendars", status_code=303)

    @router.post("/booking/settings/calendars/{calendar_id}/remove")
    def remove_calendar(
        request: Request, calendar_id: str, session: SignedIn, csrf_token: Annotated[str, Form()] = ""
    ) -> Response:
        csrf.require_match(session.csrf_token, csrf_token)
        try:
            team_calendars.remove_calendar(
                db, session.workspace_id, uuid.UUID(calendar_id), actor=session.who
            )
        except (ValueError, NotFound):
            return not_found(request, frame_for(db, session, config))
        return RedirectResponse("/booking/settings?flash=calendar_removed#calendars", status_code=303)

    def _page(
        request: Request,
        frame: Frame,
        form: SettingsForm,
        *,
        errors: dict[str, str] | None = None,
        calendar_values: dict[str, str] | None = None,
        calendar_errors: dict[str, str] | None = None,
        scheduling: SchedulingForm | None = None,
        scheduling_errors: dict[str, str] | None = None,
        automation: dict[str, Any] | None = None,
        automation_errors: dict[str, str] | None = None,
        status: int = 200,
    ) -> Response:
        workspace_id = frame.session.workspace_id
        listed = team_calendars.list_calendars(db, workspace_id)
        if scheduling is None:
            scheduling = form_from_rules(get_scheduling(db, workspace_id))
        if automation is None:
            automation = _automation_form(get_settings(db, workspace_id))
        return render(
            request, "settings.html", status=status, frame=frame, form=form, errors=errors or {},
            days=DAY_NAMES, zones=zone_choices(datetime.now(UTC)), zone_now=_zone_now(form.timezone),
            kinds=CALENDAR_KINDS,
            calendars=[_calendar_row(item, frame.team_zone) for item in listed],
            calendar_values={"kind": "ics_url", "label": "", "url": "", "username": "", **(calendar_values or {})},
            calendar_errors=calendar_errors or {}, scheduling=scheduling, scheduling_errors=scheduling_errors or {},
            automation=automation, automation_errors=automation_errors or {}, modes=MODES,
            generic_modes=GENERIC_MODES,
            bookable=[(slug, provider_name(slug)) for slug in BOOKABLE if slug not in GENERIC],
            generic=[provider_name(slug) for slug in GENERIC],
            manual_only=[provider_name(slug) for slug in KNOWN_PROVIDERS if slug not in BOOKABLE],
            operator_allows=config.automation_allowed, identity=_booking_identity(db, workspace_id),
            workers=[_worker_line(view, datetime.now(UTC)) for view in workers.list_workers(db)],
            browser_worker=workers.browser_worker_alive(db),
            page_providers=", ".join(
                [*(provider_name(slug) for slug in BOOKABLE
                   if slug not in GENERIC and booking_method(spec_by_slug(slug)) == "browser"),
                 *(["the other schedulers"] if GENERIC else [])]
            ),
        )  # fmt: skip

    def _failed_calendar(
        request: Request, db: Database, session: WebSession, entered: dict[str, str], errors: dict[str, str]
    ) -> Response:
        frame = frame_for(db, session, config)
        form = load_settings(db, session.workspace_id)
        return _page(request, frame, form, calendar_values=entered, calendar_errors=errors, status=422)

    return router


def _worker_line(view: workers.WorkerView, now: datetime) -> dict[str, str]:
    """One worker process in words: where it runs, what it takes, whether it is alive, what it does."""
    ago = max(int((now - view.beat_at).total_seconds()), 0)
    state = "stopping" if view.stopping else ("alive" if view.alive else f"silent for {ago} s")
    takes = (
        f"page bookings ({view.browsers} at once) and other work"
        if view.browsers
        else "all but page bookings"
    )
    doing = (
        ", ".join(str(job.get("kind", "")).replace("booking.", "booking ") for job in view.running) or "idle"
    )
    return {
        "where": f"{view.hostname} · pid {view.pid}"
        + (" (inside the server)" if view.kind == "embedded" else ""),
        "takes": takes,
        "state": state,
        "tone": "ok" if view.alive and not view.stopping else "bad",
        "doing": doing,
    }


async def posted_modes(request: Request) -> dict[str, str]:
    """The posted ``mode_<provider>`` choices of the providers that can be booked, and ``mode_generic``, the
    one choice of every provider the careful generic driver books (empty: each keeps its own). The form is
    parsed once and kept by Starlette, so reading it here costs nothing."""
    form = await request.form()
    chosen = {slug: form.get(f"mode_{slug}") for slug in BOOKABLE}
    shared = form.get("mode_generic")
    if isinstance(shared, str) and shared:
        chosen.update(dict.fromkeys(GENERIC, shared))
    return {slug: value for slug, value in chosen.items() if isinstance(value, str)}


def _shared_mode(modes: dict[str, str]) -> str:
    """The mode every generic provider has, or ``""`` when they differ or are all ``auto`` (both only set
    through the API; the page's choice leaves them as they are until a person picks one)."""
    found = {modes.get(slug, Mode.OFF.value) for slug in GENERIC}
    shared = found.pop() if len(found) == 1 else ""
    return shared if shared in {value for value, _, _ in GENERIC_MODES} else ""


def _grouped(errors: dict[str, str]) -> dict[str, str]:
    """A refused shared choice is one error, on the shared field (not one per generic provider)."""
    generic = {f"providers.{slug}" for slug in GENERIC}
    grouped = {field: problem for field, problem in errors.items() if field not in generic}
    shared = next((problem for field, problem in errors.items() if field in generic), None)
    if shared is not None:
        grouped["providers.generic"] = shared
    return grouped


def _automation_form(settings: AutomationSettings) -> dict[str, Any]:
    modes = {slug: settings.mode_for(slug).value for slug in BOOKABLE}
    return {
        "modes": modes,
        "generic_mode": _shared_mode(modes),
        "kill_switch": settings.kill_switch,
        "intent_max_age_days": str(settings.intent_max_age_days),
        "rate_limit_per_hour": str(settings.rate_limit_per_hour),
    }


def _whole(value: str) -> int:
    text = value.strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else 0


def _field_errors(message: str) -> dict[str, str]:
    """``"field: problem; other: problem"`` (the service's wording) as one error per field."""
    errors: dict[str, str] = {}
    for part in message.split("; "):
        field, _, problem = part.partition(": ")
        if problem:
            errors[field.strip()] = problem.strip()
        else:
            errors["automation"] = part.strip()
    return errors


def _zone_now(name: str) -> ZoneChoice | None:
    """The entered zone's offset and clock now, when it is a zone at all (a wrong entry shows its error)."""
    try:
        return zone_choice(name.strip(), datetime.now(UTC)) if name.strip() else None
    except (ValueError, KeyError, OSError):  # not found is a KeyError; a region ("America") a folder
        return None


def _booking_identity(db: Database, workspace_id: uuid.UUID) -> str | None:
    """Who bookings are made as (``Name <email>``), or ``None`` while it is not set."""
    header = workspace_header(db, workspace_id)
    name, email = header.booking_name, header.booking_email
    return f"{name} <{email}>" if name and email else None


def _calendar_row(item: Any, zone: str) -> dict[str, Any]:
    refreshed = getattr(item, "refreshed_at", None)
    return {
        "id": str(item.id),
        "label": item.label or CALENDAR_KINDS.get(item.kind, item.kind),
        "kind": CALENDAR_KINDS.get(item.kind, item.kind),
        "status": item.status,
        "refreshed": format_time(refreshed, zone) if refreshed else "not yet",
        "error": getattr(item, "error", None),
    }


def _upload_text(file: UploadFile | None) -> str | None:
    if file is None or not file.filename:
        return None
    raw = file.file.read(MAX_UPLOAD + 1)
    return raw.decode("utf-8", errors="replace") if raw else None
