"""What a replica booking page does besides the happy path: the awkward cases every browser driver meets.

Each page replica (Calendly, Cal.com's booker, Google appointment pages, …) reads one ``PageScenario``
and behaves as the real page does in that case, so the drivers are tested against cookie banners,
another time zone, a slot taken at the last moment, questions only a person can answer, captchas,
email codes, slow or dropped confirmations and thank-you pages elsewhere. Every replica records the
booking calls it received (``submissions``) so a test can prove nothing was sent twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass
class PageScenario:
    """The cases a replica page plays; the defaults are the plain happy path."""

    # A consent banner covers the page until "accept" is pressed (OneTrust-like, as on calendly.com).
    cookie_banner: bool = False
    # The page shows its times in this zone whatever the browser's zone is (a remembered choice, or the
    # owner's zone); ``None`` follows the browser (Intl.DateTimeFormat().resolvedOptions().timeZone).
    page_zone: str | None = None
    # Someone else books the chosen time after the page listed it: the booking call gets the provider's
    # slot-taken answer.
    slot_taken_before_submit: bool = False
    # A required custom question with this label on the details form.
    required_question: str | None = None
    # A captcha widget on the form; the booking call is refused without a solved token.
    captcha: bool = False
    # After the submit the page asks for a code emailed to the invitee; nothing is booked before it.
    email_code: bool = False
    # A sign-in wall before the form (a Google account, a Microsoft account).
    sign_in: bool = False
    # A payment step on the form (card fields) before the booking can be made.
    payment: bool = False
    # Seconds the booking call takes before it answers.
    confirm_delay: float = 0.0
    # The booking is recorded, then the connection is closed without an answer.
    drop_after_submit: bool = False
    # After the confirmation the page navigates here (an owner's thank-you page on another host).
    thank_you_url: str | None = None
    # The page shows its confirmation without sending any booking call (it confirms client-side only, as
    # a broken or fake page might): nothing is booked, whatever the page says.
    confirm_without_call: bool = False
    # After the submit the page sends a beacon (answered 2xx) beside its booking call, and shows its
    # confirmation whatever the booking call answered (a page that ignores a refusal).
    confirm_despite_refusal: bool = False
    # "current": the markup providers.md describes; "changed": the same page with its test ids and
    # classes renamed (a release changed them) — only the visible text and ARIA roles stay.
    markup: str = "current"


@dataclass(frozen=True)
class PageBooking:
    """One booking a replica page made (what the host would see)."""

    id: str
    start: datetime  # UTC
    end: datetime  # UTC
    name: str
    email: str
    answers: dict[str, Any]
    notes: str = ""
