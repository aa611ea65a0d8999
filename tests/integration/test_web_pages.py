"""The Booking tab's pages through the app, on SQLite and PostgreSQL: sign-in, CSRF, escaping, the queue,
task actions, tenant isolation and settings."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from markupsafe import escape
from service_helpers import OWN_LINK, T0, reply, workspace
from sqlalchemy import select

from schedlink.api.app import create_app
from schedlink.demo import seed_demo
from schedlink.domain.availability.rules import SchedulingRules
from schedlink.service import users
from schedlink.service.errors import InvalidRequest
from schedlink.service.inbound import receive
from schedlink.service.scheduling import get_scheduling, update_scheduling
from schedlink.service.settings import SettingsForm, SettingsInvalid, format_answers, parse_day, validate
from schedlink.service.users import add_user
from schedlink.store.db import Database
from schedlink.store.models import AuditEventRow, ReviewTaskRow, WebSessionRow, WorkspaceRow
from schedlink.web import views
from schedlink.web.scheduling_form import (
    SchedulingFormInvalid,
    changes_from_form,
    errors_from_invalid,
    form_from_rules,
)

pytestmark = pytest.mark.integration

PASSWORD = "correct horse battery"
HOSTILE_NAME = '<img src=x onerror="alert(1)">'
HOSTILE_TEXT = (
    "Book me at calendly.com/jo-reyes/30min <script>alert('x')</script> <img src=x onerror=alert(2)>"
)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", quick)
    monkeypatch.setattr(users, "_DECOY_HASH", quick.hash("decoy"))


@dataclass
class Site:
    db: Database
    client: TestClient
    workspace_id: uuid.UUID
    other_id: uuid.UUID
    jo: uuid.UUID
    ana: uuid.UUID
    other_task: uuid.UUID


@pytest.fixture
def site(db: Database) -> Iterator[Site]:
    workspace_id = workspace(db, name="Acme")
    other_id = workspace(db, name="Globex", own_links=(), own_domains=("globex.io",))
    add_user(db, workspace_id, "pat@acme.io", name="Pat", password=PASSWORD)
    add_user(db, other_id, "gil@globex.io", password=PASSWORD)
    jo = _task(
        db, workspace_id, "Book me at calendly.com/jo-reyes/30min please", "m-jo", "jo@reyes.io", "Jo Reyes"
    )
    ana = _task(
        db, workspace_id, "Please book via https://cal.com/ana-li/intro", "m-ana", "ana@li.io", "Ana Li"
    )
    other_task = _task(db, other_id, "Book me at calendly.com/zed/30min", "m-zed", "zed@z.io", "Zed")
    with TestClient(create_app(db), base_url="http://testserver") as client:
        yield Site(db, client, workspace_id, other_id, jo, ana, other_task)


def _task(
    db: Database, workspace_id: uuid.UUID, text: str, message_id: str, email: str, name: str
) -> uuid.UUID:
    answer = receive(db, workspace_id, reply(text, message_id, email=email, name=name)).answer
    assert answer["task_id"], answer
    return uuid.UUID(answer["task_id"])


def _hidden(html: str, name: str = "csrf_token") -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, html
    return match.group(1)


def _sign_in(
    client: TestClient, email: str = "pat@acme.io", password: str = PASSWORD, nxt: str = "/booking"
) -> httpx2.Response:
    form = client.get("/signin", params={"next": nxt})
    return client.post(
        "/signin",
        data={"email": email, "password": password, "csrf_token": _hidden(form.text), "next": nxt},
        follow_redirects=False,
    )


def _status(db: Database, task_id: uuid.UUID) -> str:
    with db.read() as session:
        task = session.get(ReviewTaskRow, task_id)
        assert task is not None
        return task.status


# --- signing in and out -------------------------------------------------------------------------


def test_pages_need_a_session_and_remember_where_you_were_going(site: Site) -> None:
    answer = site.client.get("/booking/settings?x=1", follow_redirects=False)
    assert answer.status_code == 303
    location = urlsplit(answer.headers["location"])
    assert location.path == "/signin"
    assert parse_qs(location.query)["next"] == ["/booking/settings?x=1"]
    assert site.client.get("/", follow_redirects=False).headers["location"] == "/booking"


def test_signing_in_sets_a_guarded_cookie_and_goes_to_next(site: Site) -> None:
    answer = _sign_in(site.client, nxt="/booking/settings")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/booking/settings"
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("schedlink_session="))
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "path=/", "samesite=lax", "max-age=43200"} <= flags
    assert "secure" not in flags  # plain http in this test
    assert site.client.get("/booking").status_code == 200


def test_the_session_cookie_is_secure_over_https(db: Database) -> None:
    workspace_id = workspace(db)
    add_user(db, workspace_id, "pat@acme.io", password=PASSWORD)
    with TestClient(create_app(db), base_url="https://testserver") as client:
        answer = _sign_in(client)
    cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("schedlink_session="))
    assert "secure" in cookie.lower()


def test_a_failed_sign_in_says_nothing_about_which_part_was_wrong(site: Site) -> None:
    wrong_password = _sign_in(site.client, password="nope nope nope")
    unknown_email = _sign_in(site.client, email="nobody@acme.io")
    for answer in (wrong_password, unknown_email):
        assert answer.status_code == 401
        assert "Those sign-in details did not work" in answer.text
        assert "schedlink_session" not in answer.headers.get("set-cookie", "")
    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", wrong_password.text).replace("pat@acme.io", "") == strip.sub(
        "", unknown_email.text
    ).replace("nobody@acme.io", "")
    with site.db.read() as session:
        assert session.scalars(select(WebSessionRow)).all() == []


def test_password_guessing_is_slowed_down_even_with_the_right_password_at_the_end(site: Site) -> None:
    for _ in range(5):
        assert _sign_in(site.client, password="guess guess guess").status_code == 401
    blocked = _sign_in(site.client)  # the right password, too late
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.text
    assert 0 < int(blocked.headers["retry-after"]) <= 15 * 60
    assert "schedlink_session" not in blocked.headers.get("set-cookie", "")
    # Another account from the same place is not locked out by these five.
    assert _sign_in(site.client, email="gil@globex.io").status_code == 303


def test_the_sign_in_form_is_protected_against_login_csrf(site: Site) -> None:
    forged = site.client.post(
        "/signin",
        data={"email": "pat@acme.io", "password": PASSWORD, "csrf_token": "x" * 43},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    site.client.cookies.clear()
    no_cookie = site.client.post(
        "/signin",
        data={"email": "pat@acme.io", "password": PASSWORD, "csrf_token": ""},
        follow_redirects=False,
    )
    assert no_cookie.status_code == 403
    with site.db.read() as session:
        assert session.scalars(select(WebSessionRow)).all() == []


def test_next_never_leaves_the_site(site: Site) -> None:
    for target in (
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/\x01x",
    ):
        assert _sign_in(site.client, nxt=target).headers["location"] == "/booking", target
        site.client.cookies.clear()
    assert _sign_in(site.client, nxt="/booking?status=done").headers["location"] == "/booking?status=done"


def test_an_api_key_signs_in_too(db: Database) -> None:
    from schedlink.service.workspaces import NewWorkspace, create_workspace

    created = create_workspace(db, NewWorkspace(name="Keys", timezone="UTC"))
    with TestClient(create_app(db)) as client:
        form = client.get("/signin")
        data = {
            "method": "key",
            "api_key": created.api_key,
            "csrf_token": _hidden(form.text),
            "next": "/booking",
        }
        answer = client.post("/signin", data=data, follow_redirects=False)
        assert answer.status_code == 303
        page = client.get("/booking")
        assert page.status_code == 200
        assert f"api key {created.api_key[:10]}" in page.text
        data["api_key"] = "sl_wrong"
        client.cookies.clear()
        data["csrf_token"] = _hidden(client.get("/signin").text)
        assert client.post("/signin", data=data, follow_redirects=False).status_code == 401


def test_sign_out_ends_the_session(site: Site) -> None:
    _sign_in(site.client)
    cookie = site.client.cookies["schedlink_session"]
    token = _hidden(site.client.get("/booking").text)
    answer = site.client.post("/signout", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
    with site.db.read() as session:
        assert session.scalars(select(WebSessionRow)).one().ended_at is not None
    site.client.cookies.set("schedlink_session", cookie)
    assert site.client.get("/booking", follow_redirects=False).status_code == 303


# --- page safety --------------------------------------------------------------------------------


def test_pages_carry_security_headers(site: Site) -> None:
    _sign_in(site.client)
    for path in ("/booking", f"/booking/tasks/{site.jo}", "/booking/settings", "/signin"):
        headers = site.client.get(path).headers
        csp = headers["content-security-policy"]
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] in ("no-referrer", "strict-origin-when-cross-origin")
        assert headers["cache-control"] == "no-store"
    for asset, kind in (("booking.css", "text/css"), ("booking.js", "javascript")):
        answer = site.client.get(f"/booking/static/{asset}")
        assert answer.status_code == 200
        assert kind in answer.headers["content-type"]
    assert "no-store" not in site.client.get("/v1/notices").headers.get("cache-control", "")


def test_lead_text_is_escaped_everywhere(site: Site) -> None:
    hostile = _task(site.db, site.workspace_id, HOSTILE_TEXT, "m-evil", "evil@x.io", HOSTILE_NAME)
    _sign_in(site.client)
    for path in ("/booking", f"/booking/tasks/{hostile}", "/booking?q=evil"):
        html = site.client.get(path).text
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;img src=x onerror=" in html
    detail = site.client.get(f"/booking/tasks/{hostile}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in detail
    assert "<mark>calendly.com/jo-reyes/30min</mark>" in detail
    assert re.findall(r"<script[^>]*>", detail) == ['<script src="/booking/static/booking.js" defer>']


def test_csrf_is_required_on_every_form(site: Site) -> None:
    _sign_in(site.client)
    posts = [
        (f"/booking/tasks/{site.jo}/booked", {"booked_start": "2026-03-12T14:30"}),
        (f"/booking/tasks/{site.jo}/dismiss", {"note": "spam"}),
        (f"/booking/tasks/{site.jo}/refresh", {}),
        ("/booking/settings", {"timezone": "UTC"}),
        ("/signout", {}),
    ]
    for path, data in posts:
        for token in (None, "wrong-token-wrong-token-wrong-token-wrong"):
            body = data if token is None else {**data, "csrf_token": token}
            answer = site.client.post(path, data=body, follow_redirects=False)
            assert answer.status_code == 403, path
            assert "security token" in answer.text
    assert _status(site.db, site.jo) == "open"
    with site.db.read() as session:
        row = session.get(WorkspaceRow, site.workspace_id)
        assert row is not None
        assert row.timezone == "America/New_York"
    assert site.client.get("/booking").status_code == 200  # still signed in


# --- the queue ----------------------------------------------------------------------------------


def test_the_queue_shows_the_notices_and_the_open_tasks(site: Site) -> None:
    _task(site.db, site.workspace_id, "Book me at calendly.com/kim/30min", "m-kim", "kim@k.io", "Kim Park")
    _sign_in(site.client)
    html = site.client.get("/booking").text
    assert "schedlink does not book on third-party schedulers automatically" in html
    assert 'aria-controls="notices-menu"' in html
    assert 'aria-expanded="false"' in html
    # The badge counts the work waiting (3 open tasks), not the notices (2 of them).
    badge = re.search(r'<span class="badge"[^>]*>(.*?)</span></span>', html, re.S)
    assert badge, html
    assert _words(badge.group(1)) == ", 3 open tasks"
    # The notice about them leads to the queue.
    assert '<a href="/booking">3 lead scheduler links waiting for review</a>' in html
    assert "Jo Reyes" in html
    assert "Ana Li" in html
    assert "Zed" not in html  # another workspace's task
    assert 'target="_blank" rel="noopener noreferrer"' in html
    assert "Suggestions are being prepared." in html
    assert "If their link has no workable time" in html


def test_the_badge_is_left_out_when_no_task_waits(site: Site) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get("/booking").text)
    for task in (site.jo, site.ana):
        site.client.post(f"/booking/tasks/{task}/dismiss", data={"note": "test", "csrf_token": token})
    html = site.client.get("/booking").text
    assert 'class="badge"' not in html
    assert "waiting for review" not in html


def _words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def _row(html: str, task_id: uuid.UUID) -> str:
    """One task's row in the queue."""
    match = re.search(
        rf'<li class="task-card[^"]*">\s*<article aria-labelledby="lead-{task_id}">.*?</article>', html, re.S
    )
    assert match, html
    return match.group(0)


