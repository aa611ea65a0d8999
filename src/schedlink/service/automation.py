"""A workspace's automation switches: read, change (validated whole, audited with who and when), and the
notices that say what is on."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from schedlink.config import OperatorConfig
from schedlink.domain.booking.automation import AutomationSettings, InvalidAutomation, Mode
from schedlink.domain.notices import AutomationState, Notice, notices
from schedlink.domain.providers import SPECS, provider_name, spec_by_slug
from schedlink.service import audit
from schedlink.service.bookings import booking_method, books_generically
from schedlink.service.errors import InvalidRequest, NotFound
from schedlink.service.review_queue import count_open
from schedlink.store.db import Database
from schedlink.store.models import WorkspaceRow
from schedlink.store.retry import retrying

KNOWN_PROVIDERS = tuple(spec.slug for spec in SPECS if spec.slug != "other")
# Providers a booking can reach today: a public booking API, a recipe of their own, or — for the rest whose
# links are pages an invitee books on — the careful generic driver; the others stay in manual review.
BOOKABLE = tuple(slug for slug in KNOWN_PROVIDERS if booking_method(spec_by_slug(slug)) is not None)
# Of those, the ones the careful generic driver books: only ever when a person presses Book.
GENERIC = tuple(slug for slug in BOOKABLE if books_generically(spec_by_slug(slug)))


@dataclass(frozen=True, slots=True)
class AutomationChange:
    kill_switch: bool | None = None
    providers: dict[str, str] | None = None
    intent_max_age_days: int | None = None
    rate_limit_per_hour: int | None = None


def get_settings(db: Database, workspace_id: uuid.UUID) -> AutomationSettings:
    with db.read() as session:
        workspace = session.get(WorkspaceRow, workspace_id)
        if workspace is None:
            raise NotFound(f"workspace {workspace_id} does not exist")
        return AutomationSettings.from_json(workspace.automation)


def change_settings(
    db: Database, workspace_id: uuid.UUID, change: AutomationChange, *, actor: str
) -> AutomationSettings:
    """Apply ``change`` as a whole or not at all; every change is audited with who made it."""

    def work() -> AutomationSettings:
        with db.write() as session:
            workspace = session.get(WorkspaceRow, workspace_id, with_for_update=True)
            if workspace is None:
                raise NotFound(f"workspace {workspace_id} does not exist")
            before = AutomationSettings.from_json(workspace.automation)
            try:
                after = before.changed(
                    known_providers=KNOWN_PROVIDERS,
                    kill_switch=change.kill_switch,
                    providers=change.providers,
                    intent_max_age_days=change.intent_max_age_days,
                    rate_limit_per_hour=change.rate_limit_per_hour,
                )
            except InvalidAutomation as error:
                raise InvalidRequest(str(error)) from None
            if after != before:
                workspace.automation = after.to_json()
                audit.record(
                    session,
                    workspace_id,
                    actor=actor[:200],
                    action="automation.changed",
                    object_type="workspace",
                    object_id=workspace_id,
                    before=before.to_json(),
                    after=after.to_json(),
                )
            return after

    return retrying(work)


def settings_in_force(settings: AutomationSettings, config: OperatorConfig) -> dict[str, Any]:
    """The settings as the API and the command line show them: every switchable provider with its mode,
    the providers a booking can reach today, and whether the operator allows automation at all."""
    return {
        "kill_switch": settings.kill_switch,
        "providers": {slug: settings.mode_for(slug).value for slug in KNOWN_PROVIDERS},
        "bookable": list(BOOKABLE),
        "person_presses_book": list(GENERIC),
        "intent_max_age_days": settings.intent_max_age_days,
        "rate_limit_per_hour": settings.rate_limit_per_hour,
        "operator_allows": config.automation_allowed,
    }


_MODE_WORDS = {
    Mode.DRY_RUN: "dry run (checked, never submitted)",
    Mode.APPROVE: "books when a person presses Book",
    Mode.AUTO: "books on its own when the lead's request is clear",
}


# What a mode does for a provider the careful generic driver books: never anything on its own.
_GENERIC_WORDS = {
    Mode.DRY_RUN: _MODE_WORDS[Mode.DRY_RUN],
    Mode.APPROVE: "books on their page when a person presses Book (careful generic driver)",
    Mode.AUTO: "books on their page only when a person presses Book (careful generic driver)",
}
# More generic providers than this with the same words are named as one group in the notice.
_GROUP_ABOVE = 3


def automation_state(settings: AutomationSettings, config: OperatorConfig) -> AutomationState:
    """The facts the Booking tab's notices are made of."""
    active: dict[str, str] = {}
    generic: dict[str, list[str]] = {}  # words → provider names
    for slug, mode in settings.active().items():
        if slug in GENERIC:
            generic.setdefault(_GENERIC_WORDS[mode], []).append(provider_name(slug))
        else:
            active[provider_name(slug)] = _MODE_WORDS[mode]
    for words, names in generic.items():
        if len(names) > _GROUP_ABOVE:
            active[f"{len(names)} other schedulers ({', '.join(names[:2])}, …)"] = words
        else:
            active.update(dict.fromkeys(names, words))
    return AutomationState(
        active=active,
        kill_switch=settings.kill_switch,
        operator_off=not config.automation_allowed,
        sandbox_hosts=tuple(sorted(config.sandbox)),
    )


def workspace_notices(
    db: Database, workspace_id: uuid.UUID, config: OperatorConfig, *, open_tasks: int | None = None
) -> tuple[Notice, ...]:
    """The Booking tab's notices, warnings first (the page header and ``GET /v1/notices`` say the same);
    ``open_tasks`` when the caller has counted them already."""
    count = count_open(db, workspace_id) if open_tasks is None else open_tasks
    return notices(count, automation_state(get_settings(db, workspace_id), config))
