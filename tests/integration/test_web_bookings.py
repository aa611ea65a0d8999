"""Booking from the Booking tab, on SQLite and PostgreSQL, against the Cal.com replica: the Book and Dry run
buttons follow the provider's mode, asking needs the form token, refusals are shown, attempts show their
checks and evidence, evidence downloads stay in their workspace, the queue says when a task is back for
review, and the Automation settings save, audit and explain their errors."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import unescape

import httpx2
import pytest
from argon2 import PasswordHasher
from booking_helpers import BookingWorld, world
from fastapi.testclient import TestClient
from service_helpers import reply
from sqlalchemy import select

from schedlink.api.app import create_app
from schedlink.service import automation, bookings, users
from schedlink.service.inbound import receive
from schedlink.service.users import add_user
from schedlink.service.workspaces import NewWorkspace, create_workspace
from schedlink.store.models import AuditEventRow, BookingRow
from schedlink.web.routes_bookings import served_type

pytestmark = pytest.mark.integration
__all__ = ["world"]

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", quick)
    monkeypatch.setattr(users, "_DECOY_HASH", quick.hash("decoy"))


@dataclass
class Tab:
    world: BookingWorld
    client: TestClient
    other_task: uuid.UUID
    other_user: str

    @property
    def task_path(self) -> str:
        return f"/booking/tasks/{self.world.task_id}"

    def page(self, path: str | None = None) -> str:
        answer = self.client.get(path or self.task_path)
        assert answer.status_code == 200, answer.text
        return answer.text

    def book(self, start: str, *, dry_run: bool = False, token: str | None = None) -> httpx2.Response:
        token = _hidden(self.page("/booking/settings")) if token is None else token
        return self.client.post(
            f"{self.task_path}/book",
            data={"start": start, "dry_run": "1" if dry_run else "0", "csrf_token": token},
            follow_redirects=False,
        )


@pytest.fixture
def tab(world: BookingWorld) -> Iterator[Tab]:
    """The world's workspace with a signed-in user and suggested times read from the replica, and another
    workspace with a task of its own."""
    add_user(world.db, world.workspace_id, "sam@acme.io", name="Sam", password=PASSWORD)
    other = create_workspace(world.db, NewWorkspace(name="Globex", timezone="Europe/Berlin")).workspace_id
    add_user(world.db, other, "gil@globex.io", password=PASSWORD)
    answer = receive(world.db, other, reply("Book me at cal.com/zed/intro please", "m-zed", email="zed@z.io"))
    world.run_jobs()  # the suggestions job reads the replica's page: the one time it offers is suggested
    with TestClient(create_app(world.db, world.config), base_url="http://testserver") as client:
        _sign_in(client, "sam@acme.io")
        yield Tab(world, client, uuid.UUID(answer.answer["task_id"]), "gil@globex.io")


def _hidden(html: str, name: str = "csrf_token") -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, html
    return match.group(1)


def _sign_in(client: TestClient, email: str) -> None:
    form = client.get("/signin")
    answer = client.post(
        "/signin",
        data={"email": email, "password": PASSWORD, "csrf_token": _hidden(form.text), "next": "/booking"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def _starts(html: str) -> list[str]:
    """The times the page's Book and Dry run forms would post."""
    return re.findall(r'name="start" value="([^"]+)"', html)


def _buttons(html: str) -> set[str]:
    return set(re.findall(r'<button type="submit" class="[^"]*button-small">(Book|Dry run)<', html))


def _section(html: str, anchor: str) -> str:
    match = re.search(rf'<section class="card" id="{anchor}".*?</section>', html, re.S)
    assert match, html
    return match.group(0)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


# --- the buttons ----------------------------------------------------------------------------------


def test_book_and_dry_run_appear_only_when_the_mode_allows(tab: Tab) -> None:
    off = tab.page()
    assert _buttons(off) == set()
    assert '/book"' not in off  # nothing automatic: the manual flow only
    assert 'id="attempts"' not in off

    tab.world.set_mode("dry_run")
    checking = tab.page()
    assert _buttons(checking) == {"Dry run"}
    assert _starts(checking) == [_iso(tab.world.start)]

    tab.world.set_mode("approve")
    both = tab.page()
    assert _buttons(both) == {"Book", "Dry run"}
    assert both.count('name="start"') == 2  # one time, two buttons

    tab.world.set_mode("auto")
    assert _buttons(tab.page()) == {"Book", "Dry run"}

    tab.world.set_mode("approve", kill_switch=True)
    stopped = tab.page()
    assert _buttons(stopped) == set()
    assert "The kill switch is on" in stopped


