from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.detect import detect_links, examine, link_key
from schedlink.domain.message import Href, LeadContact, NormalisedBody, Region, Workspace

pytestmark = pytest.mark.unit

WORKSPACE = Workspace(
    timezone="America/New_York",
    own_links=("https://calendly.com/northwind-sales/intro",),
    own_domains=("northwind.io",),
)
LEAD = LeadContact(name="Maria López", email="maria@lopezfreight.com")


def chosen_url(
    body: NormalisedBody, workspace: Workspace = WORKSPACE, lead: LeadContact = LEAD
) -> str | None:
    detection = detect_links(body, workspace, lead)
    return detection.chosen.url if detection.chosen else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Hi Sam,\n\nEasiest is to grab a slot here: https://calendly.com/maria-lopez/30min?utm_source=sig.\n\nMaria",
            "https://calendly.com/maria-lopez/30min",
            id="english",
        ),
        pytest.param(
            "Bonjour,\n\nRéservez directement sur mon agenda (https://cal.com/maria-lopez/rdv) ; à bientôt.",
            "https://cal.com/maria-lopez/rdv",
            id="french",
        ),
        pytest.param(
            "Hallo,\n\ngerne – buchen Sie über „https://tidycal.com/maria/erstgespraech“.",
            "https://tidycal.com/maria/erstgespraech",
            id="german",
        ),
        pytest.param(
            "Hola: agenda en mi enlace savvycal.com/maria/30, gracias!",
            "https://savvycal.com/maria/30",
            id="spanish-bare",
        ),
        pytest.param(
            "ご予約はこちら：https://zcal.co/maria/intro。", "https://zcal.co/maria/intro", id="japanese"
        ),
        pytest.param(
            "book here "
            + "https://eur02.safelinks.protection.outlook.com/?url="
            + quote("https://meetings.hubspot.com/maria-lopez?uuid=1a2b", safe="")
            + "&data=05%7C02&reserved=0",
            "https://meetings.hubspot.com/maria-lopez?uuid=1a2b",
            id="safelinks-wrapped",
        ),
        pytest.param(
            "sure - lopezfreight.youcanbook.me cheers", "https://lopezfreight.youcanbook.me/", id="sms-bare"
        ),
    ],
)
def test_detect_links_finds_the_leads_link(text: str, expected: str) -> None:
    assert chosen_url(NormalisedBody(new_text=text)) == expected


def test_detect_links_without_links_is_empty() -> None:
    detection = detect_links(
        NormalisedBody(new_text="Thursday 2-4pm ET works. Send an invite."), WORKSPACE, LEAD
    )
    assert (detection.chosen, detection.candidates) == (None, ())


def test_detect_links_rejects_own_link_in_quoted_history() -> None:
    body = NormalisedBody(
        new_text="Please use mine: https://cal.com/maria-lopez/intro",
        quoted="> grab any time here: https://calendly.com/northwind-sales/intro",
    )
    detection = detect_links(body, WORKSPACE, LEAD)
    assert [(c.url, c.kept, c.reason) for c in detection.candidates] == [
        ("https://cal.com/maria-lopez/intro", True, "booking page"),
        ("https://calendly.com/northwind-sales/intro", False, "the workspace's own link"),
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param(
            "I tried calendly.com/northwind-sales/intro?month=2026-05 but nothing fits",
            "the workspace's own link",
            id="own-link-in-new-text",
        ),
        pytest.param(
            "is this yours? https://calendly.com/northwind-sales",
            "the workspace's own scheduling page",
            id="own-owner",
        ),
        pytest.param(
            "book via https://book.northwind.io/widget/booking/Ab12Cd34",
            "a link on the workspace's own domain",
            id="own-white-label",
        ),
        pytest.param(
            "https://outlook.office.com/bookwithme/user/0a1b2c3d4e5f60718293a4b5c6d7e8f9@northwind.io?anonymous&ep=plink",
            "a mailbox of the workspace's own domain",
            id="own-mailbox",
        ),
    ],
)
def test_detect_links_never_takes_the_workspaces_own_links(text: str, reason: str) -> None:
    detection = detect_links(NormalisedBody(new_text=text), WORKSPACE, LEAD)
    assert (detection.chosen, [(c.kept, c.reason) for c in detection.candidates]) == (None, [(False, reason)])


