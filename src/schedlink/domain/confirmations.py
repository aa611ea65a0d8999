"""Recognising a provider's booking confirmation among inbound mail.

Providers mail the booking email a confirmation when a meeting is booked — Cal.com, Calendly, HubSpot,
Google. Forwarded to ``/v1/inbound`` like any reply, it must not be read as a lead's reply (it repeats
the lead's name and page and could open a task), and it is the best evidence that a booking whose
outcome was unknown went through, or that a person booked by hand. A message is a confirmation when it
comes from a provider's mail domain or carries a provider's booking-management link, and it says so
("Confirmed:", "New event", "Invitation:", "has been scheduled"). The references a provider puts in its
management links (Cal.com's booking uid, Calendly's invitee uuid) tie it to our booking exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schedlink.domain.message import Message

# Where providers send confirmations from (the domain of the sender's address, or a parent of it).
PROVIDER_MAIL_DOMAINS = {
    "cal.com": "calcom",
    "cal.eu": "calcom",
    "calendly.com": "calendly",
    "hubspot.com": "hubspot",
    "hubspotemail.net": "hubspot",
    "calendar.google.com": "google",
}
# Senders on shared domains (a lead may work at Google): only these exact addresses.
PROVIDER_MAIL_ADDRESSES = {"calendar-notification@google.com": "google"}
# Management links: (provider, pattern whose group 1 is the provider's reference for the booking).
_MANAGEMENT_LINKS = (
    ("calcom", re.compile(r"\bcal\.(?:com|eu)/(?:booking|reschedule)/([A-Za-z0-9]{10,64})\b")),
    ("calendly", re.compile(r"\bcalendly\.com/(?:cancellations|reschedulings)/([0-9a-fA-F-]{36})\b")),
)
_SAYS_BOOKED = re.compile(
    r"^\s*(?:fwd?:\s*|re:\s*)*(?:confirmed|booking confirmed|new event|invitation|updated invitation|"
    r"meeting (?:booked|confirmed|scheduled)|your (?:meeting|booking|appointment) (?:is|has been) "
    r"(?:booked|confirmed|scheduled))\b|\b(?:has been|is) (?:scheduled|confirmed|booked)\b",
    re.IGNORECASE | re.MULTILINE,
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")


@dataclass(frozen=True, slots=True)
class Confirmation:
    provider: str
    reference: str | None  # the provider's own id for the booking, when its links carry one
    emails: tuple[str, ...]  # addresses the confirmation names (the organiser among them)


def recognise_confirmation(message: Message) -> Confirmation | None:
    """The confirmation ``message`` is, or ``None`` for anything else (a lead's reply above all)."""
    text = "\n".join(part for part in (message.subject or "", message.text or "", message.html or "") if part)
    if not _SAYS_BOOKED.search(message.subject or "") and not _SAYS_BOOKED.search(
        (message.text or "")[:2000]
    ):
        return None
    provider, reference = _reference(text)
    sender = _mail_provider(message.lead.email or "")
    if sender is None and reference is None:
        return None  # a lead saying "confirmed" in their own words is a reply, not a confirmation
    emails = tuple(dict.fromkeys(address.lower() for address in _EMAIL.findall(text)))
    return Confirmation(provider or sender or "other", reference, emails[:20])


def _reference(text: str) -> tuple[str | None, str | None]:
    for provider, pattern in _MANAGEMENT_LINKS:
        found = pattern.search(text)
        if found:
            return provider, found.group(1)
    return None, None


def _mail_provider(address: str) -> str | None:
    address = address.strip().lower()
    if address in PROVIDER_MAIL_ADDRESSES:
        return PROVIDER_MAIL_ADDRESSES[address]
    domain = address.rpartition("@")[2].rstrip(".")
    while domain:
        if domain in PROVIDER_MAIL_DOMAINS:
            return PROVIDER_MAIL_DOMAINS[domain]
        _, _, domain = domain.partition(".")
    return None
