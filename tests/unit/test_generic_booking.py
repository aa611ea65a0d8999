"""Which recipe books a provider's pages, and the two guardrails of the careful generic driver: a person
presses Book, and ``booked`` needs both the page's confirmation and its own booking call's 2xx answer."""

from __future__ import annotations

import re

import pytest

from schedlink.config import OperatorConfig
from schedlink.domain.booking import guardrails
from schedlink.domain.booking.automation import AutomationSettings, Mode
from schedlink.domain.booking.page import PageEvidence, WireRule
from schedlink.domain.providers import SPECS, calcom_page, calendly_page, generic_page, spec_by_slug
from schedlink.service import automation
from schedlink.service.bookings import booking_method, books_generically, page_recipe, page_refusal

pytestmark = pytest.mark.unit


def test_a_person_presses_book_on_a_generic_page() -> None:
    pressed = guardrails.person_presses_book(by_person=True, dry_run=False)
    assert (pressed.name, pressed.passed) == ("person_presses_book", True)
    assert guardrails.person_presses_book(by_person=False, dry_run=True).passed  # a dry run sends nothing
    on_its_own = guardrails.person_presses_book(by_person=False, dry_run=False)
    assert not on_its_own.passed
    assert "only when a person presses Book" in on_its_own.detail
    assert "nothing was opened" in on_its_own.detail


@pytest.mark.parametrize(
    ("text", "call", "passed", "words"),
    [
        ("Booking confirmed", "its call POST savvycal.com/api/bookings answered 201", True, "and its call"),
        ("Booking confirmed", None, False, "no call it sent to its own host"),
        (None, "its call POST savvycal.com/api/bookings answered 201", False, "showed no confirmation"),
        (None, None, False, "no confirmation and no call"),
    ],
)
def test_generic_confirmation_needs_the_page_and_the_call(
    text: str | None, call: str | None, passed: bool, words: str
) -> None:
    result = guardrails.generic_confirmation(page_text=text, call=call)
    assert (result.name, result.passed) == ("generic_confirmation", passed)
    assert words in result.detail
    assert guardrails.ORDER[1] == "person_presses_book"
    assert guardrails.ORDER[-1] == "generic_confirmation"


def test_one_place_says_which_recipe_books_a_provider() -> None:
    calendly, calcom = spec_by_slug("calendly"), spec_by_slug("calcom")
    assert page_recipe(calendly) is calendly_page.RECIPE  # a recipe of its own wins
    assert page_recipe(calcom) is calcom_page.RECIPE  # an API and a recipe: the API first, the page after
    assert (booking_method(calendly), booking_method(calcom)) == ("browser", "api")
    assert not books_generically(calendly)
    assert not books_generically(calcom)
    savvycal = spec_by_slug("savvycal")
    assert books_generically(savvycal)
    assert booking_method(savvycal) == "browser"
    assert page_recipe(savvycal) is generic_page.RECIPE
    strict = page_recipe(savvycal, "https://www.savvycal.com/jo/intro?utm=x")
    assert strict is not None
    assert strict.name == "generic"
    assert strict.wire is not None
    assert (strict.wire.after_submit, strict.wire.with_page_text) == (True, True)
    assert re.search(strict.wire.url_pattern, "https://savvycal.com/api/bookings")  # the link's own host
    assert page_refusal(savvycal, "https://savvycal.com/jo/intro") is None
    assert page_recipe(None) is None
    assert booking_method(None) is None


@pytest.mark.parametrize("slug", ["doodle", "other"])
def test_links_that_are_not_pages_an_invitee_books_on_are_never_booked(slug: str) -> None:
    spec = spec_by_slug(slug)
    assert spec is not None
    assert not spec.invitee_books
    assert page_recipe(spec, "https://doodle.com/poll/abc123") is None
    assert booking_method(spec) is None
    assert slug not in automation.BOOKABLE