SLOTS = [
    {"start": "2026-03-12T18:00:00Z", "end": "2026-03-12T18:30:00Z",
     "reason": "Thu 12 Mar 14:00 EDT / 11:00 PDT — first time both calendars are free"},
    {"start": "2026-03-13T18:00:00Z", "end": "2026-03-13T18:30:00Z",
     "reason": "Fri 13 Mar 14:00 EDT / 11:00 PDT — next free day for both"},
]  # fmt: skip


def _suggest(db: Database, task_id: uuid.UUID, note: str = "Times both calendars have free.") -> None:
    with db.write() as session:
        task = session.get(ReviewTaskRow, task_id)
        assert task is not None
        task.suggested_slots, task.suggestions_state, task.suggestions_note = SLOTS, "ready", note
        task.lead_timezone = "America/Los_Angeles"


def test_each_task_is_one_dense_row_with_its_everyday_actions(site: Site) -> None:
    _suggest(site.db, site.jo)
    _sign_in(site.client)
    html = site.client.get("/booking").text
    row = _row(html, site.jo)
    line = re.search(r'<div class="row-line">(.*?)</div>', row, re.S)
    assert line
    # One line of key facts: lead, provider mark, link, best time in both zones, age.
    facts = _words(line.group(1))
    assert facts.startswith("C Jo Reyes Calendly calendly.com/jo-reyes/30min")
    assert "Best time: Thu 12 Mar 14:00 EDT lead 11:00 PDT" in facts
    assert facts.endswith("ago")
    assert 'class="status' not in line.group(1)  # "Open" on every row of the open queue says nothing
    # Mark booked right on the row, set to the first suggested time (the team's zone's wall clock).
    booked = re.search(r'<form method="post" action="/booking/tasks/[^"]+/booked".*?</form>', row, re.S)
    assert booked, row
    options = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', booked.group(0))
    assert [(value, text) for value, _, text in options] == [
        ("2026-03-12T14:00", "Thu 12 Mar 14:00 EDT"),
        ("2026-03-13T14:00", "Fri 13 Mar 14:00 EDT"),
    ]
    # Dismiss with a reason, and Copy reply (the draft is inside the row's details).
    assert re.search(rf'action="/booking/tasks/{site.jo}/dismiss".*?name="note" required', row, re.S)
    assert f'data-copy="draft-{site.jo}"' in row
    assert f'id="draft-{site.jo}"' in row
    # Details on expand, without script: the times with their reasons said once (no time repeated).
    details = re.search(r'<details class="row-more">.*?</details>', row, re.S)
    assert details
    assert "Thu 12 Mar 14:00–14:30 EDT" in details.group(0)
    assert "first time both calendars are free" in details.group(0)
    assert details.group(0).count("Thu 12 Mar 14:00") == 1
    # A task without suggested times yet: Mark booked goes to the task page, where the time is typed.
    ana = _row(html, site.ana)
    assert "Times being prepared" in ana
    assert f'href="/booking/tasks/{site.ana}#booked-start"' in ana
    # Marking booked from the row keeps the chosen time.
    answer = site.client.post(
        f"/booking/tasks/{site.jo}/booked",
        data={"booked_start": options[1][0], "csrf_token": _hidden(html)},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/booking?flash=booked"
    with site.db.read() as session:
        task = session.get(ReviewTaskRow, site.jo)
        assert task is not None
        assert task.booked_start == datetime(2026, 3, 13, 18, 0, tzinfo=UTC)


def test_the_availability_note_is_said_once_above_the_list_when_it_applies_to_all(site: Site) -> None:
    note = "The lead&#39;s availability is unknown; offer our link and these free times of ours instead."
    _suggest(site.db, site.jo, note=unescape(note))
    _suggest(site.db, site.ana, note=unescape(note))
    _sign_in(site.client)
    html = site.client.get("/booking").text
    assert html.count(note) == 1
    assert re.search(r'<p class="queue-note" id="queue-note">Suggested times: ' + re.escape(note), html)
    _suggest(site.db, site.ana, note="These are the earliest times the lead's scheduler offers.")
    html = site.client.get("/booking").text
    assert 'class="queue-note"' not in html
    assert note in _row(html, site.jo)  # no longer common: said on the task it belongs to


def test_the_fallback_offers_the_words_for_the_lead(site: Site) -> None:
    _suggest(site.db, site.jo)
    _sign_in(site.client)
    html = site.client.get(f"/booking/tasks/{site.jo}").text
    fallback = re.search(r'<pre class="copy-text" id="fallback"[^>]*>(.*?)</pre>', html, re.S)
    assert fallback, html
    text = unescape(fallback.group(1))
    assert text.startswith("Hi Jo,\n\n")
    assert f"on our calendar instead? {OWN_LINK}" in text
    # Our free times, as the lead reads them (Pacific).
    assert "any of these works for us: Thu 12 Mar 11:00 PDT; Fri 13 Mar 11:00 PDT." in text
    assert "ask them" not in text  # the instruction to the person stays beside it, not in the text sent
    assert "If their link has no workable time, ask them to use ours" in html
    assert 'data-copy="fallback"' in html


def test_mark_booked_starts_from_the_first_suggested_time_or_empty(site: Site) -> None:
    _suggest(site.db, site.jo)
    _sign_in(site.client)
    with_times = site.client.get(f"/booking/tasks/{site.jo}").text
    assert re.search(
        r'id="booked-start" name="booked_start" type="datetime-local" value="2026-03-12T14:00"', with_times
    )
    assert "Set to the first suggested time" in with_times
    without = site.client.get(f"/booking/tasks/{site.ana}").text
    assert re.search(r'id="booked-start" name="booked_start" type="datetime-local" value=""', without)


def test_the_audit_trail_and_link_history_say_raw_values_in_words(site: Site) -> None:
    receive(
        site.db,
        site.workspace_id,
        reply("Not interested, thanks.", "m-jo-no", email="jo@reyes.io", minutes=5),
    )
    _sign_in(site.client)
    html = site.client.get(f"/booking/tasks/{site.jo}").text
    assert "not_interested" not in html
    assert "<dt>read as</dt><dd>not interested</dd>" in html
    assert "new text" not in html
    assert "<td>in their reply</td>" in html


def test_filters_search_and_pages(site: Site) -> None:
    _sign_in(site.client)
    assert "Ana Li" not in site.client.get("/booking", params={"provider": "calendly"}).text
    assert "Jo Reyes" in site.client.get("/booking", params={"provider": "calendly"}).text
    by_name = site.client.get("/booking", params={"q": "REYES"}).text
    assert "Jo Reyes" in by_name
    assert "Ana Li" not in by_name
    by_email = site.client.get("/booking", params={"q": "li.io"}).text
    assert "Ana Li" in by_email
    assert "Jo Reyes" not in by_email
    assert "No tasks match" in site.client.get("/booking", params={"q": "100%_"}).text
    assert "No tasks match" in site.client.get("/booking", params={"status": "done"}).text
    for number in range(20):
        _task(
            site.db,
            site.workspace_id,
            f"Book me at calendly.com/lead-{number}/30min",
            f"m-{number}",
            f"l{number}@x.io",
            f"Lead {number}",
        )
    first = site.client.get("/booking").text
    assert "22 tasks" in first
    assert "page 1 of 2" in first
    second = site.client.get("/booking", params={"page": "2"}).text
    assert second.count('class="task-card"') == 2
    assert "← Newer" in second
    assert site.client.get("/booking", params={"page": "abc", "status": "weird"}).status_code == 200
    assert site.client.get("/booking", params={"page": "²"}).status_code == 200  # a digit, but not 0-9


def test_an_empty_queue_explains_what_will_appear(db: Database) -> None:
    workspace_id = workspace(db)
    add_user(db, workspace_id, "pat@acme.io", password=PASSWORD)
    with TestClient(create_app(db)) as client:
        _sign_in(client)
        html = client.get("/booking").text
    assert "No lead is waiting for a booking" in html
    assert "asks us to book through it, a task appears here" in html


def test_suggested_slots_show_both_zones_reasons_and_only_safe_links(site: Site) -> None:
    slots = [
        {"start": "2026-03-12T18:00:00Z", "end": "2026-03-12T18:30:00Z", "reason": "first time both are free",
         "booking_url": "https://calendly.com/jo-reyes/30min/2026-03-12T11:00:00-07:00"},
        {"start": "2026-03-13T18:00:00Z", "end": "2026-03-13T18:30:00Z", "reason": "next day", "booking_url": "javascript:alert(1)"},
    ]  # fmt: skip
    with site.db.write() as session:
        task = session.get(ReviewTaskRow, site.jo)
        assert task is not None
        task.suggested_slots, task.suggestions_state = slots, "ready"
        task.lead_timezone = "America/Los_Angeles"
        task.suggestions_note = "Times both calendars have free."
        other = session.get(ReviewTaskRow, site.ana)
        assert other is not None
        other.suggestions_state, other.suggestions_note = "failed", "The lead's page could not be read."
    _sign_in(site.client)
    html = site.client.get(f"/booking/tasks/{site.jo}").text
    assert "Thu 12 Mar 14:00–14:30 EDT" in html
    assert "Thu 12 Mar 11:00–11:30 PDT" in html
    assert "first time both are free" in html
    assert "Times both calendars have free." in html
    assert 'href="https://calendly.com/jo-reyes/30min/2026-03-12T11:00:00-07:00"' in html
    assert "javascript:" not in html
    assert "The lead&#39;s page could not be read." in site.client.get(f"/booking/tasks/{site.ana}").text


def test_a_later_reply_without_a_request_is_shown_until_the_lead_asks_again(site: Site) -> None:
    warning = "without asking to book"
    _sign_in(site.client)
    assert warning not in site.client.get("/booking").text
    later = reply("I am out of the office until Monday.", "m-jo-2", email="jo@reyes.io", minutes=30)
    receive(site.db, site.workspace_id, later)
    queue = site.client.get("/booking").text
    assert warning in queue
    assert "I am out of the office until Monday." in queue
    assert 'class="withdrawn"' not in queue
    assert warning in site.client.get(f"/booking/tasks/{site.jo}").text
    again = reply(
        "Sorry, ignore that: please book me at calendly.com/jo-reyes/30min",
        "m-jo-3",
        email="jo@reyes.io",
        minutes=60,
    )
    receive(site.db, site.workspace_id, again)
    assert warning not in site.client.get("/booking").text


def test_a_later_never_mind_is_said_first_offers_dismiss_and_changes_the_draft(site: Site) -> None:
    _sign_in(site.client)
    before = site.client.get(f"/booking/tasks/{site.jo}").text
    assert "I&#39;ll pick a time on your Calendly page" in before
    later = reply("Never mind, we went with another vendor.", "m-jo-2", email="jo@reyes.io", minutes=30)
    receive(site.db, site.workspace_id, later)
    reason = "The lead withdrew: “Never mind, we went with another vendor.”"

    row = _row(site.client.get("/booking").text, site.jo)
    # Said first, right under the row's facts, and the row offers Dismiss with the reason, not Mark booked.
    after_facts = row.split('<div class="row-line">', 1)[1].split("</div>", 1)[1]
    assert after_facts.lstrip().startswith('<p class="withdrawn"><strong>The lead withdrew</strong>')
    assert "/booked" not in row
    dismiss = re.search(r'<form method="post" action="/booking/tasks/[^"]+/dismiss".*?</form>', row, re.S)
    assert dismiss
    assert f'name="note" value="{escape(reason)}"' in dismiss.group(0)
    assert 'Dismiss<span class="visually-hidden"> Jo Reyes</span>: the lead withdrew' in dismiss.group(0)

    page = site.client.get(f"/booking/tasks/{site.jo}").text
    head, layout = page.split('<div class="task-layout">', 1)
    assert '<h2 id="withdrawn-heading">The lead withdrew in a later reply</h2>' in head
    assert f'id="dismiss-note" name="note" value="{escape(reason)}"' in head
    draft = unescape(re.search(r'<pre class="copy-text" id="draft"[^>]*>(.*?)</pre>', page, re.S).group(1))  # type: ignore[union-attr]
    assert "I won't book anything" in draft
    assert "pick a time" not in draft
    assert 'id="dismiss-note"' not in layout  # one Dismiss, the one with the reason
    assert 'id="fallback"' not in page  # no offer to book on the way out either

    done = site.client.post(
        f"/booking/tasks/{site.jo}/dismiss",
        data={"note": reason, "csrf_token": _hidden(page)},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/booking?flash=dismissed"
    with site.db.read() as session:
        task = session.get(ReviewTaskRow, site.jo)
        assert task is not None
        assert (task.status, task.resolution_note) == ("dismissed", reason)


# --- task actions -------------------------------------------------------------------------------


def test_mark_booked_reads_the_time_in_the_team_zone_and_leaves_the_queue(site: Site) -> None:
    _sign_in(site.client)
    page = site.client.get(f"/booking/tasks/{site.jo}").text
    answer = site.client.post(
        f"/booking/tasks/{site.jo}/booked",
        data={"booked_start": "2026-03-12T14:30", "csrf_token": _hidden(page)},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    queue = site.client.get(answer.headers["location"]).text
    assert "Marked as booked" in queue
    assert "Jo Reyes" not in queue
    assert "Jo Reyes" in site.client.get("/booking", params={"status": "done"}).text
    with site.db.read() as session:
        task = session.get(ReviewTaskRow, site.jo)
        assert task is not None
        assert task.status == "done"
        assert task.booked_start == datetime(2026, 3, 12, 18, 30, tzinfo=UTC)
        assert task.resolved_by == "Pat <pat@acme.io>"
    detail = site.client.get(f"/booking/tasks/{site.jo}").text
    assert "Marked booked" in detail
    assert "This task is closed." in detail


def test_booking_needs_a_real_local_time(site: Site) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get(f"/booking/tasks/{site.jo}").text)
    for value, message in (
        ("", "give the time"),
        ("2026-03-08T02:30", "does not exist"),
        ("soon", "give a date"),
    ):
        answer = site.client.post(
            f"/booking/tasks/{site.jo}/booked", data={"booked_start": value, "csrf_token": token}
        )
        assert answer.status_code == 422
        assert message in answer.text
        assert 'aria-invalid="true"' in answer.text
    assert _status(site.db, site.jo) == "open"


def test_dismiss_needs_a_reason(site: Site) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get(f"/booking/tasks/{site.ana}").text)
    refused = site.client.post(f"/booking/tasks/{site.ana}/dismiss", data={"note": "  ", "csrf_token": token})
    assert refused.status_code == 422
    assert "say why the task is dismissed" in refused.text
    assert _status(site.db, site.ana) == "open"
    done = site.client.post(
        f"/booking/tasks/{site.ana}/dismiss", data={"note": "duplicate lead", "csrf_token": token}
    )
    assert done.status_code == 200
    assert "Dismissed. The task has left the open queue." in done.text
    assert _status(site.db, site.ana) == "dismissed"
    again = site.client.post(
        f"/booking/tasks/{site.ana}/dismiss", data={"note": "again", "csrf_token": token}
    )
    assert "already closed" in again.text


def test_refresh_asks_for_new_suggestions(site: Site) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get(f"/booking/tasks/{site.jo}").text)
    answer = site.client.post(
        f"/booking/tasks/{site.jo}/refresh", data={"csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/booking/tasks/{site.jo}?flash=refresh_requested"
    with site.db.read() as session:
        actions = session.scalars(
            select(AuditEventRow.action).where(AuditEventRow.object_id == str(site.jo))
        ).all()
    assert "task.suggestions_requested" in actions


def test_another_workspaces_task_is_not_found(site: Site) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get("/booking").text)
    for path in (
        f"/booking/tasks/{site.other_task}",
        "/booking/tasks/not-a-uuid",
        f"/booking/tasks/{uuid.uuid4()}",
    ):
        answer = site.client.get(path)
        assert answer.status_code == 404
        assert "There is nothing here" in answer.text
        assert "Zed" not in answer.text
    for action, data in (
        ("booked", {"booked_start": "2026-03-12T14:30"}),
        ("dismiss", {"note": "x"}),
        ("refresh", {}),
    ):
        answer = site.client.post(
            f"/booking/tasks/{site.other_task}/{action}", data={**data, "csrf_token": token}
        )
        assert answer.status_code == 404
    assert _status(site.db, site.other_task) == "open"


# --- settings -----------------------------------------------------------------------------------


def test_settings_show_every_problem_next_to_its_field_and_keep_the_input(site: Site) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get("/booking/settings").text)
    data = {
        "csrf_token": token, "timezone": "Mars/Olympus", "own_links": "https://ok.example/a\nnot a link",
        "own_domains": "acme.io\nbad domain", "fallback_link": "ftp://x", "hours_mon": "9-5", "hours_tue": "17:00-09:00",
        "hours_wed": "09:00-12:00, 11:00-13:00",
    }  # fmt: skip
    answer = site.client.post("/booking/settings", data=data)
    assert answer.status_code == 422
    html = answer.text
    assert "Nothing was saved" in html
    for field_id in (
        "set-timezone",
        "set-own-links",
        "set-own-domains",
        "set-fallback",
        "set-hours-mon",
        "set-hours-tue",
        "set-hours-wed",
    ):
        assert f'id="{field_id}-error"' in html, field_id
    assert 'value="Mars/Olympus"' in html
    assert "not a link" in html
    assert "ends before it starts" in html
    assert "overlap" in html
    with site.db.read() as session:
        row = session.get(WorkspaceRow, site.workspace_id)
        assert row is not None
        assert row.timezone == "America/New_York"


