"""Which messages are providers' booking confirmations."""

from __future__ import annotations

import pytest

from schedlink.domain.confirmations import recognise_confirmation
from schedlink.domain.message import LeadContact, Message

pytestmark = pytest.mark.unit


def _message(text: str, *, subject: str = "", sender: str = "jo@reyes.io") -> Message:
    return Message(text=text, subject=subject, lead=LeadContact(email=sender))


def test_calcom_confirmation_with_its_booking_uid() -> None:
    found = recognise_confirmation(
        _message(
            "What: Intro\nWho: Jo Reyes jo@reyes.io\nReschedule: https://cal.com/reschedule/a49a718a1e034613b99aba",
            subject="Confirmed: Intro between Jo Reyes and Acme", sender="hello@cal.com",
        )
    )  # fmt: skip
    assert found is not None
    assert found.provider == "calcom"
    assert found.reference == "a49a718a1e034613b99aba"
    assert "jo@reyes.io" in found.emails


def test_calendly_and_google_senders() -> None:
    calendly = recognise_confirmation(
        _message(
            "A new event has been scheduled.\nCancel: https://calendly.com/cancellations/0f9a4c1e-2b7d-4c3a-9d21-6f1c2b3a4d5e",
            subject="New Event: Jo Reyes - 10:00am Thu, Mar 12, 2026", sender="notifications@calendly.com",
        )
    )  # fmt: skip
    assert calendly is not None
    assert calendly.reference == "0f9a4c1e-2b7d-4c3a-9d21-6f1c2b3a4d5e"
    google = recognise_confirmation(
        _message("You have been invited", subject="Invitation: Intro @ Thu Mar 12, 2026 2pm - 2:30pm (EDT)",
                 sender="calendar-notification@google.com")
    )  # fmt: skip
    assert google is not None
    assert google.provider == "google"


@pytest.mark.parametrize(
    ("text", "subject", "sender"),
    [
        ("Confirmed, see you Thursday!", "Re: intro", "jo@reyes.io"),  # a lead's own words
        ("Please book me: https://cal.com/jo/intro", "Re: intro", "jo@reyes.io"),  # a request
        (
            "Confirmed: our roadmap review",
            "Confirmed: roadmap",
            "someone@google.com",
        ),  # a Googler, not Calendar
        ("Here is our newsletter", "News from Cal.com", "hello@cal.com"),  # a provider, but no confirmation
    ],
)
def test_not_confirmations(text: str, subject: str, sender: str) -> None:
    assert recognise_confirmation(_message(text, subject=subject, sender=sender)) is None
