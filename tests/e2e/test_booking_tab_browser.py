"""The Booking tab in a real browser: sign in, review, copy, book, dismiss, settings, keyboard only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from browser_site import browser, context, live_site, playwright_driver
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page, expect

__all__ = ["browser", "context", "live_site", "playwright_driver"]  # fixtures this module uses

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on any console error (a CSP violation or a script error); answers with
    an error status (a 404 page, a 422 form) are part of the flows and not counted."""
    opened = context.new_page()
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    opened.on("console", on_console)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    assert errors == []


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/booking")
    expect(page).to_have_url(re.compile(r"/signin\?next="))
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/booking$"))


def _row(page: Page, name: str) -> Locator:
    return page.locator("li.task-card").filter(has=page.get_by_role("link", name=name, exact=True))


def test_review_copy_fallback_and_mark_booked(page: Page, context: BrowserContext, live_site: Any) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.base_url)
    sign_in(page, live_site.user, live_site.password)

    # The badge counts the work waiting: seven open tasks (there are only two notices).
    notices = page.get_by_role("button", name=re.compile("Notices"))
    expect(notices).to_have_accessible_name(re.compile(r"7 open tasks"))
    expect(notices).to_have_attribute("aria-expanded", "false")
    notices.click()
    menu = page.locator("#notices-menu")
    expect(menu).to_be_visible()
    expect(menu).to_contain_text("does not book on third-party schedulers automatically")
    expect(menu.locator(".notice")).to_have_count(2)
    waiting = menu.get_by_role("link", name="7 lead scheduler links waiting for review")
    expect(waiting).to_have_attribute("href", "/booking")
    notices.click()
    expect(menu).to_be_hidden()

    # Seven tasks are one dense list: a row each, well within two screens.
    expect(page.locator("li.task-card")).to_have_count(7)
    height = page.evaluate("document.querySelector('.queue').getBoundingClientRect().height")
    assert height < 800, height
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "booking-tab.png"), full_page=True)
    jo = _row(page, "Jo Reyes")
    jo.locator(".row-more summary").click()
    expect(jo.locator(".slot").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "booking-tab-expanded.png"), full_page=True)

    page.get_by_role("link", name="Jo Reyes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jo Reyes")
    expect(page.locator("mark")).to_have_text("calendly.com/jo-reyes/30min")
    page.screenshot(path=str(SCREENSHOTS / "task-detail.png"), full_page=True)

    # Copy fallback copies the words for the lead; the advice to the person stays beside them.
    page.get_by_role("button", name="Copy fallback reply").click()
    expect(page.locator("#fallback-status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#fallback").text_content()
    assert copied.startswith("Hi Jo,\n\nI couldn't find a time on your page that works on our side")
    assert "on our calendar instead? https://acme.io/meet" in copied
    expect(page.locator(".copy-block").filter(has_text="Fallback reply")).to_contain_text(
        "If their link has no workable time, ask them to use ours"
    )

    # Mark booked starts from the first suggested time.
    first = page.locator(".slot").first.locator(".slot-time").text_content() or ""
    meeting = page.get_by_label(re.compile("Meeting time"))
    value = meeting.input_value()
    assert value, "Mark booked has no time"
    assert first.startswith(_day_and_clock(value)), (first, value)
    page.get_by_role("button", name="Mark booked").click()
    expect(page).to_have_url(re.compile(r"/booking\?flash=booked"))
    expect(page.locator(".flash")).to_contain_text("Marked as booked")
    expect(page.locator(".queue")).not_to_contain_text("Jo Reyes")
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".queue")).to_contain_text("Jo Reyes")


def _day_and_clock(local_value: str) -> str:
    """``2026-12-07T09:00`` as the page writes it: ``Mon 7 Dec 09:00``."""
    moment = datetime.fromisoformat(local_value)
    return f"{moment:%a} {moment.day} {moment:%b %H:%M}"