def test_detect_links_prefers_new_text_then_signature_then_quoted() -> None:
    body = NormalisedBody(
        new_text="Let me check with the team.",
        signature="Maria López\nBook me: https://calendly.com/maria-lopez/30min",
        quoted="> earlier: https://cal.com/someone-else/intro",
    )
    detection = detect_links(body, WORKSPACE, LEAD)
    assert (
        detection.chosen.url if detection.chosen else None,
        detection.chosen.region if detection.chosen else None,
    ) == (
        "https://calendly.com/maria-lopez/30min",
        Region.SIGNATURE,
    )


def test_detect_links_takes_quoted_link_only_when_nothing_newer() -> None:
    body = NormalisedBody(new_text="Sounds good.", quoted="> my page: https://cal.com/maria-lopez/intro")
    assert chosen_url(body) == "https://cal.com/maria-lopez/intro"


def test_detect_links_prefers_the_link_that_resembles_the_lead() -> None:
    text = (
        "My assistant uses https://calendly.com/ops-desk/15min but mine is https://calendly.com/mlopez/30min"
    )
    assert chosen_url(NormalisedBody(new_text=text)) == "https://calendly.com/mlopez/30min"


def test_detect_links_keeps_first_link_when_none_resembles_the_lead() -> None:
    text = "Book with Raj https://calendly.com/raj-iyer/30min or Tom https://calendly.com/tom-b/30min"
    assert chosen_url(NormalisedBody(new_text=text)) == "https://calendly.com/raj-iyer/30min"


def test_detect_links_collapses_duplicates_of_one_canonical_url() -> None:
    body = NormalisedBody(
        new_text="https://calendly.com/maria-lopez/30min?month=2026-05 or calendly.com/maria-lopez/30min",
        hrefs=(Href("https://calendly.com/maria-lopez/30min", "my calendar", Region.NEW),),
    )
    detection = detect_links(body, WORKSPACE, LEAD)
    assert [c.url for c in detection.candidates] == ["https://calendly.com/maria-lopez/30min"]


def test_detect_links_uses_href_targets_and_places_them_by_anchor() -> None:
    body = NormalisedBody(
        new_text="Please book a call with me and we'll go through it.",
        hrefs=(
            Href("mailto:maria@lopezfreight.com", "maria@lopezfreight.com", Region.NEW),
            Href("https://meetings.hubspot.com/maria-lopez", "book a call with me", Region.NEW),
        ),
    )
    detection = detect_links(body, WORKSPACE, LEAD)
    assert (chosen_url(body), len(detection.candidates)) == ("https://meetings.hubspot.com/maria-lopez", 1)


def test_detect_links_flags_anchor_text_showing_another_url() -> None:
    body = NormalisedBody(
        new_text="book at calendly.com/maria-lopez",
        hrefs=(Href("https://cal.com/other-person/intro", "calendly.com/maria-lopez", Region.NEW),),
    )
    detection = detect_links(body, WORKSPACE, LEAD)
    flagged = [c.reason for c in detection.candidates if c.url == "https://cal.com/other-person/intro"]
    assert flagged == ["booking page; anchor text shows a different URL"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param(
            "book at https://calendly.com/yourname", "placeholder or example link", id="placeholder"
        ),
        pytest.param("book at https://calendly.com/{{rep_link}}", "unrendered merge tag", id="merge-tag"),
        pytest.param(
            "book at https://calendly.com.meeting-booking.co/maria/30min",
            "look-alike of a scheduler's host",
            id="lookalike",
        ),
        pytest.param("see https://calendly.com/blog/tips", "vendor page: /blog", id="vendor-page"),
        pytest.param(
            "invite: https://calendar.google.com/calendar/event?eid=abc",
            "calendar invite, not a booking page",
            id="invite",
        ),
        pytest.param(
            "https://bit.ly/3maria",
            "not a known scheduler host; shortener link needs the network to resolve",
            id="shortener",
        ),
    ],
)
def test_detect_links_records_rejected_candidates_with_reasons(text: str, reason: str) -> None:
    detection = detect_links(NormalisedBody(new_text=text), WORKSPACE, LEAD)
    assert (detection.chosen, [(c.kept, c.reason) for c in detection.candidates]) == (None, [(False, reason)])