def test_the_queue_row_offers_book_and_dry_run_in_its_details(tab: Tab) -> None:
    def row_details() -> str:
        queue = tab.page("/booking")
        match = re.search(
            rf'<article aria-labelledby="lead-{tab.world.task_id}">.*?<details class="row-more">(.*?)</details>',
            queue, re.S,
        )  # fmt: skip
        assert match, queue
        return match.group(1)

    assert _buttons(row_details()) == set()  # automation off: the manual flow only
    tab.world.set_mode("approve")
    details = row_details()
    assert _buttons(details) == {"Book", "Dry run"}
    assert _starts(details) == [_iso(tab.world.start)] * 2
    assert f'action="{tab.task_path}/book"' in details
    tab.world.set_mode("approve", kill_switch=True)
    stopped = row_details()
    assert _buttons(stopped) == set()
    assert "The kill switch is on" in stopped


def test_no_buttons_for_providers_that_cannot_be_booked_yet(tab: Tab) -> None:
    calendly = receive(
        tab.world.db, tab.world.workspace_id,
        reply("Grab a time at calendly.com/ana-li/30min", "m-ana", email="ana@li.io", name="Ana Li"),
    ).answer["task_id"]  # fmt: skip
    automation.change_settings(
        tab.world.db, tab.world.workspace_id,
        automation.AutomationChange(providers={"calendly": "approve", "calcom": "approve"}), actor="tester",
    )  # fmt: skip
    assert _buttons(tab.page(f"/booking/tasks/{calendly}")) == set()
    assert _buttons(tab.page()) == {"Book", "Dry run"}


def test_asking_needs_the_form_token(tab: Tab) -> None:
    tab.world.set_mode("approve")
    for token in ("", "not-the-token-" + "x" * 30):
        answer = tab.book(_iso(tab.world.start), token=token)
        assert answer.status_code == 403
    assert bookings.list_bookings(tab.world.db, tab.world.workspace_id) == []


def test_with_the_mode_off_asking_answers_with_the_refusal(tab: Tab) -> None:
    answer = tab.book(_iso(tab.world.start))
    assert answer.status_code == 409
    refusal = re.search(r'<p class="form-error" role="alert" id="booking-error">(.*?)</p>', answer.text, re.S)
    assert refusal, answer.text
    assert "Nothing was sent" in refusal.group(1)
    assert "Automation for Cal.com is off" in refusal.group(1)  # the guardrail's own words
    assert "Settings → Automation" in refusal.group(1)
    assert bookings.list_bookings(tab.world.db, tab.world.workspace_id) == []


def test_an_unreadable_time_is_refused_without_asking(tab: Tab) -> None:
    tab.world.set_mode("approve")
    for start in ("", "tomorrow", "2026-03-12T14:00", "0001-01-01T00:00:00+14:00"):
        answer = tab.book(start)
        assert answer.status_code == 422, start
        assert "could not be read" in answer.text
    assert bookings.list_bookings(tab.world.db, tab.world.workspace_id) == []


# --- a booking through the page -------------------------------------------------------------------


