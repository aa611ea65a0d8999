"""Turn any inbound body (plain text, HTML, raw MIME) into a ``NormalisedBody``.

This is the edge between untrusted bytes and the pure analysis: sizes are capped, control characters and
lone surrogates removed, line endings unified, so nothing downstream has to be defensive about encoding.
"""

from __future__ import annotations

import re

from schedlink.domain.message import Href, Message, NormalisedBody, Region
from schedlink.normalise.html import render_html
from schedlink.normalise.mime import message_from_eml
from schedlink.normalise.quotes import split_reply

__all__ = ["MAX_TEXT_CHARS", "clean_text", "message_from_eml", "normalise"]

MAX_TEXT_CHARS = 1_000_000

# "Fwd:", "FW:", "WG:", "TR:", "RV:", "Enc:", "Doorst:", "I:", "VS:" (after any "Re:"): the lead forwards a message.
_FORWARD_SUBJECT = re.compile(
    r"\s*(?:(?:re|aw|sv|r)\s?:\s*)*(?:fwd?|wg|tr|rv|enc|doorst|i|vs|vb)\s?:", re.IGNORECASE
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Bound ``text`` and drop what no reply legitimately contains (NULs, controls, lone surrogates)."""
    text = text[:MAX_TEXT_CHARS]
    if not text.isascii():
        text = text.encode("utf-8", errors="replace").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def normalise(message: Message) -> NormalisedBody:
    """Split the reply into new text, signature and quoted history and collect HTML link targets.

    The plain-text body is preferred for the words (it is what the client wrote); the HTML body is
    rendered only to find link targets and which region each stood in, or for the words when no
    plain-text body came with it.
    """
    lead_name = message.lead.name
    forward = bool(message.subject and _FORWARD_SUBJECT.match(message.subject))
    text = clean_text(message.text or "")
    hrefs: tuple[Href, ...] = ()
    if message.html:
        rendered = render_html(clean_text(message.html))
        html_lines = split_reply(rendered.text, lead_name=lead_name, forward=forward)
        if not text.strip():
            text = rendered.text
        hrefs = tuple(
            Href(link.url, link.anchor_text, html_lines.regions[min(link.line, len(html_lines.regions) - 1)])
            for link in rendered.links
        )
    lines = split_reply(text, lead_name=lead_name, forward=forward)
    return NormalisedBody(
        new_text=lines.text_of(Region.NEW),
        signature=lines.text_of(Region.SIGNATURE),
        quoted=lines.text_of(Region.QUOTED),
        hrefs=hrefs,
        forwarded=lines.text_of(Region.FORWARDED),
    )
