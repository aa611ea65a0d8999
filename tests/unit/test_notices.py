"""The Booking tab's notices: warnings first, then manual review, then the work waiting."""

from __future__ import annotations

import pytest

from schedlink.domain.notices import AutomationState, notices

pytestmark = pytest.mark.unit


def test_warnings_come_first_and_manual_review_covers_the_rest() -> None:
    shown = notices(
        3,
        AutomationState(
            active={"Cal.com": "books when a person presses Book"}, sandbox_hosts=("api.cal.com",)
        ),
    )
    assert [(n.id, n.level) for n in shown] == [
        ("automation_on", "warning"), ("sandbox", "warning"), ("manual_review", "info"), ("open_tasks", "action"),
    ]  # fmt: skip
    assert shown[2].title.startswith("Other scheduler links")


def test_stopped_automation_says_so_and_everything_is_manual() -> None:
    stopped = notices(0, AutomationState(active={"Cal.com": "automatic"}, kill_switch=True))
    assert [n.id for n in stopped] == ["automation_stopped", "manual_review"]
    assert stopped[1].title.startswith("Lead scheduler links are handled by manual review")
    assert [n.id for n in notices(0)] == ["manual_review"]