def test_book_shows_progress_then_the_booking_with_its_checks_and_evidence(tab: Tab) -> None:
    tab.world.set_mode("approve")
    (start,) = set(_starts(tab.page()))
    answer = tab.book(start)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{tab.task_path}?flash=booking_requested#attempts"

    waiting = tab.page(answer.headers["location"])
    assert "Booking requested." in waiting
    assert "An attempt is in progress" in waiting
    assert f'<meta http-equiv="refresh" content="3; url={tab.task_path}#attempts">' in waiting
    assert _buttons(waiting) == set()  # nothing more to press while it runs
    assert "Open their page" in waiting  # automation is on: the lead's page is the other way

    tab.world.run_jobs()
    done = tab.page()
    assert 'http-equiv="refresh"' not in done
    assert "in progress" not in done
    attempts = _section(done, "attempts")
    text = _text(attempts)
    assert "Booked" in text
    assert "asked by Sam <sam@acme.io>" in text
    assert "All 7 checks passed" in text
    for label in ("Automation", "Lead’s request", "Not booked yet", "Working rules", "Team free",
                  "Hourly limit", "Their page"):  # fmt: skip
        assert f"✓ Passed: {label}" in text
    assert "✗" not in attempts
    (made,) = tab.world.replica.bookings()
    assert f"Confirmation {made.uid}" in text
    confirmation = re.search(
        r'<a href="([^"]+)" target="_blank" rel="noopener noreferrer">Open the confirmation', attempts
    )
    assert confirmation, attempts
    # The task was closed by the booking: no buttons any more.
    assert _buttons(done) == set()

    links = re.findall(
        r'<a href="(/booking/tasks/[^"]+/evidence/[0-9a-f]{64})" download>([^<]+)</a>', attempts
    )
    labels = [label for _, label in links]
    assert "Attempt summary" in labels
    assert "Exchange 1" in labels
    for href, _ in links:
        piece = tab.client.get(href)
        assert piece.status_code == 200
        assert piece.headers["content-type"] == "application/json"
        assert piece.headers["content-disposition"].startswith("attachment; filename=")
        assert piece.headers["x-content-type-options"] == "nosniff"
        json.loads(piece.content)

    # Pressed again (a double click, the back button): the same attempt, nothing sent again.
    again = tab.book(start)
    assert again.headers["location"] == f"{tab.task_path}?flash=booking_again#attempts"
    assert "Already asked: showing that attempt." in tab.page(again.headers["location"])
    tab.world.run_jobs()
    assert tab.world.replica.submissions() == 1


def test_a_dry_run_says_it_passed_and_sent_nothing(tab: Tab) -> None:
    tab.world.set_mode("dry_run")
    answer = tab.book(_iso(tab.world.start), dry_run=True)
    assert answer.headers["location"] == f"{tab.task_path}?flash=dry_run_requested#attempts"
    tab.world.run_jobs()
    attempts = _section(tab.page(), "attempts")
    assert "Dry run passed: nothing was sent" in _text(attempts)
    assert 'class="tag"' not in attempts  # the state already says it was a dry run
    assert tab.world.replica.submissions() == 0
    assert "attempt-line" not in tab.page("/booking")  # a passed dry run sends nothing back for review


def test_a_blocked_attempt_is_explained_on_the_task_and_in_the_queue(tab: Tab) -> None:
    tab.world.set_mode("approve")
    asked = tab.book(_iso(tab.world.start + timedelta(minutes=30)))  # a time their page does not offer
    assert asked.status_code == 303
    assert "Booking in progress" in tab.page("/booking")
    tab.world.run_jobs()
    attempts = _section(tab.page(), "attempts")
    text = _text(attempts)
    assert "Blocked: their page no longer offers this time" in text
    assert "1 of 7 checks failed" in text
    assert "✗ Failed: Their page Their page no longer offers this time" in text
    assert "tone-bad" in attempts
    queue = tab.page("/booking")
    assert (
        '<p class="attempt-line tone-bad">Booking blocked: their page no longer offers this time</p>' in queue
    )
    # Blocked sent nothing: the lead is free again, so Book is offered again.
    assert "Book" in _buttons(tab.page())


def test_an_unknown_outcome_is_shown_as_being_checked(tab: Tab) -> None:
    tab.world.set_mode("approve")
    made = bookings.request_booking(
        tab.world.db, tab.world.workspace_id, tab.world.task_id, tab.world.start, dry_run=False,
        actor="sam@acme.io", config=tab.world.config,
    ).booking  # fmt: skip
    with tab.world.db.write() as session:
        row = session.get(BookingRow, made.id)
        assert row is not None
        row.state = "outcome_unknown"
    page = tab.page()
    assert "Outcome unknown — being checked" in page
    assert "An attempt is in progress." in page  # no reloading every few seconds while it is reconciled
    assert 'http-equiv="refresh"' not in page
    assert "Booking outcome unknown — being checked" in tab.page("/booking")


# --- other workspaces -----------------------------------------------------------------------------