def test_saved_settings_are_shown_audited_and_used_by_the_inbound_path(site: Site) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get("/booking/settings").text)
    new_link = "https://cal.com/acme-team/intro"
    data = {
        "csrf_token": token, "timezone": "Europe/Berlin", "own_links": f"{OWN_LINK}\n{new_link}\n{new_link}",
        "own_domains": "acme.io\n@Acme.de", "fallback_link": "https://acme.io/meet",
        "hours_mon": "09:00-12:00, 13:00-17:30", "hours_fri": "09:00 – 13:00", "hours_sat": "",
    }  # fmt: skip
    # The inbound path has the old settings cached before the change.
    receive(
        site.db, site.workspace_id, reply("Book me at calendly.com/warm-up/30min", "m-warm", email="w@w.io")
    )
    answer = site.client.post("/booking/settings", data=data, follow_redirects=False)
    assert answer.status_code == 303
    page = site.client.get(answer.headers["location"]).text
    assert "Saved." in page
    assert 'value="Europe/Berlin"' in page
    assert 'value="09:00-12:00, 13:00-17:30"' in page
    with site.db.read() as session:
        row = session.get(WorkspaceRow, site.workspace_id)
        assert row is not None
        assert row.own_links == [OWN_LINK, new_link]
        assert row.own_domains == ["acme.io", "acme.de"]
        assert row.working_hours == {
            "mon": [["09:00", "12:00"], ["13:00", "17:30"]],
            "fri": [["09:00", "13:00"]],
        }
        event = session.scalars(
            select(AuditEventRow).where(AuditEventRow.action == "workspace.settings_changed")
        ).one()
    assert event.actor == "Pat <pat@acme.io>"
    assert set(event.details["fields"]) == {
        "timezone",
        "own_links",
        "own_domains",
        "fallback_link",
        "working_hours",
    }
    outcome = receive(site.db, site.workspace_id, reply(f"Book me at {new_link}", "m-own", email="own@x.io"))
    assert outcome.answer["link"] is None  # now the team's own link


