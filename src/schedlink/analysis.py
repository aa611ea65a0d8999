"""``analyze``: one inbound reply in, one immutable verdict out. Pure: no network, no database.

Capture is always (any detected lead link is reported); action needs intent: ``act`` is true only when
the link stood in this message (new text, signature, or a colleague's note the lead forwards with it; not
quoted history) and the lead asked us to book through it. A wrong ``act`` is the unsafe automation the product exists to prevent, so every other
combination says no.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schedlink.domain.detect import detect_links
from schedlink.domain.intent import Intent, IntentVerdict, classify_intent
from schedlink.domain.links import Candidate, SchedulerLink
from schedlink.domain.message import Message, NormalisedBody, Region, Workspace
from schedlink.domain.timezones import find_lead_zone
from schedlink.domain.timing import Window, ZoneHint
from schedlink.domain.windows import find_windows
from schedlink.normalise import normalise

_THIS_MESSAGE = frozenset({Region.NEW, Region.SIGNATURE, Region.FORWARDED})


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything schedlink concludes from one reply."""

    link: SchedulerLink | None
    candidates: tuple[Candidate, ...]
    intent: IntentVerdict
    act: bool
    lead_zone: ZoneHint | None
    lead_windows: tuple[Window, ...]
    body: NormalisedBody

    @property
    def lead_timezone(self) -> str | None:
        """The lead's IANA zone as stated in the text (a phone-derived guess is not a statement)."""
        return _stated_zone(self.lead_zone)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view, used by ``schedlink scan`` and the HTTP API."""
        link = self.link
        return {
            "link": link.url if link else None,
            "provider": link.provider if link else None,
            "owner": link.owner if link else None,
            "event": link.event if link else None,
            "region": link.region.value if link else None,
            "intent": self.intent.intent.value,
            "intent_confidence": round(self.intent.confidence, 3),
            "intent_phrase": self.intent.phrase,
            "act": self.act,
            "lead_timezone": self.lead_timezone,
            "lead_zone": (
                {
                    "zone": self.lead_zone.zone,
                    "source": self.lead_zone.source,
                    "phrase": self.lead_zone.phrase,
                }
                if self.lead_zone
                else None
            ),
            "lead_windows": windows_as_json(self.lead_windows),
            "candidates": [
                {
                    "raw": c.raw,
                    "url": c.url,
                    "provider": c.provider,
                    "region": c.region.value,
                    "kept": c.kept,
                    "reason": c.reason,
                }
                for c in self.candidates
            ],
        }


def analyze(message: Message, workspace: Workspace) -> Analysis:
    """Read one reply: the lead's scheduler link, what they want, whether to act, their zone and times."""
    body = normalise(message)
    detection = detect_links(body, workspace, message.lead)
    link = detection.chosen
    in_this_message = link is not None and link.region in _THIS_MESSAGE
    verdict = classify_intent(
        body,
        subject=message.subject,
        has_link=in_this_message,
        link_region=link.region if link is not None else None,
        sentiment=message.sentiment,
    )
    act = in_this_message and verdict.intent is Intent.BOOK_VIA_LINK
    own_words = body.new_text
    zone = find_lead_zone(own_words, phone=message.lead.phone, received_at=message.received_at)
    windows = find_windows(
        own_words, received_at=message.received_at, zone=_stated_zone(zone) or workspace.timezone
    )
    return Analysis(
        link=link,
        candidates=detection.candidates,
        intent=verdict,
        act=act,
        lead_zone=zone,
        lead_windows=windows,
        body=body,
    )


def windows_as_json(windows: tuple[Window, ...]) -> list[dict[str, str]]:
    """The lead's windows as JSON data: ISO times with their offsets, and the words they came from."""
    return [{"start": w.start.isoformat(), "end": w.end.isoformat(), "phrase": w.phrase} for w in windows]


def _stated_zone(zone: ZoneHint | None) -> str | None:
    """The zone the lead stated in words; a guess from their phone number is not a statement."""
    return zone.zone if zone is not None and zone.source == "text" else None


def confirmed_windows(analysis: Analysis, message: Message, workspace: Workspace) -> tuple[Window, ...]:
    """The times a provider's confirmation names. Its whole text counts: a confirmation's "When:" and
    "Who:" lines look like a quoted header to the reply splitter, but nothing in it is history."""
    whole = "\n".join(text for _region, text in analysis.body.regions()) or message.text
    zone = find_lead_zone(whole, phone=None, received_at=message.received_at)
    return find_windows(whole, received_at=message.received_at, zone=_stated_zone(zone) or workspace.timezone)