def test_detect_links_candidate_keeps_raw_text() -> None:
    detection = detect_links(NormalisedBody(new_text="book at Calendly.com/Maria-Lopez."), WORKSPACE, LEAD)
    assert [(c.raw, c.url, c.provider) for c in detection.candidates] == [
        ("Calendly.com/Maria-Lopez", "https://calendly.com/Maria-Lopez", "calendly")
    ]


def test_examine_reports_unwrapping() -> None:
    seen = examine("https://www.google.com/url?q=https%3A%2F%2Fcal.com%2Fana%2Fintro&sa=D")
    assert (seen.target, seen.recognition.url, seen.note) == (
        "https://cal.com/ana/intro",
        "https://cal.com/ana/intro",
        "unwrapped google",
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param("https://www.Calendly.com/Jane/?month=1#x", "http://calendly.com/jane", True, id="same"),
        pytest.param("https://calendly.com/jane/a", "https://calendly.com/jane/b", False, id="different"),
    ],
)
def test_link_key_follows_the_corpus_comparison(a: str, b: str, same: bool) -> None:
    assert (link_key(a) == link_key(b)) is same


def test_detect_links_huge_body_answers_quickly() -> None:
    junk = ("lorem ipsum dolor. " * 300_000) + "\x00\ud800"
    body = NormalisedBody(new_text=junk, signature=junk, quoted=junk)
    started = time.perf_counter()
    detection = detect_links(body, WORKSPACE, LEAD)
    assert (detection.chosen, time.perf_counter() - started < 1.5) == (None, True)


@settings(max_examples=200)
@given(st.text(max_size=2000), st.text(max_size=300), st.text(max_size=200))
def test_detect_links_never_raises(new_text: str, signature: str, anchor: str) -> None:
    body = NormalisedBody(
        new_text=new_text, signature=signature, hrefs=(Href("https://" + anchor, anchor, Region.NEW),)
    )
    detection = detect_links(body, WORKSPACE, LeadContact(name=anchor, email=anchor))
    assert detection.chosen is None or detection.chosen.url.startswith("https://")


def test_detect_links_keeps_an_encoded_mailbox_as_written_and_still_excludes_it_as_own() -> None:
    written = "https://outlook.office.com/bookwithme/user/0123456789abcdef0123456789abcdef%40acme.io?anonymous&ep=plink"
    own = Workspace(own_links=(written.replace("%40", "@"),))
    lead = "https://outlook.office.com/bookwithme/user/fedcba9876543210fedcba9876543210%40reyes.example?anonymous&ep=plink"

    theirs = detect_links(NormalisedBody(new_text=f"Book here: {lead}"), Workspace(), LeadContact())
    ours = detect_links(NormalisedBody(new_text=f"Book here: {written}"), own, LeadContact())

    assert theirs.chosen is not None
    assert theirs.chosen.url == lead
    assert ours.chosen is None


def test_a_link_in_our_own_quoted_message_is_ours_without_own_links() -> None:
    body = NormalisedBody(
        new_text="Sure, send me a couple of times. I tried calendly.com/derek-quill/20min but it was full.",
        quoted=(
            "On Mon, Sep 14, 2026 at 8:15 AM Derek Hall <derek@quillstack.com> wrote:\n"
            "> Worth 20 minutes? https://calendly.com/derek-quill/20min"
        ),
    )
    workspace = Workspace(own_domains=("quillstack.com",))

    detection = detect_links(body, workspace, LEAD)

    assert detection.chosen is None
    assert {c.kept for c in detection.candidates} == {False}


def test_a_colleagues_link_in_a_forwarded_message_is_chosen_over_history() -> None:
    body = NormalisedBody(
        new_text="Please book with Sarah directly using her link below.",
        forwarded="From: Sarah Kim <sarah@lopezfreight.com>\n\nHave them book here: https://calendly.com/sarah-kim/30",
        quoted="> Grab a time: https://calendly.com/someone-else/intro",
    )

    detection = detect_links(body, WORKSPACE, LEAD)

    assert detection.chosen is not None
    assert (detection.chosen.url, detection.chosen.region) == (
        "https://calendly.com/sarah-kim/30",
        Region.FORWARDED,
    )


def test_a_slack_link_ends_at_its_label() -> None:
    body = NormalisedBody(new_text="grab a slot on <https://calendly.com/maria-lopez/30min|my calendly>")

    assert chosen_url(body) == "https://calendly.com/maria-lopez/30min"
