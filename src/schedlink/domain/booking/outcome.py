"""What a provider said about a submitted booking, in the provider-neutral words the core acts on."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    READY = "ready"  # a dry run: everything up to the submit checked, nothing sent
    BOOKED = "booked"
    PENDING_CONFIRMATION = "pending_confirmation"
    SLOT_GONE = "slot_gone"  # someone else took it, or the page no longer offers it
    NEEDS_REVIEW = "needs_review"  # a question only a person can answer, a captcha, a payment …
    REFUSED = "refused"  # any other answer that booked nothing
    UNKNOWN = "unknown"  # an answer that does not say whether it booked (a server error after the submit)


@dataclass(frozen=True, slots=True)
class BookingOutcome:
    verdict: Verdict
    message: str
    confirmation_id: str | None = None
    confirmation_url: str | None = None
    code: str | None = None  # the provider's own error code, when it gave one

    @property
    def confirmation(self) -> dict[str, str | None] | None:
        if self.verdict not in (Verdict.BOOKED, Verdict.PENDING_CONFIRMATION):
            return None
        return {"id": self.confirmation_id, "url": self.confirmation_url, "text": self.message}


@dataclass(frozen=True, slots=True)
class BookingRequest:
    """What is being booked, for a provider's booking plan."""

    link: str
    start_utc_iso: str
    minutes: int
    name: str
    email: str
    timezone: str
    notes: str = ""
    dry_run: bool = False
    reference: str = ""  # our booking id, sent as metadata where the provider keeps it
