from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedlink.normalise.html import render_html

pytestmark = pytest.mark.unit


def test_render_html_keeps_href_only_links_with_anchor_text() -> None:
    html = '<div>Please <a href="https://meetings.hubspot.com/jo">book a call with me</a>.</div>'

    rendered = render_html(html)

    assert rendered.text.strip() == "Please book a call with me."
    assert [(link.url, link.anchor_text) for link in rendered.links] == [
        ("https://meetings.hubspot.com/jo", "book a call with me")
    ]


def test_render_html_prefixes_blockquotes_so_they_read_as_history() -> None:
    html = "<div>Yes</div><blockquote><div>Worth a call?</div></blockquote>"

    lines = [line for line in render_html(html).text.splitlines() if line.strip()]

    assert lines == ["Yes", "> Worth a call?"]


def test_render_html_treats_everything_after_outlook_reply_marker_as_history() -> None:
    html = '<p>Sounds good</p><div id="divRplyFwdMsg"><b>From:</b> Sam</div><p>Hi Jo, grab a time</p>'

    lines = [line for line in render_html(html).text.splitlines() if line.strip()]

    assert lines == ["Sounds good", "> From: Sam", "> Hi Jo, grab a time"]


def test_render_html_decodes_entities_and_skips_scripts_and_styles() -> None:
    html = "<style>p{}</style><script>alert(1)</script><p>Tom &amp; Jerry&#39;s&nbsp;calendar</p>"

    assert render_html(html).text.strip() == "Tom & Jerry's calendar"


def test_render_html_ignores_mailto_and_fragment_links() -> None:
    html = '<a href="mailto:jo@x.io">mail</a><a href="#top">top</a><a href="tel:+1">call</a>'

    assert render_html(html).links == ()


def test_render_html_survives_deep_nesting_quickly() -> None:
    html = "<div>" * 200 + '<a href="https://cal.com/jo">x</a>' + "<div>" * 100_000 + "<a href=x>" * 100_000

    started = time.perf_counter()
    rendered = render_html(html)

    assert [link.url for link in rendered.links] == ["https://cal.com/jo"]
    assert time.perf_counter() - started < 10


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abpdivhref&#;:blockquote\n")), max_size=2000))
def test_render_html_never_raises_on_malformed_markup(html: str) -> None:
    rendered = render_html(html)

    assert isinstance(rendered.text, str)