def test_calendars_can_be_added_by_upload_and_removed(site: Site) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get("/booking/settings").text)
    bad = site.client.post(
        "/booking/settings/calendars",
        data={"csrf_token": token, "kind": "ics_url", "url": "not a url", "label": "Team"},
    )
    assert bad.status_code == 422
    assert 'id="cal-url-error"' in bad.text
    assert 'value="Team"' in bad.text
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:1@t\r\nDTSTAMP:20260301T000000Z\r\n"
        "DTSTART:20260312T150000Z\r\nDTEND:20260312T160000Z\r\nSUMMARY:Busy\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    added = site.client.post(
        "/booking/settings/calendars",
        data={"csrf_token": token, "kind": "ics_file", "label": "Uploaded team calendar"},
        files={"file": ("team.ics", ics.encode(), "text/calendar")},
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    page = site.client.get(added.headers["location"]).text
    assert "Calendar added" in page
    assert "Uploaded team calendar" in page
    calendar_id = re.search(r"/booking/settings/calendars/([0-9a-f-]{36})/remove", page)
    assert calendar_id
    removed = site.client.post(
        f"/booking/settings/calendars/{calendar_id.group(1)}/remove", data={"csrf_token": token}
    )
    assert "Calendar removed." in removed.text
    assert "Uploaded team calendar" not in removed.text