def test_the_generic_path_is_for_the_rest_only() -> None:
    own = {spec.slug for spec in SPECS if spec.book_by_api is not None or spec.book_in_page is not None}
    assert set(automation.GENERIC) == set(automation.BOOKABLE) - own
    assert {"savvycal", "tidycal", "youcanbookme", "zcal", "koalendar", "setmore", "zoho"} <= set(
        automation.GENERIC
    )
    assert [slug for slug in automation.KNOWN_PROVIDERS if slug not in automation.BOOKABLE] == ["doodle"]
    shown = automation.settings_in_force(AutomationSettings(), OperatorConfig())
    assert shown["person_presses_book"] == list(automation.GENERIC)


def test_the_strict_wire_rule_is_the_links_or_the_providers_hosts_after_the_click() -> None:
    wire = generic_page.on_its_own("Savvycal.com").wire
    assert wire is not None
    for url, matched in (
        ("https://savvycal.com/api/bookings", True),
        ("http://savvycal.com:8080/x", True),
        ("https://api.savvycal.com/bookings", False),
        ("https://savvycal.com.evil.io/api/bookings", False),
        ("https://cdn.example.com/savvycal.com/", False),
    ):
        assert bool(re.search(wire.url_pattern, url)) is matched, url
    provider = generic_page.on_its_own("book.acme.example", ["savvycal.com"], ["savvycal.com"]).wire
    assert provider is not None
    for url, matched in (
        ("https://book.acme.example/api/bookings", True),  # the link's own host (a custom domain)
        ("https://savvycal.com/api/bookings", True),
        ("https://api.savvycal.com/v1/bookings", True),  # under the provider's domain
        ("https://savvycal.com.evil.io/api/bookings", False),
        ("https://evilsavvycal.com/api/bookings", False),
    ):
        assert bool(re.search(provider.url_pattern, url)) is matched, url
    assert wire.matches_method("post")
    assert wire.matches_method("PUT")
    assert not wire.matches_method("GET")
    assert all(
        not spec.book_in_page.wire.after_submit and not spec.book_in_page.wire.with_page_text
        for spec in SPECS
        if spec.book_in_page is not None and spec.book_in_page.wire is not None
    )  # the providers' own recipes are untouched
    assert generic_page.RECIPE.wire is None  # the fallback for changed markup is untouched too


def test_the_guard_keeps_only_calls_sent_after_the_click() -> None:
    from schedlink.browser.network import NetworkGuard

    evidence = PageEvidence()
    strict = NetworkGuard(
        frozenset({"savvycal.com"}),
        {},
        evidence,
        generic_page.on_its_own("savvycal.com").wire,
        request_seconds=1,
    )
    assert not strict._is_wire("POST", "https://savvycal.com/api/views")  # a beacon while choosing a time
    strict.submit_clicked = True
    assert strict._is_wire("POST", "https://savvycal.com/api/bookings")
    assert strict._is_wire("PUT", "https://savvycal.com/api/bookings/1")
    assert not strict._is_wire("GET", "https://savvycal.com/api/bookings")
    recipe = NetworkGuard(frozenset(), {}, evidence, WireRule(r"/book$"), request_seconds=1)
    assert recipe._is_wire("POST", "https://x.io/book")  # a provider recipe's rule: as before, any time


def test_the_notice_never_says_a_generic_page_books_on_its_own() -> None:
    modes = dict.fromkeys(automation.GENERIC, Mode.AUTO) | {"calendly": Mode.AUTO}
    state = automation.automation_state(AutomationSettings(providers=modes), OperatorConfig())
    generic = [words for name, words in state.active.items() if name != "Calendly"]
    assert len(generic) == 1  # one line for the group, not thirty
    assert "only when a person presses Book" in generic[0]
    assert state.active["Calendly"].startswith("books on its own")
    few = automation.automation_state(
        AutomationSettings(providers={"savvycal": Mode.APPROVE}), OperatorConfig()
    )
    assert few.active == {
        "SavvyCal": "books on their page when a person presses Book (careful generic driver)"
    }
