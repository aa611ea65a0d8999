"""The Booking tab in a real browser: sign in, review, copy, book, dismiss, settings, keyboard only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_site import browser, context, live_site, playwright_driver
from playwright.sync_api import BrowserContext, ConsoleMessage, Page, expect

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


def test_review_copy_fallback_and_mark_booked(page: Page, context: BrowserContext, live_site: Any) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.base_url)
    sign_in(page, live_site.user, live_site.password)

    notices = page.get_by_role("button", name=re.compile("Notices"))
    expect(notices).to_have_attribute("aria-expanded", "false")
    notices.click()
    menu = page.locator("#notices-menu")
    expect(menu).to_be_visible()
    expect(menu).to_contain_text("does not book on third-party schedulers automatically")
    expect(menu).to_contain_text("3 lead scheduler links waiting for review")
    notices.click()
    expect(menu).to_be_hidden()

    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "booking-tab.png"), full_page=True)

    page.get_by_role("link", name="Jo Reyes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jo Reyes")
    expect(page.locator("mark")).to_have_text("calendly.com/jo-reyes/30min")
    page.screenshot(path=str(SCREENSHOTS / "task-detail.png"), full_page=True)

    page.get_by_role("button", name="Copy fallback").click()
    expect(page.locator("#fallback-status")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#fallback").text_content()
    assert copied == "If their link has no workable time, ask them to use ours: https://acme.io/meet"

    page.get_by_label(re.compile("Meeting time")).fill("2026-12-03T14:30")
    page.get_by_role("button", name="Mark booked").click()
    expect(page).to_have_url(re.compile(r"/booking\?flash=booked"))
    expect(page.locator(".flash")).to_contain_text("Marked as booked")
    expect(page.locator(".queue")).not_to_contain_text("Jo Reyes")
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".queue")).to_contain_text("Jo Reyes")


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
    friday = page.get_by_label("Friday")
    friday.fill("9 to 5")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#set-hours-fri-error")).to_contain_text("not a time range")
    expect(page.get_by_label("Friday")).to_have_value("9 to 5")
    page.get_by_label("Friday").fill("09:00-13:00")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".flash")).to_have_text("Saved.")
    expect(page.get_by_label("Friday")).to_have_value("09:00-13:00")


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