def test_the_time_zone_is_a_searchable_list_with_offsets(site: Site) -> None:
    _sign_in(site.client)
    html = site.client.get("/booking/settings").text
    assert re.search(
        r'<input id="set-timezone" name="timezone" list="zone-names" value="America/New_York"', html
    )
    zones = re.search(r'<datalist id="zone-names">(.*?)</datalist>', html, re.S)
    assert zones
    options = dict(re.findall(r'<option value="([^"]+)" label="([^"]+)">', zones.group(1)))
    assert re.fullmatch(r"UTC−0[45]:00 · now \d\d:\d\d E[SD]T", options["America/New_York"])
    assert re.fullmatch(r"UTC\+05:30 · now \d\d:\d\d IST", options["Asia/Kolkata"])
    assert options["UTC"].startswith("UTC±00:00")
    assert "US/Eastern" not in options  # old aliases are not offered (still accepted when typed)
    assert len(options) > 300
    assert re.search(r"Now \d\d:\d\d E[SD]T there \(UTC−0[45]:00\)", html)
    # A region is not a zone: said beside the field, not a server error.
    token = _hidden(html)
    answer = site.client.post("/booking/settings", data={"csrf_token": token, "timezone": "America"})
    assert answer.status_code == 422
    assert 'id="set-timezone-error"' in answer.text
    assert "is a region, not a time zone" in answer.text


def _sections(html: str) -> dict[str, str]:
    found = re.findall(r'<section class="card" id="([a-z]+)".*?</section>', html, re.S)
    bodies = re.findall(r'<section class="card" id="[a-z]+".*?</section>', html, re.S)
    return dict(zip(found, bodies, strict=True))


def test_each_settings_section_has_one_save_at_its_end(site: Site) -> None:
    _sign_in(site.client)
    sections = _sections(site.client.get("/booking/settings").text)
    assert list(sections) == ["team", "scheduling", "automation", "calendars"]
    for name, label in (("team", "Save team and working hours"), ("scheduling", "Save scheduling rules"),
                        ("automation", "Save automation")):  # fmt: skip
        body = sections[name]
        assert body.count('type="submit"') == 1, name
        assert re.search(
            rf'<div class="section-save"><button type="submit" class="button-primary">{label}</button></div>\s*</form>',
            body,
        ), name


