from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.message import Region
from schedlink.normalise.quotes import split_reply

pytestmark = pytest.mark.unit


def _regions(text: str, name: str | None = None) -> tuple[str, str, str]:
    lines = split_reply(text, lead_name=name)
    return lines.text_of(Region.NEW), lines.text_of(Region.SIGNATURE), lines.text_of(Region.QUOTED)


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("On Mon, Nov 9, 2026 at 9:15 AM Sam Lee <sam@acme.io> wrote:", "en"),
        ("El lun, 9 nov 2026 a las 9:15, Sam Lee (<sam@acme.io>) escribió:", "es"),
        ("Am Mo., 9. Nov. 2026 um 09:15 Uhr schrieb Sam Lee <sam@acme.io>:", "de"),
        ("Le lun. 9 nov. 2026 à 09:15, Sam Lee <sam@acme.io> a écrit :", "fr"),
        ("Em seg., 9 de nov. de 2026 às 09:15, Sam Lee <sam@acme.io> escreveu:", "pt"),
        ("Op ma 9 nov. 2026 om 09:15 schreef Sam Lee <sam@acme.io>:", "nl"),
        ("-----Original Message-----", "outlook rule"),
        ("-----Ursprüngliche Nachricht-----", "outlook rule de"),
        ("________________________________", "outlook separator"),
        ("---------- Forwarded message ---------", "forward"),
    ],
    ids=lambda v: v if len(v) < 20 else None,
)
def test_split_reply_cuts_history_at_attribution_in_each_language(header: str, language: str) -> None:
    text = f"Sure, book me here please.\n\n{header}\n\n> Worth a call? https://calendly.com/acme/intro"

    new, _, quoted = _regions(text)

    assert new == "Sure, book me here please."
    assert quoted.startswith(header)


def test_split_reply_joins_attribution_wrapped_over_two_lines() -> None:
    text = "Works for me.\n\nOn Mon, Nov 9, 2026 at 9:15 AM Sam Lee <\nsam@acme.io> wrote:\n> Hi"

    new, _, quoted = _regions(text)

    assert new == "Works for me."
    assert quoted.splitlines()[0].startswith("On Mon")


@pytest.mark.parametrize(
    "block",
    [
        "From: Sam Lee <sam@acme.io>\nSent: Monday, November 9, 2026 9:15 AM\nTo: Jo\nSubject: Intro",
        "Von: Sam Lee <sam@acme.io>\nGesendet: Montag, 9. November 2026 09:15\nAn: Jo\nBetreff: Intro",
        "De : Sam Lee <sam@acme.io>\nEnvoyé : lundi 9 novembre 2026 09:15\nÀ : Jo\nObjet : Intro",
        "Van: Sam Lee <sam@acme.io>\nVerzonden: maandag 9 november 2026 09:15\nAan: Jo\nOnderwerp: Intro",
    ],
    ids=["en", "de", "fr", "nl"],
)
def test_split_reply_recognises_outlook_header_blocks(block: str) -> None:
    text = f"Please use my link below.\n\n{block}\n\nHi Jo, grab a time: https://calendly.com/acme/intro"

    new, _, quoted = _regions(text)

    assert new == "Please use my link below."
    assert quoted.endswith("https://calendly.com/acme/intro")


def test_split_reply_keeps_a_from_line_without_a_header_block_as_new_text() -> None:
    text = "From: the team at Reyes, thanks!\nWe'll be in touch."

    new, _, quoted = _regions(text)

    assert new == text
    assert quoted == ""


def test_split_reply_reads_bottom_posted_answer_as_new_text() -> None:
    text = "On 04/02/2026 06:26 PM, Sam Lee wrote:\n> Worth a call?\n\nYes - book me at cal.com/jo/30"

    new, _, quoted = _regions(text)

    assert new == "Yes - book me at cal.com/jo/30"
    assert quoted == "On 04/02/2026 06:26 PM, Sam Lee wrote:\n> Worth a call?"


@pytest.mark.parametrize(
    ("text", "signature"),
    [
        ("Book me via the link.\n\nThanks,\nJordan\nVP Ops", "Thanks,\nJordan\nVP Ops"),
        (
            "Book me via the link.\n\nMit freundlichen Grüßen\nJordan Reyes",
            "Mit freundlichen Grüßen\nJordan Reyes",
        ),
        ("Book me via the link.\n\nJordan Reyes\nVP Operations", "Jordan Reyes\nVP Operations"),
        ("Book me via the link.\n\n-- \nJordan | calendly.com/jordan", "-- \nJordan | calendly.com/jordan"),
        ("Book me via the link.\n\nSent from my iPhone", "Sent from my iPhone"),
        ("Book me via the link.\n\nBest, Jordan Reyes", "Best, Jordan Reyes"),
        (
            "Book me via the link.\nJ. Reyes | VP Ops | Reyes Logistics\nhttps://cal.com/jr",
            "J. Reyes | VP Ops | Reyes Logistics\nhttps://cal.com/jr",
        ),
    ],
    ids=[
        "sign-off",
        "german-sign-off",
        "name-line",
        "dash-dash",
        "mobile-footer",
        "sign-off-and-name",
        "contact-line",
    ],
)
def test_split_reply_finds_signature(text: str, signature: str) -> None:
    new, found, _ = _regions(text, "Jordan Reyes")

    assert (new, found) == ("Book me via the link.", signature)


@pytest.mark.parametrize(
    "text",
    ["Hallo Frau Vogt,\nDanke, kein Bedarf.", "Hi Sam,\nThanks, not interested right now."],
    ids=["de", "en"],
)
def test_split_reply_keeps_a_refusal_after_thanks_in_the_new_text(text: str) -> None:
    new, signature, _ = _regions(text)

    assert (new, signature) == (text, "")


def test_split_reply_does_not_take_a_thanks_sentence_for_a_sign_off() -> None:
    text = "Hi Sam,\nThanks for the note, it all makes sense.\nBook via my calendly."

    new, signature, _ = _regions(text)

    assert (new, signature) == (text, "")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_split_reply_never_loses_or_invents_lines(text: str) -> None:
    lines = split_reply(text)

    assert "\n".join(lines.lines) == text
    assert len(lines.regions) == len(lines.lines)


@pytest.mark.parametrize(
    "text",
    [
        "> a\nb\n" * 170_000,
        "On 1/2 x wrote:\n" * 60_000,
        "From: x\nSent: y\nTo: z\n" * 40_000,
        "On Mon wrote:\n> x\ny\n" * 50_000,
    ],
    ids=["interleaved-quotes", "attributions", "header-blocks", "inline-answers"],
)
def test_split_reply_stays_linear_on_hostile_line_patterns(text: str) -> None:
    started = time.perf_counter()

    lines = split_reply(text)

    assert len(lines.regions) == len(lines.lines)
    assert time.perf_counter() - started < 5
