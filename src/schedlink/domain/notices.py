"""The Booking tab's notices: what schedlink does with lead-provided links, said plainly."""

from __future__ import annotations

from dataclasses import dataclass


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


def notices(open_tasks: int) -> tuple[Notice, ...]:
    """The notices to show now. Automation is not available yet, so the manual-review notice always is."""
    shown = [MANUAL_REVIEW]
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