def _add_forms(html: str) -> dict[str, str]:
    forms = re.findall(
        r'<details class="add-calendar" name="add-calendar" id="add-([a-z_]+)"( open)?>(.*?)</details>',
        html,
        re.S,
    )
    return {kind: opened + body for kind, opened, body in forms}


def test_the_add_calendar_form_shows_only_the_chosen_kinds_fields(site: Site) -> None:
    _sign_in(site.client)
    forms = _add_forms(site.client.get("/booking/settings").text)
    assert list(forms) == ["ics_url", "ics_file", "caldav"]
    assert not any(body.startswith(" open") for body in forms.values())  # all folded until one is chosen
    for kind, body in forms.items():
        assert f'<input type="hidden" name="kind" value="{kind}">' in body
        assert ('name="url"' in body) == (kind != "ics_file"), kind
        assert ('name="file"' in body) == (kind == "ics_file"), kind
        assert ('name="username"' in body and 'name="password"' in body) == (kind == "caldav"), kind
    assert 'enctype="multipart/form-data"' in forms["ics_file"]
    # A refused CalDAV address opens that form again, with the input kept and the error beside it.
    token = _hidden(site.client.get("/booking/settings").text)
    answer = site.client.post(
        "/booking/settings/calendars",
        data={"csrf_token": token, "kind": "caldav", "url": "not a url", "label": "Team", "username": "pat"},
    )
    assert answer.status_code == 422
    forms = _add_forms(answer.text)
    assert forms["caldav"].startswith(" open")
    assert 'id="cal-dav-url-error"' in forms["caldav"]
    assert 'value="Team"' in forms["caldav"]
    assert 'value="pat"' in forms["caldav"]
    assert not forms["ics_url"].startswith(" open")
    assert 'value="Team"' not in forms["ics_url"]


# --- presentation helpers -----------------------------------------------------------------------


def test_highlight_escapes_before_marking() -> None:
    text = "<b>hi</b> see Calendly.com/jo/30 & more"
    marked = str(views.highlight_link(text, "https://calendly.com/jo/30"))
    assert marked == "&lt;b&gt;hi&lt;/b&gt; see <mark>Calendly.com/jo/30</mark> &amp; more"
    assert str(views.highlight_link("<i>no link</i>", "https://x.io/a")) == "&lt;i&gt;no link&lt;/i&gt;"
    assert (
        str(views.highlight_link('a "x.io/a&b" z', "https://x.io/a&b"))
        == "a &#34;<mark>x.io/a&amp;b</mark>&#34; z"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://a.io/x", "https://a.io/x"), ("http://a.io", "http://a.io"), ("javascript:alert(1)", None),
     ("JAVASCRIPT://a.io", None), ("data:text/html,x", None), ("//a.io/x", None), ("", None), (None, None)],
)  # fmt: skip
def test_only_web_addresses_become_links(url: str | None, expected: str | None) -> None:
    assert views.safe_href(url) == expected


def test_times_ages_and_local_input() -> None:
    start = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT, the morning New York falls back
    assert (
        views.format_range(start, start + timedelta(hours=1), "America/New_York")
        == "Sun 1 Nov 01:30 EDT–01:30 EST"
    )
    assert (
        views.format_range(start, start + timedelta(days=1), "UTC") == "Sun 1 Nov 05:30–Mon 2 Nov 05:30 UTC"
    )
    assert views.format_age(T0 - timedelta(hours=3, minutes=5), T0) == "3 h ago"
    assert views.format_age(T0 - timedelta(minutes=7), T0) == "7 min ago"
    assert views.format_age(T0 - timedelta(days=1, hours=2), T0) == "1 day ago"
    assert views.format_age(T0 + timedelta(minutes=1), T0) == "just now"
    assert views.parse_local_time("2026-11-01T01:30", "America/New_York") == datetime(
        2026, 11, 1, 5, 30, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="does not exist"):
        views.parse_local_time("2026-03-08T02:15", "America/New_York")
    assert views.local_input_value(start, "Europe/Berlin") == "2026-11-01T06:30"


def test_working_hours_text() -> None:
    assert parse_day(" 13:00-17:00;9:00 - 12:00 ") == [["09:00", "12:00"], ["13:00", "17:00"]]
    assert parse_day("") == []
    assert parse_day("22:00-24:00") == [["22:00", "24:00"]]
    for bad, why in (("9-5", "not a time range"), ("25:00-26:00", "not a time of day"),
                     ("10:00-09:00", "ends before"), ("09:00-12:00,11:00-13:00", "overlap")):  # fmt: skip
        with pytest.raises(ValueError, match=why):
            parse_day(bad)
    with pytest.raises(SettingsInvalid) as caught:
        validate(SettingsForm(timezone="UTC", working_hours={"sun": "x"}))
    assert set(caught.value.errors) == {"working_hours.sun"}
    seven = ", ".join(f"{hour:02d}:00-{hour:02d}:30" for hour in range(8, 15))
    with pytest.raises(SettingsInvalid) as caught:
        validate(SettingsForm(timezone="UTC", working_hours={"mon": seven}))
    assert caught.value.errors == {"working_hours.mon": "at most 6 ranges a day, got 7"}


def test_answers_to_booking_form_questions() -> None:
    """One "Question = Answer" per line, kept with the booking identity; a line without both is named."""
    form = SettingsForm(
        timezone="UTC", booking_name="Sam", booking_email="sam@acme.io",
        booking_answers="Company size = 11-50\n\n  What is your budget?  =  Undecided = for now \n",
    )  # fmt: skip
    identity = validate(form)["booking_identity"]
    assert identity["answers"] == {"Company size": "11-50", "What is your budget?": "Undecided = for now"}
    assert format_answers(identity["answers"]).splitlines()[0] == "Company size = 11-50"
    with pytest.raises(SettingsInvalid) as caught:
        validate(
            SettingsForm(
                timezone="UTC", booking_name="Sam", booking_email="sam@acme.io", booking_answers="Phone"
            )
        )
    assert caught.value.errors == {"booking_answers": "line 1: write it as Question = Answer"}
    assert (
        "answers"
        not in validate(
            SettingsForm(timezone="UTC", booking_name="Sam", booking_email="sam@acme.io", booking_answers="")
        )["booking_identity"]
    )


# --- the demo -----------------------------------------------------------------------------------


def test_the_demo_seeds_a_workspace_that_signs_in_and_can_be_seeded_again(
    db: Database, database_url: str
) -> None:
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    first = seed_demo(db, now, suggestions=False)
    assert first.created
    assert (first.replies_received, first.open_tasks) == (8, 6)
    assert first.calendar.startswith("added (ok")
    again = seed_demo(db, now + timedelta(hours=1), suggestions=False)
    assert not again.created
    assert again.workspace_id == first.workspace_id
    assert (again.replies_received, again.open_tasks, again.calendar) == (0, 6, "already added")
    assert again.password != first.password
    assert again.api_key != first.api_key
    with TestClient(create_app(db)) as client:
        assert _sign_in(client, first.email, first.password).status_code == 401  # replaced by the second run
        assert _sign_in(client, again.email, again.password).status_code == 303
        queue = client.get("/booking").text
        for lead in ("Jo Reyes", "Priya Nair", "Marcus Lee", "Dana Whitfield", "Sam Okafor", "Alex Kim"):
            assert lead in queue
        assert "Lena Fischer" not in queue  # she quoted our own link: nothing to book
        for provider in ("Calendly", "Cal.com", "HubSpot", "GoHighLevel", "Google"):
            assert provider in queue
        alex = re.search(r'/booking/tasks/([0-9a-f-]{36})">Alex Kim', queue)
        assert alex
        assert "never mind" in client.get(f"/booking/tasks/{alex.group(1)}").text
        listed = client.get("/v1/tasks", headers={"Authorization": f"Bearer {again.api_key}"})
        assert listed.json()["total"] == 6


