"""The booking browser's network guard: a host outside the sandbox is reached only when every address it
resolves to is public, as for the guarded fetcher — a lead's link on a white-label host cannot lead the
browser into a private network."""

from __future__ import annotations

import asyncio

import pytest
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from replica_browser import CHROMIUM_ARGS, chromium_executable
from schedlink.browser.network import NetworkGuard
from schedlink.domain.booking.page import PageEvidence

pytestmark = pytest.mark.integration


def guard_resolving(answers: dict[str, list[str]], calls: list[str] | None = None) -> NetworkGuard:
    def resolve(host: str, port: int) -> list[tuple[str, int]]:
        if calls is not None:
            calls.append(host)
        if host not in answers:
            raise OSError("Name or service not known")
        return [(address, port) for address in answers[host]]

    return NetworkGuard(
        frozenset({"book.agency.example", "intranet.agency.example", "mixed.agency.example"}),
        {},
        PageEvidence(),
        None,
        request_seconds=5,
        resolve=resolve,
    )


@pytest.mark.parametrize(
    ("host", "public"),
    [
        ("book.agency.example", True),
        ("intranet.agency.example", False),  # 10.0.0.0/8
        ("mixed.agency.example", False),  # one public, one loopback address: refused
        ("unknown.agency.example", False),  # no answer at all
        ("127.0.0.1", False),
        ("[::1]", False),
        ("93.184.215.14", True),
    ],
)
def test_only_hosts_with_public_addresses_are_reached(host: str, public: bool) -> None:
    guard = guard_resolving(
        {
            "book.agency.example": ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
            "intranet.agency.example": ["10.20.30.40"],
            "mixed.agency.example": ["93.184.215.14", "127.0.0.1"],
        }
    )
    assert asyncio.run(guard.resolves_publicly(host)) is public


def test_a_host_is_looked_up_once_per_booking() -> None:
    calls: list[str] = []
    guard = guard_resolving({"book.agency.example": ["93.184.215.14"]}, calls)

    async def twice() -> tuple[bool, bool]:
        return await guard.resolves_publicly("book.agency.example"), await guard.resolves_publicly(
            "book.agency.example"
        )

    assert asyncio.run(twice()) == (True, True)
    assert calls == ["book.agency.example"]


def test_chromium_never_reaches_an_allowed_host_that_resolves_privately() -> None:
    guard = guard_resolving({"intranet.agency.example": ["10.20.30.40"]})

    async def visit() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=chromium_executable(), args=CHROMIUM_ARGS
            )
            try:
                context = await browser.new_context()
                await context.route("**/*", guard.handle)
                page = await context.new_page()
                with pytest.raises(PlaywrightError, match="ERR_BLOCKED_BY_CLIENT"):
                    await page.goto("https://intranet.agency.example/widget/booking/abc", timeout=10_000)
            finally:
                await browser.close()

    asyncio.run(visit())
    assert guard.evidence.blocked == [
        "GET https://intranet.agency.example/widget/booking/abc (not a public address)"
    ]