def test_another_workspaces_task_and_evidence_are_not_found(tab: Tab) -> None:
    tab.world.set_mode("approve")
    token = _hidden(tab.page("/booking/settings"))
    foreign = tab.client.post(
        f"/booking/tasks/{tab.other_task}/book",
        data={"start": _iso(tab.world.start), "dry_run": "1", "csrf_token": token},
    )
    assert foreign.status_code == 404
    assert (
        tab.client.post(
            "/booking/tasks/not-a-task/book", data={"start": _iso(tab.world.start), "csrf_token": token}
        ).status_code
        == 404
    )

    tab.book(_iso(tab.world.start))
    tab.world.run_jobs()
    href = re.findall(r'href="(/booking/tasks/[^"]+/evidence/[0-9a-f]{64})"', tab.page())[0]
    assert tab.client.get(href).status_code == 200
    *_, booking_id, _, sha256 = href.split("/")
    for wrong in (
        f"/booking/tasks/{tab.other_task}/bookings/{booking_id}/evidence/{sha256}",  # not this task's
        f"/booking/tasks/{tab.world.task_id}/bookings/{uuid.uuid4()}/evidence/{sha256}",
        f"/booking/tasks/{tab.world.task_id}/bookings/{booking_id}/evidence/{'0' * 64}",
        f"/booking/tasks/{tab.world.task_id}/bookings/{booking_id}/evidence/..%2F..%2Fetc",
    ):
        assert tab.client.get(wrong).status_code == 404, wrong

    with TestClient(create_app(tab.world.db, tab.world.config), base_url="http://testserver") as other:
        _sign_in(other, tab.other_user)
        answer = other.get(href)
        assert answer.status_code == 404
        assert "application/json" not in answer.headers["content-type"]


def test_evidence_is_only_served_as_text_or_json() -> None:
    assert served_type("application/json") == "application/json"
    assert served_type("application/problem+json; charset=utf-8") == "application/problem+json"
    assert served_type("text/html") == "text/plain; charset=utf-8"
    assert served_type("image/svg+xml") is None
    assert served_type("application/octet-stream") is None


# --- settings -------------------------------------------------------------------------------------