def test_the_demo_command_prints_how_to_sign_in(database_url: str) -> None:
    from typer.testing import CliRunner

    from schedlink.cli import app

    result = CliRunner().invoke(app, ["demo", "--database", database_url, "--no-serve", "--no-suggestions"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    assert "Workspace 'Acme Sales'" in said
    assert "6 open review tasks" in said
    assert re.search(r"Sign in as demo@acme\.io with password: \S{16,}", said)
    assert re.search(r"API key: sl_\S+", said)


# --- scheduling rules ---------------------------------------------------------------------------

SCHEDULING_FIELDS = {
    "meeting_minutes": "rule-meeting",
    "slot_step_minutes": "rule-step",
    "buffer_before_minutes": "rule-buffer-before",
    "buffer_after_minutes": "rule-buffer-after",
    "min_notice_minutes": "rule-notice",
    "days_ahead": "rule-days-ahead",
    "suggestion_count": "rule-suggestions",
    "tentative_busy": "rule-tentative",
    "holidays": "rule-holidays",
    "special_days": "rule-special-days",
}
GOOD_RULES = {
    "meeting_minutes": "45", "slot_step_minutes": "15", "buffer_before_minutes": "5",
    "buffer_after_minutes": " 10 ", "min_notice_minutes": "1440", "days_ahead": "21", "suggestion_count": "5",
    "holidays": "2026-12-25\n\n  2026-12-26  \n2026-12-25\n",
    "special_days": "2026-12-31 closed\n2026-12-24 13:00-15:00, 09:00 – 12:00\n2026-12-23\t16:00-24:00",
}  # fmt: skip


def _scheduling_section(html: str) -> str:
    match = re.search(r'<section class="card" id="scheduling".*?</section>', html, re.S)
    assert match, html
    return match.group(0)


def _textarea(html: str, name: str) -> str:
    match = re.search(rf'<textarea [^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, html
    return match.group(1)


def _ticked(html: str, name: str) -> bool:
    match = re.search(rf'<input [^>]*name="{name}" type="checkbox"[^>]*>', html)
    assert match, html
    return " checked" in match.group(0)


def test_the_scheduling_section_shows_the_default_rules_with_a_label_for_every_control(site: Site) -> None:
    _sign_in(site.client)
    section = _scheduling_section(site.client.get("/booking/settings").text)
    assert 'action="/booking/settings/scheduling"' in section
    assert 'name="csrf_token"' in section
    for name, field_id in SCHEDULING_FIELDS.items():
        assert re.search(rf'<label for="{field_id}">', section), name
        assert re.search(rf'id="{field_id}" name="{name}"', section), name
    defaults = {"meeting_minutes": "30", "slot_step_minutes": "30", "buffer_before_minutes": "0",
                "buffer_after_minutes": "0", "min_notice_minutes": "240", "days_ahead": "14", "suggestion_count": "3"}  # fmt: skip
    for name, value in defaults.items():
        assert _hidden(section, name) == value, name
    assert _ticked(section, "tentative_busy")
    assert _textarea(section, "holidays") == ""
    assert _textarea(section, "special_days") == ""
    assert "Minimum notice (minutes)" in section
    assert "Holidays (one date per line, YYYY-MM-DD)" in section
    assert "<script" not in section
    assert " on" + "click=" not in section


def test_saved_scheduling_rules_are_stored_shown_and_leave_other_workspaces_alone(site: Site) -> None:
    update_scheduling(site.db, site.other_id, {"meeting_minutes": 60, "holidays": ["2026-07-04"]}, actor="t")
    _sign_in(site.client)
    token = _hidden(site.client.get("/booking/settings").text)
    answer = site.client.post(
        "/booking/settings/scheduling", data={**GOOD_RULES, "csrf_token": token}, follow_redirects=False
    )  # the checkbox is left unticked, so it is not sent
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/booking/settings?flash=scheduling_saved#scheduling"
    stored = get_scheduling(site.db, site.workspace_id)
    assert stored.to_json() == {
        "meeting_minutes": 45, "slot_step_minutes": 15, "buffer_before_minutes": 5, "buffer_after_minutes": 10,
        "min_notice_minutes": 1440, "days_ahead": 21, "suggestion_count": 5, "tentative_busy": False,
        "holidays": ["2026-12-25", "2026-12-26"],
        "date_overrides": {"2026-12-23": [["16:00", "24:00"]], "2026-12-24": [["09:00", "12:00"], ["13:00", "15:00"]],
                           "2026-12-31": []},
    }  # fmt: skip
    page = site.client.get(answer.headers["location"]).text
    assert "Scheduling rules saved." in page
    section = _scheduling_section(page)
    assert _hidden(section, "meeting_minutes") == "45"
    assert _hidden(section, "buffer_after_minutes") == "10"
    assert not _ticked(section, "tentative_busy")
    assert _textarea(section, "holidays") == "2026-12-25\n2026-12-26"
    assert _textarea(section, "special_days") == (
        "2026-12-23 16:00-24:00\n2026-12-24 09:00-12:00, 13:00-15:00\n2026-12-31 closed"
    )
    with site.db.read() as session:
        event = session.scalars(
            select(AuditEventRow).where(AuditEventRow.action == "workspace.scheduling_changed")
            .where(AuditEventRow.workspace_id == site.workspace_id)
        ).one()  # fmt: skip
        row = session.get(WorkspaceRow, site.workspace_id)
        assert row is not None
        assert row.timezone == "America/New_York"  # the other form's settings are untouched
    assert event.actor == "Pat <pat@acme.io>"
    # Ticking the box again turns tentative events back to busy; the form shows what it read back.
    again = site.client.post(
        "/booking/settings/scheduling",
        data={**GOOD_RULES, "tentative_busy": "yes", "csrf_token": token},
        follow_redirects=False,
    )
    assert again.status_code == 303
    assert get_scheduling(site.db, site.workspace_id).tentative_busy is True
    assert _ticked(_scheduling_section(site.client.get("/booking/settings").text), "tentative_busy")
    other = get_scheduling(site.db, site.other_id)
    assert (other.meeting_minutes, other.days_ahead, other.tentative_busy) == (60, 14, True)
    assert [day.isoformat() for day in other.holidays] == ["2026-07-04"]
    site.client.cookies.clear()
    _sign_in(site.client, email="gil@globex.io")
    globex = _scheduling_section(site.client.get("/booking/settings").text)
    assert _hidden(globex, "meeting_minutes") == "60"
    assert _textarea(globex, "holidays") == "2026-07-04"


def test_scheduling_rules_need_the_forms_token(site: Site) -> None:
    _sign_in(site.client)
    for token in (None, "wrong-token-wrong-token-wrong-token-wrong"):
        body = GOOD_RULES if token is None else {**GOOD_RULES, "csrf_token": token}
        answer = site.client.post("/booking/settings/scheduling", data=body, follow_redirects=False)
        assert answer.status_code == 403
        assert "security token" in answer.text
    assert get_scheduling(site.db, site.workspace_id) == SchedulingRules()


@pytest.mark.parametrize(
    ("field", "entered", "message"),
    [
        ("meeting_minutes", "30.5", "enter a whole number"),
        ("days_ahead", "ten", "enter a whole number"),
        ("suggestion_count", "", "enter a whole number"),
        ("meeting_minutes", "2", "must be a whole number from 5 to 480, got 2"),
        ("holidays", "2026-12-25\n2026-13-01", "line 2: &#39;2026-13-01&#39; is not a date"),
        ("holidays", "25/12/2026", "line 1: &#39;25/12/2026&#39; is not a date"),
        ("special_days", "2026-12-31 closed\n2026-12-24 12:00-09:00", "line 2: &#39;12:00-09:00&#39; ends before it starts"),
        ("special_days", "2026-12-24 09:00-12:00, 11:00-13:00", "line 1: the ranges overlap"),
        ("special_days", "2026-12-24", "line 1: give the hours"),
        ("special_days", "2026-12-24 closed\n\n2026-12-24 09:00-10:00", "line 3: 2026-12-24 is already given on line 1"),
        ("special_days", "2026-12-24 <b>9-5</b>", "line 1: &#39;&lt;b&gt;9-5&lt;/b&gt;&#39; is not a time range"),
    ],
)  # fmt: skip
def test_scheduling_problems_show_next_to_their_field_keep_the_input_and_save_nothing(
    site: Site, field: str, entered: str, message: str
) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get("/booking/settings").text)
    data = {**GOOD_RULES, field: entered, "csrf_token": token}
    answer = site.client.post("/booking/settings/scheduling", data=data)
    assert answer.status_code == 422
    section = _scheduling_section(answer.text)
    field_id = SCHEDULING_FIELDS[field]
    error = re.search(rf'<p class="field-error" id="{field_id}-error">([^<]*)</p>', section)
    assert error, section
    assert message in error.group(1)
    assert f'aria-describedby="{field_id}-error"' in section
    assert section.count('class="field-error"') == 1  # the other fields were fine
    assert "Nothing was saved: 1 field needs a change" in section
    shown = _textarea(section, field) if field in ("holidays", "special_days") else _hidden(section, field)
    assert shown == str(escape(entered))
    assert _textarea(section, "special_days" if field == "holidays" else "holidays") == str(
        escape(GOOD_RULES["special_days" if field == "holidays" else "holidays"])
    )
    assert get_scheduling(site.db, site.workspace_id) == SchedulingRules()


def test_every_scheduling_problem_is_shown_at_once(site: Site) -> None:
    _sign_in(site.client)
    token = _hidden(site.client.get("/booking/settings").text)
    data = {**GOOD_RULES, "slot_step_minutes": "-5", "days_ahead": "999", "holidays": "soon",
            "special_days": "tomorrow 09:00-10:00", "csrf_token": token}  # fmt: skip
    answer = site.client.post("/booking/settings/scheduling", data=data)
    assert answer.status_code == 422
    section = _scheduling_section(answer.text)
    for field in ("slot_step_minutes", "days_ahead", "holidays", "special_days"):
        assert f'id="{SCHEDULING_FIELDS[field]}-error"' in section, field
    assert "Nothing was saved: 4 fields need a change" in section
    assert "must be a whole number from 1 to 365, got 999" in section
    assert get_scheduling(site.db, site.workspace_id) == SchedulingRules()


def test_the_services_field_errors_map_back_to_the_form(site: Site) -> None:
    refusals = (
        ({"meeting_minutes": 2}, {"meeting_minutes": "must be a whole number from 5 to 480, got 2"}),
        ({"date_overrides": {"2026-12-24": [["12:00", "09:00"]]}},
         {"special_days": "2026-12-24: 12:00–09:00 must start before it ends"}),
        ({"holidays": ["12/25"]}, {"holidays": "dates are written YYYY-MM-DD, got '12/25'"}),
        ({"tentative_busy": "maybe"}, {"tentative_busy": "must be true or false, got 'maybe'"}),
    )  # fmt: skip
    for changes, expected in refusals:
        with pytest.raises(InvalidRequest) as caught:
            update_scheduling(site.db, site.workspace_id, changes, actor="t")
        assert errors_from_invalid(caught.value) == expected
    assert errors_from_invalid(InvalidRequest("scheduling: something else")) == {
        "scheduling": "something else"
    }
    assert get_scheduling(site.db, site.workspace_id) == SchedulingRules()


def test_the_scheduling_form_round_trips_the_rules() -> None:
    rules = SchedulingRules.from_json(
        {"date_overrides": {"2026-12-24": [["09:00", "12:00"]], "2026-12-31": []}, "holidays": ["2026-12-25"],
         "tentative_busy": False, "min_notice_minutes": 90}
    )  # fmt: skip
    form = form_from_rules(rules)
    assert form.special_days == "2026-12-24 09:00-12:00\n2026-12-31 closed"
    assert form.min_notice_minutes == "90"
    assert SchedulingRules.from_json(changes_from_form(form)) == rules
    seven = ", ".join(f"{hour:02d}:00-{hour:02d}:30" for hour in range(8, 15))
    with pytest.raises(SchedulingFormInvalid) as caught:
        changes_from_form(replace(form, special_days=f"2026-12-24 {seven}", meeting_minutes="9" * 12))
    assert caught.value.errors == {
        "meeting_minutes": "that number is far too large",
        "special_days": "line 1: at most 6 ranges a day, got 7",
    }


def test_a_refusal_from_the_service_is_shown_on_the_page(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from schedlink.web import routes_settings

    refusals = iter(
        [
            InvalidRequest("days_ahead: days_ahead must be <b>fewer</b>"),
            InvalidRequest("scheduling: try later"),
        ]
    )

    def refuse(*args: object, **kwargs: object) -> SchedulingRules:
        raise next(refusals)

    monkeypatch.setattr(routes_settings, "update_scheduling", refuse)
    _sign_in(site.client)
    token = _hidden(site.client.get("/booking/settings").text)
    data = {**GOOD_RULES, "csrf_token": token}
    by_field = _scheduling_section(site.client.post("/booking/settings/scheduling", data=data).text)
    assert (
        '<p class="field-error" id="rule-days-ahead-error">must be &lt;b&gt;fewer&lt;/b&gt;</p>' in by_field
    )
    assert _hidden(by_field, "days_ahead") == "21"
    general = site.client.post("/booking/settings/scheduling", data=data)
    assert general.status_code == 422
    section = _scheduling_section(general.text)
    assert "<p>Nothing was saved: try later</p>" in section
    assert 'class="field-error"' not in section
    assert _textarea(section, "special_days") == str(escape(GOOD_RULES["special_days"]))
