"""The Booking tab's notices: what schedlink does with lead-provided links, said plainly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Notice:
    id: str
    level: str
    title: str
    body: str


MANUAL_REVIEW = Notice(
    id="manual_review",
    level="info",
    title="Lead scheduler links are handled by manual review",
    body=(
        "schedlink does not book on third-party schedulers automatically. When a lead asks us to book "
        "through their own link, a review task appears here with the link, suggested times and a "
        "fallback reply; a person books or answers."
    ),
)


@dataclass(frozen=True, slots=True)
class AutomationState:
    """What the notices need to know about booking automation (names, not slugs: they are shown)."""

    # Provider name → what its mode does, in words, for every provider that is not off.
    active: Mapping[str, str] = field(default_factory=dict)
    kill_switch: bool = False
    operator_off: bool = False
    sandbox_hosts: tuple[str, ...] = ()


def notices(open_tasks: int, automation: AutomationState = AutomationState()) -> tuple[Notice, ...]:
    """The notices to show now, warnings first: automation whenever any provider is not off (or that it
    is stopped), the sandbox, then the manual review that applies to every provider that is off."""
    shown = _automation(automation)
    if automation.sandbox_hosts:
        shown.append(
            Notice(
                id="sandbox",
                level="warning",
                title="Sandbox: bookings go to replicas",
                body="Requests for " + ", ".join(automation.sandbox_hosts) + " go to local replicas, "
                "not to the real providers.",
            )
        )
    running = automation.active and not (automation.kill_switch or automation.operator_off)
    shown.append(_MANUAL_FOR_THE_REST if running else MANUAL_REVIEW)
    if open_tasks:
        plural = "s" if open_tasks != 1 else ""
        shown.append(
            Notice(
                id="open_tasks",
                level="action",
                title=f"{open_tasks} lead scheduler link{plural} waiting for review",
                body="Open the review queue to book on the lead's link or send them ours.",
            )
        )
    return tuple(shown)


_MANUAL_FOR_THE_REST = Notice(
    id="manual_review",
    level="info",
    title="Other scheduler links are handled by manual review",
    body=(
        "For providers not named above, schedlink books nothing on its own: a review task appears here "
        "with the link, suggested times and a fallback reply; a person books or answers."
    ),
)


def _automation(state: AutomationState) -> list[Notice]:
    if not state.active:
        return []
    if state.operator_off:
        return [
            Notice(
                id="automation_stopped",
                level="warning",
                title="Booking automation is off on this server",
                body="The operator stopped automatic booking for every workspace; the settings below wait.",
            )
        ]
    if state.kill_switch:
        return [
            Notice(
                id="automation_stopped",
                level="warning",
                title="Booking automation stopped: the kill switch is on",
                body="Nothing is booked or checked automatically until the kill switch is turned off.",
            )
        ]
    scope = "; ".join(f"{name}: {words}" for name, words in state.active.items())
    return [
        Notice(
            id="automation_on",
            level="warning",
            title="Booking automation is on",
            body=f"{scope}. Every attempt runs the guardrails first and keeps its evidence.",
        )
    ]
