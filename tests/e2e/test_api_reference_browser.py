"""The API reference at /docs in a real browser with no internet: everything comes from the app itself and
renders under the page's strict Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from browser_site import LiveSite, browser, context, live_site, playwright_driver
from playwright.sync_api import BrowserContext, ConsoleMessage, Route, expect

from schedlink.web.headers import CONTENT_SECURITY_POLICY

__all__ = ["browser", "context", "live_site", "playwright_driver"]  # fixtures this module uses

pytestmark = pytest.mark.e2e


def test_the_api_reference_renders_offline_under_the_csp(
    context: BrowserContext, live_site: LiveSite
) -> None:
    local = urlsplit(live_site.base_url).netloc
    outside: list[str] = []

    def no_internet(route: Route) -> None:
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", no_internet)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: _note(message, problems))
    page.on("pageerror", lambda error: problems.append(str(error)))

    answer = page.goto("/docs")

    assert answer is not None
    assert answer.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("schedlink")
    expect(page.locator(".opblock-summary-path", has_text="/v1/inbound").first).to_be_visible()
    page.locator(".opblock-summary", has_text="/v1/inbound").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert outside == []
    assert problems == []


def _note(message: ConsoleMessage, problems: list[str]) -> None:
    if message.type == "error" or "Content Security Policy" in message.text:
        problems.append(message.text)


def test_the_api_reference_page_names_only_its_own_files(live_site: LiveSite) -> None:
    page = httpx.get(f"{live_site.base_url}/docs")
    assert page.status_code == 200
    assert "<script>" not in page.text  # no inline script: the initializer is a file
    assert "http" not in page.text.replace(live_site.base_url, "")  # no CDN, no outside address
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-initializer.js", "favicon.png"):
        served = httpx.get(f"{live_site.base_url}/docs/assets/{asset}")
        assert served.status_code == 200, asset
        assert served.headers["x-content-type-options"] == "nosniff"
    missing = httpx.get(f"{live_site.base_url}/docs/assets/redoc.standalone.js")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
