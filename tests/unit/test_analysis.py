"""The composed analysis: capture always, act only on intent and a link from this message."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schedlink import LeadContact, Message, Workspace, analyze
from schedlink.domain.message import Region

pytestmark = pytest.mark.unit

_AT = datetime(2026, 11, 10, 16, 42, tzinfo=UTC)
_TEAM = Workspace(
    timezone="America/New_York",
    own_links=("https://calendly.com/acme-sales/intro",),
    own_domains=("acme.io",),
)
_HISTORY = (
    "\n\nOn Mon, Nov 9, 2026 at 9:15 AM Sam Lee <sam@acme.io> wrote:\n"
    "> Worth a call? Grab any time here: https://calendly.com/acme-sales/intro\n"
)


def _analyze(text: str, html: str | None = None, name: str | None = "Jo Reyes") -> object:
    return analyze(Message(text=text, html=html, received_at=_AT, lead=LeadContact(name=name)), _TEAM)


def test_analyze_acts_on_a_clear_request_to_book_through_the_leads_link() -> None:
    result = analyze(
        Message(
            text="Please book through my calendar: calendly.com/jo-reyes/30min" + _HISTORY, received_at=_AT
        ),
        _TEAM,
    )

    assert result.link is not None
    assert (result.link.url, result.link.provider, result.link.region) == (
        "https://calendly.com/jo-reyes/30min",
        "calendly",
        Region.NEW,
    )
    assert result.intent.intent == "book_via_link"
    assert result.act is True


def test_analyze_never_takes_the_teams_own_link_from_quoted_history() -> None:
    result = analyze(Message(text="Sounds interesting, tell me more." + _HISTORY, received_at=_AT), _TEAM)

    assert result.link is None
    assert result.act is False


def test_analyze_captures_a_signature_link_without_acting_when_the_lead_declines() -> None:
    text = "We're all set with our current provider, thanks.\n\nJo Reyes\nVP Ops\nhttps://meetings.hubspot.com/jreyes"

    result = analyze(Message(text=text, received_at=_AT, lead=LeadContact(name="Jo Reyes")), _TEAM)

    assert result.link is not None
    assert result.link.url == "https://meetings.hubspot.com/jreyes"
    assert result.intent.intent == "not_interested"
    assert result.act is False


def test_analyze_reads_link_only_present_in_html_href() -> None:
    html = '<div>Please <a href="https://cal.com/jo-reyes/intro">book a call with me</a>.</div>'

    result = analyze(Message(text="Please book a call with me.", html=html, received_at=_AT), _TEAM)

    assert result.link is not None
    assert result.link.url == "https://cal.com/jo-reyes/intro"
    assert result.act is True


def test_analyze_result_is_immutable_and_serialisable() -> None:
    result = analyze(Message(text="book me at cal.com/jo", received_at=_AT), _TEAM)

    with pytest.raises(AttributeError):
        result.act = False  # type: ignore[misc]
    assert result.as_dict()["link"] == "https://cal.com/jo"


@pytest.mark.parametrize(
    "text",
    [
        "a" * 5_000_000,
        "https://" + "a." * 1_000_000,
        "calendly.com/" + "-" * 2_000_000,
        "(" * 1_000_000 + "https://cal.com/jo",
        "On " + "x " * 500_000 + "wrote:",
        "Monday 1-2 " * 200_000,
        "\x00\xff\udcff" * 500_000,
        ">" * 3_000_000,
        "[" * 500_000 + "](" * 500_000,
        "&#x2F;" * 500_000,
        "https://urldefense.com/v3/__" + "*" * 500_000 + "__;" + "A" * 500_000,
    ],
    ids=[
        "5MB-letters",
        "dotted-host",
        "dashes",
        "brackets",
        "attribution",
        "times",
        "junk",
        "quote-marks",
        "markdown",
        "entities",
        "proofpoint",
    ],
)
def test_analyze_answers_hostile_bodies_in_bounded_time(text: str) -> None:
    started = time.perf_counter()

    result = analyze(Message(text=text, received_at=_AT), _TEAM)

    assert result.act in (True, False)
    assert time.perf_counter() - started < 15


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 1_000_000,
        "<a " * 1_500_000,
        "<!--" * 1_000_000,
        '<a href="https://cal.com/jo">' * 200_000,
        "<blockquote>" * 300_000 + "x",
        "x<br>" * 1_000_000,
    ],
    ids=["nested-divs", "unclosed-tags", "comments", "many-links", "nested-quotes", "line-breaks"],
)
def test_analyze_answers_hostile_html_in_bounded_time(html: str) -> None:
    started = time.perf_counter()

    result = analyze(Message(text="", html=html, received_at=_AT), _TEAM)

    assert result.act in (True, False)
    assert time.perf_counter() - started < 15


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(max_size=3000),
    html=st.one_of(st.none(), st.text(max_size=1000)),
    subject=st.one_of(st.none(), st.text(max_size=100)),
    phone=st.one_of(st.none(), st.text(max_size=20)),
)
def test_analyze_never_raises(text: str, html: str | None, subject: str | None, phone: str | None) -> None:
    message = Message(text=text, html=html, subject=subject, received_at=_AT, lead=LeadContact(phone=phone))

    result = analyze(message, _TEAM)

    assert result.act == (
        result.link is not None
        and result.link.region is not Region.QUOTED
        and result.intent.intent == "book_via_link"
    )


_LINKISH = st.lists(
    st.sampled_from(
        ["calendly.com/", "https://", "cal.com/", "www.", "/", ".", "-", "jo", "?utm_source=x", " ", "\n", ">", "<",
         "(", ")", "[", "]", "book me", "wrote:", "On ", "%2F", "&amp;", "@acme.io", "#/", "30min"]
    ),
    max_size=200,
).map("".join)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(_LINKISH)
def test_analyze_never_captures_the_teams_own_link(text: str) -> None:
    result = analyze(Message(text=text + " https://calendly.com/acme-sales/intro", received_at=_AT), _TEAM)

    assert result.link is None or "acme-sales" not in result.link.url