def test_the_everyday_actions_work_on_the_queue_row(
    page: Page, context: BrowserContext, live_site: Any
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.base_url)
    sign_in(page, live_site.user, live_site.password)

    # Copy reply, without opening the row.
    max_row = _row(page, "Max Stone")
    max_row.get_by_role("button", name="Copy reply").click()
    expect(max_row.locator(".copy-status").first).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == max_row.locator(f"#draft-{live_site.tasks['max']}").text_content()
    assert copied.startswith("Hi Max,")

    # Mark booked with the second suggested time, chosen on the row.
    lee = _row(page, "Lee Chen")
    choice = lee.get_by_label(re.compile("Time booked with Lee Chen"))
    options = choice.locator("option")
    expect(options).to_have_count(3)
    assert choice.input_value() == options.first.get_attribute("value")
    second = options.nth(1).get_attribute("value")
    assert second
    choice.select_option(second)
    lee.get_by_role("button", name=re.compile("^Mark booked")).click()
    expect(page.locator(".flash")).to_contain_text("Marked as booked")
    expect(page.locator(".queue")).not_to_contain_text("Lee Chen")
    page.goto(f"/booking/tasks/{live_site.tasks['lee']}")
    expect(page.locator(".task-main")).to_contain_text(_day_and_clock(second))

    # Dismiss with a reason, from the row.
    page.goto("/booking")
    dana = _row(page, "Dana Whitfield")
    reason = dana.get_by_label("Reason to dismiss Dana Whitfield")
    expect(reason).to_be_hidden()
    dana.locator("details.dismiss summary").click()
    reason.fill("Booked another way")
    dana.get_by_role("button", name="Dismiss", exact=True).click()
    expect(page.locator(".flash")).to_contain_text("Dismissed")
    expect(page.locator(".queue")).not_to_contain_text("Dana Whitfield")


def test_a_lead_who_withdrew_is_dismissed_with_the_reason_filled_in(page: Page, live_site: Any) -> None:
    sign_in(page, live_site.user, live_site.password)
    alex = _row(page, "Alex Kim")
    expect(alex.locator(".withdrawn")).to_contain_text("The lead withdrew")
    expect(alex.locator(".withdrawn")).to_contain_text("never mind - we went with another vendor")
    expect(alex.get_by_role("button", name=re.compile("Mark booked"))).to_have_count(0)
    page.goto(f"/booking/tasks/{live_site.tasks['alex']}")
    first = page.locator("main > *:not(.breadcrumb):not(.page-head)").first
    expect(first).to_contain_text("The lead withdrew in a later reply")
    expect(page.get_by_label("Reason")).to_have_value(
        "The lead withdrew: “Actually, never mind - we went with another vendor.”"
    )
    draft = page.locator("#draft").text_content() or ""
    assert "I won't book anything" in draft
    assert "pick a time" not in draft
    page.screenshot(path=str(SCREENSHOTS / "task-withdrawn.png"), full_page=True)
    page.goto("/booking")
    _row(page, "Alex Kim").get_by_role("button", name=re.compile("the lead withdrew")).click()
    expect(page.locator(".flash")).to_contain_text("Dismissed")
    expect(page.locator(".queue")).not_to_contain_text("Alex Kim")
    page.goto(f"/booking/tasks/{live_site.tasks['alex']}")
    expect(page.locator(".task-main")).to_contain_text("The lead withdrew: “Actually, never mind")


def test_dismiss_needs_and_keeps_a_reason(page: Page, live_site: Any) -> None:
    sign_in(page, live_site.user, live_site.password)
    page.goto(f"/booking/tasks/{live_site.tasks['ana']}")
    reason = page.get_by_label("Reason")
    page.get_by_role("button", name="Dismiss").click()  # the browser refuses the empty required field
    expect(page).to_have_url(re.compile(str(live_site.tasks["ana"])))
    reason.fill("Already booked by a colleague")
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".flash")).to_contain_text("Dismissed")
    expect(page.locator(".queue")).not_to_contain_text("Ana Li")
    page.goto(f"/booking/tasks/{live_site.tasks['ana']}")
    expect(page.locator(".task-main")).to_contain_text("Already booked by a colleague")


def test_settings_are_validated_saved_and_shown(page: Page, live_site: Any) -> None:
    sign_in(page, live_site.user, live_site.password)
    page.get_by_role("link", name="Settings").click()
    page.screenshot(path=str(SCREENSHOTS / "settings.png"), full_page=True)
    team = page.locator("#team")
    expect(team.get_by_role("button")).to_have_count(1)
    friday = page.get_by_label("Friday")
    friday.fill("9 to 5")
    team.get_by_role("button", name="Save team and working hours").click()
    expect(page.locator("#set-hours-fri-error")).to_contain_text("not a time range")
    expect(page.get_by_label("Friday")).to_have_value("9 to 5")
    page.get_by_label("Friday").fill("09:00-13:00")
    page.get_by_role("button", name="Save team and working hours").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    expect(page.get_by_label("Friday")).to_have_value("09:00-13:00")