def test_the_automation_settings_save_and_are_audited(tab: Tab) -> None:
    section = _section(tab.page("/booking/settings"), "automation")
    assert 'action="/booking/settings/automation"' in section
    assert 'name="csrf_token"' in section
    assert re.search(r'<option value="off" selected>Off</option>', section)
    assert "Calendly" in _text(section)
    assert "cannot be automated yet: their tasks stay in manual review" in section
    assert "Sam Seller &lt;sam@acme.io&gt;" in section

    token = _hidden(section)
    answer = tab.client.post(
        "/booking/settings/automation",
        data={"mode_calcom": "approve", "kill_switch": "on", "intent_max_age_days": "7",
              "rate_limit_per_hour": "5", "csrf_token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert answer.status_code == 303
    assert answer.headers["location"] == "/booking/settings?flash=automation_saved#automation"
    saved = automation.get_settings(tab.world.db, tab.world.workspace_id)
    assert saved.mode_for("calcom").value == "approve"
    assert saved.kill_switch
    assert (saved.intent_max_age_days, saved.rate_limit_per_hour) == (7, 5)
    with tab.world.db.read() as session:
        event = session.scalars(
            select(AuditEventRow).where(AuditEventRow.action == "automation.changed")
        ).all()[-1]
        assert event.actor == "Sam <sam@acme.io>"
    shown = _section(tab.page("/booking/settings?flash=automation_saved"), "automation")
    assert '<option value="approve" selected>Approve</option>' in shown
    assert re.search(r'name="kill_switch" type="checkbox" value="on" checked', shown)

    # The kill switch off again: an unticked box is not sent at all.
    tab.client.post(
        "/booking/settings/automation",
        data={
            "mode_calcom": "approve",
            "intent_max_age_days": "7",
            "rate_limit_per_hour": "5",
            "csrf_token": token,
        },
    )
    assert not automation.get_settings(tab.world.db, tab.world.workspace_id).kill_switch

    notices = tab.page("/booking")
    first = re.search(r'<li class="notice notice-(\w+)">', notices)
    assert first
    assert first.group(1) == "warning"


def test_the_automation_section_lists_the_workers_and_says_when_none_has_a_browser(tab: Tab) -> None:
    from schedlink.service import workers

    section = _text(_section(tab.page("/booking/settings"), "automation"))
    assert "No worker has reported in the last hour" in section
    assert "wait for a worker started with --browsers" in section
    assert "none is running" in section
    worker = workers.register(tab.world.db, kind="worker", lanes=("default", "browser"), browsers=2)
    section = _text(_section(tab.page("/booking/settings"), "automation"))
    assert "page bookings (2 at once) and other work" in section
    assert "alive" in section
    assert "none is running" not in section
    workers.stop(tab.world.db, worker)


def test_automation_errors_are_shown_per_field_and_nothing_is_saved(tab: Tab) -> None:
    token = _hidden(tab.page("/booking/settings"))
    answer = tab.client.post(
        "/booking/settings/automation",
        data={"mode_calcom": "sometimes", "intent_max_age_days": "two weeks", "rate_limit_per_hour": "0",
              "kill_switch": "on", "csrf_token": token},
    )  # fmt: skip
    assert answer.status_code == 422
    section = _section(answer.text, "automation")
    assert "Nothing was saved: 3 fields need a change." in section
    for field_id in ("automation-mode-calcom", "automation-intent-age", "automation-rate"):
        assert f'aria-describedby="{field_id}-error"' in section
        assert f'<p class="field-error" id="{field_id}-error">' in section
    assert "a whole number from 1 to 365" in section
    assert 'value="two weeks"' in section  # the input is kept
    assert re.search(r'name="kill_switch" type="checkbox" value="on" checked', section)
    saved = automation.get_settings(tab.world.db, tab.world.workspace_id)
    assert saved == automation.get_settings(tab.world.db, tab.world.workspace_id).__class__()

    assert tab.client.post(
        "/booking/settings/automation", data={"mode_calcom": "approve", "intent_max_age_days": "7",
                                               "rate_limit_per_hour": "5"},
    ).status_code == 403  # fmt: skip


def test_the_booking_identity_is_set_on_the_team_settings_and_checked(tab: Tab) -> None:
    page = tab.page("/booking/settings")
    token = _hidden(page)
    assert 'name="booking_email" type="email" value="sam@acme.io"' in page
    base = {
        "csrf_token": token, "timezone": "America/New_York", "own_links": "https://calendly.com/acme-sales/intro",
        "own_domains": "acme.io", "fallback_link": "", "hours_mon": "09:00-17:00",
    }  # fmt: skip
    bad = tab.client.post(
        "/booking/settings", data={**base, "booking_name": "Sam", "booking_email": "not-an-email"}
    )
    assert bad.status_code == 422
    assert "is not an email address" in bad.text
    good = tab.client.post(
        "/booking/settings", data={**base, "booking_name": "Sam Seller", "booking_email": "Sales@Acme.io"},
        follow_redirects=False,
    )  # fmt: skip
    assert good.status_code == 303
    with tab.world.db.read() as session:
        from schedlink.store.models import WorkspaceRow

        identity = session.get(WorkspaceRow, tab.world.workspace_id).booking_identity  # type: ignore[union-attr]
    assert identity == {"name": "Sam Seller", "email": "sales@acme.io"}


def test_the_other_schedulers_share_one_choice(tab: Tab) -> None:
    section = _section(tab.page("/booking/settings"), "automation")
    assert f"Other schedulers ({len(automation.GENERIC)})" in section
    assert "careful generic driver — a person presses Book" in section
    assert 'name="mode_savvycal"' not in section  # one choice for the group, not a row each
    shared = re.search(r'<select id="automation-mode-generic".*?</select>', section, re.S)
    assert shared is not None
    assert 'value="auto"' not in shared.group(0)  # never on its own there
    answer = tab.client.post(
        "/booking/settings/automation",
        data={
            "mode_generic": "approve",
            "mode_calcom": "auto",
            "intent_max_age_days": "14",
            "rate_limit_per_hour": "20",
            "csrf_token": _hidden(section),
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    saved = automation.get_settings(tab.world.db, tab.world.workspace_id)
    assert {saved.mode_for(slug).value for slug in automation.GENERIC} == {"approve"}
    assert saved.mode_for("calcom").value == "auto"
    shown = _section(tab.page("/booking/settings"), "automation")
    assert '<option value="approve" selected>Approve</option>' in shown
    automation.change_settings(
        tab.world.db, tab.world.workspace_id, automation.AutomationChange(providers={"savvycal": "auto"}),
        actor="api",
    )  # fmt: skip
    mixed = _section(tab.page("/booking/settings"), "automation")
    assert '<option value="" selected>As set for each</option>' in mixed
    notice = tab.page("/booking")
    assert "only when a person presses Book (careful generic driver)" in notice
    assert "SavvyCal: books on its own" not in notice
