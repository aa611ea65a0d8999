"""The analysis' input and its normalised form: plain values, no I/O.

An inbound reply arrives as text, HTML or raw MIME. Before anything is detected it is reduced to a
``NormalisedBody``: the text split into the lead's new words, their signature and the quoted history,
plus every hyperlink target that only existed in the HTML (``hrefs``). Detection and intent read only
this form, so they never see markup or transfer encodings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum


class Region(StrEnum):
    """Where in a reply a piece of text stood. Only ``NEW`` is what the lead just wrote.

    ``FORWARDED`` is the message a lead forwards with this reply (a colleague's note below a forwarded
    banner): part of this message, written by someone else. Older history under it stays ``QUOTED``.
    """

    NEW = "new"
    SIGNATURE = "signature"
    FORWARDED = "forwarded"
    QUOTED = "quoted"


@dataclass(frozen=True, slots=True)
class Workspace:
    """The selling team's settings that the analysis needs."""

    timezone: str = "UTC"
    own_links: tuple[str, ...] = ()
    own_domains: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LeadContact:
    """Who wrote the reply, as the sender system knows them."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Message:
    """One inbound reply. ``text`` is the plain body exactly as received (may hold history)."""

    text: str = ""
    html: str | None = None
    subject: str | None = None
    channel: str = "email"
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    lead: LeadContact = field(default_factory=LeadContact)
    sentiment: str | None = None
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class Href:
    """A hyperlink target found in HTML, with its anchor text and the region it stood in."""

    url: str
    anchor_text: str
    region: Region


@dataclass(frozen=True, slots=True)
class NormalisedBody:
    """A reply reduced to plain text regions and HTML link targets."""

    new_text: str
    signature: str = ""
    quoted: str = ""
    hrefs: tuple[Href, ...] = ()
    forwarded: str = ""

    def regions(self) -> tuple[tuple[Region, str], ...]:
        """The text regions in reading order, empty ones left out."""
        parts = (
            (Region.NEW, self.new_text),
            (Region.SIGNATURE, self.signature),
            (Region.FORWARDED, self.forwarded),
            (Region.QUOTED, self.quoted),
        )
        return tuple((region, text) for region, text in parts if text)
