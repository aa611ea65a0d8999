"""The pure rules of capture and action: newest wins, act needs intent, the task's words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from schedlink.domain.contacts import e164_phone, lead_keys, normal_email, normal_external_id
from schedlink.domain.intent import Intent
from schedlink.domain.notices import MANUAL_REVIEW, notices
from schedlink.domain.review import (
    NO_SUGGESTIONS_YET,
    Decision,
    StoredLink,
    decide,
    excerpt,
    newer_than,
    no_common_time_fallback,
    review_content,
)

pytestmark = pytest.mark.unit

T0 = datetime(2026, 11, 10, 16, 0, tzinfo=UTC)


def test_newer_message_time_wins_and_ties_break_by_id_in_any_order() -> None:
    assert newer_than(T0, "b", None, None)
    assert newer_than(T0 + timedelta(seconds=1), "a", T0, "z")
    assert not newer_than(T0 - timedelta(seconds=1), "z", T0, "a")
    assert newer_than(T0, "b", T0, "a")
    assert not newer_than(T0, "a", T0, "b")


def _decide(**changes: object) -> Decision:
    arguments: dict[str, object] = {
        "analysis_act": True,
        "intent": Intent.BOOK_VIA_LINK,
        "link_url": "https://calendly.com/jo/30min",
        "link_provider": "calendly",
        "link_in_this_message": True,
        "stored": None,
        "received_at": T0,
    }
    arguments.update(changes)
    return decide(**arguments)  # type: ignore[arg-type]


def test_act_on_a_request_to_book_through_the_link_in_this_reply() -> None:
    decision = _decide()
    assert decision.act
    assert decision.link == "https://calendly.com/jo/30min"


@pytest.mark.parametrize("intent", [i for i in Intent if i is not Intent.BOOK_VIA_LINK])
def test_no_action_without_the_booking_intent(intent: Intent) -> None:
    stored = StoredLink("https://calendly.com/jo/30min", "calendly", T0)
    decision = _decide(intent=intent, analysis_act=False, stored=stored)
    assert not decision.act
    assert intent.value in decision.reason


def test_my_link_without_repeating_it_uses_the_stored_link_when_recent() -> None:
    stored = StoredLink("https://cal.com/jo", "calcom", T0 - timedelta(days=3))
    decision = _decide(analysis_act=False, link_url=None, link_in_this_message=False, stored=stored)
    assert decision.act
    assert decision.link == "https://cal.com/jo"
    assert "on record" in decision.reason


def test_a_stale_stored_link_is_not_acted_on() -> None:
    stored = StoredLink("https://cal.com/jo", "calcom", T0 - timedelta(days=45))
    decision = _decide(analysis_act=False, link_url=None, link_in_this_message=False, stored=stored)
    assert not decision.act
    assert "30 days" in decision.reason


def test_no_stored_link_means_no_action() -> None:
    decision = _decide(analysis_act=False, link_url=None, link_in_this_message=False)
    assert not decision.act


def test_a_link_in_this_reply_that_the_analysis_did_not_act_on_is_not_replaced_by_the_stored_one() -> None:
    stored = StoredLink("https://cal.com/jo", "calcom", T0)
    assert not _decide(analysis_act=False, stored=stored).act


def test_review_content_names_the_team_link_and_greets_by_first_name() -> None:
    content = review_content(
        link="https://calendly.com/jo/30min",
        provider_name="Calendly",
        lead_name="Jo Reyes",
        team_link="https://calendly.com/acme/intro",
    )
    assert "ask them to use ours: https://calendly.com/acme/intro" in content.fallback
    assert content.reply_draft.startswith("Hi Jo,")
    assert "Calendly page (https://calendly.com/jo/30min)" in content.reply_draft
    assert excerpt("Book me at calendly.com/jo/30min", "https://calendly.com/jo/30min") == (
        "Book me at calendly.com/jo/30min"
    )
    assert NO_SUGGESTIONS_YET


def test_review_content_without_a_team_link_says_what_to_do_instead() -> None:
    content = review_content(
        link="https://cal.com/jo",
        provider_name="Cal.com",
        lead_name="<b>x</b> y",
        team_link=None,
    )
    assert "no team link" in content.fallback
    assert content.reply_draft.startswith("Hi,")


def test_excerpt_of_a_long_reply_keeps_the_link_in_view() -> None:
    text = "word " * 400 + "book at calendly.com/jo/30min please " + "tail " * 400
    piece = excerpt(text, "https://calendly.com/jo/30min")
    assert "calendly.com/jo/30min" in piece
    assert len(piece) <= 602
    assert piece.startswith("…")
    assert piece.endswith("…")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Jo@Example.COM ", "jo@example.com"),
        ("mailto:a@b.io", "a@b.io"),
        ("not an address", None),
        ("", None),
    ],
)
def test_emails_have_one_spelling(raw: str, expected: str | None) -> None:
    assert normal_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("+1 (415) 555-0100", None, "+14155550100"),
        ("(415) 555-0100", "US", "+14155550100"),
        ("(415) 555-0100", None, None),
        ("020 7946 0958", "gb", "+442079460958"),
        ("12", "US", None),
        ("x" * 100, "US", None),
    ],
)
def test_phones_are_compared_in_e164(raw: str, region: str | None, expected: str | None) -> None:
    assert e164_phone(raw, region) == expected


def test_lead_keys_need_one_identifier() -> None:
    assert not lead_keys(None, "12", "  ").any()
    assert lead_keys(None, None, " crm-7 ").external_id == "crm-7"
    assert normal_external_id("x" * 300) == "x" * 255


def test_the_manual_review_notice_is_always_shown_and_open_tasks_are_counted() -> None:
    assert notices(0) == (MANUAL_REVIEW,)
    assert "does not book on third-party schedulers automatically" in MANUAL_REVIEW.body
    shown = notices(2)
    assert shown[1].title.startswith("2 lead scheduler links")
    assert notices(1)[1].title.startswith("1 lead scheduler link ")


def test_without_a_common_time_the_fallback_says_so_and_offers_ours() -> None:
    times = ["Tue 24 Nov 14:30 EST", "Wed 25 Nov 09:00 EST"]
    assert no_common_time_fallback("https://acme.io/meet", times) == (
        "No time the lead offers is free on our side. Ask them to use our link: https://acme.io/meet "
        "or offer one of our free times: Tue 24 Nov 14:30 EST; Wed 25 Nov 09:00 EST."
    )
    assert no_common_time_fallback(None, []) == (
        "No time the lead offers is free on our side. Reply with times that suit us."
    )