def test_the_time_zone_list_offers_zones_with_their_offset(page: Page, live_site: Any) -> None:
    sign_in(page, live_site.user, live_site.password)
    page.goto("/booking/settings")
    zone = page.get_by_label("Time zone")
    listed = zone.evaluate(
        "input => Array.from(input.list.options).map(option => [option.value, option.label])"
    )
    offered = dict(listed)
    assert re.fullmatch(r"UTC\+0[12]:00 · now \d\d:\d\d CES?T", offered["Europe/Berlin"])
    assert len(offered) > 300
    zone.fill("Europe/Berlin")
    page.get_by_role("button", name="Save team and working hours").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    expect(page.locator("#set-timezone-hint")).to_contain_text(re.compile(r"Now \d\d:\d\d CES?T there"))
    zone = page.get_by_label("Time zone")
    zone.fill("America/New_York")
    page.get_by_role("button", name="Save team and working hours").click()
    expect(page.locator(".flash")).to_have_text("Saved.")


@pytest.mark.parametrize("script", [True, False], ids=["script", "no-script"])
def test_adding_a_calendar_shows_only_the_chosen_kinds_fields(
    browser: Browser, live_site: Any, script: bool
) -> None:
    opened = browser.new_context(
        base_url=live_site.base_url, viewport={"width": 1280, "height": 900}, java_script_enabled=script
    )
    opened.set_default_timeout(5_000)
    try:
        page = opened.new_page()
        sign_in(page, live_site.user, live_site.password)
        page.goto("/booking/settings#calendars")
        calendars = page.locator("#calendars")
        for label in (
            "Address (https://…/calendar.ics)",
            ".ics file",
            "CalDAV address",
            "User name",
            "Password",
        ):
            expect(calendars.get_by_label(label, exact=True)).to_be_hidden()
        calendars.get_by_text("From a CalDAV server").click()
        for label in ("CalDAV address", "User name", "Password"):
            expect(calendars.get_by_label(label, exact=True)).to_be_visible()
        expect(calendars.get_by_label(".ics file", exact=True)).to_be_hidden()
        calendars.get_by_text("By address (iCalendar URL)").click()
        expect(calendars.get_by_label("Address (https://…/calendar.ics)", exact=True)).to_be_visible()
        if script:
            page.screenshot(path=str(SCREENSHOTS / "settings-add-calendar.png"), full_page=True)
        field = calendars.get_by_label("Address (https://…/calendar.ics)", exact=True)
        field.fill("not a url")
        field.locator("xpath=ancestor::form").get_by_role("button", name="Add calendar").click()
        expect(page.locator("#cal-url-error")).to_be_visible()
        expect(calendars.get_by_label("User name", exact=True)).to_be_hidden()
    finally:
        opened.close()


def test_another_workspaces_task_is_not_found(page: Page, live_site: Any) -> None:
    sign_in(page, live_site.other_user, live_site.password)
    answer = page.goto(f"/booking/tasks/{live_site.tasks['max']}")
    assert answer is not None
    assert answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
    expect(page.locator("main")).not_to_contain_text("Max Stone")


def _tab_until(page: Page, selector: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_keyboard_only(page: Page, live_site: Any) -> None:
    sign_in(page, live_site.user, live_site.password)
    page.goto("/booking")
    _tab_until(page, "#notices-button")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page.locator("#notices-menu")).to_be_visible()
    expect(page.locator("#notices-button")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(page.locator("#notices-menu")).to_be_hidden()
    expect(page.locator("#notices-button")).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#notices-button")).to_be_focused()
    page.keyboard.press(" ")
    expect(page.locator("#notices-menu")).to_be_visible()
    page.keyboard.press("Escape")

    _tab_until(page, "a[href^='/booking/tasks/']")
    target = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target) + "$"))
    expect(page.get_by_role("heading", name="Actions")).to_be_visible()


def test_every_control_has_a_label(page: Page, live_site: Any) -> None:
    page.goto("/signin")
    _assert_labelled(page)
    sign_in(page, live_site.user, live_site.password)
    for path in ("/booking", f"/booking/tasks/{live_site.tasks['max']}", "/booking/settings"):
        page.goto(path)
        _assert_labelled(page)
        assert page.locator("main").count() == 1
        assert page.locator("nav[aria-label]").count() >= 1


def _assert_labelled(page: Page) -> None:
    controls = page.locator("input:not([type=hidden]), select, textarea")
    assert controls.count() > 0
    for index in range(controls.count()):
        control = controls.nth(index)
        control_id = control.get_attribute("id")
        has_label = bool(control_id) and page.locator(f"label[for='{control_id}']").count() == 1
        assert has_label or control.get_attribute("aria-label"), control.evaluate("e => e.outerHTML")
