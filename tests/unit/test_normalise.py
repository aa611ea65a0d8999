from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.domain.message import Href, LeadContact, Message, Region
from schedlink.normalise import MAX_TEXT_CHARS, clean_text, message_from_eml, normalise

pytestmark = pytest.mark.unit

_QUOTED_PRINTABLE_EML = b"""From: Jordan Reyes <jordan@reyes.example>
Subject: =?utf-8?q?Re=3A_Termin_f=C3=BCr_n=C3=A4chste_Woche?=
Date: Tue, 10 Nov 2026 16:42:00 +0100
Message-ID: <abc@reyes.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: quoted-printable

Buchen Sie gern =C3=BCber meinen Link: https://calendly.com/jordan-reyes/30m=
in?utm_source=3Demail

Am Mo., 9. Nov. 2026 um 09:15 Uhr schrieb Sam Lee <sam@acme.io>:
> Grab a time: https://calendly.com/acme-sales/intro
--b1
Content-Type: text/html; charset="utf-8"

<div>Buchen Sie gern <a href="https://calendly.com/jordan-reyes/30min">hier</a></div>
--b1--
"""


def test_message_from_eml_decodes_quoted_printable_headers_and_parts() -> None:
    message = message_from_eml(_QUOTED_PRINTABLE_EML)

    assert message.subject == "Re: Termin für nächste Woche"
    assert message.lead == LeadContact(name="Jordan Reyes", email="jordan@reyes.example")
    assert message.received_at.isoformat() == "2026-11-10T16:42:00+01:00"
    assert "https://calendly.com/jordan-reyes/30min?utm_source=email" in message.text
    assert message.html is not None
    assert "hier" in message.html


def test_normalise_splits_eml_and_keeps_html_link_region() -> None:
    body = normalise(message_from_eml(_QUOTED_PRINTABLE_EML))

    assert (
        body.new_text
        == "Buchen Sie gern über meinen Link: https://calendly.com/jordan-reyes/30min?utm_source=email"
    )
    assert body.quoted.startswith("Am Mo., 9. Nov. 2026")
    assert body.hrefs == (Href("https://calendly.com/jordan-reyes/30min", "hier", Region.NEW),)


def test_message_from_eml_survives_unknown_charset_and_junk() -> None:
    raw = b"Content-Type: text/plain; charset=x-unknown-9\n\nHello \xff\xfe there"

    message = message_from_eml(raw)

    assert message.text.startswith("Hello")


@pytest.mark.parametrize(
    "raw", [b"", b"\x00\x01\x02", b"Content-Type: multipart/mixed\n\n--", b"\xff" * 10_000]
)
def test_message_from_eml_never_raises(raw: bytes) -> None:
    assert isinstance(message_from_eml(raw).text, str)


def test_normalise_uses_html_words_when_no_plain_text_came() -> None:
    html = '<div>Book me <a href="https://cal.com/jo">here</a></div><blockquote>Hi Jo</blockquote>'

    body = normalise(Message(text="", html=html))

    assert (body.new_text, body.quoted) == ("Book me here", "> Hi Jo")
    assert body.hrefs == (Href("https://cal.com/jo", "here", Region.NEW),)


def test_normalise_marks_links_in_html_history_as_quoted() -> None:
    html = '<div>Sure</div><div class="gmail_quote">On Mon Sam <a href="https://cal.com/acme">wrote</a></div>'

    body = normalise(Message(text="Sure", html=html))

    assert [h.region for h in body.hrefs] == [Region.QUOTED]


def test_clean_text_bounds_size_and_strips_controls_and_surrogates() -> None:
    cleaned = clean_text("a\x00b\r\nc\udcffd" + "x" * (MAX_TEXT_CHARS + 10))

    assert cleaned.startswith("ab\nc?d")
    assert len(cleaned) <= MAX_TEXT_CHARS


def test_normalise_reads_every_shared_reply_fixture(email_fixtures: Path) -> None:
    files = sorted(path for path in email_fixtures.glob("*.*") if path.suffix != ".md")
    bodies = []
    for path in files:
        raw = path.read_bytes()
        if path.suffix == ".eml":
            message = message_from_eml(raw)
        elif path.suffix == ".html":
            message = Message(html=raw.decode("utf-8", errors="replace"))
        else:
            message = Message(text=raw.decode("utf-8", errors="replace"))
        bodies.append(normalise(message))

    assert len(bodies) >= 40
    assert sum(1 for body in bodies if body.quoted) >= 30
    assert sum(1 for body in bodies if body.new_text) >= len(bodies) - 3


@pytest.mark.parametrize(
    ("name", "new_text"),
    [
        ("talon__standard_replies__gmail.eml", "Hello"),
        ("talon__standard_replies__outlook.eml", "Hello"),
        ("talon__standard_replies__yahoo.eml", "Hello"),
        ("talon__standard_replies__android.eml", "Hello"),
        ("talon__standard_replies__thunderbird.eml", "Hello"),
    ],
)
def test_normalise_finds_new_text_of_real_client_replies(
    email_fixtures: Path, name: str, new_text: str
) -> None:
    body = normalise(message_from_eml((email_fixtures / name).read_bytes()))

    assert body.new_text == new_text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000), st.one_of(st.none(), st.text(max_size=2000)))
def test_normalise_never_raises(text: str, html: str | None) -> None:
    body = normalise(Message(text=text, html=html))

    assert isinstance(body.new_text, str)
